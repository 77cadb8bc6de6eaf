//! Per-document token view shared by the extraction passes.

use dixit_text::sentence::{self, Sentence};
use dixit_text::token::{self, QuoteMark, Token, TokenKind};

/// Tokens, sentences and resolved quotation marks of one analysed text.
pub struct Context<'a> {
    /// The analysed text (same offsets as the input).
    pub text: &'a str,
    /// All tokens.
    pub tokens: Vec<Token>,
    /// Sentences as token ranges.
    pub sentences: Vec<Sentence>,
    /// Per token: resolved direction of a quotation mark.
    pub marks: Vec<Option<QuoteMark>>,
    /// Per token: index of its sentence.
    pub sent_of: Vec<u32>,
    /// Per token: quotation depth (0 outside quotes; marks themselves count as outside).
    pub depth: Vec<u8>,
    /// Per sentence: index of its paragraph.
    pub para_of_sent: Vec<u32>,
}

impl<'a> Context<'a> {
    /// Tokenises and splits `text`.
    pub fn new(text: &'a str) -> Self {
        let tokens = token::tokenize(text);
        let sentences = sentence::split_sentences(text, &tokens);
        let marks = sentence::resolve_quote_marks(text, &tokens);
        let mut sent_of = vec![0u32; tokens.len()];
        for (si, s) in sentences.iter().enumerate() {
            for t in s.tokens.clone() {
                if let Some(slot) = sent_of.get_mut(t) {
                    *slot = si as u32;
                }
            }
        }
        let breaks = token::paragraph_breaks(text);
        let mut para_of_sent = Vec::with_capacity(sentences.len());
        let mut para = 0u32;
        let mut bi = 0usize;
        for s in &sentences {
            while bi < breaks.len() && breaks[bi] <= s.start {
                bi += 1;
                para += 1;
            }
            para_of_sent.push(para);
        }
        let mut depth = vec![0u8; tokens.len()];
        let mut d: u8 = 0;
        let mut last_para = u32::MAX;
        for (i, m) in marks.iter().enumerate() {
            let p = para_of_sent.get(sent_of[i] as usize).copied().unwrap_or(0);
            if p != last_para {
                d = 0;
                last_para = p;
            }
            match m {
                Some(QuoteMark::Open) => {
                    depth[i] = d;
                    d = d.saturating_add(1);
                }
                Some(QuoteMark::Close) => {
                    d = d.saturating_sub(1);
                    depth[i] = d;
                }
                _ => depth[i] = d,
            }
        }
        Context {
            text,
            tokens,
            sentences,
            marks,
            sent_of,
            depth,
            para_of_sent,
        }
    }

    /// Text of token `i` ("" when out of range).
    pub fn t(&self, i: usize) -> &'a str {
        match self.tokens.get(i) {
            Some(tok) => tok.text(self.text),
            None => "",
        }
    }

    /// Kind of token `i`.
    pub fn kind(&self, i: usize) -> Option<TokenKind> {
        self.tokens.get(i).map(|t| t.kind)
    }

    /// True when token `i` is a word starting with an uppercase letter.
    pub fn is_cap(&self, i: usize) -> bool {
        matches!(self.kind(i), Some(TokenKind::Word)) && token::is_upper_initial(self.t(i))
    }

    /// True when token `i` is one of `words` (exact, case-sensitive).
    pub fn is(&self, i: usize, words: &[&str]) -> bool {
        let t = self.t(i);
        words.contains(&t)
    }

    /// Lowercase-insensitive comparison of token `i` with an all-lowercase word.
    pub fn is_lc(&self, i: usize, word: &str) -> bool {
        let t = self.t(i);
        t.len() == word.len() && t.eq_ignore_ascii_case(word)
            || (t.chars().count() == word.chars().count() && t.to_lowercase() == word)
    }

    /// True when token `i` is an elided "qu'" or the word "que".
    pub fn is_que(&self, i: usize) -> bool {
        let t = self.t(i);
        t == "que" || t == "qu'" || t == "qu’" || t == "Que" || t == "Qu'" || t == "Qu’"
    }

    /// Byte offset where token `i` starts.
    pub fn start(&self, i: usize) -> usize {
        self.tokens
            .get(i)
            .map_or(self.text.len(), |t| t.start as usize)
    }

    /// Byte offset where token `i` ends.
    pub fn end(&self, i: usize) -> usize {
        self.tokens
            .get(i)
            .map_or(self.text.len(), |t| t.end as usize)
    }

    /// Token range of the sentence holding token `i`.
    pub fn sentence_range(&self, i: usize) -> std::ops::Range<usize> {
        self.sent_of
            .get(i)
            .and_then(|&s| self.sentences.get(s as usize))
            .map_or(i..i + 1, |s| s.tokens.clone())
    }

    /// Paragraph index of token `i`.
    pub fn para(&self, i: usize) -> u32 {
        self.sent_of
            .get(i)
            .and_then(|&s| self.para_of_sent.get(s as usize))
            .copied()
            .unwrap_or(0)
    }

    /// True for a subject clitic after a verb ("-t-il", "-elle"), also when written
    /// without its first hyphen ("a t-elle déclaré").
    pub fn is_clitic(&self, i: usize) -> bool {
        match self.kind(i) {
            Some(TokenKind::Clitic) => true,
            Some(TokenKind::Word) => {
                matches!(self.t(i), "t-il" | "t-elle" | "t-on" | "t-ils" | "t-elles")
                    || (self.t(i) == "t" && matches!(self.kind(i + 1), Some(TokenKind::Clitic)))
            }
            _ => false,
        }
    }

    /// True when token `i` is punctuation `p`.
    pub fn is_punct(&self, i: usize, p: &str) -> bool {
        matches!(self.kind(i), Some(TokenKind::Punct)) && self.t(i) == p
    }

    /// True when token `t` is punctuation that ends a phrase: a comma, a stop, a bracket
    /// or a dash (a hyphen with a space before it, not the one of "60-80").
    pub fn is_phrase_break(&self, t: usize) -> bool {
        match self.t(t) {
            "," | "." | ";" | ":" | "(" | ")" | "—" | "–" | "--" | "!" | "?" => true,
            "-" => self
                .text
                .get(..self.start(t))
                .is_some_and(|b| b.ends_with(char::is_whitespace)),
            _ => false,
        }
    }

    /// True when token `t` ends an apposition or a description: a phrase break
    /// ([`Context::is_phrase_break`]), a quotation mark or the end of the text.
    pub fn closes_apposition(&self, t: usize) -> bool {
        t >= self.tokens.len()
            || self.marks.get(t).copied().flatten().is_some()
            || self.is_phrase_break(t)
    }
}

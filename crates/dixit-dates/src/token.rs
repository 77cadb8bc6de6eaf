//! A small tokeniser made for date expressions: words folded to lowercase ASCII
//! (accents dropped, so "Août", "aout" and "AOÛT" match one pattern), numbers with their
//! value, ordinals ("1er", "2e") and the punctuation that bounds an expression.
//! Apostrophes and hyphens only separate words ("aujourd'hui" → `aujourd` `hui`,
//! "mi-juillet" → `mi` `juillet`), so the patterns need not care how they were written.

/// Longest word folded; longer words cannot be date words and stay unmatched.
const MAX_WORD_BYTES: usize = 32;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters (possibly with digits), folded text in `Tokens::folded`.
    Word,
    /// A run of ASCII digits (at most nine of them).
    Num {
        /// Its value.
        value: u32,
        /// How many digits were written ("07" has two).
        digits: u8,
    },
    /// "1er", "1re", "2e", "2ème", "2nd".
    Ord(u32),
    /// Punctuation that ends a pattern; `'\n'` stands for a line break.
    Punct(char),
}

/// One token: byte range in the text, kind, folded text range, sentence number.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    fs: usize,
    fe: usize,
    /// The word starts with an uppercase letter.
    pub cap: bool,
    /// Sentence index (incremented after `.`, `!`, `?`, `…` and line breaks).
    pub sent: u32,
}

/// The tokens of a text and the folded text they point into.
pub(crate) struct Tokens {
    pub toks: Vec<Tok>,
    folded: String,
}

impl Tokens {
    /// The folded text of token `i` ("" for punctuation and out-of-range indices).
    pub fn folded(&self, i: usize) -> &str {
        self.toks
            .get(i)
            .and_then(|t| self.folded.get(t.fs..t.fe))
            .unwrap_or("")
    }
}

fn is_punct(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '('
            | ')'
            | '['
            | ']'
            | '/'
            | '\n'
            | '«'
            | '»'
            | '"'
            | '“'
            | '”'
            | '…'
            | '–'
            | '—'
            | '|'
    )
}

fn ends_sentence(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '\n')
}

/// Appends the lowercase, accentless form of `s` to `out`.
pub(crate) fn fold_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            'a'..='z' | '0'..='9' => out.push(c),
            'A'..='Z' => out.push(c.to_ascii_lowercase()),
            'à' | 'â' | 'ä' | 'á' | 'À' | 'Â' | 'Ä' | 'Á' => out.push('a'),
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => out.push('e'),
            'î' | 'ï' | 'í' | 'Î' | 'Ï' | 'Í' => out.push('i'),
            'ô' | 'ö' | 'ó' | 'Ô' | 'Ö' | 'Ó' => out.push('o'),
            'ù' | 'û' | 'ü' | 'ú' | 'Ù' | 'Û' | 'Ü' | 'Ú' => out.push('u'),
            'ç' | 'Ç' => out.push('c'),
            'ÿ' | 'Ÿ' => out.push('y'),
            'œ' | 'Œ' => out.push_str("oe"),
            'æ' | 'Æ' => out.push_str("ae"),
            _ => out.extend(c.to_lowercase()),
        }
    }
}

/// Value of an ordinal written with digits and a suffix ("1er", "2e", "3ème", "2nd").
fn ordinal(folded: &str) -> Option<u32> {
    let digits = folded.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 4 {
        return None;
    }
    let (n, suffix) = folded.split_at(digits);
    matches!(suffix, "er" | "re" | "ere" | "e" | "eme" | "nd" | "nde")
        .then(|| n.parse().ok())
        .flatten()
}

/// Splits `text` into tokens in one pass.
pub(crate) fn tokenize(text: &str) -> Tokens {
    let mut toks = Vec::with_capacity(text.len() / 5);
    let mut folded = String::with_capacity(text.len() / 2);
    let mut sent = 0u32;
    let mut word_start: Option<usize> = None;
    let mut push_word = |start: usize, end: usize, sent: u32, toks: &mut Vec<Tok>| {
        let raw = &text[start..end];
        let fs = folded.len();
        let cap = raw.chars().next().is_some_and(char::is_uppercase);
        let kind = if raw.bytes().all(|b| b.is_ascii_digit()) {
            folded.push_str(raw);
            match raw.parse::<u32>() {
                Ok(value) if raw.len() <= 9 => Kind::Num {
                    value,
                    digits: raw.len() as u8,
                },
                _ => Kind::Word,
            }
        } else if raw.len() <= MAX_WORD_BYTES {
            fold_into(raw, &mut folded);
            ordinal(&folded[fs..]).map_or(Kind::Word, Kind::Ord)
        } else {
            Kind::Word
        };
        toks.push(Tok {
            start,
            end,
            kind,
            fs,
            fe: folded.len(),
            cap,
            sent,
        });
    };
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if word_start.is_none() {
                word_start = Some(i);
            }
            continue;
        }
        if let Some(s) = word_start.take() {
            push_word(s, i, sent, &mut toks);
        }
        if is_punct(c) {
            toks.push(Tok {
                start: i,
                end: i + c.len_utf8(),
                kind: Kind::Punct(c),
                fs: 0,
                fe: 0,
                cap: false,
                sent,
            });
            if ends_sentence(c) {
                sent += 1;
            }
        }
    }
    if let Some(s) = word_start {
        push_word(s, text.len(), sent, &mut toks);
    }
    Tokens { toks, folded }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let t = tokenize(text);
        (0..t.toks.len())
            .map(|i| match t.toks[i].kind {
                Kind::Punct(c) => c.to_string(),
                Kind::Num { value, .. } => format!("#{value}"),
                Kind::Ord(n) => format!("o{n}"),
                Kind::Word => t.folded(i).to_string(),
            })
            .collect()
    }

    #[test]
    fn folds_and_splits() {
        assert_eq!(
            words("Aujourd'hui, le 1er AOÛT 2017 à la mi-juillet."),
            [
                "aujourd", "hui", ",", "le", "o1", "aout", "#2017", "a", "la", "mi", "juillet", "."
            ]
        );
        assert_eq!(words("31/01/2017"), ["#31", "/", "#1", "/", "#2017"]);
        assert_eq!(words("2e tour, 21h30"), ["o2", "tour", ",", "21h30"]);
    }

    #[test]
    fn sentences_and_offsets() {
        let text = "Hier. Demain\nmardi";
        let t = tokenize(text);
        let sents: Vec<u32> = t.toks.iter().map(|t| t.sent).collect();
        assert_eq!(sents, [0, 0, 1, 1, 2]);
        for tok in &t.toks {
            assert!(text.get(tok.start..tok.end).is_some());
        }
    }

    #[test]
    fn long_numbers_and_words_are_plain_words() {
        let t = tokenize("12345678901 Anticonstitutionnellementtttttttttttttttt");
        assert_eq!(t.toks[0].kind, Kind::Word);
        assert_eq!(t.folded(1), "");
    }
}

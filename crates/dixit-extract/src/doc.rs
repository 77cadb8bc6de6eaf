//! The analysed document every later stage reads: tokens, sentences and quotation marks
//! ([`Context`]) plus the dependency parse of each sentence, indexed both ways (token →
//! word, word → children, word → subtree bounds).

use crate::context::Context;
use dixit_syntax::{Deprel, Parse, Syntax, Upos, Word};

/// A word of the document: sentence index and word index inside that sentence's parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WordRef {
    /// Sentence.
    pub s: u32,
    /// Word inside the sentence.
    pub w: u32,
}

/// One sentence's parse with the indexes the stages need.
#[derive(Debug, Default)]
pub struct SentSyntax {
    /// The parse (empty when the sentence was not parsed).
    pub parse: Parse,
    /// Global index of the sentence's first token.
    pub tok0: usize,
    /// Per token of the sentence: its first word (`u32::MAX` when none).
    first_word: Vec<u32>,
    /// Children lists in CSR form: `kids[kid_start[w]..kid_start[w + 1]]`.
    kid_start: Vec<u32>,
    kids: Vec<u32>,
    /// First and last word of each word's subtree.
    span_lo: Vec<u32>,
    span_hi: Vec<u32>,
}

impl SentSyntax {
    fn new(parse: Parse, tok0: usize, n_tokens: usize) -> SentSyntax {
        let n = parse.words.len();
        let mut first_word = vec![u32::MAX; n_tokens];
        for (i, w) in parse.words.iter().enumerate() {
            if let Some(slot) = first_word.get_mut(w.token)
                && *slot == u32::MAX
            {
                *slot = i as u32;
            }
        }
        let mut count = vec![0u32; n + 1];
        for w in &parse.words {
            if let Some(h) = w.head.filter(|&h| h < n) {
                count[h + 1] += 1;
            }
        }
        for i in 0..n {
            count[i + 1] += count[i];
        }
        let kid_start = count.clone();
        let mut fill = count;
        let mut kids = vec![0u32; kid_start[n] as usize];
        for (i, w) in parse.words.iter().enumerate() {
            if let Some(h) = w.head.filter(|&h| h < n) {
                kids[fill[h] as usize] = i as u32;
                fill[h] += 1;
            }
        }
        // Subtree bounds: propagate each word's index up its head chain, bounded by the
        // sentence length so that a malformed parse cannot loop.
        let mut span_lo: Vec<u32> = (0..n as u32).collect();
        let mut span_hi: Vec<u32> = (0..n as u32).collect();
        for i in 0..n {
            let mut at = parse.words[i].head;
            let mut steps = 0;
            while let Some(h) = at.filter(|&h| h < n) {
                if steps > n {
                    break;
                }
                let iu = i as u32;
                span_lo[h] = span_lo[h].min(iu);
                span_hi[h] = span_hi[h].max(iu);
                at = parse.words[h].head;
                steps += 1;
            }
        }
        SentSyntax {
            parse,
            tok0,
            first_word,
            kid_start,
            kids,
            span_lo,
            span_hi,
        }
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.parse.words.len()
    }

    /// Number of tokens of the sentence.
    pub fn len_tokens(&self) -> usize {
        self.first_word.len()
    }

    /// The word `w` (a default word when out of range).
    pub fn word(&self, w: usize) -> Option<&Word> {
        self.parse.words.get(w)
    }

    /// Children of word `w`, in order.
    pub fn kids(&self, w: usize) -> &[u32] {
        match (self.kid_start.get(w), self.kid_start.get(w + 1)) {
            (Some(&a), Some(&b)) => self.kids.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// First and last word of the subtree of `w`.
    pub fn bounds(&self, w: usize) -> (usize, usize) {
        (
            self.span_lo.get(w).map_or(w, |&x| x as usize),
            self.span_hi.get(w).map_or(w, |&x| x as usize),
        )
    }

    /// Global token index of word `w`.
    pub fn token(&self, w: usize) -> usize {
        self.tok0 + self.parse.words.get(w).map_or(0, |x| x.token)
    }

    /// First word of the sentence-relative token `t`.
    pub fn word_of_token(&self, t: usize) -> Option<usize> {
        self.first_word
            .get(t)
            .copied()
            .filter(|&w| w != u32::MAX)
            .map(|w| w as usize)
    }

    /// Head of `w`.
    pub fn head(&self, w: usize) -> Option<usize> {
        self.parse.words.get(w).and_then(|x| x.head)
    }

    /// Relation of `w` to its head.
    pub fn rel(&self, w: usize) -> Deprel {
        self.parse
            .words
            .get(w)
            .map_or(Deprel::default(), |x| x.deprel)
    }

    /// Part of speech of `w`.
    pub fn upos(&self, w: usize) -> Upos {
        self.parse.words.get(w).map_or(Upos::X, |x| x.upos)
    }

    /// Lemma of `w` ("" when out of range).
    pub fn lemma(&self, w: usize) -> &str {
        self.parse.words.get(w).map_or("", |x| x.lemma.as_str())
    }

    /// Lowercase form of `w`, as the parser saw it.
    pub fn form(&self, w: usize) -> &str {
        self.parse.words.get(w).map_or("", |x| x.form.as_str())
    }

    /// True when word `w` (the first word of a name) designates the phrase headed by `p`
    /// itself ("le ministre Paul Morin", "le ministre de l'Intérieur Paul Morin"), not a
    /// person named inside it ("le porte-parole du ministre Paul Morin", "la mère du
    /// policier tué par Paul Morin"): no word on the way from `w` up to `p` is a title or
    /// a person noun. A word outside `p`'s subtree (an apposition the parse hung
    /// elsewhere) passes.
    pub fn designates(&self, mut w: usize, p: usize) -> bool {
        let name = w;
        for _ in 0..self.len() {
            if w == p {
                return true;
            }
            if w != name && self.upos(w) == Upos::Noun && is_person_noun(self.form(w)) {
                return false;
            }
            match self.head(w) {
                Some(h) => w = h,
                None => return true,
            }
        }
        true
    }

    /// Children of `w` whose relation has base `rel` (`Nsubj` also finds `nsubj:pass`).
    pub fn kids_by(&self, w: usize, rel: Deprel) -> impl Iterator<Item = usize> + '_ {
        self.kids(w)
            .iter()
            .map(|&k| k as usize)
            .filter(move |&k| self.rel(k).base() == rel)
    }

    /// Tokens of `w` and of the subtrees of its children attached by one of `rels` (base
    /// relations): the raw extent of a phrase, before each caller cuts it at punctuation.
    pub fn phrase_tokens(&self, w: usize, rels: &[Deprel]) -> std::ops::Range<usize> {
        let (mut lo, mut hi) = (w, w);
        for k in self.kids(w).iter().map(|&k| k as usize) {
            if rels.contains(&self.rel(k).base()) {
                let (a, b) = self.bounds(k);
                lo = lo.min(a);
                hi = hi.max(b);
            }
        }
        self.token(lo)..self.token(hi) + 1
    }

    /// The subject of `w` (through a copula or auxiliary head, as UD attaches them).
    pub fn subject(&self, w: usize) -> Option<usize> {
        let mut at = w;
        for _ in 0..3 {
            let direct = self
                .kids(at)
                .iter()
                .map(|&k| k as usize)
                .find(|&k| matches!(self.rel(k).base(), Deprel::Nsubj | Deprel::Csubj));
            if direct.is_some() {
                return direct;
            }
            match (self.rel(at).base(), self.head(at)) {
                (Deprel::Cop | Deprel::Aux, Some(h)) => at = h,
                _ => return None,
            }
        }
        None
    }
}

/// A title or a noun for a person ("ministre", "porte-parole", "policier", "mère").
fn is_person_noun(form: &str) -> bool {
    dixit_lexicon::title_head(form).is_some()
        || dixit_lexicon::noun_info(form)
            .is_some_and(|n| n.class == dixit_lexicon::NounClass::Person)
}

/// True when the sentence over `tokens` may hold reported speech: a quotation mark, an
/// inverted clitic, a reporting-verb form or a source preposition.
fn needs_parse(ctx: &Context, tokens: std::ops::Range<usize>) -> bool {
    let mut window: [&str; 4] = [""; 4];
    for t in tokens.clone() {
        if ctx.marks.get(t).copied().flatten().is_some() || ctx.is_clitic(t) {
            return true;
        }
        let w = ctx.t(t);
        // A cue form after an article is a noun ("la plainte", "les critiques").
        if dixit_lexicon::cue(w).is_some() && !after_article(ctx, t) {
            return true;
        }
        let n = (tokens.end - t).min(4);
        for (slot, k) in window.iter_mut().zip(t..t + n) {
            *slot = ctx.t(k);
        }
        if dixit_lexicon::source_prep_at(&window[..n]).is_some() {
            return true;
        }
    }
    false
}

fn after_article(ctx: &Context, t: usize) -> bool {
    t.checked_sub(1).is_some_and(|p| {
        matches!(
            ctx.t(p).to_lowercase().as_str(),
            "le" | "la"
                | "les"
                | "un"
                | "une"
                | "des"
                | "du"
                | "au"
                | "aux"
                | "ce"
                | "cette"
                | "ces"
                | "son"
                | "sa"
                | "ses"
                | "leur"
                | "leurs"
        )
    })
}

/// Tokens, sentences, marks and the parse of every sentence of one text.
pub struct Doc<'a> {
    /// Tokens, sentences and quotation marks.
    pub ctx: Context<'a>,
    /// One entry per sentence of `ctx`.
    pub syn: Vec<SentSyntax>,
}

impl<'a> Doc<'a> {
    /// Parses the sentences of `ctx` that can report speech and those `wanted` accepts.
    pub fn new(
        ctx: Context<'a>,
        syntax: &Syntax,
        wanted: impl Fn(&Context, usize) -> bool,
    ) -> Doc<'a> {
        let text = ctx.text;
        let mut syn = Vec::with_capacity(ctx.sentences.len());
        for (si, s) in ctx.sentences.iter().enumerate() {
            let toks = ctx.tokens.get(s.tokens.clone()).unwrap_or(&[]);
            // Parsing is most of the cost of extraction: a sentence with no quotation mark,
            // reporting verb, source preposition or inverted clitic holds no quote, and is
            // parsed only when the caller wants it (a name with a title, for roles).
            let parse = if needs_parse(&ctx, s.tokens.clone()) || wanted(&ctx, si) {
                syntax.parse_tokens(text, toks)
            } else {
                Parse::default()
            };
            syn.push(SentSyntax::new(parse, s.tokens.start, toks.len()));
        }
        Doc { ctx, syn }
    }

    /// The parse of sentence `s`.
    pub fn sent(&self, s: usize) -> Option<&SentSyntax> {
        self.syn.get(s)
    }

    /// Sentence index of token `t`.
    pub fn sent_of(&self, t: usize) -> usize {
        self.ctx.sent_of.get(t).copied().unwrap_or(0) as usize
    }

    /// True when a finite verb comes before token `t` in its sentence: a phrase after it
    /// is inside a clause, not fronted before one ("Interrogé par le juge, Paul Morin a
    /// nié": no finite verb before "le juge").
    pub fn finite_verb_before(&self, t: usize) -> bool {
        let Some(ss) = self.sent(self.sent_of(t)) else {
            return false;
        };
        (0..ss.len()).any(|k| {
            ss.token(k) < t
                && matches!(ss.upos(k), Upos::Verb | Upos::Aux)
                && ss
                    .word(k)
                    .and_then(|x| x.feats.verb_form())
                    .is_none_or(|f| f == dixit_syntax::VerbForm::Fin)
        })
    }

    /// The first word of global token `t`.
    pub fn word_at(&self, t: usize) -> Option<WordRef> {
        let s = self.sent_of(t);
        let ss = self.syn.get(s)?;
        let w = ss.word_of_token(t.checked_sub(ss.tok0)?)?;
        Some(WordRef {
            s: s as u32,
            w: w as u32,
        })
    }

    /// True when the phrase over `tokens` is a subject: one of its words is attached as
    /// `nsubj` to a word outside it (the head of a name is its first word in UD, the head
    /// of a description its noun).
    pub fn is_subject(&self, tokens: std::ops::Range<usize>) -> bool {
        tokens.clone().any(|t| {
            self.word_at(t).is_some_and(|r| {
                self.sent(r.s as usize).is_some_and(|ss| {
                    let w = r.w as usize;
                    ss.rel(w).base() == Deprel::Nsubj
                        && ss.head(w).is_none_or(|h| !tokens.contains(&ss.token(h)))
                })
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(token: usize, head: Option<usize>, deprel: Deprel) -> Word {
        Word {
            span: dixit_model::Span::new(0, 0),
            token,
            form: String::new(),
            lemma: String::new(),
            upos: Upos::Noun,
            feats: Default::default(),
            head,
            deprel,
        }
    }

    #[test]
    fn children_and_bounds_follow_heads() {
        // "Paul a dit que oui": dit is root; Paul, a, oui are its children; que under oui.
        let parse = Parse {
            words: vec![
                word(0, Some(2), Deprel::Nsubj),
                word(1, Some(2), Deprel::Aux),
                word(2, None, Deprel::Root),
                word(3, Some(4), Deprel::Mark),
                word(4, Some(2), Deprel::Ccomp),
            ],
        };
        let s = SentSyntax::new(parse, 10, 5);
        assert_eq!(s.kids(2), &[0, 1, 4]);
        assert_eq!(s.kids(4), &[3]);
        assert_eq!(s.bounds(4), (3, 4));
        assert_eq!(s.bounds(2), (0, 4));
        assert_eq!(s.subject(2), Some(0));
        assert_eq!(s.token(4), 14);
        assert_eq!(s.word_of_token(3), Some(3));
    }

    #[test]
    fn cyclic_heads_do_not_loop() {
        let parse = Parse {
            words: vec![
                word(0, Some(1), Deprel::Nsubj),
                word(1, Some(0), Deprel::Root),
            ],
        };
        let s = SentSyntax::new(parse, 0, 2);
        assert_eq!(s.len(), 2);
        let _ = s.bounds(0);
    }
}

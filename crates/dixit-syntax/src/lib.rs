//! French syntax layer: Universal Dependencies part of speech, morphological features, lemmas
//! and a labelled dependency parse of each sentence, from dixit-text tokens or from gold UD
//! words. An averaged-perceptron tagger and a greedy arc-eager parser with a dynamic oracle,
//! both over hashed features, trained by `dixit train syntax`; the shipped model
//! (`models/syntax-fr.bin`, see `models/SYNTAX.md`) is embedded in the binary.
//!
//! ```no_run
//! let syntax = dixit_syntax::Syntax::bundled().expect("model");
//! let parse = syntax.parse_words(&["Il", "parle", "de", "le", "pays", "."]);
//! assert_eq!(parse.words.len(), 6);
//! ```

#![warn(missing_docs)]

pub mod align;
pub mod conllu;
pub mod lemma;
pub mod lexicon;
pub mod model;
pub mod parser;
pub mod tagger;
pub mod train;
pub mod types;

pub use conllu::{UdSentence, UdWord, parse_conllu, read_conllu};
pub use types::{Deprel, FeatField, Feats, Gender, Mood, Number, Person, Tense, Upos, VerbForm};

use dixit_model::Span;
use dixit_text::token::Token;
use model::ModelParts;
use parser::{PWords, ParseScratch};
use std::cell::RefCell;
use std::sync::OnceLock;
use tagger::TagScratch;

/// Errors of this crate.
#[derive(Debug, thiserror::Error)]
pub enum SyntaxError {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A CoNLL-U file is malformed.
    #[error("{path}:{line}: {message}")]
    Conllu {
        /// The file.
        path: String,
        /// One-based line number (0: the sentence as a whole).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A model file is not a dixit syntax model, is of another version, truncated or corrupted.
    #[error("invalid syntax model: {0}")]
    BadModel(String),
    /// Training cannot proceed (no data, bad settings).
    #[error("training: {0}")]
    Train(String),
}

/// One analysed word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Byte span of the token this word comes from (both halves of a contraction share it);
    /// for [`Syntax::parse_words`], the word's place in the forms joined by single spaces.
    pub span: Span,
    /// Index of the source token (or form).
    pub token: usize,
    /// The UD word form ("de" and "le" for "du").
    pub form: String,
    /// Lemma.
    pub lemma: String,
    /// Part of speech.
    pub upos: Upos,
    /// Morphological features.
    pub feats: Feats,
    /// Index of the head word in [`Parse::words`]; `None` for the root.
    pub head: Option<usize>,
    /// Relation to the head (`root` for the root).
    pub deprel: Deprel,
}

/// One analysed sentence: a tree over its words (exactly one root when non-empty).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Parse {
    /// Words in order.
    pub words: Vec<Word>,
}

impl Parse {
    /// Children of word `i`, in order.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.words
            .iter()
            .enumerate()
            .filter(move |(_, w)| w.head == Some(i))
            .map(|(k, _)| k)
    }

    /// Index of the root word.
    pub fn root(&self) -> Option<usize> {
        self.words.iter().position(|w| w.head.is_none())
    }

    /// Children of `i` whose relation is `rel` or one of its subtypes (`Nsubj` finds
    /// `nsubj:pass` too; a subtype finds only itself).
    pub fn dependents_by(&self, i: usize, rel: Deprel) -> impl Iterator<Item = usize> + '_ {
        self.children(i).filter(move |&k| {
            let d = self.words[k].deprel;
            d == rel || (rel.base() == rel && d.base() == rel)
        })
    }

    /// Subject of word `i` (`nsubj`, `nsubj:pass`, `csubj`…); for a copula or auxiliary,
    /// the subject of its head.
    pub fn subject_of(&self, i: usize) -> Option<usize> {
        let mut at = i;
        for _ in 0..2 {
            let found = self
                .children(at)
                .find(|&k| matches!(self.words[k].deprel.base(), Deprel::Nsubj | Deprel::Csubj));
            if found.is_some() {
                return found;
            }
            let w = self.words.get(at)?;
            match (w.deprel.base(), w.head) {
                (Deprel::Cop | Deprel::Aux, Some(h)) => at = h,
                _ => return None,
            }
        }
        None
    }

    /// Indices of the subtree of `i` (itself included), in order.
    pub fn subtree(&self, i: usize) -> Vec<usize> {
        let mut inside = vec![false; self.words.len()];
        if let Some(x) = inside.get_mut(i) {
            *x = true;
        }
        // Heads precede or follow: iterate until no change (depth is small in practice).
        let mut changed = true;
        while changed {
            changed = false;
            for (k, w) in self.words.iter().enumerate() {
                if !inside[k]
                    && let Some(h) = w.head
                    && inside.get(h).copied().unwrap_or(false)
                {
                    inside[k] = true;
                    changed = true;
                }
            }
        }
        (0..self.words.len()).filter(|&k| inside[k]).collect()
    }

    /// Byte span of the phrase headed by `i`: its subtree without punctuation at either end.
    pub fn phrase_span(&self, i: usize) -> Option<Span> {
        let sub = self.subtree(i);
        let keep: Vec<usize> = sub
            .iter()
            .copied()
            .skip_while(|&k| self.words[k].upos == Upos::Punct && k != i)
            .collect();
        let mut end = keep.len();
        while end > 0 && self.words[keep[end - 1]].upos == Upos::Punct && keep[end - 1] != i {
            end -= 1;
        }
        let keep = &keep[..end];
        let first = self.words.get(*keep.first()?)?;
        let last = self.words.get(*keep.last()?)?;
        Some(Span::new(
            first.span.start,
            last.span.end.max(first.span.start),
        ))
    }

    /// True when every word has a head inside the sentence, exactly one word is the root,
    /// and following heads from any word reaches the root (no cycle).
    pub fn is_tree(&self) -> bool {
        let n = self.words.len();
        if n == 0 {
            return true;
        }
        if self.words.iter().filter(|w| w.head.is_none()).count() != 1 {
            return false;
        }
        for start in 0..n {
            let mut at = start;
            let mut steps = 0;
            while let Some(h) = self.words[at].head {
                if h >= n || steps > n {
                    return false;
                }
                at = h;
                steps += 1;
            }
        }
        true
    }
}

/// Annotation style to reproduce: the treebanks disagree on some conventions (Number on
/// numerals, Gender on proper nouns and invariable participles, `ne` as ADV or PART), and the
/// model learns each style. Sequoia's is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[repr(u8)]
pub enum Style {
    /// UD French-Sequoia.
    #[default]
    Sequoia = 0,
    /// UD French-GSD.
    Gsd = 1,
    /// UD French-ParTUT.
    Partut = 2,
}

impl Style {
    /// Style of a treebank named in a file name (`fr_gsd-ud-dev.conllu` → GSD); Sequoia when
    /// the name says nothing.
    pub fn from_name(name: &str) -> Style {
        let n = name.to_lowercase();
        if n.contains("gsd") {
            Style::Gsd
        } else if n.contains("partut") {
            Style::Partut
        } else {
            Style::Sequoia
        }
    }

    /// Style of a code (unknown codes: Sequoia).
    pub fn from_u8(c: u8) -> Style {
        match c {
            1 => Style::Gsd,
            2 => Style::Partut,
            _ => Style::Sequoia,
        }
    }

    /// Parses `sequoia`, `gsd` or `partut`.
    pub fn parse(s: &str) -> Option<Style> {
        match s.to_lowercase().as_str() {
            "sequoia" => Some(Style::Sequoia),
            "gsd" => Some(Style::Gsd),
            "partut" => Some(Style::Partut),
            _ => None,
        }
    }
}

/// Loaded tagger, parser and lemmatiser (`Send + Sync`: share one across threads).
#[derive(Clone)]
pub struct Syntax {
    parts: ModelParts,
    style: Style,
}

impl std::fmt::Debug for Syntax {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Syntax")
            .field("lexicon", &self.parts.lexicon.map.len())
            .field("upos_features", &self.parts.tagger.upos.len())
            .field("morph_features", &self.parts.tagger.morph.len())
            .field("transition_features", &self.parts.parser.trans.len())
            .field("relation_features", &self.parts.parser.labels.len())
            .finish()
    }
}

static EMBEDDED_BYTES: &[u8] = include_bytes!("../../../models/syntax-fr.bin");
static NEXT_UID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A fresh identity for a weight set, so that per-thread caches never mix two models.
fn next_uid() -> u64 {
    NEXT_UID.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}
static SHARED: OnceLock<Result<Syntax, String>> = OnceLock::new();

struct Scratch {
    tag: TagScratch,
    parse: ParseScratch,
    upos: Vec<Upos>,
    feats: Vec<Feats>,
    pw: PWords,
    heads: Vec<usize>,
    rels: Vec<Deprel>,
    lower: String,
    passive: Vec<bool>,
    /// Lemma and lexical feature bits by (form, UPOS), for the model `lemma_uid`.
    lemma_cache: dixit_learn::HashedMap<(String, u32)>,
    lemma_uid: u64,
}

/// Entries of the per-thread lemma cache before it is emptied.
const LEMMA_CACHE_MAX: usize = 1 << 16;

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch {
        tag: TagScratch::default(),
        parse: ParseScratch::default(),
        upos: Vec::new(),
        feats: Vec::new(),
        pw: PWords::default(),
        heads: Vec::new(),
        rels: Vec::new(),
        lower: String::new(),
        passive: Vec::new(),
        lemma_cache: Default::default(),
        lemma_uid: 0,
    });
}

/// Morphology code the parser sees: gender, number, person and verb form.
#[inline]
fn parser_morph(f: Feats) -> u8 {
    (f.0 & 0xFF) as u8
}

/// A raw analysis of words: tags, lemmas, heads (0 = root, else 1-based) and relations.
pub(crate) struct Analysis {
    pub upos: Vec<Upos>,
    pub feats: Vec<Feats>,
    pub lemmas: Vec<String>,
    pub heads: Vec<usize>,
    pub rels: Vec<Deprel>,
}

impl Syntax {
    /// The model embedded in the binary; an error (never a panic) if it does not decode.
    pub fn bundled() -> Result<Syntax, SyntaxError> {
        Syntax::from_bytes(EMBEDDED_BYTES)
    }

    /// The embedded model, decoded once per process and shared.
    pub fn shared() -> Result<&'static Syntax, SyntaxError> {
        SHARED
            .get_or_init(|| Syntax::bundled().map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| SyntaxError::BadModel(e.clone()))
    }

    /// A model from bytes (tests, `--model FILE`).
    pub fn from_bytes(bytes: &[u8]) -> Result<Syntax, SyntaxError> {
        Ok(Syntax::from_parts(ModelParts::from_bytes(bytes)?))
    }

    /// Wraps trained parts.
    pub fn from_parts(mut parts: ModelParts) -> Syntax {
        parts.tagger.uid = next_uid();
        Syntax {
            parts,
            style: Style::default(),
        }
    }

    /// The same model reproducing another annotation style.
    pub fn with_style(mut self, style: Style) -> Syntax {
        self.style = style;
        self
    }

    /// The same model with the speed shortcuts off (every feature scored), to measure what
    /// they cost and save.
    pub fn without_shortcuts(mut self) -> Syntax {
        self.parts.tagger.margins = tagger::Margins::default();
        self.parts.tagger.uid = next_uid();
        self
    }

    /// The annotation style reproduced.
    pub fn style(&self) -> Style {
        self.style
    }

    /// The model's parts.
    pub fn parts(&self) -> &ModelParts {
        &self.parts
    }

    /// True when `form` can only be a verb, conjugated or infinitive: the conjugator knows
    /// it as one ("appelle", "annoncent", "prononcer") and the treebanks tagged it nothing
    /// else ("président" is a noun too, "des" a determiner). Participles, which are
    /// adjectives as often, are not.
    pub fn is_verb_only(&self, form: &str) -> bool {
        let mut norm = String::with_capacity(form.len());
        dixit_learn::normalise_into(form, &mut norm);
        let e = self.parts.lexicon.get(dixit_learn::word_key(&norm));
        let finite = dixit_lexicon::Tense::ALL.iter().any(|&t| {
            (t.is_finite() || t == dixit_lexicon::Tense::Infinitif) && lexicon::has_tense(e.verb, t)
        });
        let verbal = (1 << Upos::Verb as u32) | (1 << Upos::Aux as u32);
        finite && e.amb & !verbal == 0
    }

    /// Serialises the model.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.parts.to_bytes()
    }

    /// Training command and notes stored in the model.
    pub fn meta(&self) -> &str {
        &self.parts.meta
    }

    fn tag_into(&self, forms: &[&str], style: Style, s: &mut Scratch) {
        self.parts.tagger.tag_forms(
            forms,
            &self.parts.lexicon,
            style as u8,
            &mut s.tag,
            &mut s.upos,
            &mut s.feats,
        );
    }

    fn analyse_in(&self, forms: &[&str], style: Style, s: &mut Scratch, tagged: bool) -> Analysis {
        if s.lemma_uid != self.parts.tagger.uid {
            s.lemma_uid = self.parts.tagger.uid;
            s.lemma_cache.clear();
        }
        if !tagged {
            self.tag_into(forms, style, s);
        }
        let p = &self.parts;
        s.pw.reset();
        for (i, t) in s.tag.toks.iter().enumerate() {
            let u = s.upos.get(i).copied().unwrap_or_default();
            let f = s.feats.get(i).copied().unwrap_or_default();
            s.pw.push(t.word, u, t.lex.fine, parser_morph(f));
        }
        p.parser
            .parse(&s.pw, &mut s.parse, &mut s.heads, &mut s.rels);
        let mut lemmas = Vec::with_capacity(forms.len());
        let mut feats = Vec::with_capacity(forms.len());
        let pred_mask = types::predicted_mask();
        // A passive participle is one with a passive auxiliary.
        s.passive.clear();
        s.passive.resize(forms.len(), false);
        for (&h, &r) in s.heads.iter().zip(&s.rels) {
            if r == Deprel::AuxPass
                && let Some(x) = h.checked_sub(1).and_then(|k| s.passive.get_mut(k))
            {
                *x = true;
            }
        }
        let voice = types::FIELDS[12];
        for (i, form) in forms.iter().enumerate() {
            let u = s.upos.get(i).copied().unwrap_or_default();
            // Lemma and lexical features depend on the form and the UPOS only: cached.
            let key = dixit_learn::hash::f2(7, dixit_learn::hash::bytes(form.as_bytes()), u as u64);
            let rest = match s.lemma_cache.get(&key) {
                Some((lemma, rest)) => {
                    lemmas.push(lemma.clone());
                    *rest
                }
                None => {
                    s.lower.clear();
                    for c in form.chars() {
                        if c == '\u{2019}' {
                            s.lower.push('\'');
                        } else {
                            s.lower.extend(c.to_lowercase());
                        }
                    }
                    let inf = s.tag.toks.get(i).and_then(|t| p.lexicon.infinitive(&t.lex));
                    let (lemma, rest) = p.lemmas.analyse(form, &s.lower, u, inf);
                    if s.lemma_cache.len() >= LEMMA_CACHE_MAX {
                        s.lemma_cache.clear();
                    }
                    s.lemma_cache.insert(key, (lemma.clone(), rest));
                    lemmas.push(lemma);
                    rest
                }
            };
            let predicted = s.feats.get(i).map_or(0, |f| f.0) & pred_mask;
            let mut f = predicted | (rest & !pred_mask);
            if s.passive.get(i).copied().unwrap_or(false) {
                f = voice.set(f, 2);
            } else if voice.get(f) == 2 {
                f = voice.set(f, 0);
            }
            feats.push(Feats(f));
        }
        Analysis {
            upos: s.upos.clone(),
            feats,
            lemmas,
            heads: s.heads.clone(),
            rels: s.rels.clone(),
        }
    }

    /// Analyses pre-split UD word forms; returns tags, lemmas, heads (0 = root) and relations.
    pub(crate) fn analyse(&self, forms: &[&str]) -> Analysis {
        self.analyse_styled(forms, self.style)
    }

    /// [`Syntax::analyse`] in another annotation style.
    pub(crate) fn analyse_styled(&self, forms: &[&str], style: Style) -> Analysis {
        SCRATCH.with(|s| {
            let mut s = s.borrow_mut();
            self.analyse_in(forms, style, &mut s, false)
        })
    }

    /// Analyses pre-split UD word forms (gold-tokenised CoNLL-U).
    pub fn parse_words(&self, forms: &[&str]) -> Parse {
        let a = self.analyse(forms);
        let mut pos = 0usize;
        let spans: Vec<Span> = forms
            .iter()
            .map(|f| {
                let s = Span::new(pos, pos + f.len());
                pos += f.len() + 1;
                s
            })
            .collect();
        build(forms, a, |i| (spans[i], i))
    }

    /// Analyses one sentence of `text` given as dixit-text tokens (already split by
    /// `dixit_text::sentence`): maps tokens to UD words (contractions become two words, `des`
    /// as the tagger reads it), tags and parses them.
    pub fn parse_tokens(&self, text: &str, tokens: &[Token]) -> Parse {
        SCRATCH.with(|s| {
            let mut guard = s.borrow_mut();
            let s = &mut *guard;
            let mut forms: Vec<String> = Vec::with_capacity(tokens.len() + 4);
            let mut origin: Vec<usize> = Vec::with_capacity(tokens.len() + 4);
            let mut des: Vec<usize> = Vec::new();
            for (k, t) in tokens.iter().enumerate() {
                let tx = t.text(text);
                match align::split(tx) {
                    align::Split::One => {
                        forms.push(tx.to_string());
                        origin.push(k);
                    }
                    align::Split::Two(a, b) => {
                        forms.push(a);
                        origin.push(k);
                        forms.push(b);
                        origin.push(k);
                    }
                    align::Split::Des => {
                        des.push(forms.len());
                        forms.push(tx.to_string());
                        origin.push(k);
                    }
                }
            }
            let mut tagged = false;
            if !des.is_empty() {
                // The tagger reads "des" whole: ADP means "de les", anything else the article.
                let view: Vec<&str> = forms.iter().map(String::as_str).collect();
                self.tag_into(&view, self.style, s);
                let split: Vec<usize> = des
                    .iter()
                    .copied()
                    .filter(|&i| s.upos.get(i) == Some(&Upos::Adp))
                    .collect();
                // The tags of the other words stand (the tagger learned them with "des"
                // whole); "de les" gets the tags of the contraction's two words.
                let les = Feats::parse("Number=Plur");
                for &i in split.iter().rev() {
                    let (a, b) = align::des_words(&forms[i]);
                    let (ia, ib) = (
                        s.tag.word_info(&a, &self.parts.lexicon),
                        s.tag.word_info(&b, &self.parts.lexicon),
                    );
                    forms[i] = a;
                    forms.insert(i + 1, b);
                    origin.insert(i + 1, origin[i]);
                    if let (Some(u), Some(f), Some(t)) =
                        (s.upos.get_mut(i), s.feats.get_mut(i), s.tag.toks.get_mut(i))
                    {
                        (*u, *f, *t) = (Upos::Adp, Feats::EMPTY, ia);
                    }
                    s.upos.insert(i + 1, Upos::Det);
                    s.feats.insert(i + 1, les);
                    s.tag.toks.insert(i + 1, ib);
                }
                tagged = true;
            }
            let view: Vec<&str> = forms.iter().map(String::as_str).collect();
            let a = self.analyse_in(&view, self.style, s, tagged);
            build(&view, a, |i| {
                let k = origin[i];
                (tokens.get(k).map_or(Span::new(0, 0), Token::span), k)
            })
        })
    }
}

fn build(forms: &[&str], a: Analysis, place: impl Fn(usize) -> (Span, usize)) -> Parse {
    let mut lemmas = a.lemmas.into_iter();
    let words = forms
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let (span, token) = place(i);
            let h = a.heads.get(i).copied().unwrap_or(0);
            Word {
                span,
                token,
                form: (*f).to_string(),
                lemma: lemmas.next().unwrap_or_default(),
                upos: a.upos.get(i).copied().unwrap_or_default(),
                feats: a.feats.get(i).copied().unwrap_or_default(),
                head: h.checked_sub(1),
                deprel: a.rels.get(i).copied().unwrap_or_default(),
            }
        })
        .collect();
    Parse { words }
}

/// Tags and parses gold-tokenised CoNLL-U text with `syntax`: every word line gets the
/// predicted LEMMA, UPOS, FEATS, HEAD and DEPREL; all other lines and columns are kept.
pub fn parse_conllu_text(syntax: &Syntax, text: &str, origin: &str) -> Result<String, SyntaxError> {
    let sents = parse_conllu(text, origin)?;
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for s in &sents {
        let forms = s.forms();
        let a = syntax.analyse(&forms);
        conllu::write_predictions(
            s,
            |i| conllu::Prediction {
                lemma: a.lemmas.get(i).map_or("_", String::as_str),
                upos: a.upos.get(i).copied().unwrap_or_default(),
                feats: a.feats.get(i).copied().unwrap_or_default(),
                head: a.heads.get(i).copied().unwrap_or(0),
                deprel: a.rels.get(i).copied().unwrap_or_default(),
            },
            &mut out,
        );
    }
    Ok(out)
}

/// Analyses raw text: tokenises, splits sentences, parses each, and writes CoNLL-U with
/// `# sent_id`, `# text` and multiword-token ranges for contractions.
pub fn parse_text_to_conllu(syntax: &Syntax, text: &str, doc: &str) -> String {
    let tokens = dixit_text::token::tokenize(text);
    let sents = dixit_text::sentence::split_sentences(text, &tokens);
    let mut out = String::new();
    for (k, s) in sents.iter().enumerate() {
        let toks = tokens.get(s.tokens.clone()).unwrap_or_default();
        let parse = syntax.parse_tokens(text, toks);
        out.push_str(&format!("# sent_id = {doc}-{}\n", k + 1));
        let raw = text.get(s.start as usize..s.end as usize).unwrap_or("");
        let one_line: String = raw
            .chars()
            .map(|c| {
                if c == '\n' || c == '\r' || c == '\t' {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        out.push_str(&format!("# text = {one_line}\n"));
        write_parse(&parse, text, &mut out);
        out.push('\n');
    }
    out
}

/// Writes a parse as CoNLL-U word lines, with a range line before each contraction;
/// `SpaceAfter=No` goes on the line of the token (the range line of a contraction).
pub fn write_parse(parse: &Parse, text: &str, out: &mut String) {
    let n = parse.words.len();
    let mut i = 0;
    while i < n {
        let w = &parse.words[i];
        let mut j = i + 1;
        while j < n && parse.words[j].token == w.token {
            j += 1;
        }
        let glued = parse
            .words
            .get(j)
            .is_some_and(|next| next.span.start == w.span.end);
        let misc = if glued { "SpaceAfter=No" } else { "_" };
        if j - i > 1 {
            let surface = text.get(w.span.start..w.span.end).unwrap_or(&w.form);
            out.push_str(&format!(
                "{}-{}\t{}\t_\t_\t_\t_\t_\t_\t_\t{misc}\n",
                i + 1,
                j,
                clean(surface)
            ));
        }
        for k in i..j {
            let w = &parse.words[k];
            out.push_str(&format!(
                "{}\t{}\t{}\t{}\t_\t{}\t{}\t{}\t_\t{}\n",
                k + 1,
                clean(&w.form),
                clean(&w.lemma),
                w.upos,
                w.feats,
                w.head.map_or(0, |h| h + 1),
                w.deprel,
                if j - i > 1 { "_" } else { misc }
            ));
        }
        i = j;
    }
}

/// A CoNLL-U field: no tabs or line breaks, never empty.
fn clean(s: &str) -> String {
    let c: String = s
        .chars()
        .map(|c| {
            if c == '\t' || c == '\n' || c == '\r' {
                ' '
            } else {
                c
            }
        })
        .collect();
    if c.is_empty() { "_".to_string() } else { c }
}

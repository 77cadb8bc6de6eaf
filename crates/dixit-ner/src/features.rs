//! Feature extraction shared by training and inference: every feature is a 64-bit hash of a
//! template id and the values it looks at, so no strings are built per feature.

use crate::Tag;
use dixit_learn::hash::{bytes, f1, f2, f3};

pub use dixit_learn::{HashedMap, normalise_into, word_key};

/// Feature-set switches recorded in the model, so a model is always decoded with the
/// features it was trained with.
pub mod flags {
    /// Word clusters at ±2.
    pub const CLUSTERS: u32 = 1;
    /// Name-list (gazetteer) membership at ±1.
    pub const GAZETTEER: u32 = 2;
    /// Capitalisation profile of the word in unlabelled text.
    pub const CASE_PROFILE: u32 = 4;
    /// Word bigrams around the token.
    pub const BIGRAMS: u32 = 8;
    /// Tag history features (previous tags, previous tag × word).
    pub const HISTORY: u32 = 16;
    /// Affixes of the neighbours, word length, runs of capitalised words.
    pub const RICH: u32 = 32;
}

/// What the lexicon knows about a lowercased word: clusters, capitalisation profile, lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LexEntry {
    /// Coarse cluster + 1 (0: none).
    pub c1: u16,
    /// Fine cluster + 1 (0: none).
    pub c2: u16,
    /// Capitalisation profile bucket + 1 (0: unknown).
    pub case: u8,
    /// Name-list bits.
    pub gaz: u8,
}

/// Word-level knowledge shipped inside the model, keyed by the hash of the normalised word.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Entries by [`word_key`].
    pub map: HashedMap<LexEntry>,
}

impl Lexicon {
    /// Entry of a word key.
    #[inline]
    pub fn get(&self, key: u64) -> LexEntry {
        self.map.get(&key).copied().unwrap_or_default()
    }
}

/// Per-token values the templates combine.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokInfo {
    word: u64,
    shape: u64,
    pre: [u64; 4],
    suf: [u64; 4],
    lex: LexEntry,
    /// 1 when the first character is uppercase.
    cap: u8,
    /// Length bucket of the token in characters.
    len: u8,
}

/// Padding values for positions outside the sentence, distinct per offset.
const PAD: [u64; 4] = [
    0x1111_1111_1111_1111,
    0x2222_2222_2222_2222,
    0x3333_3333_3333_3333,
    0x4444_4444_4444_4444,
];

/// Reusable buffers for one sentence.
#[derive(Debug, Default)]
pub struct Extractor {
    toks: Vec<TokInfo>,
    buf: String,
    shape: String,
}

fn shape_of(token: &str, out: &mut String) {
    out.clear();
    let mut last = '\0';
    let mut n = 0;
    for c in token.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if k != last {
            out.push(k);
            last = k;
            n += 1;
            if n >= 8 {
                break;
            }
        }
    }
}

impl Extractor {
    /// Computes per-token values for a sentence.
    pub fn prepare(&mut self, tokens: &[&str], lex: &Lexicon) {
        self.toks.clear();
        for t in tokens {
            let info = self.token_info(t, lex);
            self.toks.push(info);
        }
    }

    #[inline]
    fn word(&self, i: usize, off: isize) -> u64 {
        let j = i as isize + off;
        if j < 0 {
            PAD[(-off - 1).clamp(0, 1) as usize]
        } else {
            self.toks
                .get(j as usize)
                .map_or(PAD[(off + 1).clamp(2, 3) as usize], |t| t.word)
        }
    }

    #[inline]
    fn shape(&self, i: usize, off: isize) -> u64 {
        let j = i as isize + off;
        if j < 0 {
            PAD[(-off - 1).clamp(0, 1) as usize] ^ 5
        } else {
            self.toks
                .get(j as usize)
                .map_or(PAD[(off + 1).clamp(2, 3) as usize] ^ 5, |t| t.shape)
        }
    }

    #[inline]
    fn lex(&self, i: usize, off: isize) -> Option<LexEntry> {
        let j = i as isize + off;
        if j < 0 {
            None
        } else {
            self.toks.get(j as usize).map(|t| t.lex)
        }
    }

    /// Pushes the features of token `i` that do not depend on predicted tags: the unigram
    /// features of each token in the ±2 window, then the context features.
    pub fn static_features(&self, i: usize, fl: u32, out: &mut Vec<u64>) {
        if i >= self.toks.len() {
            return;
        }
        for off in -2isize..=2 {
            let j = i as isize + off;
            if j >= 0
                && let Some(t) = self.toks.get(j as usize)
            {
                unigram_features(t, off, fl, out);
            }
        }
        self.context_features(i, fl, out);
    }

    /// Features of token `i` that look at several tokens or at the position (everything
    /// but [`unigram_features`]).
    pub fn context_features(&self, i: usize, fl: u32, out: &mut Vec<u64>) {
        let Some(t) = self.toks.get(i) else { return };
        for off in [-2isize, -1, 1, 2] {
            let j = i as isize + off;
            if j < 0 || j as usize >= self.toks.len() {
                let o = (off + 2) as usize;
                out.push(f1(WORD_T[o], self.word(i, off)));
                out.push(f1(SHAPE_T[o], self.shape(i, off)));
            }
        }
        let s0 = t.shape;
        let sm1 = self.shape(i, -1);
        let sp1 = self.shape(i, 1);
        out.push(f3(21, sm1, s0, sp1));
        out.push(f2(22, u64::from(i == 0), s0));
        if fl & flags::BIGRAMS != 0 {
            out.push(f2(19, self.word(i, -1), t.word));
            out.push(f2(20, t.word, self.word(i, 1)));
            out.push(f2(23, self.word(i, -1), s0));
            out.push(f2(24, s0, self.word(i, 1)));
        }
        if fl & flags::CLUSTERS != 0 {
            let c = |off| self.lex(i, off).map_or(0xFFFF, |l| u64::from(l.c2));
            out.push(f3(44, c(-1), c(0), s0));
        }
        if fl & flags::RICH != 0 && t.cap == 1 {
            // Run of capitalised tokens around i (names, titles of works, organisations).
            let capped = |j: usize| self.toks.get(j).is_some_and(|x| x.cap == 1);
            let mut a = i;
            while a > 0 && capped(a - 1) {
                a -= 1;
            }
            let mut b = i + 1;
            while capped(b) {
                b += 1;
            }
            let len = (b - a).min(4) as u64;
            let pos = u64::from(i == a) | (u64::from(i + 1 == b) << 1);
            out.push(f3(70, len, pos, u64::from(a == 0)));
        }
        if fl & flags::CASE_PROFILE != 0 {
            out.push(f3(
                45,
                u64::from(t.lex.case),
                u64::from(t.cap),
                u64::from(i == 0),
            ));
            if let Some(l) = self.lex(i, 1) {
                out.push(f2(46, u64::from(l.case), s0));
            }
        }
    }

    /// Per-token values of a token (what [`Extractor::prepare`] computes for each).
    pub fn token_info(&mut self, token: &str, lex: &Lexicon) -> TokInfo {
        normalise_into(token, &mut self.buf);
        let word = word_key(&self.buf);
        let mut info = TokInfo {
            word,
            lex: lex.get(word),
            cap: u8::from(token.chars().next().is_some_and(char::is_uppercase)),
            len: match token.chars().count() {
                0..=3 => 0,
                4..=5 => 1,
                6..=8 => 2,
                _ => 3,
            },
            ..TokInfo::default()
        };
        let mut k = 0;
        for (i, _) in self.buf.char_indices().skip(1).take(4) {
            info.pre[k] = bytes(&self.buf.as_bytes()[..i]);
            k += 1;
        }
        if k < 4 {
            info.pre[k] = word;
        }
        for (k, (i, _)) in self.buf.char_indices().rev().take(4).enumerate() {
            info.suf[k] = bytes(&self.buf.as_bytes()[i..]);
        }
        shape_of(token, &mut self.shape);
        info.shape = bytes(self.shape.as_bytes());
        info
    }

    /// Forgets the prepared sentence.
    pub fn clear(&mut self) {
        self.toks.clear();
    }

    /// Appends one prepared token.
    pub fn push(&mut self, info: TokInfo) {
        self.toks.push(info);
    }

    /// Features of token `i` given the two previous predicted tags (`None`: before the
    /// sentence): two tag-only features, then two that pair the previous tag with the token.
    #[inline]
    pub fn history_features(&self, i: usize, p1: Option<Tag>, p2: Option<Tag>, out: &mut [u64; 4]) {
        let a = p1.map_or(START, |t| t as u64);
        let b = p2.map_or(START, |t| t as u64);
        out[0] = f1(50, a);
        out[1] = f2(51, b, a);
        let [c, d] = self.history_word_features(i, p1);
        out[2] = c;
        out[3] = d;
    }

    /// The two history features that involve token `i`.
    #[inline]
    pub fn history_word_features(&self, i: usize, p1: Option<Tag>) -> [u64; 2] {
        let (w, s) = self.toks.get(i).map_or((0, 0), |t| (t.word, t.shape));
        let a = p1.map_or(START, |t| t as u64);
        [f2(52, a, w), f2(53, a, s)]
    }
}

/// History value standing for "before the sentence".
pub const START: u64 = 99;

/// The two tag-only history features for tag values `p1`, `p2` (tag index or [`START`]).
pub fn history_tag_features(p1: u64, p2: u64) -> [u64; 2] {
    [f1(50, p1), f2(51, p2, p1)]
}

/// Word templates by offset + 2.
const WORD_T: [u32; 5] = [4, 2, 1, 3, 5];
/// Shape templates by offset + 2.
const SHAPE_T: [u32; 5] = [9, 7, 6, 8, 10];

/// Features that depend only on one token and its offset `off` (−2..=2) from the position
/// being tagged; inference caches their summed weights per word form.
pub fn unigram_features(t: &TokInfo, off: isize, fl: u32, out: &mut Vec<u64>) {
    let o = (off + 2).clamp(0, 4) as usize;
    out.push(f1(WORD_T[o], t.word));
    out.push(f1(SHAPE_T[o], t.shape));
    if off == 0 {
        out.push(f1(0, 1));
        for (k, &p) in t.pre.iter().enumerate() {
            if p != 0 {
                out.push(f1(11 + k as u32, p));
            }
        }
        for (k, &s) in t.suf.iter().enumerate() {
            if s != 0 {
                out.push(f1(15 + k as u32, s));
            }
        }
    }
    if fl & flags::CLUSTERS != 0 {
        if t.lex.c1 != 0 {
            out.push(f1(30 + o as u32, u64::from(t.lex.c1)));
        }
        if t.lex.c2 != 0 {
            out.push(f1(35 + o as u32, u64::from(t.lex.c2)));
        }
    }
    if fl & flags::RICH != 0 {
        if off == 0 {
            out.push(f2(60, u64::from(t.len), u64::from(t.cap)));
        } else if off == -1 || off == 1 {
            out.push(f1(61 + o as u32, t.suf[1]));
            out.push(f1(66 + o as u32, t.suf[2]));
        }
    }
    if fl & flags::GAZETTEER != 0 && (-1..=1).contains(&off) {
        let mut g = t.lex.gaz;
        while g != 0 {
            let bit = g.trailing_zeros();
            g &= g - 1;
            out.push(f2(40 + (off + 1) as u32, u64::from(bit), u64::from(t.cap)));
        }
    }
}

/// Tokens that are never part of an entity: quotation marks and semicolons (in WikiNEuRal,
/// 4 of 1,020 guillemets and none of 5,046 straight quotes or 205 semicolons are). Forcing
/// `O` on them stops a name from running into the quotation that follows it.
#[inline]
pub fn never_entity(token: &str) -> bool {
    matches!(token, "«" | "»" | "\"" | "“" | "”" | ";")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_collapse_runs() {
        let mut s = String::new();
        shape_of("Jean-Luc", &mut s);
        assert_eq!(s, "Xx-Xx");
        shape_of("ONU", &mut s);
        assert_eq!(s, "X");
        shape_of("1984", &mut s);
        assert_eq!(s, "d");
    }

    #[test]
    fn features_depend_on_context() {
        let lex = Lexicon::default();
        let mut e = Extractor::default();
        let mut a = Vec::new();
        let mut b = Vec::new();
        e.prepare(&["à", "Paris", "."], &lex);
        e.static_features(1, flags::BIGRAMS, &mut a);
        e.prepare(&["M.", "Paris", "."], &lex);
        e.static_features(1, flags::BIGRAMS, &mut b);
        assert_eq!(a.len(), b.len());
        let shared = a.iter().filter(|f| b.contains(f)).count();
        assert!(shared > 5 && shared < a.len(), "{shared} of {}", a.len());
    }
}

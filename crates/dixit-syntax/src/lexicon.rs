//! Word-level knowledge shipped in the model, keyed by the hash of the normalised form:
//! clusters learned from unlabelled text, the set of tags a word had in the training data
//! (its ambiguity class), and what the conjugator says the word can be as a verb form.

use dixit_learn::hash::bytes;
use dixit_learn::{HashedMap, normalise_into, word_key};
use dixit_lexicon::Tense as CTense;

/// Verb-analysis bits: one per conjugator tense (bits 0..11), persons (11..14), numbers
/// (14..16), participle genders (16..18).
pub mod verb_bits {
    /// Any person-1 analysis.
    pub const P1: u32 = 1 << 11;
    /// Any person-2 analysis.
    pub const P2: u32 = 1 << 12;
    /// Any person-3 analysis.
    pub const P3: u32 = 1 << 13;
    /// Any singular analysis.
    pub const SG: u32 = 1 << 14;
    /// Any plural analysis.
    pub const PL: u32 = 1 << 15;
    /// A masculine participle.
    pub const MASC: u32 = 1 << 16;
    /// A feminine participle.
    pub const FEM: u32 = 1 << 17;
}

/// Verb-analysis bits of one conjugated form.
pub fn form_bits(f: &dixit_lexicon::Form) -> u32 {
    let mut b = 1u32 << (f.tense as u32);
    match f.person {
        Some(1) => b |= verb_bits::P1,
        Some(2) => b |= verb_bits::P2,
        Some(3) => b |= verb_bits::P3,
        _ => {}
    }
    match f.number {
        Some(dixit_lexicon::Number::Singular) => b |= verb_bits::SG,
        Some(dixit_lexicon::Number::Plural) => b |= verb_bits::PL,
        None => {}
    }
    match f.gender {
        Some(dixit_lexicon::Gender::Masculine) => b |= verb_bits::MASC,
        Some(dixit_lexicon::Gender::Feminine) => b |= verb_bits::FEM,
        None => {}
    }
    b
}

/// True when `bits` allow the conjugator tense `t`.
pub fn has_tense(bits: u32, t: CTense) -> bool {
    bits & (1 << (t as u32)) != 0
}

/// What the model knows about one normalised word.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordEntry {
    /// Fine cluster + 1 (0: none).
    pub fine: u16,
    /// Coarse cluster + 1 (0: none).
    pub coarse: u16,
    /// UPOS tags seen with the word in training (bit per tag; 0: unseen).
    pub amb: u32,
    /// Verb analyses from the conjugator (see [`verb_bits`]).
    pub verb: u32,
    /// Index + 1 of the infinitive of the verb analysis in the model's verb list (0: none).
    pub infinitive: u32,
}

/// The word lexicon.
#[derive(Debug, Clone, Default)]
pub struct WordLexicon {
    /// Entries by [`word_key`] of the normalised form.
    pub map: HashedMap<WordEntry>,
    /// Infinitives referenced by [`WordEntry::infinitive`].
    pub infinitives: Vec<String>,
}

impl WordLexicon {
    /// Entry of a word key (default when unknown).
    #[inline]
    pub fn get(&self, key: u64) -> WordEntry {
        self.map.get(&key).copied().unwrap_or_default()
    }

    /// Infinitive of an entry's verb analysis.
    pub fn infinitive(&self, e: &WordEntry) -> Option<&str> {
        let i = (e.infinitive as usize).checked_sub(1)?;
        self.infinitives.get(i).map(String::as_str)
    }
}

/// Per-token values the feature templates combine, computed once per word form.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokInfo {
    /// Hash of the normalised form.
    pub word: u64,
    /// Hash of the shape ("Xx-Xx").
    pub shape: u64,
    /// Prefix hashes (1..=3 chars; 0 when the word is shorter).
    pub pre: [u64; 3],
    /// Suffix hashes (1..=5 chars; 0 when the word is shorter).
    pub suf: [u64; 5],
    /// Lexicon entry.
    pub lex: WordEntry,
    /// Bit 0: first char uppercase; bit 1: all letters uppercase; bit 2: has a digit;
    /// bit 3: has a hyphen; bit 4: is punctuation only.
    pub flags: u8,
    /// Length bucket.
    pub len: u8,
}

/// Reusable buffers for computing [`TokInfo`].
#[derive(Debug, Default)]
pub struct InfoBuf {
    norm: String,
    shape: String,
}

impl InfoBuf {
    /// Computes the values of one word form.
    pub fn info(&mut self, form: &str, lex: &WordLexicon) -> TokInfo {
        normalise_into(form, &mut self.norm);
        let word = word_key(&self.norm);
        let mut t = TokInfo {
            word,
            lex: lex.get(word),
            ..TokInfo::default()
        };
        let mut letters = 0;
        let mut upper = 0;
        let mut alnum = false;
        for (k, c) in form.chars().enumerate() {
            if c.is_alphabetic() {
                letters += 1;
                if c.is_uppercase() {
                    upper += 1;
                    if k == 0 {
                        t.flags |= 1;
                    }
                }
            }
            if c.is_numeric() {
                t.flags |= 4;
            }
            if c == '-' {
                t.flags |= 8;
            }
            alnum |= c.is_alphanumeric();
        }
        if letters > 1 && upper == letters {
            t.flags |= 2;
        }
        if !alnum {
            t.flags |= 16;
        }
        let n = self.norm.chars().count();
        t.len = match n {
            0..=2 => 0,
            3..=4 => 1,
            5..=7 => 2,
            8..=10 => 3,
            _ => 4,
        };
        let nb = self.norm.as_bytes();
        for (k, (i, _)) in self.norm.char_indices().skip(1).take(3).enumerate() {
            t.pre[k] = bytes(&nb[..i]);
        }
        for (k, (i, _)) in self.norm.char_indices().rev().take(5).enumerate() {
            t.suf[k] = bytes(&nb[i..]);
        }
        shape_of(form, &mut self.shape);
        t.shape = bytes(self.shape.as_bytes());
        t
    }
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
            if n >= 6 {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_values() {
        let lex = WordLexicon::default();
        let mut b = InfoBuf::default();
        let a = b.info("Jean-Luc", &lex);
        assert_eq!(a.flags & 1, 1);
        assert_eq!(a.flags & 8, 8);
        let c = b.info("jean-luc", &lex);
        assert_eq!(a.word, c.word);
        assert_ne!(a.shape, c.shape);
        let p = b.info("«", &lex);
        assert_eq!(p.flags & 16, 16);
        let u = b.info("ONU", &lex);
        assert_eq!(u.flags & 2, 2);
        // Suffixes of "parlent": t, nt, ent, lent, rlent.
        let v = b.info("parlent", &lex);
        let w = b.info("mangent", &lex);
        assert_eq!(v.suf[2], w.suf[2]);
        assert_ne!(v.suf[3], w.suf[3]);
    }

    #[test]
    fn conjugated_forms_get_bits() {
        let conj = dixit_lexicon::conjugate("parler").unwrap();
        let mut all = 0;
        for f in conj.forms.iter().filter(|f| f.text == "parle") {
            all |= form_bits(f);
        }
        assert!(has_tense(all, CTense::Present));
        assert!(has_tense(all, CTense::SubjonctifPresent));
        assert!(has_tense(all, CTense::Imperatif));
        assert!(!has_tense(all, CTense::Futur));
        assert_ne!(all & verb_bits::P1, 0);
        assert_ne!(all & verb_bits::P3, 0);
        assert_eq!(all & verb_bits::PL, 0);
    }
}

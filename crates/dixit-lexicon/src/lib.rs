//! French lexicons for quote attribution: a verb conjugator, reporting-verb cues,
//! source prepositions and channel nouns, titles/roles with subject pronouns, and the
//! normalisation of roles as articles write them.
//!
//! Every table is built once, on first use, from compact stem/pattern tables; lookups
//! are allocation-free for lowercase input.

pub mod channels;
pub mod closed;
pub mod conjugate;
pub mod cues;
pub mod nouns;
pub mod relations;
pub mod roles;
pub mod titles;

use std::borrow::Cow;
use std::hash::{BuildHasherDefault, Hasher};

pub use channels::{
    ChannelKind, ChannelNoun, SourcePrep, channel_at, channel_noun, is_social_network,
    source_prep_at,
};
pub use conjugate::{Conjugation, Form, Group, Tense, conjugate};
pub use cues::{
    Aux, AuxVerb, Category, CueForm, Lemma, auxiliary, cue, cue_at, is_auxiliary, lemmas,
    table_stats,
};
pub use nouns::{
    NounClass, NounInfo, has_abstract_ending, has_agent_ending, is_demonym, is_named_body_head,
    noun_info, noun_info_at,
};
pub use relations::{
    RelationKind, RelationLemma, Target, is_relation_form, relation_lemmas, relation_table,
};
pub use roles::{Role, normalize_role};
pub use titles::{
    TitleInfo, TitleKind, office_of_periphrase, split_subject_clitic, subject_pronoun, title_at,
    title_forms, title_head, title_info_at,
};

/// Grammatical gender.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gender {
    /// Masculine.
    Masculine,
    /// Feminine.
    Feminine,
}

/// Grammatical number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Number {
    /// Singular.
    Singular,
    /// Plural.
    Plural,
}

/// FxHash-style hasher: the tables are keyed by short trusted strings and hashed in
/// per-token loops, where SipHash's DoS resistance buys nothing and costs time.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // The multiply only carries entropy upwards; the table indexes buckets with
        // the low bits, so fold the high half down.
        let h = self.hash;
        (h ^ (h >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (h >> 32)
    }
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

/// Hash map with the fast hasher.
pub(crate) type FxMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// First word of a phrase → (all words of the phrase, value), longest phrase first.
pub(crate) type PhraseIndex<V> = FxMap<Box<str>, Vec<(Vec<Box<str>>, V)>>;

/// Normalises a word for lexicon lookup: lowercase, typographic apostrophe `’` → `'`.
/// Borrows when the input is already normal (the common case in running text).
pub(crate) fn fold(word: &str) -> Cow<'_, str> {
    let needs = word
        .chars()
        .any(|c| c.is_uppercase() || c == '\u{2019}' || c == '\u{02BC}');
    if !needs {
        return Cow::Borrowed(word);
    }
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            '\u{2019}' | '\u{02BC}' => out.push('\''),
            c if c.is_uppercase() => out.extend(c.to_lowercase()),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The comparison key of a name or phrase: lowercase, accents and ligatures folded to ASCII
/// letters, typographic apostrophes to `'`, hyphens and runs of spaces to one space
/// ("Jean-Marie Le Guën" → "jean marie le guen"). The one folding used to compare names
/// across the project.
pub fn fold_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = true;
    for c in s.chars() {
        let mapped: &str = match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' | 'À' | 'Â' | 'Ä' | 'Á' | 'Ã' | 'Å' => {
                "a"
            }
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => "e",
            'î' | 'ï' | 'í' | 'ì' | 'Î' | 'Ï' | 'Í' | 'Ì' => "i",
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' | 'Ô' | 'Ö' | 'Ó' | 'Ò' | 'Õ' => "o",
            'ù' | 'û' | 'ü' | 'ú' | 'Ù' | 'Û' | 'Ü' | 'Ú' => "u",
            'ç' | 'Ç' => "c",
            'ñ' | 'Ñ' => "n",
            'ÿ' | 'Ÿ' => "y",
            'œ' | 'Œ' => "oe",
            'æ' | 'Æ' => "ae",
            '’' | 'ʼ' | '´' | '`' => "'",
            '-' | '‐' | '‑' | '–' => " ",
            c if c.is_whitespace() => " ",
            _ => "",
        };
        if mapped.is_empty() {
            out.extend(c.to_lowercase());
            space = false;
        } else if mapped == " " {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push_str(mapped);
            space = false;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Regular plural of a noun or adjective ("général" → "généraux"; all-caps and
/// -s/-x/-z words are invariable).
pub(crate) fn pluralize(word: &str) -> String {
    if word.ends_with(['s', 'x', 'z']) || word.chars().all(|c| !c.is_lowercase()) {
        return word.to_string();
    }
    if let Some(stem) = word.strip_suffix("al") {
        return format!("{stem}aux");
    }
    if word.ends_with("eau") || word.ends_with("eu") {
        return format!("{word}x");
    }
    format!("{word}s")
}

/// Words after which a table phrase is a complement, never pluralised ("chef de l'État" →
/// "chefs de l'État").
pub(crate) const COMPLEMENT_WORDS: &[&str] = &[
    "de", "d'", "du", "des", "la", "le", "l'", "les", "au", "aux", "à", "en", "pour",
];

/// One inflected form of a table phrase: a word written `masc/fem` takes its feminine when
/// `fem`; when `plural`, the words before the first complement word take the plural, except
/// those marked invariable with a trailing `=`.
pub(crate) fn inflect(words: &[&str], fem: bool, plural: bool) -> Vec<Box<str>> {
    let mut complement = false;
    words
        .iter()
        .map(|w| {
            let invariable = w.ends_with('=');
            let w = w.trim_end_matches('=');
            let mut alts = w.split('/');
            let masc = alts.next().unwrap_or(w);
            let form = if fem {
                alts.next().unwrap_or(masc)
            } else {
                masc
            };
            complement |= COMPLEMENT_WORDS.contains(&form);
            if plural && !complement && !invariable {
                pluralize(form).into_boxed_str()
            } else {
                form.into()
            }
        })
        .collect()
}

/// Files a form under its words: a one-word form in `single` (the first entry wins), a
/// longer one in `multi` under its first word.
pub(crate) fn index_form<V>(
    single: &mut FxMap<Box<str>, V>,
    multi: &mut PhraseIndex<V>,
    form: Vec<Box<str>>,
    value: V,
) {
    if let [one] = form.as_slice() {
        single.entry(one.clone()).or_insert(value);
    } else if let Some(first) = form.first().cloned() {
        multi.entry(first).or_default().push((form, value));
    }
}

/// Orders every phrase list longest first, so that matching takes the longest phrase.
pub(crate) fn longest_first<V>(multi: &mut PhraseIndex<V>) {
    for v in multi.values_mut() {
        v.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
    }
}

/// Splits a phrase into words, cutting after elision apostrophes ("d'état" → "d'", "état").
pub(crate) fn phrase_words(phrase: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for w in phrase.split_whitespace() {
        let mut rest = w;
        while let Some(i) = rest.find('\'') {
            let (head, tail) = rest.split_at(i + 1);
            out.push(head);
            rest = tail;
        }
        if !rest.is_empty() {
            out.push(rest);
        }
    }
    out
}

/// Number of tokens consumed when `tokens` begin with the words of `pat` (lowercase,
/// elisions as separate words); tokens are folded and split at elisions, so
/// ["d'après"] and ["d'", "après"] both match. The match must end on a token boundary.
pub(crate) fn match_phrase<S: AsRef<str>>(tokens: &[&str], pat: &[S]) -> Option<usize> {
    if pat.is_empty() {
        return None;
    }
    let mut k = 0;
    for (ti, tok) in tokens.iter().enumerate() {
        let f = fold(tok);
        let mut rest: &str = &f;
        if rest.is_empty() {
            return None;
        }
        while !rest.is_empty() {
            let end = rest.find('\'').map_or(rest.len(), |i| i + 1);
            let (piece, tail) = rest.split_at(end);
            if pat.get(k)?.as_ref() != piece {
                return None;
            }
            k += 1;
            rest = tail;
            if k == pat.len() {
                return rest.is_empty().then_some(ti + 1);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_key_folds_case_accents_hyphens_and_spaces() {
        assert_eq!(fold_key("Jean-Marie  Le Guën"), "jean marie le guen");
        assert_eq!(fold_key("L’Élysée"), "l'elysee");
        assert_eq!(fold_key(" Œuvre "), "oeuvre");
    }

    #[test]
    fn fold_borrows_normal_words() {
        assert!(matches!(fold("estime"), Cow::Borrowed(_)));
        assert_eq!(fold("État"), "état");
        assert_eq!(fold("d\u{2019}après"), "d'après");
    }

    #[test]
    fn phrases_match_across_elision_splits() {
        let pat = ["d'", "après"];
        assert_eq!(match_phrase(&["d'après", "lui"], &pat), Some(1));
        assert_eq!(match_phrase(&["D\u{2019}", "après"], &pat), Some(2));
        assert_eq!(match_phrase(&["d'", "apres"], &pat), None);
        assert_eq!(match_phrase(&["d'"], &pat), None);
        assert_eq!(phrase_words("chef de l'état"), ["chef", "de", "l'", "état"]);
        assert_eq!(pluralize("régional"), "régionaux");
        assert_eq!(pluralize("PDG"), "PDG");
    }
}

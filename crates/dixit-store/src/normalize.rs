//! Text normalisation shared by indexing and querying: lowercase, accent folding,
//! French Snowball stemming, stop-word removal.
//!
//! Both backends index the output of [`index_body`] and query with words processed by
//! the same functions (see [`crate::query`]), so that SQLite FTS5 and PostgreSQL see
//! exactly the same terms at the same positions and give the same matches and scores.

use rust_stemmers::{Algorithm, Stemmer};
use std::sync::LazyLock;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::French));

/// French function words left out of the index: they match nearly every document,
/// so keeping them would only slow queries down.
const STOP_WORDS: &[&str] = &[
    "a", "au", "aux", "c", "ce", "ces", "d", "dans", "de", "des", "du", "elle", "en", "est", "et",
    "il", "j", "l", "la", "le", "les", "leur", "lui", "m", "mais", "me", "n", "ne", "on", "ou",
    "par", "pas", "pour", "qu", "que", "qui", "s", "sa", "se", "ses", "son", "sur", "t", "un",
    "une", "y",
];

/// Most terms indexed per text: PostgreSQL stores no word position above 16,383, and
/// both backends must index the same terms for their answers to agree.
pub const MAX_TERMS: usize = 16_383;
/// Most occurrences of one term indexed per text (PostgreSQL keeps 256 positions a word).
pub const MAX_OCCURRENCES: usize = 256;
/// Longest indexed word, in bytes: longer runs of letters are hashes or base64, not words.
pub const MAX_WORD_BYTES: usize = 255;
/// Most bytes of terms indexed per text (a PostgreSQL `tsvector` holds at most 1 MB).
pub const MAX_BODY_BYTES: usize = 512 * 1024;

pub(crate) fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// Appends the folded form of `c` (lowercase, no diacritics, ligatures expanded) to `out`.
#[inline]
fn push_folded(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match c {
        'œ' | 'Œ' => out.push_str("oe"),
        'æ' | 'Æ' => out.push_str("ae"),
        'ß' => out.push_str("ss"),
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '´' => out.push('\''),
        _ => decompose_canonical(c, |d| {
            if !is_combining_mark(d) {
                for l in d.to_lowercase() {
                    out.push(l);
                }
            }
        }),
    }
}

/// Lowercases and removes diacritics: "Élysée Œuvre" → "elysee oeuvre".
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_folded(c, &mut out);
    }
    out
}

/// Stable key for a name: folded, punctuation other than hyphens dropped, whitespace
/// collapsed ("M.  Jean-Luc Mélenchon" and "m. jean-luc melenchon" share a key).
pub fn name_key(s: &str) -> String {
    let folded = fold(s);
    let mut out = String::with_capacity(folded.len());
    for word in folded.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'')) {
        let word = word.trim_matches(|c| c == '-' || c == '\'');
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Calls `f` with each folded word of `s` (split on anything that is not a letter or
/// digit, so "l'Élysée" gives "l" then "elysee"). A word never holds ASCII punctuation,
/// even from a letter that folds to some (the modifier apostrophe of "lʼÉlysée"): the
/// full-text tokenizers split there, and must see the very words indexed.
pub fn for_each_folded_word(s: &str, mut f: impl FnMut(&str)) {
    let mut word = String::with_capacity(32);
    let mut folded = String::with_capacity(8);
    for c in s.chars() {
        if c.is_alphanumeric() {
            if c.is_ascii() {
                word.push(c.to_ascii_lowercase());
                continue;
            }
            folded.clear();
            push_folded(c, &mut folded);
            for fc in folded.chars() {
                if fc.is_ascii() && !fc.is_ascii_alphanumeric() {
                    if !word.is_empty() {
                        f(&word);
                        word.clear();
                    }
                } else {
                    word.push(fc);
                }
            }
        } else if !word.is_empty() {
            f(&word);
            word.clear();
        }
    }
    if !word.is_empty() {
        f(&word);
    }
}

/// Stem of a folded word. Snowball expects accents, which folding removed, so
/// participles like "annoncée" → "annoncee" → "annonce" would keep an `e` that
/// "annonce" → "annonc" loses; dropping a final `e` makes both agree.
pub(crate) fn stem(word: &str) -> std::borrow::Cow<'_, str> {
    let mut s = STEMMER.stem(word);
    if s.len() > 3 && s.ends_with('e') {
        s.to_mut().pop();
    }
    s
}

/// The terms handed to the full-text index for one text, and how many there are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexBody {
    /// Folded, stemmed terms separated by single spaces.
    pub text: String,
    /// Number of terms in `text`.
    pub terms: usize,
}

impl IndexBody {
    /// Each term with its 1-based position, as PostgreSQL numbers them.
    pub fn positions(&self) -> impl Iterator<Item = (usize, &str)> {
        self.text
            .split(' ')
            .filter(|t| !t.is_empty())
            .enumerate()
            .map(|(i, t)| (i + 1, t))
    }
}

/// The index terms of `parts` read one after the other (e.g. title then text): folded,
/// stemmed, stop words left out, within the [`MAX_TERMS`], [`MAX_OCCURRENCES`],
/// [`MAX_WORD_BYTES`] and [`MAX_BODY_BYTES`] limits, which both backends thus share.
pub fn index_body(parts: &[&str]) -> IndexBody {
    let capacity = parts
        .iter()
        .map(|p| p.len())
        .sum::<usize>()
        .min(MAX_BODY_BYTES);
    let mut body = IndexBody {
        text: String::with_capacity(capacity),
        terms: 0,
    };
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut full = false;
    for part in parts {
        for_each_folded_word(part, |w| {
            if full || w.len() > MAX_WORD_BYTES || is_stop_word(w) {
                return;
            }
            let stem = stem(w);
            if body.terms >= MAX_TERMS || body.text.len() + stem.len() + 1 > MAX_BODY_BYTES {
                full = true;
                return;
            }
            match seen.get_mut(stem.as_ref()) {
                Some(n) if *n >= MAX_OCCURRENCES => return,
                Some(n) => *n += 1,
                None => {
                    seen.insert(stem.to_string(), 1);
                }
            }
            if !body.text.is_empty() {
                body.text.push(' ');
            }
            body.text.push_str(&stem);
            body.terms += 1;
        });
    }
    body
}

/// The text handed to the full-text index: folded, stemmed terms separated by spaces.
pub fn index_text(s: &str) -> String {
    index_body(&[s]).text
}

/// The terms of a user query, processed as [`index_text`] processes documents (plain
/// words only; [`crate::query::Query`] parses the full query language).
pub fn query_terms(q: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for_each_folded_word(q, |w| {
        if !is_stop_word(w) {
            let stem = stem(w).into_owned();
            if !terms.contains(&stem) {
                terms.push(stem);
            }
        }
    });
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, STOP_WORDS);
    }

    #[test]
    fn folds_accents_case_and_ligatures() {
        assert_eq!(fold("Élysée Œuvre ÇA où"), "elysee oeuvre ca ou");
        assert_eq!(fold("l’État"), "l'etat");
    }

    #[test]
    fn name_keys_ignore_case_accents_and_spacing() {
        assert_eq!(
            name_key("Jean-Luc  Mélenchon"),
            name_key("jean-luc melenchon")
        );
        assert_eq!(name_key("M. Hamon"), "m hamon");
        assert_ne!(name_key("Benoît Hamon"), name_key("Benoît Hamont"));
    }

    #[test]
    fn index_and_query_agree_on_inflections_and_accents() {
        let doc = index_text("Les réformes présidentielles ont été annoncées à l'Élysée.");
        let doc_terms: Vec<&str> = doc.split(' ').collect();
        for q in [
            "reforme",
            "annonce",
            "annoncé",
            "annoncer",
            "elysee",
            "présidentielle",
            "ELYSÉE",
        ] {
            let terms = query_terms(q);
            assert_eq!(terms.len(), 1, "{q}");
            assert!(
                doc_terms.contains(&terms[0].as_str()),
                "{q} -> {terms:?} not in {doc}"
            );
        }
        assert!(!doc_terms.contains(&"les"));
    }

    #[test]
    fn query_terms_are_deduplicated_and_skip_stop_words() {
        assert_eq!(query_terms("la réforme, les réformes").len(), 1);
        assert!(query_terms("de la").is_empty());
    }

    #[test]
    fn words_never_hold_ascii_punctuation() {
        let mut words = Vec::new();
        for_each_folded_word("lʼAssemblée d’État l'Élysée", |w| {
            words.push(w.to_string())
        });
        assert_eq!(words, ["l", "assemblee", "d", "etat", "l", "elysee"]);
        assert_eq!(index_text("lʼAssemblée nationale"), "assembl national");
    }

    #[test]
    fn index_body_applies_the_shared_limits() {
        let long = "x".repeat(MAX_WORD_BYTES + 1);
        let b = index_body(&["Le gouvernement", &format!("{long} réforme")]);
        assert_eq!(b.text, "gouvern reform");
        assert_eq!(b.terms, 2);
        assert_eq!(
            b.positions().collect::<Vec<_>>(),
            vec![(1, "gouvern"), (2, "reform")]
        );

        let repeated = "retraite ".repeat(MAX_OCCURRENCES + 10);
        assert_eq!(index_body(&[&repeated]).terms, MAX_OCCURRENCES);

        let many: String = (0..MAX_TERMS + 50).map(|i| format!("w{i} ")).collect();
        assert_eq!(index_body(&[&many]).terms, MAX_TERMS);

        let big: String = (0..5_000).map(|i| format!("{i:0>200} ")).collect();
        let b = index_body(&[&big]);
        assert!(b.text.len() <= MAX_BODY_BYTES);
        assert_eq!(b.text.split(' ').count(), b.terms);
    }
}

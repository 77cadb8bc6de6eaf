//! Lemmas and lexical features. A lexicon built from the training data maps (form, UPOS) to a
//! lemma edit and to the features that do not depend on context (PronType, Definite, Poss,
//! Reflex, Polarity, NumType); verb forms the lexicon lacks take the infinitive the conjugator
//! gives; every other unknown word takes the edit of the longest suffix rule of its UPOS,
//! learned from the training pairs and the conjugated forms of known verbs.

use crate::Upos;
use crate::types::NUM_UPOS;
use dixit_learn::HashedMap;
use dixit_learn::hash::{bytes, f2};
use std::collections::BTreeMap;

/// Longest suffix a rule looks at, in chars.
pub const MAX_SUFFIX: usize = 7;

/// How to turn a form into its lemma.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Edit {
    /// Lowercase the form first.
    pub lower: bool,
    /// Chars removed from the end.
    pub strip: u8,
    /// Text appended.
    pub append: String,
}

impl Edit {
    /// The edit that turns `form` into `lemma`.
    pub fn between(form: &str, lemma: &str) -> Edit {
        let lowered = form.to_lowercase();
        let lower = lemma != form && (lemma == lemma.to_lowercase() || lowered == lemma);
        let base: &str = if lower { &lowered } else { form };
        let common = base
            .chars()
            .zip(lemma.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let strip = base.chars().count() - common;
        let append: String = lemma.chars().skip(common).collect();
        Edit {
            lower,
            strip: strip.min(255) as u8,
            append,
        }
    }

    /// Applies the edit (never panics: over-long strips empty the stem).
    pub fn apply(&self, form: &str) -> String {
        self.apply_to(form, &form.to_lowercase())
    }

    /// Applies the edit to `form`, whose lowercase form is `lower`.
    pub fn apply_to(&self, form: &str, lower: &str) -> String {
        let base = if self.lower { lower } else { form };
        let cut = match self.strip {
            0 => base.len(),
            k => base
                .char_indices()
                .rev()
                .take(usize::from(k))
                .last()
                .map_or(0, |(i, _)| i),
        };
        let stem = base.get(..cut).unwrap_or("");
        if stem.is_empty() && self.append.is_empty() {
            return form.to_string();
        }
        let mut out = String::with_capacity(stem.len() + self.append.len());
        out.push_str(stem);
        out.push_str(&self.append);
        out
    }
}

/// Key of a (lowercased form, UPOS) pair.
#[inline]
pub fn form_key(lower: &str, u: Upos) -> u64 {
    f2(300, bytes(lower.as_bytes()), u as u64)
}

/// Key of a (UPOS, suffix) rule.
#[inline]
fn suffix_key(u: Upos, suffix: &str) -> u64 {
    f2(301, bytes(suffix.as_bytes()), u as u64)
}

/// What the lexicon knows of one (form, UPOS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FormEntry {
    /// Index of the lemma edit.
    pub edit: u32,
    /// Context-free feature bits (see [`crate::types::FIELDS`]).
    pub rest: u32,
}

/// The lemmatiser and lexical-feature table.
#[derive(Debug, Clone, Default)]
pub struct Lemmatizer {
    /// Distinct edits.
    pub edits: Vec<Edit>,
    /// (form, UPOS) entries.
    pub forms: HashedMap<FormEntry>,
    /// Suffix rules: (UPOS, suffix) → edit index.
    pub suffixes: HashedMap<u32>,
    /// Context-free features of unknown words, by UPOS.
    pub default_rest: Vec<u32>,
}

impl Lemmatizer {
    /// Entry of a known (form, UPOS).
    #[inline]
    pub fn entry(&self, lower: &str, u: Upos) -> Option<FormEntry> {
        self.forms.get(&form_key(lower, u)).copied()
    }

    /// Context-free features of a word.
    pub fn rest(&self, lower: &str, u: Upos) -> u32 {
        match self.entry(lower, u) {
            Some(e) => e.rest,
            None => self.default_rest.get(u as usize).copied().unwrap_or(0),
        }
    }

    /// Lemma and context-free features of `form` tagged `u` (`lower`: the form lowercased,
    /// typographic apostrophes straightened), with one lexicon lookup.
    pub fn analyse(
        &self,
        form: &str,
        lower: &str,
        u: Upos,
        infinitive: Option<&str>,
    ) -> (String, u32) {
        match self.entry(lower, u) {
            Some(e) => match self.edits.get(e.edit as usize) {
                Some(edit) => (edit.apply_to(form, lower), e.rest),
                None => (self.unknown_lemma(form, lower, u, infinitive), e.rest),
            },
            None => (
                self.unknown_lemma(form, lower, u, infinitive),
                self.default_rest.get(u as usize).copied().unwrap_or(0),
            ),
        }
    }

    /// Lemma of `form` tagged `u`; `infinitive` is the conjugator's for verb forms.
    pub fn lemma(&self, form: &str, lower: &str, u: Upos, infinitive: Option<&str>) -> String {
        self.analyse(form, lower, u, infinitive).0
    }

    fn unknown_lemma(&self, form: &str, lower: &str, u: Upos, infinitive: Option<&str>) -> String {
        if u.is_verbal()
            && let Some(inf) = infinitive
        {
            return inf.to_string();
        }
        if let Some(edit) = self.rule(lower, u) {
            // Rules are learned on lowercased pairs; proper nouns keep their case.
            return if u == Upos::Propn {
                edit.apply(form)
            } else {
                edit.apply_to(lower, lower)
            };
        }
        if u == Upos::Propn {
            form.to_string()
        } else {
            lower.to_string()
        }
    }

    fn rule(&self, lower: &str, u: Upos) -> Option<&Edit> {
        let n = lower.chars().count();
        // Longest suffix first; a rule never covers the whole word.
        let starts: Vec<usize> = lower.char_indices().map(|(i, _)| i).collect();
        for k in (1..=MAX_SUFFIX.min(n.saturating_sub(1))).rev() {
            let suf = &lower[starts[n - k]..];
            if let Some(&e) = self.suffixes.get(&suffix_key(u, suf)) {
                return self.edits.get(e as usize);
            }
        }
        None
    }
}

/// Counts of the lemma edits and of the context-free feature bits of one (form, UPOS).
type FormCounts = (BTreeMap<Edit, u32>, BTreeMap<u32, u32>);

/// Builds a [`Lemmatizer`] from training triples.
#[derive(Debug, Default)]
pub struct LemmaBuilder {
    /// (lowercased form, UPOS) → (lemma edit → count, rest bits → count).
    forms: BTreeMap<(String, u8), FormCounts>,
    /// (UPOS, suffix) → edit → count.
    rules: BTreeMap<(u8, String), BTreeMap<Edit, u32>>,
    rest_by_upos: Vec<BTreeMap<u32, u32>>,
}

impl LemmaBuilder {
    /// Empty builder.
    pub fn new() -> Self {
        LemmaBuilder {
            rest_by_upos: vec![BTreeMap::new(); NUM_UPOS],
            ..Default::default()
        }
    }

    /// Adds one gold word (its form, UPOS, lemma and context-free feature bits).
    pub fn add(&mut self, form: &str, u: Upos, lemma: &str, rest: u32) {
        if lemma.is_empty() || lemma == "_" {
            return;
        }
        let lower = form.to_lowercase();
        let edit = Edit::between(form, lemma);
        let e = self.forms.entry((lower.clone(), u as u8)).or_default();
        *e.0.entry(edit.clone()).or_default() += 1;
        *e.1.entry(rest).or_default() += 1;
        if let Some(m) = self.rest_by_upos.get_mut(u as usize) {
            *m.entry(rest).or_default() += 1;
        }
        self.add_rule(&lower, u, &Edit::between(&lower, &lemma.to_lowercase()), 1);
    }

    /// Adds a (form, lemma) pair for suffix rules only (conjugated verb forms).
    pub fn add_rule_pair(&mut self, lower: &str, u: Upos, lemma: &str) {
        self.add_rule(lower, u, &Edit::between(lower, lemma), 1);
    }

    fn add_rule(&mut self, lower: &str, u: Upos, edit: &Edit, count: u32) {
        let n = lower.chars().count();
        let starts: Vec<usize> = lower.char_indices().map(|(i, _)| i).collect();
        for k in 1..=MAX_SUFFIX.min(n.saturating_sub(1)) {
            let suf = &lower[starts[n - k]..];
            *self
                .rules
                .entry((u as u8, suf.to_string()))
                .or_default()
                .entry(edit.clone())
                .or_default() += count;
        }
    }

    /// The lemmatiser. Suffix rules are kept when they differ from their shorter suffix's
    /// rule and rest on at least `min_rule` words.
    pub fn build(&self, min_rule: u32) -> Lemmatizer {
        let mut edits: Vec<Edit> = Vec::new();
        let mut ids: BTreeMap<Edit, u32> = BTreeMap::new();
        let mut id = |e: &Edit, edits: &mut Vec<Edit>| -> u32 {
            *ids.entry(e.clone()).or_insert_with(|| {
                edits.push(e.clone());
                (edits.len() - 1) as u32
            })
        };
        let best = |m: &BTreeMap<Edit, u32>| -> Option<(Edit, u32)> {
            // Highest count, ties to the smallest edit: deterministic.
            m.iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(e, c)| (e.clone(), *c))
        };
        let mut lem = Lemmatizer::default();
        for ((lower, u), (em, rm)) in &self.forms {
            let Some((e, _)) = best(em) else { continue };
            let rest = rm
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map_or(0, |(r, _)| *r);
            let edit = id(&e, &mut edits);
            lem.forms.insert(
                form_key(lower, Upos::from_index(*u as usize)),
                FormEntry { edit, rest },
            );
        }
        for ((u, suf), m) in &self.rules {
            let Some((e, c)) = best(m) else { continue };
            if c < min_rule {
                continue;
            }
            // Redundant when the next shorter suffix already gives the same edit.
            let shorter: String = suf.chars().skip(1).collect();
            if !shorter.is_empty()
                && let Some(pm) = self.rules.get(&(*u, shorter))
                && best(pm).is_some_and(|(pe, pc)| pe == e && pc >= min_rule)
            {
                continue;
            }
            let edit = id(&e, &mut edits);
            lem.suffixes
                .insert(suffix_key(Upos::from_index(*u as usize), suf), edit);
        }
        lem.default_rest = self
            .rest_by_upos
            .iter()
            .map(|m| {
                let total: u32 = m.values().sum();
                // Only a clear majority becomes the default of unknown words.
                m.iter()
                    .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                    .filter(|(_, c)| **c * 10 >= total * 9)
                    .map_or(0, |(r, _)| *r)
            })
            .collect();
        lem.edits = edits;
        lem
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_between_forms_and_lemmas() {
        for (f, l) in [
            ("chevaux", "cheval"),
            ("Le", "le"),
            ("Paris", "Paris"),
            ("parlaient", "parler"),
            ("L'", "le"),
            ("été", "être"),
            ("ÉTATS", "état"),
            ("a", "avoir"),
        ] {
            assert_eq!(Edit::between(f, l).apply(f), l, "{f} → {l}");
        }
        let e = Edit {
            lower: false,
            strip: 200,
            append: String::new(),
        };
        assert_eq!(e.apply("abc"), "abc");
    }

    #[test]
    fn known_forms_rules_and_verbs() {
        let mut b = LemmaBuilder::new();
        b.add("chevaux", Upos::Noun, "cheval", 0);
        b.add("journaux", Upos::Noun, "journal", 0);
        b.add("canaux", Upos::Noun, "canal", 0);
        b.add("maisons", Upos::Noun, "maison", 0);
        b.add("tables", Upos::Noun, "table", 0);
        b.add("la", Upos::Det, "le", 42);
        b.add("parlaient", Upos::Verb, "parler", 0);
        b.add_rule_pair("mangeaient", Upos::Verb, "manger");
        b.add_rule_pair("donnaient", Upos::Verb, "donner");
        let l = b.build(2);
        assert_eq!(l.lemma("Chevaux", "chevaux", Upos::Noun, None), "cheval");
        assert_eq!(l.lemma("arsenaux", "arsenaux", Upos::Noun, None), "arsenal");
        assert_eq!(l.lemma("voitures", "voitures", Upos::Noun, None), "voiture");
        assert_eq!(l.lemma("La", "la", Upos::Det, None), "le");
        assert_eq!(l.rest("la", Upos::Det), 42);
        assert_eq!(
            l.lemma("chantaient", "chantaient", Upos::Verb, None),
            "chanter"
        );
        assert_eq!(l.lemma("fit", "fit", Upos::Verb, Some("faire")), "faire");
        assert_eq!(l.lemma("Dupont", "dupont", Upos::Propn, None), "Dupont");
        assert_eq!(l.lemma("x", "x", Upos::Noun, None), "x");
        assert_eq!(l.lemma("", "", Upos::Noun, None), "");
    }
}

//! Place names learned from location annotations: a word that forms a one-word location
//! name in a CoNLL corpus (`token<TAB>IOB2 tag`) far more often than it stands in a person
//! name. The bundled `data/kb/place_names.tsv` is built this way (`dixit kb place-names`),
//! so that a one-word name the NER model takes for a person ("l'accord de Doha", "à
//! l'approche d'Avignon") is read as the place it nearly always is.

use crate::KbError;
use crate::annotations::{self, Counts};
use std::path::Path;

/// Fewest one-word location names a word must form to be kept.
pub const MIN_PLACE: u32 = 2;
/// A kept word forms one-word locations at least this many times as often as it stands in
/// a person name ("Florence", "Nancy" and "Jordan" are given names as well: not kept).
pub const MIN_PLACE_RATIO: u32 = 4;

/// Per word: (times a one-word location, times a word of a person name).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PlaceCounts(pub Counts);

impl PlaceCounts {
    /// Adds the location and person names of one CoNLL text, skipping held-out documents
    /// as [`crate::annotations::for_each_span`] does.
    pub fn add_conll(&mut self, text: &str, holdout_every: usize) {
        annotations::for_each_span(text, holdout_every, |kind, span| match kind {
            "LOC" if span.len() == 1 => {
                for w in span {
                    self.0.entry((*w).to_string()).or_default().0 += 1;
                }
            }
            "PER" => {
                for w in span {
                    self.0.entry((*w).to_string()).or_default().1 += 1;
                }
            }
            _ => {}
        });
    }

    /// The kept place names, sorted: see [`MIN_PLACE`], [`MIN_PLACE_RATIO`]; capitalised
    /// words of letters (and inner hyphens or apostrophes), no acronym or function word.
    pub fn kept(&self) -> Vec<(&str, u32)> {
        annotations::kept_words(
            &self.0,
            MIN_PLACE,
            MIN_PLACE_RATIO,
            annotations::is_capitalised_word,
        )
    }

    /// The `place_names.tsv` text of the kept names.
    pub fn to_tsv(&self) -> String {
        annotations::words_tsv("place_name\tcount", &self.kept())
    }
}

/// Counts the location and person names of CoNLL files and returns the `place_names.tsv`
/// text and the number of names kept.
pub fn place_names_tsv(paths: &[&Path], holdout_every: usize) -> Result<(String, usize), KbError> {
    let mut counts = PlaceCounts::default();
    annotations::read_conll_files(paths, holdout_every, |text, h| counts.add_conll(text, h))?;
    let n = counts.kept().len();
    Ok((counts.to_tsv(), n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_word_locations_seldom_in_person_names_are_kept() {
        let mut text = String::new();
        for _ in 0..4 {
            text.push_str(
                "à\tO\nDoha\tB-LOC\n\nFlorence\tB-LOC\n\nFlorence\tB-PER\nAubenas\tI-PER\n\n",
            );
            text.push_str("Le\tB-LOC\nHavre\tI-LOC\n\nUSA\tB-LOC\n\n");
        }
        text.push_str("Kaboul\tB-LOC\n");
        let mut c = PlaceCounts::default();
        c.add_conll(&text, 0);
        assert_eq!(c.0.get("Doha"), Some(&(4, 0)));
        assert_eq!(c.0.get("Florence"), Some(&(4, 4)));
        // "Florence" is a given name as often; "Le Havre" is two words; "USA" has no
        // lowercase letter; "Kaboul" was seen once.
        let kept: Vec<&str> = c.kept().iter().map(|(w, _)| *w).collect();
        assert_eq!(kept, ["Doha"]);
        assert_eq!(c.to_tsv(), "place_name\tcount\nDoha\t4\n");
    }
}

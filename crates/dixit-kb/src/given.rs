//! Given names learned from person annotations: the first word of a multi-word person
//! name in a CoNLL corpus (`token<TAB>IOB2 tag`) that stands first far more often than
//! anywhere else. The bundled `data/kb/given_names.tsv` is built this way from
//! WikiNEuRal-fr (`dixit kb given-names`), so that "Donald Trump" or "Mahinda Deshapriya"
//! read as a first name and a surname although no French politician is called so.

use crate::KbError;
use crate::annotations::{self, Counts};
use std::path::Path;

/// Fewest multi-word person names a word must open to be kept.
pub const MIN_FIRST: u32 = 2;
/// A kept word opens person names at least this many times as often as it stands elsewhere
/// in one (surnames, particles and one-word names stand elsewhere).
pub const MIN_FIRST_RATIO: u32 = 4;

/// Per word: (times first in a multi-word person name, times anywhere else in a name).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct GivenCounts(pub Counts);

impl GivenCounts {
    /// Adds the person names of one CoNLL text; documents (`# doc` lines, or the start of
    /// the file) whose index modulo `holdout_every` is `holdout_every - 1` are skipped
    /// (`holdout_every` 0: none), as `dixit train ner --holdout-every` holds them out.
    pub fn add_conll(&mut self, text: &str, holdout_every: usize) {
        annotations::for_each_span(text, holdout_every, |kind, span| {
            if kind != "PER" {
                return;
            }
            let multi = span.len() >= 2;
            for (i, w) in span.iter().enumerate() {
                let c = self.0.entry((*w).to_string()).or_default();
                if i == 0 && multi {
                    c.0 += 1;
                } else {
                    c.1 += 1;
                }
            }
        });
    }

    /// The kept given names, sorted: see [`MIN_FIRST`], [`MIN_FIRST_RATIO`]; only
    /// capitalised words of letters (and inner hyphens or apostrophes), not acronyms,
    /// function words, name particles or titles.
    pub fn kept(&self) -> Vec<(&str, u32)> {
        annotations::kept_words(&self.0, MIN_FIRST, MIN_FIRST_RATIO, |w| {
            annotations::is_capitalised_word(w)
                && !dixit_lexicon::closed::is_name_particle(w)
                && dixit_lexicon::title_head(w).is_none()
        })
    }

    /// The `given_names.tsv` text of the kept names.
    pub fn to_tsv(&self) -> String {
        annotations::words_tsv("given_name\tcount", &self.kept())
    }
}

/// Counts the person names of CoNLL files and returns the `given_names.tsv` text and the
/// number of names kept.
pub fn given_names_tsv(paths: &[&Path], holdout_every: usize) -> Result<(String, usize), KbError> {
    let mut counts = GivenCounts::default();
    annotations::read_conll_files(paths, holdout_every, |text, h| counts.add_conll(text, h))?;
    let n = counts.kept().len();
    Ok((counts.to_tsv(), n))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONLL: &str = "# doc\nDonald\tB-PER\nTrump\tI-PER\nparle\tO\n\nDonald\tB-PER\nDuck\tI-PER\n\n\
Donald\tB-PER\nTusk\tI-PER\nLe\tB-PER\nPen\tI-PER\n# doc\nDonald\tB-PER\nSutherland\tI-PER\n\
# doc\nTrump\tB-PER\nvisite\tO\nMark\tB-PER\nEsper\tI-PER\n";

    #[test]
    fn first_words_of_person_names_are_counted() {
        let mut c = GivenCounts::default();
        c.add_conll(CONLL, 0);
        assert_eq!(c.0.get("Donald"), Some(&(4, 0)));
        assert_eq!(c.0.get("Trump"), Some(&(0, 2)));
        assert_eq!(c.0.get("Mark"), Some(&(1, 0)));
        // "Le" opens a name but is a particle; "Mark" opens too few.
        let kept: Vec<&str> = c.kept().iter().map(|(w, _)| *w).collect();
        assert_eq!(kept, ["Donald"]);
        assert_eq!(c.to_tsv(), "given_name\tcount\nDonald\t4\n");
    }

    #[test]
    fn held_out_documents_are_skipped() {
        let mut c = GivenCounts::default();
        // Three documents; with holdout_every 3 the third (index 2) is skipped.
        c.add_conll(CONLL, 3);
        assert_eq!(c.0.get("Mark"), None);
        assert_eq!(c.0.get("Donald"), Some(&(4, 0)));
        let mut c = GivenCounts::default();
        // With 2, the second document (index 1) is skipped.
        c.add_conll(CONLL, 2);
        assert_eq!(c.0.get("Donald"), Some(&(3, 0)));
    }

    #[test]
    fn surnames_and_acronyms_are_not_given_names() {
        let mut c = GivenCounts::default();
        let mut text = String::new();
        for _ in 0..5 {
            text.push_str("Jean\tB-PER\nMartin\tI-PER\n\nMartin\tB-PER\nLuther\tI-PER\n\nUMP\tB-PER\nX\tI-PER\n\n");
        }
        c.add_conll(&text, 0);
        let kept: Vec<&str> = c.kept().iter().map(|(w, _)| *w).collect();
        // "Martin" opens five names but ends five: a surname as often as a first name.
        assert_eq!(kept, ["Jean"]);
    }
}

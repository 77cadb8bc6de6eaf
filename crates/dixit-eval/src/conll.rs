//! Entity-level NER scorer: a port of `eval/tools/score_conll.py` (exact span and type as
//! conlleval, or `--fuzzy`: overlap with a gold entity of the same type), IOB1, IOB2 and
//! BIOES alike, types outside the kept set read as `O`.

use crate::pyfmt::{self, is_py_space, py_split};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// Why scoring could not run.
#[derive(Debug, thiserror::Error)]
pub enum ConllError {
    /// A file could not be read (or is not UTF-8).
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The two files do not hold the same number of sentences.
    #[error("sentence count differs: gold {gold} pred {pred}")]
    SentenceCount {
        /// Gold sentences.
        gold: usize,
        /// Predicted sentences.
        pred: usize,
    },
    /// A sentence's tokens differ between the files.
    #[error("tokens differ near: {0}")]
    TokensDiffer(String),
    /// Output serialisation failed.
    #[error("cannot serialise the scores: {0}")]
    Serialize(#[from] serde_json::Error),
}

/// One sentence: `(token, tag)` per line, the tag being the last column.
pub type Sentence = Vec<(String, String)>;

/// The default `--types`.
pub const DEFAULT_TYPES: &str = "PER,LOC,ORG,MISC";

/// Scoring options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Entity types scored; others count as `O` in both files.
    pub types: Vec<String>,
    /// Count a predicted entity when it overlaps a gold entity of the same type.
    pub fuzzy: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options::new(DEFAULT_TYPES, false)
    }
}

impl Options {
    /// Options from a comma-separated type list, as `--types` takes it.
    pub fn new(types: &str, fuzzy: bool) -> Self {
        Options {
            types: types.split(',').map(str::to_owned).collect(),
            fuzzy,
        }
    }
}

/// Reads CoNLL text: `#` lines ignored, blank lines between sentences, columns split on tabs
/// when the line has one, else on whitespace (Python's universal newlines included).
pub fn read(text: &str) -> Vec<Sentence> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut sents = Vec::new();
    let mut cur: Sentence = Vec::new();
    for line in text.split('\n') {
        if line.starts_with('#') {
            continue;
        }
        if line.trim_matches(is_py_space).is_empty() {
            if !cur.is_empty() {
                sents.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let (first, last) = if line.contains('\t') {
            (line.split('\t').next(), line.split('\t').next_back())
        } else {
            (py_split(line).next(), py_split(line).last())
        };
        cur.push((
            first.unwrap_or_default().to_owned(),
            last.unwrap_or_default().to_owned(),
        ));
    }
    if !cur.is_empty() {
        sents.push(cur);
    }
    sents
}

/// An entity: `[start, end)` token indices and its type.
pub type Entity<'a> = (usize, usize, &'a str);

/// The entities of one tag sequence, as the Python `spans()` decodes them: a new entity on
/// `B-`/`S-`, on a type change or after `O`; `E-`/`S-` close it.
pub fn spans<'a>(tags: &[&'a str], keep: &HashSet<&str>) -> HashSet<Entity<'a>> {
    let mut out = HashSet::new();
    let mut open: Option<(usize, &'a str)> = None;
    let n = tags.len();
    for i in 0..=n {
        let t = tags.get(i).copied().unwrap_or("O");
        let split = if t == "O" { None } else { t.split_once('-') };
        let Some((pre, ty)) = split.filter(|(_, ty)| keep.contains(ty)) else {
            if let Some((s, ty)) = open.take() {
                out.insert((s, i, ty));
            }
            continue;
        };
        let begins = matches!(pre, "B" | "S");
        if begins || open.is_none_or(|(_, oty)| oty != ty) {
            if let Some((s, oty)) = open.take() {
                out.insert((s, i, oty));
            }
            open = Some((i, ty));
        }
        if matches!(pre, "E" | "S")
            && let Some((s, oty)) = open.take()
        {
            out.insert((s, i + 1, oty));
        }
    }
    out
}

/// Precision, recall, F1 (keys `p`, `r`, `f`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prf {
    /// Precision.
    pub p: f64,
    /// Recall.
    pub r: f64,
    /// F1.
    pub f: f64,
}

impl Prf {
    fn from_counts(tp: u64, npred: u64, ngold: u64) -> Self {
        let p = if npred > 0 {
            tp as f64 / npred as f64
        } else {
            0.0
        };
        let r = if ngold > 0 {
            tp as f64 / ngold as f64
        } else {
            0.0
        };
        let f = if p + r != 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        Prf { p, r, f }
    }
}

/// Counts of one type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TypeCounts {
    /// Right predicted entities.
    pub tp: u64,
    /// Predicted entities.
    pub npred: u64,
    /// Gold entities.
    pub ngold: u64,
}

/// The scores: overall, then each kept type in sorted order.
#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    /// Micro-average over the kept types.
    pub overall: Prf,
    /// Per type, sorted by name, with its counts.
    pub per_type: Vec<(String, Prf, TypeCounts)>,
}

impl Serialize for Scores {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.rows().serialize(s)
    }
}

impl Scores {
    /// The `--json` output, byte for byte what the Python script prints (without the newline).
    pub fn to_json(&self) -> Result<String, ConllError> {
        Ok(pyfmt::dumps(&self.rows(), None)?)
    }

    /// The plain-text output, line for line what the Python script prints.
    pub fn to_text(&self) -> String {
        self.rows()
            .into_iter()
            .map(|(k, x)| format!("{k:8} P {:.4} R {:.4} F1 {:.4}\n", x.p, x.r, x.f))
            .collect()
    }

    fn rows(&self) -> Rows<'_> {
        let mut rows: Vec<(&str, Prf)> = vec![("overall", self.overall)];
        for (t, prf, _) in &self.per_type {
            match rows.iter_mut().find(|(k, _)| k == t) {
                Some(row) => row.1 = *prf,
                None => rows.push((t, *prf)),
            }
        }
        Rows(rows)
    }
}

struct Rows<'a>(Vec<(&'a str, Prf)>);

impl<'a> IntoIterator for Rows<'a> {
    type Item = (&'a str, Prf);
    type IntoIter = std::vec::IntoIter<(&'a str, Prf)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl Serialize for Rows<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// Scores predicted CoNLL text against gold CoNLL text.
pub fn score(gold: &str, pred: &str, opts: &Options) -> Result<Scores, ConllError> {
    let (gold, pred) = (read(gold), read(pred));
    if gold.len() != pred.len() {
        return Err(ConllError::SentenceCount {
            gold: gold.len(),
            pred: pred.len(),
        });
    }
    let keep: HashSet<&str> = opts.types.iter().map(String::as_str).collect();
    let mut stats: BTreeMap<&str, TypeCounts> =
        keep.iter().map(|t| (*t, TypeCounts::default())).collect();
    for (gs, ps) in gold.iter().zip(&pred) {
        if gs.len() != ps.len() || gs.iter().zip(ps).any(|(g, p)| g.0 != p.0) {
            let near: Vec<&str> = gs.iter().take(12).map(|(w, _)| w.as_str()).collect();
            return Err(ConllError::TokensDiffer(near.join(" ")));
        }
        let gtags: Vec<&str> = gs.iter().map(|(_, t)| t.as_str()).collect();
        let ptags: Vec<&str> = ps.iter().map(|(_, t)| t.as_str()).collect();
        let g = spans(&gtags, &keep);
        let p = spans(&ptags, &keep);
        let mut bump = |ty: &str, f: fn(&mut TypeCounts)| {
            if let Some(c) = stats.get_mut(ty) {
                f(c);
            }
        };
        for s in &g {
            bump(s.2, |c| c.ngold += 1);
        }
        for s in &p {
            bump(s.2, |c| c.npred += 1);
            let right = if opts.fuzzy {
                g.iter().any(|t| s.2 == t.2 && s.0 < t.1 && t.0 < s.1)
            } else {
                g.contains(s)
            };
            if right {
                bump(s.2, |c| c.tp += 1);
            }
        }
    }
    let tot = stats
        .values()
        .fold(TypeCounts::default(), |a, c| TypeCounts {
            tp: a.tp + c.tp,
            npred: a.npred + c.npred,
            ngold: a.ngold + c.ngold,
        });
    Ok(Scores {
        overall: Prf::from_counts(tot.tp, tot.npred, tot.ngold),
        per_type: stats
            .into_iter()
            .map(|(t, c)| (t.to_owned(), Prf::from_counts(c.tp, c.npred, c.ngold), c))
            .collect(),
    })
}

/// Reads a file as the Python script does (UTF-8).
pub fn read_file(path: &Path) -> Result<String, ConllError> {
    std::fs::read_to_string(path).map_err(|source| ConllError::Io {
        path: path.to_owned(),
        source,
    })
}

/// Scores two CoNLL files, as `score_conll.py GOLD PRED`.
pub fn score_files(gold: &Path, pred: &Path, opts: &Options) -> Result<Scores, ConllError> {
    score(&read_file(gold)?, &read_file(pred)?, opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ents(tags: &str) -> Vec<(usize, usize, String)> {
        let keep: HashSet<&str> = ["PER", "LOC"].into_iter().collect();
        let tags: Vec<&str> = tags.split(' ').collect();
        let mut v: Vec<_> = spans(&tags, &keep)
            .into_iter()
            .map(|(s, e, t)| (s, e, t.to_owned()))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn decodes_iob1_iob2_bioes() {
        let per = |s, e| (s, e, "PER".to_owned());
        // IOB1: I- starts an entity; B- only separates adjacent ones.
        assert_eq!(ents("I-PER I-PER B-PER O"), [per(0, 2), per(2, 3)]);
        assert_eq!(ents("B-PER I-PER O B-PER"), [per(0, 2), per(3, 4)]);
        assert_eq!(
            ents("S-PER B-PER I-PER E-PER I-PER"),
            [per(0, 1), per(1, 4), per(4, 5)]
        );
        // Type change and unkept type.
        assert_eq!(
            ents("B-PER I-LOC B-ORG I-PER"),
            [per(0, 1), (1, 2, "LOC".to_owned()), per(3, 4)]
        );
    }

    #[test]
    fn reads_tabs_spaces_comments_and_crlf() {
        let s = read("# doc\r\na\tB-PER\r\nb c  I-PER\r\n\r\n\r\nd\tx\tO\n");
        assert_eq!(s.len(), 2);
        assert_eq!(s[0][1], ("b".to_owned(), "I-PER".to_owned()));
        assert_eq!(s[1][0], ("d".to_owned(), "O".to_owned()));
    }

    #[test]
    fn strict_and_fuzzy() {
        let gold = "a\tB-PER\nb\tI-PER\nc\tO\n";
        let pred = "a\tB-PER\nb\tO\nc\tO\n";
        let strict = score(gold, pred, &Options::default()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(strict.overall.f, 0.0);
        let fuzzy =
            score(gold, pred, &Options::new(DEFAULT_TYPES, true)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(fuzzy.overall.f, 1.0);
        assert!(matches!(
            score(gold, "x\tO\n", &Options::default()),
            Err(ConllError::TokensDiffer(_))
        ));
    }
}

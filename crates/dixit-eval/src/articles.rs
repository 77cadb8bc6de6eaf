//! Article-level scorer: a port of `eval/tools/score_articles.py` (quotes at 0.3 and 0.8
//! overlap, speakers, persons, media, organisations, roles), same figures, same output.
//!
//! Gold: `GOLD_DIR/<id>.json` (see `eval/ANNOTATION.md`) plus `<id>.txt` or `<id>.md`, the
//! article the offsets refer to. Predictions: one JSON value per id, read leniently exactly
//! as the Python script reads them (extra fields ignored).

use crate::pyfmt::{self, py_split};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::ops::AddAssign;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// Why scoring could not run.
#[derive(Debug, thiserror::Error)]
pub enum ArticlesError {
    /// A file or directory could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A gold or prediction file is not valid JSON.
    #[error("invalid JSON in {path}: {source}")]
    Json {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: serde_json::Error,
    },
    /// A gold `<id>.json` has neither `<id>.txt` nor `<id>.md` beside it.
    #[error("no article text for {0}")]
    NoText(String),
    /// A gold quote's text does not occur in the article (the Python scorer crashes there).
    #[error("{id}: gold quote not found in the article text: {text:?}")]
    GoldQuoteNotFound {
        /// Document id.
        id: String,
        /// The quote text.
        text: String,
    },
    /// A gold file does not follow the annotation format.
    #[error("{id}: malformed gold: {what}")]
    BadGold {
        /// Document id.
        id: String,
        /// What is wrong.
        what: String,
    },
    /// A prediction has a `start`/`end` that is not an integer.
    #[error("{id}: malformed prediction: {what}")]
    BadPrediction {
        /// Document id.
        id: String,
        /// What is wrong.
        what: String,
    },
    /// Output serialisation failed.
    #[error("cannot serialise the report: {0}")]
    Serialize(#[from] serde_json::Error),
}

type Result<T> = std::result::Result<T, ArticlesError>;

/// The raw counts the figures derive from (the Python output's `summary.counts`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Non-optional gold quotes.
    pub q_gold: u64,
    /// Predicted quotes, less those that only match optional gold quotes.
    pub q_pred: u64,
    /// Gold quotes covered at ≥ 30 % by one predicted quote.
    pub q_tp30: u64,
    /// Gold quotes covered at ≥ 80 % by one predicted quote.
    pub q_tp80: u64,
    /// Predicted quotes covering ≥ 30 % of some gold quote.
    pub q_pred_tp30: u64,
    /// Predicted quotes covering ≥ 80 % of some gold quote.
    pub q_pred_tp80: u64,
    /// Found gold quotes that have a gold speaker.
    pub spk_n: u64,
    /// Of those, quotes whose predicted speaker is the gold one.
    pub spk_ok: u64,
    /// Gold persons.
    pub per_gold: u64,
    /// Predicted persons.
    pub per_pred: u64,
    /// Matched persons.
    pub per_tp: u64,
    /// Gold media (distinct normalised names).
    pub med_gold: u64,
    /// Predicted media.
    pub med_pred: u64,
    /// Common media.
    pub med_tp: u64,
    /// Gold organisations.
    pub org_gold: u64,
    /// Predicted organisations.
    pub org_pred: u64,
    /// Common organisations.
    pub org_tp: u64,
    /// Gold roles.
    pub role_gold: u64,
    /// Gold roles found on the matching predicted person.
    pub role_found: u64,
    /// Gold documents with no prediction.
    pub missing_pred: u64,
}

impl AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.q_gold += o.q_gold;
        self.q_pred += o.q_pred;
        self.q_tp30 += o.q_tp30;
        self.q_tp80 += o.q_tp80;
        self.q_pred_tp30 += o.q_pred_tp30;
        self.q_pred_tp80 += o.q_pred_tp80;
        self.spk_n += o.spk_n;
        self.spk_ok += o.spk_ok;
        self.per_gold += o.per_gold;
        self.per_pred += o.per_pred;
        self.per_tp += o.per_tp;
        self.med_gold += o.med_gold;
        self.med_pred += o.med_pred;
        self.med_tp += o.med_tp;
        self.org_gold += o.org_gold;
        self.org_pred += o.org_pred;
        self.org_tp += o.org_tp;
        self.role_gold += o.role_gold;
        self.role_found += o.role_found;
        self.missing_pred += o.missing_pred;
    }
}

/// Precision, recall, F1 of quotes (keys `p`, `r`, `f1` as in the Python output).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct QuotePrf {
    /// Precision.
    pub p: f64,
    /// Recall.
    pub r: f64,
    /// F1.
    pub f1: f64,
}

/// Precision, recall, F1 of a set (keys `p`, `r`, `f` as in the Python output).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prf {
    /// Precision.
    pub p: f64,
    /// Recall.
    pub r: f64,
    /// F1.
    pub f: f64,
}

/// The corpus-level figures: `summary` of the Python `--json` output, same keys, same order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// Quotes matched at 30 % overlap of the gold span.
    #[serde(rename = "quotes@0.3")]
    pub quotes_03: QuotePrf,
    /// Quotes matched at 80 % overlap of the gold span.
    #[serde(rename = "quotes@0.8")]
    pub quotes_08: QuotePrf,
    /// Right speakers among found gold quotes that have one.
    pub speaker_accuracy: f64,
    /// Person names.
    pub persons: Prf,
    /// News outlets.
    pub media: Prf,
    /// Organisations.
    pub organizations: Prf,
    /// Gold roles found on the matching predicted person.
    pub roles_recall: f64,
    /// Raw counts.
    pub counts: Counts,
}

/// One document's line of the report (the Python output's `documents.<id>`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocScore {
    /// Non-optional gold quotes.
    pub quotes_gold: u64,
    /// Of those, found at 30 %.
    pub quotes_found: u64,
    /// Predicted quotes (all located ones).
    pub quotes_pred: u64,
    /// Right speakers.
    pub speaker_ok: u64,
    /// Found gold quotes with a gold speaker.
    pub speaker_n: u64,
    /// Persons precision, recall, F1.
    pub persons: (f64, f64, f64),
}

/// The whole result: summary plus per-document scores in gold file order.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Corpus-level figures.
    pub summary: Summary,
    /// `(id, score)` in the order the Python script lists them.
    pub documents: Vec<(String, DocScore)>,
}

struct Documents<'a>(&'a [(String, DocScore)]);

impl Serialize for Documents<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (id, d) in self.0 {
            m.serialize_entry(id, d)?;
        }
        m.end()
    }
}

impl Serialize for Report {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("summary", &self.summary)?;
        m.serialize_entry("documents", &Documents(&self.documents))?;
        m.end()
    }
}

impl Report {
    /// Builds the report from per-document results.
    pub fn new(documents: Vec<(String, DocScore)>, counts: Counts) -> Self {
        Report {
            summary: summarize(&counts),
            documents,
        }
    }

    /// The `--json` output, byte for byte what the Python script prints (without the final newline).
    pub fn to_json(&self) -> Result<String> {
        Ok(pyfmt::dumps(self, Some(1))?)
    }

    /// The plain-text output, line for line what the Python script prints.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for (id, d) in &self.documents {
            out.push_str(&format!(
                "{id}: quotes {}/{} (pred {}), speakers {}/{}, persons F1 {:.2}\n",
                d.quotes_found,
                d.quotes_gold,
                d.quotes_pred,
                d.speaker_ok,
                d.speaker_n,
                d.persons.2
            ));
        }
        let s = &self.summary;
        for (name, q) in [("quotes@0.3", &s.quotes_03), ("quotes@0.8", &s.quotes_08)] {
            out.push_str(&format!(
                "{name} P {:.3} R {:.3} F1 {:.3}\n",
                q.p, q.r, q.f1
            ));
        }
        out.push_str(&format!(
            "speaker accuracy {:.3}  roles recall {:.3}\n",
            s.speaker_accuracy, s.roles_recall
        ));
        for (name, x) in [
            ("persons", &s.persons),
            ("media", &s.media),
            ("organizations", &s.organizations),
        ] {
            out.push_str(&format!("{name} P {:.3} R {:.3} F1 {:.3}\n", x.p, x.r, x.f));
        }
        if s.counts.missing_pred > 0 {
            out.push_str(&format!("missing predictions: {}\n", s.counts.missing_pred));
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Normalisation and name matching, as in the Python script.

/// `norm()`: NFKD, combining marks dropped, `’` → `'`, lowercase, hyphens as spaces,
/// whitespace collapsed.
pub fn norm(s: &str) -> String {
    let stripped: String = s
        .nfkd()
        .filter(|c| unicode_normalization::char::canonical_combining_class(*c) == 0)
        .map(|c| if c == '\u{2019}' { '\'' } else { c })
        .collect();
    let lower = stripped.to_lowercase().replace('-', " ");
    let mut out = String::with_capacity(lower.len());
    for w in py_split(&lower) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

const DETERMINERS: [&str; 8] = ["le ", "la ", "les ", "l'", "du ", "des ", "au ", "aux "];

/// `norm_name()`: `norm` without one leading French article, so that "le Parisien" and
/// "Le Parisien" are one outlet.
pub fn norm_name(s: &str) -> String {
    let n = norm(s);
    for d in DETERMINERS {
        // Python compares lengths in code points; the determiners are ASCII.
        if let Some(rest) = n.strip_prefix(d)
            && n.chars().count() > d.len() + 1
        {
            return rest.to_owned();
        }
    }
    n
}

const CIVILITY: [&str; 7] = ["m", "m.", "mme", "mlle", "mr", "monsieur", "madame"];

fn name_tokens(n: &str) -> Vec<String> {
    let n = norm(n).replace('.', " ");
    py_split(&n)
        .filter(|t| !CIVILITY.contains(t))
        .map(str::to_owned)
        .collect()
}

/// `same_person()`: one name is a word-suffix of the other, civilities aside ("Hamon" names
/// "Benoît Hamon"; "Marine Le Pen" does not name "Jean-Marie Le Pen").
pub fn same_person(pred: &str, gold: &str) -> bool {
    let (p, g) = (name_tokens(pred), name_tokens(gold));
    if p.is_empty() || g.is_empty() {
        return false;
    }
    let k = p.len().min(g.len());
    p[p.len() - k..] == g[g.len() - k..]
}

/// `same_source()`: same normalised name, same person, or (collective sources) one
/// normalised name containing the other, both longer than three characters.
pub fn same_source(pred: Option<&str>, gold: &str) -> bool {
    let Some(pred) = pred else { return false };
    let (a, b) = (norm(pred), norm(gold));
    if a == b || same_person(pred, gold) {
        return true;
    }
    a.chars().count() > 3 && b.chars().count() > 3 && (a.contains(&b) || b.contains(&a))
}

fn prf(tp: u64, npred: u64, ngold: u64) -> (f64, f64, f64) {
    let p = if npred > 0 {
        tp as f64 / npred as f64
    } else {
        1.0
    };
    let r = if ngold > 0 {
        tp as f64 / ngold as f64
    } else {
        1.0
    };
    let f = if p + r != 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

fn ratio(num: u64, den: u64, empty: f64) -> f64 {
    if den > 0 {
        num as f64 / den as f64
    } else {
        empty
    }
}

/// Derives the figures from the counts (`summary()` of the Python script).
pub fn summarize(t: &Counts) -> Summary {
    let p30 = prf(t.q_pred_tp30, t.q_pred, t.q_gold).0;
    let r30 = ratio(t.q_tp30, t.q_gold, 1.0);
    let f30 = if p30 + r30 != 0.0 {
        2.0 * p30 * r30 / (p30 + r30)
    } else {
        0.0
    };
    let p80 = ratio(t.q_pred_tp80, t.q_pred, 1.0);
    let r80 = ratio(t.q_tp80, t.q_gold, 1.0);
    let f80 = if p80 + r80 != 0.0 {
        2.0 * p80 * r80 / (p80 + r80)
    } else {
        0.0
    };
    let set = |tp, np, ng| {
        let (p, r, f) = prf(tp, np, ng);
        Prf { p, r, f }
    };
    Summary {
        quotes_03: QuotePrf {
            p: p30,
            r: r30,
            f1: f30,
        },
        quotes_08: QuotePrf {
            p: p80,
            r: r80,
            f1: f80,
        },
        speaker_accuracy: ratio(t.spk_ok, t.spk_n, 0.0),
        persons: set(t.per_tp, t.per_pred, t.per_gold),
        media: set(t.med_tp, t.med_pred, t.med_gold),
        organizations: set(t.org_tp, t.org_pred, t.org_gold),
        roles_recall: ratio(t.role_found, t.role_gold, 0.0),
        counts: *t,
    }
}

// ---------------------------------------------------------------------------------------------
// Reading JSON the way the Python script does.

/// Python truthiness of a JSON value.
fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64().is_some_and(|x| x != 0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
    }
}

/// `name_of()`: a string, or the first truthy of `name`, `text`, `title` of an object
/// (falling back to `title` itself when it is an empty string). Values Python would crash on
/// count as no name.
fn name_of(v: Option<&Value>) -> Option<&str> {
    match v? {
        Value::String(s) => Some(s),
        Value::Object(o) => {
            for k in ["name", "text", "title"] {
                if truthy(o.get(k)) {
                    return o.get(k).and_then(Value::as_str);
                }
            }
            o.get("title").and_then(Value::as_str)
        }
        _ => None,
    }
}

/// A truthy `name_of()`.
fn nonempty_name(v: &Value) -> Option<&str> {
    name_of(Some(v)).filter(|s| !s.is_empty())
}

/// `x.get(key, []) or []` for a list-valued field; anything not a list is empty.
fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// Python's `int(x)` on a JSON value.
fn py_int(v: &Value) -> Option<i64> {
    match v {
        Value::Bool(b) => Some(i64::from(*b)),
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|x| x.is_finite())
                .map(|x| x.trunc() as i64)
        }),
        Value::String(s) => s
            .trim_matches(crate::pyfmt::is_py_space)
            .replace('_', "")
            .parse()
            .ok(),
        _ => None,
    }
}

type ByteSpan = (i64, i64);

/// `locate()`: the `occurrence`-th occurrence of `text` in `raw`, as Python's `bytes.find`
/// loop computes it (an occurrence ≤ 0 yields a span starting at -1, as in Python).
pub fn locate(raw: &[u8], text: &str, occurrence: i64) -> Option<ByteSpan> {
    let needle = text.as_bytes();
    let mut pos: i64 = -1;
    for _ in 0..occurrence.max(0) {
        let from = usize::try_from(pos + 1).ok()?;
        pos = i64::try_from(find_from(raw, needle, from)?).ok()?;
    }
    Some((pos, pos + i64::try_from(needle.len()).ok()?))
}

fn find_from(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let rest = hay.get(from..)?;
    if needle.is_empty() {
        return Some(from);
    }
    rest.windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

fn overlap(a: ByteSpan, b: ByteSpan) -> i64 {
    (a.1.min(b.1) - a.0.max(b.0)).max(0)
}

fn cover(a: ByteSpan, of: ByteSpan) -> f64 {
    overlap(a, of) as f64 / (of.1 - of.0).max(1) as f64
}

fn gold_str<'a>(v: &'a Value, id: &str, what: &str) -> Result<&'a str> {
    v.as_str().ok_or_else(|| ArticlesError::BadGold {
        id: id.to_owned(),
        what: format!("{what} is not a string"),
    })
}

/// Scores one document. `raw` is the article as given to the system (offsets are UTF-8
/// bytes into it); `pred` is `None` when the system produced nothing for it (then it also
/// counts in `missing_pred`).
pub fn score_document(
    id: &str,
    gold: &Value,
    raw: &[u8],
    pred: Option<&Value>,
) -> Result<(DocScore, Counts)> {
    let mut t = Counts::default();
    let empty = Value::Object(Default::default());
    let pred = match pred {
        Some(p) => p,
        None => {
            t.missing_pred = 1;
            &empty
        }
    };

    // Quotes.
    let mut gq: Vec<(ByteSpan, &Value)> = Vec::new();
    for q in list(gold, "quotes") {
        let text = gold_str(q.get("text").unwrap_or(&Value::Null), id, "quote text")?;
        let occ = q.get("occurrence").and_then(Value::as_i64).unwrap_or(1);
        let span = locate(raw, text, occ).ok_or_else(|| ArticlesError::GoldQuoteNotFound {
            id: id.to_owned(),
            text: text.to_owned(),
        })?;
        gq.push((span, q));
    }
    let mut pq: Vec<(ByteSpan, Option<&str>)> = Vec::new();
    for q in list(pred, "quotes") {
        let Some(obj) = q.as_object() else { continue };
        let span = match (obj.get("start"), obj.get("end")) {
            (Some(s), Some(e)) => {
                let bad = |v: &Value| ArticlesError::BadPrediction {
                    id: id.to_owned(),
                    what: format!("quote offset {v} is not an integer"),
                };
                Some((
                    py_int(s).ok_or_else(|| bad(s))?,
                    py_int(e).ok_or_else(|| bad(e))?,
                ))
            }
            _ => match obj.get("text") {
                Some(Value::String(s)) if !s.is_empty() => locate(raw, s, 1),
                _ => None,
            },
        };
        if let Some(span) = span {
            pq.push((span, name_of(obj.get("speaker"))));
        }
    }
    let mut d = DocScore {
        quotes_gold: 0,
        quotes_found: 0,
        quotes_pred: pq.len() as u64,
        speaker_ok: 0,
        speaker_n: 0,
        persons: (0.0, 0.0, 0.0),
    };
    for &(gspan, gqt) in &gq {
        // Python's max() over (ratio, index) tuples: ties go to the last prediction.
        let mut best: Option<(f64, usize)> = None;
        for (i, &(ps, _)) in pq.iter().enumerate() {
            let r = cover(ps, gspan);
            if best.is_none_or(|(b, _)| r >= b) {
                best = Some((r, i));
            }
        }
        let best_ratio = best.map_or(0.0, |b| b.0);
        let (hit30, hit80) = (best_ratio >= 0.3, best_ratio >= 0.8);
        if truthy(gqt.get("optional")) {
            continue;
        }
        t.q_gold += 1;
        d.quotes_gold += 1;
        if hit30 {
            t.q_tp30 += 1;
            d.quotes_found += 1;
            if truthy(gqt.get("speaker")) {
                let gs = gold_str(
                    gqt.get("speaker").unwrap_or(&Value::Null),
                    id,
                    "quote speaker",
                )?;
                t.spk_n += 1;
                d.speaker_n += 1;
                let ps = best.and_then(|(_, i)| pq.get(i)).and_then(|p| p.1);
                if same_source(ps, gs) {
                    t.spk_ok += 1;
                    d.speaker_ok += 1;
                }
            }
        }
        if hit80 {
            t.q_tp80 += 1;
        }
    }
    // Precision side: a predicted quote is right when it covers any gold quote, optional ones
    // included; one that only covers optional quotes is not counted at all.
    for &(ps, _) in &pq {
        let hits: Vec<f64> = gq.iter().map(|&(gs, _)| cover(ps, gs)).collect();
        let best = hits
            .iter()
            .copied()
            .fold(None, |m: Option<f64>, h| Some(m.map_or(h, |m| m.max(h))));
        let best = best.unwrap_or(0.0);
        let opt_only = best >= 0.3
            && hits
                .iter()
                .zip(&gq)
                .all(|(&h, (_, g))| h < 0.3 || truthy(g.get("optional")));
        if opt_only {
            continue;
        }
        t.q_pred += 1;
        if best >= 0.3 {
            t.q_pred_tp30 += 1;
        }
        if best >= 0.8 {
            t.q_pred_tp80 += 1;
        }
    }

    // Persons: greedy, each gold person takes the first unmatched predicted one.
    let gold_persons = list(gold, "persons");
    let mut gp = Vec::with_capacity(gold_persons.len());
    for p in gold_persons {
        gp.push(gold_str(
            p.get("name").unwrap_or(&Value::Null),
            id,
            "person name",
        )?);
    }
    let pred_persons = list(pred, "persons");
    let pp: Vec<&str> = pred_persons.iter().filter_map(nonempty_name).collect();
    let mut matched = vec![false; pp.len()];
    let mut tp = 0;
    for g in &gp {
        for (i, p) in pp.iter().enumerate() {
            if matched.get(i) == Some(&false) && same_person(p, g) {
                if let Some(m) = matched.get_mut(i) {
                    *m = true;
                }
                tp += 1;
                break;
            }
        }
    }
    t.per_gold += gp.len() as u64;
    t.per_pred += pp.len() as u64;
    t.per_tp += tp;
    d.persons = prf(tp, pp.len() as u64, gp.len() as u64);

    // Roles: recall of gold roles on the first predicted person that names the gold one.
    for (g, gname) in gold_persons.iter().zip(&gp) {
        let groles = list(g, "roles");
        let found = pred_persons
            .iter()
            .find(|p| nonempty_name(p).is_some_and(|n| same_person(n, gname)));
        let Some(p) = found else {
            t.role_gold += groles.len() as u64;
            continue;
        };
        let proles: Vec<String> = list(p, "roles")
            .iter()
            .filter_map(nonempty_name)
            .map(norm)
            .collect();
        for r in groles {
            t.role_gold += 1;
            let nr = norm(gold_str(r, id, "role")?);
            if proles
                .iter()
                .any(|x| x.chars().count() > 3 && (x.contains(&nr) || nr.contains(x.as_str())))
            {
                t.role_found += 1;
            }
        }
    }

    // Media, organisations: sets of normalised names.
    for (key, which) in [("media", 0), ("organizations", 1)] {
        let mut gs = BTreeSet::new();
        for x in list(gold, key) {
            gs.insert(norm_name(gold_str(x, id, key)?));
        }
        let ps: BTreeSet<String> = list(pred, key)
            .iter()
            .filter_map(nonempty_name)
            .map(norm_name)
            .collect();
        let common = gs.intersection(&ps).count() as u64;
        let (g, p) = (gs.len() as u64, ps.len() as u64);
        if which == 0 {
            (t.med_gold, t.med_pred, t.med_tp) = (g, p, common);
        } else {
            (t.org_gold, t.org_pred, t.org_tp) = (g, p, common);
        }
    }
    Ok((d, t))
}

/// One gold document: its id and files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldEntry {
    /// File stem, e.g. `001`.
    pub id: String,
    /// `<id>.json`.
    pub json_path: PathBuf,
    /// `<id>.txt` or `<id>.md`: the article as given to the system.
    pub text_path: PathBuf,
}

/// The gold documents of a directory, in the order the Python script scores them
/// (`sorted(glob("*.json"))`).
pub fn gold_entries(gold_dir: &Path) -> Result<Vec<GoldEntry>> {
    gold_entries_with(gold_dir, &[])
}

/// As [`gold_entries`], reading article texts missing from `gold_dir` from `text_dirs`, in
/// order (the scripts' `--text-dir=DIR`: gold kept apart from the texts it annotates).
pub fn gold_entries_with(gold_dir: &Path, text_dirs: &[PathBuf]) -> Result<Vec<GoldEntry>> {
    let io = |source| ArticlesError::Io {
        path: gold_dir.to_owned(),
        source,
    };
    let mut names = Vec::new();
    for e in std::fs::read_dir(gold_dir).map_err(io)? {
        let name = e.map_err(io)?.file_name();
        if let Some(n) = name.to_str()
            && n.ends_with(".json")
        {
            names.push(n.to_owned());
        }
    }
    names.sort();
    let mut out = Vec::with_capacity(names.len());
    for n in names {
        let json_path = gold_dir.join(&n);
        let id = Path::new(&n)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        let text_path = std::iter::once(gold_dir)
            .chain(text_dirs.iter().map(PathBuf::as_path))
            .flat_map(|base| [".txt", ".md"].map(|ext| base.join(format!("{id}{ext}"))))
            .find(|p| p.exists())
            .ok_or_else(|| ArticlesError::NoText(id.clone()))?;
        out.push(GoldEntry {
            id,
            json_path,
            text_path,
        });
    }
    Ok(out)
}

fn read_json(path: &Path) -> Result<Value> {
    let bytes = std::fs::read(path).map_err(|source| ArticlesError::Io {
        path: path.to_owned(),
        source,
    })?;
    serde_json::from_slice(&bytes).map_err(|source| ArticlesError::Json {
        path: path.to_owned(),
        source,
    })
}

/// Scores every gold document, asking `pred` for each one's prediction (`None`: missing).
pub fn score_with<F>(gold_dir: &Path, pred: F) -> Result<Report>
where
    F: FnMut(&GoldEntry) -> Result<Option<Value>>,
{
    score_with_texts(gold_dir, &[], pred)
}

/// As [`score_with`], with article texts also looked up in `text_dirs`.
pub fn score_with_texts<F>(gold_dir: &Path, text_dirs: &[PathBuf], mut pred: F) -> Result<Report>
where
    F: FnMut(&GoldEntry) -> Result<Option<Value>>,
{
    let mut total = Counts::default();
    let mut docs = Vec::new();
    for e in gold_entries_with(gold_dir, text_dirs)? {
        let gold = read_json(&e.json_path)?;
        let raw = std::fs::read(&e.text_path).map_err(|source| ArticlesError::Io {
            path: e.text_path.clone(),
            source,
        })?;
        let p = pred(&e)?;
        let (d, t) = score_document(&e.id, &gold, &raw, p.as_ref())?;
        total += t;
        docs.push((e.id, d));
    }
    Ok(Report::new(docs, total))
}

/// Scores predictions read from `PRED_DIR/<id>.json`, as `score_articles.py GOLD PRED`.
pub fn score_dirs(gold_dir: &Path, pred_dir: &Path) -> Result<Report> {
    score_with(gold_dir, |e| {
        let p = pred_dir.join(format!("{}.json", e.id));
        if p.is_file() {
            read_json(&p).map(Some)
        } else {
            Ok(None)
        }
    })
}

/// Scores in-memory predictions keyed by document id; ids absent from the map are missing.
pub fn score_values(gold_dir: &Path, preds: &HashMap<String, Value>) -> Result<Report> {
    score_with(gold_dir, |e| Ok(preds.get(&e.id).cloned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn norm_folds_accents_case_hyphens_apostrophes() {
        assert_eq!(norm("  Jean-Marie  LE\u{a0}Pen "), "jean marie le pen");
        assert_eq!(norm("L’Élysée"), "l'elysee");
        assert_eq!(norm("ﬁnancier"), "financier");
    }

    #[test]
    fn norm_name_strips_one_determiner() {
        assert_eq!(norm_name("Le Parisien"), "parisien");
        assert_eq!(norm_name("au Parisien"), "parisien");
        assert_eq!(norm_name("L’Express"), "express");
        assert_eq!(norm_name("les Echos"), "echos");
        // Too short after the article: kept whole, as in Python.
        assert_eq!(norm_name("le x"), "le x");
        assert_eq!(norm_name("Libération"), "liberation");
    }

    #[test]
    fn persons_match_by_word_suffix() {
        assert!(same_person("Hamon", "Benoît Hamon"));
        assert!(same_person("M. Hamon", "Benoit Hamon"));
        assert!(same_person("Le Guen", "Jean-Marie Le Guen"));
        assert!(!same_person("Marine Le Pen", "Jean-Marie Le Pen"));
        assert!(!same_person("Mme", "Madame"));
    }

    #[test]
    fn sources_match_collectives_by_containment() {
        assert!(same_source(
            Some("entourage de Manuel Valls"),
            "l'entourage de Manuel Valls"
        ));
        assert!(!same_source(Some("PS"), "Parti socialiste"));
        // The word-suffix rule lets a surname name a collective built on it, as in Python.
        assert!(same_source(Some("Valls"), "l'entourage de Manuel Valls"));
        assert!(!same_source(None, "Valls"));
    }

    #[test]
    fn locate_counts_occurrences_in_bytes() {
        let raw = "é oui, oui".as_bytes();
        assert_eq!(locate(raw, "oui", 1), Some((3, 6)));
        assert_eq!(locate(raw, "oui", 2), Some((8, 11)));
        assert_eq!(locate(raw, "oui", 3), None);
        assert_eq!(locate(raw, "oui", 0), Some((-1, 2)));
    }

    #[test]
    fn name_of_follows_python_or_chain() {
        assert_eq!(name_of(Some(&json!({"name": "", "text": "a"}))), Some("a"));
        assert_eq!(name_of(Some(&json!({"title": ""}))), Some(""));
        assert_eq!(name_of(Some(&json!(null))), None);
        assert_eq!(name_of(Some(&json!(3))), None);
    }

    #[test]
    fn optional_only_prediction_is_not_counted() {
        let raw = "A dit « un deux trois » et « quatre cinq ».".as_bytes();
        let gold = json!({"quotes": [
            {"text": "un deux trois", "speaker": "A"},
            {"text": "quatre cinq", "optional": true}]});
        let pred =
            json!({"quotes": [{"text": "quatre cinq"}, {"text": "deux trois", "speaker": "A"}]});
        let (d, t) = score_document("x", &gold, raw, Some(&pred)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((d.quotes_gold, d.quotes_found, d.quotes_pred), (1, 1, 2));
        assert_eq!((t.q_pred, t.q_pred_tp30, t.q_tp80), (1, 1, 0));
        assert_eq!((t.spk_n, t.spk_ok), (1, 1));
    }

    #[test]
    fn unlocatable_gold_quote_is_an_error() {
        let gold = json!({"quotes": [{"text": "absent"}]});
        assert!(matches!(
            score_document("x", &gold, b"texte", None),
            Err(ArticlesError::GoldQuoteNotFound { .. })
        ));
    }
}

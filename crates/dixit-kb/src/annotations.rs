//! Entity spans of CoNLL files (`token<TAB>IOB2 tag`), for the word lists learned from
//! annotations (given names, place names), and what those lists share: reading the files,
//! keeping words by counts, writing the TSV.

use crate::KbError;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// Per word: (times seen as the list wants it, times seen otherwise).
pub type Counts = BTreeMap<String, (u32, u32)>;

/// Reads each CoNLL file and hands its text to `add` with `holdout_every`.
pub fn read_conll_files(
    paths: &[&Path],
    holdout_every: usize,
    mut add: impl FnMut(&str, usize),
) -> Result<(), KbError> {
    for p in paths {
        let text = std::fs::read_to_string(p).map_err(|e| KbError::Io(p.to_path_buf(), e))?;
        add(&text, holdout_every);
    }
    Ok(())
}

/// The words of `counts` seen at least `min` times as wanted and at least `ratio` times as
/// often as otherwise, that pass `keep`, sorted, with their wanted count.
pub fn kept_words(
    counts: &Counts,
    min: u32,
    ratio: u32,
    keep: impl Fn(&str) -> bool,
) -> Vec<(&str, u32)> {
    counts
        .iter()
        .filter(|&(w, &(yes, no))| yes >= min && yes >= ratio * no && keep(w))
        .map(|(w, &(yes, _))| (w.as_str(), yes))
        .collect()
}

/// A TSV text: the header line, then one `word<TAB>count` line per kept word.
pub fn words_tsv(header: &str, kept: &[(&str, u32)]) -> String {
    let mut out = format!("{header}\n");
    for (w, n) in kept {
        let _ = writeln!(out, "{w}\t{n}");
    }
    out
}

/// A capitalised word of letters (inner hyphens and apostrophes allowed) with a lowercase
/// letter, so no acronym, and not a capitalised function word ("Le", "Selon").
pub fn is_capitalised_word(w: &str) -> bool {
    let mut chars = w.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let rest: Vec<char> = chars.collect();
    first.is_uppercase()
        && rest.iter().any(|c| c.is_lowercase())
        && rest
            .iter()
            .all(|&c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’')
        && !dixit_lexicon::closed::is_function_word(w)
}

/// Calls `f(kind, words)` for each entity span ("PER", "LOC", …) of a CoNLL text, in order.
/// Documents (`# doc` or `-DOCSTART-` lines, or the start of the file) whose index modulo
/// `holdout_every` is `holdout_every - 1` are skipped (`holdout_every` 0: none), as
/// `dixit train ner --holdout-every` holds them out. An `I-` tag that continues no span of
/// its kind opens none.
pub fn for_each_span(text: &str, holdout_every: usize, mut f: impl FnMut(&str, &[&str])) {
    let mut doc = 0usize;
    let mut seen_token = false;
    let mut kind: &str = "";
    let mut span: Vec<&str> = Vec::new();
    let mut flush = |kind: &str, span: &mut Vec<&str>| {
        if !span.is_empty() {
            f(kind, span);
            span.clear();
        }
    };
    for line in text.lines() {
        if line.starts_with("# doc") || line.starts_with("-DOCSTART-") {
            flush(kind, &mut span);
            if seen_token {
                doc += 1;
            }
            continue;
        }
        let held = holdout_every > 0 && doc % holdout_every == holdout_every - 1;
        let mut cols = line.split('\t');
        let (Some(token), Some(tag)) = (cols.next(), cols.next_back()) else {
            flush(kind, &mut span);
            continue;
        };
        seen_token = true;
        let tag = tag.trim();
        if let Some(k) = tag.strip_prefix("I-")
            && k == kind
            && !span.is_empty()
        {
            span.push(token);
            continue;
        }
        flush(kind, &mut span);
        if let Some(k) = tag.strip_prefix("B-")
            && !held
        {
            kind = k;
            span.push(token);
        }
    }
    flush(kind, &mut span);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_by_kind_and_held_out_documents() {
        let text = "# doc\nLe\tO\nPen\tB-PER\nà\tO\nParis\tB-LOC\nNord\tI-LOC\nX\tI-PER\n\
# doc\nLyon\tB-LOC\n";
        let mut got = Vec::new();
        for_each_span(text, 0, |k, w| got.push(format!("{k}:{}", w.join(" "))));
        assert_eq!(got, ["PER:Pen", "LOC:Paris Nord", "LOC:Lyon"]);
        got.clear();
        for_each_span(text, 2, |k, w| got.push(format!("{k}:{}", w.join(" "))));
        assert_eq!(got, ["PER:Pen", "LOC:Paris Nord"]);
    }
}

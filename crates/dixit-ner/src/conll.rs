//! CoNLL reading and writing: `token<TAB>…<TAB>tag` lines, `#` comment lines (`# doc` opens a
//! document), blank lines between sentences — the format of `shared/data/ner` and of
//! `score_conll.py`.

use crate::{NerError, Tag};
use std::path::Path;

/// One tagged sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Tokens as in the file.
    pub tokens: Vec<String>,
    /// Gold tags, normalised to IOB2.
    pub tags: Vec<Tag>,
    /// Index of the document (counted by `# doc` lines) the sentence belongs to.
    pub doc: usize,
}

/// Reads a CoNLL file.
pub fn read_conll(path: &Path) -> Result<Vec<Sentence>, NerError> {
    let text = std::fs::read_to_string(path).map_err(|source| NerError::Io {
        path: path.display().to_string(),
        source,
    })?;
    parse_conll(&text, &path.display().to_string())
}

/// Parses CoNLL text; `origin` names it in errors. The tag is the last column; a line with a
/// single column is a token whose tag is `O`.
pub fn parse_conll(text: &str, origin: &str) -> Result<Vec<Sentence>, NerError> {
    let mut out = Vec::new();
    let mut cur = Sentence {
        tokens: Vec::new(),
        tags: Vec::new(),
        doc: 0,
    };
    let mut doc = 0usize;
    let mut seen_doc = false;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if let Some(rest) = line.strip_prefix('#') {
            if rest.trim_start().starts_with("doc") {
                flush(&mut cur, &mut out, doc);
                if seen_doc {
                    doc += 1;
                }
                seen_doc = true;
            }
            continue;
        }
        if line.trim().is_empty() {
            flush(&mut cur, &mut out, doc);
            continue;
        }
        let mut cols: Vec<&str> = if line.contains('\t') {
            line.split('\t').collect()
        } else {
            line.split_whitespace().collect()
        };
        let token = cols.first().copied().unwrap_or_default().to_string();
        let tag = if cols.len() > 1 {
            let label = cols.pop().unwrap_or("O");
            Tag::parse(label).ok_or_else(|| NerError::Conll {
                path: origin.to_string(),
                line: n + 1,
                message: format!("unknown tag {label:?}"),
            })?
        } else {
            Tag::O
        };
        // IOB1 and broken IOB2 become IOB2: an I- that cannot continue opens an entity.
        let prev = cur.tags.last().copied().unwrap_or(Tag::O);
        let tag = match tag.entity() {
            Some(t) if tag.is_inside() && !tag.may_follow(prev) => Tag::begin(t),
            _ => tag,
        };
        cur.tokens.push(token);
        cur.tags.push(tag);
    }
    flush(&mut cur, &mut out, doc);
    Ok(out)
}

fn flush(cur: &mut Sentence, out: &mut Vec<Sentence>, doc: usize) {
    if !cur.tokens.is_empty() {
        let mut s = std::mem::replace(
            cur,
            Sentence {
                tokens: Vec::new(),
                tags: Vec::new(),
                doc,
            },
        );
        s.doc = doc;
        out.push(s);
    }
}

/// Splits sentences by document: documents whose index is `every - 1` modulo `every` are
/// held out (`every = 10` keeps 90 % for training). `every < 2` holds nothing out.
pub fn split_holdout(sents: Vec<Sentence>, every: usize) -> (Vec<Sentence>, Vec<Sentence>) {
    if every < 2 {
        return (sents, Vec::new());
    }
    sents.into_iter().partition(|s| s.doc % every != every - 1)
}

/// Writes sentences as CoNLL (`token<TAB>tag`), one `# doc` line per document.
pub fn write_conll(sents: &[Sentence]) -> String {
    let mut out = String::new();
    let mut last_doc = None;
    for s in sents {
        if last_doc != Some(s.doc) {
            out.push_str("# doc\n");
            last_doc = Some(s.doc);
        }
        for (w, t) in s.tokens.iter().zip(&s.tags) {
            out.push_str(w);
            out.push('\t');
            out.push_str(t.as_str());
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_docs_sentences_and_normalises_iob1() {
        let text = "# doc\nLe\tO\nPen\tI-PER\n\nà\tO\nParis\tB-LOC\n# doc\nX\tx\tB-ORG\n";
        let s = parse_conll(text, "t").unwrap_or_default();
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].tags, vec![Tag::O, Tag::BPer]);
        assert_eq!(s[1].doc, 0);
        assert_eq!(s[2].doc, 1);
        assert_eq!(s[2].tags, vec![Tag::BOrg]);
        let again = parse_conll(&write_conll(&s), "t").unwrap_or_default();
        assert_eq!(again, s);
    }

    #[test]
    fn bad_tag_is_reported_with_line() {
        let err = parse_conll("a\tO\nb\tZ-PER\n", "f.conll");
        assert!(matches!(err, Err(NerError::Conll { line: 2, .. })));
    }

    #[test]
    fn holdout_split_by_document() {
        let sents: Vec<Sentence> = (0..20)
            .map(|i| Sentence {
                tokens: vec!["a".into()],
                tags: vec![Tag::O],
                doc: i / 2,
            })
            .collect();
        let (tr, ho) = split_holdout(sents, 5);
        assert_eq!(ho.len(), 4);
        assert!(ho.iter().all(|s| s.doc % 5 == 4));
        assert_eq!(tr.len(), 16);
    }
}

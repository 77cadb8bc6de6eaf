//! Reader of the Democrat coreference corpus in its CoNLL-2012-style export (B. Oberle's
//! `democrat_dem1921`): documents between `#begin document` and `#end document`, one word a
//! line with 15 tab-separated columns (index, form, lemma, UPOS, _, FEATS, HEAD, DEPREL, _,
//! _, speaker, paragraph, NE bracketed, NE per token, coreference), a blank line after each
//! sentence. Multiword tokens (`21-22 des` followed by `21 de`, `22 les`) give the text its
//! surface form while their words carry the indices and annotations.
//!
//! Each document's text is rebuilt from the surface tokens (paragraphs apart, sentences of
//! a paragraph side by side, French spacing), so that a system can read it and its spans
//! be mapped back to words ([`Document::word_span`]).

use crate::coref::{Chain, Mention};
use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Why a Democrat file cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum DemocratError {
    /// The file could not be read (or is not UTF-8).
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A line breaks the format.
    #[error("{path}:{line}: {what}")]
    Malformed {
        /// The path.
        path: PathBuf,
        /// Line number, from 1.
        line: usize,
        /// What is wrong.
        what: String,
    },
}

/// One word (a syntactic word: `de` and `les` of the surface token `des`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Its form.
    pub form: String,
    /// Index of its surface token in [`Document::surfaces`].
    pub surface: usize,
    /// Named-entity type from the per-token NE column (`PER`, `ORG`, `LOC`…), if any.
    pub ne: Option<String>,
}

/// One surface token: a word, or a multiword token standing for several words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Surface {
    /// The form as written.
    pub form: String,
    /// Sentence index in the document.
    pub sentence: usize,
    /// The paragraph column.
    pub paragraph: String,
    /// Its words (indices into [`Document::words`]).
    pub words: Range<usize>,
    /// Its bytes in [`Document::text`].
    pub bytes: Range<usize>,
}

/// One document: words, surface tokens, rebuilt text and gold chains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The name after `#begin document` (inside the parentheses when there are some).
    pub name: String,
    /// Words, numbered from 0 across the whole document.
    pub words: Vec<Word>,
    /// Surface tokens, in order.
    pub surfaces: Vec<Surface>,
    /// The text rebuilt from the surface tokens.
    pub text: String,
    /// Gold chains by id, in the order their first mention closes; mentions sorted.
    pub chains: Vec<(String, Chain)>,
}

impl Document {
    /// The gold chains (all of them, singletons included).
    pub fn key(&self) -> Vec<Chain> {
        self.chains.iter().map(|(_, c)| c.clone()).collect()
    }

    /// The gold chains about an entity of one of `types`: those with a mention that is the
    /// innermost mention over a word whose per-token NE column has one of those types.
    /// "Innermost" keeps "le frère de [Paul Morin]" out of Paul Morin's type: the PER words
    /// belong to the mention "Paul Morin", the shortest mention covering them (mentions of
    /// equal length over the same word all count).
    pub fn key_of_types(&self, types: &[&str]) -> Vec<Chain> {
        let mut shortest = vec![usize::MAX; self.words.len()];
        for (_, chain) in &self.chains {
            for &(a, b) in chain {
                for slot in shortest.iter_mut().take(b + 1).skip(a) {
                    *slot = (*slot).min(b - a);
                }
            }
        }
        let typed = |w: usize| {
            self.words
                .get(w)
                .and_then(|x| x.ne.as_deref())
                .is_some_and(|t| types.contains(&t))
        };
        self.chains
            .iter()
            .filter(|(_, chain)| {
                chain.iter().any(|&(a, b)| {
                    (a..=b).any(|w| typed(w) && shortest.get(w).is_some_and(|&s| s == b - a))
                })
            })
            .map(|(_, c)| c.clone())
            .collect()
    }

    /// The words a byte span of [`Document::text`] covers, as a mention: from the word of
    /// the surface token holding its first byte to the word of the one holding its last
    /// byte. A multiword token stands for its last word at both ends (`du` = `de le`: a
    /// mention starts at the article, never at the preposition, and "auquel" ends at
    /// "lequel"), as in the annotation; a span starting at the euphonic `-t` of `a-t-il`
    /// starts after it. `None` when the span covers no token.
    pub fn word_span(&self, bytes: Range<usize>) -> Option<Mention> {
        if bytes.start >= bytes.end {
            return None;
        }
        let first = self
            .surfaces
            .partition_point(|s| s.bytes.end <= bytes.start);
        let last = self
            .surfaces
            .partition_point(|s| s.bytes.start < bytes.end)
            .checked_sub(1)?;
        // The euphonic "t" of "a-t-il" is never part of a mention (the annotation's "-il"
        // is); a tokeniser that keeps "-t-il" whole must not be charged for it.
        let first = match self.surfaces.get(first) {
            Some(s) if first < last && matches!(s.form.as_str(), "-t" | "t" | "-t-") => first + 1,
            _ => first,
        };
        if last < first {
            return None;
        }
        let a = self.surfaces.get(first)?.words.end.checked_sub(1)?;
        let b = self.surfaces.get(last)?.words.end.checked_sub(1)?;
        Some((a, b))
    }
}

/// Reads a Democrat CoNLL file.
pub fn read_file(path: &Path) -> Result<Vec<Document>, DemocratError> {
    let text = std::fs::read_to_string(path).map_err(|source| DemocratError::Io {
        path: path.to_owned(),
        source,
    })?;
    parse(path, &text)
}

/// Number of columns of a word line.
const COLUMNS: usize = 15;

/// A document being read.
struct Open {
    doc: Document,
    /// Sentence index of the next word.
    sentence: usize,
    /// Words seen in the current sentence.
    in_sentence: usize,
    /// A multiword token waiting for its words: next index expected, last index.
    mwt: Option<(usize, usize)>,
    /// Mentions opened and not yet closed: chain id, first word, line.
    opened: Vec<(String, usize, usize)>,
    /// Chain id → index in `doc.chains`.
    chain_at: HashMap<String, usize>,
    /// Mentions seen, to refuse one annotated twice.
    seen: HashMap<Mention, usize>,
}

/// Parses Democrat CoNLL text; `path` names the input in errors.
pub fn parse(path: &Path, text: &str) -> Result<Vec<Document>, DemocratError> {
    let bad = |line: usize, what: String| DemocratError::Malformed {
        path: path.to_owned(),
        line,
        what,
    };
    let mut docs = Vec::new();
    let mut open: Option<Open> = None;
    let mut line_no = 0;
    for (i, raw) in text.lines().enumerate() {
        line_no = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(rest) = line.strip_prefix("#begin document") {
            if open.is_some() {
                return Err(bad(line_no, "#begin document inside a document".into()));
            }
            open = Some(Open {
                doc: Document {
                    name: document_name(rest),
                    words: Vec::new(),
                    surfaces: Vec::new(),
                    text: String::new(),
                    chains: Vec::new(),
                },
                sentence: 0,
                in_sentence: 0,
                mwt: None,
                opened: Vec::new(),
                chain_at: HashMap::new(),
                seen: HashMap::new(),
            });
            continue;
        }
        if line.starts_with("#end document") {
            let o = open
                .take()
                .ok_or_else(|| bad(line_no, "#end document outside a document".into()))?;
            docs.push(close(o, line_no, &bad)?);
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        if line.trim().is_empty() {
            if let Some(o) = open.as_mut() {
                if let Some((next, _)) = o.mwt {
                    return Err(bad(line_no, format!("sentence ends before word {next}")));
                }
                if o.in_sentence > 0 {
                    o.sentence += 1;
                    o.in_sentence = 0;
                }
            }
            continue;
        }
        let o = open
            .as_mut()
            .ok_or_else(|| bad(line_no, "word line outside a document".into()))?;
        word_line(o, line, line_no, &bad)?;
    }
    if open.is_some() {
        return Err(bad(
            line_no,
            "document not ended (#end document missing)".into(),
        ));
    }
    Ok(docs)
}

/// `(name); part 000` → `name`.
fn document_name(rest: &str) -> String {
    let rest = rest.trim();
    match (rest.find('('), rest.rfind(')')) {
        (Some(a), Some(b)) if a < b => rest.get(a + 1..b).unwrap_or(rest).to_owned(),
        _ => rest.to_owned(),
    }
}

fn word_line(
    o: &mut Open,
    line: &str,
    line_no: usize,
    bad: &dyn Fn(usize, String) -> DemocratError,
) -> Result<(), DemocratError> {
    let cols: Vec<&str> = line.split('\t').collect();
    if cols.len() != COLUMNS {
        return Err(bad(
            line_no,
            format!("{} columns, expected {COLUMNS}", cols.len()),
        ));
    }
    let (id, form, paragraph) = (cols[0], cols[1], cols[11]);
    let number = |s: &str| {
        s.parse::<usize>()
            .map_err(|_| bad(line_no, format!("word index {s:?} is not a number")))
    };
    if let Some((a, b)) = id.split_once('-') {
        if let Some((next, _)) = o.mwt {
            return Err(bad(line_no, format!("multiword token before word {next}")));
        }
        let (a, b) = (number(a)?, number(b)?);
        if b <= a {
            return Err(bad(line_no, format!("multiword token range {id} is empty")));
        }
        o.mwt = Some((a, b));
        let w = o.doc.words.len();
        o.doc.surfaces.push(Surface {
            form: form.to_owned(),
            sentence: o.sentence,
            paragraph: paragraph.to_owned(),
            words: w..w,
            bytes: 0..0,
        });
        return Ok(());
    }
    let n = number(id)?;
    let w = o.doc.words.len();
    match o.mwt {
        Some((next, last)) => {
            if n != next {
                return Err(bad(
                    line_no,
                    format!("word {n} where word {next} was expected"),
                ));
            }
            o.mwt = (n < last).then_some((n + 1, last));
            if let Some(s) = o.doc.surfaces.last_mut() {
                s.words.end = w + 1;
            }
        }
        None => o.doc.surfaces.push(Surface {
            form: form.to_owned(),
            sentence: o.sentence,
            paragraph: paragraph.to_owned(),
            words: w..w + 1,
            bytes: 0..0,
        }),
    }
    let ne = cols[13].trim_matches(['(', ')']);
    o.doc.words.push(Word {
        form: form.to_owned(),
        surface: o.doc.surfaces.len().saturating_sub(1),
        ne: (!matches!(ne, "*" | "_" | "-" | "")).then(|| ne.to_owned()),
    });
    o.in_sentence += 1;
    let coref = cols[14];
    if matches!(coref, "_" | "-") {
        return Ok(());
    }
    for item in coref.split('|') {
        let (opens, chain) = match item.strip_prefix('(') {
            Some(rest) => (true, rest),
            None => (false, item),
        };
        let (closes, chain) = match chain.strip_suffix(')') {
            Some(rest) => (true, rest),
            None => (false, chain),
        };
        if chain.is_empty() || chain.contains(['(', ')']) || !(opens || closes) {
            return Err(bad(line_no, format!("coreference item {item:?}")));
        }
        if opens && !closes {
            o.opened.push((chain.to_owned(), w, line_no));
            continue;
        }
        let start = if opens {
            w
        } else {
            let k = o
                .opened
                .iter()
                .rposition(|(c, _, _)| c == chain)
                .ok_or_else(|| {
                    bad(
                        line_no,
                        format!("mention of chain {chain} closed, not open"),
                    )
                })?;
            o.opened.remove(k).1
        };
        add_mention(o, chain, (start, w), line_no, bad)?;
    }
    Ok(())
}

fn add_mention(
    o: &mut Open,
    chain: &str,
    m: Mention,
    line_no: usize,
    bad: &dyn Fn(usize, String) -> DemocratError,
) -> Result<(), DemocratError> {
    if let Some(prev) = o.seen.insert(m, line_no) {
        return Err(bad(
            line_no,
            format!(
                "mention of words {}..={} annotated twice (also ending on line {prev})",
                m.0, m.1
            ),
        ));
    }
    let k = *o.chain_at.entry(chain.to_owned()).or_insert_with(|| {
        o.doc.chains.push((chain.to_owned(), Vec::new()));
        o.doc.chains.len() - 1
    });
    if let Some((_, c)) = o.doc.chains.get_mut(k) {
        c.push(m);
    }
    Ok(())
}

/// Checks a finished document and rebuilds its text.
fn close(
    mut o: Open,
    line_no: usize,
    bad: &dyn Fn(usize, String) -> DemocratError,
) -> Result<Document, DemocratError> {
    if let Some((chain, _, at)) = o.opened.first() {
        return Err(bad(
            line_no,
            format!("mention of chain {chain} opened on line {at} never closed"),
        ));
    }
    if let Some((next, _)) = o.mwt {
        return Err(bad(line_no, format!("document ends before word {next}")));
    }
    for (_, c) in &mut o.doc.chains {
        c.sort_unstable();
    }
    rebuild_text(&mut o.doc);
    Ok(o.doc)
}

/// Lays the surface tokens out as text: a blank line between paragraphs, a space between
/// sentences and between words, except where French writes none (before `,` `.` `)` and
/// `-ci`, after an elided `l'` or `(`).
fn rebuild_text(doc: &mut Document) {
    let mut text = String::new();
    let mut prev: Option<(usize, String, String)> = None;
    for s in &mut doc.surfaces {
        if let Some((sentence, paragraph, form)) = &prev {
            let sep = if *paragraph != s.paragraph {
                "\n\n"
            } else if *sentence != s.sentence {
                " "
            } else if glues_left(&s.form) || glues_right(form) {
                ""
            } else {
                " "
            };
            text.push_str(sep);
        }
        let start = text.len();
        text.push_str(&s.form);
        s.bytes = start..text.len();
        prev = Some((s.sentence, s.paragraph.clone(), s.form.clone()));
    }
    doc.text = text;
}

/// A token written against the previous one.
fn glues_left(form: &str) -> bool {
    matches!(form, "," | "." | "..." | "…" | ")" | "]")
        || (form.starts_with('-') && form.chars().nth(1).is_some_and(char::is_alphabetic))
}

/// A token the next one is written against.
fn glues_right(form: &str) -> bool {
    form.ends_with(['\'', '’']) || matches!(form, "(" | "[")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two documents in the corpus's format: a multiword token, nested and one-word
    /// mentions, two mentions closing on one word, NE tags, two paragraphs.
    const FIXTURE: &str = "\
#begin document (ge/test-1); part 000
1\tM.\tM.\tNOUN\t_\t_\t0\troot\t_\t_\t_\t0\t(PER\t(PER\t(1
2\tDupont\tDupont\tPROPN\t_\t_\t1\tflat\t_\t_\t_\t0\t*)\tPER)\t1)

1\tIl\til\tPRON\t_\t_\t2\tnsubj\t_\t_\t_\t1\t*\t*\t(1)
2\tparle\tparler\tVERB\t_\t_\t0\troot\t_\t_\t_\t1\t*\t*\t_
3-4\tdu\t_\t_\t_\t_\t_\t_\t_\t_\t_\t1\t*\t*\t_
3\tde\tde\tADP\t_\t_\t5\tcase\t_\t_\t_\t1\t*\t*\t_
4\tle\tle\tDET\t_\t_\t5\tdet\t_\t_\t_\t1\t*\t*\t(2
5\tfrère\tfrère\tNOUN\t_\t_\t2\tobl\t_\t_\t_\t1\t*\t*\t_
6\tde\tde\tADP\t_\t_\t8\tcase\t_\t_\t_\t1\t*\t*\t_
7\tl'\tle\tDET\t_\t_\t8\tdet\t_\t_\t_\t1\t(ORG\t(ORG\t(3
8\tONU\tONU\tPROPN\t_\t_\t5\tnmod\t_\t_\t_\t1\t*)\tORG)\t3)|2)
9\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_\t_\t1\t*\t*\t_
#end document
#begin document (ge/test-2); part 000
1\tElle\til\tPRON\t_\t_\t0\troot\t_\t_\t_\t0\t*\t*\t(1)
#end document
";

    fn parsed() -> Vec<Document> {
        parse(Path::new("fixture.conll"), FIXTURE).expect("the fixture parses")
    }

    #[test]
    fn reads_words_surfaces_and_chains() {
        let docs = parsed();
        assert_eq!(docs.len(), 2);
        let d = &docs[0];
        assert_eq!(d.name, "ge/test-1");
        // 2 + 9 words; "du" is one surface token for words 5 and 6 ("de", "le").
        assert_eq!(d.words.len(), 11);
        assert_eq!(d.surfaces.len(), 10);
        let du = &d.surfaces[4];
        assert_eq!((du.form.as_str(), du.words.clone()), ("du", 4..6));
        assert_eq!(d.words[5].form, "le");
        assert_eq!(d.words[5].surface, 4);
        assert_eq!(d.words[0].ne.as_deref(), Some("PER"));
        assert_eq!(d.words[1].ne.as_deref(), Some("PER"));
        assert_eq!(d.words[2].ne, None);
        // Chains in order of first mention, mentions sorted.
        let ids: Vec<&str> = d.chains.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(ids, ["1", "3", "2"]);
        assert_eq!(d.chains[0].1, vec![(0, 1), (2, 2)]);
        assert_eq!(d.chains[2].1, vec![(5, 9)]);
        assert_eq!(d.chains[1].1, vec![(8, 9)]);
        assert_eq!(docs[1].key(), vec![vec![(0, 0)]]);
    }

    #[test]
    fn rebuilds_the_text_and_maps_spans_back() {
        let d = &parsed()[0];
        assert_eq!(d.text, "M. Dupont\n\nIl parle du frère de l'ONU.");
        let at = |s: &str| {
            let a = d.text.find(s).expect("in the text");
            a..a + s.len()
        };
        assert_eq!(d.word_span(at("M. Dupont")), Some((0, 1)));
        assert_eq!(d.word_span(at("Dupont")), Some((1, 1)));
        // "du frère de l'ONU" starts at "le", the last word of "du".
        assert_eq!(d.word_span(at("du frère de l'ONU")), Some((5, 9)));
        assert_eq!(d.word_span(at("ONU")), Some((9, 9)));
        // Part of a token is the token.
        assert_eq!(d.word_span(at("ONU.")), Some((9, 10)));
        assert_eq!(d.word_span(at("Dup")), Some((1, 1)));
        // Only whitespace, or nothing: no mention.
        assert_eq!(d.word_span(at("\n\n")), None);
        assert_eq!(d.word_span(3..3), None);
    }

    #[test]
    fn euphonic_t_is_not_part_of_a_mention() {
        let word = |id: &str, form: &str, coref: &str| {
            format!("{id}\t{form}\tx\tX\t_\t_\t0\troot\t_\t_\t_\t0\t*\t*\t{coref}\n")
        };
        let text = format!(
            "#begin document (d); part 000\n{}{}{}#end document\n",
            word("1", "a", "_"),
            word("2", "-t", "_"),
            word("3", "-il", "(1)")
        );
        let docs = parse(Path::new("f.conll"), &text).expect("parses");
        let d = &docs[0];
        assert_eq!(d.text, "a-t-il");
        // A tokeniser's "-t-il" is the annotated "-il"; "-t" alone stays "-t".
        assert_eq!(d.word_span(1..6), Some((2, 2)));
        assert_eq!(d.word_span(1..3), Some((1, 1)));
    }

    #[test]
    fn keeps_chains_named_by_a_type_in_their_innermost_mention() {
        let d = &parsed()[0];
        // Chain 1 ("M. Dupont"), chain 3 ("l'ONU"); chain 2 ("le frère de l'ONU") holds ORG
        // words only through the shorter mention "l'ONU".
        assert_eq!(
            d.key_of_types(&["PER", "ORG"]),
            vec![d.key()[0].clone(), d.key()[1].clone()]
        );
        assert_eq!(d.key_of_types(&["PER"]), vec![d.key()[0].clone()]);
        assert!(d.key_of_types(&["LOC"]).is_empty());
    }

    #[test]
    fn malformed_lines_name_file_and_line() {
        let cases = [
            ("1\tx\n", 1, "outside a document"),
            ("#begin document (a)\n1\tx\n#end document\n", 2, "2 columns"),
            ("#begin document (a)\n", 1, "not ended"),
            ("#end document\n", 1, "outside a document"),
        ];
        for (text, line, what) in cases {
            let err = parse(Path::new("f.conll"), text).expect_err(text);
            let msg = err.to_string();
            assert!(msg.starts_with(&format!("f.conll:{line}: ")), "{msg}");
            assert!(msg.contains(what), "{msg}");
        }
        let word = |id: &str, coref: &str| {
            format!("{id}\tw\tw\tX\t_\t_\t0\troot\t_\t_\t_\t0\t*\t*\t{coref}\n")
        };
        let doc = |body: String| format!("#begin document (d); part 000\n{body}#end document\n");
        let cases = [
            (doc(word("1", "(1")), 3, "never closed"),
            (doc(word("1", "1)")), 2, "closed, not open"),
            (doc(word("1", "(1)|(1)")), 2, "annotated twice"),
            (doc(word("1", "((1)")), 2, "coreference item"),
            (doc(word("x", "_")), 2, "not a number"),
            (
                doc(word("1-2", "_") + &word("2", "_")),
                3,
                "word 1 was expected",
            ),
            (doc(word("1-2", "_") + &word("1", "_")), 4, "before word 2"),
        ];
        for (text, line, what) in cases {
            let err = parse(Path::new("f.conll"), &text).expect_err(&text);
            let msg = err.to_string();
            assert!(msg.starts_with(&format!("f.conll:{line}: ")), "{msg}");
            assert!(msg.contains(what), "{msg}");
        }
    }

    #[test]
    fn missing_file_is_an_io_error_naming_it() {
        let err = read_file(Path::new("/nonexistent/dem.conll")).expect_err("no such file");
        assert!(err.to_string().contains("/nonexistent/dem.conll"));
    }
}

//! CoNLL-U reading and writing. A sentence keeps its original lines, so that predictions can be
//! written back into exactly the lines they came from (comments, multiword-token ranges, empty
//! nodes and the XPOS, DEPS and MISC columns untouched).

use crate::{Deprel, Feats, SyntaxError, Upos};

/// One syntactic word of a CoNLL-U sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UdWord {
    /// Word form.
    pub form: String,
    /// Lemma (`_` when absent).
    pub lemma: String,
    /// Part of speech (`None` when the column is `_` or unknown).
    pub upos: Option<Upos>,
    /// Features the layer knows.
    pub feats: Feats,
    /// Head: 0 for the root, else the 1-based id of the head; `None` when absent.
    pub head: Option<usize>,
    /// Relation (`None` when absent or unknown).
    pub deprel: Option<Deprel>,
    /// The relation as written (subtypes unknown to [`Deprel`] kept).
    pub deprel_raw: String,
}

/// A multiword token: the surface token `form` covering words `first..=last` (1-based ids).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiwordToken {
    /// First word id.
    pub first: usize,
    /// Last word id.
    pub last: usize,
    /// Surface form ("du").
    pub form: String,
}

/// One CoNLL-U sentence.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UdSentence {
    /// The lines as read (without line ends).
    pub lines: Vec<String>,
    /// For each word, the index of its line in `lines`.
    pub word_lines: Vec<usize>,
    /// Words, in order (`words[i]` has id `i + 1`).
    pub words: Vec<UdWord>,
    /// Multiword tokens.
    pub multiword: Vec<MultiwordToken>,
}

impl UdSentence {
    /// Value of a `# key = value` comment.
    pub fn comment(&self, key: &str) -> Option<&str> {
        self.lines.iter().find_map(|l| {
            let rest = l.strip_prefix('#')?.trim_start();
            let (k, v) = rest.split_once('=')?;
            (k.trim() == key).then(|| v.trim())
        })
    }

    /// Word forms.
    pub fn forms(&self) -> Vec<&str> {
        self.words.iter().map(|w| w.form.as_str()).collect()
    }
}

/// Reads a CoNLL-U file.
pub fn read_conllu(path: &std::path::Path) -> Result<Vec<UdSentence>, SyntaxError> {
    let text = std::fs::read_to_string(path).map_err(|source| SyntaxError::Io {
        path: path.display().to_string(),
        source,
    })?;
    parse_conllu(&text, &path.display().to_string())
}

/// Parses CoNLL-U text; `origin` names it in errors. Word lines need 10 tab-separated
/// columns and consecutive ids; a missing head or relation (`_`) is accepted.
pub fn parse_conllu(text: &str, origin: &str) -> Result<Vec<UdSentence>, SyntaxError> {
    let mut out = Vec::new();
    let mut cur = UdSentence::default();
    let err = |line: usize, message: String| SyntaxError::Conllu {
        path: origin.to_string(),
        line,
        message,
    };
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.lines.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let idx = cur.lines.len();
        cur.lines.push(line.to_string());
        if line.starts_with('#') {
            continue;
        }
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() != 10 {
            return Err(err(n + 1, format!("expected 10 columns, got {}", c.len())));
        }
        let id = c[0];
        if id.contains('.') {
            continue;
        }
        if let Some((a, b)) = id.split_once('-') {
            let (Ok(first), Ok(last)) = (a.parse::<usize>(), b.parse::<usize>()) else {
                return Err(err(n + 1, format!("bad multiword range {id:?}")));
            };
            if first == 0 || last < first {
                return Err(err(n + 1, format!("bad multiword range {id:?}")));
            }
            cur.multiword.push(MultiwordToken {
                first,
                last,
                form: c[1].to_string(),
            });
            continue;
        }
        let Ok(num) = id.parse::<usize>() else {
            return Err(err(n + 1, format!("bad word id {id:?}")));
        };
        if num != cur.words.len() + 1 {
            return Err(err(
                n + 1,
                format!("word id {num} where {} was expected", cur.words.len() + 1),
            ));
        }
        let head = if c[6] == "_" {
            None
        } else {
            match c[6].parse::<usize>() {
                Ok(h) => Some(h),
                Err(_) => return Err(err(n + 1, format!("bad head {:?}", c[6]))),
            }
        };
        cur.word_lines.push(idx);
        cur.words.push(UdWord {
            form: c[1].to_string(),
            lemma: c[2].to_string(),
            upos: Upos::parse(c[3]),
            feats: Feats::parse(c[5]),
            head,
            deprel: Deprel::parse(c[7]),
            deprel_raw: c[7].to_string(),
        });
    }
    if !cur.lines.is_empty() {
        out.push(cur);
    }
    for (k, s) in out.iter().enumerate() {
        let n = s.words.len();
        if let Some(w) = s.words.iter().find(|w| w.head.is_some_and(|h| h > n)) {
            return Err(SyntaxError::Conllu {
                path: origin.to_string(),
                line: 0,
                message: format!(
                    "sentence {}: head {:?} of {:?} is beyond the {n} words",
                    k + 1,
                    w.head,
                    w.form
                ),
            });
        }
    }
    Ok(out)
}

/// Predicted columns of one word, for [`write_predictions`].
#[derive(Debug, Clone, Copy)]
pub struct Prediction<'a> {
    /// Lemma.
    pub lemma: &'a str,
    /// Part of speech.
    pub upos: Upos,
    /// Features.
    pub feats: Feats,
    /// Head: 0 for the root, else a 1-based id.
    pub head: usize,
    /// Relation.
    pub deprel: Deprel,
}

/// Writes `sent` with the LEMMA, UPOS, FEATS, HEAD and DEPREL columns of each word replaced by
/// `pred(i)` (`i` is the 0-based word index); every other line and column is kept.
pub fn write_predictions<'a>(
    sent: &UdSentence,
    mut pred: impl FnMut(usize) -> Prediction<'a>,
    out: &mut String,
) {
    let mut next_word = 0usize;
    for (li, line) in sent.lines.iter().enumerate() {
        if sent.word_lines.get(next_word) == Some(&li) {
            let p = pred(next_word);
            next_word += 1;
            for (k, col) in line.split('\t').enumerate() {
                if k > 0 {
                    out.push('\t');
                }
                match k {
                    2 => out.push_str(if p.lemma.is_empty() { "_" } else { p.lemma }),
                    3 => out.push_str(p.upos.as_str()),
                    5 => p.feats.write(out),
                    6 => out.push_str(itoa(p.head).as_str()),
                    7 => out.push_str(p.deprel.as_str()),
                    _ => out.push_str(col),
                }
            }
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out.push('\n');
}

/// Writes `sent` as read.
pub fn write_sentence(sent: &UdSentence, out: &mut String) {
    for line in &sent.lines {
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
}

fn itoa(n: usize) -> String {
    n.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) const SAMPLE: &str = "# sent_id = x1
# text = Il parle du pays.
1\tIl\til\tPRON\t_\tGender=Masc|Number=Sing|Person=3|PronType=Prs\t2\tnsubj\t_\t_
2\tparle\tparler\tVERB\t_\tMood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin\t0\troot\t_\t_
3-4\tdu\t_\t_\t_\t_\t_\t_\t_\t_
3\tde\tde\tADP\t_\t_\t5\tcase\t_\t_
4\tle\tle\tDET\t_\tDefinite=Def|Gender=Masc|Number=Sing|PronType=Art\t5\tdet\t_\t_
5\tpays\tpays\tNOUN\t_\tGender=Masc|Number=Sing\t2\tobl:arg\t_\tSpaceAfter=No
6\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_

# sent_id = x2
1\tOui\toui\tINTJ\t_\t_\t0\troot\t_\t_
";

    #[test]
    fn reads_words_ranges_and_comments() {
        let s = parse_conllu(SAMPLE, "sample").unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].comment("text"), Some("Il parle du pays."));
        assert_eq!(s[0].forms(), ["Il", "parle", "de", "le", "pays", "."]);
        assert_eq!(
            s[0].multiword,
            vec![MultiwordToken {
                first: 3,
                last: 4,
                form: "du".into()
            }]
        );
        assert_eq!(s[0].words[4].deprel, Some(Deprel::OblArg));
        assert_eq!(s[0].words[1].head, Some(0));
        assert_eq!(s[1].words[0].upos, Some(Upos::Intj));
    }

    #[test]
    fn round_trips_byte_for_byte() {
        let s = parse_conllu(SAMPLE, "sample").unwrap();
        let mut out = String::new();
        for x in &s {
            write_sentence(x, &mut out);
        }
        assert_eq!(out, format!("{SAMPLE}\n"));
        // Writing the gold columns back as predictions gives the same text too.
        let mut again = String::new();
        for x in &s {
            write_predictions(
                x,
                |i| {
                    let w = &x.words[i];
                    Prediction {
                        lemma: &w.lemma,
                        upos: w.upos.unwrap_or_default(),
                        feats: w.feats,
                        head: w.head.unwrap_or(0),
                        deprel: w.deprel.unwrap_or_default(),
                    }
                },
                &mut again,
            );
        }
        assert_eq!(again, out);
    }

    #[test]
    fn malformed_input_names_file_and_line() {
        let e = parse_conllu("1\tIl\til\tPRON\n", "f.conllu").unwrap_err();
        assert_eq!(e.to_string(), "f.conllu:1: expected 10 columns, got 4");
        let bad_id = "2\ta\ta\tX\t_\t_\t0\troot\t_\t_\n";
        assert!(
            parse_conllu(bad_id, "f")
                .unwrap_err()
                .to_string()
                .contains("word id 2")
        );
        let far = "1\ta\ta\tX\t_\t_\t7\troot\t_\t_\n";
        assert!(
            parse_conllu(far, "f")
                .unwrap_err()
                .to_string()
                .contains("beyond")
        );
        let range = "2-1\tdu\t_\t_\t_\t_\t_\t_\t_\t_\n";
        assert!(parse_conllu(range, "f").is_err());
    }
}

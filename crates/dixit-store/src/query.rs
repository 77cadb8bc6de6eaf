//! The search query language, one for every front end (CLI, web server, API) and every
//! backend: user text is parsed into a [`Query`], and only the query's renderings
//! ([`Query::to_fts5`], [`Query::to_tsquery`]) ever reach a search engine, so that no
//! user input is interpreted by an engine's own syntax.
//!
//! Syntax:
//! - words: `retraites` matches "retraite", "Retraités"… (accents and case folded,
//!   French stemming); common words such as "les" or "de" are ignored;
//! - `"premier ministre"`: the words in this order, next to each other (ignored words
//!   between them do not count);
//! - `retraites OR chômage`: either; `OR` binds its two neighbours, so `réforme
//!   retraites OR chômage` is `réforme AND (retraites OR chômage)`;
//! - `-football`, `-"coupe du monde"`: excludes stories or quotes containing it;
//! - `réform*`: any word starting with "réform" (at least two letters before `*`).
//!
//! Words next to each other must all match. Everything else (parentheses, other
//! operators of FTS5 or PostgreSQL) is taken as plain text and folded away.

use crate::normalize::{MAX_WORD_BYTES, fold, for_each_folded_word, is_stop_word, stem};
use std::fmt::Write as _;

/// Longest query accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 1024;
/// Most words and phrases in one query (each costs a look-up in the index).
pub const MAX_ATOMS: usize = 16;
/// Fewest letters before a `*`.
pub const MIN_PREFIX_CHARS: usize = 2;
/// Largest page of results a search returns; larger requests are cut to this.
pub const MAX_LIMIT: usize = 1000;
/// Largest offset into results a search accepts; larger requests are cut to this.
pub const MAX_OFFSET: u64 = 1_000_000_000;

/// Why a query or a search filter was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// Nothing searchable remains once common words and punctuation are left out.
    #[error(
        "the query {query:?} has no word to search for (common words such as \"les\" or \"de\", punctuation and lone operators are ignored)"
    )]
    NoTerms {
        /// The query as given.
        query: String,
    },
    /// Only excluded words: nothing says what to look for.
    #[error("the query {query:?} only excludes words; add a word to look for")]
    OnlyExclusions {
        /// The query as given.
        query: String,
    },
    /// `OR` at either end, or twice in a row.
    #[error("`OR` needs a word or phrase on each side (in {query:?})")]
    DanglingOr {
        /// The query as given.
        query: String,
    },
    /// `a OR -b`, which means nothing useful.
    #[error("an excluded word or phrase ({term}) cannot be one side of `OR` (in {query:?})")]
    ExcludedInOr {
        /// The query as given.
        query: String,
        /// The excluded term, as written.
        term: String,
    },
    /// `a*`: a prefix matching nearly every word.
    #[error(
        "the prefix {prefix:?} is too short: give at least {MIN_PREFIX_CHARS} letters before `*`"
    )]
    PrefixTooShort {
        /// The prefix as written.
        prefix: String,
    },
    /// Longer than [`MAX_QUERY_BYTES`].
    #[error("the query is {len} bytes long; the most is {MAX_QUERY_BYTES}")]
    TooLong {
        /// Its length in bytes.
        len: usize,
    },
    /// More than [`MAX_ATOMS`] words and phrases.
    #[error("the query has {count} words or phrases; the most is {MAX_ATOMS}")]
    TooManyTerms {
        /// How many it has.
        count: usize,
    },
    /// A "word" longer than [`MAX_WORD_BYTES`], which the index never holds.
    #[error("the word {word:?}… is longer than {MAX_WORD_BYTES} bytes")]
    WordTooLong {
        /// Its beginning.
        word: String,
    },
    /// A date filter that is not an ISO date.
    #[error(
        "--{param} {value:?} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2017, 2017-07 or 2017-07-14)"
    )]
    BadDate {
        /// `from` or `to`.
        param: &'static str,
        /// The value given.
        value: String,
    },
    /// `--from` after `--to`.
    #[error("--from {from} is after --to {to}")]
    EmptyDateRange {
        /// The start.
        from: String,
        /// The end.
        to: String,
    },
    /// A quote kind that does not exist.
    #[error("{value:?} is not a quote kind: use direct, indirect or mixed")]
    BadKind {
        /// The value given.
        value: String,
    },
    /// A quote filter given to an article search.
    #[error("--{filter} filters quotes; it does not apply to an article search")]
    NotForArticles {
        /// The filter's name.
        filter: &'static str,
    },
}

/// One indexed word of a query: folded and stemmed like the index, or a prefix.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Word {
    /// The term (or prefix), as the index holds it.
    pub text: String,
    /// Whether any indexed term starting with `text` matches.
    pub prefix: bool,
}

/// A word, or a phrase: several words next to each other in this order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Atom {
    /// The words; never empty; only the last may be a prefix.
    pub words: Vec<Word>,
}

/// A parsed query: every group must match (a group matches when any of its atoms does)
/// and no excluded atom may.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// Groups of alternatives, all required; never empty.
    pub groups: Vec<Vec<Atom>>,
    /// Atoms that must not match.
    pub excluded: Vec<Atom>,
}

/// One lexical unit of a query.
enum Token {
    Or,
    Word { raw: String, negated: bool },
    Phrase { raw: String, negated: bool },
}

fn lex(input: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = input.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let negated = c == '-'
            && chars
                .peek()
                .is_some_and(|(_, n)| !n.is_whitespace() && *n != '-');
        let (start, c) = if negated {
            match chars.next() {
                Some(next) => next,
                None => break,
            }
        } else {
            (i, c)
        };
        if c == '"' {
            let mut raw = String::new();
            for (_, d) in chars.by_ref() {
                if d == '"' {
                    break;
                }
                raw.push(d);
            }
            out.push(Token::Phrase { raw, negated });
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(j, d)) = chars.peek() {
            if d.is_whitespace() || d == '"' {
                break;
            }
            end = j + d.len_utf8();
            chars.next();
        }
        let raw = input.get(start..end).unwrap_or_default().to_string();
        if raw == "OR" && !negated {
            out.push(Token::Or);
        } else {
            out.push(Token::Word { raw, negated });
        }
    }
    out
}

/// The index form of a prefix: its stem when that is a prefix of it ("annoncées*" →
/// "annonc", which matches "annonce", "annoncer"), else the folded word.
fn prefix_form(folded: &str) -> String {
    let stemmed = stem(folded);
    if folded.starts_with(stemmed.as_ref()) && stemmed.chars().count() >= MIN_PREFIX_CHARS {
        stemmed.into_owned()
    } else {
        folded.to_string()
    }
}

/// The atom of a word or phrase as written; `None` when only ignored words remain.
fn atom(raw: &str, is_phrase: bool) -> Result<Option<Atom>, QueryError> {
    let trimmed = raw.trim_end();
    let prefix = !is_phrase && trimmed.ends_with('*');
    let mut folded: Vec<String> = Vec::new();
    let mut too_long = None;
    for_each_folded_word(raw, |w| {
        if w.len() > MAX_WORD_BYTES && too_long.is_none() {
            too_long = Some(w.chars().take(20).collect::<String>());
        }
        folded.push(w.to_string());
    });
    if let Some(word) = too_long {
        return Err(QueryError::WordTooLong { word });
    }
    let last = folded.len().checked_sub(1);
    let mut words = Vec::with_capacity(folded.len());
    for (i, w) in folded.iter().enumerate() {
        if prefix && Some(i) == last {
            if w.chars().count() < MIN_PREFIX_CHARS {
                return Err(QueryError::PrefixTooShort {
                    prefix: format!("{}*", trimmed.trim_end_matches('*')),
                });
            }
            words.push(Word {
                text: prefix_form(w),
                prefix: true,
            });
        } else if !is_stop_word(w) {
            words.push(Word {
                text: stem(w).into_owned(),
                prefix: false,
            });
        }
    }
    Ok((!words.is_empty()).then_some(Atom { words }))
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum Last {
    Start,
    Positive,
    Negative,
    Ignored,
    Or,
}

impl Query {
    /// Parses `input`; every string gives either a query or a [`QueryError`].
    pub fn parse(input: &str) -> Result<Query, QueryError> {
        if input.len() > MAX_QUERY_BYTES {
            return Err(QueryError::TooLong { len: input.len() });
        }
        let query = || input.to_string();
        let mut groups: Vec<Vec<Atom>> = Vec::new();
        let mut excluded: Vec<Atom> = Vec::new();
        let mut last = Last::Start;
        // An `OR` after an ignored word joins nothing: the next atom starts a group.
        let mut join = false;
        for token in lex(input) {
            let (raw, negated, is_phrase) = match token {
                Token::Or => {
                    match last {
                        Last::Positive => join = true,
                        Last::Ignored => join = false,
                        Last::Negative => {
                            return Err(QueryError::ExcludedInOr {
                                query: query(),
                                term: "before OR".into(),
                            });
                        }
                        Last::Start | Last::Or => {
                            return Err(QueryError::DanglingOr { query: query() });
                        }
                    }
                    last = Last::Or;
                    continue;
                }
                Token::Word { raw, negated } => (raw, negated, false),
                Token::Phrase { raw, negated } => (raw, negated, true),
            };
            let parsed = atom(&raw, is_phrase)?;
            let joins = last == Last::Or && join;
            match (parsed, negated) {
                (None, _) => {
                    last = Last::Ignored;
                }
                (Some(_), true) if joins => {
                    return Err(QueryError::ExcludedInOr {
                        query: query(),
                        term: format!("-{raw}"),
                    });
                }
                (Some(a), true) => {
                    if !excluded.contains(&a) {
                        excluded.push(a);
                    }
                    last = Last::Negative;
                }
                (Some(a), false) => {
                    match groups.last_mut() {
                        Some(g) if joins => {
                            if !g.contains(&a) {
                                g.push(a);
                            }
                        }
                        _ => groups.push(vec![a]),
                    }
                    last = Last::Positive;
                }
            }
            join = false;
        }
        if last == Last::Or {
            return Err(QueryError::DanglingOr { query: query() });
        }
        let mut unique: Vec<Vec<Atom>> = Vec::with_capacity(groups.len());
        for g in groups {
            if !unique.contains(&g) {
                unique.push(g);
            }
        }
        let count = unique.iter().map(Vec::len).sum::<usize>() + excluded.len();
        if count > MAX_ATOMS {
            return Err(QueryError::TooManyTerms { count });
        }
        if unique.is_empty() {
            return Err(if excluded.is_empty() {
                QueryError::NoTerms { query: query() }
            } else {
                QueryError::OnlyExclusions { query: query() }
            });
        }
        Ok(Query {
            groups: unique,
            excluded,
        })
    }

    /// The atoms that must or may match, in the order the renderings list them (the
    /// order of FTS5's phrases, which its `bm25()` scores one by one).
    pub fn scored_atoms(&self) -> impl Iterator<Item = &Atom> {
        self.groups.iter().flatten()
    }

    /// The query in SQLite FTS5 syntax, for a table whose tokenizer splits on ASCII
    /// punctuation and spaces only (`tokenize='ascii'`), as the index does.
    pub fn to_fts5(&self) -> String {
        let groups: Vec<String> = self
            .groups
            .iter()
            .map(|g| {
                if g.len() == 1 {
                    g[0].to_fts5()
                } else {
                    let alts: Vec<String> = g.iter().map(Atom::to_fts5).collect();
                    format!("({})", alts.join(" OR "))
                }
            })
            .collect();
        let mut out = groups.join(" AND ");
        for a in &self.excluded {
            out = format!("({out}) NOT {}", a.to_fts5());
        }
        out
    }

    /// The query in PostgreSQL `tsquery` input syntax (to be cast with `::tsquery`, which
    /// takes lexemes as they are, like the index's).
    pub fn to_tsquery(&self) -> String {
        let mut parts: Vec<String> = self
            .groups
            .iter()
            .map(|g| {
                if g.len() == 1 {
                    g[0].to_tsquery()
                } else {
                    let alts: Vec<String> = g.iter().map(Atom::to_tsquery).collect();
                    format!("({})", alts.join(" | "))
                }
            })
            .collect();
        for a in &self.excluded {
            parts.push(format!("!{}", a.to_tsquery()));
        }
        parts.join(" & ")
    }
}

impl Atom {
    /// This atom alone in FTS5 syntax.
    pub fn to_fts5(&self) -> String {
        let words: Vec<&str> = self.words.iter().map(|w| w.text.as_str()).collect();
        let mut out = format!("\"{}\"", words.join(" ").replace('"', "\"\""));
        if self.words.last().is_some_and(|w| w.prefix) {
            out.push('*');
        }
        out
    }

    /// This atom alone in `tsquery` input syntax.
    pub fn to_tsquery(&self) -> String {
        let words: Vec<String> = self
            .words
            .iter()
            .map(|w| {
                let mut s = String::with_capacity(w.text.len() + 4);
                s.push('\'');
                for c in w.text.chars() {
                    match c {
                        '\'' => s.push_str("''"),
                        '\\' => s.push_str("\\\\"),
                        c => s.push(c),
                    }
                }
                s.push('\'');
                if w.prefix {
                    s.push_str(":*");
                }
                s
            })
            .collect();
        if words.len() == 1 {
            words.concat()
        } else {
            format!("({})", words.join(" <-> "))
        }
    }

    /// Compact form for the PostgreSQL scoring function: words separated by spaces, a
    /// prefix marked by a trailing `*` (index terms hold neither).
    pub fn to_scoring_key(&self) -> String {
        let mut out = String::new();
        for (i, w) in self.words.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(&w.text);
            if w.prefix {
                out.push('*');
            }
        }
        out
    }
}

impl std::fmt::Display for Query {
    /// The query as understood, in the query language itself (terms as indexed).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let show = |a: &Atom| {
            let mut s = a.to_scoring_key();
            if a.words.len() > 1 {
                s = format!("\"{s}\"");
            }
            s
        };
        let mut out = String::new();
        for (i, g) in self.groups.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            let alts: Vec<String> = g.iter().map(show).collect();
            out.push_str(&alts.join(" OR "));
        }
        for a in &self.excluded {
            let _ = write!(out, " -{}", show(a));
        }
        f.write_str(&out)
    }
}

/// Checks a date filter (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a real calendar date) and
/// returns it as given; `param` (`from` or `to`) names it in the error.
pub fn parse_date(param: &'static str, value: &str) -> Result<String, QueryError> {
    let bad = || QueryError::BadDate {
        param,
        value: value.to_string(),
    };
    let v = value.trim();
    let parts: Vec<&str> = v.split('-').collect();
    let num = |s: &str, len: usize| -> Option<u32> {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let year = parts.first().and_then(|y| num(y, 4)).ok_or_else(bad)?;
    if let Some(m) = parts.get(1) {
        let month = num(m, 2).filter(|m| (1..=12).contains(m)).ok_or_else(bad)?;
        if let Some(d) = parts.get(2) {
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            let days = match month {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            num(d, 2)
                .filter(|d| (1..=days).contains(d))
                .ok_or_else(bad)?;
        }
    }
    if parts.len() > 3 {
        return Err(bad());
    }
    Ok(v.to_string())
}

/// Checks a date range: both dates valid and `from` not after `to` (compared on the
/// precision they share, so `--from 2017-07 --to 2017` is fine).
pub fn check_date_range(
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(Option<String>, Option<String>), QueryError> {
    let from = from.map(|f| parse_date("from", f)).transpose()?;
    let to = to.map(|t| parse_date("to", t)).transpose()?;
    if let (Some(f), Some(t)) = (&from, &to) {
        let n = f.len().min(t.len());
        if f.get(..n) > t.get(..n) {
            return Err(QueryError::EmptyDateRange {
                from: f.clone(),
                to: t.clone(),
            });
        }
    }
    Ok((from, to))
}

/// Checks a quote kind filter: `direct`, `indirect` or `mixed` (any case).
pub fn parse_kind(value: &str) -> Result<&'static str, QueryError> {
    match fold(value.trim()).as_str() {
        "direct" => Ok("direct"),
        "indirect" => Ok("indirect"),
        "mixed" => Ok("mixed"),
        _ => Err(QueryError::BadKind {
            value: value.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Query {
        match Query::parse(s) {
            Ok(q) => q,
            Err(e) => panic!("{s:?}: {e}"),
        }
    }

    fn err(s: &str) -> QueryError {
        match Query::parse(s) {
            Ok(q) => panic!("{s:?} parsed as {q:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn words_are_folded_stemmed_and_required() {
        let q = parse("Réformes RETRAITES");
        assert_eq!(q.to_string(), "reform retrait");
        assert_eq!(q.to_fts5(), "\"reform\" AND \"retrait\"");
        assert_eq!(q.to_tsquery(), "'reform' & 'retrait'");
        assert_eq!(parse("réforme réformes").groups.len(), 1, "deduplicated");
    }

    #[test]
    fn phrases_keep_order_without_stop_words() {
        let q = parse("\"le Premier ministre\" budget");
        assert_eq!(q.groups[0][0].words.len(), 2);
        assert_eq!(q.to_fts5(), "\"premi ministr\" AND \"budget\"");
        assert_eq!(q.to_tsquery(), "('premi' <-> 'ministr') & 'budget'");
        // A hyphenated or elided word is a phrase of its parts.
        assert_eq!(parse("Jean-Luc").to_tsquery(), "('jean' <-> 'luc')");
        assert_eq!(parse("l'Élysée").to_tsquery(), "'elys'");
    }

    #[test]
    fn or_binds_neighbours() {
        let q = parse("réforme retraites OR chômage");
        assert_eq!(q.groups.len(), 2);
        assert_eq!(q.to_fts5(), "\"reform\" AND (\"retrait\" OR \"chomag\")");
        assert_eq!(q.to_tsquery(), "'reform' & ('retrait' | 'chomag')");
        assert_eq!(parse("a1 OR b2 OR c3").groups[0].len(), 3);
        // Lowercase "or" is a word.
        assert_eq!(parse("retraites or chômage").groups.len(), 3);
        // OR next to an ignored word joins nothing.
        assert_eq!(parse("retraites OR les").to_string(), "retrait");
        assert_eq!(parse("les OR retraites").to_string(), "retrait");
    }

    #[test]
    fn exclusions() {
        let q = parse("retraites -football -\"coupe du monde\"");
        assert_eq!(q.excluded.len(), 2);
        assert_eq!(
            q.to_fts5(),
            "((\"retrait\") NOT \"football\") NOT \"coup mond\""
        );
        assert_eq!(
            q.to_tsquery(),
            "'retrait' & !'football' & !('coup' <-> 'mond')"
        );
        // A hyphen inside a word or alone is no exclusion.
        assert!(parse("Jean-Luc - Mélenchon").excluded.is_empty());
        assert!(matches!(
            err("-football"),
            QueryError::OnlyExclusions { .. }
        ));
        assert!(matches!(
            err("retraites OR -football"),
            QueryError::ExcludedInOr { .. }
        ));
        assert!(matches!(
            err("-football OR retraites"),
            QueryError::ExcludedInOr { .. }
        ));
    }

    #[test]
    fn prefixes() {
        let q = parse("réform*");
        assert_eq!(q.to_fts5(), "\"reform\"*");
        assert_eq!(q.to_tsquery(), "'reform':*");
        assert_eq!(parse("annoncées*").to_tsquery(), "'annonc':*");
        assert_eq!(parse("jean-lu*").to_tsquery(), "('jean' <-> 'lu':*)");
        assert_eq!(parse("jean-lu*").to_fts5(), "\"jean lu\"*");
        // A prefix is stemmed like a word, and stop words are kept as prefixes.
        assert_eq!(parse("les*").to_tsquery(), "'le':*");
        assert!(matches!(err("r*"), QueryError::PrefixTooShort { .. }));
        assert!(matches!(err("*"), QueryError::NoTerms { .. }));
    }

    #[test]
    fn empty_queries_are_errors() {
        for q in ["les", "*", "\"", "de la", "  ", "OR", "« »", "-"] {
            let e = Query::parse(q);
            assert!(
                matches!(
                    e,
                    Err(QueryError::NoTerms { .. } | QueryError::DanglingOr { .. })
                ),
                "{q:?}: {e:?}"
            );
        }
        assert!(err("les").to_string().contains("no word to search for"));
        assert!(matches!(err("retraites OR"), QueryError::DanglingOr { .. }));
        assert!(matches!(err("OR retraites"), QueryError::DanglingOr { .. }));
        assert!(matches!(err("a1 OR OR b1"), QueryError::DanglingOr { .. }));
    }

    #[test]
    fn engine_syntax_in_user_input_is_plain_text() {
        for (input, fts, ts) in [
            ("retraite NEAR(x)", "\"retrait\" AND \"near x\"", None),
            (
                "x1:* & !b2 | c3",
                "\"x1\"* AND \"b2\" AND \"c3\"",
                Some("'x1':* & 'b2' & 'c3'"),
            ),
            (
                "col:retraite",
                "\"col retrait\"",
                Some("('col' <-> 'retrait')"),
            ),
            (
                "'; DROP TABLE quotes; --",
                "\"drop\" AND \"tabl\" AND \"quot\"",
                None,
            ),
            ("\"unterminated phrase", "\"unterminated phras\"", None),
            ("(retraites)", "\"retrait\"", Some("'retrait'")),
            (
                "^retraite AND NOT x",
                "\"retrait\" AND \"and\" AND \"not\" AND \"x\"",
                None,
            ),
        ] {
            let q = parse(input);
            assert_eq!(q.to_fts5(), fts, "{input}");
            if let Some(ts) = ts {
                assert_eq!(q.to_tsquery(), ts, "{input}");
            }
        }
    }

    #[test]
    fn limits() {
        assert!(matches!(
            err(&"a".repeat(MAX_QUERY_BYTES + 1)),
            QueryError::TooLong { .. }
        ));
        let many: Vec<String> = (0..=MAX_ATOMS).map(|i| format!("mot{i}")).collect();
        assert!(matches!(
            err(&many.join(" ")),
            QueryError::TooManyTerms { .. }
        ));
        assert!(matches!(
            err(&"x".repeat(MAX_WORD_BYTES + 1)),
            QueryError::WordTooLong { .. }
        ));
    }

    #[test]
    fn dates() {
        for ok in ["2017", "2017-07", "2017-07-14", "2016-02-29", "2000-02-29"] {
            assert_eq!(parse_date("from", ok).as_deref(), Ok(ok));
        }
        for bad in [
            "07/2017",
            "yesterday",
            "2017-7",
            "17",
            "2017-13",
            "2017-00",
            "2017-02-29",
            "1900-02-29",
            "2017-04-31",
            "2017-07-14T10:00",
            "2017-07-14-01",
            "",
            "２０１７",
        ] {
            let e = parse_date("from", bad);
            assert!(
                matches!(e, Err(QueryError::BadDate { .. })),
                "{bad:?}: {e:?}"
            );
        }
        let msg = parse_date("from", "07/2017").unwrap_err().to_string();
        assert!(msg.contains("--from \"07/2017\"") && msg.contains("YYYY-MM-DD"));
        assert!(check_date_range(Some("2017-07"), Some("2017")).is_ok());
        assert!(matches!(
            check_date_range(Some("2018"), Some("2017-12-31")),
            Err(QueryError::EmptyDateRange { .. })
        ));
    }

    #[test]
    fn kinds() {
        assert_eq!(parse_kind("Direct"), Ok("direct"));
        assert!(parse_kind("quoted").is_err());
    }
}

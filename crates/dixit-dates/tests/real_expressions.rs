//! Date expressions from real articles (see `real_expressions.md` for the source and
//! licence), each resolved by hand against the article's publication date.
//!
//! Rows marked `ok` must resolve exactly to the hand-checked value; rows marked
//! `known-error` document what the resolver gets wrong (a quoted "hier" that was said the
//! day before publication, a figurative "demain", an ambiguous round) and are reported, not
//! asserted, so that a fix shows up as a row to promote.

use dixit_dates::{DateValue, find_dates, parse_published};

const TABLE: &str = include_str!("real_expressions.tsv");

fn show(v: &DateValue) -> String {
    match v {
        DateValue::Day(d) => d.to_string(),
        DateValue::Period { from, to } => format!("{from}..{to}"),
    }
}

#[test]
fn real_expressions_resolve_as_checked_by_hand() {
    let mut rows = 0;
    let mut right = 0;
    let mut failures = Vec::new();
    for (n, line) in TABLE.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [id, published, expression, expected, status, excerpt] = cols[..] else {
            panic!("real_expressions.tsv:{}: expected 6 columns", n + 1);
        };
        let anchor = parse_published(published)
            .unwrap_or_else(|| panic!("real_expressions.tsv:{}: bad date", n + 1));
        assert!(
            excerpt.contains(expression),
            "real_expressions.tsv:{}: expression not in excerpt",
            n + 1
        );
        let got = find_dates(excerpt, Some(anchor))
            .iter()
            .find(|m| m.text == expression)
            .map_or_else(|| "-".to_string(), |m| show(&m.value));
        rows += 1;
        if got == expected {
            right += 1;
        }
        match status {
            "ok" if got != expected => failures.push(format!(
                "line {} (article {id}, {published}): {expression:?} resolved to {got}, checked {expected}",
                n + 1
            )),
            "known-error" if got == expected => eprintln!(
                "line {}: {expression:?} now resolves as checked: mark it ok",
                n + 1
            ),
            "ok" | "known-error" => {}
            other => panic!("real_expressions.tsv:{}: unknown status {other:?}", n + 1),
        }
    }
    eprintln!("{right}/{rows} real expressions resolve as checked by hand");
    assert!(rows >= 40, "the table must keep at least 40 expressions");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

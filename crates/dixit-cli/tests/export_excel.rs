//! `dixit export … --format csv --excel`: what spreadsheet programs open without an import
//! dialog (`;` separator, UTF-8 byte-order mark).

use std::path::Path;
use std::process::{Command, Output};

fn dixit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dixit"))
        .args(args)
        .output()
        .expect("the dixit binary runs")
}

fn ok(args: &[&str]) -> String {
    let out = dixit(args);
    assert!(
        out.status.success(),
        "dixit {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// Splits one CSV line on `sep` outside double quotes.
fn fields(line: &str, sep: char) -> Vec<String> {
    let (mut out, mut cur, mut quoted) = (Vec::new(), String::new(), false);
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c == sep && !quoted => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out
}

#[test]
fn excel_csv_has_bom_semicolons_and_the_same_rows() {
    let work = tempfile::tempdir().expect("tempdir");
    let data = work.path().join("data");
    let data = data.to_str().expect("utf-8 path");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    ok(&[
        "ingest",
        "--quiet",
        "--data",
        data,
        examples.to_str().expect("utf-8 path"),
    ]);

    let plain = ok(&["export", "quotes", "--format", "csv", "--data", data]);
    let excel = ok(&[
        "export", "quotes", "--format", "csv", "--excel", "--data", data,
    ]);
    let body = excel
        .strip_prefix('\u{FEFF}')
        .expect("--excel output starts with a UTF-8 byte-order mark");
    assert!(!plain.starts_with('\u{FEFF}'), "plain CSV has no BOM");
    let header = body.lines().next().expect("header line");
    assert!(
        header.starts_with("id;article_id;text;kind;speaker;"),
        "{header}"
    );

    let jsonl = ok(&["export", "quotes", "--format", "jsonl", "--data", data]);
    let n = jsonl.lines().count();
    assert!(n > 10, "the examples give quotes: {n}");
    // Quoted fields may span lines; count records by their ids instead of by lines.
    let ids: Vec<String> = jsonl
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json line");
            v["id"].as_str().expect("id").to_string()
        })
        .collect();
    let columns = fields(header, ';').len();
    for id in &ids {
        let line = body
            .lines()
            .find(|l| l.starts_with(&format!("{id};")))
            .unwrap_or_else(|| panic!("quote {id} missing from the Excel CSV"));
        let row = fields(line, ';');
        if !line.matches('"').count().is_multiple_of(2) {
            continue; // a quoted field running over several lines
        }
        assert_eq!(row.len(), columns, "{line}");
    }
    // Commas inside text are plain characters for Excel's dialect, semicolons are quoted.
    assert!(
        body.lines().skip(1).any(|l| l.contains(',')),
        "some quote holds a comma"
    );

    let refused = dixit(&[
        "export", "quotes", "--format", "jsonl", "--excel", "--data", data,
    ]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--excel"));
}

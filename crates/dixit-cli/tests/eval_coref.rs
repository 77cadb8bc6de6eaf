//! `dixit eval coref` on a small Democrat-format file written by the test.

use serde_json::Value;
use std::process::Command;

/// One word line: index, form, paragraph, per-token NE, coreference.
fn word(id: &str, form: &str, para: u32, ne: &str, coref: &str) -> String {
    let bracketed = if ne == "*" { "*" } else { ne };
    format!("{id}\t{form}\t_\tX\t_\t_\t0\troot\t_\t_\t_\t{para}\t{bracketed}\t{ne}\t{coref}\n")
}

/// "Paul Morin est arrivé hier au ministère. Il a déclaré que la réforme était prête."
/// Chains: Paul Morin / Il (PER); le ministère (singleton); la réforme (singleton).
fn fixture() -> String {
    let mut s = String::from("#begin document (test/morin); part 000\n");
    for (id, form, ne, coref) in [
        ("1", "Paul", "(PER", "(1"),
        ("2", "Morin", "PER)", "1)"),
        ("3", "est", "*", "_"),
        ("4", "arrivé", "*", "_"),
        ("5", "hier", "*", "_"),
    ] {
        s += &word(id, form, 1, ne, coref);
    }
    s += "6-7\tau\t_\t_\t_\t_\t_\t_\t_\t_\t_\t1\t*\t*\t_\n";
    s += &word("6", "à", 1, "*", "_");
    s += &word("7", "le", 1, "*", "(2");
    s += &word("8", "ministère", 1, "*", "2)");
    s += &word("9", ".", 1, "*", "_");
    s += "\n";
    for (id, form, coref) in [
        ("1", "Il", "(1)"),
        ("2", "a", "_"),
        ("3", "déclaré", "_"),
        ("4", "que", "_"),
        ("5", "la", "(3"),
        ("6", "réforme", "3)"),
        ("7", "était", "_"),
        ("8", "prête", "_"),
        ("9", ".", "_"),
    ] {
        s += &word(id, form, 1, "*", coref);
    }
    s + "\n#end document\n"
}

fn dixit(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dixit"))
        .args(args)
        .output()
        .expect("the dixit binary runs")
}

#[test]
fn scores_both_views_in_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gold = dir.path().join("gold.conll");
    std::fs::write(&gold, fixture()).expect("write");
    let chains = dir.path().join("chains.jsonl");
    let gold_s = gold.to_str().expect("utf-8 path");
    let out = dixit(&[
        "eval",
        "coref",
        gold_s,
        "--json",
        "--write-chains",
        chains.to_str().expect("utf-8 path"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["documents"], 1);
    assert!(v["scorer"].as_str().is_some_and(|s| s.contains("Pradhan")));
    // All four gold mentions in three chains; the PER chain alone in the persons view.
    assert_eq!(v["all"]["key_mentions"], 4);
    assert_eq!(v["all"]["key_chains"], 3);
    assert_eq!(v["persons"]["key_mentions"], 2);
    assert_eq!(v["persons"]["key_chains"], 1);
    // dixit finds "Paul Morin" by name, exactly as annotated.
    assert!(v["persons"]["matched_mentions"].as_u64() >= Some(1));
    for view in ["all", "persons"] {
        for metric in ["muc", "b3", "ceaf_e", "mentions"] {
            for k in ["p", "r", "f"] {
                let x = v[view][metric][k].as_f64().expect("a number");
                assert!((0.0..=1.0).contains(&x), "{view}.{metric}.{k} = {x}");
            }
        }
        let conll = v[view]["conll_f1"].as_f64().expect("a number");
        let mean = ["muc", "b3", "ceaf_e"]
            .iter()
            .map(|m| v[view][*m]["f"].as_f64().unwrap_or(f64::NAN))
            .sum::<f64>()
            / 3.0;
        assert!((conll - mean).abs() < 1e-12);
    }
    // The chains written are the ones scored: the key of the persons view is Paul Morin's.
    let lines: Vec<Value> = std::fs::read_to_string(&chains)
        .expect("chains written")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["view"], "persons");
    assert_eq!(lines[1]["key"], serde_json::json!([[[0, 1], [9, 9]]]));

    // The text report labels both views and every metric.
    let out = dixit(&["eval", "coref", gold_s]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for label in [
        "all:",
        "persons/organisations:",
        "MUC",
        "B³",
        "CEAF-e",
        "CoNLL F1",
        "mentions",
    ] {
        assert!(text.contains(label), "{label} missing from:\n{text}");
    }
}

#[test]
fn malformed_gold_names_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gold = dir.path().join("bad.conll");
    let text = fixture().replace("2)\n", "9)\n");
    std::fs::write(&gold, text).expect("write");
    let out = dixit(&["eval", "coref", gold.to_str().expect("utf-8 path")]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.conll:10:"), "{err}");
    assert!(err.contains("chain 9 closed, not open"), "{err}");
}

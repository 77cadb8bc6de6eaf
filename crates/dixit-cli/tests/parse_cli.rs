//! End-to-end tests of `dixit parse`: raw text to CoNLL-U, gold CoNLL-U in and out, the bench,
//! and clear errors for bad inputs.

use std::process::{Command, Output};

fn dixit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dixit"))
        .args(args)
        .output()
        .expect("the dixit binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const GOLD: &str = "# sent_id = t1
# text = Elle parle du budget.
1\tElle\til\tPRON\t_\tGender=Fem|Number=Sing|Person=3|PronType=Prs\t2\tnsubj\t_\t_
2\tparle\tparler\tVERB\t_\tMood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin\t0\troot\t_\t_
3-4\tdu\t_\t_\t_\t_\t_\t_\t_\t_
3\tde\tde\tADP\t_\t_\t5\tcase\t_\t_
4\tle\tle\tDET\t_\tDefinite=Def|Gender=Masc|Number=Sing|PronType=Art\t5\tdet\t_\t_
5\tbudget\tbudget\tNOUN\t_\tGender=Masc|Number=Sing\t2\tobl:arg\t_\tSpaceAfter=No
6\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_

";

#[test]
fn raw_text_becomes_conllu_with_contractions() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.txt");
    std::fs::write(
        &p,
        "Le ministre parle du budget aux maires.\n\nIl a-t-il raison ?",
    )
    .unwrap();
    let o = dixit(&["parse", p.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = stdout(&o);
    assert!(
        out.contains("# text = Le ministre parle du budget aux maires."),
        "{out}"
    );
    assert!(out.contains("\tdu\t_\t_\t_\t_\t_\t_\t_\t_"), "{out}");
    assert!(
        out.lines().any(|l| l.starts_with("4\tde\tde\tADP")),
        "{out}"
    );
    assert!(out.lines().any(|l| l.contains("\t-t-il\t")), "{out}");
    // Every sentence is a tree: one root.
    for block in out.split("\n\n").filter(|b| b.contains('\t')) {
        let roots = block
            .lines()
            .filter(|l| !l.starts_with('#') && l.split('\t').nth(6) == Some("0"))
            .count();
        assert_eq!(roots, 1, "{block}");
    }
}

#[test]
fn gold_conllu_keeps_its_lines_and_scores() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("g.conllu");
    std::fs::write(&p, GOLD).unwrap();
    let o = dixit(&["parse", "--conllu", p.to_str().unwrap(), "--score"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), GOLD.lines().count());
    assert!(out.contains("3-4\tdu\t_"));
    assert!(out.contains("\tbudget\tbudget\tNOUN\t"), "{out}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("uas"));
    let b = dixit(&["parse", "--bench", p.to_str().unwrap()]);
    assert!(b.status.success());
    assert!(stdout(&b).contains("words/s"));
}

#[test]
fn bad_inputs_give_named_errors() {
    let o = dixit(&["parse", "--conllu", "/nonexistent/x.conllu"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("/nonexistent/x.conllu"));
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.conllu");
    std::fs::write(&p, "1\tx\n").unwrap();
    let o = dixit(&["parse", "--conllu", p.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("expected 10 columns"));
    let m = dir.path().join("model.bin");
    std::fs::write(&m, b"garbage").unwrap();
    let o = dixit(&[
        "parse",
        "--model",
        m.to_str().unwrap(),
        "--conllu",
        p.to_str().unwrap(),
    ]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("invalid syntax model"));
    let o = dixit(&["parse", "--style", "xyz", "--conllu", p.to_str().unwrap()]);
    assert!(!o.status.success());
}

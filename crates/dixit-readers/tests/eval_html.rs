//! Main-text quality on the shared evaluation pages (`shared/eval/html/NNN.html.gz`
//! against the article text `shared/eval/dev/NNN.txt`), and robustness on the unlabelled
//! pages. Fails under CI and is skipped elsewhere when the shared folder is absent.

use std::collections::HashMap;
use std::path::PathBuf;

/// The shared data folder, when it holds the evaluation pages.
fn shared() -> Option<PathBuf> {
    dixit_testdata::shared("eval/html")?
        .parent()?
        .parent()
        .map(PathBuf::from)
}

fn bag(text: &str) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *m.entry(w.to_lowercase()).or_insert(0) += 1;
    }
    m
}

/// Word-level F1 of two bags of words.
fn f1(pred: &str, gold: &str) -> f64 {
    let (p, g) = (bag(pred), bag(gold));
    let overlap: usize = p
        .iter()
        .map(|(w, n)| (*n).min(g.get(w).copied().unwrap_or(0)))
        .sum();
    let np: usize = p.values().sum();
    let ng: usize = g.values().sum();
    if overlap == 0 {
        return 0.0;
    }
    let (prec, rec) = (overlap as f64 / np as f64, overlap as f64 / ng as f64);
    2.0 * prec * rec / (prec + rec)
}

#[test]
fn f1_measure_is_sane() {
    assert!((f1("a b c", "a b c") - 1.0).abs() < 1e-9);
    assert!((f1("a b", "a b c d") - 2.0 * 1.0 * 0.5 / 1.5).abs() < 1e-9);
    assert_eq!(f1("x", "y"), 0.0);
}

#[test]
fn main_text_f1_on_eval_pages() {
    let Some(shared) = shared() else { return };
    let mut pages: Vec<PathBuf> = std::fs::read_dir(shared.join("eval/html"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
        .collect();
    pages.sort();
    assert!(!pages.is_empty());
    let mut failures = Vec::new();
    for page in &pages {
        let name = page.file_name().unwrap().to_string_lossy().into_owned();
        let id = name.trim_end_matches(".html.gz");
        let gold_path = shared.join(format!("eval/dev/{id}.txt"));
        let Ok(gold) = std::fs::read_to_string(&gold_path) else {
            continue;
        };
        let (gold_title, gold_body) = gold.split_once("\n\n").unwrap_or(("", &gold));
        let docs: Vec<_> = dixit_readers::read_file(page).collect();
        assert_eq!(docs.len(), 1, "{name}");
        let doc = docs.into_iter().next().unwrap().unwrap();
        let score = f1(&doc.text, gold_body);
        let title_ok = doc.title.as_deref().map(str::trim) == Some(gold_title.trim());
        println!(
            "{id}: F1 {score:.4} ({} words vs {} gold), title match {title_ok}, outlet {:?}, date {:?}, author {:?}",
            doc.text.split_whitespace().count(),
            gold_body.split_whitespace().count(),
            doc.source.outlet,
            doc.source.date,
            doc.source.author
        );
        if score < 0.95 {
            failures.push(format!("{id}: {score:.4}"));
        }
    }
    assert!(failures.is_empty(), "F1 below 0.95: {failures:?}");
}

#[test]
fn unlabelled_pages_do_not_crash() {
    let Some(shared) = shared() else { return };
    let dir = shared.join("eval/html/unlabelled");
    let mut ok = 0;
    for item in dixit_readers::read_paths(&[dir]) {
        match item {
            Ok(d) => {
                ok += 1;
                assert!(!d.text.is_empty());
                assert_eq!(d.text, d.analysis);
                println!(
                    "{}: {} words, title {:?}, outlet {:?}, date {:?}",
                    d.source.path,
                    d.text.split_whitespace().count(),
                    d.title,
                    d.source.outlet,
                    d.source.date
                );
            }
            Err(e) => println!("error: {e}"),
        }
    }
    assert!(ok > 0);
}

//! dixit-eval's coreference scorer against an independent implementation, and on the
//! Democrat dev file.

use dixit_eval::coref::{Chain, CorefScores};
use dixit_eval::democrat;

/// 200 random key/response pairs (singletons, spans over several words, mentions on one side
/// only) with the MUC, B³ and CEAF-e figures of scorch 0.2.0, L. Grobol's independent
/// implementation of Pradhan et al. 2014, written by `tests/data/coref-scorch.py`.
#[test]
fn agrees_with_scorch_on_random_partitions() {
    let text = include_str!("data/coref-scorch.json");
    let cases: Vec<serde_json::Value> = serde_json::from_str(text).expect("valid JSON");
    assert_eq!(cases.len(), 200);
    let chains = |v: &serde_json::Value| -> Vec<Chain> {
        serde_json::from_value(v.clone()).expect("chains of [first, last] pairs")
    };
    for (i, case) in cases.iter().enumerate() {
        let mut s = CorefScores::default();
        s.add_document(&chains(&case["key"]), &chains(&case["response"]))
            .expect("well-formed");
        for (name, tally) in [("muc", s.muc), ("b3", s.b3), ("ceaf_e", s.ceaf_e)] {
            let want: Vec<f64> = serde_json::from_value(case[name].clone()).expect("[p, r, f]");
            let got = tally.prf();
            for (what, g, w) in [
                ("P", got.p, want[0]),
                ("R", got.r, want[1]),
                ("F", got.f, want[2]),
            ] {
                assert!(
                    (g - w).abs() < 1e-9,
                    "case {i} {name} {what}: {g} != scorch {w}"
                );
            }
        }
    }
}

/// The dev file reads whole, every gold mention survives the trip through the rebuilt text,
/// and the key scored against itself is perfect.
#[test]
fn democrat_dev_file_reads_and_maps_back() {
    let Some(path) = dixit_testdata::shared("data/coref/dem1921_sg.dev.conll") else {
        return;
    };
    let docs = democrat::read_file(&path).expect("the dev file parses");
    assert_eq!(docs.len(), 46);
    let mentions: usize = docs.iter().flat_map(|d| d.key()).map(|c| c.len()).sum();
    let chains: usize = docs.iter().map(|d| d.chains.len()).sum();
    assert_eq!((mentions, chains), (7032, 4294));
    let mut same = CorefScores::default();
    for d in &docs {
        for (_, chain) in &d.chains {
            for &(a, b) in chain {
                let (Some(wa), Some(wb)) = (d.words.get(a), d.words.get(b)) else {
                    panic!("{}: mention ({a}, {b}) past the last word", d.name);
                };
                let start = d.surfaces[wa.surface].bytes.start;
                let end = d.surfaces[wb.surface].bytes.end;
                assert_eq!(
                    d.word_span(start..end),
                    Some((a, b)),
                    "{}: {:?}",
                    d.name,
                    &d.text[start..end]
                );
            }
        }
        same.add_document(&d.key(), &d.key())
            .expect("the key is a partition");
    }
    assert_eq!(same.conll_f1(), 1.0);
    assert_eq!(same.mentions.prf().f, 1.0);
    // Persons and organisations: a subset of the chains, non-empty.
    let typed: usize = docs
        .iter()
        .map(|d| d.key_of_types(&["PER", "ORG"]).len())
        .sum();
    assert!(
        typed > 100 && typed < chains,
        "{typed} person/organisation chains"
    );
}

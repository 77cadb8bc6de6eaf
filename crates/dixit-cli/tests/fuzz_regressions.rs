//! Every seed and every input kept from fuzzing (`fuzz/seeds/<target>/`,
//! `fuzz/regressions/<target>/`) goes through the very check its fuzz target runs
//! (`fuzz/checks.rs`), so a fixed finding stays fixed without cargo-fuzz or nightly.

#[path = "../../../fuzz/checks.rs"]
mod checks;

use std::path::{Path, PathBuf};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

/// Names of the entries of `dir` (empty when it does not exist), sorted.
fn entries(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut v: Vec<PathBuf> = rd.map(|e| e.expect("readable entry").path()).collect();
    v.sort();
    v
}

fn check_of(name: &str) -> Option<checks::Check> {
    checks::TARGETS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, f)| *f)
}

#[test]
fn every_fuzz_target_has_a_check() {
    let targets = entries(&fuzz_dir().join("fuzz_targets"));
    assert!(!targets.is_empty());
    for t in targets {
        let name = t.file_stem().and_then(|s| s.to_str()).expect("utf-8 name");
        assert!(
            check_of(name).is_some(),
            "fuzz/fuzz_targets/{name}.rs has no entry in fuzz/checks.rs TARGETS"
        );
    }
}

#[test]
fn seeds_and_regressions_pass_their_checks() {
    let mut ran = 0;
    for kind in ["seeds", "regressions"] {
        for dir in entries(&fuzz_dir().join(kind))
            .into_iter()
            .filter(|d| d.is_dir())
        {
            let name = dir
                .file_name()
                .and_then(|s| s.to_str())
                .expect("utf-8 name");
            let check = check_of(name)
                .unwrap_or_else(|| panic!("fuzz/{kind}/{name}: no fuzz target of that name"));
            for file in entries(&dir).into_iter().filter(|f| f.is_file()) {
                let data = std::fs::read(&file).expect("readable input");
                let outcome = std::panic::catch_unwind(|| check(&data));
                assert!(
                    outcome.is_ok(),
                    "{} fails the `{name}` check (reproduce: cargo fuzz run {name} {})",
                    file.display(),
                    file.display()
                );
                ran += 1;
            }
        }
    }
    assert!(ran >= checks::TARGETS.len(), "only {ran} inputs found");
}

#[test]
fn every_target_has_seeds() {
    for (name, _) in checks::TARGETS {
        let seeds = entries(&fuzz_dir().join("seeds").join(name));
        assert!(!seeds.is_empty(), "fuzz/seeds/{name}/ is empty");
        for s in seeds {
            let len = std::fs::metadata(&s).expect("seed metadata").len();
            assert!(
                len <= 16 * 1024,
                "{}: {len} bytes; seeds stay small so that fuzzing runs fast",
                s.display()
            );
        }
    }
}

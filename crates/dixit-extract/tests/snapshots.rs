//! Snapshots of the full extraction record on the bundled real articles (`examples/`).
//!
//! A change in extraction shows up here as a reviewable diff; accept it with
//! `INSTA_UPDATE=always cargo test -p dixit-extract --test snapshots` once checked.

use std::path::Path;

fn snapshot(file: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(file);
    let extractor = match dixit_extract::Extractor::bundled() {
        Ok(x) => x,
        Err(e) => panic!("{e}"),
    };
    let mut record = match extractor.extract_path(&path) {
        Ok(r) => r.record,
        Err(e) => panic!("{file}: {e}"),
    };
    // The path depends on where the checkout lives.
    record.source.path = file.to_owned();
    insta::assert_json_snapshot!(file, record);
}

#[test]
fn wikinews_le_pen() {
    snapshot("wikinews-le-pen-petite-bourgeoise.txt");
}

#[test]
fn wikinews_montebourg() {
    snapshot("wikinews-montebourg-nucleaire.txt");
}

#[test]
fn wikinews_ayrault() {
    snapshot("wikinews-ayrault-politique-generale.txt");
}

#[test]
fn orange_depardieu() {
    snapshot("orange-depardieu-le-pen.txt");
}

#[test]
fn orange_valls() {
    snapshot("orange-valls-fillon-ivg.txt");
}

//! What each fuzz target checks, as plain functions over bytes.
//!
//! Shared by the libFuzzer targets (`fuzz_targets/*.rs`) and by the regression test
//! `crates/dixit-cli/tests/fuzz_regressions.rs`, which runs every file of
//! `fuzz/seeds/<target>/` and `fuzz/regressions/<target>/` through the same function, so a
//! finding kept there is checked by every `cargo test`. A new target adds its function here
//! and its name to [`TARGETS`].

use std::io::{BufRead, Cursor};

/// A check: panics when the input breaks an invariant.
pub type Check = fn(&[u8]);

/// Every fuzz target by name (the name of its `fuzz_targets/<name>.rs` file).
pub const TARGETS: &[(&str, Check)] = &[
    ("html", html),
    ("warc", warc),
    ("feed", feed),
    ("jsonl", jsonl),
    ("extract", extract),
];

fn reader(data: &[u8]) -> Box<dyn BufRead + Send> {
    Box::new(Cursor::new(data.to_vec()))
}

/// HTML extraction never panics, and keeps `analysis` aligned with `text`.
pub fn html(data: &[u8]) {
    let source = dixit_model::Source {
        path: "fuzz.html".into(),
        ..Default::default()
    };
    if let Ok(doc) = dixit_readers::html_to_document(data, source, None) {
        assert_eq!(doc.text.len(), doc.analysis.len());
    }
}

/// The WARC reader never panics and always ends.
pub fn warc(data: &[u8]) {
    for r in dixit_readers::warc_records_from("fuzz.warc".into(), reader(data))
        .take(10_000)
        .flatten()
    {
        if let Ok(d) = r.into_document() {
            assert_eq!(d.text.len(), d.analysis.len());
        }
    }
}

/// The RSS/Atom reader never panics and always ends.
pub fn feed(data: &[u8]) {
    for d in dixit_readers::feed_documents("fuzz.xml".into(), reader(data))
        .take(10_000)
        .flatten()
    {
        assert_eq!(d.text.len(), d.analysis.len());
    }
}

/// The JSONL reader never panics and always ends.
pub fn jsonl(data: &[u8]) {
    for d in dixit_readers::jsonl_documents("fuzz.jsonl".into(), reader(data))
        .take(100_000)
        .flatten()
    {
        assert_eq!(d.text, d.analysis);
    }
}

/// Extraction on Markdown (first byte even) or plain text (odd) never panics, and every
/// span of the record slices the text on char boundaries, quote texts included.
pub fn extract(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest).into_owned();
    let doc = if first % 2 == 0 {
        dixit_text::markup::markdown_document("fuzz.md", text)
    } else {
        dixit_text::markup::text_document("fuzz.txt", text)
    };
    assert_eq!(doc.text.len(), doc.analysis.len());
    let record = dixit_extract::extract_document(&doc);
    let t = doc.text.as_str();
    let slice = |start: usize, end: usize, what: &str| -> &str {
        t.get(start..end)
            .unwrap_or_else(|| panic!("{what} {start}..{end} does not slice the text"))
    };
    for q in &record.quotes {
        assert_eq!(slice(q.start, q.end, "quote"), q.text);
        if let Some(c) = q.cue_span {
            slice(c.start, c.end, "cue");
        }
        if let Some(m) = q.speaker.as_ref().and_then(|s| s.mention) {
            slice(m.start, m.end, "speaker mention");
        }
        if let Some(i) = q.speaker.as_ref().and_then(|s| s.person) {
            assert!(
                i < record.persons.len(),
                "speaker person index {i} out of range"
            );
        }
    }
    let named = record
        .media
        .iter()
        .chain(&record.organizations)
        .chain(&record.places)
        .flat_map(|n| &n.spans);
    for s in record.persons.iter().flat_map(|p| &p.spans).chain(named) {
        slice(s.start, s.end, "entity");
    }
}

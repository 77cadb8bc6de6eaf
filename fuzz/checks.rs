//! What each fuzz target checks, as plain functions over bytes.
//!
//! Shared by the libFuzzer targets (`fuzz_targets/*.rs`) and by the regression test
//! `crates/dixit-cli/tests/fuzz_regressions.rs`, which runs every file of
//! `fuzz/seeds/<target>/` and `fuzz/regressions/<target>/` through the same function, so a
//! finding kept there is checked by every `cargo test`. A new target adds its function here
//! and its name to [`TARGETS`].

use std::io::{BufRead, Cursor};
use std::sync::{Mutex, OnceLock};

/// A check: panics when the input breaks an invariant.
pub type Check = fn(&[u8]);

/// Every fuzz target by name (the name of its `fuzz_targets/<name>.rs` file).
pub const TARGETS: &[(&str, Check)] = &[
    ("html", html),
    ("warc", warc),
    ("feed", feed),
    ("jsonl", jsonl),
    ("extract", extract),
    ("query", query),
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

/// The bundled extractor, loaded once for all inputs.
fn extractor() -> &'static dixit_extract::Extractor {
    static EXTRACTOR: std::sync::OnceLock<dixit_extract::Extractor> = std::sync::OnceLock::new();
    EXTRACTOR.get_or_init(|| dixit_extract::Extractor::bundled().expect("bundled extractor"))
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
    let record = extractor().record(&doc);
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

/// A one-story in-memory store for [`query`], built once per process.
fn query_store() -> &'static Mutex<dixit_store::SqliteStore> {
    use dixit_model::{ArticleRecord, Quote, QuoteKind, Source};
    use dixit_store::{PreparedArticle, SqliteStore, Store};
    static STORE: OnceLock<Mutex<SqliteStore>> = OnceLock::new();
    STORE.get_or_init(|| {
        let mut s = SqliteStore::open_file(std::path::Path::new(":memory:")).expect("memory store");
        let text =
            "La réforme des retraites, a déclaré le Premier ministre, sera votée avant l'été.";
        let record = ArticleRecord {
            source: Source {
                path: "fuzz.txt".into(),
                ..Default::default()
            },
            quotes: vec![Quote {
                start: 0,
                end: 10,
                text: text.into(),
                kind: QuoteKind::Direct,
                speaker: None,
                cue: None,
                cue_span: None,
                channel: None,
                date: None,
                date_from: None,
            }],
            ..Default::default()
        };
        s.write_batch(&[PreparedArticle::new(record, text.into())])
            .expect("write");
        Mutex::new(s)
    })
}

/// The query parser never panics; every query it accepts renders to an FTS5 expression
/// that SQLite runs without error, and the store rejects exactly what it rejects.
pub fn query(data: &[u8]) {
    use dixit_store::{Query, SearchQuery, Store, StoreError};
    let text = String::from_utf8_lossy(data);
    let parsed = Query::parse(&text);
    if let Ok(q) = &parsed {
        assert!(!q.groups.is_empty());
        // Renderings are built from index terms only: never engine syntax from the input.
        assert_eq!(q.to_fts5().matches('"').count() % 2, 0);
        let _ = q.to_tsquery();
    }
    if text.trim().is_empty() {
        return;
    }
    // A panic in another check poisons the lock; the store itself is still sound.
    let mut store = query_store().lock().unwrap_or_else(|e| e.into_inner());
    let search = SearchQuery {
        text: text.to_string(),
        limit: 5,
        ..Default::default()
    };
    match (parsed, store.search_page(&search)) {
        (Ok(_), Ok(_)) => {}
        (Err(e), Err(StoreError::Query(got))) => assert_eq!(e, got),
        (p, s) => panic!("parser said {p:?}, store said {s:?}"),
    }
}

//! The query parser never panics; every query it accepts renders to an FTS5 expression
//! that SQLite runs without error, and the store rejects exactly what it rejects.
#![no_main]

use dixit_model::{ArticleRecord, Quote, QuoteKind, Source};
use dixit_store::{PreparedArticle, Query, SearchQuery, SqliteStore, Store, StoreError};
use libfuzzer_sys::fuzz_target;
use std::sync::{Mutex, OnceLock};

fn store() -> &'static Mutex<SqliteStore> {
    static STORE: OnceLock<Mutex<SqliteStore>> = OnceLock::new();
    STORE.get_or_init(|| {
        let mut s = SqliteStore::open_file(std::path::Path::new(":memory:")).expect("memory store");
        let text = "La réforme des retraites, a déclaré le Premier ministre, sera votée avant l'été.";
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
            }],
            ..Default::default()
        };
        s.write_batch(&[PreparedArticle::new(record, text.into())])
            .expect("write");
        Mutex::new(s)
    })
}

fuzz_target!(|data: &[u8]| {
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
    let Ok(mut store) = store().lock() else {
        return;
    };
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
});

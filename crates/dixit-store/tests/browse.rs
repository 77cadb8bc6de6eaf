//! The page queries ([`Browse`]) on the bundled example articles, on both backends,
//! which must answer identically.

mod support;

use dixit_store::browse::{ReadStore, open_reader};
use dixit_store::{Location, PreparedArticle, SqliteStore, Store};
use std::path::{Path, PathBuf};

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// The examples, the seed article first under an outlet and a date (so that outlet
/// pages and timelines have something to show), then again as the plain file.
fn prepared() -> Vec<PreparedArticle> {
    let mut out = Vec::new();
    let seed = examples().join("seed-valls-hamon-le-guen.md");
    for doc in dixit_readers::inputs(&[seed])
        .flat_map(|i| i.expect("input").documents())
        .map(|d| d.expect("seed document"))
    {
        let mut doc = doc;
        doc.source.path = "dated-seed.md".into();
        doc.source.outlet = Some("Le Test".into());
        doc.source.date = Some("2017-02-14T18:00:00+01:00".into());
        let record = dixit_extract::Extractor::bundled()
            .expect("bundled extractor")
            .record(&doc);
        out.push(PreparedArticle::new(record, doc.text));
    }
    for doc in dixit_readers::inputs(&[examples()]).flat_map(|i| i.expect("input").documents()) {
        let doc = doc.expect("example document");
        let record = dixit_extract::Extractor::bundled()
            .expect("bundled extractor")
            .record(&doc);
        out.push(PreparedArticle::new(record, doc.text));
    }
    out
}

const LE_GUEN: &str = "jean-marie-le-guen";
const HAMON: &str = "benoit-hamon";

/// Every page query, checked; returns their JSON for comparing backends.
fn exercise(store: &mut dyn ReadStore) -> Vec<serde_json::Value> {
    let j = |v: &dyn erased::Ser| v.json();
    let mut seen = Vec::new();

    let o = store.overview(10).expect("overview");
    assert_eq!(o.articles, 6, "{o:?}");
    assert_eq!(o.appearances, 7);
    assert_eq!(o.last_date.as_deref(), Some("2017-02-14T18:00:00+01:00"));
    assert_eq!(o.week_from.as_deref(), Some("2017-02-08"));
    assert!(o.top_speakers_week.iter().any(|r| r.id == LE_GUEN), "{o:?}");
    assert!(o.top_outlets.iter().any(|r| r.id == "le test"));
    seen.push(j(&o));

    let p = store.person(LE_GUEN, 10).expect("person").expect("Le Guen");
    assert_eq!(p.name, "Jean-Marie Le Guen");
    assert!(
        p.roles.iter().any(|r| r.contains("secrétaire d'État")),
        "{p:?}"
    );
    assert!(p.variants.contains(&"Jean-Marie Le Guen".to_string()));
    assert_eq!(p.quotes_by, 2);
    assert_eq!(p.articles, 1);
    assert_eq!(p.weeks.len(), 1);
    assert_eq!(
        (p.weeks[0].week.as_str(), p.weeks[0].count),
        ("2017-02-13", 2)
    );
    assert_eq!(p.outlets.first().map(|r| r.id.as_str()), Some("le test"));
    assert!(p.co_quoted.iter().any(|r| r.id == "yves-blein"), "{p:?}");
    seen.push(j(&p));

    let by = store.person_quotes(LE_GUEN, 0, 10).expect("quotes by");
    assert_eq!(by.total, 2);
    assert!(by.items.iter().all(|q| q.channel.as_deref() == Some("RTL")));
    assert!(
        by.items
            .iter()
            .any(|q| q.text.contains("impasse stratégique"))
    );
    seen.push(j(&by));

    let about = store.quotes_about(HAMON, 0, 50).expect("quotes about");
    assert!(about.total >= 2, "{about:?}");
    assert_eq!(about.total as usize, about.items.len());
    assert!(
        about
            .items
            .iter()
            .all(|q| q.person_id.as_deref() != Some(HAMON))
    );
    assert!(
        about
            .items
            .iter()
            .any(|q| q.person_id.as_deref() == Some(LE_GUEN))
    );
    let hamon = store.person(HAMON, 10).expect("person").expect("Hamon");
    assert_eq!(hamon.quotes_about, about.total);
    let page2 = store.quotes_about(HAMON, 1, 1).expect("page 2");
    assert_eq!(page2.items.first(), about.items.get(1));
    let (pv, pby, pabout) = store
        .person_page(HAMON, 10, 0, 1, 1)
        .expect("person page")
        .expect("Hamon");
    assert_eq!(pv, hamon);
    assert_eq!((pby.total, pabout.total), (0, about.total));
    assert_eq!(pabout.items, page2.items);
    assert!(
        store
            .person_page("nobody", 10, 0, 0, 5)
            .expect("page")
            .is_none()
    );
    seen.push(j(&about));

    let story = by.items[0].article_id.clone();
    let a = store.article(&story).expect("article").expect("story");
    assert_eq!(a.appearances.len(), 2);
    for q in &a.quotes {
        let (s, e) = (
            q.start.expect("start") as usize,
            q.end.expect("end") as usize,
        );
        assert_eq!(a.text.get(s..e), Some(q.text.as_str()), "span of {q:?}");
    }
    assert!(a.spans.windows(2).all(|w| w[0].end <= w[1].start));
    assert!(a.spans.iter().any(|s| s.id == LE_GUEN
        && a.text.get(s.start as usize..s.end as usize) == Some("Jean-Marie Le Guen")));
    assert!(
        a.entities
            .iter()
            .any(|e| e.kind == "media" && e.name == "RTL")
    );
    seen.push(j(&a));

    let out = store
        .outlet("le test", 10)
        .expect("outlet")
        .expect("Le Test");
    assert_eq!((out.name.as_str(), out.articles), ("Le Test", 1));
    assert_eq!(out.quotes, a.quotes.len() as u64);
    let share: f64 = out.parties.iter().map(|p| p.share).sum();
    assert!(
        (share - 1.0).abs() < 1e-9 || out.parties.is_empty(),
        "{out:?}"
    );
    seen.push(j(&out));
    let arts = store
        .outlet_articles("le test", 0, 10)
        .expect("outlet articles");
    assert_eq!((arts.total, arts.items.len()), (1, 1));
    seen.push(j(&arts));

    let found = store.find_persons("Le guén", 5).expect("find");
    assert_eq!(found.first().map(|p| p.id.as_str()), Some(LE_GUEN));
    assert!(store.find_persons("%", 5).expect("find").is_empty());
    assert!(store.find_persons("_\\'", 5).expect("find").is_empty());
    seen.push(j(&found));

    let g = store.person_graph(60).expect("graph");
    assert!(g.nodes.iter().any(|n| n.id == LE_GUEN));
    assert!(
        g.links
            .iter()
            .any(|l| l.kind == "about" && l.source == LE_GUEN && l.target == HAMON),
        "{g:?}"
    );
    assert!(g.links.iter().any(|l| l.kind == "co-quoted"));
    seen.push(j(&g));

    let texts = store.article_texts(&[&story, "nope"]).expect("texts");
    assert_eq!(texts.len(), 1);

    // Unknown ids and odd windows: nothing, no error.
    assert!(store.person("nobody", 10).expect("p").is_none());
    assert!(store.outlet("nowhere", 10).expect("o").is_none());
    assert!(store.article("0").expect("a").is_none());
    assert!(
        store
            .person_quotes(LE_GUEN, usize::MAX, usize::MAX)
            .expect("q")
            .items
            .is_empty()
    );
    assert_eq!(store.person_quotes(LE_GUEN, 0, 0).expect("q").total, 2);
    seen
}

/// Serialisation behind a trait object, so that `exercise` can collect any result.
mod erased {
    pub trait Ser {
        fn json(&self) -> serde_json::Value;
    }
    impl<T: serde::Serialize> Ser for T {
        fn json(&self) -> serde_json::Value {
            serde_json::to_value(self).unwrap_or_default()
        }
    }
}

/// The data version of `reader` stays while nothing is written and changes once
/// `writer` commits a new story (the page cache relies on both).
fn data_version_follows_commits(reader: &mut dyn ReadStore, writer: &mut dyn Store) {
    let before = reader.data_version().expect("version");
    reader.overview(10).expect("overview");
    assert_eq!(
        reader.data_version().expect("version"),
        before,
        "nothing written"
    );
    let mut fresh = prepared();
    fresh.truncate(1);
    fresh[0].text_hash = "version".into();
    fresh[0].source_key = "version".into();
    writer.write_batch(&fresh).expect("write");
    let after = reader.data_version().expect("version");
    assert_ne!(after, before, "a commit by another connection");
    assert_eq!(reader.data_version().expect("version"), after);
}

#[test]
fn sqlite_pages_and_read_only_reader() {
    let dir = tempfile::tempdir().expect("tempdir");
    let batch = prepared();
    {
        let mut w = SqliteStore::open_dir(dir.path()).expect("open");
        w.write_batch(&batch).expect("write");
    }
    let loc = Location::Dir(dir.path().to_path_buf());
    dixit_store::browse::ensure_browse_indexes(&loc).expect("indexes");
    let mut reader = open_reader(&loc).expect("reader");
    exercise(reader.as_mut());
    // The reader cannot write.
    assert!(reader.write_batch(&batch[..1]).is_err() || reader.counts().expect("c").articles == 6);
    let mut fresh = prepared();
    fresh.truncate(1);
    fresh[0].text_hash = "new".into();
    fresh[0].source_key = "new".into();
    assert!(
        reader.write_batch(&fresh).is_err(),
        "read-only reader wrote"
    );
    let mut writer = SqliteStore::open_dir(dir.path()).expect("open");
    data_version_follows_commits(reader.as_mut(), &mut writer);
    // A missing store is an error, not a new empty file.
    let missing = tempfile::tempdir().expect("tempdir");
    assert!(open_reader(&Location::Dir(missing.path().to_path_buf())).is_err());
}

#[test]
fn postgres_pages_match_sqlite() {
    let Some(db) = support::pg::fresh_db() else {
        return;
    };
    let batch = prepared();
    let dir = tempfile::tempdir().expect("tempdir");
    SqliteStore::open_dir(dir.path())
        .expect("open")
        .write_batch(&batch)
        .expect("write");
    let lite = exercise(
        open_reader(&Location::Dir(dir.path().to_path_buf()))
            .expect("reader")
            .as_mut(),
    );
    let loc = Location::Postgres(db.url.clone());
    dixit_store::open(&loc)
        .expect("open")
        .write_batch(&batch)
        .expect("write");
    dixit_store::browse::ensure_browse_indexes(&loc).expect("indexes");
    let mut reader = open_reader(&loc).expect("reader");
    let pg = exercise(reader.as_mut());
    assert_eq!(lite.len(), pg.len());
    for (l, p) in lite.iter().zip(&pg) {
        assert_eq!(l, p);
    }
    let mut fresh = batch;
    fresh.truncate(1);
    fresh[0].text_hash = "new".into();
    fresh[0].source_key = "new".into();
    assert!(
        reader.write_batch(&fresh).is_err(),
        "read-only session wrote"
    );
    let mut writer = dixit_store::open(&loc).expect("open");
    data_version_follows_commits(reader.as_mut(), writer.as_mut());
}

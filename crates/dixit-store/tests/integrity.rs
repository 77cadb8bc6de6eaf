//! Stores opened read-only, missing or foreign stores, new versions of known sources,
//! integrity checks and repairs, deliberately corrupted files, upgrades from schema 0.

mod support;

use dixit_model::{ArticleRecord, Person, Quote, QuoteKind, Source, SourceKind, Speaker};
use dixit_store::{
    Location, PgStore, PreparedArticle, SearchQuery, SqliteStore, Store, StoreError,
    open_read_only, sqlite_path,
};
use std::path::Path;

fn record(i: usize, url: &str, text: &str) -> PreparedArticle {
    let r = ArticleRecord {
        source: Source {
            path: format!("crawl.warc.gz#{i}"),
            url: Some(url.to_string()),
            outlet: Some(["Le Monde", "Libération", "L'Humanité"][i % 3].into()),
            date: Some(format!("2019-0{}-1{}", 1 + i % 9, i % 10)),
            author: None,
        },
        title: Some(format!("Dépêche {i}")),
        text: None,
        quotes: vec![Quote {
            start: 0,
            end: 10,
            text: text.to_string(),
            kind: QuoteKind::Direct,
            speaker: Some(Speaker {
                id: None,
                name: "Élisabeth Borne".into(),
                kind: SourceKind::Person,
                person: Some(0),
                mention: None,
            }),
            cue: Some("a affirmé".into()),
            cue_span: None,
            channel: None,
            date: None,
            date_from: None,
        }],
        persons: vec![Person {
            id: None,
            name: "Élisabeth Borne".into(),
            mentions: vec!["Borne".into()],
            roles: vec!["Première ministre".into()],
            spans: vec![],
            kb_id: Some("Q123".into()),
            party: Some("Renaissance".into()),
        }],
        ..Default::default()
    };
    PreparedArticle::new(r, text.to_string())
}

/// `n` distinct stories of 40 to 100 words each, none a near copy of another.
fn stories(n: usize) -> Vec<PreparedArticle> {
    let words = [
        "réforme",
        "retraites",
        "gouvernement",
        "syndicats",
        "grève",
        "Assemblée",
        "budget",
        "énergie",
        "climat",
        "hôpital",
        "école",
        "région",
        "vote",
        "majorité",
        "opposition",
        "ministre",
        "Sénat",
        "loi",
        "crise",
        "accord",
        "texte",
        "débat",
        "emploi",
        "impôts",
    ];
    (0..n)
        .map(|i| {
            let mut x =
                0x2545_F491_4F6C_DD1D_u64 ^ (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            let mut text = format!("Dépêche numéro {i}. ");
            for k in 0..(40 + i % 60) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                text.push_str(words[(x % words.len() as u64) as usize]);
                text.push_str(if k % 9 == 8 { ". " } else { " " });
            }
            record(i, &format!("https://example.org/{i}"), &text)
        })
        .collect()
}

fn q(text: &str) -> SearchQuery {
    SearchQuery {
        text: text.into(),
        limit: 50,
        ..Default::default()
    }
}

const QUERIES: &[&str] = &[
    "retraites",
    "réforme gouvernement",
    "climat OR énergie",
    "\"numéro 7\"",
    "grèv*",
];

/// Every query's hits as ids, or the error's text.
fn answers(store: &mut dyn Store) -> Vec<Result<Vec<String>, String>> {
    QUERIES
        .iter()
        .map(|t| {
            store
                .search(&q(t))
                .map(|rows| rows.into_iter().map(|r| r.id).collect())
                .map_err(|e| e.to_string())
        })
        .collect()
}

fn dump(store: &mut dyn Store) -> String {
    let mut out = String::new();
    store
        .export_articles(&mut |a| {
            out.push_str(&format!("{a:?}\n"));
            Ok(())
        })
        .expect("export articles");
    store
        .export_quotes(&mut |q| {
            out.push_str(&format!("{q:?}\n"));
            Ok(())
        })
        .expect("export quotes");
    out
}

fn file_bytes(p: &Path) -> Vec<u8> {
    std::fs::read(p).expect("read file")
}

#[test]
fn sqlite_read_only_opening_creates_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("nope");
    let e = open_read_only(&Location::Dir(missing.clone()))
        .err()
        .expect("missing");
    assert!(matches!(e, StoreError::Missing(_)), "{e}");
    assert!(e.to_string().contains("nope"), "names the store: {e}");
    assert!(!missing.exists(), "a read-only open created the directory");

    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    assert!(matches!(
        open_read_only(&Location::Dir(empty.clone())),
        Err(StoreError::Missing(_))
    ));
    assert!(!sqlite_path(&empty).exists());

    let foreign = dir.path().join("foreign");
    std::fs::create_dir(&foreign).expect("mkdir");
    std::fs::write(
        sqlite_path(&foreign),
        b"this is not a database, just some text",
    )
    .expect("write");
    let e = open_read_only(&Location::Dir(foreign.clone()))
        .err()
        .expect("not sqlite");
    assert!(matches!(e, StoreError::Schema { .. }), "{e}");
    assert!(e.to_string().contains("not a SQLite database"), "{e}");
    let other = dir.path().join("other");
    std::fs::create_dir(&other).expect("mkdir");
    {
        let c = rusqlite::Connection::open(sqlite_path(&other)).expect("sqlite");
        c.execute_batch("CREATE TABLE notes (x TEXT)")
            .expect("create");
    }
    for e in [
        open_read_only(&Location::Dir(other.clone())).err(),
        SqliteStore::open_dir(&other).err(),
    ] {
        let e = e.expect("foreign tables");
        assert!(e.to_string().contains("not a dixit store"), "{e}");
    }

    let data = dir.path().join("data");
    {
        let mut store = SqliteStore::open_dir(&data).expect("open");
        store.write_batch(&stories(30)).expect("write");
    }
    let before = file_bytes(&sqlite_path(&data));
    let expected;
    {
        let mut ro = open_read_only(&Location::Dir(data.clone())).expect("read-only");
        expected = answers(ro.as_mut());
        assert!(
            expected
                .iter()
                .all(|a| a.as_ref().is_ok_and(|v| !v.is_empty()))
        );
        assert!(matches!(
            ro.write_batch(&stories(1)),
            Err(StoreError::ReadOnly)
        ));
        assert!(matches!(ro.repair(), Err(StoreError::ReadOnly)));
        assert!(ro.check().expect("check").is_ok());
    }
    assert_eq!(file_bytes(&sqlite_path(&data)), before, "the file changed");
}

#[test]
fn postgres_read_only_opening() {
    let Some(db) = support::pg::fresh_db() else {
        return;
    };
    let e = PgStore::connect_read_only(&db.url)
        .err()
        .expect("empty database");
    assert!(matches!(e, StoreError::Missing(_)), "{e}");
    let mut client = postgres::Client::connect(&db.url, postgres::NoTls).expect("connect");
    let tables: i64 = client
        .query_one(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
            &[],
        )
        .expect("count")
        .get(0);
    assert_eq!(tables, 0, "a read-only open created tables");
    PgStore::connect(&db.url)
        .expect("create")
        .write_batch(&stories(20))
        .expect("write");
    let mut ro = PgStore::connect_read_only(&db.url).expect("read-only");
    assert!(answers(&mut ro).iter().all(|a| a.is_ok()));
    assert!(matches!(
        ro.write_batch(&stories(1)),
        Err(StoreError::ReadOnly)
    ));
    assert!(ro.check().expect("check").is_ok());
}

fn new_versions(store: &mut dyn Store) {
    let url = "https://example.org/page";
    let first = stories(60).remove(59);
    let mut v1 = record(0, url, &first.text);
    let s = store.write_batch(std::slice::from_ref(&v1)).expect("v1");
    assert_eq!((s.new_articles, s.new_versions), (1, 0));
    // The page changed a little: a new appearance of the same story.
    let edited = format!("{} Mise à jour : le texte a été adopté.", first.text);
    let v2 = record(0, url, &edited);
    let s = store.write_batch(std::slice::from_ref(&v2)).expect("v2");
    assert_eq!(
        (s.duplicates, s.new_versions, s.unchanged),
        (1, 1, 0),
        "{s:?}"
    );
    // The page was replaced by another story: a new story.
    let v3 = record(0, url, &stories(2).remove(0).text);
    let s = store.write_batch(std::slice::from_ref(&v3)).expect("v3");
    assert_eq!((s.new_articles, s.new_versions), (1, 1), "{s:?}");
    // Seen again: nothing to do.
    v1.path = "elsewhere.warc.gz#9".into();
    let s = store
        .write_batch(&[v1.clone(), v2.clone(), v3.clone()])
        .expect("again");
    assert_eq!(s.unchanged, 3, "{s:?}");
    let c = store.counts().expect("counts");
    assert_eq!((c.articles, c.appearances), (2, 3));
    let pairs = [
        (url, v1.text_hash.as_str()),
        (url, v3.text_hash.as_str()),
        (url, "0000"),
    ];
    assert_eq!(store.known_versions(&pairs).expect("known").len(), 2);
}

#[test]
fn sqlite_changed_content_is_a_new_version() {
    let dir = tempfile::tempdir().expect("tempdir");
    new_versions(&mut SqliteStore::open_dir(dir.path()).expect("open"));
}

#[test]
fn postgres_changed_content_is_a_new_version() {
    let Some(db) = support::pg::fresh_db() else {
        return;
    };
    new_versions(&mut PgStore::connect(&db.url).expect("connect"));
}

#[test]
fn sqlite_check_finds_and_repairs_logical_damage() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let (expected_answers, expected_dump) = {
        let mut store = SqliteStore::open_dir(&data).expect("open");
        store.write_batch(&stories(40)).expect("write");
        let report = store.check().expect("check");
        assert!(report.is_ok(), "{report:?}");
        assert!(report.checks.len() >= 4);
        (answers(&mut store), dump(&mut store))
    };
    {
        let c = rusqlite::Connection::open(sqlite_path(&data)).expect("raw");
        c.execute_batch(
            "DROP TABLE quotes_fts;
             CREATE VIRTUAL TABLE quotes_fts USING fts5(body, content='', tokenize='ascii');
             DELETE FROM appearances WHERE key = 'https://example.org/3';
             INSERT INTO mentions VALUES ('no-such-story', 'person', 'x', 'X');
             INSERT INTO person_roles VALUES ('nobody', 'ministre');",
        )
        .expect("damage");
    }
    let mut store = SqliteStore::open_dir(&data).expect("reopen");
    let report = store.check().expect("check");
    let text: Vec<&str> = report.problems.iter().map(|p| p.message.as_str()).collect();
    assert!(report.is_repairable() && !report.is_ok(), "{text:?}");
    for needle in [
        "40 quotes missing from the full-text index",
        "1 stories without their own appearance",
        "1 mentions in stories that do not exist",
        "1 roles of persons that do not exist",
    ] {
        assert!(
            text.iter().any(|t| t.contains(needle)),
            "{needle} not in {text:?}"
        );
    }
    // The damage shows: searches miss quotes. The check is what tells.
    assert_ne!(answers(&mut store), expected_answers);
    let repaired = store.repair().expect("repair");
    assert!(repaired.is_ok(), "{repaired:?}");
    assert_eq!(repaired.repaired.len(), report.problems.len());
    assert_eq!(answers(&mut store), expected_answers);
    assert_eq!(dump(&mut store), expected_dump);
}

#[test]
fn postgres_check_finds_and_repairs_logical_damage() {
    let Some(db) = support::pg::fresh_db() else {
        return;
    };
    let mut store = PgStore::connect(&db.url).expect("connect");
    store.write_batch(&stories(40)).expect("write");
    assert!(store.check().expect("check").is_ok());
    let expected = (answers(&mut store), dump(&mut store));
    let mut client = postgres::Client::connect(&db.url, postgres::NoTls).expect("connect");
    client
        .batch_execute(
            "UPDATE quotes SET tsv = '', len = 0 WHERE id IN (SELECT id FROM quotes ORDER BY id LIMIT 5);
             DELETE FROM fts_stats;
             DELETE FROM appearances WHERE key = 'https://example.org/3';
             INSERT INTO mentions VALUES ('no-such-story', 'person', 'x', 'X');",
        )
        .expect("damage");
    let report = store.check().expect("check");
    let text: Vec<&str> = report.problems.iter().map(|p| p.message.as_str()).collect();
    assert!(report.is_repairable() && !report.is_ok(), "{text:?}");
    for needle in [
        "5 quotes whose full-text terms differ",
        "search statistics of quotes out of date",
        "1 stories without their own appearance",
        "1 mentions in stories that do not exist",
    ] {
        assert!(
            text.iter().any(|t| t.contains(needle)),
            "{needle} not in {text:?}"
        );
    }
    let repaired = store.repair().expect("repair");
    assert!(repaired.is_ok(), "{repaired:?}");
    assert_eq!((answers(&mut store), dump(&mut store)), expected);
}

#[test]
fn corrupted_files_give_errors_never_other_answers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let expected = {
        let mut store = SqliteStore::open_dir(&data).expect("open");
        store.write_batch(&stories(300)).expect("write");
        answers(&mut store)
    };
    let pristine = file_bytes(&sqlite_path(&data));
    let pages = pristine.len() / 4096;
    assert!(pages > 20, "{pages} pages");

    // Pages overwritten with noise, at several places in the file.
    let mut damaged_runs = 0;
    for start in [pages / 5, pages / 3, pages / 2, 2 * pages / 3, pages - 3] {
        let mut bytes = pristine.clone();
        let mut x: u32 = 0x9E37_79B9 ^ start as u32;
        for b in &mut bytes[start * 4096..(start + 2) * 4096] {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            *b = x as u8;
        }
        std::fs::write(sqlite_path(&data), &bytes).expect("write damaged");
        let Ok(mut store) = open_read_only(&Location::Dir(data.clone())) else {
            damaged_runs += 1;
            continue;
        };
        match store.check() {
            Ok(report) => {
                assert!(!report.is_ok(), "pages {start}..: damage not reported");
                assert!(!report.is_repairable(), "{report:?}");
                assert!(report.problems[0].message.contains("file damaged"));
            }
            Err(e) => assert!(matches!(e, StoreError::Sqlite(_)), "{e}"),
        }
        for (got, want) in answers(store.as_mut()).iter().zip(&expected) {
            if let Ok(ids) = got {
                assert_eq!(
                    Ok(ids),
                    want.as_ref(),
                    "pages {start}..: a wrong answer, silently"
                );
            } else {
                damaged_runs += 1;
            }
        }
    }
    assert!(damaged_runs > 0, "no damage ever showed");

    // A damaged header: the file is no database at all.
    let mut bytes = pristine.clone();
    bytes[..16].copy_from_slice(b"garbage garbage!");
    std::fs::write(sqlite_path(&data), &bytes).expect("write");
    let e = open_read_only(&Location::Dir(data.clone()))
        .err()
        .expect("damaged header");
    assert!(e.to_string().contains("not a SQLite database"), "{e}");
}

#[test]
fn sqlite_schema_0_is_upgraded_on_write_and_refused_read_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sqlite_path(dir.path());
    {
        let c = rusqlite::Connection::open(&path).expect("sqlite");
        c.execute_batch(include_str!("fixtures/schema-v0-sqlite.sql"))
            .expect("v0 schema");
        c.execute_batch(
            "INSERT INTO articles (rid, id, title, text, outlet, date, url, path) VALUES
               (1, 'a1', 'Titre', 'Le gouvernement présente la réforme des retraites.', 'Le Monde', '2019-12-10', 'https://x/1', 'x.html');
             INSERT INTO appearances VALUES ('https://x/1', 'a1', 'a1', 1.0, 'Titre', 'Le Monde', 'le monde', '2019-12-10', 'https://x/1', 'x.html');
             INSERT INTO persons VALUES ('edouard philippe', 'Édouard Philippe', NULL, 'Les Républicains');
             INSERT INTO quotes (rid, id, article_id, start, \"end\", text, kind, speaker, speaker_kind, speaker_key, person_id)
               VALUES (1, 'q1', 'a1', 0, 10, 'Nous irons jusqu''au bout de la réforme', 'direct', 'Édouard Philippe', 'person', 'edouard philippe', 'edouard philippe');
             INSERT INTO quotes_fts (rowid, body) VALUES (1, 'iron jusqu bout reform');
             INSERT INTO articles_fts (rowid, body) VALUES (1, 'titr gouvern present reform retrait');",
        )
        .expect("v0 rows");
    }
    let e = open_read_only(&Location::Dir(dir.path().to_path_buf()))
        .err()
        .expect("v0");
    assert!(e.to_string().contains("older dixit"), "{e}");
    let mut store = SqliteStore::open_dir(dir.path()).expect("upgrade");
    assert!(store.check().expect("check").is_ok());
    let mut f = q("réforme");
    f.party = Some("republicains".into());
    assert_eq!(store.search(&f).expect("search").len(), 1);
    assert_eq!(
        store
            .search_articles(&q("retraites"))
            .expect("articles")
            .len(),
        1
    );
    drop(store);
    let mut ro = open_read_only(&Location::Dir(dir.path().to_path_buf())).expect("read-only");
    assert_eq!(ro.counts().expect("counts").quotes, 1);
}

#[test]
fn postgres_schema_0_is_upgraded() {
    let Some(db) = support::pg::fresh_db() else {
        return;
    };
    let mut client = postgres::Client::connect(&db.url, postgres::NoTls).expect("connect");
    client
        .batch_execute(include_str!("fixtures/schema-v0-pg.sql"))
        .expect("v0 schema");
    client
        .batch_execute(
            "INSERT INTO articles (id, title, text, outlet, date, url, path, body) VALUES
               ('a1', 'Titre', 'Le gouvernement présente la réforme des retraites.', 'Le Monde', '2019-12-10', 'https://x/1', 'x.html', 'titr gouvern present reform retrait');
             INSERT INTO appearances VALUES ('https://x/1', 'a1', 'a1', 1.0, 'Titre', 'Le Monde', 'le monde', '2019-12-10', 'https://x/1', 'x.html');
             INSERT INTO quotes (id, article_id, start, \"end\", text, kind, speaker, speaker_kind, speaker_key, person_id, body)
               VALUES ('q1', 'a1', 0, 10, 'Nous irons jusqu''au bout de la réforme', 'direct', 'Édouard Philippe', 'person', 'edouard philippe', 'edouard philippe', 'iron jusqu bout reform');
             INSERT INTO persons VALUES ('edouard philippe', 'Édouard Philippe', NULL, 'Les Républicains');",
        )
        .expect("v0 rows");
    assert!(
        PgStore::connect_read_only(&db.url)
            .err()
            .is_some_and(|e| e.to_string().contains("older dixit"))
    );
    let mut store = PgStore::connect(&db.url).expect("upgrade");
    assert!(store.check().expect("check").is_ok());
    let mut f = q("réforme");
    f.party = Some("republicains".into());
    assert_eq!(store.search(&f).expect("search").len(), 1);
    assert_eq!(
        store
            .search_articles(&q("retraites"))
            .expect("articles")
            .len(),
        1
    );
    let s = store.write_batch(&stories(3)).expect("write after upgrade");
    assert_eq!(s.new_articles, 3);
    assert!(store.check().expect("check").is_ok());
}

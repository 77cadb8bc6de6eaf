//! The query language, ranking, pagination and filters, on both backends: each form of
//! the language, BM25 checked against an independent implementation, identical
//! rankings on SQLite and PostgreSQL, and user input that never makes an engine fail.

mod support;

use dixit_model::{ArticleRecord, Person, Quote, QuoteKind, Source, SourceKind, Speaker};
use dixit_store::normalize::index_body;
use dixit_store::query::{Atom, MAX_LIMIT, Query};
use dixit_store::{
    PgStore, PreparedArticle, QueryError, SearchQuery, SqliteStore, Store, StoreError,
};
use std::collections::HashMap;

/// One article whose text is also its only quote, by `speaker` of `party`.
fn article(
    url: &str,
    text: &str,
    date: Option<&str>,
    speaker: &str,
    party: Option<&str>,
    kind: QuoteKind,
) -> PreparedArticle {
    let r = ArticleRecord {
        source: Source {
            path: format!("{url}.html"),
            url: Some(format!("https://example.org/{url}")),
            outlet: Some(
                if url.len().is_multiple_of(2) {
                    "Le Monde"
                } else {
                    "Libération"
                }
                .into(),
            ),
            date: date.map(str::to_string),
            author: None,
        },
        title: None,
        text: None,
        quotes: vec![Quote {
            start: 0,
            end: text.len(),
            text: text.into(),
            kind,
            speaker: Some(Speaker {
                id: None,
                name: speaker.into(),
                kind: SourceKind::Person,
                person: Some(0),
                mention: None,
            }),
            cue: Some("a déclaré".into()),
            cue_span: None,
            channel: None,
            date: None,
            date_from: None,
        }],
        persons: vec![Person {
            id: None,
            name: speaker.into(),
            mentions: vec![],
            roles: vec![],
            spans: vec![],
            kb_id: None,
            party: party.map(str::to_string),
        }],
        ..Default::default()
    };
    PreparedArticle::new(r, text.to_string())
}

fn small_corpus() -> Vec<PreparedArticle> {
    use QuoteKind::*;
    vec![
        article(
            "d1",
            "La réforme des retraites sera votée avant l'été",
            Some("2019-12-10"),
            "Édouard Philippe",
            Some("Les Républicains"),
            Direct,
        ),
        article(
            "d2",
            "Les retraites et la réforme du chômage avancent ensemble",
            Some("2019-11-02"),
            "Muriel Pénicaud",
            Some("La République en marche"),
            Indirect,
        ),
        article(
            "d3",
            "Le chômage baisse enfin dans toutes les régions",
            Some("2018-05-20"),
            "Muriel Pénicaud",
            Some("La République en marche"),
            Direct,
        ),
        article(
            "d4",
            "Football : la coupe du monde et les retraites des joueurs",
            None,
            "Didier Deschamps",
            None,
            Mixed,
        ),
    ]
}

fn urls<T>(rows: &[T], url: impl Fn(&T) -> Option<&str>) -> Vec<String> {
    let mut v: Vec<String> = rows
        .iter()
        .map(|r| {
            url(r)
                .and_then(|u| u.rsplit('/').next())
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    v.sort();
    v
}

fn q(text: &str) -> SearchQuery {
    SearchQuery {
        text: text.into(),
        limit: 100,
        ..Default::default()
    }
}

fn quote_hits(store: &mut dyn Store, query: &SearchQuery) -> Vec<String> {
    let rows = store
        .search(query)
        .unwrap_or_else(|e| panic!("{query:?}: {e}"));
    urls(&rows, |r| r.url.as_deref())
}

fn article_hits(store: &mut dyn Store, query: &SearchQuery) -> Vec<String> {
    let rows = store
        .search_articles(query)
        .unwrap_or_else(|e| panic!("{query:?}: {e}"));
    urls(&rows, |r| r.url.as_deref())
}

fn language_forms(store: &mut dyn Store) {
    store.write_batch(&small_corpus()).expect("write");
    let cases: &[(&str, &[&str])] = &[
        // Words: all required, stemmed, accents and case folded.
        ("RÉFORMES retraite", &["d1", "d2"]),
        ("reforme", &["d1", "d2"]),
        // Phrases: adjacent, in order; ignored words in between do not count.
        ("\"réforme des retraites\"", &["d1"]),
        ("\"retraites réforme\"", &["d2"]),
        ("\"chômage réforme\"", &[]),
        ("\"coupe du monde\"", &["d4"]),
        // OR binds its neighbours.
        ("retraites OR chômage", &["d1", "d2", "d3", "d4"]),
        ("réforme retraites OR chômage", &["d1", "d2"]),
        // Exclusions.
        ("retraites -football", &["d1", "d2"]),
        ("retraites -\"coupe du monde\"", &["d1", "d2"]),
        ("retraites -\"monde coupe\"", &["d1", "d2", "d4"]),
        // Prefixes.
        ("chôm*", &["d2", "d3"]),
        ("retrait*", &["d1", "d2", "d4"]),
        ("foot*", &["d4"]),
        // Engine operators in user input are plain words, never syntax.
        ("retraites AND NOT football", &[]),
        ("retraites NEAR/2 chômage", &[]),
        ("body:retraites", &[]),
        ("retraites & !football", &["d4"]),
        ("(retraites) OR (chômage", &["d1", "d2", "d3", "d4"]),
        // The SQL-looking part is a phrase of two "1"s that no text holds.
        ("retraites' OR 1=1 --", &["d1", "d2", "d4"]),
        ("zzz' OR 1=1 --", &[]),
    ];
    for (text, expected) in cases {
        assert_eq!(quote_hits(store, &q(text)), *expected, "quotes: {text}");
        assert_eq!(article_hits(store, &q(text)), *expected, "articles: {text}");
    }

    // Empty-term queries are errors, not "everything".
    for text in ["les", "*", "\"", "de la", "OR", "-retraites"] {
        let e = store.search(&q(text)).expect_err(text);
        assert!(matches!(e, StoreError::Query(_)), "{text}: {e}");
        assert!(store.search_articles(&q(text)).is_err(), "{text}");
    }

    // Filters.
    let mut f = q("");
    f.party = Some("republique".into());
    assert_eq!(quote_hits(store, &f), ["d2", "d3"]);
    f.kind = Some("direct".into());
    assert_eq!(quote_hits(store, &f), ["d3"]);
    let mut f = q("retraites");
    f.kind = Some("mixed".into());
    assert_eq!(quote_hits(store, &f), ["d4"]);
    f.kind = Some("quoted".into());
    assert!(matches!(
        store.search(&f),
        Err(StoreError::Query(QueryError::BadKind { .. }))
    ));
    let mut f = q("");
    f.from = Some("2019".into());
    assert_eq!(quote_hits(store, &f), ["d1", "d2"]);
    f.from = Some("07/2017".into());
    assert!(matches!(
        store.search(&f),
        Err(StoreError::Query(QueryError::BadDate { .. }))
    ));
    f.from = Some("2020".into());
    f.to = Some("2019".into());
    assert!(matches!(
        store.search(&f),
        Err(StoreError::Query(QueryError::EmptyDateRange { .. }))
    ));
    let mut f = q("retraites");
    f.speaker = Some("penicaud".into());
    assert!(matches!(
        store.search_articles(&f),
        Err(StoreError::Query(QueryError::NotForArticles { .. }))
    ));

    // Totals, pages, bounds.
    let page = store.search_page(&q("retraites OR chômage")).expect("page");
    assert_eq!(page.total, 4);
    let mut small = q("retraites OR chômage");
    small.limit = 2;
    small.offset = 2;
    let second = store.search_page(&small).expect("page 2");
    assert_eq!(second.total, 4);
    assert_eq!(second.offset, 2);
    assert_eq!(second.hits, page.hits[2..4]);
    let mut huge = q("retraites");
    huge.limit = usize::MAX;
    huge.offset = u64::MAX;
    let far = store.search_page(&huge).expect("bounded, not an SQL error");
    assert!(far.hits.is_empty());
    assert_eq!(far.total, 3);
    huge.offset = 0;
    assert_eq!(store.search_page(&huge).expect("clamped").hits.len(), 3);
    // Scores: best first, filters-only searches unscored and newest first.
    assert!(page.hits.windows(2).all(|w| w[0].score >= w[1].score));
    assert!(page.hits.iter().all(|h| h.score > 0.0));
    let mut by_date = q("");
    by_date.outlet = Some("e".into());
    let dated = store.search_page(&by_date).expect("dates");
    let dates: Vec<Option<&str>> = dated.hits.iter().map(|h| h.row.date.as_deref()).collect();
    assert_eq!(
        dates,
        [
            Some("2019-12-10"),
            Some("2019-11-02"),
            Some("2018-05-20"),
            None
        ]
    );
    assert!(dated.hits.iter().all(|h| h.score == 0.0));
}

#[test]
fn sqlite_language_forms() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = SqliteStore::open_dir(dir.path()).expect("open");
    language_forms(&mut store);
}

#[test]
fn postgres_language_forms() {
    let Some(db) = support::pg::fresh_db() else {
        return;
    };
    let mut store = PgStore::connect(&db.url).expect("connect");
    language_forms(&mut store);
}

/// Small deterministic generator (xorshift).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const VOCABULARY: &[&str] = &[
    // A modifier apostrophe (U+02BC) is a letter to Unicode, yet folds to ASCII "'".
    "lʼAssemblée",
    "aujourdʼhui",
    "œuvre",
    "Ⅻe",
    "x²",
    "gouvernement",
    "réforme",
    "retraites",
    "chômage",
    "président",
    "ministre",
    "Assemblée",
    "Sénat",
    "budget",
    "impôts",
    "syndicats",
    "grève",
    "élections",
    "municipales",
    "européennes",
    "écologie",
    "climat",
    "énergie",
    "nucléaire",
    "santé",
    "hôpital",
    "école",
    "éducation",
    "sécurité",
    "police",
    "justice",
    "immigration",
    "frontières",
    "agriculture",
    "paysans",
    "entreprises",
    "salariés",
    "emploi",
    "croissance",
    "dette",
    "déficit",
    "Europe",
    "Bruxelles",
    "Allemagne",
    "Macron",
    "Philippe",
    "Mélenchon",
    "Le Pen",
    "Hidalgo",
    "Paris",
    "Marseille",
    "Lyon",
    "région",
    "département",
    "maire",
    "député",
    "sénateur",
    "vote",
    "loi",
    "texte",
    "amendement",
    "opposition",
    "majorité",
    "débat",
    "accord",
    "crise",
    "sanitaire",
    "vaccin",
    "premier",
    "pouvoir",
    "d'achat",
    "carburant",
    "taxe",
    "transition",
    "logement",
    "jeunes",
];

/// A word drawn with a skewed distribution, so that some words are common and most rare.
fn word(rng: &mut Rng) -> &'static str {
    let a = rng.below(VOCABULARY.len());
    let b = rng.below(VOCABULARY.len());
    VOCABULARY[a.min(b)]
}

fn generated_corpus(n: usize) -> Vec<PreparedArticle> {
    let mut rng = Rng(0x5EED_0BAD_CAFE);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let words = 3 + rng.below(if i % 5 == 0 { 120 } else { 25 });
        // A unique first word keeps every text its own story.
        let mut text = format!("n{i} ");
        for _ in 0..words {
            text.push_str(word(&mut rng));
            text.push(' ');
        }
        // Some copies of the same dates make ties that only the id breaks.
        let date = match rng.below(5) {
            0 => None,
            d => Some(format!(
                "201{}-0{}-1{}",
                5 + d,
                1 + rng.below(9),
                rng.below(10)
            )),
        };
        out.push(article(
            &format!("g{i:04}"),
            text.trim_end(),
            date.as_deref(),
            if i % 3 == 0 {
                "Emmanuel Macron"
            } else {
                "Marine Le Pen"
            },
            None,
            QuoteKind::Direct,
        ));
    }
    out
}

const PARITY_QUERIES: &[&str] = &[
    "retraites",
    "réforme retraites",
    "gouvernement",
    "président ministre",
    "\"réforme retraites\"",
    "\"gouvernement réforme\"",
    "retraites OR chômage",
    "budget impôts OR dette",
    "gouvernement -retraites",
    "réform*",
    "min*",
    "Le Pen",
    "d'achat",
    "\"pouvoir d'achat\"",
    "europ*",
    "crise sanitaire",
    "loi OR texte OR amendement",
    "maire -député -sénateur",
    "écologie climat énergie",
    "logement jeunes",
    "présidente",
    "gouvernement gouvernement",
    "assemblée",
    "\"aujourd hui\"",
    "oeuvre",
];

/// BM25 as FTS5 defines it, computed from the index terms alone: what both backends
/// must give.
fn reference_scores(docs: &[PreparedArticle], query: &Query) -> HashMap<String, f64> {
    let bodies: Vec<Vec<String>> = docs
        .iter()
        .map(|d| {
            index_body(&[&d.quotes[0].text])
                .text
                .split(' ')
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect()
        })
        .collect();
    let tf = |body: &[String], atom: &Atom| -> usize {
        (0..body.len())
            .filter(|&i| {
                atom.words.iter().enumerate().all(|(k, w)| {
                    body.get(i + k).is_some_and(|t| {
                        if w.prefix {
                            t.starts_with(&w.text)
                        } else {
                            *t == w.text
                        }
                    })
                })
            })
            .count()
    };
    let matches = |body: &[String]| {
        query
            .groups
            .iter()
            .all(|g| g.iter().any(|a| tf(body, a) > 0))
            && query.excluded.iter().all(|a| tf(body, a) == 0)
    };
    let n_rows = bodies.len() as i64;
    let avgdl = bodies.iter().map(Vec::len).sum::<usize>() as f64 / n_rows as f64;
    let idf: Vec<f64> = query
        .scored_atoms()
        .map(|a| {
            let hits = bodies.iter().filter(|b| tf(b, a) > 0).count() as i64;
            let v = (((n_rows - hits) as f64 + 0.5) / (hits as f64 + 0.5)).ln();
            if v <= 0.0 { 1e-6 } else { v }
        })
        .collect();
    let mut out = HashMap::new();
    for (d, body) in docs.iter().zip(&bodies) {
        if !matches(body) {
            continue;
        }
        let dl = body.len() as f64;
        let mut score = 0.0;
        for (a, idf) in query.scored_atoms().zip(&idf) {
            let f = tf(body, a) as f64;
            score += idf * ((f * (1.2 + 1.0)) / (f + 1.2 * (1.0 - 0.75 + 0.75 * dl / avgdl)));
        }
        out.insert(d.quotes[0].id.clone(), score);
    }
    out
}

/// A query, its total, and its hits (id, score) best first.
type Ranking = (String, u64, Vec<(String, f64)>);

/// Every hit of every parity query, with its score.
fn rankings(store: &mut dyn Store) -> Vec<Ranking> {
    PARITY_QUERIES
        .iter()
        .map(|text| {
            let mut sq = q(text);
            sq.limit = MAX_LIMIT;
            let page = store
                .search_page(&sq)
                .unwrap_or_else(|e| panic!("{text}: {e}"));
            let hits = page
                .hits
                .iter()
                .map(|h| (h.row.id.clone(), h.score))
                .collect();
            (text.to_string(), page.total, hits)
        })
        .collect()
}

fn check_against_reference(docs: &[PreparedArticle], got: &[Ranking]) {
    for (text, total, hits) in got {
        let query = Query::parse(text).expect("query");
        let expected = reference_scores(docs, &query);
        assert_eq!(*total as usize, expected.len(), "{text}: total");
        assert_eq!(hits.len(), expected.len(), "{text}: hits");
        for (id, score) in hits {
            let want = expected.get(id).copied().unwrap_or(f64::NAN);
            assert!(
                (score - want).abs() < 1e-6,
                "{text}: {id} scored {score}, expected {want}"
            );
        }
        assert!(
            hits.windows(2).all(|w| w[0].1 >= w[1].1),
            "{text}: not best first"
        );
    }
}

#[test]
fn bm25_matches_the_reference_and_postgres_ranks_alike() {
    let docs = generated_corpus(400);
    let dir = tempfile::tempdir().expect("tempdir");
    let mut sqlite = SqliteStore::open_dir(dir.path()).expect("open");
    for chunk in docs.chunks(64) {
        sqlite.write_batch(chunk).expect("write");
    }
    let lite = rankings(&mut sqlite);
    check_against_reference(&docs, &lite);
    assert!(
        lite.iter().filter(|r| r.2.len() >= 10).count() >= 15,
        "too few hits to compare"
    );

    // Ranking does not depend on the page size: the first hits of -n 3 and -n 4 agree,
    // and pages follow one another.
    for (text, _, all) in &lite {
        for n in [1, 3, 4, 7] {
            let mut sq = q(text);
            sq.limit = n;
            let ids: Vec<String> = sqlite
                .search(&sq)
                .expect("search")
                .into_iter()
                .map(|r| r.id)
                .collect();
            let want: Vec<String> = all.iter().take(n).map(|h| h.0.clone()).collect();
            assert_eq!(ids, want, "{text} -n {n}");
            sq.offset = n as u64;
            let next: Vec<String> = sqlite
                .search(&sq)
                .expect("search")
                .into_iter()
                .map(|r| r.id)
                .collect();
            let want: Vec<String> = all.iter().skip(n).take(n).map(|h| h.0.clone()).collect();
            assert_eq!(next, want, "{text} -n {n} page 2");
        }
    }

    let Some(db) = support::pg::fresh_db() else {
        return;
    };
    let mut pg = PgStore::connect(&db.url).expect("connect");
    for chunk in docs.chunks(64) {
        pg.write_batch(chunk).expect("write");
    }
    let pg_rankings = rankings(&mut pg);
    check_against_reference(&docs, &pg_rankings);
    for ((text, lt, lh), (_, pt, ph)) in lite.iter().zip(&pg_rankings) {
        assert_eq!(lt, pt, "{text}: totals differ");
        let l: Vec<&String> = lh.iter().map(|h| &h.0).collect();
        let p: Vec<&String> = ph.iter().map(|h| &h.0).collect();
        assert_eq!(l, p, "{text}: rankings differ");
    }
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;
    use proptest::strategy::ValueTree;

    fn query_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("\"".to_string()),
            Just("-".to_string()),
            Just("*".to_string()),
            Just(" OR ".to_string()),
            Just(" AND ".to_string()),
            Just(" NOT ".to_string()),
            Just("NEAR(".to_string()),
            Just(")".to_string()),
            Just(":".to_string()),
            Just("'".to_string()),
            Just("\\".to_string()),
            Just("&".to_string()),
            Just("|".to_string()),
            Just("!".to_string()),
            Just("<->".to_string()),
            Just("^".to_string()),
            Just(" ".to_string()),
            "[a-zA-Zéèàçœ0-9]{1,8}",
            "\\PC{1,3}",
        ];
        prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
    }

    /// Random query strings, deterministic from run to run.
    fn samples(n: usize) -> Vec<String> {
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let strategy = query_text();
        (0..n)
            .map(|_| strategy.new_tree(&mut runner).expect("value").current())
            .collect()
    }

    /// Any string is a query or a typed error; a query never makes FTS5 fail, and the
    /// store rejects exactly what the parser rejects.
    #[test]
    fn any_input_parses_or_is_rejected_and_fts5_accepts_every_rendering() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut store = SqliteStore::open_dir(dir.path()).expect("open");
        store.write_batch(&small_corpus()).expect("write");
        let mut valid = 0;
        for text in samples(2000) {
            if text.trim().is_empty() {
                // Blank text: a search by filters only.
                continue;
            }
            match Query::parse(&text) {
                Ok(query) => {
                    valid += 1;
                    assert!(!query.groups.is_empty());
                    store
                        .search_page(&q(&text))
                        .unwrap_or_else(|e| panic!("{text:?} → {}: {e}", query.to_fts5()));
                    store
                        .search_articles_page(&q(&text))
                        .unwrap_or_else(|e| panic!("{text:?}: {e}"));
                }
                Err(e) => match store.search(&q(&text)) {
                    Err(StoreError::Query(got)) => assert_eq!(got, e, "{text:?}"),
                    other => panic!("{text:?}: {other:?}"),
                },
            }
        }
        assert!(valid > 500, "only {valid} valid queries");
    }

    /// The same inputs on PostgreSQL: `::tsquery` accepts every rendering.
    #[test]
    fn postgres_accepts_every_rendering() {
        let Some(db) = support::pg::fresh_db() else {
            return;
        };
        let mut store = PgStore::connect(&db.url).expect("connect");
        store.write_batch(&small_corpus()).expect("write");
        let mut tried = 0;
        for text in samples(500) {
            if Query::parse(&text).is_ok() {
                tried += 1;
                store
                    .search_page(&q(&text))
                    .unwrap_or_else(|e| panic!("{text:?}: {e}"));
                store
                    .search_articles_page(&q(&text))
                    .unwrap_or_else(|e| panic!("{text:?}: {e}"));
            }
        }
        assert!(tried > 100, "only {tried} valid queries");
    }
}

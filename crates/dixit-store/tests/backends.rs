//! The same scenario against both backends: deduplication, idempotence, search, export.

mod support;

use dixit_model::{
    Actor, ArticleRecord, Named, Person, Quote, QuoteKind, Relation, RelationKind, Source,
    SourceKind, Span, Speaker,
};
use dixit_store::{PreparedArticle, SearchQuery, SqliteStore, Store};

fn dispatch_text() -> String {
    let mut s = String::from(
        "Le Premier ministre a défendu la réforme des retraites devant les députés mardi. ",
    );
    for i in 0..40 {
        s.push_str(&format!(
            "Paragraphe {i} : la discussion parlementaire se poursuit sur les amendements déposés par l'opposition. "
        ));
    }
    s
}

fn record(path: &str, outlet: &str, date: &str, text: &str) -> (ArticleRecord, String) {
    let quote = "Nous irons jusqu'au bout de cette réforme des retraites";
    let start = text.find("défendu").unwrap_or(0);
    let r = ArticleRecord {
        source: Source {
            path: path.into(),
            url: Some(format!("https://{outlet}.example/{path}")),
            outlet: Some(outlet.into()),
            date: Some(date.into()),
            author: None,
        },
        title: Some("Retraites : le gouvernement ne cède pas".into()),
        text: None,
        quotes: vec![
            Quote {
                start,
                end: start + 10,
                text: quote.into(),
                kind: QuoteKind::Direct,
                speaker: Some(Speaker {
                    id: None,
                    name: "Édouard Philippe".into(),
                    kind: SourceKind::Person,
                    person: Some(0),
                    mention: None,
                }),
                cue: Some("a déclaré".into()),
                cue_span: None,
                channel: Some("Assemblée".into()),
                date: None,
                date_from: None,
            },
            Quote {
                start: start + 20,
                end: start + 30,
                text: "le texte sera retiré".into(),
                kind: QuoteKind::Indirect,
                speaker: Some(Speaker {
                    id: None,
                    name: "la CGT".into(),
                    kind: SourceKind::Organization,
                    person: None,
                    mention: None,
                }),
                cue: Some("affirme".into()),
                cue_span: None,
                channel: None,
                date: None,
                date_from: None,
            },
        ],
        persons: vec![
            Person {
                id: None,
                name: "Édouard Philippe".into(),
                mentions: vec!["Philippe".into()],
                roles: vec!["Premier ministre".into()],
                spans: vec![],
                kb_id: None,
                party: None,
            },
            Person {
                id: None,
                name: "Philippe Martinez".into(),
                mentions: vec![],
                roles: vec!["secrétaire général de la CGT".into()],
                spans: vec![],
                kb_id: None,
                party: None,
            },
        ],
        media: vec![Named {
            id: None,
            name: outlet.into(),
            spans: vec![],
        }],
        organizations: vec![Named {
            id: None,
            name: "CGT".into(),
            spans: vec![],
        }],
        places: vec![],
        published: None,
        dates: vec![],
        relations: vec![
            relation(RelationKind::Criticises, false, false, date, start),
            // Hedged: stored and exported, not a graph edge.
            relation(RelationKind::Supports, false, true, date, start),
        ],
    };
    (r, text.to_string())
}

/// Philippe Martinez (person 1) → the CGT's opponent Édouard Philippe (person 0).
fn relation(kind: RelationKind, negated: bool, hedged: bool, date: &str, start: usize) -> Relation {
    let actor = |name: &str, person: usize| Actor {
        name: name.into(),
        kind: SourceKind::Person,
        id: None,
        person: Some(person),
        mention: None,
    };
    Relation {
        kind,
        source: actor("Philippe Martinez", 1),
        target: actor("Édouard Philippe", 0),
        start,
        end: start + 10,
        cue: "a critiqué".into(),
        cue_span: Span::new(start, start + 3),
        negated,
        hedged,
        date: Some(date.get(..10).unwrap_or(date).into()),
        date_from: None,
    }
}

fn unrelated() -> (ArticleRecord, String) {
    let text = "Le club a remporté le championnat de France de football après une saison marquée \
                par les blessures, a expliqué son entraîneur, qui espère conserver ses joueurs.";
    let r = ArticleRecord {
        source: Source {
            path: "sport.md".into(),
            outlet: Some("L'Équipe".into()),
            date: Some("2019-05-20".into()),
            ..Default::default()
        },
        title: Some("Sacre".into()),
        quotes: vec![Quote {
            start: 0,
            end: 5,
            text: "Nous voulons garder tout le monde".into(),
            kind: QuoteKind::Direct,
            speaker: Some(Speaker {
                id: None,
                name: "Christophe Galtier".into(),
                kind: SourceKind::Person,
                person: None,
                mention: None,
            }),
            cue: None,
            cue_span: None,
            channel: None,
            date: None,
            date_from: None,
        }],
        ..Default::default()
    };
    (r, text.to_string())
}

fn batch() -> Vec<PreparedArticle> {
    let text = dispatch_text();
    let edited = format!("{} Avec AFP.", text.replace("mardi", "mardi soir"));
    let inputs = vec![
        record("a.html", "lemonde", "2019-12-10", &text),
        record("b.html", "lefigaro", "2019-12-10T18:00:00", &edited),
        record("c.html", "liberation", "2019-12-11", &text),
        unrelated(),
    ];
    inputs
        .into_iter()
        .map(|(r, t)| PreparedArticle::new(r, t))
        .collect()
}

fn exercise(store: &mut dyn Store) {
    let all = batch();
    let first = store.write_batch(&all[..2]).expect("first batch");
    assert_eq!((first.new_articles, first.duplicates), (1, 1), "{first:?}");
    let second = store.write_batch(&all[2..]).expect("second batch");
    assert_eq!(
        (second.new_articles, second.duplicates),
        (1, 1),
        "{second:?}"
    );
    let counts = store.counts().expect("counts");
    assert_eq!(counts.articles, 2);
    assert_eq!(counts.appearances, 4);
    assert_eq!(counts.quotes, 3);
    assert_eq!(counts.persons, 3, "{counts:?}");

    // Re-ingestion is a no-op.
    let again = store.write_batch(&all).expect("again");
    assert_eq!(again.unchanged, 4);
    assert_eq!(store.counts().expect("counts"), counts);
    let keys: Vec<&str> = all.iter().map(|a| a.source_key.as_str()).collect();
    assert_eq!(store.known_sources(&keys).expect("known").len(), 4);
    let paths: Vec<&str> = all
        .iter()
        .map(|a| a.path.as_str())
        .chain(["nope.md"])
        .collect();
    assert_eq!(store.known_paths(&paths).expect("known paths").len(), 4);

    // Search: stemming and accent folding on both sides.
    let q = |text: &str| SearchQuery {
        text: text.into(),
        limit: 10,
        ..Default::default()
    };
    let hits = store.search(&q("RETRAITE reformes")).expect("search");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].speaker.as_deref(), Some("Édouard Philippe"));
    assert_eq!(hits[0].person_id.as_deref(), Some("edouard philippe"));
    assert!(
        store
            .search(&q("retraites football"))
            .expect("search")
            .is_empty()
    );
    assert_eq!(store.search(&q("garder")).expect("search").len(), 1);

    let mut sq = q("");
    sq.speaker = Some("edouard".into());
    assert_eq!(store.search(&sq).expect("speaker").len(), 1);
    sq.speaker = Some("cgt".into());
    let cgt = store.search(&sq).expect("speaker");
    assert_eq!(cgt.len(), 1);
    assert_eq!(cgt[0].text, "le texte sera retiré");

    let mut oq = q("retraites");
    oq.outlet = Some("figaro".into());
    assert_eq!(
        store.search(&oq).expect("outlet").len(),
        1,
        "near-duplicate appearance counts"
    );
    oq.outlet = Some("equipe".into());
    assert!(store.search(&oq).expect("outlet").is_empty());

    let mut dq = q("");
    dq.from = Some("2019-12-01".into());
    dq.to = Some("2019-12-10".into());
    assert_eq!(store.search(&dq).expect("date").len(), 2);
    dq.from = Some("2019-12-11".into());
    dq.to = None;
    assert_eq!(store.search(&dq).expect("date").len(), 2);
    dq.from = Some("2020".into());
    assert!(store.search(&dq).expect("date").is_empty());

    let articles = store
        .search_articles(&q("amendements opposition"))
        .expect("articles");
    assert_eq!(articles.len(), 1);
    assert_eq!(articles[0].appearances.len(), 3);

    // Export.
    let mut quotes = Vec::new();
    store
        .export_quotes(&mut |r| {
            quotes.push(r);
            Ok(())
        })
        .expect("export quotes");
    assert_eq!(quotes.len(), 3);
    assert!(quotes.windows(2).all(|w| w[0].id < w[1].id));
    let mut persons = Vec::new();
    store
        .export_persons(&mut |p| {
            persons.push(p);
            Ok(())
        })
        .expect("export persons");
    let ph = persons
        .iter()
        .find(|p| p.id == "edouard philippe")
        .expect("philippe");
    assert_eq!(ph.roles, vec!["Premier ministre".to_string()]);
    assert_eq!((ph.articles, ph.quotes), (1, 1));
    assert!(
        persons.iter().any(|p| p.id == "christophe galtier"),
        "speaker-only person stored"
    );

    // Relations: one story's, stored once whatever its appearances.
    let mut relations = Vec::new();
    store
        .export_relations(&mut |r| {
            relations.push(r);
            Ok(())
        })
        .expect("export relations");
    assert_eq!(relations.len(), 2, "{relations:?}");
    let r = &relations[0];
    assert_eq!(
        (
            r.kind.as_str(),
            r.source_id.as_str(),
            r.target_id.as_str(),
            r.source_kind.as_str()
        ),
        (
            "criticises",
            "philippe martinez",
            "edouard philippe",
            "person"
        )
    );
    assert_eq!(r.evidence.len(), 10);
    assert!(relations.iter().any(|r| r.hedged && r.kind == "supports"));

    let g = store.graph().expect("graph");
    let criticises: Vec<_> = g.edges.iter().filter(|e| e.kind == "criticises").collect();
    assert_eq!(criticises.len(), 1, "{criticises:?}");
    assert_eq!(
        (
            criticises[0].source.as_str(),
            criticises[0].target.as_str(),
            criticises[0].weight,
            criticises[0].first.as_deref()
        ),
        (
            "p:philippe martinez",
            "p:edouard philippe",
            1,
            Some("2019-12-10")
        )
    );
    assert!(
        !g.edges.iter().any(|e| e.kind == "supports"),
        "hedged relations are not edges"
    );
    assert!(g.edges.iter().any(|e| e.kind == "co-mention"
        && e.source == "p:edouard philippe"
        && e.target == "p:philippe martinez"));
    let quoted_in: Vec<_> = g
        .edges
        .iter()
        .filter(|e| e.kind == "quoted-in" && e.source == "p:edouard philippe")
        .collect();
    assert_eq!(
        quoted_in.len(),
        3,
        "one edge per outlet the story appeared in"
    );
    assert!(
        g.nodes
            .iter()
            .any(|n| n.id == "m:lefigaro" && n.kind == "media")
    );
}

#[test]
fn sqlite_backend() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = SqliteStore::open_dir(dir.path()).expect("open");
    exercise(&mut store);
    drop(store);
    // Reopening keeps everything.
    let mut store = SqliteStore::open_dir(dir.path()).expect("reopen");
    assert_eq!(store.counts().expect("counts").articles, 2);
}

#[test]
fn postgres_backend() {
    let Some(db) = support::pg::fresh_db() else {
        return;
    };
    let mut store = dixit_store::PgStore::connect(&db.url).expect("connect");
    exercise(&mut store);
    // A second connection sees the same schema without error.
    let mut other = dixit_store::PgStore::connect(&db.url).expect("connect again");
    assert_eq!(other.counts().expect("counts").articles, 2);
}

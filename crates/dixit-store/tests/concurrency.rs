//! Concurrent PostgreSQL writers over near copies give the stories one writer gives:
//! the same grouping of inputs into stories, and the same quotes.

mod support;

use dixit_model::{ArticleRecord, Quote, QuoteKind, Source, SourceKind, Speaker};
use dixit_store::{PgStore, PreparedArticle, SqliteStore, Store};
use std::collections::{BTreeMap, BTreeSet};

const WORDS: &[&str] = &[
    "gouvernement",
    "réforme",
    "retraites",
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
    "Paris",
    "Lyon",
    "Marseille",
    "maire",
    "député",
    "président",
    "semaine",
    "mardi",
];

fn original(i: usize) -> String {
    let mut x = 0x2545_F491_4F6C_DD1D_u64 ^ (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut text = String::new();
    for k in 0..150 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        text.push_str(WORDS[(x % WORDS.len() as u64) as usize]);
        text.push_str(if k % 12 == 11 { ". " } else { " " });
    }
    text
}

/// Copy `c` of story `i`: the wire text with a different tail, as outlets republish it.
fn copy(i: usize, c: usize) -> String {
    match c {
        0 => original(i),
        1 => format!("{}Avec AFP.", original(i)),
        2 => format!("PARIS (Reuters) - {}", original(i)),
        _ => format!("{}Mis à jour à {c} heures.", original(i)),
    }
}

/// Every article quotes the same sentence, so that whichever copy becomes the story,
/// its quotes are the same.
fn article(i: usize, c: usize) -> PreparedArticle {
    let text = copy(i, c);
    let quote = format!("La dépêche {i} dit que le texte sera voté");
    let start = text.len() / 2;
    let r = ArticleRecord {
        source: Source {
            path: format!("feed-{c}.xml#{i}"),
            url: Some(format!("https://outlet{c}.example/{i}")),
            outlet: Some(format!("Outlet {c}")),
            date: Some("2020-01-15".into()),
            author: None,
        },
        quotes: vec![Quote {
            start: 0,
            end: 0,
            text: quote,
            kind: QuoteKind::Indirect,
            speaker: Some(Speaker {
                id: None,
                name: "AFP".into(),
                kind: SourceKind::Media,
                person: None,
                mention: None,
            }),
            cue: Some("dit".into()),
            cue_span: None,
            channel: None,
            date: None,
            date_from: None,
        }],
        ..Default::default()
    };
    let mut a = PreparedArticle::new(r, text);
    // Offsets are part of quote ids: keep them independent of the copy's prefix.
    for q in &mut a.quotes {
        q.start = start as i64;
    }
    a
}

const STORIES: usize = 60;
const COPIES: usize = 4;

/// The inputs of writer `w` out of `writers`: each story's copies go to different
/// writers, so that every near-duplicate decision races.
fn shard(w: usize, writers: usize) -> Vec<PreparedArticle> {
    let mut out = Vec::new();
    for i in 0..STORIES {
        for c in 0..COPIES {
            if (i + c) % writers == w {
                out.push(article(i, c));
            }
        }
    }
    out
}

/// Stories as sets of appearance keys, each with its sorted quotes (text, speaker):
/// what does not depend on which copy was stored first.
fn grouping(store: &mut dyn Store) -> BTreeMap<BTreeSet<String>, Vec<(String, String)>> {
    let mut keys: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    store
        .export_articles(&mut |a| {
            keys.insert(
                a.id.clone(),
                a.appearances.iter().map(|ap| ap.key.clone()).collect(),
            );
            Ok(())
        })
        .expect("export articles");
    let mut quotes: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    store
        .export_quotes(&mut |q| {
            quotes
                .entry(q.article_id.clone())
                .or_default()
                .push((q.text.clone(), q.speaker.clone().unwrap_or_default()));
            Ok(())
        })
        .expect("export quotes");
    keys.into_iter()
        .map(|(id, k)| {
            let mut q = quotes.remove(&id).unwrap_or_default();
            q.sort();
            (k, q)
        })
        .collect()
}

#[test]
fn four_concurrent_postgres_writers_group_near_copies_like_one_writer() {
    let Some(db) = support::pg::fresh_db() else {
        return;
    };
    const WRITERS: usize = 4;
    // One writer, all inputs: the reference.
    let dir = tempfile::tempdir().expect("tempdir");
    let mut sqlite = SqliteStore::open_dir(dir.path()).expect("open");
    for w in 0..WRITERS {
        for chunk in shard(w, WRITERS).chunks(5) {
            sqlite.write_batch(chunk).expect("write");
        }
    }
    let expected = grouping(&mut sqlite);
    let counts = sqlite.counts().expect("counts");
    assert_eq!(
        counts.articles as usize, STORIES,
        "the reference groups every story's copies"
    );
    assert_eq!(counts.appearances as usize, STORIES * COPIES);

    PgStore::connect(&db.url).expect("schema");
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(WRITERS));
    let handles: Vec<_> = (0..WRITERS)
        .map(|w| {
            let url = db.url.clone();
            let barrier = std::sync::Arc::clone(&barrier);
            std::thread::spawn(move || {
                let mut store = PgStore::connect(&url).expect("connect");
                let inputs = shard(w, WRITERS);
                barrier.wait();
                // Small batches, so that writers interleave as much as possible.
                for chunk in inputs.chunks(2) {
                    store.write_batch(chunk).expect("write");
                }
            })
        })
        .collect();
    for h in handles {
        h.join().expect("writer");
    }
    let mut pg = PgStore::connect(&db.url).expect("connect");
    assert_eq!(pg.counts().expect("counts"), counts);
    let got = grouping(&mut pg);
    assert!(got == expected, "PostgreSQL grouped the copies differently");
    assert!(pg.check().expect("check").is_ok());
}

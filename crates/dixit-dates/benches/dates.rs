//! Date recognition and resolution throughput: the benchmark articles (bytes/s; the
//! `dates_throughput` example prints expressions/s), and hostile shapes of the same size made of
//! date words that start patterns without finishing them, which must cost about as much per
//! byte (the pass is linear: bounded look-back and look-ahead).
//!
//! Corpus: `DIXIT_BENCH_JSONL`, else `$DIXIT_SHARED/bench/orange-politique-2017.jsonl`, else
//! `../shared/bench/…`; skipped when absent.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dixit_dates::{find_dates, parse_published};
use jiff::civil::Date;

fn corpus_path() -> PathBuf {
    if let Some(p) = std::env::var_os("DIXIT_BENCH_JSONL") {
        return p.into();
    }
    let shared = std::env::var_os("DIXIT_SHARED").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
        PathBuf::from,
    );
    shared.join("bench/orange-politique-2017.jsonl")
}

/// (anchor, text) of every article; `None` when the corpus is absent.
fn load() -> Option<Vec<(Option<Date>, String)>> {
    let path = corpus_path();
    let Ok(raw) = std::fs::read_to_string(&path) else {
        eprintln!("dates bench: {} not found, skipped", path.display());
        return None;
    };
    let docs: Vec<_> = raw
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| {
            let anchor = v["date"].as_str().and_then(parse_published);
            (anchor, v["text"].as_str().unwrap_or_default().to_string())
        })
        .collect();
    (!docs.is_empty()).then_some(docs)
}

/// Text of about `bytes` bytes repeating `unit`.
fn repeat(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len().max(1) + 1)
}

fn bench(c: &mut Criterion) {
    let Some(docs) = load() else {
        return;
    };
    let bytes: usize = docs.iter().map(|d| d.1.len()).sum();
    let mut group = c.benchmark_group("find_dates");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("orange-politique-2017", |b| {
        b.iter(|| {
            for (anchor, text) in &docs {
                black_box(find_dates(black_box(text), *anchor));
            }
        });
    });
    let anchor = Date::new(2017, 1, 31).ok();
    // Each unit heads several patterns (day-month, weekday, round, duration, part of day)
    // and breaks them at the last token.
    // The quarter-size run of a shape must show the same bytes/s as the full-size one:
    // the cost per byte does not grow with the length.
    for (name, unit) in [
        (
            "hostile-heads",
            "le 31 mardi 1er tour il y a trois dans la nuit de ",
        ),
        (
            "hostile-words",
            "vingt et un quatre-vingt dix-sept il y a près de ",
        ),
        (
            "hostile-dates",
            "le 31 janvier dernier, mardi soir, fin mars 2017. ",
        ),
    ] {
        for (suffix, size) in [("", bytes), ("-quarter", bytes / 4)] {
            let text = repeat(unit, size);
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_function(format!("{name}{suffix}"), |b| {
                b.iter(|| black_box(find_dates(black_box(&text), anchor)))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

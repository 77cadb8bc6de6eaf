//! Whole-extraction throughput over the benchmark articles (skipped when absent).
//!
//! Corpus: `DIXIT_BENCH_JSONL`, else `/work/shared/bench/orange-politique-2017.jsonl`;
//! one `{"id","url","date","title","text"}` object a line. Throughput is in words, counted
//! as the Python anchor counts them (whitespace-separated tokens of `text`).

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dixit_model::Document;

/// Default corpus location on the shared volume.
const DEFAULT_JSONL: &str = "/work/shared/bench/orange-politique-2017.jsonl";

/// Articles as documents and the word count of their texts; `None` when the corpus is absent.
fn load() -> Option<(Vec<Document>, u64)> {
    let path: PathBuf =
        std::env::var_os("DIXIT_BENCH_JSONL").map_or_else(|| DEFAULT_JSONL.into(), PathBuf::from);
    let Ok(raw) = std::fs::read_to_string(&path) else {
        eprintln!("extract bench: {} not found, skipped", path.display());
        return None;
    };
    let mut docs = Vec::new();
    let mut words = 0u64;
    for (i, line) in raw.lines().enumerate() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let text = v["text"].as_str().unwrap_or_default();
        let title = v["title"].as_str().unwrap_or_default();
        let id = v["id"]
            .as_str()
            .map_or_else(|| (i + 1).to_string(), str::to_owned);
        words += text.split_whitespace().count() as u64;
        docs.push(dixit_text::markup::text_document(
            &id,
            format!("{title}\n\n{text}"),
        ));
    }
    (!docs.is_empty()).then_some((docs, words))
}

fn bench_extract(c: &mut Criterion) {
    let Some((docs, words)) = load() else {
        return;
    };
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Elements(words));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    // Built once, as `dixit extract` and `dixit ingest` build it.
    let ex = extractor();
    group.bench_function("orange-politique-2017", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(ex.record(black_box(d)));
            }
        });
    });
    group.finish();
}

criterion_group!(benches, bench_extract);
criterion_main!(benches);

/// The bundled extractor (the test or tool cannot run without its models).
fn extractor() -> dixit_extract::Extractor {
    match dixit_extract::Extractor::bundled() {
        Ok(x) => x,
        Err(e) => panic!("{e}"),
    }
}

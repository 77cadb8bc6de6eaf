//! One timed extraction pass over the benchmark articles, printing articles/s and words/s.
//!
//! `cargo run --release -p dixit-extract --example throughput [FILE.jsonl]`; the corpus
//! defaults to `DIXIT_BENCH_JSONL`, else `/work/shared/bench/orange-politique-2017.jsonl`.

use std::path::PathBuf;
use std::time::Instant;

use dixit_model::Document;

/// Default corpus location on the shared volume.
const DEFAULT_JSONL: &str = "/work/shared/bench/orange-politique-2017.jsonl";

/// Articles of the corpus as documents, plus the word count of their texts.
fn load(path: &PathBuf) -> Result<(Vec<Document>, usize), String> {
    let raw = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut docs = Vec::new();
    let mut words = 0;
    for (i, line) in raw
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))?;
        let text = v["text"].as_str().unwrap_or_default();
        let title = v["title"].as_str().unwrap_or_default();
        let id = v["id"]
            .as_str()
            .map_or_else(|| (i + 1).to_string(), str::to_owned);
        // Words as the Python anchor counts them: whitespace-separated tokens of `text`.
        words += text.split_whitespace().count();
        docs.push(dixit_text::markup::text_document(
            &id,
            format!("{title}\n\n{text}"),
        ));
    }
    Ok((docs, words))
}

fn main() {
    let path: PathBuf = std::env::args_os()
        .nth(1)
        .or_else(|| std::env::var_os("DIXIT_BENCH_JSONL"))
        .map_or_else(|| DEFAULT_JSONL.into(), PathBuf::from);
    let (docs, words) = match load(&path) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("throughput: {e}");
            std::process::exit(1);
        }
    };
    // The first call builds the lazily loaded lexicons and knowledge base: not per-article work.
    let warm = Instant::now();
    // Built once, as `dixit extract` and `dixit ingest` build it.
    let ex = extractor();
    if let Some(d) = docs.first() {
        std::hint::black_box(ex.record(d));
    }
    let warm = warm.elapsed();
    let t = Instant::now();
    let mut quotes = 0;
    for d in &docs {
        quotes += std::hint::black_box(ex.record(d)).quotes.len();
    }
    let s = t.elapsed().as_secs_f64();
    println!(
        "{{\"system\": \"dixit-extract\", \"docs\": {}, \"words\": {words}, \"quotes\": {quotes}, \
         \"seconds\": {s:.3}, \"words_per_s\": {:.0}, \"docs_per_s\": {:.1}, \"first_call_s\": {:.3}}}",
        docs.len(),
        words as f64 / s,
        docs.len() as f64 / s,
        warm.as_secs_f64()
    );
}

/// The bundled extractor (the test or tool cannot run without its models).
fn extractor() -> dixit_extract::Extractor {
    match dixit_extract::Extractor::bundled() {
        Ok(x) => x,
        Err(e) => panic!("{e}"),
    }
}

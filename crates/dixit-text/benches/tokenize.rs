//! Tokenisation + sentence splitting throughput on the dev articles (skipped when absent).

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dixit_text::sentence::split_sentences;
use dixit_text::token::tokenize_into;

/// The dev set: `DIXIT_DEV_DIR`, else `shared/eval/dev` beside the repository checkout.
fn dev_dir() -> Option<std::path::PathBuf> {
    if let Some(d) = std::env::var_os("DIXIT_DEV_DIR") {
        return Some(d.into());
    }
    let beside = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval/dev");
    [beside, "/work/shared/eval/dev".into()]
        .into_iter()
        .find(|p| p.is_dir())
}

/// Concatenated dev texts.
fn load_corpus() -> Option<String> {
    let mut paths: Vec<_> = std::fs::read_dir(dev_dir()?)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt" || x == "md"))
        .collect();
    paths.sort();
    let mut all = String::new();
    for p in paths {
        if let Ok(s) = std::fs::read_to_string(&p) {
            all.push_str(&s);
            all.push_str("\n\n");
        }
    }
    (!all.is_empty()).then_some(all)
}

fn bench(c: &mut Criterion) {
    let Some(corpus) = load_corpus() else {
        eprintln!("dev corpus not found: tokenize bench skipped");
        return;
    };
    let mut g = c.benchmark_group("dev");
    g.throughput(Throughput::Bytes(corpus.len() as u64));
    let mut toks = Vec::new();
    g.bench_function("tokenize", |b| {
        b.iter(|| {
            tokenize_into(black_box(&corpus), &mut toks);
            toks.len()
        })
    });
    g.bench_function("tokenize+split", |b| {
        b.iter(|| {
            tokenize_into(black_box(&corpus), &mut toks);
            split_sentences(&corpus, &toks).len()
        })
    });
    // The dev machines are shared: CPU time of this thread is a steadier measure than wall time.
    g.bench_function("tokenize+split/cpu-time", |b| {
        b.iter_custom(|iters| {
            let t0 = thread_cpu_time();
            let w0 = Instant::now();
            for _ in 0..iters {
                tokenize_into(black_box(&corpus), &mut toks);
                black_box(split_sentences(&corpus, &toks).len());
            }
            match (t0, thread_cpu_time()) {
                (Some(a), Some(b)) => b.saturating_sub(a),
                _ => w0.elapsed(),
            }
        })
    });
    g.finish();
}

/// On-CPU time of the current thread (Linux schedstat); `None` elsewhere.
fn thread_cpu_time() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: u64 = s.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Finds and resolves the date expressions of a JSONL export (`{"date","text",…}` per
//! line, the article's `date` as anchor) and prints expressions/s and MB/s.
//!
//! ```sh
//! cargo run --release -p dixit-dates --example dates_throughput [FILE.jsonl] [--list] [--rounds N]
//! ```
//! `FILE` defaults to `$DIXIT_SHARED/bench/orange-politique-2017.jsonl` (or
//! `../shared/bench/…`). `--list` prints every mention with its anchor, resolved value and
//! context (tab-separated), to review resolutions by hand.

use std::time::Instant;

use dixit_dates::{DateValue, find_dates, parse_published};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut path = None;
    let mut list = false;
    let mut rounds = 5usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--list" => list = true,
            "--rounds" => rounds = args.next().ok_or("--rounds needs a number")?.parse()?,
            _ => path = Some(a),
        }
    }
    let path = path.unwrap_or_else(|| {
        let shared = std::env::var("DIXIT_SHARED").unwrap_or_else(|_| "../shared".into());
        format!("{shared}/bench/orange-politique-2017.jsonl")
    });
    let data = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    let mut docs = Vec::new();
    for (n, line) in data.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("{path}:{}: {e}", n + 1))?;
        let text = v["text"].as_str().unwrap_or_default().to_string();
        let anchor = v["date"].as_str().and_then(parse_published);
        let id = v["id"].as_str().unwrap_or_default().to_string();
        docs.push((id, anchor, text));
    }
    let bytes: usize = docs.iter().map(|d| d.2.len()).sum();

    if list {
        for (id, anchor, text) in &docs {
            for m in find_dates(text, *anchor) {
                let value = match m.value {
                    DateValue::Day(d) => d.to_string(),
                    DateValue::Period { from, to } => format!("{from}..{to}"),
                };
                let lo = floor(text, m.start.saturating_sub(80));
                let hi = ceil(text, (m.end + 80).min(text.len()));
                let context = text[lo..hi].replace(['\n', '\t'], " ");
                let anchor = anchor.map(|a| a.to_string()).unwrap_or_default();
                println!(
                    "{id}\t{anchor}\t{}\t{value}\t{:?}\t{context}",
                    m.text, m.precision
                );
            }
        }
        return Ok(());
    }

    let mut mentions = 0usize;
    let mut best = f64::MAX;
    for _ in 0..rounds.max(1) {
        let t = Instant::now();
        mentions = docs
            .iter()
            .map(|(_, anchor, text)| find_dates(text, *anchor).len())
            .sum();
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "{} articles, {:.2} MB, {mentions} expressions; best of {rounds}: {:.1} ms = {:.0} expressions/s, {:.1} MB/s, {:.0} articles/s",
        docs.len(),
        bytes as f64 / 1e6,
        best * 1e3,
        mentions as f64 / best,
        bytes as f64 / 1e6 / best,
        docs.len() as f64 / best
    );
    Ok(())
}

fn floor(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

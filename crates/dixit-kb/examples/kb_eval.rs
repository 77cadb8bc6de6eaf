//! Measures load time, matching throughput and gold recall of the embedded KB.
//!
//! `cargo run --release -p dixit-kb --example kb_eval -- /work/shared/eval/dev [corpus.txt]`

use dixit_kb::{EntityKind, Kb};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "/work/shared/eval/dev".into());
    let t = Instant::now();
    let kb = Kb::embedded();
    let load = t.elapsed();
    if args.get(1).is_some_and(|a| a == "load") {
        println!("load {:.1} ms", load.as_secs_f64() * 1e3);
        return;
    }
    if args.get(1).is_some_and(|a| a == "dump") {
        // Surface forms matched in a text file, most frequent first (precision review).
        let text =
            std::fs::read_to_string(args.get(2).map_or("", String::as_str)).unwrap_or_default();
        let mut counts: std::collections::HashMap<(String, String), usize> = Default::default();
        for m in kb.find(&text) {
            let s = text.get(m.start..m.end).unwrap_or("").to_string();
            *counts.entry((format!("{:?}", m.kind), s)).or_default() += 1;
        }
        let mut v: Vec<_> = counts.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        for ((k, s), n) in v {
            println!("{n}\t{k}\t{s}");
        }
        return;
    }
    let (p, m, o) = kb.sizes();
    println!(
        "load {:.1} ms: {p} persons, {m} media, {o} orgs, {} patterns",
        load.as_secs_f64() * 1e3,
        kb.pattern_count()
    );

    let mut texts = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.sort();
    let mut tot = [0usize; 3];
    let mut hit = [0usize; 3];
    let mut misses: [Vec<String>; 3] = Default::default();
    let mut fps: Vec<String> = Vec::new();
    for path in entries {
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let Ok(js) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(gold) = serde_json::from_str::<serde_json::Value>(&js) else {
            continue;
        };
        let txt_path = path.with_extension("txt");
        let text = std::fs::read_to_string(&txt_path)
            .or_else(|_| std::fs::read_to_string(path.with_extension("md")))
            .unwrap_or_default();
        let found = kb.find(&text);
        let spans: Vec<(&str, EntityKind)> = found
            .iter()
            .filter_map(|m| text.get(m.start..m.end).map(|s| (s, m.kind)))
            .collect();
        let has =
            |s: &str, kinds: &[EntityKind]| spans.iter().any(|(t, k)| *t == s && kinds.contains(k));
        let mut gold_all: Vec<String> = Vec::new();
        if let Some(ps) = gold["persons"].as_array() {
            for pe in ps {
                let name = pe["name"].as_str().unwrap_or("");
                tot[0] += 1;
                let mentions: Vec<&str> = pe["mentions"]
                    .as_array()
                    .map(|a| a.iter().filter_map(|x| x.as_str()).collect())
                    .unwrap_or_default();
                gold_all.extend(mentions.iter().map(|s| s.to_string()));
                if mentions
                    .iter()
                    .chain(std::iter::once(&name))
                    .any(|s| has(s, &[EntityKind::Person]))
                {
                    hit[0] += 1;
                } else {
                    misses[0].push(name.to_string());
                }
            }
        }
        for (i, key, kinds) in [
            (1usize, "media", &[EntityKind::Media][..]),
            (
                2,
                "organizations",
                &[EntityKind::Party, EntityKind::Organization][..],
            ),
        ] {
            if let Some(xs) = gold[key].as_array() {
                for x in xs.iter().filter_map(|x| x.as_str()) {
                    tot[i] += 1;
                    gold_all.push(x.to_string());
                    if has(x, kinds) {
                        hit[i] += 1;
                    } else {
                        misses[i].push(x.to_string());
                    }
                }
            }
        }
        for (s, k) in &spans {
            if !gold_all.iter().any(|g| g == s) {
                fps.push(format!("{s} ({k:?})"));
            }
        }
        texts.push(text);
    }
    for (i, name) in ["persons", "media", "orgs"].iter().enumerate() {
        println!(
            "recall {name}: {}/{} = {:.1}%",
            hit[i],
            tot[i],
            100.0 * hit[i] as f64 / tot[i].max(1) as f64
        );
        println!("  misses: {:?}", misses[i]);
    }
    println!("unmatched-by-gold spans ({}): {:?}", fps.len(), fps);

    let corpus: String = match args.get(2) {
        Some(p) => std::fs::read_to_string(p).unwrap_or_default(),
        None => texts.join("\n").repeat(50),
    };
    let t = Instant::now();
    let n = kb.find(&corpus).len();
    let dt = t.elapsed().as_secs_f64();
    println!(
        "throughput: {:.1} MB in {:.1} ms = {:.1} MB/s ({n} matches)",
        corpus.len() as f64 / 1e6,
        dt * 1e3,
        corpus.len() as f64 / 1e6 / dt
    );
}

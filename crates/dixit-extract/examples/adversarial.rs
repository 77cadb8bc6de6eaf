//! Times extraction on the adversarial shapes of the complexity guard at several sizes.
//!
//! `cargo run --release -p dixit-extract --example adversarial [KIB...]` (default 100 1024 4096);
//! prints seconds per shape and size, and the 4 MiB / 1 MiB ratio when both were run.

#[path = "../tests/support/adversarial.rs"]
mod adversarial;

use std::time::Instant;

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![100, 1024, 4096]
    } else {
        sizes
    };
    // Load lexicons and the knowledge base before timing.
    std::hint::black_box(extractor().record(&dixit_text::markup::text_document(
        "warm",
        "Il a dit que oui.".into(),
    )));
    // `SHAPE=name` limits the run to one shape, for profiling.
    let only = std::env::var("SHAPE").ok();
    for shape in adversarial::SHAPES {
        if only.as_deref().is_some_and(|o| o != shape.name) {
            continue;
        }
        let mut times = Vec::new();
        for &kib in &sizes {
            let text = adversarial::generate(shape, kib * 1024);
            let doc = dixit_text::markup::text_document(shape.name, text);
            let t = Instant::now();
            let rec = extractor().record(&doc);
            let secs = t.elapsed().as_secs_f64();
            println!(
                "{:14} {:>6} KiB {:>9.3} s  ({} quotes, {} persons)",
                shape.name,
                kib,
                secs,
                rec.quotes.len(),
                rec.persons.len()
            );
            times.push((kib, secs));
        }
        let one = times.iter().find(|(k, _)| *k == 1024).map(|t| t.1);
        let four = times.iter().find(|(k, _)| *k == 4096).map(|t| t.1);
        if let (Some(a), Some(b)) = (one, four) {
            println!(
                "{:14} ratio 4 MiB / 1 MiB = {:.2}",
                shape.name,
                b / a.max(1e-9)
            );
        }
    }
}

/// The bundled extractor (the test or tool cannot run without its models).
fn extractor() -> dixit_extract::Extractor {
    match dixit_extract::Extractor::bundled() {
        Ok(x) => x,
        Err(e) => panic!("{e}"),
    }
}

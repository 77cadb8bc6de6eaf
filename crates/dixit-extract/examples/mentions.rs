//! Prints the mentions coreference found in a text file, with their entities: a
//! debugging view of the mention and chain stages.
//!
//! `cargo run --release -p dixit-extract --example mentions FILE`

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: mentions FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => panic!("{path}: {e}"),
    };
    let x = match dixit_extract::Extractor::bundled() {
        Ok(x) => x,
        Err(e) => panic!("{e}"),
    };
    let doc = dixit_text::markup::text_document(&path, text.clone());
    let Ok(ms) = x.coreference(doc) else {
        panic!("extraction failed");
    };
    for m in ms {
        let s = text.get(m.span.start..m.span.end).unwrap_or("?");
        println!(
            "{:>5}..{:<5} {:?} {:?} e{:?}  {s}",
            m.span.start, m.span.end, m.kind, m.entity_kind, m.entity
        );
    }
}

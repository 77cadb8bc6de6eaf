//! Prints each quote of a text file with its cue and speaker, by the syntactic rule alone
//! and with the shipped ranker: `cargo run --release -p dixit-extract --example speakers FILE`.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: speakers FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let doc = dixit_text::markup::text_document(&path, text);
    let ranked = match dixit_extract::Extractor::bundled() {
        Ok(x) => x,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let rule = ranked
        .clone()
        .with_speaker_model(dixit_extract::Ranker::default());
    let a = rule.record(&doc);
    let b = ranked.record(&doc);
    for (qa, qb) in a.quotes.iter().zip(&b.quotes) {
        let name = |q: &dixit_model::Quote| {
            q.speaker
                .as_ref()
                .map_or("-".to_owned(), |s| s.name.clone())
        };
        println!(
            "{:8} {:?}\n         cue {:?} | rule {} | ranked {}",
            format!("{:?}", qa.kind),
            qa.text.chars().take(70).collect::<String>(),
            qa.cue,
            name(qa),
            name(qb)
        );
    }
}

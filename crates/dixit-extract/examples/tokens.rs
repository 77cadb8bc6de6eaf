//! Prints tokens, resolved quote marks and sentence numbers of a file (debugging aid).

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: tokens FILE");
        return;
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            return;
        }
    };
    let ctx = dixit_extract::Context::new(&text);
    for (i, t) in ctx.tokens.iter().enumerate() {
        println!(
            "{i}\ts{}\tp{}\td{}\t{:?}\t{:?}\t{}",
            ctx.sent_of[i],
            ctx.para(i),
            ctx.depth[i],
            t.kind,
            ctx.marks[i],
            t.text(&text)
        );
    }
}

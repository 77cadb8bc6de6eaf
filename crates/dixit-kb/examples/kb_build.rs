//! Rebuilds `data/kb` without the CLI: `cargo run -p dixit-kb --example kb_build -- SRC OUT`.

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let src = args.get(1).map_or("../shared/data/kb", String::as_str);
    let out = args.get(2).map_or("data/kb", String::as_str);
    match dixit_kb::compile(std::path::Path::new(src), std::path::Path::new(out)) {
        Ok(stats) => {
            println!("{stats:?}");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("kb_build: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

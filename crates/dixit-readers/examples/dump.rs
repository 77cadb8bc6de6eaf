//! Prints the documents read from the given paths (debugging aid):
//! `cargo run --example dump -- FILE...`.

fn main() {
    let paths: Vec<std::path::PathBuf> = std::env::args_os().skip(1).map(Into::into).collect();
    for item in dixit_readers::read_paths(&paths) {
        match item {
            Ok(d) => {
                println!(
                    "=== {} | title {:?} | url {:?} | outlet {:?} | date {:?} | author {:?}",
                    d.source.path,
                    d.title,
                    d.source.url,
                    d.source.outlet,
                    d.source.date,
                    d.source.author
                );
                println!("{}", d.text);
            }
            Err(e) => println!("!!! {e}"),
        }
    }
}

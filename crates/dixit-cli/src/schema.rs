//! `dixit schema`: the JSON Schema of the extraction record, generated from the Rust types.
//!
//! `docs/schema/article-record.json` is this command's output, checked in; a test fails when
//! they differ. Regenerate after changing `dixit-model`:
//! `cargo run -p dixit-cli -- schema > docs/schema/article-record.json`.

use std::io::Write;
use std::process::ExitCode;

/// Arguments of `dixit schema`.
#[derive(clap::Args)]
pub struct Args {}

/// The schema as printed: indented JSON and a final newline.
pub fn schema_text() -> anyhow::Result<String> {
    let mut text = serde_json::to_string_pretty(&dixit_model::article_record_schema())?;
    text.push('\n');
    Ok(text)
}

/// Runs the command.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    let text = schema_text()?;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}

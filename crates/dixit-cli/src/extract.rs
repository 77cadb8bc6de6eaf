//! `dixit extract FILE...`: one JSON record per article on stdout (or one file per input).

use anyhow::Context as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Output format of `dixit extract`.
#[derive(Clone, Copy, clap::ValueEnum, Default)]
pub enum Format {
    /// One pretty-printed JSON object per article.
    #[default]
    Json,
    /// One JSON object per line.
    Jsonl,
}

/// Arguments of `dixit extract`.
#[derive(clap::Args)]
pub struct Args {
    /// Markdown (.md) or text files, or directories of them.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    pub format: Format,
    /// Write `<stem>.json` per input into this directory instead of stdout.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Runs the command: every input is tried; the exit code is 1 if any failed.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let inputs = expand(&args.files);
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    for path in &inputs {
        match dixit_extract::extract_path(path) {
            Ok(record) => {
                if let Some(dir) = &args.out {
                    let stem = path
                        .file_stem()
                        .map_or_else(|| "out".into(), |s| s.to_string_lossy().into_owned());
                    let target = dir.join(format!("{stem}.json"));
                    let json = serde_json::to_string_pretty(&record)?;
                    std::fs::write(&target, json)
                        .with_context(|| format!("cannot write {}", target.display()))?;
                } else {
                    match args.format {
                        Format::Json => serde_json::to_writer_pretty(&mut out, &record)?,
                        Format::Jsonl => serde_json::to_writer(&mut out, &record)?,
                    }
                    out.write_all(b"\n")?;
                }
            }
            Err(err) => {
                failed += 1;
                out.flush()?;
                eprintln!("dixit: {err}");
            }
        }
    }
    out.flush()?;
    if failed > 0 {
        eprintln!("dixit: {failed} of {} inputs failed", inputs.len());
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// Files as given, directories expanded to their `.md`/`.txt` files in sorted order.
fn expand(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found);
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        out.push(dir.to_path_buf());
        return;
    };
    for entry in entries.flatten() {
        let p = entry.path();
        if p.is_dir() {
            walk(&p, out);
        } else if matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("md" | "txt" | "markdown")
        ) {
            out.push(p);
        }
    }
}

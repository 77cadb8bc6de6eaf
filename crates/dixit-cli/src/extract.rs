//! `dixit extract FILE...`: a readable view on a terminal, JSON or JSONL records otherwise
//! (or one JSON file per article).

use crate::view::write_text;
use anyhow::Context as _;
use dixit_model::ArticleRecord;
use dixit_readers::DEFAULT_MAX_TEXT_MIB as DEFAULT_MAX_MIB;
use std::collections::HashSet;
use std::io::{IsTerminal as _, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Output format of `dixit extract`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A view for people: per article, its quotes, persons, outlets and organisations.
    Text,
    /// One JSON document: the record of a single article, an array of records for several.
    Json,
    /// One JSON record per line.
    Jsonl,
}

/// Arguments of `dixit extract`.
#[derive(clap::Args)]
pub struct Args {
    /// Input files (Markdown, text, HTML, WARC, RSS/Atom, JSONL, optionally gzipped),
    /// directories of them (walked recursively), or `-` for stdin.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Output format [default: text on a terminal, json otherwise].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Indent JSON (`--format json`; JSON is compact otherwise).
    #[arg(long)]
    pub pretty: bool,
    /// Write `<stem>.json` per input (`<stem>-<n>.json` per article of a multi-article
    /// input), indented, into this directory instead of stdout.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Analyse at most this many MiB of text per document; the rest is ignored, with a
    /// warning naming the input.
    #[arg(long, default_value_t = DEFAULT_MAX_MIB)]
    pub max_mib: usize,
}

/// Runs the command: every input is tried; the exit code is 1 if any failed.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let format = args.format.unwrap_or(if stdout.is_terminal() {
        Format::Text
    } else {
        Format::Json
    });
    if args.pretty && format != Format::Json {
        anyhow::bail!("--pretty applies to --format json only");
    }
    if let Some(dir) = &args.out {
        if format != Format::Json && args.format.is_some() {
            anyhow::bail!("--out writes one JSON file per article: drop --format");
        }
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let max_bytes = args.max_mib.saturating_mul(1024 * 1024);
    let mut sink = Sink {
        format,
        pretty: args.pretty,
        out_dir: args.out.clone(),
        stdout: std::io::BufWriter::new(stdout.lock()),
        written: HashSet::new(),
        emitted: 0,
        held: None,
    };
    dixit_extract::capture_panics();
    let extractor = dixit_extract::Extractor::bundled()
        .context("loading the extraction models")?
        .with_max_bytes(max_bytes);
    let mut failed = 0usize;
    let mut seen = 0usize;
    let result = (|| -> anyhow::Result<()> {
        for input in dixit_readers::inputs(&args.files) {
            seen += 1;
            let input = match input {
                Ok(i) => i,
                Err(err) => {
                    failed += 1;
                    sink.report(&err.to_string())?;
                    continue;
                }
            };
            let stem = output_stem(&input.path);
            let label = input.path.clone();
            // Held back until we know whether the input has one article or several, since
            // that decides between `<stem>.json` and `<stem>-<n>.json`.
            let mut pending: Option<ArticleRecord> = None;
            let mut count = 0usize;
            let mut input_failed = false;
            for doc in input.max_text_bytes(max_bytes).documents() {
                let doc = match doc {
                    Ok(d) => d,
                    Err(err) => {
                        input_failed = true;
                        sink.report(&err.to_string())?;
                        continue;
                    }
                };
                let path = doc.source.path.clone();
                let record = match extractor.extract(doc) {
                    Ok(out) => {
                        if out.truncated {
                            sink.report(&format!(
                                "{path}: warning: text over {} MiB, only the first {} bytes analysed",
                                args.max_mib,
                                out.text.len()
                            ))?;
                        }
                        out.record
                    }
                    Err(err) => {
                        input_failed = true;
                        sink.report(&err.to_string())?;
                        continue;
                    }
                };
                count += 1;
                if let Some(first) = pending.take() {
                    sink.emit(&first, &stem, Some(1))?;
                }
                if count == 1 {
                    pending = Some(record);
                } else {
                    sink.emit(&record, &stem, Some(count))?;
                }
            }
            if let Some(only) = pending {
                sink.emit(&only, &stem, None)?;
            }
            if input_failed {
                failed += 1;
            }
            if count == 0 && !input_failed {
                sink.report(&format!("{label}: warning: no article found"))?;
            }
        }
        sink.finish(failed == 0)
    })();
    match result {
        Ok(()) => {}
        // A closed pipe (`dixit extract … | head`) is the reader's choice, not a failure.
        Err(e) if is_broken_pipe(&e) => return Ok(ExitCode::SUCCESS),
        Err(e) => return Err(e),
    }
    if let Err(e) = sink.stdout.flush() {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return Ok(ExitCode::SUCCESS);
        }
        return Err(e.into());
    }
    if failed > 0 {
        eprintln!("dixit: {failed} of {seen} inputs failed");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// Where records go: stdout in the chosen format, or one pretty JSON file each.
struct Sink<W: Write> {
    format: Format,
    /// Indented JSON on stdout.
    pretty: bool,
    out_dir: Option<PathBuf>,
    stdout: W,
    /// Files written during this run, to warn when two inputs share a stem.
    written: HashSet<PathBuf>,
    /// Records written (or held) on stdout so far.
    emitted: usize,
    /// `--format json`: the first record, held until we know whether it is the only one
    /// (then it is printed alone) or the first of several (then they form an array).
    held: Option<Box<ArticleRecord>>,
}

impl<W: Write> Sink<W> {
    /// Writes one record; `n` numbers the articles of a multi-article input.
    fn emit(&mut self, record: &ArticleRecord, stem: &str, n: Option<usize>) -> anyhow::Result<()> {
        let Some(dir) = &self.out_dir else {
            self.emitted += 1;
            match self.format {
                Format::Text => {
                    if self.emitted > 1 {
                        self.stdout.write_all(b"\n")?;
                    }
                    write_text(&mut self.stdout, record)?;
                }
                Format::Jsonl => {
                    serde_json::to_writer(&mut self.stdout, record)?;
                    self.stdout.write_all(b"\n")?;
                }
                Format::Json => match self.held.take() {
                    None if self.emitted == 1 => self.held = Some(Box::new(record.clone())),
                    first => {
                        if let Some(first) = first {
                            self.stdout
                                .write_all(if self.pretty { b"[\n" } else { b"[" })?;
                            self.write_json(&first)?;
                        }
                        self.stdout.write_all(b",")?;
                        if self.pretty {
                            self.stdout.write_all(b"\n")?;
                        }
                        self.write_json(record)?;
                    }
                },
            }
            return Ok(());
        };
        let name = match n {
            None => format!("{stem}.json"),
            Some(n) => format!("{stem}-{n}.json"),
        };
        let target = dir.join(name);
        if !self.written.insert(target.clone()) {
            let msg = format!(
                "{}: warning: overwritten by {} (same file stem)",
                target.display(),
                record.source.path
            );
            self.report(&msg)?;
        }
        let json = serde_json::to_string_pretty(record)?;
        std::fs::write(&target, json).with_context(|| format!("cannot write {}", target.display()))
    }

    /// Closes the JSON document on stdout: the single record, the end of the array, or an
    /// empty array when no record came and nothing failed (a failed run prints nothing).
    fn finish(&mut self, succeeded: bool) -> anyhow::Result<()> {
        if self.out_dir.is_some() || self.format != Format::Json {
            return Ok(());
        }
        match (self.emitted, self.held.take()) {
            (0, _) if succeeded => self.stdout.write_all(b"[]\n")?,
            (0, _) => {}
            (_, Some(only)) => {
                self.write_json(&only)?;
                self.stdout.write_all(b"\n")?;
            }
            (_, None) => self
                .stdout
                .write_all(if self.pretty { b"\n]\n" } else { b"]\n" })?,
        }
        Ok(())
    }

    fn write_json(&mut self, record: &ArticleRecord) -> serde_json::Result<()> {
        if self.pretty {
            serde_json::to_writer_pretty(&mut self.stdout, record)
        } else {
            serde_json::to_writer(&mut self.stdout, record)
        }
    }

    /// One line on stderr, after flushing stdout so that the two streams interleave in order.
    fn report(&mut self, msg: &str) -> anyhow::Result<()> {
        self.stdout.flush()?;
        eprintln!("dixit: {msg}");
        Ok(())
    }
}

/// File stem used for `--out`: the name without directory, `.gz` and format extension.
fn output_stem(path: &str) -> String {
    if path == "-" {
        return "stdin".into();
    }
    let name = Path::new(path)
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let name = match name.len().checked_sub(3) {
        Some(cut) if name.is_char_boundary(cut) && name[cut..].eq_ignore_ascii_case(".gz") => {
            name[..cut].to_string()
        }
        _ => name,
    };
    let stem = Path::new(&name)
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    if stem.is_empty() { "out".into() } else { stem }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .and_then(|j| j.io_error_kind())
                .is_some_and(|k| k == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_drop_gz_and_extension() {
        assert_eq!(output_stem("a/b/article.md"), "article");
        assert_eq!(output_stem("crawl.warc.gz"), "crawl");
        assert_eq!(output_stem("PAGE.HTML.GZ"), "PAGE");
        assert_eq!(output_stem("-"), "stdin");
        assert_eq!(output_stem("noext"), "noext");
        assert_eq!(output_stem("é.gz"), "é");
    }
}

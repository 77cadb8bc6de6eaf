//! `dixit extract FILE...`: a readable view on a terminal, JSON or JSONL records otherwise
//! (or one JSON file per article).

use crate::view::write_text;
use anyhow::Context as _;
use dixit_extract::{ExtractError, Extracted};
use dixit_model::{ArticleRecord, Document};
use dixit_readers::DEFAULT_MAX_TEXT_MIB as DEFAULT_MAX_MIB;
use dixit_readers::ReadError;
use rayon::prelude::*;
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
    /// Extraction threads [default: one per core]; the output is the same for any number.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

/// Documents extracted together: enough to keep every thread busy, few enough that the
/// first records come out soon.
const CHUNK_DOCS: usize = 64;
/// Text bytes past which a chunk is extracted without waiting for more documents.
const CHUNK_BYTES: usize = 32 << 20;

/// One step of reading the inputs, in order.
enum Event {
    /// An input that could not be opened, with the error naming it.
    BadInput(String),
    /// The next documents belong to this input.
    Start { stem: String, label: String },
    /// A document of the current input, or why one could not be read.
    Doc(Result<Document, ReadError>),
    /// The current input has no more documents.
    End,
}

/// An event after the parallel step: documents are extracted, the rest passes through.
enum Done {
    Passed(Event),
    Extracted(String, Box<Result<Extracted, ExtractError>>),
}

/// What is known of the input being written.
#[derive(Default)]
struct InputState {
    stem: String,
    label: String,
    /// Articles extracted so far.
    count: usize,
    /// The first record, held until the input shows whether it has others.
    pending: Option<ArticleRecord>,
    failed: bool,
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
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .context("starting the extraction threads")?;
    let mut failed = 0usize;
    let mut seen = 0usize;
    let result = (|| -> anyhow::Result<()> {
        let mut events = dixit_readers::inputs(&args.files).flat_map(move |input| {
            let events: Box<dyn Iterator<Item = Event> + Send> = match input {
                Err(err) => Box::new(std::iter::once(Event::BadInput(err.to_string()))),
                Ok(input) => {
                    let start = Event::Start {
                        stem: output_stem(&input.path),
                        label: input.path.clone(),
                    };
                    Box::new(
                        std::iter::once(start)
                            .chain(input.max_text_bytes(max_bytes).documents().map(Event::Doc))
                            .chain(std::iter::once(Event::End)),
                    )
                }
            };
            events
        });
        let mut state = InputState::default();
        loop {
            // Documents are read in order on this thread, extracted in parallel a chunk
            // at a time, and written in input order: the output does not depend on the
            // number of threads.
            let mut chunk = Vec::new();
            let (mut docs, mut bytes) = (0usize, 0usize);
            for ev in events.by_ref() {
                if let Event::Doc(Ok(d)) = &ev {
                    docs += 1;
                    bytes += d.text.len();
                }
                chunk.push(ev);
                if docs >= CHUNK_DOCS || bytes >= CHUNK_BYTES {
                    break;
                }
            }
            if chunk.is_empty() {
                break;
            }
            let done: Vec<Done> = pool.install(|| {
                chunk
                    .into_par_iter()
                    .map(|ev| match ev {
                        Event::Doc(Ok(doc)) => {
                            let path = doc.source.path.clone();
                            Done::Extracted(path, Box::new(extractor.extract(doc)))
                        }
                        other => Done::Passed(other),
                    })
                    .collect()
            });
            for d in done {
                let (path, extracted) = match d {
                    Done::Extracted(path, r) => (path, *r),
                    Done::Passed(ev) => {
                        match ev {
                            Event::BadInput(msg) => {
                                seen += 1;
                                failed += 1;
                                sink.report(&msg)?;
                            }
                            Event::Start { stem, label } => {
                                seen += 1;
                                state = InputState {
                                    stem,
                                    label,
                                    ..InputState::default()
                                };
                            }
                            Event::Doc(Err(err)) => {
                                state.failed = true;
                                sink.report(&err.to_string())?;
                            }
                            // Extracted above: never passed through.
                            Event::Doc(Ok(_)) => {}
                            Event::End => {
                                if let Some(only) = state.pending.take() {
                                    sink.emit(&only, &state.stem, None)?;
                                }
                                if state.failed {
                                    failed += 1;
                                }
                                if state.count == 0 && !state.failed {
                                    sink.report(&format!(
                                        "{}: warning: no article found",
                                        state.label
                                    ))?;
                                }
                            }
                        }
                        continue;
                    }
                };
                match extracted {
                    Ok(out) => {
                        if out.truncated {
                            sink.report(&format!(
                                "{path}: warning: text over {} MiB, only the first {} bytes analysed",
                                args.max_mib,
                                out.text.len()
                            ))?;
                        }
                        state.count += 1;
                        // Held back until we know whether the input has one article or
                        // several, since that decides between `<stem>.json` and
                        // `<stem>-<n>.json`.
                        if let Some(first) = state.pending.take() {
                            sink.emit(&first, &state.stem, Some(1))?;
                        }
                        if state.count == 1 {
                            state.pending = Some(out.record);
                        } else {
                            sink.emit(&out.record, &state.stem, Some(state.count))?;
                        }
                    }
                    Err(err) => {
                        state.failed = true;
                        sink.report(&err.to_string())?;
                    }
                }
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

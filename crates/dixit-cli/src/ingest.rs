//! `dixit ingest PATH...`: read, extract and store articles, in batches.
//!
//! Pipeline: the main thread reads inputs in order (WARC records stay raw: turning
//! HTML into text is costly and runs in parallel), rayon turns each batch into
//! prepared articles, and one writer thread commits each batch in one transaction.
//! Batches are written in input order, so that an interrupted run resumed later
//! ends with exactly the store an uninterrupted run gives.

use anyhow::{Context, bail};
use dixit_extract::Extractor;
use dixit_model::Document;
use dixit_readers::{InputFormat, RawRecord, ReadError};
use dixit_store::{BatchStats, Location, PreparedArticle, Store};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

/// Where the store is: shared by `ingest`, `search` and `export`.
#[derive(clap::Args, Debug, Clone)]
pub struct StoreArgs {
    /// Embedded store directory [default: the user's data directory, e.g. ~/.local/share/dixit].
    #[arg(long, value_name = "DIR", conflicts_with = "store")]
    pub data: Option<PathBuf>,
    /// PostgreSQL store URL (postgres://user@host/db) instead of the embedded store.
    #[arg(long, value_name = "URL")]
    pub store: Option<String>,
}

impl StoreArgs {
    /// The store location these options designate.
    pub fn location(&self) -> anyhow::Result<Location> {
        if let Some(url) = &self.store {
            let loc = Location::parse(url);
            if !matches!(loc, Location::Postgres(_)) {
                bail!("--store expects a postgres:// URL (use --data DIR for the embedded store)");
            }
            return Ok(loc);
        }
        match &self.data {
            Some(dir) => Ok(Location::Dir(dir.clone())),
            None => dixit_store::default_data_dir()
                .map(Location::Dir)
                .context("no data directory (HOME unset): pass --data DIR"),
        }
    }

    /// Opens the store.
    pub fn open(&self) -> anyhow::Result<Box<dyn Store>> {
        let loc = self.location()?;
        dixit_store::open(&loc).with_context(|| format!("cannot open store {}", describe(&loc)))
    }
}

/// Human-readable store location (no password).
pub fn describe(loc: &Location) -> String {
    match loc {
        Location::Dir(d) => d.display().to_string(),
        Location::Postgres(url) => match (url.find("://"), url.rfind('@')) {
            (Some(s), Some(at)) if at > s => format!("{}://…{}", &url[..s], &url[at..]),
            _ => url.clone(),
        },
    }
}

/// Arguments of `dixit ingest`.
#[derive(clap::Args)]
pub struct Args {
    /// Files or directories (HTML, WARC, RSS/Atom, JSONL, Markdown, text; `-` for stdin).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub store: StoreArgs,
    /// Articles per transaction: a crash loses at most this many.
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..))]
    pub batch: u32,
    /// Never draw the progress bar.
    #[arg(long)]
    pub quiet: bool,
}

/// One unit of reading work, in input order.
enum Pending {
    /// A document already read (Markdown, text, HTML, feed item, JSONL line).
    Doc(Document),
    /// A WARC record whose HTML is still to be parsed.
    Raw(RawRecord),
}

impl Pending {
    fn source_path(&self) -> String {
        match self {
            Pending::Doc(d) => d.source.path.clone(),
            Pending::Raw(r) => r.source_path(),
        }
    }
}

/// Every document or raw WARC record under `paths`, in order, with read errors as items.
fn pending_items(paths: &[PathBuf]) -> impl Iterator<Item = Result<Pending, ReadError>> {
    dixit_readers::inputs(paths).flat_map(
        |input| -> Box<dyn Iterator<Item = Result<Pending, ReadError>>> {
            match input {
                Err(e) => Box::new(std::iter::once(Err(e))),
                Ok(i) if i.format == Some(InputFormat::Warc) && i.path != "-" => {
                    let path = PathBuf::from(&i.path);
                    Box::new(dixit_readers::warc_records(&path).map(|r| r.map(Pending::Raw)))
                }
                Ok(i) => Box::new(i.documents().map(|d| d.map(Pending::Doc))),
            }
        },
    )
}

/// Reads (if raw), extracts and prepares one item; the error names the input.
fn prepare(extractor: &Extractor, item: Pending) -> Result<PreparedArticle, String> {
    let doc = match item {
        Pending::Doc(d) => d,
        Pending::Raw(r) => r.into_document().map_err(|e| e.to_string())?,
    };
    let path = doc.source.path.clone();
    let out = extractor.extract(doc).map_err(|e| e.to_string())?;
    if out.truncated {
        eprintln!(
            "dixit ingest: {path}: warning: text over {} bytes, only the first part analysed",
            extractor.max_bytes()
        );
    }
    Ok(PreparedArticle::new(out.record, out.text))
}

#[derive(Default)]
struct Totals {
    read: u64,
    skipped: u64,
    errors: u64,
    written: BatchStats,
}

fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    pb.set_style(
        ProgressStyle::with_template("{spinner} {elapsed_precise} {pos} articles {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    pb.enable_steady_tick(Duration::from_millis(200));
    pb
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    dixit_extract::capture_panics();
    let extractor = Extractor::bundled()?;
    let location = args.store.location()?;
    let mut lookup = args.store.open()?;
    let mut writer_store = args.store.open()?;
    let pb = progress_bar(args.quiet);
    let batch_size = args.batch as usize;

    // Bounded: reading runs at most two batches ahead of the writer, capping memory.
    let (tx, rx) = mpsc::sync_channel::<Vec<PreparedArticle>>(2);
    let writer_pb = pb.clone();
    let rejects = Arc::new(AtomicU64::new(0));
    let writer_rejects = Arc::clone(&rejects);
    let writer = std::thread::spawn(move || -> anyhow::Result<BatchStats> {
        let mut total = BatchStats::default();
        for batch in rx {
            let stats = writer_store
                .write_batch(&batch)
                .context("writing a batch")?;
            total.add(stats);
            writer_pb.inc(batch.len() as u64);
            let secs = started.elapsed().as_secs_f64().max(1e-3);
            writer_pb.set_message(format!(
                "({:.0}/s) · new {} · duplicates {} · quotes {} · rejects {}",
                writer_pb.position() as f64 / secs,
                total.new_articles,
                total.duplicates,
                total.quotes,
                writer_rejects.load(Ordering::Relaxed)
            ));
        }
        Ok(total)
    });

    let mut totals = Totals::default();
    let mut items = pending_items(&args.paths);
    let mut send_failed = false;
    loop {
        let mut chunk: Vec<Pending> = Vec::with_capacity(batch_size);
        for item in items.by_ref() {
            match item {
                Ok(p) => chunk.push(p),
                Err(e) => {
                    totals.errors += 1;
                    rejects.fetch_add(1, Ordering::Relaxed);
                    pb.suspend(|| eprintln!("dixit ingest: {e}"));
                }
            }
            if chunk.len() >= batch_size {
                break;
            }
        }
        if chunk.is_empty() {
            break;
        }
        totals.read += chunk.len() as u64;

        // Inputs read before (same path) need no extraction: the store would skip them anyway.
        let paths: Vec<String> = chunk.iter().map(Pending::source_path).collect();
        let path_refs: Vec<&str> = paths.iter().map(String::as_str).collect();
        let known = lookup
            .known_paths(&path_refs)
            .context("looking up stored inputs")?;
        let before = chunk.len();
        chunk.retain(|p| !known.contains(&p.source_path()));
        let skipped = (before - chunk.len()) as u64;
        totals.skipped += skipped;
        pb.inc(skipped);

        // Every ReadError names its input (and record), so no path needs carrying.
        let results: Vec<Result<PreparedArticle, String>> = chunk
            .into_par_iter()
            .map(|p| prepare(&extractor, p))
            .collect();
        let mut batch = Vec::with_capacity(results.len());
        for r in results {
            match r {
                Ok(a) => batch.push(a),
                Err(e) => {
                    totals.errors += 1;
                    rejects.fetch_add(1, Ordering::Relaxed);
                    pb.inc(1);
                    pb.suspend(|| eprintln!("dixit ingest: {e}"));
                }
            }
        }
        if !batch.is_empty() && tx.send(batch).is_err() {
            send_failed = true;
            break;
        }
    }
    drop(tx);
    let written = match writer.join() {
        Ok(r) => r?,
        Err(_) => bail!("the writer thread panicked"),
    };
    if send_failed {
        bail!("the writer stopped early");
    }
    totals.written = written;
    pb.finish_and_clear();

    let secs = started.elapsed().as_secs_f64();
    let counts = lookup.counts().context("counting stored rows")?;
    let w = &totals.written;
    println!(
        "ingested {} articles in {:.2} s ({:.0} articles/s): {} new stories, {} duplicates, {} unchanged, {} quotes, {} rejects",
        totals.read,
        secs,
        totals.read as f64 / secs.max(1e-9),
        w.new_articles,
        w.duplicates,
        w.unchanged + totals.skipped,
        w.quotes,
        totals.errors
    );
    println!(
        "store {}: {} stories, {} appearances, {} quotes, {} persons, {} media, {} organizations",
        describe(&location),
        counts.articles,
        counts.appearances,
        counts.quotes,
        counts.persons,
        counts.media,
        counts.organizations
    );
    Ok(if totals.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

//! `dixit ingest PATH...`: read, extract and store articles, in batches.
//!
//! Pipeline: the main thread reads inputs in order (WARC records stay raw: turning
//! HTML into text is costly and runs in parallel), a batch ends at a number of
//! documents or of bytes, whichever comes first; rayon turns the batch into
//! documents, asks the store which (source, content) pairs it already holds, extracts
//! the others, and one writer thread commits each batch in one transaction. Batches
//! are written in input order, so that an interrupted run resumed later ends with
//! exactly the store an uninterrupted run gives. Memory is bounded by the batch byte
//! budget, the per-document cap and the readers' per-record limits, whatever the size
//! of the inputs.

use anyhow::{Context, bail};
use dixit_model::Document;
use dixit_readers::{DEFAULT_MAX_TEXT_MIB, Input, InputFormat, RawRecord, ReadError};
use dixit_store::{BatchStats, Location, PreparedArticle, Store};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

/// Where the store is: shared by `ingest`, `search`, `export` and `check`.
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

    /// Opens the store for writing, creating it if needed.
    pub fn open(&self) -> anyhow::Result<Box<dyn Store>> {
        let loc = self.location()?;
        dixit_store::open(&loc).with_context(|| format!("cannot open store {}", loc.describe()))
    }

    /// Opens the existing store for reading only (search, export, check); a missing
    /// store is an error naming it, never created.
    pub fn open_read_only(&self) -> anyhow::Result<Box<dyn Store>> {
        let loc = self.location()?;
        dixit_store::open_read_only(&loc).map_err(|e| match e {
            // These already name the store.
            dixit_store::StoreError::Missing(_) | dixit_store::StoreError::Schema { .. } => {
                anyhow::Error::new(e)
            }
            e => anyhow::Error::new(e).context(format!("cannot open store {}", loc.describe())),
        })
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
    /// Most articles per transaction: a crash loses at most this many.
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..))]
    pub batch: u32,
    /// Most MiB of input per transaction, whatever the number of articles: bounds memory.
    #[arg(long, value_name = "MIB", default_value_t = 32, value_parser = clap::value_parser!(u32).range(1..=4096))]
    pub batch_mib: u32,
    /// Analyse at most this many MiB of text per document; the rest is ignored, with a
    /// warning naming the input.
    #[arg(long, value_name = "MIB", default_value_t = DEFAULT_MAX_TEXT_MIB as u32, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub max_mib: u32,
    /// No progress bar or progress lines (errors, warnings and the summary remain).
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Seconds between progress lines when standard error is not a terminal.
    #[arg(long, value_name = "SECS", default_value_t = 10, hide = true)]
    pub progress_every: u64,
}

/// One unit of reading work, in input order.
enum Pending {
    /// A document already read (Markdown, text, HTML, feed item, JSONL line).
    Doc(Document),
    /// A WARC record whose HTML is still to be parsed.
    Raw(RawRecord),
}

impl Pending {
    /// Bytes this item holds, for the batch budget.
    fn bytes(&self) -> usize {
        match self {
            Pending::Doc(d) => d.text.len() + d.analysis.len(),
            Pending::Raw(r) => r.body.len(),
        }
    }
}

/// Every document or raw WARC record of `inputs`, in order, with read errors as items.
fn pending_items(
    inputs: Vec<Result<Input, ReadError>>,
    counter: Arc<AtomicU64>,
    max_text: usize,
) -> impl Iterator<Item = Result<Pending, ReadError>> {
    inputs.into_iter().flat_map(
        move |input| -> Box<dyn Iterator<Item = Result<Pending, ReadError>>> {
            match input {
                Err(e) => Box::new(std::iter::once(Err(e))),
                Ok(i) => {
                    let i = i.counting(Arc::clone(&counter)).max_text_bytes(max_text);
                    if i.format == Some(InputFormat::Warc) && i.path != "-" {
                        Box::new(i.raw_records().map(|r| r.map(Pending::Raw)))
                    } else {
                        Box::new(i.documents().map(|d| d.map(Pending::Doc)))
                    }
                }
            }
        },
    )
}

/// A document read, capped and identified, not yet extracted.
struct ReadDoc {
    doc: Document,
    /// Whether the text was cut to the cap.
    capped: bool,
    key: String,
    hash: String,
}

/// Parses (if raw), caps and identifies one item.
fn read_one(item: Pending, max_bytes: usize) -> Result<ReadDoc, ReadError> {
    let mut doc = match item {
        Pending::Doc(d) => d,
        Pending::Raw(r) => r.into_document()?,
    };
    let capped = dixit_readers::cap_document(&mut doc, max_bytes);
    Ok(ReadDoc {
        key: dixit_store::source_key(&doc.source),
        hash: dixit_store::text_hash(&doc.text),
        doc,
        capped,
    })
}

/// Extracts and prepares one document; an internal extraction failure is an error
/// naming the input, so the run goes on with the others.
fn prepare(
    extractor: &dixit_extract::Extractor,
    r: ReadDoc,
) -> Result<PreparedArticle, dixit_extract::ExtractError> {
    let out = extractor.extract(r.doc)?;
    Ok(PreparedArticle::new(out.record, out.text))
}

/// Counters shared between the reading loop and the writer thread.
#[derive(Default)]
struct Shared {
    /// Input bytes (as stored, compressed or not) up to the end of the last batch
    /// written: the progress of the whole run, since reading runs ahead of writing.
    done_bytes: AtomicU64,
    written: AtomicU64,
    new_articles: AtomicU64,
    duplicates: AtomicU64,
    rejects: AtomicU64,
}

/// Progress display: a bar on a terminal, a plain line now and then otherwise.
struct Progress {
    bar: ProgressBar,
    plain_every: Option<Duration>,
    last_plain: Instant,
    started: Instant,
    total: Option<u64>,
    shared: Arc<Shared>,
}

/// `1.5 MiB`-style sizes.
fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut v = n as f64;
    let mut unit = 0;
    while v >= 1024.0 && unit + 1 < UNITS.len() {
        v /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}

/// `1h 02m`, `3m 05s`, `42s`.
fn human_duration(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 3600 {
        format!("{}h {:02}m", s / 3600, (s % 3600) / 60)
    } else if s >= 60 {
        format!("{}m {:02}s", s / 60, s % 60)
    } else {
        format!("{s}s")
    }
}

impl Progress {
    fn new(quiet: bool, every: u64, total: Option<u64>) -> Progress {
        let terminal = std::io::stderr().is_terminal();
        let bar = if quiet || !terminal {
            ProgressBar::hidden()
        } else {
            let (bar, template) = match total {
                Some(t) => (
                    ProgressBar::with_draw_target(Some(t), ProgressDrawTarget::stderr()),
                    "{spinner} {elapsed_precise} [{wide_bar}] {bytes}/{total_bytes} ({bytes_per_sec}, ETA {eta}) {msg}",
                ),
                None => (
                    ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
                    "{spinner} {elapsed_precise} {bytes} done ({bytes_per_sec}) {msg}",
                ),
            };
            bar.set_style(
                ProgressStyle::with_template(template)
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        };
        let now = Instant::now();
        Progress {
            bar,
            plain_every: (!quiet && !terminal).then(|| Duration::from_secs(every)),
            last_plain: now,
            started: now,
            total,
            shared: Arc::new(Shared::default()),
        }
    }

    /// Prints `line` on standard error without breaking the bar.
    fn say(&self, line: &str) {
        self.bar.suspend(|| eprintln!("{line}"));
    }

    /// Articles stored so far and their rate.
    fn articles(&self) -> String {
        let s = &self.shared;
        let written = s.written.load(Ordering::Relaxed);
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        format!(
            "{written} articles ({:.0}/s) · {} new · {} duplicates · {} rejects",
            written as f64 / secs,
            s.new_articles.load(Ordering::Relaxed),
            s.duplicates.load(Ordering::Relaxed),
            s.rejects.load(Ordering::Relaxed)
        )
    }

    /// Updates the bar, or prints a plain line when one is due.
    fn tick(&mut self) {
        let read = self.shared.done_bytes.load(Ordering::Relaxed);
        self.bar.set_position(read);
        self.bar.set_message(self.articles());
        let Some(every) = self.plain_every else {
            return;
        };
        if self.last_plain.elapsed() < every {
            return;
        }
        self.last_plain = Instant::now();
        let elapsed = self.started.elapsed();
        let share = match self.total {
            Some(t) if t > 0 => {
                let done = read.min(t);
                let eta = if done > 0 {
                    let left = elapsed.as_secs_f64() * (t - done) as f64 / done as f64;
                    format!(", ETA {}", human_duration(Duration::from_secs_f64(left)))
                } else {
                    String::new()
                };
                format!(
                    " of {} ({:.1}%{eta})",
                    human_bytes(t),
                    100.0 * done as f64 / t as f64
                )
            }
            _ => String::new(),
        };
        eprintln!(
            "dixit ingest: {}{share} done in {}; {}",
            human_bytes(read),
            human_duration(elapsed),
            self.articles()
        );
    }
}

#[derive(Default)]
struct Totals {
    read: u64,
    skipped: u64,
    errors: u64,
    capped: u64,
    written: BatchStats,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let location = args.store.location()?;
    let mut lookup = args.store.open()?;
    let mut writer_store = args.store.open()?;
    let batch_size = args.batch as usize;
    let budget = args.batch_mib as usize * 1024 * 1024;
    let max_bytes = args.max_mib as usize * 1024 * 1024;
    dixit_extract::capture_panics();
    let extractor = dixit_extract::Extractor::bundled()
        .context("loading the extraction models")?
        .with_max_bytes(max_bytes);

    let inputs: Vec<Result<Input, ReadError>> = dixit_readers::inputs(&args.paths).collect();
    let total: Option<u64> = inputs
        .iter()
        .map(|i| i.as_ref().ok().and_then(Input::size))
        .sum();
    let read_bytes = Arc::new(AtomicU64::new(0));
    let mut progress = Progress::new(args.quiet, args.progress_every, total);

    // Bounded: reading runs at most one batch ahead of the writer, capping memory. Each
    // batch travels with the input bytes read up to its end.
    let (tx, rx) = mpsc::sync_channel::<(Vec<PreparedArticle>, u64)>(1);
    let shared = Arc::clone(&progress.shared);
    let writer = std::thread::spawn(move || -> anyhow::Result<BatchStats> {
        let mut total = BatchStats::default();
        for (batch, mark) in rx {
            let stats = writer_store
                .write_batch(&batch)
                .context("writing a batch")?;
            total.add(stats);
            shared
                .written
                .fetch_add(batch.len() as u64, Ordering::Relaxed);
            shared
                .new_articles
                .store(total.new_articles, Ordering::Relaxed);
            shared.duplicates.store(total.duplicates, Ordering::Relaxed);
            shared.done_bytes.store(mark, Ordering::Relaxed);
        }
        Ok(total)
    });

    let mut totals = Totals::default();
    let mut items = pending_items(inputs, Arc::clone(&read_bytes), max_bytes);
    let mut send_failed = false;
    let reject = |progress: &Progress, totals: &mut Totals, e: &dyn std::fmt::Display| {
        totals.errors += 1;
        progress.shared.rejects.fetch_add(1, Ordering::Relaxed);
        progress.say(&format!("dixit ingest: {e}"));
    };
    loop {
        let mut chunk: Vec<Pending> = Vec::with_capacity(batch_size.min(1024));
        let mut bytes = 0usize;
        for item in items.by_ref() {
            match item {
                Ok(p) => {
                    bytes += p.bytes();
                    chunk.push(p);
                }
                Err(e) => reject(&progress, &mut totals, &e),
            }
            progress.tick();
            if chunk.len() >= batch_size || bytes >= budget {
                break;
            }
        }
        if chunk.is_empty() {
            break;
        }
        let mark = read_bytes.load(Ordering::Relaxed);
        totals.read += chunk.len() as u64;

        // Every ReadError names its input (and record), so no path needs carrying.
        let read: Vec<Result<ReadDoc, ReadError>> = chunk
            .into_par_iter()
            .map(|p| read_one(p, max_bytes))
            .collect();
        let mut docs = Vec::with_capacity(read.len());
        for r in read {
            match r {
                Ok(d) => {
                    if d.capped {
                        totals.capped += 1;
                        progress.say(&format!(
                            "dixit ingest: {}: warning: text over {} MiB, only the first {} bytes analysed",
                            d.doc.source.path,
                            args.max_mib,
                            d.doc.text.len()
                        ));
                    }
                    docs.push(d);
                }
                Err(e) => reject(&progress, &mut totals, &e),
            }
        }

        // Inputs stored before with this very content need no extraction: the store
        // would skip them anyway. Changed content under a known source goes on.
        let known: HashSet<(String, String)> = {
            let pairs: Vec<(&str, &str)> = docs
                .iter()
                .map(|d| (d.key.as_str(), d.hash.as_str()))
                .collect();
            lookup
                .known_versions(&pairs)
                .context("looking up stored inputs")?
        };
        let before = docs.len();
        docs.retain(|d| !known.contains(&(d.key.clone(), d.hash.clone())));
        let skipped = (before - docs.len()) as u64;
        totals.skipped += skipped;
        progress
            .shared
            .written
            .fetch_add(skipped, Ordering::Relaxed);

        let prepared: Vec<Result<PreparedArticle, dixit_extract::ExtractError>> = docs
            .into_par_iter()
            .map(|d| prepare(&extractor, d))
            .collect();
        let mut batch = Vec::with_capacity(prepared.len());
        for p in prepared {
            match p {
                Ok(a) => batch.push(a),
                Err(e) => reject(&progress, &mut totals, &e),
            }
        }
        if batch.is_empty() {
            progress.shared.done_bytes.store(mark, Ordering::Relaxed);
        } else if tx.send((batch, mark)).is_err() {
            send_failed = true;
            break;
        }
        progress.tick();
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
    progress.bar.finish_and_clear();

    let secs = started.elapsed().as_secs_f64();
    let counts = lookup.counts().context("counting stored rows")?;
    let w = &totals.written;
    let mut extras = String::new();
    if w.new_versions > 0 {
        extras.push_str(&format!(
            ", {} new versions of known sources",
            w.new_versions
        ));
    }
    if totals.capped > 0 {
        extras.push_str(&format!(
            ", {} capped at {} MiB",
            totals.capped, args.max_mib
        ));
    }
    println!(
        "ingested {} articles in {:.2} s ({:.0} articles/s): {} new stories, {} duplicates, {} unchanged, {} quotes, {} rejects{extras}",
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
        location.describe(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_sizes_and_durations() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(3 * 1024 * 1024 * 1024), "3.0 GiB");
        assert_eq!(human_duration(Duration::from_secs(42)), "42s");
        assert_eq!(human_duration(Duration::from_secs(185)), "3m 05s");
        assert_eq!(human_duration(Duration::from_secs(3720)), "1h 02m");
    }
}

//! `dixit search "QUERY"`: full-text search over stored quotes (or articles).

use crate::ingest::StoreArgs;
use anyhow::{Context, bail};
use dixit_store::{QuoteRow, SearchQuery, Store};
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `dixit search`.
#[derive(clap::Args)]
pub struct Args {
    /// Words to look for (accents, case and inflections are ignored); may be empty with filters.
    #[arg(default_value = "")]
    pub query: String,
    /// Only quotes whose speaker's name contains this.
    #[arg(long)]
    pub speaker: Option<String>,
    /// Only stories that appeared in an outlet whose name contains this.
    #[arg(long)]
    pub outlet: Option<String>,
    /// Earliest date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<String>,
    /// Latest date, inclusive (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    pub to: Option<String>,
    /// Maximum number of results.
    #[arg(long, short = 'n', default_value_t = 20)]
    pub limit: usize,
    /// Search article texts instead of quotes.
    #[arg(long)]
    pub articles: bool,
    /// Print JSON lines instead of text.
    #[arg(long)]
    pub json: bool,
    /// Benchmark: run every query of FILE (one per line) and print latency percentiles.
    #[arg(long, value_name = "FILE")]
    pub bench: Option<PathBuf>,
    #[command(flatten)]
    pub store: StoreArgs,
}

fn print_quote(out: &mut impl Write, q: &QuoteRow) -> std::io::Result<()> {
    let date = q
        .date
        .as_deref()
        .map(|d| d.get(..10).unwrap_or(d))
        .unwrap_or("????-??-??");
    let outlet = q.outlet.as_deref().unwrap_or("?");
    let speaker = q.speaker.as_deref().unwrap_or("(unattributed)");
    writeln!(out, "{date}  {outlet}  {speaker}: « {} »", q.text)?;
    if let Some(url) = &q.url {
        writeln!(out, "    {url}")?;
    }
    Ok(())
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted
        .get(rank.saturating_sub(1).min(sorted.len() - 1))
        .copied()
        .unwrap_or(0.0)
}

fn bench(store: &mut dyn Store, args: &Args, file: &PathBuf) -> anyhow::Result<ExitCode> {
    let f = std::fs::File::open(file).with_context(|| format!("cannot open {}", file.display()))?;
    let mut queries = Vec::new();
    for line in std::io::BufReader::new(f).lines() {
        let line = line?;
        let line = line.trim();
        if !line.is_empty() && !line.starts_with('#') {
            queries.push(line.to_string());
        }
    }
    if queries.is_empty() {
        bail!("{}: no query", file.display());
    }
    let make = |text: &str| SearchQuery {
        text: text.to_string(),
        speaker: args.speaker.clone(),
        outlet: args.outlet.clone(),
        from: args.from.clone(),
        to: args.to.clone(),
        limit: args.limit,
    };
    // One warm-up pass so that the measured pass reflects a running service, not a cold page cache.
    for q in &queries {
        store.search(&make(q))?;
    }
    let mut ms = Vec::with_capacity(queries.len());
    let mut hits = 0usize;
    for q in &queries {
        let t = Instant::now();
        let r = if args.articles {
            store.search_articles(&make(q))?.len()
        } else {
            store.search(&make(q))?.len()
        };
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
        hits += r;
    }
    let mut sorted = ms.clone();
    sorted.sort_by(f64::total_cmp);
    println!(
        "{} queries, {} hits (limit {}): p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms, mean {:.2} ms",
        queries.len(),
        hits,
        args.limit,
        percentile(&sorted, 50.0),
        percentile(&sorted, 90.0),
        percentile(&sorted, 99.0),
        sorted.last().copied().unwrap_or(0.0),
        ms.iter().sum::<f64>() / ms.len() as f64
    );
    Ok(ExitCode::SUCCESS)
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut store = args.store.open()?;
    if let Some(file) = &args.bench {
        return bench(store.as_mut(), &args, file);
    }
    if args.query.trim().is_empty()
        && args.speaker.is_none()
        && args.outlet.is_none()
        && args.from.is_none()
        && args.to.is_none()
    {
        bail!("give a query or at least one filter (--speaker, --outlet, --from, --to)");
    }
    let query = SearchQuery {
        text: args.query.clone(),
        speaker: args.speaker.clone(),
        outlet: args.outlet.clone(),
        from: args.from.clone(),
        to: args.to.clone(),
        limit: args.limit,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let found = if args.articles {
        let hits = store.search_articles(&query)?;
        for a in &hits {
            if args.json {
                serde_json::to_writer(&mut out, a)?;
                writeln!(out)?;
            } else {
                let date = a
                    .date
                    .as_deref()
                    .map(|d| d.get(..10).unwrap_or(d))
                    .unwrap_or("????-??-??");
                writeln!(
                    out,
                    "{date}  {}  {}  ({} quotes, {} appearances)",
                    a.outlet.as_deref().unwrap_or("?"),
                    a.title.as_deref().unwrap_or("(untitled)"),
                    a.quotes,
                    a.appearances.len()
                )?;
                if let Some(url) = &a.url {
                    writeln!(out, "    {url}")?;
                }
            }
        }
        hits.len()
    } else {
        let hits = store.search(&query)?;
        for q in &hits {
            if args.json {
                serde_json::to_writer(&mut out, q)?;
                writeln!(out)?;
            } else {
                print_quote(&mut out, q)?;
            }
        }
        hits.len()
    };
    out.flush()?;
    Ok(if found == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use super::percentile;

    #[test]
    fn percentiles_use_nearest_rank() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&v, 50.0), 50.0);
        assert_eq!(percentile(&v, 99.0), 99.0);
        assert_eq!(percentile(&[3.0], 99.0), 3.0);
        assert_eq!(percentile(&[], 50.0), 0.0);
    }
}

//! `dixit search "QUERY"`: full-text search over stored quotes (or articles).

use crate::ingest::StoreArgs;
use anyhow::{Context, bail};
use dixit_store::query::{MAX_LIMIT, MAX_OFFSET, Query};
use dixit_store::{ArticleRow, Hit, Page, QuoteRow, SearchQuery, Store};
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// The query language and the rest of what `search --help` tells after the options.
pub const HELP: &str = "QUERY LANGUAGE
  retraites            words: accents, case and inflections are ignored (réforme,
                       Réformes and réformé match alike); common words (le, les, de…)
                       are ignored
  \"premier ministre\"   the words in this order, next to each other
  retraites OR chômage either word; OR binds its two neighbours:
                       `réforme retraites OR chômage` = réforme AND (retraites OR chômage)
  -football            excludes hits with this word (or -\"a phrase\")
  réform*              any word starting with réform (at least 2 letters before *)
  Several words, phrases or OR groups must all match. Other punctuation and the
  operators of search engines (AND, NEAR, :, ^, parentheses) are plain text.

RANKING
  BM25 (k1 = 1.2, b = 0.75) over the indexed words, then newest first, then id: the
  same order on the embedded store and on PostgreSQL, stable whatever -n and --page.
  With filters only (no QUERY), newest first.

FILTERS
  Dates are YYYY, YYYY-MM or YYYY-MM-DD; a story matches when any of its appearances
  (the outlets that ran it) does.

EXIT STATUS
  0 with or without results (\"no results for …\"), 2 on an error (bad query, bad
  date, missing store).";

/// Arguments of `dixit search`.
#[derive(clap::Args)]
pub struct Args {
    /// Query (see QUERY LANGUAGE below); may be empty with filters.
    #[arg(default_value = "", allow_hyphen_values = true)]
    pub query: String,
    /// Only quotes whose speaker's name contains this.
    #[arg(long)]
    pub speaker: Option<String>,
    /// Only quotes whose speaking person's party contains this.
    #[arg(long)]
    pub party: Option<String>,
    /// Only quotes of this kind: direct, indirect or mixed.
    #[arg(long, value_parser = parse_kind)]
    pub kind: Option<String>,
    /// Only stories that appeared in an outlet whose name contains this.
    #[arg(long)]
    pub outlet: Option<String>,
    /// Earliest date, inclusive: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = parse_from)]
    pub from: Option<String>,
    /// Latest date, inclusive: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = parse_to)]
    pub to: Option<String>,
    /// Results per page (at most 1000).
    #[arg(long, short = 'n', default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=MAX_LIMIT as u64))]
    pub limit: u64,
    /// Page of results to show, from 1.
    #[arg(long, conflicts_with = "offset", value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub page: Option<u32>,
    /// Results to skip before the first shown.
    #[arg(long, value_parser = clap::value_parser!(u64).range(0..=MAX_OFFSET))]
    pub offset: Option<u64>,
    /// Search article texts instead of quotes.
    #[arg(long)]
    pub articles: bool,
    /// Print JSON lines (one hit a line, with its score) instead of text; the summary
    /// goes to standard error.
    #[arg(long)]
    pub json: bool,
    /// Benchmark: run every query of FILE (one per line) and print latency percentiles.
    #[arg(long, value_name = "FILE")]
    pub bench: Option<PathBuf>,
    #[command(flatten)]
    pub store: StoreArgs,
}

fn parse_from(s: &str) -> Result<String, String> {
    dixit_store::query::parse_date("from", s).map_err(|e| e.to_string())
}

fn parse_to(s: &str) -> Result<String, String> {
    dixit_store::query::parse_date("to", s).map_err(|e| e.to_string())
}

fn parse_kind(s: &str) -> Result<String, String> {
    dixit_store::query::parse_kind(s)
        .map(str::to_string)
        .map_err(|e| e.to_string())
}

/// Quotation marks that may wrap a whole stored quote.
const MARKS: [(char, char); 4] = [('«', '»'), ('"', '"'), ('“', '”'), ('‹', '›')];

/// The quote's words with one pair of guillemets (direct and mixed quotes): marks that
/// already wrap the whole text are replaced, not doubled. Indirect quotes are not the
/// speaker's words and get none.
fn quoted(kind: &str, text: &str) -> String {
    let text = text.trim();
    if kind == "indirect" {
        return text.to_string();
    }
    let mut inner = text;
    for (open, close) in MARKS {
        if let Some(rest) = text.strip_prefix(open)
            && let Some(body) = rest.strip_suffix(close)
            && !body.contains(open)
            && !body.contains(close)
        {
            inner = body.trim();
            break;
        }
    }
    format!("« {inner} »")
}

/// `2017-03-14 · Le Figaro · https://…`: what is known of where the words appeared.
fn source_line(
    date: Option<&str>,
    outlet: Option<&str>,
    url: Option<&str>,
    path: Option<&str>,
) -> String {
    let mut parts: Vec<&str> = Vec::new();
    if let Some(d) = date.filter(|d| !d.is_empty()) {
        parts.push(d.get(..10).unwrap_or(d));
    }
    if let Some(o) = outlet.filter(|o| !o.is_empty()) {
        parts.push(o);
    }
    if let Some(src) = url.filter(|u| !u.is_empty()).or(path) {
        parts.push(src);
    }
    parts.join(" · ")
}

fn print_quote(out: &mut impl Write, n: u64, q: &QuoteRow) -> std::io::Result<()> {
    let speaker = q.speaker.as_deref().unwrap_or("(unattributed)");
    let mut head = speaker.to_string();
    if let Some(cue) = q.cue.as_deref().filter(|c| !c.is_empty()) {
        head.push_str(", ");
        head.push_str(cue);
    }
    if let Some(ch) = q.channel.as_deref().filter(|c| !c.is_empty()) {
        head.push_str(&format!(" ({ch})"));
    }
    if q.kind != "direct" {
        head.push_str(&format!(" [{}]", q.kind));
    }
    writeln!(out, "{n}. {head} : {}", quoted(&q.kind, &q.text))?;
    let src = source_line(
        q.date.as_deref(),
        q.outlet.as_deref(),
        q.url.as_deref(),
        q.path.as_deref(),
    );
    if !src.is_empty() {
        writeln!(out, "   {src}")?;
    }
    Ok(())
}

fn print_article(out: &mut impl Write, n: u64, a: &ArticleRow) -> std::io::Result<()> {
    writeln!(
        out,
        "{n}. {}  ({} quotes, {} appearances)",
        a.title.as_deref().unwrap_or("(untitled)"),
        a.quotes,
        a.appearances.len()
    )?;
    let src = source_line(
        a.date.as_deref(),
        a.outlet.as_deref(),
        a.url.as_deref(),
        a.path.as_deref(),
    );
    if !src.is_empty() {
        writeln!(out, "   {src}")?;
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

impl Args {
    fn search_query(&self, text: &str) -> anyhow::Result<SearchQuery> {
        let limit = self.limit as usize;
        let offset = match (self.offset, self.page) {
            (Some(o), _) => o,
            (None, Some(p)) => u64::from(p - 1)
                .checked_mul(limit as u64)
                .filter(|o| *o <= MAX_OFFSET)
                .with_context(|| format!("--page {p} with -n {limit} is past the last result"))?,
            (None, None) => 0,
        };
        Ok(SearchQuery {
            text: text.to_string(),
            speaker: self.speaker.clone(),
            outlet: self.outlet.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            limit,
            party: self.party.clone(),
            kind: self.kind.clone(),
            offset,
        })
    }

    /// `"retraites" with --outlet figaro, --from 2017`, for messages.
    fn describe(&self) -> String {
        let mut s = if self.query.trim().is_empty() {
            "quotes".to_string()
        } else {
            format!("{:?}", self.query)
        };
        let filters: Vec<String> = [
            ("speaker", &self.speaker),
            ("party", &self.party),
            ("kind", &self.kind),
            ("outlet", &self.outlet),
            ("from", &self.from),
            ("to", &self.to),
        ]
        .iter()
        .filter_map(|(n, v)| v.as_ref().map(|v| format!("--{n} {v}")))
        .collect();
        if !filters.is_empty() {
            s.push_str(if self.query.trim().is_empty() {
                " matching "
            } else {
                " with "
            });
            s.push_str(&filters.join(", "));
        }
        s
    }
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
    let mut made = Vec::with_capacity(queries.len());
    for (i, q) in queries.iter().enumerate() {
        let sq = args.search_query(q)?;
        Query::parse(q).with_context(|| format!("{}:{}: bad query", file.display(), i + 1))?;
        made.push(sq);
    }
    let run = |store: &mut dyn Store, q: &SearchQuery| -> anyhow::Result<usize> {
        Ok(if args.articles {
            store.search_articles_page(q)?.hits.len()
        } else {
            store.search_page(q)?.hits.len()
        })
    };
    // One warm-up pass so that the measured pass reflects a running service, not a cold page cache.
    for q in &made {
        run(store, q)?;
    }
    let mut ms = Vec::with_capacity(made.len());
    let mut hits = 0usize;
    for q in &made {
        let t = Instant::now();
        hits += run(store, q)?;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let mut sorted = ms.clone();
    sorted.sort_by(f64::total_cmp);
    println!(
        "{} queries, {} hits (limit {}): p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms, mean {:.2} ms",
        made.len(),
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

/// Prints a page (text or JSON lines) and the summary; `what` names the rows.
fn show<T: serde::Serialize>(
    args: &Args,
    page: &Page<T>,
    what: &str,
    print: fn(
        &mut std::io::BufWriter<std::io::StdoutLock<'static>>,
        u64,
        &T,
    ) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (i, Hit { score, row }) in page.hits.iter().enumerate() {
        if args.json {
            serde_json::to_writer(&mut out, &Hit { score: *score, row })?;
            writeln!(out)?;
        } else {
            print(&mut out, page.offset + i as u64 + 1, row)?;
        }
    }
    let summary = if page.total == 0 {
        format!("no results for {}", args.describe())
    } else if page.hits.is_empty() {
        format!(
            "no {what} on this page: {} {what} for {} (offset {} is past the last)",
            page.total,
            args.describe(),
            page.offset
        )
    } else {
        let first = page.offset + 1;
        let last = page.offset + page.hits.len() as u64;
        let mut s = format!(
            "showing {first}–{last} of {} {what} for {}",
            page.total,
            args.describe()
        );
        if last < page.total && args.offset.is_none() {
            let next = args.page.unwrap_or(1) + 1;
            s.push_str(&format!(" (next: --page {next})"));
        }
        s
    };
    if args.json {
        out.flush()?;
        eprintln!("{summary}");
    } else {
        if !page.hits.is_empty() {
            writeln!(out)?;
        }
        writeln!(out, "{summary}")?;
    }
    out.flush()?;
    Ok(())
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.bench.is_none() {
        if args.query.trim().is_empty() && !args.search_query("")?.has_filters() {
            bail!(
                "give a query or at least one filter (--speaker, --party, --kind, --outlet, --from, --to)"
            );
        }
        if !args.query.trim().is_empty() {
            Query::parse(&args.query)?;
        }
    }
    let mut store = args.store.open_read_only()?;
    if let Some(file) = &args.bench {
        return bench(store.as_mut(), &args, file);
    }
    let query = args.search_query(&args.query)?;
    if args.articles {
        let page = store.search_articles_page(&query)?;
        show(&args, &page, "stories", print_article)?;
    } else {
        let page = store.search_page(&query)?;
        show(&args, &page, "quotes", print_quote)?;
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_nearest_rank() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&v, 50.0), 50.0);
        assert_eq!(percentile(&v, 99.0), 99.0);
        assert_eq!(percentile(&[3.0], 99.0), 3.0);
        assert_eq!(percentile(&[], 50.0), 0.0);
    }

    #[test]
    fn one_pair_of_guillemets() {
        assert_eq!(quoted("direct", "Nous gagnerons"), "« Nous gagnerons »");
        assert_eq!(quoted("direct", "« Nous gagnerons »"), "« Nous gagnerons »");
        assert_eq!(quoted("direct", "\"Nous gagnerons\""), "« Nous gagnerons »");
        // Two quoted parts are not one wrapping pair.
        assert_eq!(
            quoted("mixed", "\"non\" mais \"oui\""),
            "« \"non\" mais \"oui\" »"
        );
        assert_eq!(
            quoted("indirect", "le texte sera retiré"),
            "le texte sera retiré"
        );
    }

    #[test]
    fn source_lines_skip_what_is_unknown() {
        assert_eq!(
            source_line(
                Some("2017-03-14T10:00:00"),
                Some("Le Monde"),
                Some("https://x"),
                Some("a.md")
            ),
            "2017-03-14 · Le Monde · https://x"
        );
        assert_eq!(
            source_line(None, None, None, Some("notes/a.txt")),
            "notes/a.txt"
        );
    }
}

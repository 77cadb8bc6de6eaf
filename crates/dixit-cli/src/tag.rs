//! `dixit tag --conll IN`: tags CoNLL tokens with the NER model.

use anyhow::Context;
use dixit_ner::{Model, read_conll, tag_conll_text};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `dixit tag`.
#[derive(clap::Args)]
pub struct Args {
    /// CoNLL input (token in the first column); the prediction is appended as the last column.
    #[arg(long)]
    pub conll: PathBuf,
    /// Model file instead of the embedded one.
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Write here instead of standard output.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Print scores against the input's tags to standard error.
    #[arg(long)]
    pub score: bool,
    /// With --score: overlapping spans of the right type count (HIPE fuzzy).
    #[arg(long)]
    pub fuzzy: bool,
    /// Measure load time and tagging speed (N passes over the file, one thread) instead of
    /// writing tags.
    #[arg(long, value_name = "PASSES")]
    pub bench: Option<usize>,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let t0 = Instant::now();
    let owned;
    let model: &Model = match &args.model {
        Some(p) => {
            let bytes = std::fs::read(p).with_context(|| p.display().to_string())?;
            owned = Model::load(&bytes).with_context(|| p.display().to_string())?;
            &owned
        }
        None => {
            Model::embedded().context("no NER model is embedded in this build; pass --model")?
        }
    };
    let load = t0.elapsed();
    if let Some(passes) = args.bench {
        let sents = read_conll(&args.conll)?;
        let toks: Vec<Vec<&str>> = sents
            .iter()
            .map(|s| s.tokens.iter().map(String::as_str).collect())
            .collect();
        let mut tags = Vec::new();
        let mut n = 0usize;
        let mut checksum = 0usize;
        let start = Instant::now();
        let cpu0 = thread_cpu_seconds();
        for _ in 0..passes.max(1) {
            for s in &toks {
                model.tag_into(s, &mut tags);
                n += s.len();
                checksum += tags.iter().filter(|t| t.is_begin()).count();
            }
        }
        let secs = start.elapsed().as_secs_f64();
        let cpu = thread_cpu_seconds().zip(cpu0).map(|(b, a)| b - a);
        println!(
            "load {:.1} ms; {} tokens in {:.3} s wall: {:.0} tokens/s; {} ({} entities)",
            load.as_secs_f64() * 1000.0,
            n,
            secs,
            n as f64 / secs.max(1e-9),
            cpu.map_or_else(
                || "CPU time unavailable".to_string(),
                |c| format!("{c:.2} s CPU: {:.0} tokens/CPU-s", n as f64 / c.max(1e-9))
            ),
            checksum
        );
        return Ok(ExitCode::SUCCESS);
    }
    let text =
        std::fs::read_to_string(&args.conll).with_context(|| args.conll.display().to_string())?;
    let out = tag_conll_text(model, &text);
    match &args.out {
        Some(p) => std::fs::write(p, &out).with_context(|| p.display().to_string())?,
        None => std::io::stdout().lock().write_all(out.as_bytes())?,
    }
    if args.score {
        let sents = read_conll(&args.conll)?;
        let s = dixit_ner::evaluate(model, &sents, args.fuzzy);
        eprint!("{}", s.report());
    }
    Ok(ExitCode::SUCCESS)
}

/// CPU time of this thread (Linux `/proc`), which a busy shared machine does not inflate
/// the way it inflates wall time.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

//! `dixit parse`: UD tagging, lemmas and dependency parsing (gold-tokenised CoNLL-U or raw
//! text), speed measurement; and `dixit train syntax` (aliases `tagger`, `parser`), which
//! trains the syntax model from UD treebanks.

use anyhow::{Context, bail};
use dixit_syntax::train::{Progress, TrainConfig, TrainSentence, evaluate};
use dixit_syntax::{Style, Syntax, UdSentence, read_conllu};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `dixit parse`.
#[derive(clap::Args)]
pub struct Args {
    /// Raw input files (any format `dixit extract` reads), parsed into CoNLL-U.
    pub files: Vec<PathBuf>,
    /// Gold-tokenised CoNLL-U input: the same lines come out with predicted LEMMA, UPOS,
    /// FEATS, HEAD and DEPREL.
    #[arg(long, conflicts_with = "files")]
    pub conllu: Option<PathBuf>,
    /// Model file instead of the embedded one.
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Write here instead of standard output.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// With --conllu: print scores against the input's annotation to standard error.
    #[arg(long)]
    pub score: bool,
    /// Measure load time and speed on FILE instead of writing output: a `.conllu` file is
    /// tagged and parsed word by word; any other input is tokenised, split and parsed.
    #[arg(long, value_name = "FILE")]
    pub bench: Option<PathBuf>,
    /// With --bench: passes over the input.
    #[arg(long, default_value_t = 1)]
    pub passes: usize,
    /// Score every feature (no speed shortcut), to measure what the shortcuts change.
    #[arg(long)]
    pub no_shortcuts: bool,
    /// Annotation style to reproduce: sequoia (default), gsd or partut.
    #[arg(long, default_value = "sequoia", value_parser = parse_style)]
    pub style: Style,
}

fn parse_style(s: &str) -> Result<Style, String> {
    Style::parse(s).ok_or_else(|| format!("unknown style {s:?} (sequoia, gsd, partut)"))
}

fn load(model: Option<&Path>) -> anyhow::Result<Syntax> {
    match model {
        Some(p) => {
            let bytes = std::fs::read(p).with_context(|| p.display().to_string())?;
            Syntax::from_bytes(&bytes).with_context(|| p.display().to_string())
        }
        None => Syntax::bundled().context(
            "the embedded syntax model does not decode (models/syntax-fr.bin); pass --model",
        ),
    }
}

/// Runs `dixit parse`.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let t0 = Instant::now();
    let mut syntax = load(args.model.as_deref())?.with_style(args.style);
    if args.no_shortcuts {
        syntax = syntax.without_shortcuts();
    }
    let load_time = t0.elapsed();
    if let Some(path) = &args.bench {
        return bench(&syntax, path, args.passes, load_time);
    }
    let out = if let Some(path) = &args.conllu {
        let text = std::fs::read_to_string(path).with_context(|| path.display().to_string())?;
        let out = dixit_syntax::parse_conllu_text(&syntax, &text, &path.display().to_string())?;
        if args.score {
            let sents = gold(path)?;
            eprintln!("{}", evaluate(&syntax, &sents, false).summary());
        }
        out
    } else {
        if args.files.is_empty() {
            bail!("give input files, --conllu FILE or --bench FILE");
        }
        let mut out = String::new();
        for p in &args.files {
            for (k, doc) in dixit_readers::read_file(p).enumerate() {
                let doc = doc.with_context(|| p.display().to_string())?;
                out.push_str(&format!("# newdoc id = {}\n", doc.source.path));
                let id = format!("{}-{}", file_stem(p), k + 1);
                out.push_str(&dixit_syntax::parse_text_to_conllu(
                    &syntax,
                    &doc.analysis,
                    &id,
                ));
            }
        }
        out
    };
    match &args.out {
        Some(p) => std::fs::write(p, &out).with_context(|| p.display().to_string())?,
        None => std::io::stdout().lock().write_all(out.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

fn file_stem(p: &Path) -> String {
    p.file_stem().map_or_else(
        || p.display().to_string(),
        |s| s.to_string_lossy().into_owned(),
    )
}

fn gold(path: &Path) -> anyhow::Result<Vec<TrainSentence>> {
    Ok(read_conllu(path)?
        .iter()
        .filter_map(|s| TrainSentence::from_ud(s, false, Style::Sequoia))
        .collect())
}

fn bench(
    syntax: &Syntax,
    path: &Path,
    passes: usize,
    load: std::time::Duration,
) -> anyhow::Result<ExitCode> {
    let is_conllu = path.extension().is_some_and(|e| e == "conllu");
    let (mut words, mut units) = (0usize, 0usize);
    let start;
    let cpu0;
    if is_conllu {
        let sents = read_conllu(path)?;
        let forms: Vec<Vec<&str>> = sents.iter().map(UdSentence::forms).collect();
        start = Instant::now();
        cpu0 = thread_cpu_seconds();
        for _ in 0..passes.max(1) {
            for f in &forms {
                let p = syntax.parse_words(f);
                words += f.len();
                units += p.words.iter().filter(|w| w.head.is_none()).count();
            }
        }
    } else {
        let docs: Vec<String> = dixit_readers::read_file(path)
            .map(|d| d.map(|d| d.analysis))
            .collect::<Result<_, _>>()
            .with_context(|| path.display().to_string())?;
        start = Instant::now();
        cpu0 = thread_cpu_seconds();
        for _ in 0..passes.max(1) {
            for text in &docs {
                // Words as the Python anchor counts them: whitespace-separated.
                words += text.split_whitespace().count();
                let tokens = dixit_text::token::tokenize(text);
                for s in dixit_text::sentence::split_sentences(text, &tokens) {
                    let toks = tokens.get(s.tokens.clone()).unwrap_or_default();
                    units += syntax.parse_tokens(text, toks).words.len();
                }
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let cpu = thread_cpu_seconds().zip(cpu0).map(|(b, a)| b - a);
    println!(
        "load {:.1} ms; {} words in {:.3} s wall: {:.0} words/s; {} ({} {})",
        load.as_secs_f64() * 1000.0,
        words,
        secs,
        words as f64 / secs.max(1e-9),
        cpu.map_or_else(
            || "CPU time unavailable".to_string(),
            |c| format!(
                "{c:.2} s CPU: {:.0} words/CPU-s",
                words as f64 / c.max(1e-9)
            )
        ),
        units,
        if is_conllu { "roots" } else { "UD words" }
    );
    Ok(ExitCode::SUCCESS)
}

/// CPU time of this thread (Linux `/proc`), which a busy shared machine does not inflate
/// the way it inflates wall time.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// Arguments of `dixit train syntax`.
#[derive(clap::Args)]
pub struct TrainArgs {
    /// Training CoNLL-U files, used whole.
    #[arg(long, num_args = 1..)]
    pub train: Vec<PathBuf>,
    /// CoNLL-U files split in two: every N-th sentence (`--holdout-every`) is held out and
    /// scored, the others are trained on.
    #[arg(long, num_args = 1..)]
    pub split: Vec<PathBuf>,
    /// N of `--split`: sentence k (0-based) is held out when k % N == N - 1.
    #[arg(long, default_value_t = 5)]
    pub holdout_every: usize,
    /// Write the held-out part of each `--split` file to DIR/<name>.heldout.conllu.
    #[arg(long)]
    pub holdout_dir: Option<PathBuf>,
    /// Evaluation CoNLL-U files, scored after every parser epoch (never trained on).
    #[arg(long, num_args = 1..)]
    pub dev: Vec<PathBuf>,
    /// Unlabelled text for word clusters and the verb lexicon (any format `dixit extract`
    /// reads: JSONL, WARC, HTML, text…).
    #[arg(long, num_args = 1..)]
    pub unlabelled: Vec<PathBuf>,
    /// Output model file.
    #[arg(long)]
    pub out: PathBuf,
    /// Tagger passes.
    #[arg(long, default_value_t = 10)]
    pub tagger_epochs: usize,
    /// Parser passes.
    #[arg(long, default_value_t = 15)]
    pub parser_epochs: usize,
    /// Folds for the jackknifed tags the parser trains on (1: gold tags).
    #[arg(long, default_value_t = 5)]
    pub folds: usize,
    /// Probability of following a wrong parser prediction (dynamic oracle exploration).
    #[arg(long, default_value_t = 0.9)]
    pub explore: f64,
    /// Fine word clusters (0: none).
    #[arg(long, default_value_t = 400)]
    pub clusters: usize,
    /// Quantised weights of magnitude ≤ N are dropped (smaller model).
    #[arg(long, default_value_t = 0)]
    pub prune: i16,
    /// Seed of shuffling, exploration and clustering.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Largest share of decisions the speed shortcuts may change, measured on the evaluation
    /// sets (0: no shortcut).
    #[arg(long, default_value_t = 0.0005)]
    pub shortcut_rate: f64,
    /// Score every relation, also those the parts of speech decide.
    #[arg(long)]
    pub no_fixed_labels: bool,
    /// Rows of the parser's transition kernel, as a power of two.
    #[arg(long, default_value_t = 18)]
    pub trans_bits: u32,
    /// Rows of the parser's relation kernel, as a power of two.
    #[arg(long, default_value_t = 16)]
    pub label_bits: u32,
    /// Rows of the UPOS kernel, as a power of two.
    #[arg(long, default_value_t = 16)]
    pub upos_bits: u32,
    /// Rows of the morphology kernel, as a power of two.
    #[arg(long, default_value_t = 15)]
    pub morph_bits: u32,
    /// Stop reading unlabelled text after this many sentences.
    #[arg(long, default_value_t = 2_000_000)]
    pub max_unlabelled: usize,
}

/// True when a treebank writes most relations without the subtypes the others use
/// (ParTUT's `obl`, `aux`, `expl`, `flat`): its labels then only fix the universal relation.
fn partial_labels(sents: &[UdSentence]) -> bool {
    let (mut bare, mut sub) = (0usize, 0usize);
    for w in sents.iter().flat_map(|s| &s.words) {
        match w.deprel_raw.as_str() {
            "obl" => bare += 1,
            r if r.starts_with("obl:") && r != "obl:agent" => sub += 1,
            _ => {}
        }
    }
    bare > sub
}

fn train_sentences(path: &Path, sents: &[UdSentence], partial: bool) -> Vec<TrainSentence> {
    let style = Style::from_name(&path.display().to_string());
    let out: Vec<TrainSentence> = sents
        .iter()
        .filter_map(|s| TrainSentence::from_ud(s, partial, style))
        .collect();
    if out.len() < sents.len() {
        eprintln!(
            "{}: {} sentences without full annotation skipped",
            path.display(),
            sents.len() - out.len()
        );
    }
    out
}

/// Runs `dixit train syntax`.
pub fn train(a: TrainArgs) -> anyhow::Result<ExitCode> {
    let command = std::env::args().collect::<Vec<_>>().join(" ");
    let mut data: Vec<TrainSentence> = Vec::new();
    let mut evals: Vec<(String, Vec<TrainSentence>)> = Vec::new();
    for p in &a.train {
        let sents = read_conllu(p)?;
        let partial = partial_labels(&sents);
        let t = train_sentences(p, &sents, partial);
        eprintln!(
            "train {}: {} sentences, {} words{}",
            p.display(),
            t.len(),
            t.iter().map(TrainSentence::len).sum::<usize>(),
            if partial {
                " (relations without subtypes)"
            } else {
                ""
            }
        );
        data.extend(t);
    }
    for p in &a.split {
        let sents = read_conllu(p)?;
        let partial = partial_labels(&sents);
        let n = a.holdout_every.max(2);
        let (mut tr, mut ho) = (Vec::new(), Vec::new());
        for (k, s) in sents.into_iter().enumerate() {
            if k % n == n - 1 {
                ho.push(s);
            } else {
                tr.push(s);
            }
        }
        if let Some(dir) = &a.holdout_dir {
            std::fs::create_dir_all(dir).with_context(|| dir.display().to_string())?;
            let out = dir.join(format!("{}.heldout.conllu", file_stem(p)));
            let mut text = String::new();
            for s in &ho {
                dixit_syntax::conllu::write_sentence(s, &mut text);
            }
            std::fs::write(&out, text).with_context(|| out.display().to_string())?;
            eprintln!("  held-out part written to {}", out.display());
        }
        let t = train_sentences(p, &tr, partial);
        eprintln!(
            "train {} (all but every {n}th sentence): {} sentences, {} words; {} held out",
            p.display(),
            t.len(),
            t.iter().map(TrainSentence::len).sum::<usize>(),
            ho.len()
        );
        data.extend(t);
        evals.push((
            format!("{} (held out)", file_stem(p)),
            train_sentences(p, &ho, partial),
        ));
    }
    for p in &a.dev {
        let sents = read_conllu(p)?;
        evals.push((file_stem(p), train_sentences(p, &sents, false)));
    }
    if data.is_empty() {
        bail!("no training data: give --train or --split files");
    }
    let mut unlabelled: Vec<Vec<String>> = Vec::new();
    for p in &a.unlabelled {
        let before = unlabelled.len();
        for doc in dixit_readers::read_file(p) {
            if unlabelled.len() >= a.max_unlabelled {
                break;
            }
            let doc = match doc {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("unlabelled {}: skipped a document: {e}", p.display());
                    continue;
                }
            };
            unlabelled.extend(dixit_syntax::train::ud_sentences(&doc.analysis));
        }
        eprintln!(
            "unlabelled {}: {} sentences",
            p.display(),
            unlabelled.len() - before
        );
    }
    let cfg = TrainConfig {
        tagger_epochs: a.tagger_epochs,
        parser_epochs: a.parser_epochs,
        seed: a.seed,
        folds: a.folds,
        explore: a.explore,
        prune: a.prune,
        clusters: a.clusters,
        fixed_labels: !a.no_fixed_labels,
        shortcut_rate: a.shortcut_rate,
        trans_bits: a.trans_bits,
        label_bits: a.label_bits,
        upos_bits: a.upos_bits,
        morph_bits: a.morph_bits,
        meta: command,
        ..TrainConfig::default()
    };
    let start = Instant::now();
    let parts = dixit_syntax::train::train(&data, &evals, &unlabelled, &cfg, &mut |p| match p {
        Progress::Step(s) => eprintln!("{s}"),
        Progress::TaggerEpoch {
            which,
            epoch,
            upos_errors,
            morph_errors,
            words,
        } => {
            if epoch == cfg.tagger_epochs || which == "final" {
                eprintln!(
                    "tagger {which} epoch {epoch:2}: UPOS errors {:.2}%, morphology {:.2}%",
                    100.0 * upos_errors as f64 / words.max(1) as f64,
                    100.0 * morph_errors as f64 / words.max(1) as f64
                );
            }
        }
        Progress::ParserEpoch {
            epoch,
            errors,
            steps,
            dev,
            seconds,
        } => {
            eprintln!(
                "parser epoch {epoch:2}: costly transitions {:.2}%  {seconds:.1}s",
                100.0 * errors as f64 / steps.max(1) as f64
            );
            for (name, s) in &dev {
                eprintln!("    {name:32} {}", s.summary());
            }
        }
    })?;
    let bytes = parts.to_bytes();
    std::fs::write(&a.out, &bytes).with_context(|| a.out.display().to_string())?;
    let syn = Syntax::from_parts(parts);
    eprintln!(
        "model {:?}: {} bytes -> {} ({:.0}s)",
        syn,
        bytes.len(),
        a.out.display(),
        start.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

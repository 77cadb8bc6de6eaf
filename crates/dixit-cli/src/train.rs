//! `dixit train ner`: trains the NER model from CoNLL files.

use anyhow::{Context, bail};
use dixit_ner::{
    ClusterConfig, Gazetteers, Sentence, TrainConfig, build_lexicon, flags, learn_clusters,
    read_conll, split_holdout, tokenize_plain, write_conll,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `dixit train`.
#[derive(clap::Args)]
pub struct Args {
    /// What to train.
    #[command(subcommand)]
    pub what: What,
}

/// Trainable models.
#[derive(clap::Subcommand)]
pub enum What {
    /// The named-entity tagger.
    Ner(NerArgs),
    /// The syntax model (tagger, lemmatiser and parser are trained together).
    #[command(alias = "tagger", alias = "parser")]
    Syntax(crate::parse::TrainArgs),
}

/// Arguments of `dixit train ner`.
#[derive(clap::Args)]
pub struct NerArgs {
    /// Training CoNLL files.
    #[arg(long, num_args = 1.., required = true)]
    pub train: Vec<PathBuf>,
    /// Evaluation CoNLL files, scored after every epoch (never trained on).
    #[arg(long, num_args = 1..)]
    pub dev: Vec<PathBuf>,
    /// Output model file.
    #[arg(long)]
    pub out: PathBuf,
    /// Hold out every N-th document of each training file (index % N == N-1) and score it.
    #[arg(long, default_value_t = 0)]
    pub holdout_every: usize,
    /// Write the held-out documents of each training file to DIR/<name>.heldout.conll.
    #[arg(long)]
    pub holdout_dir: Option<PathBuf>,
    /// Passes over the data.
    #[arg(long, default_value_t = 10)]
    pub epochs: usize,
    /// Seed of shuffling and clustering.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Unlabelled text for word clusters: `.jsonl` (field `text`), `.conll` (tokens) or plain text.
    /// The training split's tokens are always added.
    #[arg(long, num_args = 1..)]
    pub unlabelled: Vec<PathBuf>,
    /// Name lists: LABEL=FILE:COLUMN (CSV or TSV with a header); one lexicon bit per LABEL.
    #[arg(long, num_args = 1..)]
    pub gazetteer: Vec<String>,
    /// Fine clusters (0 disables clustering).
    #[arg(long, default_value_t = 400)]
    pub clusters: usize,
    /// Features to leave out: clusters, gazetteer, case, bigrams, history, rich.
    #[arg(long, value_delimiter = ',')]
    pub without: Vec<String>,
    /// Quantised weights of magnitude ≤ N are dropped (smaller model).
    #[arg(long, default_value_t = 0)]
    pub prune: i16,
    /// Share of training sentences also trained on in upper case (headlines, all-caps names).
    #[arg(long, default_value_t = 0.0)]
    pub upper_copies: f64,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.what {
        What::Ner(a) => train_ner(a),
        What::Syntax(a) => crate::parse::train(a),
    }
}

fn file_name(p: &Path) -> String {
    p.file_stem().map_or_else(
        || p.display().to_string(),
        |s| s.to_string_lossy().into_owned(),
    )
}

fn train_ner(a: NerArgs) -> anyhow::Result<ExitCode> {
    let command = std::env::args().collect::<Vec<_>>().join(" ");
    let mut train: Vec<Sentence> = Vec::new();
    let mut evals: Vec<(String, Vec<Sentence>)> = Vec::new();
    for p in &a.train {
        let sents = read_conll(p)?;
        let (tr, ho) = split_holdout(sents, a.holdout_every);
        eprintln!(
            "train {}: {} sentences, {} held out",
            p.display(),
            tr.len(),
            ho.len()
        );
        if !ho.is_empty() {
            if let Some(dir) = &a.holdout_dir {
                std::fs::create_dir_all(dir)?;
                let out = dir.join(format!("{}.heldout.conll", file_name(p)));
                std::fs::write(&out, write_conll(&ho))
                    .with_context(|| out.display().to_string())?;
                eprintln!("  held-out part written to {}", out.display());
            }
            evals.push((format!("{} (held out)", file_name(p)), ho));
        }
        train.extend(tr);
    }
    for p in &a.dev {
        evals.push((file_name(p), read_conll(p)?));
    }
    let mut fl = TrainConfig::default().flags;
    for w in &a.without {
        fl &= !match w.as_str() {
            "clusters" => flags::CLUSTERS,
            "gazetteer" => flags::GAZETTEER,
            "case" => flags::CASE_PROFILE,
            "bigrams" => flags::BIGRAMS,
            "history" => flags::HISTORY,
            "rich" => flags::RICH,
            other => bail!("unknown feature group {other:?}"),
        };
    }
    let clusters = if a.clusters > 0 && fl & (flags::CLUSTERS | flags::CASE_PROFILE) != 0 {
        let start = std::time::Instant::now();
        let mut sents: Vec<Vec<String>> = train.iter().map(|s| s.tokens.clone()).collect();
        for p in &a.unlabelled {
            let n = sents.len();
            read_unlabelled(p, &mut sents)?;
            eprintln!("unlabelled {}: {} sentences", p.display(), sents.len() - n);
        }
        let cfg = ClusterConfig {
            fine: a.clusters,
            coarse: (a.clusters / 10).max(2),
            seed: a.seed,
            ..ClusterConfig::default()
        };
        let c = learn_clusters(&sents, &cfg);
        eprintln!(
            "clusters: {} words from {} sentences in {:.1}s",
            c.words.len(),
            sents.len(),
            start.elapsed().as_secs_f64()
        );
        Some(c)
    } else {
        None
    };
    let gaz = read_gazetteers(&a.gazetteer)?;
    let lexicon = build_lexicon(clusters.as_ref(), &gaz);
    let cfg = TrainConfig {
        epochs: a.epochs,
        seed: a.seed,
        flags: fl,
        prune: a.prune,
        meta: command,
        upper_copies: a.upper_copies,
    };
    eprintln!(
        "training on {} sentences, {} tokens, {} epochs",
        train.len(),
        train.iter().map(|s| s.tokens.len()).sum::<usize>(),
        a.epochs
    );
    let model = dixit_ner::train(&train, &evals, lexicon, &cfg, &mut |e| {
        eprintln!(
            "epoch {:2}  train errors {:6} / {} ({:.2}%)  {:.1}s",
            e.epoch,
            e.errors,
            e.tokens,
            100.0 * e.errors as f64 / e.tokens.max(1) as f64,
            e.seconds
        );
        for (name, s) in &e.dev {
            eprintln!("    {name:32} {}", s.summary());
        }
    })?;
    let mut buf = Vec::new();
    model.save(&mut buf)?;
    std::fs::write(&a.out, &buf).with_context(|| a.out.display().to_string())?;
    eprintln!(
        "model: {} features, {} lexicon words, {} bytes -> {}",
        model.num_features(),
        model.lexicon_len(),
        buf.len(),
        a.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn read_unlabelled(p: &Path, sents: &mut Vec<Vec<String>>) -> anyhow::Result<()> {
    let ext = p.extension().and_then(|e| e.to_str()).unwrap_or_default();
    if ext == "conll" {
        sents.extend(read_conll(p)?.into_iter().map(|s| s.tokens));
        return Ok(());
    }
    let text = std::fs::read_to_string(p).with_context(|| p.display().to_string())?;
    if ext == "jsonl" {
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value =
                serde_json::from_str(line).with_context(|| format!("{}:{}", p.display(), n + 1))?;
            if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                sents.extend(tokenize_plain(t));
            }
        }
    } else {
        sents.extend(tokenize_plain(&text));
    }
    Ok(())
}

fn read_gazetteers(specs: &[String]) -> anyhow::Result<Gazetteers> {
    let mut lists: BTreeMap<String, (u8, Vec<String>)> = BTreeMap::new();
    for spec in specs {
        let (label, rest) = spec
            .split_once('=')
            .with_context(|| format!("gazetteer {spec:?}: expected LABEL=FILE:COLUMN"))?;
        let (file, column) = rest
            .rsplit_once(':')
            .with_context(|| format!("gazetteer {spec:?}: expected LABEL=FILE:COLUMN"))?;
        let next = lists.len() as u8;
        if next >= 8 && !lists.contains_key(label) {
            bail!("at most 8 gazetteer labels");
        }
        let entry = lists.entry(label.to_string()).or_insert((next, Vec::new()));
        let text = std::fs::read_to_string(file).with_context(|| file.to_string())?;
        let mut lines = text.lines();
        let header = lines.next().unwrap_or_default();
        let sep = if header.contains('\t') { '\t' } else { ',' };
        let col = header
            .split(sep)
            .position(|h| h.trim() == column)
            .with_context(|| format!("{file}: no column {column:?}"))?;
        let before = entry.1.len();
        for line in lines {
            // Quoted CSV fields with separators inside are rare in these lists; a shifted row
            // only adds one wrong word.
            if let Some(v) = line.split(sep).nth(col) {
                let v = v.trim().trim_matches('"');
                if !v.is_empty() {
                    entry.1.push(v.to_string());
                }
            }
        }
        eprintln!(
            "gazetteer {label}: {} entries from {file}",
            entry.1.len() - before
        );
    }
    Ok(Gazetteers {
        lists: lists.into_values().collect(),
    })
}

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
    /// The speaker ranker, from articles annotated per eval/ANNOTATION.md.
    Speakers(SpeakersArgs),
}

/// Arguments of `dixit train speakers`.
#[derive(clap::Args)]
pub struct SpeakersArgs {
    /// Gold directories (<id>.json, with <id>.txt|.md beside them or in a --text-dir).
    #[arg(long, num_args = 1.., required = true)]
    pub gold: Vec<PathBuf>,
    /// Directories holding article texts missing from the gold directories.
    #[arg(long)]
    pub text_dir: Vec<PathBuf>,
    /// Gold directories only scored (ranking accuracy), never trained on.
    #[arg(long, num_args = 1..)]
    pub dev: Vec<PathBuf>,
    /// Output model file.
    #[arg(long)]
    pub out: PathBuf,
    /// Passes over the examples.
    #[arg(long, default_value_t = 10)]
    pub epochs: usize,
    /// Seed of the shuffling.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Also report K-fold cross-validated accuracy on the training examples (0: no).
    #[arg(long, default_value_t = 0)]
    pub folds: usize,
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
        What::Speakers(a) => train_speakers(a),
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

/// Ranking examples of every article of `dirs`, grouped by article.
fn speaker_examples(
    extractor: &dixit_extract::Extractor,
    dirs: &[PathBuf],
    text_dirs: &[PathBuf],
) -> anyhow::Result<(Vec<Vec<dixit_extract::Example>>, usize)> {
    use dixit_eval::articles;
    let mut out = Vec::new();
    let mut unreachable = 0;
    for dir in dirs {
        for e in articles::gold_entries_with(dir, text_dirs)? {
            let raw = std::fs::read(&e.text_path)
                .with_context(|| format!("cannot read {}", e.text_path.display()))?;
            let gold: serde_json::Value = serde_json::from_slice(
                &std::fs::read(&e.json_path)
                    .with_context(|| format!("cannot read {}", e.json_path.display()))?,
            )
            .with_context(|| format!("invalid JSON in {}", e.json_path.display()))?;
            let mut quotes = Vec::new();
            for q in gold["quotes"].as_array().map_or(&[][..], Vec::as_slice) {
                let (Some(text), Some(speaker)) = (q["text"].as_str(), q["speaker"].as_str())
                else {
                    continue;
                };
                let occ = q["occurrence"].as_i64().unwrap_or(1);
                if let Some((a, b)) = articles::locate(&raw, text, occ)
                    && let (Ok(a), Ok(b)) = (usize::try_from(a), usize::try_from(b))
                {
                    quotes.push(dixit_extract::GoldQuote {
                        start: a,
                        end: b,
                        speaker: speaker.to_owned(),
                    });
                }
            }
            let name = e.text_path.display().to_string();
            let doc = dixit_extract::document_from_bytes(&name, raw)?;
            let same = |pred: &str, gold: &str| articles::same_source(Some(pred), gold);
            let (ex, u) = extractor.speaker_examples(&doc, &quotes, &same);
            unreachable += u;
            out.push(ex);
        }
    }
    Ok((out, unreachable))
}

/// Accuracy of `ranker` on examples that have a right candidate: (right, total).
fn ranking_accuracy(
    ranker: &dixit_extract::Ranker,
    examples: &[dixit_extract::Example],
) -> (usize, usize) {
    let mut ok = 0;
    let mut n = 0;
    for ex in examples.iter().filter(|e| e.correct.iter().any(|&c| c)) {
        n += 1;
        // Outside its trusted groups the ranker defers to the rule (the first candidate).
        let pick = if ranker.is_empty() || (!ranker.groups.is_empty() && !ranker.applies(ex.group))
        {
            Some(0)
        } else {
            ranker.best(&ex.candidates)
        };
        if pick.is_some_and(|k| ex.correct.get(k).copied().unwrap_or(false)) {
            ok += 1;
        }
    }
    (ok, n)
}

/// How many more held-out decisions the ranker must get right than the rule in a
/// decision group before it is trusted there: a single won decision in a group of one or
/// two is chance, and trusting it moved answers on unseen articles at random.
const TRUST_MARGIN: usize = 2;

fn train_speakers(a: SpeakersArgs) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    // Features do not depend on the ranker: an empty one gives the rule's candidate order.
    let extractor =
        dixit_extract::Extractor::bundled()?.with_speaker_model(dixit_extract::Ranker::default());
    let (docs, unreachable) = speaker_examples(&extractor, &a.gold, &a.text_dir)?;
    let train: Vec<dixit_extract::Example> = docs.iter().flatten().cloned().collect();
    let rule = ranking_accuracy(&dixit_extract::Ranker::default(), &train);
    eprintln!(
        "train: {} documents, {} matched quotes with a speaker, {} without a right candidate; rule alone {}/{} = {:.3}",
        docs.len(),
        train.len(),
        unreachable,
        rule.0,
        rule.1,
        rule.0 as f64 / rule.1.max(1) as f64
    );
    // Cross-validated accuracy per decision group: the ranker is trusted where it beats
    // the rule by `TRUST_MARGIN` held-out decisions.
    let folds = a.folds.max(2);
    let mut by_group: BTreeMap<u32, (usize, usize, usize)> = BTreeMap::new();
    for k in 0..folds {
        let fit: Vec<_> = docs
            .iter()
            .enumerate()
            .filter(|(i, _)| i % folds != k)
            .flat_map(|(_, d)| d.iter().cloned())
            .collect();
        let r = dixit_extract::Ranker::train(&fit, a.epochs, a.seed);
        for (i, d) in docs.iter().enumerate() {
            if i % folds != k {
                continue;
            }
            for ex in d.iter().filter(|e| e.correct.iter().any(|&c| c)) {
                let g = by_group.entry(ex.group).or_default();
                g.2 += 1;
                g.1 += usize::from(ex.correct.first().copied().unwrap_or(false));
                g.0 += usize::from(
                    r.best(&ex.candidates)
                        .is_some_and(|b| ex.correct.get(b).copied().unwrap_or(false)),
                );
            }
        }
    }
    let mut trusted = Vec::new();
    let (mut gated_ok, mut total_n) = (0usize, 0usize);
    for (&g, &(model_ok, rule_ok, n)) in &by_group {
        let use_model = model_ok >= rule_ok + TRUST_MARGIN;
        if use_model {
            trusted.push(g);
        }
        gated_ok += if use_model { model_ok } else { rule_ok };
        total_n += n;
        eprintln!(
            "  group {g:3} (path {}, mention {}, entity {}): n {n:4}  rule {:.3}  model {:.3}{}",
            g / 32,
            (g / 8) % 4,
            g % 8,
            rule_ok as f64 / n.max(1) as f64,
            model_ok as f64 / n.max(1) as f64,
            if use_model { "  ← ranker" } else { "" }
        );
    }
    eprintln!(
        "{folds}-fold cross-validation, gated: {gated_ok}/{total_n} = {:.3}",
        gated_ok as f64 / total_n.max(1) as f64
    );
    if a.folds > 1 {
        let mut ok = 0;
        let mut n = 0;
        for k in 0..a.folds {
            let fit: Vec<_> = docs
                .iter()
                .enumerate()
                .filter(|(i, _)| i % a.folds != k)
                .flat_map(|(_, d)| d.iter().cloned())
                .collect();
            let held: Vec<_> = docs
                .iter()
                .enumerate()
                .filter(|(i, _)| i % a.folds == k)
                .flat_map(|(_, d)| d.iter().cloned())
                .collect();
            let r = dixit_extract::Ranker::train(&fit, a.epochs, a.seed);
            let (o, t) = ranking_accuracy(&r, &held);
            ok += o;
            n += t;
        }
        eprintln!(
            "{}-fold cross-validation: {ok}/{n} = {:.3}",
            a.folds,
            ok as f64 / n.max(1) as f64
        );
    }
    let mut ranker = dixit_extract::Ranker::train(&train, a.epochs, a.seed);
    ranker.groups = trusted;
    let fit = ranking_accuracy(&ranker, &train);
    eprintln!(
        "model: {} weights; on its training examples {:.3}",
        ranker.len(),
        fit.0 as f64 / fit.1.max(1) as f64
    );
    for dir in &a.dev {
        let (dev, u) = speaker_examples(&extractor, std::slice::from_ref(dir), &a.text_dir)?;
        let dev: Vec<_> = dev.into_iter().flatten().collect();
        let (o, t) = ranking_accuracy(&ranker, &dev);
        let (ro, rt) = ranking_accuracy(&dixit_extract::Ranker::default(), &dev);
        eprintln!(
            "dev {}: model {o}/{t} = {:.3}, rule {ro}/{rt} = {:.3} ({} without a right candidate)",
            dir.display(),
            o as f64 / t.max(1) as f64,
            ro as f64 / rt.max(1) as f64,
            u
        );
    }
    ranker.meta = format!(
        "dixit train speakers --gold {} --epochs {} --seed {}; {} examples",
        a.gold
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(" "),
        a.epochs,
        a.seed,
        train.len()
    );
    std::fs::write(&a.out, ranker.to_bytes())
        .with_context(|| format!("cannot write {}", a.out.display()))?;
    eprintln!(
        "wrote {} in {:.1} s",
        a.out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

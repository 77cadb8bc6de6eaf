//! `dixit eval articles|ner|coref`: dixit's own scorers, printing what
//! `eval/tools/score_articles.py` and `eval/tools/score_conll.py` print (`coref` has no Python
//! counterpart: it scores dixit's coreference chains on the Democrat corpus). Without
//! predictions, runs dixit in-process.

use anyhow::Context as _;
use dixit_eval::coref::{Chain, CorefScores};
use dixit_eval::{articles, conll, democrat};
use std::collections::HashMap;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `dixit eval`.
#[derive(clap::Args)]
pub struct Args {
    /// What to score.
    #[command(subcommand)]
    pub what: What,
}

/// The scorers.
#[derive(clap::Subcommand)]
pub enum What {
    /// Score article extraction (quotes, speakers, persons, media, organisations, roles).
    Articles(ArticlesArgs),
    /// Score NER output at entity level (conlleval-style, or --fuzzy).
    Ner(NerArgs),
    /// Score dixit's coreference chains on a Democrat CoNLL file (MUC, B³, CEAF-e, CoNLL F1).
    Coref(CorefArgs),
}

/// Arguments of `dixit eval articles`.
#[derive(clap::Args)]
pub struct ArticlesArgs {
    /// Gold directory: <id>.json plus <id>.txt or <id>.md.
    pub gold: PathBuf,
    /// Predictions directory (<id>.json); without it, dixit extracts each gold article.
    #[arg(long)]
    pub pred: Option<PathBuf>,
    /// Print the JSON report (as `score_articles.py --json`).
    #[arg(long)]
    pub json: bool,
    /// Also write each prediction to DIR/<id>.json (for the Python scorer).
    #[arg(long, value_name = "DIR")]
    pub write_pred: Option<PathBuf>,
    /// Read article texts missing from the gold directory from DIR (repeatable), as the
    /// Python scripts' `--text-dir=DIR`.
    #[arg(long, value_name = "DIR")]
    pub text_dir: Vec<PathBuf>,
    /// Speaker ranker to use instead of the bundled one: a file from `dixit train
    /// speakers`, or `rule` for the syntactic rule alone.
    #[arg(long, value_name = "FILE|rule")]
    pub speaker_model: Option<PathBuf>,
}

/// Arguments of `dixit eval ner`.
#[derive(clap::Args)]
pub struct NerArgs {
    /// Gold CoNLL file.
    pub gold: PathBuf,
    /// Predicted CoNLL file; without it, dixit's NER model tags the gold tokens.
    pub pred: Option<PathBuf>,
    /// Entity types scored; others count as O.
    #[arg(long, default_value = conll::DEFAULT_TYPES)]
    pub types: String,
    /// Count a predicted entity when it overlaps a gold entity of the same type.
    #[arg(long)]
    pub fuzzy: bool,
    /// Print JSON (as `score_conll.py --json`).
    #[arg(long)]
    pub json: bool,
    /// Also write the predicted CoNLL to FILE (when dixit tags it).
    #[arg(long, value_name = "FILE")]
    pub write_pred: Option<PathBuf>,
}

/// Arguments of `dixit eval coref`.
#[derive(clap::Args)]
pub struct CorefArgs {
    /// Gold file in the Democrat CoNLL format (`#begin document` … `#end document`).
    pub gold: PathBuf,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Also write the chains scored to FILE, one JSON line per document and view (`all`,
    /// `persons`): key and response chains as [first word, last word] pairs, words numbered
    /// from 0 in the document, for rescoring with another scorer.
    #[arg(long, value_name = "FILE")]
    pub write_chains: Option<PathBuf>,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let out = match args.what {
        What::Articles(a) => run_articles(a)?,
        What::Ner(a) => run_ner(a)?,
        What::Coref(a) => run_coref(a)?,
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes())?;
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn run_articles(a: ArticlesArgs) -> anyhow::Result<String> {
    let preds = match &a.pred {
        Some(dir) => read_pred_dir(&a.gold, &a.text_dir, dir)?,
        None => extract_all(&a.gold, &a.text_dir, a.speaker_model.as_deref())?,
    };
    if let Some(dir) = &a.write_pred {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        for (id, v) in &preds {
            let path = dir.join(format!("{id}.json"));
            let text = serde_json::to_string_pretty(v)?;
            std::fs::write(&path, text)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
    }
    let report =
        articles::score_with_texts(&a.gold, &a.text_dir, |e| Ok(preds.get(&e.id).cloned()))?;
    Ok(if a.json {
        report.to_json()? + "\n"
    } else {
        report.to_text()
    })
}

/// Predictions as the Python scorer finds them: `<id>.json` for each gold id, when present.
fn read_pred_dir(
    gold: &std::path::Path,
    text_dirs: &[PathBuf],
    dir: &std::path::Path,
) -> anyhow::Result<HashMap<String, serde_json::Value>> {
    let mut preds = HashMap::new();
    for e in articles::gold_entries_with(gold, text_dirs)? {
        let path = dir.join(format!("{}.json", e.id));
        if path.is_file() {
            let bytes =
                std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            let v = serde_json::from_slice(&bytes)
                .with_context(|| format!("invalid JSON in {}", path.display()))?;
            preds.insert(e.id, v);
        }
    }
    Ok(preds)
}

fn extract_all(
    gold: &std::path::Path,
    text_dirs: &[PathBuf],
    speaker_model: Option<&std::path::Path>,
) -> anyhow::Result<HashMap<String, serde_json::Value>> {
    let mut extractor = dixit_extract::Extractor::bundled()?;
    match speaker_model {
        None => {}
        Some(p) if p.as_os_str() == "rule" => {
            extractor = extractor.with_speaker_model(dixit_extract::Ranker::default());
        }
        Some(p) => {
            let bytes = std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))?;
            let ranker = dixit_extract::Ranker::from_bytes(&bytes)
                .map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
            extractor = extractor.with_speaker_model(ranker);
        }
    }
    let mut preds = HashMap::new();
    for e in articles::gold_entries_with(gold, text_dirs)? {
        let out = extractor.extract_path(&e.text_path)?;
        preds.insert(e.id, serde_json::to_value(&out.record)?);
    }
    Ok(preds)
}

fn run_ner(a: NerArgs) -> anyhow::Result<String> {
    let gold = conll::read_file(&a.gold)?;
    let pred = match &a.pred {
        Some(p) => conll::read_file(p)?,
        None => {
            let tagged = dixit_ner::tag_conll_file(&a.gold)?;
            if let Some(path) = &a.write_pred {
                std::fs::write(path, &tagged)
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            tagged
        }
    };
    let scores = conll::score(&gold, &pred, &conll::Options::new(&a.types, a.fuzzy))?;
    Ok(if a.json {
        scores.to_json()? + "\n"
    } else {
        scores.to_text()
    })
}

/// NE types of the gold chains the persons/organisations view keeps.
const PERSON_NE_TYPES: &[&str] = &["PER", "ORG"];

/// Entity kinds of dixit that the persons/organisations view keeps: those made from names of
/// persons, organisations and outlets (not places, nor the unnamed sources, bodies and
/// documents that descriptions introduce).
fn person_like(kind: Option<dixit_extract::EntityKind>) -> bool {
    use dixit_extract::EntityKind as K;
    matches!(kind, Some(K::Person | K::Org | K::Media))
}

/// dixit's mentions as chains over the gold words: one chain per entity, a pronoun left
/// unresolved a chain of its own; a mention whose span covers no word is dropped, and of
/// mentions falling on the same words the first (in text order) is kept. Returns the
/// chains, the mentions dropped for no word and those dropped as duplicates.
fn response_chains(
    doc: &democrat::Document,
    found: &[dixit_extract::ChainMention],
    keep: impl Fn(Option<dixit_extract::EntityKind>) -> bool,
) -> (Vec<Chain>, usize, usize) {
    let mut chains: Vec<Chain> = Vec::new();
    let mut chain_of: HashMap<usize, usize> = HashMap::new();
    let mut seen = std::collections::HashSet::new();
    let (mut unmapped, mut duplicate) = (0, 0);
    for m in found.iter().filter(|m| keep(m.entity_kind)) {
        let Some(span) = doc.word_span(m.span.start..m.span.end) else {
            unmapped += 1;
            continue;
        };
        if !seen.insert(span) {
            duplicate += 1;
            continue;
        }
        let slot = match m.entity {
            Some(e) => *chain_of.entry(e).or_insert_with(|| {
                chains.push(Vec::new());
                chains.len() - 1
            }),
            None => {
                chains.push(Vec::new());
                chains.len() - 1
            }
        };
        if let Some(c) = chains.get_mut(slot) {
            c.push(span);
        }
    }
    (chains, unmapped, duplicate)
}

fn run_coref(a: CorefArgs) -> anyhow::Result<String> {
    let docs = democrat::read_file(&a.gold)?;
    let extractor = dixit_extract::Extractor::bundled()?;
    let mut all = CorefScores::default();
    let mut persons = CorefScores::default();
    let (mut unmapped, mut duplicate) = (0, 0);
    let mut chains_out = String::new();
    for d in &docs {
        let input = dixit_text::markup::text_document(&d.name, d.text.clone());
        let found = extractor.coreference(input)?;
        let what = || format!("{}: document {}", a.gold.display(), d.name);
        let (response, u, dup) = response_chains(d, &found, |_| true);
        unmapped += u;
        duplicate += dup;
        let key = d.key();
        all.add_document(&key, &response).with_context(what)?;
        let (p_response, _, _) = response_chains(d, &found, person_like);
        let p_key = d.key_of_types(PERSON_NE_TYPES);
        persons
            .add_document(&p_key, &p_response)
            .with_context(what)?;
        if a.write_chains.is_some() {
            for (view, key, response) in
                [("all", &key, &response), ("persons", &p_key, &p_response)]
            {
                let line = serde_json::json!({
                    "document": d.name, "view": view, "key": key, "response": response,
                });
                chains_out.push_str(&serde_json::to_string(&line)?);
                chains_out.push('\n');
            }
        }
    }
    if let Some(path) = &a.write_chains {
        std::fs::write(path, chains_out)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    let (all, persons) = (all.report(), persons.report());
    if a.json {
        let v = serde_json::json!({
            "file": a.gold.display().to_string(),
            "scorer": dixit_eval::coref::SCORER,
            "documents": docs.len(),
            "all": all,
            "persons": persons,
            "dropped_mentions": { "no_word": unmapped, "same_words": duplicate },
        });
        return Ok(serde_json::to_string_pretty(&v)? + "\n");
    }
    Ok(format!(
        "Coreference on {} ({} documents)\nscorer: {}\n\n\
         all: every gold mention and chain (singletons included), every dixit mention\n{}\n\
         persons/organisations: gold chains with a PER or ORG word in their innermost mention; \
         dixit's person, organisation and outlet entities\n{}\n\
         dixit mentions dropped: {unmapped} over no gold word, {duplicate} on the same words as \
         an earlier one\n",
        a.gold.display(),
        docs.len(),
        dixit_eval::coref::SCORER,
        all.to_text(),
        persons.to_text(),
    ))
}

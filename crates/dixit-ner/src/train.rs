//! Averaged-perceptron training with greedy left-to-right decoding (the decoder used at
//! inference), lazy weight averaging, and quantisation to 16-bit weights at the end.

use crate::features::{Extractor, LexEntry, Lexicon, never_entity, normalise_into, word_key};
use crate::model::best_tag;
use crate::{Model, NUM_TAGS, NerError, Scores, Sentence, Tag, features::flags};
use dixit_learn::Clusters;
use dixit_learn::hash::Rng;
use std::time::Instant;

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed of the sentence shuffling.
    pub seed: u64,
    /// Feature set (see `features::flags`); defaults to all.
    pub flags: u32,
    /// Quantised weights with magnitude ≤ this are dropped (smaller file).
    pub prune: i16,
    /// Free text stored in the model (command, data).
    pub meta: String,
    /// Share of training sentences (0..=1) also trained on in upper case, so that headlines
    /// and all-caps names are not foreign to the model.
    pub upper_copies: f64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 10,
            seed: 1,
            flags: flags::CLUSTERS
                | flags::GAZETTEER
                | flags::CASE_PROFILE
                | flags::BIGRAMS
                | flags::HISTORY
                | flags::RICH,
            prune: 0,
            meta: String::new(),
            upper_copies: 0.0,
        }
    }
}

/// Progress after one epoch.
#[derive(Debug, Clone)]
pub struct Epoch {
    /// One-based epoch number.
    pub epoch: usize,
    /// Training tokens mispredicted during the epoch (the perceptron's loss).
    pub errors: usize,
    /// Training tokens seen.
    pub tokens: usize,
    /// Scores of the averaged model on each named evaluation set.
    pub dev: Vec<(String, Scores)>,
    /// Wall time of the epoch, evaluation included.
    pub seconds: f64,
}

/// Word lists turned into lexicon bits: `(bit, words)`; each capitalised word of an entry is
/// normalised and marked.
#[derive(Debug, Clone, Default)]
pub struct Gazetteers {
    /// Lists by bit (0..8).
    pub lists: Vec<(u8, Vec<String>)>,
}

/// Builds the lexicon shipped in the model from clusters and name lists.
pub fn build_lexicon(clusters: Option<&Clusters>, gaz: &Gazetteers) -> Lexicon {
    let mut lex = Lexicon::default();
    if let Some(c) = clusters {
        for w in &c.words {
            let e = lex.map.entry(word_key(&w.word)).or_default();
            e.c1 = w.coarse;
            e.c2 = w.fine;
            e.case = w.case;
        }
    }
    let mut buf = String::new();
    for (bit, words) in &gaz.lists {
        for entry in words {
            // Only capitalised words mark, so that "de", "la", "commission" stay neutral.
            for w in entry.split_whitespace() {
                if !w.chars().next().is_some_and(char::is_uppercase) || w.chars().count() < 2 {
                    continue;
                }
                normalise_into(w, &mut buf);
                let e: &mut LexEntry = lex.map.entry(word_key(&buf)).or_default();
                e.gaz |= 1u8 << (bit & 7);
            }
        }
    }
    lex
}

type Weights = dixit_learn::Weights<NUM_TAGS>;

/// Trains a model on `data`, scoring the averaged model on each `eval` set after every epoch
/// and reporting through `progress`. Deterministic given `cfg.seed`.
pub fn train(
    data: &[Sentence],
    eval: &[(String, Vec<Sentence>)],
    lexicon: Lexicon,
    cfg: &TrainConfig,
    progress: &mut dyn FnMut(&Epoch),
) -> Result<Model, NerError> {
    if data.is_empty() {
        return Err(NerError::Train("no training sentences".into()));
    }
    if cfg.epochs == 0 {
        return Err(NerError::Train("epochs must be at least 1".into()));
    }
    let mut wts = Weights::new();
    let mut rng = Rng::new(cfg.seed);
    let mut upper: Vec<Sentence> = Vec::new();
    if cfg.upper_copies > 0.0 {
        let cut = (cfg.upper_copies.clamp(0.0, 1.0) * u64::MAX as f64) as u64;
        for s in data {
            if rng.next_u64() < cut {
                upper.push(Sentence {
                    tokens: s.tokens.iter().map(|t| t.to_uppercase()).collect(),
                    tags: s.tags.clone(),
                    doc: s.doc,
                });
            }
        }
    }
    let all: Vec<&Sentence> = data.iter().chain(&upper).collect();
    let mut order: Vec<usize> = (0..all.len()).collect();
    let mut ext = Extractor::default();
    let mut statics: Vec<Vec<u64>> = Vec::new();
    let mut hist = [0u64; 4];
    let mut tokens: Vec<&str> = Vec::new();
    let mut model = None;
    for epoch in 1..=cfg.epochs {
        let start = Instant::now();
        rng.shuffle(&mut order);
        let (mut errors, mut seen) = (0usize, 0usize);
        for &si in &order {
            let Some(&s) = all.get(si) else { continue };
            tokens.clear();
            tokens.extend(s.tokens.iter().map(String::as_str));
            ext.prepare(&tokens, &lexicon);
            statics.resize_with(tokens.len().max(statics.len()), Vec::new);
            for (i, f) in statics.iter_mut().enumerate().take(tokens.len()) {
                f.clear();
                ext.static_features(i, cfg.flags, f);
            }
            let (mut p1, mut p2): (Option<Tag>, Option<Tag>) = (None, None);
            for (i, gold) in s.tags.iter().enumerate() {
                let Some(feats) = statics.get(i) else { break };
                let mut acc = [0f32; NUM_TAGS];
                wts.add_scores(feats, &mut acc);
                let use_hist = cfg.flags & flags::HISTORY != 0;
                if use_hist {
                    ext.history_features(i, p1, p2, &mut hist);
                    wts.add_scores(&hist, &mut acc);
                }
                let pred = if s.tokens.get(i).is_some_and(|t| never_entity(t)) {
                    Tag::O
                } else {
                    best_tag(&acc, p1.unwrap_or(Tag::O))
                };
                wts.now += 1;
                seen += 1;
                if pred != *gold {
                    errors += 1;
                    wts.update(feats, gold.index(), pred.index());
                    if use_hist {
                        wts.update(&hist, gold.index(), pred.index());
                    }
                }
                p2 = p1;
                p1 = Some(pred);
            }
        }
        let m = Model::from_parts(
            cfg.flags,
            &wts.averaged(cfg.prune),
            lexicon.clone(),
            cfg.meta.clone(),
        );
        let dev = eval
            .iter()
            .map(|(name, sents)| (name.clone(), evaluate(&m, sents, false)))
            .collect();
        progress(&Epoch {
            epoch,
            errors,
            tokens: seen,
            dev,
            seconds: start.elapsed().as_secs_f64(),
        });
        model = Some(m);
    }
    model.ok_or_else(|| NerError::Train("no epoch ran".into()))
}

/// Tags `sents` with `model` and scores against their gold tags.
pub fn evaluate(model: &Model, sents: &[Sentence], fuzzy: bool) -> Scores {
    let mut scores = Scores::default();
    let mut pred = Vec::new();
    let mut toks: Vec<&str> = Vec::new();
    for s in sents {
        toks.clear();
        toks.extend(s.tokens.iter().map(String::as_str));
        model.tag_into(&toks, &mut pred);
        scores.add(&s.tags, &pred, fuzzy);
    }
    scores
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_conll;

    const FIXTURE: &str = "\
Jean\tB-PER\nDupont\tI-PER\nvit\tO\nà\tO\nLyon\tB-LOC\n.\tO\n
Marie\tB-PER\nMartin\tI-PER\ntravaille\tO\nchez\tO\nRenault\tB-ORG\n.\tO\n
Le\tO\nmaire\tO\nde\tO\nLyon\tB-LOC\nrencontre\tO\nJean\tB-PER\nDupont\tI-PER\n.\tO\n
Renault\tB-ORG\nouvre\tO\nune\tO\nusine\tO\nà\tO\nDouai\tB-LOC\n.\tO\n
Il\tO\nlit\tO\nLe\tB-MISC\nPetit\tI-MISC\nPrince\tI-MISC\n.\tO\n";

    #[test]
    fn learns_a_tiny_fixture() {
        let data = parse_conll(FIXTURE, "fixture").unwrap();
        let mut errs = Vec::new();
        let cfg = TrainConfig {
            epochs: 8,
            ..TrainConfig::default()
        };
        let lex = build_lexicon(None, &Gazetteers::default());
        let model = train(&data, &[], lex, &cfg, &mut |e| errs.push(e.errors)).unwrap();
        assert_eq!(errs.len(), 8);
        assert!(errs[errs.len() - 1] < errs[0], "loss must fall: {errs:?}");
        for s in &data {
            let toks: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
            assert_eq!(model.tag(&toks), s.tags, "{toks:?}");
        }
        let scores = evaluate(&model, &data, false);
        assert!((scores.overall().f1() - 1.0).abs() < 1e-9);
        let mut buf = Vec::new();
        model.save(&mut buf).unwrap();
        let back = Model::load(&buf).unwrap();
        assert_eq!(evaluate(&back, &data, false), scores);
    }

    #[test]
    fn cached_decoding_matches_training_scores() {
        // The inference path sums cached per-word blocks; it must pick the tags that the
        // plain feature sum picks, on sentences with unseen words too.
        let data = parse_conll(FIXTURE, "fixture").unwrap();
        let cfg = TrainConfig {
            epochs: 2,
            ..TrainConfig::default()
        };
        let model = train(&data, &[], Lexicon::default(), &cfg, &mut |_| {}).unwrap();
        let weights = model.weights_for_tests();
        let mut ext = Extractor::default();
        for toks in [
            vec!["Pierre", "Durand", "habite", "à", "Lyon", "."],
            vec!["Renault"],
            vec![
                "Le", "Petit", "Prince", "de", "Jean", "Dupont", "à", "Douai", "et", "Nantes",
            ],
        ] {
            ext.prepare(&toks, &Lexicon::default());
            let mut feats = Vec::new();
            let (mut p1, mut p2) = (None, None);
            let mut expect = Vec::new();
            let mut hist = [0u64; 4];
            for i in 0..toks.len() {
                feats.clear();
                ext.static_features(i, cfg.flags, &mut feats);
                ext.history_features(i, p1, p2, &mut hist);
                feats.extend_from_slice(&hist);
                let mut acc = [0i32; NUM_TAGS];
                for f in &feats {
                    if let Some(w) = weights.get(f) {
                        for (a, b) in acc.iter_mut().zip(w) {
                            *a += i32::from(*b);
                        }
                    }
                }
                let t = best_tag(&acc, p1.unwrap_or(Tag::O));
                expect.push(t);
                p2 = p1;
                p1 = Some(t);
            }
            assert_eq!(model.tag(&toks), expect, "{toks:?}");
        }
    }

    #[test]
    fn training_is_deterministic() {
        let data = parse_conll(FIXTURE, "fixture").unwrap();
        let cfg = TrainConfig {
            epochs: 3,
            seed: 9,
            ..TrainConfig::default()
        };
        let run = || {
            let m = train(&data, &[], Lexicon::default(), &cfg, &mut |_| {}).unwrap();
            let mut b = Vec::new();
            m.save(&mut b).unwrap();
            b
        };
        assert_eq!(run(), run());
    }
}

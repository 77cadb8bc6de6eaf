//! Training: word clusters and lexicons, the tagger (with jackknifed predictions for the
//! parser), the parser with a dynamic oracle, the lemmatiser; and scoring as
//! `score_conllu.py` does. Deterministic given the seed.

use crate::lemma::LemmaBuilder;
use crate::lexicon::{InfoBuf, TokInfo, WordEntry, WordLexicon, form_bits};
use crate::model::ModelParts;
use crate::parser::{PWords, ParseGold, ParserTrainer, projectivize};
use crate::tagger::{Allowed, TaggerTrainer};
use crate::types::{FIELDS, predicted_mask};
use crate::{Deprel, Feats, Syntax, SyntaxError, UdSentence, Upos};
use dixit_learn::hash::Rng;
use dixit_learn::{ClusterConfig, Clusters, HashedMap, learn_clusters, normalise_into, word_key};
use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

/// One gold sentence.
#[derive(Debug, Clone, Default)]
pub struct TrainSentence {
    /// Word forms.
    pub forms: Vec<String>,
    /// Lemmas.
    pub lemmas: Vec<String>,
    /// Parts of speech.
    pub upos: Vec<Upos>,
    /// Features.
    pub feats: Vec<Feats>,
    /// Heads, index 0..=n (entry 0 unused; 0 = root).
    pub heads: Vec<u32>,
    /// Relations, index 0..=n (entry 0 unused).
    pub rels: Vec<Deprel>,
    /// True when the treebank writes relations without subtypes (ParTUT).
    pub partial_labels: bool,
    /// Word indices where a `des` = `de les` contraction starts.
    pub des: Vec<usize>,
    /// Annotation style (treebank), see [`crate::Style`].
    pub style: u8,
    /// False for sentences whose morphology is not to be learned (augmented copies).
    pub morph: bool,
}

impl TrainSentence {
    /// Converts a CoNLL-U sentence; `None` when a word lacks a tag, head or relation.
    pub fn from_ud(
        s: &UdSentence,
        partial_labels: bool,
        style: crate::Style,
    ) -> Option<TrainSentence> {
        let mut t = TrainSentence {
            partial_labels,
            style: style as u8,
            morph: true,
            heads: vec![0],
            rels: vec![Deprel::Dep],
            ..TrainSentence::default()
        };
        for w in &s.words {
            t.forms.push(w.form.clone());
            t.lemmas.push(w.lemma.clone());
            t.upos.push(w.upos?);
            t.feats.push(w.feats);
            t.heads.push(w.head? as u32);
            t.rels.push(w.deprel?);
        }
        for m in &s.multiword {
            if m.last == m.first + 1 && m.form.to_lowercase() == "des" {
                t.des.push(m.first - 1);
            }
        }
        Some(t)
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.forms.len()
    }

    /// True when the sentence has no word.
    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainConfig {
    /// Tagger passes.
    pub tagger_epochs: usize,
    /// Parser passes.
    pub parser_epochs: usize,
    /// Seed of shuffling, exploration and clustering.
    pub seed: u64,
    /// Folds for jackknifed tags (0 or 1: the parser trains on gold tags).
    pub folds: usize,
    /// Probability of following a wrong parser prediction after the first epoch.
    pub explore: f64,
    /// Quantised weights of magnitude ≤ this are dropped.
    pub prune: i16,
    /// Fine clusters (0: none).
    pub clusters: usize,
    /// Words seen fewer times in training get no ambiguity class (so that training sees
    /// "unknown" words as the test data will).
    pub amb_min_count: usize,
    /// Support a lemma suffix rule needs.
    pub min_rule: u32,
    /// Take the relation of arcs whose parts of speech decide it (see
    /// [`crate::parser::FixedLabels`]).
    pub fixed_labels: bool,
    /// Largest share of decisions the shortcuts may change (0: no shortcut), see
    /// [`crate::tagger::Margins`].
    pub shortcut_rate: f64,
    /// Rows of the transition kernel, as a power of two.
    pub trans_bits: u32,
    /// Rows of the relation kernel (eight weights a row), as a power of two.
    pub label_bits: u32,
    /// Rows of the UPOS kernel, as a power of two.
    pub upos_bits: u32,
    /// Rows of the morphology kernel, as a power of two.
    pub morph_bits: u32,
    /// Text stored in the model.
    pub meta: String,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            tagger_epochs: 10,
            parser_epochs: 15,
            seed: 1,
            folds: 5,
            explore: 0.9,
            prune: 0,
            clusters: 400,
            amb_min_count: 2,
            min_rule: 2,
            fixed_labels: true,
            shortcut_rate: 0.0005,
            trans_bits: 18,
            label_bits: 16,
            upos_bits: 16,
            morph_bits: 15,
            meta: String::new(),
        }
    }
}

/// Scores of an analysis against gold, as `score_conllu.py` computes them (relations compared
/// without subtypes), plus lemma accuracy and exact relations.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Scores {
    /// Words.
    pub words: usize,
    /// Right UPOS.
    pub upos: usize,
    /// Right Gender (absent = absent counts).
    pub gender: usize,
    /// Right Number.
    pub number: usize,
    /// Right head.
    pub uas: usize,
    /// Right head and universal relation.
    pub las: usize,
    /// Right head and exact relation (subtype included).
    pub las_full: usize,
    /// Right lemma.
    pub lemma: usize,
}

impl Scores {
    fn ratio(&self, x: usize) -> f64 {
        x as f64 / self.words.max(1) as f64
    }

    /// One line: `upos 0.9750  gender … las …`.
    pub fn summary(&self) -> String {
        format!(
            "words {}  upos {:.4}  gender {:.4}  number {:.4}  uas {:.4}  las {:.4}  las-full {:.4}  lemma {:.4}",
            self.words,
            self.ratio(self.upos),
            self.ratio(self.gender),
            self.ratio(self.number),
            self.ratio(self.uas),
            self.ratio(self.las),
            self.ratio(self.las_full),
            self.ratio(self.lemma)
        )
    }

    /// LAS as a fraction.
    pub fn las_ratio(&self) -> f64 {
        self.ratio(self.las)
    }

    /// UAS as a fraction.
    pub fn uas_ratio(&self) -> f64 {
        self.ratio(self.uas)
    }

    /// UPOS accuracy as a fraction.
    pub fn upos_ratio(&self) -> f64 {
        self.ratio(self.upos)
    }
}

/// Analyses `sents` with `syntax` and scores them against their gold annotation; with
/// `own_style`, each sentence is analysed in the style of its treebank, else in the model's.
pub fn evaluate(syntax: &Syntax, sents: &[TrainSentence], own_style: bool) -> Scores {
    let mut s = Scores::default();
    for t in sents {
        let forms: Vec<&str> = t.forms.iter().map(String::as_str).collect();
        let style = if own_style {
            crate::Style::from_u8(t.style)
        } else {
            syntax.style()
        };
        let a = syntax.analyse_styled(&forms, style);
        for i in 0..t.len() {
            s.words += 1;
            let (gu, gf) = (t.upos[i], t.feats[i]);
            s.upos += usize::from(a.upos.get(i) == Some(&gu));
            let pf = a.feats.get(i).copied().unwrap_or_default();
            s.gender += usize::from(pf.gender() == gf.gender());
            s.number += usize::from(pf.number() == gf.number());
            s.lemma += usize::from(a.lemmas.get(i) == t.lemmas.get(i));
            if a.heads.get(i).map(|&h| h as u32) == t.heads.get(i + 1).copied() {
                s.uas += 1;
                let (pr, gr) = (a.rels.get(i).copied().unwrap_or_default(), t.rels[i + 1]);
                s.las += usize::from(pr.base() == gr.base());
                s.las_full += usize::from(pr == gr);
            }
        }
    }
    s
}

/// Progress reports of [`train`].
#[derive(Debug, Clone)]
pub enum Progress {
    /// A step finished (clusters, lexicon, a fold…).
    Step(String),
    /// A tagger epoch.
    TaggerEpoch {
        /// Which tagger ("final" or "fold k").
        which: String,
        /// One-based epoch.
        epoch: usize,
        /// UPOS errors on the training data.
        upos_errors: usize,
        /// Words with a morphology error.
        morph_errors: usize,
        /// Words.
        words: usize,
    },
    /// A parser epoch with scores of the whole model on each evaluation set.
    ParserEpoch {
        /// One-based epoch.
        epoch: usize,
        /// Costly transitions.
        errors: usize,
        /// Transitions.
        steps: usize,
        /// Scores per evaluation set.
        dev: Vec<(String, Scores)>,
        /// Seconds of the epoch.
        seconds: f64,
    },
}

fn norm(s: &str, buf: &mut String) -> u64 {
    normalise_into(s, buf);
    word_key(buf)
}

/// Builds the word lexicon: clusters, ambiguity classes, conjugator analyses.
fn build_lexicon(
    data: &[TrainSentence],
    clusters: Option<&Clusters>,
    vocab: &BTreeMap<String, usize>,
    cfg: &TrainConfig,
    lemmas: &mut LemmaBuilder,
) -> WordLexicon {
    let mut lex = WordLexicon::default();
    if let Some(c) = clusters {
        for w in &c.words {
            let e = lex.map.entry(word_key(&w.word)).or_default();
            e.fine = w.fine;
            e.coarse = w.coarse;
        }
    }
    let mut buf = String::new();
    let mut counts: HashedMap<(usize, u32)> = HashedMap::default();
    for s in data {
        for (f, u) in s.forms.iter().zip(&s.upos) {
            let e = counts.entry(norm(f, &mut buf)).or_default();
            e.0 += 1;
            e.1 |= 1 << (*u as u32);
        }
    }
    for (k, (n, amb)) in &counts {
        if *n >= cfg.amb_min_count {
            lex.map.entry(*k).or_default().amb = *amb;
        }
    }
    // Infinitives: verb lemmas of the training data (most frequent first), then words of the
    // unlabelled text that the conjugator accepts and of which two other forms occur there.
    let mut verb_lemmas: BTreeMap<String, usize> = BTreeMap::new();
    for s in data {
        for (l, u) in s.lemmas.iter().zip(&s.upos) {
            if u.is_verbal() && l.chars().all(|c| c.is_lowercase() || c == '-') {
                *verb_lemmas.entry(l.clone()).or_default() += 1;
            }
        }
    }
    let mut infinitives: Vec<(String, usize)> = verb_lemmas.into_iter().collect();
    infinitives.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let known: BTreeSet<String> = infinitives.iter().map(|(l, _)| l.clone()).collect();
    let mut extra = Vec::new();
    for (w, &n) in vocab {
        if n < 2
            || known.contains(w)
            || !(w.ends_with("er") || w.ends_with("ir") || w.ends_with("re"))
        {
            continue;
        }
        let Some(conj) = dixit_lexicon::conjugate(w) else {
            continue;
        };
        let forms: BTreeSet<&str> = conj
            .forms
            .iter()
            .map(|f| f.text.as_str())
            .filter(|f| *f != w)
            .collect();
        if forms.iter().filter(|f| vocab.contains_key(**f)).count() >= 2 {
            extra.push((w.clone(), n));
        }
    }
    infinitives.extend(extra);
    for (idx, (inf, _)) in infinitives.iter().enumerate() {
        let Some(conj) = dixit_lexicon::conjugate(inf) else {
            continue;
        };
        lex.infinitives.push(inf.clone());
        let id = lex.infinitives.len() as u32;
        let _ = idx;
        for f in &conj.forms {
            lemmas.add_rule_pair(&f.text, Upos::Verb, inf);
            if !vocab.contains_key(&f.text) {
                continue;
            }
            let e: &mut WordEntry = lex.map.entry(norm(&f.text, &mut buf)).or_default();
            if e.infinitive == 0 || e.infinitive == id {
                e.infinitive = id;
                e.verb |= form_bits(f);
            }
        }
    }
    lex
}

/// Tagger training sentences: the gold ones, plus a copy of each sentence with a `des`
/// contraction in which `des` is one word tagged ADP (how raw text shows it to the tagger).
fn tagger_data(data: &[TrainSentence]) -> Vec<TrainSentence> {
    let mut out: Vec<TrainSentence> = data.to_vec();
    for s in data.iter().filter(|s| !s.des.is_empty()) {
        let mut t = TrainSentence {
            style: s.style,
            morph: false,
            ..TrainSentence::default()
        };
        let mut i = 0;
        while i < s.len() {
            if s.des.contains(&i) && i + 1 < s.len() {
                let surface = if s.forms[i].chars().next().is_some_and(char::is_uppercase) {
                    "Des"
                } else {
                    "des"
                };
                t.forms.push(surface.to_string());
                t.upos.push(Upos::Adp);
                t.feats.push(Feats::EMPTY);
                t.lemmas.push("de".into());
                i += 2;
            } else {
                t.forms.push(s.forms[i].clone());
                t.upos.push(s.upos[i]);
                t.feats.push(s.feats[i]);
                t.lemmas.push(s.lemmas[i].clone());
                i += 1;
            }
        }
        out.push(t);
    }
    out
}

fn infos(data: &[TrainSentence], lex: &WordLexicon) -> Vec<Vec<TokInfo>> {
    let mut b = InfoBuf::default();
    data.iter()
        .map(|s| s.forms.iter().map(|f| b.info(f, lex)).collect())
        .collect()
}

fn train_tagger(
    data: &[TrainSentence],
    toks: &[Vec<TokInfo>],
    allowed: &Allowed,
    cfg: &TrainConfig,
    which: &str,
    progress: &mut dyn FnMut(Progress),
) -> crate::tagger::Tagger {
    let mut t = TaggerTrainer::new(allowed.clone(), cfg.upos_bits, cfg.morph_bits);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = Rng::new(cfg.seed ^ 0x7A66);
    for epoch in 1..=cfg.tagger_epochs {
        rng.shuffle(&mut order);
        let (mut ue, mut me, mut n) = (0, 0, 0);
        for &i in &order {
            let d = &data[i];
            let (a, b) = t.learn(&toks[i], &d.upos, &d.feats, d.style, d.morph);
            ue += a;
            me += b;
            n += data[i].len();
        }
        progress(Progress::TaggerEpoch {
            which: which.to_string(),
            epoch,
            upos_errors: ue,
            morph_errors: me,
            words: n,
        });
    }
    t.finish(cfg.prune)
}

/// Parser input of one sentence: words with predicted tags.
fn pwords(toks: &[TokInfo], upos: &[Upos], feats: &[Feats]) -> PWords {
    let mut x = PWords::default();
    x.reset();
    for (i, t) in toks.iter().enumerate() {
        let u = upos.get(i).copied().unwrap_or_default();
        let f = feats.get(i).copied().unwrap_or_default();
        x.push(t.word, u, t.lex.fine, (f.0 & 0xFF) as u8);
    }
    x
}

/// Trains the whole model. `unlabelled` is tokenised text for clusters and the verb lexicon;
/// `eval` sets are scored after every parser epoch (never trained on).
pub fn train(
    data: &[TrainSentence],
    eval: &[(String, Vec<TrainSentence>)],
    unlabelled: &[Vec<String>],
    cfg: &TrainConfig,
    progress: &mut dyn FnMut(Progress),
) -> Result<ModelParts, SyntaxError> {
    if data.is_empty() {
        return Err(SyntaxError::Train("no training sentences".into()));
    }
    if cfg.tagger_epochs == 0 || cfg.parser_epochs == 0 {
        return Err(SyntaxError::Train("epochs must be at least 1".into()));
    }
    let start = Instant::now();
    // Vocabulary of unlabelled and training text (lowercased) for the verb lexicon.
    let mut vocab: BTreeMap<String, usize> = BTreeMap::new();
    let mut buf = String::new();
    for s in unlabelled
        .iter()
        .map(|s| s.as_slice())
        .chain(data.iter().map(|s| s.forms.as_slice()))
    {
        for w in s {
            normalise_into(w, &mut buf);
            if let Some(c) = vocab.get_mut(buf.as_str()) {
                *c += 1;
            } else {
                vocab.insert(buf.clone(), 1);
            }
        }
    }
    let clusters = if cfg.clusters > 0 {
        let mut sents: Vec<Vec<String>> = data.iter().map(|s| s.forms.clone()).collect();
        sents.extend(unlabelled.iter().cloned());
        let c = learn_clusters(
            &sents,
            &ClusterConfig {
                fine: cfg.clusters,
                coarse: (cfg.clusters / 10).max(2),
                seed: cfg.seed,
                ..ClusterConfig::default()
            },
        );
        progress(Progress::Step(format!(
            "clusters: {} words from {} sentences ({:.1}s)",
            c.words.len(),
            sents.len(),
            start.elapsed().as_secs_f64()
        )));
        Some(c)
    } else {
        None
    };
    let mut lemmas = LemmaBuilder::new();
    let lexicon = build_lexicon(data, clusters.as_ref(), &vocab, cfg, &mut lemmas);
    let rest_mask = !predicted_mask() & !(((1u32 << FIELDS[12].bits) - 1) << FIELDS[12].shift);
    for s in data {
        for i in 0..s.len() {
            lemmas.add(
                &s.forms[i],
                s.upos[i],
                &s.lemmas[i],
                s.feats[i].0 & rest_mask,
            );
        }
    }
    let lemmatizer = lemmas.build(cfg.min_rule);
    progress(Progress::Step(format!(
        "lexicon: {} words, {} infinitives; lemmas: {} forms, {} rules, {} edits ({:.1}s)",
        lexicon.map.len(),
        lexicon.infinitives.len(),
        lemmatizer.forms.len(),
        lemmatizer.suffixes.len(),
        lemmatizer.edits.len(),
        start.elapsed().as_secs_f64()
    )));
    let allowed = Allowed::learn(
        data.iter()
            .flat_map(|s| s.upos.iter().copied().zip(s.feats.iter().copied())),
    );
    // Jackknifed tags for the parser: each fold tagged by a tagger trained on the others.
    let toks = infos(data, &lexicon);
    let mut pred_upos: Vec<Vec<Upos>> = data.iter().map(|s| s.upos.clone()).collect();
    let mut pred_feats: Vec<Vec<Feats>> = data.iter().map(|s| s.feats.clone()).collect();
    if cfg.folds > 1 {
        for k in 0..cfg.folds {
            let train_idx: Vec<usize> = (0..data.len()).filter(|i| i % cfg.folds != k).collect();
            let part: Vec<TrainSentence> = train_idx.iter().map(|&i| data[i].clone()).collect();
            let tdata = tagger_data(&part);
            let ttoks = infos(&tdata, &lexicon);
            let tagger = train_tagger(
                &tdata,
                &ttoks,
                &allowed,
                cfg,
                &format!("fold {}", k + 1),
                progress,
            );
            let mut scratch = crate::tagger::TagScratch::default();
            for i in (0..data.len()).filter(|i| i % cfg.folds == k) {
                tagger.tag(
                    &toks[i],
                    data[i].style,
                    &mut scratch,
                    &mut pred_upos[i],
                    &mut pred_feats[i],
                );
            }
        }
        let (mut right, mut n) = (0, 0);
        for (s, p) in data.iter().zip(&pred_upos) {
            right += s.upos.iter().zip(p).filter(|(a, b)| a == b).count();
            n += s.len();
        }
        progress(Progress::Step(format!(
            "jackknifed tags: UPOS {:.4} over {n} words ({:.1}s)",
            right as f64 / n.max(1) as f64,
            start.elapsed().as_secs_f64()
        )));
    }
    let tdata = tagger_data(data);
    let ttoks = infos(&tdata, &lexicon);
    let mut tagger = train_tagger(&tdata, &ttoks, &allowed, cfg, "final", progress);
    if cfg.shortcut_rate > 0.0 && !eval.is_empty() {
        // Thresholds of the tagger's shortcut, from the full and partial decisions on the
        // evaluation sets.
        let mut probe = crate::tagger::Probe::default();
        let mut scratch = crate::tagger::TagScratch::default();
        let (mut u, mut f) = (Vec::new(), Vec::new());
        for s in eval.iter().flat_map(|(_, v)| v) {
            let forms: Vec<&str> = s.forms.iter().map(String::as_str).collect();
            tagger.tag_forms_probed(
                &forms,
                &lexicon,
                s.style,
                &mut scratch,
                &mut u,
                &mut f,
                Some(&mut probe),
            );
        }
        tagger.margins = crate::tagger::Margins {
            upos: crate::tagger::Probe::threshold(&probe.upos, cfg.shortcut_rate),
            morph: crate::tagger::Probe::threshold(&probe.morph, cfg.shortcut_rate),
        };
        let share = |v: &[(i32, bool)], t: i32| {
            v.iter().filter(|(m, _)| *m >= t).count() as f64 / v.len().max(1) as f64
        };
        progress(Progress::Step(format!(
            "tagger shortcut: UPOS margin {} ({:.0}% of words), morphology margin {} ({:.0}%)",
            tagger.margins.upos,
            100.0 * share(&probe.upos, tagger.margins.upos),
            tagger.margins.morph,
            100.0 * share(&probe.morph, tagger.margins.morph)
        )));
    }
    let px: Vec<PWords> = toks
        .iter()
        .zip(pred_upos.iter().zip(&pred_feats))
        .map(|(t, (u, f))| pwords(t, u, f))
        .collect();
    let heads: Vec<Vec<u32>> = data
        .iter()
        .map(|s| {
            let mut h = s.heads.clone();
            projectivize(&mut h);
            h
        })
        .collect();
    // Candidate relations of each arc context, from the treebanks that write subtypes.
    let cands = crate::parser::LabelCands::learn(
        data.iter().filter(|s| !s.partial_labels).flat_map(|s| {
            (1..=s.len()).filter_map(move |d| {
                let h = s.heads[d] as usize;
                (h > 0).then(|| (s.upos[h - 1] as u8, s.upos[d - 1] as u8, d < h, s.rels[d]))
            })
        }),
        cfg.fixed_labels,
    );
    let mut pt = ParserTrainer::new(cands, cfg.trans_bits, cfg.label_bits);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = Rng::new(cfg.seed ^ 0x9A55);
    let mut parts = ModelParts {
        meta: cfg.meta.clone(),
        lexicon,
        tagger,
        parser: Default::default(),
        lemmas: lemmatizer,
    };
    for epoch in 1..=cfg.parser_epochs {
        let t0 = Instant::now();
        rng.shuffle(&mut order);
        let explore = if epoch == 1 { 0.0 } else { cfg.explore };
        let (mut errors, mut steps) = (0, 0);
        for &i in &order {
            let g = ParseGold {
                x: &px[i],
                heads: &heads[i],
                labels: &data[i].rels,
                partial_labels: data[i].partial_labels,
            };
            let c = pt.learn(&g, explore, &mut rng);
            errors += c.errors;
            steps += c.steps;
        }
        parts.parser = pt.finish(cfg.prune);
        let dev = if eval.is_empty() {
            Vec::new()
        } else {
            let syn = Syntax::from_parts(parts.clone());
            let mut v = Vec::new();
            for (name, sents) in eval {
                v.push((name.clone(), evaluate(&syn, sents, false)));
                if sents.first().is_some_and(|s| s.style != 0) {
                    v.push((format!("{name} (own style)"), evaluate(&syn, sents, true)));
                }
            }
            v
        };
        progress(Progress::ParserEpoch {
            epoch,
            errors,
            steps,
            dev,
            seconds: t0.elapsed().as_secs_f64(),
        });
    }
    Ok(parts)
}

/// Raw text as UD word sentences, for clusters and the verb lexicon: dixit-text tokens and
/// sentences, contractions split (`des` kept whole: it is most often the article).
pub fn ud_sentences(text: &str) -> Vec<Vec<String>> {
    let tokens = dixit_text::token::tokenize(text);
    let mut out = Vec::new();
    for s in dixit_text::sentence::split_sentences(text, &tokens) {
        let mut words = Vec::new();
        for t in tokens.get(s.tokens.clone()).unwrap_or_default() {
            let tx = t.text(text);
            match crate::align::split(tx) {
                crate::align::Split::Two(a, b) => {
                    words.push(a);
                    words.push(b);
                }
                _ => words.push(tx.to_string()),
            }
        }
        if !words.is_empty() {
            out.push(words);
        }
    }
    out
}

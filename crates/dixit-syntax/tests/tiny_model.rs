//! Training, model files and CoNLL-U output with a tiny model trained on the fixture
//! `data/mini.conllu` (no shared data needed).

use dixit_syntax::train::{TrainConfig, TrainSentence, train};
use dixit_syntax::{Style, Syntax, parse_conllu, parse_conllu_text};

const MINI: &str = include_str!("data/mini.conllu");

fn data() -> Vec<TrainSentence> {
    parse_conllu(MINI, "mini.conllu")
        .unwrap()
        .iter()
        .map(|s| TrainSentence::from_ud(s, false, Style::Sequoia).unwrap())
        .collect()
}

fn config(seed: u64) -> TrainConfig {
    TrainConfig {
        tagger_epochs: 4,
        parser_epochs: 4,
        folds: 2,
        clusters: 0,
        seed,
        trans_bits: 12,
        label_bits: 10,
        upos_bits: 12,
        morph_bits: 10,
        meta: "tiny".into(),
        ..TrainConfig::default()
    }
}

fn tiny(seed: u64) -> Vec<u8> {
    let unlabelled = vec![vec!["Il".to_string(), "parle".into(), ".".into()]];
    train(&data(), &[], &unlabelled, &config(seed), &mut |_| {})
        .unwrap()
        .to_bytes()
}

#[test]
fn training_is_deterministic_and_learns_the_fixture() {
    let a = tiny(3);
    assert_eq!(a, tiny(3), "same seed, same bytes");
    let syn = Syntax::from_bytes(&a).unwrap();
    assert_eq!(syn.meta(), "tiny");
    let p = syn.parse_words(&["Le", "ministre", "a", "annoncé", "une", "réforme", "."]);
    assert!(p.is_tree());
    let root = p.root().unwrap();
    assert_eq!(p.words[root].form, "annoncé");
    assert_eq!(p.subject_of(root), Some(1));
    assert_eq!(p.words[1].lemma, "ministre");
    assert_eq!(p.words[3].lemma, "annoncer");
}

#[test]
fn model_bytes_round_trip_and_bad_bytes_are_errors() {
    let a = tiny(1);
    let syn = Syntax::from_bytes(&a).unwrap();
    assert_eq!(syn.to_bytes(), a);
    let err = |b: &[u8]| Syntax::from_bytes(b).map(|_| ()).unwrap_err().to_string();
    assert!(err(b"not a model at all, surely not!!").contains("bad magic"));
    assert!(err(&a[..a.len() - 1]).contains("truncated"));
    assert!(err(&a[..10]).contains("truncated"));
    assert!(err(&[]).contains("truncated"));
    let mut v = a.clone();
    v[8] = 7;
    assert!(err(&v).contains("version 7"));
    let mut c = a.clone();
    let k = c.len() / 2;
    c[k] ^= 0x40;
    assert!(err(&c).contains("corrupted"));
    let mut t = a.clone();
    t.push(0);
    assert!(err(&t).contains("trailing"));
}

#[test]
fn conllu_output_keeps_every_line_but_the_predicted_columns() {
    let syn = Syntax::from_bytes(&tiny(2)).unwrap();
    let out = parse_conllu_text(&syn, MINI, "mini").unwrap();
    let (a, b): (Vec<&str>, Vec<&str>) = (MINI.lines().collect(), out.lines().collect());
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        let (cx, cy): (Vec<&str>, Vec<&str>) = (x.split('\t').collect(), y.split('\t').collect());
        if x.starts_with('#') || x.is_empty() || cx[0].contains('-') {
            assert_eq!(x, y);
            continue;
        }
        assert_eq!(cy.len(), 10);
        for k in [0, 1, 4, 8, 9] {
            assert_eq!(cx[k], cy[k], "column {k} of {x:?}");
        }
    }
    // Predictions parse back as CoNLL-U trees.
    for s in parse_conllu(&out, "out").unwrap() {
        let roots = s.words.iter().filter(|w| w.head == Some(0)).count();
        assert_eq!(roots, 1);
    }
    assert!(parse_conllu_text(&syn, "1\tx\n", "bad").is_err());
}

#[test]
fn tokens_map_to_ud_words() {
    let syn = Syntax::from_bytes(&tiny(4)).unwrap();
    let text = "Elle parle du budget aux maires, a-t-il dit qu'il viendra.";
    let tokens = dixit_text::token::tokenize(text);
    let p = syn.parse_tokens(text, &tokens);
    let forms: Vec<&str> = p.words.iter().map(|w| w.form.as_str()).collect();
    assert_eq!(
        forms,
        [
            "Elle", "parle", "de", "le", "budget", "à", "les", "maires", ",", "a", "-t-il", "dit",
            "qu'", "il", "viendra", "."
        ]
    );
    let toks: Vec<usize> = p.words.iter().map(|w| w.token).collect();
    assert_eq!(toks, [0, 1, 2, 2, 3, 4, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    // Both halves of a contraction carry the contraction's span.
    assert_eq!(&text[p.words[2].span.start..p.words[2].span.end], "du");
    assert_eq!(p.words[2].span, p.words[3].span);
    assert_eq!(&text[p.words[10].span.start..p.words[10].span.end], "-t-il");
    assert!(p.is_tree());
    for w in &p.words {
        assert!(text.get(w.span.start..w.span.end).is_some());
    }
    assert!(syn.parse_tokens(text, &[]).words.is_empty());
}

#[test]
fn syntax_is_shareable_across_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Syntax>();
    shareable::<dixit_syntax::Parse>();
}

#[test]
fn a_model_of_another_feature_set_is_refused() {
    let a = tiny(5);
    // The feature-set number follows the metadata ("tiny": 4 bytes after its length).
    let at = 28 + 4 + 4;
    let mut b = a.clone();
    b[at] ^= 0x7F;
    // Fix the checksum so that only the feature set is wrong.
    let sum = dixit_learn_checksum(&b[28..]);
    b[20..28].copy_from_slice(&sum.to_le_bytes());
    let err = Syntax::from_bytes(&b).map(|_| ()).unwrap_err().to_string();
    assert!(err.contains("feature set"), "{err}");
}

/// The model file's payload checksum (dixit-learn's byte hash).
fn dixit_learn_checksum(payload: &[u8]) -> u64 {
    dixit_learn::hash::bytes(payload)
}

//! The shipped model: it decodes, analyses French as expected, is deterministic across
//! threads, and never panics or builds a malformed tree whatever the input.

use dixit_syntax::{Deprel, Gender, Number, Parse, Syntax, Upos};
use proptest::prelude::*;

fn syntax() -> &'static Syntax {
    match Syntax::shared() {
        Ok(s) => s,
        Err(e) => panic!("the embedded model must decode: {e}"),
    }
}

fn parse(text: &str) -> Parse {
    let tokens = dixit_text::token::tokenize(text);
    syntax().parse_tokens(text, &tokens)
}

fn word<'a>(p: &'a Parse, form: &str) -> (usize, &'a dixit_syntax::Word) {
    match p.words.iter().enumerate().find(|(_, w)| w.form == form) {
        Some(x) => x,
        None => panic!("no word {form:?} in {:?}", p.words),
    }
}

#[test]
fn analyses_a_reporting_sentence() {
    let p = parse("Le Premier ministre a annoncé mardi une réforme des retraites.");
    assert!(p.is_tree());
    let (v, verb) = word(&p, "annoncé");
    assert_eq!(verb.upos, Upos::Verb);
    assert_eq!(verb.lemma, "annoncer");
    assert_eq!(p.root(), Some(v));
    let (m, ministre) = word(&p, "ministre");
    assert_eq!(p.subject_of(v), Some(m));
    assert_eq!(ministre.feats.gender(), Some(Gender::Masculine));
    assert_eq!(ministre.feats.number(), Some(Number::Singular));
    let (r, _) = word(&p, "réforme");
    assert_eq!(p.words[r].deprel, Deprel::Obj);
    // "des retraites" after a noun is "de les".
    let forms: Vec<&str> = p.words.iter().map(|w| w.form.as_str()).collect();
    assert!(
        forms.windows(3).any(|w| w == ["de", "les", "retraites"]),
        "{forms:?}"
    );
    let span = p.phrase_span(m).unwrap();
    assert_eq!(
        &"Le Premier ministre a annoncé mardi une réforme des retraites."[span.start..span.end],
        "Le Premier ministre"
    );
}

#[test]
fn des_is_an_article_or_a_contraction() {
    let p = parse("Il mange des pommes.");
    assert!(
        p.words
            .iter()
            .any(|w| w.form == "des" && w.upos == Upos::Det),
        "{:?}",
        p.words
    );
    let p = parse("La maison des voisins brûle.");
    let forms: Vec<&str> = p.words.iter().map(|w| w.form.as_str()).collect();
    assert_eq!(
        forms,
        ["La", "maison", "de", "les", "voisins", "brûle", "."]
    );
}

#[test]
fn passive_subjects_and_agents() {
    let p = parse("Le texte a été adopté par les députés.");
    let (v, verb) = word(&p, "adopté");
    assert!(verb.feats.is_passive());
    let subj = p.subject_of(v).map(|k| p.words[k].deprel);
    assert_eq!(subj, Some(Deprel::NsubjPass));
    let (d, _) = word(&p, "députés");
    assert_eq!(p.words[d].deprel.base(), Deprel::Obl);
}

#[test]
fn same_analysis_every_time_and_on_every_thread() {
    let text = "« Nous ne céderons pas », a déclaré jeudi la ministre, qui s'exprimait devant les sénateurs.";
    let first = parse(text);
    assert_eq!(parse(text), first);
    let handles: Vec<_> = (0..4)
        .map(|_| std::thread::spawn(move || parse(text)))
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), first);
    }
    let again = Syntax::bundled().unwrap();
    let tokens = dixit_text::token::tokenize(text);
    assert_eq!(again.parse_tokens(text, &tokens), first);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_text_parses_into_well_formed_trees(text in "\\PC{0,300}") {
        let tokens = dixit_text::token::tokenize(&text);
        for s in dixit_text::sentence::split_sentences(&text, &tokens) {
            let toks = &tokens[s.tokens.clone()];
            let p = syntax().parse_tokens(&text, toks);
            prop_assert!(p.is_tree());
            prop_assert!(p.words.len() >= toks.len());
            for w in &p.words {
                prop_assert!(text.get(w.span.start..w.span.end).is_some());
                prop_assert!(w.token < toks.len());
                prop_assert!(!w.form.is_empty());
            }
        }
    }

    #[test]
    fn any_french_like_words_parse(words in prop::collection::vec("[a-zA-Zéèàç'’-]{1,12}|[,.«»!?]|du|des|aux|-t-il", 0..60)) {
        let forms: Vec<&str> = words.iter().map(String::as_str).collect();
        let p = syntax().parse_words(&forms);
        prop_assert_eq!(p.words.len(), forms.len());
        prop_assert!(p.is_tree());
    }
}

#[test]
fn a_form_is_verb_only_when_the_treebanks_gave_it_no_other_tag() {
    for w in ["appelle", "dénoncent", "réclamait", "prononcer"] {
        assert!(syntax().is_verb_only(w), "{w}");
    }
    // Nouns, adjectives and determiners that the conjugator can also produce, and
    // participles, which are no finite verb.
    for w in ["président", "des", "suprême", "annoncé", "sociales"] {
        assert!(!syntax().is_verb_only(w), "{w}");
    }
}

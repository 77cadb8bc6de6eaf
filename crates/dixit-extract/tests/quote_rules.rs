//! The hard cases of French reported speech, one rule per test.

use dixit_model::{ArticleRecord, QuoteKind};

fn run(text: &str) -> ArticleRecord {
    let doc = dixit_text::markup::text_document("t.txt", text.to_owned());
    extractor().record(&doc)
}

fn quote<'a>(r: &'a ArticleRecord, needle: &str) -> &'a dixit_model::Quote {
    match r.quotes.iter().find(|q| q.text.contains(needle)) {
        Some(q) => q,
        None => panic!("no quote containing {needle:?} in {:#?}", r.quotes),
    }
}

fn speaker(q: &dixit_model::Quote) -> &str {
    q.speaker.as_ref().map_or("", |s| s.name.as_str())
}

#[test]
fn incise_with_inverted_clitic() {
    let r = run(
        "Titre\n\nJean-Marie Le Guen est venu. « Il n'y a pas d'unité. Benoît Hamon s'est isolé », a-t-il encore estimé.\n",
    );
    let q = quote(&r, "Il n'y a pas d'unité. Benoît Hamon");
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!(speaker(q), "Jean-Marie Le Guen");
    assert_eq!(q.cue.as_deref(), Some("a-t-il encore estimé"));
}

#[test]
fn quote_split_by_incise_is_two_quotes() {
    let r = run("Titre\n\n« Je pars », a dit Manuel Valls, « mais je reviendrai ».\n");
    assert!(r.quotes.iter().any(|q| q.text == "Je pars"));
    assert!(r.quotes.iter().any(|q| q.text == "mais je reviendrai"));
    assert!(
        r.quotes.iter().all(|q| speaker(q) == "Manuel Valls"),
        "{:#?}",
        r.quotes
    );
}

#[test]
fn mixed_quote_after_que() {
    let r = run(
        "Titre\n\nJean-Marie Le Guen a aussi jugé sur RTL que Benoît Hamon est dans \"une impasse stratégique\".\n",
    );
    let q = quote(&r, "une impasse stratégique");
    assert_eq!(q.kind, QuoteKind::Mixed);
    assert!(q.text.starts_with("Benoît Hamon est dans"), "{}", q.text);
    assert_eq!(speaker(q), "Jean-Marie Le Guen");
    assert_eq!(q.channel.as_deref(), Some("RTL"));
}

#[test]
fn indirect_reporting_verb_que() {
    let r = run("Titre\n\nFrançois Bayrou a estimé que la gauche était divisée.\n");
    let q = quote(&r, "la gauche était divisée");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(speaker(q), "François Bayrou");
}

#[test]
fn selon_collective_source() {
    let r = run(
        "Titre\n\nSelon l'entourage de Manuel Valls, l'ancien Premier ministre serait réticent.\n",
    );
    let q = quote(&r, "serait réticent");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert!(
        speaker(q).contains("entourage de Manuel Valls"),
        "{}",
        speaker(q)
    );
}

#[test]
fn pronoun_resolves_to_the_subject() {
    let r = run(
        "Titre\n\nMarine Le Pen a rencontré des électeurs à Lyon. Elle a déclaré : « Nous gagnerons ».\n",
    );
    let q = quote(&r, "Nous gagnerons");
    assert_eq!(speaker(q), "Marine Le Pen");
}

#[test]
fn post_posed_subject() {
    let r =
        run("Titre\n\n« Bâtissons une alternance à gauche », a abondé le député Christian Paul.\n");
    let q = quote(&r, "Bâtissons");
    assert_eq!(speaker(q), "Christian Paul");
}

#[test]
fn scare_quotes_are_not_quotes() {
    let r = run("Titre\n\nLe \"Penelopegate\" occupe la campagne depuis une semaine.\n");
    assert!(r.quotes.is_empty(), "{:#?}", r.quotes);
}

#[test]
fn unbalanced_marks_do_not_swallow_the_article() {
    let r =
        run("Titre\n\nIl a dit « oui.\n\nBenoît Hamon a estimé que la campagne était lancée.\n");
    let q = quote(&r, "la campagne était lancée");
    assert_eq!(speaker(q), "Benoît Hamon");
}

#[test]
fn roles_from_prefix_and_apposition() {
    let r = run(
        "Titre\n\nLe député Yves Blein a parlé. Jean-Marie Le Guen, secrétaire d'État au Développement et à la Francophonie, a répondu.\n",
    );
    let blein = r.persons.iter().find(|p| p.name == "Yves Blein");
    assert!(
        blein.is_some_and(|p| p.roles.iter().any(|x| x == "député")),
        "{:#?}",
        r.persons
    );
    let le_guen = r.persons.iter().find(|p| p.name == "Jean-Marie Le Guen");
    assert!(
        le_guen.is_some_and(|p| p
            .roles
            .iter()
            .any(|x| x == "secrétaire d'État au Développement et à la Francophonie")),
        "{:#?}",
        r.persons
    );
}

#[test]
fn surname_mentions_merge_into_one_person() {
    let r = run(
        "Titre\n\nBenoît Hamon est arrivé. Hamon a salué ses soutiens. M. Hamon est reparti.\n",
    );
    let hamon: Vec<_> = r
        .persons
        .iter()
        .filter(|p| p.name.contains("Hamon"))
        .collect();
    assert_eq!(hamon.len(), 1, "{:#?}", r.persons);
    assert!(hamon[0].mentions.iter().any(|m| m == "Hamon"));
}

#[test]
fn offsets_are_bytes_into_the_input() {
    let text = "Titre « accentué »\n\nÉlisabeth Borne a déclaré : « Ça avance ».\n";
    let r = run(text);
    let q = quote(&r, "Ça avance");
    assert_eq!(&text[q.start..q.end], q.text);
}

mod robustness {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Any text, however broken (stray marks, incises without quotes, lone clitics),
        /// extracts without panicking and yields spans that slice the input.
        #[test]
        fn extraction_never_panics_and_spans_slice_the_input(
            text in "([«»\"“”,.:;!?' \n-]|M\\. |Mme |a-t-il |selon |que |qu'|Benoît Hamon |Le Guen |il |elle |le député |a déclaré |estime |[A-Z][a-zé]{1,8} |[a-zéè]{1,8} ){0,80}"
        ) {
            let doc = dixit_text::markup::markdown_document("p.md", text.clone());
            let r = super::extractor().record(&doc);
            for q in &r.quotes {
                prop_assert!(q.start <= q.end && q.end <= text.len());
                prop_assert_eq!(text.get(q.start..q.end), Some(q.text.as_str()));
            }
            for p in &r.persons {
                for s in &p.spans {
                    prop_assert!(text.get(s.start..s.end).is_some());
                }
            }
        }
    }
}

/// The bundled extractor (the test or tool cannot run without its models).
fn extractor() -> dixit_extract::Extractor {
    match dixit_extract::Extractor::bundled() {
        Ok(x) => x,
        Err(e) => panic!("{e}"),
    }
}

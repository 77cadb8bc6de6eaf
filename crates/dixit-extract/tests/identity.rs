//! Identity of persons across articles: the knowledge-base id when the text and the day
//! support it, never a relative who shares the surname.

use dixit_model::ArticleRecord;

fn run(date: &str, body: &str) -> ArticleRecord {
    let extractor = match dixit_extract::Extractor::bundled() {
        Ok(x) => x,
        Err(e) => panic!("{e}"),
    };
    let text = format!("---\ndate: {date}\n---\n\n# Titre\n\n{body}\n");
    let doc = dixit_text::markup::markdown_document("t.md", text);
    extractor.record(&doc)
}

fn id_of<'a>(r: &'a ArticleRecord, name: &str) -> Option<&'a str> {
    match r.persons.iter().find(|p| p.name == name) {
        Some(p) => p.id.as_deref(),
        None => panic!("no person {name:?} in {:#?}", r.persons),
    }
}

#[test]
fn a_surname_alone_joins_the_one_person_it_can_be_that_day() {
    let r = run(
        "2017-03-01",
        "Lors du meeting, le public a longuement applaudi Fillon dans la salle.",
    );
    assert_eq!(id_of(&r, "Fillon"), Some("francois-fillon"));
    let full = run("2017-03-02", "François Fillon a tenu un meeting à Paris.");
    assert_eq!(id_of(&full, "François Fillon"), Some("francois-fillon"));
}

#[test]
fn a_relative_is_never_merged() {
    // Penelope Fillon is not François Fillon, whatever the surname.
    let r = run(
        "2017-03-01",
        "Les enquêteurs ont entendu Penelope Fillon pendant plusieurs heures.",
    );
    assert_ne!(id_of(&r, "Penelope Fillon"), Some("francois-fillon"));
    // "Mme Fillon": a woman, so not François Fillon either.
    let r = run(
        "2017-03-01",
        "Les enquêteurs ont entendu Mme Fillon pendant plusieurs heures.",
    );
    let ids: Vec<Option<&str>> = r.persons.iter().map(|p| p.id.as_deref()).collect();
    assert!(!ids.contains(&Some("francois-fillon")), "{:#?}", r.persons);
}

#[test]
fn a_party_held_that_day() {
    let r = run(
        "2017-02-14",
        "Le député Yves Blein a écrit au premier secrétaire du parti.",
    );
    let blein = r.persons.iter().find(|p| p.name == "Yves Blein");
    assert_eq!(
        blein.and_then(|p| p.party.as_deref()),
        Some("PS"),
        "{:#?}",
        r.persons
    );
}

#[test]
fn a_surname_another_person_of_the_article_bears_stays_theirs() {
    // A Keller the KB does not list is named first: "Mme Keller" is her, not the senator.
    let r = run(
        "2019-07-10",
        "La députée européenne Ska Keller a voté contre. Mme Keller a ensuite quitté la salle.",
    );
    let ids: Vec<Option<&str>> = r.persons.iter().map(|p| p.id.as_deref()).collect();
    assert!(!ids.contains(&Some("fabienne-keller")), "{:#?}", r.persons);
}

#[test]
fn a_first_name_alone_is_not_a_surname() {
    let r = run(
        "2019-03-01",
        "L'idée de cette marche a été lancée par Laurent, un ingénieur toulousain.",
    );
    let ids: Vec<Option<&str>> = r.persons.iter().map(|p| p.id.as_deref()).collect();
    assert!(!ids.contains(&Some("pierre-laurent")), "{:#?}", r.persons);
}

#[test]
fn a_surname_after_a_plural_article_is_a_family() {
    let r = run(
        "2014-05-02",
        "Il a grandi loin de la grande bourgeoisie des Fabius, raconte-t-il.",
    );
    assert!(
        r.persons.iter().any(|p| p.name == "Fabius"),
        "{:#?}",
        r.persons
    );
    let ids: Vec<Option<&str>> = r.persons.iter().map(|p| p.id.as_deref()).collect();
    assert!(!ids.contains(&Some("laurent-fabius")), "{:#?}", r.persons);
}

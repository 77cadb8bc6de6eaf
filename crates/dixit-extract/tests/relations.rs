//! Relations on invented sentences (never sentences of the evaluation sets), one test per
//! construction: each says who acts on whom, and the ones that must not give a relation.

use dixit_model::{ArticleRecord, RelationKind};

fn run(body: &str) -> ArticleRecord {
    let extractor = match dixit_extract::Extractor::bundled() {
        Ok(x) => x,
        Err(e) => panic!("{e}"),
    };
    let text = format!("Titre\n\n{body}\n");
    let doc = dixit_text::markup::text_document("t.txt", text);
    extractor.record(&doc)
}

/// The relations as (kind, source, target, negated, hedged).
fn rels(body: &str) -> Vec<(RelationKind, String, String, bool, bool)> {
    run(body)
        .relations
        .into_iter()
        .map(|r| (r.kind, r.source.name, r.target.name, r.negated, r.hedged))
        .collect()
}

fn one(
    kind: RelationKind,
    source: &str,
    target: &str,
) -> (RelationKind, String, String, bool, bool) {
    (kind, source.into(), target.into(), false, false)
}

#[test]
fn direct_object() {
    assert_eq!(
        rels("La sénatrice Claire Guédon soutient Paul Morin depuis le premier jour."),
        vec![one(RelationKind::Supports, "Claire Guédon", "Paul Morin")]
    );
    assert_eq!(
        rels("Jacques Lemaire a vivement critiqué Paul Morin lors du débat."),
        vec![one(
            RelationKind::Criticises,
            "Jacques Lemaire",
            "Paul Morin"
        )]
    );
}

#[test]
fn prepositional_target_and_pronominal_verbs() {
    assert_eq!(
        rels("Jacques Lemaire s'en est pris à Claire Guédon pendant le conseil municipal."),
        vec![one(
            RelationKind::Criticises,
            "Jacques Lemaire",
            "Claire Guédon"
        )]
    );
    assert_eq!(
        rels("En 2012, Paul Morin a succédé à Jacques Lemaire à la mairie de Quimper."),
        vec![one(RelationKind::Succeeds, "Paul Morin", "Jacques Lemaire")]
    );
    assert_eq!(
        rels("Claire Guédon a répondu à Paul Morin dans la soirée."),
        vec![one(RelationKind::Responds, "Claire Guédon", "Paul Morin")]
    );
}

#[test]
fn organisation_targets() {
    let r =
        rels("Le député Paul Morin a quitté le Parti socialiste pour rejoindre Les Républicains.");
    assert!(
        r.contains(&one(RelationKind::Leaves, "Paul Morin", "Parti socialiste")),
        "{r:?}"
    );
    assert!(
        r.contains(&one(RelationKind::Joins, "Paul Morin", "Les Républicains")),
        "{r:?}"
    );
}

#[test]
fn passive_agent_acts() {
    assert_eq!(
        rels("Paul Morin est soutenu par Claire Guédon dans cette élection."),
        vec![one(RelationKind::Supports, "Claire Guédon", "Paul Morin")]
    );
}

#[test]
fn negation_and_modality() {
    assert_eq!(
        rels("Claire Guédon ne soutiendra pas Paul Morin au second tour."),
        vec![(
            RelationKind::Supports,
            "Claire Guédon".into(),
            "Paul Morin".into(),
            true,
            false
        )]
    );
    let r = rels("Jacques Lemaire pourrait rejoindre Les Républicains avant l'été.");
    assert_eq!(
        r,
        vec![(
            RelationKind::Joins,
            "Jacques Lemaire".into(),
            "Les Républicains".into(),
            false,
            true
        )]
    );
}

#[test]
fn pronoun_source_through_coreference() {
    let r = rels(
        "Jacques Lemaire a présenté son programme mardi. Il a ensuite attaqué Claire Guédon sur la dette.",
    );
    assert_eq!(
        r,
        vec![one(
            RelationKind::Criticises,
            "Jacques Lemaire",
            "Claire Guédon"
        )]
    );
}

#[test]
fn first_person_in_a_quote_is_the_speaker() {
    let r = rels("« Je soutiens Paul Morin sans réserve », a déclaré Claire Guédon.");
    assert!(
        r.contains(&one(RelationKind::Supports, "Claire Guédon", "Paul Morin")),
        "{r:?}"
    );
}

#[test]
fn complement_of_a_common_noun_target() {
    assert_eq!(
        rels("Claire Guédon a dénoncé la politique de Paul Morin devant les militants."),
        vec![one(RelationKind::Criticises, "Claire Guédon", "Paul Morin")]
    );
}

#[test]
fn no_relation_without_two_actors() {
    assert!(rels("Paul Morin soutient la réforme des retraites.").is_empty());
    assert!(rels("Claire Guédon a quitté Paris pour Lyon en 2015.").is_empty());
    // Leaving a person is not leaving a party.
    assert!(rels("Paul Morin a quitté Claire Guédon après le congrès.").is_empty());
    // A description that is not the person named in its complement.
    assert!(rels("L'entourage de Paul Morin critique Claire Guédon.").is_empty());
}

#[test]
fn light_verbs_and_alliances() {
    assert_eq!(
        rels("Jacques Lemaire a apporté son soutien à Claire Guédon lundi."),
        vec![one(
            RelationKind::Supports,
            "Jacques Lemaire",
            "Claire Guédon"
        )]
    );
    assert_eq!(
        rels("Claire Guédon s'est alliée avec Les Républicains pour les régionales."),
        vec![one(
            RelationKind::Allies,
            "Claire Guédon",
            "Les Républicains"
        )]
    );
}

#[test]
fn inherited_and_relative_subjects() {
    assert_eq!(
        rels("Paul Morin, qui soutient Claire Guédon, a été réélu."),
        vec![one(RelationKind::Supports, "Paul Morin", "Claire Guédon")]
    );
    assert_eq!(
        rels("Jacques Lemaire a décidé de quitter le Parti socialiste après vingt ans."),
        vec![one(
            RelationKind::Leaves,
            "Jacques Lemaire",
            "Parti socialiste"
        )]
    );
}

#[test]
fn refusal_denies_and_question_hedges() {
    assert_eq!(
        rels("Paul Morin refuse de soutenir Claire Guédon."),
        vec![(
            RelationKind::Supports,
            "Paul Morin".into(),
            "Claire Guédon".into(),
            true,
            false
        )]
    );
    let r = rels("Paul Morin va-t-il rejoindre Les Républicains ?");
    assert!(!r.is_empty() && r.iter().all(|x| x.4), "{r:?}");
    // A headline before a colon, then the question.
    let r = rels("Municipales : Claire Guédon va-t-elle soutenir Paul Morin ?");
    assert!(!r.is_empty() && r.iter().all(|x| x.4), "{r:?}");
    // The question is about something else: the clause inside it is a fact.
    let r = rels("Que devient Paul Morin depuis qu'il a quitté Les Républicains ?");
    assert!(r.iter().all(|x| !x.4), "{r:?}");
    // "ne pas manquer de" asserts.
    assert_eq!(
        rels("Claire Guédon n'a pas manqué de critiquer Paul Morin."),
        vec![one(RelationKind::Criticises, "Claire Guédon", "Paul Morin")]
    );
}

#[test]
fn a_post_in_a_party_is_not_the_party() {
    assert!(rels("Paul Morin a quitté la présidence du Parti socialiste en juin.").is_empty());
}

#[test]
fn a_description_is_not_the_actor_in_its_complement() {
    assert!(rels("Les proches de Paul Morin ont critiqué Claire Guédon.").is_empty());
    assert!(rels("Un député du Parti socialiste a critiqué Claire Guédon.").is_empty());
}

#[test]
fn not_hesitating_asserts_and_plural_groups_are_not_one_outlet() {
    assert_eq!(
        rels("Claire Guédon n'a pas hésité à critiquer Paul Morin."),
        vec![one(RelationKind::Criticises, "Claire Guédon", "Paul Morin")]
    );
    assert!(
        rels("Le Courrier de l'Ouest a publié l'enquête. Paul Morin a critiqué les journaux.")
            .is_empty()
    );
}

#[test]
fn a_seat_of_power_is_not_a_party() {
    assert!(rels("Paul Morin a quitté Matignon en 2014.").is_empty());
}

//! `Extractor::coreference`: the chains extraction builds, with byte spans into the text.

use dixit_extract::{EntityKind, Extractor, MentionKind};

#[test]
fn returns_names_descriptions_and_pronouns_with_their_entity() {
    let text = "Paul Morin est arrivé hier à Lyon. Le maire a déclaré qu'il était satisfait. \
                Il a ajouté que la ville allait investir.";
    let doc = dixit_text::markup::text_document("t.txt", text.to_owned());
    let ex = Extractor::bundled().expect("bundled resources");
    let found = ex.coreference(doc).expect("no internal error");
    let at = |s: &str| {
        found
            .iter()
            .find(|m| &text[m.span.start..m.span.end] == s)
            .unwrap_or_else(|| panic!("no mention {s:?} in {found:?}"))
    };
    let name = at("Paul Morin");
    assert_eq!(name.kind, MentionKind::Name);
    assert_eq!(name.entity_kind, Some(EntityKind::Person));
    assert!(name.entity.is_some());
    assert_eq!(at("Lyon").entity_kind, Some(EntityKind::Place));
    assert_eq!(at("Le maire").kind, MentionKind::Nominal);
    // The subject pronoun of the third sentence is a mention of a person.
    let il = at("Il");
    assert_eq!(il.kind, MentionKind::Pronoun);
    assert_eq!(il.entity_kind, Some(EntityKind::Person));
    // Spans are sorted by start and lie on char boundaries of the text.
    assert!(found.windows(2).all(|w| w[0].span.start <= w[1].span.start));
    assert!(
        found
            .iter()
            .all(|m| text.get(m.span.start..m.span.end).is_some())
    );
}

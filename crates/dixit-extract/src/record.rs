//! The output record: persons, outlets, organisations and places that are named, and the
//! quotes with their speaker, cue and channel, as `dixit_model::ArticleRecord`.

use crate::cues::Cue;
use crate::doc::Doc;
use crate::entities::{Entities, EntityKind, MentionKind, span_text};
use crate::quotes::FoundQuote;
use crate::relations::FoundRelation;
use dixit_kb::Kb;
use dixit_model::{
    Actor, ArticleRecord, Document, Named, Person, Quote, Relation, SourceKind, Span, Speaker,
};
use std::ops::Range;

/// What the stages found, ready to be written out.
pub struct Found<'a> {
    /// Mentions and entities.
    pub ents: &'a Entities,
    /// Cues.
    pub cues: &'a [Cue],
    /// Quotes.
    pub quotes: &'a [FoundQuote],
    /// Speaker entity of each quote.
    pub speakers: &'a [Option<usize>],
    /// Channel of each quote.
    pub channels: &'a [Option<String>],
    /// Relations between actors.
    pub relations: &'a [FoundRelation],
}

/// Builds the record of `doc`.
pub fn build(doc: &Document, an: &Doc, kb: &Kb, f: Found<'_>) -> ArticleRecord {
    let ctx = &an.ctx;
    let ents = f.ents;
    let mut person_index = vec![None; ents.list.len()];
    let mut persons = Vec::new();
    let mut media = Vec::new();
    let mut organizations = Vec::new();
    let mut places = Vec::new();
    // Dates: read in `analysis` (same offsets, markup blanked), resolved against the
    // publication date when the source gives one.
    let anchor = doc
        .source
        .date
        .as_deref()
        .and_then(dixit_dates::parse_published);
    // Entities in order of their first name mention; a body named by its description
    // ("le ministère de l'Intérieur") by its first description.
    let named_by_description = |ent: &crate::entities::Entity| {
        ent.kind == EntityKind::Institution && !ent.forms.is_empty()
    };
    let mut order: Vec<(usize, usize)> = ents
        .list
        .iter()
        .enumerate()
        .filter_map(|(e, ent)| {
            ent.mentions
                .iter()
                .filter_map(|&m| ents.mentions.get(m))
                .find(|m| m.kind == MentionKind::Name || named_by_description(ent))
                .map(|m| (m.tokens.start, e))
        })
        .collect();
    order.sort_unstable();
    for (_, e) in order {
        let ent = &ents.list[e];
        let spans: Vec<Span> = ent
            .mentions
            .iter()
            .filter_map(|&m| ents.mentions.get(m))
            .filter(|m| m.kind == MentionKind::Name || named_by_description(ent))
            .map(|m| {
                Span::new(
                    ctx.start(m.tokens.start),
                    ctx.end(m.tokens.end.saturating_sub(1)),
                )
            })
            .collect();
        match ent.kind {
            EntityKind::Person if !attested_person(ctx, ents, e, f.speakers, kb) => {}
            EntityKind::Person => {
                person_index[e] = Some(persons.len());
                let (kb_id, party) = match ent.kb.and_then(|id| kb.person(id)) {
                    // The party on the day of publication: today's label would date a
                    // 2017 article by a 2024 affiliation. Undated input gets the latest.
                    Some(p) => (
                        Some(p.id.clone()),
                        match anchor {
                            Some(day) => p.party_at(day).map(str::to_owned),
                            None => p.party.clone(),
                        },
                    ),
                    None => (None, None),
                };
                persons.push(Person {
                    id: kb_id.clone(),
                    name: ent.name.clone(),
                    mentions: ent.forms.clone(),
                    roles: ent.roles.clone(),
                    spans,
                    kb_id,
                    party,
                });
            }
            EntityKind::Media => media.push(Named {
                name: ent.name.clone(),
                id: kb_id_of(kb, ent),
                spans,
            }),
            EntityKind::Org => organizations.push(Named {
                name: ent.name.clone(),
                id: kb_id_of(kb, ent),
                spans,
            }),
            EntityKind::Place => places.push(Named {
                name: ent.name.clone(),
                id: None,
                spans,
            }),
            // Each way the text names the body ("ministère de l'Intérieur", "ministère
            // français de l'Intérieur") is listed, as written.
            EntityKind::Institution => {
                for name in &ent.forms {
                    organizations.push(Named {
                        name: name.clone(),
                        id: None,
                        spans: spans.clone(),
                    });
                }
            }
            EntityKind::Unnamed | EntityKind::Document => {}
        }
    }
    let mentions = dixit_dates::find_dates(&doc.analysis, anchor);
    let quotes = f
        .quotes
        .iter()
        .enumerate()
        .filter(|(_, q)| !q.tokens.is_empty())
        .map(|(i, q)| {
            let start = ctx.start(q.tokens.start);
            let end = ctx.end(q.tokens.end - 1).max(start);
            let cue = q.cue().and_then(|c| f.cues.get(c));
            let speaker = f.speakers.get(i).copied().flatten().and_then(|e| {
                let ent = ents.list.get(e)?;
                Some(Speaker {
                    id: kb_id_of(kb, ent),
                    name: ent.name.clone(),
                    kind: match ent.kind {
                        EntityKind::Person => SourceKind::Person,
                        EntityKind::Media => SourceKind::Media,
                        EntityKind::Org | EntityKind::Place | EntityKind::Institution => {
                            SourceKind::Organization
                        }
                        EntityKind::Unnamed | EntityKind::Document => SourceKind::Collective,
                    },
                    person: person_index.get(e).copied().flatten(),
                    mention: None,
                })
            });
            // The nearest day named in the quote's sentence, outside the quoted words,
            // dates them ("« … », a-t-il déclaré mardi"); else the publication date.
            let said = dixit_dates::said_on(&doc.analysis, &mentions, (start, end), anchor);
            Quote {
                date: said.map(|s| s.date.to_string()),
                date_from: said.map(|s| s.from),
                start,
                end,
                text: doc.text.get(start..end).unwrap_or_default().to_owned(),
                kind: q.kind,
                speaker,
                cue: cue.map(|c| span_text(ctx, &c.tokens)),
                cue_span: cue.map(|c| {
                    Span::new(
                        ctx.start(c.tokens.start),
                        ctx.end(c.tokens.end.saturating_sub(1)),
                    )
                }),
                channel: f.channels.get(i).cloned().flatten(),
            }
        })
        .collect();
    let span_of = |r: &Range<usize>| {
        Span::new(
            ctx.start(r.start),
            ctx.end(r.end.saturating_sub(1)).max(ctx.start(r.start)),
        )
    };
    let actor = |e: usize, tokens: Option<&Range<usize>>| -> Option<Actor> {
        let ent = ents.list.get(e)?;
        let kind = match ent.kind {
            EntityKind::Person => SourceKind::Person,
            EntityKind::Media => SourceKind::Media,
            EntityKind::Org => SourceKind::Organization,
            _ => return None,
        };
        let id = kb_id_of(kb, ent);
        Some(Actor {
            name: ent.name.clone(),
            kind,
            id,
            person: person_index.get(e).copied().flatten(),
            mention: tokens.map(&span_of),
        })
    };
    let relations = f
        .relations
        .iter()
        .filter_map(|r| {
            let sent = ctx.sentences.get(r.sent)?;
            let evidence = span_of(&sent.tokens);
            let cue_span = span_of(&r.cue);
            let said = dixit_dates::said_on(
                &doc.analysis,
                &mentions,
                (cue_span.start, cue_span.end),
                anchor,
            );
            Some(Relation {
                kind: r.kind,
                source: actor(r.source, r.source_tokens.as_ref())?,
                target: actor(r.target, Some(&r.target_tokens))?,
                start: evidence.start,
                end: evidence.end,
                cue: span_text(ctx, &r.cue),
                cue_span,
                negated: r.negated,
                hedged: r.hedged,
                date: said.map(|s| s.date.to_string()),
                date_from: said.map(|s| s.from),
            })
        })
        .collect();
    ArticleRecord {
        relations,
        source: doc.source.clone(),
        title: doc.title.clone(),
        text: (!doc.text_is_input).then(|| doc.text.clone()),
        quotes,
        persons,
        media,
        organizations,
        places,
        published: anchor.map(|d| d.to_string()),
        dates: mentions
            .iter()
            .map(dixit_dates::DateMention::to_ref)
            .collect(),
    }
}

/// The knowledge-base slug of a linked person, outlet or organisation.
fn kb_id_of(kb: &Kb, ent: &crate::entities::Entity) -> Option<String> {
    let k = ent.kb?;
    match ent.kind {
        EntityKind::Person => kb.person(k).map(|p| p.id.clone()),
        EntityKind::Media => kb.media(k).map(|m| m.id.clone()),
        EntityKind::Org => kb.organization(k).map(|o| o.id.clone()),
        _ => None,
    }
}

/// True when the text gives some sign that the one-word name of person `e` is a person's:
/// a KB entry, a first name, a gender, a role, a second form, a pronoun or description
/// in its chain, a quote it speaks, or a plural article making it a family ("la
/// bourgeoisie des Fabius"). A one-word name with none of these is as often a brand, a
/// place or a work the model took for a person ("Whatsapp", "Gallimard", "Skyfall") and
/// is not listed; names of several words are.
fn attested_person(
    ctx: &crate::context::Context,
    ents: &Entities,
    e: usize,
    speakers: &[Option<usize>],
    kb: &Kb,
) -> bool {
    let Some(ent) = ents.list.get(e) else {
        return false;
    };
    ent.name.split_whitespace().nth(1).is_some()
        || ent.kb.is_some()
        || ent.first.is_some()
        || ent.gender.is_some()
        || !ent.roles.is_empty()
        || ent.forms.len() > 1
        || kb.is_given_name(&ent.name)
        || ent
            .mentions
            .iter()
            .filter_map(|&m| ents.mentions.get(m))
            .any(|m| {
                m.kind != MentionKind::Name
                    || m.tokens
                        .start
                        .checked_sub(1)
                        .is_some_and(|t| matches!(ctx.t(t), "des" | "les" | "Des" | "Les"))
            })
        || speakers.contains(&Some(e))
}

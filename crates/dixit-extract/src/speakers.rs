//! Speakers: who each quote is attributed to.
//!
//! The speaker of a reporting verb is its syntactic subject (the antecedent of a relative
//! "qui", the agent of a passive), carried down to participles and coordinated verbs that
//! have none of their own; the speaker of "selon X" is X. That phrase is resolved through
//! its coreference chain to an entity; a subject that is no known mention ("les autorités
//! fédérales") becomes an unnamed source worded as the text words it. A quote with no cue
//! (a follow-up, "Et d'ajouter : …") takes the previous quote's speaker.

use crate::cues::{Cue, CueKind};
use crate::doc::{Doc, SentSyntax};
use crate::entities::{Entities, EntityKind, MentionKind, span_text};
use crate::quotes::{Attribution, FoundQuote};
use crate::rank::{Ranker, feat};
use dixit_lexicon::closed::is_preposition;
use dixit_syntax::{Deprel, Upos};
use std::ops::Range;

/// How many sentences back a quote with no cue looks for the speaker it continues.
pub const FOLLOW_UP_SENTENCES: usize = 4;
/// How many heads up a subjectless verb looks for an inherited subject.
const MAX_INHERIT_STEPS: usize = 3;

/// The entity speaking each quote (`None`: the text gives no source): the syntactic rule
/// proposes, the learned ranker decides among the entities around the quote.
pub fn resolve(
    doc: &Doc,
    ents: &mut Entities,
    cues: &[Cue],
    quotes: &[FoundQuote],
    ranker: &Ranker,
) -> Vec<Option<usize>> {
    let rule = rule_speakers(doc, ents, cues, quotes);
    if ranker.is_empty() {
        return rule.iter().map(|r| r.entity).collect();
    }
    (0..quotes.len())
        .map(|i| {
            if !ranker.applies(group(ents, &rule[i])) {
                return rule[i].entity;
            }
            let cands = candidates(doc, ents, cues, quotes, &rule, i);
            ranker
                .best(&cands.iter().map(|c| c.feats.as_slice()).collect::<Vec<_>>())
                .and_then(|k| cands.get(k))
                .map(|c| c.entity)
                .or(rule[i].entity)
        })
        .collect()
}

/// The decision group of a rule answer: how it was found, by what kind of mention, of
/// what kind of entity. The ranker is trusted group by group.
pub fn group(ents: &Entities, r: &RuleOut) -> u32 {
    let mention = r.mention.and_then(|m| ents.mentions.get(m));
    let mkind = mention.map_or(0, |m| 1 + m.kind as u32);
    let ekind = match r.entity.and_then(|e| ents.list.get(e)) {
        Some(e) if e.kind == EntityKind::Person => 0,
        // A description of one person (a coreference the rule may have missed) …
        Some(e)
            if e.kind == EntityKind::Unnamed
                && e.number != Some(dixit_lexicon::Number::Plural)
                && mention.is_none_or(|m| m.class == EntityKind::Person) =>
        {
            1
        }
        // … a group of people ("les manifestants", "des sources") …
        Some(e) if e.kind == EntityKind::Unnamed => 2,
        // … a body, an outlet or a document.
        Some(_) => 3,
        None => 4,
    };
    (r.path as u32) * 32 + mkind * 8 + ekind
}

/// How the rule found a speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Path {
    /// The cue's own subject.
    Subject,
    /// An incise's subject after it.
    Inverted,
    /// Inherited from a governing verb (participle, coordination).
    Inherited,
    /// The agent of a passive or the antecedent of a relative.
    Agent,
    /// The object of "selon", "d'après", "pour".
    SourceObject,
    /// A name before a colon.
    Colon,
    /// The previous quote's speaker.
    Previous,
    /// Nothing found.
    None,
}

/// What the rule found for one quote.
#[derive(Debug, Clone, Copy)]
pub struct RuleOut {
    /// The speaker entity.
    pub entity: Option<usize>,
    /// The mention that designates it at the cue (a name, description or pronoun).
    pub mention: Option<usize>,
    /// How it was found.
    pub path: Path,
}

/// Training material for the ranker: per quote, its decision group and the candidates'
/// features and entities.
pub fn training_candidates(
    doc: &Doc,
    ents: &mut Entities,
    cues: &[Cue],
    quotes: &[FoundQuote],
) -> Vec<(u32, Vec<Candidate>)> {
    let rule = rule_speakers(doc, ents, cues, quotes);
    (0..quotes.len())
        .map(|i| {
            (
                group(ents, &rule[i]),
                candidates(doc, ents, cues, quotes, &rule, i),
            )
        })
        .collect()
}

/// The speakers the syntactic rule gives, quote by quote; mentions it adds are indexed
/// and sorted in before it returns.
fn rule_speakers(
    doc: &Doc,
    ents: &mut Entities,
    cues: &[Cue],
    quotes: &[FoundQuote],
) -> Vec<RuleOut> {
    let mut out = rule_speakers_unsorted(doc, ents, cues, quotes);
    let remap = ents.finish(doc.ctx.tokens.len());
    for r in &mut out {
        r.mention = r.mention.and_then(|m| remap.get(m).copied());
    }
    out
}

fn rule_speakers_unsorted(
    doc: &Doc,
    ents: &mut Entities,
    cues: &[Cue],
    quotes: &[FoundQuote],
) -> Vec<RuleOut> {
    let mut out: Vec<RuleOut> = Vec::with_capacity(quotes.len());
    for (i, q) in quotes.iter().enumerate() {
        let found = match q.by {
            Attribution::Cue(c) => cues.get(c).and_then(|cue| cue_source(doc, ents, cue)),
            Attribution::Colon(t) => ents.entity_at(t).map(|e| RuleOut {
                entity: Some(e),
                mention: ents.mention_at(t),
                path: Path::Colon,
            }),
            Attribution::FollowUp => None,
        };
        // A pronoun that agrees with nobody is no reason to take the previous speaker.
        let found = found
            .filter(|r| r.entity.is_some() || r.mention.is_some())
            .unwrap_or_else(|| {
                let prev: Vec<Option<usize>> = out.iter().map(|r| r.entity).collect();
                match previous_speaker(doc, quotes, &prev, i) {
                    Some(e) => RuleOut {
                        entity: Some(e),
                        mention: None,
                        path: Path::Previous,
                    },
                    None => RuleOut {
                        entity: None,
                        mention: None,
                        path: Path::None,
                    },
                }
            });
        let found = clitic_continues(doc, ents, quotes, &out, i, found);
        out.push(found);
    }
    out
}

/// How many sentences back an incise pronoun ("a-t-il ajouté") looks for the quote it
/// continues.
const CLITIC_CONTINUES_SENTENCES: usize = 2;

/// An incise pronoun continues the previous quote's speaker when that speaker agrees with
/// it and spoke in the same or the previous sentences of the paragraph: « … », a-t-il
/// ajouté is the same voice, whatever else the last sentence named.
fn clitic_continues(
    doc: &Doc,
    ents: &Entities,
    quotes: &[FoundQuote],
    done: &[RuleOut],
    i: usize,
    found: RuleOut,
) -> RuleOut {
    let Some(m) = found.mention.and_then(|m| ents.mentions.get(m)) else {
        return found;
    };
    if found.path != Path::Inverted || m.kind != MentionKind::Pronoun || !doc.ctx.is_clitic(m.head)
    {
        return found;
    }
    let Some(q) = quotes.get(i) else { return found };
    let sent = doc.sent_of(q.tokens.start);
    let para = doc.ctx.para(q.tokens.start);
    let prev = (0..i).rev().find_map(|k| {
        let p = quotes.get(k)?;
        let close = sent.saturating_sub(doc.sent_of(p.tokens.start)) <= CLITIC_CONTINUES_SENTENCES
            && doc.ctx.para(p.tokens.start) == para;
        close.then(|| done.get(k).and_then(|r| r.entity)).flatten()
    });
    let Some(e) = prev else { return found };
    let Some(ent) = ents.list.get(e) else {
        return found;
    };
    let agrees = !matches!((m.gender, ent.gender), (Some(a), Some(b)) if a != b)
        && !matches!((m.number, ent.number), (Some(a), Some(b)) if a != b)
        && matches!(ent.kind, EntityKind::Person | EntityKind::Unnamed);
    if agrees {
        RuleOut {
            entity: Some(e),
            ..found
        }
    } else {
        found
    }
}

/// The speaker of the quote before `i`, if close enough.
fn previous_speaker(
    doc: &Doc,
    quotes: &[FoundQuote],
    found: &[Option<usize>],
    i: usize,
) -> Option<usize> {
    let q = quotes.get(i)?;
    let sent = doc.sent_of(q.tokens.start);
    for k in (0..i).rev() {
        let p = quotes.get(k)?;
        if sent.saturating_sub(doc.sent_of(p.tokens.start)) > FOLLOW_UP_SENTENCES {
            return None;
        }
        if let Some(s) = found.get(k).copied().flatten() {
            return Some(s);
        }
    }
    None
}

/// The source of a cue: subject, agent, or object of the source preposition.
fn cue_source(doc: &Doc, ents: &mut Entities, cue: &Cue) -> Option<RuleOut> {
    let ss = doc.sent(cue.word.s as usize)?;
    let w = cue.word.w as usize;
    let (phrase, path) = match cue.kind {
        CueKind::Source(_) => match ss.rel(w).base() {
            Deprel::Case | Deprel::Mark | Deprel::Fixed => (ss.head(w)?, Path::SourceObject),
            _ => return None,
        },
        // An inverted clitic is the subject ("a-t-il ajouté", "dit-elle").
        CueKind::Verb { .. }
            if let Some(t) = cue.tokens.clone().rev().find(|&t| doc.ctx.is_clitic(t)) =>
        {
            let k = ents.pronoun_at(t)?;
            let m = ents.mentions.get(k)?;
            return Some(RuleOut {
                entity: m.entity,
                mention: Some(k),
                path: Path::Inverted,
            });
            // (The previous quote's speaker is weighed by the caller.)
        }
        // An incise's subject is read left to right first: the parse often hangs it on the
        // complement before it ("a confié à l'AFP Mustafa").
        CueKind::Verb { .. } if cue.inverted => match linear_inverted_subject(doc, ents, cue) {
            Some(x) => (x, Path::Inverted),
            None => verb_subject(ss, w, true)?,
        },
        // A finite reporting verb right after a comma with a person named after it is an
        // incise inside the quotation marks ("« A, insiste Paul Morin. B »"), whatever
        // subject the parse found before it.
        CueKind::Verb { .. }
            if cue.tokens.start > 0
                && doc.ctx.is_punct(cue.tokens.start - 1, ",")
                && ss.word(w).map(|x| x.feats.verb_form())
                    == Some(Some(dixit_syntax::VerbForm::Fin))
                && let Some(x) = linear_inverted_subject(doc, ents, cue).filter(|&x| {
                    // The name stands between the verb and the end of the incise, with
                    // no comma before it.
                    ents.entity_at(ss.token(x))
                        .is_some_and(|e| ents.kind(e) == Some(EntityKind::Person))
                        && ents
                            .mention_at(ss.token(x))
                            .and_then(|m| ents.mentions.get(m))
                            .is_some_and(|m| {
                                m.kind == MentionKind::Name
                                    && !(cue.tokens.end..m.tokens.start)
                                        .any(|t| doc.ctx.is_punct(t, ","))
                                    && (doc.ctx.is_phrase_break(m.tokens.end)
                                        || doc
                                            .ctx
                                            .marks
                                            .get(m.tokens.end)
                                            .copied()
                                            .flatten()
                                            .is_some()
                                        || m.tokens.end >= doc.ctx.tokens.len())
                            })
                }) =>
        {
            (x, Path::Inverted)
        }
        CueKind::Verb { .. } => {
            let names_something =
                |x: usize| doc.ctx.t(ss.token(x)).chars().any(char::is_alphabetic);
            // A real subject after the verb: an incise the cue finder did not see as one.
            let after = ss
                .subject(w)
                .filter(|&x| ss.token(x) > ss.token(w) && names_something(x));
            match (after, verb_subject(ss, w, false)) {
                (Some(x), _) => (x, Path::Inverted),
                // A parataxis with no subject of its own: its subject stands before it,
                // not among its objects.
                (None, Some((_, Path::Inverted))) if ss.rel(w).base() == Deprel::Parataxis => {
                    (linear_subject_before(doc, ents, cue)?, Path::Subject)
                }
                (None, Some((x, path))) if names_something(x) => (x, path),
                _ => (linear_subject_before(doc, ents, cue)?, Path::Subject),
            }
        }
    };
    let (entity, mention) = phrase_entity(doc, ents, ss, phrase)?;
    Some(RuleOut {
        entity: Some(entity),
        mention,
        path,
    })
}

/// The subject of verb `w`, inherited from the verb it depends on when it has none. An
/// incise ("…, a déclaré X") is never given the subject of the clause it comments: its
/// subject is after it, whatever relation the parse gave that noun phrase.
pub(crate) fn verb_subject(ss: &SentSyntax, w: usize, inverted: bool) -> Option<(usize, Path)> {
    let mut at = w;
    // An incise's subject follows it: a subject the parse put before (the quoted
    // clause's own) is not the speaker.
    if inverted {
        if let Some(s) = ss.subject(w).filter(|&s| ss.token(s) > ss.token(w)) {
            return Some((s, Path::Inverted));
        }
        return inverted_subject(ss, w).map(|s| (s, Path::Inverted));
    }
    // A passive cue speaks through its agent, not its subject ("la défense a été
    // qualifiée de « mensonges » par le président").
    let passive = ss
        .kids(w)
        .iter()
        .any(|&k| ss.rel(k as usize) == Deprel::AuxPass);
    if passive
        && let Some(agent) = ss
            .kids_by(w, Deprel::Obl)
            .find(|&k| ss.rel(k) == Deprel::OblAgent)
    {
        return Some((agent, Path::Agent));
    }
    for step in 0..MAX_INHERIT_STEPS {
        let path = if step == 0 {
            Path::Subject
        } else {
            Path::Inherited
        };
        if let Some(s) = ss.subject(at) {
            // A relative "qui": its antecedent speaks.
            if ss.upos(s) == Upos::Pron
                && matches!(ss.form(s), "qui")
                && ss.rel(at) == Deprel::AclRelcl
            {
                return ss.head(at).map(|h| (h, Path::Agent));
            }
            let path = if ss.token(s) > ss.token(at) && step == 0 {
                Path::Inverted
            } else {
                path
            };
            return Some((s, path));
        }
        if let Some(agent) = ss
            .kids_by(at, Deprel::Obl)
            .find(|&k| ss.rel(k) == Deprel::OblAgent)
        {
            return Some((agent, Path::Agent));
        }
        let incise = ss.rel(at).base() == Deprel::Parataxis || (step == 0 && inverted);
        if incise {
            return inverted_subject(ss, at).map(|s| (s, Path::Inverted));
        }
        let head = ss.head(at)?;
        match ss.rel(at).base() {
            // "X, estimant que …" / "le ministre, qui a dit …": the noun it modifies.
            Deprel::Acl => return Some((head, Path::Inherited)),
            // Participles and coordinated verbs share their governor's subject.
            Deprel::Advcl | Deprel::Conj | Deprel::Xcomp | Deprel::Ccomp => at = head,
            _ => return None,
        }
    }
    None
}

/// Words between an incise verb and its subject that are not the subject: adverbs, days,
/// parts of the day, and a prepositional phrase ("à l'AFP", "lors d'un meeting").
const MAX_INCISE_GAP_TOKENS: usize = 12;

/// The subject of an incise read left to right when the parse did not attach it: the
/// first name or description after the cue that no preposition introduces.
fn linear_inverted_subject(doc: &Doc, ents: &Entities, cue: &Cue) -> Option<usize> {
    let ctx = &doc.ctx;
    let sent = ctx.sentence_range(cue.token);
    let mut t = cue.tokens.end;
    let limit = (t + MAX_INCISE_GAP_TOKENS).min(sent.end);
    let mut after_prep = false;
    while t < limit {
        let w = ctx.t(t);
        if ctx.marks.get(t).copied().flatten().is_some() || matches!(w, "." | ";" | ":" | "!" | "?")
        {
            return None;
        }
        let lw = w.to_lowercase();
        // A determiner after the complement's common noun opens the next noun phrase
        // ("devant la presse | le premier ministre").
        if after_prep
            && t > 0
            && dixit_lexicon::closed::is_determiner(&lw)
            && !ctx.is_cap(t - 1)
            && doc.word_at(t - 1).is_some_and(|r| {
                doc.sent(r.s as usize)
                    .is_some_and(|x| x.upos(r.w as usize) == Upos::Noun)
            })
        {
            after_prep = false;
        }
        if is_preposition(&lw)
            || matches!(lw.as_str(), "lors" | "dans" | "devant" | "en" | "auprès")
        {
            after_prep = true;
            t += 1;
            continue;
        }
        if w == "," {
            after_prep = false;
            t += 1;
            continue;
        }
        // A day or month, capitalised or not, dates the incise ("a déclaré Dimanche le
        // ministre"): it is no subject.
        if dixit_lexicon::closed::is_calendar_word(w) {
            t += 1;
            continue;
        }
        if let Some(m) = ents.mention_at(t)
            && let Some(mention) = ents.mentions.get(m)
        {
            if !after_prep {
                // A description in apposition to a name after it ("le chancelier de
                // l'Académie, l'ancien ministre Paul Morin"): the name.
                if mention.kind == MentionKind::Nominal
                    && ctx.is_punct(mention.tokens.end, ",")
                    && let Some(p) = person_in_phrase(doc, ents, mention.tokens.end + 1)
                {
                    return Some(p);
                }
                let r = doc.word_at(mention.head)?;
                return Some(r.w as usize);
            }
            // The complement ends with its noun phrase, and a name in apposition to it
            // ("sur la chaîne BFM TV"): a name or description may follow.
            after_prep = false;
            t = mention.tokens.end;
            while let Some(next) = ents.mention_at(t).and_then(|k| ents.mentions.get(k))
                && next.entity.is_some()
                && next.entity == mention.entity
                && next.tokens.start == t
            {
                t = next.tokens.end;
            }
            continue;
        }
        // A capitalised word starts the subject, unless it is the object of the
        // preposition just before ("à Paris"); after the complement's own noun ("lors
        // d'une conférence de presse Junichiro Ikeda") it starts the subject again.
        let prev_opens = t > 0 && {
            let p = ctx.t(t - 1).to_lowercase();
            is_preposition(&p) || dixit_lexicon::closed::is_determiner(&p)
        };
        let starts = (ctx.is_cap(t) && (!after_prep || !prev_opens))
            || (!after_prep && dixit_lexicon::closed::is_determiner(w));
        if starts {
            // A title phrase before a name: the name ("le commissaire européen Pierre
            // Moscovici").
            if let Some(p) = person_in_phrase(doc, ents, t) {
                return Some(p);
            }
            let head = if ctx.is_cap(t) { t } else { t + 1 };
            return doc.word_at(head).map(|r| r.w as usize);
        }
        t += 1;
    }
    None
}

/// The subject of a verb the parse left without one, read left to right: the first name
/// (else description) of its sentence before it that is not the object of a preposition,
/// not quoted and not inside a relative clause ("Éliminé au premier tour, Nicolas
/// Sarkozy, qui avait offert son soutien …, a souhaité").
fn linear_subject_before(doc: &Doc, ents: &Entities, cue: &Cue) -> Option<usize> {
    let ctx = &doc.ctx;
    let sent = ctx.sentence_range(cue.token);
    // A participial or gerund frame opening the sentence ("Défendant le bilan …, la
    // secrétaire d'État a dit …") holds no subject: start after its comma.
    let mut start = sent.start;
    let opener = doc.word_at(sent.start).and_then(|r| {
        let ss = doc.sent(r.s as usize)?;
        let w = r.w as usize;
        let f = ss.word(w)?.feats.verb_form();
        Some(
            f == Some(dixit_syntax::VerbForm::Part) || ctx.t(sent.start).eq_ignore_ascii_case("en"),
        )
    });
    if opener == Some(true)
        && let Some(c) = (sent.start..cue.tokens.start).find(|&t| ctx.is_punct(t, ","))
    {
        start = c + 1;
    }
    let (_, from) = ents.sorted_from(start);
    let mut relative = false;
    let mut best_nominal = None;
    let mut t_prev = start;
    for m in from
        .iter()
        .take_while(|m| m.tokens.start < cue.tokens.start)
    {
        // A relative pronoun since the last comma puts what follows in the relative clause.
        for t in t_prev..m.tokens.start {
            match ctx.t(t) {
                "," => relative = false,
                "qui" | "que" | "qu'" | "qu’" | "dont" | "lequel" | "laquelle" => relative = true,
                _ => {}
            }
        }
        t_prev = m.tokens.start;
        let oblique = m.tokens.start > 0 && is_preposition(ctx.t(m.tokens.start - 1));
        if m.quoted || oblique || relative || m.kind == MentionKind::Pronoun {
            continue;
        }
        let w = doc.word_at(m.head).map(|r| r.w as usize);
        if m.kind == MentionKind::Name && m.class != EntityKind::Place {
            return w;
        }
        if best_nominal.is_none() {
            best_nominal = w;
        }
    }
    best_nominal
}

/// How far a title phrase may run before the name it introduces, in tokens.
const MAX_TITLE_BEFORE_NAME: usize = 10;

/// The head word of a person's name that ends the noun phrase starting at token `t`
/// (before any punctuation, quotation mark, verb or relative pronoun).
fn person_in_phrase(doc: &Doc, ents: &Entities, t: usize) -> Option<usize> {
    let ctx = &doc.ctx;
    let end = (t + MAX_TITLE_BEFORE_NAME).min(ctx.tokens.len());
    for k in t..end {
        if let Some(e) = ents.entity_at(k)
            && ents.kind(e) == Some(EntityKind::Person)
        {
            let m = ents.mention_at(k).and_then(|m| ents.mentions.get(m))?;
            return doc.word_at(m.head).map(|r| r.w as usize);
        }
        let w = ctx.t(k);
        let stop = matches!(w, "," | "." | ";" | ":" | "(" | "qui" | "que" | "dont")
            || ctx.marks.get(k).copied().flatten().is_some()
            || doc.word_at(k).is_some_and(|r| {
                doc.sent(r.s as usize)
                    .is_some_and(|ss| matches!(ss.upos(r.w as usize), Upos::Verb | Upos::Aux))
            });
        if stop {
            return None;
        }
    }
    None
}

/// The first noun phrase after an incise verb that no preposition introduces ("a
/// déclaré vendredi le ministre", "a souligné lors d'une conférence Paul Morin").
fn inverted_subject(ss: &SentSyntax, w: usize) -> Option<usize> {
    ss.kids(w)
        .iter()
        .map(|&k| k as usize)
        .filter(|&k| k > w)
        .filter(|&k| matches!(ss.upos(k), Upos::Noun | Upos::Propn | Upos::Pron))
        .filter(|&k| {
            !matches!(
                ss.rel(k).base(),
                Deprel::Obl | Deprel::Iobj | Deprel::Advmod | Deprel::Punct | Deprel::Ccomp
            ) && ss.kids_by(k, Deprel::Case).next().is_none()
        })
        .find(|&k| !is_time_noun(ss.form(k)))
}

/// Nouns of time that stand bare after a verb ("a déclaré mardi soir").
fn is_time_noun(w: &str) -> bool {
    dixit_lexicon::closed::is_calendar_word(w)
        || matches!(
            w.to_lowercase().as_str(),
            "soir"
                | "heure"
                | "matin"
                | "midi"
                | "hier"
                | "aujourd'hui"
                | "dimanche"
                | "lundi"
                | "jour"
                | "semaine"
                | "mois"
                | "année"
                | "an"
        )
}

/// The entity of the phrase headed by word `p` and the mention that designates it: its
/// mention's chain, else a new unnamed source worded as the phrase.
fn phrase_entity(
    doc: &Doc,
    ents: &mut Entities,
    ss: &SentSyntax,
    p: usize,
) -> Option<(usize, Option<usize>)> {
    let tok = ss.token(p);
    if let Some(m) = ents.mention_at(tok)
        && let Some(e) = ents.mentions.get(m).and_then(|x| x.entity)
    {
        // A description with a name in it designates the name ("le porte-parole Paul Morin").
        return Some((e, Some(m)));
    }
    // A pronoun mention at this token.
    if let Some(k) = ents.pronoun_at(tok)
        && let Some(m) = ents.mentions.get(k)
    {
        return m.entity.map(|e| (e, Some(k)));
    }
    // A name inside the phrase or in apposition to it ("le porte-parole, Paul Morin").
    let range = phrase_range(doc, ss, p);
    let with_appos = ss
        .kids_by(p, Deprel::Appos)
        .map(|k| ss.token(ss.bounds(k).1) + 1)
        .fold(range.end, usize::max);
    if let Some(t) = (range.start..with_appos).find(|&t| {
        ents.entity_at(t)
            .is_some_and(|e| ents.kind(e) == Some(EntityKind::Person))
            && t.checked_sub(ss.tok0)
                .and_then(|local| ss.word_of_token(local))
                .is_some_and(|w| ss.designates(w, p))
    }) {
        return ents.entity_at(t).map(|e| (e, ents.mention_at(t)));
    }
    if !matches!(ss.upos(p), Upos::Noun | Upos::Propn)
        || range.is_empty()
        || !doc.ctx.t(tok).chars().any(char::is_alphabetic)
    {
        return None;
    }
    let text = span_text(&doc.ctx, &range);
    let feats = ss.word(p).map(|x| x.feats);
    // A capitalised word the name finders missed, standing as a subject: a person
    // ("confie Zahra"), unless it is one word in capitals, an acronym ("IPM a estimé").
    let acronym = range.len() == 1 && crate::names::is_acronym(doc.ctx.t(tok));
    let kind = if acronym {
        EntityKind::Org
    } else if ss.upos(p) == Upos::Propn
        && range.len() <= 3
        && doc
            .ctx
            .t(tok)
            .chars()
            .next()
            .is_some_and(char::is_alphabetic)
    {
        EntityKind::Person
    } else {
        EntityKind::Unnamed
    };
    if kind == EntityKind::Person {
        let key = dixit_lexicon::fold_key(&text);
        if let Some(e) = ents
            .list
            .iter()
            .position(|x| x.kind == EntityKind::Person && dixit_lexicon::fold_key(&x.name) == key)
        {
            return Some((e, None));
        }
    }
    if kind == EntityKind::Unnamed
        && let Some(e) = epithet_referent(doc, ents, ss, p, &range)
    {
        let det = crate::mentions::determination(ss, p).unwrap_or(crate::entities::Det::None);
        let m = ents.push_mention(crate::entities::Mention {
            tokens: range.clone(),
            head: tok,
            sent: doc.sent_of(tok),
            kind: MentionKind::Nominal,
            class: EntityKind::Person,
            gender: None,
            number: feats.and_then(|f| f.number()),
            det,
            entity: Some(e),
            quoted: false,
        });
        return Some((e, Some(m)));
    }
    let e = ents.push_described(
        kind,
        text.clone(),
        feats.and_then(|f| f.gender()),
        feats.and_then(|f| f.number()),
    );
    if kind == EntityKind::Unnamed {
        // A description no lexicon types: a mention of its own, so that the ranker can
        // weigh what it may refer back to.
        let det = crate::mentions::determination(ss, p);
        let m = ents.push_mention(crate::entities::Mention {
            tokens: range.clone(),
            head: tok,
            sent: doc.sent_of(tok),
            kind: MentionKind::Nominal,
            class: EntityKind::Unnamed,
            gender: feats.and_then(|f| f.gender()),
            number: feats.and_then(|f| f.number()),
            det: det.unwrap_or(crate::entities::Det::None),
            entity: Some(e),
            quoted: false,
        });
        return Some((e, Some(m)));
    }
    if kind == EntityKind::Person {
        // A name the finders missed: a name mention, so that the person is listed.
        if let Some(x) = ents.list.get_mut(e) {
            x.forms.push(text);
            x.last = x.name.clone();
        }
        let m = ents.push_mention(crate::entities::Mention {
            tokens: range.clone(),
            head: tok,
            sent: doc.sent_of(tok),
            kind: MentionKind::Name,
            class: EntityKind::Person,
            gender: None,
            number: None,
            det: crate::entities::Det::None,
            entity: Some(e),
            quoted: false,
        });
        return Some((e, Some(m)));
    }
    Some((e, None))
}

/// How many sentences back an epithet looks for the person it stands for.
const EPITHET_SENTENCES: usize = 1;

/// The person a definite or demonstrative singular description that no lexicon types
/// stands for, as the speaker of a cue: "« … », lance le tribun", "énumère ce kiné de 60
/// ans": the person last named outside quotations in this or the previous sentence, whose
/// gender does not clash with the one an inflecting noun marks. A description with a
/// name in it ("le frère de Paul Morin") is someone else; so is an abstract, time or
/// collective noun ("l'autopsie", "l'heure", "la plupart", "la foule").
fn epithet_referent(
    doc: &Doc,
    ents: &Entities,
    ss: &SentSyntax,
    p: usize,
    range: &Range<usize>,
) -> Option<usize> {
    let det = crate::mentions::determination(ss, p)?;
    let feats = ss.word(p).map(|x| x.feats);
    let form = ss.form(p);
    let lower = form.to_lowercase();
    let agent = dixit_lexicon::has_agent_ending(&lower);
    if !matches!(
        det,
        crate::entities::Det::Definite | crate::entities::Det::Demonstrative
    ) || ss.upos(p) != Upos::Noun
        || !form.chars().next().is_some_and(char::is_lowercase)
        || feats.and_then(|f| f.number()) == Some(dixit_lexicon::Number::Plural)
        || range.clone().any(|t| ents.entity_at(t).is_some())
        || is_time_noun(form)
        || dixit_lexicon::closed::is_indefinite_adjective(&lower)
        || dixit_lexicon::closed::is_collective_noun(&lower)
        || (dixit_lexicon::has_abstract_ending(&lower) && !agent)
    {
        return None;
    }
    let gender = agent.then(|| feats.and_then(|f| f.gender())).flatten();
    let sent = doc.sent_of(range.start);
    let sorted = ents.mentions.get(..ents.sorted).unwrap_or(&[]);
    let upto = sorted.partition_point(|m| m.tokens.start < range.start);
    let last = sorted[..upto]
        .iter()
        .rev()
        .take_while(|m| m.sent + EPITHET_SENTENCES >= sent)
        .find(|m| {
            m.kind == MentionKind::Name
                && !m.quoted
                && m.entity
                    .is_some_and(|e| ents.kind(e) == Some(EntityKind::Person))
        })?;
    let e = last.entity?;
    let clash = matches!(
        (gender, ents.list.get(e).and_then(|x| x.gender)),
        (Some(a), Some(b)) if a != b
    );
    (!clash).then_some(e)
}

/// Tokens of the noun phrase headed by `p`: determiner to last complement, without
/// relative clauses, appositions or anything past a comma.
pub(crate) fn phrase_range(doc: &Doc, ss: &SentSyntax, p: usize) -> Range<usize> {
    let ctx = &doc.ctx;
    let Range { mut start, mut end } = ss.phrase_tokens(
        p,
        &[
            Deprel::Det,
            Deprel::Amod,
            Deprel::Nmod,
            Deprel::Flat,
            Deprel::Nummod,
            Deprel::Case,
        ],
    );
    let head = ss.token(p);
    // Case markers ("par", "selon") are not part of the source's wording.
    while start < head
        && ss
            .word_of_token(start - ss.tok0)
            .is_some_and(|w| ss.rel(w) == Deprel::Case)
    {
        start += 1;
    }
    for t in head + 1..end {
        if matches!(ctx.t(t), "," | ";" | ":" | "(" | ")")
            || ctx.marks.get(t).copied().flatten().is_some()
        {
            end = t;
            break;
        }
    }
    start..end.max(start)
}

/// A candidate speaker of a quote and the features the ranker scores it by.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The entity.
    pub entity: usize,
    /// Hashed features.
    pub feats: Vec<u64>,
}

/// How many sentences before the quote's cue candidates are gathered from.
pub const CANDIDATE_SENTENCES: usize = 3;
/// How many quotes after a quote are looked at for the next speakers.
const MAX_NEXT_QUOTES: usize = 8;
/// How many mentions before the window are looked at for earlier persons.
const MAX_EARLIER_MENTIONS: usize = 400;
/// How many of a candidate's own mentions before the quote are read for its features.
const MAX_OWN_MENTIONS: usize = 16;
/// How many persons named before the window are also candidates.
const MAX_EARLIER_PERSONS: usize = 8;
/// How many tokens after the cue a mention counts as standing right after it.
const AFTER_CUE_TOKENS: usize = 12;

fn bucket(n: usize, edges: &[usize]) -> u64 {
    edges.iter().position(|&e| n <= e).unwrap_or(edges.len()) as u64
}

/// The candidates for quote `i`: the rule's answer first, the previous quotes' speakers,
/// and every entity mentioned from three sentences before the cue to the end of its
/// sentence; each with its features.
fn candidates(
    doc: &Doc,
    ents: &Entities,
    cues: &[Cue],
    quotes: &[FoundQuote],
    rule: &[RuleOut],
    i: usize,
) -> Vec<Candidate> {
    let ctx = &doc.ctx;
    let Some(q) = quotes.get(i) else {
        return Vec::new();
    };
    let cue = q.cue().and_then(|c| cues.get(c));
    // The anchor: the cue, else the quote's start.
    let (anchor_lo, anchor_hi) = cue.map_or((q.tokens.start, q.tokens.start), |c| {
        (c.tokens.start, c.tokens.end)
    });
    let sent = doc.sent_of(anchor_lo);
    let sent_range = ctx.sentence_range(anchor_lo);
    let first_sent = sent.saturating_sub(CANDIDATE_SENTENCES);
    let window_start = ctx.sentences.get(first_sent).map_or(0, |s| s.tokens.start);
    let window_end = sent_range.end.max(q.tokens.end);
    // Previous speakers by the rule, most recent first, distinct.
    let mut prev: Vec<(usize, usize)> = Vec::new();
    for k in (0..i).rev() {
        if let Some(e) = rule.get(k).and_then(|r| r.entity)
            && !prev.iter().any(|&(x, _)| x == e)
        {
            prev.push((e, sent.saturating_sub(doc.sent_of(quotes[k].tokens.start))));
            if prev.len() == 2 {
                break;
            }
        }
    }
    // The next quotes' speakers in the same paragraph: a quote with no cue often comes
    // before the one that names its speaker ("« A. » « B », a dit X.").
    let para = ctx.para(q.tokens.start);
    let mut next: Vec<(usize, usize)> = Vec::new();
    for (k, nq) in quotes.iter().enumerate().skip(i + 1).take(MAX_NEXT_QUOTES) {
        if ctx.para(nq.tokens.start) != para || next.len() == 2 {
            break;
        }
        if let Some(e) = rule
            .get(k)
            .filter(|r| r.path != Path::Previous)
            .and_then(|r| r.entity)
            && !next.iter().any(|&(x, _)| x == e)
        {
            next.push((e, doc.sent_of(nq.tokens.start).saturating_sub(sent)));
        }
    }
    let mut order: Vec<usize> = Vec::new();
    let this_rule = rule.get(i).copied().unwrap_or(RuleOut {
        entity: None,
        mention: None,
        path: Path::None,
    });
    if let Some(e) = this_rule.entity {
        order.push(e);
    }
    for &(e, _) in prev.iter().chain(&next) {
        if !order.contains(&e) {
            order.push(e);
        }
    }
    let lo = ents
        .mentions
        .partition_point(|m| m.tokens.start < window_start);
    for m in &ents.mentions[lo..] {
        if m.tokens.start >= window_end {
            break;
        }
        if let Some(e) = m.entity
            && !order.contains(&e)
            && ents.kind(e) != Some(EntityKind::Place)
        {
            order.push(e);
        }
    }
    // Persons named earlier in the article, most recent first: a description or pronoun
    // may refer far back.
    let mut earlier: Vec<(usize, usize)> = Vec::new();
    for m in ents.mentions[lo.saturating_sub(MAX_EARLIER_MENTIONS)..lo]
        .iter()
        .rev()
    {
        if m.kind != MentionKind::Name {
            continue;
        }
        if let Some(e) = m.entity
            && ents.kind(e) == Some(EntityKind::Person)
            && !order.contains(&e)
            && !earlier.iter().any(|&(x, _)| x == e)
        {
            earlier.push((e, m.sent));
            if earlier.len() >= MAX_EARLIER_PERSONS {
                break;
            }
        }
    }
    order.extend(earlier.iter().map(|&(e, _)| e));
    // The mention the rule found at the cue, when it refers rather than names.
    let anaphor = this_rule
        .mention
        .and_then(|m| ents.mentions.get(m))
        .filter(|m| m.kind != MentionKind::Name);
    let anaphor_head = anaphor.map(|m| dixit_lexicon::fold_key(ctx.t(m.head)));
    // The rule's phrase: entities named inside it ("le service des armées") are not it.
    let rule_phrase = this_rule
        .mention
        .and_then(|m| ents.mentions.get(m))
        .map(|m| m.tokens.clone());
    // Gender and number the cue marks (a participle agreeing with its subject, a clitic).
    let cue_feats = cue.and_then(|c| {
        let ss = doc.sent(c.word.s as usize)?;
        ss.word(c.word.w as usize).map(|w| w.feats)
    });
    let clitic_gender = cue.and_then(|c| {
        c.tokens
            .clone()
            .filter(|&t| ctx.is_clitic(t))
            .find_map(|t| {
                let w = if ctx.t(t) == "t" {
                    ctx.t(t + 1)
                } else {
                    ctx.t(t)
                };
                dixit_lexicon::subject_pronoun(w)
            })
    });
    let att = match q.by {
        Attribution::Cue(_) => match cue.map(|c| c.kind) {
            Some(CueKind::Source(_)) => 1u64,
            _ if cue.is_some_and(|c| c.inverted) => 2,
            _ => 3,
        },
        Attribution::Colon(_) => 4,
        Attribution::FollowUp => 5,
    };
    let kind_code = |k: Option<EntityKind>| match k {
        Some(EntityKind::Person) => 1u64,
        Some(EntityKind::Unnamed) => 2,
        Some(EntityKind::Media) => 3,
        Some(EntityKind::Org) => 4,
        Some(EntityKind::Document) => 5,
        Some(EntityKind::Institution) => 6,
        _ => 7,
    };
    let qkind = q.kind as u64;
    // Left to right readings of the source, independent of the parse: the nearest mention
    // before the cue in its sentence that no preposition introduces, and the first after.
    let outside_quote =
        |m: &crate::entities::Mention| !(m.quoted || q.tokens.contains(&m.tokens.start));
    let linear_before = ents.mentions[lo..]
        .iter()
        .take_while(|m| m.tokens.start < anchor_lo)
        .filter(|m| m.tokens.start >= sent_range.start && outside_quote(m))
        .filter(|m| m.tokens.start == 0 || !is_preposition(ctx.t(m.tokens.start - 1)))
        .filter_map(|m| m.entity)
        .last();
    let linear_after = ents.mentions[lo..]
        .iter()
        .filter(|m| {
            m.tokens.start >= anchor_hi && m.tokens.start < sent_range.end && outside_quote(m)
        })
        .find(|m| m.tokens.start == 0 || !is_preposition(ctx.t(m.tokens.start - 1)))
        .and_then(|m| m.entity);
    let mut out = Vec::with_capacity(order.len());
    for (rank, &e) in order.iter().enumerate() {
        let Some(ent) = ents.list.get(e) else {
            continue;
        };
        let kc = kind_code(Some(ent.kind));
        let mut f: Vec<u64> = Vec::with_capacity(32);
        // Each feature alone and with the kind of attribution.
        let mut add = |name: &str, vals: &[u64]| {
            f.push(feat(name, vals));
            let mut with = vals.to_vec();
            with.push(att);
            f.push(feat(name, &with));
        };
        add("kind", &[kc]);
        let is_rule = this_rule.entity == Some(e);
        let path = this_rule.path as u64;
        add("rule", &[u64::from(is_rule), path]);
        if is_rule {
            add("rule_kind", &[kc, path]);
        }
        if let Some(a) = anaphor {
            let mk = a.kind as u64;
            let g = match (a.gender, ent.gender) {
                (Some(x), Some(y)) => 1 + u64::from(x == y),
                _ => 0,
            };
            let n = match (a.number, ent.number) {
                (Some(x), Some(y)) => 1 + u64::from(x == y),
                _ => 0,
            };
            add("anaph_agree", &[mk, g, n]);
            add("anaph_linked", &[mk, u64::from(a.entity == Some(e))]);
            let role = anaphor_head.as_deref().is_some_and(|h| {
                ent.roles
                    .iter()
                    .any(|r| dixit_lexicon::fold_key(r).split(' ').any(|w| w == h))
            });
            add("anaph_role", &[mk, u64::from(role)]);
            add("anaph_kind", &[mk, a.class as u64, kc]);
        }
        if let Some(&(_, s_last)) = earlier.iter().find(|&&(x, _)| x == e) {
            add(
                "earlier",
                &[bucket(sent.saturating_sub(s_last), &[4, 6, 10, 20])],
            );
        }
        add("first", &[u64::from(rank == 0)]);
        for (p, &(pe, dist)) in prev.iter().enumerate() {
            if pe == e {
                add("prev", &[p as u64, bucket(dist, &[0, 1, 2, 4])]);
            }
        }

        for (p, &(ne, dist)) in next.iter().enumerate() {
            if ne == e {
                add("next", &[p as u64, bucket(dist, &[0, 1, 2])]);
            }
        }
        // Mentions of the entity in the window.
        let mut n_window = 0usize;
        let mut n_quoted = 0usize;
        let mut last_before: Option<usize> = None;
        let mut after_cue: Option<usize> = None;
        let mut same_sentence_before = false;
        let mut subject_here = false;
        let mut subject_prev = false;
        let mut oblique_here = false;
        let mut mention_kinds = 0u64;
        // The entity's last mention before the anchor anywhere in the article: its role.
        let (mut last_subject_sent, mut last_role) = (None, 0u64);
        // Its mentions are in text order: the few just before the anchor are enough.
        let all = &ents.list[e].mentions;
        let upto = all.partition_point(|&k| {
            ents.mentions
                .get(k)
                .is_some_and(|m| m.tokens.start < anchor_lo)
        });
        let recent = &all[upto.saturating_sub(MAX_OWN_MENTIONS)..upto];
        for m in recent.iter().filter_map(|&k| ents.mentions.get(k)) {
            if m.tokens.start >= anchor_lo {
                break;
            }
            if m.quoted {
                continue;
            }
            let subj = doc.is_subject(m.tokens.clone());
            if subj {
                last_subject_sent = Some(m.sent);
            }
            last_role = if subj {
                1
            } else if m.tokens.start > 0 && is_preposition(ctx.t(m.tokens.start - 1)) {
                2
            } else {
                3
            };
        }
        for m in &ents.mentions[lo..] {
            if m.tokens.start >= window_end {
                break;
            }
            if m.entity != Some(e) {
                continue;
            }
            n_window += 1;
            let inside_quote = m.tokens.start >= q.tokens.start && m.tokens.start < q.tokens.end;
            if m.quoted || inside_quote {
                n_quoted += 1;
                continue;
            }
            mention_kinds |= 1 << (m.kind as u64);
            let ms = m.sent;
            let subj = doc.is_subject(m.tokens.clone());
            let prep_before = m.tokens.start > 0 && is_preposition(ctx.t(m.tokens.start - 1));
            if m.tokens.start < anchor_lo {
                last_before = Some(anchor_lo - m.tokens.end.min(anchor_lo));
                if ms == sent {
                    same_sentence_before = true;
                    subject_here |= subj;
                    oblique_here |= prep_before;
                } else if ms + 1 == sent {
                    subject_prev |= subj;
                }
            } else if m.tokens.start >= anchor_hi && ms == sent {
                let gap = m.tokens.start - anchor_hi;
                if after_cue.is_none_or(|g| gap < g) && !prep_before {
                    after_cue = Some(gap);
                }
                subject_here |= subj;
            }
        }
        if let Some(r) = &rule_phrase
            && !is_rule
            && ents.mentions[lo..]
                .iter()
                .take_while(|m| m.tokens.start < r.end)
                .any(|m| m.entity == Some(e) && m.tokens.start >= r.start && m.tokens.start < r.end)
        {
            add("inside_rule_phrase", &[kc]);
        }
        add("last_role", &[last_role]);
        add(
            "last_subject",
            &[last_subject_sent.map_or(9, |x| bucket(sent.saturating_sub(x), &[0, 1, 2, 4]))],
        );
        add("nwin", &[bucket(n_window, &[0, 1, 2, 4])]);
        add(
            "quoted_only",
            &[u64::from(n_window > 0 && n_quoted == n_window)],
        );
        add("mkinds", &[mention_kinds]);
        if let Some(d) = last_before {
            add("before", &[bucket(d, &[0, 2, 5, 10, 20, 40])]);
        } else {
            add("before", &[99]);
        }
        if let Some(g) = after_cue {
            add("after_cue", &[bucket(g, &[0, 1, 3, 6, AFTER_CUE_TOKENS])]);
        }
        add("same_sent_before", &[u64::from(same_sentence_before)]);
        add("subject_here", &[u64::from(subject_here)]);
        add("subject_prev", &[u64::from(subject_prev)]);
        add("oblique_here", &[u64::from(oblique_here)]);
        add("named", &[u64::from(ent.forms.is_empty()), kc]);
        // Agreement with what the cue marks.
        let g = ent.gender;
        let cue_gender = clitic_gender.map(|(g, _)| g).or_else(|| {
            cue_feats
                .filter(|f| f.verb_form() == Some(dixit_syntax::VerbForm::Part))
                .and_then(|f| f.gender())
        });
        let agree = match (cue_gender, g) {
            (Some(a), Some(b)) => 1 + u64::from(a == b),
            _ => 0,
        };
        add("gender", &[agree]);
        let cue_number = clitic_gender
            .map(|(_, n)| n)
            .or_else(|| cue_feats.and_then(|f| f.number()));
        let nagree = match (cue_number, ent.number) {
            (Some(a), Some(b)) => 1 + u64::from(a == b),
            _ => 0,
        };
        add("number", &[nagree]);
        add("qkind_rule", &[qkind, u64::from(is_rule)]);
        add(
            "linear_before",
            &[
                u64::from(linear_before == Some(e)),
                u64::from(cue.is_some_and(|c| c.inverted)),
            ],
        );
        add(
            "linear_after",
            &[
                u64::from(linear_after == Some(e)),
                u64::from(cue.is_some_and(|c| c.inverted)),
            ],
        );
        out.push(Candidate {
            entity: e,
            feats: f,
        });
    }
    out
}

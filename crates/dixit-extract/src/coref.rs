//! Coreference: every description and pronoun gets an entity.
//!
//! Mentions are read in text order. A description in apposition to a name is that
//! person; a definite or demonstrative one ("la maire sortante", "l'hebdomadaire")
//! refers back to the best compatible entity (agreeing in gender and number, holding such
//! a role, recently and saliently mentioned) and otherwise introduces an unnamed one; an
//! indefinite one ("un responsable du ministère") always introduces one. A pronoun refers
//! to the most salient agreeing entity of the last few sentences. Scores are sums of
//! named weights over features, so that they can be read, tested and retrained.

use crate::doc::Doc;
use crate::entities::{Det, Entities, EntityKind, MentionKind, span_text};
use dixit_kb::Kb;
use dixit_lexicon::{Gender, Number, fold_key};
use dixit_syntax::{Deprel, Upos};

/// How far back, in sentences, a pronoun looks for its antecedent.
pub const PRONOUN_WINDOW_SENTENCES: usize = 4;
/// Longest parenthesised aside, in tokens with its parentheses, skipped between a title
/// and the name it stands before.
pub const MAX_ASIDE_TOKENS: usize = 10;
/// How far back a generic description ("le quadragénaire") looks.
pub const GENERIC_WINDOW_SENTENCES: usize = 4;

/// Weights of the antecedent score.
mod w {
    /// The candidate holds a role with the description's head ("le ministre" → a minister).
    pub const ROLE_MATCH: f32 = 4.0;
    /// The candidate's KB offices include the description's head.
    pub const KB_OFFICE: f32 = 3.0;
    /// Per sentence between the candidate's last mention and the anaphor.
    pub const DISTANCE: f32 = -0.6;
    /// The candidate's last mention was a sentence subject.
    pub const SUBJECT: f32 = 1.0;
    /// The candidate was mentioned in the anaphor's sentence, before it.
    pub const SAME_SENTENCE: f32 = 0.5;
    /// Each further mention of the candidate (capped).
    pub const SALIENCE: f32 = 0.3;
    /// The candidate's last mention is inside a quotation.
    pub const QUOTED: f32 = -1.5;
    /// Below this, a definite person description introduces a new unnamed entity.
    pub const LINK_THRESHOLD: f32 = -3.0;
}

/// Per-entity state while reading the text.
#[derive(Clone, Default)]
struct Seen {
    /// Token and sentence of the last mention (None: not yet mentioned).
    last_tok: Option<usize>,
    last_sent: usize,
    last_subject: bool,
    last_quoted: bool,
    /// The last mention followed a preposition ("à X", "de X"): an oblique, less salient.
    last_oblique: bool,
    /// Sentence of the last mention as a subject.
    last_subject_sent: Option<usize>,
    count: u32,
}

/// Weights of pronoun resolution: subjects of the last sentences first (the centre of
/// attention), then recency; obliques, quoted mentions and distance cost.
mod pw {
    /// Subject of the current or previous sentence.
    pub const RECENT_SUBJECT: f32 = 2.0;
    /// Lost per sentence since that subject mention.
    pub const SUBJECT_DECAY: f32 = 0.6;
    /// Per sentence since the last mention of any kind.
    pub const DISTANCE: f32 = -0.7;
    /// The last mention was the object of a preposition.
    pub const OBLIQUE: f32 = -0.8;
    /// The last mention was inside a quotation.
    pub const QUOTED: f32 = -1.5;
    /// Per mention so far (capped at six).
    pub const COUNT: f32 = 0.1;
    /// A subject of the pronoun's own sentence, before it ("X a dit qu'il", "selon lui").
    pub const SAME_SENTENCE_SUBJECT: f32 = 1.5;
}

/// Links every description and pronoun of `ents` to an entity, creating unnamed ones.
pub fn resolve(doc: &Doc, kb: &Kb, ents: &mut Entities) {
    let mut seen: Vec<Seen> = vec![Seen::default(); ents.list.len()];
    // The same, from mentions outside quotations only: what a narrator's pronoun can
    // refer to ("« … je suis une personne normale », écrit-elle" is not about "une personne").
    let mut seen_out: Vec<Seen> = vec![Seen::default(); ents.list.len()];
    // Entities in order of mention: candidates are drawn from the last ones only, so that
    // the cost per mention is bounded whatever the length of the text.
    let mut recent: Vec<usize> = Vec::new();
    for m in 0..ents.mentions.len() {
        let mention = ents.mentions[m].clone();
        let subject = doc.is_subject(mention.tokens.clone());
        let cands = recent_entities(&recent);
        let target = match mention.kind {
            MentionKind::Name => mention.entity,
            MentionKind::Nominal => Some(description(doc, kb, ents, &seen, &cands, m)),
            MentionKind::Pronoun if !mention.quoted => pronoun(ents, &seen_out, &cands, m),
            MentionKind::Pronoun => pronoun(ents, &seen, &cands, m),
        };
        if let Some(e) = target {
            recent.push(e);
            ents.link(m, e);
            // A person whose first name tells no gender ("Svetlana", "Dominique") takes the
            // one a singular description referring to them marks ("l'opposante", "la
            // candidate"), so that a later pronoun of the other gender looks elsewhere.
            // Pronoun links, less sure, do not set it: measured on the training split, they
            // cost more speakers than they gave.
            if mention.kind == MentionKind::Nominal
                && mention.number != Some(Number::Plural)
                && let Some(ent) = ents.list.get_mut(e)
                && ent.kind == EntityKind::Person
                && ent.gender.is_none()
            {
                ent.gender = mention.gender;
            }
            if seen.len() < ents.list.len() {
                seen.resize(ents.list.len(), Seen::default());
                seen_out.resize(ents.list.len(), Seen::default());
            }
            let oblique =
                mention.tokens.start > 0 && is_preposition(doc.ctx.t(mention.tokens.start - 1));
            let tables: &mut [&mut Vec<Seen>] = if mention.quoted {
                &mut [&mut seen]
            } else {
                &mut [&mut seen, &mut seen_out]
            };
            for table in tables.iter_mut() {
                let s = &mut table[e];
                s.last_tok = Some(mention.head);
                s.last_sent = mention.sent;
                s.last_subject = subject;
                s.last_quoted = mention.quoted;
                s.last_oblique = oblique;
                if subject && !mention.quoted {
                    s.last_subject_sent = Some(mention.sent);
                }
                s.count += 1;
            }
        }
    }
    ents.finish(doc.ctx.tokens.len());
}

/// How many heads up from a description its clause's verb is looked for.
const MAX_CLAUSE_CLIMB: usize = 6;

/// Offices (folded words) an "élu" can hold.
const ELECTED_OFFICES: &[&str] = &[
    "depute",
    "deputee",
    "senateur",
    "senatrice",
    "maire",
    "eurodepute",
    "eurodeputee",
    "conseiller",
    "conseillere",
    "president",
    "presidente",
    "adjoint",
    "adjointe",
];
/// Offices (folded words) a "parlementaire" holds.
const PARLIAMENT_OFFICES: &[&str] = &[
    "depute",
    "deputee",
    "senateur",
    "senatrice",
    "eurodepute",
    "eurodeputee",
];

fn agrees(g: Option<Gender>, n: Option<Number>, eg: Option<Gender>, en: Option<Number>) -> bool {
    let gender_ok = !matches!((g, eg), (Some(a), Some(b)) if a != b);
    let number_ok = !matches!((n, en), (Some(a), Some(b)) if a != b);
    gender_ok && number_ok
}

/// How many of the latest mentions candidate antecedents are drawn from.
pub const MAX_RECENT_MENTIONS: usize = 300;

/// Distinct entities of the latest mentions, most recent first.
fn recent_entities(recent: &[usize]) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for &e in recent.iter().rev().take(MAX_RECENT_MENTIONS) {
        if !out.contains(&e) {
            out.push(e);
        }
    }
    out
}

/// Score of `e` as the antecedent of a mention at token `at`, sentence `sent`.
fn salience(s: &Seen, sent: usize) -> Option<f32> {
    let last = s.last_tok?;
    let _ = last;
    let dist = sent.saturating_sub(s.last_sent) as f32;
    let mut score = w::DISTANCE * dist;
    if s.last_subject {
        score += w::SUBJECT;
    }
    if s.last_sent == sent {
        score += w::SAME_SENTENCE;
    }
    if s.last_quoted {
        score += w::QUOTED;
    }
    score += w::SALIENCE * (s.count.min(5) as f32);
    Some(score)
}

/// The entity a description refers to (existing or new).
fn description(
    doc: &Doc,
    kb: &Kb,
    ents: &mut Entities,
    seen: &[Seen],
    cands: &[usize],
    m: usize,
) -> usize {
    let ctx = &doc.ctx;
    let mention = ents.mentions[m].clone();
    // 1. In apposition with a name, or a title right before a name: that entity.
    if let Some(e) = apposed_name(doc, ents, m) {
        return e;
    }
    let text = span_text(ctx, &mention.tokens);
    // The head noun without "ex-" ("l'ex-ministre" → "ministre"), and the description's
    // core from its head on ("ministre de l'economie"), to compare with roles and offices.
    let head_word = ctx.t(mention.head);
    let head = fold_key(
        head_word
            .strip_prefix("ex-")
            .or_else(|| head_word.strip_prefix("Ex-"))
            .unwrap_or(head_word),
    );
    let core = fold_key(&span_text(ctx, &(mention.head..mention.tokens.end)));
    let core = core.strip_prefix("ex ").unwrap_or(&core).to_owned();
    let kind_new = match mention.class {
        EntityKind::Person => EntityKind::Unnamed,
        other => other,
    };
    if mention.det == Det::Indefinite {
        return ents.push_described(kind_new, text, mention.gender, mention.number);
    }
    // "le ministère de l'Intérieur", "l'armée afghane": a body the description names.
    let named_body = institution_name(doc, &mention);
    // The subject of the description's own clause is someone else.
    let clause_subject = clause_subject_entity(doc, ents, &mention);
    // Entities named inside the description are not what it refers to ("le frère de
    // Nordahl Lelandais").
    let inside: Vec<usize> = mention
        .tokens
        .clone()
        .filter_map(|t| ents.entity_at(t))
        .collect();
    let mut best: Option<(f32, usize)> = None;
    for &e in cands {
        let Some(ent) = ents.list.get(e) else {
            continue;
        };
        if inside.contains(&e) || clause_subject == Some(e) {
            continue;
        }
        let Some(s) = seen.get(e) else { continue };
        let Some(base) = salience(s, mention.sent) else {
            continue;
        };
        let compatible_kind = match mention.class {
            EntityKind::Person => matches!(ent.kind, EntityKind::Person | EntityKind::Unnamed),
            // "l'hebdomadaire": the outlet named before.
            EntityKind::Media => ent.kind == EntityKind::Media,
            // "l'ONG", "le syndicat": the body named before.
            EntityKind::Org => ent.kind == EntityKind::Org,
            // "le parquet", "la préfecture" name their body themselves: they refer back
            // only to a body whose name has that head ("le ministère" → "ministère de
            // l'Intérieur"), or to the same description.
            EntityKind::Institution => {
                matches!(ent.kind, EntityKind::Org | EntityKind::Institution)
                    && fold_key(&ent.name).split(' ').any(|x| x == head)
            }
            k => ent.kind == k,
        };
        if !compatible_kind || !agrees(mention.gender, mention.number, ent.gender, ent.number) {
            continue;
        }
        // Two unnamed people with the same title of different bodies ("le porte-parole du
        // ministre", "un porte-parole de la Commission") are two people; so are two bodies
        // ("le ministère de l'Intérieur", "le ministère de la Justice").
        if (ent.kind == EntityKind::Unnamed || named_body.is_some())
            && complements_differ(&core, &head, &fold_key(&ent.name))
        {
            continue;
        }
        let mut score = base;
        // "l'élu(e)", "le/la parlementaire" name any elected office by its kind.
        let hypernym_of = |word: &str| match head.as_str() {
            "elu" | "elue" => ELECTED_OFFICES.contains(&word),
            "parlementaire" => PARLIAMENT_OFFICES.contains(&word),
            _ => false,
        };
        // Roles are attached after attribution; until then the entity's titles are the
        // heads of the descriptions already linked to it ("le député Yves Blein").
        let described_as = |word: &str| word == head || hypernym_of(word);
        // A shared head with different complements is another office ("le chef de l'État",
        // "le chef du gouvernement").
        let role_match = ent.roles.iter().any(|r| {
            let folded = fold_key(r);
            (folded.split(' ').any(described_as) && !complements_differ(&core, &head, &folded))
                || folded.contains(&core)
        }) || ents.mentions[m.saturating_sub(MAX_RECENT_MENTIONS)..m]
            .iter()
            .any(|x| {
                // Only titles (not kinship or other person nouns) written next to the name:
                // a description linked by salience may be wrong, and would pull every later
                // one of the same head along.
                let next_to_name = |t: usize| ents.entity_at(t) == Some(e);
                let titled = next_to_name(x.tokens.end)
                    || (ctx.is_punct(x.tokens.end, ",") && next_to_name(x.tokens.end + 1))
                    || (x.tokens.start >= 2
                        && ctx.is_punct(x.tokens.start - 1, ",")
                        && next_to_name(x.tokens.start - 2));
                x.entity == Some(e)
                    && x.kind == MentionKind::Nominal
                    && titled
                    && dixit_lexicon::title_head(ctx.t(x.head)).is_some()
                    && described_as(&fold_key(ctx.t(x.head)))
                    && !complements_differ(&core, &head, &fold_key(&span_text(ctx, &x.tokens)))
            })
            || (ent.kind == EntityKind::Unnamed
                && fold_key(&ent.name).split(' ').any(|x| x == head));
        if role_match {
            score += w::ROLE_MATCH;
        }
        if ent.kind == EntityKind::Person
            && let Some(p) = ent.kb.and_then(|id| kb.person(id))
        {
            // The full description names the office ("l'ex-ministre de l'Économie"), or
            // at least its title.
            let offices: Vec<String> = p.offices.iter().map(|o| fold_key(&o.title)).collect();
            // "le chef de l'État", "le locataire de Matignon": the office they stand for.
            let periphrase = dixit_lexicon::office_of_periphrase(&core);
            if offices.iter().any(|o| {
                (core.len() > head.len() && o.starts_with(&core))
                    || periphrase.is_some_and(|x| o.starts_with(x))
            }) {
                score += w::KB_OFFICE + w::ROLE_MATCH;
            } else if core == head
                && offices
                    .iter()
                    .any(|o| o.split(' ').any(|x| x == head || hypernym_of(x)))
            {
                // Only a bare title ("le président", "la ministre") matches an office by its
                // head: "le président démocrate" or "le chef du gouvernement" say more than
                // the office shares.
                score += w::KB_OFFICE;
            }
        }
        let generic = mention.class == EntityKind::Person
            && dixit_lexicon::title_head(ctx.t(mention.head)).is_none();
        if generic
            && !role_match
            && mention.sent.saturating_sub(s.last_sent) > GENERIC_WINDOW_SENTENCES
        {
            continue;
        }
        // A description relative to someone named in it ("l'entourage de Manuel Valls",
        // "un proche du ministre Paul Morin") is someone else, known only by its role.
        if !role_match
            && inside
                .iter()
                .any(|&i| ents.kind(i) == Some(EntityKind::Person))
        {
            continue;
        }
        // Outlets and bodies: the most recent one of the kind.
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, e));
        }
    }
    let e = match best {
        Some((score, e)) if score >= w::LINK_THRESHOLD || mention.class != EntityKind::Person => e,
        _ => ents.push_described(kind_new, text, mention.gender, mention.number),
    };
    if let Some(name) = named_body
        && let Some(ent) = ents.list.get_mut(e)
        && ent.kind == EntityKind::Institution
        && !ent.forms.contains(&name)
    {
        ent.forms.push(name);
    }
    e
}

/// The entity the subject of a description's clause designates, when the description is
/// an object or complement in that clause: a description cannot refer to the subject that
/// governs it ("Paul Morin a ironisé sur la lenteur du maire de Bordeaux": the mayor is not
/// Paul Morin). `None` for a subject (or part of one), an apposition, a predicate ("X est
/// le maire", "X est devenu le maire"), or when no parsed subject is a mention.
fn clause_subject_entity(
    doc: &Doc,
    ents: &Entities,
    m: &crate::entities::Mention,
) -> Option<usize> {
    let r = doc.word_at(m.head)?;
    let ss = doc.sent(r.s as usize)?;
    let mut x = r.w as usize;
    if ss.kids_by(x, Deprel::Cop).next().is_some() {
        return None;
    }
    for _ in 0..MAX_CLAUSE_CLIMB {
        match ss.rel(x).base() {
            Deprel::Nsubj | Deprel::Csubj | Deprel::Appos | Deprel::Xcomp | Deprel::Root => {
                return None;
            }
            _ => {}
        }
        let h = ss.head(x)?;
        if matches!(ss.upos(h), Upos::Verb | Upos::Aux)
            || ss.kids_by(h, Deprel::Cop).next().is_some()
        {
            let k = ss
                .kids(h)
                .iter()
                .map(|&k| k as usize)
                .find(|&k| ss.rel(k).base() == Deprel::Nsubj)?;
            let tok = ss.token(k);
            let mention = ents.pronoun_at(tok).or_else(|| ents.mention_at(tok))?;
            return ents.mentions.get(mention).and_then(|x| x.entity);
        }
        x = h;
    }
    None
}

/// The name a definite description of a body gives it when it says which body (for the
/// heads [`dixit_lexicon::is_named_body_head`] lists): from the
/// head to the end of the phrase, when a capitalised word follows the head ("le ministère
/// de l'Intérieur", "la préfecture du Maine-et-Loire", "l'hôpital San Raffaele") or an
/// adjective stands right after it ("l'armée afghane", "le tribunal correctionnel").
/// `None` for a bare head ("le ministère") or any other description.
fn institution_name(doc: &Doc, m: &crate::entities::Mention) -> Option<String> {
    let ctx = &doc.ctx;
    if m.class != EntityKind::Institution
        || m.det != Det::Definite
        || !dixit_lexicon::is_named_body_head(ctx.t(m.head))
    {
        return None;
    }
    // A coordination of two bodies ("le ministère de X et la préfecture de Y") names the
    // first only.
    let end = (m.head + 1..m.tokens.end)
        .find(|&t| {
            ctx.is_punct(t, ",")
                || (ctx.is(t, &["et", "ou"]) && dixit_lexicon::closed::is_determiner(ctx.t(t + 1)))
        })
        .unwrap_or(m.tokens.end);
    let after = m.head + 1..end;
    if after.is_empty() {
        return None;
    }
    let capitalised = after.clone().any(|t| ctx.is_cap(t));
    let adjective = doc.word_at(m.head + 1).is_some_and(|x| {
        doc.sent(x.s as usize).is_some_and(|ss| {
            let w = x.w as usize;
            ss.upos(w) == Upos::Adj
                && ss
                    .word(w)
                    .is_none_or(|x| x.feats.verb_form() != Some(dixit_syntax::VerbForm::Part))
        })
    });
    (capitalised || adjective).then(|| span_text(ctx, &(m.head..end)))
}

/// True when the description core `core` ("porte-parole du ministre") and an unnamed
/// entity's folded wording `name` ("un porte parole de la commission") complement the same head
/// `head` differently; a bare head on either side ("le porte-parole") is compatible.
fn complements_differ(core: &str, head: &str, name: &str) -> bool {
    let words: Vec<&str> = name.split(' ').collect();
    let head: Vec<&str> = head.split(' ').collect();
    let Some(at) = words.windows(head.len()).position(|w| w == head.as_slice()) else {
        return false;
    };
    let theirs: Vec<&str> = words.iter().skip(at + head.len()).copied().collect();
    let ours: Vec<&str> = core.split(' ').skip(head.len()).collect();
    if theirs.is_empty() || ours.is_empty() {
        return false;
    }
    let (short, long) = if ours.len() <= theirs.len() {
        (&ours, &theirs)
    } else {
        (&theirs, &ours)
    };
    !long.starts_with(short)
}

/// True unless the parse shows that the name at token `name` hangs on a complement or a
/// clause of the description headed at token `head` (see [`crate::doc::SentSyntax::designates`]);
/// an unparsed sentence passes.
fn hangs_on_head(doc: &Doc, name: usize, head: usize) -> bool {
    match (doc.word_at(name), doc.word_at(head)) {
        (Some(n), Some(h)) if n.s == h.s => doc
            .sent(n.s as usize)
            .is_none_or(|ss| ss.designates(n.w as usize, h.w as usize)),
        _ => true,
    }
}

/// A description in apposition to a name ("Paul Morin, le porte-parole") or a title just
/// before one ("le député Yves Blein", "la ministre de la Santé, Agnès Buzyn").
fn apposed_name(doc: &Doc, ents: &Entities, m: usize) -> Option<usize> {
    let ctx = &doc.ctx;
    let mention = ents.mentions.get(m)?;
    let person = |t: usize| {
        ents.entity_at(t)
            .filter(|&e| ents.kind(e) == Some(EntityKind::Person))
    };
    // A name right after the description, or after one comma, unless the parse hangs it
    // on a complement ("le porte-parole du ministre | Paul Morin").
    let after = mention.tokens.end;
    if let Some(e) = person(after)
        && hangs_on_head(doc, after, mention.head)
    {
        return Some(e);
    }
    // Past the party or body the title belongs to ("la députée LFI Clémentine Autain",
    // "le centriste (UDI) Yves Jégo").
    if mention.class == EntityKind::Person {
        let mut t = after;
        let paren = ctx.is_punct(t, "(");
        if paren {
            t += 1;
        }
        if let Some(org) = ents.entity_at(t).filter(|&e| {
            matches!(
                ents.kind(e),
                Some(EntityKind::Org | EntityKind::Institution)
            )
        }) {
            while t < ctx.tokens.len() && ents.entity_at(t) == Some(org) {
                t += 1;
            }
            if paren && ctx.is_punct(t, ")") {
                t += 1;
            }
            if let Some(e) = person(t) {
                return Some(e);
            }
        }
    }
    // Past any short aside in parentheses ("le chef de file de LFI (gauche radicale)
    // Jean-Luc Mélenchon").
    if mention.class == EntityKind::Person && ctx.is_punct(after, "(") {
        let close = (after + 1..(after + MAX_ASIDE_TOKENS).min(ctx.tokens.len()))
            .find(|&t| ctx.is_punct(t, ")") || ctx.is_punct(t, "("));
        if let Some(c) = close.filter(|&c| ctx.is_punct(c, ")"))
            && let Some(e) = person(c + 1)
        {
            return Some(e);
        }
    }
    // A body or outlet named right after its description, or after a comma ("la
    // fédération bancaire Febelfin", "la fédération des banques, Febelfin").
    let named_at = if ctx.is_punct(after, ",") {
        after + 1
    } else {
        after
    };
    if matches!(
        mention.class,
        EntityKind::Org | EntityKind::Institution | EntityKind::Media
    ) && let Some(e) = ents.entity_at(named_at).filter(|&e| {
        matches!(
            (mention.class, ents.kind(e)),
            (EntityKind::Media, Some(EntityKind::Media))
                | (
                    EntityKind::Org | EntityKind::Institution,
                    Some(EntityKind::Org | EntityKind::Institution)
                )
        )
    }) {
        return Some(e);
    }
    // Past the initials of the body the title belongs to, in parentheses, and a comma
    // ("le président de l'Union des industries (UFIP), Jean Schil").
    let after = if mention.class == EntityKind::Person && ctx.is_punct(after, "(") {
        (after + 1..(after + MAX_ASIDE_TOKENS).min(ctx.tokens.len()))
            .find(|&t| ctx.is_punct(t, ")") || ctx.is_punct(t, "("))
            .filter(|&c| ctx.is_punct(c, ")") && ctx.is_punct(c + 1, ","))
            .map_or(after, |c| c + 1)
    } else {
        after
    };
    if ctx.is_punct(after, ",") && mention.class == EntityKind::Person {
        // Past a civility ("la procureure, Mme Fatou Bensouda").
        let mut t = after + 1;
        if dixit_lexicon::closed::civility(ctx.t(t)).is_some() {
            t += 1;
        }
        // A description after a preposition, before any finite verb, is a fronted
        // complement, and the name after the comma is the clause's subject ("Interrogé par
        // le juge, Paul Morin a nié"); unless a comma closes the name too ("Selon son
        // producteur, Paul Morin, …").
        let fronted = || {
            mention
                .tokens
                .start
                .checked_sub(1)
                .and_then(|t| doc.word_at(t))
                .and_then(|r| doc.sent(r.s as usize).map(|ss| ss.upos(r.w as usize)))
                == Some(Upos::Adp)
                && !doc.finite_verb_before(mention.tokens.start)
        };
        let closed = || {
            ents.mention_at(t)
                .and_then(|m| ents.mentions.get(m))
                .is_some_and(|m| ctx.closes_apposition(m.tokens.end))
        };
        // A plural description before a comma introduces a list of people ("des
        // militants, Paul Morin et Jacques Lemaire"), not one of them; nor can one whose
        // gender differs from the person's ("l'hommage rendu par le président, Claire
        // Guédon, …").
        if let Some(e) = person(t)
            && mention.number != Some(Number::Plural)
            && (!fronted() || closed())
            && ents.list.get(e).is_none_or(|x| {
                agrees(
                    crate::mentions::marked_gender(ctx, mention),
                    None,
                    x.gender,
                    None,
                )
            })
        {
            return Some(e);
        }
    }
    // The description in apposition after a name and a comma.
    let before = mention.tokens.start;
    if before >= 2 && ctx.is_punct(before - 1, ",") {
        let e = person(before - 2)?;
        // Only when the parse agrees that the description hangs on the name.
        let r = doc.word_at(mention.head)?;
        let ss = doc.sent(r.s as usize)?;
        if ss.rel(r.w as usize).base() == Deprel::Appos {
            return Some(e);
        }
    }
    None
}

/// The entity a pronoun refers to, if any agrees.
fn pronoun(ents: &Entities, seen: &[Seen], cands: &[usize], m: usize) -> Option<usize> {
    let mention = ents.mentions.get(m)?;
    let mut best: Option<(f32, usize)> = None;
    for &e in cands {
        let Some(ent) = ents.list.get(e) else {
            continue;
        };
        let Some(s) = seen.get(e) else { continue };
        if s.last_tok.is_none()
            || mention.sent.saturating_sub(s.last_sent) > PRONOUN_WINDOW_SENTENCES
        {
            continue;
        }
        let plural = mention.number == Some(Number::Plural);
        let kind_ok = match ent.kind {
            EntityKind::Person => !plural,
            EntityKind::Unnamed => true,
            EntityKind::Org | EntityKind::Media => plural,
            EntityKind::Institution => plural,
            EntityKind::Place | EntityKind::Document => false,
        };
        if !kind_ok || !agrees(mention.gender, mention.number, ent.gender, ent.number) {
            continue;
        }
        let score = pronoun_salience(s, mention.sent);
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, e));
        }
    }
    best.map(|(_, e)| e)
}

/// How salient an entity is for a pronoun in sentence `sent`.
fn pronoun_salience(s: &Seen, sent: usize) -> f32 {
    let mut score = pw::DISTANCE * sent.saturating_sub(s.last_sent) as f32;
    if let Some(ss) = s.last_subject_sent {
        let d = sent.saturating_sub(ss) as f32;
        score += (pw::RECENT_SUBJECT - pw::SUBJECT_DECAY * d).max(0.0);
        if ss == sent {
            score += pw::SAME_SENTENCE_SUBJECT;
        }
    }
    if s.last_oblique {
        score += pw::OBLIQUE;
    }
    if s.last_quoted {
        score += pw::QUOTED;
    }
    score + pw::COUNT * (s.count.min(6) as f32)
}

/// A preposition before a mention, "sans" and "selon" included: a phrase they introduce
/// is not the subject a pronoun prefers.
fn is_preposition(w: &str) -> bool {
    dixit_lexicon::closed::is_preposition(w)
        || matches!(w.to_lowercase().as_str(), "sans" | "selon")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_title_of_different_bodies_differs() {
        let core = "porte parole du ministre";
        assert!(complements_differ(
            core,
            "porte parole",
            &fold_key("un porte-parole de la Commission")
        ));
        assert!(!complements_differ(
            core,
            "porte parole",
            &fold_key("un porte-parole")
        ));
        assert!(!complements_differ(
            "porte parole",
            "porte parole",
            &fold_key("un porte-parole de la Commission")
        ));
        assert!(!complements_differ(
            "porte parole du ministre",
            "porte parole",
            &fold_key("le porte-parole du ministre de l'Intérieur")
        ));
    }

    #[test]
    fn agreement_rejects_conflicts_only() {
        use Gender::*;
        assert!(agrees(Some(Feminine), None, None, None));
        assert!(!agrees(Some(Feminine), None, Some(Masculine), None));
        assert!(!agrees(
            None,
            Some(Number::Plural),
            None,
            Some(Number::Singular)
        ));
    }
}

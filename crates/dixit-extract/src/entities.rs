//! Mentions and the entities they refer to: the chains every later stage reads.
//!
//! A mention is a name ("Jean-Marie Le Guen", "Le Guen", "M. Hamon"), a description ("la
//! maire sortante", "l'hebdomadaire", "un responsable du ministère") or a pronoun ("il",
//! "-t-elle"). An entity is a person, outlet, organisation, place, or an unnamed source
//! known only by a description. Names are merged into entities here; descriptions and
//! pronouns are added by [`crate::mentions`] and linked by [`crate::coref`].

use crate::context::Context;
use crate::names::{NameKind, RawName};
use dixit_kb::Kb;
use dixit_lexicon::{Gender, Number, fold_key};
use std::collections::HashMap;
use std::ops::Range;

/// What an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityKind {
    /// A named person.
    Person,
    /// A news outlet.
    Media,
    /// A party, institution, company.
    Org,
    /// A place.
    Place,
    /// A person or group known only by a description ("une source policière").
    Unnamed,
    /// A text: report, letter, study, communiqué.
    Document,
    /// A body designated by a description ("le parquet", "la préfecture").
    Institution,
}

/// How a mention refers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MentionKind {
    /// By name.
    Name,
    /// By a noun phrase.
    Nominal,
    /// By a pronoun.
    Pronoun,
}

/// Determination of a nominal mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Det {
    /// le, la, les, l'.
    Definite,
    /// un, une, des, plusieurs, certains.
    Indefinite,
    /// ce, cette, ces.
    Demonstrative,
    /// son, sa, ses, leur.
    Possessive,
    /// No determiner (names, pronouns, bare nouns).
    None,
}

/// One mention.
#[derive(Debug, Clone)]
pub struct Mention {
    /// Token range of the whole phrase (a name without its civility; a description
    /// from its determiner to its last complement; a pronoun).
    pub tokens: Range<usize>,
    /// Token of the head word (the surname's last token for names).
    pub head: usize,
    /// Sentence.
    pub sent: usize,
    /// Name, description or pronoun.
    pub kind: MentionKind,
    /// What the mention can refer to: `Person` for titles, person nouns and pronouns
    /// (they refer to a named person or to an unnamed one), else the outlet, body, place
    /// or document class of its head.
    pub class: EntityKind,
    /// Grammatical gender, when marked.
    pub gender: Option<Gender>,
    /// Grammatical number, when marked.
    pub number: Option<Number>,
    /// Determination (descriptions).
    pub det: Det,
    /// The entity it refers to, once known.
    pub entity: Option<usize>,
    /// Inside a quotation (the speaker's words, not the narrator's).
    pub quoted: bool,
}

/// A document-level entity.
#[derive(Debug, Clone)]
pub struct Entity {
    /// What it is.
    pub kind: EntityKind,
    /// Fullest name; for an unnamed source, the description as first written.
    pub name: String,
    /// Surname tokens joined by spaces (persons).
    pub last: String,
    /// First name, when given.
    pub first: Option<String>,
    /// Gender, when the text or the KB tells.
    pub gender: Option<Gender>,
    /// Number (plural for collective sources).
    pub number: Option<Number>,
    /// Distinct surface forms of the name mentions.
    pub forms: Vec<String>,
    /// Roles attached in the text, in order found.
    pub roles: Vec<String>,
    /// Knowledge-base id (person, media or organisation table, after `kind`).
    pub kb: Option<u32>,
    /// Indices of its mentions, in text order once [`Entities::finish`] ran.
    pub mentions: Vec<usize>,
}

/// All mentions and entities of a document.
#[derive(Debug, Default)]
pub struct Entities {
    /// Entities in order of creation.
    pub list: Vec<Entity>,
    /// Mentions sorted by first token once [`Entities::finish`] ran.
    pub mentions: Vec<Mention>,
    /// Per token: the name or description mention covering it (innermost).
    pub at: Vec<Option<u32>>,
    /// Mentions `..sorted` are in text order (mentions pushed since the last
    /// [`Entities::finish`] come after).
    pub sorted: usize,
}

/// Roles shorter than this (in chars) are noise ("ex").
const MIN_ROLE_CHARS: usize = 3;

impl Entities {
    /// The mention covering token `i`, if any.
    pub fn mention_at(&self, i: usize) -> Option<usize> {
        self.at.get(i).copied().flatten().map(|m| m as usize)
    }

    /// The entity of the mention covering token `i`.
    pub fn entity_at(&self, i: usize) -> Option<usize> {
        self.mention_at(i)
            .and_then(|m| self.mentions.get(m))
            .and_then(|m| m.entity)
    }

    /// Kind of entity `e`.
    pub fn kind(&self, e: usize) -> Option<EntityKind> {
        self.list.get(e).map(|x| x.kind)
    }

    /// Adds a role to an entity, keeping each wording once and trimming dangling
    /// function words ("député de Paris l'" → "député de Paris").
    pub fn add_role(&mut self, entity: usize, role: &str) {
        let mut role = role.trim().trim_end_matches([',', '.', ';', ':']).trim();
        while let Some((head, last)) = role.rsplit_once(' ') {
            let dangling = matches!(
                last,
                "de" | "du" | "des" | "le" | "la" | "les" | "à" | "au" | "aux" | "et" | "en"
            ) || last.ends_with('\'')
                || last.ends_with('’');
            if !dangling {
                break;
            }
            role = head.trim_end();
        }
        if role.chars().count() < MIN_ROLE_CHARS {
            return;
        }
        if let Some(e) = self.list.get_mut(entity)
            && !e.roles.iter().any(|r| r == role)
        {
            e.roles.push(role.to_owned());
        }
    }

    /// The pronoun mention at token `t`, if any.
    pub fn pronoun_at(&self, t: usize) -> Option<usize> {
        let sorted = self.mentions.get(..self.sorted).unwrap_or(&[]);
        let k = sorted.partition_point(|m| m.tokens.start < t);
        sorted[k..]
            .iter()
            .take_while(|m| m.tokens.start == t)
            .position(|m| m.kind == MentionKind::Pronoun)
            .map(|i| k + i)
    }

    /// The sorted mentions from the first one starting at or after token `t`.
    pub fn sorted_from(&self, t: usize) -> (usize, &[Mention]) {
        let sorted = self.mentions.get(..self.sorted).unwrap_or(&[]);
        let k = sorted.partition_point(|m| m.tokens.start < t);
        (k, &sorted[k..])
    }

    /// Adds a mention and returns its index (call [`Entities::finish`] once all are in).
    pub fn push_mention(&mut self, m: Mention) -> usize {
        self.mentions.push(m);
        self.mentions.len() - 1
    }

    /// Adds an entity known only by the description `text` (kind `Unnamed`, or the
    /// outlet, body or document class of the description).
    pub fn push_described(
        &mut self,
        kind: EntityKind,
        text: String,
        gender: Option<Gender>,
        number: Option<Number>,
    ) -> usize {
        self.list.push(Entity {
            kind,
            name: text,
            last: String::new(),
            first: None,
            gender,
            number,
            forms: Vec::new(),
            roles: Vec::new(),
            kb: None,
            mentions: Vec::new(),
        });
        self.list.len() - 1
    }

    /// Links mention `m` to entity `e`.
    pub fn link(&mut self, m: usize, e: usize) {
        if let Some(x) = self.mentions.get_mut(m) {
            x.entity = Some(e);
        }
    }

    /// Sorts mentions by position, rebuilds the token index and each entity's mention
    /// list; returns where each mention moved (old index → new index).
    pub fn finish(&mut self, n_tokens: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.mentions.len()).collect();
        order.sort_by_key(|&m| (self.mentions[m].tokens.start, self.mentions[m].tokens.end));
        let mut remap = vec![0usize; order.len()];
        for (new, &old) in order.iter().enumerate() {
            remap[old] = new;
        }
        let old = std::mem::take(&mut self.mentions);
        let mut slots: Vec<Option<Mention>> = old.into_iter().map(Some).collect();
        self.mentions = order
            .iter()
            .filter_map(|&o| slots.get_mut(o).and_then(Option::take))
            .collect();
        self.at = vec![None; n_tokens];
        for e in &mut self.list {
            e.mentions.clear();
        }
        for (i, m) in self.mentions.iter().enumerate() {
            if m.kind != MentionKind::Pronoun {
                for t in m.tokens.clone() {
                    if let Some(slot) = self.at.get_mut(t) {
                        // Innermost wins: a name inside a description keeps its own slot.
                        if slot.is_none() || m.kind == MentionKind::Name {
                            *slot = Some(i as u32);
                        }
                    }
                }
            }
            if let Some(e) = m.entity.and_then(|e| self.list.get_mut(e)) {
                e.mentions.push(i);
            }
        }
        self.sorted = self.mentions.len();
        remap
    }
}

/// Links the persons the gazetteer did not (a surname alone, "Fillon"; a name the KB lists
/// under another spelling of the first name) to the KB person `Kb::best_match` picks for
/// their first name, surname and the publication day: never one whose first name or
/// gender conflicts, and only when one candidate is strictly ahead (so "Le Pen" alone,
/// with several Le Pen in office, stays unlinked).
///
/// A surname alone is linked only when nothing else can claim it: not a first name
/// ("Laurent", "Alexandre" are someone's first name far more often than the deputy's
/// surname), not a word in capitals (a headline's "QUI FAIT TACHE"), not shorter than three
/// letters, not after a plural article (a family), and not the surname of another person of
/// the article ("Mme Keller" after "Ska Keller" is her, whoever the KB lists).
pub fn link_kb(ctx: &Context, ents: &mut Entities, kb: &Kb, date: Option<dixit_kb::Date>) {
    // A surname after a plural article is a family ("la bourgeoisie des Fabius", "les Le
    // Pen"), not the one member the KB lists.
    let mut family = vec![false; ents.list.len()];
    for m in ents.mentions.iter().filter(|m| m.kind == MentionKind::Name) {
        let plural = m
            .tokens
            .start
            .checked_sub(1)
            .is_some_and(|t| matches!(ctx.t(t).to_lowercase().as_str(), "des" | "les" | "aux"));
        if plural && let Some(slot) = m.entity.and_then(|e| family.get_mut(e)) {
            *slot = true;
        }
    }
    // The last word of every person's name that has more than one word.
    let surnames: std::collections::HashSet<String> = ents
        .list
        .iter()
        .filter(|e| e.kind == EntityKind::Person)
        .filter_map(|e| {
            let key = fold_key(&e.name);
            let (_, last) = key.rsplit_once(' ')?;
            Some(last.to_owned())
        })
        .collect();
    for (i, e) in ents.list.iter_mut().enumerate() {
        if e.kind != EntityKind::Person || e.kb.is_some() || e.last.is_empty() {
            continue;
        }
        if e.first.is_none()
            && (family.get(i).copied().unwrap_or(false)
                || e.last.chars().filter(|c| c.is_alphabetic()).count() < 3
                // A word in capitals is a headline's word ("QUI FAIT TACHE").
                || !e.last.chars().any(char::is_lowercase)
                || kb.first_name_gender(&e.last).is_some()
                || fold_key(&e.last)
                    .rsplit(' ')
                    .next()
                    .is_some_and(|w| surnames.contains(w)))
        {
            continue;
        }
        let Some(id) = kb.best_match(e.first.as_deref(), &e.last, date) else {
            continue;
        };
        let agrees = kb
            .person(id)
            .is_some_and(|p| e.gender.is_none() || p.gender.is_none() || p.gender == e.gender);
        if agrees {
            e.kb = Some(id);
        }
    }
}

/// Text from the first to the last token of `r`, whitespace collapsed.
pub fn span_text(ctx: &Context, r: &Range<usize>) -> String {
    let raw = ctx
        .text
        .get(ctx.start(r.start)..ctx.end(r.end.saturating_sub(1)))
        .unwrap_or("");
    let mut out = String::with_capacity(raw.len());
    for w in raw.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// A first name without its middle initials ("Donald J." → "Donald"), so that "Donald J.
/// Trump" and "Donald Trump" are one person.
fn without_initials(first: &str) -> String {
    first
        .split(' ')
        .filter(|w| {
            let mut c = w.chars();
            !(c.next().is_some_and(char::is_uppercase) && c.as_str() == ".")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Merges names into entities: persons with a first name first, so that bare surnames and
/// civilities attach to them; homonyms with different first names stay apart (Marine and
/// Jean-Marie Le Pen). Then capitalised tokens equal to a known surname become mentions.
pub fn from_names(ctx: &Context, kb: &Kb, mut raw: Vec<RawName>) -> Entities {
    raw.sort_by_key(|r| r.tokens.start);
    let mut ents = Entities::default();
    let mut person_key: HashMap<String, Vec<usize>> = HashMap::new();
    let mut other_key: HashMap<(NameKind, String), usize> = HashMap::new();
    // First words of the article's longer person names: a one-word name equal to one of
    // them is that person called by first name ("Donald Trump … Donald"), even when the
    // first name is not in the KB's lists.
    let first_words: std::collections::HashSet<String> = raw
        .iter()
        .filter(|r| r.kind == NameKind::Person && r.tokens.len() >= 2)
        .map(|r| fold_key(ctx.t(r.tokens.start)))
        .collect();
    let lone_first_of = |r: &RawName| {
        r.kind == NameKind::Person
            && (r.first_len >= r.tokens.len()
                || (r.tokens.len() == 1 && first_words.contains(&fold_key(ctx.t(r.tokens.start)))))
    };
    let mut order: Vec<usize> = (0..raw.len()).collect();
    // Full names first, then surnames and civilities, then first names alone.
    order.sort_by_key(|&k| {
        let r = &raw[k];
        let lone_first = lone_first_of(r);
        (
            lone_first,
            r.kind != NameKind::Person || r.first_len == 0,
            r.tokens.start,
        )
    });
    let mut entity_of = vec![usize::MAX; raw.len()];
    for k in order {
        let r = &raw[k];
        let surface = span_text(ctx, &r.tokens);
        let lone_first = lone_first_of(r);
        let entity = if lone_first {
            // A first name alone: the person of that first name named before, else its own.
            let key = fold_key(&surface);
            let prior = ents
                .list
                .iter()
                .enumerate()
                .rev()
                .find(|(_, e)| {
                    e.kind == EntityKind::Person
                        && match e.first.as_deref() {
                            Some(f) => fold_key(f) == key,
                            // A full name whose first name the KB does not list.
                            None => e
                                .name
                                .split_once(' ')
                                .is_some_and(|(f, _)| fold_key(f) == key),
                        }
                })
                .map(|(i, _)| i);
            match prior {
                Some(e) => e,
                None => {
                    ents.list.push(Entity {
                        kind: EntityKind::Person,
                        name: surface.clone(),
                        last: String::new(),
                        first: Some(surface.clone()),
                        gender: kb.first_name_gender(&surface),
                        number: Some(Number::Singular),
                        forms: Vec::new(),
                        roles: Vec::new(),
                        kb: None,
                        mentions: Vec::new(),
                    });
                    ents.list.len() - 1
                }
            }
        } else if r.kind == NameKind::Person {
            // As written ("Jeanne d’Hauteserre"), not token by token with spaces.
            let first_len = r.first_len.min(r.tokens.len().saturating_sub(1));
            let split = r.tokens.start + first_len;
            let last = span_text(ctx, &(split..r.tokens.end));
            let first = (first_len > 0).then(|| span_text(ctx, &(r.tokens.start..split)));
            let key = fold_key(&last);
            let given = first.as_deref().map(|f| fold_key(&without_initials(f)));
            let existing = person_key.get(&key).and_then(|cands| {
                // The most recent compatible homonym ("Marine Le Pen … Le Pen").
                cands.iter().rev().copied().find(|&e| {
                    let ent = &ents.list[e];
                    match (&ent.first, &given) {
                        (Some(a), Some(b)) => fold_key(&without_initials(a)) == *b,
                        _ => true,
                    }
                })
            });
            match existing {
                Some(e) => e,
                None => {
                    let name = match &first {
                        Some(f) => format!("{f} {last}"),
                        None => last.clone(),
                    };
                    let kb_gender =
                        r.kb.and_then(|id| kb.person(id))
                            .and_then(|p| p.gender)
                            .or_else(|| {
                                first.as_deref().and_then(|f| {
                                    kb.first_name_gender(f.split([' ', '-']).next().unwrap_or(f))
                                })
                            });
                    let gender = r.civility.flatten().or(kb_gender);
                    ents.list.push(Entity {
                        kind: EntityKind::Person,
                        name,
                        last: last.clone(),
                        first,
                        gender,
                        number: Some(Number::Singular),
                        forms: Vec::new(),
                        roles: Vec::new(),
                        kb: r.kb,
                        mentions: Vec::new(),
                    });
                    let e = ents.list.len() - 1;
                    person_key.entry(key).or_default().push(e);
                    e
                }
            }
        } else {
            let key = (r.kind, fold_key(&surface));
            *other_key.entry(key).or_insert_with(|| {
                ents.list.push(Entity {
                    kind: match r.kind {
                        NameKind::Media => EntityKind::Media,
                        NameKind::Org => EntityKind::Org,
                        NameKind::Place => EntityKind::Place,
                        NameKind::Person => EntityKind::Person,
                    },
                    name: surface.clone(),
                    last: String::new(),
                    first: None,
                    gender: None,
                    number: None,
                    forms: Vec::new(),
                    roles: Vec::new(),
                    kb: r.kb,
                    mentions: Vec::new(),
                });
                ents.list.len() - 1
            })
        };
        entity_of[k] = entity;
        let form = match r.civility {
            Some(_) if r.tokens.start > 0 => format!("{} {}", ctx.t(r.tokens.start - 1), surface),
            _ => surface,
        };
        let ent = &mut ents.list[entity];
        if !ent.forms.contains(&form) {
            ent.forms.push(form);
        }
        if ent.kb.is_none() {
            ent.kb = r.kb;
        }
        if ent.gender.is_none() {
            ent.gender = r.civility.flatten();
        }
    }
    for (k, r) in raw.iter().enumerate() {
        let e = entity_of[k];
        let class = ents.list.get(e).map_or(EntityKind::Person, |x| x.kind);
        let gender = ents.list.get(e).and_then(|x| x.gender);
        ents.push_mention(Mention {
            tokens: r.tokens.clone(),
            head: r.tokens.end.saturating_sub(1),
            sent: ctx.sent_of.get(r.tokens.start).copied().unwrap_or(0) as usize,
            kind: MentionKind::Name,
            class,
            gender,
            number: Some(Number::Singular),
            det: Det::None,
            entity: Some(e),
            quoted: ctx.depth.get(r.tokens.start).is_some_and(|&d| d > 0),
        });
    }
    ents.finish(ctx.tokens.len());
    surname_mentions(ctx, &mut ents);
    ents
}

/// Longest surname, in tokens, looked up as a bare mention.
const MAX_SURNAME_TOKENS: usize = 4;

/// Capitalised tokens equal to a known person's surname become mentions of that person;
/// between homonyms, the one mentioned most recently before.
fn surname_mentions(ctx: &Context, ents: &mut Entities) {
    let mut by_last: HashMap<String, Vec<usize>> = HashMap::new();
    for (e, ent) in ents.list.iter().enumerate() {
        if ent.kind == EntityKind::Person && !ent.last.is_empty() {
            by_last.entry(fold_key(&ent.last)).or_default().push(e);
        }
    }
    if by_last.is_empty() {
        return;
    }
    let max_len = ents
        .list
        .iter()
        .map(|e| e.last.split(' ').count())
        .max()
        .unwrap_or(1)
        .min(MAX_SURNAME_TOKENS);
    // Position of each entity's mentions, to pick the most recent homonym.
    let first_at: Vec<Vec<usize>> = ents
        .list
        .iter()
        .map(|e| {
            e.mentions
                .iter()
                .filter_map(|&m| ents.mentions.get(m).map(|x| x.tokens.start))
                .collect()
        })
        .collect();
    let n = ctx.tokens.len();
    // A place or body the statistical model proposed ("Montebourg" read as the town) that
    // is exactly a person's surname of the article is that person.
    let overridable = |ents: &Entities, k: usize| {
        ents.mention_at(k)
            .and_then(|m| ents.mentions.get(m))
            .is_some_and(|m| {
                m.kind == MentionKind::Name
                    && m.entity.and_then(|e| ents.list.get(e)).is_some_and(|e| {
                        matches!(e.kind, EntityKind::Place | EntityKind::Org) && e.kb.is_none()
                    })
            })
    };
    let mut relinked: Vec<(usize, usize)> = Vec::new();
    let mut added: Vec<(Range<usize>, usize)> = Vec::new();
    let mut key = String::new();
    let mut i = 0;
    while i < n {
        if (ents.at[i].is_some() && !overridable(ents, i)) || !ctx.is_cap(i) {
            i += 1;
            continue;
        }
        let mut hit = None;
        for len in (1..=max_len).rev() {
            if i + len > n || (i..i + len).any(|k| ents.at[k].is_some() && !overridable(ents, k)) {
                continue;
            }
            key.clear();
            for k in i..i + len {
                if k > i {
                    key.push(' ');
                }
                key.push_str(ctx.t(k));
            }
            if let Some(cands) = by_last.get(&fold_key(&key)) {
                let before = |e: usize| {
                    first_at
                        .get(e)
                        .and_then(|v| v.iter().filter(|&&s| s < i).max().copied())
                };
                let pick = cands
                    .iter()
                    .copied()
                    .filter(|&e| before(e).is_some())
                    .max_by_key(|&e| before(e))
                    .or_else(|| cands.first().copied());
                if let Some(e) = pick {
                    hit = Some((i..i + len, e));
                    break;
                }
            }
        }
        match hit {
            Some((r, e)) => {
                i = r.end;
                // The model's mention over exactly these tokens changes entity; one over
                // other tokens too keeps its own.
                match ents.mention_at(r.start) {
                    Some(m) if ents.mentions.get(m).is_some_and(|x| x.tokens == r) => {
                        relinked.push((m, e))
                    }
                    Some(_) => {}
                    None => added.push((r, e)),
                }
            }
            None => i += 1,
        }
    }
    for (m, e) in relinked {
        let form = ents.mentions.get(m).map(|x| span_text(ctx, &x.tokens));
        if let Some(x) = ents.mentions.get_mut(m) {
            x.entity = Some(e);
            x.class = EntityKind::Person;
        }
        if let (Some(form), Some(ent)) = (form, ents.list.get_mut(e))
            && !ent.forms.contains(&form)
        {
            ent.forms.push(form);
        }
    }
    for (r, e) in added {
        let form = span_text(ctx, &r);
        let gender = ents.list.get(e).and_then(|x| x.gender);
        if let Some(ent) = ents.list.get_mut(e)
            && !ent.forms.contains(&form)
        {
            ent.forms.push(form);
        }
        ents.push_mention(Mention {
            head: r.end.saturating_sub(1),
            sent: ctx.sent_of.get(r.start).copied().unwrap_or(0) as usize,
            quoted: ctx.depth.get(r.start).is_some_and(|&d| d > 0),
            tokens: r,
            kind: MentionKind::Name,
            class: EntityKind::Person,
            gender,
            number: Some(Number::Singular),
            det: Det::None,
            entity: Some(e),
        });
    }
    ents.finish(n);
}

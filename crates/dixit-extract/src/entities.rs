//! Entity mentions (persons, media, organisations, places) and their merging into
//! document-level entities with roles.
//!
//! Precedence, strongest first: knowledge-base gazetteer (an outlet or party named in
//! the KB is never re-read as a person), name patterns (known first name or civility +
//! capitalised surname), the statistical NER model for names neither knows, then
//! bare-surname mentions of persons already found anywhere in the document.

use crate::context::Context;
use crate::quotes::FoundQuote;
use crate::words::{self, Gender};
use dixit_kb::{EntityKind, Kb};
use dixit_model::{ArticleRecord, Document, Named, Person, Span};
use dixit_text::token::TokenKind;
use std::collections::HashMap;
use std::ops::Range;

/// What a mention refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EKind {
    /// A person.
    Person,
    /// A news outlet.
    Media,
    /// A party, institution, company.
    Org,
    /// A place.
    Place,
}

/// One occurrence of an entity in the text.
#[derive(Debug, Clone)]
pub struct Mention {
    /// Token range.
    pub tok: Range<usize>,
    /// Entity index in [`Entities::list`].
    pub entity: usize,
}

/// A document-level entity.
#[derive(Debug, Clone)]
pub struct Entity {
    /// Kind.
    pub kind: EKind,
    /// Fullest surface form.
    pub name: String,
    /// Surname tokens joined by spaces (persons).
    pub last: String,
    /// First name, when given.
    pub first: Option<String>,
    /// Gender, when the text or KB tells.
    pub gender: Gender,
    /// Distinct surface forms.
    pub forms: Vec<String>,
    /// Roles attached in the text.
    pub roles: Vec<String>,
    /// Knowledge-base id.
    pub kb: Option<u32>,
    /// Byte spans of mentions.
    pub spans: Vec<Span>,
}

/// All mentions and entities of a document.
#[derive(Debug, Default)]
pub struct Entities {
    /// Entities in order of creation.
    pub list: Vec<Entity>,
    /// Mentions sorted by first token.
    pub mentions: Vec<Mention>,
    /// Per token: index into `mentions`.
    pub at: Vec<Option<u32>>,
}

impl Entities {
    /// The mention covering token `i`, if any.
    pub fn mention_at(&self, i: usize) -> Option<&Mention> {
        self.at
            .get(i)
            .copied()
            .flatten()
            .and_then(|m| self.mentions.get(m as usize))
    }

    /// The entity of the mention covering token `i`.
    pub fn entity_at(&self, i: usize) -> Option<(usize, &Entity)> {
        let m = self.mention_at(i)?;
        self.list.get(m.entity).map(|e| (m.entity, e))
    }

    /// Adds a role to a person, keeping each role once.
    pub fn add_role(&mut self, entity: usize, role: &str) {
        let mut role = role.trim().trim_end_matches([',', '.', ';']).trim();
        // A role never ends with a preposition, article or elision ("député de Paris l'").
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
        if role.chars().count() < 3 {
            return;
        }
        if let Some(e) = self.list.get_mut(entity)
            && !e.roles.iter().any(|r| r == role)
        {
            e.roles.push(role.to_owned());
        }
    }
}

struct Builder<'c, 'a> {
    ctx: &'c Context<'a>,
    kb: &'static Kb,
    taken: Vec<bool>,
    raw: Vec<(Range<usize>, EKind, RawInfo)>,
}

#[derive(Clone, Default)]
struct RawInfo {
    kb: Option<u32>,
    first_len: usize,
    civility: Option<Gender>,
}

/// Finds every entity mention of the document and merges them into entities.
pub fn find(ctx: &Context) -> Entities {
    let kb = Kb::embedded();
    let mut b = Builder {
        ctx,
        kb,
        taken: vec![false; ctx.tokens.len()],
        raw: Vec::new(),
    };
    b.gazetteer();
    b.media_patterns();
    b.name_patterns();
    b.ner();
    let mut ents = b.merge();
    surname_mentions(ctx, &mut ents);
    roles(ctx, &mut ents);
    ents
}

impl Builder<'_, '_> {
    fn free(&self, r: &Range<usize>) -> bool {
        r.clone()
            .all(|i| !self.taken.get(i).copied().unwrap_or(true))
    }

    fn push(&mut self, r: Range<usize>, kind: EKind, info: RawInfo) {
        for i in r.clone() {
            if let Some(t) = self.taken.get_mut(i) {
                *t = true;
            }
        }
        self.raw.push((r, kind, info));
    }

    /// Token range exactly covering bytes `start..end`, if token boundaries agree.
    fn tokens_for(&self, start: usize, end: usize) -> Option<Range<usize>> {
        let toks = &self.ctx.tokens;
        let a = toks.partition_point(|t| (t.start as usize) < start);
        let b = toks.partition_point(|t| (t.end as usize) <= end);
        let first = toks.get(a)?;
        if first.start as usize != start || b <= a {
            return None;
        }
        let last = toks.get(b - 1)?;
        (last.end as usize == end).then_some(a..b)
    }

    fn gazetteer(&mut self) {
        for m in self.kb.find(self.ctx.text) {
            let Some(r) = self.tokens_for(m.start, m.end) else {
                continue;
            };
            if !self.free(&r) || self.ctx.depth_inside_title_case(&r) {
                continue;
            }
            let kind = match m.kind {
                EntityKind::Person => EKind::Person,
                EntityKind::Media => EKind::Media,
                EntityKind::Party | EntityKind::Organization => EKind::Org,
            };
            let first_len = if kind == EKind::Person {
                self.kb
                    .person(m.id)
                    .map_or(1, |p| p.first_name.split_whitespace().count().max(1))
            } else {
                0
            };
            self.push(
                r,
                kind,
                RawInfo {
                    kb: Some(m.id),
                    first_len,
                    civility: None,
                },
            );
        }
    }

    /// Outlets the KB does not know, announced by a media noun ("le quotidien X").
    fn media_patterns(&mut self) {
        let ctx = self.ctx;
        for i in 0..ctx.tokens.len() {
            let w = ctx.t(i).to_lowercase();
            let media_noun = matches!(
                w.as_str(),
                "quotidien"
                    | "hebdomadaire"
                    | "mensuel"
                    | "magazine"
                    | "journal"
                    | "radio"
                    | "chaîne"
                    | "site"
                    | "agence"
                    | "télévision"
                    | "quotidiens"
                    | "journaux"
            );
            if !media_noun || !ctx.is_cap(i + 1) {
                continue;
            }
            let mut j = i + 1;
            while j < ctx.tokens.len()
                && (ctx.is_cap(j) || (ctx.is(j, &["de", "du", "des"]) && ctx.is_cap(j + 1)))
            {
                j += 1;
                if j - i > 5 {
                    break;
                }
            }
            let r = i + 1..j;
            if self.free(&r) {
                self.push(r, EKind::Media, RawInfo::default());
            }
        }
    }

    fn is_name_word(&self, i: usize) -> bool {
        let ctx = self.ctx;
        if !ctx.is_cap(i) {
            return false;
        }
        let t = ctx.t(i);
        !words::is_function_word(t) && !words::is_calendar_word(t)
    }

    fn name_patterns(&mut self) {
        let ctx = self.ctx;
        let n = ctx.tokens.len();
        let mut i = 0;
        while i < n {
            let t = ctx.t(i);
            let civ = if matches!(ctx.kind(i), Some(TokenKind::Abbrev) | Some(TokenKind::Word)) {
                words::civility(t)
            } else {
                None
            };
            let first = civ.is_none() && self.is_name_word(i) && self.kb.is_first_name(t);
            if (civ.is_none() && !first) || (i > 0 && words::is_place_noun(ctx.t(i - 1))) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            // A second given name ("Jean Pierre", "Marie Noëlle").
            let mut first_len = usize::from(first);
            if first && self.kb.is_first_name(ctx.t(j)) && self.is_name_word(j + 1) {
                j += 1;
                first_len = 2;
            }
            let surname_start = j;
            loop {
                if self.is_name_word(j) {
                    j += 1;
                } else if words::is_name_particle(ctx.t(j)) && self.is_name_word(j + 1) {
                    // "Le Guen", "de Villepin": a particle joins the next capitalised word.
                    j += 2;
                } else {
                    break;
                }
                if j - i > 6 {
                    break;
                }
            }
            if j == surname_start || j - i > 6 {
                i += 1;
                continue;
            }
            // An all-capitals single token after a first name is usually an acronym ("Manuel PS").
            let range = if civ.is_some() { i + 1..j } else { i..j };
            if self.free(&(i..j)) {
                self.push(
                    range,
                    EKind::Person,
                    RawInfo {
                        kb: None,
                        first_len: if civ.is_some() { 0 } else { first_len },
                        civility: civ,
                    },
                );
            }
            i = j;
        }
    }

    /// Names the gazetteer and the patterns missed, proposed by the NER model.
    fn ner(&mut self) {
        let Some(model) = dixit_ner::Model::embedded() else {
            return;
        };
        let ctx = self.ctx;
        let mut words: Vec<&str> = Vec::new();
        let mut tags = Vec::new();
        for s in &ctx.sentences {
            words.clear();
            words.extend(s.tokens.clone().map(|i| ctx.t(i)));
            model.tag_into(&words, &mut tags);
            let mut k = 0;
            while k < tags.len() {
                let Some(kind) = tags[k].entity() else {
                    k += 1;
                    continue;
                };
                let mut e = k + 1;
                while e < tags.len() && tags[e].is_inside() && tags[e].entity() == Some(kind) {
                    e += 1;
                }
                let r = s.tokens.start + k..s.tokens.start + e;
                k = e;
                let Some(r) = self.trim_ner_span(r, kind == dixit_ner::EntityType::Per) else {
                    continue;
                };
                if !self.free(&r) {
                    continue;
                }
                let ek = match kind {
                    dixit_ner::EntityType::Per => EKind::Person,
                    dixit_ner::EntityType::Org => EKind::Org,
                    dixit_ner::EntityType::Loc => EKind::Place,
                    dixit_ner::EntityType::Misc => continue,
                };
                if ek == EKind::Person {
                    // A one-word PER is kept only if it looks like a name, not a sentence-initial word.
                    let first = r.start;
                    if !self.is_name_word(first)
                        || (r.len() == 1 && ctx.sentence_range(first).start == first)
                        || dixit_lexicon::title_head(ctx.t(first)).is_some()
                        || ctx.is(first, &["Premier", "Première"])
                    {
                        continue;
                    }
                    // "l'élue de Seine-Saint-Denis", "maire de Bordeaux": a place after a title.
                    let after_title_de = first >= 2
                        && ctx.is(first - 1, &["de", "d'", "d’", "du"])
                        && dixit_lexicon::title_head(ctx.t(first - 2)).is_some();
                    if after_title_de && !self.kb.is_first_name(ctx.t(first)) {
                        self.push(r, EKind::Place, RawInfo::default());
                        continue;
                    }
                    let first_len = usize::from(r.len() > 1 && self.kb.is_first_name(ctx.t(first)));
                    self.push(
                        r,
                        ek,
                        RawInfo {
                            kb: None,
                            first_len,
                            civility: None,
                        },
                    );
                } else {
                    self.push(r, ek, RawInfo::default());
                }
            }
        }
    }

    /// Model spans cut to their capitalised core: no leading determiner, no trailing
    /// punctuation, verb or elision; inside a person's name only particles may be lowercase.
    fn trim_ner_span(&self, r: Range<usize>, person: bool) -> Option<Range<usize>> {
        let ctx = self.ctx;
        let ok =
            |i: usize| ctx.is_cap(i) || (!person && matches!(ctx.kind(i), Some(TokenKind::Number)));
        let mut a = r.start;
        let mut b = r.end;
        while a < b && !ok(a) {
            a += 1;
        }
        while b > a && !ok(b - 1) {
            b -= 1;
        }
        if a >= b {
            return None;
        }
        if person {
            if let Some(cut) =
                (a..b).find(|&i| !ctx.is_cap(i) && !words::is_name_particle(ctx.t(i)))
            {
                b = cut;
                while b > a && !ctx.is_cap(b - 1) {
                    b -= 1;
                }
            }
        } else if (a..b).any(|i| {
            ctx.is_punct(i, ",")
                || ctx.is_punct(i, ".")
                || ctx.marks.get(i).copied().flatten().is_some()
        }) {
            return None;
        }
        let all_function = (a..b).all(|i| words::is_function_word(ctx.t(i)));
        (a < b && !all_function).then_some(a..b)
    }

    fn merge(self) -> Entities {
        let ctx = self.ctx;
        let mut raw = self.raw;
        raw.sort_by_key(|(r, _, _)| r.start);
        let mut ents = Entities {
            at: vec![None; ctx.tokens.len()],
            ..Entities::default()
        };
        // Persons with a first name first, so that bare surnames and civilities attach to them.
        let mut person_key: HashMap<String, usize> = HashMap::new();
        let mut other_key: HashMap<(EKind, String), usize> = HashMap::new();
        let mut order: Vec<usize> = (0..raw.len()).collect();
        order.sort_by_key(|&k| {
            (
                raw[k].1 != EKind::Person || raw[k].2.first_len == 0,
                raw[k].0.start,
            )
        });
        let mut mention_entity = vec![usize::MAX; raw.len()];
        for k in order {
            let (r, kind, info) = &raw[k];
            let surface = span_text(ctx, r);
            let entity = if *kind == EKind::Person {
                let toks: Vec<&str> = r.clone().map(|i| ctx.t(i)).collect();
                let first_len = info.first_len.min(toks.len().saturating_sub(1));
                let last = toks[first_len..].join(" ");
                let first = (first_len > 0).then(|| toks[..first_len].join(" "));
                let key = fold(&last);
                let existing = person_key.get(&key).copied().filter(|&e| {
                    let ent = &ents.list[e];
                    match (&ent.first, &first) {
                        (Some(a), Some(b)) => fold(a) == fold(b),
                        _ => true,
                    }
                });
                match existing {
                    Some(e) => e,
                    None => {
                        let name = match &first {
                            Some(f) => format!("{f} {last}"),
                            None => last.clone(),
                        };
                        let kb_gender = info
                            .kb
                            .and_then(|id| self.kb.person(id))
                            .and_then(|p| p.gender)
                            .or_else(|| {
                                first.as_deref().and_then(|f| {
                                    self.kb
                                        .first_name_gender(f.split([' ', '-']).next().unwrap_or(f))
                                })
                            });
                        let gender = match (info.civility, kb_gender) {
                            (Some(g), _) if g != Gender::Unknown => g,
                            (_, Some(dixit_kb::Gender::Male)) => Gender::Male,
                            (_, Some(dixit_kb::Gender::Female)) => Gender::Female,
                            _ => Gender::Unknown,
                        };
                        ents.list.push(Entity {
                            kind: EKind::Person,
                            name,
                            last: last.clone(),
                            first,
                            gender,
                            forms: Vec::new(),
                            roles: Vec::new(),
                            kb: info.kb,
                            spans: Vec::new(),
                        });
                        let e = ents.list.len() - 1;
                        person_key.entry(key).or_insert(e);
                        e
                    }
                }
            } else {
                let key = (*kind, fold(&surface));
                *other_key.entry(key).or_insert_with(|| {
                    ents.list.push(Entity {
                        kind: *kind,
                        name: surface.clone(),
                        last: String::new(),
                        first: None,
                        gender: Gender::Unknown,
                        forms: Vec::new(),
                        roles: Vec::new(),
                        kb: info.kb,
                        spans: Vec::new(),
                    });
                    ents.list.len() - 1
                })
            };
            mention_entity[k] = entity;
            let form = if info.civility.is_some() && r.start > 0 {
                format!("{} {}", ctx.t(r.start - 1), surface)
            } else {
                surface
            };
            let ent = &mut ents.list[entity];
            if !ent.forms.contains(&form) {
                ent.forms.push(form);
            }
            if ent.kb.is_none() {
                ent.kb = info.kb;
            }
            if ent.gender == Gender::Unknown
                && let Some(g) = info.civility
            {
                ent.gender = g;
            }
        }
        for (k, (r, _, _)) in raw.into_iter().enumerate() {
            add_mention(&mut ents, ctx, r, mention_entity[k]);
        }
        ents
    }
}

fn add_mention(ents: &mut Entities, ctx: &Context, r: Range<usize>, entity: usize) {
    let idx = ents.mentions.len() as u32;
    for i in r.clone() {
        if let Some(slot) = ents.at.get_mut(i) {
            *slot = Some(idx);
        }
    }
    if let Some(e) = ents.list.get_mut(entity) {
        e.spans.push(Span::new(
            ctx.start(r.start),
            ctx.end(r.end.saturating_sub(1)),
        ));
    }
    ents.mentions.push(Mention { tok: r, entity });
}

impl Context<'_> {
    /// Gazetteer hits inside a capitalised run longer than the hit are part of another name
    /// ("Front national" inside "Front national de la jeunesse" is fine, but "Marianne" in
    /// "Marianne Dupont" is not an outlet).
    fn depth_inside_title_case(&self, r: &Range<usize>) -> bool {
        r.len() == 1
            && self.is_cap(r.end)
            && !words::is_function_word(self.t(r.end))
            && self.is_cap(r.start)
            && !self.t(r.start).chars().all(|c| c.is_uppercase())
    }
}

/// Text from the first to the last token of `r`.
pub fn span_text(ctx: &Context, r: &Range<usize>) -> String {
    ctx.text
        .get(ctx.start(r.start)..ctx.end(r.end.saturating_sub(1)))
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Accent- and case-insensitive key.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = match c {
            'à' | 'â' | 'ä' | 'À' | 'Â' | 'Ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
            'î' | 'ï' | 'Î' | 'Ï' => 'i',
            'ô' | 'ö' | 'Ô' | 'Ö' => 'o',
            'ù' | 'û' | 'ü' | 'Ù' | 'Û' | 'Ü' => 'u',
            'ç' | 'Ç' => 'c',
            '’' => '\'',
            '-' => ' ',
            c => c,
        };
        out.extend(c.to_lowercase());
    }
    out
}

/// Capitalised tokens equal to a known person's surname become mentions of that person.
fn surname_mentions(ctx: &Context, ents: &mut Entities) {
    let mut by_last: HashMap<String, Vec<usize>> = HashMap::new();
    for (e, ent) in ents.list.iter().enumerate() {
        if ent.kind == EKind::Person && !ent.last.is_empty() {
            by_last.entry(fold(&ent.last)).or_default().push(e);
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
        .min(4);
    let mut i = 0;
    let n = ctx.tokens.len();
    let mut added: Vec<(Range<usize>, usize)> = Vec::new();
    while i < n {
        if ents.at[i].is_some() || !ctx.is_cap(i) {
            i += 1;
            continue;
        }
        let mut hit = None;
        for len in (1..=max_len).rev() {
            if i + len > n || (i..i + len).any(|k| ents.at[k].is_some()) {
                continue;
            }
            let key = fold(&(i..i + len).map(|k| ctx.t(k)).collect::<Vec<_>>().join(" "));
            if let Some(cands) = by_last.get(&key) {
                // Homonyms: the one mentioned most recently before, else the first.
                let pick = cands
                    .iter()
                    .copied()
                    .filter(|&e| ents.list[e].spans.iter().any(|s| s.start < ctx.start(i)))
                    .max_by_key(|&e| {
                        ents.list[e]
                            .spans
                            .iter()
                            .filter(|s| s.start < ctx.start(i))
                            .map(|s| s.start)
                            .max()
                    })
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
                added.push((r, e));
            }
            None => i += 1,
        }
    }
    for (r, e) in added {
        let form = span_text(ctx, &r);
        if let Some(ent) = ents.list.get_mut(e)
            && !ent.forms.contains(&form)
        {
            ent.forms.push(form);
        }
        add_mention(ents, ctx, r, e);
    }
    // Keep mentions sorted by position and the token index coherent.
    let mut order: Vec<usize> = (0..ents.mentions.len()).collect();
    order.sort_by_key(|&m| ents.mentions[m].tok.start);
    let old = std::mem::take(&mut ents.mentions);
    ents.at = vec![None; n];
    for (new_idx, &m) in order.iter().enumerate() {
        for i in old[m].tok.clone() {
            if let Some(slot) = ents.at.get_mut(i) {
                *slot = Some(new_idx as u32);
            }
        }
    }
    ents.mentions = order.into_iter().map(|m| old[m].clone()).collect();
}

/// Title prefixes ("le député Yves Blein") and appositions ("Jean-Marie Le Guen, secrétaire
/// d'État au Développement, a…") become roles of the person.
fn roles(ctx: &Context, ents: &mut Entities) {
    let mentions: Vec<(Range<usize>, usize)> = ents
        .mentions
        .iter()
        .filter(|m| {
            ents.list
                .get(m.entity)
                .is_some_and(|e| e.kind == EKind::Person)
        })
        .map(|m| (m.tok.clone(), m.entity))
        .collect();
    for (r, e) in mentions {
        if let Some(role) = prefix_role(ctx, ents, r.start) {
            ents.add_role(e, &role);
        }
        if let Some(role) = apposition_role(ctx, ents, r.end) {
            ents.add_role(e, &role);
        }
    }
    anaphoric_roles(ctx, ents);
}

/// Token index where a title starts inside `lo..hi`, with its "ancien"/"ex-" modifiers.
pub fn title_start(ctx: &Context, lo: usize, hi: usize) -> Option<usize> {
    for h in lo..hi {
        let w = ctx.t(h);
        let w = w
            .strip_prefix("ex-")
            .or_else(|| w.strip_prefix("Ex-"))
            .unwrap_or(w);
        let words: Vec<&str> = (h..hi.min(h + 4)).map(|k| ctx.t(k)).collect();
        if dixit_lexicon::title_at(&words).is_some() || dixit_lexicon::title_head(w).is_some() {
            let mut s = h;
            while s > lo && is_title_modifier(ctx.t(s - 1)) {
                s -= 1;
            }
            return Some(s);
        }
        if !is_title_modifier(w) {
            return None;
        }
    }
    None
}

fn is_title_modifier(w: &str) -> bool {
    let l = w.to_lowercase();
    matches!(
        l.as_str(),
        "ancien"
            | "ancienne"
            | "anciens"
            | "ex"
            | "actuel"
            | "actuelle"
            | "futur"
            | "future"
            | "nouveau"
            | "nouvel"
            | "nouvelle"
            | "premier"
            | "première"
            | "jeune"
            | "puissant"
            | "puissante"
            | "influent"
            | "influente"
            | "éphémère"
            | "très"
            | "éternel"
    ) || l.starts_with("ex-")
}

fn prefix_role(ctx: &Context, ents: &Entities, name_start: usize) -> Option<String> {
    // The window left of the name: words up to punctuation, a verb or another person.
    let sent = ctx.sentence_range(name_start);
    let mut k = name_start;
    while k > sent.start && name_start - k < 10 {
        let p = k - 1;
        if !matches!(
            ctx.kind(p),
            Some(TokenKind::Word) | Some(TokenKind::Elision)
        ) || ents
            .entity_at(p)
            .is_some_and(|(_, e)| e.kind == EKind::Person)
            || dixit_lexicon::cue(ctx.t(p)).is_some_and(|c| c.finite)
            || dixit_lexicon::is_auxiliary(ctx.t(p))
        {
            break;
        }
        k = p;
    }
    // The leftmost title head opened by a determiner (or the window start) gives the role:
    // "le premier secrétaire du PS Jean-Christophe Cambadélis" → "premier secrétaire du PS".
    // "… fuient vers Emmanuel Macron": a preposition before the name ends any title.
    if name_start > 0 && is_preposition_word(ctx.t(name_start - 1)) {
        return None;
    }
    for h in k..name_start {
        if dixit_lexicon::title_head(ctx.t(h))
            .is_some_and(|t| t.number == dixit_lexicon::Number::Plural)
        {
            continue;
        }
        let opened =
            h == k || words::is_determiner(ctx.t(h - 1)) || ctx.is(h - 1, &["de", "d'", "d’"]);
        if !opened {
            continue;
        }
        if let Some(s) = title_start(ctx, h, name_start) {
            if s != h {
                continue;
            }
            let text = span_text(ctx, &(s..name_start));
            return Some(text);
        }
    }
    None
}

/// Definite titles standing for a person named elsewhere ("l'ancien Premier ministre",
/// "le candidat socialiste", "l'élu du Rhône") become that person's roles when the
/// knowledge base gives the person such an office, or when the person is the subject of
/// the previous sentence.
fn anaphoric_roles(ctx: &Context, ents: &mut Entities) {
    let kb = Kb::embedded();
    let n = ctx.tokens.len();
    let mut found: Vec<(usize, String)> = Vec::new();
    let mut i = 0;
    while i < n {
        let det = ctx.is_lc(i, "le") || ctx.is_lc(i, "la") || ctx.is(i, &["l'", "l’", "L'", "L’"]);
        if !det || ctx.depth[i] > 0 {
            i += 1;
            continue;
        }
        let h = i + 1;
        let Some(s) = title_start(ctx, h, (h + 3).min(n)) else {
            i += 1;
            continue;
        };
        if s != h {
            i += 1;
            continue;
        }
        // The phrase: title head and its complement, up to punctuation, a verb or a name.
        let sent = ctx.sentence_range(i);
        let mut e = h + 1;
        while e < sent.end && e - h < 8 {
            let w = ctx.t(e);
            if !matches!(
                ctx.kind(e),
                Some(TokenKind::Word) | Some(TokenKind::Elision)
            ) || dixit_lexicon::cue(w).is_some_and(|c| c.finite)
                || dixit_lexicon::is_auxiliary(w)
                || ents
                    .entity_at(e)
                    .is_some_and(|(_, x)| x.kind == EKind::Person)
                || ctx.is(e, &["qui", "que", "qu'", "qu’", "dont", "et", "a", "est"])
            {
                break;
            }
            e += 1;
        }
        // Followed by a name: the prefix rule already attached it.
        if ents
            .entity_at(e)
            .is_some_and(|(_, x)| x.kind == EKind::Person)
        {
            i = e;
            continue;
        }
        let phrase = span_text(ctx, &(h..e));
        let core = fold(strip_title_modifiers(&phrase));
        let anchor = ctx.start(i);
        // A feminine title never refers to a man, nor a masculine one to a woman.
        let title_gender = (h..e).find_map(|k| {
            let w = ctx.t(k);
            dixit_lexicon::title_head(w.strip_prefix("ex-").unwrap_or(w)).and_then(|t| t.gender)
        });
        let compatible = |g: Gender| {
            !matches!(
                (title_gender, g),
                (Some(dixit_lexicon::Gender::Feminine), Gender::Male)
                    | (Some(dixit_lexicon::Gender::Masculine), Gender::Female)
            )
        };
        // 1. A person of the article holding such an office in the knowledge base.
        let mut target = None;
        if core.chars().count() > 6 {
            for (idx, ent) in ents.list.iter().enumerate() {
                if ent.kind != EKind::Person || !compatible(ent.gender) {
                    continue;
                }
                if let Some(p) = ent.kb.and_then(|id| kb.person(id))
                    && p.offices
                        .iter()
                        .any(|o| fold(&o.title).starts_with(&core) || fold(&o.title) == core)
                {
                    target = Some(idx);
                }
            }
        }
        // 2. The subject of the previous or current sentence, when the title opens a clause.
        if target.is_none() && (i == sent.start || ctx.is_punct(i - 1, ",")) {
            let si = ctx.sent_of.get(i).copied().unwrap_or(0) as usize;
            let lo = ctx
                .sentences
                .get(si.saturating_sub(1))
                .map_or(0, |x| x.tokens.start);
            let from = ents.mentions.partition_point(|m| m.tok.start < lo);
            target = ents.mentions[from..]
                .iter()
                .take_while(|m| ctx.start(m.tok.start) < anchor)
                .filter(|m| {
                    ents.list
                        .get(m.entity)
                        .is_some_and(|x| x.kind == EKind::Person && compatible(x.gender))
                })
                .find(|m| ctx.sentence_range(m.tok.start).start + 3 >= m.tok.start)
                .map(|m| m.entity);
        }
        if let Some(t) = target {
            found.push((t, phrase));
        }
        i = e.max(i + 1);
    }
    for (t, role) in found {
        ents.add_role(t, &role);
    }
}

fn is_preposition_word(w: &str) -> bool {
    matches!(
        w,
        "vers"
            | "pour"
            | "contre"
            | "avec"
            | "sur"
            | "par"
            | "chez"
            | "à"
            | "au"
            | "aux"
            | "selon"
            | "entre"
            | "face"
            | "après"
            | "avant"
            | "envers"
            | "derrière"
            | "devant"
            | "sans"
            | "et"
            | "ou"
            | "que"
            | "qu'"
            | "qu’"
            | "comme"
    )
}

/// The title without "ancien", "ex-", "actuel"… ("ex-ministre" → "ministre").
pub fn strip_title_modifiers(s: &str) -> &str {
    let mut s = s;
    for m in [
        "ancien ",
        "ancienne ",
        "ex-",
        "actuel ",
        "actuelle ",
        "futur ",
        "future ",
        "nouveau ",
        "nouvelle ",
    ] {
        if let Some(r) = s.strip_prefix(m) {
            s = r;
        }
    }
    s
}

fn apposition_role(ctx: &Context, ents: &Entities, after: usize) -> Option<String> {
    if !ctx.is_punct(after, ",") {
        return None;
    }
    let sent = ctx.sentence_range(after);
    let mut j = after + 1;
    if j < sent.end && words::is_determiner(ctx.t(j)) && !ctx.is(j, &["le", "la", "l'", "l’"]) {
        return None;
    }
    if ctx.is(j, &["le", "la", "l'", "l’"]) {
        j += 1;
    }
    let s = title_start(ctx, j, (j + 3).min(sent.end))?;
    if s != j {
        return None;
    }
    let mut e = j;
    while e < sent.end && e - j < 16 {
        let is_break = matches!(
            ctx.kind(e),
            Some(TokenKind::Punct) | Some(TokenKind::Quote(_))
        ) && !ctx.is(e, &["-", "'"]);
        if is_break || ctx.is(e, &["qui", "qu'", "qu’", "dont"]) {
            break;
        }
        if e > j && dixit_lexicon::cue(ctx.t(e)).is_some_and(|c| c.finite) && !ctx.is(e, &["a"]) {
            break;
        }
        e += 1;
    }
    if e == j
        || !(ctx.is_punct(e, ",") || ctx.is_punct(e, ".") || ctx.is_punct(e, ")") || e == sent.end)
    {
        return None;
    }
    let _ = ents;
    Some(span_text(ctx, &(j..e)))
}

/// Builds the output record.
pub fn into_record(
    doc: &Document,
    _ctx: &Context,
    ents: Entities,
    quotes: Vec<FoundQuote>,
) -> ArticleRecord {
    let mut person_index: HashMap<usize, usize> = HashMap::new();
    let mut persons = Vec::new();
    let mut media = Vec::new();
    let mut organizations = Vec::new();
    let mut places = Vec::new();
    let kb = Kb::embedded();
    for (e, ent) in ents.list.iter().enumerate() {
        if ent.spans.is_empty() {
            continue;
        }
        match ent.kind {
            EKind::Person => {
                person_index.insert(e, persons.len());
                let (kb_id, party) = match ent.kb.and_then(|id| kb.person(id)) {
                    Some(p) => (Some(p.id.clone()), p.party.clone()),
                    None => (None, None),
                };
                persons.push(Person {
                    name: ent.name.clone(),
                    mentions: ent.forms.clone(),
                    roles: ent.roles.clone(),
                    spans: ent.spans.clone(),
                    kb_id,
                    party,
                });
            }
            EKind::Media => media.push(Named {
                name: ent.name.clone(),
                spans: ent.spans.clone(),
            }),
            EKind::Org => organizations.push(Named {
                name: ent.name.clone(),
                spans: ent.spans.clone(),
            }),
            EKind::Place => places.push(Named {
                name: ent.name.clone(),
                spans: ent.spans.clone(),
            }),
        }
    }
    let quotes = quotes
        .into_iter()
        .map(|q| q.into_quote(doc, &ents, &person_index))
        .collect();
    ArticleRecord {
        source: doc.source.clone(),
        title: doc.title.clone(),
        text: (!doc.text_is_input).then(|| doc.text.clone()),
        quotes,
        persons,
        media,
        organizations,
        places,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_ignores_case_accents_and_hyphens() {
        assert_eq!(fold("Jean-Marie Le Guën"), "jean marie le guen");
        assert_eq!(fold("L’Élysée"), "l'elysee");
    }

    #[test]
    fn roles_lose_dangling_function_words() {
        let mut ents = Entities::default();
        ents.list.push(Entity {
            kind: EKind::Person,
            name: "François Fillon".into(),
            last: "Fillon".into(),
            first: Some("François".into()),
            gender: Gender::Male,
            forms: vec![],
            roles: vec![],
            kb: None,
            spans: vec![],
        });
        ents.add_role(0, "député de Paris l'");
        ents.add_role(0, "député de Paris");
        ents.add_role(0, "ex");
        assert_eq!(ents.list[0].roles, vec!["député de Paris".to_owned()]);
    }

    #[test]
    fn mentions_merge_by_surname() {
        let text = "Benoît Hamon a parlé. Hamon est reparti. M. Hamon aussi.";
        let ctx = Context::new(text);
        let ents = find(&ctx);
        let persons: Vec<_> = ents
            .list
            .iter()
            .filter(|e| e.kind == EKind::Person)
            .collect();
        assert_eq!(persons.len(), 1, "{persons:#?}");
        assert_eq!(persons[0].spans.len(), 3);
    }
}

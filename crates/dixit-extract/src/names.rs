//! Names: spans of the text that name a person, outlet, organisation or place.
//!
//! Precedence, strongest first: the knowledge-base gazetteer (an outlet or party the KB
//! knows is never re-read as a person), outlet patterns ("le quotidien X"), person-name
//! patterns (a known first name or a civility before capitalised words), then the
//! statistical NER model for what none of them knows. A token belongs to one name at most.

use crate::context::Context;
use dixit_kb::{EntityKind, Kb};
use dixit_lexicon::closed;
use dixit_lexicon::{Gender, NounClass};
use dixit_text::token::TokenKind;
use std::ops::Range;

/// What a name refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameKind {
    /// A person.
    Person,
    /// A news outlet.
    Media,
    /// A party, institution, company.
    Org,
    /// A place.
    Place,
}

/// One name found in the text.
#[derive(Debug, Clone)]
pub struct RawName {
    /// Token range (without a civility before it).
    pub tokens: Range<usize>,
    /// What it names.
    pub kind: NameKind,
    /// Knowledge-base id (person, media or organisation table, after `kind`).
    pub kb: Option<u32>,
    /// Number of first-name tokens at the start (persons).
    pub first_len: usize,
    /// A civility before the name ("M.", "Mme"): `Some(gender)`.
    pub civility: Option<Option<Gender>>,
}

impl RawName {
    /// A name found by its form alone: no KB id, first name or civility.
    fn plain(tokens: Range<usize>, kind: NameKind) -> RawName {
        RawName {
            tokens,
            kind,
            kb: None,
            first_len: 0,
            civility: None,
        }
    }
}

/// Longest person name in tokens (first names, particles and surname).
const MAX_NAME_TOKENS: usize = 6;
/// Longest outlet name after an outlet noun.
const MAX_OUTLET_TOKENS: usize = 5;

/// Most codes one agency credit holds ("(afp/ats/nxp)").
const MAX_CREDIT_CODES: usize = 4;
/// Most tokens a dateline runs before its credit ("SAINT-DENIS DE LA RÉUNION, 3 (AFP)").
const MAX_DATELINE_TOKENS: usize = 8;

/// A word in capitals of two letters or more, hyphens allowed ("UGTT", "RT-PCR"): an
/// acronym, not a name written in capitals (that has several words) nor a code ("A1").
pub(crate) fn is_acronym(w: &str) -> bool {
    w.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && w.chars()
            .all(|c| (c.is_alphabetic() && !c.is_lowercase()) || c == '-')
}

/// A credit code: a short word all in capitals or all in lowercase ("AFP", "ats", "TDG").
fn is_credit_code(w: &str) -> bool {
    (2..=8).contains(&w.chars().count())
        && w.chars().all(|c| c.is_ascii_alphabetic())
        && (w.chars().all(|c| c.is_ascii_uppercase()) || w.chars().all(|c| c.is_ascii_lowercase()))
}

/// Most capitals an acronym defined in parentheses may have.
const MAX_ACRONYM_LETTERS: usize = 8;
/// Most words an acronym's definition may span before its parenthesis.
const MAX_DEFINITION_WORDS: usize = 14;

struct Finder<'c, 'a> {
    ctx: &'c Context<'a>,
    kb: &'c Kb,
    syntax: &'c dixit_syntax::Syntax,
    taken: Vec<bool>,
    out: Vec<RawName>,
}

/// Every name of the document, sorted by first token, non-overlapping.
pub fn find(
    ctx: &Context,
    kb: &Kb,
    ner: &dixit_ner::Model,
    syntax: &dixit_syntax::Syntax,
) -> Vec<RawName> {
    let mut f = Finder {
        ctx,
        kb,
        syntax,
        taken: vec![false; ctx.tokens.len()],
        out: Vec::new(),
    };
    f.gazetteer();
    f.wire_credits();
    f.outlet_patterns();
    f.name_patterns();
    f.model(ner);
    f.acronym_definitions();
    f.dative_outlets();
    f.apposed_bodies();
    f.lone_first_names();
    f.apposed_surnames();
    f.out.sort_by_key(|n| n.tokens.start);
    f.out
}

impl Finder<'_, '_> {
    /// "le Tribunal suprême de justice (TSJ)", "la direction générale de la Santé (DGS)":
    /// a phrase whose words' initials spell the capitals in parentheses after it names a
    /// body (or the outlet named inside it), and the capitals name it too. The phrase
    /// replaces the shorter names found inside it; a person inside, a name running past
    /// it, a title opening it ("le juge des libertés et de la détention (JLD)") or a
    /// lowercase phrase whose head is no body noun ("l'impôt sur la fortune (ISF)")
    /// leaves things as they were.
    fn acronym_definitions(&mut self) {
        let ctx = self.ctx;
        // Names are disjoint: sorted by start, their ends are sorted too, and the names
        // overlapping a phrase are found by two binary searches. Replaced names are marked
        // and dropped at the end, new ones kept aside (no definition overlaps another's,
        // since a parenthesis ends each), so the pass stays linear in the text.
        self.out.sort_by_key(|n| n.tokens.start);
        let mut dropped = vec![false; self.out.len()];
        let mut added: Vec<RawName> = Vec::new();
        for open in 1..ctx.tokens.len() {
            if !ctx.is_punct(open, "(") || !ctx.is_punct(open + 2, ")") {
                continue;
            }
            let letters: Vec<char> = ctx.t(open + 1).chars().collect();
            if !(2..=MAX_ACRONYM_LETTERS).contains(&letters.len())
                || !letters.iter().all(char::is_ascii_uppercase)
            {
                continue;
            }
            let Some(start) = self.definition_start(open, &letters) else {
                continue;
            };
            let def = start..open;
            let head = ctx.t(start);
            let acronym = open + 1..open + 2;
            if dixit_lexicon::title_head(head).is_some() {
                continue;
            }
            // A lowercase phrase with its article is a description, read as such by the
            // mentions ("la direction générale de la Santé"): only the capitals are a
            // name, and only when its head is a body noun ("l'impôt sur la fortune
            // (ISF)" is none).
            if !ctx.is_cap(start) {
                let body = dixit_lexicon::is_named_body_head(head)
                    || dixit_lexicon::noun_info(head).is_some_and(|n| {
                        matches!(n.class, NounClass::Organization | NounClass::Institution)
                    });
                if body && self.free(&acronym) {
                    self.take(&acronym);
                    added.push(RawName::plain(acronym, NameKind::Org));
                }
                continue;
            }
            let lo = self.out.partition_point(|n| n.tokens.end <= def.start);
            let hi = self.out.partition_point(|n| n.tokens.start < def.end);
            let inside = lo..hi.max(lo);
            if self.out[inside.clone()].iter().any(|n| {
                n.kind == NameKind::Person || n.tokens.start < def.start || n.tokens.end > def.end
            }) {
                continue;
            }
            // The phrase itself is known already ("Journal du dimanche (JDD)"): the
            // capitals take its kind and KB entry.
            let exact = self.out[inside.clone()]
                .iter()
                .find(|n| n.tokens == def)
                .map(|n| (n.kind, n.kb));
            let (kind, kb) = match exact {
                Some(x) => x,
                None if self.out[inside.clone()]
                    .iter()
                    .any(|n| n.kind == NameKind::Media) =>
                {
                    continue;
                }
                None => {
                    for d in &mut dropped[inside] {
                        *d = true;
                    }
                    self.take(&def);
                    added.push(RawName::plain(def, NameKind::Org));
                    (NameKind::Org, None)
                }
            };
            if self.free(&acronym) {
                self.take(&acronym);
                added.push(RawName {
                    kb,
                    ..RawName::plain(acronym, kind)
                });
            }
        }
        let mut keep = dropped.iter().map(|d| !d);
        self.out.retain(|_| keep.next().unwrap_or(true));
        self.out.extend(added);
    }

    /// The first token of the phrase before token `open` whose words spell `letters`:
    /// each content word gives the next letter by its initial, a function word ("de",
    /// "la") gives one or none; the closest such phrase that starts on a content word.
    fn definition_start(&self, open: usize, letters: &[char]) -> Option<usize> {
        let ctx = self.ctx;
        let lo = ctx
            .sentence_range(open)
            .start
            .max(open.saturating_sub(MAX_DEFINITION_WORDS));
        let mut first = open;
        while first > lo {
            let t = first - 1;
            if !matches!(ctx.kind(t), Some(TokenKind::Word | TokenKind::Elision))
                || ctx.marks.get(t).copied().flatten().is_some()
            {
                break;
            }
            first = t;
        }
        let words: Vec<(char, bool)> = (first..open)
            .map(|t| {
                let w = ctx.t(t);
                let initial = w.chars().next().map_or(' ', |c| {
                    dixit_lexicon::fold_key(&c.to_string())
                        .chars()
                        .next()
                        .unwrap_or(c)
                });
                (initial.to_ascii_uppercase(), is_link_word(w))
            })
            .collect();
        // spells[i][j]: words[i..] spell letters[j..] (filled from the end: linear in
        // words × letters, whatever the input).
        let (n, m) = (words.len(), letters.len());
        let mut spells = vec![vec![false; m + 1]; n + 1];
        spells[n][m] = true;
        for i in (0..n).rev() {
            let (initial, function) = words[i];
            for j in 0..=m {
                let matches = letters.get(j) == Some(&initial) && spells[i + 1][j + 1];
                spells[i][j] = matches || (function && spells[i + 1][j]);
            }
        }
        (0..n)
            .rev()
            .find(|&i| !words[i].1 && words[i].0 == letters[0] && spells[i][0])
            .map(|i| first + i)
    }

    fn free(&self, r: &Range<usize>) -> bool {
        r.clone()
            .all(|i| !self.taken.get(i).copied().unwrap_or(true))
    }

    fn push(&mut self, name: RawName) {
        // "un Marocain", "une Lyonnaise": a noun of origin after an indefinite article is
        // a person described, not a place named (places take no "un").
        let ctx = self.ctx;
        if name.kind == NameKind::Place
            && name.tokens.len() == 1
            && name.tokens.start > 0
            && ctx.is(name.tokens.start - 1, &["un", "une", "Un", "Une"])
            && dixit_lexicon::is_demonym(ctx.t(name.tokens.start))
        {
            return;
        }
        // "avant Noël", "le marché de Noël de Colmar" (but "Noël Mamère").
        if name.kind == NameKind::Person
            && closed::is_holiday(ctx.t(name.tokens.start))
            && (name.tokens.len() == 1 || !ctx.is_cap(name.tokens.start + 1))
        {
            return;
        }
        self.take(&name.tokens);
        self.out.push(name);
    }

    /// Marks tokens `r` as belonging to a name.
    fn take(&mut self, r: &Range<usize>) {
        for i in r.clone() {
            if let Some(t) = self.taken.get_mut(i) {
                *t = true;
            }
        }
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
            if !self.free(&r) || self.inside_longer_capitalised_run(&r) {
                continue;
            }
            let kind = match m.kind {
                EntityKind::Person => NameKind::Person,
                EntityKind::Media => NameKind::Media,
                EntityKind::Party | EntityKind::Organization => NameKind::Org,
            };
            let first_len = if kind == NameKind::Person {
                self.kb
                    .person(m.id)
                    .map_or(1, |p| p.first_name.split_whitespace().count().max(1))
            } else {
                0
            };
            self.push(RawName {
                tokens: r,
                kind,
                kb: Some(m.id),
                first_len,
                civility: None,
            });
        }
    }

    /// A one-word gazetteer hit inside a longer capitalised run is part of another name
    /// ("Marianne" in "Marianne Dupont" is not the weekly).
    fn inside_longer_capitalised_run(&self, r: &Range<usize>) -> bool {
        let ctx = self.ctx;
        r.len() == 1
            && ctx.is_cap(r.end)
            && !closed::is_function_word(ctx.t(r.end))
            && ctx.is_cap(r.start)
            && !ctx.t(r.start).chars().all(|c| c.is_uppercase())
    }

    /// Outlets the KB does not know, announced by an outlet noun ("le quotidien X",
    /// "la chaîne publique suédoise SVT").
    fn outlet_patterns(&mut self) {
        let ctx = self.ctx;
        let n = ctx.tokens.len();
        for i in 0..n {
            let is_outlet_noun = dixit_lexicon::noun_info(ctx.t(i))
                .is_some_and(|x| x.class == NounClass::Media)
                && !ctx.is_cap(i);
            if !is_outlet_noun {
                continue;
            }
            // Skip lowercase adjectives between the noun and the name ("la chaîne publique
            // suédoise SVT", "le quotidien régional Ouest-France").
            let mut a = i + 1;
            while a < n && a < i + 4 && is_lower_word(ctx, a) && !closed::is_determiner(ctx.t(a)) {
                a += 1;
            }
            if !ctx.is_cap(a) || closed::is_function_word(ctx.t(a)) {
                continue;
            }
            let mut j = a;
            while j < n
                && j - a < MAX_OUTLET_TOKENS
                && (ctx.is_cap(j)
                    || matches!(ctx.kind(j), Some(TokenKind::Number))
                    || (ctx.is(j, &["de", "du", "des", "d'", "d’"]) && ctx.is_cap(j + 1)))
            {
                j += 1;
            }
            let r = a..j;
            if !r.is_empty() && self.free(&r) {
                self.push(RawName::plain(r, NameKind::Media));
            }
        }
    }

    fn is_name_word(&self, i: usize) -> bool {
        let ctx = self.ctx;
        if !ctx.is_cap(i) {
            return closed::is_particle_compound(ctx.t(i));
        }
        let t = ctx.t(i);
        !closed::is_function_word(t) && !closed::is_calendar_word(t)
    }

    /// A one-letter initial with its dot ("W.").
    fn is_initial(&self, i: usize) -> bool {
        let t = self.ctx.t(i);
        let mut chars = t.chars();
        matches!(self.ctx.kind(i), Some(TokenKind::Abbrev))
            && chars.next().is_some_and(char::is_uppercase)
            && chars.as_str() == "."
    }

    fn name_patterns(&mut self) {
        let ctx = self.ctx;
        let n = ctx.tokens.len();
        let mut i = 0;
        while i < n {
            let t = ctx.t(i);
            let civ = if matches!(ctx.kind(i), Some(TokenKind::Abbrev) | Some(TokenKind::Word)) {
                closed::civility(t)
            } else {
                None
            };
            let first = civ.is_none() && self.is_name_word(i) && self.kb.is_given_name(t);
            if (civ.is_none() && !first) || (i > 0 && closed::is_place_noun(ctx.t(i - 1))) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            // A second given name ("Jean Pierre", "Marie Noëlle").
            let mut first_len = usize::from(first);
            if first && self.kb.is_given_name(ctx.t(j)) && self.is_name_word(j + 1) {
                j += 1;
                first_len = 2;
            }
            // Middle initials ("George W. Bush", "Ryan K. Smith") go with the first name.
            if first {
                while self.is_initial(j) && self.is_name_word(j + 1) {
                    j += 1;
                    first_len += 1;
                }
            }
            let surname_start = j;
            loop {
                if self.is_name_word(j) {
                    j += 1;
                } else if closed::is_name_particle(ctx.t(j)) && self.is_name_word(j + 1) {
                    // "Le Guen", "de Villepin": a particle joins the next capitalised word.
                    j += 2;
                } else {
                    break;
                }
                if j - i > MAX_NAME_TOKENS {
                    break;
                }
            }
            if j == surname_start || j - i > MAX_NAME_TOKENS {
                i += 1;
                continue;
            }
            let range = if civ.is_some() { i + 1..j } else { i..j };
            if self.free(&(i..j)) {
                self.push(RawName {
                    tokens: range,
                    kind: NameKind::Person,
                    kb: None,
                    first_len: if civ.is_some() { 0 } else { first_len },
                    civility: civ,
                });
            }
            i = j;
        }
    }

    /// Names the gazetteer and the patterns missed, proposed by the NER model.
    fn model(&mut self, model: &dixit_ner::Model) {
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
                let person = kind == dixit_ner::EntityType::Per;
                // The model often stops a person before a surname written with its particle
                // ("Bachar | al-Assad"): the name goes on.
                while person
                    && e < tags.len()
                    && tags[e].entity().is_none()
                    && closed::is_particle_compound(ctx.t(s.tokens.start + e))
                {
                    e += 1;
                }
                let r = s.tokens.start + k..s.tokens.start + e;
                k = e;
                let Some(r) = self.trim_model_span(r, person) else {
                    continue;
                };
                if !self.free(&r) {
                    continue;
                }
                let nk = match kind {
                    // A name right after a noun of a kind of body ("la centrale syndicale
                    // UGTT", "le constructeur Renault", "l'hebdomadaire Marianne") names a
                    // body of that kind, whatever the model says.
                    dixit_ner::EntityType::Per => {
                        match self
                            .body_noun_before(r.start)
                            .or_else(|| self.outlet_noun_first(&r))
                        {
                            Some(NounClass::Media) => NameKind::Media,
                            Some(_) => NameKind::Org,
                            None => NameKind::Person,
                        }
                    }
                    // An outlet noun before or opening it ("l'hebdomadaire Marianne",
                    // "Gazette des communes"): an outlet the model read as a body. Not
                    // "agence" or "site", which open bodies' and places' names too.
                    dixit_ner::EntityType::Org => {
                        let opening = self.outlet_noun_first(&r).filter(|_| {
                            !ctx.is(r.start, &["Agence", "Site"])
                                && !ctx.is(r.start + 1, &["Agence", "Site"])
                        });
                        match self.body_noun_before(r.start).or(opening) {
                            Some(NounClass::Media) => NameKind::Media,
                            _ => NameKind::Org,
                        }
                    }
                    dixit_ner::EntityType::Loc => NameKind::Place,
                    dixit_ner::EntityType::Misc => continue,
                };
                if nk == NameKind::Person {
                    let first = r.start;
                    // A one-word PER is kept only if it looks like a name, not a
                    // sentence-initial word or a title.
                    // One word with no lowercase letter is an acronym, a body's more
                    // often than not ("UGTT"), or a code ("A1", "AF447"); a name of
                    // several words in capitals is a person in a heading ("JEAN-LUC
                    // BENNAHMIAS") as often.
                    let w = ctx.t(first);
                    if r.len() == 1 && !w.chars().any(char::is_lowercase) {
                        if is_acronym(w) {
                            self.push(RawName::plain(r, NameKind::Org));
                        }
                        continue;
                    }
                    if !self.is_name_word(first)
                        || (r.len() == 1 && ctx.sentence_range(first).start == first)
                        || dixit_lexicon::title_head(ctx.t(first)).is_some()
                        || ctx.is(first, &["Premier", "Première"])
                    {
                        continue;
                    }
                    // "maire de Bordeaux": a place after a title.
                    let after_title_de = first >= 2
                        && ctx.is(first - 1, &["de", "d'", "d’", "du"])
                        && dixit_lexicon::title_head(ctx.t(first - 2)).is_some();
                    // A one-word name that nearly always names a place when it stands
                    // alone ("l'accord de Doha", "à l'approche d'Avignon").
                    let place = r.len() == 1 && self.kb.is_place_name(ctx.t(first));
                    if (after_title_de || place) && !self.kb.is_first_name(ctx.t(first)) {
                        self.push(RawName::plain(r, NameKind::Place));
                        continue;
                    }
                    let first_len = usize::from(r.len() > 1 && self.kb.is_given_name(ctx.t(first)));
                    self.push(RawName {
                        tokens: r,
                        kind: nk,
                        kb: None,
                        first_len,
                        civility: None,
                    });
                } else {
                    self.push(RawName::plain(r, nk));
                }
            }
        }
    }

    /// A known first name standing alone ("Stéphanie", "confie Hélène"): people quoted by
    /// first name only. Not after a determiner or a place preposition ("la France", "en
    /// Charente"), and not a sentence's first word unless a comma follows it.
    fn lone_first_names(&mut self) {
        let ctx = self.ctx;
        for i in 0..ctx.tokens.len() {
            if self.taken.get(i).copied().unwrap_or(true) || !self.is_name_word(i) {
                continue;
            }
            let t = ctx.t(i);
            if !self.kb.is_first_name(t) || ctx.is_cap(i + 1) {
                continue;
            }
            if i > 0 {
                let p = ctx.t(i - 1).to_lowercase();
                if closed::is_determiner(&p) || is_name_preposition(&p) || ctx.is_cap(i - 1) {
                    continue;
                }
            }
            let initial = ctx.sentence_range(i).start == i;
            if initial && !ctx.is_punct(i + 1, ",") {
                continue;
            }
            self.push(RawName {
                tokens: i..i + 1,
                kind: NameKind::Person,
                kb: None,
                first_len: 1,
                civility: None,
            });
        }
    }

    /// A lone capitalised word before an apposed title: "Barroso, le président de la
    /// Commission", "Dupont, l'ancienne ministre". What a title is apposed to is a person.
    fn apposed_surnames(&mut self) {
        let ctx = self.ctx;
        for i in 0..ctx.tokens.len() {
            if self.taken.get(i).copied().unwrap_or(true)
                || !self.is_name_word(i)
                || !matches!(ctx.kind(i), Some(TokenKind::Word))
                || ctx.is_cap(i + 1)
                || !ctx.is_punct(i + 1, ",")
            {
                continue;
            }
            let lower = ctx.t(i).to_lowercase();
            // Sentence adverbs ("Ensuite, le ministre …") are capitalised too.
            if lower.ends_with("ment") || closed::is_sentence_adverb(&lower) {
                continue;
            }
            if i > 0 {
                let p = ctx.t(i - 1).to_lowercase();
                if closed::is_determiner(&p) || is_name_preposition(&p) || ctx.is_cap(i - 1) {
                    continue;
                }
            }
            if !matches!(
                ctx.t(i + 2).to_lowercase().as_str(),
                "le" | "la" | "l'" | "l’"
            ) {
                continue;
            }
            // The title, past one adjective ("l'ancien ministre", "le nouveau président").
            let titled = (i + 3..i + 5).any(|t| {
                let w = ctx.t(t);
                dixit_lexicon::title_head(w).is_some()
                    || dixit_lexicon::noun_info(w).is_some_and(|n| n.class == NounClass::Person)
            });
            if !titled {
                continue;
            }
            self.push(RawName::plain(i..i + 1, NameKind::Person));
        }
    }

    /// A name in apposition to a noun of a kind of body ("La Vigie, un magazine
    /// spécialisé", "Tecnalia, une entreprise basque") names a body of that kind: a name
    /// read as a person or a body is re-read, a capitalised run no pass named becomes one.
    /// A person with a first name, a civility or a KB entry stays a person.
    fn apposed_bodies(&mut self) {
        let ctx = self.ctx;
        let n = ctx.tokens.len();
        // Names found so far by their end token: one lookup per comma, not a scan.
        let by_end: std::collections::HashMap<usize, usize> = self
            .out
            .iter()
            .enumerate()
            .map(|(i, x)| (x.tokens.end, i))
            .collect();
        for comma in 1..n {
            if !ctx.is_punct(comma, ",") || !ctx.is_cap(comma - 1) {
                continue;
            }
            let Some(class) = self.body_noun_after(comma) else {
                continue;
            };
            if self.opens_clause(comma + 1) {
                continue;
            }
            let kind = if class == NounClass::Media {
                NameKind::Media
            } else {
                NameKind::Org
            };
            if let Some(name) = by_end.get(&comma).and_then(|&i| self.out.get_mut(i)) {
                let person_evidence = name.first_len > 0
                    || name.civility.is_some()
                    || name.kb.is_some()
                    || self.kb.is_given_name(ctx.t(name.tokens.start));
                let rereadable = match name.kind {
                    NameKind::Person => !person_evidence,
                    NameKind::Org => kind == NameKind::Media && name.kb.is_none(),
                    // "Tecnalia, une entreprise": no place the KB knows.
                    NameKind::Place => {
                        name.kb.is_none()
                            && !name.tokens.clone().any(|t| self.kb.is_place_name(ctx.t(t)))
                    }
                    NameKind::Media => false,
                };
                if rereadable {
                    name.kind = kind;
                }
                continue;
            }
            // A run of capitalised words no pass named, back to a function word or the
            // start of the sentence ("les informations de | La Vigie").
            let sent_start = ctx.sentence_range(comma).start;
            let mut a = comma;
            while a > sent_start
                && comma - a < MAX_OUTLET_TOKENS
                && ctx.is_cap(a - 1)
                && self.free(&(a - 1..a))
            {
                a -= 1;
            }
            // A capitalised function word opens the name only inside the sentence, and
            // only as its article ("de La Vigie"; but "Selon Brimont", "Le Vigie" first).
            while a < comma
                && closed::is_function_word(ctx.t(a))
                && (a == sent_start || !ctx.is(a, &["Le", "La", "Les", "L'", "L’"]))
            {
                a += 1;
            }
            // One word opening the sentence is a fronted adverb as often ("Mardi, la
            // coalition …").
            if a == comma
                || (a + 1 == comma && (a == sent_start || closed::is_function_word(ctx.t(a))))
            {
                continue;
            }
            if !self.kb.is_given_name(ctx.t(a)) {
                self.push(RawName::plain(a..comma, kind));
            }
        }
    }

    /// True when the phrase from `t` to the next break holds a finite verb, a negation or
    /// a reflexive: the subject of a clause ("…, un groupe de jeunes s'est mis à …"), not
    /// an apposition. A relative pronoun ends the phrase first ("un magazine qui a …").
    fn opens_clause(&self, t: usize) -> bool {
        let ctx = self.ctx;
        (t..ctx.tokens.len())
            .take_while(|&i| {
                !ctx.is_phrase_break(i) && !ctx.is(i, &["qui", "que", "qu'", "qu’", "dont", "où"])
            })
            .any(|i| {
                let w = ctx.t(i);
                matches!(
                    w,
                    "s'" | "s’" | "se" | "ne" | "n'" | "n’" | "a" | "ont" | "est" | "sont"
                ) || self.syntax.is_verb_only(w)
            })
    }

    /// The class of a noun of bodies or outlets heading the apposition after the comma
    /// at `comma` ("…, un magazine spécialisé", "…, la compagnie aérienne"): an article,
    /// at most one adjective, the noun, which is no title.
    fn body_noun_after(&self, comma: usize) -> Option<NounClass> {
        let ctx = self.ctx;
        let det = ctx.t(comma + 1).to_lowercase();
        if !matches!(det.as_str(), "le" | "la" | "l'" | "l’" | "un" | "une") {
            return None;
        }
        for n in comma + 2..=comma + 3 {
            if !is_lower_word(ctx, n) {
                return None;
            }
            match dixit_lexicon::noun_info(ctx.t(n)) {
                Some(info)
                    if matches!(info.class, NounClass::Organization | NounClass::Media)
                        && dixit_lexicon::title_head(ctx.t(n)).is_none() =>
                {
                    return Some(info.class);
                }
                Some(_) => return None,
                None => {}
            }
        }
        None
    }

    /// Agency credits: the codes in parentheses that close a paragraph ("… (ats/nxp)",
    /// "… (AFP)") or follow the dateline that opens one ("GENÈVE (AFP) - …") name the
    /// agencies and papers the copy comes from. Codes are short words in one case; a
    /// lowercase one needs a slash group ("(sic)", "(rires)" are no credit), and a code
    /// the KB knows as a party or body ("(LR)") is none.
    fn wire_credits(&mut self) {
        let ctx = self.ctx;
        let n = ctx.tokens.len();
        let mut open = 0;
        while open < n {
            if !ctx.is_punct(open, "(") {
                open += 1;
                continue;
            }
            let mut codes = Vec::new();
            let mut j = open + 1;
            while j < n && is_credit_code(ctx.t(j)) && codes.len() < MAX_CREDIT_CODES {
                codes.push(j);
                j += 1;
                if ctx.t(j) != "/" {
                    break;
                }
                j += 1;
            }
            let close = j;
            if codes.is_empty() || !ctx.is_punct(close, ")") {
                open += 1;
                continue;
            }
            let para = ctx.para(open);
            let ends_paragraph = close + 1 >= n || ctx.para(close + 1) != para;
            // Only a paragraph that opens at most `MAX_DATELINE_TOKENS` before the
            // parenthesis can hold a dateline: the walk back stops there, so the pass
            // stays linear on one long paragraph full of parentheses.
            let para_start = (open.saturating_sub(MAX_DATELINE_TOKENS + 1)..open)
                .rev()
                .take_while(|&t| ctx.para(t) == para)
                .last()
                .unwrap_or(open);
            let dateline = open - para_start <= MAX_DATELINE_TOKENS
                && open > para_start
                && matches!(ctx.t(close + 1), "-" | "–" | "—")
                && (para_start..open).all(|t| {
                    ctx.is_cap(t) || ctx.t(t) == "," || ctx.kind(t) == Some(TokenKind::Number)
                });
            let lowercase = codes
                .iter()
                .any(|&c| ctx.t(c).chars().all(|ch| ch.is_lowercase()));
            if !(ends_paragraph || dateline) || (lowercase && codes.len() < 2) {
                open = close + 1;
                continue;
            }
            for &c in &codes {
                let r = c..c + 1;
                // "(PDG)", "(USA)": a title or a place, not a credit.
                if dixit_lexicon::title_head(&ctx.t(c).to_lowercase()).is_some()
                    || self.kb.is_place_name(ctx.t(c))
                {
                    continue;
                }
                let known = self.kb.find(ctx.t(c));
                if known
                    .iter()
                    .any(|m| matches!(m.kind, EntityKind::Party | EntityKind::Organization))
                {
                    continue;
                }
                let kb = known
                    .iter()
                    .find(|m| m.kind == EntityKind::Media)
                    .map(|m| m.id);
                if self.free(&r) {
                    self.push(RawName {
                        kb,
                        ..RawName::plain(r, NameKind::Media)
                    });
                }
            }
            open = close + 1;
        }
    }

    /// A capitalised run no other pass named, right after a reporting verb and "à" ("a
    /// déclaré à Global News Paul Morin", "a confié à Radio Sawa"): the outlet the words
    /// were given to. Not a place of the learned list, a given name or a function word.
    fn dative_outlets(&mut self) {
        let ctx = self.ctx;
        let n = ctx.tokens.len();
        for i in 1..n {
            if !ctx.is(i, &["à"]) || dixit_lexicon::cues::cue(ctx.t(i - 1)).is_none() {
                continue;
            }
            let a = i + 1;
            let mut j = a;
            while j < n
                && j - a < MAX_OUTLET_TOKENS
                && self.free(&(j..j + 1))
                && ctx.is_cap(j)
                && !closed::is_function_word(ctx.t(j))
            {
                j += 1;
            }
            let r = a..j;
            if r.is_empty()
                || self.kb.is_given_name(ctx.t(a))
                || (r.len() == 1 && self.kb.is_place_name(ctx.t(a)))
                || ctx.sentence_range(a).start == a
            {
                continue;
            }
            self.push(RawName::plain(r, NameKind::Media));
        }
    }

    /// An outlet noun opening a name of several words ("Radio Sawa", "Télévision Suisse
    /// Romande"): the name is an outlet's, whatever the model says.
    fn outlet_noun_first(&self, r: &Range<usize>) -> Option<NounClass> {
        let ctx = self.ctx;
        // Past the article that is part of the title ("La Gazette de Besançon").
        let first = if ctx.is(r.start, &["Le", "La", "Les", "L'", "L’"]) {
            r.start + 1
        } else {
            r.start
        };
        (r.end >= first + 2 && ctx.is_cap(first))
            .then(|| dixit_lexicon::noun_info(ctx.t(first)))
            .flatten()
            .filter(|info| info.class == NounClass::Media)
            .map(|info| info.class)
    }

    /// The class of a noun of bodies or outlets heading the phrase right before token
    /// `start` ("la centrale syndicale | UGTT", "l'hebdomadaire | Marianne"): a determiner,
    /// the noun, at most one adjective. Not when the phrase is a complement ("le
    /// porte-parole du syndicat | X": X may be the spokesman) or the noun a title.
    fn body_noun_before(&self, start: usize) -> Option<NounClass> {
        let ctx = self.ctx;
        for gap in 0..=1usize {
            let n = start.checked_sub(1 + gap)?;
            if gap == 1
                && !(is_lower_word(ctx, n + 1) && dixit_lexicon::noun_info(ctx.t(n + 1)).is_none())
            {
                return None;
            }
            let Some(info) = dixit_lexicon::noun_info(ctx.t(n)) else {
                continue;
            };
            if !matches!(info.class, NounClass::Organization | NounClass::Media)
                || !is_lower_word(ctx, n)
                || dixit_lexicon::title_head(ctx.t(n)).is_some()
            {
                return None;
            }
            let d = n.checked_sub(1)?;
            let det = ctx.t(d).to_lowercase();
            if !matches!(
                det.as_str(),
                "le" | "la" | "l'" | "l’" | "les" | "un" | "une" | "ce" | "cet" | "cette" | "ces"
            ) {
                return None;
            }
            let complement = d
                .checked_sub(1)
                .is_some_and(|p| matches!(ctx.t(p).to_lowercase().as_str(), "de" | "d'" | "d’"));
            return (!complement).then_some(info.class);
        }
        None
    }

    /// Model spans cut to their capitalised core: no leading determiner, no trailing
    /// punctuation, verb or elision; inside a person's name only particles may be lowercase.
    fn trim_model_span(&self, r: Range<usize>, person: bool) -> Option<Range<usize>> {
        let ctx = self.ctx;
        let ok =
            |i: usize| ctx.is_cap(i) || (!person && matches!(ctx.kind(i), Some(TokenKind::Number)));
        let mut a = r.start;
        let mut b = r.end;
        while a < b && !ok(a) {
            a += 1;
        }
        // A person ends on a capitalised word; a body's name may end on a lowercase one
        // ("Tribunal suprême", "Société pour la prévention de la cruauté"), but not on a
        // function word ("de", "la"), punctuation, or the verb the model ran into ("le
        // Front démocrate appelle", "le Conseil de discipline de prononcer").
        let ends = |i: usize| {
            if person {
                ok(i) || closed::is_particle_compound(ctx.t(i))
            } else {
                ok(i)
                    || (matches!(ctx.kind(i), Some(TokenKind::Word))
                        && !is_link_word(ctx.t(i))
                        && !ctx.is(i, &["se", "s'", "s’"]))
            }
        };
        while b > a && !ends(b - 1) {
            b -= 1;
        }
        // A coordination goes on the name only when a capitalised word follows it ("de la
        // Culture et de la Communication", not "musulmans et de plusieurs mouvements").
        let last_cap = (a..b).rev().find(|&i| ctx.is_cap(i)).unwrap_or(a);
        if !person
            && let Some(verb) = (a + 1..b).find(|&i| {
                !ctx.is_cap(i)
                    && (self.syntax.is_verb_only(ctx.t(i))
                        || (ctx.is(i, &["et", "ou"]) && i > last_cap))
            })
        {
            b = verb;
            while b > a && !ends(b - 1) {
                b -= 1;
            }
        }
        if a >= b {
            return None;
        }
        if person {
            if let Some(cut) = (a..b).find(|&i| {
                !ctx.is_cap(i)
                    && !closed::is_name_particle(ctx.t(i))
                    && !closed::is_particle_compound(ctx.t(i))
            }) {
                b = cut;
                while b > a && !ctx.is_cap(b - 1) && !closed::is_particle_compound(ctx.t(b - 1)) {
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
        let all_function = (a..b).all(|i| closed::is_function_word(ctx.t(i)));
        (a < b && !all_function).then_some(a..b)
    }
}

/// Words that link the words of a body's name ("Ligue des droits de l'Homme", "Culture
/// et Communication"): prepositions, articles, conjunctions. A name does not end on one,
/// and an acronym need not spell it.
fn is_link_word(w: &str) -> bool {
    closed::is_preposition(w)
        || closed::is_determiner(w)
        || matches!(w.to_lowercase().as_str(), "et" | "ou" | "en" | "dans")
}

fn is_lower_word(ctx: &Context, i: usize) -> bool {
    matches!(ctx.kind(i), Some(TokenKind::Word)) && !ctx.is_cap(i)
}

/// Prepositions after which a capitalised word names a place or body, not a person.
fn is_name_preposition(w: &str) -> bool {
    matches!(w, "en" | "de" | "d'" | "d’" | "du" | "au" | "aux" | "à")
}

//! Roles: the titles, offices and descriptions the text attaches to each person.
//!
//! Four constructions, read on the parse and the coreference chains: a description that
//! refers to the person ("le député Yves Blein", "la maire sortante a déclaré"), an
//! apposition to a name ("Jean-Marie Le Guen, secrétaire d'État au Développement,"), a
//! predicate ("X est ministre de la Mer", "a été élu maire de Lyon"), each worded as in
//! the text without its article.

use crate::doc::{Doc, SentSyntax};
use crate::entities::{Entities, EntityKind, MentionKind, span_text};
use dixit_syntax::{Deprel, Upos};
use dixit_text::token::QuoteMark;
use std::ops::Range;

/// Most words a quoted term inside a role may have ("un « gilet jaune » de Juvisy").
const MAX_SCARE_QUOTED: usize = 4;

/// Longest role kept, in tokens: past this, an apposition is a clause.
const MAX_ROLE_TOKENS: usize = 16;

/// Verbs whose predicate complement names an office ("élu maire", "nommé ministre").
const OFFICE_VERBS: &[&str] = &[
    "élire",
    "nommer",
    "devenir",
    "désigner",
    "réélire",
    "investir",
    "rester",
    "redevenir",
];

/// Attaches roles to the persons of `ents`.
pub fn attach(doc: &Doc, ents: &mut Entities) {
    let mut found: Vec<(usize, String)> = Vec::new();
    for m in &ents.mentions {
        let Some(e) = m.entity else { continue };
        if ents.kind(e) != Some(EntityKind::Person) {
            continue;
        }
        match m.kind {
            MentionKind::Nominal => {
                if let Some(r) = without_determiner(doc, &m.tokens) {
                    found.push((e, r));
                }
            }
            MentionKind::Name => {
                let Some(r) = doc.word_at(m.head) else {
                    continue;
                };
                let Some(ss) = doc.sent(r.s as usize) else {
                    continue;
                };
                // The name's head word in the parse: the first token of a flat name.
                let name_words: Vec<usize> = m
                    .tokens
                    .clone()
                    .filter_map(|t| doc.word_at(t))
                    .filter(|x| x.s == r.s)
                    .map(|x| x.w as usize)
                    .collect();
                for &nw in &name_words {
                    for k in ss.kids_by(nw, Deprel::Appos) {
                        // An epithet in quotation marks is someone's words about the
                        // person ("appelé Marine Le Pen « la bourgeoise de … »"), not a role.
                        let depth = |t: usize| doc.ctx.depth.get(t).copied().unwrap_or(0);
                        if name_words.contains(&k) || depth(ss.token(k)) != depth(m.head) {
                            continue;
                        }
                        if let Some(role) = apposition(doc, ss, k) {
                            found.push((e, role));
                        }
                    }
                    if let Some(role) = predicate(doc, ss, nw) {
                        found.push((e, role));
                    }
                }
                if let Some(role) = comma_apposition(doc, ents, &m.tokens) {
                    found.push((e, role));
                }
                if let Some(role) = description_before_comma(doc, ents, e, &m.tokens) {
                    found.push((e, role));
                }
                if let Some(&first) = name_words.first()
                    && let Some(role) = noun_before_name(doc, ss, first, m.tokens.start)
                {
                    found.push((e, role));
                }
                if let Some(role) = article_before_name(doc, m.tokens.start) {
                    found.push((e, role));
                }
                if let Some(role) = coordinated_before_name(doc, m.tokens.start) {
                    found.push((e, role));
                }
            }
            MentionKind::Pronoun => {
                let Some(r) = doc.word_at(m.head) else {
                    continue;
                };
                let Some(ss) = doc.sent(r.s as usize) else {
                    continue;
                };
                if let Some(role) = predicate(doc, ss, r.w as usize) {
                    found.push((e, role));
                }
            }
        }
    }
    for (e, role) in found {
        ents.add_role(e, &role);
    }
}

/// Text of `tokens` without a leading determiner; `None` when nothing is left.
fn without_determiner(doc: &Doc, tokens: &Range<usize>) -> Option<String> {
    let ctx = &doc.ctx;
    let mut a = tokens.start;
    if a < tokens.end && dixit_lexicon::closed::is_determiner(ctx.t(a)) {
        a += 1;
    }
    (a < tokens.end && tokens.end - a <= MAX_ROLE_TOKENS).then(|| span_text(ctx, &(a..tokens.end)))
}

/// The role phrase headed by `k`, when its head is a title, a person noun, or any common
/// noun describing the person it is apposed to ("Paul Morin, le chantre du logiciel libre").
fn apposition(doc: &Doc, ss: &SentSyntax, k: usize) -> Option<String> {
    if let Some(role) = one_of(doc, ss, k) {
        return Some(role);
    }
    if !matches!(ss.upos(k), Upos::Noun | Upos::Adj)
        || !(is_role_head(doc, ss, k) || is_describing_noun(ss, k))
    {
        return None;
    }
    without_determiner(doc, &role_extent(doc, ss, k))
}

/// "l'un des responsables de la manifestation", "l'une des figures du mouvement": the
/// pronoun `k` ("un", "une") with a complement headed by a common noun; in apposition to a
/// name the construction itself says that the noun describes the person. The role is the
/// whole phrase without its article.
fn one_of(doc: &Doc, ss: &SentSyntax, k: usize) -> Option<String> {
    if ss.upos(k) != Upos::Pron || !matches!(ss.form(k), "un" | "une") {
        return None;
    }
    let n = ss.kids_by(k, Deprel::Nmod).find(|&n| {
        n > k
            && ss.upos(n) == Upos::Noun
            && ss.form(n).chars().next().is_some_and(char::is_lowercase)
            && !NOT_DESCRIPTIONS.contains(&ss.form(n))
    })?;
    let ext = role_extent(doc, ss, n);
    let start = ss.token(k).saturating_sub(1);
    let start = if dixit_lexicon::closed::is_determiner(doc.ctx.t(start)) {
        start
    } else {
        ss.token(k)
    };
    without_determiner(doc, &(start..ext.end))
}

/// Nouns that take a name as a label, not a description of a person: "l'affaire
/// Weinstein", "le quartier Saint-Michel", "le compteur Linky", "la loi Pinel".
const LABEL_NOUNS: &[&str] = &[
    "affaire",
    "affaires",
    "quartier",
    "quartiers",
    "compteur",
    "compteurs",
    "dossier",
    "dossiers",
    "calendrier",
    "anniversaire",
    "itinéraire",
    "sanctuaire",
    "centenaire",
    "navire",
    "séminaire",
    "horaire",
    "secteur",
    "moteur",
    "capteur",
    "dispositif",
];

/// An agent noun the name completes, right before it ("le graphiste portugais Miguel
/// Neiva", "son homologue lyonnais Gérard Collomb"): the noun phrase up to the name. Titles
/// of the lexicon are read as descriptions already; this finds the occupations it lacks.
fn noun_before_name(doc: &Doc, ss: &SentSyntax, name: usize, start: usize) -> Option<String> {
    let h = ss.head(name)?;
    let attached = matches!(
        ss.rel(name).base(),
        Deprel::Nmod | Deprel::Appos | Deprel::Flat | Deprel::Compound
    ) && ss.kids_by(name, Deprel::Case).next().is_none();
    if !attached || h >= name || ss.upos(h) != Upos::Noun || is_role_head(doc, ss, h) {
        return None;
    }
    if !is_describing_noun(ss, h) || LABEL_NOUNS.contains(&ss.form(h)) {
        return None;
    }
    let ext = role_extent(doc, ss, h);
    // Nothing but the phrase between the noun and the name: no comma, no verb.
    let between = ss.token(h) + 1..start;
    if between.clone().any(|t| {
        matches!(doc.ctx.t(t), "," | ";" | ":" | "(" | ")")
            || doc.word_at(t).is_some_and(|r| {
                doc.sent(r.s as usize)
                    .is_some_and(|x| matches!(x.upos(r.w as usize), Upos::Verb | Upos::Aux))
            })
    }) {
        return None;
    }
    without_determiner(doc, &(ext.start..start.min(ext.end.max(start))))
}

/// Words between an article and a name ("le scientifique Michel Mayor", "le jeune
/// républicain Josh Mandel", "l'Italien Giuseppe Conte"): French puts no article before a
/// person's name, so the words it opens describe the person, even when the tagger reads
/// them as adjectives of the name. The word next to the name must be a title or person
/// noun, or end like an agent or origin noun; "le célèbre Paul Morin" gives nothing.
fn article_before_name(doc: &Doc, name: usize) -> Option<String> {
    const MAX_WORDS: usize = 4;
    let ctx = &doc.ctx;
    let r = doc.word_at(name)?;
    let ss = doc.sent(r.s as usize)?;
    let mut start = name;
    while start > ss.tok0 && name - start < MAX_WORDS {
        let t = start - 1;
        if dixit_lexicon::closed::is_determiner(ctx.t(t)) {
            break;
        }
        let word = doc.word_at(t)?;
        if !matches!(ss.upos(word.w as usize), Upos::Adj | Upos::Noun)
            || !ctx.t(t).chars().all(|c| c.is_alphabetic() || c == '-')
        {
            return None;
        }
        start = t;
    }
    let det = start.checked_sub(1)?;
    if start == name || det < ss.tok0 || !dixit_lexicon::closed::is_determiner(ctx.t(det)) {
        return None;
    }
    // Lowercase words, but for an origin noun right before the name ("l'Italien").
    let last = name - 1;
    let lower = |t: usize| ctx.t(t).chars().next().is_some_and(char::is_lowercase);
    if (start..last).any(|t| !lower(t)) {
        return None;
    }
    // The head: the last noun, else the last word ("le gouvernement italien Silvio
    // Berlusconi" is headed by "gouvernement", which describes nobody).
    let head = (start..name)
        .rev()
        .find(|&t| {
            doc.word_at(t)
                .is_some_and(|x| ss.upos(x.w as usize) == Upos::Noun)
        })
        .unwrap_or(last);
    let w = doc.word_at(head)?.w as usize;
    let word = ctx.t(head).to_lowercase();
    let bare = word.rsplit('-').next().unwrap_or(&word);
    if LABEL_NOUNS.contains(&bare) || dixit_lexicon::closed::is_indefinite_adjective(bare) {
        return None;
    }
    // After "de" or in "du", "des", "au", "aux" the words are a complement of the noun
    // before ("le ministre de l'Intérieur Paul Morin"): only a title there is the
    // person's ("le porte-parole du ministre Paul Morin").
    let complement = matches!(
        ctx.t(det).to_lowercase().as_str(),
        "du" | "des" | "au" | "aux"
    ) || det
        .checked_sub(1)
        .is_some_and(|t| matches!(ctx.t(t).to_lowercase().as_str(), "de" | "d'" | "d’" | "à"));
    let describes = if complement {
        lower(head) && is_role_head(doc, ss, w)
    } else if lower(head) {
        is_role_head(doc, ss, w) || dixit_lexicon::has_agent_ending(bare)
    } else {
        dixit_lexicon::has_agent_ending(bare) && !is_role_head(doc, ss, w)
    };
    describes.then(|| span_text(ctx, &(start..name)))
}

/// Two descriptions joined by "et" before a name, under one article ("le médecin et
/// romancier Paul Morin", "la chanteuse et ancienne ministre Lina Morel"): one person
/// with both, as French repeats the article for two people ("le maire et le député").
/// Each side opens with a title or person noun (past one modifier: "ancienne") and
/// nothing but words of the phrase stand between "et" and the name: no comma, verb,
/// quotation mark or other name.
fn coordinated_before_name(doc: &Doc, name: usize) -> Option<String> {
    /// How far "et" may stand before the name, in tokens.
    const MAX_SECOND: usize = 8;
    let ctx = &doc.ctx;
    let r = doc.word_at(name)?;
    let ss = doc.sent(r.s as usize)?;
    let role_word = |t: usize| -> bool {
        let lower = ctx.t(t).chars().next().is_some_and(char::is_lowercase);
        lower
            && doc.word_at(t).is_some_and(|x| {
                x.s == r.s && {
                    let w = x.w as usize;
                    let form = ss.form(w);
                    let last = form.rsplit('-').next().unwrap_or(form);
                    is_role_head(doc, ss, w)
                        || (ss.upos(w) == Upos::Noun && dixit_lexicon::has_agent_ending(last))
                }
            })
    };
    let lower_word = |t: usize| {
        matches!(
            ctx.kind(t),
            Some(dixit_text::token::TokenKind::Word | dixit_text::token::TokenKind::Elision)
        ) && ctx.t(t).chars().next().is_some_and(char::is_lowercase)
    };
    let verb = |t: usize| {
        doc.word_at(t).is_some_and(|x| {
            doc.sent(x.s as usize)
                .is_some_and(|y| matches!(y.upos(x.w as usize), Upos::Verb | Upos::Aux))
        })
    };
    let mut et = None;
    for t in (name.saturating_sub(MAX_SECOND)..name).rev() {
        if t < ss.tok0 || !lower_word(t) || verb(t) {
            break;
        }
        if ctx.t(t) == "et" {
            et = Some(t);
            break;
        }
    }
    let et = et?;
    // "l'avocat et ami de Paul Morin": the name completes the phrase, which describes
    // someone else.
    if name.checked_sub(1).is_some_and(|t| {
        matches!(
            ctx.t(t),
            "de" | "d'" | "d’" | "du" | "des" | "à" | "au" | "aux"
        )
    }) {
        return None;
    }
    // The second description: a title or person noun first, or after one modifier.
    let second = et + 1;
    if second >= name
        || dixit_lexicon::closed::is_determiner(ctx.t(second))
        || !(role_word(second) || (second + 1 < name && role_word(second + 1)))
    {
        return None;
    }
    // The first: article, at most one modifier, the noun, at most one adjective.
    let mut start = et;
    while start > ss.tok0 && et - start < 3 && lower_word(start - 1) && !verb(start - 1) {
        if dixit_lexicon::closed::is_determiner(ctx.t(start - 1)) {
            break;
        }
        start -= 1;
    }
    let det = start.checked_sub(1)?;
    if start == et
        || det < ss.tok0
        || !dixit_lexicon::closed::is_determiner(ctx.t(det))
        || !(start..et).any(role_word)
    {
        return None;
    }
    Some(span_text(ctx, &(start..name)))
}

/// A name followed by a comma and a title phrase, when the parse missed the apposition.
fn comma_apposition(doc: &Doc, ents: &Entities, name: &Range<usize>) -> Option<String> {
    let ctx = &doc.ctx;
    let after = name.end;
    // A name completing a noun ("un film de Fanny Ardant, une adaptation …"): the
    // apposition may describe that noun, so only a title or person noun is the person's.
    let complement = name.start.checked_sub(1).is_some_and(|t| {
        matches!(
            ctx.t(t).to_lowercase().as_str(),
            "de" | "d'" | "d’" | "du" | "des"
        )
    });
    if !ctx.is_punct(after, ",") {
        return None;
    }
    let mut start = after + 1;
    // Past the age ("Brittany Everette, 27 ans, mère de trois enfants,").
    if ctx.t(start).chars().all(|c| c.is_ascii_digit())
        && matches!(ctx.t(start + 1), "an" | "ans")
        && ctx.is_punct(start + 2, ",")
    {
        start += 3;
    }
    let r = doc.word_at(start)?;
    let ss = doc.sent(r.s as usize)?;
    let w = head_past_modifiers(doc, ss, r.w as usize);
    if ents.mention_at(ss.token(w)).is_some_and(|m| {
        ents.mentions
            .get(m)
            .is_some_and(|x| x.kind == MentionKind::Name)
    }) {
        return None;
    }
    if let Some(role) = one_of(doc, ss, w) {
        return Some(role);
    }
    // After a person's name and a comma, the construction itself says that a common noun
    // describes the person ("Paul Morin, un marin qui a survécu"): any such noun will do,
    // unless it counts time or amounts.
    // Right after the name, the person's gender (often guessed) is not needed: the
    // construction is clear enough. A plural still cannot describe one person.
    let agent_noun = is_common_noun_of_person(ss, w)
        && dixit_lexicon::has_agent_ending(ss.form(w).rsplit('-').next().unwrap_or(""));
    if !(is_role_head(doc, ss, w) || agent_noun || (!complement && is_common_noun_of_person(ss, w)))
        || !agrees_with_person(ents, None, ss, w)
    {
        return None;
    }
    // The phrase runs to what closes an apposition in the text, not to where the parse
    // ends it: complements that the parse hung on the verb ("Paul Morin, juriste à la
    // Ligue des droits.") belong to the role.
    let end = apposition_end(doc, ss, ss.token(w))?;
    without_determiner(doc, &(start..end))
}

/// Where an apposition starting at token `from` (in `ss`) ends: before a comma, a stop, a
/// bracket or a dash, or a relative pronoun ("un marin qui a survécu"). `None` when a
/// finite verb or a quotation mark comes first: the phrase is then the subject of a
/// clause after a fronted complement ("Pour Paul Morin, la réforme est une erreur"), or
/// runs into a title in quotation marks. `None` past [`MAX_ROLE_TOKENS`] too.
fn apposition_end(doc: &Doc, ss: &SentSyntax, from: usize) -> Option<usize> {
    let ctx = &doc.ctx;
    let last = ss.tok0 + ss.len_tokens();
    // A participle or infinitive after the noun ("un artisan venu protester contre …")
    // may open a reduced relative: the role stops there if a clause follows.
    let mut non_finite = None;
    let mark = |t: usize| ctx.marks.get(t).copied().flatten();
    // A few words in quotation marks closed inside the phrase are a term the writer
    // quotes ("un « gilet jaune » à Nice"), not speech: they belong to the role.
    let scare_quoted = |t: usize| match mark(t) {
        Some(QuoteMark::Open) => (t + 1..(t + 1 + MAX_SCARE_QUOTED).min(last))
            .take_while(|&k| !ctx.is_phrase_break(k))
            .any(|k| mark(k) == Some(QuoteMark::Close)),
        Some(QuoteMark::Close) => (from.saturating_sub(2).max(ss.tok0)..t)
            .rev()
            .take(MAX_SCARE_QUOTED + 2)
            .any(|k| mark(k) == Some(QuoteMark::Open)),
        _ => false,
    };
    for t in from + 1..(from + MAX_ROLE_TOKENS).min(last) {
        if ctx.is_phrase_break(t) || matches!(ctx.t(t), "qui" | "dont") {
            return Some(t);
        }
        let form = verb_form_at(ss, t);
        if (mark(t).is_some() && !scare_quoted(t)) || form == Some(dixit_syntax::VerbForm::Fin) {
            return non_finite;
        }
        if form.is_some() && non_finite.is_none() {
            // A gerund starts at its "en" and clitic ("en se déplaçant").
            let mut at = t;
            while at > from + 1 && matches!(ctx.t(at - 1), "en" | "se" | "s'" | "s’" | "y") {
                at -= 1;
            }
            non_finite = Some(at);
        }
    }
    (last <= from + MAX_ROLE_TOKENS).then_some(last)
}

/// The verb form of the word at token `t` of `ss` when it is a verb or an auxiliary.
fn verb_form_at(ss: &SentSyntax, t: usize) -> Option<dixit_syntax::VerbForm> {
    let k = ss.word_of_token(t.checked_sub(ss.tok0)?)?;
    if !matches!(ss.upos(k), Upos::Verb | Upos::Aux) {
        return None;
    }
    Some(
        ss.word(k)
            .and_then(|x| x.feats.verb_form())
            .unwrap_or(dixit_syntax::VerbForm::Fin),
    )
}

/// A description closed by a comma right before the name ("l'ancien émissaire de l'ONU
/// en Libye, Ghassan Salamé", "il a fui avec son complice de toujours, Paul Morin"), read
/// in the text when the parse missed the apposition. The phrase runs back to punctuation,
/// a quotation mark or a verb; a preposition opening it is left out, but only inside a
/// clause or when a comma closes the name too: a fronted complement is not in apposition
/// to the subject that follows ("Interrogé par le juge, Paul Morin a nié", "Selon le
/// ministre, Paul Morin aurait menti"; but "Selon son producteur, Paul Morin, …").
fn description_before_comma(
    doc: &Doc,
    ents: &Entities,
    e: usize,
    name_tokens: &Range<usize>,
) -> Option<String> {
    let ctx = &doc.ctx;
    let name = name_tokens.start;
    let comma = name.checked_sub(1)?;
    if !ctx.is_punct(comma, ",") {
        return None;
    }
    let ss = doc.sent(doc.sent_of(name))?;
    let first = ss.tok0;
    // The body's initials in parentheses end the phrase ("… (UFIP), Jean Schil").
    let mut end = comma;
    if end > first && ctx.is_punct(end - 1, ")") {
        end = (end.saturating_sub(6).max(first)..end - 1)
            .rev()
            .find(|&t| ctx.is_punct(t, "("))?;
    }
    let mut start = end;
    while start > first && end - start < MAX_ROLE_TOKENS {
        let t = start - 1;
        if ctx.closes_apposition(t) || verb_form_at(ss, t).is_some() {
            break;
        }
        start = t;
    }
    if start >= end || end - start >= MAX_ROLE_TOKENS {
        return None;
    }
    let r = doc.word_at(start)?;
    let mut w = r.w as usize;
    let opened_by_preposition =
        ss.upos(w) == Upos::Adp && !dixit_lexicon::closed::is_determiner(ctx.t(start));
    if opened_by_preposition {
        // Inside a clause only: a finite verb before the phrase, in this sentence (a
        // participle may itself be fronted: "Interrogé par le juge, Paul Morin …").
        if !doc.finite_verb_before(start) && !ctx.closes_apposition(name_tokens.end) {
            return None;
        }
        start += 1;
        w += 1;
    }
    let w = head_past_modifiers(doc, ss, w);
    // A noun phrase with the name between two commas is in apposition to it, whatever its
    // noun ("La légende du cinéma italien, Marco Bellini, a annoncé …"), unless a
    // preposition opens it ("Dans la ville, Paul Morin, …").
    let framed = !opened_by_preposition
        && ctx.closes_apposition(name_tokens.end)
        && is_common_noun_of_person(ss, w);
    if ss.token(w) >= end
        || !(is_role_head(doc, ss, w) || is_describing_noun(ss, w) || framed)
        || !agrees_with_person(ents, Some(e), ss, w)
        || ents.mention_at(ss.token(w)).is_some_and(|m| {
            ents.mentions
                .get(m)
                .is_some_and(|x| x.kind == MentionKind::Name)
        })
    {
        return None;
    }
    without_determiner(doc, &(start..end))
}

/// The head noun of a phrase starting at word `w`, past an article and up to two
/// modifiers ("l'ancien", "son nouveau"); a title among them is the head.
fn head_past_modifiers(doc: &Doc, ss: &SentSyntax, mut w: usize) -> usize {
    let mut steps = 0;
    // An opening quotation mark before a quoted term is passed too ("un « gilet jaune »").
    let opening = |w: usize| {
        doc.ctx.marks.get(ss.token(w)).copied().flatten() == Some(QuoteMark::Open)
            || (ss.upos(w) == Upos::Punct && matches!(ss.form(w), "«" | "“" | "\""))
    };
    while steps < 3
        && ((matches!(ss.upos(w), Upos::Det | Upos::Adj) && !is_role_head(doc, ss, w))
            || opening(w))
    {
        w += 1;
        steps += 1;
    }
    w
}

/// A predicate office: "X est ministre de …", "X a été élu maire de …".
fn predicate(doc: &Doc, ss: &SentSyntax, subject: usize) -> Option<String> {
    if ss.rel(subject).base() != Deprel::Nsubj {
        return None;
    }
    let head = ss.head(subject)?;
    let has_cop = ss.kids_by(head, Deprel::Cop).next().is_some();
    let pred = if has_cop && matches!(ss.upos(head), Upos::Noun) {
        head
    } else if OFFICE_VERBS.contains(&ss.lemma(head)) {
        ss.kids(head).iter().map(|&k| k as usize).find(|&k| {
            matches!(ss.rel(k).base(), Deprel::Xcomp | Deprel::Obj) && ss.upos(k) == Upos::Noun
        })?
    } else {
        return None;
    };
    if !is_role_head(doc, ss, pred) {
        return None;
    }
    without_determiner(doc, &role_extent(doc, ss, pred))
}

/// Nouns of quantity and time that stand in apposition without describing anyone ("Paul
/// Morin, 45 ans,", "Paul Morin, mardi,").
const NOT_DESCRIPTIONS: &[&str] = &[
    "an",
    "ans",
    "année",
    "années",
    "mois",
    "jour",
    "jours",
    "heure",
    "heures",
    "fois",
    "semaine",
    "semaines",
    "soir",
    "matin",
    "midi",
    "minute",
    "minutes",
    "euro",
    "euros",
    "veille",
    "lendemain",
    "surlendemain",
    "fin",
    "début",
    "mi",
    "moment",
    "époque",
    "instant",
    "lors",
    "nuit",
    "après-midi",
    "soirée",
    "matinée",
    "journée",
    "week-end",
    "dollars",
    "dollar",
];

/// False when the noun `w` heading a description cannot describe one person: it is plural
/// ("des militants, Paul Morin"), or its gender differs from that of the person `e`, when
/// given ("le président …, Nicolle Beltrame"). The gender is the lexicon's, else the
/// parse's.
fn agrees_with_person(ents: &Entities, e: Option<usize>, ss: &SentSyntax, w: usize) -> bool {
    let lex = crate::mentions::lexicon_gender_number(ss.form(w));
    let feats = ss.word(w).map(|x| x.feats);
    let number = lex.map(|l| l.1).or_else(|| feats.and_then(|f| f.number()));
    if number == Some(dixit_lexicon::Number::Plural) {
        return false;
    }
    // A noun the lexicons lack tells the person's sex by its gender only if it inflects
    // for it ("l'opposante"); "la légende", "la vedette" are feminine for anyone.
    let gender = match lex {
        Some((g, _)) => g,
        None if dixit_lexicon::has_agent_ending(&ss.form(w).to_lowercase()) => {
            feats.and_then(|f| f.gender())
        }
        None => None,
    };
    match (
        gender,
        e.and_then(|e| ents.list.get(e)).and_then(|x| x.gender),
    ) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

/// True when word `w` is a lowercase common noun that is not a measure of time or amount:
/// in apposition right after a person's name, such a noun describes the person.
fn is_common_noun_of_person(ss: &SentSyntax, w: usize) -> bool {
    let form = ss.form(w);
    ss.upos(w) == Upos::Noun
        && form.chars().next().is_some_and(char::is_lowercase)
        && !is_measure(form)
        && !dixit_lexicon::closed::is_calendar_word(form)
        && !dixit_lexicon::closed::is_resumptive_noun(form)
        && ss.kids_by(w, Deprel::Nummod).next().is_none()
}

/// True for a noun of [`NOT_DESCRIPTIONS`], singular or plural ("des instants plus tôt").
fn is_measure(form: &str) -> bool {
    NOT_DESCRIPTIONS.contains(&form)
        || form
            .strip_suffix('s')
            .is_some_and(|f| NOT_DESCRIPTIONS.contains(&f))
}

/// True when word `w` is a common noun that can describe a person in apposition: an agent
/// or origin noun by its ending, not a number of years, a day or an amount ("Paul Morin,
/// 45 ans,"), nor an event or a thing ("la mort de …", "la question").
fn is_describing_noun(ss: &SentSyntax, w: usize) -> bool {
    let form = ss.form(w);
    let last = form.rsplit('-').next().unwrap_or(form);
    (is_common_noun_of_person(ss, w) && dixit_lexicon::has_agent_ending(last))
        // "un Algérien", "l'Afro-Américain": a noun of origin after an article.
        || (dixit_lexicon::is_demonym(form) && ss.kids_by(w, Deprel::Det).next().is_some())
}

/// True when word `w` is a title or a person noun.
fn is_role_head(doc: &Doc, ss: &SentSyntax, w: usize) -> bool {
    let ctx = &doc.ctx;
    let tok = ss.token(w);
    let forms: Vec<&str> = (tok..(tok + 4).min(ctx.tokens.len()))
        .map(|k| ctx.t(k))
        .collect();
    let first = forms.first().copied().unwrap_or("");
    let bare = first
        .strip_prefix("ex-")
        .or_else(|| first.strip_prefix("Ex-"))
        .unwrap_or(first);
    dixit_lexicon::title_head(bare).is_some()
        || dixit_lexicon::title_info_at(&forms).is_some()
        || dixit_lexicon::noun_info_at(&forms)
            .is_some_and(|(_, n)| n.class == dixit_lexicon::NounClass::Person)
}

/// Tokens of a role phrase headed by `w`: modifiers and complements, no relative clause,
/// apposition, coordination or punctuation-delimited insert.
fn role_extent(doc: &Doc, ss: &SentSyntax, w: usize) -> Range<usize> {
    let ctx = &doc.ctx;
    let Range { mut start, mut end } = ss.phrase_tokens(
        w,
        &[
            Deprel::Det,
            Deprel::Amod,
            Deprel::Nmod,
            Deprel::Flat,
            Deprel::Compound,
            Deprel::Advmod,
        ],
    );
    let head = ss.token(w);
    for t in (start..head).rev() {
        if matches!(ctx.t(t), "," | ";" | ":" | "(" | ")") {
            start = t + 1;
            break;
        }
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

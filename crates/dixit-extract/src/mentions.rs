//! Descriptions and pronouns as mentions, found on the parse: a noun phrase whose head is
//! a title ("la maire sortante"), a person noun ("le quadragénaire"), an outlet, body or
//! document noun ("l'hebdomadaire", "le ministère", "le rapport"), and third-person
//! pronouns ("il", "-t-elle", "selon lui"). Each gets gender and number from the parse
//! (falling back on the lexicons) and its determination.

use crate::doc::{Doc, SentSyntax};
use crate::entities::{Det, Entities, EntityKind, Mention, MentionKind};
use dixit_lexicon::{Gender, NounClass, Number};
use dixit_syntax::{Deprel, Upos};
use std::ops::Range;

/// Longest description kept as one mention, in tokens: past this, the phrase is a clause.
const MAX_DESCRIPTION_TOKENS: usize = 14;

/// Adds description and pronoun mentions to `ents` (names are already there).
pub fn find(doc: &Doc, ents: &mut Entities) {
    let ctx = &doc.ctx;
    let mut forms: Vec<&str> = Vec::with_capacity(6);
    for (si, ss) in doc.syn.iter().enumerate() {
        for w in 0..ss.len() {
            let upos = ss.upos(w);
            let tok = ss.token(w);
            let quoted = ctx.depth.get(tok).is_some_and(|&d| d > 0);
            if upos == Upos::Pron || ctx.is_clitic(tok) {
                if let Some(m) = pronoun(doc, ss, si, w, quoted) {
                    ents.push_mention(m);
                }
                continue;
            }
            if !matches!(upos, Upos::Noun | Upos::Propn | Upos::Adj) {
                continue;
            }
            // A name already covers this word: names are their own mentions.
            if ents.mention_at(tok).is_some() {
                continue;
            }
            forms.clear();
            forms.extend((tok..(tok + 4).min(ctx.tokens.len())).map(|k| ctx.t(k)));
            let Some((class, gender, number)) = head_class(&forms, ss, w) else {
                continue;
            };
            let Some(det) = determination(ss, w) else {
                continue;
            };
            let mut tokens = description_extent(doc, ss, w);
            // The party or body right after a title belongs to it, whatever relation the
            // parse gives them ("le candidat EELV", "la députée LFI").
            if class == EntityKind::Person
                && let Some(e) = ents.entity_at(tokens.end).filter(|&e| {
                    matches!(
                        ents.kind(e),
                        Some(EntityKind::Org | EntityKind::Institution)
                    )
                })
                && ss
                    .kids_by(w, Deprel::Appos)
                    .any(|k| ss.token(k) == tokens.end)
            {
                while ents.entity_at(tokens.end) == Some(e) {
                    tokens.end += 1;
                }
            }
            // A name standing for the head is a mention of its own ("son avocat Cédric
            // Labrousse"): the description stops before it. A name in a complement or a
            // clause stays inside ("l'entourage de Manuel Valls", "la mère du policier
            // tué par Paul Morin").
            if let Some(t) = (tok + 1..tokens.end).find(|&t| {
                let e = ents.entity_at(t);
                e.is_some_and(|e| ents.kind(e) == Some(EntityKind::Person))
                    && ents.entity_at(t - 1) != e
                    && !matches!(ctx.t(t - 1), "de" | "d'" | "d’" | "du")
                    && t.checked_sub(ss.tok0)
                        .and_then(|local| ss.word_of_token(local))
                        .is_none_or(|n| ss.designates(n, w))
            }) {
                tokens.end = t;
            }
            if tokens.is_empty() || tokens.len() > MAX_DESCRIPTION_TOKENS {
                continue;
            }
            let feats = ss.word(w).map(|x| x.feats);
            // The determiner tells the gender of an epicene title ("la secrétaire d'État").
            let det_gender = determiner_gender(ctx.t(tokens.start));
            ents.push_mention(Mention {
                tokens,
                head: tok,
                sent: si,
                kind: MentionKind::Nominal,
                class,
                gender: feats.and_then(|f| f.gender()).or(gender).or(det_gender),
                number: feats.and_then(|f| f.number()).or(number),
                det,
                entity: None,
                quoted,
            });
        }
    }
    ents.finish(ctx.tokens.len());
}

/// Gender a determiner marks ("la", "cette", "une"); `None` for "le/la"-less or epicene ones
/// ("l'", "les", "leur").
pub(crate) fn determiner_gender(w: &str) -> Option<Gender> {
    match w.to_lowercase().as_str() {
        "la" | "une" | "cette" | "ma" | "ta" | "sa" => Some(Gender::Feminine),
        "le" | "un" | "ce" | "cet" | "du" | "au" => Some(Gender::Masculine),
        _ => None,
    }
}

/// The gender a description marks in its words, not guessed by the tagger: its head
/// noun's in the lexicons ("le président"), else its article's ("la ministre"); `None` for
/// an epicene head after "l'", "son", "les" ("son ancienne ministre").
pub(crate) fn marked_gender(ctx: &crate::context::Context, m: &Mention) -> Option<Gender> {
    lexicon_gender_number(ctx.t(m.head))
        .and_then(|(g, _)| g)
        .or_else(|| determiner_gender(ctx.t(m.tokens.start)))
}

/// The gender (`None` when epicene) and number a title or person noun form marks in the
/// lexicons; `None` for a word they lack.
pub(crate) fn lexicon_gender_number(form: &str) -> Option<(Option<Gender>, Number)> {
    dixit_lexicon::title_head(form)
        .map(|t| (t.gender, t.number))
        .or_else(|| dixit_lexicon::noun_info(form).map(|n| (n.gender, n.number)))
}

/// What a description headed by word `w` refers to, with the gender and number its head
/// noun marks.
fn head_class(
    forms: &[&str],
    ss: &SentSyntax,
    w: usize,
) -> Option<(EntityKind, Option<Gender>, Option<Number>)> {
    let first = *forms.first()?;
    let bare = first
        .strip_prefix("ex-")
        .or_else(|| first.strip_prefix("Ex-"))
        .unwrap_or(first);
    if let Some(t) = dixit_lexicon::title_head(bare) {
        return Some((EntityKind::Person, t.gender, Some(t.number)));
    }
    if let Some((_, t)) = dixit_lexicon::title_info_at(forms) {
        return Some((EntityKind::Person, t.gender, Some(t.number)));
    }
    if let Some((_, n)) = dixit_lexicon::noun_info_at(forms) {
        let class = match n.class {
            NounClass::Person => EntityKind::Person,
            NounClass::Media => EntityKind::Media,
            NounClass::Organization => EntityKind::Org,
            NounClass::Institution => EntityKind::Institution,
            NounClass::Document => EntityKind::Document,
        };
        return Some((class, n.gender, Some(n.number)));
    }
    // "le Londonien", "la Québécoise": a capitalised noun of origin after a determiner.
    if dixit_lexicon::is_demonym(first) && ss.kids_by(w, Deprel::Det).next().is_some() {
        return Some((EntityKind::Person, None, None));
    }
    None
}

/// The determination of a description, or `None` when the word does not head a noun
/// phrase that can refer (no determiner and not in apposition).
pub(crate) fn determination(ss: &SentSyntax, w: usize) -> Option<Det> {
    if let Some(k) = ss
        .kids_by(w, Deprel::Det)
        .next()
        .or_else(|| loose_article(ss, w))
    {
        let f = ss.form(k).to_lowercase();
        return Some(match f.as_str() {
            "le" | "la" | "les" | "l'" | "l’" => Det::Definite,
            "ce" | "cet" | "cette" | "ces" => Det::Demonstrative,
            "son" | "sa" | "ses" | "leur" | "leurs" | "notre" | "votre" | "mon" | "ma" | "mes" => {
                Det::Possessive
            }
            _ => Det::Indefinite,
        });
    }
    // A cardinal opens an indefinite phrase as an article would ("deux sources proches
    // du dossier", "trois témoins").
    if ss
        .kids_by(w, Deprel::Nummod)
        .any(|k| k < w && ss.upos(k) == Upos::Num)
    {
        return Some(Det::Indefinite);
    }
    // Bare nouns refer in apposition ("Paul Morin, porte-parole du parti,") and as
    // predicates, which roles read; as mentions they are not separate referents.
    None
}

/// An article right before the noun `w` that the parse hung elsewhere: after a cue verb
/// the tagger can read "le" as a pronoun ("explique à l'AFP le consul de France, …"). An
/// article form followed by a noun opens that noun's phrase whatever the parse says.
fn loose_article(ss: &SentSyntax, w: usize) -> Option<usize> {
    let k = w.checked_sub(1)?;
    (ss.kids_by(w, Deprel::Det).next().is_none()
        && ss.upos(w) == Upos::Noun
        && matches!(ss.upos(k), Upos::Det | Upos::Pron)
        && matches!(
            ss.form(k).to_lowercase().as_str(),
            "le" | "la" | "les" | "l'" | "l’"
        ))
    .then_some(k)
}

/// Token range of the description headed by `w`: determiner, modifiers, the head and its
/// complements, without relative clauses, appositions, coordinated phrases or punctuation.
fn description_extent(doc: &Doc, ss: &SentSyntax, w: usize) -> Range<usize> {
    let Range { mut start, mut end } = ss.phrase_tokens(
        w,
        &[
            Deprel::Det,
            Deprel::Amod,
            Deprel::Nmod,
            Deprel::Flat,
            Deprel::Nummod,
            Deprel::Compound,
        ],
    );
    if let Some(k) = loose_article(ss, w) {
        start = start.min(ss.token(k));
    }
    // Never run over punctuation or a quotation mark inside the phrase.
    let ctx = &doc.ctx;
    let head_tok = ss.token(w);
    for t in (start..head_tok).rev() {
        if ctx.closes_apposition(t) {
            start = t + 1;
            break;
        }
    }
    for t in head_tok + 1..end {
        if ctx.closes_apposition(t) {
            end = t;
            break;
        }
    }
    start..end.max(start)
}

/// A third-person pronoun that can stand for a speaker: a subject ("il", "-t-elle",
/// "celle-ci") or a tonic pronoun after a preposition ("selon lui", "pour elle").
fn pronoun(doc: &Doc, ss: &SentSyntax, si: usize, w: usize, quoted: bool) -> Option<Mention> {
    let rel = ss.rel(w);
    let tok = ss.token(w);
    // An inverted clitic is a subject whatever the parse says ("confie-t-elle", "assène
    // t-elle"); the tokeniser knows it.
    if doc.ctx.is_clitic(tok) {
        let text = doc.ctx.t(tok);
        let text = if text == "t" {
            doc.ctx.t(tok + 1)
        } else {
            text
        };
        let (gender, number) = dixit_lexicon::subject_pronoun(text)?;
        return Some(Mention {
            tokens: tok..tok + 1,
            head: tok,
            sent: si,
            kind: MentionKind::Pronoun,
            class: EntityKind::Person,
            gender: Some(gender),
            number: Some(number),
            det: Det::None,
            entity: None,
            quoted,
        });
    }
    if matches!(rel.base(), Deprel::Expl) {
        return None;
    }
    let form = ss.form(w);
    let (gender, number) = dixit_lexicon::subject_pronoun(form)?;
    let tonic = matches!(
        form.to_lowercase().as_str(),
        "lui" | "eux" | "lui-même" | "eux-mêmes" | "elle-même" | "elles-mêmes"
    );
    let subject = rel.base() == Deprel::Nsubj;
    let oblique = matches!(rel.base(), Deprel::Obl | Deprel::Nmod);
    if !(subject || (oblique && (tonic || matches!(form, "elle" | "elles")))) {
        return None;
    }
    Some(Mention {
        tokens: tok..tok + 1,
        head: tok,
        sent: si,
        kind: MentionKind::Pronoun,
        class: EntityKind::Person,
        gender: Some(gender),
        number: Some(number),
        det: Det::None,
        entity: None,
        quoted,
    })
}

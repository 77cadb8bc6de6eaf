//! Channels: the outlet or medium reported words went through ("sur RTL", "au JDD",
//! "dans un communiqué", "sur Twitter", "selon Le Parisien").
//!
//! Read on the cue's clause: a prepositional complement of the reporting verb whose noun
//! is an outlet or a channel noun; for "selon X", X itself when X is an outlet. A quote with
//! no channel of its own takes the channel of the same speaker's previous quote when it
//! follows closely ("… a-t-il encore estimé" after "a jugé sur RTL").

use crate::cues::{Cue, CueKind};
use crate::doc::Doc;
use crate::entities::{Entities, EntityKind, span_text};
use crate::quotes::FoundQuote;
use dixit_syntax::Deprel;

/// How many sentences a channel carries to the same speaker's next quote.
pub const CARRY_SENTENCES: usize = 2;
/// Prepositions that introduce a channel.
const CHANNEL_PREPS: &[&str] = &[
    "sur", "à", "au", "aux", "dans", "auprès", "devant", "par", "en", "lors",
];

/// The channel of each quote, as written.
pub fn find(
    doc: &Doc,
    ents: &Entities,
    cues: &[Cue],
    quotes: &[FoundQuote],
    speakers: &[Option<usize>],
) -> Vec<Option<String>> {
    let mut out: Vec<Option<String>> = quotes
        .iter()
        .map(|q| {
            q.cue()
                .and_then(|c| cues.get(c))
                .and_then(|cue| of_cue(doc, ents, cue, q))
        })
        .collect();
    // Carry to the same speaker's next quotes.
    for i in 1..out.len() {
        if out[i].is_some() {
            continue;
        }
        let Some(sp) = speakers.get(i).copied().flatten() else {
            continue;
        };
        let sent = doc.sent_of(quotes[i].tokens.start);
        for k in (0..i).rev() {
            if sent.saturating_sub(doc.sent_of(quotes[k].tokens.start)) > CARRY_SENTENCES {
                break;
            }
            if speakers.get(k).copied().flatten() == Some(sp) {
                if let Some(ch) = out[k].clone() {
                    out[i] = Some(ch);
                }
                break;
            }
        }
    }
    out
}

fn of_cue(doc: &Doc, ents: &Entities, cue: &Cue, q: &FoundQuote) -> Option<String> {
    let ctx = &doc.ctx;
    let ss = doc.sent(cue.word.s as usize)?;
    let w = cue.word.w as usize;
    if let CueKind::Source(_) = cue.kind {
        let object = ss.head(w)?;
        let e = ents.entity_at(ss.token(object))?;
        return (ents.kind(e) == Some(EntityKind::Media)).then(|| ents.list[e].name.clone());
    }
    // Complements of the verb (and of its auxiliary chain's head) outside the quote.
    for &k in ss.kids(w) {
        let k = k as usize;
        if !matches!(ss.rel(k).base(), Deprel::Obl | Deprel::Iobj | Deprel::Nmod) {
            continue;
        }
        let tok = ss.token(k);
        if tok >= q.tokens.start && tok < q.tokens.end {
            continue;
        }
        let has_prep = ss
            .kids_by(k, Deprel::Case)
            .any(|c| CHANNEL_PREPS.contains(&ss.form(c).to_lowercase().as_str()));
        if !has_prep {
            continue;
        }
        if let Some(ch) = channel_word(doc, ents, tok) {
            return Some(ch);
        }
    }
    // The parse may attach the complement elsewhere: look right after the cue.
    let mut t = cue.tokens.end;
    let limit = (t + 6).min(ctx.tokens.len());
    while t < limit {
        if ctx.marks.get(t).copied().flatten().is_some()
            || (t >= q.tokens.start && t < q.tokens.end)
        {
            break;
        }
        let lw = ctx.t(t).to_lowercase();
        if CHANNEL_PREPS.contains(&lw.as_str()) || lw.ends_with('\'') || lw.ends_with('’') {
            t += 1;
            continue;
        }
        if dixit_lexicon::closed::is_determiner(ctx.t(t)) {
            t += 1;
            continue;
        }
        return channel_word(doc, ents, t);
    }
    None
}

/// The channel named at token `t`: an outlet's name, a social network or a channel noun.
fn channel_word(doc: &Doc, ents: &Entities, t: usize) -> Option<String> {
    let ctx = &doc.ctx;
    if let Some(e) = ents.entity_at(t)
        && ents.kind(e) == Some(EntityKind::Media)
    {
        let m = ents.mention_at(t)?;
        return Some(span_text(ctx, &ents.mentions.get(m)?.tokens));
    }
    let word = ctx.t(t);
    if dixit_lexicon::is_social_network(word) {
        return Some(word.to_owned());
    }
    let window: Vec<&str> = (t..(t + 4).min(ctx.tokens.len()))
        .map(|k| ctx.t(k))
        .collect();
    let channel = dixit_lexicon::channel_at(&window);
    // The outlet a channel noun or press frame belongs to is the better answer: "une
    // interview accordée au Journal du dimanche", "dans les colonnes du Times".
    let after = channel.map_or(t + 1, |(n, _)| t + n);
    if (channel.is_some() || PRESS_FRAMES.contains(&word.to_lowercase().as_str()))
        && let Some(media) = media_after(doc, ents, after)
    {
        return Some(media);
    }
    let (n, _) = channel?;
    Some(span_text(ctx, &(t..t + n)))
}

/// Nouns that frame a medium without naming a kind of channel ("les colonnes du Times").
const PRESS_FRAMES: &[&str] = &[
    "colonnes", "pages", "micro", "antenne", "plateau", "studio", "site",
];

/// Most words between a channel noun and its outlet ("accordée au").
const MAX_FRAME_GAP: usize = 4;

/// The outlet named right after a channel noun, past a participle and a preposition.
fn media_after(doc: &Doc, ents: &Entities, from: usize) -> Option<String> {
    let ctx = &doc.ctx;
    let end = (from + MAX_FRAME_GAP + 1).min(ctx.tokens.len());
    for t in from..end {
        if let Some(e) = ents.entity_at(t)
            && ents.kind(e) == Some(EntityKind::Media)
        {
            let m = ents.mention_at(t)?;
            return Some(span_text(ctx, &ents.mentions.get(m)?.tokens));
        }
        let w = ctx.t(t).to_lowercase();
        let passes = matches!(
            w.as_str(),
            "à" | "au"
                | "aux"
                | "de"
                | "du"
                | "des"
                | "d'"
                | "d’"
                | "sur"
                | "le"
                | "la"
                | "les"
                | "l'"
                | "l’"
        ) || w.ends_with("ée")
            || w.ends_with('é')
            || w.ends_with("ées")
            || w.ends_with("és");
        if !passes {
            return None;
        }
    }
    None
}

//! Relations: who supports, criticises, joins, leaves, allies with, succeeds or answers whom.
//!
//! A relation is read from a verb of the relation lexicon (`dixit_lexicon::relations`) and
//! its arguments in the parse: the source is the verb's subject (inherited by infinitives,
//! participles and coordinated verbs, the agent of a passive, the antecedent of "qui", the
//! speaker of a quote for "je"), the target its object or the phrase its preposition
//! introduces. Both must resolve, through the mention chains, to a person, party or outlet
//! of the article; anything else ("soutenir la réforme", "quitter Paris") is no relation.
//! A target written as a common noun with an actor in its complement counts as that actor
//! ("critiquer la politique de Paul Morin" criticises Paul Morin).

use crate::doc::{Doc, SentSyntax};
use crate::entities::{Entities, EntityKind, MentionKind};
use crate::quotes::FoundQuote;
use crate::speakers::{phrase_range, verb_subject};
use dixit_kb::{Kb, OrgKind};
use dixit_lexicon::{Number, RelationKind, RelationLemma, Target};
use dixit_syntax::{Deprel, Mood, Upos};
use std::ops::Range;

/// A relation found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundRelation {
    /// What it is.
    pub kind: RelationKind,
    /// Entity that acts.
    pub source: usize,
    /// Mention of the source that the verb's subject is (none for an inherited "je").
    pub source_tokens: Option<Range<usize>>,
    /// Entity acted on.
    pub target: usize,
    /// Tokens of the target's phrase.
    pub target_tokens: Range<usize>,
    /// Sentence.
    pub sent: usize,
    /// Tokens of the verb phrase (negation and auxiliaries included).
    pub cue: Range<usize>,
    /// The text denies it.
    pub negated: bool,
    /// The text states it as possible, wished or threatened.
    pub hedged: bool,
}

/// Governing verbs that deny what their infinitive says ("refuse de soutenir").
const DENYING: &[&str] = &["refuser", "exclure", "renoncer", "éviter", "cesser"];
/// Governing verbs that make their infinitive a possibility, not a fact ("pourrait
/// rejoindre", "menace de quitter", "envisage de s'allier").
const HEDGING: &[&str] = &[
    "pouvoir",
    "envisager",
    "menacer",
    "songer",
    "vouloir",
    "souhaiter",
    "espérer",
    "devoir",
    "tenter",
    "compter",
    "promettre",
    "proposer",
    "réfléchir",
];
/// How many governing verbs up negation and modality are looked for.
const MAX_GOVERNORS: usize = 2;
/// How many tokens before a pronominal verb its clitics may stand ("ne s'en est pas pris").
const CLITIC_WINDOW: usize = 4;

/// Every relation stated in the parsed sentences of `doc`.
pub fn find(
    doc: &Doc,
    kb: &Kb,
    ents: &Entities,
    quotes: &[FoundQuote],
    speakers: &[Option<usize>],
) -> Vec<FoundRelation> {
    let speaker_at = QuoteSpeakers::new(doc.ctx.tokens.len(), quotes, speakers);
    let mut out: Vec<FoundRelation> = Vec::new();
    for (si, ss) in doc.syn.iter().enumerate() {
        for w in 0..ss.len() {
            if ss.upos(w) != Upos::Verb {
                continue;
            }
            for lemma in dixit_lexicon::relation_lemmas(ss.form(w)) {
                if let Some(r) = read(doc, kb, ents, &speaker_at, ss, si, w, lemma) {
                    // Relations come sentence by sentence: only this sentence's can repeat.
                    let seen =
                        out.iter().rev().take_while(|x| x.sent == r.sent).any(|x| {
                            x.kind == r.kind && x.source == r.source && x.target == r.target
                        });
                    if !seen {
                        out.push(r);
                    }
                    break;
                }
            }
        }
    }
    out
}

/// The relation verb `w` states under `lemma`, if its arguments are actors.
#[allow(clippy::too_many_arguments)]
fn read(
    doc: &Doc,
    kb: &Kb,
    ents: &Entities,
    speaker_at: &QuoteSpeakers,
    ss: &SentSyntax,
    si: usize,
    w: usize,
    lemma: &RelationLemma,
) -> Option<FoundRelation> {
    let ctx = &doc.ctx;
    let tok = ss.token(w);
    let clitics = tok.saturating_sub(CLITIC_WINDOW)..tok;
    let reflexive = ss
        .kids(w)
        .iter()
        .any(|&k| is_reflexive(ss.form(k as usize)))
        || clitics.clone().any(|t| is_reflexive(ctx.t(t)));
    if lemma.reflexive != reflexive {
        return None;
    }
    if lemma.clitic_en && !clitics.clone().any(|t| ctx.t(t).eq_ignore_ascii_case("en")) {
        return None;
    }
    // The word the target hangs from: the verb, or a light verb's noun ("apporter son
    // soutien à X": "à X" may hang from either).
    let noun = match lemma.noun {
        Some(n) => Some(
            ss.kids(w)
                .iter()
                .map(|&k| k as usize)
                .find(|&k| ss.rel(k).base() == Deprel::Obj && ss.form(k).starts_with(n))?,
        ),
        None => None,
    };
    // A pronominal verb's "être" is no passive ("s'en est pris à"), whatever the parse says.
    let passive = !lemma.reflexive
        && ss
            .kids(w)
            .iter()
            .any(|&k| ss.rel(k as usize) == Deprel::AuxPass);
    let (source_word, target_word) = if passive {
        // "Paul Morin est soutenu par le PS": the agent acts on the passive subject.
        if lemma.target != Target::Object {
            return None;
        }
        let agent = ss.kids(w).iter().map(|&k| k as usize).find(|&k| {
            ss.rel(k) == Deprel::OblAgent
                || (ss.rel(k).base() == Deprel::Obl && has_case(ss, k, &["par"]))
        })?;
        let patient = ss
            .kids(w)
            .iter()
            .map(|&k| k as usize)
            .find(|&k| ss.rel(k).base() == Deprel::Nsubj)?;
        (Some(agent), patient)
    } else {
        let target = match lemma.target {
            Target::Object => ss
                .kids(w)
                .iter()
                .map(|&k| k as usize)
                .find(|&k| ss.rel(k).base() == Deprel::Obj && !is_reflexive(ss.form(k)))?,
            Target::Prep(p) => {
                let cases = prep_forms(p);
                [Some(w), noun]
                    .into_iter()
                    .flatten()
                    .flat_map(|h| ss.kids(h).iter().map(|&k| k as usize))
                    .find(|&k| {
                        matches!(
                            ss.rel(k).base(),
                            Deprel::Obl | Deprel::Iobj | Deprel::Nmod | Deprel::Obj
                        ) && has_case(ss, k, cases)
                    })?
            }
        };
        (verb_subject(ss, w, false).map(|(s, _)| s), target)
    };
    // A subject the parse found that is no actor ("les proches de Paul Morin") is the
    // answer; only a verb with no subject at all looks for a name before it.
    let (source, source_tokens) = match source_word {
        Some(p) => actor(doc, ents, speaker_at, ss, p, false)?,
        // The name may stand before the verb that governs the infinitive ("X n'a pas
        // manqué de critiquer Y").
        None => name_before(doc, ents, ss, w).or_else(|| {
            let h = ss.head(w).filter(|_| ss.rel(w).base() == Deprel::Xcomp)?;
            name_before(doc, ents, ss, h)
        })?,
    };
    // Leaving "la présidence du FN" is leaving a post, not the party: joining and leaving
    // take their target as written, never through a complement.
    let (target, target_tokens) = actor(doc, ents, speaker_at, ss, target_word, !lemma.org_target)?;
    let target_tokens = target_tokens?;
    if source == target {
        return None;
    }
    // Joining or leaving is about a party or a group: an office or a seat of power named
    // like an organisation ("a quitté l'Élysée", "le ministère de l'Intérieur") is not one.
    let institution = ents
        .list
        .get(target)
        .and_then(|e| e.kb)
        .and_then(|k| kb.organization(k))
        .is_some_and(|o| o.kind == OrgKind::Institution);
    if lemma.org_target
        && (ents.kind(target) != Some(EntityKind::Org)
            || institution
            || target_tokens.clone().any(|t| {
                dixit_lexicon::noun_info(doc.ctx.t(t))
                    .is_some_and(|i| i.class == dixit_lexicon::NounClass::Institution)
            }))
    {
        return None;
    }
    let (negated, hedged) = modality(ss, w);
    Some(FoundRelation {
        kind: lemma.kind,
        source,
        source_tokens,
        target,
        target_tokens,
        sent: si,
        cue: verb_phrase(ss, w),
        negated,
        hedged,
    })
}

/// The subject the parse missed: an actor's name just before the verb phrase, with only
/// clitics, negation, auxiliaries and adverbs between ("Claire Guédon ne soutiendra pas"
/// parsed with "Claire" as an adjective).
fn name_before(
    doc: &Doc,
    ents: &Entities,
    ss: &SentSyntax,
    w: usize,
) -> Option<(usize, Option<Range<usize>>)> {
    let sentence_start = doc.ctx.sentence_range(ss.token(w)).start;
    let mut t = ss.token(w);
    for _ in 0..CLITIC_WINDOW + 2 {
        t = t.checked_sub(1).filter(|&t| t >= sentence_start)?;
        if let Some(m) = ents.mention_at(t).and_then(|m| ents.mentions.get(m))
            && m.kind == MentionKind::Name
        {
            let e = m.entity.filter(|&e| is_actor(ents.kind(e)))?;
            return Some((e, Some(m.tokens.clone())));
        }
        let between = doc.word_at(t).is_some_and(|r| {
            doc.sent(r.s as usize).is_some_and(|s| {
                let k = r.w as usize;
                matches!(s.upos(k), Upos::Aux | Upos::Adv)
                    || (s.upos(k) == Upos::Pron && s.token(k) + CLITIC_WINDOW > ss.token(w))
            })
        }) || matches!(
            doc.ctx.t(t).to_lowercase().as_str(),
            "ne" | "n'" | "n’" | "se" | "s'" | "s’" | "en" | "y"
        );
        if !between {
            return None;
        }
    }
    None
}

/// True for a reflexive clitic.
fn is_reflexive(w: &str) -> bool {
    matches!(
        w.to_lowercase().as_str(),
        "se" | "s'" | "s’" | "me" | "m'" | "m’" | "te" | "t'" | "t’"
    )
}

/// Forms of a preposition as the parse writes its case word (contractions are split into
/// "à le", "de les"; elision keeps its apostrophe).
fn prep_forms(p: &str) -> &'static [&'static str] {
    match p {
        "à" => &["à", "au", "aux"],
        "de" => &["de", "d'", "d’", "du", "des"],
        "avec" => &["avec"],
        "pour" => &["pour"],
        "contre" => &["contre"],
        "sur" => &["sur"],
        "dans" => &["dans"],
        _ => &[],
    }
}

/// True when word `k` has a case marker among `forms`.
fn has_case(ss: &SentSyntax, k: usize, forms: &[&str]) -> bool {
    ss.kids(k).iter().any(|&c| {
        let c = c as usize;
        matches!(ss.rel(c).base(), Deprel::Case | Deprel::Fixed)
            && forms.iter().any(|f| ss.form(c).eq_ignore_ascii_case(f))
    })
}

/// Actor kinds: the entities a relation can join.
fn is_actor(kind: Option<EntityKind>) -> bool {
    matches!(
        kind,
        Some(EntityKind::Person | EntityKind::Org | EntityKind::Media)
    )
}

/// The actor the phrase headed by word `p` designates, and the tokens of that phrase.
/// `complement`: a common noun with no mention of its own may stand for the actor named
/// in its complement ("la candidature de Paul Morin").
fn actor(
    doc: &Doc,
    ents: &Entities,
    speaker_at: &QuoteSpeakers,
    ss: &SentSyntax,
    p: usize,
    complement: bool,
) -> Option<(usize, Option<Range<usize>>)> {
    let tok = ss.token(p);
    let form = ss.form(p).to_lowercase();
    if ss.upos(p) == Upos::Pron {
        // "« Je soutiens Paul Morin », a dit Claire Guédon": the speaker is "je".
        if matches!(form.as_str(), "je" | "j'" | "j’" | "moi") {
            return speaker_at
                .get(tok)
                .filter(|&e| is_actor(ents.kind(e)))
                .map(|e| (e, Some(tok..tok + 1)));
        }
        // A relative pronoun stands for its antecedent ("Paul Morin, qui soutient …").
        if matches!(
            form.as_str(),
            "qui" | "que" | "qu'" | "qu’" | "lequel" | "laquelle"
        ) && let Some(verb) = ss.head(p)
            && ss.rel(verb) == Deprel::AclRelcl
            // One step only: an antecedent that is itself a pronoun (a malformed parse) is
            // no actor, so that a cycle of heads cannot recurse.
            && let Some(antecedent) = ss.head(verb).filter(|&a| ss.upos(a) != Upos::Pron)
        {
            return actor(doc, ents, speaker_at, ss, antecedent, complement);
        }
        let k = ents.pronoun_at(tok)?;
        let m = ents.mentions.get(k)?;
        let e = m.entity.filter(|&e| is_actor(ents.kind(e)))?;
        return Some((e, Some(m.tokens.clone())));
    }
    if let Some(m) = ents.mention_at(tok).and_then(|m| ents.mentions.get(m)) {
        // A mention that is not an actor ("l'entourage de Paul Morin", "la mairie") is
        // no actor, whatever its complement names; a plural description ("les médias",
        // "ses équipes") is a group, not the one outlet or person it was chained to.
        if m.kind == MentionKind::Nominal && m.number == Some(Number::Plural) {
            return None;
        }
        let e = m.entity.filter(|&e| is_actor(ents.kind(e)))?;
        return Some((e, Some(m.tokens.clone())));
    }
    let range = phrase_range(doc, ss, p);
    // The phrase's own words: a name after a title ("le député Paul Morin").
    let first_actor = |r: Range<usize>| {
        r.into_iter().find_map(|t| {
            let e = ents.entity_at(t).filter(|&e| is_actor(ents.kind(e)))?;
            let m = ents.mention_at(t).and_then(|m| ents.mentions.get(m))?;
            Some((e, Some(m.tokens.clone())))
        })
    };
    let head_is_title = dixit_lexicon::title_head(ss.form(p)).is_some()
        || dixit_lexicon::noun_info(ss.form(p))
            .is_some_and(|i| i.class == dixit_lexicon::NounClass::Person);
    if ss.upos(p) == Upos::Propn {
        return first_actor(range);
    }
    if head_is_title {
        // A title stands for the person it introduces ("le député Paul Morin"), not for
        // one in its complement ("les proches de Paul Morin") nor for the party that
        // qualifies it ("un député LR").
        let end = range
            .clone()
            .find(|&t| {
                doc.word_at(t).is_some_and(|r| {
                    doc.sent(r.s as usize)
                        .is_some_and(|s| s.rel(r.w as usize).base() == Deprel::Case)
                })
            })
            .unwrap_or(range.end);
        return first_actor(range.start..end)
            .filter(|&(e, _)| ents.kind(e) == Some(EntityKind::Person));
    }
    if complement && ss.upos(p) == Upos::Noun {
        // Only the first complement: "la candidature de X à la présidence de Y" is X's.
        let nmod = ss
            .kids_by(p, Deprel::Nmod)
            .find(|&k| has_case(ss, k, prep_forms("de")))?;
        let (a, b) = ss.bounds(nmod);
        return first_actor(ss.token(a)..ss.token(b) + 1);
    }
    None
}

/// Negation and modality of verb `w`: its own "ne … pas", a denying or hedging verb that
/// governs it, the conditional mood, or a question.
fn modality(ss: &SentSyntax, w: usize) -> (bool, bool) {
    let mut negated = false;
    let mut hedged = false;
    let mut at = w;
    for step in 0..=MAX_GOVERNORS {
        let words = std::iter::once(at).chain(ss.kids(at).iter().map(|&k| k as usize));
        for k in words.clone() {
            if ss.word(k).and_then(|x| x.feats.mood()) == Some(Mood::Cnd) {
                hedged = true;
            }
        }
        let kids = ss.kids(at);
        let has = |f: &[&str]| {
            kids.iter().any(|&k| {
                f.iter()
                    .any(|x| ss.form(k as usize).eq_ignore_ascii_case(x))
            })
        };
        if has(&["pas", "jamais", "guère", "nullement", "aucunement", "point"])
            || (has(&["ne", "n'", "n’"]) && has(&["plus", "personne", "rien"]))
            || (step == 0 && has(&["sans"]))
        {
            negated = true;
        }
        // "n'a pas hésité à tacler", "n'a pas manqué de critiquer": the negation of a
        // hesitation or an omission asserts the act.
        if step > 0 && matches!(ss.lemma(at), "hésiter" | "manquer") {
            negated = false;
            hedged = false;
        } else if step > 0 {
            let lemma = ss.lemma(at);
            if DENYING.contains(&lemma) {
                negated = true;
            }
            if HEDGING.contains(&lemma) {
                hedged = true;
            }
        }
        match (ss.rel(at).base(), ss.head(at)) {
            (Deprel::Xcomp | Deprel::Ccomp | Deprel::Advcl, Some(h))
                if matches!(ss.upos(h), Upos::Verb | Upos::Aux) =>
            {
                at = h;
            }
            _ => break,
        }
    }
    // A question asks whether it is so ("Paul Morin va-t-il rejoindre le PS ?"), when the
    // relation is what the question asks (the question mark hangs on its verb or the verb
    // governing its infinitive), not a clause inside it ("depuis qu'il a quitté le PS ?").
    let mut asked = w;
    for _ in 0..MAX_GOVERNORS {
        match ss.head(asked) {
            Some(h) if ss.rel(asked).base() == Deprel::Xcomp => asked = h,
            _ => break,
        }
    }
    if ss
        .kids(asked)
        .iter()
        .any(|&k| ss.upos(k as usize) == Upos::Punct && ss.form(k as usize) == "?")
    {
        hedged = true;
    }
    (negated, hedged)
}

/// Tokens of the verb phrase of `w`: its auxiliaries, clitics and negation before it, the
/// verb, and a light verb's noun or a negation after it.
fn verb_phrase(ss: &SentSyntax, w: usize) -> Range<usize> {
    let tok = ss.token(w);
    let mut lo = tok;
    let mut hi = tok;
    for &k in ss.kids(w) {
        let k = k as usize;
        let t = ss.token(k);
        let part = matches!(
            ss.rel(k).base(),
            Deprel::Aux | Deprel::Expl | Deprel::Advmod
        ) && t + CLITIC_WINDOW >= tok
            && t <= tok + 2;
        if part {
            lo = lo.min(t);
            hi = hi.max(t);
        }
    }
    lo..hi + 1
}

/// The speaker of the quote covering each token, for first-person subjects.
struct QuoteSpeakers {
    /// Per token: the speaker entity of the quote that covers it.
    at: Vec<Option<u32>>,
}

impl QuoteSpeakers {
    fn new(n_tokens: usize, quotes: &[FoundQuote], speakers: &[Option<usize>]) -> QuoteSpeakers {
        let mut at = vec![None; n_tokens];
        for (q, s) in quotes.iter().zip(speakers) {
            if let Some(s) = s {
                for t in q.tokens.clone() {
                    if let Some(slot) = at.get_mut(t) {
                        *slot = Some(*s as u32);
                    }
                }
            }
        }
        QuoteSpeakers { at }
    }

    fn get(&self, t: usize) -> Option<usize> {
        self.at.get(t).copied().flatten().map(|e| e as usize)
    }
}

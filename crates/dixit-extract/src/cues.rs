//! Cues: the reporting verbs and source prepositions that introduce reported speech.
//!
//! A verb is a cue when the lexicon knows its form as a reporting verb and the parse does
//! not read it as a noun ("la critique", "une note"); a pronominal lemma needs its "se".
//! The cue's text is the verb phrase as written: auxiliaries, adverbs between them and
//! the inverted subject clitic ("a-t-il encore estimé"). Source prepositions are "selon",
//! "d'après", "aux yeux de", "à en croire"… and "pour X," opening a clause.

use crate::doc::{Doc, SentSyntax, WordRef};
use dixit_lexicon::{Category, SourcePrep};
use dixit_syntax::{Deprel, Upos};
use dixit_text::token::TokenKind;
use std::ops::Range;

/// What introduces the speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueKind {
    /// A reporting verb.
    Verb {
        /// Lemma name ("déclarer", "s'indigner").
        lemma: &'static str,
        /// Semantic class.
        category: Category,
        /// The lemma commonly takes a "que" clause.
        takes_que: bool,
    },
    /// A source preposition; its object is the source.
    Source(SourcePrep),
}

/// One cue.
#[derive(Debug, Clone)]
pub struct Cue {
    /// The lexical verb, or the preposition's first word.
    pub word: WordRef,
    /// Token of `word`.
    pub token: usize,
    /// Tokens of the cue as written (auxiliaries and inverted clitic included).
    pub tokens: Range<usize>,
    /// Verb or preposition.
    pub kind: CueKind,
    /// The subject follows the verb ("a-t-il dit", "a déclaré Paul Morin").
    pub inverted: bool,
}

impl Cue {
    /// True for reporting verbs.
    pub fn is_verb(&self) -> bool {
        matches!(self.kind, CueKind::Verb { .. })
    }
}

/// Every cue of the document, in text order.
pub fn find(doc: &Doc) -> Vec<Cue> {
    let ctx = &doc.ctx;
    let mut out = Vec::new();
    let mut window: Vec<&str> = Vec::with_capacity(5);
    for (si, ss) in doc.syn.iter().enumerate() {
        for w in 0..ss.len() {
            let tok = ss.token(w);
            // Two words of one token (contractions) are looked at once.
            if w > 0 && ss.token(w - 1) == tok {
                continue;
            }
            window.clear();
            window.extend((tok..(tok + 4).min(ctx.tokens.len())).map(|k| ctx.t(k)));
            if let Some((n, prep)) = dixit_lexicon::source_prep_at(&window)
                && let Some(c) = source_cue(doc, ss, si, w, tok, n, prep)
            {
                out.push(c);
                continue;
            }
            let Some((n, form)) = dixit_lexicon::cue_at(&window) else {
                if let Some(c) = incise_cue(doc, ss, si, w, tok) {
                    out.push(c);
                }
                continue;
            };
            // The tagger may read a rare verb form as a noun ("assène"): an inverted clitic
            // after it settles it.
            let inverted_form = ctx.is_clitic(tok + n);
            if !matches!(ss.upos(w), Upos::Verb | Upos::Aux | Upos::Adj) && !inverted_form {
                // Read as a noun: still a verb in incise position ("», raille Hubert").
                if let Some(c) = incise_cue(doc, ss, si, w, tok) {
                    out.push(c);
                }
                continue;
            }
            if after_determiner(ctx, tok) {
                continue;
            }
            // A participle framing the sentence ("Interrogé sur …, il a répondu", "Cité
            // par …") introduces no speech of its own.
            let bare_participle = ss.word(w).is_some_and(|x| {
                x.feats.verb_form() == Some(dixit_syntax::VerbForm::Part)
                    && x.feats.tense() == Some(dixit_syntax::Tense::Past)
            }) && !ss
                .kids(w)
                .iter()
                .any(|&k| ss.rel(k as usize).base() == Deprel::Aux);
            if bare_participle && ss.rel(w).base() != Deprel::Conj {
                continue;
            }
            // Pronominal lemmas need their reflexive clitic ("se félicite").
            let lemma = if form.entry.reflexive {
                if !has_reflexive(ctx, ss, w) {
                    continue;
                }
                form.entry
            } else if has_reflexive(ctx, ss, w)
                && let Some(r) = form.reflexive_variant()
            {
                r
            } else {
                form.entry
            };
            let (tokens, inverted) = verb_phrase(doc, ss, w, tok, n);
            out.push(Cue {
                word: WordRef {
                    s: si as u32,
                    w: w as u32,
                },
                token: tok,
                tokens,
                kind: CueKind::Verb {
                    lemma: lemma.name,
                    category: lemma.category,
                    takes_que: lemma.takes_que,
                },
                inverted,
            });
        }
    }
    out
}

/// Lemma name given to verbs read as reporting verbs by their place alone.
pub const INCISE_LEMMA: &str = "(incise)";

/// Any verb in incise position is a reporting verb in context, lexicon or not: right after
/// a closing quotation mark (and a comma), with its subject after it ("», savoure Mathieu
/// Dechavanne", "», nuance-t-il").
fn incise_cue(doc: &Doc, ss: &SentSyntax, si: usize, w: usize, tok: usize) -> Option<Cue> {
    let ctx = &doc.ctx;
    // A word with an inverted clitic after it is a verb, whatever the tagger guessed.
    let inverted_form = ctx.is_clitic(tok + 1) && !dixit_lexicon::is_auxiliary(ctx.t(tok));
    // In incise position a name after the word makes it a verb even when the tagger read
    // a noun ("», analyse Fabrice Bernard", "», livre Nicolle").
    let name_next = ctx.is_cap(tok + 1) && !closed_word(ctx.t(tok + 1));
    let verbish = ss.upos(w) == Upos::Verb
        || inverted_form
        || (ss.upos(w) == Upos::Noun && name_next && !ctx.is_cap(tok));
    if !verbish || ctx.depth.get(tok).is_some_and(|&d| d > 0) {
        return None;
    }
    let (tokens, inverted) = verb_phrase(doc, ss, w, tok, 1);
    let mut before = tokens.start.checked_sub(1)?;
    if ctx.is_punct(before, ",") {
        before = before.checked_sub(1)?;
    }
    let after_close =
        ctx.marks.get(before).copied().flatten() == Some(dixit_text::token::QuoteMark::Close);
    // The subject follows: a clitic inside the cue, or a name or determiner next.
    let clitic = tokens.clone().any(|t| ctx.is_clitic(t));
    let next = tokens.end;
    let subject_next = ctx.is_cap(next) || dixit_lexicon::closed::is_determiner(ctx.t(next));
    if !after_close || !(clitic || subject_next) || !(inverted || name_next) {
        return None;
    }
    Some(Cue {
        word: WordRef {
            s: si as u32,
            w: w as u32,
        },
        token: tok,
        tokens,
        kind: CueKind::Verb {
            lemma: INCISE_LEMMA,
            category: Category::Speech,
            takes_que: false,
        },
        inverted: true,
    })
}

fn has_reflexive(ctx: &crate::context::Context, ss: &SentSyntax, w: usize) -> bool {
    let reflexive = |f: &str| matches!(f.to_lowercase().as_str(), "se" | "s'" | "s’");
    if ss.kids(w).iter().any(|&k| reflexive(ss.form(k as usize))) {
        return true;
    }
    // The parse may hang the clitic on the auxiliary: look left, past "est"/"a".
    let tok = ss.token(w);
    (tok.saturating_sub(3)..tok).any(|t| reflexive(ctx.t(t)))
}

/// How far before a cue verb its auxiliaries are looked for a barrier (adverbs and
/// clitics sit between: "n'a pas encore vraiment dit").
const MAX_AUX_GAP: usize = 8;

/// The verb phrase of a cue verb: its auxiliaries and adverbs from the first auxiliary,
/// and an inverted subject clitic; whether the subject is inverted.
fn verb_phrase(
    doc: &Doc,
    ss: &SentSyntax,
    w: usize,
    tok: usize,
    n_tokens: usize,
) -> (Range<usize>, bool) {
    let ctx = &doc.ctx;
    let mut start = tok;
    // An auxiliary across punctuation or a quotation mark is a misparse of the quoted
    // words ("« Les Canadiens en ont assez », a indiqué X": "ont" is not "indiqué"'s).
    let barrier = (tok.saturating_sub(MAX_AUX_GAP)..tok).rev().find(|&t| {
        ctx.marks.get(t).copied().flatten().is_some()
            || matches!(ctx.t(t), "," | ";" | ":" | "." | "(" | ")" | "—" | "–")
    });
    for &k in ss.kids(w) {
        let k = k as usize;
        let t = ss.token(k);
        if ss.rel(k).base() == Deprel::Aux && t < start && barrier.is_none_or(|b| t > b) {
            start = t;
        }
    }
    // Preverbal clitics belong to the verb phrase ("s'est félicité", "lui a dit", "ne
    // l'a pas dit").
    while start > 0
        && matches!(
            ctx.t(start - 1).to_lowercase().as_str(),
            "se" | "s'"
                | "s’"
                | "ne"
                | "n'"
                | "n’"
                | "lui"
                | "leur"
                | "y"
                | "en"
                | "l'"
                | "l’"
                | "me"
                | "m'"
                | "m’"
        )
        && start + 4 > tok
    {
        start -= 1;
    }
    let mut end = tok + n_tokens;
    // Inverted clitic right after the verb ("estime-t-il", "dit-elle").
    // Also written apart: "assène t-elle".
    if ctx.is_clitic(end) {
        end += if ctx.t(end) == "t" { 2 } else { 1 };
    }
    let clitic_inside = (start..end).any(|t| ctx.is_clitic(t));
    // A nominal subject after the verb ("a déclaré Paul Morin").
    let subject = ss.subject(w);
    let subject_after = subject.is_some_and(|s| ss.token(s) > tok);
    // After a comma or a closing mark, with no subject before: an incise whose subject
    // follows, whatever relation the parse gave it.
    // Participles and infinitives are never incises ("…, démentant les informations").
    let finite = start < tok
        || ss
            .word(w)
            .is_some_and(|x| x.feats.verb_form() == Some(dixit_syntax::VerbForm::Fin));
    let after_close = start > 0
        && ctx.marks.get(start - 1).copied().flatten() == Some(dixit_text::token::QuoteMark::Close);
    // After a comma, only when a clause stands before it: "Les tarifs baisseront, a
    // assuré X", not an apposition to the subject ("Nadine Morano, ancienne ministre, a
    // salué").
    // … or after a comma that closes a clause holding quoted words ("« C'est un mouvement
    // qui échappe » au leader, estime X").
    let quoted_before = (ss.tok0..start)
        .any(|t| ctx.marks.get(t).copied().flatten() == Some(dixit_text::token::QuoteMark::Close));
    let after_comma_clause = start > 1
        && ctx.is_punct(start - 1, ",")
        && (quoted_before || clause_before(doc, ss, start - 1));
    let after_clause =
        finite && (after_close || after_comma_clause) && subject.is_none_or(|s| ss.token(s) > tok);
    (start..end, clitic_inside || subject_after || after_clause)
}

fn closed_word(w: &str) -> bool {
    dixit_lexicon::closed::is_function_word(w) || dixit_lexicon::closed::is_calendar_word(w)
}

/// True when a finite verb stands in the sentence before token `comma` (outside quotation
/// marks): the comma then closes a clause rather than an apposition.
fn clause_before(doc: &Doc, ss: &SentSyntax, comma: usize) -> bool {
    let ctx = &doc.ctx;
    (0..ss.len()).any(|k| {
        let t = ss.token(k);
        t < comma
            && ctx.depth.get(t).is_some_and(|&d| d == 0)
            && matches!(ss.upos(k), Upos::Verb | Upos::Aux)
            && ss
                .word(k)
                .is_some_and(|x| x.feats.verb_form() == Some(dixit_syntax::VerbForm::Fin))
            // A relative clause or apposition inside the subject is no clause of its own.
            && {
                let v = if ss.upos(k) == Upos::Aux { ss.head(k).unwrap_or(k) } else { k };
                matches!(ss.rel(v).base(), Deprel::Root | Deprel::Ccomp | Deprel::Conj | Deprel::Parataxis)
            }
    })
}

/// Determiners that make the next word a noun ("l'annonce", "une note"), unless a
/// pronoun before shows "l'" to be an object clitic ("il l'annonce").
fn after_determiner(ctx: &crate::context::Context, tok: usize) -> bool {
    let Some(p) = tok.checked_sub(1) else {
        return false;
    };
    let prev = ctx.t(p).to_lowercase();
    match prev.as_str() {
        "le" | "la" | "les" | "un" | "une" | "des" | "du" | "au" | "aux" | "ce" | "cette"
        | "son" | "sa" | "ses" | "leur" | "leurs" | "notre" | "votre" | "mon" | "ma" | "mes"
        | "cet" => {
            // "le" / "la" / "les" as object clitics after a subject pronoun or "ne".
            !(matches!(prev.as_str(), "le" | "la" | "les" | "leur")
                && p > 0
                && before_object_clitic(&ctx.t(p - 1).to_lowercase()))
        }
        "l'" | "l’" => {
            p == 0 || {
                let w = ctx.t(p - 1).to_lowercase();
                !(before_object_clitic(&w) || w == "qui")
            }
        }
        _ => false,
    }
}

/// A source preposition whose object is a noun phrase or pronoun: "selon X", and "pour X,"
/// only when it opens a clause and a comma closes the phrase.
fn source_cue(
    doc: &Doc,
    ss: &SentSyntax,
    si: usize,
    w: usize,
    tok: usize,
    n: usize,
    prep: SourcePrep,
) -> Option<Cue> {
    let ctx = &doc.ctx;
    // The preposition's object: the word it is the case marker of.
    let object = match ss.rel(w).base() {
        Deprel::Case | Deprel::Mark | Deprel::Fixed => ss.head(w)?,
        _ => ss
            .kids(w)
            .iter()
            .map(|&k| k as usize)
            .find(|&k| ss.upos(k).is_nominal())?,
    };
    if !matches!(
        ss.upos(object),
        Upos::Noun | Upos::Propn | Upos::Pron | Upos::X
    ) {
        return None;
    }
    if prep == SourcePrep::Pour {
        // First in its sentence (past a list bullet or dash) or after a comma.
        let opens = (ss.tok0..tok)
            .all(|t| !matches!(ctx.kind(t), Some(TokenKind::Word | TokenKind::Number)))
            || ctx.is_punct(tok.saturating_sub(1), ",");
        // The parse may hang the closing comma on the object itself.
        let end = source_phrase_end(doc, ss, object);
        let closed = ctx.is_punct(end.saturating_sub(1), ",") || ctx.is_punct(end, ",");
        if !opens || !closed || !holds_opinions(ss, object) {
            return None;
        }
    }
    Some(Cue {
        word: WordRef {
            s: si as u32,
            w: w as u32,
        },
        token: tok,
        tokens: tok..tok + n,
        kind: CueKind::Source(prep),
        inverted: false,
    })
}

/// True when the object of "pour" can hold an opinion: a pronoun, a name, or a noun of
/// persons, bodies or outlets ("Pour l'historien X", "Pour les policiers", "Pour 56 % des
/// sondés"); not a time, a quantity or a thing ("Pour l'heure", "Pour la première fois",
/// "Pour des raisons économiques", "Pour les 10 % les plus aisés"), which open a
/// framing adverbial, not a source.
fn holds_opinions(ss: &SentSyntax, o: usize) -> bool {
    let person_like = |w: usize| {
        let form = ss.form(w);
        let last = form.rsplit('-').next().unwrap_or(form);
        match ss.upos(w) {
            Upos::Pron | Upos::Propn | Upos::X => true,
            Upos::Noun => {
                !form.chars().next().is_some_and(char::is_lowercase)
                    || dixit_lexicon::title_head(form).is_some()
                    || dixit_lexicon::noun_info(form)
                        .is_some_and(|n| !matches!(n.class, dixit_lexicon::NounClass::Document))
                    || dixit_lexicon::has_agent_ending(last)
                    || dixit_lexicon::is_demonym(form)
            }
            _ => false,
        }
    };
    if person_like(o) {
        return true;
    }
    // A number or a quantity noun holds opinions through its complement ("56 % des
    // sondés", "la plupart des experts").
    ss.kids_by(o, Deprel::Nmod)
        .any(|k| person_like(k) && ss.upos(k) != Upos::Propn)
}

/// One past the last token of a source preposition's object phrase (object word `o`):
/// its subtree, cut at the first comma a clause follows, since a parse may hang the
/// sourced clause itself on the object ("Selon X, ancienne ministre, le projet est mort").
pub(crate) fn source_phrase_end(doc: &Doc, ss: &SentSyntax, o: usize) -> usize {
    let end = ss.token(ss.bounds(o).1) + 1;
    (ss.token(o)..end)
        .find(|&t| doc.ctx.is_punct(t, ",") && clause_follows(doc, t + 1, end))
        .unwrap_or(end)
}

/// True when the comma-delimited stretch from token `a` (before `end`) holds a clause: a
/// subject, a finite verb or an opening quotation mark.
fn clause_follows(doc: &Doc, a: usize, end: usize) -> bool {
    let ctx = &doc.ctx;
    (a..end).take_while(|&t| !ctx.is_punct(t, ",")).any(|t| {
        ctx.marks.get(t).copied().flatten() == Some(dixit_text::token::QuoteMark::Open)
            || doc.word_at(t).is_some_and(|r| {
                doc.sent(r.s as usize).is_some_and(|x| {
                    let w = r.w as usize;
                    x.rel(w).base() == Deprel::Nsubj
                        || (x.upos(w).is_verbal()
                            && x.word(w).is_some_and(|y| {
                                y.feats.verb_form() == Some(dixit_syntax::VerbForm::Fin)
                            }))
                })
            })
    })
}

/// Words after which "le", "la", "les", "l'" are object clitics, not articles: a subject
/// pronoun or the negation ("il la dénonce", "ne le dit pas").
fn before_object_clitic(w: &str) -> bool {
    matches!(
        w,
        "il" | "elle" | "ils" | "elles" | "on" | "ne" | "n'" | "n’" | "je" | "nous" | "vous"
    )
}

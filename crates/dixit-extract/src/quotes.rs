//! Quotes: direct (between quotation marks), mixed (a reported clause holding quoted
//! fragments) and indirect (reporting verb + que, "selon X"), each with its cue, speaker
//! and channel.
//!
//! The unit of work is the sentence as split by `dixit-text`, which never breaks inside
//! a quotation closed in the same paragraph; so a quote and its incise ("«A», a-t-il
//! dit") are always seen together.

use crate::context::Context;
use crate::entities::{EKind, Entities, fold, span_text, strip_title_modifiers, title_start};
use crate::words::{self, Gender};
use dixit_lexicon::CueForm;
use dixit_model::{Document, QuoteKind, SourceKind, Span, Speaker};
use dixit_text::token::{QuoteMark, TokenKind};
use std::collections::HashMap;
use std::ops::Range;

/// Who a quote is attributed to, before output.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// No source in the text.
    None,
    /// An entity of the document (person, outlet, organisation).
    Entity(usize),
    /// A collective or unnamed source, as written.
    Text(String),
}

/// A quote found in the text.
#[derive(Debug, Clone)]
pub struct FoundQuote {
    /// Byte span of the quote text.
    pub span: Span,
    /// Direct, mixed or indirect.
    pub kind: QuoteKind,
    /// Byte span of the cue.
    pub cue: Option<Span>,
    /// Attribution.
    pub source: Source,
    /// Channel, as written.
    pub channel: Option<String>,
}

impl FoundQuote {
    /// Converts to the output model.
    pub fn into_quote(
        self,
        doc: &Document,
        ents: &Entities,
        person_index: &HashMap<usize, usize>,
    ) -> dixit_model::Quote {
        let text = doc
            .text
            .get(self.span.start..self.span.end)
            .unwrap_or("")
            .to_owned();
        let cue = self
            .cue
            .and_then(|c| doc.text.get(c.start..c.end))
            .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "));
        let speaker = match &self.source {
            Source::None => None,
            Source::Entity(e) => ents.list.get(*e).map(|ent| Speaker {
                name: ent.name.clone(),
                kind: match ent.kind {
                    EKind::Person => SourceKind::Person,
                    EKind::Media => SourceKind::Media,
                    EKind::Org | EKind::Place => SourceKind::Organization,
                },
                person: person_index.get(e).copied(),
                mention: None,
            }),
            Source::Text(t) => Some(Speaker {
                name: t.clone(),
                kind: SourceKind::Collective,
                person: None,
                mention: None,
            }),
        };
        dixit_model::Quote {
            start: self.span.start,
            end: self.span.end,
            text,
            kind: self.kind,
            speaker,
            cue,
            cue_span: self.cue,
            channel: self.channel,
        }
    }
}

/// A reporting verb phrase found in the text.
#[derive(Debug, Clone)]
struct Cue {
    /// Whole phrase: auxiliary, adverbs, participle, clitic.
    range: Range<usize>,
    /// The lexical verb.
    verb: usize,
    /// Subject clitic after the verb or auxiliary ("a-t-il").
    clitic: Option<usize>,
    /// Where to look for the subject when it is not left of `range` (coordinated participles).
    subject_at: Option<usize>,
    form: &'static CueForm,
}

struct Finder<'c, 'a> {
    ctx: &'c Context<'a>,
    ents: &'c Entities,
    out: Vec<FoundQuote>,
}

/// Finds every quote of the document.
pub fn find(ctx: &Context, ents: &Entities) -> Vec<FoundQuote> {
    let mut f = Finder {
        ctx,
        ents,
        out: Vec::new(),
    };
    let segments = quote_segments(ctx);
    for si in 0..ctx.sentences.len() {
        f.sentence(si, &segments);
    }
    f.dangling(&segments);
    f.out.sort_by_key(|q| (q.span.start, q.span.end));
    f.out.dedup_by(|b, a| {
        a.span.contains(&b.span) || (a.span.overlaps(&b.span) && a.kind == b.kind)
    });
    f.carry_channels();
    f.out
}

/// Pairs of (opening mark token, closing mark token) at depth 0, within one paragraph.
fn quote_segments(ctx: &Context) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let n = ctx.tokens.len();
    let mut i = 0;
    while i < n {
        if ctx.marks[i] == Some(QuoteMark::Open) && ctx.depth[i] == 0 {
            let para = ctx.para(i);
            let mut j = i + 1;
            let mut found = None;
            while j < n && j < i + 4000 && ctx.para(j) == para {
                if ctx.marks[j] == Some(QuoteMark::Close) && ctx.depth[j] == 0 {
                    found = Some(j);
                    break;
                }
                j += 1;
            }
            if let Some(j) = found {
                if j > i + 1 {
                    out.push((i, j));
                }
                i = j + 1;
                continue;
            }
        }
        i += 1;
    }
    out
}

impl Finder<'_, '_> {
    /// Quotes whose marks are not paired in one paragraph: a quotation running over two
    /// paragraphs (the opening mark in one, the closing mark and incise in the next) or a
    /// doubled or missing opening mark ("\"\"Je tends la main…\", a déclaré X").
    fn dangling(&mut self, segments: &[(usize, usize)]) {
        let ctx = self.ctx;
        let paired: std::collections::HashSet<usize> =
            segments.iter().flat_map(|&(o, c)| [o, c]).collect();
        let n = ctx.tokens.len();
        for c in 0..n {
            if ctx.marks[c] != Some(QuoteMark::Close) || paired.contains(&c) {
                continue;
            }
            let para = ctx.para(c);
            let mut start = c;
            while start > 0
                && ctx.para(start - 1) == para
                && ctx.marks[start - 1].is_none()
                && c - start < 400
            {
                start -= 1;
            }
            let words_inside = (start..c)
                .filter(|&k| matches!(ctx.kind(k), Some(TokenKind::Word)))
                .count();
            if words_inside < 4 {
                continue;
            }
            let sent = ctx.sentence_range(c);
            let cues = self.cues(sent.clone());
            let mut a = c + 1;
            while a < sent.end && ctx.is_punct(a, ",") {
                a += 1;
            }
            let Some(cue) = cues.iter().find(|q| {
                q.range.start == a && q.form.tense != dixit_lexicon::Tense::ParticipePresent
            }) else {
                continue;
            };
            let source =
                if cue.clitic.is_some() || self.is_inverted_bare(cue, sent.clone()) || a > c + 1 {
                    self.inverted_subject(cue, sent.clone())
                } else {
                    self.cue_source(cue, sent.clone())
                };
            let channel = self.channel(sent.clone(), cue.range.clone());
            let inner = Span::new(ctx.start(start), ctx.start(c));
            self.push(
                inner,
                QuoteKind::Direct,
                Some(cue.range.clone()),
                source.clone(),
                channel.clone(),
            );
            // The opening half, left unclosed at the end of the previous paragraph.
            if start > 0 && ctx.marks[start - 1].is_none() && para > 0 {
                let prev_last = start - 1;
                let mut o = prev_last;
                while o > 0
                    && ctx.para(o) + 1 == para
                    && ctx.marks[o].is_none()
                    && prev_last - o < 400
                {
                    o -= 1;
                }
                if ctx.marks[o] == Some(QuoteMark::Open)
                    && !paired.contains(&o)
                    && ctx.para(o) + 1 == para
                {
                    let inner = Span::new(ctx.end(o), ctx.end(prev_last));
                    self.push(
                        inner,
                        QuoteKind::Direct,
                        Some(cue.range.clone()),
                        source,
                        channel,
                    );
                }
            }
        }
    }

    fn sentence(&mut self, si: usize, segments: &[(usize, usize)]) {
        let ctx = self.ctx;
        let Some(sent) = ctx.sentences.get(si) else {
            return;
        };
        let range = sent.tokens.clone();
        // Segments are in text order: binary search instead of a scan per sentence.
        let lo = segments.partition_point(|&(o, _)| o < range.start);
        let hi = segments.partition_point(|&(o, _)| o < range.end);
        let segs: Vec<(usize, usize)> = segments.get(lo..hi).unwrap_or(&[]).to_vec();
        let cues = self.cues(range.clone());
        let mut used_cues: Vec<usize> = Vec::new();
        // Sources named by "selon/pour X" first, so that a pronoun later in the sentence
        // can refer to them.
        self.according_to(range.clone());
        for (k, &(o, c)) in segs.iter().enumerate() {
            self.direct(range.clone(), &segs, k, o, c, &cues, &mut used_cues);
        }
        self.indirect(range, &segs, &cues);
    }

    /// Reporting verb phrases of a sentence, outside quotations.
    fn cues(&self, range: Range<usize>) -> Vec<Cue> {
        let ctx = self.ctx;
        let mut out = Vec::new();
        for v in range.clone() {
            if ctx.depth[v] > 0 || ctx.marks[v].is_some() {
                continue;
            }
            let w = ctx.t(v);
            if !matches!(ctx.kind(v), Some(TokenKind::Word)) {
                continue;
            }
            // Multiword lemmas first ("a fait valoir", "met en garde").
            // A fixed buffer: this runs for every word of every article.
            let mut window = [""; 5];
            let n = (range.end - v).min(5);
            for (slot, k) in window.iter_mut().zip(v..v + n) {
                *slot = ctx.t(k);
            }
            let Some((len, form)) = dixit_lexicon::cue_at(&window[..n]) else {
                continue;
            };
            if dixit_lexicon::is_auxiliary(w) && !form.participle {
                continue;
            }
            // A determiner right before makes it a noun ("le juge", "un appel").
            if v > range.start {
                let p = ctx.t(v - 1).to_lowercase();
                let det = matches!(
                    p.as_str(),
                    "le" | "la"
                        | "les"
                        | "un"
                        | "une"
                        | "des"
                        | "du"
                        | "au"
                        | "aux"
                        | "ce"
                        | "cette"
                        | "son"
                        | "sa"
                        | "ses"
                        | "leur"
                        | "leurs"
                        | "notre"
                        | "votre"
                        | "mon"
                        | "ma"
                        | "mes"
                        | "l'"
                        | "l’"
                );
                let clitic_obj = det
                    && v >= range.start + 2
                    && matches!(
                        ctx.t(v - 2).to_lowercase().as_str(),
                        "il" | "elle"
                            | "on"
                            | "ils"
                            | "elles"
                            | "je"
                            | "nous"
                            | "vous"
                            | "ne"
                            | "n'"
                            | "n’"
                    );
                if det
                    && !clitic_obj
                    && !(ctx.t(v - 1).starts_with("l'") || ctx.t(v - 1).starts_with("l’"))
                {
                    continue;
                }
                if det
                    && !clitic_obj
                    && words::is_determiner(&p)
                    && !matches!(p.as_str(), "l'" | "l’")
                {
                    continue;
                }
            }
            let mut start = v;
            let mut clitic = None;
            let mut subject_at = None;
            // A participle ("a-t-il dit", "avait d'ailleurs déjà déclaré"): walk back to its
            // auxiliary over adverbs and an inverted clitic.
            let mut aux = None;
            if form.participle {
                let mut k = v;
                while k > range.start && v - k < 6 {
                    let p = k - 1;
                    let pt = ctx.t(p);
                    if ctx.is_clitic(p) {
                        clitic = Some(p);
                    } else if dixit_lexicon::is_auxiliary(pt) {
                        aux = Some(p);
                        break;
                    } else if !words::is_verb_filler(pt) {
                        break;
                    }
                    k = p;
                }
                if aux.is_none() {
                    clitic = None;
                }
            }
            if let Some(a) = aux {
                start = a;
            } else if form.finite {
                if ctx.is_clitic(v + 1) {
                    clitic = Some(if ctx.t(v + 1) == "t" { v + 2 } else { v + 1 });
                }
            } else if form.participle {
                // Coordinated participle sharing an earlier auxiliary ("a salué … et appelé").
                let coordinated =
                    v > range.start && (ctx.is(v - 1, &["et"]) || ctx.is_punct(v - 1, ","));
                let aux = (range.start.max(v.saturating_sub(40))..v)
                    .rev()
                    .find(|&x| dixit_lexicon::is_auxiliary(ctx.t(x)) && ctx.depth[x] == 0);
                match aux {
                    Some(a) if coordinated => subject_at = Some(a),
                    _ => continue,
                }
            }
            // Pronominal verbs take their "se" into the cue.
            if start > range.start && matches!(ctx.t(start - 1), "s'" | "s’" | "se") {
                start -= 1;
            }
            let end = clitic.map_or(v + len, |c| (c + 1).max(v + len));
            out.push(Cue {
                range: start..end,
                verb: v,
                clitic,
                subject_at,
                form,
            });
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn direct(
        &mut self,
        sent: Range<usize>,
        segs: &[(usize, usize)],
        k: usize,
        o: usize,
        c: usize,
        cues: &[Cue],
        used: &mut Vec<usize>,
    ) {
        let ctx = self.ctx;
        let inner = Span::new(ctx.end(o), ctx.start(c));
        let inner_words = (o + 1..c)
            .filter(|&i| matches!(ctx.kind(i), Some(TokenKind::Word)))
            .count();
        // 1. An incise right after the quote: «…», a-t-il dit / estime X / selon lui.
        let mut a = c + 1;
        while a < sent.end && (ctx.is_punct(a, ",") || ctx.is_punct(a, "-") || ctx.is_punct(a, "–"))
        {
            a += 1;
        }
        if let Some(cue) = cues.iter().find(|q| {
            (q.range.start == a || (q.range.start <= a + 1 && q.range.start >= a && a > c + 1))
                && q.form.tense != dixit_lexicon::Tense::ParticipePresent
                && q.form.tense != dixit_lexicon::Tense::Infinitif
        }) {
            used.push(cue.verb);
            self.push_incised(inner, cue, sent);
            return;
        }
        if ctx.is(a, &["selon", "Selon"]) || (ctx.is(a, &["d'", "d’"]) && ctx.is(a + 1, &["après"]))
        {
            let np_start = if ctx.is(a, &["selon", "Selon"]) {
                a + 1
            } else {
                a + 2
            };
            let source = self.np_source(np_start, sent.end, a);
            self.push(inner, QuoteKind::Direct, Some(a..np_start), source, None);
            return;
        }
        // 2. A cue before the quote in the same sentence.
        let prev_end = if k > 0 { segs[k - 1].1 } else { sent.start };
        let before: Vec<&Cue> = cues
            .iter()
            .filter(|q| q.range.end <= o && q.verb + 30 > o)
            .collect();
        if let Some(cue) = before.last().copied() {
            // «A», a dit X, «B»: the second part continues the first, same incise.
            if used.contains(&cue.verb) && o > 0 && ctx.is_punct(o - 1, ",") {
                self.push_incised(inner, cue, sent);
                return;
            }
            let source = if self.is_inverted_bare(cue, sent.clone()) {
                self.inverted_subject(cue, sent.clone())
            } else {
                self.cue_source(cue, sent.clone())
            };
            let channel = self.channel(sent.clone(), cue.range.clone());
            // Words between the cue and the quote decide direct vs mixed.
            let gap: Vec<usize> = (cue.range.end..o)
                .filter(|&i| {
                    !self.is_channel_token(i) && !ctx.is_punct(i, ":") && !ctx.is_punct(i, ",")
                })
                .collect();
            let que = (cue.range.end..o).find(|&i| ctx.is_que(i));
            let content_words = gap
                .iter()
                .filter(|&&i| {
                    matches!(ctx.kind(i), Some(TokenKind::Word) | Some(TokenKind::Number))
                })
                .count();
            let colon = (cue.range.end..o).any(|i| ctx.is_punct(i, ":"));
            let sub_que_pronoun_only = que.is_some_and(|q| {
                (q + 1..o).all(|i| {
                    matches!(
                        ctx.t(i).to_lowercase().as_str(),
                        "il" | "elle" | "ils" | "elles" | "on" | "ce" | "c'" | "c’"
                    )
                })
            });
            if colon || content_words == 0 || sub_que_pronoun_only || inner_words >= 12 {
                self.push(
                    inner,
                    QuoteKind::Direct,
                    Some(cue.range.clone()),
                    source,
                    channel,
                );
            } else {
                let de = gap
                    .iter()
                    .rev()
                    .copied()
                    .find(|&i| ctx.is(i, &["de", "d'", "d’"]) && i + 1 < o);
                let start_tok = match (que, de) {
                    (Some(q), _) => q + 1,
                    (None, Some(d)) => d,
                    (None, None) => gap.first().copied().unwrap_or(o).max(prev_end.min(o)),
                };
                let end_tok = self.mixed_end(c + 1, sent.end);
                let span = Span::new(
                    ctx.start(start_tok),
                    ctx.end(end_tok.saturating_sub(1)).max(ctx.end(c)),
                );
                self.push(
                    span,
                    QuoteKind::Mixed,
                    Some(cue.range.clone()),
                    source,
                    channel,
                );
            }
            used.push(cue.verb);
            return;
        }
        // 3. "Depardieu : « … »" — a name and a colon, as in headlines.
        if o >= 2
            && ctx.is_punct(o - 1, ":")
            && let Some((e, ent)) = self.ents.entity_at(o - 2)
            && (ent.kind == EKind::Person || ent.kind == EKind::Media)
        {
            self.push(inner, QuoteKind::Direct, None, Source::Entity(e), None);
            return;
        }
        // 4. A previous sentence ending with a colon and holding a cue.
        if o == sent.start
            || (o == sent.start + 1 && ctx.kind(sent.start) == Some(TokenKind::Symbol))
        {
            if let Some((source, cue)) = self.previous_colon_cue(sent.start) {
                self.push(inner, QuoteKind::Direct, cue, source, None);
                return;
            }
            // A whole-sentence quote right after another speaker's quote continues it.
            if inner_words >= 5
                && let Some(prev) = self.out.last()
            {
                let near = ctx.para(o).saturating_sub(
                    ctx.para(
                        ctx.tokens
                            .partition_point(|t| (t.start as usize) < prev.span.start),
                    ),
                ) <= 1;
                if near && prev.source != Source::None {
                    let source = prev.source.clone();
                    let channel = prev.channel.clone();
                    self.push(inner, QuoteKind::Direct, None, source, channel);
                    return;
                }
            }
        }
        // 5. A cue after the quote further in the sentence ("«…» : c'est ce qu'a déclaré X").
        if let Some(cue) = cues
            .iter()
            .find(|q| q.range.start > c && q.range.start <= c + 6)
        {
            let source = self.inverted_subject(cue, sent.clone());
            self.push(
                inner,
                QuoteKind::Direct,
                Some(cue.range.clone()),
                source,
                None,
            );
        }
        // Anything else is a scare quote or a title: not reported speech.
    }

    fn push(
        &mut self,
        span: Span,
        kind: QuoteKind,
        cue: Option<Range<usize>>,
        source: Source,
        channel: Option<String>,
    ) {
        let text = self.ctx.text.get(span.start..span.end).unwrap_or("");
        let trimmed_start = span.start + (text.len() - text.trim_start().len());
        let trimmed_end = span.end - (text.len() - text.trim_end().len());
        if trimmed_end <= trimmed_start {
            return;
        }
        let cue = cue
            .filter(|r| !r.is_empty())
            .map(|r| Span::new(self.ctx.start(r.start), self.ctx.end(r.end - 1)));
        self.out.push(FoundQuote {
            span: Span::new(trimmed_start, trimmed_end),
            kind,
            cue,
            source,
            channel,
        });
    }

    /// End of a mixed quote whose last quoted fragment closes before `from`: the clause runs
    /// on over further fragments and commas, up to strong punctuation or an incise.
    fn mixed_end(&self, from: usize, end: usize) -> usize {
        let ctx = self.ctx;
        let mut last_close = from;
        let mut i = from;
        while i < end && i - from < 40 {
            if [".", ";", ":", "!", "?", "(", "…"]
                .iter()
                .any(|p| ctx.is_punct(i, p))
            {
                break;
            }
            if ctx.is_punct(i, ",") {
                let next = i + 1;
                let incise = dixit_lexicon::cue(ctx.t(next)).is_some()
                    || dixit_lexicon::is_auxiliary(ctx.t(next))
                    || ctx.is(next, &["selon", "estime", "a", "ont"]);
                if incise {
                    break;
                }
            }
            if ctx.marks[i] == Some(QuoteMark::Close) {
                last_close = i + 1;
            }
            i += 1;
        }
        // Past the last quoted fragment, keep only a short tail of the clause.
        let tail_end = self.clause_end(last_close, end);
        tail_end.max(last_close)
    }

    /// A direct quote attributed by an incise ("«…», a-t-il dit", "«…», estime X").
    fn push_incised(&mut self, inner: Span, cue: &Cue, sent: Range<usize>) {
        let source = self.inverted_subject(cue, sent.clone());
        let channel = self.channel(sent, cue.range.clone());
        self.push(
            inner,
            QuoteKind::Direct,
            Some(cue.range.clone()),
            source,
            channel,
        );
    }

    /// First token after a clause that starts at `from`: the next strong punctuation or
    /// quotation mark, bounded.
    fn clause_end(&self, from: usize, end: usize) -> usize {
        let ctx = self.ctx;
        let mut i = from;
        while i < end && i - from < 14 {
            if ctx.marks[i].is_some()
                || ctx.is_punct(i, ",")
                || ctx.is_punct(i, ".")
                || ctx.is_punct(i, ";")
                || ctx.is_punct(i, ":")
                || ctx.is_punct(i, "!")
                || ctx.is_punct(i, "?")
                || ctx.is_punct(i, "(")
            {
                return i;
            }
            if ctx.is(i, &["et"]) && dixit_lexicon::cue(ctx.t(i + 1)).is_some_and(|c| c.finite) {
                return i;
            }
            i += 1;
        }
        if i - from >= 14 { from } else { i }
    }

    /// "Sur RTL", "au JDD", "dans un communiqué", "dans une interview à Lyon Capitale".
    fn is_channel_token(&self, i: usize) -> bool {
        let ctx = self.ctx;
        self.ents
            .entity_at(i)
            .is_some_and(|(_, e)| e.kind == EKind::Media)
            || ctx.is(i, &["sur", "au", "à", "dans", "lors"])
            || dixit_lexicon::is_social_network(ctx.t(i))
    }

    /// Channel named around a cue in its sentence.
    fn channel(&self, sent: Range<usize>, cue: Range<usize>) -> Option<String> {
        let ctx = self.ctx;
        let mut best: Option<(usize, String)> = None;
        let consider = |best: &mut Option<(usize, String)>, at: usize, s: String| {
            let d = at.abs_diff(cue.start);
            if best.as_ref().is_none_or(|(bd, _)| d < *bd) {
                *best = Some((d, s));
            }
        };
        for i in sent.clone() {
            if ctx.depth[i] > 0 || ctx.marks[i].is_some() {
                continue;
            }
            let w = ctx.t(i).to_lowercase();
            match w.as_str() {
                "sur" | "au" | "à" | "aux" => {
                    let mut j = i + 1;
                    if ctx.is(j, &["l'", "l’", "la", "le", "son", "sa", "les"]) {
                        j += 1;
                    }
                    if let Some((_, e)) = self
                        .ents
                        .entity_at(j)
                        .filter(|(_, e)| e.kind == EKind::Media)
                    {
                        consider(&mut best, i, e.name.clone());
                    } else if dixit_lexicon::is_social_network(ctx.t(j)) {
                        consider(&mut best, i, ctx.t(j).to_owned());
                    } else if (w == "sur" || w == "à")
                        && j < sent.end
                        && matches!(
                            ctx.t(j).to_lowercase().as_str(),
                            "antenne" | "plateau" | "micro" | "compte"
                        )
                    {
                        let mut k = j + 1;
                        while k < sent.end
                            && k < j + 4
                            && self.ents.entity_at(k).is_none()
                            && !dixit_lexicon::is_social_network(ctx.t(k))
                        {
                            k += 1;
                        }
                        if let Some((_, e)) = self.ents.entity_at(k) {
                            consider(&mut best, i, e.name.clone());
                        } else if dixit_lexicon::is_social_network(ctx.t(k)) {
                            consider(&mut best, i, ctx.t(k).to_owned());
                        }
                    }
                }
                "dans" => {
                    let j = i + 2;
                    if dixit_lexicon::channel_noun(ctx.t(j)).is_some() {
                        // "dans une interview à Lyon Capitale": the outlet wins over the noun.
                        let mut k = j + 1;
                        let mut outlet = None;
                        while k < sent.end && k <= j + 4 {
                            if let Some((_, e)) = self
                                .ents
                                .entity_at(k)
                                .filter(|(_, e)| e.kind == EKind::Media)
                            {
                                outlet = Some(e.name.clone());
                                break;
                            }
                            k += 1;
                        }
                        consider(&mut best, i, outlet.unwrap_or_else(|| ctx.t(j).to_owned()));
                    }
                }
                "invité" | "invitée" | "interrogé" | "interrogée" => {
                    let mut j = i + 1;
                    if ctx.is(j, &["de", "du", "sur", "par", "à", "au"]) {
                        j += 1;
                    }
                    if ctx.is(j, &["l'", "l’", "la", "le"]) {
                        j += 1;
                    }
                    if let Some((_, e)) = self
                        .ents
                        .entity_at(j)
                        .filter(|(_, e)| e.kind == EKind::Media)
                    {
                        consider(&mut best, i, e.name.clone());
                    }
                }
                _ => {}
            }
        }
        best.map(|(_, s)| s)
    }

    /// Consecutive quotes of one speaker in one paragraph share the channel named once.
    fn carry_channels(&mut self) {
        for k in 1..self.out.len() {
            if self.out[k].channel.is_none()
                && self.out[k].source != Source::None
                && self.out[k - 1].source == self.out[k].source
            {
                let gap = self.out[k]
                    .span
                    .start
                    .saturating_sub(self.out[k - 1].span.end);
                if gap < 400 {
                    self.out[k].channel = self.out[k - 1].channel.clone();
                }
            }
        }
    }

    /// True for a finite verb followed (after adverbs/channels) by its subject: "estime X", "a déclaré l'ex-ministre".
    fn is_inverted_bare(&self, cue: &Cue, sent: Range<usize>) -> bool {
        let ctx = self.ctx;
        if cue.range.start == sent.start {
            return false;
        }
        if cue.form.tense == dixit_lexicon::Tense::ParticipePresent && cue.range.start == cue.verb {
            return false;
        }
        let next = cue.range.end;
        let starts_np = ctx.is_cap(next)
            || words::is_determiner(ctx.t(next))
            || self.ents.mention_at(next).is_some()
            || ctx.is(
                next,
                &[
                    "sur",
                    "à",
                    "au",
                    "dans",
                    "lors",
                    "encore",
                    "aussi",
                    "également",
                    "alors",
                ],
            );
        let prev = cue.range.start - 1;
        starts_np
            && ctx.is_punct(prev, ",")
            && ctx.marks.get(prev.saturating_sub(1)).copied().flatten() == Some(QuoteMark::Close)
    }

    /// Subject of an inverted cue: its clitic, or the noun phrase after it.
    fn inverted_subject(&self, cue: &Cue, sent: Range<usize>) -> Source {
        let ctx = self.ctx;
        if let Some(cl) = cue.clitic {
            let g = words::subject_pronoun(ctx.t(cl)).unwrap_or(Gender::Unknown);
            if ctx.t(cl).ends_with("on") {
                return Source::None;
            }
            return self.resolve_pronoun(cl, g);
        }
        let mut j = cue.range.end;
        // Skip adverbs and channels ("a écrit sur Twitter le premier secrétaire…").
        while j < sent.end {
            if words::is_verb_filler(ctx.t(j)) && !ctx.is(j, &["le", "la", "l'", "l’", "les"]) {
                j += 1;
            } else if ctx.is(j, &["sur", "à", "au", "dans", "lors"]) {
                j += 1;
                while j < sent.end
                    && !ctx.is_punct(j, ",")
                    && (self
                        .ents
                        .entity_at(j)
                        .is_none_or(|(_, e)| e.kind == EKind::Media)
                        || dixit_lexicon::is_social_network(ctx.t(j)))
                    && !ctx.is(j, &["le", "la", "l'", "l’", "les"])
                {
                    j += 1;
                }
            } else {
                break;
            }
        }
        self.np_source(j, sent.end, cue.verb)
    }

    /// Source designated by the noun phrase starting at `start` ("le député Christian Paul",
    /// "l'entourage de Manuel Valls", "lui", "le JDD").
    fn np_source(&self, start: usize, limit: usize, anchor: usize) -> Source {
        let ctx = self.ctx;
        let mut end = start;
        while end < limit && end - start < 14 {
            if matches!(
                ctx.kind(end),
                Some(TokenKind::Punct) | Some(TokenKind::Quote(_))
            ) && !ctx.is(end, &["-"])
            {
                break;
            }
            if end > start
                && ctx.is(
                    end,
                    &[
                        "qui", "que", "qu'", "qu’", "dont", "lors", "après", "avant", "en",
                    ],
                )
            {
                break;
            }
            end += 1;
        }
        if end == start {
            return Source::None;
        }
        // "le porte-parole du ministère, Lin Jian," / "la fédération des banques, Febelfin,":
        // a name in apposition right after the phrase is the source.
        if ctx.is_punct(end, ",")
            && words::is_determiner(ctx.t(start))
            && !(start..end).any(|i| {
                self.ents
                    .entity_at(i)
                    .is_some_and(|(_, e)| e.kind == EKind::Person)
            })
            && let Some(m) = self.ents.mention_at(end + 1)
            && m.tok.start == end + 1
            && (ctx.is_punct(m.tok.end, ",") || ctx.is_punct(m.tok.end, ".") || m.tok.end >= limit)
            && let Some(ent) = self.ents.list.get(m.entity)
            && matches!(ent.kind, EKind::Person | EKind::Org | EKind::Media)
        {
            return Source::Entity(m.entity);
        }
        let first = ctx.t(start).to_lowercase();
        // "ce dernier", "cette dernière", "celui-ci": the last person named.
        if matches!(first.as_str(), "ce" | "cette" | "celui-ci" | "celle-ci")
            && (first.contains('-') || ctx.is(start + 1, &["dernier", "dernière"]))
        {
            let female = first == "celle-ci" || ctx.is(start + 1, &["dernière"]);
            let g = if female { Gender::Female } else { Gender::Male };
            let before = ctx.start(start);
            return self
                .ents
                .mentions
                .iter()
                .rev()
                .filter(|m| ctx.start(m.tok.start) < before && ctx.depth[m.tok.start] == 0)
                .filter_map(|m| self.ents.list.get(m.entity).map(|e| (m.entity, e)))
                .find(|(_, e)| {
                    e.kind == EKind::Person && (e.gender == g || e.gender == Gender::Unknown)
                })
                .map_or(Source::None, |(e, _)| Source::Entity(e));
        }
        if matches!(
            first.as_str(),
            "lui" | "elle" | "eux" | "elles" | "lui-même" | "elle-même"
        ) {
            let g = if first.starts_with("elle") {
                Gender::Female
            } else {
                Gender::Male
            };
            return self.resolve_pronoun(anchor, g);
        }
        // A person inside the phrase, unless the head is a collective ("l'entourage de X").
        let head = (start..end)
            .find(|&i| !words::is_determiner(ctx.t(i)) && !ctx.is(i, &["d'", "d’", "de", "des"]));
        let collective = head.is_some_and(|h| is_collective_noun(ctx.t(h)));
        if !collective {
            let found = |kinds: &[EKind]| {
                (start..end).find_map(|i| {
                    self.ents
                        .entity_at(i)
                        .filter(|(_, ent)| {
                            kinds.contains(&ent.kind)
                                && !dixit_lexicon::is_social_network(&ent.name)
                        })
                        .map(|(e, _)| e)
                })
            };
            if let Some(e) = found(&[EKind::Person]) {
                return Source::Entity(e);
            }
            let titled = head.is_some_and(|h| title_start(ctx, h, (h + 4).min(end)) == Some(h));
            if titled {
                return self.resolve_title(start, end, anchor);
            }
            if let Some(e) = found(&[EKind::Media, EKind::Org, EKind::Place]) {
                return Source::Entity(e);
            }
            if title_start(ctx, start, end).is_some() {
                return self.resolve_title(start, end, anchor);
            }
            // An unnamed source in subject position: "fustige une femme", "le parti écologiste".
            let det = words::is_determiner(ctx.t(start))
                && !ctx.is(start, &["ce", "cet", "cette", "ces"]);
            if det && end > start + 1 && head.is_some_and(|h| !ctx.is_cap(h) || h + 1 < end) {
                return Source::Text(span_text(ctx, &(start..end)));
            }
            return Source::None;
        }
        Source::Text(span_text(ctx, &(start..end)))
    }

    /// Source of a cue: its clitic or inverted subject, the main-clause subject for a
    /// present participle ("…, estimant que"), else the subject to its left.
    fn cue_source(&self, cue: &Cue, sent: Range<usize>) -> Source {
        if cue.clitic.is_some() {
            return self.inverted_subject(cue, sent);
        }
        if let Some(a) = cue.subject_at {
            return self.subject_left(a, sent);
        }
        if cue.form.tense == dixit_lexicon::Tense::ParticipePresent && cue.range.start == cue.verb {
            let src = self.main_subject(cue.range.start, sent.clone());
            if src != Source::None {
                return src;
            }
            // A participial clause after a quote and its incise: that quote's speaker.
            let sent_start = self.ctx.start(sent.start);
            return self
                .out
                .iter()
                .rev()
                .find(|q| q.span.start >= sent_start && q.source != Source::None)
                .map_or(Source::None, |q| q.source.clone());
        }
        self.subject_left(cue.range.start, sent)
    }

    /// Subject of the sentence's main clause: the first person or pronoun outside quotes and
    /// not inside a prepositional phrase.
    fn main_subject(&self, at: usize, sent: Range<usize>) -> Source {
        let ctx = self.ctx;
        let mut i = sent.start;
        while i < at && i < sent.start + 60 {
            if ctx.depth[i] == 0 && ctx.marks[i].is_none() {
                if let Some(g) = words::subject_pronoun(ctx.t(i))
                    && !ctx.is_clitic(i)
                {
                    return self.resolve_pronoun(i, g);
                }
                if let Some((e, ent)) = self.ents.entity_at(i) {
                    let oblique = i > sent.start && is_preposition(ctx.t(i - 1));
                    if ent.kind == EKind::Person && !oblique {
                        return Source::Entity(e);
                    }
                    if let Some(m) = self.ents.mention_at(i) {
                        i = m.tok.end;
                        continue;
                    }
                }
            }
            i += 1;
        }
        if at == sent.start || (at == sent.start + 1 && !ctx.is_cap(sent.start)) {
            // "Expliquant que …, il a exprimé …": the subject follows the participial clause.
            let mut k = at + 1;
            let mut after_comma = false;
            while k < sent.end && k < at + 80 {
                if ctx.depth[k] == 0 && ctx.marks[k].is_none() {
                    if ctx.is_punct(k, ",") {
                        after_comma = true;
                    } else if after_comma {
                        if let Some(g) = words::subject_pronoun(ctx.t(k)) {
                            return self.resolve_pronoun(k, g);
                        }
                        if let Some((e, ent)) = self.ents.entity_at(k)
                            && ent.kind == EKind::Person
                            && !is_preposition(ctx.t(k - 1))
                        {
                            return Source::Entity(e);
                        }
                        // "Défendant le bilan …, la secrétaire d'État a dit …"
                        if ctx.is_punct(k - 1, ",")
                            && words::is_determiner(ctx.t(k))
                            && title_start(ctx, k + 1, (k + 4).min(sent.end)) == Some(k + 1)
                        {
                            let mut e = k + 2;
                            while e < sent.end
                                && e < k + 8
                                && !ctx.is_punct(e, ",")
                                && !dixit_lexicon::is_auxiliary(ctx.t(e))
                                && dixit_lexicon::cue(ctx.t(e)).is_none_or(|c| !c.finite)
                            {
                                e += 1;
                            }
                            let src = self.resolve_title(k, e, k);
                            if src != Source::None {
                                return src;
                            }
                        }
                    }
                }
                k += 1;
            }
        }
        self.subject_left(at, sent)
    }

    /// Subject to the left of a cue starting at `at`.
    fn subject_left(&self, at: usize, sent: Range<usize>) -> Source {
        let ctx = self.ctx;
        let mut i = at;
        let mut jumps = 0;
        while i > sent.start {
            let p = i - 1;
            let w = ctx.t(p);
            if ctx.marks[p].is_some() || ctx.depth[p] > 0 {
                break;
            }
            let complement = self.ents.mention_at(p).is_some_and(|m| {
                let mut b = m.tok.start;
                // "de l'Économie", "de la région Île-de-France": skip the article and nouns.
                const PREP: &[&str] = &["de", "du", "des", "d'", "d’", "à", "au", "aux"];
                while b > sent.start
                    && m.tok.start - b < 3
                    && !ctx.is(b - 1, PREP)
                    && (ctx.is(b - 1, &["l'", "l’", "la", "le", "les"])
                        || (!ctx.is_cap(b - 1) && matches!(ctx.kind(b - 1), Some(TokenKind::Word))))
                {
                    b -= 1;
                }
                b > sent.start
                    && ctx.is(b - 1, &["de", "du", "des", "d'", "d’", "à", "au", "aux"])
                    && self
                        .ents
                        .list
                        .get(m.entity)
                        .is_some_and(|e| e.kind != EKind::Person)
            });
            if let Some((e, ent)) = self.ents.entity_at(p).filter(|_| !complement) {
                // "l'entourage de Manuel Valls": the collective is the source.
                let m = self.ents.mention_at(p).map_or(p..p + 1, |m| m.tok.clone());
                if m.start >= 2
                    && ctx.is(m.start - 1, &["de", "du", "d'", "d’", "des"])
                    && is_collective_noun(ctx.t(m.start - 2))
                {
                    let mut s = m.start - 2;
                    if s > sent.start && words::is_determiner(ctx.t(s - 1)) {
                        s -= 1;
                    }
                    return Source::Text(span_text(ctx, &(s..m.end)));
                }
                if ent.kind != EKind::Place || ctx.is_cap(m.start) {
                    return Source::Entity(e);
                }
            }
            if let Some(g) = words::subject_pronoun(w) {
                return self.resolve_pronoun(p, g);
            }
            if ctx.is(
                p,
                &[
                    "on", "On", "je", "J'", "j'", "nous", "vous", "Je", "Nous", "Vous",
                ],
            ) {
                return Source::None;
            }
            if ctx.is_punct(p, ",")
                && p > sent.start
                && let Some(m) = self.ents.mention_at(p - 1)
                && let Some((e, _)) = self
                    .ents
                    .entity_at(p - 1)
                    .filter(|(_, x)| x.kind == EKind::Person)
                && (m.tok.start == sent.start || ctx.is_punct(m.tok.start - 1, ","))
            {
                // "Son ancienne ministre, Nadine Morano, a salué": the name closes the apposition.
                return Source::Entity(e);
            }
            if ctx.is_punct(p, ",") && jumps < 3 {
                // Skip an apposition or an incise back to the previous comma.
                let mut q = p;
                while q > sent.start && !ctx.is_punct(q - 1, ",") && ctx.marks[q - 1].is_none() {
                    q -= 1;
                }
                jumps += 1;
                if q > sent.start && ctx.is_punct(q - 1, ",") {
                    // Prefer what stands before the apposition; keep the apposition if nothing does.
                    let before = self.subject_left(q - 1, sent.start..sent.end);
                    if before != Source::None {
                        return before;
                    }
                    i = p;
                    continue;
                }
                i = p;
                continue;
            }
            // "…, estime Nicolas Bay, qui dénonce «…»": the relative's antecedent speaks.
            if ctx.is(p, &["qui"])
                && p >= 2
                && ctx.is_punct(p - 1, ",")
                && let Some((e, _)) = self
                    .ents
                    .entity_at(p - 2)
                    .filter(|(_, x)| x.kind == EKind::Person)
            {
                return Source::Entity(e);
            }
            if words::is_verb_filler(w) || ctx.is(p, &["qui"]) || ctx.is_clitic(p) {
                i = p;
                continue;
            }
            // A noun phrase ("l'élu du Rhône", "l'entourage de Manuel Valls"): take the window
            // back to punctuation or a verb, and try each determiner in it, outermost first.
            if matches!(
                ctx.kind(p),
                Some(TokenKind::Word) | Some(TokenKind::Elision) | Some(TokenKind::Number)
            ) {
                let mut s = p;
                while s > sent.start && p - s < 10 {
                    let q = s - 1;
                    let ok = matches!(
                        ctx.kind(q),
                        Some(TokenKind::Word) | Some(TokenKind::Elision) | Some(TokenKind::Number)
                    ) && ctx.depth[q] == 0
                        && !dixit_lexicon::cue(ctx.t(q)).is_some_and(|c| c.finite)
                        && !dixit_lexicon::is_auxiliary(ctx.t(q));
                    if !ok {
                        break;
                    }
                    s = q;
                }
                for start in s..=p {
                    // Only phrases that can stand as subjects: not a complement after "du", "au".
                    let complement_det = ctx.is(start, &["du", "des", "au", "aux"])
                        || (start > s && ctx.is(start - 1, &["de", "d'", "d’", "à"]));
                    if start == s || (words::is_determiner(ctx.t(start)) && !complement_det) {
                        let src = self.np_source(start, p + 1, at);
                        if src != Source::None {
                            return src;
                        }
                        let head = (start..=p).find(|&h| !words::is_determiner(ctx.t(h)));
                        if head.is_some_and(|h| title_start(ctx, h, (h + 4).min(p + 1)) == Some(h))
                        {
                            // A title we could not resolve: its complements are not the speaker.
                            break;
                        }
                    }
                }
                // A plain noun phrase right before the verb is its subject ("le nouveau
                // gouvernement a déclaré", "des gilets jaunes dénoncent").
                if let Some(d) = (s..p).find(|&k| words::is_determiner(ctx.t(k))) {
                    let np = span_text(ctx, &(d..p + 1));
                    if p > d
                        && !ctx.is(
                            d,
                            &["son", "sa", "ses", "leur", "leurs", "ce", "cette", "ces"],
                        )
                    {
                        return Source::Text(np);
                    }
                }
                break;
            }
            break;
        }
        // Fallback: the nearest person before the cue in the sentence.
        (sent.start.max(at.saturating_sub(80))..at)
            .rev()
            .filter(|&k| ctx.depth[k] == 0)
            .find_map(|k| {
                self.ents
                    .entity_at(k)
                    .filter(|(_, e)| e.kind == EKind::Person)
                    .map(|(e, _)| Source::Entity(e))
            })
            .unwrap_or(Source::None)
    }

    /// Most likely person for a pronoun at `at`.
    fn resolve_pronoun(&self, at: usize, gender: Gender) -> Source {
        let ctx = self.ctx;
        let para = ctx.para(at);
        let compatible = |e: usize| {
            self.ents.list.get(e).is_some_and(|ent| {
                ent.kind == EKind::Person
                    && (gender == Gender::Unknown
                        || ent.gender == Gender::Unknown
                        || ent.gender == gender)
            })
        };
        let at_byte = ctx.start(at);
        // 1. The last speaker, if within the previous two sentences.
        let sent_idx = ctx.sent_of.get(at).copied().unwrap_or(0);
        let mut subject_candidate = None;
        let mut any_candidate = None;
        let upto = self.ents.mentions.partition_point(|m| m.tok.start < at);
        for m in self.ents.mentions[..upto].iter().rev() {
            if ctx.para(m.tok.start) + 3 < para {
                break;
            }
            if ctx.depth[m.tok.start] > 0 || !compatible(m.entity) {
                continue;
            }
            if any_candidate.is_none() {
                any_candidate = Some(m.entity);
            }
            let prev = m.tok.start.checked_sub(1).map(|p| ctx.t(p).to_lowercase());
            let oblique = prev.as_deref().is_some_and(is_preposition);
            if !oblique
                && subject_candidate.is_none()
                && self.is_first_person_of_sentence(m.tok.start)
            {
                subject_candidate =
                    Some((m.entity, ctx.sent_of.get(m.tok.start).copied().unwrap_or(0)));
            }
        }
        let last_speaker = self
            .out
            .iter()
            .rev()
            .find(|q| q.span.start < at_byte)
            .and_then(|q| match q.source {
                Source::Entity(e) if compatible(e) => {
                    let qs = ctx
                        .tokens
                        .partition_point(|t| (t.start as usize) < q.span.start);
                    let qsent = ctx.sent_of.get(qs).copied().unwrap_or(0);
                    (sent_idx.saturating_sub(qsent) <= 2).then_some((e, qsent))
                }
                _ => None,
            });
        if let Some((e, s)) = subject_candidate
            && s == sent_idx
        {
            return Source::Entity(e);
        }
        // The last speaker, unless a newer sentence has another person as its subject.
        if let Some((e, qsent)) = last_speaker {
            match subject_candidate {
                Some((c, s)) if s > qsent && c != e => return Source::Entity(c),
                _ => return Source::Entity(e),
            }
        }
        if let Some((e, _)) = subject_candidate {
            return Source::Entity(e);
        }
        any_candidate.map_or(Source::None, Source::Entity)
    }

    /// True when no other non-oblique person mention precedes token `i` in its sentence.
    fn is_first_person_of_sentence(&self, i: usize) -> bool {
        let ctx = self.ctx;
        let sent = ctx.sentence_range(i);
        // Verbs of a fronted clause ("Deux ans après la guerre qui les avait opposés, X …")
        // do not count: only those after the last comma before the mention.
        let from = (sent.start.max(i.saturating_sub(40))..i)
            .rev()
            .find(|&k| ctx.is_punct(k, ","))
            .map_or(sent.start.max(i.saturating_sub(40)), |k| k + 1);
        let verb_before = (from..i).any(|k| {
            ctx.depth[k] == 0
                && self.ents.mention_at(k).is_none()
                && (dixit_lexicon::is_auxiliary(ctx.t(k))
                    || dixit_lexicon::cue(ctx.t(k)).is_some_and(|c| c.finite))
        });
        let pronoun_before = (sent.start.max(i.saturating_sub(40))..i).any(|k| {
            ctx.depth[k] == 0 && words::subject_pronoun(ctx.t(k)).is_some() && !ctx.is_clitic(k)
        });
        !verb_before
            && !pronoun_before
            && !self.mentions_in(sent.start, i).iter().any(|m| {
                m.tok.start >= sent.start
                    && m.tok.start < i
                    && ctx.depth[m.tok.start] == 0
                    && self
                        .ents
                        .list
                        .get(m.entity)
                        .is_some_and(|e| e.kind == EKind::Person)
                    && !(m.tok.start > sent.start && is_preposition(ctx.t(m.tok.start - 1)))
            })
    }

    /// Mentions starting in the token range `lo..hi` (mentions are sorted by start).
    fn mentions_in(&self, lo: usize, hi: usize) -> &[crate::entities::Mention] {
        let m = &self.ents.mentions;
        let a = m.partition_point(|x| x.tok.start < lo);
        let b = m.partition_point(|x| x.tok.start < hi);
        m.get(a..b.max(a)).unwrap_or(&[])
    }

    /// Person designated by a title phrase ("l'ex-ministre de l'Économie", "le candidat socialiste").
    fn resolve_title(&self, start: usize, end: usize, anchor: usize) -> Source {
        let ctx = self.ctx;
        let phrase = span_text(ctx, &(start..end));
        let key = fold(strip_det(&phrase));
        let core = fold(strip_title_modifiers(strip_det(&phrase)));
        // A person already given this role in the text.
        let mut best = None;
        for (e, ent) in self.ents.list.iter().enumerate() {
            if ent.kind != EKind::Person {
                continue;
            }
            if ent.roles.iter().any(|r| {
                let r = fold(r);
                r == key || (core.len() > 4 && (r.contains(&core) || core.contains(&r)))
            }) {
                best = Some(e);
            }
        }
        if let Some(e) = best {
            return Source::Entity(e);
        }
        // A person whose knowledge-base offices match.
        let kb = dixit_kb::Kb::embedded();
        let mut kb_hit = None;
        for (e, ent) in self.ents.list.iter().enumerate() {
            if let Some(p) = ent.kb.and_then(|id| kb.person(id)) {
                let before = ent.spans.iter().any(|s| s.start < ctx.start(anchor));
                if core.len() > 6
                    && p.offices.iter().any(|o| fold(&o.title).contains(&core))
                    && (before || kb_hit.is_none())
                {
                    kb_hit = Some(e);
                }
            }
        }
        if let Some(e) = kb_hit {
            return Source::Entity(e);
        }
        self.resolve_pronoun(start.min(anchor), Gender::Unknown)
    }

    fn previous_colon_cue(&self, sent_start: usize) -> Option<(Source, Option<Range<usize>>)> {
        let ctx = self.ctx;
        if sent_start == 0 || !ctx.is_punct(sent_start - 1, ":") {
            return None;
        }
        let prev = ctx.sentence_range(sent_start - 1);
        let cues = self.cues(prev.clone());
        let cue = cues.last()?;
        let source = self.cue_source(cue, prev);
        Some((source, Some(cue.range.clone())))
    }

    /// Reporting verb + que without quotation marks: indirect speech.
    fn indirect(&mut self, sent: Range<usize>, segs: &[(usize, usize)], cues: &[Cue]) {
        let ctx = self.ctx;
        for cue in cues {
            if !cue.form.takes_que {
                continue;
            }
            let mut j = cue.range.end;
            let limit = (j + 10).min(sent.end);
            let mut que = None;
            while j < limit {
                if ctx.is_que(j) {
                    que = Some(j);
                    break;
                }
                if ctx.marks[j].is_some()
                    || ctx.is_punct(j, ".")
                    || ctx.is_punct(j, ":")
                    || ctx.is_punct(j, ";")
                {
                    break;
                }
                if j > cue.range.end && dixit_lexicon::cue(ctx.t(j)).is_some_and(|c| c.finite) {
                    break;
                }
                j += 1;
            }
            let Some(q) = que else {
                continue;
            };
            let start = q + 1;
            if start >= sent.end {
                continue;
            }
            // The clause runs to the end of the sentence, or to an incise of the same speaker.
            let mut end = sent.end.min(start + 120);
            for i in start..end {
                if ctx.is_punct(i, ";")
                    || (ctx.is_punct(i, ",") && cues.iter().any(|c2| c2.range.start == i + 1))
                {
                    end = i;
                    break;
                }
            }
            while end > start
                && matches!(ctx.kind(end - 1), Some(TokenKind::Punct))
                && !ctx.is(end - 1, &[")"])
            {
                end -= 1;
            }
            if end <= start + 1 {
                continue;
            }
            let has_marks = segs.iter().any(|&(o, c)| o >= start && c < end);
            let kind = if has_marks {
                QuoteKind::Mixed
            } else {
                QuoteKind::Indirect
            };
            let source = self.cue_source(cue, sent.clone());
            let channel = self.channel(sent.clone(), cue.range.clone());
            let span = Span::new(ctx.start(start), ctx.end(end - 1));
            self.push(span, kind, Some(cue.range.clone()), source, channel);
        }
    }

    /// "Selon X, …", "…, selon X", "D'après X, …".
    fn according_to(&mut self, sent: Range<usize>) {
        let ctx = self.ctx;
        for i in sent.clone() {
            if ctx.depth[i] > 0 {
                continue;
            }
            let pour = ctx.is(i, &["pour", "Pour"]);
            let (np_start, cue_end) = if ctx.is(i, &["selon", "Selon"]) || pour {
                (i + 1, i + 1)
            } else if ctx.is(i, &["d'", "d’", "D'", "D’"]) && ctx.is(i + 1, &["après"]) {
                (i + 2, i + 2)
            } else {
                continue;
            };
            // The source phrase runs to the next comma or the sentence end.
            let mut np_end = np_start;
            while np_end < sent.end
                && !ctx.is_punct(np_end, ",")
                && !ctx.is_punct(np_end, ".")
                && ctx.marks[np_end].is_none()
            {
                np_end += 1;
            }
            if np_end == np_start || np_end - np_start > 12 {
                continue;
            }
            if pour {
                // "Pour Valls, …" attributes only with a named person and a comma, at clause start.
                let clause_start = i == sent.start
                    || ctx.is_punct(i - 1, ",")
                    || ctx.is_punct(i - 1, ":")
                    || (i == sent.start + 1
                        && matches!(
                            ctx.kind(sent.start),
                            Some(TokenKind::Symbol) | Some(TokenKind::Punct)
                        ));
                let whole_mention = self
                    .ents
                    .mention_at(np_start)
                    .is_some_and(|m| m.tok.start == np_start && m.tok.end == np_end)
                    && self
                        .ents
                        .entity_at(np_start)
                        .is_some_and(|(_, e)| e.kind == EKind::Person);
                let pronoun = np_end == np_start + 1 && ctx.is(np_start, &["lui", "elle"]);
                if !clause_start || !ctx.is_punct(np_end, ",") || !(whole_mention || pronoun) {
                    continue;
                }
            }
            let source = self.np_source(np_start, np_end, i);
            let source = match source {
                Source::None => continue,
                s => s,
            };
            let opens_clause = i <= sent.start + 1
                || ctx.is_punct(i - 1, ",")
                || ctx.is_punct(i - 1, ":")
                || ctx.is(i - 1, &["Mais", "mais", "Et", "et", "Or", "Ainsi", "Donc"]);
            let (start, end) = if (opens_clause || pour) && ctx.is_punct(np_end, ",") {
                // Skip an apposition after the source ("Pour X, maire de Dijon, …",
                // "selon l'entourage de X, cité sur RTL, …").
                let mut st = np_end + 1;
                let participle = dixit_lexicon::cue(ctx.t(st))
                    .is_some_and(|c| c.participle && !c.finite)
                    || ctx.is(
                        st,
                        &[
                            "cité",
                            "citée",
                            "cités",
                            "citées",
                            "interrogé",
                            "interrogée",
                            "relayé",
                            "relayée",
                            "joint",
                            "jointe",
                            "contacté",
                            "contactée",
                        ],
                    );
                if (title_start(ctx, st, (st + 3).min(sent.end)) == Some(st) || participle)
                    && let Some(c) = (st..sent.end.min(st + 20)).find(|&k| ctx.is_punct(k, ","))
                {
                    st = c + 1;
                }
                (st, sent.end)
            } else if i > sent.start
                && ctx.is_punct(i - 1, ",")
                && (np_end >= sent.end || ctx.is_punct(np_end, "."))
            {
                // "…, selon lui." — the clause before; direct quotes there are handled already.
                let mut s = i - 1;
                while s > sent.start && !ctx.is_punct(s - 1, ",") && !ctx.is_punct(s - 1, ":") {
                    s -= 1;
                }
                if (s..i).any(|k| ctx.marks[k].is_some()) {
                    // Quoted words there are attributed by the direct-quote pass.
                    continue;
                }
                (s, i - 1)
            } else {
                continue;
            };
            let mut end = end;
            while end > start && matches!(ctx.kind(end - 1), Some(TokenKind::Punct)) {
                end -= 1;
            }
            if end <= start + 2
                || (start..end).any(|k| ctx.marks[k].is_some())
                    && (start..end).filter(|&k| ctx.marks[k].is_some()).count() >= 2
                    && (start..end)
                        .filter(|&k| matches!(ctx.kind(k), Some(TokenKind::Word)))
                        .count()
                        < 4
            {
                continue;
            }
            let has_marks = (start..end).any(|k| ctx.marks[k].is_some());
            let kind = if has_marks {
                QuoteKind::Mixed
            } else {
                QuoteKind::Indirect
            };
            let span = Span::new(ctx.start(start), ctx.end(end - 1));
            self.push(span, kind, Some(i..cue_end), source, None);
        }
    }
}

/// Prepositions that make the following name an oblique, not a subject.
fn is_preposition(w: &str) -> bool {
    matches!(
        w.to_lowercase().as_str(),
        "de" | "d'"
            | "d’"
            | "à"
            | "au"
            | "aux"
            | "pour"
            | "contre"
            | "avec"
            | "par"
            | "face"
            | "sur"
            | "chez"
            | "du"
            | "des"
            | "entre"
            | "et"
            | "vers"
            | "envers"
            | "selon"
            | "après"
            | "avant"
            | "sans"
    )
}

fn strip_det(s: &str) -> &str {
    for d in [
        "le ", "la ", "les ", "l'", "l’", "Le ", "La ", "Les ", "L'", "L’",
    ] {
        if let Some(r) = s.strip_prefix(d) {
            return r;
        }
    }
    s
}

/// Nouns naming a group of unnamed people who speak ("l'entourage de", "des proches").
fn is_collective_noun(w: &str) -> bool {
    matches!(
        w.to_lowercase().as_str(),
        "entourage"
            | "proches"
            | "proche"
            | "sources"
            | "source"
            | "conseillers"
            | "conseiller"
            | "responsables"
            | "cadres"
            | "membres"
            | "partisans"
            | "soutiens"
            | "élus"
            | "camp"
            | "équipe"
            | "équipes"
            | "porte-parole"
            | "avocats"
            | "avocat"
            | "services"
            | "cabinet"
            | "collaborateurs"
            | "fidèles"
            | "amis"
            | "experts"
            | "analystes"
            | "observateurs"
            | "syndicats"
            | "militants"
            | "dirigeants"
            | "ténors"
            | "cercle"
            | "staff"
            | "direction"
    )
}

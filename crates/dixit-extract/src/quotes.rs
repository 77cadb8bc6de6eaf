//! Quotes: the spans of reported speech and the cue that introduces each.
//!
//! Two sources of evidence meet here. Quotation marks give *segments* (paired inside one
//! paragraph; a mark left open at a paragraph's end runs into the next). Cues give
//! *complements* read on the parse: the `que` clause or `de` + infinitive of a reporting
//! verb, the clause an incise or a "selon X" hangs on, or the quoted object of the verb.
//! A complement that is one segment is a direct quote, one that holds segments and other
//! words a mixed quote, one with no marks an indirect quote. Segments no cue reaches are
//! attributed by an adjacent incise or colon, split around an incise inside them, or read
//! as a follow-up of the previous quote when they are sentences; short ones with no cue
//! are scare quotes or titles and are dropped.

use crate::context::Context;
use crate::cues::{Cue, CueKind};
use crate::doc::Doc;
use dixit_lexicon::SourcePrep;
use dixit_model::QuoteKind;
use dixit_syntax::{Deprel, Upos};
use dixit_text::token::{QuoteMark, TokenKind};
use std::ops::Range;

/// A quotation-mark segment: the opening and closing mark tokens (the closing one may be
/// missing when the quotation runs to the end of its paragraph).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// Token of the opening mark (or the first token of the quoted words when the mark
    /// is missing or in the previous paragraph).
    pub open: usize,
    /// Token of the closing mark.
    pub close: usize,
    /// True when `open` is a real opening mark.
    pub opened: bool,
}

impl Segment {
    /// Tokens strictly inside the marks.
    pub fn inner(&self) -> Range<usize> {
        if self.opened {
            self.open + 1..self.close
        } else {
            self.open..self.close
        }
    }
}

/// How a quote's speaker is to be found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attribution {
    /// Through the cue (its subject, agent or the object of its preposition).
    Cue(usize),
    /// A name before a colon ("Paul Morin : « … »"): the token of that name.
    Colon(usize),
    /// The speaker of the previous quote.
    FollowUp,
}

/// One quote before speakers are resolved.
#[derive(Debug, Clone)]
pub struct FoundQuote {
    /// Tokens of the quoted words (inside the marks for direct quotes).
    pub tokens: Range<usize>,
    /// Direct, mixed or indirect.
    pub kind: QuoteKind,
    /// How to find the speaker.
    pub by: Attribution,
}

impl FoundQuote {
    /// The cue index, when attributed through one.
    pub fn cue(&self) -> Option<usize> {
        match self.by {
            Attribution::Cue(c) => Some(c),
            _ => None,
        }
    }
}

/// Longest run scanned for a closing mark after an opening one, in tokens.
const MAX_SEGMENT_TOKENS: usize = 4000;
/// Fewest words a segment needs to be read as speech without a cue (a follow-up quote).
const MIN_FOLLOW_UP_WORDS: usize = 5;
/// How many sentences back a follow-up quote looks for the quote it continues.
const FOLLOW_UP_SENTENCES: usize = 3;
/// How far (tokens) an incise may stand after a segment's closing mark.
const INCISE_GAP: usize = 2;

/// Quotation-mark segments of the document, in order.
pub fn segments(ctx: &Context) -> Vec<Segment> {
    let mut out = Vec::new();
    let n = ctx.tokens.len();
    let mut i = 0;
    while i < n {
        if ctx.marks[i] == Some(QuoteMark::Open) && ctx.depth[i] == 0 {
            let para = ctx.para(i);
            let mut j = i + 1;
            let mut found = None;
            while j < n && j < i + MAX_SEGMENT_TOKENS && ctx.para(j) == para {
                if ctx.marks[j] == Some(QuoteMark::Close) && ctx.depth[j] == 0 {
                    found = Some(j);
                    break;
                }
                j += 1;
            }
            match found {
                Some(j) => {
                    if j > i + 1 {
                        out.push(Segment {
                            open: i,
                            close: j,
                            opened: true,
                        });
                    }
                    i = j + 1;
                    continue;
                }
                None => {
                    // Open to the end of the paragraph: a quotation running into the next
                    // paragraph closes there ("« … ¶ … », a-t-il dit").
                    let end = j;
                    let mut k = end;
                    while k < n
                        && k < end + MAX_SEGMENT_TOKENS
                        && ctx.para(k) == ctx.para(end.min(n - 1))
                        && ctx.marks[k].is_none()
                    {
                        k += 1;
                    }
                    if k < n && ctx.marks[k] == Some(QuoteMark::Close) && k > i + 1 {
                        out.push(Segment {
                            open: i,
                            close: k,
                            opened: true,
                        });
                        i = k + 1;
                        continue;
                    }
                }
            }
        }
        i += 1;
    }
    out
}

/// Index of the segment whose marks enclose token `t`, if any.
fn segment_at(segs: &[Segment], t: usize) -> Option<usize> {
    let k = segs.partition_point(|s| s.open <= t);
    let k = k.checked_sub(1)?;
    let s = segs.get(k)?;
    (t >= s.open && t <= s.close).then_some(k)
}

struct Builder<'d, 'a> {
    doc: &'d Doc<'a>,
    cues: &'d [Cue],
    segs: Vec<Segment>,
    /// Per segment: already used by a quote.
    used: Vec<bool>,
    out: Vec<FoundQuote>,
    /// The quotes found so far by first token (to the furthest last token among those
    /// starting there): overlap and "a quote just before" are range lookups, not scans.
    starts: std::collections::BTreeMap<usize, usize>,
    /// The longest quote so far, in tokens: how far back an overlap can start.
    max_len: usize,
    /// Index in `out` of the last quote found starting at each token.
    by_start: std::collections::BTreeMap<usize, usize>,
}

/// Every quote of the document, in text order.
pub fn find(doc: &Doc, cues: &[Cue]) -> Vec<FoundQuote> {
    let segs = segments(&doc.ctx);
    let mut b = Builder {
        doc,
        cues,
        used: vec![false; segs.len()],
        segs,
        out: Vec::new(),
        starts: std::collections::BTreeMap::new(),
        max_len: 0,
        by_start: std::collections::BTreeMap::new(),
    };
    // Reporting verbs first: a "selon X" in a sentence whose words a verb already
    // attributes is a secondary source ("…, a affirmé le ministre, selon une vidéo").
    for (c, cue) in cues.iter().enumerate() {
        if cue.is_verb() {
            b.cue_complement(c);
        }
    }
    for (c, cue) in cues.iter().enumerate() {
        if !cue.is_verb() {
            b.cue_complement(c);
        }
    }
    for k in 0..b.segs.len() {
        if !b.used[k] {
            b.lone_segment(k);
        }
    }
    let mut out = b.out;
    out.sort_by_key(|q| (q.tokens.start, std::cmp::Reverse(q.tokens.end)));
    // One quote per stretch of text: a quote inside another of the same cue or kind goes.
    let mut kept: Vec<FoundQuote> = Vec::with_capacity(out.len());
    for q in out {
        if let Some(last) = kept.last()
            && q.tokens.start < last.tokens.end
            && (q.tokens.end <= last.tokens.end || q.kind == last.kind)
        {
            continue;
        }
        kept.push(q);
    }
    kept
}

impl Builder<'_, '_> {
    fn ctx(&self) -> &Context<'_> {
        &self.doc.ctx
    }

    /// Builds the quote for complement tokens `range`: direct when one segment is all of
    /// it, mixed when it holds segments and more, indirect otherwise.
    fn push_complement(&mut self, range: Range<usize>, by: Attribution) {
        let range = self.trim(range);
        if range.is_empty() {
            return;
        }
        let lo = self.segs.partition_point(|s| s.close < range.start);
        let mut inside: Vec<usize> = Vec::new();
        let mut start = range.start;
        let mut end = range.end;
        for k in lo..self.segs.len() {
            let s = self.segs[k];
            if s.open >= end {
                break;
            }
            inside.push(k);
            // A segment that starts inside the clause runs to its closing mark.
            end = end.max(s.close + 1);
            start = start.min(s.open);
        }
        if inside.is_empty() {
            self.push(FoundQuote {
                tokens: range,
                kind: QuoteKind::Indirect,
                by,
            });
            return;
        }
        for &k in &inside {
            self.used[k] = true;
        }
        let words_outside = (start..end)
            .filter(|&t| {
                !inside
                    .iter()
                    .any(|&k| t >= self.segs[k].open && t <= self.segs[k].close)
                    && matches!(
                        self.ctx().kind(t),
                        Some(TokenKind::Word | TokenKind::Number)
                    )
            })
            .count();
        if inside.len() == 1 && words_outside == 0 {
            let s = self.segs[inside[0]];
            self.push(FoundQuote {
                tokens: s.inner(),
                kind: QuoteKind::Direct,
                by,
            });
        } else {
            self.push(FoundQuote {
                tokens: start..end,
                kind: QuoteKind::Mixed,
                by,
            });
        }
    }

    /// `range` without leading "que"/"de"/":" and trailing punctuation.
    fn trim(&self, range: Range<usize>) -> Range<usize> {
        let ctx = self.ctx();
        let mut a = range.start;
        let mut b = range.end;
        while a < b {
            let t = ctx.t(a);
            let lead = matches!(ctx.kind(a), Some(TokenKind::Punct))
                || ctx.is_que(a)
                || matches!(t, "de" | "d'" | "d’" | "à");
            if !lead {
                break;
            }
            a += 1;
        }
        while b > a && matches!(ctx.kind(b - 1), Some(TokenKind::Punct)) {
            b -= 1;
        }
        a..b
    }

    fn cue_complement(&mut self, c: usize) {
        let cue = self.cues[c].clone();
        match cue.kind {
            CueKind::Source(prep) => self.source_clause(c, &cue, prep),
            CueKind::Verb { .. } => self.verb_complement(c, &cue),
        }
    }

    /// The clause a "selon X" phrase hangs on, without the phrase.
    fn source_clause(&mut self, c: usize, cue: &Cue, prep: SourcePrep) {
        let doc = self.doc;
        let ctx = &doc.ctx;
        let Some(ss) = doc.sent(cue.word.s as usize) else {
            return;
        };
        let w = cue.word.w as usize;
        let object = match ss.rel(w).base() {
            Deprel::Case | Deprel::Mark | Deprel::Fixed => ss.head(w),
            _ => None,
        };
        let phrase_end = object.map_or(cue.tokens.end, |o| {
            crate::cues::source_phrase_end(doc, ss, o)
        });
        let sent = ctx.sentence_range(cue.token);
        let phrase = cue.tokens.start..phrase_end;
        // Inside a quotation the phrase is part of the quoted words.
        if ctx.depth.get(cue.token).is_some_and(|&d| d > 0) {
            return;
        }
        let _ = prep;
        let before = sent.start..phrase.start;
        let after = phrase.end..sent.end;
        let words = |r: &Range<usize>| {
            r.clone()
                .filter(|&t| matches!(ctx.kind(t), Some(TokenKind::Word)))
                .count()
        };
        let clause = if words(&before) == 0 {
            after
        } else if words(&after) <= 1 {
            before
        } else {
            // In the middle: the whole sentence reads as the sourced clause.
            sent
        };
        // Words a reporting verb already attributes keep their cue.
        if self.covers(&clause) {
            return;
        }
        self.push_complement(clause, Attribution::Cue(c));
    }

    fn verb_complement(&mut self, c: usize, cue: &Cue) {
        let doc = self.doc;
        let ctx = &doc.ctx;
        let Some(ss) = doc.sent(cue.word.s as usize) else {
            return;
        };
        let w = cue.word.w as usize;
        // A cue inside a quotation is the speaker's own verb, except an incise splitting
        // the quotation, which `lone_segment` handles.
        if ctx.depth.get(cue.token).is_some_and(|&d| d > 0) {
            return;
        }
        // "Il faut dire que …", "il faut rappeler que …": an infinitive under impersonal
        // "falloir" is the writer's own comment, spoken by no one.
        if ss.word(w).and_then(|x| x.feats.verb_form()) == Some(dixit_syntax::VerbForm::Inf)
            && ss.head(w).is_some_and(|h| ss.lemma(h) == "falloir")
        {
            return;
        }
        // 1. A clausal complement: "a estimé que …", "a promis de …", "a lancé « … »".
        for &k in ss.kids(w) {
            let k = k as usize;
            let rel = ss.rel(k).base();
            let clausal = matches!(rel, Deprel::Ccomp | Deprel::Xcomp)
                || (rel == Deprel::Obj && self.opens_segment(ss.token(ss.bounds(k).0)));
            if !clausal {
                continue;
            }
            let (lo, hi) = ss.bounds(k);
            let mut start = ss.token(lo);
            let end = ss.token(hi) + 1;
            // Only a finite reporting verb takes a complement before it ("« … », a
            // déclaré"); participles and gerunds look ahead ("en évoquant …").
            if end <= cue.tokens.start && !cue.inverted {
                continue;
            }
            // The parse may hang the cue inside its complement's span: keep what follows.
            if start <= cue.token && end > cue.tokens.end {
                start = cue.tokens.end;
            }
            // The reported clause starts after its "que"; what the parse hung before it
            // ("a jugé sur RTL que …") is the frame, not the words.
            if let Some(m) = ss
                .kids_by(k, Deprel::Mark)
                .map(|m| ss.token(m))
                .find(|&m| m >= start && m < end && ctx.is_que(m))
            {
                start = m + 1;
            }
            // A predicative complement is no speech ("se dit prêt"), unless it is an
            // infinitive clause or opens a quotation ("se demande « quelle est … »").
            if rel == Deprel::Xcomp
                && !self.infinitive_complement(ss, k)
                && !self.opens_segment(ss.token(lo))
                && !bare_infinitive_report(cue, ss, k)
            {
                continue;
            }
            self.push_complement(start..end, Attribution::Cue(c));
            return;
        }
        // 1b. Complements after the verb holding quoted words: a mixed quote over them
        //     ("a salué un choix « clair sans compromission »", "a souhaité « bonne
        //     chance » à François Fillon").
        let mut first: Option<usize> = None;
        let mut last_with_marks: Option<usize> = None;
        for &k in ss.kids(w) {
            let k = k as usize;
            if !matches!(
                ss.rel(k).base(),
                Deprel::Obj
                    | Deprel::Iobj
                    | Deprel::Obl
                    | Deprel::Nmod
                    | Deprel::Advcl
                    | Deprel::Dep
            ) {
                continue;
            }
            let (lo, hi) = ss.bounds(k);
            let (a, b) = (ss.token(lo), ss.token(hi) + 1);
            if a < cue.tokens.end {
                continue;
            }
            let lo_seg = self.segs.partition_point(|s| s.close < a);
            let marked = self
                .segs
                .get(lo_seg)
                .is_some_and(|s| s.open < b && !self.used[lo_seg]);
            // An oblique before the object and without quoted words frames the speech
            // ("a jugé sur RTL que …"): the quote starts after it.
            let core = matches!(ss.rel(k).base(), Deprel::Obj | Deprel::Iobj);
            if first.is_none() && !marked && !core {
                continue;
            }
            first = Some(first.map_or(a, |f: usize| f.min(a)));
            if marked {
                last_with_marks = Some(last_with_marks.map_or(b, |l: usize| l.max(b)));
            }
        }
        if let (Some(mut a), Some(b)) = (first, last_with_marks) {
            // The reported clause starts after its "que", wherever the parse hung it
            // ("a déclaré sur BFM TV que « … »" with the clause under "BFM").
            if let Some(q) = (a..b).find(|&t| {
                ctx.is_que(t)
                    && doc.word_at(t).is_some_and(|r| {
                        doc.sent(r.s as usize)
                            .is_some_and(|x| x.rel(r.w as usize).base() == Deprel::Mark)
                    })
            }) {
                a = q + 1;
            }
            self.push_complement(a..b, Attribution::Cue(c));
            return;
        }
        // 2. An incise or inverted cue after its clause: "Les tarifs baisseront, a assuré
        //    X." The clause runs from the sentence (or the previous incise) to the comma.
        // A gerund ("…, en évoquant la défaite") is an adjunct of the clause before, whose
        // own verb reports it: it never takes that clause as its quote.
        let gerund = cue.token > 0 && ctx.is_lc(cue.token - 1, "en");
        if (cue.inverted || ss.rel(w).base() == Deprel::Parataxis) && !gerund {
            let sent = ctx.sentence_range(cue.token);
            let mut end = cue.tokens.start;
            while end > sent.start
                && matches!(ctx.kind(end - 1), Some(TokenKind::Punct))
                && !self.closes_segment(end - 1)
            {
                end -= 1;
            }
            if end < cue.tokens.start && end > sent.start {
                let mut start = sent.start;
                // A clause opened after a colon or by "Et"/"Mais" keeps its own start.
                for t in (sent.start..end).rev() {
                    if ctx.is_punct(t, ":") && segment_at(&self.segs, t).is_none() {
                        start = t + 1;
                        break;
                    }
                }
                self.push_complement(start..end, Attribution::Cue(c));
                return;
            }
            // Right after a closing mark: the segment is the quote.
            if end > 0 && self.closes_segment(end.saturating_sub(1)) {
                self.push_complement(
                    sent.start.max(self.segment_start(end - 1))..end,
                    Attribution::Cue(c),
                );
                return;
            }
        }
        // 3. A colon then a quotation: "Il a déclaré : « … »".
        let mut t = cue.tokens.end;
        while t < cue.tokens.end + 3 && ctx.is_punct(t, ":") {
            t += 1;
        }
        if t > cue.tokens.end
            && let Some(k) = segment_at(&self.segs, t)
            && self.segs[k].open == t
            && !self.used[k]
        {
            self.used[k] = true;
            self.push(FoundQuote {
                tokens: self.segs[k].inner(),
                kind: QuoteKind::Direct,
                by: Attribution::Cue(c),
            });
        }
    }

    /// True for "de/d'" + infinitive after a verb that reports with it ("a promis de
    /// publier", "a démenti avoir …"); control verbs of wish are kept as well.
    fn infinitive_complement(&self, ss: &crate::doc::SentSyntax, k: usize) -> bool {
        ss.upos(k) == Upos::Verb
            && (ss
                .kids_by(k, Deprel::Mark)
                .any(|m| matches!(ss.form(m), "de" | "d'" | "d’"))
                || self.opens_segment(ss.token(ss.bounds(k).0)))
    }

    /// Records a found quote.
    fn push(&mut self, q: FoundQuote) {
        let (a, z) = (q.tokens.start, q.tokens.end);
        let end = self.starts.entry(a).or_insert(z);
        *end = (*end).max(z);
        self.max_len = self.max_len.max(z.saturating_sub(a));
        self.by_start.insert(a, self.out.len());
        self.out.push(q);
    }

    /// True when a quote found so far overlaps `r` (only quotes starting at most the
    /// longest quote's length before `r` can).
    fn covers(&self, r: &Range<usize>) -> bool {
        if r.start >= r.end {
            return false;
        }
        self.starts
            .range(r.start.saturating_sub(self.max_len)..r.end)
            .any(|(_, &z)| r.start < z)
    }

    fn opens_segment(&self, t: usize) -> bool {
        segment_at(&self.segs, t).is_some_and(|k| self.segs[k].open == t)
    }

    fn closes_segment(&self, t: usize) -> bool {
        segment_at(&self.segs, t).is_some_and(|k| self.segs[k].close == t)
    }

    fn segment_start(&self, close: usize) -> usize {
        segment_at(&self.segs, close).map_or(close, |k| self.segs[k].open)
    }

    /// A segment no cue complement reached.
    fn lone_segment(&mut self, k: usize) {
        let doc = self.doc;
        let ctx = &doc.ctx;
        let s = self.segs[k];
        let inner = s.inner();
        // An incise right after: « … », a-t-il dit / « … » a déclaré X.
        let mut t = s.close + 1;
        while t < s.close + 1 + INCISE_GAP && ctx.is_punct(t, ",") {
            t += 1;
        }
        if let Some(c) = self.cue_starting_at(t)
            && (self.cues[c].inverted || self.cues[c].is_verb())
        {
            self.split_or_push(k, inner, Attribution::Cue(c));
            return;
        }
        // A name and a colon before: "Paul Morin : « … »".
        if s.open >= 2 && ctx.is_punct(s.open - 1, ":") && ctx.is_cap(s.open - 2) {
            self.split_or_push(k, inner, Attribution::Colon(s.open - 2));
            return;
        }
        // A cue before, then a colon: handled by `verb_complement`; an incise inside.
        if let Some((a, c, b)) = self.inner_incise(&inner) {
            self.used[k] = true;
            if !a.is_empty() {
                self.push(FoundQuote {
                    tokens: a,
                    kind: QuoteKind::Direct,
                    by: Attribution::Cue(c),
                });
            }
            if !b.is_empty() {
                self.push(FoundQuote {
                    tokens: b,
                    kind: QuoteKind::Direct,
                    by: Attribution::Cue(c),
                });
            }
            return;
        }
        // The second half of a quotation an incise splits: « A », a dit X, « B ».
        let sent = doc.sent_of(s.open);
        if let Some((&qs, &qi)) = self.by_start.range(..s.open).next_back()
            && doc.sent_of(qs) == sent
            && let Some(prev) = self.out.get(qi)
            && let Attribution::Cue(c) = prev.by
            && let Some(cue) = self.cues.get(c)
            && cue.tokens.start >= prev.tokens.end
            && cue.tokens.end <= s.open
        {
            self.split_or_push(k, inner, Attribution::Cue(c));
            return;
        }
        // A follow-up: a sentence-like segment shortly after another quote.
        let words = inner
            .clone()
            .filter(|&t| matches!(ctx.kind(t), Some(TokenKind::Word)))
            .count();
        let has_verb = inner.clone().any(|t| {
            doc.word_at(t).is_some_and(|r| {
                doc.sent(r.s as usize)
                    .is_some_and(|ss| ss.upos(r.w as usize).is_verbal())
            })
        });
        if words < MIN_FOLLOW_UP_WORDS || !has_verb {
            return;
        }
        // The last quote starting before this one; sentences follow token order.
        let recent = self
            .starts
            .range(..s.open)
            .next_back()
            .is_some_and(|(&qs, _)| sent.saturating_sub(doc.sent_of(qs)) <= FOLLOW_UP_SENTENCES);
        if recent {
            self.used[k] = true;
            self.push(FoundQuote {
                tokens: inner,
                kind: QuoteKind::Direct,
                by: Attribution::FollowUp,
            });
        }
    }

    /// Pushes the segment as a direct quote, split around an incise inside it.
    fn split_or_push(&mut self, k: usize, inner: Range<usize>, by: Attribution) {
        self.used[k] = true;
        self.push(FoundQuote {
            tokens: inner,
            kind: QuoteKind::Direct,
            by,
        });
    }

    fn cue_starting_at(&self, t: usize) -> Option<usize> {
        let k = self.cues.partition_point(|c| c.tokens.start < t);
        self.cues.get(k).filter(|c| c.tokens.start == t).map(|_| k)
    }

    /// An incise inside a quotation, between commas: « A, affirme-t-elle. B » → (A, cue, B).
    fn inner_incise(&self, inner: &Range<usize>) -> Option<(Range<usize>, usize, Range<usize>)> {
        let ctx = self.ctx();
        let lo = self.cues.partition_point(|c| c.tokens.start < inner.start);
        for (c, cue) in self.cues.iter().enumerate().skip(lo) {
            if cue.tokens.start >= inner.end {
                break;
            }
            // Inside the marks the words before the comma are the quotation, so any
            // reporting verb right after a comma is an incise.
            if !cue.is_verb() {
                continue;
            }
            let before = cue.tokens.start.checked_sub(1)?;
            if !ctx.is_punct(before, ",") {
                continue;
            }
            // The incise ends at the next comma or full stop.
            let mut e = cue.tokens.end;
            while e < inner.end && !matches!(ctx.t(e), "," | "." | ";" | "!" | "?") {
                e += 1;
            }
            return Some((inner.start..before, c, (e + 1).min(inner.end)..inner.end));
        }
        None
    }
}

/// True when `k`, a complement of the cue's verb, is a bare infinitive reporting what the
/// subject says or thinks of itself ("affirme avoir reçu des menaces", "a précisé avoir
/// agi seul", "a indiqué ne pas avoir compté"): after a verb of saying or opinion, but
/// not of wish ("veut partir", "espère gagner"), whose infinitive is what is wanted.
fn bare_infinitive_report(cue: &Cue, ss: &crate::doc::SentSyntax, k: usize) -> bool {
    let CueKind::Verb {
        lemma, category, ..
    } = cue.kind
    else {
        return false;
    };
    matches!(
        category,
        dixit_lexicon::Category::Speech | dixit_lexicon::Category::Opinion
    ) && !matches!(
        lemma,
        "vouloir" | "souhaiter" | "espérer" | "désirer" | "aimer" | "préférer"
    ) && ss.upos(k) == Upos::Verb
        && ss.kids_by(k, Deprel::Mark).next().is_none()
        && {
            let inf = |w: usize| {
                ss.word(w).and_then(|x| x.feats.verb_form()) == Some(dixit_syntax::VerbForm::Inf)
            };
            // A past infinitive carries the form on its auxiliary ("avoir reçu").
            inf(k) || ss.kids_by(k, Deprel::Aux).any(inf)
        }
}

//! Sentence splitting over tokens, aware of quotations that span several sentences.
//!
//! Text is first cut into *blocks* at hard breaks (blank lines, Markdown headings and
//! list items, line breaks after final punctuation). Quote marks are paired inside
//! each block only, so a stray mark never reaches past its paragraph. Inside a block,
//! a sentence ends after `.`/`!`/`?`/`…` (plus closing quotes and brackets) when the
//! next token can start a sentence, unless that point lies inside a paired quotation.

use std::ops::Range;

use crate::token::{QuoteMark, Token, TokenKind};

/// A sentence: byte span (first token start .. last token end) and its token index range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Start byte of the first token.
    pub start: u32,
    /// End byte of the last token.
    pub end: u32,
    /// Index range into the token slice the sentence was split from.
    pub tokens: Range<usize>,
}

/// Splits `tokens` (from `token::tokenize(text)`) into sentences.
pub fn split_sentences(text: &str, tokens: &[Token]) -> Vec<Sentence> {
    let n = tokens.len();
    let mut out = Vec::with_capacity(n / 20 + 1);
    if n == 0 {
        return out;
    }
    let breaks = hard_breaks(text, tokens);
    let (marks, pairs) = resolve_in_blocks(text, tokens, &breaks);
    let protected = protection(n, &pairs);
    let is_protected = |i: usize| protected.get(i).is_some_and(|&d| d > 0);
    let hard = |i: usize| breaks.get(i).copied().unwrap_or(false);

    let mut start = 0usize;
    let mut i = 0usize;
    while let Some(tok) = tokens.get(i) {
        if hard(i) {
            push_sentence(&mut out, text, tokens, start, i + 1);
            start = i + 1;
            i += 1;
            continue;
        }
        if !is_terminal(text, tok) || is_list_number_dot(text, tokens, start, i) {
            i += 1;
            continue;
        }
        // Absorb "?!", "...", closing quotes and brackets into the sentence end.
        let mut j = i;
        while !hard(j) {
            match tokens.get(j + 1) {
                Some(t)
                    if is_terminal(text, t)
                        || marks.get(j + 1) == Some(&Some(QuoteMark::Close))
                        || matches!(t.text(text), ")" | "]") =>
                {
                    j += 1
                }
                _ => break,
            }
        }
        if hard(j) {
            push_sentence(&mut out, text, tokens, start, j + 1);
            start = j + 1;
        } else if let (Some(last), Some(next)) = (tokens.get(j), tokens.get(j + 1))
            && !is_protected(j)
            && last.end < next.start
            && starts_sentence(text, last, next, marks.get(j + 1).copied().flatten())
        {
            push_sentence(&mut out, text, tokens, start, j + 1);
            start = j + 1;
        }
        i = j + 1;
    }
    push_sentence(&mut out, text, tokens, start, n);
    out
}

/// Direction of every quote token once ambiguous marks (`"`, `''`, `″`) are resolved by
/// context: `Some(Open)`/`Some(Close)` for quote tokens, `None` for the others.
pub fn resolve_quote_marks(text: &str, tokens: &[Token]) -> Vec<Option<QuoteMark>> {
    let breaks = hard_breaks(text, tokens);
    resolve_in_blocks(text, tokens, &breaks).0
}

/// Longest sentence kept whole, in tokens. Press sentences stay far below it (a long
/// quotation runs over several sentences, each ended by its own stop); a longer run is a
/// list, a table or hostile input with no full stop. Cutting it bounds the cost of every
/// per-sentence scan downstream, which keeps extraction linear in the input size.
pub const MAX_SENTENCE_TOKENS: usize = 320;

/// Pushes `tokens[start..end]` as one sentence, or as several when it is longer than
/// [`MAX_SENTENCE_TOKENS`]: each piece ends after the last clause punctuation of its second
/// half, else at the cap.
fn push_sentence(out: &mut Vec<Sentence>, text: &str, tokens: &[Token], start: usize, end: usize) {
    let mut s = start;
    while end.saturating_sub(s) > MAX_SENTENCE_TOKENS {
        let cap = s + MAX_SENTENCE_TOKENS;
        let cut = (s + MAX_SENTENCE_TOKENS / 2..cap)
            .rev()
            .find(|&i| {
                tokens.get(i).is_some_and(|t| {
                    t.kind == TokenKind::Punct && matches!(t.text(text), "," | ";" | ":")
                })
            })
            .map_or(cap, |i| i + 1);
        push_one(out, tokens, s, cut);
        s = cut;
    }
    push_one(out, tokens, s, end);
}

fn push_one(out: &mut Vec<Sentence>, tokens: &[Token], start: usize, end: usize) {
    if start >= end {
        return;
    }
    if let (Some(first), Some(last)) = (tokens.get(start), tokens.get(end - 1)) {
        out.push(Sentence {
            start: first.start,
            end: last.end,
            tokens: start..end,
        });
    }
}

fn is_terminal(text: &str, tok: &Token) -> bool {
    match tok.kind {
        TokenKind::Punct => {
            let t = tok.text(text);
            matches!(t, "." | "!" | "?" | "…") || t.starts_with("..")
        }
        // "etc." ends sentences far more often than it precedes a proper noun.
        TokenKind::Abbrev => tok.text(text).eq_ignore_ascii_case("etc."),
        _ => false,
    }
}

/// The dot of a "1." list marker opening the sentence.
fn is_list_number_dot(text: &str, tokens: &[Token], start: usize, i: usize) -> bool {
    i == start + 1
        && tokens.get(i).is_some_and(|d| d.text(text) == ".")
        && tokens
            .get(start)
            .zip(tokens.get(i))
            .is_some_and(|(n, d)| n.kind == TokenKind::Number && n.end == d.start)
}

const BULLETS: [char; 7] = ['•', '►', '▶', '■', '●', '▪', '◆'];

fn starts_sentence(text: &str, last: &Token, next: &Token, mark: Option<QuoteMark>) -> bool {
    let t = next.text(text);
    let Some(c) = t.chars().next() else {
        return false;
    };
    if c.is_uppercase() || c.is_ascii_digit() || BULLETS.contains(&c) {
        return true;
    }
    if mark == Some(QuoteMark::Open) {
        return true;
    }
    if matches!(c, '-' | '–' | '—') {
        let gap = text
            .get(last.end as usize..next.start as usize)
            .unwrap_or("");
        return gap.contains('\n');
    }
    false
}

/// Line feeds in a whitespace gap; U+2029 counts as a blank line, lone `\r` as a line break.
fn newlines(gap: &str) -> u32 {
    let mut n = 0u32;
    let mut cr = 0u32;
    for &b in gap.as_bytes() {
        match b {
            b'\n' => n += 1,
            b'\r' => cr += 1,
            _ => {}
        }
    }
    if !gap.is_ascii() {
        n += 2 * gap.matches('\u{2029}').count() as u32 + gap.matches('\u{2028}').count() as u32;
    }
    if n == 0 { cr } else { n }
}

/// Chars that make a line a list item or block element when they start it.
const LINE_STARTERS: [char; 16] = [
    '#', '*', '-', '+', '>', '|', '–', '—', '·', '•', '►', '▶', '■', '●', '▪', '◆',
];

fn is_heading_line(text: &str, first: &Token) -> bool {
    let rest = text.get(first.start as usize..).unwrap_or("");
    let trimmed = rest.trim_start_matches('#');
    let hashes = rest.len() - trimmed.len();
    (1..=6).contains(&hashes) && trimmed.starts_with([' ', '\t'])
}

fn starts_list_item(text: &str, tokens: &[Token], i: usize) -> bool {
    let Some(tok) = tokens.get(i) else {
        return false;
    };
    let t = tok.text(text);
    if t.starts_with(LINE_STARTERS) {
        return true;
    }
    // "1. Foo", "2) Bar".
    tok.kind == TokenKind::Number
        && tokens.get(i + 1).is_some_and(|p| {
            p.start == tok.end && matches!(p.text(text), "." | ")") && {
                let after = text.get(p.end as usize..).unwrap_or("");
                after.starts_with([' ', '\t', '\u{A0}'])
            }
        })
}

/// `breaks[i]`: a hard break separates tokens `i` and `i + 1`.
fn hard_breaks(text: &str, tokens: &[Token]) -> Vec<bool> {
    let n = tokens.len();
    let mut breaks = vec![false; n];
    let mut line_first = 0usize;
    for i in 0..n.saturating_sub(1) {
        let (Some(a), Some(b)) = (tokens.get(i), tokens.get(i + 1)) else {
            break;
        };
        // Most gaps are one plain space or nothing.
        if b.start == a.end
            || b.start == a.end + 1 && text.as_bytes().get(a.end as usize) == Some(&b' ')
        {
            continue;
        }
        let gap = text.get(a.end as usize..b.start as usize).unwrap_or("");
        let nl = newlines(gap);
        if nl == 0 {
            continue;
        }
        let brk = nl >= 2
            || starts_list_item(text, tokens, i + 1)
            || tokens
                .get(line_first)
                .is_some_and(|f| is_heading_line(text, f))
            || a.text(text)
                .chars()
                .next_back()
                .is_some_and(|c| ".!?:»\"…”›".contains(c))
            || matches!(a.kind, TokenKind::Quote(_));
        if let Some(slot) = breaks.get_mut(i) {
            *slot = brk;
        }
        line_first = i + 1;
    }
    breaks
}

fn prev_char(text: &str, at: u32) -> Option<char> {
    text.get(..at as usize)?.chars().next_back()
}

fn next_char(text: &str, at: u32) -> Option<char> {
    text.get(at as usize..)?.chars().next()
}

/// Context-only reading of an ambiguous mark; `None` when context does not decide.
fn ambiguous_by_context(text: &str, tok: &Token) -> Option<QuoteMark> {
    let prev = prev_char(text, tok.start);
    let next = next_char(text, tok.end);
    let space = |c: Option<char>| c.is_none_or(crate::token::is_space);
    let opener = (space(prev) || prev.is_some_and(|c| "([{:'’«“—–-/".contains(c))) && !space(next);
    let closer =
        !space(prev) && (space(next) || next.is_some_and(|c| ".,;:!?)]}…»”-–—".contains(c)));
    match (opener, closer) {
        (true, false) => Some(QuoteMark::Open),
        (false, true) => Some(QuoteMark::Close),
        _ => None,
    }
}

type Pairs = Vec<(usize, usize)>;

/// Resolves marks and pairs opens with closes, block by block.
fn resolve_in_blocks(
    text: &str,
    tokens: &[Token],
    breaks: &[bool],
) -> (Vec<Option<QuoteMark>>, Pairs) {
    let mut marks = vec![None; tokens.len()];
    let mut pairs = Vec::new();
    // (token index, was ambiguous)
    let mut stack: Vec<(usize, bool)> = Vec::new();
    let mut ambiguous_open = 0usize;
    for (i, tok) in tokens.iter().enumerate() {
        if let TokenKind::Quote(m) = tok.kind {
            let resolved = match m {
                QuoteMark::Ambiguous => {
                    ambiguous_by_context(text, tok).unwrap_or(if ambiguous_open > 0 {
                        QuoteMark::Close
                    } else {
                        QuoteMark::Open
                    })
                }
                other => other,
            };
            let ambiguous = m == QuoteMark::Ambiguous;
            if let Some(slot) = marks.get_mut(i) {
                *slot = Some(resolved);
            }
            if resolved == QuoteMark::Open {
                stack.push((i, ambiguous));
                ambiguous_open += usize::from(ambiguous);
            } else if let Some((o, was_amb)) = stack.pop() {
                ambiguous_open -= usize::from(was_amb);
                pairs.push((o, i));
            }
        }
        if breaks.get(i).copied().unwrap_or(false) {
            stack.clear();
            ambiguous_open = 0;
        }
    }
    (marks, pairs)
}

/// `d[i]`: how many paired quotations enclose the boundary after token `i`.
fn protection(n: usize, pairs: &[(usize, usize)]) -> Vec<u32> {
    let mut diff = vec![0i64; n + 1];
    for &(o, c) in pairs {
        if let Some(d) = diff.get_mut(o) {
            *d += 1;
        }
        if let Some(d) = diff.get_mut(c) {
            *d -= 1;
        }
    }
    let mut acc = 0i64;
    diff.iter()
        .take(n)
        .map(|d| {
            acc += d;
            u32::try_from(acc).unwrap_or(0)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;

    fn sents(s: &str) -> Vec<&str> {
        let toks = tokenize(s);
        split_sentences(s, &toks)
            .iter()
            .map(|x| &s[x.start as usize..x.end as usize])
            .collect()
    }

    #[test]
    fn basic_split() {
        assert_eq!(
            sents("Il pleut. Il vente ! Viendra-t-il ? Oui… 2017 sera dure."),
            vec![
                "Il pleut.",
                "Il vente !",
                "Viendra-t-il ?",
                "Oui…",
                "2017 sera dure."
            ]
        );
        assert_eq!(
            sents("Bon... on verra. Fin"),
            vec!["Bon... on verra.", "Fin"]
        );
    }

    #[test]
    fn no_split_after_abbrev_or_initial() {
        assert_eq!(
            sents("M. Fillon est venu. Mme Dupont aussi. J. Dupont et MM. Durand, Dr. House."),
            vec![
                "M. Fillon est venu.",
                "Mme Dupont aussi.",
                "J. Dupont et MM. Durand, Dr. House."
            ]
        );
        assert_eq!(
            sents("des pommes, etc. Ensuite"),
            vec!["des pommes, etc.", "Ensuite"]
        );
    }

    #[test]
    fn quoted_multi_sentence_stays_whole() {
        let s = "\"Il n'y a pas d'unité. Benoît Hamon s'est isolé\", a-t-il encore estimé. Puis il part.";
        assert_eq!(
            sents(s),
            vec![
                "\"Il n'y a pas d'unité. Benoît Hamon s'est isolé\", a-t-il encore estimé.",
                "Puis il part."
            ]
        );
        assert_eq!(
            sents("« Je pars. Je reviendrai », a-t-il dit. Fin."),
            vec!["« Je pars. Je reviendrai », a-t-il dit.", "Fin."]
        );
        assert_eq!(
            sents("Il a dit : « Je pars. » Puis il est parti."),
            vec!["Il a dit : « Je pars. »", "Puis il est parti."]
        );
        assert_eq!(
            sents("Il est parti. \"Je reviens\", dit-il."),
            vec!["Il est parti.", "\"Je reviens\", dit-il."]
        );
    }

    #[test]
    fn every_quote_style_protects() {
        for (o, c) in [
            ("“", "”"),
            ("‹", "›"),
            ("''", "''"),
            ("«\u{A0}", "\u{A0}»"),
            ("«\u{202F}", "\u{202F}»"),
            ("«", "»"),
            ("\"", "\""),
        ] {
            let s = format!("{o}Je pars. Je reviens{c}, dit-elle. Fin.");
            let got = sents(&s);
            assert_eq!(got.len(), 2, "{s:?} -> {got:?}");
            assert!(got[0].ends_with("dit-elle."));
        }
        assert_eq!(
            sents("Il a dit «\u{A0}Je pars.\u{A0}» Puis il est parti."),
            vec!["Il a dit «\u{A0}Je pars.\u{A0}»", "Puis il est parti."]
        );
        // A stray closing mark (inches) does not pair with anything.
        assert_eq!(
            sents("Il mesure 6\" et part. Puis il revient."),
            vec!["Il mesure 6\" et part.", "Puis il revient."]
        );
    }

    #[test]
    fn stray_mark_does_not_swallow() {
        let s = "Il a dit « oui. Non. Peut-être.\n\nAutre paragraphe. Encore une phrase.";
        assert_eq!(
            sents(s),
            vec![
                "Il a dit « oui.",
                "Non.",
                "Peut-être.",
                "Autre paragraphe.",
                "Encore une phrase."
            ]
        );
        // An opening mark closed only in the next paragraph pairs with nothing.
        let s = "« Un. Deux.\n\nTrois. » Quatre.";
        assert_eq!(sents(s), vec!["« Un.", "Deux.", "Trois. »", "Quatre."]);
    }

    #[test]
    fn line_breaks() {
        assert_eq!(
            sents("## Titre sans point\nPremier paragraphe. Suite"),
            vec!["## Titre sans point", "Premier paragraphe.", "Suite"]
        );
        assert_eq!(
            sents(
                "une ligne coupée\nen deux. Fin\n\nTitre\n\n• Premier point\n• Second point\n- tiret"
            ),
            vec![
                "une ligne coupée\nen deux.",
                "Fin",
                "Titre",
                "• Premier point",
                "• Second point",
                "- tiret"
            ]
        );
        assert_eq!(sents("Il dit :\nbonjour"), vec!["Il dit :", "bonjour"]);
        assert_eq!(sents("1. Un\n2. Deux"), vec!["1. Un", "2. Deux"]);
    }

    #[test]
    fn resolve_ambiguous() {
        let s = "Il dit \"oui\" et \"non\". \" libre \" (\"x\") ''y''";
        let toks = tokenize(s);
        let marks: Vec<QuoteMark> = resolve_quote_marks(s, &toks)
            .into_iter()
            .flatten()
            .collect();
        use QuoteMark::*;
        assert_eq!(
            marks,
            vec![
                Open, Close, Open, Close, Open, Close, Open, Close, Open, Close
            ]
        );
        assert!(
            resolve_quote_marks(s, &toks)
                .iter()
                .zip(&toks)
                .all(|(m, t)| m.is_some() == matches!(t.kind, TokenKind::Quote(_)))
        );
    }

    #[test]
    fn empty_and_spaces() {
        assert!(split_sentences("", &[]).is_empty());
        assert!(sents("  \n\n ").is_empty());
    }
}

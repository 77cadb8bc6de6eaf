//! Text helpers for pages: match highlighting with the index's own normalisation,
//! snippets, and URLs safe to put in a link.

use dixit_store::Query;
use dixit_store::normalize::{index_text, query_terms};

/// What a search lights up in a text: index terms (folded, stemmed) and prefixes of
/// index terms, the way the full-text index matches them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Terms {
    words: Vec<String>,
    prefixes: Vec<String>,
}

impl Terms {
    /// The words and prefixes a query in the store's language looks for (excluded
    /// ones are not shown as matches); nothing when the query does not parse.
    pub fn of_query(query: &str) -> Terms {
        let mut t = Terms::default();
        if let Ok(q) = Query::parse(query) {
            for w in q.scored_atoms().flat_map(|a| &a.words) {
                let list = if w.prefix {
                    &mut t.prefixes
                } else {
                    &mut t.words
                };
                if !list.contains(&w.text) {
                    list.push(w.text.clone());
                }
            }
        }
        t
    }

    /// Plain words (a person's names, say) as the index holds them.
    pub fn of_words(text: &str) -> Terms {
        Terms {
            words: query_terms(text),
            prefixes: Vec::new(),
        }
    }

    /// Adds the terms of `other`.
    pub fn extend(&mut self, other: Terms) {
        for w in other.words {
            if !self.words.contains(&w) {
                self.words.push(w);
            }
        }
        for p in other.prefixes {
            if !self.prefixes.contains(&p) {
                self.prefixes.push(p);
            }
        }
    }

    /// Whether nothing would be highlighted.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.prefixes.is_empty()
    }

    /// Whether the index term `term` matches.
    fn matches(&self, term: &str) -> bool {
        self.words.iter().any(|w| w == term)
            || self.prefixes.iter().any(|p| term.starts_with(p.as_str()))
    }
}

/// `text` cut into pieces, each flagged when it is a word matching one of `terms`
/// the way the full-text index matches it (so "réformes" lights up for "reforme").
pub fn highlight<'a>(text: &'a str, terms: &Terms) -> Vec<(&'a str, bool)> {
    let mut out: Vec<(&'a str, bool)> = Vec::new();
    if terms.is_empty() {
        if !text.is_empty() {
            out.push((text, false));
        }
        return out;
    }
    let mut plain_from = 0;
    let mut word_from: Option<usize> = None;
    let flush_word =
        |from: usize, to: usize, plain_from: &mut usize, out: &mut Vec<(&'a str, bool)>| {
            let (Some(word), Some(before)) = (text.get(from..to), text.get(*plain_from..from))
            else {
                return;
            };
            let stem = index_text(word);
            if !stem.is_empty() && terms.matches(&stem) {
                if !before.is_empty() {
                    out.push((before, false));
                }
                out.push((word, true));
                *plain_from = to;
            }
        };
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            word_from.get_or_insert(i);
        } else if let Some(from) = word_from.take() {
            flush_word(from, i, &mut plain_from, &mut out);
        }
    }
    if let Some(from) = word_from {
        flush_word(from, text.len(), &mut plain_from, &mut out);
    }
    if let Some(rest) = text.get(plain_from..).filter(|r| !r.is_empty()) {
        out.push((rest, false));
    }
    out
}

/// About `max_chars` characters of `text` around its first match of `terms` (the
/// start when nothing matches), with `…` where it was cut.
pub fn snippet(text: &str, terms: &Terms, max_chars: usize) -> String {
    let first = highlight(text, terms)
        .iter()
        .scan(0usize, |at, (piece, hit)| {
            let start = *at;
            *at += piece.len();
            Some((start, *hit))
        })
        .find(|(_, hit)| *hit)
        .map(|(start, _)| start)
        .unwrap_or(0);
    let chars_before = text.get(..first).map_or(0, |s| s.chars().count());
    let skip = chars_before.saturating_sub(max_chars / 3);
    let body: String = text
        .chars()
        .skip(skip)
        .take(max_chars)
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let cut_end = text.chars().count() > skip + max_chars;
    format!(
        "{}{}{}",
        if skip > 0 { "…" } else { "" },
        body.trim(),
        if cut_end { "…" } else { "" }
    )
}

/// `url` when it is an absolute `http(s)` URL, the only kind a page may link to:
/// article metadata is untrusted and could carry `javascript:` or `data:` URLs.
pub fn safe_url(url: &str) -> Option<&str> {
    let u = url.trim();
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    let ok = (lower.starts_with("http://") || lower.starts_with("https://"))
        && !u.chars().any(|c| c.is_control() || c.is_whitespace());
    ok.then_some(u)
}

/// The first `n` characters of `s`, with `…` when cut.
pub fn ellipsize(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let mut out: String = s.chars().take(n).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(text: &str, q: &str) -> String {
        highlight(text, &Terms::of_query(q))
            .iter()
            .map(|(p, hit)| {
                if *hit {
                    format!("[{p}]")
                } else {
                    p.to_string()
                }
            })
            .collect()
    }

    #[test]
    fn highlights_inflections_and_accents_like_the_index() {
        assert_eq!(
            marked(
                "Benoît Hamon est dans une impasse stratégique.",
                "impasse strategique"
            ),
            "Benoît Hamon est dans une [impasse] [stratégique]."
        );
        assert_eq!(
            marked("Les réformes, la RÉFORME", "reforme"),
            "Les [réformes], la [RÉFORME]"
        );
        assert_eq!(marked("rien", ""), "rien");
        assert_eq!(marked("", "x"), "");
        assert_eq!(marked("fin impasse", "impasse"), "fin [impasse]");
    }

    #[test]
    fn highlights_follow_the_query_language() {
        let t = "Le Premier ministre réformera les retraites, or le chômage attendra.";
        assert_eq!(
            marked(t, "\"premier ministre\" -chômage"),
            "Le [Premier] [ministre] réformera les retraites, or le chômage attendra.",
            "phrase words lit, excluded words not"
        );
        assert_eq!(
            marked(t, "retraites OR chômage"),
            "Le Premier ministre réformera les [retraites], or le [chômage] attendra.",
            "both sides of OR lit, the operator itself is no word"
        );
        assert_eq!(
            marked("La réforme, les réformateurs, le référendum", "réform*"),
            "La [réforme], les [réformateurs], le référendum",
            "a prefix lights up every word it matches"
        );
        assert_eq!(marked(t, "les"), t, "a rejected query lights nothing");
        let mut names = Terms::of_words("Jean-Marie Le Guen");
        names.extend(Terms::of_words("Le Guen"));
        assert_eq!(
            highlight("M. Le Guen", &names)
                .iter()
                .filter(|p| p.1)
                .map(|p| p.0)
                .collect::<Vec<_>>(),
            ["Guen"]
        );
    }

    #[test]
    fn highlight_pieces_rebuild_the_text() {
        let t = "« Il n'y a pas d'unité », a-t-il dit. Unité !";
        let pieces = highlight(t, &Terms::of_query("unité"));
        assert_eq!(pieces.iter().map(|p| p.0).collect::<String>(), t);
        assert_eq!(pieces.iter().filter(|p| p.1).count(), 2);
    }

    #[test]
    fn snippets_center_on_the_match() {
        let text = format!("{} impasse {}", "a ".repeat(300), "b ".repeat(300));
        let s = snippet(&text, &Terms::of_query("impasse"), 60);
        assert!(
            s.starts_with('…') && s.ends_with('…') && s.contains("impasse"),
            "{s}"
        );
        assert_eq!(snippet("court", &Terms::of_query("x"), 60), "court");
    }

    #[test]
    fn only_web_urls_are_linked() {
        assert_eq!(
            safe_url("https://ex.org/a?b=c"),
            Some("https://ex.org/a?b=c")
        );
        assert_eq!(safe_url(" HTTP://ex.org "), Some("HTTP://ex.org"));
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,x",
            "//ex.org",
            "https://a b",
            "http://x\u{0}",
        ] {
            assert_eq!(safe_url(bad), None, "{bad}");
        }
    }
}

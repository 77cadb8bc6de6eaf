//! Search over the store, through today's `Store::search`/`search_articles`.
//!
//! This thin adapter is the one place that knows how the store searches: it asks for
//! a bounded window of hits, applies the filters the store does not have yet (party,
//! quote kind) and cuts the requested page. When the store gains total counts and
//! offsets, only this file changes.

use crate::ServerError;
use crate::params::{MAX_API_LIMIT, Params};
use dixit_store::SearchQuery;
use dixit_store::browse::{ArticleSummary, QuoteView, ReadStore};
use serde::Serialize;
use utoipa::ToSchema;

/// Most quote hits looked at for one search: counts above it are shown as "1000+".
pub const QUOTE_WINDOW: usize = 1000;
/// Most story hits looked at for one search.
pub const ARTICLE_WINDOW: usize = 200;
/// Quote kinds a filter may name.
pub const KINDS: [&str; 3] = ["direct", "indirect", "mixed"];

/// A quote or story search, as pages and the API take it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Search {
    /// Free text (French stemming and accent folding).
    pub text: Option<String>,
    /// Part of the speaker's name.
    pub speaker: Option<String>,
    /// Part of an outlet name.
    pub outlet: Option<String>,
    /// Party of the speaking person (exact, case-insensitive).
    pub party: Option<String>,
    /// Earliest date (inclusive).
    pub from: Option<String>,
    /// Latest date (inclusive).
    pub to: Option<String>,
    /// `direct`, `indirect` or `mixed`.
    pub kind: Option<&'static str>,
    /// Hits to skip.
    pub offset: usize,
    /// Hits wanted.
    pub limit: usize,
}

impl Search {
    /// Reads a search from request parameters (`page` 1-based with `per_page` hits,
    /// or `offset`/`limit` for the API).
    pub fn from_params(p: &Params, per_page: usize) -> Search {
        let limit = p.number("limit", per_page, 1, MAX_API_LIMIT);
        let offset = if p.text("offset").is_some() {
            p.number("offset", 0, 0, QUOTE_WINDOW)
        } else {
            (p.page("page") - 1) * limit
        };
        Search {
            text: p.text("q"),
            speaker: p.text("speaker"),
            outlet: p.text("outlet"),
            party: p.text("party"),
            from: p.date("from"),
            to: p.date("to"),
            kind: p.choice("kind", &KINDS),
            offset,
            limit,
        }
    }

    /// Whether nothing at all is asked.
    pub fn is_empty(&self) -> bool {
        self.text.is_none()
            && self.speaker.is_none()
            && self.outlet.is_none()
            && self.party.is_none()
            && self.from.is_none()
            && self.to.is_none()
            && self.kind.is_none()
    }

    fn store_query(&self, limit: usize) -> SearchQuery {
        SearchQuery {
            text: self.text.clone().unwrap_or_default(),
            speaker: self.speaker.clone(),
            outlet: self.outlet.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            limit,
            ..SearchQuery::default()
        }
    }
}

/// One page of quote hits.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct QuoteResults {
    /// Hits in all, or the size of the window looked at when `exact` is false.
    pub total: u64,
    /// Whether `total` is the exact count (else there are more).
    pub exact: bool,
    /// Offset of the first item.
    pub offset: u64,
    /// The hits of this page, best first.
    pub items: Vec<QuoteView>,
}

/// One story hit with a snippet of its text.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ArticleHit {
    /// The story.
    #[serde(flatten)]
    pub article: ArticleSummary,
    /// Appearances (inputs) of the story.
    pub appearances: u64,
    /// Text around the first match (plain text, untrusted).
    pub snippet: String,
}

/// One page of story hits.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct ArticleResults {
    /// Hits in all, or the size of the window looked at when `exact` is false.
    pub total: u64,
    /// Whether `total` is the exact count.
    pub exact: bool,
    /// Offset of the first item.
    pub offset: u64,
    /// The hits of this page, best first.
    pub items: Vec<ArticleHit>,
}

/// Quotes matching `s`.
pub fn quotes(store: &mut dyn ReadStore, s: &Search) -> Result<QuoteResults, ServerError> {
    if s.is_empty() {
        return Ok(QuoteResults {
            exact: true,
            ..QuoteResults::default()
        });
    }
    let rows = store.search(&s.store_query(QUOTE_WINDOW + 1))?;
    let mut hits: Vec<QuoteView> = rows.into_iter().map(QuoteView::from).collect();
    if let Some(kind) = s.kind {
        hits.retain(|q| q.kind == kind);
    }
    if let Some(party) = &s.party {
        let ids: Vec<&str> = {
            let mut v: Vec<&str> = hits.iter().filter_map(|q| q.person_id.as_deref()).collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let parties = store.parties_of(&ids)?;
        let want = party.to_lowercase();
        hits.retain(|q| {
            q.person_id
                .as_ref()
                .and_then(|id| parties.get(id))
                .is_some_and(|p| p.to_lowercase() == want)
        });
    }
    let exact = hits.len() <= QUOTE_WINDOW;
    hits.truncate(QUOTE_WINDOW);
    let total = hits.len() as u64;
    let items: Vec<QuoteView> = hits.into_iter().skip(s.offset).take(s.limit).collect();
    Ok(QuoteResults {
        total,
        exact,
        offset: s.offset as u64,
        items,
    })
}

/// Stories whose text matches `s` (free text needed; speaker, party and kind do not apply).
pub fn articles(store: &mut dyn ReadStore, s: &Search) -> Result<ArticleResults, ServerError> {
    let Some(text) = &s.text else {
        return Ok(ArticleResults {
            exact: true,
            ..ArticleResults::default()
        });
    };
    let rows = store.search_articles(&s.store_query(ARTICLE_WINDOW + 1))?;
    let exact = rows.len() <= ARTICLE_WINDOW;
    let total = rows.len().min(ARTICLE_WINDOW) as u64;
    let page: Vec<_> = rows
        .into_iter()
        .take(ARTICLE_WINDOW)
        .skip(s.offset)
        .take(s.limit)
        .collect();
    let ids: Vec<&str> = page.iter().map(|a| a.id.as_str()).collect();
    let texts = store.article_texts(&ids)?;
    let terms = crate::text::terms(text);
    let items = page
        .iter()
        .map(|a| ArticleHit {
            snippet: texts
                .get(&a.id)
                .map(|t| crate::text::snippet(t, &terms, 260))
                .unwrap_or_default(),
            appearances: a.appearances.len() as u64,
            article: ArticleSummary {
                id: a.id.clone(),
                title: a.title.clone(),
                outlet_id: a.outlet.as_deref().map(dixit_store::normalize::fold),
                outlet: a.outlet.clone(),
                date: a.date.clone(),
                url: a.url.clone(),
                quotes: a.quotes,
            },
        })
        .collect();
    Ok(ArticleResults {
        total,
        exact,
        offset: s.offset as u64,
        items,
    })
}

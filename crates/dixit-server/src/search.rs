//! Quote and story search for pages and the API, done by the store: its query language
//! (words, `"phrases"`, `OR`, `-exclusions`, `prefix*`), its filters, its BM25 ranking,
//! exact totals and offsets ([`dixit_store::Store::search_page`]).
//!
//! Parameters are passed on as the user wrote them (trimmed and bounded by
//! [`Params`]); the store checks them, and what it rejects comes back as
//! [`ServerError::Query`]: a message on the page, a 400 in the API.

use crate::ServerError;
use crate::params::{MAX_API_LIMIT, Params};
use crate::text::Terms;
use dixit_store::browse::{ArticleSummary, MAX_OFFSET, QuoteView, ReadStore};
use dixit_store::normalize::MAX_WORD_BYTES;
use dixit_store::{QueryError, SearchQuery};
use serde::Serialize;
use utoipa::ToSchema;

/// Quote kinds a filter may name.
pub const KINDS: [&str; 3] = ["direct", "indirect", "mixed"];

/// A quote or story search, as pages and the API take it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Search {
    /// Query text in the store's query language.
    pub text: Option<String>,
    /// Part of the speaker's name.
    pub speaker: Option<String>,
    /// Part of an outlet name.
    pub outlet: Option<String>,
    /// Part of the speaking person's party.
    pub party: Option<String>,
    /// Earliest date (inclusive), `YYYY[-MM[-DD]]`.
    pub from: Option<String>,
    /// Latest date (inclusive), `YYYY[-MM[-DD]]`.
    pub to: Option<String>,
    /// `direct`, `indirect` or `mixed`.
    pub kind: Option<String>,
    /// Hits to skip.
    pub offset: usize,
    /// Hits wanted.
    pub limit: usize,
}

impl Search {
    /// Reads a search from request parameters (`page` 1-based with `per_page` hits,
    /// or `offset`/`limit` for the API). Values are not checked here: the store does.
    pub fn from_params(p: &Params, per_page: usize) -> Search {
        let limit = p.number("limit", per_page, 1, MAX_API_LIMIT);
        let offset = if p.text("offset").is_some() {
            p.number("offset", 0, 0, MAX_OFFSET)
        } else {
            (p.page("page") - 1) * limit
        };
        Search {
            text: p.text("q"),
            speaker: p.text("speaker"),
            outlet: p.text("outlet"),
            party: p.text("party"),
            from: p.text("from"),
            to: p.text("to"),
            kind: p.text("kind"),
            offset,
            limit,
        }
    }

    /// Whether nothing at all is asked.
    pub fn is_empty(&self) -> bool {
        self.text.is_none() && !self.has_filters()
    }

    /// Whether any filter besides the text is set.
    pub fn has_filters(&self) -> bool {
        self.speaker.is_some()
            || self.outlet.is_some()
            || self.party.is_some()
            || self.from.is_some()
            || self.to.is_some()
            || self.kind.is_some()
    }

    /// The same search without the filters that only apply to quotes (speaker, party,
    /// kind), for links from a quote search to the story search.
    pub fn for_articles(&self) -> Search {
        Search {
            speaker: None,
            party: None,
            kind: None,
            ..self.clone()
        }
    }

    /// What to highlight in hits.
    pub fn terms(&self) -> Terms {
        self.text
            .as_deref()
            .map(Terms::of_query)
            .unwrap_or_default()
    }

    fn store_query(&self) -> SearchQuery {
        SearchQuery {
            text: self.text.clone().unwrap_or_default(),
            speaker: self.speaker.clone(),
            outlet: self.outlet.clone(),
            party: self.party.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            kind: self.kind.clone(),
            limit: self.limit,
            offset: self.offset as u64,
        }
    }
}

/// One page of quote hits.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct QuoteResults {
    /// Hits in all, over every page.
    pub total: u64,
    /// Offset of the first item.
    pub offset: u64,
    /// The hits of this page, best first (BM25, then newest, then id).
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
    /// Hits in all, over every page.
    pub total: u64,
    /// Offset of the first item.
    pub offset: u64,
    /// The hits of this page, best first (BM25, then newest, then id).
    pub items: Vec<ArticleHit>,
}

/// Quotes matching `s`; nothing when nothing is asked.
pub fn quotes(store: &mut dyn ReadStore, s: &Search) -> Result<QuoteResults, ServerError> {
    if s.is_empty() {
        return Ok(QuoteResults::default());
    }
    let page = store.search_page(&s.store_query())?;
    Ok(QuoteResults {
        total: page.total,
        offset: page.offset,
        items: page
            .hits
            .into_iter()
            .map(|h| QuoteView::from(h.row))
            .collect(),
    })
}

/// Stories matching `s` (text, outlet, dates; a quote filter is a [`QueryError`]);
/// nothing when nothing is asked.
pub fn articles(store: &mut dyn ReadStore, s: &Search) -> Result<ArticleResults, ServerError> {
    if s.is_empty() {
        return Ok(ArticleResults::default());
    }
    let page = store.search_articles_page(&s.store_query())?;
    let ids: Vec<&str> = page.hits.iter().map(|h| h.row.id.as_str()).collect();
    let texts = store.article_texts(&ids)?;
    let terms = s.terms();
    let items = page
        .hits
        .iter()
        .map(|h| {
            let a = &h.row;
            ArticleHit {
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
            }
        })
        .collect();
    Ok(ArticleResults {
        total: page.total,
        offset: page.offset,
        items,
    })
}

/// What a visitor reads when the store rejects a search: the store's messages name
/// command-line options, pages and the API speak French and name form fields.
pub fn explain(e: &QueryError) -> String {
    use dixit_store::query::{MAX_ATOMS, MAX_QUERY_BYTES, MIN_PREFIX_CHARS};
    let field = |param: &str| match param {
        "from" => "« depuis » (from)",
        "to" => "« jusqu'au » (to)",
        "speaker" => "« orateur » (speaker)",
        "party" => "« parti » (party)",
        "kind" => "« type de citation » (kind)",
        _ => "de recherche",
    };
    match e {
        QueryError::NoTerms { query } => format!(
            "La recherche « {query} » ne contient aucun mot à chercher : les mots courants \
             (« les », « de »…), la ponctuation et les opérateurs seuls sont ignorés."
        ),
        QueryError::OnlyExclusions { query } => format!(
            "La recherche « {query} » ne fait qu'exclure des mots : ajoutez un mot à chercher."
        ),
        QueryError::DanglingOr { query } => format!(
            "OR doit relier deux mots ou expressions, un de chaque côté (dans « {query} »)."
        ),
        QueryError::ExcludedInOr { query, .. } => {
            format!("Un mot exclu (-mot) ne peut pas être l'un des côtés de OR (dans « {query} »).")
        }
        QueryError::PrefixTooShort { prefix } => format!(
            "Le préfixe « {prefix} » est trop court : mettez au moins {MIN_PREFIX_CHARS} lettres avant *."
        ),
        QueryError::TooLong { len } => format!(
            "La recherche fait {len} octets ; elle peut en faire {MAX_QUERY_BYTES} au plus."
        ),
        QueryError::TooManyTerms { count } => format!(
            "La recherche compte {count} mots ou expressions ; elle peut en compter {MAX_ATOMS} au plus."
        ),
        QueryError::WordTooLong { word } => format!(
            "Le mot « {word}… » est trop long : aucun mot indexé ne dépasse {MAX_WORD_BYTES} octets."
        ),
        QueryError::BadDate { param, value } => format!(
            "Le champ {} contient « {value} », qui n'est pas une date : écrivez AAAA, AAAA-MM ou \
             AAAA-MM-JJ (par exemple 2017, 2017-07 ou 2017-07-14).",
            field(param)
        ),
        QueryError::EmptyDateRange { from, to } => {
            format!("La date de début ({from}) est après la date de fin ({to}).")
        }
        QueryError::BadKind { value } => {
            format!("« {value} » n'est pas un type de citation : direct, indirect ou mixed.")
        }
        QueryError::NotForArticles { filter } => format!(
            "Le filtre {} ne porte que sur les citations : il ne s'applique pas à une recherche \
             d'articles.",
            field(filter)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_reach_the_store_unchecked_but_bounded() {
        let p = Params::parse(Some(
            "q=%22premier+ministre%22+-football&from=07%2F2017&kind=DIRECT&offset=99999999&limit=500",
        ));
        let s = Search::from_params(&p, 20);
        assert_eq!(s.text.as_deref(), Some("\"premier ministre\" -football"));
        assert_eq!(s.from.as_deref(), Some("07/2017"), "the store rejects it");
        assert_eq!(s.kind.as_deref(), Some("DIRECT"));
        assert_eq!((s.offset, s.limit), (MAX_OFFSET, MAX_API_LIMIT));
        let page3 = Search::from_params(&Params::parse(Some("q=x&page=3")), 20);
        assert_eq!((page3.offset, page3.limit), (40, 20));
    }

    #[test]
    fn article_links_drop_quote_filters() {
        let s = Search::from_params(
            &Params::parse(Some("q=x&speaker=a&party=b&kind=direct&outlet=c&from=2017")),
            20,
        );
        let a = s.for_articles();
        assert_eq!((a.speaker, a.party, a.kind), (None, None, None));
        assert_eq!(
            (a.outlet.as_deref(), a.from.as_deref()),
            (Some("c"), Some("2017"))
        );
        assert!(Search::default().is_empty());
    }

    #[test]
    fn every_rejection_has_a_french_message_naming_what_is_wrong() {
        let parse = |q: &str| dixit_store::Query::parse(q).expect_err("rejected");
        let cases = [
            (parse("les"), "« les »"),
            (parse("-football"), "ajoutez un mot"),
            (parse("retraites OR"), "OR doit relier"),
            (parse("a -b OR c"), "mot exclu"),
            (parse("r*"), "« r* »"),
            (
                dixit_store::query::parse_date("from", "07/2017").expect_err("bad"),
                "« depuis » (from) contient « 07/2017 »",
            ),
            (
                dixit_store::query::check_date_range(Some("2018"), Some("2017"))
                    .expect_err("empty"),
                "(2018) est après la date de fin (2017)",
            ),
            (
                dixit_store::query::parse_kind("x").expect_err("bad"),
                "« x » n'est pas un type",
            ),
            (
                QueryError::NotForArticles { filter: "speaker" },
                "« orateur » (speaker)",
            ),
        ];
        for (e, want) in cases {
            let msg = explain(&e);
            assert!(msg.contains(want), "{e:?}: {msg}");
            assert!(!msg.contains("--"), "no command-line option in {msg}");
        }
    }
}

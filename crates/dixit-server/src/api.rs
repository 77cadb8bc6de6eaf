//! The JSON API under `/api/`, mirroring the pages; every list also comes as CSV or
//! JSONL (`format=csv|jsonl`). The OpenAPI document is generated from these handlers.

use crate::params::{MAX_API_LIMIT, PAGE_SIZE, Params};
use crate::search::{self, ArticleHit, ArticleResults, QuoteResults, Search};
use crate::{ServerError, State};
use axum::Json;
use axum::Router;
use axum::extract::{Path, RawQuery};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use dixit_store::browse::{
    AppearanceView, ArticlePage, ArticleSummary, ArticleView, EntitySpan, EntityView, GraphLink,
    GraphPerson, OutletView, Overview, PartyShare, PersonGraph, PersonRelation, PersonSummary,
    PersonView, QuotePage, QuoteView, Ranked, WeekCount,
};
use serde::Serialize;
use utoipa::OpenApi;

/// The API routes.
pub(crate) fn routes() -> Router<State> {
    Router::new()
        .route("/api/openapi.json", get(openapi))
        .route("/api/overview", get(overview))
        .route("/api/quotes", get(quotes))
        .route("/api/search/articles", get(search_articles))
        .route("/api/persons", get(find_persons))
        .route("/api/persons/{id}", get(person))
        .route("/api/persons/{id}/quotes", get(person_quotes))
        .route("/api/persons/{id}/quotes-about", get(quotes_about))
        .route("/api/outlets/{id}", get(outlet))
        .route("/api/outlets/{id}/articles", get(outlet_articles))
        .route("/api/articles/{id}", get(article))
        .route("/api/graph", get(graph))
}

/// The OpenAPI description of the API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "dixit API",
        description = "Who said what, about whom, through which outlet, and when — from French news. \
                       Every list takes `format=json|csv|jsonl`; texts are untrusted article content."
    ),
    paths(
        overview,
        quotes,
        search_articles,
        find_persons,
        person,
        person_quotes,
        quotes_about,
        outlet,
        outlet_articles,
        article,
        graph
    ),
    components(schemas(
        QuoteView,
        QuotePage,
        QuoteResults,
        ArticleSummary,
        ArticlePage,
        ArticleHit,
        ArticleResults,
        Ranked,
        WeekCount,
        PersonRelation,
        PersonView,
        PersonSummary,
        PartyShare,
        OutletView,
        EntityView,
        EntitySpan,
        AppearanceView,
        ArticleView,
        Overview,
        GraphPerson,
        GraphLink,
        PersonGraph,
        ApiError
    ))
)]
pub struct ApiDoc;

/// An API error.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ApiError {
    /// What went wrong, for people.
    pub error: String,
}

struct Failure(ServerError);

impl From<ServerError> for Failure {
    fn from(e: ServerError) -> Failure {
        Failure(e)
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let status = self.0.status();
        if status.is_server_error() {
            eprintln!("dixit serve: {}", self.0);
        }
        (
            status,
            Json(ApiError {
                error: self.0.public_message(),
            }),
        )
            .into_response()
    }
}

type ApiResult = Result<Response, Failure>;

/// Output format of a list.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Csv,
    Jsonl,
}

fn format(p: &Params) -> Format {
    match p.choice("format", &["json", "csv", "jsonl"]) {
        Some("csv") => Format::Csv,
        Some("jsonl") => Format::Jsonl,
        _ => Format::Json,
    }
}

/// One CSV field, quoted when needed (RFC 4180); a leading formula character is
/// neutralised so that a spreadsheet never runs article text as a formula.
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '@', '\t', '\r'])
        || (s.starts_with('-') && !s.starts_with("- "))
    {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn cell(v: Option<&serde_json::Value>) -> String {
    match v {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// A list as JSON (the whole `body`), CSV (`items` with `cols`) or JSONL (`items`).
fn list<B: Serialize, T: Serialize>(
    fmt: Format,
    name: &str,
    body: &B,
    items: &[T],
    cols: &[&str],
) -> Response {
    match fmt {
        Format::Json => Json(body).into_response(),
        Format::Jsonl => {
            let mut out = String::new();
            for it in items {
                if let Ok(line) = serde_json::to_string(it) {
                    out.push_str(&line);
                    out.push('\n');
                }
            }
            download(
                "application/x-ndjson; charset=utf-8",
                &format!("{name}.jsonl"),
                out,
            )
        }
        Format::Csv => {
            let mut out = cols.join(",");
            out.push_str("\r\n");
            for it in items {
                let v = serde_json::to_value(it).unwrap_or_default();
                let row: Vec<String> = cols.iter().map(|c| csv_field(&cell(v.get(*c)))).collect();
                out.push_str(&row.join(","));
                out.push_str("\r\n");
            }
            download("text/csv; charset=utf-8", &format!("{name}.csv"), out)
        }
    }
}

fn download(content_type: &'static str, filename: &str, body: String) -> Response {
    let disposition = format!("attachment; filename=\"{filename}\"");
    let mut resp = ([(header::CONTENT_TYPE, content_type)], body).into_response();
    if let Ok(v) = header::HeaderValue::from_str(&disposition) {
        resp.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    resp
}

const QUOTE_COLS: &[&str] = &[
    "id",
    "article_id",
    "text",
    "kind",
    "speaker",
    "speaker_kind",
    "person_id",
    "cue",
    "channel",
    "title",
    "outlet",
    "outlet_id",
    "date",
    "url",
    "start",
    "end",
];
const ARTICLE_COLS: &[&str] = &[
    "id",
    "title",
    "outlet",
    "outlet_id",
    "date",
    "url",
    "quotes",
];
const HIT_COLS: &[&str] = &[
    "id",
    "title",
    "outlet",
    "outlet_id",
    "date",
    "url",
    "quotes",
    "appearances",
    "snippet",
];
const PERSON_COLS: &[&str] = &["id", "name", "party", "quotes"];

fn window(p: &Params) -> (usize, usize) {
    let limit = p.number("limit", PAGE_SIZE, 1, MAX_API_LIMIT);
    let offset = p.number("offset", 0, 0, dixit_store::browse::MAX_OFFSET);
    (offset, limit)
}

async fn openapi() -> Response {
    Json(ApiDoc::openapi()).into_response()
}

/// What the store holds.
#[utoipa::path(get, path = "/api/overview", responses((status = 200, body = Overview)))]
async fn overview(axum::extract::State(st): axum::extract::State<State>) -> ApiResult {
    let o = st.pool.run(|s| Ok(s.overview(10)?)).await?;
    Ok(Json(o).into_response())
}

/// Searches quotes with the query language (words with French stemming and accent
/// folding, `"phrases"`, `OR`, `-exclusions`, `prefix*`) and filters, ranked by BM25,
/// then newest first, then id. A query or filter the store rejects is a 400 whose
/// `error` says why.
#[utoipa::path(get, path = "/api/quotes",
    params(
        ("q" = Option<String>, Query, description = "query: words (inflections and accents ignored), \"exact phrase\", a OR b, -excluded, prefix*"),
        ("speaker" = Option<String>, Query, description = "part of the speaker's name"),
        ("outlet" = Option<String>, Query, description = "part of an outlet name"),
        ("party" = Option<String>, Query, description = "part of the speaking person's party"),
        ("from" = Option<String>, Query, description = "earliest date, YYYY[-MM[-DD]]"),
        ("to" = Option<String>, Query, description = "latest date, inclusive, YYYY[-MM[-DD]]"),
        ("kind" = Option<String>, Query, description = "direct, indirect or mixed"),
        ("offset" = Option<u64>, Query, description = "hits to skip (at most 10000)"),
        ("limit" = Option<u64>, Query, description = "hits wanted (1 to 100, default 20)"),
        ("format" = Option<String>, Query, description = "json (default), csv or jsonl"),
    ),
    responses((status = 200, body = QuoteResults), (status = 400, body = ApiError)))]
async fn quotes(
    axum::extract::State(st): axum::extract::State<State>,
    RawQuery(raw): RawQuery,
) -> ApiResult {
    let p = Params::parse(raw.as_deref());
    let s = Search::from_params(&p, PAGE_SIZE);
    let r = st.pool.run(move |store| search::quotes(store, &s)).await?;
    Ok(list(format(&p), "quotes", &r, &r.items, QUOTE_COLS))
}

/// Searches stories (title and text) with the query language of `/api/quotes`,
/// ranked the same way; `speaker`, `party` and `kind` filter quotes only and are a 400
/// here, like any query or filter the store rejects.
#[utoipa::path(get, path = "/api/search/articles",
    params(
        ("q" = Option<String>, Query, description = "query, as for /api/quotes"),
        ("outlet" = Option<String>, Query, description = "part of an outlet name"),
        ("from" = Option<String>, Query, description = "earliest date, YYYY[-MM[-DD]]"),
        ("to" = Option<String>, Query, description = "latest date, inclusive, YYYY[-MM[-DD]]"),
        ("offset" = Option<u64>, Query, description = "hits to skip (at most 10000)"),
        ("limit" = Option<u64>, Query, description = "hits wanted (1 to 100, default 20)"),
        ("format" = Option<String>, Query, description = "json, csv or jsonl"),
    ),
    responses((status = 200, body = ArticleResults), (status = 400, body = ApiError)))]
async fn search_articles(
    axum::extract::State(st): axum::extract::State<State>,
    RawQuery(raw): RawQuery,
) -> ApiResult {
    let p = Params::parse(raw.as_deref());
    let s = Search::from_params(&p, PAGE_SIZE);
    let r = st
        .pool
        .run(move |store| search::articles(store, &s))
        .await?;
    Ok(list(format(&p), "articles", &r, &r.items, HIT_COLS))
}

/// Finds persons by name.
#[utoipa::path(get, path = "/api/persons",
    params(
        ("q" = String, Query, description = "part of the name (accents and case ignored)"),
        ("limit" = Option<u64>, Query, description = "1 to 100"),
        ("format" = Option<String>, Query, description = "json, csv or jsonl"),
    ),
    responses((status = 200, body = Vec<PersonSummary>)))]
async fn find_persons(
    axum::extract::State(st): axum::extract::State<State>,
    RawQuery(raw): RawQuery,
) -> ApiResult {
    let p = Params::parse(raw.as_deref());
    let q = p.text("q").unwrap_or_default();
    let (_, limit) = window(&p);
    let r = st.pool.run(move |s| Ok(s.find_persons(&q, limit)?)).await?;
    Ok(list(format(&p), "persons", &r, &r, PERSON_COLS))
}

/// A person: names, roles, counts, co-quoted persons, outlets, weekly timeline.
#[utoipa::path(get, path = "/api/persons/{id}",
    params(("id" = String, Path, description = "person id")),
    responses((status = 200, body = PersonView), (status = 404, body = ApiError)))]
async fn person(
    axum::extract::State(st): axum::extract::State<State>,
    Path(id): Path<String>,
) -> ApiResult {
    let key = id.clone();
    st.pool
        .run(move |s| Ok(s.person(&key, 10)?))
        .await?
        .map(|p| Json(p).into_response())
        .ok_or_else(|| Failure(ServerError::NotFound(format!("La personne « {id} »"))))
}

/// Quotes by a person, newest first.
#[utoipa::path(get, path = "/api/persons/{id}/quotes",
    params(("id" = String, Path, description = "person id"),
           ("offset" = Option<u64>, Query, description = "quotes to skip"),
           ("limit" = Option<u64>, Query, description = "1 to 100"),
           ("format" = Option<String>, Query, description = "json, csv or jsonl")),
    responses((status = 200, body = QuotePage)))]
async fn person_quotes(
    axum::extract::State(st): axum::extract::State<State>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult {
    let p = Params::parse(raw.as_deref());
    let (offset, limit) = window(&p);
    let r = st
        .pool
        .run(move |s| Ok(s.person_quotes(&id, offset, limit)?))
        .await?;
    Ok(list(format(&p), "quotes", &r, &r.items, QUOTE_COLS))
}

/// Quotes by others whose words name the person, newest first.
#[utoipa::path(get, path = "/api/persons/{id}/quotes-about",
    params(("id" = String, Path, description = "person id"),
           ("offset" = Option<u64>, Query, description = "quotes to skip"),
           ("limit" = Option<u64>, Query, description = "1 to 100"),
           ("format" = Option<String>, Query, description = "json, csv or jsonl")),
    responses((status = 200, body = QuotePage)))]
async fn quotes_about(
    axum::extract::State(st): axum::extract::State<State>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult {
    let p = Params::parse(raw.as_deref());
    let (offset, limit) = window(&p);
    let r = st
        .pool
        .run(move |s| Ok(s.quotes_about(&id, offset, limit)?))
        .await?;
    Ok(list(format(&p), "quotes-about", &r, &r.items, QUOTE_COLS))
}

/// An outlet: counts, whom it quotes most, parties' shares.
#[utoipa::path(get, path = "/api/outlets/{id}",
    params(("id" = String, Path, description = "outlet id")),
    responses((status = 200, body = OutletView), (status = 404, body = ApiError)))]
async fn outlet(
    axum::extract::State(st): axum::extract::State<State>,
    Path(id): Path<String>,
) -> ApiResult {
    let key = id.clone();
    st.pool
        .run(move |s| Ok(s.outlet(&key, 15)?))
        .await?
        .map(|o| Json(o).into_response())
        .ok_or_else(|| Failure(ServerError::NotFound(format!("Le média « {id} »"))))
}

/// Stories that appeared in an outlet, newest first.
#[utoipa::path(get, path = "/api/outlets/{id}/articles",
    params(("id" = String, Path, description = "outlet id"),
           ("offset" = Option<u64>, Query, description = "stories to skip"),
           ("limit" = Option<u64>, Query, description = "1 to 100"),
           ("format" = Option<String>, Query, description = "json, csv or jsonl")),
    responses((status = 200, body = ArticlePage)))]
async fn outlet_articles(
    axum::extract::State(st): axum::extract::State<State>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult {
    let p = Params::parse(raw.as_deref());
    let (offset, limit) = window(&p);
    let r = st
        .pool
        .run(move |s| Ok(s.outlet_articles(&id, offset, limit)?))
        .await?;
    Ok(list(format(&p), "articles", &r, &r.items, ARTICLE_COLS))
}

/// A story: text, quotes with spans, entities with spans, appearances.
#[utoipa::path(get, path = "/api/articles/{id}",
    params(("id" = String, Path, description = "story id")),
    responses((status = 200, body = ArticleView), (status = 404, body = ApiError)))]
async fn article(
    axum::extract::State(st): axum::extract::State<State>,
    Path(id): Path<String>,
) -> ApiResult {
    let key = id.clone();
    st.pool
        .run(move |s| Ok(s.article(&key)?))
        .await?
        .map(|a| Json(a).into_response())
        .ok_or_else(|| Failure(ServerError::NotFound(format!("L'article « {id} »"))))
}

/// The most named persons and how they relate (`about`, `co-quoted`).
#[utoipa::path(get, path = "/api/graph",
    params(("n" = Option<u64>, Query, description = "persons, 5 to 200 (default 40)")),
    responses((status = 200, body = PersonGraph)))]
async fn graph(
    axum::extract::State(st): axum::extract::State<State>,
    RawQuery(raw): RawQuery,
) -> ApiResult {
    let n = Params::parse(raw.as_deref()).number("n", 40, 5, 200);
    let g = st.pool.run(move |s| Ok(s.person_graph(n)?)).await?;
    Ok(Json(g).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_formulas_neutralised() {
        assert_eq!(csv_field("abc"), "abc");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("il a dit \"non\""), "\"il a dit \"\"non\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("- Oui, a-t-il dit"), "\"- Oui, a-t-il dit\"");
        assert_eq!(csv_field("-1+1"), "'-1+1");
    }

    #[test]
    fn openapi_lists_every_route() {
        let doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
        let paths = doc
            .get("paths")
            .and_then(|p| p.as_object())
            .map(|p| p.len());
        assert_eq!(paths, Some(11));
    }
}

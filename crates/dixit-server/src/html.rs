//! Server-rendered pages. Every string that comes from an article goes through maud's
//! escaping (`(value)` in a template); links to the outside only for `http(s)` URLs.

use crate::params::{PAGE_SIZE, Params, path_segment, query_string};
use crate::search::{self, ArticleResults, KINDS, QuoteResults, Search};
use crate::text::{Terms, ellipsize, highlight, safe_url};
use crate::{ServerError, State, svg};
use axum::Router;
use axum::extract::{Path, RawQuery};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use dixit_store::browse::{ArticleView, PersonRelation, QuoteView, Ranked};
use maud::{DOCTYPE, Markup, PreEscaped, html};
use std::collections::BTreeSet;

const CSS: &str = include_str!("style.css");
const JS: &str = include_str!("app.js");

/// The page routes.
pub(crate) fn routes() -> Router<State> {
    Router::new()
        .route("/", get(home))
        .route("/search", get(search_page))
        .route("/person/{id}", get(person_page))
        .route("/outlet/{id}", get(outlet_page))
        .route("/article/{id}", get(article_page))
        .route("/graph", get(graph_page))
        .route("/graph.gexf", get(graph_gexf))
        .route("/static/app.js", get(app_js))
        .fallback(not_found)
}

pub(crate) fn person_href(id: &str) -> String {
    format!("/person/{}", path_segment(id))
}

fn outlet_href(id: &str) -> String {
    format!("/outlet/{}", path_segment(id))
}

fn article_href(id: &str) -> String {
    format!("/article/{}", path_segment(id))
}

fn day(date: Option<&str>) -> &str {
    date.map(|d| d.get(..10).unwrap_or(d)).unwrap_or("")
}

fn layout(title: &str, q: Option<&str>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="fr" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · dixit" }
                style { (PreEscaped(CSS)) }
                script src="/static/app.js" defer {}
            }
            body {
                header.top {
                    a.logo href="/" { "dixit" }
                    span.tagline { "qui a dit quoi, sur qui, où et quand" }
                    form.top-search action="/search" method="get" role="search" {
                        input type="search" name="q" value=[q] placeholder="Rechercher une citation…"
                            aria-label="Rechercher" maxlength="200" accesskey="s";
                        button type="submit" { "Rechercher" }
                    }
                    nav {
                        a href="/" { "Accueil" }
                        a href="/graph" { "Graphe" }
                        a href="/api/openapi.json" { "API" }
                    }
                }
                main { (body) }
                footer { "dixit — moteur libre de veille de presse. Textes d'articles affichés tels quels, jamais interprétés comme du HTML." }
            }
        }
    }
}

/// An error page (also used for 404s).
pub(crate) fn error_page(status: StatusCode, message: &str) -> Markup {
    layout(
        status.canonical_reason().unwrap_or("Erreur"),
        None,
        html! {
            section.card.error {
                h1 { (status.as_u16()) " — " (status.canonical_reason().unwrap_or("Erreur")) }
                p { (message) }
                p { a href="/" { "Retour à l'accueil" } }
            }
        },
    )
}

async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        error_page(StatusCode::NOT_FOUND, "Cette page n'existe pas."),
    )
        .into_response()
}

async fn app_js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        JS,
    )
        .into_response()
}

fn highlighted(text: &str, terms: &Terms) -> Markup {
    html! {
        @for (piece, hit) in highlight(text, terms) {
            @if hit { mark { (piece) } } @else { (piece) }
        }
    }
}

fn kind_label(kind: &str) -> &'static str {
    match kind {
        "direct" => "directe",
        "indirect" => "indirecte",
        "mixed" => "mixte",
        _ => "citation",
    }
}

/// One quote with who, how, where and when, linking to speaker, outlet and article.
fn quote_card(q: &QuoteView, terms: &Terms) -> Markup {
    html! {
        article.quote {
            blockquote class=(format!("k-{}", q.kind)) { "« " (highlighted(&q.text, terms)) " »" }
            div.meta {
                @match (&q.person_id, &q.speaker) {
                    (Some(pid), Some(name)) => { a.speaker href=(person_href(pid)) { (name) } },
                    (None, Some(name)) => { span.speaker { (name) } },
                    _ => { span.speaker.unknown { "source non attribuée" } },
                }
                @if let Some(cue) = &q.cue { span.cue { " " (cue) } }
                @if let Some(ch) = &q.channel { span.channel title="Canal" { "sur " (ch) } }
                span.badge { (kind_label(&q.kind)) }
            }
            div.src {
                @if let Some(d) = q.date.as_deref() { time { (day(Some(d))) } " · " }
                @if let (Some(o), Some(oid)) = (&q.outlet, &q.outlet_id) { a href=(outlet_href(oid)) { (o) } " · " }
                a.open href=(format!("{}#q-{}", article_href(&q.article_id), path_segment(&q.id))) {
                    (q.title.as_deref().map(|t| ellipsize(t, 90)).unwrap_or_else(|| "Lire l'article".into()))
                }
            }
        }
    }
}

fn ranked_list(items: &[Ranked], href: impl Fn(&str) -> String, unit: &str) -> Markup {
    let max = items.iter().map(|r| r.count).max().unwrap_or(1).max(1);
    html! {
        @if items.is_empty() { p.muted { "—" } }
        ol.ranked {
            @for r in items {
                li {
                    a href=(href(&r.id)) { (r.name) }
                    span.bar style=(format!("width:{}%", r.count * 100 / max)) {}
                    span.count { (r.count) " " (unit) }
                }
            }
        }
    }
}

/// What a relation says, in French, from the side of the person whose page it is:
/// `out` "critique", `in` "critiqué·e par"; a denied one "ne soutient pas".
fn relation_label(direction: &str, kind: &str) -> String {
    let (negated, kind) = match kind.strip_prefix("not-") {
        Some(k) => (true, k),
        None => (false, kind),
    };
    let (active, passive) = match kind {
        "supports" => ("soutient", "soutenu·e par"),
        "criticises" => ("critique", "critiqué·e par"),
        "joins" => ("rejoint", "rejoint·e par"),
        "leaves" => ("quitte", "quitté·e par"),
        "allies" => ("s'allie avec", "allié·e à"),
        "succeeds" => ("succède à", "remplacé·e par"),
        "responds" => ("répond à", "reçoit la réponse de"),
        other => (other, other),
    };
    match (direction == "in", negated) {
        (false, false) => active.to_owned(),
        (true, false) => passive.to_owned(),
        (false, true) => match active.split_once(' ') {
            Some((verb, rest)) => format!("ne {verb} pas {rest}"),
            None => format!("ne {active} pas"),
        },
        (true, true) => format!("pas {passive}"),
    }
}

/// The person's relations: label, the other side (a link when a person), count, last day,
/// and a link to a story stating it.
fn relation_list(items: &[PersonRelation]) -> Markup {
    html! {
        @if items.is_empty() { p.muted { "—" } }
        ul.relations {
            @for r in items {
                li {
                    span.rel { (relation_label(&r.direction, &r.kind)) } " "
                    @if r.other_kind == "person" { a href=(person_href(&r.other_id)) { (r.other_name) } } @else { (r.other_name) }
                    " "
                    span.count {
                        a href=(article_href(&r.article_id)) { (r.count) "×" }
                        @if let Some(d) = &r.last { " · " (d) }
                    }
                }
            }
        }
    }
}

/// Previous/next links keeping the other parameters.
fn pager(
    base: &str,
    pairs: &[(&str, Option<&str>)],
    page_key: &str,
    page: usize,
    total: u64,
    per_page: usize,
) -> Markup {
    let pages = (total as usize)
        .div_ceil(per_page.max(1))
        .clamp(1, crate::params::MAX_PAGE);
    let link = |p: usize| {
        let ps = p.to_string();
        let mut all: Vec<(&str, Option<&str>)> = pairs.to_vec();
        all.push((page_key, Some(ps.as_str())));
        format!("{base}{}", query_string(&all))
    };
    html! {
        @if pages > 1 {
            nav.pager {
                @if page > 1 { a rel="prev" href=(link(page - 1)) { "← Précédent" } }
                span { "page " (page) " / " (pages) }
                @if page < pages { a rel="next" href=(link(page + 1)) { "Suivant →" } }
            }
        }
    }
}

async fn home(
    axum::extract::State(st): axum::extract::State<State>,
) -> Result<Markup, ServerError> {
    let o = st.pool.run(|s| Ok(s.overview(10)?)).await?;
    Ok(layout(
        "Accueil",
        None,
        html! {
            section.hero {
                h1 { "Qui a dit quoi ?" }
                form.big-search action="/search" method="get" {
                    input type="search" name="q" placeholder="ex. impasse stratégique" autofocus maxlength="200" aria-label="Rechercher";
                    button type="submit" { "Rechercher" }
                }
                p.muted { "Recherche en français : pluriels, conjugaisons et accents sont ignorés. "
                    "Exemples : " a href="/search?q=impasse+strat%C3%A9gique" { "impasse stratégique" } ", "
                    a href="/search?q=r%C3%A9forme" { "réforme" } "." }
            }
            section.stats {
                div.stat { b { (o.articles) } span { "articles" } }
                div.stat { b { (o.quotes) } span { "citations" } }
                div.stat { b { (o.persons) } span { "personnes" } }
                div.stat { b { (o.outlets) } span { "médias" } }
                div.stat { b { (o.appearances) } span { "parutions" } }
                div.stat { b { (o.organizations) } span { "organisations" } }
            }
            @if let (Some(first), Some(last)) = (&o.first_date, &o.last_date) {
                p.muted.center { "Articles du " (day(Some(first))) " au " (day(Some(last))) "." }
            }
            div.cols {
                section.card {
                    h2 { "Les plus cités la dernière semaine" }
                    @if let Some(from) = &o.week_from {
                        p.muted { "Du " (from) " au " (day(o.last_date.as_deref())) " (dernière semaine du fonds)." }
                    }
                    (ranked_list(&o.top_speakers_week, person_href, "cit."))
                }
                section.card {
                    h2 { "Médias" }
                    (ranked_list(&o.top_outlets, outlet_href, "art."))
                }
            }
        },
    ))
}

struct SearchOutcome {
    quotes: QuoteResults,
    articles: ArticleResults,
    persons: Vec<dixit_store::browse::PersonSummary>,
    /// Why the store rejected the search, shown instead of results.
    rejected: Option<String>,
}

/// The parameters of a search, for links.
fn search_pairs(s: &Search) -> Vec<(&'static str, Option<&str>)> {
    vec![
        ("q", s.text.as_deref()),
        ("speaker", s.speaker.as_deref()),
        ("outlet", s.outlet.as_deref()),
        ("party", s.party.as_deref()),
        ("from", s.from.as_deref()),
        ("to", s.to.as_deref()),
        ("kind", s.kind.as_deref()),
    ]
}

async fn search_page(
    axum::extract::State(st): axum::extract::State<State>,
    RawQuery(raw): RawQuery,
) -> Result<Markup, ServerError> {
    let p = Params::parse(raw.as_deref());
    let s = Search::from_params(&p, PAGE_SIZE);
    let scope = p
        .choice("scope", &["quotes", "articles"])
        .unwrap_or("quotes");
    let page = p.page("page");
    let sc = s.clone();
    let out = st
        .pool
        .run(move |store| {
            let found = if scope == "quotes" {
                search::quotes(store, &sc).map(|q| (q, ArticleResults::default()))
            } else {
                search::articles(store, &sc).map(|a| (QuoteResults::default(), a))
            };
            // A rejected search is the visitor's to fix: the page says why, with the
            // form filled in as they left it.
            let (quotes, articles, rejected) = match found {
                Ok((q, a)) => (q, a, None),
                Err(ServerError::Query(e)) => (
                    QuoteResults::default(),
                    ArticleResults::default(),
                    Some(search::explain(&e)),
                ),
                Err(e) => return Err(e),
            };
            let persons = match (&sc.text, page, &rejected) {
                (Some(t), 1, None) => store.find_persons(t, 6)?,
                _ => Vec::new(),
            };
            Ok(SearchOutcome {
                quotes,
                articles,
                persons,
                rejected,
            })
        })
        .await?;
    let t = s.terms();
    let pairs = search_pairs(&s);
    let for_articles = s.for_articles();
    let article_pairs = search_pairs(&for_articles);
    let with_scope = |sc: &'static str| {
        let mut v = if sc == "articles" {
            article_pairs.clone()
        } else {
            pairs.clone()
        };
        v.push(("scope", Some(sc)));
        format!("/search{}", query_string(&v))
    };
    let api_link = |fmt: &str| {
        let mut v = pairs.clone();
        v.push(("format", Some(fmt)));
        v.push(("limit", Some("100")));
        let path = if scope == "quotes" {
            "/api/quotes"
        } else {
            "/api/search/articles"
        };
        format!("{path}{}", query_string(&v))
    };
    let total = if scope == "quotes" {
        out.quotes.total
    } else {
        out.articles.total
    };
    let title = s.text.clone().unwrap_or_else(|| "Recherche".into());
    Ok(layout(
        &title,
        s.text.as_deref(),
        html! {
            form.filters action="/search" method="get" {
                input type="search" name="q" value=[s.text.as_deref()] placeholder="mots, \"expression exacte\", a OR b, -exclu, préfixe*" maxlength="200" aria-label="Texte";
                @if scope == "quotes" {
                    input type="text" name="speaker" value=[s.speaker.as_deref()] placeholder="orateur" maxlength="200" aria-label="Orateur";
                }
                input type="text" name="outlet" value=[s.outlet.as_deref()] placeholder="média" maxlength="200" aria-label="Média";
                @if scope == "quotes" {
                    input type="text" name="party" value=[s.party.as_deref()] placeholder="parti (PS, LR…)" maxlength="200" aria-label="Parti";
                }
                input type="text" name="from" value=[s.from.as_deref()] placeholder="depuis AAAA-MM-JJ" maxlength="10" aria-label="Depuis";
                input type="text" name="to" value=[s.to.as_deref()] placeholder="jusqu'au AAAA-MM-JJ" maxlength="10" aria-label="Jusqu'au";
                @if scope == "quotes" {
                    select name="kind" aria-label="Type de citation" {
                        option value="" { "tous types" }
                        @for k in KINDS { option value=(k) selected[s.kind.as_deref() == Some(k)] { (kind_label(k)) } }
                    }
                }
                input type="hidden" name="scope" value=(scope);
                button type="submit" { "Filtrer" }
            }
            p.muted.syntax {
                "Tous les mots sont cherchés, pluriels, conjugaisons et accents compris. "
                code { "\"premier ministre\"" } " : l'expression exacte · "
                code { "retraites OR chômage" } " : l'un ou l'autre · "
                code { "-football" } " : sans ce mot · "
                code { "réform*" } " : les mots qui commencent ainsi."
            }
            nav.tabs {
                a class=(if scope == "quotes" { "on" } else { "" }) href=(with_scope("quotes")) { "Citations" }
                a class=(if scope == "articles" { "on" } else { "" }) href=(with_scope("articles")) { "Articles" }
            }
            @if !out.persons.is_empty() {
                section.persons-found {
                    span.muted { "Personnes : " }
                    @for pr in &out.persons {
                        a.chip href=(person_href(&pr.id)) { (pr.name) @if let Some(pa) = &pr.party { " (" (pa) ")" } }
                    }
                }
            }
            @if let Some(why) = &out.rejected {
                p.card.error role="alert" { (why) }
            } @else if s.is_empty() {
                p.muted { "Tapez des mots ou choisissez un filtre." }
            } @else {
                div.summary {
                    span.count { (total) " " (if scope == "quotes" { "citation(s)" } else { "article(s)" }) }
                    span.downloads { "Télécharger : " a href=(api_link("csv")) { "CSV" } " · " a href=(api_link("jsonl")) { "JSONL" } " · " a href=(api_link("json")) { "JSON" } }
                }
                @if total == 0 {
                    p.muted { "Aucun résultat." }
                }
                @if scope == "quotes" {
                    @for q in &out.quotes.items { (quote_card(q, &t)) }
                } @else {
                    @for a in &out.articles.items {
                        article.hit {
                            h3 { a href=(article_href(&a.article.id)) { (a.article.title.as_deref().unwrap_or("(sans titre)")) } }
                            p.snippet { (highlighted(&a.snippet, &t)) }
                            div.src {
                                @if let Some(d) = a.article.date.as_deref() { time { (day(Some(d))) } " · " }
                                @if let (Some(o), Some(oid)) = (&a.article.outlet, &a.article.outlet_id) { a href=(outlet_href(oid)) { (o) } " · " }
                                (a.article.quotes) " citation(s) · " (a.appearances) " parution(s)"
                            }
                        }
                    }
                }
                @let pp: Vec<(&str, Option<&str>)> = pairs.iter().copied().chain([("scope", Some(scope))]).collect();
                (pager("/search", &pp, "page", page, total, PAGE_SIZE))
            }
        },
    ))
}

async fn person_page(
    axum::extract::State(st): axum::extract::State<State>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Markup, ServerError> {
    let p = Params::parse(raw.as_deref());
    let (pb, pa) = (p.page("pb"), p.page("pa"));
    let key = id.clone();
    let found = st
        .pool
        .run(move |s| {
            Ok(s.person_page(
                &key,
                10,
                (pb - 1) * PAGE_SIZE,
                (pa - 1) * PAGE_SIZE,
                PAGE_SIZE,
            )?)
        })
        .await?;
    let Some((person, by, about)) = found else {
        return Err(ServerError::NotFound(format!("La personne « {id} »")));
    };
    let pb_s = pb.to_string();
    let pa_s = pa.to_string();
    let api = format!("/api/persons/{}", path_segment(&person.id));
    Ok(layout(
        &person.name,
        None,
        html! {
            section.card.person {
                h1 { (person.name) @if let Some(party) = &person.party { span.party style=(format!("background:{}", svg::party_color(Some(party)))) { (party) } } }
                @if person.variants.len() > 1 {
                    p.variants { "Aussi nommé·e : " @for (i, v) in person.variants.iter().filter(|v| **v != person.name).enumerate() { @if i > 0 { ", " } q { (v) } } }
                }
                @if !person.roles.is_empty() {
                    ul.roles { @for r in &person.roles { li { (r) } } }
                }
                p.muted {
                    (person.articles) " article(s) · " (person.quotes_by) " citation(s) · cité·e dans " (person.quotes_about) " citation(s) d'autres personnes"
                    @if let Some(kb) = &person.kb_id { " · base de connaissances : " code { (kb) } }
                }
                h2 { "Citations par semaine" }
                @if person.weeks.is_empty() { p.muted { "Aucune citation datée." } } @else { (svg::timeline(&person.weeks)) }
            }
            div.cols.wide {
                div {
                    section.card {
                        h2 { "Ce qu'il ou elle a dit" span.dl { a href=(format!("{api}/quotes?format=csv&limit=100")) { "CSV" } " · " a href=(format!("{api}/quotes?format=jsonl&limit=100")) { "JSONL" } } }
                        @if by.items.is_empty() { p.muted { "Aucune citation." } }
                        @for q in &by.items { (quote_card(q, &Terms::default())) }
                        (pager(&person_href(&person.id), &[("pa", Some(pa_s.as_str()))], "pb", pb, by.total, PAGE_SIZE))
                    }
                    section.card {
                        h2 { "Ce que d'autres en disent" span.dl { a href=(format!("{api}/quotes-about?format=csv&limit=100")) { "CSV" } " · " a href=(format!("{api}/quotes-about?format=jsonl&limit=100")) { "JSONL" } } }
                        @if about.items.is_empty() { p.muted { "Aucune citation ne la ou le nomme." } }
                        @let names = person.variants.iter().fold(Terms::default(), |mut t, v| { t.extend(Terms::of_words(v)); t });
                        @for q in &about.items { (quote_card(q, &names)) }
                        (pager(&person_href(&person.id), &[("pb", Some(pb_s.as_str()))], "pa", pa, about.total, PAGE_SIZE))
                    }
                }
                aside {
                    section.card {
                        h2 { "Soutiens et critiques" }
                        (relation_list(&person.relations))
                    }
                    section.card {
                        h2 { "Cité·e avec" }
                        (ranked_list(&person.co_quoted, person_href, "art."))
                    }
                    section.card {
                        h2 { "Médias qui le ou la citent" }
                        (ranked_list(&person.outlets, outlet_href, "cit."))
                    }
                    section.card {
                        h2 { "Explorer" }
                        p { a href=(format!("/search{}", query_string(&[("speaker", Some(person.name.as_str()))]))) { "Rechercher dans ses citations" } }
                        p { a href="/graph" { "Voir le graphe" } }
                    }
                }
            }
        },
    ))
}

async fn outlet_page(
    axum::extract::State(st): axum::extract::State<State>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Markup, ServerError> {
    let p = Params::parse(raw.as_deref());
    let page = p.page("page");
    let key = id.clone();
    let found = st
        .pool
        .run(move |s| {
            let Some(o) = s.outlet(&key, 15)? else {
                return Ok(None);
            };
            let arts = s.outlet_articles(&key, (page - 1) * PAGE_SIZE, PAGE_SIZE)?;
            Ok(Some((o, arts)))
        })
        .await?;
    let Some((o, arts)) = found else {
        return Err(ServerError::NotFound(format!("Le média « {id} »")));
    };
    let api = format!("/api/outlets/{}", path_segment(&o.id));
    Ok(layout(
        &o.name,
        None,
        html! {
            section.card {
                h1 { (o.name) }
                p.muted { (o.articles) " article(s) · " (o.quotes) " citation(s)" }
            }
            div.cols.wide {
                section.card {
                    h2 { "Articles" span.dl { a href=(format!("{api}/articles?format=csv&limit=100")) { "CSV" } " · " a href=(format!("{api}/articles?format=jsonl&limit=100")) { "JSONL" } } }
                    ul.articles {
                        @for a in &arts.items {
                            li {
                                a href=(article_href(&a.id)) { (a.title.as_deref().unwrap_or("(sans titre)")) }
                                span.muted { " " (day(a.date.as_deref())) " · " (a.quotes) " cit." }
                            }
                        }
                    }
                    (pager(&outlet_href(&o.id), &[], "page", page, arts.total, PAGE_SIZE))
                }
                aside {
                    section.card {
                        h2 { "Qui il cite le plus" }
                        (ranked_list(&o.top_speakers, person_href, "cit."))
                    }
                    section.card {
                        h2 { "Part de chaque parti" }
                        @if o.parties.is_empty() { p.muted { "—" } }
                        ul.parties {
                            @for ps in &o.parties {
                                li {
                                    span.pname { (ps.party.as_deref().unwrap_or("sans parti connu")) }
                                    span.bar style=(format!("width:{:.0}%;background:{}", ps.share * 100.0, svg::party_color(ps.party.as_deref()))) {}
                                    span.count { (format!("{:.0} %", ps.share * 100.0)) " (" (ps.quotes) ")" }
                                }
                            }
                        }
                    }
                }
            }
        },
    ))
}

/// The article text with quotes and entities marked, cut at every span boundary so
/// that overlapping spans never produce crossed tags.
fn marked_text(a: &ArticleView) -> Markup {
    let text = a.text.as_str();
    let valid = |s: u64, e: u64| -> Option<(usize, usize)> {
        let (s, e) = (usize::try_from(s).ok()?, usize::try_from(e).ok()?);
        (s < e && text.is_char_boundary(s) && text.is_char_boundary(e) && e <= text.len())
            .then_some((s, e))
    };
    let quotes: Vec<(usize, usize, &QuoteView)> = a
        .quotes
        .iter()
        .filter_map(|q| {
            let (s, e) = valid(q.start?, q.end?)?;
            Some((s, e, q))
        })
        .collect();
    let ents: Vec<(usize, usize, &dixit_store::browse::EntitySpan)> = a
        .spans
        .iter()
        .filter_map(|sp| {
            let (s, e) = valid(sp.start, sp.end)?;
            Some((s, e, sp))
        })
        .collect();
    let mut bounds: BTreeSet<usize> = BTreeSet::from([0, text.len()]);
    for (s, e, _) in &quotes {
        bounds.insert(*s);
        bounds.insert(*e);
    }
    for (s, e, _) in &ents {
        bounds.insert(*s);
        bounds.insert(*e);
    }
    let bounds: Vec<usize> = bounds.into_iter().collect();
    html! {
        @for w in bounds.windows(2) {
            @let (from, to) = (w[0], w[1]);
            @if let Some(seg) = text.get(from..to) {
                // The innermost quote: the one that starts last.
                @let quote = quotes.iter().filter(|(s, e, _)| *s <= from && to <= *e).max_by_key(|(s, _, _)| *s);
                @let ent = ents.iter().find(|(s, e, _)| *s <= from && to <= *e);
                @let inner = html! {
                    @match ent {
                        Some((_, _, sp)) if sp.kind == "person" => { a.ent.person href=(person_href(&sp.id)) { (seg) } },
                        Some((_, _, sp)) => { span class=(format!("ent {}", sp.kind)) title=(sp.kind) { (seg) } },
                        None => { (seg) },
                    }
                };
                @match quote {
                    Some((s, _, q)) => {
                        mark class=(format!("q k-{}", q.kind))
                            id=[(*s == from).then(|| format!("q-{}", q.id))]
                            title=(format!("{} — {}{}", q.speaker.as_deref().unwrap_or("?"), q.cue.as_deref().unwrap_or(""), q.channel.as_deref().map(|c| format!(" (sur {c})")).unwrap_or_default())) {
                            (inner)
                        }
                    },
                    None => { (inner) },
                }
            }
        }
    }
}

async fn article_page(
    axum::extract::State(st): axum::extract::State<State>,
    Path(id): Path<String>,
) -> Result<Markup, ServerError> {
    let key = id.clone();
    let Some(a) = st.pool.run(move |s| Ok(s.article(&key)?)).await? else {
        return Err(ServerError::NotFound(format!("L'article « {id} »")));
    };
    let title = a.title.clone().unwrap_or_else(|| "(sans titre)".into());
    Ok(layout(
        &title,
        None,
        html! {
            div.cols.wide {
                section.card.article {
                    h1 { (title) }
                    p.muted {
                        @if let Some(d) = a.date.as_deref() { (day(Some(d))) " · " }
                        @if let (Some(o), Some(oid)) = (&a.outlet, &a.outlet_id) { a href=(outlet_href(oid)) { (o) } " · " }
                        @if let Some(u) = a.url.as_deref().and_then(safe_url) { a href=(u) rel="noopener noreferrer nofollow" { "source" } " · " }
                        (a.quotes.len()) " citation(s)"
                    }
                    p.legend { mark.q.k-direct { "directe" } " " mark.q.k-mixed { "mixte" } " " mark.q.k-indirect { "indirecte" } " " a.ent.person { "personne" } " " span.ent.media { "média" } " " span.ent.organization { "organisation" } }
                    div.text { (marked_text(&a)) }
                }
                aside {
                    section.card {
                        h2 { "Citations" }
                        ol.qlist {
                            @for q in &a.quotes {
                                li {
                                    a href=(format!("#q-{}", path_segment(&q.id))) { "« " (ellipsize(&q.text, 120)) " »" }
                                    div.meta {
                                        @match (&q.person_id, &q.speaker) {
                                            (Some(pid), Some(name)) => { a.speaker href=(person_href(pid)) { (name) } },
                                            (None, Some(name)) => { span.speaker { (name) } },
                                            _ => { span.speaker.unknown { "non attribuée" } },
                                        }
                                        @if let Some(c) = &q.cue { " · " span.cue { (c) } }
                                        @if let Some(c) = &q.channel { " · " span.channel { "sur " (c) } }
                                        " · " span.badge { (kind_label(&q.kind)) }
                                    }
                                }
                            }
                        }
                    }
                    section.card {
                        h2 { "Entités" }
                        ul.entities {
                            @for e in &a.entities {
                                @if e.kind == "person" {
                                    li { a href=(person_href(&e.id)) { (e.name) } span.muted { " personne" } }
                                } @else {
                                    li { (e.name) span.muted { " " (match e.kind.as_str() { "media" => "média", "organization" => "organisation", "place" => "lieu", _ => "entité" }) } }
                                }
                            }
                        }
                    }
                    section.card {
                        h2 { "Parutions" }
                        ul.appearances {
                            @for ap in &a.appearances {
                                li {
                                    @if let (Some(o), Some(oid)) = (&ap.outlet, &ap.outlet_id) { a href=(outlet_href(oid)) { (o) } " " }
                                    span.muted { (day(ap.date.as_deref())) }
                                    @if let Some(u) = ap.url.as_deref().and_then(safe_url) { " " a href=(u) rel="noopener noreferrer nofollow" { "lien" } } @else { " " code { (ellipsize(&ap.key, 60)) } }
                                    @if ap.similarity < 1.0 { span.muted { (format!(" (similarité {:.0} %)", ap.similarity * 100.0)) } }
                                }
                            }
                        }
                    }
                }
            }
        },
    ))
}

async fn graph_page(
    axum::extract::State(st): axum::extract::State<State>,
    RawQuery(raw): RawQuery,
) -> Result<Markup, ServerError> {
    let n = Params::parse(raw.as_deref()).number("n", 40, 5, 120);
    let g = st.pool.run(move |s| Ok(s.person_graph(n)?)).await?;
    let mut strongest: Vec<&dixit_store::browse::GraphLink> = g.links.iter().collect();
    strongest.sort_by(|a, b| {
        b.weight
            .cmp(&a.weight)
            .then_with(|| (&a.source, &a.target).cmp(&(&b.source, &b.target)))
    });
    let name = |id: &str| {
        g.nodes
            .iter()
            .find(|n| n.id == id)
            .map_or(id.to_string(), |n| n.name.clone())
    };
    Ok(layout(
        "Graphe",
        None,
        html! {
            section.card {
                h1 { "Qui est cité avec qui, qui parle de qui" }
                p.muted {
                    "Les " (g.nodes.len()) " personnes les plus nommées. Trait gris : citées dans les mêmes articles ; "
                    "flèche rouge : les propos de l'une nomment l'autre. "
                    a href=(format!("/graph.gexf?n={n}")) { "Télécharger (GEXF, Gephi)" } " · "
                    a href=(format!("/api/graph?n={n}")) { "JSON" } " · "
                    a href="/graph?n=20" { "20" } " · " a href="/graph?n=40" { "40" } " · " a href="/graph?n=80" { "80" } " personnes"
                }
                (svg::graph(&g, person_href))
            }
            section.card {
                h2 { "Relations les plus fortes" }
                table.links {
                    thead { tr { th { "de" } th { "relation" } th { "à" } th { "poids" } } }
                    tbody {
                        @for l in strongest.iter().take(30) {
                            tr {
                                td { a href=(person_href(&l.source)) { (name(&l.source)) } }
                                td { (if l.kind == "about" { "parle de" } else { "cité·e avec" }) }
                                td { a href=(person_href(&l.target)) { (name(&l.target)) } }
                                td { (l.weight) }
                            }
                        }
                    }
                }
            }
        },
    ))
}

async fn graph_gexf(
    axum::extract::State(st): axum::extract::State<State>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ServerError> {
    let n = Params::parse(raw.as_deref()).number("n", 40, 5, 200);
    let g = st.pool.run(move |s| Ok(s.person_graph(n)?)).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/gexf+xml; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"dixit-graph.gexf\"",
            ),
        ],
        crate::gexf::to_gexf(&g),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::relation_label;

    #[test]
    fn relation_labels_read_from_the_page_owner_side() {
        assert_eq!(relation_label("out", "criticises"), "critique");
        assert_eq!(relation_label("in", "criticises"), "critiqué·e par");
        assert_eq!(relation_label("out", "not-supports"), "ne soutient pas");
        assert_eq!(relation_label("out", "not-succeeds"), "ne succède pas à");
        assert_eq!(relation_label("in", "not-supports"), "pas soutenu·e par");
    }
}

//! HTML pages: main-text extraction (readability via `dom_smoothie`, with JSON-LD and
//! `<article>` fallbacks) and metadata from meta tags, JSON-LD and `<time>`.

use dixit_model::{Document, Source};
use dom_smoothie::{Config, Readability, TextMode};
use serde_json::Value;

use crate::{ReadError, decode};

/// Metadata gathered from the page before readability rewrites the DOM.
#[derive(Debug, Default)]
struct PageMeta {
    og_title: Option<String>,
    site_name: Option<String>,
    publisher: Option<String>,
    author: Option<String>,
    published: Option<String>,
    url: Option<String>,
    ld_headline: Option<String>,
    ld_body: Option<String>,
    ld_date: Option<String>,
    ld_author: Option<String>,
    ld_publisher: Option<String>,
    time_datetime: Option<String>,
    article_text: Option<String>,
}

/// Extracts the main text and metadata of an HTML page. `source` gives the path and what
/// the caller already knows (URL, a fallback date such as WARC-Date); page metadata
/// completes it. `content_type_charset` is the charset of an HTTP `Content-Type` header.
pub fn html_to_document(
    html: &[u8],
    mut source: Source,
    content_type_charset: Option<&str>,
) -> Result<Document, ReadError> {
    if decode::looks_binary(html.get(..crate::SNIFF_BYTES).unwrap_or(html)) {
        return Err(ReadError::Binary { path: source.path });
    }
    let text = decode::decode_html(html, content_type_charset);
    let dom = dom_query::Document::from(text.as_ref());
    let meta = page_meta(&dom);
    preclean(&dom);

    let url = source.url.clone().or_else(|| meta.url.clone());
    let absolute = url
        .as_deref()
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let cfg = Config {
        text_mode: TextMode::Formatted,
        ..Default::default()
    };
    let mut title = meta.og_title.clone().or_else(|| meta.ld_headline.clone());
    let mut byline = None;
    let mut body = String::new();
    // A bad URL only costs link resolution, so retry without it rather than fail.
    let readability = Readability::with_document(dom, absolute, Some(cfg.clone())).or_else(|_| {
        Readability::with_document(dom_query::Document::from(text.as_ref()), None, Some(cfg))
    });
    if let Ok(mut r) = readability
        && let Ok(article) = r.parse()
    {
        body = keep_prose(&paragraphs(&strip_soft_hyphens(&article.text_content)));
        if title.is_none() && !article.title.trim().is_empty() {
            title = Some(clean_space(&article.title));
        }
        byline = article.byline.as_deref().map(clean_space);
    }
    body = pick_body(body, &meta);
    if body.is_empty() {
        return Err(ReadError::NoText { path: source.path });
    }

    source.url = url;
    // The page's own metadata first; the caller's date (WARC-Date) only as a fallback.
    let date = [&meta.published, &meta.ld_date, &meta.time_datetime]
        .into_iter()
        .flatten()
        .find_map(|d| iso_date(d));
    source.date = date.or_else(|| source.date.as_deref().and_then(iso_date));
    if source.outlet.is_none() {
        source.outlet = meta
            .publisher
            .clone()
            .or_else(|| meta.site_name.clone())
            .or_else(|| meta.ld_publisher.clone())
            .or_else(|| source.url.as_deref().and_then(known_outlet));
    }
    if source.author.is_none() {
        source.author = meta
            .ld_author
            .clone()
            .or_else(|| meta.author.clone())
            .or(byline)
            .filter(|a| !a.is_empty() && !a.starts_with("http") && !looks_like_domain(a));
    }
    Ok(Document {
        source,
        title: title.filter(|t| !t.is_empty()),
        analysis: body.clone(),
        text: body,
        text_is_input: false,
    })
}

/// Tags never part of article prose.
const DROP_TAGS: &str = "script, style, noscript, nav, header, footer, aside, form, figure, \
     figcaption, button, iframe, svg, select, input, template, dialog";

/// Class or id fragments of page furniture, removed whatever their size.
const DROP_ALWAYS: &[&str] = &[
    "comment",
    "paywall",
    "capping",
    "modal",
    "popin",
    "outbrain",
    "taboola",
    "newsletter",
    "breadcrumb",
    "cookie",
    "sr-only",
    "visually-hidden",
    "lire-aussi",
    "lireaussi",
    "read-also",
    "readmore",
    "read-more",
    "related",
    "kicker",
];

/// Weaker fragments, removed only from elements holding little text.
const DROP_SMALL: &[&str] = &[
    "share",
    "social",
    "promo",
    "sidebar",
    "subscri",
    "abonn",
    "sponsor",
    "dfp",
    "advert",
    "premium",
    "byline",
    "signature",
    "author",
    "date",
    "credit",
    "legend",
    "caption",
    "tags",
    "footer",
    "meta",
    "publish",
];

/// Removes navigation, teasers, paywall notices and the like before readability scores
/// the page: readability alone keeps some of them when they sit inside the article.
fn preclean(dom: &dom_query::Document) {
    dom.select(DROP_TAGS).remove();
    let mut doomed = Vec::new();
    for node in dom.select("body *").nodes() {
        let class = node.attr("class").unwrap_or_default();
        let id = node.attr("id").unwrap_or_default();
        if class.is_empty() && id.is_empty() {
            continue;
        }
        let key = format!("{class} {id}").to_ascii_lowercase();
        if matches!(
            node.node_name().as_deref(),
            Some("html" | "body" | "main" | "article")
        ) {
            continue;
        }
        if DROP_ALWAYS.iter().any(|k| key.contains(k))
            || (DROP_SMALL.iter().any(|k| key.contains(k)) && node.text().len() < 400)
        {
            doomed.push(*node);
        }
    }
    for node in doomed {
        node.remove_from_parent();
    }
}

fn strip_soft_hyphens(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains('\u{ad}') {
        std::borrow::Cow::Owned(s.replace('\u{ad}', ""))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Drops paragraphs that are page furniture rather than prose: date and byline lines,
/// paywall notices, photo credits, "lire aussi" teasers.
fn keep_prose(text: &str) -> String {
    const STARTS: &[&str] = &[
        "publié le",
        "mis à jour le",
        "modifié le",
        "article réservé aux abonnés",
        "lecture restreinte",
        "crédit photo",
        "crédits photo",
        "lire aussi",
        "à lire aussi",
        "a lire aussi",
        "lire la suite",
        "j'accepte de recevoir",
        "abonnez-vous",
        "la suite est réservée",
        "il vous reste",
    ];
    const CONTAINS: &[&str] = &[
        "de cet article à lire",
        "la suite est réservée aux abonnés",
        "crédits photo :",
        "crédit photo :",
    ];
    let mut out = String::with_capacity(text.len());
    for para in text.split("\n\n") {
        let lower = para.to_lowercase();
        let short = para.len() < 200;
        if (short && STARTS.iter().any(|s| lower.starts_with(s)))
            || CONTAINS.iter().any(|c| lower.contains(c))
        {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(para);
    }
    out
}

/// Chooses between the readability text and the fallbacks: a JSON-LD `articleBody` or the
/// paragraphs of `<article>` win when readability found clearly less.
fn pick_body(readability: String, meta: &PageMeta) -> String {
    let words = |s: &str| s.split_whitespace().count();
    let mut best = readability;
    let mut best_words = words(&best);
    let candidates = [
        &meta.ld_body,
        if best_words == 0 {
            &meta.article_text
        } else {
            &None
        },
    ];
    for alt in candidates.into_iter().flatten() {
        let n = words(alt);
        if n > best_words * 2 && n >= 30 {
            best = alt.clone();
            best_words = n;
        }
    }
    best
}

/// Text of an HTML fragment (feed item content), paragraphs separated by blank lines.
pub fn html_fragment_text(fragment: &str) -> String {
    if !fragment.contains('<') {
        return paragraphs(fragment);
    }
    let doc = dom_query::Document::fragment(fragment);
    doc.select("script, style").remove();
    paragraphs(&doc.formatted_text())
}

/// Normalises extracted text: one paragraph per non-blank line, inner whitespace
/// collapsed, paragraphs joined by a blank line.
fn paragraphs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut words = words(line).peekable();
        if words.peek().is_none() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        for (i, w) in words.enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    out
}

/// Whitespace-separated words, keeping no-break spaces inside words: French typography
/// puts them before `!`, `?`, `:` and inside guillemets.
fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}')
        .filter(|w| !w.is_empty())
}

/// Metadata values with every kind of whitespace run (no-break spaces included, as in
/// the body text) folded into one space.
fn clean_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn non_empty(s: Option<impl AsRef<str>>) -> Option<String> {
    s.map(|v| clean_space(v.as_ref())).filter(|v| !v.is_empty())
}

fn page_meta(dom: &dom_query::Document) -> PageMeta {
    let mut m = PageMeta::default();
    for node in dom.select("meta").nodes() {
        let key = node
            .attr("property")
            .or_else(|| node.attr("name"))
            .or_else(|| node.attr("itemprop"));
        let (Some(key), Some(content)) = (key, node.attr("content")) else {
            continue;
        };
        let value = non_empty(Some(&*content));
        let slot = match key.to_ascii_lowercase().as_str() {
            "og:title" => &mut m.og_title,
            "og:site_name" => &mut m.site_name,
            "publisher" | "article:publisher" | "dc.publisher" => &mut m.publisher,
            "author" | "article:author" | "dc.creator" | "sailthru.author" => &mut m.author,
            "article:published_time"
            | "og:published_time"
            | "og:article:published_time"
            | "published_time"
            | "article:published"
            | "datepublished"
            | "datecreated"
            | "date"
            | "dc.date"
            | "dc.date.issued"
            | "dc.date.created"
            | "dcterms.date"
            | "dcterms.created"
            | "dcterms.issued"
            | "pubdate"
            | "publishdate"
            | "publish-date"
            | "publication_date"
            | "parsely-pub-date"
            | "sailthru.date" => &mut m.published,
            "og:url" => &mut m.url,
            _ => continue,
        };
        if slot.is_none() {
            *slot = value;
        }
    }
    // Links are not names: drop publisher/author values that are URLs.
    for slot in [&mut m.publisher, &mut m.author] {
        if slot
            .as_deref()
            .is_some_and(|v| v.contains("://") || v.starts_with("//"))
        {
            *slot = None;
        }
    }
    if let Some(href) = dom.select("link[rel=canonical]").attr("href") {
        let href = href.trim();
        if href.starts_with("http") {
            m.url = Some(href.to_string());
        }
    }
    for node in dom.select("script[type='application/ld+json']").nodes() {
        let raw = node.text();
        if let Ok(v) = serde_json::from_str::<Value>(raw.trim()) {
            json_ld(&v, &mut m, 0);
        }
    }
    // A `<time>` marked as the publication date, else the first one.
    let marked = dom.select("time[itemprop=datePublished], time[pubdate], time.published");
    let time = if marked.exists() {
        marked
    } else {
        dom.select("time[datetime]")
    };
    m.time_datetime = non_empty(time.first().attr("datetime"));
    let article = dom.select("article");
    if article.exists() {
        let mut text = String::new();
        for p in article.select("p").nodes() {
            let t = clean_space(&p.text());
            if !t.is_empty() {
                if !text.is_empty() {
                    text.push_str("\n\n");
                }
                text.push_str(&t);
            }
        }
        if !text.is_empty() {
            m.article_text = Some(text);
        }
    }
    m
}

const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "Report",
    "WebPage",
];

fn has_article_type(v: &Value) -> bool {
    match v.get("@type") {
        Some(Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
        Some(Value::Array(ts)) => ts
            .iter()
            .any(|t| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t))),
        _ => false,
    }
}

fn names(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => non_empty(Some(s)),
        Value::Object(o) => o.get("name").and_then(names),
        Value::Array(items) => {
            let all: Vec<String> = items.iter().filter_map(names).collect();
            (!all.is_empty()).then(|| all.join(", "))
        }
        _ => None,
    }
}

fn json_ld(v: &Value, m: &mut PageMeta, depth: usize) {
    if depth > 8 {
        return;
    }
    match v {
        Value::Array(items) => items.iter().for_each(|i| json_ld(i, m, depth + 1)),
        Value::Object(o) => {
            if let Some(graph) = o.get("@graph") {
                json_ld(graph, m, depth + 1);
            }
            if !has_article_type(v) {
                return;
            }
            let is_page = v.get("@type").and_then(Value::as_str) == Some("WebPage");
            let text = |k: &str| non_empty(o.get(k).and_then(Value::as_str));
            if !is_page && m.ld_body.is_none() {
                m.ld_body = o
                    .get("articleBody")
                    .and_then(Value::as_str)
                    .map(paragraphs)
                    .filter(|b| !b.is_empty());
            }
            if !is_page && m.ld_headline.is_none() {
                m.ld_headline = text("headline");
            }
            if m.ld_date.is_none() {
                m.ld_date = text("datePublished").or_else(|| text("dateCreated"));
            }
            if !is_page && m.ld_author.is_none() {
                m.ld_author = o.get("author").and_then(names);
            }
            if m.ld_publisher.is_none() {
                m.ld_publisher = o.get("publisher").and_then(names);
            }
        }
        _ => {}
    }
}

fn looks_like_domain(s: &str) -> bool {
    !s.contains(' ') && s.contains('.')
}

/// ISO 8601 form of a publication date, the day being Paris's (see
/// [`dixit_dates::published_iso`]); `None` for what is not a date.
pub(crate) fn iso_date(raw: &str) -> Option<String> {
    dixit_dates::published_iso(raw)
}

const KNOWN_OUTLETS: &[(&str, &str)] = &[
    ("lemonde.fr", "Le Monde"),
    ("lefigaro.fr", "Le Figaro"),
    ("liberation.fr", "Libération"),
    ("lesechos.fr", "Les Echos"),
    ("leparisien.fr", "Le Parisien"),
    ("francetvinfo.fr", "franceinfo"),
    ("20minutes.fr", "20 Minutes"),
    ("bfmtv.com", "BFMTV"),
    ("ouest-france.fr", "Ouest-France"),
    ("lexpress.fr", "L'Express"),
    ("lepoint.fr", "Le Point"),
    ("nouvelobs.com", "L'Obs"),
    ("huffingtonpost.fr", "HuffPost"),
    ("mediapart.fr", "Mediapart"),
    ("lci.fr", "LCI"),
    ("tf1info.fr", "TF1 Info"),
    ("rfi.fr", "RFI"),
    ("france24.com", "France 24"),
    ("euronews.com", "Euronews"),
    ("lejdd.fr", "Le JDD"),
    ("marianne.net", "Marianne"),
    ("humanite.fr", "L'Humanité"),
    ("la-croix.com", "La Croix"),
    ("latribune.fr", "La Tribune"),
    ("challenges.fr", "Challenges"),
    ("franceinter.fr", "France Inter"),
    ("franceculture.fr", "France Culture"),
    ("radiofrance.fr", "Radio France"),
    ("rtl.fr", "RTL"),
    ("europe1.fr", "Europe 1"),
    ("ladepeche.fr", "La Dépêche du Midi"),
    ("sudouest.fr", "Sud Ouest"),
    ("lavoixdunord.fr", "La Voix du Nord"),
    ("actu.orange.fr", "Orange Actualités"),
    ("radio-canada.ca", "Radio-Canada"),
    ("lapresse.ca", "La Presse"),
    ("ledevoir.com", "Le Devoir"),
    ("lesoir.be", "Le Soir"),
    ("rts.ch", "RTS"),
    ("letemps.ch", "Le Temps"),
];

/// Outlet name for a URL on a known news host.
fn known_outlet(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest
        .split(['/', '?', '#', ':'])
        .next()?
        .to_ascii_lowercase();
    KNOWN_OUTLETS
        .iter()
        .find(|(h, _)| host == *h || host.ends_with(&format!(".{h}")))
        .map(|(_, name)| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Un titre - Le Journal</title>
<meta property="og:title" content="Un titre">
<meta property="og:site_name" content="Le Journal">
<meta property="article:published_time" content="2024-03-01T10:00:00+01:00">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","author":[{"@type":"Person","name":"Marie Dupont"}],"publisher":{"@type":"Organization","name":"Le Journal"}}</script>
</head><body><nav><a href="/">Accueil</a> <a href="/politique">Politique</a></nav>
<article><h1>Un titre</h1>
<p>Le ministre a déclaré mardi que la réforme serait présentée au Parlement avant l'été, malgré l'opposition des syndicats qui dénoncent un passage en force.</p>
<p>« Nous irons jusqu'au bout », a-t-il affirmé devant la presse, en rappelant que le texte avait été longuement concerté avec les partenaires sociaux depuis janvier.</p>
<p>Les syndicats appellent à une nouvelle journée de mobilisation le 12 mars, la cinquième depuis le début du mouvement, et promettent des cortèges dans toutes les grandes villes.</p>
</article><footer>Mentions légales</footer></body></html>"#;

    #[test]
    fn extracts_text_and_metadata() {
        let src = Source {
            path: "p.html".into(),
            ..Default::default()
        };
        let d = html_to_document(PAGE.as_bytes(), src, None).unwrap();
        assert_eq!(d.title.as_deref(), Some("Un titre"));
        assert!(d.text.starts_with("Le ministre a déclaré"), "{}", d.text);
        assert_eq!(d.text.matches("\n\n").count(), 2, "{}", d.text);
        assert!(!d.text.contains("Accueil"));
        assert!(!d.text.contains("Mentions"));
        assert_eq!(d.text, d.analysis);
        assert!(!d.text_is_input);
        assert_eq!(d.source.outlet.as_deref(), Some("Le Journal"));
        assert_eq!(d.source.author.as_deref(), Some("Marie Dupont"));
        assert_eq!(d.source.date.as_deref(), Some("2024-03-01T10:00:00+01:00"));
    }

    #[test]
    fn windows_1252_without_charset() {
        let page = PAGE
            .replace(r#"<meta charset="utf-8">"#, "")
            .replace('’', "'");
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&page);
        let src = Source {
            path: "w.html".into(),
            ..Default::default()
        };
        let d = html_to_document(&bytes, src, None).unwrap();
        assert!(d.text.contains("déclaré"), "{}", d.text);
        assert!(d.text.contains("« Nous irons"));
    }

    #[test]
    fn empty_page_is_an_error_naming_the_path() {
        let src = Source {
            path: "empty.html".into(),
            ..Default::default()
        };
        let e = html_to_document(b"<html><body></body></html>", src, None).unwrap_err();
        assert!(e.to_string().starts_with("empty.html"), "{e}");
    }

    #[test]
    fn dates() {
        assert_eq!(
            iso_date("2014-04-16 10:19:01").as_deref(),
            Some("2014-04-16T10:19:01")
        );
        assert_eq!(
            iso_date("Tue, 10 Jun 2003 04:00:00 +0200").as_deref(),
            Some("2003-06-10T04:00:00+02:00")
        );
        // An instant in UTC is given in Paris time, so that its first ten characters
        // are the day Paris read it.
        assert_eq!(
            iso_date("Tue, 10 Jun 2003 04:00:00 GMT").as_deref(),
            Some("2003-06-10T06:00:00+02:00")
        );
        assert_eq!(iso_date("12 mars 2017").as_deref(), Some("2017-03-12"));
        assert_eq!(iso_date("hier"), None);
        assert_eq!(
            iso_date("2026-01-06T14:16:29 +01:00").as_deref(),
            Some("2026-01-06T14:16:29+01:00")
        );
    }

    #[test]
    fn outlets_from_hosts() {
        assert_eq!(
            known_outlet("https://www.lemonde.fr/x").as_deref(),
            Some("Le Monde")
        );
        assert_eq!(known_outlet("https://notlemonde.fr/x"), None);
    }

    #[test]
    fn fragments() {
        assert_eq!(
            html_fragment_text("<p>Un  <b>deux</b></p><p>trois</p><script>x()</script>"),
            "Un deux\n\ntrois"
        );
        assert_eq!(html_fragment_text("a\n\n b "), "a\n\nb");
    }
}

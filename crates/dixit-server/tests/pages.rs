//! Every page and API route over the bundled examples; odd parameters; untrusted text.

mod support;

use proptest::prelude::*;
use std::net::SocketAddr;
use std::sync::OnceLock;
use support::{Resp, get};

/// One server over the examples for the whole file (the store lives as long as the process).
fn server() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let loc = support::examples_store(dir.path());
        std::mem::forget(dir);
        support::start(loc, false)
    })
}

fn ok(path: &str) -> Resp {
    let r = get(server(), path);
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    r
}

const LE_GUEN: &str = "/person/jean-marie-le-guen";

#[test]
fn every_page_type_renders() {
    let home = ok("/");
    assert!(home.body.contains("Qui a dit quoi"));
    assert!(
        home.header("content-type")
            .is_some_and(|c| c.starts_with("text/html"))
    );
    assert!(
        home.header("content-security-policy")
            .is_some_and(|c| c.contains("script-src 'self'"))
    );
    assert!(
        home.body.contains("/outlet/orange%20actu"),
        "outlets listed"
    );

    let s = ok("/search?q=impasse+strat%C3%A9gique");
    assert!(s.body.contains("<mark>impasse</mark>"), "{}", s.body);
    assert!(s.body.contains(&format!("href=\"{LE_GUEN}\"")));
    assert!(s.body.contains("1 citation(s)"));

    let p = ok(LE_GUEN);
    assert!(p.body.contains("<h1>Jean-Marie Le Guen"));
    assert!(p.body.contains("sur RTL"));
    assert!(p.body.contains("secrétaire d"));
    assert!(
        ok("/person/manuel-valls")
            .body
            .contains("<svg class=\"timeline\"")
    );
    let hamon = ok("/person/benoit-hamon");
    assert!(hamon.body.contains("Ce que d'autres en disent"));
    assert!(
        hamon.body.contains("impasse"),
        "Le Guen's quote is about Hamon"
    );
    // Relations, from both sides: Yves Blein "reproche à Benoît Hamon …" in the seed.
    assert!(
        hamon
            .body
            .contains("critiqué·e par</span> <a href=\"/person/yves-blein\">Yves Blein</a>"),
        "Hamon's page lists who criticises him"
    );
    let blein = ok("/person/yves-blein");
    assert!(
        blein
            .body
            .contains("critique</span> <a href=\"/person/benoit-hamon\">Benoît Hamon</a>"),
        "Blein's page lists whom he criticises"
    );
    assert!(
        blein.body.contains("ne soutient pas</span>"),
        "« il ne soutiendra pas Benoît Hamon » is a denied support"
    );
    let api_hamon = ok("/api/persons/benoit-hamon").json();
    let rels = api_hamon["relations"].as_array().expect("relations");
    assert!(
        rels.iter().any(|r| r["direction"] == "in"
            && r["kind"] == "criticises"
            && r["other_id"] == "yves-blein"),
        "{rels:?}"
    );

    let api = ok("/api/quotes?q=impasse").json();
    let article = api["items"][0]["article_id"]
        .as_str()
        .expect("article id")
        .to_string();
    let a = ok(&format!("/article/{article}"));
    assert!(a.body.contains("<mark class=\"q k-"), "quotes marked");
    assert!(
        a.body
            .contains(&format!("class=\"ent person\" href=\"{LE_GUEN}\""))
    );

    let o = ok("/outlet/orange%20actu");
    assert!(o.body.contains("<h1>Orange Actu</h1>"));
    assert!(o.body.contains("Part de chaque parti"));

    let g = ok("/graph");
    assert!(g.body.contains("<svg class=\"graph\""));
    let gexf = ok("/graph.gexf?n=10");
    assert!(
        gexf.header("content-type")
            .is_some_and(|c| c.contains("gexf"))
    );
    assert!(gexf.body.contains("<gexf"));

    let arts = ok("/search?q=nucl%C3%A9aire&scope=articles");
    assert!(arts.body.contains("class=\"snippet\""));
    assert!(arts.body.contains("<mark>"));
}

#[test]
fn api_mirrors_the_pages() {
    let doc = ok("/api/openapi.json").json();
    for path in [
        "/api/quotes",
        "/api/persons/{id}",
        "/api/outlets/{id}",
        "/api/articles/{id}",
        "/api/search/articles",
    ] {
        assert!(
            doc["paths"].get(path).is_some(),
            "{path} missing from OpenAPI"
        );
    }
    let q = ok("/api/quotes?q=impasse&speaker=le+guen").json();
    assert_eq!(q["total"], 1);
    assert_eq!(q["items"][0]["channel"], "RTL");
    let p = ok("/api/persons/jean-marie-le-guen").json();
    assert_eq!(p["name"], "Jean-Marie Le Guen");
    assert_eq!(p["quotes_by"], 2);
    let by = ok("/api/persons/jean-marie-le-guen/quotes?limit=1").json();
    assert_eq!(
        (by["total"].as_u64(), by["items"].as_array().map(Vec::len)),
        (Some(2), Some(1))
    );
    let o = ok("/api/outlets/wikinews").json();
    assert_eq!(o["articles"], 3);
    let id = q["items"][0]["article_id"]
        .as_str()
        .expect("id")
        .to_string();
    let a = ok(&format!("/api/articles/{id}")).json();
    assert!(
        a["text"]
            .as_str()
            .is_some_and(|t| t.contains("impasse stratégique"))
    );
    assert!(a["spans"].as_array().is_some_and(|s| !s.is_empty()));
    let found = ok("/api/persons?q=guen").json();
    assert_eq!(found[0]["id"], "jean-marie-le-guen");
    let arts = ok("/api/search/articles?q=impasse").json();
    assert_eq!(arts["total"], 1);
    assert!(
        ok("/api/overview").json()["quotes"]
            .as_u64()
            .is_some_and(|n| n > 10)
    );
    assert!(
        ok("/api/graph?n=10").json()["nodes"]
            .as_array()
            .is_some_and(|n| n.len() == 10)
    );

    let csv = ok("/api/quotes?q=impasse&format=csv");
    assert!(
        csv.header("content-type")
            .is_some_and(|c| c.starts_with("text/csv"))
    );
    assert!(
        csv.header("content-disposition")
            .is_some_and(|c| c.contains("attachment"))
    );
    assert!(csv.body.starts_with("id,article_id,text,kind,speaker"));
    assert_eq!(csv.body.lines().count(), 2);
    let jsonl = ok("/api/persons/jean-marie-le-guen/quotes?format=jsonl");
    assert_eq!(jsonl.body.lines().count(), 2);
    for line in jsonl.body.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("jsonl line");
        assert_eq!(v["person_id"], "jean-marie-le-guen");
    }
    for path in [
        "/api/persons/nobody",
        "/api/outlets/nowhere",
        "/api/articles/0",
    ] {
        let r = get(server(), path);
        assert_eq!(r.status, 404, "{path}");
        assert!(r.json()["error"].is_string());
    }
}

#[test]
fn unknown_things_are_404_pages() {
    for path in [
        "/person/nobody",
        "/outlet/nowhere",
        "/article/0",
        "/nope",
        "/api/nope",
        "/person/%FF%FE",
    ] {
        let r = get(server(), path);
        assert!(r.status == 404 || r.status == 400, "{path}: {}", r.status);
        assert!(!r.body.contains("panicked"));
    }
}

/// A table of hostile or absurd parameters: every one answers, none with a 5xx.
#[test]
fn odd_parameters_never_fail() {
    let long = "a".repeat(100_000);
    let table = [
        "/search?q=".to_string(),
        "/search?q=%22%22%22".into(),
        "/search?q=*".into(),
        "/search?q=-".into(),
        "/search?q=NEAR(a%20b)".into(),
        "/search?q=a%20OR%20b%20AND%20NOT%20c".into(),
        "/search?q=%27%3B%20DROP%20TABLE%20quotes%3B--".into(),
        "/search?q=%25%5F%5C".into(),
        format!("/search?q={long}"),
        "/search?q=impasse&page=0".into(),
        "/search?q=impasse&page=-3".into(),
        "/search?q=impasse&page=99999999999999999999999".into(),
        "/search?q=impasse&page=abc".into(),
        "/search?q=impasse&limit=0".into(),
        "/search?q=impasse&from=2017-02-31&to=x".into(),
        "/search?q=impasse&from=9999&to=0000".into(),
        "/search?kind=%00".into(),
        "/search?kind=mixed&party=PS".into(),
        "/search?speaker=%25&outlet=_".into(),
        "/search?q=a&q=b&q=c".into(),
        "/search?scope=articles&q=%22".into(),
        "/search?scope=nope&q=x".into(),
        "/search?%FF=%FE&q=%C3".into(),
        "/api/quotes?offset=18446744073709551615&limit=18446744073709551615&q=impasse".into(),
        "/api/quotes?format=xml&q=x".into(),
        "/api/search/articles?q=".into(),
        "/api/persons?q=%25".into(),
        "/api/persons/jean-marie-le-guen/quotes?offset=-1&limit=-1".into(),
        "/api/outlets/wikinews/articles?offset=999999999&limit=3".into(),
        "/api/graph?n=0".into(),
        "/api/graph?n=100000".into(),
        "/graph?n=-1".into(),
        "/graph.gexf?n=abc".into(),
        "/person/jean-marie-le-guen?pb=999&pa=-1".into(),
        "/outlet/wikinews?page=1000000".into(),
        format!("/person/{long}"),
    ];
    for path in &table {
        let r = get(server(), path);
        // 414: hyper refuses a request line over its limit before any handler runs.
        assert!(
            [200, 400, 404, 414].contains(&r.status),
            "{}: {} {}",
            path.get(..80).unwrap_or(path),
            r.status,
            r.body.get(..300).unwrap_or(&r.body)
        );
        assert!(!r.body.contains("panicked"));
    }
}

/// A search the store rejects is explained on the page (the form kept) and is a 400
/// with the reason in the API, never a 500 and never an empty result passed off as one.
#[test]
fn query_language_errors_are_explained() {
    for (path, reason) in [
        ("/search?q=les", "ne contient aucun mot"),
        ("/search?q=%22%22%22", "ne contient aucun mot"),
        ("/search?q=retraites+OR", "OR doit relier"),
        ("/search?q=-football", "ne fait qu'exclure"),
        ("/search?q=r*", "« r* » est trop court"),
        ("/search?q=impasse&from=07%2F2017", "« 07/2017 »"),
        (
            "/search?q=impasse&from=2018&to=2017",
            "est après la date de fin",
        ),
        ("/search?q=impasse&kind=nope", "« nope » n'est pas un type"),
        (
            "/search?q=impasse&scope=articles&speaker=guen",
            "« orateur »",
        ),
    ] {
        let r = ok(path);
        let alert = r
            .body
            .split("role=\"alert\">")
            .nth(1)
            .unwrap_or_else(|| panic!("{path}: no message on the page"));
        assert!(
            alert.contains(reason),
            "{path}: {}",
            &alert[..alert.len().min(300)]
        );
        assert!(!r.body.contains("citation(s)</span>"), "{path}: no count");
        assert!(r.body.contains("name=\"q\""), "{path}: the form is kept");
    }
    for (path, reason) in [
        ("/api/quotes?q=les", "ne contient aucun mot"),
        ("/api/quotes?q=a+-b+OR+c", "mot exclu"),
        ("/api/quotes?q=impasse&to=hier", "« hier »"),
        (
            "/api/quotes?q=impasse&kind=nope&format=csv",
            "type de citation",
        ),
        ("/api/search/articles?q=impasse&party=PS", "« parti »"),
        ("/api/search/articles?q=%2A", "ne contient aucun mot"),
    ] {
        let r = get(server(), path);
        assert_eq!(r.status, 400, "{path}: {}", r.body);
        assert!(
            r.header("content-type")
                .is_some_and(|c| c.starts_with("application/json"))
        );
        let e = r.json()["error"].as_str().unwrap_or_default().to_string();
        assert!(e.contains(reason), "{path}: {e}");
    }
}

/// Ids of every quote hit of an API search (pages of 100).
fn quote_ids(query: &str) -> Vec<String> {
    let mut ids = Vec::new();
    loop {
        let r = ok(&format!(
            "/api/quotes?{query}&limit=100&offset={}",
            ids.len()
        ))
        .json();
        let items = r["items"].as_array().cloned().unwrap_or_default();
        if items.is_empty() {
            assert_eq!(r["total"].as_u64(), Some(ids.len() as u64), "{query}");
            return ids;
        }
        ids.extend(
            items
                .iter()
                .filter_map(|i| i["id"].as_str().map(String::from)),
        );
    }
}

/// The web search is the store's: phrases, OR, exclusions, prefixes, exact totals,
/// pages cut by the store in one order.
#[test]
fn search_speaks_the_query_language() {
    let phrase = ok("/search?q=%22impasse+strat%C3%A9gique%22");
    assert!(phrase.body.contains("1 citation(s)"), "{}", phrase.body);
    assert!(
        phrase
            .body
            .contains("<mark>impasse</mark> <mark>stratégique</mark>")
    );
    assert_eq!(
        quote_ids("q=%22strat%C3%A9gique+impasse%22").len(),
        0,
        "phrase order counts"
    );
    assert_eq!(
        quote_ids("q=impasse+-strat%C3%A9gique").len(),
        0,
        "exclusion"
    );

    let nuc = quote_ids("q=nucl%C3%A9aire");
    let imp = quote_ids("q=impasse");
    assert!(!nuc.is_empty() && !imp.is_empty());
    let either = quote_ids("q=impasse+OR+nucl%C3%A9aire");
    let mut union: Vec<String> = nuc.iter().chain(&imp).cloned().collect();
    union.sort();
    union.dedup();
    let mut got = either.clone();
    got.sort();
    assert_eq!(got, union, "OR is the union");

    let prefix = quote_ids("q=nucl%2A");
    assert!(
        nuc.iter().all(|id| prefix.contains(id)),
        "nucl* ⊇ nucléaire"
    );

    // Pages of one hit walk the same order as one page of all: the store cuts them.
    let all = ok("/api/quotes?q=nucl%2A&limit=100").json();
    let total = all["total"].as_u64().unwrap_or_default();
    assert!(total >= 2, "{all}");
    for i in 0..total {
        let one = ok(&format!("/api/quotes?q=nucl%2A&limit=1&offset={i}")).json();
        assert_eq!(one["total"], total);
        assert_eq!(one["offset"], i);
        assert_eq!(
            one["items"][0]["id"], all["items"][i as usize]["id"],
            "hit {i}"
        );
    }
    let page2 = ok("/search?q=nucl%2A&page=2");
    assert!(page2.body.contains(&format!("{total} citation(s)")));

    // Filters are the store's too: every hit of a kind filter has that kind.
    let direct = ok("/api/quotes?q=nucl%2A&kind=direct&limit=100").json();
    let items = direct["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(direct["total"].as_u64(), Some(items.len() as u64));
    assert!(items.iter().all(|q| q["kind"] == "direct"), "{direct}");

    // Story search by filters alone (no words) lists the outlet's stories.
    let wikinews = ok("/api/search/articles?outlet=wikinews").json();
    assert_eq!(wikinews["total"], 3);
}

fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Whether the store accepts a search with these parameters as the server passes them
/// on (trimmed), i.e. whether the API answers 200 rather than 400.
fn store_accepts(q: &str, from: &str, kind: &str) -> bool {
    let (q, from, kind) = (q.trim(), from.trim(), kind.trim());
    (q.is_empty() || dixit_store::Query::parse(q).is_ok())
        && (from.is_empty() || dixit_store::query::check_date_range(Some(from), Some(from)).is_ok())
        && (kind.is_empty() || dixit_store::query::parse_kind(kind).is_ok())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    /// Any value of any parameter of the search page and API: the page answers 200 (a
    /// rejected search is explained on it), the API 200 or, exactly when the store
    /// rejects the query, date or kind, 400 with the reason; never a 5xx.
    #[test]
    fn any_search_parameters_answer(
        q in "\\PC{0,40}",
        speaker in "\\PC{0,12}",
        page in "[-0-9a-z]{0,25}",
        from in "[-0-9]{0,12}",
        kind in "(direct|indirect|mixed|\\PC{0,6})",
        scope in "(quotes|articles|x)",
    ) {
        let qs = format!(
            "q={}&speaker={}&page={}&from={}&to={}&kind={}&scope={}&party={}",
            enc(&q), enc(&speaker), enc(&page), enc(&from), enc(&from), enc(&kind), scope, enc(&speaker)
        );
        let r = get(server(), &format!("/search?{qs}"));
        prop_assert_eq!(r.status, 200, "/search?{}", qs);
        let r = get(server(), &format!("/api/quotes?{qs}&offset={}&limit={}", enc(&page), enc(&page)));
        let accepted = store_accepts(&q, &from, &kind);
        prop_assert_eq!(r.status, if accepted { 200 } else { 400 }, "/api/quotes?{}: {}", qs, r.body);
        if !accepted {
            prop_assert!(r.json()["error"].as_str().is_some_and(|e| !e.is_empty()));
        }
        let r = get(server(), &format!("/person/{}?pb={}", enc(&q), enc(&page)));
        prop_assert!(r.status == 200 || r.status == 404);
    }
}

/// With the page cache on, a page follows a commit to the store (the cache asks the
/// store's data version once a page expires), and is kept while nothing is written.
#[test]
fn cached_pages_follow_commits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let loc = support::examples_store(dir.path());
    let mut cfg = dixit_server::Config::new(loc.clone());
    cfg.cache_ttl = Some(std::time::Duration::from_millis(200));
    let addr = support::start_with(cfg);
    let articles = |r: &Resp| -> u64 {
        let v: serde_json::Value = serde_json::from_str(&r.body).expect("json");
        v["articles"].as_u64().expect("articles")
    };
    let first = get(addr, "/api/overview");
    assert_eq!(first.status, 200, "{}", first.body);
    let before = articles(&first);
    // Nothing written: however often the page expires, it says the same and comes
    // from the cache.
    for _ in 0..3 {
        std::thread::sleep(std::time::Duration::from_millis(250));
        let r = get(addr, "/api/overview");
        assert_eq!(articles(&r), before);
        assert!(r.header("x-dixit-cache").is_some(), "served from the cache");
    }
    support::add_article(
        &loc,
        "new.md",
        "Un article de plus",
        "Le ministre Jean Martin a déclaré : « Nous tiendrons bon ». ",
        "https://example.org/plus",
        "Le Test",
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let r = get(addr, "/api/overview");
        if articles(&r) == before + 1 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the cached overview never showed the new article"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

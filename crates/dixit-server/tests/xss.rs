//! An article full of markup and script is shown as text everywhere: article page,
//! search snippets, person page, outlet page and API.

mod support;

use support::get;

const TEXT: &str = "Jean Dupont a déclaré : « <script>alert(\"x\")</script> est inacceptable ». \
Selon Jean Dupont, il faut voir <img src=x onerror=\"alert(1)\"> et <a href=\"javascript:alert(2)\">cliquer ici</a> pour comprendre. \
Le maire Paul Martin a estimé que Jean Dupont « <svg onload=alert(3)> exagère ».";

#[test]
fn untrusted_text_is_never_markup() {
    let dir = tempfile::tempdir().expect("tempdir");
    let loc = support::examples_store(dir.path());
    support::add_article(
        &loc,
        "evil.txt",
        "<script>alert('titre')</script> Inacceptable",
        TEXT,
        "javascript:alert('url')",
        "<img src=x onerror=alert('outlet')>",
    );
    let addr = support::start(loc, true);

    let api = get(addr, "/api/quotes?q=inacceptable").json();
    let quote = &api["items"][0];
    assert!(
        quote["text"]
            .as_str()
            .is_some_and(|t| t.contains("<script>alert(\"x\")</script>")),
        "the API returns the text as data, unchanged: {api}"
    );
    let article_id = quote["article_id"].as_str().expect("article").to_string();
    let person = quote["person_id"].as_str().expect("speaker").to_string();
    let outlet = quote["outlet_id"].as_str().expect("outlet").to_string();
    let enc = |s: &str| {
        s.replace(' ', "%20")
            .replace('<', "%3C")
            .replace('>', "%3E")
            .replace('\'', "%27")
            .replace('=', "%3D")
    };

    let pages = [
        format!("/article/{article_id}"),
        "/search?q=inacceptable".to_string(),
        "/search?q=inacceptable&scope=articles".to_string(),
        "/search?q=comprendre&scope=articles".to_string(),
        format!("/person/{}", enc(&person)),
        "/person/jean%20dupont".to_string(),
        format!("/outlet/{}", enc(&outlet)),
        "/".to_string(),
        "/graph".to_string(),
    ];
    for path in &pages {
        let r = get(addr, path);
        assert_eq!(r.status, 200, "{path}");
        let b = &r.body;
        assert!(
            !b.contains("<script>alert"),
            "{path}: script tag from article text"
        );
        assert_eq!(
            b.matches("<script").count(),
            1,
            "{path}: only the app's own script"
        );
        assert!(!b.contains("<img"), "{path}: img tag from article text");
        assert!(
            !b.contains("<svg onload"),
            "{path}: svg tag from article text"
        );
        assert!(
            !b.contains("href=\"javascript:"),
            "{path}: javascript: link"
        );
        assert!(
            !b.to_ascii_lowercase().contains("href=\"javascript"),
            "{path}"
        );
        assert!(r.header("content-security-policy").is_some(), "{path}: CSP");
    }
    let article = get(addr, &format!("/article/{article_id}")).body;
    let visible = |needle: &str| article.contains(needle);
    assert!(
        visible("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"),
        "script shown as text"
    );
    assert!(
        visible("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"),
        "img shown as text"
    );
    assert!(
        visible("&lt;a href=&quot;javascript:alert(2)&quot;&gt;"),
        "link shown as text"
    );
    assert!(
        article.contains("&lt;script&gt;alert('titre')&lt;/script&gt;"),
        "title shown as text"
    );
    let search = get(addr, "/search?q=inacceptable").body;
    assert!(
        search.contains("&lt;script&gt;"),
        "search snippet shown as text"
    );
    let person_page = get(addr, "/person/jean%20dupont").body;
    assert!(
        person_page.contains("&lt;script&gt;"),
        "person page shows the quote as text"
    );

    // Pages come from the cache the second time (the server runs with one).
    let again = get(addr, &format!("/article/{article_id}"));
    assert_eq!(again.header("x-dixit-cache"), Some("hit"));
    assert_eq!(again.body, article);

    // The API serves JSON, never HTML, and CSV neutralises nothing but formulas.
    let r = get(addr, &format!("/api/articles/{article_id}"));
    assert!(
        r.header("content-type")
            .is_some_and(|c| c.starts_with("application/json"))
    );
    assert_eq!(r.json()["url"], "javascript:alert('url')");
    let csv = get(addr, "/api/quotes?q=inacceptable&format=csv");
    assert!(
        csv.header("content-type")
            .is_some_and(|c| c.starts_with("text/csv"))
    );
}

//! Every input format that carries a publication date fills `Source::date` with it, in
//! ISO 8601 with the Paris day first (`YYYY-MM-DD…`), whatever form the input used.

use std::path::{Path, PathBuf};

use dixit_model::Source;
use dixit_readers::{html_to_document, read_file};

const PARA: &str = "Le gouvernement a présenté mercredi un projet de loi très attendu, que l'opposition juge insuffisant et que les syndicats promettent de combattre dans la rue dès la semaine prochaine.";

fn page(head: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>T</title>{head}</head><body><article><h1>T</h1><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p></article></body></html>"
    )
}

fn html_date(head: &str, fallback: Option<&str>) -> Option<String> {
    let src = Source {
        path: "p.html".into(),
        date: fallback.map(str::to_owned),
        ..Default::default()
    };
    let doc = html_to_document(page(head).as_bytes(), src, None).expect("page reads");
    doc.source.date
}

fn write(dir: &Path, name: &str, data: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, data).expect("temp file");
    p
}

fn dates_of(path: &Path) -> Vec<Option<String>> {
    read_file(path)
        .map(|d| d.expect("document reads").source.date)
        .collect()
}

#[test]
fn html_meta_tags() {
    for (tag, want) in [
        (
            r#"<meta property="article:published_time" content="2017-01-31T10:00:00+01:00">"#,
            "2017-01-31T10:00:00+01:00",
        ),
        (
            r#"<meta property="og:published_time" content="2017-01-31T09:00:00Z">"#,
            "2017-01-31T10:00:00+01:00",
        ),
        (
            r#"<meta name="DC.date" content="2017-01-31">"#,
            "2017-01-31",
        ),
        (
            r#"<meta name="dcterms.created" content="2017-01-31">"#,
            "2017-01-31",
        ),
        (r#"<meta name="date" content="31/01/2017">"#, "2017-01-31"),
        (
            r#"<meta name="pubdate" content="31 janvier 2017">"#,
            "2017-01-31",
        ),
        (
            r#"<meta itemprop="datePublished" content="2017-01-31 10:00:00">"#,
            "2017-01-31T10:00:00",
        ),
        (
            r#"<meta name="parsely-pub-date" content="2017-03-25T23:30:00Z">"#,
            "2017-03-26T00:30:00+01:00",
        ),
    ] {
        assert_eq!(html_date(tag, None).as_deref(), Some(want), "{tag}");
    }
}

#[test]
fn html_json_ld_and_time() {
    let ld = r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"X"},{"@type":"NewsArticle","headline":"T","datePublished":"2017-10-28T22:30:00Z"}]}</script>"#;
    // 22:30 UTC on the night of the autumn change is 00:30 CEST the next day.
    assert_eq!(
        html_date(ld, None).as_deref(),
        Some("2017-10-29T00:30:00+02:00")
    );
    let time = r#"</head><body><time datetime="2016-01-01">x</time><time itemprop="datePublished" datetime="2017-01-31T08:00:00+01:00">31 janvier</time><head>"#;
    assert_eq!(
        html_date(time, None).as_deref(),
        Some("2017-01-31T08:00:00+01:00")
    );
}

#[test]
fn html_metadata_wins_over_the_warc_date_which_is_the_fallback() {
    let tag = r#"<meta property="article:published_time" content="2017-01-31T10:00:00+01:00">"#;
    assert_eq!(
        html_date(tag, Some("2017-02-15T00:00:00Z")).as_deref(),
        Some("2017-01-31T10:00:00+01:00")
    );
    // An unreadable page date does not hide the fallback.
    let junk = r#"<meta name="date" content="bientôt">"#;
    assert_eq!(
        html_date(junk, Some("2017-02-14T23:30:00Z")).as_deref(),
        Some("2017-02-15T00:30:00+01:00")
    );
    assert_eq!(html_date(junk, None), None);
    assert_eq!(html_date("", Some("pas une date")), None);
}

#[test]
fn feeds() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rss = r#"<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>F</title>
<item><title>A</title><link>https://ex.fr/a</link><pubDate>Sat, 31 Dec 2016 23:30:00 GMT</pubDate><description>Texte A.</description></item>
<item><title>B</title><link>https://ex.fr/b</link><dc:date>2017-01-31</dc:date><description>Texte B.</description></item>
<item><title>C</title><link>https://ex.fr/c</link><pubDate>un jour</pubDate><description>Texte C.</description></item>
</channel></rss>"#;
    let p = write(dir.path(), "f.rss", rss.as_bytes());
    assert_eq!(
        dates_of(&p),
        [
            Some("2017-01-01T00:30:00+01:00".to_string()),
            Some("2017-01-31".to_string()),
            None
        ]
    );
    let atom = r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>
<entry><title>A</title><id>https://ex.fr/a</id><published>2017-01-31T10:00:00+01:00</published><updated>2017-02-02T10:00:00+01:00</updated><content type="html">Texte A.</content></entry>
<entry><title>B</title><id>https://ex.fr/b</id><updated>2017-02-02T10:00:00+01:00</updated><summary>Texte B.</summary></entry>
</feed>"#;
    let p = write(dir.path(), "f.atom", atom.as_bytes());
    assert_eq!(
        dates_of(&p),
        [
            Some("2017-01-31T10:00:00+01:00".to_string()),
            Some("2017-02-02T10:00:00+01:00".to_string())
        ]
    );
}

#[test]
fn jsonl_fields() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = concat!(
        r#"{"text":"Un.","date":"2017-01-31"}"#,
        "\n",
        r#"{"text":"Deux.","published":"2017-01-31T23:30:00Z"}"#,
        "\n",
        r#"{"text":"Trois.","datePublished":"2017-01-31T10:00:00+01:00"}"#,
        "\n",
        r#"{"text":"Quatre.","pubDate":"Tue, 31 Jan 2017 10:00:00 +0100"}"#,
        "\n",
        r#"{"text":"Cinq."}"#,
        "\n"
    );
    let p = write(dir.path(), "a.jsonl", data.as_bytes());
    assert_eq!(
        dates_of(&p),
        [
            Some("2017-01-31".to_string()),
            Some("2017-02-01T00:30:00+01:00".to_string()),
            Some("2017-01-31T10:00:00+01:00".to_string()),
            Some("2017-01-31T10:00:00+01:00".to_string()),
            None
        ]
    );
}

#[test]
fn markdown_front_matter() {
    let dir = tempfile::tempdir().expect("temp dir");
    let md = "---\ntitle: Un titre\ndate: 2017-01-31\n---\n\nLe ministre a parlé hier.\n";
    let p = write(dir.path(), "a.md", md.as_bytes());
    let docs: Vec<_> = read_file(&p).collect::<Result<_, _>>().expect("reads");
    assert_eq!(docs[0].source.date.as_deref(), Some("2017-01-31"));
    assert_eq!(docs[0].title.as_deref(), Some("Un titre"));
    // Offsets stay offsets into the file; the front matter is not prose.
    assert_eq!(docs[0].text, md);
    assert!(!docs[0].analysis.contains("titre"));
    let plain = "Titre\n\nLe ministre a parlé hier.\n";
    let p = write(dir.path(), "b.md", plain.as_bytes());
    assert_eq!(dates_of(&p), [None]);
}

#[test]
fn warc_pages_of_the_corpus_all_carry_a_date() {
    let shared = std::env::var("DIXIT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let warc = shared.join("corpus/orange-politique-2015.warc.gz");
    if !warc.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{} is missing (CI must have ../shared)",
            warc.display()
        );
        eprintln!("skipped: {} not found", warc.display());
        return;
    }
    let mut n = 0;
    for doc in read_file(&warc).flatten() {
        n += 1;
        let date = doc.source.date.unwrap_or_default();
        assert!(
            dixit_dates::parse_published(&date).is_some(),
            "{}: date {date:?}",
            doc.source.path
        );
        assert!(date.starts_with("2015-"), "{}: {date}", doc.source.path);
    }
    assert!(n > 0, "no page read from {}", warc.display());
}

//! Bad inputs are reported with their path (and record offset) and the rest is read.

use std::io::Write;
use std::path::{Path, PathBuf};

use dixit_readers::{ReadError, read_file, read_paths};
use flate2::Compression;
use flate2::write::GzEncoder;

fn page(title: &str) -> String {
    let para = "Le gouvernement a présenté mercredi un projet de loi très attendu, que l'opposition juge insuffisant et que les syndicats promettent de combattre dans la rue dès la semaine prochaine.";
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head><body><article><h1>{title}</h1><p>{para}</p><p>{para}</p><p>{para}</p></article></body></html>"
    )
}

fn warc_record(kind: &str, uri: &str, content_type: &str, payload: &[u8]) -> Vec<u8> {
    let block = if kind == "response" {
        let mut b = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            payload.len()
        )
        .into_bytes();
        b.extend_from_slice(payload);
        b
    } else {
        payload.to_vec()
    };
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Date: 2017-05-01T10:00:00Z\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype={kind}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(&block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn write(dir: &Path, name: &str, data: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, data).unwrap();
    p
}

fn random_bytes(n: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.truncate(n);
    out
}

#[test]
fn warc_gz_one_member_per_record_with_non_html_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = Vec::new();
    data.extend(gz(&warc_record(
        "response",
        "https://www.lemonde.fr/a",
        "text/html; charset=utf-8",
        page("Un").as_bytes(),
    )));
    data.extend(gz(&warc_record(
        "request",
        "https://www.lemonde.fr/a",
        "",
        b"GET /a HTTP/1.1\r\n\r\n",
    )));
    data.extend(gz(&warc_record(
        "response",
        "https://x.fr/i.jpg",
        "image/jpeg",
        &[0xff, 0xd8, 0, 1],
    )));
    data.extend(gz(&warc_record(
        "response",
        "https://www.lemonde.fr/b",
        "text/html",
        page("Deux").as_bytes(),
    )));
    let p = write(dir.path(), "a.warc.gz", &data);
    let docs: Vec<_> = read_file(&p).collect::<Result<_, _>>().unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].title.as_deref(), Some("Un"));
    assert_eq!(
        docs[0].source.url.as_deref(),
        Some("https://www.lemonde.fr/a")
    );
    assert_eq!(docs[0].source.outlet.as_deref(), Some("Le Monde"));
    // WARC-Date (UTC) is the fallback publication date, given in Paris time.
    assert_eq!(
        docs[0].source.date.as_deref(),
        Some("2017-05-01T12:00:00+02:00")
    );
    assert!(docs[0].source.path.ends_with("a.warc.gz#0"));
    assert!(docs[1].text.starts_with("Le gouvernement"));
}

#[test]
fn truncated_gzip_reports_after_complete_records() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = Vec::new();
    for t in ["Un", "Deux", "Trois"] {
        data.extend(gz(&warc_record(
            "response",
            "https://ex.fr/",
            "text/html",
            page(t).as_bytes(),
        )));
    }
    data.truncate(data.len() - 200);
    let p = write(dir.path(), "t.warc.gz", &data);
    let items: Vec<_> = read_file(&p).collect();
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(items[0].is_ok() && items[1].is_ok(), "{items:?}");
    let last = items[2].as_ref().unwrap_err();
    assert!(matches!(last, ReadError::Gzip { .. }), "{last:?}");
    assert!(last.to_string().contains("t.warc.gz"), "{last}");
}

#[test]
fn corrupt_warc_record_is_reported_with_offset_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let good1 = warc_record(
        "response",
        "https://ex.fr/1",
        "text/html",
        page("Un").as_bytes(),
    );
    let bad = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: nonsense\r\n\r\ngarbage garbage\r\n\r\n".to_vec();
    let garbage = b"this is not a record at all\r\n\r\n".to_vec();
    let good2 = warc_record(
        "response",
        "https://ex.fr/2",
        "text/html",
        page("Deux").as_bytes(),
    );
    let mut data = good1.clone();
    data.extend(&bad);
    data.extend(&garbage);
    data.extend(&good2);
    let p = write(dir.path(), "c.warc", &data);
    let items: Vec<_> = read_file(&p).collect();
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(items[0].is_ok());
    match &items[1] {
        Err(ReadError::Warc { path, offset, .. }) => {
            assert!(path.ends_with("c.warc"));
            assert_eq!(*offset, good1.len() as u64);
        }
        other => panic!("{other:?}"),
    }
    let msg = items[1].as_ref().unwrap_err().to_string();
    assert!(msg.contains(&format!("c.warc#{}", good1.len())), "{msg}");
    let d = items[2].as_ref().unwrap();
    assert_eq!(d.title.as_deref(), Some("Deux"));
    assert!(
        d.source
            .path
            .ends_with(&format!("#{}", good1.len() + bad.len() + garbage.len()))
    );
}

#[test]
fn warc_record_cut_short_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = warc_record(
        "response",
        "https://ex.fr/1",
        "text/html",
        page("Un").as_bytes(),
    );
    let second = warc_record(
        "response",
        "https://ex.fr/2",
        "text/html",
        page("Deux").as_bytes(),
    );
    let first_len = data.len();
    data.extend_from_slice(&second[..second.len() / 2]);
    let p = write(dir.path(), "cut.warc", &data);
    let items: Vec<_> = read_file(&p).collect();
    assert_eq!(items.len(), 2);
    assert!(items[0].is_ok());
    let e = items[1].as_ref().unwrap_err().to_string();
    assert!(
        e.contains(&format!("cut.warc#{first_len}")) && e.contains("truncated"),
        "{e}"
    );
}

#[test]
fn windows_1252_html_without_charset() {
    let dir = tempfile::tempdir().unwrap();
    let html = page("Été").replace("<meta charset=\"utf-8\">", "");
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&html);
    let p = write(dir.path(), "w.html", &bytes);
    let d = read_file(&p).next().unwrap().unwrap();
    assert_eq!(d.title.as_deref(), Some("Été"));
    assert!(d.text.contains("présenté mercredi"));
}

#[test]
fn html_gz_is_decompressed() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "p.html.gz", &gz(page("Gz").as_bytes()));
    let d = read_file(&p).next().unwrap().unwrap();
    assert_eq!(d.title.as_deref(), Some("Gz"));
}

#[test]
fn empty_feed_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "f.rss",
        b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Rien</title></channel></rss>",
    );
    let items: Vec<_> = read_file(&p).collect();
    assert_eq!(items.len(), 1);
    let e = items[0].as_ref().unwrap_err();
    assert!(matches!(e, ReadError::EmptyFeed { .. }));
    assert!(e.to_string().contains("f.rss"));
}

fn random_file_is_one_binary_error(mb: usize) {
    let dir = tempfile::tempdir().unwrap();
    let data = random_bytes(mb * 1024 * 1024);
    for name in [
        "r.bin",
        "r.txt",
        "r.html",
        "r.warc",
        "r.warc.gz",
        "r.jsonl",
        "r.xml",
    ] {
        let p = write(dir.path(), name, &data);
        let items: Vec<_> = read_file(&p).collect();
        assert_eq!(items.len(), 1, "{name}: {items:?}");
        let e = items[0].as_ref().unwrap_err();
        assert!(e.to_string().contains(name), "{e}");
    }
}

#[test]
fn random_bytes_small() {
    random_file_is_one_binary_error(4);
}

#[test]
#[ignore = "writes 7 files of 100 MB"]
fn random_bytes_100_mb() {
    random_file_is_one_binary_error(100);
}

#[test]
fn directory_walk_reports_errors_and_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    write(dir.path(), "a.md", "# Titre\n\nUn texte.\n".as_bytes());
    write(dir.path(), "b.rss", b"<rss><channel></channel></rss>");
    write(dir.path(), "c.txt", &random_bytes(10_000));
    write(dir.path(), "notes.json", b"{\"ignored\": true}");
    write(dir.path(), ".hidden.txt", b"hidden");
    write(
        &sub,
        "d.jsonl",
        b"{\"text\":\"Bonjour.\",\"outlet\":\"RTL\"}\n{bad\n",
    );
    let items: Vec<_> = read_paths(&[dir.path().to_path_buf()]).collect();
    let shown: Vec<String> = items
        .iter()
        .map(|i| match i {
            Ok(d) => format!("ok {}", d.source.path),
            Err(e) => format!("err {e}"),
        })
        .collect();
    assert_eq!(items.len(), 5, "{shown:#?}");
    assert!(
        shown[0].starts_with("ok ") && shown[0].ends_with("a.md"),
        "{shown:#?}"
    );
    assert!(shown[1].starts_with("err ") && shown[1].contains("b.rss"));
    assert!(shown[2].starts_with("err ") && shown[2].contains("c.txt"));
    assert!(shown[3].starts_with("ok ") && shown[3].ends_with("d.jsonl#1"));
    assert!(shown[4].starts_with("err ") && shown[4].contains("d.jsonl:2"));
}

#[test]
fn missing_file_is_reported() {
    let items: Vec<_> = read_paths(&[PathBuf::from("/nonexistent/x.html")]).collect();
    assert_eq!(items.len(), 1);
    assert!(
        items[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("/nonexistent/x.html")
    );
}

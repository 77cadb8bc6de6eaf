//! `dixit serve` while `dixit ingest` writes to the same embedded store: every page
//! answers, none is an error page, no "database is locked".

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_dixit");

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(60))).ok();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, text)
}

/// Many small distinct articles, so that the ingest commits many batches.
fn write_articles(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).expect("mkdir");
    for i in 0..n {
        let text = format!(
            "Objectif {i} pour la majorité\n\n\
             Le ministre Jean Martin a déclaré mardi : « Nous tiendrons l'objectif numéro {i} jusqu'au bout ». \
             Selon Paul Durand, député de la circonscription {i}, la réforme avance « à petits pas ». \
             La discussion reprendra la semaine prochaine sur le texte {i} à l'Assemblée nationale.\n"
        );
        std::fs::write(dir.join(format!("a{i:05}.txt")), text).expect("write article");
    }
}

#[test]
fn pages_answer_while_ingest_writes() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let first = Command::new(BIN)
        .args(["ingest", "--quiet", "--data"])
        .arg(&data)
        .arg(&examples)
        .output()
        .expect("ingest examples");
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let inputs = tmp.path().join("inputs");
    write_articles(&inputs, 1500);

    let mut server = Killed(
        Command::new(BIN)
            .args([
                "serve",
                "--addr",
                "127.0.0.1:0",
                "--cache-secs",
                "0",
                "--data",
            ])
            .arg(&data)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("serve"),
    );
    let mut line = String::new();
    BufReader::new(server.0.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("serve prints its URL");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"));
    let addr: SocketAddr = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .parse()
        .expect("address");

    let mut ingest = Killed(
        Command::new(BIN)
            .args(["ingest", "--quiet", "--batch", "4", "--data"])
            .arg(&data)
            .arg(&inputs)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("ingest"),
    );
    let paths = [
        "/",
        "/search?q=objectif",
        "/search?q=objectif&scope=articles",
        "/api/quotes?q=objectif&limit=5",
        "/person/jean%20martin",
        "/person/jean-marie-le-guen",
        "/api/overview",
        "/graph",
    ];
    let started = Instant::now();
    let mut during = 0;
    let mut seen_counts = std::collections::BTreeSet::new();
    while ingest.0.try_wait().expect("wait").is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "ingest too slow"
        );
        for p in paths {
            let (status, body) = get(addr, p);
            // Jean Martin exists only once the ingest has written his first article.
            let expected_404 = p == "/person/jean%20martin" && status == 404;
            assert!(status == 200 || expected_404, "{p} during ingest: {body}");
            for bad in ["locked", "busy", "Erreur interne", "panicked"] {
                assert!(!body.contains(bad), "{p} during ingest mentions {bad:?}");
            }
            let json = body
                .split("\r\n\r\n")
                .nth(1)
                .filter(|_| p == "/api/overview");
            if let Some(json) = json {
                let v: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
                seen_counts.insert(v["appearances"].as_u64().unwrap_or(0));
            }
            during += 1;
        }
    }
    let status = ingest.0.wait().expect("ingest status");
    let mut err = String::new();
    if let Some(mut e) = ingest.0.stderr.take() {
        let _ = e.read_to_string(&mut err);
    }
    assert!(status.success(), "ingest failed: {err}");
    assert!(!err.contains("locked"), "{err}");
    assert!(during >= 16, "only {during} requests overlapped the ingest");
    assert!(
        seen_counts.len() >= 2,
        "pages never saw the ingest progress: {seen_counts:?}"
    );
    assert_eq!(get(addr, "/person/jean%20martin").0, 200);
    let (status, body) = get(addr, "/api/overview");
    assert_eq!(status, 200);
    assert!(body.contains("\"appearances\":1506"), "{body}");
}

//! Helpers shared by the server's integration tests: stores, an in-process server,
//! and a tiny HTTP client (std only, so the tests see exactly what a browser gets).

#![allow(dead_code)]

use dixit_server::Config;
use dixit_store::{Location, PreparedArticle, SqliteStore, Store};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::time::Duration;

/// The demo store (bundled examples) in `dir`.
pub fn examples_store(dir: &Path) -> Location {
    dixit_server::demo::build(dir).expect("demo store")
}

/// Adds one article built from `text` with the given metadata.
pub fn add_article(loc: &Location, path: &str, title: &str, text: &str, url: &str, outlet: &str) {
    let doc = dixit_model::Document {
        source: dixit_model::Source {
            path: path.into(),
            url: Some(url.into()),
            outlet: Some(outlet.into()),
            date: Some("2017-02-15".into()),
            author: None,
        },
        title: Some(title.into()),
        text: text.into(),
        analysis: text.into(),
        text_is_input: false,
    };
    let record = dixit_extract::Extractor::bundled()
        .expect("bundled extractor")
        .record(&doc);
    let Location::Dir(dir) = loc else {
        panic!("embedded store expected")
    };
    SqliteStore::open_dir(dir)
        .expect("open")
        .write_batch(&[PreparedArticle::new(record, doc.text)])
        .expect("write");
}

/// Serves `loc` on an ephemeral loopback port in a background thread.
pub fn start(loc: Location, cache: bool) -> SocketAddr {
    let mut cfg = Config::new(loc);
    if !cache {
        cfg.cache_ttl = None;
    }
    start_with(cfg)
}

/// Serves `cfg` on an ephemeral loopback port in a background thread.
pub fn start_with(cfg: Config) -> SocketAddr {
    dixit_server::prepare_store(&cfg.location).expect("prepare store");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let addr: SocketAddr = ([127, 0, 0, 1], 0).into();
        if let Err(e) = dixit_server::run_blocking(cfg, addr, |a| {
            let _ = tx.send(a);
        }) {
            eprintln!("server stopped: {e}");
        }
    });
    rx.recv_timeout(Duration::from_secs(30))
        .expect("server did not start")
}

/// A response.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Resp {
    /// Value of a header (name in lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

fn dechunk(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(nl) = rest.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&rest[..nl])
            .ok()
            .and_then(|s| usize::from_str_radix(s.split(';').next().unwrap_or("").trim(), 16).ok())
            .unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = nl + 2;
        let end = (start + size).min(rest.len());
        out.extend_from_slice(&rest[start..end]);
        rest = rest.get(end + 2..).unwrap_or(&[]);
    }
    out
}

/// `GET path` (already percent-encoded) on `addr`.
pub fn get(addr: SocketAddr, path: &str) -> Resp {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(60))).ok();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nAccept: */*\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| {
            panic!(
                "no header end for {path}: {}",
                String::from_utf8_lossy(&raw)
            )
        });
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    Resp {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

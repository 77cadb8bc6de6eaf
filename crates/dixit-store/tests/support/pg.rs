//! A throwaway PostgreSQL database for tests: `DIXIT_TEST_PG_URL` when set, else a
//! server started by `scripts/pg-test-server`. When none can be had the test is
//! skipped with a notice, except under CI (`CI` set), where it fails.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A database on a test server; the server (if we started it) stops on drop.
pub struct PgDb {
    /// Connection URL of the fresh database.
    pub url: String,
    server_dir: Option<String>,
}

impl Drop for PgDb {
    fn drop(&mut self) {
        if let Some(dir) = &self.server_dir {
            let _ = Command::new("bash")
                .arg(script())
                .arg("stop")
                .arg(dir)
                .status();
        }
    }
}

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/pg-test-server")
}

fn unavailable(why: &str) -> Option<PgDb> {
    if std::env::var_os("CI").is_some() {
        panic!("PostgreSQL is required under CI but unavailable: {why}");
    }
    eprintln!("NOTICE: skipping PostgreSQL test: {why}");
    None
}

/// Replaces the database name at the end of `url`.
fn with_db(url: &str, db: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let slash = base
        .rfind('/')
        .filter(|&i| i > "postgres://".len())
        .unwrap_or(base.len());
    let mut out = format!("{}/{}", &base[..slash], db);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// A fresh, empty database, or `None` (after a notice) when PostgreSQL is unavailable.
pub fn fresh_db() -> Option<PgDb> {
    static N: AtomicUsize = AtomicUsize::new(0);
    let (server_url, server_dir) = match std::env::var("DIXIT_TEST_PG_URL") {
        Ok(url) if !url.is_empty() => (url, None),
        _ => {
            let out = match Command::new("bash").arg(script()).output() {
                Ok(o) => o,
                Err(e) => return unavailable(&format!("cannot run pg-test-server: {e}")),
            };
            if !out.status.success() {
                return unavailable(&String::from_utf8_lossy(&out.stderr));
            }
            let stdout = String::from_utf8_lossy(&out.stdout).to_string();
            let mut lines = stdout.lines();
            let (Some(url), Some(dir)) = (lines.next(), lines.next()) else {
                return unavailable("pg-test-server printed no URL");
            };
            (url.to_string(), Some(dir.to_string()))
        }
    };
    let name = format!(
        "dixit_test_{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0)
    );
    let db = PgDb {
        url: with_db(&server_url, &name),
        server_dir,
    };
    let mut client = match postgres::Client::connect(&server_url, postgres::NoTls) {
        Ok(c) => c,
        Err(e) => return unavailable(&format!("cannot connect to {server_url}: {e}")),
    };
    if let Err(e) = client.batch_execute(&format!("CREATE DATABASE {name}")) {
        return unavailable(&format!("cannot create database: {e}"));
    }
    Some(db)
}

//! JSON Lines exports: one object per line with `text` and optional `title`, `url`,
//! `outlet`, `author` and a publication date in `date`, `published`, `datePublished`,
//! `pubDate`, `published_at` or `publication_date` (the first that reads as a date; a
//! string in any form [`dixit_dates::published_iso`] knows, or Unix seconds or
//! milliseconds).

use std::io::{BufRead, Read};

use dixit_model::{Document, Source};
use serde::Deserialize;

use crate::ReadError;
use crate::html::iso_date;

/// Longest line accepted; longer lines are reported and skipped.
const MAX_LINE_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Deserialize)]
struct Line {
    text: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    date: Option<serde_json::Value>,
    #[serde(default)]
    published: Option<serde_json::Value>,
    #[serde(default, rename = "datePublished")]
    date_published: Option<serde_json::Value>,
    #[serde(default, rename = "pubDate")]
    pub_date: Option<serde_json::Value>,
    #[serde(default)]
    published_at: Option<serde_json::Value>,
    #[serde(default)]
    publication_date: Option<serde_json::Value>,
    #[serde(default)]
    outlet: Option<String>,
    #[serde(default)]
    author: Option<String>,
}

/// The records of a JSONL stream as documents (`path#line`, lines from 1), lazily; blank
/// lines are skipped, a bad line is an `Err` and reading goes on.
pub fn jsonl_documents(
    path: String,
    reader: Box<dyn BufRead + Send>,
) -> impl Iterator<Item = Result<Document, ReadError>> + Send {
    JsonlReader {
        path,
        src: reader,
        line: 0,
        offset: 0,
        buf: Vec::new(),
        done: false,
    }
}

struct JsonlReader {
    path: String,
    src: Box<dyn BufRead + Send>,
    line: u64,
    offset: u64,
    buf: Vec<u8>,
    done: bool,
}

impl JsonlReader {
    fn bad(&self, reason: String) -> ReadError {
        ReadError::Jsonl {
            path: self.path.clone(),
            line: self.line,
            reason,
        }
    }

    /// Consumes the rest of an over-long line.
    fn skip_line(&mut self) -> std::io::Result<()> {
        loop {
            let chunk = self.src.fill_buf()?;
            if chunk.is_empty() {
                return Ok(());
            }
            if let Some(i) = memchr::memchr(b'\n', chunk) {
                self.src.consume(i + 1);
                self.offset += i as u64 + 1;
                return Ok(());
            }
            let n = chunk.len();
            self.src.consume(n);
            self.offset += n as u64;
        }
    }

    fn parse(&self, bytes: &[u8]) -> Result<Document, ReadError> {
        let rec: Line = serde_json::from_slice(bytes).map_err(|e| self.bad(e.to_string()))?;
        if rec.text.trim().is_empty() {
            return Err(self.bad("empty \"text\"".into()));
        }
        Ok(Document {
            source: Source {
                path: format!("{}#{}", self.path, self.line),
                url: rec.url,
                outlet: rec.outlet,
                date: [
                    rec.date,
                    rec.published,
                    rec.date_published,
                    rec.pub_date,
                    rec.published_at,
                    rec.publication_date,
                ]
                .into_iter()
                .flatten()
                .find_map(|v| json_date(&v)),
                author: rec.author,
            },
            title: rec.title,
            analysis: rec.text.clone(),
            text: rec.text,
            text_is_input: false,
        })
    }
}

impl Iterator for JsonlReader {
    type Item = Result<Document, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            self.buf.clear();
            let read = (&mut self.src)
                .take(MAX_LINE_BYTES)
                .read_until(b'\n', &mut self.buf);
            let n = match read {
                Ok(n) => n,
                Err(e) => {
                    self.done = true;
                    return Some(Err(crate::decode::stream_error(&self.path, self.offset, e)));
                }
            };
            if n == 0 {
                self.done = true;
                break;
            }
            self.offset += n as u64;
            self.line += 1;
            if n as u64 == MAX_LINE_BYTES && self.buf.last() != Some(&b'\n') {
                let err = self.bad(format!("line longer than {MAX_LINE_BYTES} bytes"));
                if let Err(e) = self.skip_line() {
                    self.done = true;
                    return Some(Err(crate::decode::stream_error(&self.path, self.offset, e)));
                }
                return Some(Err(err));
            }
            if self.buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(self.parse(&self.buf));
        }
        None
    }
}

/// A publication date given as a string or as a Unix timestamp (seconds, or milliseconds
/// when too large for seconds).
fn json_date(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => iso_date(s),
        serde_json::Value::Number(n) => {
            let n = n.as_i64()?;
            // Past 1e11 seconds is the year 5138: such numbers are milliseconds.
            let secs = if n.abs() >= 100_000_000_000 {
                n / 1000
            } else {
                n
            };
            let ts = format!("{}", jiff::Timestamp::from_second(secs).ok()?);
            iso_date(&ts)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines() {
        let data = "{\"text\":\"Un.\",\"title\":\"T\",\"outlet\":\"Le Monde\",\"date\":\"2020-01-02\"}\n\nnot json\n{\"title\":\"x\"}\n{\"text\":\"Deux.\"}";
        let reader: Box<dyn BufRead + Send> =
            Box::new(std::io::Cursor::new(data.as_bytes().to_vec()));
        let out: Vec<_> = jsonl_documents("e.jsonl".into(), reader).collect();
        assert_eq!(out.len(), 4);
        let d = out[0].as_ref().unwrap();
        assert_eq!((d.text.as_str(), d.title.as_deref()), ("Un.", Some("T")));
        assert_eq!(d.source.path, "e.jsonl#1");
        assert_eq!(d.source.outlet.as_deref(), Some("Le Monde"));
        assert!(
            out[1]
                .as_ref()
                .unwrap_err()
                .to_string()
                .starts_with("e.jsonl:3:")
        );
        assert!(
            out[2]
                .as_ref()
                .unwrap_err()
                .to_string()
                .starts_with("e.jsonl:4:")
        );
        assert_eq!(out[3].as_ref().unwrap().source.path, "e.jsonl#5");
        assert_eq!(d.source.date.as_deref(), Some("2020-01-02"));
    }

    fn date_of(line: &str) -> Option<String> {
        let reader: Box<dyn BufRead + Send> =
            Box::new(std::io::Cursor::new(line.as_bytes().to_vec()));
        let mut docs = jsonl_documents("d.jsonl".into(), reader);
        let doc = docs.next()?.ok()?;
        doc.source.date
    }

    #[test]
    fn every_date_field_is_read() {
        for (field, value, want) in [
            ("date", "\"2017-01-31\"", "2017-01-31"),
            (
                "published",
                "\"2017-01-31T22:30:00Z\"",
                "2017-01-31T23:30:00+01:00",
            ),
            (
                "datePublished",
                "\"2017-03-25T23:30:00Z\"",
                "2017-03-26T00:30:00+01:00",
            ),
            (
                "pubDate",
                "\"Tue, 31 Jan 2017 10:00:00 GMT\"",
                "2017-01-31T11:00:00+01:00",
            ),
            ("published_at", "\"31 janvier 2017\"", "2017-01-31"),
            ("publication_date", "\"31/01/2017\"", "2017-01-31"),
            ("date", "1485903600", "2017-02-01T00:00:00+01:00"),
            ("date", "1485903600000", "2017-02-01T00:00:00+01:00"),
        ] {
            let line = format!("{{\"text\":\"Un.\",\"{field}\":{value}}}");
            assert_eq!(date_of(&line).as_deref(), Some(want), "{line}");
        }
        // The first field that reads as a date wins; junk is dropped, not kept raw.
        assert_eq!(
            date_of(r#"{"text":"Un.","date":"bientôt","published":"2017-01-31"}"#).as_deref(),
            Some("2017-01-31")
        );
        assert_eq!(date_of(r#"{"text":"Un.","date":"bientôt"}"#), None);
        assert_eq!(date_of(r#"{"text":"Un.","date":null,"pubDate":[1]}"#), None);
    }
}

//! WARC archives, plain or gzip-compressed, read record by record in constant memory.
//!
//! Offsets are byte offsets of the record's `WARC/1.x` line in the decompressed stream
//! (`zcat file.warc.gz | tail -c +$((offset+1))` shows the record).

use std::io::{BufRead, Read};
use std::path::Path;

use dixit_model::{Document, Source};

use crate::{Input, InputFormat, ReadError, decode, html_to_document};

/// Largest record payload kept in memory; bigger records are skipped with an error.
const MAX_RECORD_BYTES: u64 = 64 * 1024 * 1024;
/// Longest header line, and most header lines, accepted before a record is called corrupt.
const MAX_LINE: u64 = 64 * 1024;
const MAX_HEADER_LINES: usize = 512;

/// One HTML page found in a WARC `response` (or `resource`) record, not yet parsed:
/// turning it into a [`Document`] is the costly part and can run on any thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRecord {
    /// Path of the archive.
    pub path: String,
    /// Offset of the record in the decompressed stream.
    pub offset: u64,
    /// `WARC-Target-URI`.
    pub url: Option<String>,
    /// `WARC-Date`, the fallback publication date.
    pub date: Option<String>,
    /// Charset of the HTTP `Content-Type`, when given.
    pub charset: Option<String>,
    /// The HTML payload (de-chunked and decompressed).
    pub body: Vec<u8>,
}

impl RawRecord {
    /// `path#offset`, the document path of this record.
    pub fn source_path(&self) -> String {
        format!("{}#{}", self.path, self.offset)
    }

    /// Extracts the page's main text and metadata.
    pub fn into_document(self) -> Result<Document, ReadError> {
        let source = Source {
            path: self.source_path(),
            url: self.url,
            date: self.date,
            ..Default::default()
        };
        html_to_document(&self.body, source, self.charset.as_deref())
    }
}

/// The HTML records of the WARC file at `path` (plain or gzip), lazily, with an `Err`
/// for each corrupt record (the reader resumes at the next `WARC/1.` line) and one for
/// a truncated or corrupt gzip stream, after every complete record.
pub fn warc_records(path: &Path) -> Box<dyn Iterator<Item = Result<RawRecord, ReadError>> + Send> {
    Input::new(path).raw_records()
}

/// The HTML records of an already decompressed WARC stream; `path` names it in errors.
pub fn warc_records_from(
    path: String,
    reader: Box<dyn BufRead + Send>,
) -> impl Iterator<Item = Result<RawRecord, ReadError>> + Send {
    WarcReader {
        path,
        src: reader,
        offset: 0,
        done: false,
        records: 0,
        line: Vec::new(),
        pending: false,
        stream_error: None,
    }
}

struct WarcReader {
    path: String,
    src: Box<dyn BufRead + Send>,
    /// Bytes consumed so far.
    offset: u64,
    done: bool,
    records: u64,
    line: Vec<u8>,
    /// `line` holds a header line found by resynchronisation, not yet parsed.
    pending: bool,
    /// A stream failure met while resynchronising, reported after the corrupt record.
    stream_error: Option<ReadError>,
}

enum Step {
    Record(RawRecord),
    Skipped,
    Corrupt { offset: u64, reason: String },
    Eof,
}

impl WarcReader {
    /// Reads one line (up to [`MAX_LINE`] bytes) into `self.line`; false at end of stream.
    fn read_line(&mut self) -> Result<bool, ReadError> {
        self.line.clear();
        let n = (&mut self.src)
            .take(MAX_LINE)
            .read_until(b'\n', &mut self.line)
            .map_err(|e| decode::stream_error(&self.path, self.offset, e))?;
        self.offset += n as u64;
        Ok(n > 0)
    }

    fn fail(&self, offset: u64, reason: impl Into<String>) -> ReadError {
        ReadError::Warc {
            path: self.path.clone(),
            offset,
            reason: reason.into(),
        }
    }

    /// Skips lines until one starts with `WARC/1.`, left in `self.line`; false at end.
    fn resync(&mut self) -> Result<bool, ReadError> {
        loop {
            if !self.read_line()? {
                return Ok(false);
            }
            if self.line.starts_with(b"WARC/1.") {
                return Ok(true);
            }
        }
    }

    /// Reads the next record; `self.line` may already hold its first line (`have_line`).
    fn step(&mut self, mut have_line: bool) -> Result<Step, ReadError> {
        // Blank lines separate records.
        loop {
            if !have_line && !self.read_line()? {
                return Ok(Step::Eof);
            }
            have_line = false;
            if !self.line.iter().all(u8::is_ascii_whitespace) {
                break;
            }
        }
        let start = self.offset - self.line.len() as u64;
        if !self.line.starts_with(b"WARC/") {
            let shown = String::from_utf8_lossy(self.line.get(..40).unwrap_or(&self.line))
                .trim_end()
                .to_string();
            return Ok(Step::Corrupt {
                offset: start,
                reason: format!("expected a WARC/1.x header line, found {shown:?}"),
            });
        }
        let mut length: Option<u64> = None;
        let mut kind = String::new();
        let mut content_type = String::new();
        let mut url = None;
        let mut date = None;
        let mut lines = 0;
        loop {
            if !self.read_line()? {
                return Ok(Step::Corrupt {
                    offset: start,
                    reason: "stream ends inside the record header".into(),
                });
            }
            lines += 1;
            if lines > MAX_HEADER_LINES {
                return Ok(Step::Corrupt {
                    offset: start,
                    reason: "header has too many lines".into(),
                });
            }
            let line = String::from_utf8_lossy(&self.line);
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                break;
            }
            let Some((name, value)) = line.split_once(':') else {
                return Ok(Step::Corrupt {
                    offset: start,
                    reason: format!("malformed header line {line:?}"),
                });
            };
            let value = value.trim();
            match name.trim().to_ascii_lowercase().as_str() {
                "content-length" => length = value.parse().ok(),
                "warc-type" => kind = value.to_ascii_lowercase(),
                "content-type" => content_type = value.to_ascii_lowercase(),
                "warc-target-uri" => {
                    url = Some(
                        value
                            .trim_start_matches('<')
                            .trim_end_matches('>')
                            .to_string(),
                    )
                }
                "warc-date" => date = Some(value.to_string()),
                _ => {}
            }
        }
        let Some(length) = length else {
            return Ok(Step::Corrupt {
                offset: start,
                reason: "missing or invalid Content-Length".into(),
            });
        };
        let wanted = match kind.as_str() {
            // Some writers omit the record Content-Type; the HTTP status line is checked later.
            "response" => content_type.is_empty() || content_type.starts_with("application/http"),
            "resource" => is_html_type(&content_type),
            _ => false,
        };
        if !wanted || length > MAX_RECORD_BYTES {
            let skipped = std::io::copy(&mut (&mut self.src).take(length), &mut std::io::sink())
                .map_err(|e| decode::stream_error(&self.path, self.offset, e))?;
            self.offset += skipped;
            if skipped < length {
                return Ok(Step::Corrupt {
                    offset: start,
                    reason: format!("truncated: {skipped} of {length} content bytes"),
                });
            }
            if wanted {
                return Ok(Step::Corrupt {
                    offset: start,
                    reason: format!(
                        "record of {length} bytes over the {MAX_RECORD_BYTES}-byte limit"
                    ),
                });
            }
            return Ok(Step::Skipped);
        }
        let mut block = Vec::with_capacity(length as usize);
        let got = (&mut self.src)
            .take(length)
            .read_to_end(&mut block)
            .map_err(|e| decode::stream_error(&self.path, self.offset, e))?;
        self.offset += got as u64;
        if (got as u64) < length {
            return Ok(Step::Corrupt {
                offset: start,
                reason: format!("truncated: {got} of {length} content bytes"),
            });
        }
        let page = if kind == "response" {
            match http_payload(block) {
                Ok(Some(p)) => p,
                Ok(None) => return Ok(Step::Skipped),
                Err(reason) => {
                    return Ok(Step::Corrupt {
                        offset: start,
                        reason,
                    });
                }
            }
        } else {
            HttpPayload {
                charset: charset_of(&content_type),
                body: block,
            }
        };
        Ok(Step::Record(RawRecord {
            path: self.path.clone(),
            offset: start,
            url,
            date,
            charset: page.charset,
            body: page.body,
        }))
    }
}

impl Iterator for WarcReader {
    type Item = Result<RawRecord, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let have_line = std::mem::take(&mut self.pending);
            match self.step(have_line) {
                Ok(Step::Record(r)) => {
                    self.records += 1;
                    return Some(Ok(r));
                }
                Ok(Step::Skipped) => self.records += 1,
                Ok(Step::Eof) => {
                    self.done = true;
                    if self.records == 0 && self.offset == 0 {
                        return Some(Err(self.fail(0, "empty WARC file")));
                    }
                }
                Ok(Step::Corrupt { offset, reason }) => {
                    let err = self.fail(offset, reason);
                    match self.resync() {
                        Ok(found) => {
                            self.pending = found;
                            self.done = !found;
                        }
                        Err(e) => {
                            // Report the corrupt record now and the broken stream next.
                            self.done = true;
                            self.stream_error = Some(e);
                        }
                    }
                    return Some(Err(err));
                }
                Err(e) => {
                    // A broken stream cannot be resumed.
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
        self.stream_error.take().map(Err)
    }
}

struct HttpPayload {
    charset: Option<String>,
    body: Vec<u8>,
}

fn is_html_type(ct: &str) -> bool {
    let mime = ct.split(';').next().unwrap_or("").trim();
    mime == "text/html" || mime == "application/xhtml+xml"
}

fn charset_of(ct: &str) -> Option<String> {
    ct.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case("charset"))
            .then(|| v.trim().trim_matches(['"', '\'']).to_string())
    })
}

/// The HTML body of an HTTP response block; `None` for non-HTML or non-2xx responses.
fn http_payload(block: Vec<u8>) -> Result<Option<HttpPayload>, String> {
    let head_end = memchr::memmem::find(&block, b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| memchr::memmem::find(&block, b"\n\n").map(|i| (i, i + 2)));
    let Some((end, body_start)) = head_end else {
        return Err("HTTP response without a header/body separator".into());
    };
    let head = String::from_utf8_lossy(block.get(..end).unwrap_or_default());
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    if !status_line.starts_with("HTTP/") {
        return Err(format!(
            "bad HTTP status line {:?}",
            status_line.get(..40).unwrap_or(status_line)
        ));
    }
    let status = status_line.split_whitespace().nth(1).unwrap_or("");
    if !status.starts_with('2') {
        return Ok(None);
    }
    let mut content_type = None;
    let mut chunked = false;
    let mut encoding = String::new();
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().to_ascii_lowercase();
        match name.trim().to_ascii_lowercase().as_str() {
            "content-type" => content_type = Some(value),
            "transfer-encoding" => chunked = value.contains("chunked"),
            "content-encoding" => encoding = value,
            _ => {}
        }
    }
    let mut body = block;
    body.drain(..body_start);
    if chunked && let Some(d) = dechunk(&body) {
        body = d;
    }
    match encoding.as_str() {
        "gzip" | "x-gzip" => {
            let mut out = Vec::new();
            let dec = flate2::read::MultiGzDecoder::new(body.as_slice());
            if dec.take(MAX_RECORD_BYTES).read_to_end(&mut out).is_ok() {
                body = out;
            }
        }
        "deflate" => {
            let mut out = Vec::new();
            let dec = flate2::read::ZlibDecoder::new(body.as_slice());
            if dec.take(MAX_RECORD_BYTES).read_to_end(&mut out).is_ok() {
                body = out;
            }
        }
        _ => {}
    }
    let html = match &content_type {
        Some(ct) => is_html_type(ct),
        None => {
            let head = body.get(..1024).unwrap_or(&body);
            InputFormat::sniff(head) == Some(InputFormat::Html)
        }
    };
    if !html {
        return Ok(None);
    }
    Ok(Some(HttpPayload {
        charset: content_type.as_deref().and_then(charset_of),
        body,
    }))
}

/// Decodes an HTTP chunked body; `None` when it is not validly chunked (WARC writers
/// often store the de-chunked body but keep the header).
fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    loop {
        let eol = memchr::memchr(b'\n', data)?;
        let size_line = std::str::from_utf8(data.get(..eol)?).ok()?;
        let size_hex = size_line.split(';').next()?.trim();
        let size = usize::from_str_radix(size_hex, 16).ok()?;
        data = data.get(eol + 1..)?;
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size..)?;
        data = data
            .strip_prefix(b"\r\n")
            .or_else(|| data.strip_prefix(b"\n"))
            .unwrap_or(data);
    }
}

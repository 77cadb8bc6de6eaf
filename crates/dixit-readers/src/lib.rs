//! Streaming readers that turn input files (HTML, WARC, RSS/Atom, JSONL, Markdown, text)
//! into [`dixit_model::Document`]s, one per article, reporting each bad input or record
//! as an `Err` item and carrying on with the rest.

mod decode;
mod feed;
mod html;
mod jsonl;
mod plain;
mod warc;

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use dixit_model::Document;

pub use feed::feed_documents;
pub use html::{html_fragment_text, html_to_document};
pub use jsonl::jsonl_documents;
pub use warc::{RawRecord, warc_records, warc_records_from};

/// Largest input read whole into memory (HTML, Markdown, text), in bytes.
pub const MAX_FILE_BYTES: u64 = 200 * 1024 * 1024;

pub use dixit_text::cap_document;

/// Default cap on the text analysed per document, in MiB (`--max-mib` of `extract` and
/// `ingest`): far above any real article (well under 1 MiB), low enough that one
/// pathological input cannot stall a batch or hold much memory.
pub const DEFAULT_MAX_TEXT_MIB: usize = 10;

/// How many leading bytes are examined to sniff the format and detect binary data.
const SNIFF_BYTES: usize = 8192;

/// The kind of an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputFormat {
    /// Markdown (`.md`, `.markdown`).
    Markdown,
    /// Plain text (`.txt`).
    Text,
    /// One HTML page (`.html`, `.htm`, `.html.gz`).
    Html,
    /// A WARC archive (`.warc`, `.warc.gz`).
    Warc,
    /// An RSS or Atom feed (`.xml`, `.rss`, `.atom`).
    Feed,
    /// JSON Lines export, one article per line (`.jsonl`, `.ndjson`).
    Jsonl,
}

impl InputFormat {
    /// Format implied by a file name's extension (after removing a trailing `.gz`), and
    /// whether the name says the file is gzip-compressed.
    pub fn from_name(name: &str) -> (Option<InputFormat>, bool) {
        let lower = name.to_ascii_lowercase();
        let (stem, gz) = match lower.strip_suffix(".gz") {
            Some(s) => (s, true),
            None => (lower.as_str(), false),
        };
        let ext = stem.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        let format = match ext {
            "md" | "markdown" => Some(InputFormat::Markdown),
            "txt" | "text" => Some(InputFormat::Text),
            "html" | "htm" | "xhtml" => Some(InputFormat::Html),
            "warc" => Some(InputFormat::Warc),
            "xml" | "rss" | "atom" => Some(InputFormat::Feed),
            "jsonl" | "ndjson" => Some(InputFormat::Jsonl),
            _ => None,
        };
        (format, gz)
    }

    /// Format guessed from the first bytes of a (decompressed) input; `None` for binary data.
    pub fn sniff(head: &[u8]) -> Option<InputFormat> {
        if head.starts_with(b"WARC/") {
            return Some(InputFormat::Warc);
        }
        if decode::looks_binary(head) {
            return None;
        }
        let head = decode::strip_bom(head);
        let start = head
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(head.len());
        let trimmed = head.get(start..).unwrap_or_default();
        if trimmed.starts_with(b"WARC/") {
            return Some(InputFormat::Warc);
        }
        if trimmed.first() == Some(&b'{') {
            return Some(InputFormat::Jsonl);
        }
        if trimmed.first() == Some(&b'<') {
            let window = trimmed.get(..2048).unwrap_or(trimmed);
            let lower = window.to_ascii_lowercase();
            let has = |needle: &[u8]| memchr::memmem::find(&lower, needle).is_some();
            if has(b"<rss") || has(b"<feed") || has(b"<rdf:rdf") {
                return Some(InputFormat::Feed);
            }
            return Some(InputFormat::Html);
        }
        if trimmed.starts_with(b"# ") || trimmed.starts_with(b"---") {
            return Some(InputFormat::Markdown);
        }
        Some(InputFormat::Text)
    }
}

/// Why an input, or a record inside it, could not be read. Every message names the input
/// path, plus the record offset for WARC and the line number for JSONL.
#[derive(thiserror::Error, Debug)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("{path}: {source}")]
    Io {
        /// Input path.
        path: String,
        /// Underlying error.
        #[source]
        source: io::Error,
    },
    /// The file is larger than the whole-file limit.
    #[error("{path}: {size} bytes, over the {limit}-byte limit for a single document")]
    TooLarge {
        /// Input path.
        path: String,
        /// Size seen (at least this many bytes).
        size: u64,
        /// Limit in force.
        limit: u64,
    },
    /// The content is binary (NUL bytes or many control characters).
    #[error("{path}: binary data, not text, HTML, WARC, feed or JSONL")]
    Binary {
        /// Input path (with `#offset` for a WARC record).
        path: String,
    },
    /// A gzip stream is corrupt or truncated.
    #[error("{path}: corrupt or truncated gzip data after {offset} decompressed bytes: {source}")]
    Gzip {
        /// Input path.
        path: String,
        /// Decompressed bytes read successfully before the failure.
        offset: u64,
        /// Decoder error.
        #[source]
        source: io::Error,
    },
    /// A WARC record is malformed; the reader resumes at the next record header.
    #[error("{path}#{offset}: bad WARC record: {reason}")]
    Warc {
        /// Input path.
        path: String,
        /// Byte offset of the record in the decompressed stream.
        offset: u64,
        /// What is wrong.
        reason: String,
    },
    /// A feed is not well-formed XML or not RSS/Atom.
    #[error("{path}: bad feed: {reason}")]
    Feed {
        /// Input path.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// A feed holds no item or entry.
    #[error("{path}: empty feed (no item or entry)")]
    EmptyFeed {
        /// Input path.
        path: String,
    },
    /// A JSONL line is not a JSON object with a `text` string.
    #[error("{path}:{line}: bad JSONL record: {reason}")]
    Jsonl {
        /// Input path.
        path: String,
        /// 1-based line number.
        line: u64,
        /// What is wrong.
        reason: String,
    },
    /// No article text could be extracted from an HTML page or record.
    #[error("{path}: no article text found")]
    NoText {
        /// Input path (with `#offset` or `#index` inside archives and feeds).
        path: String,
    },
}

/// One input to read: a file (format from its name, else sniffed) or `-` for stdin.
#[derive(Debug, Clone)]
pub struct Input {
    /// Path as given (or found while walking a directory); `-` for stdin.
    pub path: String,
    /// Format implied by the file name, if any; otherwise it is sniffed when read.
    pub format: Option<InputFormat>,
    /// Whether the name ends in `.gz`.
    pub gzip: bool,
    file: Option<PathBuf>,
    /// Counts the bytes read from the file (before decompression), for progress.
    counter: Option<Arc<AtomicU64>>,
    /// Most bytes of a Markdown or text file read (the rest is never read).
    max_text: Option<usize>,
}

impl PartialEq for Input {
    fn eq(&self, other: &Input) -> bool {
        let same_counter = match (&self.counter, &other.counter) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (a, b) => a.is_none() && b.is_none(),
        };
        self.path == other.path
            && self.format == other.format
            && self.gzip == other.gzip
            && self.file == other.file
            && self.max_text == other.max_text
            && same_counter
    }
}

impl Eq for Input {}

/// Adds the bytes read through it to a shared counter.
struct Counting<R> {
    inner: R,
    counter: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.counter.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl Input {
    /// Input for a file path (not a directory) or `-` for stdin.
    pub fn new(path: &Path) -> Input {
        let display = path.to_string_lossy().into_owned();
        if display == "-" {
            return Input {
                path: display,
                format: None,
                gzip: false,
                file: None,
                counter: None,
                max_text: None,
            };
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (format, gzip) = InputFormat::from_name(&name);
        Input {
            path: display,
            format,
            gzip,
            file: Some(path.to_path_buf()),
            counter: None,
            max_text: None,
        }
    }

    /// Size of the file in bytes (`None` for stdin or when unknown), for progress.
    pub fn size(&self) -> Option<u64> {
        let file = self.file.as_ref()?;
        std::fs::metadata(file).ok().map(|m| m.len())
    }

    /// Adds every byte read from the file (compressed, as stored) to `counter`.
    pub fn counting(mut self, counter: Arc<AtomicU64>) -> Input {
        self.counter = Some(counter);
        self
    }

    /// Reads at most a little more than `max` bytes of a Markdown or text file, so that a
    /// huge file never sits whole in memory; [`cap_document`] then cuts the document
    /// to `max` at a paragraph and says so.
    pub fn max_text_bytes(mut self, max: usize) -> Input {
        self.max_text = Some(max);
        self
    }

    /// Documents of this input, lazily; errors are items, never panics.
    pub fn documents(self) -> Box<dyn Iterator<Item = Result<Document, ReadError>> + Send> {
        match self.open() {
            Ok((format, reader)) => dispatch(self.path, format, reader, self.max_text),
            Err(e) => Box::new(std::iter::once(Err(e))),
        }
    }

    /// The HTML records of this input read as a WARC archive, not yet parsed (parsing
    /// them is the costly part and can run on any thread).
    pub fn raw_records(mut self) -> Box<dyn Iterator<Item = Result<RawRecord, ReadError>> + Send> {
        self.format = Some(InputFormat::Warc);
        match self.open() {
            Ok((_, reader)) => Box::new(warc_records_from(self.path, reader)),
            Err(e) => Box::new(std::iter::once(Err(e))),
        }
    }

    /// Opens the input, decompresses it when needed and settles its format.
    fn open(&self) -> Result<(InputFormat, Box<dyn BufRead + Send>), ReadError> {
        let io_err = |source| ReadError::Io {
            path: self.path.clone(),
            source,
        };
        let raw: Box<dyn Read + Send> = match &self.file {
            None => Box::new(io::stdin()),
            Some(p) => {
                let f = File::open(p).map_err(io_err)?;
                let meta = f.metadata().map_err(io_err)?;
                if meta.is_dir() {
                    return Err(io_err(io::Error::other("is a directory")));
                }
                let streams = matches!(
                    self.format,
                    Some(InputFormat::Warc | InputFormat::Feed | InputFormat::Jsonl)
                );
                if !streams && !self.gzip && meta.len() > MAX_FILE_BYTES {
                    return Err(ReadError::TooLarge {
                        path: self.path.clone(),
                        size: meta.len(),
                        limit: MAX_FILE_BYTES,
                    });
                }
                Box::new(f)
            }
        };
        let raw: Box<dyn Read + Send> = match &self.counter {
            Some(counter) => Box::new(Counting {
                inner: raw,
                counter: Arc::clone(counter),
            }),
            None => raw,
        };
        let reader: Box<dyn BufRead + Send> = Box::new(BufReader::with_capacity(1 << 16, raw));
        let (mut head, mut reader) = peek(reader, SNIFF_BYTES);
        let is_gzip = head.starts_with(&[0x1f, 0x8b]);
        if is_gzip {
            let rest = Cursor::new(head).chain(reader);
            let dec = flate2::bufread::MultiGzDecoder::new(BufReader::with_capacity(1 << 16, rest));
            let unzipped = Box::new(BufReader::with_capacity(
                1 << 16,
                decode::GzErrors::new(dec),
            ));
            (head, reader) = peek(unzipped, SNIFF_BYTES);
        }
        let sniffed = InputFormat::sniff(&head);
        let format = match (self.format, sniffed) {
            // WARC payloads are often binary (images): the parser judges the records.
            (Some(InputFormat::Warc), _) => InputFormat::Warc,
            (_, None) => {
                return Err(ReadError::Binary {
                    path: self.path.clone(),
                });
            }
            // A name saying "html" on a WARC or feed file is believed less than the content.
            (Some(InputFormat::Html), Some(s @ (InputFormat::Warc | InputFormat::Feed))) => s,
            (Some(f), _) => f,
            (None, Some(s)) => s,
        };
        let reader: Box<dyn BufRead + Send> = Box::new(Cursor::new(head).chain(reader));
        Ok((format, reader))
    }
}

/// Reads up to `n` bytes from the front of `reader` (fewer at end of stream), to be chained
/// back in front of it.
/// A read error met while peeking is kept and returned after the bytes read before it,
/// so that a truncated stream still yields its complete records first.
fn peek(reader: Box<dyn BufRead + Send>, n: usize) -> (Vec<u8>, Box<dyn BufRead + Send>) {
    let mut reader = reader;
    let mut head = Vec::with_capacity(n);
    match reader.by_ref().take(n as u64).read_to_end(&mut head) {
        Ok(_) => (head, reader),
        Err(e) => (head, Box::new(BufReader::new(FailingReader(Some(e))))),
    }
}

/// Returns its error once, then end of stream.
struct FailingReader(Option<io::Error>);

impl Read for FailingReader {
    fn read(&mut self, _buf: &mut [u8]) -> io::Result<usize> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(0),
        }
    }
}

/// Reads the first `max` bytes of the stream (a little more, to tell that there was
/// more), ending on a UTF-8 character boundary when the text is UTF-8.
fn read_head(
    path: &str,
    reader: Box<dyn BufRead + Send>,
    max: usize,
) -> Result<Vec<u8>, ReadError> {
    let mut buf = Vec::new();
    let limit = (max as u64).saturating_add(4).min(MAX_FILE_BYTES);
    reader
        .take(limit)
        .read_to_end(&mut buf)
        .map_err(|e| decode::stream_error(path, buf.len() as u64, e))?;
    if buf.len() as u64 == limit
        && let Err(e) = std::str::from_utf8(&buf)
        && e.error_len().is_none()
    {
        // Only the last character was cut: drop its first bytes.
        buf.truncate(e.valid_up_to());
    }
    Ok(buf)
}

/// Reads the whole stream, up to [`MAX_FILE_BYTES`].
fn read_whole(path: &str, reader: Box<dyn BufRead + Send>) -> Result<Vec<u8>, ReadError> {
    let mut buf = Vec::new();
    reader
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(|e| decode::stream_error(path, buf.len() as u64, e))?;
    if buf.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            path: path.to_string(),
            size: buf.len() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
    Ok(buf)
}

fn dispatch(
    path: String,
    format: InputFormat,
    reader: Box<dyn BufRead + Send>,
    max_text: Option<usize>,
) -> Box<dyn Iterator<Item = Result<Document, ReadError>> + Send> {
    match format {
        InputFormat::Warc => {
            Box::new(warc_records_from(path, reader).map(|r| r.and_then(RawRecord::into_document)))
        }
        InputFormat::Feed => Box::new(feed_documents(path, reader)),
        InputFormat::Jsonl => Box::new(jsonl_documents(path, reader)),
        InputFormat::Html => {
            let doc = read_whole(&path, reader).and_then(|bytes| {
                let source = dixit_model::Source {
                    path: path.clone(),
                    ..Default::default()
                };
                html_to_document(&bytes, source, None)
            });
            Box::new(std::iter::once(doc))
        }
        InputFormat::Markdown | InputFormat::Text => {
            let bytes = match max_text {
                Some(max) => read_head(&path, reader, max),
                None => read_whole(&path, reader),
            };
            let doc = bytes.and_then(|bytes| plain::plain_document(&path, bytes, format));
            Box::new(std::iter::once(doc))
        }
    }
}

/// Documents of one file (any format, sniffed when the name says nothing), lazily.
pub fn read_file(path: &Path) -> Box<dyn Iterator<Item = Result<Document, ReadError>> + Send> {
    Input::new(path).documents()
}

/// The inputs under `paths`: files as given, directories walked recursively in sorted
/// order (keeping only files whose name gives a known format, and skipping hidden ones),
/// `-` for stdin.
pub fn inputs(paths: &[PathBuf]) -> impl Iterator<Item = Result<Input, ReadError>> + use<> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" || !p.is_dir() {
            out.push(Ok(Input::new(p)));
        } else {
            walk(p, &mut out);
        }
    }
    out.into_iter()
}

fn walk(dir: &Path, out: &mut Vec<Result<Input, ReadError>>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(source) => {
            out.push(Err(ReadError::Io {
                path: dir.to_string_lossy().into_owned(),
                source,
            }));
            return;
        }
    };
    let mut children: Vec<PathBuf> = Vec::new();
    for entry in entries {
        match entry {
            Ok(e) => children.push(e.path()),
            Err(source) => out.push(Err(ReadError::Io {
                path: dir.to_string_lossy().into_owned(),
                source,
            })),
        }
    }
    children.sort();
    for child in children {
        let name = child
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        if child.is_dir() {
            walk(&child, out);
        } else if InputFormat::from_name(&name).0.is_some() {
            out.push(Ok(Input::new(&child)));
        }
    }
}

/// Every document under `paths` (files, directories recursively in sorted order, `-` =
/// stdin), lazily, one item per article; an `Err` item for each input or record that
/// failed, then iteration continues with the rest.
pub fn read_paths(
    paths: &[PathBuf],
) -> impl Iterator<Item = Result<Document, ReadError>> + Send + use<> {
    inputs(paths).flat_map(|input| match input {
        Ok(i) => i.documents(),
        Err(e) => Box::new(std::iter::once(Err(e))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_give_formats() {
        assert_eq!(
            InputFormat::from_name("a.warc.gz"),
            (Some(InputFormat::Warc), true)
        );
        assert_eq!(
            InputFormat::from_name("A.HTML.gz"),
            (Some(InputFormat::Html), true)
        );
        assert_eq!(
            InputFormat::from_name("x.ndjson"),
            (Some(InputFormat::Jsonl), false)
        );
        assert_eq!(
            InputFormat::from_name("feed.atom"),
            (Some(InputFormat::Feed), false)
        );
        assert_eq!(InputFormat::from_name("noext"), (None, false));
    }

    #[test]
    fn sniffing() {
        assert_eq!(InputFormat::sniff(b"WARC/1.0\r\n"), Some(InputFormat::Warc));
        assert_eq!(
            InputFormat::sniff(b"<?xml version='1.0'?><rss>"),
            Some(InputFormat::Feed)
        );
        assert_eq!(
            InputFormat::sniff(b"  <!DOCTYPE html><html>"),
            Some(InputFormat::Html)
        );
        assert_eq!(
            InputFormat::sniff(b"{\"text\":\"x\"}\n"),
            Some(InputFormat::Jsonl)
        );
        assert_eq!(InputFormat::sniff(b"Bonjour."), Some(InputFormat::Text));
        assert_eq!(InputFormat::sniff(b"ab\0cd"), None);
    }

    #[test]
    fn cap_cuts_at_paragraph_and_keeps_lengths_equal() {
        let text = format!("{}\n\n{}", "été ".repeat(30), "mot ".repeat(10));
        let mut doc = dixit_text::markup::text_document("x.txt", text.clone());
        assert!(cap_document(&mut doc, text.len() - 5));
        assert_eq!(doc.text, "été ".repeat(30));
        assert_eq!(doc.text.len(), doc.analysis.len());
        assert!(!cap_document(&mut doc, 10_000));
    }

    #[test]
    fn cap_respects_char_boundaries() {
        let text = "é".repeat(100);
        let mut doc = dixit_text::markup::text_document("x.txt", text);
        assert!(cap_document(&mut doc, 51));
        assert_eq!(doc.text.len(), 50);
        assert_eq!(doc.analysis.len(), 50);
    }

    #[test]
    fn capped_text_files_are_read_only_up_to_the_cap() {
        let dir = std::env::temp_dir().join(format!("dixit-readers-cap-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("big.txt");
        let para = format!("{}\n\n", "Le ministre a parlé à l'Élysée. ".repeat(10));
        let whole = para.repeat(200);
        std::fs::write(&path, &whole).unwrap();
        let counter = Arc::new(AtomicU64::new(0));
        let mut docs: Vec<Document> = Input::new(&path)
            .counting(Arc::clone(&counter))
            .max_text_bytes(1000)
            .documents()
            .collect::<Result<_, _>>()
            .unwrap();
        let d = &mut docs[0];
        assert!(d.text.len() <= 1004, "{}", d.text.len());
        assert!(d.text_is_input, "no charset guess on a cut character");
        assert!(cap_document(d, 1000));
        assert!(d.text.len() <= 1000 && whole.starts_with(&d.text));
        // Bytes counted: what was read, not the whole file.
        let read = counter.load(Ordering::Relaxed);
        assert!(read >= 1000 && read < (para.len() * 200) as u64, "{read}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

//! Byte-level helpers: binary detection, charset decoding, gzip error tagging.

use std::borrow::Cow;
use std::io::{self, Read};

use encoding_rs::Encoding;

use crate::ReadError;

/// True when `head` looks like binary data: a NUL byte, or more than 10% of control bytes
/// that text never holds.
pub(crate) fn looks_binary(head: &[u8]) -> bool {
    let head = strip_bom(head);
    if head.is_empty() {
        return false;
    }
    if memchr::memchr(0, head).is_some() {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
        .count();
    controls * 10 > head.len()
}

/// `bytes` without a leading UTF-8 byte-order mark.
pub(crate) fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Decodes text whose encoding is unknown: UTF-8 when valid (or with a BOM of any kind),
/// otherwise the encoding `chardetng` guesses. Returns the text and whether a guess was
/// needed (so the text is not the input bytes).
pub(crate) fn decode_guess(bytes: &[u8], declared: Option<&'static Encoding>) -> (String, bool) {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or_default();
        let (text, _) = enc.decode_without_bom_handling(rest);
        return (text.into_owned(), true);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_string(), false);
    }
    // A declaration of UTF-8 on bytes that are not UTF-8 is wrong, so only trust others.
    let enc = match declared {
        Some(e) if e != encoding_rs::UTF_8 => e,
        _ => {
            let mut det = chardetng::EncodingDetector::new();
            det.feed(bytes, true);
            det.guess(None, true)
        }
    };
    let (text, _) = enc.decode_without_bom_handling(bytes);
    (text.into_owned(), true)
}

/// Decodes an HTML page: BOM, then the transport charset, then a `<meta>` declaration in
/// the first 4 KiB, then a guess.
pub(crate) fn decode_html<'a>(bytes: &'a [u8], transport: Option<&str>) -> Cow<'a, str> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or_default();
        return enc.decode_without_bom_handling(rest).0;
    }
    let declared = transport
        .and_then(|l| Encoding::for_label(l.trim().as_bytes()))
        .or_else(|| meta_charset(bytes.get(..4096).unwrap_or(bytes)));
    match declared {
        Some(enc) if enc != encoding_rs::UTF_8 => {
            // Pages declared as Latin-1 are decoded as windows-1252, as browsers do.
            enc.output_encoding().decode_without_bom_handling(bytes).0
        }
        _ => match std::str::from_utf8(bytes) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => {
                let mut det = chardetng::EncodingDetector::new();
                det.feed(bytes, true);
                let enc = det.guess(None, true);
                enc.decode_without_bom_handling(bytes).0
            }
        },
    }
}

/// The encoding named by `<meta charset=...>` or `<meta http-equiv content="...charset=...">`.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(lower.get(from..)?, b"charset") {
        let mut j = from + i + b"charset".len();
        from = j;
        while lower.get(j).is_some_and(|b| b.is_ascii_whitespace()) {
            j += 1;
        }
        if lower.get(j) != Some(&b'=') {
            continue;
        }
        j += 1;
        while lower
            .get(j)
            .is_some_and(|b| b.is_ascii_whitespace() || *b == b'"' || *b == b'\'')
        {
            j += 1;
        }
        let start = j;
        while lower
            .get(j)
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
        {
            j += 1;
        }
        if let Some(enc) = lower.get(start..j).and_then(Encoding::for_label) {
            return Some(enc);
        }
    }
    None
}

/// Marks errors raised by a gzip decoder, so that they are reported as gzip errors.
#[derive(Debug)]
pub(crate) struct GzipFailure(pub(crate) io::Error);

impl std::fmt::Display for GzipFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for GzipFailure {}

/// Wraps a gzip decoder so that its errors carry [`GzipFailure`].
pub(crate) struct GzErrors<R> {
    inner: R,
}

impl<R> GzErrors<R> {
    pub(crate) fn new(inner: R) -> Self {
        GzErrors { inner }
    }
}

impl<R: Read> Read for GzErrors<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner
            .read(buf)
            .map_err(|e| io::Error::new(e.kind(), GzipFailure(e)))
    }
}

/// True when the error came out of a gzip decoder.
pub(crate) fn is_gzip_error(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<GzipFailure>())
}

/// Turns a stream read error into the matching [`ReadError`].
pub(crate) fn stream_error(path: &str, offset: u64, e: io::Error) -> ReadError {
    if is_gzip_error(&e) {
        let source = match e.into_inner().map(|b| b.downcast::<GzipFailure>()) {
            Some(Ok(g)) => g.0,
            Some(Err(other)) => io::Error::other(other),
            None => io::Error::other("gzip error"),
        };
        ReadError::Gzip {
            path: path.to_string(),
            offset,
            source,
        }
    } else {
        ReadError::Io {
            path: path.to_string(),
            source: e,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_detection() {
        assert!(looks_binary(b"abc\0def"));
        assert!(looks_binary(&[1u8, 2, 3, 4, 5, 6, 7, 8, b'a']));
        assert!(!looks_binary("Élysée\n\tx".as_bytes()));
        assert!(!looks_binary(b""));
    }

    #[test]
    fn html_charset_meta_and_guess() {
        let latin =
            b"<html><head><meta charset=\"iso-8859-1\"></head><body>\xe9t\xe9</body></html>";
        assert!(decode_html(latin, None).contains("été"));
        let undeclared: &[u8] = b"<html><body><p>L'\xe9t\xe9 a \xe9t\xe9 tr\xe8s chaud \xe0 Paris, d\xe9clare le minist\xe8re.</p></body></html>";
        assert!(decode_html(undeclared, None).contains("très chaud à Paris"));
        let utf8 = "<p>déjà</p>".as_bytes();
        assert!(matches!(decode_html(utf8, Some("utf-8")), Cow::Borrowed(_)));
        assert!(decode_html(b"<p>\xe9</p>", Some("windows-1252")).contains('é'));
    }

    #[test]
    fn guess_text() {
        let (s, guessed) = decode_guess("déjà".as_bytes(), None);
        assert_eq!((s.as_str(), guessed), ("déjà", false));
        let (s, guessed) = decode_guess(b"d\xe9j\xe0 vu, tr\xe8s \xe9l\xe9gant", None);
        assert!(guessed);
        assert!(s.starts_with("déjà"));
    }
}

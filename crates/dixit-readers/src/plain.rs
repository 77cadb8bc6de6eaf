//! Markdown and plain-text files.

use dixit_model::Document;
use dixit_text::markup::{markdown_document, text_document};

use crate::{InputFormat, ReadError, decode};

/// Document of a Markdown or text file read whole; bytes that are not UTF-8 are decoded
/// with a guessed charset, and the document then says its text is not the input.
pub(crate) fn plain_document(
    path: &str,
    bytes: Vec<u8>,
    format: InputFormat,
) -> Result<Document, ReadError> {
    if decode::looks_binary(bytes.get(..crate::SNIFF_BYTES).unwrap_or(&bytes))
        || memchr::memchr(0, &bytes).is_some()
    {
        return Err(ReadError::Binary {
            path: path.to_string(),
        });
    }
    let (text, transcoded) = match String::from_utf8(bytes) {
        Ok(s) => (s, false),
        Err(e) => decode::decode_guess(e.as_bytes(), None),
    };
    let mut doc = match format {
        InputFormat::Markdown => markdown_document(path, text),
        _ => text_document(path, text),
    };
    // Front matter dates come as written: normalise them like every other reader.
    doc.source.date = doc.source.date.as_deref().and_then(crate::html::iso_date);
    if transcoded {
        doc.text_is_input = false;
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_text_is_input() {
        let d = plain_document("a.txt", "Été.".as_bytes().to_vec(), InputFormat::Text).unwrap();
        assert_eq!(d.text, "Été.");
        assert!(d.text_is_input);
    }

    #[test]
    fn latin1_text_is_transcoded() {
        let bytes = b"L'\xe9t\xe9 fut tr\xe8s chaud, d\xe9clare le minist\xe8re.".to_vec();
        let d = plain_document("a.txt", bytes, InputFormat::Text).unwrap();
        assert!(d.text.contains("très chaud"));
        assert!(!d.text_is_input);
    }

    #[test]
    fn markdown_front_matter_date_is_normalised() {
        let md = "---\ntitle: T\ndate: 2017-03-25T23:30:00Z\n---\nIl a parlé hier.\n";
        let d = plain_document("f.md", md.as_bytes().to_vec(), InputFormat::Markdown).unwrap();
        assert_eq!(d.source.date.as_deref(), Some("2017-03-26T00:30:00+01:00"));
        let md = "---\ndate: \"12 mars 2017\"\n---\nCorps.\n";
        let d = plain_document("g.md", md.as_bytes().to_vec(), InputFormat::Markdown).unwrap();
        assert_eq!(d.source.date.as_deref(), Some("2017-03-12"));
        let md = "---\ndate: bientôt\n---\nCorps.\n";
        let d = plain_document("h.md", md.as_bytes().to_vec(), InputFormat::Markdown).unwrap();
        assert_eq!(d.source.date, None);
    }

    #[test]
    fn nul_bytes_are_binary() {
        let e = plain_document("b.txt", b"abc\0".to_vec(), InputFormat::Text).unwrap_err();
        assert!(e.to_string().contains("b.txt"));
    }
}

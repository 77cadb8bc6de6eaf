//! French quote, speaker and entity extraction.
//!
//! Data flow for one document: tokens and sentences ([`dixit_text`]) → entity mentions
//! (knowledge-base gazetteer, name patterns, NER model) → persons merged across the
//! document with their roles → quotes (direct, mixed, indirect) with cue, speaker and
//! channel. Every span is a byte range into `Document::text`.

mod context;
mod entities;
mod quotes;
mod words;

use dixit_model::{ArticleRecord, Document};
use std::path::Path;

pub use context::Context;

/// Errors of the extraction entry points that read files.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// The file could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// Input path.
        path: String,
        /// Underlying error.
        source: std::io::Error,
    },
    /// The file is not UTF-8 text.
    #[error("{path}: not UTF-8 text ({detail})")]
    NotText {
        /// Input path.
        path: String,
        /// What was wrong.
        detail: String,
    },
}

/// Extracts quotes and entities from an analysable document.
pub fn extract_document(doc: &Document) -> ArticleRecord {
    let ctx = Context::new(&doc.analysis);
    let ents = entities::find(&ctx);
    let quotes = quotes::find(&ctx, &ents);
    entities::into_record(doc, &ctx, ents, quotes)
}

/// Reads a Markdown (`.md`, `.markdown`) or plain-text file and extracts from it.
pub fn extract_path(path: &Path) -> Result<ArticleRecord, ExtractError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| ExtractError::Io {
        path: name.clone(),
        source,
    })?;
    let doc = document_from_bytes(&name, bytes)?;
    Ok(extract_document(&doc))
}

/// Builds a Markdown or text [`Document`] from raw file bytes, rejecting binary data.
pub fn document_from_bytes(name: &str, bytes: Vec<u8>) -> Result<Document, ExtractError> {
    if bytes.contains(&0) {
        return Err(ExtractError::NotText {
            path: name.to_owned(),
            detail: "binary data (NUL bytes)".into(),
        });
    }
    let text = String::from_utf8(bytes).map_err(|e| ExtractError::NotText {
        path: name.to_owned(),
        detail: format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
    })?;
    let lower = name.to_ascii_lowercase();
    Ok(if lower.ends_with(".md") || lower.ends_with(".markdown") {
        dixit_text::markup::markdown_document(name, text)
    } else {
        dixit_text::markup::text_document(name, text)
    })
}

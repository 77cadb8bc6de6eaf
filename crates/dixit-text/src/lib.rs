//! French text handling: input markup to analysable text, tokenisation, sentences.

pub mod markup;
pub mod sentence;
pub mod token;

use dixit_model::Document;

/// Cuts the document's text (and analysis, which has the same byte length) to at most
/// `max` bytes, at a paragraph, line or char boundary; true when something was cut.
pub fn cap_document(doc: &mut Document, max: usize) -> bool {
    if doc.text.len() <= max || doc.analysis.len() != doc.text.len() {
        return false;
    }
    let mut cut = max;
    while cut > 0 && !doc.text.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = doc.text.get(..cut).unwrap_or_default();
    // Prefer a paragraph break in the last quarter, so that no sentence is cut in half.
    let floor = cut - cut / 4;
    if let Some(p) = head.rfind("\n\n").or_else(|| head.rfind('\n'))
        && p >= floor
    {
        cut = p;
    }
    // `analysis` only differs from `text` by ASCII bytes, so their char boundaries agree.
    if !doc.analysis.is_char_boundary(cut) {
        return false;
    }
    doc.text.truncate(cut);
    doc.analysis.truncate(cut);
    true
}

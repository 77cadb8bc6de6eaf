//! The write decision shared by both backends: skip an input stored before with the
//! same content, attach an exact or near duplicate to its story, or store a new story.
//! A known source (URL or path) with other content is a new version: it goes through
//! the same decision and is stored as an appearance or a new story, never dropped.

use crate::minhash::{NEAR_DUPLICATE, Signature};
use crate::{BatchStats, PreparedArticle, Result};

/// The operations a backend provides inside one batch transaction.
pub(crate) trait BatchTx {
    /// Whether an appearance with this source key and text hash exists.
    fn appearance_exists(&mut self, key: &str, text_hash: &str) -> Result<bool>;
    /// Whether any appearance has this source key, whatever its content.
    fn source_exists(&mut self, key: &str) -> Result<bool>;
    /// The story whose text (or one of whose appearances' text) has this hash.
    fn story_of_hash(&mut self, text_hash: &str) -> Result<Option<String>>;
    /// Stories sharing at least one LSH bucket with `bands`.
    fn lsh_candidates(&mut self, bands: &[i64]) -> Result<Vec<String>>;
    /// Stored signature of a story.
    fn signature(&mut self, story: &str) -> Result<Option<Signature>>;
    /// Records that `article` is an appearance of `story`.
    fn insert_appearance(
        &mut self,
        story: &str,
        article: &PreparedArticle,
        similarity: f64,
    ) -> Result<()>;
    /// Stores a new story (id = `text_hash`) with its first appearance and children;
    /// `None` when a concurrent writer stored it first, else the number of quotes.
    fn insert_story(&mut self, article: &PreparedArticle, bands: &[i64]) -> Result<Option<u64>>;
}

/// The stored story most similar to `article`, if at least [`NEAR_DUPLICATE`] similar;
/// ties go to the smallest id so that the outcome does not depend on lookup order.
fn nearest_story(
    tx: &mut dyn BatchTx,
    sig: &Signature,
    bands: &[i64],
) -> Result<Option<(String, f64)>> {
    let mut candidates = tx.lsh_candidates(bands)?;
    candidates.sort_unstable();
    candidates.dedup();
    let mut best: Option<(String, f64)> = None;
    for c in candidates {
        let Some(other) = tx.signature(&c)? else {
            continue;
        };
        let s = sig.similarity(&other);
        if s >= NEAR_DUPLICATE && best.as_ref().is_none_or(|(_, b)| s > *b) {
            best = Some((c, s));
        }
    }
    Ok(best)
}

/// Writes one article inside the caller's transaction.
pub(crate) fn write_article(tx: &mut dyn BatchTx, article: &PreparedArticle) -> Result<BatchStats> {
    let mut stats = BatchStats::default();
    if tx.appearance_exists(&article.source_key, &article.text_hash)? {
        stats.unchanged = 1;
        return Ok(stats);
    }
    if tx.source_exists(&article.source_key)? {
        stats.new_versions = 1;
    }
    if let Some(story) = tx.story_of_hash(&article.text_hash)? {
        tx.insert_appearance(&story, article, 1.0)?;
        stats.duplicates = 1;
        return Ok(stats);
    }
    let bands = article
        .signature
        .as_ref()
        .map(|s| s.bands())
        .unwrap_or_default();
    if let Some(sig) = &article.signature
        && let Some((story, similarity)) = nearest_story(tx, sig, &bands)?
    {
        tx.insert_appearance(&story, article, similarity)?;
        stats.duplicates = 1;
        return Ok(stats);
    }
    match tx.insert_story(article, &bands)? {
        Some(quotes) => {
            stats.new_articles = 1;
            stats.quotes = quotes;
        }
        None => {
            tx.insert_appearance(&article.text_hash, article, 1.0)?;
            stats.duplicates = 1;
        }
    }
    Ok(stats)
}

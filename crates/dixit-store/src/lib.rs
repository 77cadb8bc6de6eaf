//! Storage of extracted articles: stories and their appearances, quotes, persons,
//! roles, media and organisations, with full-text search.
//!
//! Two backends implement [`Store`]: an embedded SQLite file ([`SqliteStore`], the
//! default) and PostgreSQL ([`PgStore`], for several concurrent writers). Identifiers
//! are content hashes, so writing the same article twice is a no-op and a run that
//! was killed resumes by simply reading its inputs again.

pub mod browse;
mod dedup;
pub mod minhash;
pub mod normalize;
mod pg;
mod pg_browse;
mod prepare;
mod sqlite;
mod sqlite_browse;

pub use pg::PgStore;
pub use prepare::{PreparedArticle, PreparedPerson, PreparedQuote};
pub use sqlite::SqliteStore;

use serde::Serialize;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failure.
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// PostgreSQL failure.
    #[error("postgres: {0}")]
    Postgres(#[from] postgres::Error),
    /// File-system or output failure.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A stored value that cannot be decoded.
    #[error("corrupt store: {0}")]
    Corrupt(String),
    /// A store location that is neither a directory nor a `postgres://` URL.
    #[error("unsupported store location: {0}")]
    Location(String),
}

/// Result alias of this crate.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// What one [`Store::write_batch`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BatchStats {
    /// New stories stored.
    pub new_articles: u64,
    /// Inputs recorded as another appearance of a story already stored (exact or near duplicate).
    pub duplicates: u64,
    /// Inputs already stored under the same source (re-ingestion): nothing written.
    pub unchanged: u64,
    /// Quotes stored with the new stories.
    pub quotes: u64,
}

impl BatchStats {
    /// Adds `other` into `self`.
    pub fn add(&mut self, other: BatchStats) {
        self.new_articles += other.new_articles;
        self.duplicates += other.duplicates;
        self.unchanged += other.unchanged;
        self.quotes += other.quotes;
    }
}

/// Row counts of the main tables.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Stories.
    pub articles: u64,
    /// Appearances (every input that was stored, first sightings included).
    pub appearances: u64,
    /// Quotes.
    pub quotes: u64,
    /// Distinct persons.
    pub persons: u64,
    /// Distinct media.
    pub media: u64,
    /// Distinct organisations.
    pub organizations: u64,
}

/// A quote search.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// Free text (stemmed and accent-folded like the index); empty: filters only.
    pub text: String,
    /// Part of the speaker's name (accent- and case-insensitive).
    pub speaker: Option<String>,
    /// Part of an outlet name the story appeared in.
    pub outlet: Option<String>,
    /// Earliest publication date (ISO 8601 prefix, inclusive).
    pub from: Option<String>,
    /// Latest publication date (ISO 8601 prefix, inclusive).
    pub to: Option<String>,
    /// Maximum number of hits.
    pub limit: usize,
}

/// One stored quote with its context, as search and export give it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteRow {
    /// Stable quote id.
    pub id: String,
    /// Story the quote belongs to.
    pub article_id: String,
    /// The reported words.
    pub text: String,
    /// `direct`, `indirect` or `mixed`.
    pub kind: String,
    /// Speaker as given by the article.
    pub speaker: Option<String>,
    /// `person`, `media`, `organization` or `collective`.
    pub speaker_kind: Option<String>,
    /// Id of the speaking person, when the speaker is a person.
    pub person_id: Option<String>,
    /// Reporting verb or phrase.
    pub cue: Option<String>,
    /// Medium the words went through.
    pub channel: Option<String>,
    /// Title of the story.
    pub title: Option<String>,
    /// Outlet of the story's first appearance.
    pub outlet: Option<String>,
    /// Date of the story's first appearance.
    pub date: Option<String>,
    /// URL of the story's first appearance.
    pub url: Option<String>,
}

/// One stored person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonRow {
    /// Stable id (normalised full name).
    pub id: String,
    /// Fullest name seen first.
    pub name: String,
    /// Knowledge-base id, when linked.
    pub kb_id: Option<String>,
    /// Party from the knowledge base.
    pub party: Option<String>,
    /// Titles and offices seen in any story, sorted.
    pub roles: Vec<String>,
    /// Stories naming the person.
    pub articles: u64,
    /// Quotes attributed to the person.
    pub quotes: u64,
}

/// One input in which a story appeared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppearanceRow {
    /// URL, or input path when there is no URL.
    pub key: String,
    /// Outlet, when known.
    pub outlet: Option<String>,
    /// Date, when known.
    pub date: Option<String>,
    /// Estimated similarity to the stored story (1 for exact copies).
    pub similarity: f64,
}

/// One stored story with all its appearances.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleRow {
    /// Stable story id (hash of the normalised text).
    pub id: String,
    /// Title.
    pub title: Option<String>,
    /// Outlet of the first appearance.
    pub outlet: Option<String>,
    /// Date of the first appearance.
    pub date: Option<String>,
    /// URL of the first appearance.
    pub url: Option<String>,
    /// Number of quotes.
    pub quotes: u64,
    /// Every appearance, sorted by key.
    pub appearances: Vec<AppearanceRow>,
}

/// A node of the person/outlet graph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GraphNode {
    /// `p:<person id>` or `m:<outlet key>`.
    pub id: String,
    /// Display name.
    pub label: String,
    /// `person` or `media`.
    pub kind: String,
    /// Stories naming the person, or stories that appeared in the outlet.
    pub weight: u64,
}

/// An edge of the person/outlet graph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GraphEdge {
    /// Source node id.
    pub source: String,
    /// Target node id.
    pub target: String,
    /// `co-mention` (persons named in the same story) or `quoted-in` (person → outlet).
    pub kind: String,
    /// Number of stories (co-mention) or quotes (quoted-in).
    pub weight: u64,
}

/// Persons and outlets with their relations.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Graph {
    /// Nodes sorted by id.
    pub nodes: Vec<GraphNode>,
    /// Edges sorted by (source, target, kind).
    pub edges: Vec<GraphEdge>,
}

/// Sink for streamed rows; an error stops the export.
pub type Sink<'a, T> = &'a mut dyn FnMut(T) -> std::io::Result<()>;

/// A place to keep extracted articles.
pub trait Store: Send {
    /// Which of these source keys ([`PreparedArticle::source_key`]) are already stored.
    fn known_sources(&mut self, keys: &[&str]) -> Result<HashSet<String>>;
    /// Which of these input paths (`Source::path`) were already stored as an appearance.
    fn known_paths(&mut self, paths: &[&str]) -> Result<HashSet<String>>;
    /// Writes a batch atomically: after a crash either all of it or none of it is stored.
    fn write_batch(&mut self, batch: &[PreparedArticle]) -> Result<BatchStats>;
    /// Quotes matching the query, best first.
    fn search(&mut self, query: &SearchQuery) -> Result<Vec<QuoteRow>>;
    /// Stories whose text matches the query, best first.
    fn search_articles(&mut self, query: &SearchQuery) -> Result<Vec<ArticleRow>>;
    /// Streams every quote, sorted by id.
    fn export_quotes(&mut self, sink: Sink<'_, QuoteRow>) -> Result<()>;
    /// Streams every person, sorted by id.
    fn export_persons(&mut self, sink: Sink<'_, PersonRow>) -> Result<()>;
    /// Streams every story with its appearances, sorted by id.
    fn export_articles(&mut self, sink: Sink<'_, ArticleRow>) -> Result<()>;
    /// The person/outlet graph.
    fn graph(&mut self) -> Result<Graph>;
    /// Row counts.
    fn counts(&mut self) -> Result<Counts>;
}

/// Where a store lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// An embedded store in this directory.
    Dir(PathBuf),
    /// A PostgreSQL connection URL.
    Postgres(String),
}

impl Location {
    /// `postgres://…`/`postgresql://…` URLs are PostgreSQL, anything else a directory.
    pub fn parse(s: &str) -> Location {
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            Location::Postgres(s.to_string())
        } else {
            Location::Dir(PathBuf::from(s))
        }
    }
}

/// The default embedded store directory: `$XDG_DATA_HOME/dixit`, else `~/.local/share/dixit`
/// (`~/Library/Application Support/dixit` on macOS, `%APPDATA%\dixit` on Windows).
pub fn default_data_dir() -> Option<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if cfg!(windows) {
        return env("APPDATA").map(|d| d.join("dixit"));
    }
    if let Some(xdg) = env("XDG_DATA_HOME") {
        return Some(xdg.join("dixit"));
    }
    let home = env("HOME")?;
    if cfg!(target_os = "macos") {
        Some(home.join("Library/Application Support/dixit"))
    } else {
        Some(home.join(".local/share/dixit"))
    }
}

/// Opens (creating if needed) the store at `location`.
pub fn open(location: &Location) -> Result<Box<dyn Store>> {
    match location {
        Location::Dir(dir) => Ok(Box::new(SqliteStore::open_dir(dir)?)),
        Location::Postgres(url) => Ok(Box::new(PgStore::connect(url)?)),
    }
}

/// Path of the SQLite file inside an embedded store directory.
pub fn sqlite_path(dir: &Path) -> PathBuf {
    dir.join("dixit.sqlite")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_parsing() {
        assert_eq!(
            Location::parse("postgres://u@localhost/db"),
            Location::Postgres("postgres://u@localhost/db".into())
        );
        assert_eq!(Location::parse("/tmp/x"), Location::Dir("/tmp/x".into()));
    }
}

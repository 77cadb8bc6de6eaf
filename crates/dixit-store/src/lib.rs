//! Storage of extracted articles: stories and their appearances, quotes, persons,
//! roles, media and organisations, with full-text search.
//!
//! Two backends implement [`Store`]: an embedded SQLite file ([`SqliteStore`], the
//! default) and PostgreSQL ([`PgStore`], for several concurrent writers). Identifiers
//! are content hashes, so writing the same article twice is a no-op and a run that
//! was killed resumes by simply reading its inputs again.
//!
//! Searches take one query language ([`query::Query`]) and rank with one definition on
//! both backends: BM25 (k1 = 1.2, b = 0.75, FTS5's formula) over the same index terms,
//! ties broken by date (newest first), then id.

pub mod browse;
mod check;
mod dedup;
pub mod minhash;
pub mod normalize;
mod pg;
mod pg_browse;
mod prepare;
pub mod query;
mod sqlite;
mod sqlite_browse;

pub use check::{CheckReport, Problem};
pub use pg::PgStore;
pub use prepare::{
    PreparedArticle, PreparedPerson, PreparedQuote, PreparedRelation, source_key, text_hash,
};
pub use query::{Query, QueryError};
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
    /// No store where one was expected (search and export never create one).
    #[error("no dixit store at {0} (run `dixit ingest` to create one)")]
    Missing(String),
    /// A file or database that is not a dixit store, or of an unknown version.
    #[error("{location}: {reason}")]
    Schema {
        /// The store.
        location: String,
        /// What is wrong.
        reason: String,
    },
    /// A write on a store opened read-only.
    #[error("the store is open read-only")]
    ReadOnly,
    /// A rejected query or filter.
    #[error("{0}")]
    Query(#[from] QueryError),
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
    /// Inputs whose source (URL or path) was stored before with other content: each is
    /// stored as a new version (a new story or an appearance), also counted above.
    pub new_versions: u64,
}

impl BatchStats {
    /// Adds `other` into `self`.
    pub fn add(&mut self, other: BatchStats) {
        self.new_articles += other.new_articles;
        self.duplicates += other.duplicates;
        self.unchanged += other.unchanged;
        self.quotes += other.quotes;
        self.new_versions += other.new_versions;
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

/// A quote or article search. Values come from users and are checked by the store:
/// `text` in the query language of [`query`], dates as `YYYY[-MM[-DD]]`; `limit` and
/// `offset` are cut to [`query::MAX_LIMIT`] and [`query::MAX_OFFSET`].
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// Query text (see [`query::Query`]); empty or blank: filters only.
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
    /// Part of the speaking person's party (accent- and case-insensitive); quotes only.
    pub party: Option<String>,
    /// `direct`, `indirect` or `mixed`; quotes only.
    pub kind: Option<String>,
    /// Hits to skip before the first one returned (pagination).
    pub offset: u64,
}

/// A [`SearchQuery`] once checked: parsed query, valid filters, bounded page.
#[derive(Debug, Clone)]
pub(crate) struct Checked {
    pub query: Option<Query>,
    pub speaker: Option<String>,
    pub outlet: Option<String>,
    pub party: Option<String>,
    pub kind: Option<&'static str>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

/// `'%' || escaped(fold(s)) || '%'` for a LIKE with `ESCAPE '\'`.
pub(crate) fn like_pattern(s: &str) -> String {
    let mut out = String::from("%");
    for c in normalize::fold(s.trim()).chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

impl SearchQuery {
    /// Checks every field; `articles` rejects the filters that only apply to quotes.
    pub(crate) fn check(&self, articles: bool) -> Result<Checked> {
        let query = if self.text.trim().is_empty() {
            None
        } else {
            Some(Query::parse(&self.text)?)
        };
        if articles {
            for (name, set) in [
                ("speaker", self.speaker.is_some()),
                ("party", self.party.is_some()),
                ("kind", self.kind.is_some()),
            ] {
                if set {
                    return Err(QueryError::NotForArticles { filter: name }.into());
                }
            }
        }
        let (from, to) = query::check_date_range(self.from.as_deref(), self.to.as_deref())?;
        let kind = self.kind.as_deref().map(query::parse_kind).transpose()?;
        let nonblank = |s: &Option<String>| {
            s.as_deref()
                .filter(|v| !v.trim().is_empty())
                .map(like_pattern)
        };
        Ok(Checked {
            query,
            speaker: nonblank(&self.speaker),
            outlet: nonblank(&self.outlet),
            party: nonblank(&self.party),
            kind,
            from,
            to,
            limit: self.limit.min(query::MAX_LIMIT) as i64,
            offset: self.offset.min(query::MAX_OFFSET) as i64,
        })
    }

    /// Whether the search has any filter besides the text.
    pub fn has_filters(&self) -> bool {
        self.speaker.is_some()
            || self.outlet.is_some()
            || self.party.is_some()
            || self.kind.is_some()
            || self.from.is_some()
            || self.to.is_some()
    }
}

/// One hit of a search: the row and its score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit<T> {
    /// BM25 score (higher is better; 0 for a search by filters only), rounded to 1e-9.
    pub score: f64,
    /// The quote or story.
    #[serde(flatten)]
    pub row: T,
}

/// One page of search results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page<T> {
    /// Every hit matching the search, over all pages.
    pub total: u64,
    /// Hits skipped before this page.
    pub offset: u64,
    /// This page's hits, best first: score, then date (newest first), then id.
    pub hits: Vec<Hit<T>>,
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
    /// Input path of the story's first appearance (a file, or `archive#offset`).
    pub path: Option<String>,
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
    /// Input path of the first appearance.
    pub path: Option<String>,
    /// Number of quotes.
    pub quotes: u64,
    /// Every appearance, sorted by key.
    pub appearances: Vec<AppearanceRow>,
}

/// One stored relation with the story it comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelationRow {
    /// Story id.
    pub article_id: String,
    /// `supports`, `criticises`, `joins`, `leaves`, `allies`, `succeeds` or `responds`.
    pub kind: String,
    /// `person`, `media` or `organization`.
    pub source_kind: String,
    /// Source id in its table.
    pub source_id: String,
    /// Source name.
    pub source_name: String,
    /// Target kind, as `source_kind`.
    pub target_kind: String,
    /// Target id in its table.
    pub target_id: String,
    /// Target name.
    pub target_name: String,
    /// The verb phrase stating it.
    pub cue: String,
    /// The text denies it.
    pub negated: bool,
    /// The text states it as possible, not done.
    pub hedged: bool,
    /// Day it was stated.
    pub date: Option<String>,
    /// The sentence stating it.
    pub evidence: String,
}

/// A node of the person/outlet graph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GraphNode {
    /// `p:<person id>`, `m:<outlet key>` or `o:<organisation id>`.
    pub id: String,
    /// Display name.
    pub label: String,
    /// `person`, `media` or `organization`.
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
    /// `co-mention` (persons named in the same story), `quoted-in` (person → outlet), or
    /// a relation stated in the stories (`supports`, `criticises`, `joins`, `leaves`,
    /// `allies`, `succeeds`, `responds`; `not-supports` … when the text denies it).
    pub kind: String,
    /// Number of stories (co-mention), quotes (quoted-in) or statements (relations).
    pub weight: u64,
    /// First day a relation was stated (relations only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first: Option<String>,
    /// Last day a relation was stated (relations only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last: Option<String>,
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
    /// Which (source key, text hash) pairs ([`source_key`], [`text_hash`]) are stored:
    /// inputs already stored with this very content, which need no extraction.
    fn known_versions(&mut self, pairs: &[(&str, &str)]) -> Result<HashSet<(String, String)>>;
    /// One page of the quotes matching the query, with the total count.
    fn search_page(&mut self, query: &SearchQuery) -> Result<Page<QuoteRow>>;
    /// One page of the stories whose title or text matches the query, with the total.
    fn search_articles_page(&mut self, query: &SearchQuery) -> Result<Page<ArticleRow>>;
    /// Quotes matching the query, best first (the rows of [`Store::search_page`]).
    fn search(&mut self, query: &SearchQuery) -> Result<Vec<QuoteRow>> {
        Ok(self
            .search_page(query)?
            .hits
            .into_iter()
            .map(|h| h.row)
            .collect())
    }
    /// Stories whose text matches the query, best first.
    fn search_articles(&mut self, query: &SearchQuery) -> Result<Vec<ArticleRow>> {
        Ok(self
            .search_articles_page(query)?
            .hits
            .into_iter()
            .map(|h| h.row)
            .collect())
    }
    /// Streams every quote, sorted by id.
    fn export_quotes(&mut self, sink: Sink<'_, QuoteRow>) -> Result<()>;
    /// Streams every person, sorted by id.
    fn export_persons(&mut self, sink: Sink<'_, PersonRow>) -> Result<()>;
    /// Streams every story with its appearances, sorted by id.
    fn export_articles(&mut self, sink: Sink<'_, ArticleRow>) -> Result<()>;
    /// Streams every relation, sorted by story, then source, target and kind.
    fn export_relations(&mut self, sink: Sink<'_, RelationRow>) -> Result<()>;
    /// The person/outlet graph, with the relations stated as facts (hedged ones left out)
    /// as typed, dated edges.
    fn graph(&mut self) -> Result<Graph>;
    /// Row counts.
    fn counts(&mut self) -> Result<Counts>;
    /// Integrity checks: engine checks, full-text index against rows, orphan rows,
    /// counts; reads only.
    fn check(&mut self) -> Result<CheckReport>;
    /// Repairs what [`Store::check`] reports as repairable (rebuilds the full-text
    /// index and statistics, removes orphan rows), then checks again.
    fn repair(&mut self) -> Result<CheckReport>;
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

    /// The location for messages: the directory, or the URL without its password.
    pub fn describe(&self) -> String {
        match self {
            Location::Dir(d) => d.display().to_string(),
            Location::Postgres(url) => {
                let scheme_end = url.find("://").map(|i| i + 3);
                match (scheme_end, url.rfind('@')) {
                    (Some(s), Some(at)) if at > s => {
                        let user_info = &url[s..at];
                        let user = user_info.split(':').next().unwrap_or_default();
                        format!("{}{user}{}", &url[..s], &url[at..])
                    }
                    _ => url.clone(),
                }
            }
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

/// Opens (creating if needed, upgrading an older schema) the store at `location`.
pub fn open(location: &Location) -> Result<Box<dyn Store>> {
    match location {
        Location::Dir(dir) => Ok(Box::new(SqliteStore::open_dir(dir)?)),
        Location::Postgres(url) => Ok(Box::new(PgStore::connect(url)?)),
    }
}

/// Opens the existing store at `location` for reading only: nothing is created or
/// changed; a missing store is [`StoreError::Missing`], a file or database that is not
/// a dixit store (or of another schema version) is [`StoreError::Schema`].
pub fn open_read_only(location: &Location) -> Result<Box<dyn Store>> {
    match location {
        Location::Dir(dir) => Ok(Box::new(SqliteStore::open_dir_read_only(dir)?)),
        Location::Postgres(url) => Ok(Box::new(PgStore::connect_read_only(url)?)),
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

    #[test]
    fn described_urls_hide_passwords() {
        let d = |s: &str| Location::parse(s).describe();
        assert_eq!(d("postgres://u:secret@h:5432/db"), "postgres://u@h:5432/db");
        assert_eq!(d("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(d("postgresql://h/db"), "postgresql://h/db");
    }
}

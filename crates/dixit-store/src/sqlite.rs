//! Embedded backend: one SQLite file in WAL mode, FTS5 over pre-processed terms.

use crate::check::{CheckReport, Problem};
use crate::dedup::{BatchTx, write_article};
use crate::minhash::Signature;
use crate::normalize::{fold, index_body};
use crate::{
    AppearanceRow, ArticleRow, BatchStats, Checked, Counts, Graph, GraphEdge, GraphNode, Hit, Page,
    PersonRow, PreparedArticle, QuoteRow, RelationRow, Result, SearchQuery, Sink, Store,
    StoreError, sqlite_path,
};
use rusqlite::{
    Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior, params,
};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// Version of the schema below, kept in `PRAGMA user_version`.
const SCHEMA_VERSION: i64 = 2;

/// Relations between persons, outlets and organisations (version 2).
const RELATIONS_SCHEMA: &str = r#"
CREATE TABLE relations (
    article_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    source_kind TEXT NOT NULL,
    source_id TEXT NOT NULL,
    source_name TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target_id TEXT NOT NULL,
    target_name TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    cue TEXT NOT NULL,
    negated INTEGER NOT NULL,
    hedged INTEGER NOT NULL,
    date TEXT,
    PRIMARY KEY (article_id, source_id, target_id, kind, start)
) WITHOUT ROWID;
CREATE INDEX relations_source ON relations(source_id);
CREATE INDEX relations_target ON relations(target_id);
"#;

/// The full-text tables index pre-processed terms (see `normalize::index_body`), which
/// hold no ASCII punctuation: the `ascii` tokenizer then splits exactly where the terms
/// do, as PostgreSQL's explicit `tsvector`s do, so both backends see the same terms.
const FTS_SCHEMA: &str = r#"
CREATE VIRTUAL TABLE quotes_fts USING fts5(body, content='', tokenize='ascii');
CREATE VIRTUAL TABLE articles_fts USING fts5(body, content='', tokenize='ascii');
"#;

const APPEARANCES_SCHEMA: &str = r#"
CREATE TABLE appearances (
    key TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    article_id TEXT NOT NULL,
    similarity REAL NOT NULL,
    title TEXT,
    outlet TEXT,
    outlet_key TEXT,
    date TEXT,
    url TEXT,
    path TEXT NOT NULL,
    PRIMARY KEY (key, text_hash)
);
CREATE INDEX appearances_text_hash ON appearances(text_hash);
CREATE INDEX appearances_article ON appearances(article_id);
CREATE INDEX appearances_path ON appearances(path);
"#;

const SCHEMA: &str = r#"
CREATE TABLE articles (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT,
    text TEXT NOT NULL,
    outlet TEXT,
    date TEXT,
    url TEXT,
    path TEXT NOT NULL,
    signature BLOB
);
CREATE TABLE lsh (
    band INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (band, bucket, article_id)
) WITHOUT ROWID;
CREATE TABLE persons (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kb_id TEXT,
    party TEXT,
    party_key TEXT
) WITHOUT ROWID;
CREATE TABLE person_roles (
    person_id TEXT NOT NULL,
    role TEXT NOT NULL,
    PRIMARY KEY (person_id, role)
) WITHOUT ROWID;
CREATE TABLE media (id TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE organizations (id TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE mentions (
    article_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    surface TEXT NOT NULL,
    PRIMARY KEY (article_id, kind, entity_id, surface)
) WITHOUT ROWID;
CREATE INDEX mentions_entity ON mentions(kind, entity_id);
CREATE TABLE quotes (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    article_id TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    speaker TEXT,
    speaker_kind TEXT,
    speaker_key TEXT,
    person_id TEXT,
    cue TEXT,
    channel TEXT
);
CREATE INDEX quotes_article ON quotes(article_id);
CREATE INDEX quotes_person ON quotes(person_id);
"#;

/// The embedded store.
pub struct SqliteStore {
    pub(crate) conn: Connection,
    read_only: bool,
    location: String,
}

fn schema_error(path: &Path, reason: impl Into<String>) -> StoreError {
    StoreError::Schema {
        location: path.display().to_string(),
        reason: reason.into(),
    }
}

/// Tables of the file, by name.
fn tables(conn: &Connection) -> Result<HashSet<String>> {
    let mut st = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?;
    let rows = st.query_map([], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What a file holds, as far as dixit is concerned.
enum Found {
    Empty,
    Current,
    /// The schema before versioning (appearances keyed by source only, `unicode61` index).
    Version0,
    /// Version 1: no relations table.
    Version1,
}

fn inspect(conn: &Connection, path: &Path) -> Result<Found> {
    // The first read of the file: a file that is not SQLite fails here.
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => schema_error(
                path,
                "not a SQLite database (the file is damaged or of another kind)",
            ),
            _ => StoreError::Sqlite(e),
        })?;
    let names = tables(conn)?;
    match version {
        0 if names.is_empty() => Ok(Found::Empty),
        0 if names.contains("articles") && names.contains("appearances") => Ok(Found::Version0),
        0 => Err(schema_error(path, "not a dixit store (no dixit tables)")),
        SCHEMA_VERSION if names.contains("articles") => Ok(Found::Current),
        1 if names.contains("articles") => Ok(Found::Version1),
        v if v > SCHEMA_VERSION => Err(schema_error(
            path,
            format!(
                "written by a newer dixit (schema version {v}; this one reads version {SCHEMA_VERSION})"
            ),
        )),
        v => Err(schema_error(
            path,
            format!("not a dixit store (schema version {v} without dixit tables)"),
        )),
    }
}

/// `file:` URI of `path`, for opening with URI parameters.
fn file_uri(path: &Path) -> String {
    let mut out = String::from("file:");
    for b in path.to_string_lossy().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

impl SqliteStore {
    /// Opens or creates the store in `dir` (created if missing).
    pub fn open_dir(dir: &Path) -> Result<SqliteStore> {
        std::fs::create_dir_all(dir)?;
        SqliteStore::open_file(&sqlite_path(dir))
    }

    /// Opens or creates the store in the SQLite file `path`, upgrading an older schema.
    pub fn open_file(path: &Path) -> Result<SqliteStore> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(60))?;
        let found = inspect(&conn, path)?;
        // WAL + synchronous=NORMAL: a killed process loses nothing committed; only a
        // power failure may lose the last transactions, never corrupt the file.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "cache_size", -65536)?;
        conn.pragma_update(None, "cell_size_check", "ON")?;
        let mut store = SqliteStore {
            conn,
            read_only: false,
            location: path.display().to_string(),
        };
        match found {
            Found::Current => {}
            Found::Empty => store.create()?,
            Found::Version0 => {
                store.upgrade_from_0()?;
                store.upgrade_from_1()?;
            }
            Found::Version1 => store.upgrade_from_1()?,
        }
        Ok(store)
    }

    /// Opens the existing store in `dir` for reading only.
    pub fn open_dir_read_only(dir: &Path) -> Result<SqliteStore> {
        let path = sqlite_path(dir);
        if !path.is_file() {
            return Err(StoreError::Missing(dir.display().to_string()));
        }
        SqliteStore::open_file_read_only(&path)
    }

    /// Opens the existing SQLite file `path` for reading only: nothing is created,
    /// no journal mode is switched, no table is touched.
    pub fn open_file_read_only(path: &Path) -> Result<SqliteStore> {
        if !path.is_file() {
            return Err(StoreError::Missing(path.display().to_string()));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags)?;
        conn.busy_timeout(std::time::Duration::from_secs(60))?;
        let found = match inspect(&conn, path) {
            Ok(f) => (f, conn),
            // A WAL file in a directory this process cannot write: SQLite cannot create
            // the shared-memory file it needs, and since nobody can write there either,
            // the file cannot change while we read it.
            Err(StoreError::Sqlite(e))
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::CannotOpen) =>
            {
                let conn =
                    Connection::open_with_flags(format!("{}?immutable=1", file_uri(path)), flags)?;
                (inspect(&conn, path)?, conn)
            }
            Err(e) => return Err(e),
        };
        let (found, conn) = found;
        match found {
            Found::Current => {}
            Found::Empty => return Err(schema_error(path, "empty file, not a dixit store")),
            Found::Version0 | Found::Version1 => {
                return Err(schema_error(
                    path,
                    "written by an older dixit: open it for writing once to upgrade it, e.g. `dixit check --repair --data DIR`",
                ));
            }
        }
        conn.pragma_update(None, "cell_size_check", "ON")?;
        Ok(SqliteStore {
            conn,
            read_only: true,
            location: path.display().to_string(),
        })
    }

    fn create(&mut self) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Another process may have created it since we looked.
        if tables(&tx)?.is_empty() {
            tx.execute_batch(SCHEMA)?;
            tx.execute_batch(APPEARANCES_SCHEMA)?;
            tx.execute_batch(FTS_SCHEMA)?;
            tx.execute_batch(RELATIONS_SCHEMA)?;
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Version 1 → 2: the relations table (stories stored before have none until they
    /// are extracted again).
    fn upgrade_from_1(&mut self) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version == 1 {
            tx.execute_batch(RELATIONS_SCHEMA)?;
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Version 0 → 1: appearances keyed by (source, content) so that a changed page is
    /// a new version; party keys for filtering; full-text index rebuilt with the
    /// tokenizer both backends agree on.
    fn upgrade_from_0(&mut self) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version == 0 {
            tx.execute_batch(
                "ALTER TABLE appearances RENAME TO appearances_v0;
                 DROP INDEX IF EXISTS appearances_text_hash;
                 DROP INDEX IF EXISTS appearances_article;
                 DROP INDEX IF EXISTS appearances_path;",
            )?;
            tx.execute_batch(APPEARANCES_SCHEMA)?;
            tx.execute_batch(
                "INSERT INTO appearances (key, text_hash, article_id, similarity, title, outlet,
                                          outlet_key, date, url, path)
                 SELECT key, text_hash, article_id, similarity, title, outlet, outlet_key, date, url, path
                 FROM appearances_v0;
                 DROP TABLE appearances_v0;
                 ALTER TABLE persons ADD COLUMN party_key TEXT;",
            )?;
            fill_party_keys(&tx)?;
            rebuild_fts(&tx)?;
            tx.pragma_update(None, "user_version", 1)?;
        }
        tx.commit()?;
        Ok(())
    }
}

fn fill_party_keys(tx: &Transaction<'_>) -> Result<()> {
    let parties: Vec<(String, String)> = {
        let mut st = tx.prepare("SELECT id, party FROM persons WHERE party IS NOT NULL")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut up = tx.prepare("UPDATE persons SET party_key = ?2 WHERE id = ?1")?;
    for (id, party) in parties {
        up.execute(params![id, fold(&party)])?;
    }
    Ok(())
}

/// Drops and refills both full-text tables from the stored texts.
fn rebuild_fts(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch("DROP TABLE IF EXISTS quotes_fts; DROP TABLE IF EXISTS articles_fts;")?;
    tx.execute_batch(FTS_SCHEMA)?;
    {
        let mut st = tx.prepare("SELECT rid, title, text FROM articles")?;
        let mut ins = tx.prepare("INSERT INTO articles_fts (rowid, body) VALUES (?1, ?2)")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let title: Option<String> = r.get(1)?;
            let text: String = r.get(2)?;
            let body = index_body(&[title.as_deref().unwrap_or_default(), &text]);
            ins.execute(params![r.get::<_, i64>(0)?, body.text])?;
        }
    }
    let mut st = tx.prepare("SELECT rid, text FROM quotes")?;
    let mut ins = tx.prepare("INSERT INTO quotes_fts (rowid, body) VALUES (?1, ?2)")?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let text: String = r.get(1)?;
        ins.execute(params![r.get::<_, i64>(0)?, index_body(&[&text]).text])?;
    }
    Ok(())
}

/// Re-creates the first appearance of stories that lost it, from the story's row.
fn restore_own_appearances(tx: &Transaction<'_>) -> Result<()> {
    let mut st = tx.prepare(
        "SELECT id, title, outlet, date, url, path FROM articles a WHERE NOT EXISTS
           (SELECT 1 FROM appearances ap WHERE ap.article_id = a.id AND ap.text_hash = a.id)",
    )?;
    let mut ins = tx.prepare(
        "INSERT INTO appearances (key, text_hash, article_id, similarity, title, outlet, outlet_key, date, url, path)
         VALUES (?1, ?2, ?2, 1.0, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING",
    )?;
    let mut rows = st.query([])?;
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        let outlet: Option<String> = r.get(2)?;
        let url: Option<String> = r.get(4)?;
        let path: String = r.get(5)?;
        let key = url
            .clone()
            .filter(|u| !u.is_empty())
            .unwrap_or_else(|| path.clone());
        ins.execute(params![
            key,
            id,
            r.get::<_, Option<String>>(1)?,
            outlet,
            outlet.as_deref().map(fold),
            r.get::<_, Option<String>>(3)?,
            url,
            path
        ])?;
    }
    Ok(())
}

struct Tx<'a>(&'a Transaction<'a>);

fn opt_sig(bytes: Option<Vec<u8>>) -> Result<Option<Signature>> {
    match bytes {
        None => Ok(None),
        Some(b) => Signature::from_bytes(&b)
            .map(Some)
            .ok_or_else(|| StoreError::Corrupt("bad MinHash signature length".into())),
    }
}

impl BatchTx for Tx<'_> {
    fn appearance_exists(&mut self, key: &str, text_hash: &str) -> Result<bool> {
        let mut st = self
            .0
            .prepare_cached("SELECT 1 FROM appearances WHERE key = ?1 AND text_hash = ?2")?;
        Ok(st.exists([key, text_hash])?)
    }

    fn source_exists(&mut self, key: &str) -> Result<bool> {
        let mut st = self
            .0
            .prepare_cached("SELECT 1 FROM appearances WHERE key = ?1")?;
        Ok(st.exists([key])?)
    }

    fn story_of_hash(&mut self, text_hash: &str) -> Result<Option<String>> {
        let mut st = self
            .0
            .prepare_cached("SELECT id FROM articles WHERE id = ?1")?;
        if let Some(id) = st.query_row([text_hash], |r| r.get(0)).optional()? {
            return Ok(Some(id));
        }
        let mut st = self
            .0
            .prepare_cached("SELECT min(article_id) FROM appearances WHERE text_hash = ?1")?;
        Ok(st.query_row([text_hash], |r| r.get(0))?)
    }

    fn lsh_candidates(&mut self, bands: &[i64]) -> Result<Vec<String>> {
        let mut st = self
            .0
            .prepare_cached("SELECT article_id FROM lsh WHERE band = ?1 AND bucket = ?2")?;
        let mut out = Vec::new();
        for (band, bucket) in bands.iter().enumerate() {
            let rows = st.query_map(params![band as i64, bucket], |r| r.get::<_, String>(0))?;
            for r in rows {
                out.push(r?);
            }
        }
        Ok(out)
    }

    fn signature(&mut self, story: &str) -> Result<Option<Signature>> {
        let mut st = self
            .0
            .prepare_cached("SELECT signature FROM articles WHERE id = ?1")?;
        let bytes: Option<Option<Vec<u8>>> = st.query_row([story], |r| r.get(0)).optional()?;
        opt_sig(bytes.flatten())
    }

    fn insert_appearance(
        &mut self,
        story: &str,
        a: &PreparedArticle,
        similarity: f64,
    ) -> Result<()> {
        let mut st = self.0.prepare_cached(
            "INSERT INTO appearances (key, text_hash, article_id, similarity, title, outlet, outlet_key, date, url, path)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT DO NOTHING",
        )?;
        st.execute(params![
            a.source_key,
            a.text_hash,
            story,
            similarity,
            a.title,
            a.outlet,
            a.outlet_key,
            a.date,
            a.url,
            a.path
        ])?;
        Ok(())
    }

    fn insert_story(&mut self, a: &PreparedArticle, bands: &[i64]) -> Result<Option<u64>> {
        let tx = self.0;
        let inserted = tx
            .prepare_cached(
                "INSERT INTO articles (id, title, text, outlet, date, url, path, signature)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING",
            )?
            .execute(params![
                a.text_hash,
                a.title,
                a.text,
                a.outlet,
                a.date,
                a.url,
                a.path,
                a.signature.as_ref().map(|s| s.to_bytes())
            ])?;
        if inserted == 0 {
            return Ok(None);
        }
        let rid = tx.last_insert_rowid();
        tx.prepare_cached("INSERT INTO articles_fts (rowid, body) VALUES (?1, ?2)")?
            .execute(params![rid, a.body.text])?;
        self.insert_appearance(&a.text_hash, a, 1.0)?;
        let mut st = tx.prepare_cached(
            "INSERT INTO lsh (band, bucket, article_id) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
        )?;
        for (band, bucket) in bands.iter().enumerate() {
            st.execute(params![band as i64, bucket, a.text_hash])?;
        }
        let mut person = tx.prepare_cached(
            "INSERT INTO persons (id, name, kb_id, party, party_key) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (id) DO UPDATE SET kb_id = coalesce(persons.kb_id, excluded.kb_id),
                                            party = coalesce(persons.party, excluded.party),
                                            party_key = coalesce(persons.party_key, excluded.party_key)",
        )?;
        let mut role = tx.prepare_cached(
            "INSERT INTO person_roles (person_id, role) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
        )?;
        let mut mention = tx.prepare_cached(
            "INSERT INTO mentions (article_id, kind, entity_id, surface) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT DO NOTHING",
        )?;
        for p in &a.persons {
            person.execute(params![p.id, p.name, p.kb_id, p.party, p.party_key])?;
            for r in &p.roles {
                role.execute(params![p.id, r])?;
            }
            for s in &p.surfaces {
                mention.execute(params![a.text_hash, "person", p.id, s])?;
            }
        }
        let mut media = tx.prepare_cached(
            "INSERT INTO media (id, name) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
        )?;
        for (id, name) in &a.media {
            media.execute(params![id, name])?;
            mention.execute(params![a.text_hash, "media", id, name])?;
        }
        let mut org = tx.prepare_cached(
            "INSERT INTO organizations (id, name) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
        )?;
        for (id, name) in &a.organizations {
            org.execute(params![id, name])?;
            mention.execute(params![a.text_hash, "organization", id, name])?;
        }
        for (id, name) in &a.places {
            mention.execute(params![a.text_hash, "place", id, name])?;
        }
        let mut quote = tx.prepare_cached(
            r#"INSERT INTO quotes (id, article_id, start, "end", text, kind, speaker, speaker_kind,
                                   speaker_key, person_id, cue, channel)
               VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT DO NOTHING"#,
        )?;
        let mut quote_fts =
            tx.prepare_cached("INSERT INTO quotes_fts (rowid, body) VALUES (?1, ?2)")?;
        let mut n = 0;
        for q in &a.quotes {
            let added = quote.execute(params![
                q.id,
                a.text_hash,
                q.start,
                q.end,
                q.text,
                q.kind,
                q.speaker,
                q.speaker_kind,
                q.speaker_key,
                q.person_id,
                q.cue,
                q.channel
            ])?;
            if added > 0 {
                quote_fts.execute(params![tx.last_insert_rowid(), q.body.text])?;
                n += 1;
            }
        }
        let mut relation = tx.prepare_cached(
            r#"INSERT INTO relations (article_id, kind, source_kind, source_id, source_name,
                                      target_kind, target_id, target_name, start, "end", cue,
                                      negated, hedged, date)
               VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
               ON CONFLICT DO NOTHING"#,
        )?;
        for r in &a.relations {
            relation.execute(params![
                a.text_hash,
                r.kind,
                r.source_kind,
                r.source_id,
                r.source_name,
                r.target_kind,
                r.target_id,
                r.target_name,
                r.start,
                r.end,
                r.cue,
                r.negated,
                r.hedged,
                r.date
            ])?;
        }
        Ok(Some(n))
    }
}

/// Graph node id of a relation's source and target: the prefix of its table.
pub(crate) const RELATION_NODE_SOURCE: &str =
    "CASE source_kind WHEN 'person' THEN 'p:' WHEN 'media' THEN 'm:' ELSE 'o:' END || source_id";
pub(crate) const RELATION_NODE_TARGET: &str =
    "CASE target_kind WHEN 'person' THEN 'p:' WHEN 'media' THEN 'm:' ELSE 'o:' END || target_id";

/// The evidence of a relation: `text[start..end]`, empty when the offsets do not fall on
/// character boundaries of the stored text.
pub(crate) fn evidence(text: &str, start: i64, end: i64) -> String {
    let (Ok(a), Ok(b)) = (usize::try_from(start), usize::try_from(end)) else {
        return String::new();
    };
    text.get(a..b).unwrap_or_default().to_owned()
}

const QUOTE_COLS: &str = r#"q.id, q.article_id, q.text, q.kind, q.speaker, q.speaker_kind, q.person_id,
    q.cue, q.channel, a.title, a.outlet, a.date, a.url, a.path"#;

/// Quote filters: speaker (?2), outlet (?3), from (?4), to (?5), party (?6), kind (?7).
const FILTERS: &str = r#"
    (?2 IS NULL OR q.speaker_key LIKE ?2 ESCAPE '\')
    AND (?6 IS NULL OR EXISTS (SELECT 1 FROM persons p WHERE p.id = q.person_id
                                 AND p.party_key LIKE ?6 ESCAPE '\'))
    AND (?7 IS NULL OR q.kind = ?7)
    AND ((?3 IS NULL AND ?4 IS NULL AND ?5 IS NULL) OR EXISTS (
        SELECT 1 FROM appearances ap WHERE ap.article_id = q.article_id
          AND (?3 IS NULL OR ap.outlet_key LIKE ?3 ESCAPE '\')
          AND (?4 IS NULL OR ap.date >= ?4)
          AND (?5 IS NULL OR substr(ap.date, 1, length(?5)) <= ?5)))"#;

/// Story filters: outlet (?3), from (?4), to (?5).
const ARTICLE_FILTERS: &str = r#"
    ((?3 IS NULL AND ?4 IS NULL AND ?5 IS NULL) OR EXISTS (
        SELECT 1 FROM appearances ap WHERE ap.article_id = a.id
          AND (?3 IS NULL OR ap.outlet_key LIKE ?3 ESCAPE '\')
          AND (?4 IS NULL OR ap.date >= ?4)
          AND (?5 IS NULL OR substr(ap.date, 1, length(?5)) <= ?5)))"#;

/// Newest first, undated last, then id: the tie-break of every search.
const DATE_ID: &str = "a.date IS NULL, a.date DESC";

fn quote_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<QuoteRow> {
    Ok(QuoteRow {
        id: r.get(0)?,
        article_id: r.get(1)?,
        text: r.get(2)?,
        kind: r.get(3)?,
        speaker: r.get(4)?,
        speaker_kind: r.get(5)?,
        person_id: r.get(6)?,
        cue: r.get(7)?,
        channel: r.get(8)?,
        title: r.get(9)?,
        outlet: r.get(10)?,
        date: r.get(11)?,
        url: r.get(12)?,
        path: r.get(13)?,
    })
}

/// Parameters ?1 … ?9 of every search statement: match expression, filters, limit,
/// offset; a statement binds those up to the highest it names (SQLite allows unused
/// ones below it).
fn search_params(c: &Checked) -> [Box<dyn rusqlite::ToSql + '_>; 9] {
    [
        Box::new(c.query.as_ref().map(|q| q.to_fts5())),
        Box::new(c.speaker.as_deref()),
        Box::new(c.outlet.as_deref()),
        Box::new(c.from.as_deref()),
        Box::new(c.to.as_deref()),
        Box::new(c.party.as_deref()),
        Box::new(c.kind),
        Box::new(c.limit),
        Box::new(c.offset),
    ]
}

/// The two statements of a search, rows then total: `fts` is the full-text table,
/// `select` the columns wanted from `table` (whose row id `rid` is the FTS rowid) and
/// the tables it `joins`.
///
/// The hits are ranked on the few columns the order needs, and only the page's rows
/// are then read in full: sorting whole rows (with per-story quote counts) for every
/// one of thousands of hits was most of a common word's search time.
#[allow(clippy::too_many_arguments)]
fn search_sql(
    fts: &str,
    select: &str,
    table: &str,
    rid: &str,
    joins: &str,
    filters: &str,
    id: &str,
    text: bool,
) -> (String, String) {
    let (ranked, count) = if text {
        (
            format!(
                "SELECT {rid} AS hit, m.score AS score FROM
                   (SELECT rowid, round(bm25({fts}), 9) AS score FROM {fts} WHERE {fts} MATCH ?1) m
                 JOIN {table} ON {rid} = m.rowid {joins}
                 WHERE {filters}
                 ORDER BY m.score, {DATE_ID}, {id} LIMIT ?8 OFFSET ?9"
            ),
            format!(
                "SELECT count(*) FROM {fts} m JOIN {table} ON {rid} = m.rowid {joins}
                 WHERE {fts} MATCH ?1 AND {filters}"
            ),
        )
    } else {
        (
            format!(
                "SELECT {rid} AS hit, 0.0 AS score FROM {table} {joins} WHERE {filters}
                 ORDER BY {DATE_ID}, {id} LIMIT ?8 OFFSET ?9"
            ),
            format!("SELECT count(*) FROM {table} {joins} WHERE {filters}"),
        )
    };
    (
        format!(
            "SELECT {select}, p.score FROM ({ranked}) p JOIN {table} ON {rid} = p.hit {joins}
             ORDER BY p.score, {DATE_ID}, {id}"
        ),
        count,
    )
}

impl SqliteStore {
    fn appearances_of(&self, article: &str) -> Result<Vec<AppearanceRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT key, outlet, date, similarity FROM appearances WHERE article_id = ?1
             ORDER BY key, text_hash",
        )?;
        let rows = st.query_map([article], |r| {
            Ok(AppearanceRow {
                key: r.get(0)?,
                outlet: r.get(1)?,
                date: r.get(2)?,
                similarity: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn article_row(&self, r: &rusqlite::Row<'_>) -> Result<ArticleRow> {
        let id: String = r.get(0)?;
        let appearances = self.appearances_of(&id)?;
        Ok(ArticleRow {
            title: r.get(1)?,
            outlet: r.get(2)?,
            date: r.get(3)?,
            url: r.get(4)?,
            path: r.get(5)?,
            quotes: r.get::<_, i64>(6)?.max(0) as u64,
            id,
            appearances,
        })
    }

    fn count_of(&self, sql: &str, c: &Checked) -> Result<u64> {
        let p = search_params(c);
        let mut st = self.conn.prepare_cached(sql)?;
        let n = st.parameter_count().min(p.len());
        let n: i64 = st.query_row(rusqlite::params_from_iter(p[..n].iter()), |r| r.get(0))?;
        Ok(n.max(0) as u64)
    }
}

fn count(conn: &Connection, table: &str) -> Result<u64> {
    let n: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
    Ok(n.max(0) as u64)
}

impl Store for SqliteStore {
    fn known_sources(&mut self, keys: &[&str]) -> Result<HashSet<String>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT 1 FROM appearances WHERE key = ?1")?;
        let mut out = HashSet::new();
        for k in keys {
            if st.exists([k])? {
                out.insert((*k).to_string());
            }
        }
        Ok(out)
    }

    fn known_paths(&mut self, paths: &[&str]) -> Result<HashSet<String>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT 1 FROM appearances WHERE path = ?1")?;
        let mut out = HashSet::new();
        for p in paths {
            if st.exists([p])? {
                out.insert((*p).to_string());
            }
        }
        Ok(out)
    }

    fn known_versions(&mut self, pairs: &[(&str, &str)]) -> Result<HashSet<(String, String)>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT 1 FROM appearances WHERE key = ?1 AND text_hash = ?2")?;
        let mut out = HashSet::new();
        for (k, h) in pairs {
            if st.exists([k, h])? {
                out.insert(((*k).to_string(), (*h).to_string()));
            }
        }
        Ok(out)
    }

    fn write_batch(&mut self, batch: &[PreparedArticle]) -> Result<BatchStats> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut stats = BatchStats::default();
        {
            let mut w = Tx(&tx);
            for a in batch {
                stats.add(write_article(&mut w, a)?);
            }
        }
        tx.commit()?;
        Ok(stats)
    }

    fn search_page(&mut self, q: &SearchQuery) -> Result<Page<QuoteRow>> {
        let c = q.check(false)?;
        let (rows_sql, count_sql) = search_sql(
            "quotes_fts",
            QUOTE_COLS,
            "quotes q",
            "q.rid",
            "JOIN articles a ON a.id = q.article_id",
            FILTERS,
            "q.id",
            c.query.is_some(),
        );
        let total = self.count_of(&count_sql, &c)?;
        let p = search_params(&c);
        let mut st = self.conn.prepare_cached(&rows_sql)?;
        let n = st.parameter_count().min(p.len());
        let rows = st.query_map(rusqlite::params_from_iter(p[..n].iter()), |r| {
            let score: f64 = r.get(14)?;
            Ok(Hit {
                score: -score + 0.0,
                row: quote_row(r)?,
            })
        })?;
        let hits = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Page {
            total,
            offset: c.offset as u64,
            hits,
        })
    }

    fn search_articles_page(&mut self, q: &SearchQuery) -> Result<Page<ArticleRow>> {
        let c = q.check(true)?;
        let (rows_sql, count_sql) = search_sql(
            "articles_fts",
            "a.id, a.title, a.outlet, a.date, a.url, a.path,
             (SELECT count(*) FROM quotes q WHERE q.article_id = a.id)",
            "articles a",
            "a.rid",
            "",
            ARTICLE_FILTERS,
            "a.id",
            c.query.is_some(),
        );
        let total = self.count_of(&count_sql, &c)?;
        let p = search_params(&c);
        let mut hits = Vec::new();
        let mut st = self.conn.prepare_cached(&rows_sql)?;
        let n = st.parameter_count().min(p.len());
        let mut rows = st.query(rusqlite::params_from_iter(p[..n].iter()))?;
        while let Some(r) = rows.next()? {
            let score: f64 = r.get(7)?;
            hits.push(Hit {
                score: -score + 0.0,
                row: self.article_row(r)?,
            });
        }
        Ok(Page {
            total,
            offset: c.offset as u64,
            hits,
        })
    }

    fn export_quotes(&mut self, sink: Sink<'_, QuoteRow>) -> Result<()> {
        let mut st = self.conn.prepare(&format!(
            "SELECT {QUOTE_COLS} FROM quotes q JOIN articles a ON a.id = q.article_id ORDER BY q.id"
        ))?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            sink(quote_row(r)?)?;
        }
        Ok(())
    }

    fn export_persons(&mut self, sink: Sink<'_, PersonRow>) -> Result<()> {
        let mut roles: BTreeMap<String, Vec<String>> = BTreeMap::new();
        {
            let mut st = self
                .conn
                .prepare("SELECT person_id, role FROM person_roles ORDER BY person_id, role")?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                roles.entry(r.get(0)?).or_default().push(r.get(1)?);
            }
        }
        let mut st = self.conn.prepare(
            "SELECT p.id, p.name, p.kb_id, p.party,
                (SELECT count(DISTINCT m.article_id) FROM mentions m WHERE m.kind = 'person' AND m.entity_id = p.id),
                (SELECT count(*) FROM quotes q WHERE q.person_id = p.id)
             FROM persons p ORDER BY p.id",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            sink(PersonRow {
                roles: roles.remove(&id).unwrap_or_default(),
                id,
                name: r.get(1)?,
                kb_id: r.get(2)?,
                party: r.get(3)?,
                articles: r.get::<_, i64>(4)?.max(0) as u64,
                quotes: r.get::<_, i64>(5)?.max(0) as u64,
            })?;
        }
        Ok(())
    }

    fn export_relations(&mut self, sink: Sink<'_, RelationRow>) -> Result<()> {
        let mut st = self.conn.prepare(
            r#"SELECT r.article_id, r.kind, r.source_kind, r.source_id, r.source_name,
                      r.target_kind, r.target_id, r.target_name, r.cue, r.negated, r.hedged,
                      r.date, r.start, r."end", a.text
               FROM relations r JOIN articles a ON a.id = r.article_id
               ORDER BY r.article_id, r.source_id, r.target_id, r.kind, r.start"#,
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let text: String = r.get(14)?;
            let row = RelationRow {
                article_id: r.get(0)?,
                kind: r.get(1)?,
                source_kind: r.get(2)?,
                source_id: r.get(3)?,
                source_name: r.get(4)?,
                target_kind: r.get(5)?,
                target_id: r.get(6)?,
                target_name: r.get(7)?,
                cue: r.get(8)?,
                negated: r.get(9)?,
                hedged: r.get(10)?,
                date: r.get(11)?,
                evidence: evidence(&text, r.get(12)?, r.get(13)?),
            };
            sink(row)?;
        }
        Ok(())
    }

    fn export_articles(&mut self, sink: Sink<'_, ArticleRow>) -> Result<()> {
        let mut st = self.conn.prepare(
            "SELECT a.id, a.title, a.outlet, a.date, a.url, a.path,
                (SELECT count(*) FROM quotes q WHERE q.article_id = a.id)
             FROM articles a ORDER BY a.id",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            sink(self.article_row(r)?)?;
        }
        Ok(())
    }

    fn graph(&mut self) -> Result<Graph> {
        let mut g = Graph::default();
        let queries = [
            // Persons.
            "SELECT 'p:' || p.id, p.name, 'person',
                (SELECT count(DISTINCT m.article_id) FROM mentions m WHERE m.kind = 'person' AND m.entity_id = p.id)
             FROM persons p",
            // Outlets the stories appeared in.
            "SELECT 'm:' || outlet_key, min(outlet), 'media', count(DISTINCT article_id)
             FROM appearances WHERE outlet_key IS NOT NULL GROUP BY outlet_key",
            // Organisations that take part in a relation.
            "SELECT 'o:' || o.id, o.name, 'organization',
                (SELECT count(DISTINCT m.article_id) FROM mentions m
                 WHERE m.kind = 'organization' AND m.entity_id = o.id)
             FROM organizations o
             WHERE o.id IN (SELECT source_id FROM relations WHERE source_kind = 'organization'
                            UNION SELECT target_id FROM relations WHERE target_kind = 'organization')",
        ];
        for sql in queries {
            let mut st = self.conn.prepare(sql)?;
            let rows = st.query_map([], |r| {
                Ok(GraphNode {
                    id: r.get(0)?,
                    label: r.get(1)?,
                    kind: r.get(2)?,
                    weight: r.get::<_, i64>(3)?.max(0) as u64,
                })
            })?;
            for n in rows {
                g.nodes.push(n?);
            }
        }
        let edges = [
            "WITH pm AS (SELECT DISTINCT article_id, entity_id FROM mentions WHERE kind = 'person')
             SELECT 'p:' || a.entity_id, 'p:' || b.entity_id, 'co-mention', count(*)
             FROM pm a JOIN pm b ON a.article_id = b.article_id AND a.entity_id < b.entity_id
             GROUP BY a.entity_id, b.entity_id",
            "SELECT 'p:' || q.person_id, 'm:' || ap.outlet_key, 'quoted-in', count(*)
             FROM quotes q JOIN appearances ap ON ap.article_id = q.article_id
             WHERE q.person_id IS NOT NULL AND ap.outlet_key IS NOT NULL
             GROUP BY q.person_id, ap.outlet_key",
        ];
        for sql in edges {
            let mut st = self.conn.prepare(sql)?;
            let rows = st.query_map([], |r| {
                Ok(GraphEdge {
                    source: r.get(0)?,
                    target: r.get(1)?,
                    kind: r.get(2)?,
                    weight: r.get::<_, i64>(3)?.max(0) as u64,
                    first: None,
                    last: None,
                })
            })?;
            for e in rows {
                g.edges.push(e?);
            }
        }
        let mut st = self.conn.prepare(&format!(
            "SELECT {RELATION_NODE_SOURCE}, {RELATION_NODE_TARGET},
                    CASE WHEN negated THEN 'not-' || kind ELSE kind END,
                    count(*), min(date), max(date)
             FROM relations WHERE NOT hedged
             GROUP BY 1, 2, 3"
        ))?;
        let rows = st.query_map([], |r| {
            Ok(GraphEdge {
                source: r.get(0)?,
                target: r.get(1)?,
                kind: r.get(2)?,
                weight: r.get::<_, i64>(3)?.max(0) as u64,
                first: r.get(4)?,
                last: r.get(5)?,
            })
        })?;
        for e in rows {
            g.edges.push(e?);
        }
        g.nodes.sort_by(|a, b| a.id.cmp(&b.id));
        g.edges
            .sort_by(|a, b| (&a.source, &a.target, &a.kind).cmp(&(&b.source, &b.target, &b.kind)));
        Ok(g)
    }

    fn counts(&mut self) -> Result<Counts> {
        Ok(Counts {
            articles: count(&self.conn, "articles")?,
            appearances: count(&self.conn, "appearances")?,
            quotes: count(&self.conn, "quotes")?,
            persons: count(&self.conn, "persons")?,
            media: count(&self.conn, "media")?,
            organizations: count(&self.conn, "organizations")?,
        })
    }

    fn check(&mut self) -> Result<CheckReport> {
        let mut report = CheckReport {
            location: self.location.clone(),
            ..Default::default()
        };
        // The engine's own check first: when the file itself is damaged, nothing else
        // it says can be trusted.
        report.ran("SQLite integrity_check (pages, indexes, FTS5 structure)");
        {
            let mut st = self.conn.prepare("PRAGMA integrity_check(100)")?;
            let lines: Vec<String> = st
                .query_map([], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<_>>()?;
            if lines != ["ok"] {
                for l in lines {
                    report.problems.push(Problem::fatal(format!(
                        "file damaged: {l} (restore a backup, or re-ingest into a new store)"
                    )));
                }
                return Ok(report);
            }
        }
        report.counts = self.counts()?;
        crate::check::orphans(&mut report, &mut |sql| {
            let n: i64 = self.conn.query_row(sql, [], |r| r.get(0))?;
            Ok(n.max(0) as u64)
        })?;
        report.ran("full-text index rows against quotes and stories");
        for (fts, table, what) in [
            ("quotes_fts", "quotes", "quotes"),
            ("articles_fts", "articles", "stories"),
        ] {
            let missing: i64 = self.conn.query_row(
                &format!(
                    "SELECT count(*) FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM {fts}_docsize d WHERE d.id = t.rid)"
                ),
                [],
                |r| r.get(0),
            )?;
            let extra: i64 = self.conn.query_row(
                &format!(
                    "SELECT count(*) FROM {fts}_docsize d WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE t.rid = d.id)"
                ),
                [],
                |r| r.get(0),
            )?;
            if missing > 0 {
                report.problems.push(Problem::repairable(format!(
                    "{missing} {what} missing from the full-text index (searches would miss them)"
                )));
            }
            if extra > 0 {
                report.problems.push(Problem::repairable(format!(
                    "{extra} full-text entries of {what} that no longer exist"
                )));
            }
        }
        report.ran("full-text index terms against stored texts");
        let stale = self.stale_fts_rows()?;
        if stale > 0 {
            report.problems.push(Problem::repairable(format!(
                "{stale} full-text entries whose terms differ from their stored text"
            )));
        }
        Ok(report)
    }

    fn repair(&mut self) -> Result<CheckReport> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        let before = self.check()?;
        if before.problems.iter().any(|p| !p.repairable) {
            return Ok(before);
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        for sql in crate::check::REPAIRS {
            tx.execute_batch(sql)?;
        }
        restore_own_appearances(&tx)?;
        rebuild_fts(&tx)?;
        tx.commit()?;
        let mut after = self.check()?;
        after.repaired = before.problems;
        Ok(after)
    }
}

/// Reads one SQLite varint (FTS5's doc-size format) from the front of `b`.
fn varint(b: &[u8]) -> Option<u64> {
    let mut v: u64 = 0;
    for (i, byte) in b.iter().enumerate().take(9) {
        if i == 8 {
            return Some((v << 8) | u64::from(*byte));
        }
        v = (v << 7) | u64::from(byte & 0x7f);
        if byte & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

impl SqliteStore {
    /// Rows whose indexed term count differs from what their text gives now: an index
    /// built by another tokenizer or from other text.
    fn stale_fts_rows(&self) -> Result<u64> {
        let mut stale = 0;
        let mut st = self.conn.prepare(
            "SELECT q.text, d.sz FROM quotes q JOIN quotes_fts_docsize d ON d.id = q.rid",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let text: String = r.get(0)?;
            let sz: Vec<u8> = r.get(1)?;
            if varint(&sz) != Some(index_body(&[&text]).terms as u64) {
                stale += 1;
            }
        }
        let mut st = self.conn.prepare(
            "SELECT a.title, a.text, d.sz FROM articles a JOIN articles_fts_docsize d ON d.id = a.rid",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let title: Option<String> = r.get(0)?;
            let text: String = r.get(1)?;
            let sz: Vec<u8> = r.get(2)?;
            let terms = index_body(&[title.as_deref().unwrap_or_default(), &text]).terms;
            if varint(&sz) != Some(terms as u64) {
                stale += 1;
            }
        }
        Ok(stale)
    }

    /// Path of the SQLite file.
    pub fn path(&self) -> PathBuf {
        PathBuf::from(&self.location)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_decode() {
        assert_eq!(varint(&[0x05]), Some(5));
        assert_eq!(varint(&[0x81, 0x00]), Some(128));
        assert_eq!(varint(&[0x80]), None);
        assert_eq!(varint(&[]), None);
    }

    #[test]
    fn uris_escape_special_characters() {
        assert_eq!(file_uri(Path::new("/a b/c?d#e")), "file:/a%20b/c%3Fd%23e");
    }
}

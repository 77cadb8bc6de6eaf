//! Embedded backend: one SQLite file in WAL mode, FTS5 over pre-processed terms.

use crate::dedup::{BatchTx, write_article};
use crate::minhash::Signature;
use crate::normalize::{fold, query_terms};
use crate::{
    AppearanceRow, ArticleRow, BatchStats, Counts, Graph, GraphEdge, GraphNode, PersonRow,
    PreparedArticle, QuoteRow, Result, SearchQuery, Sink, Store, StoreError, sqlite_path,
};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS articles (
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
CREATE TABLE IF NOT EXISTS appearances (
    key TEXT PRIMARY KEY,
    article_id TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    similarity REAL NOT NULL,
    title TEXT,
    outlet TEXT,
    outlet_key TEXT,
    date TEXT,
    url TEXT,
    path TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS appearances_text_hash ON appearances(text_hash);
CREATE INDEX IF NOT EXISTS appearances_article ON appearances(article_id);
CREATE INDEX IF NOT EXISTS appearances_path ON appearances(path);
CREATE TABLE IF NOT EXISTS lsh (
    band INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (band, bucket, article_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS persons (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kb_id TEXT,
    party TEXT
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS person_roles (
    person_id TEXT NOT NULL,
    role TEXT NOT NULL,
    PRIMARY KEY (person_id, role)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS media (id TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS organizations (id TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS mentions (
    article_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    surface TEXT NOT NULL,
    PRIMARY KEY (article_id, kind, entity_id, surface)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(kind, entity_id);
CREATE TABLE IF NOT EXISTS quotes (
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
CREATE INDEX IF NOT EXISTS quotes_article ON quotes(article_id);
CREATE INDEX IF NOT EXISTS quotes_person ON quotes(person_id);
CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5(body, content='', tokenize='unicode61');
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(body, content='', tokenize='unicode61', detail='column');
"#;

/// The embedded store.
pub struct SqliteStore {
    pub(crate) conn: Connection,
}

impl SqliteStore {
    /// Opens or creates the store in `dir` (created if missing).
    pub fn open_dir(dir: &Path) -> Result<SqliteStore> {
        std::fs::create_dir_all(dir)?;
        SqliteStore::open_file(&sqlite_path(dir))
    }

    /// Opens or creates the store in the SQLite file `path`.
    pub fn open_file(path: &Path) -> Result<SqliteStore> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(60))?;
        // WAL + synchronous=NORMAL: a killed process loses nothing committed; only a
        // power failure may lose the last transactions, never corrupt the file.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "cache_size", -65536)?;
        conn.execute_batch(SCHEMA)?;
        Ok(SqliteStore { conn })
    }
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
    fn appearance_exists(&mut self, key: &str) -> Result<bool> {
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
            "INSERT INTO appearances (key, article_id, text_hash, similarity, title, outlet, outlet_key, date, url, path)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT DO NOTHING",
        )?;
        st.execute(params![
            a.source_key,
            story,
            a.text_hash,
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
            .execute(params![rid, a.body])?;
        self.insert_appearance(&a.text_hash, a, 1.0)?;
        let mut st = tx.prepare_cached(
            "INSERT INTO lsh (band, bucket, article_id) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
        )?;
        for (band, bucket) in bands.iter().enumerate() {
            st.execute(params![band as i64, bucket, a.text_hash])?;
        }
        let mut person = tx.prepare_cached(
            "INSERT INTO persons (id, name, kb_id, party) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (id) DO UPDATE SET kb_id = coalesce(persons.kb_id, excluded.kb_id),
                                            party = coalesce(persons.party, excluded.party)",
        )?;
        let mut role = tx.prepare_cached(
            "INSERT INTO person_roles (person_id, role) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
        )?;
        let mut mention = tx.prepare_cached(
            "INSERT INTO mentions (article_id, kind, entity_id, surface) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT DO NOTHING",
        )?;
        for p in &a.persons {
            person.execute(params![p.id, p.name, p.kb_id, p.party])?;
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
                quote_fts.execute(params![tx.last_insert_rowid(), q.body])?;
                n += 1;
            }
        }
        Ok(Some(n))
    }
}

/// `'%' || escaped(fold(s)) || '%'` for a LIKE with `ESCAPE '\'`.
pub(crate) fn like_pattern(s: &str) -> String {
    let mut out = String::from("%");
    for c in fold(s.trim()).chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

fn fts_expr(terms: &[String]) -> String {
    terms
        .iter()
        .map(|t| format!("\"{}\"", t.replace('"', "")))
        .collect::<Vec<_>>()
        .join(" ")
}

const QUOTE_COLS: &str = r#"q.id, q.article_id, q.text, q.kind, q.speaker, q.speaker_kind, q.person_id,
    q.cue, q.channel, a.title, a.outlet, a.date, a.url"#;

/// Filter on speaker (?2), outlet (?3), from (?4), to (?5).
const FILTERS: &str = r#"
    (?2 IS NULL OR q.speaker_key LIKE ?2 ESCAPE '\')
    AND ((?3 IS NULL AND ?4 IS NULL AND ?5 IS NULL) OR EXISTS (
        SELECT 1 FROM appearances ap WHERE ap.article_id = q.article_id
          AND (?3 IS NULL OR ap.outlet_key LIKE ?3 ESCAPE '\')
          AND (?4 IS NULL OR ap.date >= ?4)
          AND (?5 IS NULL OR substr(ap.date, 1, length(?5)) <= ?5)))"#;

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
    })
}

impl SqliteStore {
    fn appearances_of(&self, article: &str) -> Result<Vec<AppearanceRow>> {
        let mut st = self.conn.prepare_cached(
            "SELECT key, outlet, date, similarity FROM appearances WHERE article_id = ?1 ORDER BY key",
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
            quotes: r.get::<_, i64>(5)?.max(0) as u64,
            id,
            appearances,
        })
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

    fn write_batch(&mut self, batch: &[PreparedArticle]) -> Result<BatchStats> {
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

    fn search(&mut self, q: &SearchQuery) -> Result<Vec<QuoteRow>> {
        let terms = query_terms(&q.text);
        let sql = if terms.is_empty() {
            format!(
                "SELECT {QUOTE_COLS} FROM quotes q JOIN articles a ON a.id = q.article_id
                 WHERE (?1 IS NULL OR 1) AND {FILTERS} ORDER BY a.date DESC, q.id LIMIT ?6"
            )
        } else if q.speaker.is_none() && q.outlet.is_none() && q.from.is_none() && q.to.is_none() {
            // Without filters FTS5 can rank and cut on its own, before any join.
            format!(
                "SELECT {QUOTE_COLS} FROM (SELECT rowid, rank FROM quotes_fts WHERE quotes_fts MATCH ?1
                                           ORDER BY rank LIMIT ?6) f
                 JOIN quotes q ON q.rid = f.rowid JOIN articles a ON a.id = q.article_id
                 WHERE {FILTERS} ORDER BY f.rank, q.id"
            )
        } else {
            format!(
                "SELECT {QUOTE_COLS} FROM quotes_fts f JOIN quotes q ON q.rid = f.rowid
                 JOIN articles a ON a.id = q.article_id
                 WHERE quotes_fts MATCH ?1 AND {FILTERS} ORDER BY f.rank, q.id LIMIT ?6"
            )
        };
        let expr = (!terms.is_empty()).then(|| fts_expr(&terms));
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map(
            params![
                expr,
                q.speaker.as_deref().map(like_pattern),
                q.outlet.as_deref().map(like_pattern),
                q.from,
                q.to,
                q.limit as i64
            ],
            quote_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn search_articles(&mut self, q: &SearchQuery) -> Result<Vec<ArticleRow>> {
        let terms = query_terms(&q.text);
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let sql = r#"SELECT a.id, a.title, a.outlet, a.date, a.url,
                (SELECT count(*) FROM quotes q WHERE q.article_id = a.id)
            FROM (SELECT rowid, rank FROM articles_fts WHERE articles_fts MATCH ?1) f
            JOIN articles a ON a.rid = f.rowid
            WHERE 1
              AND ((?2 IS NULL AND ?3 IS NULL AND ?4 IS NULL) OR EXISTS (
                SELECT 1 FROM appearances ap WHERE ap.article_id = a.id
                  AND (?2 IS NULL OR ap.outlet_key LIKE ?2 ESCAPE '\')
                  AND (?3 IS NULL OR ap.date >= ?3)
                  AND (?4 IS NULL OR substr(ap.date, 1, length(?4)) <= ?4)))
            ORDER BY f.rank, a.id LIMIT ?5"#;
        let mut out = Vec::new();
        let mut st = self.conn.prepare_cached(sql)?;
        let mut rows = st.query(params![
            fts_expr(&terms),
            q.outlet.as_deref().map(like_pattern),
            q.from,
            q.to,
            q.limit as i64
        ])?;
        while let Some(r) = rows.next()? {
            out.push(self.article_row(r)?);
        }
        Ok(out)
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

    fn export_articles(&mut self, sink: Sink<'_, ArticleRow>) -> Result<()> {
        let mut st = self.conn.prepare(
            "SELECT a.id, a.title, a.outlet, a.date, a.url,
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
                })
            })?;
            for e in rows {
                g.edges.push(e?);
            }
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
}

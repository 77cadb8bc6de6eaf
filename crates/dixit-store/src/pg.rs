//! PostgreSQL backend: the same schema and write logic as the embedded store, with
//! `ON CONFLICT DO NOTHING` on every natural key so that concurrent writers never
//! duplicate a row, near-duplicate decisions serialised by bucket locks, and explicit
//! `tsvector`s of the same terms the embedded store indexes, ranked by the same BM25.

use crate::check::{CheckReport, Problem};
use crate::dedup::{BatchTx, write_article};
use crate::minhash::Signature;
use crate::normalize::{IndexBody, fold, index_body};
use crate::{
    AppearanceRow, ArticleRow, BatchStats, Checked, Counts, Graph, GraphEdge, GraphNode, Hit,
    Location, Page, PersonRow, PreparedArticle, QuoteRow, RelationRow, Result, SearchQuery, Sink,
    Store, StoreError,
};
use postgres::error::SqlState;
use postgres::types::ToSql;
use postgres::{Client, GenericClient, NoTls, Row, Statement, Transaction};
use std::collections::{BTreeMap, HashSet};
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// Version of the schema below, kept in `dixit_meta`.
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
    start BIGINT NOT NULL,
    "end" BIGINT NOT NULL,
    cue TEXT NOT NULL,
    negated BOOLEAN NOT NULL,
    hedged BOOLEAN NOT NULL,
    date TEXT,
    PRIMARY KEY (article_id, source_id, target_id, kind, start)
);
CREATE INDEX relations_source ON relations (source_id);
CREATE INDEX relations_target ON relations (target_id);
"#;

/// Tables common to every version.
const SCHEMA: &str = r#"
CREATE TABLE dixit_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    title TEXT,
    text TEXT NOT NULL,
    outlet TEXT,
    date TEXT,
    url TEXT,
    path TEXT NOT NULL,
    signature BYTEA,
    len INTEGER NOT NULL,
    tsv tsvector NOT NULL
);
CREATE TABLE appearances (
    key TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    article_id TEXT NOT NULL,
    similarity DOUBLE PRECISION NOT NULL,
    title TEXT,
    outlet TEXT,
    outlet_key TEXT,
    date TEXT,
    url TEXT,
    path TEXT NOT NULL,
    PRIMARY KEY (key, text_hash)
);
CREATE INDEX appearances_text_hash ON appearances (text_hash);
CREATE INDEX appearances_article ON appearances (article_id);
CREATE INDEX appearances_path ON appearances (path);
CREATE TABLE lsh (
    band INTEGER NOT NULL,
    bucket BIGINT NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (band, bucket, article_id)
);
CREATE TABLE persons (id TEXT PRIMARY KEY, name TEXT NOT NULL, kb_id TEXT, party TEXT, party_key TEXT);
CREATE TABLE person_roles (
    person_id TEXT NOT NULL,
    role TEXT NOT NULL,
    PRIMARY KEY (person_id, role)
);
CREATE TABLE media (id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE organizations (id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE mentions (
    article_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    surface TEXT NOT NULL,
    PRIMARY KEY (article_id, kind, entity_id, surface)
);
CREATE INDEX mentions_entity ON mentions (kind, entity_id);
CREATE TABLE quotes (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL,
    start BIGINT NOT NULL,
    "end" BIGINT NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    speaker TEXT,
    speaker_kind TEXT,
    speaker_key TEXT,
    person_id TEXT,
    cue TEXT,
    channel TEXT,
    len INTEGER NOT NULL,
    tsv tsvector NOT NULL
);
CREATE INDEX quotes_article ON quotes (article_id);
CREATE INDEX quotes_person ON quotes (person_id);
"#;

/// What version 1 adds to version 0 (and a fresh store has too).
const SCHEMA_V1_EXTRAS: &str = r#"
CREATE INDEX articles_tsv ON articles USING gin (tsv);
CREATE INDEX quotes_tsv ON quotes USING gin (tsv);
-- One row per committed batch (no row is ever updated, so concurrent writers never
-- wait on each other here); searches sum them for BM25's document count and length.
CREATE TABLE fts_stats (tbl TEXT NOT NULL, docs BIGINT NOT NULL, tokens BIGINT NOT NULL);
-- Locks on near-duplicate buckets: a batch locks its rows before looking up stories.
CREATE TABLE lsh_lock (key BIGINT PRIMARY KEY);
"#;

/// BM25 exactly as SQLite FTS5's `bm25()` computes it (k1 = 1.2, b = 0.75, same
/// operations in the same order on doubles), from positions in our explicit tsvectors.
/// A phrase is its terms separated by spaces; a trailing `*` marks a prefix.
const FUNCTIONS: &str = r#"
CREATE OR REPLACE FUNCTION dixit_positions(tsv tsvector, tok text) RETURNS integer[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN right(tok, 1) = '*' THEN
    (SELECT coalesce(array_agg(p::integer), '{}')
     FROM unnest(tsv) AS u(lexeme, positions, weights), unnest(u.positions) AS p
     WHERE left(u.lexeme, length(tok) - 1) = left(tok, -1))
  ELSE
    -- One lexeme picked out in C (mark it, keep what is marked) rather than every
    -- lexeme of the text unnested in SQL.
    (SELECT coalesce(array_agg(p::integer), '{}')
     FROM unnest(ts_filter(setweight(tsv, 'A', ARRAY[tok]), '{a}')) AS u(lexeme, positions, weights),
          unnest(u.positions) AS p)
  END
$$;
CREATE OR REPLACE FUNCTION dixit_tf(tsv tsvector, phrase text) RETURNS integer
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  toks text[] := string_to_array(phrase, ' ');
  hits integer[];
  nxt integer[];
BEGIN
  hits := dixit_positions(tsv, toks[1]);
  FOR i IN 2 .. coalesce(array_length(toks, 1), 1) LOOP
    EXIT WHEN cardinality(hits) = 0;
    nxt := dixit_positions(tsv, toks[i]);
    SELECT coalesce(array_agg(h), '{}') INTO hits FROM unnest(hits) AS h WHERE h + i - 1 = ANY (nxt);
  END LOOP;
  RETURN cardinality(hits);
END
$$;
CREATE OR REPLACE FUNCTION dixit_bm25(tsv tsvector, len integer, phrases text[], idf float8[], avgdl float8)
RETURNS float8 LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  k1 float8 := 1.2;
  b float8 := 0.75;
  one float8 := 1.0;
  d float8 := len;
  tf float8;
  score float8 := 0;
BEGIN
  FOR i IN 1 .. coalesce(array_length(phrases, 1), 0) LOOP
    tf := dixit_tf(tsv, phrases[i]);
    score := score + idf[i] * ((tf * (k1 + one)) / (tf + k1 * ((one - b) + ((b * d) / avgdl))));
  END LOOP;
  RETURN score;
END
$$;
"#;

/// Arbitrary key of the advisory lock that serialises schema changes between processes.
const SCHEMA_LOCK: i64 = 0x0064_6978_6974;
/// How often a batch is retried after a deadlock between concurrent writers.
const RETRIES: usize = 20;
/// Rows read at a time when rebuilding or checking the index.
const CHUNK: i64 = 500;

struct Statements {
    appearance_exists: Statement,
    source_exists: Statement,
    story_by_id: Statement,
    story_by_appearance: Statement,
    lsh_get: Statement,
    signature: Statement,
    insert_appearance: Statement,
    insert_article: Statement,
    insert_lsh: Statement,
    insert_person: Statement,
    insert_role: Statement,
    insert_mention: Statement,
    insert_media: Statement,
    insert_org: Statement,
    insert_quote: Statement,
    insert_relation: Statement,
    lock: Statement,
    stats: Statement,
}

/// The PostgreSQL store.
pub struct PgStore {
    pub(crate) client: Client,
    st: Statements,
    read_only: bool,
    location: String,
}

fn get<'a, T: postgres::types::FromSql<'a>>(row: &'a Row, i: usize) -> Result<T> {
    Ok(row.try_get(i)?)
}

fn get_count(row: &Row, i: usize) -> Result<u64> {
    let n: i64 = get(row, i)?;
    Ok(n.max(0) as u64)
}

/// A `tsvector` literal of `body`, each term with its positions, to be cast with
/// `::tsvector` (which takes lexemes as they are, unlike `to_tsvector`).
pub(crate) fn tsvector_literal(body: &IndexBody) -> String {
    let mut terms: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (pos, term) in body.positions() {
        terms.entry(term).or_default().push(pos);
    }
    let mut out = String::with_capacity(body.text.len() * 2);
    for (term, positions) in terms {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push('\'');
        for c in term.chars() {
            match c {
                '\'' => out.push_str("''"),
                '\\' => out.push_str("\\\\"),
                c => out.push(c),
            }
        }
        out.push_str("':");
        for (i, p) in positions.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&p.to_string());
        }
    }
    out
}

/// Keys of the locks a batch takes before any look-up, sorted so that concurrent
/// batches take them in the same order: one per near-duplicate bucket of each article
/// (near copies share at least one) and one per exact text.
fn lock_keys(batch: &[PreparedArticle]) -> Vec<i64> {
    let mut keys = Vec::with_capacity(batch.len() * 17);
    for a in batch {
        keys.push(xxh3_64(a.text_hash.as_bytes()) as i64);
        if let Some(sig) = &a.signature {
            for (band, bucket) in sig.bands().iter().enumerate() {
                keys.push(xxh3_64_with_seed(&bucket.to_le_bytes(), band as u64 + 1) as i64);
            }
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// What a database holds, as far as dixit is concerned.
enum Found {
    Empty,
    Current,
    Version0,
    /// Version 1: no relations table.
    Version1,
}

fn inspect(client: &mut Client, location: &str) -> Result<Found> {
    let r = client.query_one(
        "SELECT to_regclass('dixit_meta') IS NOT NULL, to_regclass('articles') IS NOT NULL,
                to_regclass('appearances') IS NOT NULL",
        &[],
    )?;
    let (meta, articles, appearances): (bool, bool, bool) = (get(&r, 0)?, get(&r, 1)?, get(&r, 2)?);
    if !meta {
        return Ok(match (articles, appearances) {
            (false, false) => Found::Empty,
            (true, true) => Found::Version0,
            _ => {
                return Err(StoreError::Schema {
                    location: location.to_string(),
                    reason: "not a dixit store (some dixit tables are missing)".into(),
                });
            }
        });
    }
    let v = client.query_opt(
        "SELECT value FROM dixit_meta WHERE key = 'schema_version'",
        &[],
    )?;
    let version: Option<i64> = match v {
        Some(r) => get::<String>(&r, 0)?.parse().ok(),
        None => None,
    };
    match version {
        Some(SCHEMA_VERSION) => Ok(Found::Current),
        Some(1) => Ok(Found::Version1),
        Some(v) if v > SCHEMA_VERSION => Err(StoreError::Schema {
            location: location.to_string(),
            reason: format!(
                "written by a newer dixit (schema version {v}; this one reads version {SCHEMA_VERSION})"
            ),
        }),
        _ => Err(StoreError::Schema {
            location: location.to_string(),
            reason: "unreadable schema version in dixit_meta".into(),
        }),
    }
}

fn prepare(client: &mut Client) -> Result<Statements> {
    Ok(Statements {
        appearance_exists: client
            .prepare("SELECT 1 FROM appearances WHERE key = $1 AND text_hash = $2")?,
        source_exists: client.prepare("SELECT 1 FROM appearances WHERE key = $1 LIMIT 1")?,
        story_by_id: client.prepare("SELECT id FROM articles WHERE id = $1")?,
        story_by_appearance: client
            .prepare("SELECT min(article_id) FROM appearances WHERE text_hash = $1")?,
        lsh_get: client.prepare("SELECT article_id FROM lsh WHERE band = $1 AND bucket = $2")?,
        signature: client.prepare("SELECT signature FROM articles WHERE id = $1")?,
        insert_appearance: client.prepare(
            "INSERT INTO appearances (key, text_hash, article_id, similarity, title, outlet, outlet_key, date, url, path)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING",
        )?,
        insert_article: client.prepare(
            "INSERT INTO articles (id, title, text, outlet, date, url, path, signature, len, tsv)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text::tsvector) ON CONFLICT DO NOTHING",
        )?,
        insert_lsh: client.prepare(
            "INSERT INTO lsh (band, bucket, article_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )?,
        insert_person: client.prepare(
            "INSERT INTO persons (id, name, kb_id, party, party_key) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (id) DO UPDATE SET kb_id = coalesce(persons.kb_id, excluded.kb_id),
                                            party = coalesce(persons.party, excluded.party),
                                            party_key = coalesce(persons.party_key, excluded.party_key)",
        )?,
        insert_role: client.prepare(
            "INSERT INTO person_roles (person_id, role) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )?,
        insert_mention: client.prepare(
            "INSERT INTO mentions (article_id, kind, entity_id, surface) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING",
        )?,
        insert_media: client
            .prepare("INSERT INTO media (id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING")?,
        insert_org: client.prepare(
            "INSERT INTO organizations (id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )?,
        insert_quote: client.prepare(
            r#"INSERT INTO quotes (id, article_id, start, "end", text, kind, speaker, speaker_kind,
                                   speaker_key, person_id, cue, channel, len, tsv)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::text::tsvector)
               ON CONFLICT DO NOTHING"#,
        )?,
        insert_relation: client.prepare(
            r#"INSERT INTO relations (article_id, kind, source_kind, source_id, source_name,
                                      target_kind, target_id, target_name, start, "end", cue,
                                      negated, hedged, date)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
               ON CONFLICT DO NOTHING"#,
        )?,
        // A conflicting row is locked even though the WHERE clause updates nothing; a
        // new row blocks every other inserter of the key until this batch commits.
        lock: client.prepare(
            "INSERT INTO lsh_lock (key) SELECT k FROM unnest($1::bigint[]) AS k
             ON CONFLICT (key) DO UPDATE SET key = excluded.key WHERE false",
        )?,
        stats: client
            .prepare("INSERT INTO fts_stats (tbl, docs, tokens) VALUES ($1, $2, $3)")?,
    })
}

impl PgStore {
    /// Connects to `url`, creating the schema if the database has none and upgrading
    /// an older one.
    pub fn connect(url: &str) -> Result<PgStore> {
        let location = Location::Postgres(url.to_string()).describe();
        let mut client = Client::connect(url, NoTls)?;
        client.batch_execute("SET client_min_messages = warning")?;
        client.execute("SELECT pg_advisory_lock($1)", &[&SCHEMA_LOCK])?;
        let ready = (|| -> Result<()> {
            match inspect(&mut client, &location)? {
                Found::Current => Ok(()),
                Found::Empty => {
                    let mut tx = client.transaction()?;
                    tx.batch_execute(SCHEMA)?;
                    tx.batch_execute(SCHEMA_V1_EXTRAS)?;
                    tx.batch_execute(RELATIONS_SCHEMA)?;
                    tx.batch_execute(FUNCTIONS)?;
                    tx.execute(
                        "INSERT INTO dixit_meta (key, value) VALUES ('schema_version', $1)",
                        &[&SCHEMA_VERSION.to_string()],
                    )?;
                    tx.commit()?;
                    Ok(())
                }
                Found::Version0 => {
                    upgrade_from_0(&mut client)?;
                    upgrade_from_1(&mut client)
                }
                Found::Version1 => upgrade_from_1(&mut client),
            }
        })();
        client.execute("SELECT pg_advisory_unlock($1)", &[&SCHEMA_LOCK])?;
        ready?;
        let st = prepare(&mut client)?;
        Ok(PgStore {
            client,
            st,
            read_only: false,
            location,
        })
    }

    /// Connects to the existing store at `url` for reading only: every transaction is
    /// read-only and nothing is created.
    pub fn connect_read_only(url: &str) -> Result<PgStore> {
        let location = Location::Postgres(url.to_string()).describe();
        let mut client = Client::connect(url, NoTls)?;
        client.batch_execute(
            "SET client_min_messages = warning;
             SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
        )?;
        match inspect(&mut client, &location)? {
            Found::Current => {}
            Found::Empty => return Err(StoreError::Missing(location)),
            Found::Version0 | Found::Version1 => {
                return Err(StoreError::Schema {
                    location,
                    reason: "written by an older dixit: open it for writing once to upgrade it, e.g. `dixit check --repair --store URL`".into(),
                });
            }
        }
        let st = prepare(&mut client)?;
        Ok(PgStore {
            client,
            st,
            read_only: true,
            location,
        })
    }

    fn appearances_of(&mut self, article: &str) -> Result<Vec<AppearanceRow>> {
        let rows = self.client.query(
            "SELECT key, outlet, date, similarity FROM appearances WHERE article_id = $1
             ORDER BY key COLLATE \"C\", text_hash COLLATE \"C\"",
            &[&article],
        )?;
        rows.iter()
            .map(|r| {
                Ok(AppearanceRow {
                    key: get(r, 0)?,
                    outlet: get(r, 1)?,
                    date: get(r, 2)?,
                    similarity: get(r, 3)?,
                })
            })
            .collect()
    }

    fn article_row(&mut self, r: &Row) -> Result<ArticleRow> {
        let id: String = get(r, 0)?;
        let appearances = self.appearances_of(&id)?;
        Ok(ArticleRow {
            title: get(r, 1)?,
            outlet: get(r, 2)?,
            date: get(r, 3)?,
            url: get(r, 4)?,
            path: get(r, 5)?,
            quotes: get_count(r, 6)?,
            id,
            appearances,
        })
    }

    /// BM25's statistics of `table` as FTS5 keeps them: rows, and mean terms a row.
    fn stats(&mut self, table: &str) -> Result<(i64, f64)> {
        let r = self.client.query_one(
            "SELECT coalesce(sum(docs), 0)::bigint, coalesce(sum(tokens), 0)::bigint
             FROM fts_stats WHERE tbl = $1",
            &[&table],
        )?;
        let (docs, tokens): (i64, i64) = (get(&r, 0)?, get(&r, 1)?);
        let docs = docs.max(1);
        Ok((docs, tokens as f64 / docs as f64))
    }

    /// Per scored atom of the query: its scoring key and FTS5's IDF for it.
    fn idf(&mut self, table: &str, c: &Checked) -> Result<(Vec<String>, Vec<f64>, f64)> {
        let Some(q) = &c.query else {
            return Ok((Vec::new(), Vec::new(), 1.0));
        };
        let (n_rows, avgdl) = self.stats(table)?;
        let mut keys = Vec::new();
        let mut idf = Vec::new();
        let count = format!("SELECT count(*) FROM {table} WHERE tsv @@ $1::text::tsquery");
        for atom in q.scored_atoms() {
            let hits: i64 = get(&self.client.query_one(&count, &[&atom.to_tsquery()])?, 0)?;
            let v = ((n_rows - hits) as f64 + 0.5) / (hits as f64 + 0.5);
            let v = v.ln();
            idf.push(if v <= 0.0 { 1e-6 } else { v });
            keys.push(atom.to_scoring_key());
        }
        Ok((keys, idf, avgdl))
    }
}

/// Version 0 → 1: explicit tsvectors of our terms instead of `to_tsvector` over a body
/// column, appearances keyed by (source, content), party keys, BM25 statistics.
fn upgrade_from_0(client: &mut Client) -> Result<()> {
    let mut tx = client.transaction()?;
    tx.batch_execute(
        "ALTER TABLE articles DROP COLUMN IF EXISTS tsv, DROP COLUMN IF EXISTS body,
             ADD COLUMN len INTEGER NOT NULL DEFAULT 0, ADD COLUMN tsv tsvector NOT NULL DEFAULT '';
         ALTER TABLE quotes DROP COLUMN IF EXISTS tsv, DROP COLUMN IF EXISTS body,
             ADD COLUMN len INTEGER NOT NULL DEFAULT 0, ADD COLUMN tsv tsvector NOT NULL DEFAULT '';
         ALTER TABLE appearances DROP CONSTRAINT IF EXISTS appearances_pkey,
             ADD PRIMARY KEY (key, text_hash);
         ALTER TABLE persons ADD COLUMN IF NOT EXISTS party_key TEXT;
         CREATE TABLE dixit_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
    )?;
    tx.batch_execute(SCHEMA_V1_EXTRAS)?;
    tx.batch_execute(FUNCTIONS)?;
    rebuild_index(&mut tx, false)?;
    tx.execute(
        "INSERT INTO dixit_meta (key, value) VALUES ('schema_version', '1')",
        &[],
    )?;
    tx.commit()?;
    Ok(())
}

/// Version 1 → 2: the relations table (stories stored before have none until they are
/// extracted again).
fn upgrade_from_1(client: &mut Client) -> Result<()> {
    let mut tx = client.transaction()?;
    tx.batch_execute(RELATIONS_SCHEMA)?;
    tx.execute(
        "UPDATE dixit_meta SET value = $1 WHERE key = 'schema_version'",
        &[&SCHEMA_VERSION.to_string()],
    )?;
    tx.commit()?;
    Ok(())
}

/// A stored text with what its index holds.
struct TextRow {
    id: String,
    /// Title of a story; `None` for a quote.
    title: Option<String>,
    text: String,
    /// Terms counted in the index.
    len: i32,
    /// Distinct terms in the stored `tsvector`.
    lexemes: i64,
}

/// Calls `f` with every row of `articles` or `quotes`, a chunk at a time.
fn for_each_text(
    client: &mut impl GenericClient,
    table: &str,
    f: &mut dyn FnMut(&TextRow) -> Result<()>,
) -> Result<()> {
    let title = if table == "articles" {
        "title"
    } else {
        "NULL::text"
    };
    let sql = format!(
        "SELECT id, {title}, text, len, length(tsv)::bigint FROM {table}
         WHERE id COLLATE \"C\" > $1 ORDER BY id COLLATE \"C\" LIMIT {CHUNK}"
    );
    let mut after = String::new();
    loop {
        let rows = client.query(sql.as_str(), &[&after])?;
        for r in &rows {
            f(&TextRow {
                id: get(r, 0)?,
                title: get(r, 1)?,
                text: get(r, 2)?,
                len: get(r, 3)?,
                lexemes: get(r, 4)?,
            })?;
        }
        match rows.last() {
            Some(r) if rows.len() as i64 == CHUNK => after = get(r, 0)?,
            _ => return Ok(()),
        }
    }
}

fn body_of(title: Option<&str>, text: &str, is_article: bool) -> IndexBody {
    if is_article {
        index_body(&[title.unwrap_or_default(), text])
    } else {
        index_body(&[text])
    }
}

fn distinct_terms(body: &IndexBody) -> i64 {
    let set: HashSet<&str> = body.positions().map(|(_, t)| t).collect();
    set.len() as i64
}

/// Recomputes the terms of every row (only the stale ones when `stale_only`), the
/// BM25 statistics and the party keys.
fn rebuild_index(tx: &mut Transaction<'_>, stale_only: bool) -> Result<()> {
    for table in ["articles", "quotes"] {
        let mut updates: Vec<(String, i32, String)> = Vec::new();
        let is_article = table == "articles";
        for_each_text(tx, table, &mut |r| {
            let body = body_of(r.title.as_deref(), &r.text, is_article);
            if !stale_only || r.len as usize != body.terms || r.lexemes != distinct_terms(&body) {
                updates.push((r.id.clone(), body.terms as i32, tsvector_literal(&body)));
            }
            Ok(())
        })?;
        let up = tx.prepare(&format!(
            "UPDATE {table} SET len = $2, tsv = $3::text::tsvector WHERE id = $1"
        ))?;
        for (id, len, tsv) in updates {
            tx.execute(&up, &[&id, &len, &tsv])?;
        }
    }
    tx.batch_execute(
        "DELETE FROM fts_stats;
         INSERT INTO fts_stats (tbl, docs, tokens)
           SELECT 'articles', count(*), coalesce(sum(len), 0) FROM articles;
         INSERT INTO fts_stats (tbl, docs, tokens)
           SELECT 'quotes', count(*), coalesce(sum(len), 0) FROM quotes;",
    )?;
    let parties = tx.query("SELECT id, party FROM persons WHERE party IS NOT NULL", &[])?;
    for r in &parties {
        let (id, party): (String, String) = (get(r, 0)?, get(r, 1)?);
        tx.execute(
            "UPDATE persons SET party_key = $2 WHERE id = $1",
            &[&id, &fold(&party)],
        )?;
    }
    Ok(())
}

struct Tx<'a, 'b> {
    tx: &'a mut Transaction<'b>,
    st: &'a Statements,
    /// Rows and terms added to (articles, quotes), for the BM25 statistics.
    added: [(i64, i64); 2],
}

impl BatchTx for Tx<'_, '_> {
    fn appearance_exists(&mut self, key: &str, text_hash: &str) -> Result<bool> {
        Ok(!self
            .tx
            .query(&self.st.appearance_exists, &[&key, &text_hash])?
            .is_empty())
    }

    fn source_exists(&mut self, key: &str) -> Result<bool> {
        Ok(!self.tx.query(&self.st.source_exists, &[&key])?.is_empty())
    }

    fn story_of_hash(&mut self, text_hash: &str) -> Result<Option<String>> {
        if let Some(r) = self.tx.query_opt(&self.st.story_by_id, &[&text_hash])? {
            return Ok(Some(get(&r, 0)?));
        }
        let r = self
            .tx
            .query_one(&self.st.story_by_appearance, &[&text_hash])?;
        get(&r, 0)
    }

    fn lsh_candidates(&mut self, bands: &[i64]) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for (band, bucket) in bands.iter().enumerate() {
            let band = band as i32;
            for r in self.tx.query(&self.st.lsh_get, &[&band, bucket])? {
                out.push(get(&r, 0)?);
            }
        }
        Ok(out)
    }

    fn signature(&mut self, story: &str) -> Result<Option<Signature>> {
        let Some(r) = self.tx.query_opt(&self.st.signature, &[&story])? else {
            return Ok(None);
        };
        let bytes: Option<Vec<u8>> = get(&r, 0)?;
        match bytes {
            None => Ok(None),
            Some(b) => Signature::from_bytes(&b)
                .map(Some)
                .ok_or_else(|| StoreError::Corrupt("bad MinHash signature length".into())),
        }
    }

    fn insert_appearance(
        &mut self,
        story: &str,
        a: &PreparedArticle,
        similarity: f64,
    ) -> Result<()> {
        self.tx.execute(
            &self.st.insert_appearance,
            &[
                &a.source_key,
                &a.text_hash,
                &story,
                &similarity,
                &a.title,
                &a.outlet,
                &a.outlet_key,
                &a.date,
                &a.url,
                &a.path,
            ],
        )?;
        Ok(())
    }

    fn insert_story(&mut self, a: &PreparedArticle, bands: &[i64]) -> Result<Option<u64>> {
        let sig = a.signature.as_ref().map(|s| s.to_bytes());
        let len = a.body.terms as i32;
        let inserted = self.tx.execute(
            &self.st.insert_article,
            &[
                &a.text_hash,
                &a.title,
                &a.text,
                &a.outlet,
                &a.date,
                &a.url,
                &a.path,
                &sig,
                &len,
                &tsvector_literal(&a.body),
            ],
        )?;
        if inserted == 0 {
            return Ok(None);
        }
        self.added[0].0 += 1;
        self.added[0].1 += i64::from(len);
        self.insert_appearance(&a.text_hash, a, 1.0)?;
        for (band, bucket) in bands.iter().enumerate() {
            self.tx
                .execute(&self.st.insert_lsh, &[&(band as i32), bucket, &a.text_hash])?;
        }
        // Sorted so that concurrent writers take row locks in the same order.
        let mut persons: Vec<_> = a.persons.iter().collect();
        persons.sort_by(|x, y| x.id.cmp(&y.id));
        for p in persons {
            self.tx.execute(
                &self.st.insert_person,
                &[&p.id, &p.name, &p.kb_id, &p.party, &p.party_key],
            )?;
            for r in &p.roles {
                self.tx.execute(&self.st.insert_role, &[&p.id, r])?;
            }
            for s in &p.surfaces {
                self.tx.execute(
                    &self.st.insert_mention,
                    &[&a.text_hash, &"person", &p.id, s],
                )?;
            }
        }
        for (id, name) in &a.media {
            self.tx.execute(&self.st.insert_media, &[id, name])?;
            self.tx
                .execute(&self.st.insert_mention, &[&a.text_hash, &"media", id, name])?;
        }
        for (id, name) in &a.organizations {
            self.tx.execute(&self.st.insert_org, &[id, name])?;
            self.tx.execute(
                &self.st.insert_mention,
                &[&a.text_hash, &"organization", id, name],
            )?;
        }
        for (id, name) in &a.places {
            self.tx
                .execute(&self.st.insert_mention, &[&a.text_hash, &"place", id, name])?;
        }
        let mut n = 0;
        for q in &a.quotes {
            let qlen = q.body.terms as i32;
            let added = self.tx.execute(
                &self.st.insert_quote,
                &[
                    &q.id,
                    &a.text_hash,
                    &q.start,
                    &q.end,
                    &q.text,
                    &q.kind,
                    &q.speaker,
                    &q.speaker_kind,
                    &q.speaker_key,
                    &q.person_id,
                    &q.cue,
                    &q.channel,
                    &qlen,
                    &tsvector_literal(&q.body),
                ],
            )?;
            if added > 0 {
                self.added[1].0 += 1;
                self.added[1].1 += i64::from(qlen);
                n += added;
            }
        }
        for r in &a.relations {
            self.tx.execute(
                &self.st.insert_relation,
                &[
                    &a.text_hash,
                    &r.kind,
                    &r.source_kind,
                    &r.source_id,
                    &r.source_name,
                    &r.target_kind,
                    &r.target_id,
                    &r.target_name,
                    &r.start,
                    &r.end,
                    &r.cue,
                    &r.negated,
                    &r.hedged,
                    &r.date,
                ],
            )?;
        }
        Ok(Some(n))
    }
}

fn is_retryable(e: &StoreError) -> bool {
    match e {
        StoreError::Postgres(pe) => matches!(
            pe.code(),
            Some(c) if *c == SqlState::T_R_DEADLOCK_DETECTED || *c == SqlState::T_R_SERIALIZATION_FAILURE
        ),
        _ => false,
    }
}

const QUOTE_COLS: &str = r#"q.id, q.article_id, q.text, q.kind, q.speaker, q.speaker_kind, q.person_id,
    q.cue, q.channel, a.title, a.outlet, a.date, a.url, a.path"#;

/// Quote filters: speaker ($2), outlet ($3), from ($4), to ($5), party ($6), kind ($7).
const FILTERS: &str = r#"
    ($2::text IS NULL OR q.speaker_key LIKE $2::text)
    AND ($6::text IS NULL OR EXISTS (SELECT 1 FROM persons p WHERE p.id = q.person_id
                                       AND p.party_key LIKE $6::text))
    AND ($7::text IS NULL OR q.kind = $7::text)
    AND (($3::text IS NULL AND $4::text IS NULL AND $5::text IS NULL) OR EXISTS (
        SELECT 1 FROM appearances ap WHERE ap.article_id = q.article_id
          AND ($3::text IS NULL OR ap.outlet_key LIKE $3::text)
          AND ($4::text IS NULL OR ap.date >= $4::text COLLATE "C")
          AND ($5::text IS NULL OR left(ap.date, length($5::text)) <= $5::text COLLATE "C")))"#;

/// Story filters: outlet ($3), from ($4), to ($5); $2, $6 and $7 are never set.
const ARTICLE_FILTERS: &str = r#"
    ($2::text IS NULL AND $6::text IS NULL AND $7::text IS NULL)
    AND (($3::text IS NULL AND $4::text IS NULL AND $5::text IS NULL) OR EXISTS (
        SELECT 1 FROM appearances ap WHERE ap.article_id = a.id
          AND ($3::text IS NULL OR ap.outlet_key LIKE $3::text)
          AND ($4::text IS NULL OR ap.date >= $4::text COLLATE "C")
          AND ($5::text IS NULL OR left(ap.date, length($5::text)) <= $5::text COLLATE "C")))"#;

/// Newest first, undated last: the tie-break after the score, before the id.
const DATE_ORDER: &str = "a.date COLLATE \"C\" DESC NULLS LAST";

fn quote_row(r: &Row) -> Result<QuoteRow> {
    Ok(QuoteRow {
        id: get(r, 0)?,
        article_id: get(r, 1)?,
        text: get(r, 2)?,
        kind: get(r, 3)?,
        speaker: get(r, 4)?,
        speaker_kind: get(r, 5)?,
        person_id: get(r, 6)?,
        cue: get(r, 7)?,
        channel: get(r, 8)?,
        title: get(r, 9)?,
        outlet: get(r, 10)?,
        date: get(r, 11)?,
        url: get(r, 12)?,
        path: get(r, 13)?,
    })
}

/// The two statements of a search (rows, then total) over `table` aliased `alias`.
fn search_sql(
    table: &str,
    select: &str,
    from: &str,
    filters: &str,
    text: bool,
) -> (String, String) {
    let alias = if table == "quotes" { "q" } else { "a" };
    if text {
        (
            format!(
                "SELECT {select},
                   round(dixit_bm25({alias}.tsv, {alias}.len, $10::text[], $11::float8[], $12::float8)::numeric, 9)::float8 AS score
                 FROM {from}
                 WHERE {alias}.tsv @@ $1::text::tsquery AND {filters}
                 ORDER BY score DESC, {DATE_ORDER}, {alias}.id COLLATE \"C\"
                 LIMIT $8::bigint OFFSET $9::bigint"
            ),
            format!(
                "SELECT count(*) FROM {from} WHERE {alias}.tsv @@ $1::text::tsquery AND {filters}"
            ),
        )
    } else {
        (
            format!(
                "SELECT {select}, 0::float8 FROM {from}
                 WHERE ($1::text IS NULL OR true) AND {filters}
                 ORDER BY {DATE_ORDER}, {alias}.id COLLATE \"C\"
                 LIMIT $8::bigint OFFSET $9::bigint"
            ),
            format!("SELECT count(*) FROM {from} WHERE ($1::text IS NULL OR true) AND {filters}"),
        )
    }
}

impl PgStore {
    /// Runs a search over `table`: the total, then the page's rows with their scores.
    fn run_search(
        &mut self,
        table: &str,
        select: &str,
        from: &str,
        filters: &str,
        c: &Checked,
    ) -> Result<(u64, Vec<Row>)> {
        let (rows_sql, count_sql) = search_sql(table, select, from, filters, c.query.is_some());
        let (keys, idf, avgdl) = self.idf(table, c)?;
        let expr = c.query.as_ref().map(|q| q.to_tsquery());
        let params: [&(dyn ToSql + Sync); 12] = [
            &expr, &c.speaker, &c.outlet, &c.from, &c.to, &c.party, &c.kind, &c.limit, &c.offset,
            &keys, &idf, &avgdl,
        ];
        let total: i64 = get(&self.client.query_one(count_sql.as_str(), &params[..7])?, 0)?;
        let n = if c.query.is_some() { 12 } else { 9 };
        let rows = self.client.query(rows_sql.as_str(), &params[..n])?;
        Ok((total.max(0) as u64, rows))
    }

    fn missing_appearances(&mut self) -> Result<()> {
        let rows = self.client.query(
            "SELECT id, title, outlet, date, url, path FROM articles a WHERE NOT EXISTS
               (SELECT 1 FROM appearances ap WHERE ap.article_id = a.id AND ap.text_hash = a.id)",
            &[],
        )?;
        for r in &rows {
            let id: String = get(r, 0)?;
            let outlet: Option<String> = get(r, 2)?;
            let url: Option<String> = get(r, 4)?;
            let path: String = get(r, 5)?;
            let key = url
                .clone()
                .filter(|u| !u.is_empty())
                .unwrap_or_else(|| path.clone());
            self.client.execute(
                "INSERT INTO appearances (key, text_hash, article_id, similarity, title, outlet, outlet_key, date, url, path)
                 VALUES ($1, $2, $2, 1.0, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
                &[
                    &key,
                    &id,
                    &get::<Option<String>>(r, 1)?,
                    &outlet,
                    &outlet.as_deref().map(fold),
                    &get::<Option<String>>(r, 3)?,
                    &url,
                    &path,
                ],
            )?;
        }
        Ok(())
    }
}

impl Store for PgStore {
    fn known_sources(&mut self, keys: &[&str]) -> Result<HashSet<String>> {
        let keys: Vec<&str> = keys.to_vec();
        let rows = self.client.query(
            "SELECT DISTINCT key FROM appearances WHERE key = ANY($1)",
            &[&keys],
        )?;
        rows.iter().map(|r| get(r, 0)).collect()
    }

    fn known_paths(&mut self, paths: &[&str]) -> Result<HashSet<String>> {
        let paths: Vec<&str> = paths.to_vec();
        let rows = self.client.query(
            "SELECT DISTINCT path FROM appearances WHERE path = ANY($1)",
            &[&paths],
        )?;
        rows.iter().map(|r| get(r, 0)).collect()
    }

    fn known_versions(&mut self, pairs: &[(&str, &str)]) -> Result<HashSet<(String, String)>> {
        let keys: Vec<&str> = pairs.iter().map(|p| p.0).collect();
        let hashes: Vec<&str> = pairs.iter().map(|p| p.1).collect();
        let rows = self.client.query(
            "SELECT ap.key, ap.text_hash FROM appearances ap
             JOIN unnest($1::text[], $2::text[]) AS p(key, text_hash)
               ON ap.key = p.key AND ap.text_hash = p.text_hash",
            &[&keys, &hashes],
        )?;
        rows.iter().map(|r| Ok((get(r, 0)?, get(r, 1)?))).collect()
    }

    fn write_batch(&mut self, batch: &[PreparedArticle]) -> Result<BatchStats> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        let keys = lock_keys(batch);
        let mut attempt = 0;
        loop {
            let result = (|| {
                let mut tx = self.client.transaction()?;
                // Before any look-up: a concurrent batch with a near copy of one of these
                // articles either committed already (and is seen) or waits for this one.
                tx.execute(&self.st.lock, &[&keys])?;
                let mut stats = BatchStats::default();
                let added = {
                    let mut w = Tx {
                        tx: &mut tx,
                        st: &self.st,
                        added: [(0, 0); 2],
                    };
                    for a in batch {
                        stats.add(write_article(&mut w, a)?);
                    }
                    w.added
                };
                for (table, (docs, tokens)) in ["articles", "quotes"].iter().zip(added) {
                    if docs > 0 {
                        tx.execute(&self.st.stats, &[table, &docs, &tokens])?;
                    }
                }
                tx.commit()?;
                Ok(stats)
            })();
            match result {
                Err(e) if attempt < RETRIES && is_retryable(&e) => attempt += 1,
                other => return other,
            }
        }
    }

    fn search_page(&mut self, q: &SearchQuery) -> Result<Page<QuoteRow>> {
        let c = q.check(false)?;
        let (total, rows) = self.run_search(
            "quotes",
            QUOTE_COLS,
            "quotes q JOIN articles a ON a.id = q.article_id",
            FILTERS,
            &c,
        )?;
        let hits = rows
            .iter()
            .map(|r| {
                Ok(Hit {
                    score: get::<f64>(r, 14)? + 0.0,
                    row: quote_row(r)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Page {
            total,
            offset: c.offset as u64,
            hits,
        })
    }

    fn search_articles_page(&mut self, q: &SearchQuery) -> Result<Page<ArticleRow>> {
        let c = q.check(true)?;
        let (total, rows) = self.run_search(
            "articles",
            "a.id, a.title, a.outlet, a.date, a.url, a.path,
             (SELECT count(*) FROM quotes q WHERE q.article_id = a.id)",
            "articles a",
            ARTICLE_FILTERS,
            &c,
        )?;
        let mut hits = Vec::with_capacity(rows.len());
        for r in &rows {
            hits.push(Hit {
                score: get::<f64>(r, 7)? + 0.0,
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
        let rows = self.client.query(
            &format!("SELECT {QUOTE_COLS} FROM quotes q JOIN articles a ON a.id = q.article_id ORDER BY q.id COLLATE \"C\""),
            &[],
        )?;
        for r in &rows {
            sink(quote_row(r)?)?;
        }
        Ok(())
    }

    fn export_persons(&mut self, sink: Sink<'_, PersonRow>) -> Result<()> {
        let mut roles: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for r in self
            .client
            .query("SELECT person_id, role FROM person_roles", &[])?
        {
            roles.entry(get(&r, 0)?).or_default().push(get(&r, 1)?);
        }
        for v in roles.values_mut() {
            v.sort();
        }
        let rows = self.client.query(
            "SELECT p.id, p.name, p.kb_id, p.party,
                (SELECT count(DISTINCT m.article_id) FROM mentions m WHERE m.kind = 'person' AND m.entity_id = p.id),
                (SELECT count(*) FROM quotes q WHERE q.person_id = p.id)
             FROM persons p ORDER BY p.id COLLATE \"C\"",
            &[],
        )?;
        for r in &rows {
            let id: String = get(r, 0)?;
            sink(PersonRow {
                roles: roles.remove(&id).unwrap_or_default(),
                id,
                name: get(r, 1)?,
                kb_id: get(r, 2)?,
                party: get(r, 3)?,
                articles: get_count(r, 4)?,
                quotes: get_count(r, 5)?,
            })?;
        }
        Ok(())
    }

    fn export_relations(&mut self, sink: Sink<'_, RelationRow>) -> Result<()> {
        let rows = self.client.query(
            r#"SELECT r.article_id, r.kind, r.source_kind, r.source_id, r.source_name,
                      r.target_kind, r.target_id, r.target_name, r.cue, r.negated, r.hedged,
                      r.date, r.start, r."end", a.text
               FROM relations r JOIN articles a ON a.id = r.article_id
               ORDER BY r.article_id COLLATE "C", r.source_id COLLATE "C",
                        r.target_id COLLATE "C", r.kind COLLATE "C", r.start"#,
            &[],
        )?;
        for r in &rows {
            let text: String = get(r, 14)?;
            sink(RelationRow {
                article_id: get(r, 0)?,
                kind: get(r, 1)?,
                source_kind: get(r, 2)?,
                source_id: get(r, 3)?,
                source_name: get(r, 4)?,
                target_kind: get(r, 5)?,
                target_id: get(r, 6)?,
                target_name: get(r, 7)?,
                cue: get(r, 8)?,
                negated: get(r, 9)?,
                hedged: get(r, 10)?,
                date: get(r, 11)?,
                evidence: crate::sqlite::evidence(&text, get(r, 12)?, get(r, 13)?),
            })?;
        }
        Ok(())
    }

    fn export_articles(&mut self, sink: Sink<'_, ArticleRow>) -> Result<()> {
        let rows = self.client.query(
            "SELECT a.id, a.title, a.outlet, a.date, a.url, a.path,
                (SELECT count(*) FROM quotes q WHERE q.article_id = a.id)
             FROM articles a ORDER BY a.id COLLATE \"C\"",
            &[],
        )?;
        for r in &rows {
            sink(self.article_row(r)?)?;
        }
        Ok(())
    }

    fn graph(&mut self) -> Result<Graph> {
        let mut g = Graph::default();
        let nodes = [
            "SELECT 'p:' || p.id, p.name, 'person',
                (SELECT count(DISTINCT m.article_id) FROM mentions m WHERE m.kind = 'person' AND m.entity_id = p.id)
             FROM persons p",
            "SELECT 'm:' || outlet_key, min(outlet), 'media', count(DISTINCT article_id)
             FROM appearances WHERE outlet_key IS NOT NULL GROUP BY outlet_key",
            "SELECT 'o:' || o.id, o.name, 'organization',
                (SELECT count(DISTINCT m.article_id) FROM mentions m
                 WHERE m.kind = 'organization' AND m.entity_id = o.id)
             FROM organizations o
             WHERE o.id IN (SELECT source_id FROM relations WHERE source_kind = 'organization'
                            UNION SELECT target_id FROM relations WHERE target_kind = 'organization')",
        ];
        for sql in nodes {
            for r in self.client.query(sql, &[])? {
                g.nodes.push(GraphNode {
                    id: get(&r, 0)?,
                    label: get(&r, 1)?,
                    kind: get(&r, 2)?,
                    weight: get_count(&r, 3)?,
                });
            }
        }
        let edges = [
            "WITH pm AS (SELECT DISTINCT article_id, entity_id FROM mentions WHERE kind = 'person')
             SELECT 'p:' || a.entity_id, 'p:' || b.entity_id, 'co-mention', count(*)
             FROM pm a JOIN pm b ON a.article_id = b.article_id AND a.entity_id COLLATE \"C\" < b.entity_id COLLATE \"C\"
             GROUP BY a.entity_id, b.entity_id",
            "SELECT 'p:' || q.person_id, 'm:' || ap.outlet_key, 'quoted-in', count(*)
             FROM quotes q JOIN appearances ap ON ap.article_id = q.article_id
             WHERE q.person_id IS NOT NULL AND ap.outlet_key IS NOT NULL
             GROUP BY q.person_id, ap.outlet_key",
        ];
        for sql in edges {
            for r in self.client.query(sql, &[])? {
                g.edges.push(GraphEdge {
                    source: get(&r, 0)?,
                    target: get(&r, 1)?,
                    kind: get(&r, 2)?,
                    weight: get_count(&r, 3)?,
                    first: None,
                    last: None,
                });
            }
        }
        let sql = format!(
            "SELECT {}, {}, CASE WHEN negated THEN 'not-' || kind ELSE kind END,
                    count(*), min(date COLLATE \"C\"), max(date COLLATE \"C\")
             FROM relations WHERE NOT hedged
             GROUP BY 1, 2, 3",
            crate::sqlite::RELATION_NODE_SOURCE,
            crate::sqlite::RELATION_NODE_TARGET
        );
        for r in self.client.query(&sql, &[])? {
            g.edges.push(GraphEdge {
                source: get(&r, 0)?,
                target: get(&r, 1)?,
                kind: get(&r, 2)?,
                weight: get_count(&r, 3)?,
                first: get(&r, 4)?,
                last: get(&r, 5)?,
            });
        }
        g.nodes.sort_by(|a, b| a.id.cmp(&b.id));
        g.edges
            .sort_by(|a, b| (&a.source, &a.target, &a.kind).cmp(&(&b.source, &b.target, &b.kind)));
        Ok(g)
    }

    fn counts(&mut self) -> Result<Counts> {
        let r = self.client.query_one(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM appearances),
                    (SELECT count(*) FROM quotes), (SELECT count(*) FROM persons),
                    (SELECT count(*) FROM media), (SELECT count(*) FROM organizations)",
            &[],
        )?;
        Ok(Counts {
            articles: get_count(&r, 0)?,
            appearances: get_count(&r, 1)?,
            quotes: get_count(&r, 2)?,
            persons: get_count(&r, 3)?,
            media: get_count(&r, 4)?,
            organizations: get_count(&r, 5)?,
        })
    }

    fn check(&mut self) -> Result<CheckReport> {
        let mut report = CheckReport {
            location: self.location.clone(),
            ..Default::default()
        };
        report.counts = self.counts()?;
        let client = &mut self.client;
        crate::check::orphans(&mut report, &mut |sql| {
            get_count(&client.query_one(sql, &[])?, 0)
        })?;
        report.ran("search statistics against rows");
        for table in ["articles", "quotes"] {
            let r = self.client.query_one(
                &format!(
                    "SELECT (SELECT coalesce(sum(docs), 0)::bigint FROM fts_stats WHERE tbl = $1),
                            (SELECT coalesce(sum(tokens), 0)::bigint FROM fts_stats WHERE tbl = $1),
                            (SELECT count(*) FROM {table}),
                            (SELECT coalesce(sum(len), 0)::bigint FROM {table})"
                ),
                &[&table],
            )?;
            let (docs, tokens, rows, lens): (i64, i64, i64, i64) =
                (get(&r, 0)?, get(&r, 1)?, get(&r, 2)?, get(&r, 3)?);
            if (docs, tokens) != (rows, lens) {
                report.problems.push(Problem::repairable(format!(
                    "search statistics of {table} out of date ({docs} rows and {tokens} terms recorded, {rows} and {lens} stored): rankings would be off"
                )));
            }
        }
        report.ran("full-text terms against stored texts");
        for table in ["articles", "quotes"] {
            let is_article = table == "articles";
            let mut stale = 0u64;
            for_each_text(&mut self.client, table, &mut |r| {
                let body = body_of(r.title.as_deref(), &r.text, is_article);
                if r.len as usize != body.terms || r.lexemes != distinct_terms(&body) {
                    stale += 1;
                }
                Ok(())
            })?;
            if stale > 0 {
                report.problems.push(Problem::repairable(format!(
                    "{stale} {table} whose full-text terms differ from their stored text"
                )));
            }
        }
        Ok(report)
    }

    fn repair(&mut self) -> Result<CheckReport> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        let before = self.check()?;
        {
            let mut tx = self.client.transaction()?;
            // Writers wait: a repair sees and fixes a store nobody changes meanwhile.
            tx.batch_execute("LOCK TABLE articles, quotes, appearances IN EXCLUSIVE MODE")?;
            for sql in crate::check::REPAIRS {
                tx.batch_execute(sql)?;
            }
            tx.commit()?;
        }
        self.missing_appearances()?;
        {
            let mut tx = self.client.transaction()?;
            tx.batch_execute("LOCK TABLE articles, quotes, fts_stats IN EXCLUSIVE MODE")?;
            rebuild_index(&mut tx, true)?;
            tx.commit()?;
        }
        let mut after = self.check()?;
        after.repaired = before.problems;
        Ok(after)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsvector_literals_list_positions_per_term() {
        let body = index_body(&["Retraites : la réforme des retraites"]);
        assert_eq!(tsvector_literal(&body), "'reform':2 'retrait':1,3");
        assert_eq!(tsvector_literal(&IndexBody::default()), "");
    }

    #[test]
    fn lock_keys_are_sorted_and_shared_by_copies() {
        let text = "Le Premier ministre a défendu la réforme des retraites devant les députés mardi soir à Paris.";
        let a = PreparedArticle::new(Default::default(), text.to_string());
        let b = PreparedArticle::new(Default::default(), text.to_string());
        let ka = lock_keys(std::slice::from_ref(&a));
        assert_eq!(ka.len(), 17);
        assert!(ka.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(lock_keys(&[a, b]), ka);
    }
}

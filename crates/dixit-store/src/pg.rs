//! PostgreSQL backend: the same schema and write logic as the embedded store, with
//! `ON CONFLICT DO NOTHING` on every natural key so that concurrent writers never
//! duplicate a row, and `tsvector('simple')` over the same pre-processed terms.

use crate::dedup::{BatchTx, write_article};
use crate::minhash::Signature;
use crate::normalize::query_terms;
use crate::sqlite::like_pattern;
use crate::{
    AppearanceRow, ArticleRow, BatchStats, Counts, Graph, GraphEdge, GraphNode, PersonRow,
    PreparedArticle, QuoteRow, Result, SearchQuery, Sink, Store, StoreError,
};
use postgres::error::SqlState;
use postgres::{Client, NoTls, Row, Statement, Transaction};
use std::collections::{BTreeMap, HashSet};

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    title TEXT,
    text TEXT NOT NULL,
    outlet TEXT,
    date TEXT,
    url TEXT,
    path TEXT NOT NULL,
    signature BYTEA,
    body TEXT NOT NULL,
    tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED
);
CREATE INDEX IF NOT EXISTS articles_tsv ON articles USING gin (tsv);
CREATE TABLE IF NOT EXISTS appearances (
    key TEXT PRIMARY KEY,
    article_id TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    similarity DOUBLE PRECISION NOT NULL,
    title TEXT,
    outlet TEXT,
    outlet_key TEXT,
    date TEXT,
    url TEXT,
    path TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS appearances_text_hash ON appearances (text_hash);
CREATE INDEX IF NOT EXISTS appearances_article ON appearances (article_id);
CREATE INDEX IF NOT EXISTS appearances_path ON appearances (path);
CREATE TABLE IF NOT EXISTS lsh (
    band INTEGER NOT NULL,
    bucket BIGINT NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (band, bucket, article_id)
);
CREATE TABLE IF NOT EXISTS persons (id TEXT PRIMARY KEY, name TEXT NOT NULL, kb_id TEXT, party TEXT);
CREATE TABLE IF NOT EXISTS person_roles (
    person_id TEXT NOT NULL,
    role TEXT NOT NULL,
    PRIMARY KEY (person_id, role)
);
CREATE TABLE IF NOT EXISTS media (id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS organizations (id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS mentions (
    article_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    surface TEXT NOT NULL,
    PRIMARY KEY (article_id, kind, entity_id, surface)
);
CREATE INDEX IF NOT EXISTS mentions_entity ON mentions (kind, entity_id);
CREATE TABLE IF NOT EXISTS quotes (
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
    body TEXT NOT NULL,
    tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED
);
CREATE INDEX IF NOT EXISTS quotes_article ON quotes (article_id);
CREATE INDEX IF NOT EXISTS quotes_person ON quotes (person_id);
CREATE INDEX IF NOT EXISTS quotes_tsv ON quotes USING gin (tsv);
"#;

/// Arbitrary key of the advisory lock that serialises schema creation between processes.
const SCHEMA_LOCK: i64 = 0x0064_6978_6974;
/// A tsvector is limited to 1 MB; longer bodies are cut (only the index is affected).
const MAX_BODY: usize = 512 * 1024;
/// How often a batch is retried after a deadlock between concurrent writers.
const RETRIES: usize = 20;

struct Statements {
    appearance_exists: Statement,
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
}

/// The PostgreSQL store.
pub struct PgStore {
    pub(crate) client: Client,
    st: Statements,
}

fn get<'a, T: postgres::types::FromSql<'a>>(row: &'a Row, i: usize) -> Result<T> {
    Ok(row.try_get(i)?)
}

fn get_count(row: &Row, i: usize) -> Result<u64> {
    let n: i64 = get(row, i)?;
    Ok(n.max(0) as u64)
}

fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or_default()
}

impl PgStore {
    /// Connects to `url` and creates the schema if needed.
    pub fn connect(url: &str) -> Result<PgStore> {
        let mut client = Client::connect(url, NoTls)?;
        client.batch_execute("SET client_min_messages = warning")?;
        client.execute("SELECT pg_advisory_lock($1)", &[&SCHEMA_LOCK])?;
        let created = client.batch_execute(SCHEMA);
        client.execute("SELECT pg_advisory_unlock($1)", &[&SCHEMA_LOCK])?;
        created?;
        let st = Statements {
            appearance_exists: client.prepare("SELECT 1 FROM appearances WHERE key = $1")?,
            story_by_id: client.prepare("SELECT id FROM articles WHERE id = $1")?,
            story_by_appearance: client
                .prepare("SELECT min(article_id) FROM appearances WHERE text_hash = $1")?,
            lsh_get: client.prepare("SELECT article_id FROM lsh WHERE band = $1 AND bucket = $2")?,
            signature: client.prepare("SELECT signature FROM articles WHERE id = $1")?,
            insert_appearance: client.prepare(
                "INSERT INTO appearances (key, article_id, text_hash, similarity, title, outlet, outlet_key, date, url, path)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING",
            )?,
            insert_article: client.prepare(
                "INSERT INTO articles (id, title, text, outlet, date, url, path, signature, body)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING",
            )?,
            insert_lsh: client.prepare(
                "INSERT INTO lsh (band, bucket, article_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            )?,
            insert_person: client.prepare(
                "INSERT INTO persons (id, name, kb_id, party) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (id) DO UPDATE SET kb_id = coalesce(persons.kb_id, excluded.kb_id),
                                                party = coalesce(persons.party, excluded.party)",
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
            insert_org: client
                .prepare("INSERT INTO organizations (id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING")?,
            insert_quote: client.prepare(
                r#"INSERT INTO quotes (id, article_id, start, "end", text, kind, speaker, speaker_kind,
                                       speaker_key, person_id, cue, channel, body)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING"#,
            )?,
        };
        Ok(PgStore { client, st })
    }

    fn appearances_of(&mut self, article: &str) -> Result<Vec<AppearanceRow>> {
        let rows = self.client.query(
            "SELECT key, outlet, date, similarity FROM appearances WHERE article_id = $1 ORDER BY key",
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

    fn article_rows(&mut self, rows: Vec<Row>, sink: Sink<'_, ArticleRow>) -> Result<()> {
        for r in rows {
            let id: String = get(&r, 0)?;
            let appearances = self.appearances_of(&id)?;
            sink(ArticleRow {
                title: get(&r, 1)?,
                outlet: get(&r, 2)?,
                date: get(&r, 3)?,
                url: get(&r, 4)?,
                quotes: get_count(&r, 5)?,
                id,
                appearances,
            })?;
        }
        Ok(())
    }
}

struct Tx<'a, 'b> {
    tx: &'a mut Transaction<'b>,
    st: &'a Statements,
}

impl BatchTx for Tx<'_, '_> {
    fn appearance_exists(&mut self, key: &str) -> Result<bool> {
        Ok(!self
            .tx
            .query(&self.st.appearance_exists, &[&key])?
            .is_empty())
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
                &story,
                &a.text_hash,
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
        let body = truncate(&a.body, MAX_BODY);
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
                &body,
            ],
        )?;
        if inserted == 0 {
            return Ok(None);
        }
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
                &[&p.id, &p.name, &p.kb_id, &p.party],
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
            n += self.tx.execute(
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
                    &truncate(&q.body, MAX_BODY),
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

fn tsquery(terms: &[String]) -> String {
    terms
        .iter()
        .map(|t| format!("'{}'", t.replace(['\'', '\\'], "")))
        .collect::<Vec<_>>()
        .join(" & ")
}

const QUOTE_COLS: &str = r#"q.id, q.article_id, q.text, q.kind, q.speaker, q.speaker_kind, q.person_id,
    q.cue, q.channel, a.title, a.outlet, a.date, a.url"#;

const FILTERS: &str = r#"
    ($2::text IS NULL OR q.speaker_key LIKE $2::text)
    AND (($3::text IS NULL AND $4::text IS NULL AND $5::text IS NULL) OR EXISTS (
        SELECT 1 FROM appearances ap WHERE ap.article_id = q.article_id
          AND ($3::text IS NULL OR ap.outlet_key LIKE $3::text)
          AND ($4::text IS NULL OR ap.date >= $4::text)
          AND ($5::text IS NULL OR left(ap.date, length($5::text)) <= $5::text)))"#;

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
    })
}

impl Store for PgStore {
    fn known_sources(&mut self, keys: &[&str]) -> Result<HashSet<String>> {
        let keys: Vec<&str> = keys.to_vec();
        let rows = self
            .client
            .query("SELECT key FROM appearances WHERE key = ANY($1)", &[&keys])?;
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

    fn write_batch(&mut self, batch: &[PreparedArticle]) -> Result<BatchStats> {
        let mut attempt = 0;
        loop {
            let result = (|| {
                let mut tx = self.client.transaction()?;
                let mut stats = BatchStats::default();
                {
                    let mut w = Tx {
                        tx: &mut tx,
                        st: &self.st,
                    };
                    for a in batch {
                        stats.add(write_article(&mut w, a)?);
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

    fn search(&mut self, q: &SearchQuery) -> Result<Vec<QuoteRow>> {
        let terms = query_terms(&q.text);
        let sql = if terms.is_empty() {
            format!(
                "SELECT {QUOTE_COLS} FROM quotes q JOIN articles a ON a.id = q.article_id
                 WHERE ($1::text IS NULL OR true) AND {FILTERS} ORDER BY a.date DESC NULLS LAST, q.id LIMIT $6"
            )
        } else {
            format!(
                "SELECT {QUOTE_COLS} FROM quotes q JOIN articles a ON a.id = q.article_id
                 WHERE q.tsv @@ to_tsquery('simple', $1::text) AND {FILTERS}
                 ORDER BY ts_rank(q.tsv, to_tsquery('simple', $1::text)) DESC, q.id LIMIT $6"
            )
        };
        let expr = (!terms.is_empty()).then(|| tsquery(&terms));
        let rows = self.client.query(
            &sql,
            &[
                &expr,
                &q.speaker.as_deref().map(like_pattern),
                &q.outlet.as_deref().map(like_pattern),
                &q.from,
                &q.to,
                &(q.limit as i64),
            ],
        )?;
        rows.iter().map(quote_row).collect()
    }

    fn search_articles(&mut self, q: &SearchQuery) -> Result<Vec<ArticleRow>> {
        let terms = query_terms(&q.text);
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let rows = self.client.query(
            "SELECT a.id, a.title, a.outlet, a.date, a.url,
                (SELECT count(*) FROM quotes q WHERE q.article_id = a.id)
             FROM articles a
             WHERE a.tsv @@ to_tsquery('simple', $1::text)
               AND (($2::text IS NULL AND $3::text IS NULL AND $4::text IS NULL) OR EXISTS (
                 SELECT 1 FROM appearances ap WHERE ap.article_id = a.id
                   AND ($2::text IS NULL OR ap.outlet_key LIKE $2::text)
                   AND ($3::text IS NULL OR ap.date >= $3::text)
                   AND ($4::text IS NULL OR left(ap.date, length($4::text)) <= $4::text)))
             ORDER BY ts_rank(a.tsv, to_tsquery('simple', $1::text)) DESC, a.id LIMIT $5",
            &[
                &tsquery(&terms),
                &q.outlet.as_deref().map(like_pattern),
                &q.from,
                &q.to,
                &(q.limit as i64),
            ],
        )?;
        let mut out = Vec::new();
        self.article_rows(rows, &mut |a| {
            out.push(a);
            Ok(())
        })?;
        Ok(out)
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

    fn export_articles(&mut self, sink: Sink<'_, ArticleRow>) -> Result<()> {
        let rows = self.client.query(
            "SELECT a.id, a.title, a.outlet, a.date, a.url,
                (SELECT count(*) FROM quotes q WHERE q.article_id = a.id)
             FROM articles a ORDER BY a.id COLLATE \"C\"",
            &[],
        )?;
        self.article_rows(rows, sink)
    }

    fn graph(&mut self) -> Result<Graph> {
        let mut g = Graph::default();
        let nodes = [
            "SELECT 'p:' || p.id, p.name, 'person',
                (SELECT count(DISTINCT m.article_id) FROM mentions m WHERE m.kind = 'person' AND m.entity_id = p.id)
             FROM persons p",
            "SELECT 'm:' || outlet_key, min(outlet), 'media', count(DISTINCT article_id)
             FROM appearances WHERE outlet_key IS NOT NULL GROUP BY outlet_key",
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
                });
            }
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
}

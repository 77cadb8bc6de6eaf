//! [`Browse`](crate::browse::Browse) for the embedded store, and read-only opening.

use crate::browse::{Arg, BROWSE_INDEXES, SqlExec, Val, impl_browse};
use crate::{Result, SqliteStore};
use rusqlite::types::ValueRef;
use std::path::Path;

/// Turns the shared SQL dialect into SQLite's: `$N` → `?N`, no collation marker
/// (SQLite compares text bytewise already), `strpos` → `instr`.
pub(crate) fn sqlite_sql(sql: &str) -> String {
    sql.replace("{C}", "")
        .replace("strpos(", "instr(")
        .replace('$', "?")
}

impl SqlExec for SqliteStore {
    fn rows(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<Vec<Vec<Val>>> {
        let mut st = self.conn.prepare_cached(&sqlite_sql(sql))?;
        let params: Vec<Box<dyn rusqlite::ToSql>> = args
            .iter()
            .map(|a| -> Box<dyn rusqlite::ToSql> {
                match *a {
                    Arg::Text(s) => Box::new(s.to_string()),
                    Arg::Int(n) => Box::new(n),
                }
            })
            .collect();
        let n = st.column_count();
        let mut rows = st.query(rusqlite::params_from_iter(params.iter()))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let mut row = Vec::with_capacity(n);
            for i in 0..n {
                row.push(match r.get_ref(i)? {
                    ValueRef::Null | ValueRef::Blob(_) => Val::Null,
                    ValueRef::Integer(v) => Val::Int(v),
                    ValueRef::Real(v) => Val::Real(v),
                    ValueRef::Text(t) => Val::Text(String::from_utf8_lossy(t).into_owned()),
                });
            }
            out.push(row);
        }
        Ok(out)
    }
}

impl_browse!(SqliteStore);

impl SqliteStore {
    /// Opens an existing store file for reading only: it never takes the write lock,
    /// so it serves pages while `dixit ingest` writes (WAL readers see the last commit).
    pub fn open_reader(path: &Path) -> Result<SqliteStore> {
        let store = SqliteStore::open_file_read_only(path)?;
        store
            .conn
            .busy_timeout(std::time::Duration::from_secs(10))?;
        store.conn.pragma_update(None, "cache_size", -32768)?;
        Ok(store)
    }

    /// SQLite's own counter of commits made by other connections (`PRAGMA
    /// data_version`, which starts a read transaction and so sees the latest WAL commit).
    pub(crate) fn read_data_version(&mut self) -> Result<String> {
        let v: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?;
        Ok(v.to_string())
    }

    /// Creates the indexes the pages need (idempotent).
    pub(crate) fn create_browse_indexes(&mut self) -> Result<()> {
        self.conn.execute_batch(BROWSE_INDEXES)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dialect_translation() {
        assert_eq!(
            sqlite_sql("SELECT x FROM t WHERE strpos(a, $1) > 0 ORDER BY a{C} LIMIT $12"),
            "SELECT x FROM t WHERE instr(a, ?1) > 0 ORDER BY a LIMIT ?12"
        );
    }
}

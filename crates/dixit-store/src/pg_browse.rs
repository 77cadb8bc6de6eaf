//! [`Browse`](crate::browse::Browse) for PostgreSQL, and read-only sessions.

use crate::browse::{Arg, BROWSE_INDEXES, SqlExec, Val, impl_browse};
use crate::{PgStore, Result};
use postgres::types::{ToSql, Type};

/// Turns the shared SQL dialect into PostgreSQL's: `{C}` → bytewise collation, so
/// that ties sort as in SQLite whatever the database's locale.
pub(crate) fn pg_sql(sql: &str) -> String {
    sql.replace("{C}", " COLLATE \"C\"")
}

fn value(row: &postgres::Row, i: usize, ty: &Type) -> Result<Val> {
    Ok(match *ty {
        Type::INT8 => row
            .try_get::<_, Option<i64>>(i)?
            .map_or(Val::Null, Val::Int),
        Type::INT4 => row
            .try_get::<_, Option<i32>>(i)?
            .map_or(Val::Null, |v| Val::Int(v.into())),
        Type::INT2 => row
            .try_get::<_, Option<i16>>(i)?
            .map_or(Val::Null, |v| Val::Int(v.into())),
        Type::FLOAT8 => row
            .try_get::<_, Option<f64>>(i)?
            .map_or(Val::Null, Val::Real),
        Type::FLOAT4 => row
            .try_get::<_, Option<f32>>(i)?
            .map_or(Val::Null, |v| Val::Real(v.into())),
        Type::BOOL => row
            .try_get::<_, Option<bool>>(i)?
            .map_or(Val::Null, |v| Val::Int(v.into())),
        _ => row
            .try_get::<_, Option<String>>(i)?
            .map_or(Val::Null, Val::Text),
    })
}

impl SqlExec for PgStore {
    fn rows(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<Vec<Vec<Val>>> {
        let st = self.client.prepare(&pg_sql(sql))?;
        let owned: Vec<Box<dyn ToSql + Sync>> = args
            .iter()
            .map(|a| -> Box<dyn ToSql + Sync> {
                match *a {
                    Arg::Text(s) => Box::new(s.to_string()),
                    Arg::Int(n) => Box::new(n),
                }
            })
            .collect();
        let refs: Vec<&(dyn ToSql + Sync)> = owned.iter().map(|b| b.as_ref()).collect();
        let rows = self.client.query(&st, &refs)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let mut row = Vec::with_capacity(r.len());
            for (i, c) in r.columns().iter().enumerate() {
                row.push(value(r, i, c.type_())?);
            }
            out.push(row);
        }
        Ok(out)
    }
}

impl_browse!(PgStore);

impl PgStore {
    /// Connects for serving pages: the session is read-only, so a bug in a page can
    /// never write, and it never takes a lock that would stall `dixit ingest`.
    pub fn connect_reader(url: &str) -> Result<PgStore> {
        PgStore::connect_read_only(url)
    }

    /// The snapshot a new statement would read (`xmin:xmax:running xids`): it says which
    /// transactions' writes are visible, so it changes when any commit becomes visible
    /// (and, conservatively, when a transaction of another database starts or ends).
    pub(crate) fn read_data_version(&mut self) -> Result<String> {
        let row = self
            .client
            .query_one("SELECT txid_current_snapshot()::text", &[])?;
        Ok(row.try_get(0)?)
    }

    /// Creates the indexes the pages need (idempotent).
    pub(crate) fn create_browse_indexes(&mut self) -> Result<()> {
        self.client.batch_execute(BROWSE_INDEXES)?;
        Ok(())
    }
}

//! A few read-only store connections, used from the blocking pool.

use crate::ServerError;
use dixit_store::Location;
use dixit_store::browse::{ReadStore, open_reader};
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;

/// Read-only connections, at most `size` in use at once; a connection that failed is
/// dropped and reopened on next use, so a broken PostgreSQL session heals itself.
pub struct Pool {
    location: Location,
    idle: Arc<Mutex<Vec<Box<dyn ReadStore>>>>,
    permits: Arc<Semaphore>,
}

impl Pool {
    /// A pool over `location` with `size` connections (at least one), opened lazily.
    pub fn new(location: Location, size: usize) -> Pool {
        Pool {
            location,
            idle: Arc::new(Mutex::new(Vec::new())),
            permits: Arc::new(Semaphore::new(size.max(1))),
        }
    }

    /// Runs `f` with a connection on the blocking pool. The connection never crosses an
    /// `.await`: it is taken and given back inside the blocking task.
    pub async fn run<T, F>(&self, f: F) -> Result<T, ServerError>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn ReadStore) -> Result<T, ServerError> + Send + 'static,
    {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| ServerError::Task(e.to_string()))?;
        let idle = Arc::clone(&self.idle);
        let location = self.location.clone();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let taken = idle.lock().ok().and_then(|mut v| v.pop());
            let mut conn = match taken {
                Some(c) => c,
                None => open_reader(&location)?,
            };
            let out = f(conn.as_mut());
            // A store error may mean a dead session: only healthy connections go back.
            let healthy = !matches!(out, Err(ServerError::Store(_)));
            if let (true, Ok(mut v)) = (healthy, idle.lock()) {
                v.push(conn);
            }
            out
        })
        .await
        .map_err(|e| ServerError::Task(e.to_string()))?
    }
}

//! `dixit serve`: the web app and JSON API over a dixit store.
//!
//! Pages are rendered on the server ([`maud`] templates compiled into the binary,
//! every article-derived string escaped); the API under `/api/` returns the same data
//! as JSON, CSV or JSONL, described by an OpenAPI document generated from the code.
//! The store API is synchronous, so every query runs on the blocking pool through a
//! small pool of read-only connections ([`pool::Pool`]), never across an `.await`.

pub mod api;
mod cache;
pub mod demo;
pub mod gexf;
mod html;
pub mod params;
pub mod pool;
pub mod search;
mod svg;
pub mod text;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use dixit_store::{Location, StoreError};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

/// Errors of the server.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The store failed.
    #[error("store: {0}")]
    Store(StoreError),
    /// The store rejected a search (query syntax, date, kind, filter): the visitor's
    /// mistake, told to them, not a server failure.
    #[error("query: {0}")]
    Query(dixit_store::QueryError),
    /// A query task died (it panicked or the runtime is shutting down).
    #[error("query task failed: {0}")]
    Task(String),
    /// Nothing under this id.
    #[error("{0} not found")]
    NotFound(String),
    /// Binding or serving failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The bundled examples could not be read.
    #[error("demo: {0}")]
    Demo(String),
}

impl From<StoreError> for ServerError {
    fn from(e: StoreError) -> ServerError {
        match e {
            StoreError::Query(q) => ServerError::Query(q),
            other => ServerError::Store(other),
        }
    }
}

/// How to serve.
#[derive(Debug, Clone)]
pub struct Config {
    /// The store to serve.
    pub location: Location,
    /// Read connections (and so queries running at once); the page cache reads the
    /// store's data version on one more.
    pub workers: usize,
    /// How long a rendered page is served without asking the store; after that it is
    /// served again for as long as the store has not changed (`None`: never cached).
    pub cache_ttl: Option<Duration>,
}

impl Config {
    /// Defaults for `location`: one connection per core (two at least), 5 s cache.
    pub fn new(location: Location) -> Config {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Config {
            location,
            workers: cores.max(2),
            cache_ttl: Some(Duration::from_secs(5)),
        }
    }
}

/// What every handler shares.
pub struct AppState {
    /// Read connections.
    pub pool: pool::Pool,
}

/// Shared state handle.
pub type State = Arc<AppState>;

/// The whole application: pages, API, headers that keep untrusted text inert.
pub fn app(config: &Config) -> Router {
    let state = Arc::new(AppState {
        pool: pool::Pool::new(config.location.clone(), config.workers),
    });
    let mut router = html::routes().merge(api::routes());
    if let Some(ttl) = config.cache_ttl {
        let versions = cache::StoreVersion::new(config.location.clone());
        let cache = Arc::new(cache::Cache::new(ttl, 4096, Box::new(versions)));
        router = router.layer(axum::middleware::from_fn_with_state(cache, cache::layer));
    }
    let router = router.with_state(state);
    // Even if an escaping bug slipped through, no script from article text could run:
    // only the app's own script file is allowed.
    let csp = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; \
               form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    router
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("content-security-policy"),
            HeaderValue::from_static(csp),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("x-content-type-options"),
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("referrer-policy"),
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            Duration::from_secs(30),
        ))
}

/// Checks that the store can be read and creates the indexes the pages need (when
/// the store is writable; a read-only store is served as it is, only slower).
pub fn prepare_store(location: &Location) -> Result<Option<String>, ServerError> {
    let warning = dixit_store::browse::ensure_browse_indexes(location)
        .err()
        .map(|e| format!("could not create the page indexes ({e}); pages may be slower"));
    dixit_store::browse::open_reader(location)?;
    Ok(warning)
}

/// Serves `config` on `listener` until `shutdown` completes.
pub async fn serve(
    config: Config,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    axum::serve(listener, app(&config))
        .with_graceful_shutdown(shutdown)
        .await?;
    Ok(())
}

/// Binds `addr` and serves until Ctrl-C, on a runtime of its own; `ready` is called
/// with the bound address once the server accepts connections.
pub fn run_blocking(
    config: Config,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), ServerError> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        ready(listener.local_addr()?);
        serve(config, listener, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
    })
}

/// Whether `addr` can only be reached from this machine.
pub fn is_loopback(addr: &SocketAddr) -> bool {
    addr.ip().is_loopback()
}

impl ServerError {
    /// The HTTP status this error answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            ServerError::NotFound(_) => StatusCode::NOT_FOUND,
            ServerError::Query(_) => StatusCode::BAD_REQUEST,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            eprintln!("dixit serve: {self}");
        }
        (status, html::error_page(status, &self.public_message())).into_response()
    }
}

impl ServerError {
    /// What a visitor may read: no SQL, no file paths.
    pub fn public_message(&self) -> String {
        match self {
            ServerError::NotFound(what) => format!("{what} introuvable"),
            ServerError::Query(q) => search::explain(q),
            _ => "Erreur interne du serveur (voir le journal du serveur)".to_string(),
        }
    }
}

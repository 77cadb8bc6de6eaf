//! A cache of rendered GET responses. The store only changes when an ingest commits,
//! so a page is reused for `ttl` without asking the store anything. After that it is
//! still served (stale-while-revalidate) while one background task asks the store
//! whether anything was committed since the page was rendered, a cheap data-version
//! read ([`dixit_store::browse::Browse::data_version`]) on a connection of its own:
//! if nothing was, the page is good for another `ttl`; if something was, the task
//! renders the page again.
//!
//! Re-rendering every page every `ttl` whether or not the store changed kept the CPU
//! busy with renders nobody waited for, and visitors' requests queued behind them
//! (load benchmark on two cores: p99 22-73 ms, against about 11 ms without them). Now a store nobody writes renders each page once,
//! and one being written renders a page at most once per `ttl`. A page no one has
//! rendered yet is rendered once while other visitors of the same URL wait for it
//! (single flight).

use crate::ServerError;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use dixit_store::Location;
use dixit_store::browse::{ReadStore, open_reader};
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// Largest body kept (bigger downloads are streamed through uncached).
const MAX_BODY: usize = 4 << 20;
/// Most bytes all kept bodies may take, whatever URLs visitors make up.
const MAX_TOTAL: usize = 128 << 20;
/// A page rendered or confirmed this many `ttl`s ago is not served before the store is
/// asked: whoever visits a page after a long while never gets a long-outdated copy.
const MAX_STALE_TTLS: u32 = 12;

/// Where the cache learns whether the store changed.
pub(crate) trait VersionSource: Send {
    /// The store's data version now: equal values, same data.
    fn read(&mut self) -> Result<String, ServerError>;
}

/// The store's data version, read on a connection of its own (SQLite's counter can only
/// be compared on one connection), reopened after a failure.
pub(crate) struct StoreVersion {
    location: Location,
    conn: Option<Box<dyn ReadStore>>,
}

impl StoreVersion {
    /// Reads `location`'s version; the connection opens on first use.
    pub(crate) fn new(location: Location) -> StoreVersion {
        StoreVersion {
            location,
            conn: None,
        }
    }
}

impl VersionSource for StoreVersion {
    fn read(&mut self) -> Result<String, ServerError> {
        let conn = match self.conn.as_mut() {
            Some(c) => c,
            None => self.conn.insert(open_reader(&self.location)?),
        };
        conn.data_version().map_err(|e| {
            // A new connection counts from elsewhere: never compare across connections.
            self.conn = None;
            ServerError::from(e)
        })
    }
}

/// What the cache last saw of the store's version.
struct Seen {
    /// Grows by one each time the version is seen to change (or cannot be read).
    generation: u64,
    /// The version read last, `None` before the first read and after a failed one.
    version: Option<String>,
    /// When that read started.
    checked: Option<Instant>,
}

/// Store versions as generation numbers: a page rendered at generation `g` is still
/// right while the generation is `g`.
struct Versions {
    source: Arc<Mutex<Box<dyn VersionSource>>>,
    /// Held across the read, so that callers wanting the same read share it.
    seen: tokio::sync::Mutex<Seen>,
}

impl Versions {
    fn new(source: Box<dyn VersionSource>) -> Versions {
        Versions {
            source: Arc::new(Mutex::new(source)),
            seen: tokio::sync::Mutex::new(Seen {
                generation: 0,
                version: None,
                checked: None,
            }),
        }
    }

    /// The generation as last seen (the store is read once first if it never was).
    /// A render records this before it starts: if the store changed since that read,
    /// the page may be newer than its generation says, which only costs one more render.
    async fn current(&self) -> u64 {
        self.check(|checked| checked.is_none()).await.0
    }

    /// The generation as of a read started at or after `since`, and when it started.
    async fn since(&self, since: Instant) -> (u64, Instant) {
        self.check(|checked| checked.is_none_or(|c| c < since))
            .await
    }

    async fn check(&self, outdated: impl Fn(Option<Instant>) -> bool) -> (u64, Instant) {
        let mut seen = self.seen.lock().await;
        if let Some(at) = seen.checked.filter(|_| !outdated(seen.checked)) {
            return (seen.generation, at);
        }
        let at = Instant::now();
        let source = Arc::clone(&self.source);
        // The read blocks (it is a query): off the async workers, like every query.
        let read = tokio::task::spawn_blocking(move || {
            // A panic in an earlier read left nothing half-done worth refusing for.
            source.lock().unwrap_or_else(PoisonError::into_inner).read()
        })
        .await;
        match read {
            Ok(Ok(v)) if seen.version.as_deref() == Some(v.as_str()) => {}
            Ok(Ok(v)) => {
                seen.generation += 1;
                seen.version = Some(v);
            }
            // Unknown counts as changed: pages get rendered again, and the render
            // reports what is wrong with the store.
            _ => {
                seen.generation += 1;
                seen.version = None;
            }
        }
        seen.checked = Some(at);
        (seen.generation, at)
    }
}

struct Entry {
    /// Served without asking the store until then.
    fresh_until: Instant,
    /// Store generation the page was rendered at (or later).
    generation: u64,
    /// A background task is revalidating it.
    refreshing: bool,
    content_type: Option<HeaderValue>,
    disposition: Option<HeaderValue>,
    body: Bytes,
}

impl Entry {
    fn response(&self, status: &'static str) -> Response {
        let mut resp = Response::new(Body::from(self.body.clone()));
        if let Some(ct) = &self.content_type {
            resp.headers_mut().insert(header::CONTENT_TYPE, ct.clone());
        }
        if let Some(cd) = &self.disposition {
            resp.headers_mut()
                .insert(header::CONTENT_DISPOSITION, cd.clone());
        }
        resp.headers_mut().insert(
            HeaderName::from_static("x-dixit-cache"),
            HeaderValue::from_static(status),
        );
        resp
    }
}

/// What a lookup found.
enum Lookup {
    /// A response to serve as it is.
    Serve(Response),
    /// An expired page to serve while the caller revalidates it in the background.
    Revalidate { resp: Response, generation: u64 },
    /// A page expired long ago: the caller asks the store before serving it.
    Old { generation: u64 },
    /// Nothing kept.
    Miss,
}

/// Rendered responses by URL.
pub(crate) struct Cache {
    ttl: Duration,
    capacity: usize,
    entries: Mutex<HashMap<String, Entry>>,
    /// Pages being rendered in the foreground: later visitors wait for that render
    /// instead of running the same queries again (no stampede on a cold page).
    rendering: Mutex<HashMap<String, Arc<Notify>>>,
    versions: Versions,
}

impl Cache {
    /// A cache of at most `capacity` pages, each served `ttl` before the store is asked
    /// whether it changed (through `versions`).
    pub(crate) fn new(ttl: Duration, capacity: usize, versions: Box<dyn VersionSource>) -> Cache {
        Cache {
            // Deadlines are `Instant`s: a year is as good as forever and never overflows.
            ttl: ttl.min(Duration::from_secs(365 * 24 * 3600)),
            capacity: capacity.max(1),
            entries: Mutex::new(HashMap::new()),
            rendering: Mutex::new(HashMap::new()),
            versions: Versions::new(versions),
        }
    }

    fn lookup(&self, key: &str) -> Lookup {
        let Ok(mut entries) = self.entries.lock() else {
            return Lookup::Miss;
        };
        let Some(e) = entries.get_mut(key) else {
            return Lookup::Miss;
        };
        let now = Instant::now();
        if now < e.fresh_until {
            return Lookup::Serve(e.response("hit"));
        }
        if now >= e.fresh_until + self.ttl * (MAX_STALE_TTLS - 1) {
            return Lookup::Old {
                generation: e.generation,
            };
        }
        if e.refreshing {
            return Lookup::Serve(e.response("stale"));
        }
        e.refreshing = true;
        Lookup::Revalidate {
            resp: e.response("stale"),
            generation: e.generation,
        }
    }

    /// The kept response, however old (what a render just waited for produced).
    fn response(&self, key: &str) -> Option<Response> {
        let entries = self.entries.lock().ok()?;
        entries.get(key).map(|e| e.response("hit"))
    }

    /// The store was still at `generation` when a read started at `at`: the page is
    /// good until `at + ttl`. Returns it, unless it is gone or was rendered anew.
    fn extend(&self, key: &str, generation: u64, at: Instant) -> Option<Response> {
        let mut entries = self.entries.lock().ok()?;
        let e = entries
            .get_mut(key)
            .filter(|e| e.generation == generation)?;
        e.fresh_until = e.fresh_until.max(at + self.ttl);
        e.refreshing = false;
        Some(e.response("hit"))
    }

    /// Lets a later visitor try again after a failed refresh.
    fn refresh_failed(&self, key: &str) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if let Some(e) = entries.get_mut(key) {
            e.refreshing = false;
        }
    }

    fn put(&self, key: String, entry: Entry) {
        if let Ok(mut entries) = self.entries.lock() {
            let bytes: usize = entries.values().map(|e| e.body.len()).sum();
            if entries.len() >= self.capacity || bytes + entry.body.len() > MAX_TOTAL {
                let now = Instant::now();
                entries.retain(|_, e| now < e.fresh_until);
                // Still full of fresh pages: start over rather than track recency.
                let bytes: usize = entries.values().map(|e| e.body.len()).sum();
                if entries.len() >= self.capacity || bytes + entry.body.len() > MAX_TOTAL {
                    entries.clear();
                }
            }
            entries.insert(key, entry);
        }
    }

    /// The response for `key`: from the cache, or from `render` (at most one render of
    /// a page at a time in the foreground, one in the background).
    pub(crate) async fn serve<F, Fut>(self: &Arc<Self>, key: String, render: F) -> Response
    where
        F: FnOnce() -> Fut + Send + 'static,
        Fut: Future<Output = Response> + Send + 'static,
    {
        match self.lookup(&key) {
            Lookup::Serve(resp) => resp,
            Lookup::Revalidate { resp, generation } => {
                let cache = Arc::clone(self);
                let since = Instant::now();
                tokio::spawn(async move { cache.revalidate(key, generation, since, render).await });
                resp
            }
            Lookup::Old { generation } => {
                let (now, at) = self.versions.since(Instant::now()).await;
                if now == generation
                    && let Some(resp) = self.extend(&key, generation, at)
                {
                    return resp;
                }
                self.render_once(key, render).await
            }
            Lookup::Miss => self.render_once(key, render).await,
        }
    }

    /// Background half of stale-while-revalidate: keeps the page if the store has not
    /// changed since it was rendered, renders it again otherwise.
    async fn revalidate<F, Fut>(&self, key: String, generation: u64, since: Instant, render: F)
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Response>,
    {
        let (now, at) = self.versions.since(since).await;
        if now == generation {
            self.extend(&key, generation, at);
            return;
        }
        if self.store(key.clone(), now, render().await).await.status() != StatusCode::OK {
            self.refresh_failed(&key);
        }
    }

    /// Renders a page no one else is rendering, or waits for the render under way.
    async fn render_once<F, Fut>(&self, key: String, render: F) -> Response
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Response>,
    {
        let waiting = match self.rendering.lock() {
            Ok(mut r) => Some(match r.get(&key) {
                Some(n) => Some(Arc::clone(n)),
                None => {
                    r.insert(key.clone(), Arc::new(Notify::new()));
                    None
                }
            }),
            Err(_) => None,
        };
        // No single flight without the map; render like anyone else.
        let Some(waiting) = waiting else {
            return render().await;
        };
        let Some(notify) = waiting else {
            let _rendering = Rendering {
                cache: self,
                key: &key,
            };
            let generation = self.versions.current().await;
            return self.store(key.clone(), generation, render().await).await;
        };
        let notified = notify.notified();
        tokio::pin!(notified);
        notified.as_mut().enable();
        // The render may have finished between the lookup and `enable`.
        let done = self
            .rendering
            .lock()
            .map(|r| !r.get(&key).is_some_and(|n| Arc::ptr_eq(n, &notify)))
            .unwrap_or(true);
        if !done {
            let _ = tokio::time::timeout(Duration::from_secs(30), notified).await;
        }
        match self.response(&key) {
            Some(resp) => resp,
            // Their render failed (or was not kept): try ours.
            None => render().await,
        }
    }

    /// Keeps a successful response and hands it on.
    async fn store(&self, key: String, generation: u64, resp: Response) -> Response {
        if resp.status() != StatusCode::OK {
            return resp;
        }
        let (parts, body) = resp.into_parts();
        // Only bodies of known, reasonable size are kept; others go through untouched.
        if body.size_hint().exact().is_none_or(|n| n > MAX_BODY as u64) {
            return Response::from_parts(parts, body);
        }
        let bytes = match axum::body::to_bytes(body, MAX_BODY).await {
            Ok(b) => b,
            Err(_) => {
                return (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "response too large to render",
                )
                    .into_response();
            }
        };
        self.put(
            key,
            Entry {
                fresh_until: Instant::now() + self.ttl,
                generation,
                refreshing: false,
                content_type: parts.headers.get(header::CONTENT_TYPE).cloned(),
                disposition: parts.headers.get(header::CONTENT_DISPOSITION).cloned(),
                body: bytes.clone(),
            },
        );
        Response::from_parts(parts, Body::from(bytes))
    }
}

/// Marks a page as being rendered; dropping it (render done, or the visitor gone and
/// the request cancelled) wakes whoever waits for the page.
struct Rendering<'a> {
    cache: &'a Cache,
    key: &'a str,
}

impl Drop for Rendering<'_> {
    fn drop(&mut self) {
        let notify = match self.cache.rendering.lock() {
            Ok(mut r) => r.remove(self.key),
            Err(_) => None,
        };
        if let Some(n) = notify {
            n.notify_waiters();
        }
    }
}

/// Middleware: answers GETs from the cache, which renders through the handlers.
pub(crate) async fn layer(
    axum::extract::State(cache): axum::extract::State<Arc<Cache>>,
    req: Request,
    next: Next,
) -> Response {
    if req.method() != Method::GET {
        return next.run(req).await;
    }
    let key = req.uri().to_string();
    cache.serve(key, move || next.run(req)).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
    use tokio::sync::Semaphore;

    /// A store version the test sets.
    struct TestVersion(Arc<AtomicU64>);

    impl VersionSource for TestVersion {
        fn read(&mut self) -> Result<String, ServerError> {
            Ok(self.0.load(Ordering::SeqCst).to_string())
        }
    }

    /// A store whose version cannot be read.
    struct Unreadable;

    impl VersionSource for Unreadable {
        fn read(&mut self) -> Result<String, ServerError> {
            Err(ServerError::Task("no version".into()))
        }
    }

    /// A page that counts its renders (its body is the count) and, while `gate` has
    /// no permits, waits in the middle of rendering.
    #[derive(Clone)]
    struct Page {
        renders: Arc<AtomicUsize>,
        gate: Arc<Semaphore>,
    }

    impl Page {
        fn new(open: bool) -> Page {
            let gate = Arc::new(Semaphore::new(0));
            if open {
                gate.add_permits(Semaphore::MAX_PERMITS);
            }
            Page {
                renders: Arc::new(AtomicUsize::new(0)),
                gate,
            }
        }

        fn open(&self) {
            self.gate.add_permits(Semaphore::MAX_PERMITS);
        }

        fn renders(&self) -> usize {
            self.renders.load(Ordering::SeqCst)
        }

        async fn get(&self, cache: &Arc<Cache>) -> (String, String) {
            let page = self.clone();
            let resp = cache
                .serve("/p".into(), move || async move {
                    let n = page.renders.fetch_add(1, Ordering::SeqCst) + 1;
                    let _permit = page.gate.acquire().await;
                    Response::new(Body::from(n.to_string()))
                })
                .await;
            let status = resp
                .headers()
                .get("x-dixit-cache")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("none")
                .to_string();
            let body = axum::body::to_bytes(resp.into_body(), MAX_BODY)
                .await
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default();
            (body, status)
        }

        /// Asks until `done` holds for the answer (the background task has finished).
        async fn get_until(&self, cache: &Arc<Cache>, done: impl Fn(&(String, String)) -> bool) {
            for _ in 0..20_000 {
                if done(&self.get(cache).await) {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            panic!("the background refresh never finished");
        }
    }

    fn cache(ttl: Duration, version: &Arc<AtomicU64>) -> Arc<Cache> {
        Arc::new(Cache::new(
            ttl,
            16,
            Box::new(TestVersion(Arc::clone(version))),
        ))
    }

    impl Cache {
        /// Makes the page expire now.
        fn expire(&self, key: &str) {
            if let Ok(mut entries) = self.entries.lock()
                && let Some(e) = entries.get_mut(key)
            {
                e.fresh_until = Instant::now();
            }
        }
    }

    const HOUR: Duration = Duration::from_secs(3600);

    #[tokio::test]
    async fn concurrent_misses_render_once() {
        let cache = cache(HOUR, &Arc::new(AtomicU64::new(1)));
        let page = Page::new(false);
        let visitors: Vec<_> = (0..8)
            .map(|_| {
                let (cache, page) = (Arc::clone(&cache), page.clone());
                tokio::spawn(async move { page.get(&cache).await })
            })
            .collect();
        // Let every visitor reach the cache while the first render is held up.
        for _ in 0..100 {
            tokio::task::yield_now().await;
        }
        page.open();
        for v in visitors {
            let (body, _) = v.await.expect("visitor");
            assert_eq!(body, "1");
        }
        assert_eq!(page.renders(), 1);
    }

    #[tokio::test]
    async fn expired_page_is_served_while_one_refresh_renders_it() {
        let version = Arc::new(AtomicU64::new(1));
        let cache = cache(HOUR, &version);
        let page = Page::new(true);
        assert_eq!(page.get(&cache).await, ("1".into(), "none".into()));
        assert_eq!(page.get(&cache).await, ("1".into(), "hit".into()));
        // The store changes and the page expires; the new render is held up.
        version.store(2, Ordering::SeqCst);
        cache.expire("/p");
        let page = Page {
            gate: Arc::new(Semaphore::new(0)),
            ..page
        };
        for _ in 0..5 {
            assert_eq!(page.get(&cache).await, ("1".into(), "stale".into()));
        }
        page.open();
        page.get_until(&cache, |(body, _)| body == "2").await;
        assert_eq!(page.get(&cache).await, ("2".into(), "hit".into()));
        assert_eq!(page.renders(), 2, "one refresh for all the visitors");
    }

    #[tokio::test]
    async fn unchanged_store_keeps_the_page_without_rendering() {
        let version = Arc::new(AtomicU64::new(7));
        let cache = cache(HOUR, &version);
        let page = Page::new(true);
        page.get(&cache).await;
        cache.expire("/p");
        assert_eq!(page.get(&cache).await, ("1".into(), "stale".into()));
        page.get_until(&cache, |(_, status)| status == "hit").await;
        assert_eq!(page.renders(), 1, "nothing changed, nothing rendered");
        // A commit: the next expiry renders the page again.
        version.store(8, Ordering::SeqCst);
        cache.expire("/p");
        page.get_until(&cache, |(body, _)| body == "2").await;
        assert_eq!(page.renders(), 2);
    }

    #[tokio::test]
    async fn long_expired_page_waits_for_the_store_version() {
        // With no time to live, every visit finds the page long expired: the store is
        // asked in the foreground, and the page is rendered again only if it changed.
        let version = Arc::new(AtomicU64::new(1));
        let cache = cache(Duration::ZERO, &version);
        let page = Page::new(true);
        page.get(&cache).await;
        assert_eq!(page.get(&cache).await, ("1".into(), "hit".into()));
        assert_eq!(page.renders(), 1);
        version.store(2, Ordering::SeqCst);
        assert_eq!(page.get(&cache).await.0, "2");
        assert_eq!(page.get(&cache).await, ("2".into(), "hit".into()));
        assert_eq!(page.renders(), 2);
    }

    #[tokio::test]
    async fn huge_ttl_is_forever_not_a_panic() {
        let cache = cache(Duration::MAX, &Arc::new(AtomicU64::new(1)));
        let page = Page::new(true);
        page.get(&cache).await;
        assert_eq!(page.get(&cache).await, ("1".into(), "hit".into()));
        cache.expire("/p");
        assert_eq!(page.get(&cache).await, ("1".into(), "stale".into()));
    }

    #[tokio::test]
    async fn unreadable_version_means_render_again() {
        let cache = Arc::new(Cache::new(Duration::ZERO, 16, Box::new(Unreadable)));
        let page = Page::new(true);
        assert_eq!(page.get(&cache).await.0, "1");
        assert_eq!(page.get(&cache).await.0, "2");
        assert_eq!(page.renders(), 2);
    }

    #[tokio::test]
    async fn failed_renders_are_not_kept() {
        let cache = cache(HOUR, &Arc::new(AtomicU64::new(1)));
        for _ in 0..2 {
            let resp = cache
                .serve("/e".into(), || async {
                    (StatusCode::INTERNAL_SERVER_ERROR, "boom").into_response()
                })
                .await;
            assert_eq!(resp.status(), StatusCode::INTERNAL_SERVER_ERROR);
        }
        assert!(cache.response("/e").is_none());
    }
}

//! A short-lived cache of rendered GET responses: the store only changes when an ingest
//! commits, so a page a few seconds old is as good as new, and a popular page costs
//! one query per TTL instead of one per visitor. An expired page is still served while
//! one background task renders it again (stale-while-revalidate), so that visitors
//! never queue behind a refresh and a popular page is never rendered twice at once.

use crate::State;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// Largest body kept (bigger downloads are streamed through uncached).
const MAX_BODY: usize = 4 << 20;
/// Most bytes all kept bodies may take, whatever URLs visitors make up.
const MAX_TOTAL: usize = 128 << 20;

struct Entry {
    at: Instant,
    refreshing: bool,
    content_type: Option<HeaderValue>,
    disposition: Option<HeaderValue>,
    body: Bytes,
}

/// Rendered responses by URL.
pub(crate) struct Cache {
    ttl: Duration,
    capacity: usize,
    entries: Mutex<HashMap<String, Entry>>,
    /// Pages being rendered for the first time: later visitors wait for that render
    /// instead of running the same queries again (no stampede on a cold page).
    rendering: Mutex<HashMap<String, Arc<Notify>>>,
}

impl Cache {
    pub(crate) fn new(ttl: Duration, capacity: usize) -> Cache {
        Cache {
            ttl,
            capacity: capacity.max(1),
            entries: Mutex::new(HashMap::new()),
            rendering: Mutex::new(HashMap::new()),
        }
    }

    /// The cached response and whether the caller must refresh it (it expired and no
    /// one else is refreshing it).
    fn get(&self, key: &str) -> Option<(Response, bool)> {
        let mut entries = self.entries.lock().ok()?;
        let e = entries.get_mut(key)?;
        let mut refresh = false;
        if e.at.elapsed() > self.ttl {
            // Too old to be worth serving: render it in the foreground like a miss.
            if e.at.elapsed() > self.ttl * 12 {
                return None;
            }
            if !e.refreshing {
                e.refreshing = true;
                refresh = true;
            }
        }
        let mut resp = Response::new(Body::from(e.body.clone()));
        if let Some(ct) = &e.content_type {
            resp.headers_mut().insert(header::CONTENT_TYPE, ct.clone());
        }
        if let Some(cd) = &e.disposition {
            resp.headers_mut()
                .insert(header::CONTENT_DISPOSITION, cd.clone());
        }
        resp.headers_mut().insert(
            HeaderName::from_static("x-dixit-cache"),
            HeaderValue::from_static(if refresh || e.refreshing {
                "stale"
            } else {
                "hit"
            }),
        );
        Some((resp, refresh))
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
                let ttl = self.ttl;
                entries.retain(|_, e| e.at.elapsed() <= ttl);
                // Still full of fresh pages: start over rather than track recency.
                let bytes: usize = entries.values().map(|e| e.body.len()).sum();
                if entries.len() >= self.capacity || bytes + entry.body.len() > MAX_TOTAL {
                    entries.clear();
                }
            }
            entries.insert(key, entry);
        }
    }
}

/// Middleware: answers repeated GETs from the cache, stores successful ones.
pub(crate) async fn layer(
    axum::extract::State(state): axum::extract::State<State>,
    req: Request,
    next: Next,
) -> Response {
    if state.cache.is_none() || req.method() != Method::GET {
        return next.run(req).await;
    }
    let key = req.uri().to_string();
    let hit = state.cache.as_ref().and_then(|c| c.get(&key));
    match hit {
        Some((resp, false)) => resp,
        Some((resp, true)) => {
            let state = state.clone();
            tokio::spawn(async move {
                let fresh = next.run(req).await;
                let Some(cache) = state.cache.as_ref() else {
                    return;
                };
                if store(cache, key.clone(), fresh).await.status() != StatusCode::OK {
                    cache.refresh_failed(&key);
                }
            });
            resp
        }
        None => {
            let Some(cache) = state.cache.as_ref() else {
                return next.run(req).await;
            };
            // Someone is rendering this page: wait for it, then serve their copy.
            let waiting = cache
                .rendering
                .lock()
                .ok()
                .and_then(|r| r.get(&key).cloned());
            if let Some(notify) = waiting {
                let notified = notify.notified();
                tokio::pin!(notified);
                notified.as_mut().enable();
                // The render may have finished between the lookup and `enable`.
                let done = cache
                    .rendering
                    .lock()
                    .map(|r| !r.contains_key(&key))
                    .unwrap_or(true);
                if !done {
                    let _ =
                        tokio::time::timeout(std::time::Duration::from_secs(30), notified).await;
                }
                if let Some((resp, _)) = cache.get(&key) {
                    return resp;
                }
                return next.run(req).await;
            }
            let _rendering = Rendering::start(cache, &key);
            store(cache, key.clone(), next.run(req).await).await
        }
    }
}

/// Marks a page as being rendered; dropping it (render done, or the visitor gone and
/// the request cancelled) wakes whoever waits for the page.
struct Rendering<'a> {
    cache: &'a Cache,
    key: String,
    notify: Arc<Notify>,
}

impl<'a> Rendering<'a> {
    fn start(cache: &'a Cache, key: &str) -> Rendering<'a> {
        let notify = Arc::new(Notify::new());
        if let Ok(mut r) = cache.rendering.lock() {
            r.insert(key.to_string(), Arc::clone(&notify));
        }
        Rendering {
            cache,
            key: key.to_string(),
            notify,
        }
    }
}

impl Drop for Rendering<'_> {
    fn drop(&mut self) {
        if let Ok(mut r) = self.cache.rendering.lock() {
            r.remove(&self.key);
        }
        self.notify.notify_waiters();
    }
}

/// Keeps a successful response and hands it on.
async fn store(cache: &Cache, key: String, resp: Response) -> Response {
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
    cache.put(
        key,
        Entry {
            at: Instant::now(),
            refreshing: false,
            content_type: parts.headers.get(header::CONTENT_TYPE).cloned(),
            disposition: parts.headers.get(header::CONTENT_DISPOSITION).cloned(),
            body: bytes.clone(),
        },
    );
    Response::from_parts(parts, Body::from(bytes))
}

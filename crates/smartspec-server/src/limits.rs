//! The server's limits ([`Limits`], the defaults of `smartspec serve`) and
//! the accept loop that enforces the connection-level ones
//! ([`serve_with`]): a timeout on reading each request's headers and a
//! connection limit with reserved slots for `/health`.
//!
//! The accept loop is hyper's HTTP/1.1 connection driver with a timer (so
//! that `header_read_timeout` takes effect; `axum::serve` sets none, and a
//! client sending half a request line held its connection for ever). Every
//! connection holds a permit of a semaphore of [`Limits::max_connections`];
//! when none is free, one of [`HEALTH_SLOTS`] reserved permits lets the
//! connection in for one request that only `/health` answers (anything else
//! is 503 `/problems/too-many-connections` with `Retry-After`), and when
//! those are taken too the connection is closed at once.

use crate::problem::Problem;
use crate::state::AppState;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// Connections let in beyond [`Limits::max_connections`], one request
/// each, that only `/health` answers.
pub const HEALTH_SLOTS: usize = 2;

/// What the server allows a client. `Limits::default()` is what
/// `smartspec serve` uses without flags (`docs/api.md`, "Limits").
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Longest time a connection may take to send a request's headers,
    /// counted from when the server starts waiting for them (the
    /// connection's start, or the end of the previous response on a
    /// keep-alive connection); the connection is closed beyond it.
    /// Default 10 s (`--header-timeout`).
    pub header_timeout: Duration,
    /// Connections served at once. Default 1,024 (`--max-connections`);
    /// [`HEALTH_SLOTS`] more are let in for `/health`.
    pub max_connections: usize,
    /// Requests per second per client address and, separately, per bearer
    /// token: a bucket of as many requests, refilled at that rate; a request
    /// finding either bucket empty is answered 429 with `Retry-After`.
    /// `/health` is not counted. 0: no limit. Default 100 (`--rate-limit`).
    pub rate_limit: u32,
    /// Longest a request may take before it is answered 503 (see
    /// [`crate::REQUEST_TIMEOUT`] for what it means for writes). Default 30 s.
    pub request_timeout: Duration,
    /// Byte budget of the analytics reply cache
    /// ([`crate::analytics::Analytics::cache_bytes`]). Default 64 MiB.
    pub cache_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(10),
            max_connections: 1024,
            rate_limit: 100,
            request_timeout: crate::REQUEST_TIMEOUT,
            cache_bytes: crate::analytics::CACHE_BYTES,
        }
    }
}

/// The client's address, put in every request's extensions by
/// [`serve_with`] (the rate limit is per address).
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub SocketAddr);

/// The service of a connection in a reserved slot: `/health`, and 503 for
/// everything else.
fn reserved_router() -> Router {
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .fallback(|| async {
            let mut r = Problem::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "too-many-connections",
                "the server is at its connection limit; only /health is answered",
            )
            .into_response();
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            r
        })
        .layer(axum::middleware::map_response(crate::security_headers))
}

/// Serves the API on `listener` with `limits` until the process ends.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    state: AppState,
    limits: Limits,
) -> std::io::Result<()> {
    let app = crate::router_with(state, &limits);
    let reserved = reserved_router();
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let health = Arc::new(Semaphore::new(HEALTH_SLOTS));
    loop {
        let (stream, addr) = match listener.accept().await {
            Ok(c) => c,
            Err(e) => {
                // out of descriptors or a connection reset before it was
                // accepted: wait a little rather than spin
                tracing::warn!("accept: {e}");
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let (permit, router, keep_alive) = match slots.clone().try_acquire_owned() {
            Ok(p) => (p, app.clone(), true),
            Err(_) => match health.clone().try_acquire_owned() {
                Ok(p) => (p, reserved.clone(), false),
                Err(_) => {
                    drop(stream);
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let header_timeout = limits.header_timeout;
        tokio::spawn(async move {
            let svc =
                hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                    let mut req: Request = req.map(axum::body::Body::new);
                    req.extensions_mut().insert(ClientAddr(addr));
                    tower_service::Service::call(&mut router.clone(), req)
                });
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .keep_alive(keep_alive)
                .serve_connection(TokioIo::new(stream), svc);
            if let Err(e) = conn.await {
                tracing::debug!("connection from {addr}: {e}");
            }
            drop(permit);
        });
    }
}

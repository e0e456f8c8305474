//! The smartspec HTTP API: the policy records of `smartspec-store` (create,
//! read, update, delete, workflow), users and the audit log, and the
//! analytics on the served dataset (`smartspec_analysis`; the embedded data
//! unless `serve --dataset`), as JSON over HTTP/1.1 (axum), and the
//! web dashboard over them (module `web`: the built `web/dist`, embedded).
//!
//! Limits ([`Limits`], enforced by [`serve_with`] and [`router_with`]): a
//! header-read timeout, a connection limit with reserved slots for
//! `/health`, a rate limit per client address and per token (429), request
//! bodies up to [`BODY_LIMIT`] bytes (413 beyond) and only as
//! `application/json` (415 otherwise; no key twice in an object, 400), a
//! request timeout (503; a write is either answered with its real result or
//! never committed, see [`REQUEST_TIMEOUT`]), a byte budget for the reply
//! cache, and security headers ([`CONTENT_SECURITY_POLICY`],
//! `X-Frame-Options: DENY`, `X-Content-Type-Options: nosniff`) on every
//! response. Errors are RFC 7807 problem+json ([`problem`]). The routes are described by the
//! OpenAPI 3 document served at `/openapi.json` ([`openapi`]) and in
//! `docs/api.md`.

pub mod analytics;
mod auth;
mod body;
mod codes;
mod dashboard;
mod evidence;
mod limits;
pub mod openapi;
pub mod problem;
mod rate;
mod records;
mod state;
mod web;

pub use codes::EmbeddedCodes;
pub use evidence::{activity_json, assessment_json};
pub use limits::{serve_with, ClientAddr, Limits, HEALTH_SLOTS};
pub use state::AppState;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use problem::Problem;
use smartspec_store::SqliteStore;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// Largest request body, bytes.
pub const BODY_LIMIT: usize = 256 * 1024;

/// Longest a request may take by default ([`Limits::request_timeout`]).
///
/// A read (GET, HEAD, OPTIONS) still running at the deadline is abandoned
/// and answered 503 `/problems/timeout`. A write is never abandoned once its
/// store call has started: its deadline and its store call race for the
/// request's [`state::Gate`]. If the deadline wins (the request was still
/// being read, authenticated or queued), the answer is 503 and the store
/// call never runs, so nothing is committed; if the store call wins, the
/// answer waits for it and is its real result (201, 409, ...), late. A
/// started write is bounded by the store instead: its lock, SQLite's 5 s
/// busy timeout (then 500, nothing written) and the write itself. So a 503
/// timeout always means "not written".
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The `Content-Security-Policy` of every response: the dashboard's own
/// script and stylesheet (`/assets/app.js`, `/assets/app.css`; no inline
/// script or `<style>`, style attributes are set through the CSSOM, which a
/// policy does not restrict), fetches to the same origin, and images from
/// the same origin or `data:` (the page's empty `data:,` icon); nothing may
/// frame it, no `<base>`, forms only to the same origin.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; \
form-action 'self'; frame-ancestors 'none'";

/// Opens (creating and migrating) the database and builds the state on the
/// embedded data; loads the code lists that writes are checked against.
pub fn open(db: &Path) -> Result<AppState, smartspec_store::StoreError> {
    open_with(db, smartspec_analysis::Analysis::embedded())
}

/// [`open`] serving the analytics of `analysis` (a user dataset).
pub fn open_with(
    db: &Path,
    analysis: &'static smartspec_analysis::Analysis,
) -> Result<AppState, smartspec_store::StoreError> {
    // parse the classifications now, not on the first write
    let _ = (
        smartspec_io::nuts::NutsRegistry::embedded(),
        smartspec_io::nace::Nace::embedded(),
    );
    let analytics = Arc::new(analytics::Analytics::new(analysis));
    let screener = Box::new(dashboard::transition::Screen(analytics.clone()));
    Ok(AppState {
        store: Arc::new(SqliteStore::open(db, Box::new(EmbeddedCodes))?.with_screener(screener)),
        analytics,
    })
}

fn timeout_problem(t: Duration, write: bool) -> Response {
    Problem::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "timeout",
        format!(
            "the request took longer than {} ms{}",
            t.as_millis(),
            if write { "; nothing was written" } else { "" }
        ),
    )
    .into_response()
}

/// The request timeout ([`REQUEST_TIMEOUT`] says what it means for writes).
async fn timeout(State(t): State<Duration>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return match tokio::time::timeout(t, next.run(req)).await {
            Ok(r) => r,
            Err(_) => timeout_problem(t, false),
        };
    }
    let gate = Arc::new(state::Gate::default());
    let run = state::GATE.scope(gate.clone(), next.run(req));
    tokio::pin!(run);
    tokio::select! {
        r = &mut run => r,
        _ = tokio::time::sleep(t) => {
            if gate.expire() {
                timeout_problem(t, true)
            } else {
                // the write started before the deadline: its outcome is the answer
                run.await
            }
        }
    }
}

/// 415 for a POST, PUT or PATCH whose body is not sent as JSON.
async fn json_only(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::POST | Method::PUT | Method::PATCH) {
        let h = req.headers();
        let has_body = h.contains_key(header::TRANSFER_ENCODING)
            || h.get(header::CONTENT_LENGTH)
                .is_some_and(|v| v.as_bytes() != b"0");
        let ct = h.get(header::CONTENT_TYPE);
        if has_body && !ct.is_some_and(|v| body::is_json(v.as_bytes())) {
            let got = ct.map_or("no Content-Type".to_string(), |v| {
                format!("Content-Type {:?}", String::from_utf8_lossy(v.as_bytes()))
            });
            return Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                format!(
                    "a request body is JSON sent as `Content-Type: application/json` \
                     (`; charset=utf-8` allowed); got {got}"
                ),
            )
            .into_response();
        }
    }
    next.run(req).await
}

/// The security headers of every response ([`CONTENT_SECURITY_POLICY`]).
pub(crate) async fn security_headers(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

async fn not_found() -> Problem {
    Problem::not_found("no such route; see /openapi.json")
}

async fn method_not_allowed() -> Problem {
    Problem::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method-not-allowed",
        "the route does not take this method; see /openapi.json",
    )
}

/// The whole API with the default [`Limits`].
pub fn router(state: AppState) -> Router {
    router_with(state, &Limits::default())
}

/// The whole API with the request-level `limits` (rate, request timeout,
/// cache budget; the connection-level ones are [`serve_with`]'s).
pub fn router_with(state: AppState, limits: &Limits) -> Router {
    state.analytics.set_cache_budget(limits.cache_bytes);
    let mut app = Router::new()
        .route("/health", get(|| async { "ok" }))
        .route("/openapi.json", get(openapi::serve))
        .merge(records::routes())
        .merge(analytics::routes())
        .merge(web::routes())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(
            state.clone(),
            auth::authenticate,
        ))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn(json_only))
        .layer(middleware::from_fn_with_state(
            limits.request_timeout,
            timeout,
        ));
    if limits.rate_limit > 0 {
        app = app.layer(middleware::from_fn_with_state(
            Arc::new(rate::RateLimiter::new(limits.rate_limit)),
            rate::limit,
        ));
    }
    app.layer(axum::Extension(Arc::new(limits.clone())))
        .layer(middleware::map_response(security_headers))
        .with_state(state)
}

/// Serves the API on `listener` with the default [`Limits`] until the
/// process ends.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    serve_with(listener, state, Limits::default()).await
}

//! The smartspec HTTP API: the policy records of `smartspec-store` (create,
//! read, update, delete, workflow), users and the audit log, and the
//! analytics on the served dataset (`smartspec_analysis`; the embedded data
//! unless `serve --dataset`), as JSON over HTTP/1.1 (axum), and the
//! web dashboard over them (module `web`: the built `web/dist`, embedded).
//!
//! Limits: request bodies up to [`BODY_LIMIT`] bytes (413 beyond), every
//! request answered or abandoned within [`REQUEST_TIMEOUT`] (503). Errors are
//! RFC 7807 problem+json ([`problem`]). The routes are described by the
//! OpenAPI 3 document served at `/openapi.json` ([`openapi`]) and in
//! `docs/api.md`.

pub mod analytics;
mod auth;
mod body;
mod codes;
mod dashboard;
mod evidence;
pub mod openapi;
pub mod problem;
mod records;
mod state;
mod web;

pub use codes::EmbeddedCodes;
pub use evidence::{activity_json, assessment_json};
pub use state::AppState;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::StatusCode;
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

/// Longest a request may take.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

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

async fn timeout(req: Request, next: Next) -> Response {
    match tokio::time::timeout(REQUEST_TIMEOUT, next.run(req)).await {
        Ok(r) => r,
        Err(_) => Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            format!(
                "the request took longer than {} s",
                REQUEST_TIMEOUT.as_secs()
            ),
        )
        .into_response(),
    }
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

/// The whole API.
pub fn router(state: AppState) -> Router {
    Router::new()
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
        .layer(middleware::from_fn(timeout))
        .with_state(state)
}

/// Serves the API on `listener` until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    axum::serve(listener, router(state)).await
}

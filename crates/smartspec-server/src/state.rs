//! What every handler shares.

use crate::analytics::Analytics;
use crate::problem::Problem;
use axum::http::StatusCode;
use smartspec_store::SqliteStore;
use std::sync::Arc;

/// The application state.
#[derive(Clone)]
pub struct AppState {
    /// The store.
    pub store: Arc<SqliteStore>,
    /// The analytics and their cache.
    pub analytics: Arc<Analytics>,
}

/// Runs a blocking store call off the async workers.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, Problem> + Send + 'static,
) -> Result<T, Problem> {
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|_| Err(join_failed()))
}

/// A blocking task that panicked.
pub fn join_failed() -> Problem {
    Problem::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "the request's task failed",
    )
}

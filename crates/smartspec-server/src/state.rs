//! What every handler shares, and the off-worker store calls with the
//! request timeout's gate.

use crate::analytics::Analytics;
use crate::problem::Problem;
use axum::http::StatusCode;
use smartspec_store::SqliteStore;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;

/// The application state.
#[derive(Clone)]
pub struct AppState {
    /// The store.
    pub store: Arc<SqliteStore>,
    /// The analytics and their cache.
    pub analytics: Arc<Analytics>,
}

/// Whether a write request's store calls may still start: the request
/// timeout and [`blocking`] race for it, and exactly one wins. Either the
/// deadline passes first (the reply is 503 and no store call of the request
/// ever runs, so nothing is committed), or a store call starts first (the
/// reply then waits for the call and is its real result, however late).
#[derive(Debug, Default)]
pub struct Gate(AtomicU8);

const OPEN: u8 = 0;
const STARTED: u8 = 1;
const EXPIRED: u8 = 2;

impl Gate {
    /// A store call is about to run: false when the deadline has passed.
    pub fn start(&self) -> bool {
        match self
            .0
            .compare_exchange(OPEN, STARTED, Ordering::AcqRel, Ordering::Acquire)
        {
            Ok(_) => true,
            Err(now) => now == STARTED,
        }
    }

    /// The deadline has passed: true when no store call has started (the
    /// request may be answered 503), false when one has (wait for it).
    pub fn expire(&self) -> bool {
        match self
            .0
            .compare_exchange(OPEN, EXPIRED, Ordering::AcqRel, Ordering::Acquire)
        {
            Ok(_) => true,
            Err(now) => now == EXPIRED,
        }
    }
}

tokio::task_local! {
    /// The gate of the write request being handled (set by the timeout
    /// middleware around the handler).
    pub static GATE: Arc<Gate>;
}

/// Runs a blocking store call off the async workers. Within a write request
/// the call first passes the request's [`Gate`]: once the request's deadline
/// has passed it does not run (503 `/problems/timeout`).
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, Problem> + Send + 'static,
) -> Result<T, Problem> {
    let gate = GATE.try_with(Arc::clone).ok();
    tokio::task::spawn_blocking(move || {
        if let Some(g) = gate {
            if !g.start() {
                return Err(timed_out());
            }
        }
        f()
    })
    .await
    .unwrap_or_else(|_| Err(join_failed()))
}

/// The reply of a write whose deadline passed before its store call started.
pub fn timed_out() -> Problem {
    Problem::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "timeout",
        "the request's deadline passed before its write started; nothing was written",
    )
}

/// A blocking task that panicked.
pub fn join_failed() -> Problem {
    Problem::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "the request's task failed",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_of_start_and_expire_wins() {
        let g = Gate::default();
        assert!(g.start());
        assert!(g.start(), "a second store call of the same request runs");
        assert!(!g.expire(), "a started write is waited for");
        let g = Gate::default();
        assert!(g.expire());
        assert!(!g.start(), "no store call after the deadline");
        assert!(g.expire());
    }
}

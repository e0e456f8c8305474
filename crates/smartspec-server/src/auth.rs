//! Bearer-token authentication. A request without `Authorization` is
//! anonymous (it may read published records and the analytics); a request
//! with a token that matches no user is refused with 401, never downgraded
//! to anonymous.

use crate::problem::Problem;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use smartspec_store::{Repository, User};
use std::sync::Arc;

/// Who is calling.
#[derive(Debug, Clone, Default)]
pub struct Caller(pub Option<Arc<User>>);

impl Caller {
    /// The user, or 401 for anonymous callers.
    pub fn user(&self) -> Result<&User, Problem> {
        self.0
            .as_deref()
            .ok_or_else(|| Problem::unauthorized("this operation needs a bearer token"))
    }
}

/// Resolves the bearer token into a [`Caller`] extension.
pub async fn authenticate(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let token = match req.headers().get(header::AUTHORIZATION) {
        None => None,
        Some(v) => match v.to_str().ok().and_then(|s| s.strip_prefix("Bearer ")) {
            Some(t) => Some(t.trim().to_string()),
            None => {
                return Problem::unauthorized("Authorization must be `Bearer TOKEN`")
                    .into_response()
            }
        },
    };
    let caller = match token {
        None => Caller(None),
        Some(t) => {
            let store = state.store.clone();
            match tokio::task::spawn_blocking(move || store.authenticate(&t)).await {
                Ok(Ok(Some(u))) => Caller(Some(Arc::new(u))),
                Ok(Ok(None)) => return Problem::unauthorized("unknown token").into_response(),
                Ok(Err(e)) => return Problem::from(e).into_response(),
                Err(_) => return crate::state::join_failed().into_response(),
            }
        }
    };
    req.extensions_mut().insert(caller);
    next.run(req).await
}

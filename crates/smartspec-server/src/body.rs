//! Request pieces with their rejections as problems: a JSON body (within the
//! body-size limit), list parameters (`limit`, `cursor`, filters) and ids.

use crate::problem::Problem;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use smartspec_store::ListQuery;
use std::collections::BTreeMap;

/// Default page size.
pub const DEFAULT_LIMIT: usize = 50;

/// A JSON body.
pub struct JsonBody(pub serde_json::Value);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            let status = e.status();
            if status == StatusCode::PAYLOAD_TOO_LARGE {
                Problem::new(
                    status,
                    "too-large",
                    format!("the body exceeds {} bytes", crate::BODY_LIMIT),
                )
            } else {
                Problem::new(status, "malformed", e.body_text())
            }
        })?;
        serde_json::from_slice(&bytes).map(JsonBody).map_err(|e| {
            Problem::new(
                StatusCode::BAD_REQUEST,
                "malformed",
                format!("body is not JSON: {e}"),
            )
        })
    }
}

/// `limit`, `cursor` and the remaining parameters as filters.
pub fn list_query(mut params: BTreeMap<String, String>) -> Result<ListQuery, Problem> {
    let limit = match params.remove("limit") {
        None => DEFAULT_LIMIT,
        Some(s) => s
            .parse()
            .map_err(|_| Problem::invalid("limit", format!("{s:?} is not a number")))?,
    };
    let cursor = params.remove("cursor");
    Ok(ListQuery {
        filters: params.into_iter().collect(),
        limit,
        cursor,
    })
}

/// A record id from the path.
pub fn id(s: &str) -> Result<i64, Problem> {
    s.parse()
        .map_err(|_| Problem::not_found(format!("{s:?} is not a record id")))
}

/// Query parameters, refused as a problem (400) when they do not parse.
pub struct Params<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Params<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(t)| Params(t))
            .map_err(|e| Problem::new(StatusCode::BAD_REQUEST, "malformed", e.body_text()))
    }
}

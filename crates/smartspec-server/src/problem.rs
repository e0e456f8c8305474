//! Errors as RFC 7807 `application/problem+json`: `type` (a relative URI
//! naming the problem, listed in `docs/api.md`), `title`, `status`, `detail`
//! and, for invalid records, `errors` (one entry per field).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use smartspec_store::{FieldError, StoreError};

/// A problem response.
#[derive(Debug)]
pub struct Problem {
    /// HTTP status.
    pub status: StatusCode,
    /// Short name of the problem type (`/problems/{kind}`).
    pub kind: &'static str,
    /// Human-readable explanation.
    pub detail: String,
    /// Invalid fields.
    pub errors: Vec<FieldError>,
}

impl Problem {
    /// A problem without field errors.
    pub fn new(status: StatusCode, kind: &'static str, detail: impl Into<String>) -> Problem {
        Problem {
            status,
            kind,
            detail: detail.into(),
            errors: Vec::new(),
        }
    }

    /// 404.
    pub fn not_found(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::NOT_FOUND, "not-found", detail)
    }

    /// 422 on one field.
    pub fn invalid(field: &str, message: impl Into<String>) -> Problem {
        StoreError::invalid(field, message).into()
    }

    /// 401.
    pub fn unauthorized(detail: impl Into<String>) -> Problem {
        Problem::new(StatusCode::UNAUTHORIZED, "unauthorized", detail)
    }
}

impl From<StoreError> for Problem {
    fn from(e: StoreError) -> Problem {
        let detail = e.to_string();
        match e {
            StoreError::Malformed(_) => Problem::new(StatusCode::BAD_REQUEST, "malformed", detail),
            StoreError::Invalid(errors) => Problem {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                kind: "invalid",
                detail: "the record has invalid fields".into(),
                errors,
            },
            StoreError::NotFound { .. } | StoreError::UnknownUser(_) => Problem::not_found(detail),
            StoreError::Forbidden(_) => Problem::new(StatusCode::FORBIDDEN, "forbidden", detail),
            StoreError::InvalidTransition { .. } => {
                Problem::new(StatusCode::CONFLICT, "invalid-transition", detail)
            }
            StoreError::Conflict(_) => Problem::new(StatusCode::CONFLICT, "conflict", detail),
            StoreError::Db(e) => {
                tracing::error!("database: {e}");
                Problem::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "the database failed; the write was not made",
                )
            }
        }
    }
}

fn title(status: StatusCode) -> &'static str {
    status.canonical_reason().unwrap_or("Error")
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let mut body = json!({
            "type": format!("/problems/{}", self.kind),
            "title": title(self.status),
            "status": self.status.as_u16(),
            "detail": self.detail,
        });
        if !self.errors.is_empty() {
            body["errors"] = json!(self.errors);
        }
        let mut r = (self.status, body.to_string()).into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if self.status == StatusCode::UNAUTHORIZED {
            r.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        r
    }
}

/// Result of a handler.
pub type ApiResult<T> = Result<T, Problem>;

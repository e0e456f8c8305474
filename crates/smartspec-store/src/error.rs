//! What a store operation can refuse, typed so that the API maps each to one
//! HTTP status (see `docs/api.md`).

use crate::workflow::Status;
use serde::Serialize;

/// One invalid field of a record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldError {
    /// JSON path of the field, e.g. `funding[1].amount_eur`.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

/// A refused or failed store operation.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The record body is not the record's shape (unknown field, wrong type).
    #[error("malformed body: {0}")]
    Malformed(String),
    /// The record is well formed but some values are invalid.
    #[error("invalid record: {}", .0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<FieldError>),
    /// No such record.
    #[error("{entity} {id} not found")]
    NotFound {
        /// Record kind.
        entity: &'static str,
        /// Id asked for.
        id: i64,
    },
    /// No user of that name.
    #[error("no user named {0:?}")]
    UnknownUser(String),
    /// The caller's role or regions do not allow this write.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// A workflow transition that the workflow does not have.
    #[error("invalid transition from {from} to {to}")]
    InvalidTransition {
        /// Current status.
        from: Status,
        /// Status asked for.
        to: Status,
    },
    /// The write conflicts with other records (a name taken, a record still referenced).
    #[error("conflict: {0}")]
    Conflict(String),
    /// The database failed.
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
}

impl StoreError {
    /// One invalid field.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> StoreError {
        StoreError::Invalid(vec![FieldError {
            field: field.into(),
            message: message.into(),
        }])
    }
}

/// Result of a store operation.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

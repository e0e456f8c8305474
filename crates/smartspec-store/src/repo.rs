//! The repository interface the server programs against. [`crate::SqliteStore`]
//! implements it; a PostgreSQL implementation would implement the same trait
//! (the SQL in `migrations/` is kept to what both dialects share, except the
//! JSON check).

use crate::policy::{Role, User};
use crate::workflow::Status;
use crate::{Kind, Result};
use serde::Serialize;
use serde_json::Value;

/// A page of a list.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// The records, by increasing id.
    pub items: Vec<Value>,
    /// Pass as `cursor` to get the next page; `None` on the last page.
    pub next_cursor: Option<String>,
}

/// What to list.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Equality filters (column, value), columns from [`Kind::filters`].
    pub filters: Vec<(String, String)>,
    /// Page size.
    pub limit: usize,
    /// Records after this cursor.
    pub cursor: Option<String>,
}

/// Who reads: anonymous callers see published records only.
pub type Reader<'a> = Option<&'a User>;

/// The store's operations. Every write checks the caller's permission (see
/// [`crate::policy`]) and appends to the audit log in the same transaction.
pub trait Repository: Send + Sync {
    /// Creates a record; returns it as stored.
    fn create(&self, actor: &User, kind: Kind, body: Value) -> Result<Value>;
    /// One record.
    fn get(&self, reader: Reader, kind: Kind, id: i64) -> Result<Value>;
    /// A page of records.
    fn list(&self, reader: Reader, kind: Kind, q: &ListQuery) -> Result<Page>;
    /// Replaces a record's body.
    fn update(&self, actor: &User, kind: Kind, id: i64, body: Value) -> Result<Value>;
    /// Deletes a record (refused while other records refer to it).
    fn delete(&self, actor: &User, kind: Kind, id: i64) -> Result<()>;
    /// Moves an application in the workflow.
    fn transition(&self, actor: &User, id: i64, to: Status) -> Result<Value>;
    /// Adds a user and returns it with its token (shown once). `actor`
    /// `None` is the local operator (the CLI, who holds the database file).
    fn add_user(
        &self,
        actor: Option<&User>,
        name: &str,
        role: Role,
        regions: &[String],
    ) -> Result<(User, String)>;
    /// The user of a token.
    fn authenticate(&self, token: &str) -> Result<Option<User>>;
    /// A page of the audit log, optionally filtered by `entity`, `entity_id`, `actor`.
    fn audit(&self, q: &ListQuery) -> Result<Page>;
}

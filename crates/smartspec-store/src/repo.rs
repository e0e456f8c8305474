//! The repository interface the server programs against. [`crate::SqliteStore`]
//! implements it; a PostgreSQL implementation would implement the same trait
//! (the SQL in `migrations/` is kept to what both dialects share, except the
//! JSON check).

use crate::accounts::{Account, Removal};
use crate::policy::{Role, User};
use crate::workflow::Move;
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

/// What `import_priorities` did: rows are matched on their natural key
/// (region and title).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    /// New priorities.
    pub created: usize,
    /// Priorities whose stored body differed and was replaced.
    pub updated: usize,
    /// Priorities already stored as in the file.
    pub unchanged: usize,
}

/// Where the screening figures of a new application come from (the server
/// passes the industrial-transition screen of its dataset).
pub trait Screener: Send + Sync {
    /// The figures of `region`, or `None` when the screen does not cover it.
    fn screening(&self, region: &str) -> Option<Value>;
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
    /// Moves an application in the workflow, recording the move's outcome
    /// and reason (see [`crate::workflow`]).
    fn transition(&self, actor: &User, id: i64, m: &Move) -> Result<Value>;
    /// Replaces an application's screening figures with the screen's
    /// current ones (admins only).
    fn refresh_screening(&self, actor: &User, id: i64) -> Result<Value>;
    /// Stores a proposed partnership and its members in one transaction
    /// (each member body without `partnership_id`); returns
    /// `{"partnership": …, "members": […]}`.
    fn propose(&self, actor: &User, partnership: Value, members: Vec<Value>) -> Result<Value>;
    /// Imports priorities in one transaction: a row whose region and title
    /// match a stored priority replaces it (when it differs), others are
    /// created. Any refused row refuses the whole import.
    fn import_priorities(&self, actor: &User, rows: Vec<Value>) -> Result<ImportSummary>;
    /// Adds a user and returns it with its token (shown once). `actor`
    /// `None` is the local operator (the CLI, who holds the database file).
    fn add_user(
        &self,
        actor: Option<&User>,
        name: &str,
        role: Role,
        regions: &[String],
    ) -> Result<(User, String)> {
        self.add_user_with(actor, name, role, regions, None)
    }
    /// [`Repository::add_user`] with a token expiry (`90d` or `YYYY-MM-DD`,
    /// see [`crate::accounts::expiry`]).
    fn add_user_with(
        &self,
        actor: Option<&User>,
        name: &str,
        role: Role,
        regions: &[String],
        expires: Option<&str>,
    ) -> Result<(User, String)>;
    /// The user of a token (none for unknown or expired tokens and disabled users).
    fn authenticate(&self, token: &str) -> Result<Option<User>>;
    /// Every user (admins and the local operator).
    fn users(&self, actor: Option<&User>) -> Result<Vec<Account>>;
    /// Disables a user: its tokens stop working, its history stays.
    fn disable_user(&self, actor: Option<&User>, name: &str) -> Result<Account>;
    /// Removes a user nothing refers to; disables one that records refer to.
    fn remove_user(&self, actor: Option<&User>, name: &str) -> Result<Removal>;
    /// Revokes a user's tokens and issues a new one (admins, or the user
    /// itself).
    fn rotate_token(
        &self,
        actor: Option<&User>,
        name: &str,
        expires: Option<&str>,
    ) -> Result<String>;
    /// A page of the audit log, optionally filtered by `entity`, `entity_id`, `actor`.
    fn audit(&self, q: &ListQuery) -> Result<Page>;
}

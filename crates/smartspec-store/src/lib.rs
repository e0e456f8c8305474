//! The smartspec policy store: regions' declared S3 priorities, interregional
//! partnerships with their members and projects, the industrial-transition
//! pilot's calls, applications (with their workflow), expert teams and action
//! plans; users with roles and region scopes, API tokens, and an audit log of
//! every write.
//!
//! [`Repository`] is the interface; [`SqliteStore`] implements it on one
//! SQLite file (WAL, foreign keys, `synchronous = FULL`, versioned
//! migrations in `migrations/`). Permissions are decided here
//! ([`policy`]), inside the write's transaction, so that every client of the
//! store (the HTTP API, the CLI) obeys the same rules.

mod clock;
mod error;
mod kind;
pub mod policy;
pub mod records;
mod repo;
mod sqlite;
pub mod token;
mod validate;
pub mod workflow;

pub use error::{FieldError, Result, StoreError};
pub use kind::Kind;
pub use policy::{Role, User};
pub use repo::{ListQuery, Page, Reader, Repository};
pub use sqlite::{SqliteStore, MAX_LIMIT, MIGRATIONS};
pub use validate::{is_iso_date, AnyCode, Codes};
pub use workflow::Status;

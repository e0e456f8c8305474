//! The smartspec policy store: regions' declared S3 priorities, interregional
//! partnerships with their members and projects, the industrial-transition
//! pilot's calls, applications (with their workflow), expert teams and action
//! plans; users with roles and region scopes, API tokens, and an audit log of
//! every write.
//!
//! [`Repository`] is the interface; [`SqliteStore`] implements it on one
//! SQLite file (WAL, foreign keys, `synchronous = FULL`, versioned
//! migrations in `migrations/`). Permissions ([`policy`]), the records'
//! rules ([`rules`], [`workflow`]) and the accounts' ([`accounts`]) are
//! decided here, inside the write's transaction, so that every client of the
//! store (the HTTP API, the CLI) obeys the same rules.

pub mod accounts;
mod clock;
mod error;
mod kind;
mod migrate;
pub mod policy;
pub mod records;
mod repo;
pub mod rules;
mod sqlite;
pub mod token;
mod validate;
pub mod workflow;

pub use accounts::{Account, Removal};
pub use error::{FieldError, Result, StoreError};
pub use kind::Kind;
pub use migrate::MIGRATIONS;
pub use policy::{Role, User};
pub use repo::{ImportSummary, ListQuery, Page, Reader, Repository, Screener};
pub use sqlite::{SqliteStore, MAX_LIMIT};
pub use validate::{is_iso_date, AnyCode, Codes};
pub use workflow::{Move, Outcome, Status};

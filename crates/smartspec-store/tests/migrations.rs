//! Opening a database: created and migrated once, reopened as is, refused
//! when it is newer than the code; its settings are the documented ones.

use rusqlite::Connection;
use smartspec_store::{AnyCode, Repository, Role, SqliteStore, MIGRATIONS};

#[test]
fn migrates_once_and_refuses_a_newer_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.db");
    let s = SqliteStore::open(&path, Box::new(AnyCode)).unwrap();
    assert_eq!(s.schema_version().unwrap(), MIGRATIONS.len() as i64);
    let (u, token) = s.add_user(None, "a", Role::Admin, &[]).unwrap();
    drop(s);
    // reopening keeps the data (no migration replayed)
    let s = SqliteStore::open(&path, Box::new(AnyCode)).unwrap();
    assert_eq!(s.authenticate(&token).unwrap(), Some(u));
    assert_eq!(s.authenticate("nope").unwrap(), None);
    assert_eq!(s.integrity_check().unwrap(), "ok");
    drop(s);
    let c = Connection::open(&path).unwrap();
    let mode: String = c
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    c.pragma_update(None, "user_version", 99).unwrap();
    drop(c);
    let err = SqliteStore::open(&path, Box::new(AnyCode)).err().unwrap();
    assert!(err.to_string().contains("schema version 99"), "{err}");
}

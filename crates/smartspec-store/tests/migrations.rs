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

/// A version-1 database (before the records' rules) with `rows` inserted.
fn version_1(path: &std::path::Path, rows: &str) {
    let c = Connection::open(path).unwrap();
    c.execute_batch(MIGRATIONS[0]).unwrap();
    c.execute_batch(rows).unwrap();
    c.pragma_update(None, "user_version", 1).unwrap();
}

const T: &str = "'2024-01-01T00:00:00Z'";

#[test]
fn a_database_breaking_the_new_rules_is_refused_with_every_violation() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    version_1(
        &path,
        &format!(
            "INSERT INTO calls (id, data, created_at, updated_at) VALUES (1, '{{}}', {T}, {T});
             INSERT INTO applications (id, call_id, region, data, created_at, updated_at) VALUES
               (1, 1, 'DE21', '{{\"region\":\"DE21\"}}', {T}, {T}),
               (2, 1, 'DE21', '{{\"region\":\"DE21\"}}', {T}, {T}),
               (3, 1, 'FR41', '{{\"region\":\"FR41\",\"screening\":{{\"score\":100,\"rank\":1}}}}', {T}, {T});
             INSERT INTO partnerships (id, theme, status, data, created_at, updated_at) VALUES (1, 'x', 'proposed', '{{}}', {T}, {T});
             INSERT INTO partnership_members (id, partnership_id, region, data, created_at, updated_at) VALUES
               (1, 1, 'SE11', '{{}}', {T}, {T}), (2, 1, 'SE11', '{{}}', {T}, {T});"
        ),
    );
    let err = SqliteStore::open(&path, Box::new(AnyCode))
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("holds 2 record(s) that schema version 2 refuses"),
        "{err}"
    );
    assert!(
        err.contains("DE21 applied to call 1 more than once: applications 1, 2"),
        "{err}"
    );
    assert!(
        err.contains("SE11 is a member of partnership 1 more than once: members 1, 2"),
        "{err}"
    );
    // nothing was migrated
    let c = Connection::open(&path).unwrap();
    let v: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 1);
    // repaired, it opens; figures an applicant wrote leave the body, marked unverified
    c.execute_batch(
        "DELETE FROM applications WHERE id = 2; DELETE FROM partnership_members WHERE id = 2;",
    )
    .unwrap();
    drop(c);
    let s = SqliteStore::open(&path, Box::new(AnyCode)).unwrap();
    assert_eq!(s.schema_version().unwrap(), 2);
    let (admin, _) = s.add_user(None, "a", Role::Admin, &[]).unwrap();
    let a = s
        .get(Some(&admin), smartspec_store::Kind::Application, 3)
        .unwrap();
    assert_eq!(a["screening"]["score"], 100);
    assert_eq!(
        a["screening"]["attached_by"],
        "client, before schema version 2 (unverified)"
    );
    let c = Connection::open(&path).unwrap();
    let data: String = c
        .query_row("SELECT data FROM applications WHERE id = 3", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(data, r#"{"region":"FR41"}"#);
}

#[test]
fn expired_tokens_and_disabled_users_authenticate_no_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let s = SqliteStore::open(&path, Box::new(AnyCode)).unwrap();
    let (u, token) = s
        .add_user_with(None, "tess", Role::Viewer, &[], Some("1d"))
        .unwrap();
    assert_eq!(s.authenticate(&token).unwrap(), Some(u.clone()));
    let listed = s.users(None).unwrap();
    assert!(listed[0].token_expires_at.is_some());
    // a day later (the expiry moved into the past on the file itself)
    let c = Connection::open(&path).unwrap();
    c.execute("UPDATE tokens SET expires_at = '2000-01-01T00:00:00Z'", [])
        .unwrap();
    assert_eq!(s.authenticate(&token).unwrap(), None);
    let fresh = s.rotate_token(None, "tess", None).unwrap();
    assert_eq!(s.authenticate(&fresh).unwrap(), Some(u));
    s.disable_user(None, "tess").unwrap();
    assert_eq!(s.authenticate(&fresh).unwrap(), None);
    assert!(
        s.rotate_token(None, "tess", None).is_err(),
        "a disabled user gets no new token"
    );
    // an editor is not an admin
    let (ed, _) = s
        .add_user(None, "ed", Role::RegionEditor, &["ITC1".into()])
        .unwrap();
    assert!(matches!(
        s.users(Some(&ed)),
        Err(smartspec_store::StoreError::Forbidden(_))
    ));
}

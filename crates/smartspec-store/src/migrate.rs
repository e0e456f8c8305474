//! Opening a database: its settings and its migrations.
//!
//! Settings, applied on every open: WAL journal (readers never block the
//! writer), `foreign_keys = ON`, `synchronous = FULL` (a transaction is on
//! disk when its commit returns, so an acknowledged write survives a process
//! kill *and* a power loss; NORMAL would survive the kill only) and a 5 s busy
//! timeout. Migrations are the SQL files of `migrations/`, compiled in and
//! applied in order inside a transaction each; `PRAGMA user_version` records
//! the last one applied.
//!
//! A migration that adds a rule first looks for records that break it. It
//! does not repair them (which of two applications is the real one is the
//! region's call, not the store's): it refuses to open the database and lists
//! every violation, so that the operator can fix them with the smartspec that
//! wrote the file and open it again. Version 2 (the rules of issue 18) looks
//! for two applications of one region to one call, a region twice a member of
//! one partnership and two priorities of one region with one title.

use crate::error::StoreError;
use crate::Result;
use rusqlite::Connection;

/// The migrations, in order: version `i + 1` is `MIGRATIONS[i]`.
pub const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_init.sql"),
    include_str!("../migrations/0002_rules.sql"),
];

pub(crate) fn configure(conn: &Connection) -> Result<()> {
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if mode != "wal" && mode != "memory" {
        return Err(StoreError::Conflict(format!(
            "the database refused WAL mode ({mode})"
        )));
    }
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > MIGRATIONS.len() as i64 {
        return Err(StoreError::Conflict(format!(
            "the database has schema version {current}, newer than this smartspec ({})",
            MIGRATIONS.len()
        )));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let version = i as i64 + 1;
        let problems = violations(conn, version)?;
        if !problems.is_empty() {
            return Err(StoreError::Conflict(format!(
                "the database (schema version {current}) holds {} record(s) that schema version {version} \
                 refuses; fix them with the smartspec that wrote it, then open it again:\n  {}",
                problems.len(),
                problems.join("\n  ")
            )));
        }
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
}

/// What a database breaks of the rules that migration `version` adds.
fn violations(conn: &Connection, version: i64) -> Result<Vec<String>> {
    if version != 2 {
        return Ok(Vec::new());
    }
    let checks = [
        "SELECT region || ' applied to call ' || call_id || ' more than once: applications ' || group_concat(id, ', ')
               FROM applications GROUP BY call_id, region HAVING count(*) > 1",
        "SELECT region || ' is a member of partnership ' || partnership_id || ' more than once: members ' || group_concat(id, ', ')
               FROM partnership_members GROUP BY partnership_id, region HAVING count(*) > 1",
        "SELECT region || ' declares ' || json_quote(json_extract(data, '$.title')) || ' more than once: priorities ' || group_concat(id, ', ')
               FROM priorities GROUP BY region, json_extract(data, '$.title') HAVING count(*) > 1",
    ];
    let mut out = Vec::new();
    for sql in checks {
        let mut st = conn.prepare(sql)?;
        let rows = st.query_map([], |r| r.get::<_, String>(0))?;
        for r in rows {
            out.push(r?);
        }
    }
    Ok(out)
}

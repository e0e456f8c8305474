//! The SQLite implementation of [`Repository`].
//!
//! Settings, applied on every open: WAL journal (readers never block the
//! writer), `foreign_keys = ON`, `synchronous = FULL` (a transaction is on
//! disk when its commit returns, so an acknowledged write survives a process
//! kill *and* a power loss; NORMAL would survive the kill only) and a 5 s busy
//! timeout. Migrations are the SQL files of `migrations/`, compiled in and
//! applied in order inside a transaction each; `PRAGMA user_version` records
//! the last one applied.

use crate::clock;
use crate::error::StoreError;
use crate::policy::{allows, Action, Role, Scope, User};
use crate::records::{self, Parsed};
use crate::repo::{ListQuery, Page, Reader, Repository};
use crate::token;
use crate::validate::Codes;
use crate::workflow::Status;
use crate::{Kind, Result};
use rusqlite::types::Value as Sql;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Transaction};
use serde_json::{json, Value};
use std::path::Path;
use std::sync::Mutex;

/// The migrations, in order: version `i + 1` is `MIGRATIONS[i]`.
pub const MIGRATIONS: &[&str] = &[include_str!("../migrations/0001_init.sql")];

/// Largest page.
pub const MAX_LIMIT: usize = 500;

/// A store in one SQLite file.
pub struct SqliteStore {
    conn: Mutex<Connection>,
    codes: Box<dyn Codes>,
}

impl SqliteStore {
    /// Opens (creating if needed) and migrates the database at `path`.
    pub fn open(path: &Path, codes: Box<dyn Codes>) -> Result<SqliteStore> {
        let mut conn = Connection::open(path)?;
        configure(&conn)?;
        migrate(&mut conn)?;
        Ok(SqliteStore {
            conn: Mutex::new(conn),
            codes,
        })
    }

    /// The schema version of the database.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .lock()
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// `PRAGMA integrity_check`: `"ok"` for a sound file.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self
            .lock()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves no half-done transaction (it is
        // rolled back on drop), so the connection is still usable.
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn write<T>(&self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }
}

fn configure(conn: &Connection) -> Result<()> {
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

fn migrate(conn: &mut Connection) -> Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > MIGRATIONS.len() as i64 {
        return Err(StoreError::Conflict(format!(
            "the database has schema version {current}, newer than this smartspec ({})",
            MIGRATIONS.len()
        )));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

/// A foreign-key refusal: SQLITE_CONSTRAINT_FOREIGNKEY, or
/// SQLITE_CONSTRAINT_TRIGGER which is what `ON DELETE RESTRICT` reports.
fn is_fk_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, Some(m))
        if f.code == rusqlite::ErrorCode::ConstraintViolation && m.contains("FOREIGN KEY"))
}

fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE)
}

/// Appends to the audit log.
fn audit(
    tx: &Transaction,
    actor: &str,
    action: &str,
    entity: &str,
    id: Option<i64>,
    detail: Option<&Value>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO audit_log (at, actor, action, entity, entity_id, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![clock::now(), actor, action, entity, id, detail.map(Value::to_string)],
    )?;
    Ok(())
}

fn status_column(kind: Kind) -> &'static str {
    if kind == Kind::Application {
        "status"
    } else {
        "NULL"
    }
}

/// A stored row as the API shows it: the body plus id, timestamps (and the
/// workflow status of an application).
fn row_json(row: &rusqlite::Row) -> rusqlite::Result<Value> {
    let id: i64 = row.get(0)?;
    let data: String = row.get(1)?;
    let mut v: Value = serde_json::from_str(&data).unwrap_or(Value::Null);
    if let Value::Object(m) = &mut v {
        m.insert("id".into(), id.into());
        m.insert("created_at".into(), row.get::<_, String>(2)?.into());
        m.insert("updated_at".into(), row.get::<_, String>(3)?.into());
        if let Some(s) = row.get::<_, Option<String>>(4)? {
            m.insert("status".into(), s.into());
        }
    }
    Ok(v)
}

fn select(kind: Kind) -> String {
    format!(
        "SELECT id, data, created_at, updated_at, {}, published FROM {}",
        status_column(kind),
        kind.table()
    )
}

fn fetch(tx: &Connection, kind: Kind, id: i64) -> Result<(Value, bool)> {
    tx.query_row(&format!("{} WHERE id = ?1", select(kind)), [id], |r| {
        Ok((row_json(r)?, r.get::<_, bool>(5)?))
    })
    .optional()?
    .ok_or(StoreError::NotFound {
        entity: kind.entity(),
        id,
    })
}

/// The stored body of a record (without id and timestamps), parsed again.
fn stored(tx: &Connection, kind: Kind, id: i64) -> Result<Parsed> {
    let data: String = tx
        .query_row(
            &format!("SELECT data FROM {} WHERE id = ?1", kind.table()),
            [id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(StoreError::NotFound {
            entity: kind.entity(),
            id,
        })?;
    let v: Value = serde_json::from_str(&data).map_err(|e| StoreError::Malformed(e.to_string()))?;
    records::parse(kind, v, &crate::validate::AnyCode)
}

fn experts_of(tx: &Connection, application: i64) -> Result<Vec<String>> {
    let mut st = tx.prepare_cached(
        "SELECT DISTINCT user_name FROM assignments WHERE application_id = ?1 ORDER BY user_name",
    )?;
    let names = st
        .query_map([application], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(names)
}

/// Who a record belongs to (see [`crate::policy`]).
fn scope(tx: &Connection, kind: Kind, p: &Parsed, id: Option<i64>) -> Result<Scope> {
    let mut s = Scope {
        regions: p.index.regions.clone(),
        experts: Vec::new(),
    };
    match (kind, p.index.parent) {
        (Kind::Member, Some((Kind::Partnership, pid))) => {
            s.regions = stored(tx, Kind::Partnership, pid)?.index.regions;
        }
        (Kind::ActionPlan, Some((Kind::Application, aid))) => {
            s.regions = stored(tx, Kind::Application, aid)?.index.regions;
            s.experts = experts_of(tx, aid)?;
        }
        (Kind::Application, _) => {
            if let Some(id) = id {
                s.experts = experts_of(tx, id)?;
            }
        }
        _ => {}
    }
    Ok(s)
}

fn check_parent(tx: &Connection, p: &Parsed) -> Result<()> {
    if let Some((kind, pid)) = p.index.parent {
        let field = format!("{}_id", kind.entity());
        let exists: bool = tx.query_row(
            &format!(
                "SELECT EXISTS (SELECT 1 FROM {} WHERE id = ?1)",
                kind.table()
            ),
            [pid],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(StoreError::invalid(
                field,
                format!("{} {pid} does not exist", kind.entity()),
            ));
        }
    }
    Ok(())
}

fn forbid(actor: &User, action: Action, kind: Kind) -> StoreError {
    StoreError::Forbidden(format!(
        "{} {} may not {} this {}",
        actor.role.as_str(),
        actor.name,
        match action {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Transition => "move",
        },
        kind.entity()
    ))
}

fn authorize(
    tx: &Connection,
    actor: &User,
    action: Action,
    kind: Kind,
    p: &Parsed,
    id: Option<i64>,
) -> Result<()> {
    let s = scope(tx, kind, p, id)?;
    if allows(actor, kind, action, &s) {
        Ok(())
    } else {
        Err(forbid(actor, action, kind))
    }
}

/// Expert-team members must be users with the expert role; the assignment
/// table mirrors the team.
fn sync_assignments(tx: &Connection, kind: Kind, team: i64, p: &Parsed) -> Result<()> {
    let (Kind::ExpertTeam, Some((Kind::Application, application))) = (kind, p.index.parent) else {
        return Ok(());
    };
    let mut errors = Vec::new();
    for (i, name) in p.index.experts.iter().enumerate() {
        let role: Option<String> = tx
            .query_row("SELECT role FROM users WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()?;
        if role.as_deref() != Some(Role::Expert.as_str()) {
            errors.push(crate::FieldError {
                field: format!("members[{i}].user"),
                message: format!("{name:?} is not a user with the expert role"),
            });
        }
    }
    if !errors.is_empty() {
        return Err(StoreError::Invalid(errors));
    }
    tx.execute("DELETE FROM assignments WHERE team_id = ?1", [team])?;
    for name in &p.index.experts {
        tx.execute(
            "INSERT OR IGNORE INTO assignments (team_id, application_id, user_name) VALUES (?1, ?2, ?3)",
            params![team, application, name],
        )?;
    }
    Ok(())
}

fn parse_cursor(c: &Option<String>) -> Result<i64> {
    match c {
        None => Ok(0),
        Some(s) => s
            .parse::<i64>()
            .ok()
            .filter(|v| *v >= 0)
            .ok_or_else(|| StoreError::invalid("cursor", format!("{s:?} is not a cursor"))),
    }
}

fn check_limit(limit: usize) -> Result<usize> {
    if limit == 0 || limit > MAX_LIMIT {
        return Err(StoreError::invalid(
            "limit",
            format!("must be 1-{MAX_LIMIT}, got {limit}"),
        ));
    }
    Ok(limit)
}

/// Runs a paged query: `base` has a WHERE clause ending in conditions to
/// which `AND id > ?` is added.
fn page(
    conn: &Connection,
    sql: &str,
    mut args: Vec<Sql>,
    q: &ListQuery,
    row: impl Fn(&rusqlite::Row) -> rusqlite::Result<Value>,
) -> Result<Page> {
    let limit = check_limit(q.limit)?;
    args.push(Sql::Integer(parse_cursor(&q.cursor)?));
    args.push(Sql::Integer(limit as i64 + 1));
    let full = format!("{sql} AND id > ? ORDER BY id LIMIT ?");
    let mut st = conn.prepare_cached(&full)?;
    let mut rows: Vec<(i64, Value)> = st
        .query_map(params_from_iter(args), |r| {
            Ok((r.get::<_, i64>(0)?, row(r)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let next_cursor = if rows.len() > limit {
        rows.truncate(limit);
        rows.last().map(|(id, _)| id.to_string())
    } else {
        None
    };
    Ok(Page {
        items: rows.into_iter().map(|(_, v)| v).collect(),
        next_cursor,
    })
}

fn filter_args(kind: Kind, filters: &[(String, String)]) -> Result<(String, Vec<Sql>)> {
    let mut sql = String::new();
    let mut args = Vec::new();
    for (name, value) in filters {
        let Some(&(col, int)) = kind.filters().iter().find(|(c, _)| c == name) else {
            let known: Vec<&str> = kind.filters().iter().map(|(c, _)| *c).collect();
            return Err(StoreError::invalid(
                name.clone(),
                format!(
                    "not a filter of {}; filters: {}",
                    kind.segment(),
                    known.join(", ")
                ),
            ));
        };
        sql.push_str(&format!(" AND {col} = ?"));
        args.push(if int {
            let v = match (col, value.as_str()) {
                ("published", "true") => 1,
                ("published", "false") => 0,
                (_, v) => v.parse::<i64>().map_err(|_| {
                    StoreError::invalid(name.clone(), format!("{v:?} is not an integer"))
                })?,
            };
            Sql::Integer(v)
        } else {
            Sql::Text(value.clone())
        });
    }
    Ok((sql, args))
}

impl Repository for SqliteStore {
    fn create(&self, actor: &User, kind: Kind, body: Value) -> Result<Value> {
        let p = records::parse(kind, body, self.codes.as_ref())?;
        self.write(|tx| {
            check_parent(tx, &p)?;
            authorize(tx, actor, Action::Create, kind, &p, None)?;
            let now = clock::now();
            let mut cols = vec!["published", "data", "created_at", "updated_at"];
            let mut args = vec![
                Sql::Integer(i64::from(p.index.published)),
                Sql::Text(p.data.to_string()),
                Sql::Text(now.clone()),
                Sql::Text(now),
            ];
            for (c, v) in &p.index.columns {
                cols.push(c);
                args.push(v.clone());
            }
            let marks = vec!["?"; cols.len()].join(", ");
            tx.execute(
                &format!(
                    "INSERT INTO {} ({}) VALUES ({marks})",
                    kind.table(),
                    cols.join(", ")
                ),
                params_from_iter(args),
            )?;
            let id = tx.last_insert_rowid();
            sync_assignments(tx, kind, id, &p)?;
            let (v, _) = fetch(tx, kind, id)?;
            audit(
                tx,
                &actor.name,
                "create",
                kind.entity(),
                Some(id),
                Some(&json!({ "after": v })),
            )?;
            Ok(v)
        })
    }

    fn get(&self, reader: Reader, kind: Kind, id: i64) -> Result<Value> {
        let conn = self.lock();
        let (v, published) = fetch(&conn, kind, id)?;
        if reader.is_none() && !published {
            // Unpublished records do not exist for anonymous callers.
            return Err(StoreError::NotFound {
                entity: kind.entity(),
                id,
            });
        }
        Ok(v)
    }

    fn list(&self, reader: Reader, kind: Kind, q: &ListQuery) -> Result<Page> {
        let (mut cond, args) = filter_args(kind, &q.filters)?;
        if reader.is_none() {
            cond.push_str(" AND published = 1");
        }
        let sql = format!("{} WHERE 1 = 1{cond}", select(kind));
        let conn = self.lock();
        page(&conn, &sql, args, q, row_json)
    }

    fn update(&self, actor: &User, kind: Kind, id: i64, body: Value) -> Result<Value> {
        let p = records::parse(kind, body, self.codes.as_ref())?;
        self.write(|tx| {
            let old = stored(tx, kind, id)?;
            authorize(tx, actor, Action::Update, kind, &old, Some(id))?;
            check_parent(tx, &p)?;
            authorize(tx, actor, Action::Update, kind, &p, Some(id))?;
            let (before, _) = fetch(tx, kind, id)?;
            let mut sets = vec!["published = ?", "data = ?", "updated_at = ?"];
            let mut args = vec![
                Sql::Integer(i64::from(p.index.published)),
                Sql::Text(p.data.to_string()),
                Sql::Text(clock::now()),
            ];
            let owned: Vec<String> = p
                .index
                .columns
                .iter()
                .map(|(c, _)| format!("{c} = ?"))
                .collect();
            sets.extend(owned.iter().map(String::as_str));
            args.extend(p.index.columns.iter().map(|(_, v)| v.clone()));
            args.push(Sql::Integer(id));
            tx.execute(
                &format!(
                    "UPDATE {} SET {} WHERE id = ?",
                    kind.table(),
                    sets.join(", ")
                ),
                params_from_iter(args),
            )?;
            sync_assignments(tx, kind, id, &p)?;
            let (after, _) = fetch(tx, kind, id)?;
            audit(
                tx,
                &actor.name,
                "update",
                kind.entity(),
                Some(id),
                Some(&json!({ "before": before, "after": after })),
            )?;
            Ok(after)
        })
    }

    fn delete(&self, actor: &User, kind: Kind, id: i64) -> Result<()> {
        self.write(|tx| {
            let old = stored(tx, kind, id)?;
            authorize(tx, actor, Action::Delete, kind, &old, Some(id))?;
            let (before, _) = fetch(tx, kind, id)?;
            tx.execute(&format!("DELETE FROM {} WHERE id = ?1", kind.table()), [id])
                .map_err(|e| {
                    if is_fk_violation(&e) {
                        StoreError::Conflict(format!(
                            "{} {id} is still referred to by other records",
                            kind.entity()
                        ))
                    } else {
                        e.into()
                    }
                })?;
            audit(
                tx,
                &actor.name,
                "delete",
                kind.entity(),
                Some(id),
                Some(&json!({ "before": before })),
            )
        })
    }

    fn transition(&self, actor: &User, id: i64, to: Status) -> Result<Value> {
        self.write(|tx| {
            let p = stored(tx, Kind::Application, id)?;
            authorize(
                tx,
                actor,
                Action::Transition,
                Kind::Application,
                &p,
                Some(id),
            )?;
            let from: String =
                tx.query_row("SELECT status FROM applications WHERE id = ?1", [id], |r| {
                    r.get(0)
                })?;
            let from = Status::parse(&from)
                .ok_or_else(|| StoreError::Conflict(format!("stored status {from:?}")))?;
            if !from.can_go_to(to) {
                return Err(StoreError::InvalidTransition { from, to });
            }
            tx.execute(
                "UPDATE applications SET status = ?1, updated_at = ?2 WHERE id = ?3",
                params![to.as_str(), clock::now(), id],
            )?;
            audit(
                tx,
                &actor.name,
                "transition",
                Kind::Application.entity(),
                Some(id),
                Some(&json!({ "from": from, "to": to })),
            )?;
            Ok(fetch(tx, Kind::Application, id)?.0)
        })
    }

    fn add_user(
        &self,
        actor: Option<&User>,
        name: &str,
        role: Role,
        regions: &[String],
    ) -> Result<(User, String)> {
        if let Some(a) = actor {
            if a.role != Role::Admin {
                return Err(StoreError::Forbidden(format!(
                    "{} {} may not create users",
                    a.role.as_str(),
                    a.name
                )));
            }
        }
        let mut c = crate::validate::Check::new(self.codes.as_ref());
        c.text("name", name, 100);
        for (i, r) in regions.iter().enumerate() {
            c.region(&format!("regions[{i}]"), r);
        }
        match role {
            Role::RegionEditor if regions.is_empty() => {
                c.fail("regions", "a region editor needs at least one region")
            }
            Role::Admin | Role::Expert | Role::Viewer if !regions.is_empty() => c.fail(
                "regions",
                format!("only region editors have regions, not {}", role.as_str()),
            ),
            _ => {}
        }
        c.finish()?;
        let token = token::generate()
            .map_err(|e| StoreError::Conflict(format!("no randomness from the system: {e}")))?;
        let by = actor
            .map_or("local operator", |a| a.name.as_str())
            .to_string();
        self.write(|tx| {
            let now = clock::now();
            tx.execute(
                "INSERT INTO users (name, role, created_at) VALUES (?1, ?2, ?3)",
                params![name, role.as_str(), now],
            )
            .map_err(|e| {
                if is_unique_violation(&e) {
                    StoreError::Conflict(format!("a user named {name:?} exists"))
                } else {
                    e.into()
                }
            })?;
            let id = tx.last_insert_rowid();
            for r in regions {
                tx.execute(
                    "INSERT OR IGNORE INTO user_regions (user_id, region) VALUES (?1, ?2)",
                    params![id, r],
                )?;
            }
            tx.execute(
                "INSERT INTO tokens (user_id, sha256, created_at) VALUES (?1, ?2, ?3)",
                params![id, token::digest(&token), now],
            )?;
            let user = User {
                id,
                name: name.to_string(),
                role,
                regions: regions.to_vec(),
            };
            audit(
                tx,
                &by,
                "create",
                "user",
                Some(id),
                Some(&json!({ "after": user })),
            )?;
            Ok((user, token.clone()))
        })
    }

    fn authenticate(&self, token: &str) -> Result<Option<User>> {
        let conn = self.lock();
        let found: Option<(i64, String, String)> = conn
            .prepare_cached(
                "SELECT u.id, u.name, u.role FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.sha256 = ?1",
            )?
            .query_row([token::digest(token)], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let Some((id, name, role)) = found else {
            return Ok(None);
        };
        let regions = conn
            .prepare_cached("SELECT region FROM user_regions WHERE user_id = ?1 ORDER BY region")?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        let role = Role::parse(&role)
            .ok_or_else(|| StoreError::Conflict(format!("stored role {role:?}")))?;
        Ok(Some(User {
            id,
            name,
            role,
            regions,
        }))
    }

    fn audit(&self, q: &ListQuery) -> Result<Page> {
        let mut cond = String::new();
        let mut args = Vec::new();
        for (name, value) in &q.filters {
            match name.as_str() {
                "entity" | "actor" | "action" => {
                    cond.push_str(&format!(" AND {name} = ?"));
                    args.push(Sql::Text(value.clone()));
                }
                "entity_id" => {
                    cond.push_str(" AND entity_id = ?");
                    args.push(Sql::Integer(value.parse().map_err(|_| {
                        StoreError::invalid("entity_id", format!("{value:?} is not an integer"))
                    })?));
                }
                other => {
                    return Err(StoreError::invalid(
                        other,
                        "not a filter of the audit log; filters: entity, entity_id, actor, action",
                    ))
                }
            }
        }
        let sql = format!(
            "SELECT id, at, actor, action, entity, entity_id, detail FROM audit_log WHERE 1 = 1{cond}"
        );
        let conn = self.lock();
        page(&conn, &sql, args, q, |r| {
            let detail: Option<String> = r.get(6)?;
            Ok(json!({
                "id": r.get::<_, i64>(0)?,
                "at": r.get::<_, String>(1)?,
                "actor": r.get::<_, String>(2)?,
                "action": r.get::<_, String>(3)?,
                "entity": r.get::<_, String>(4)?,
                "entity_id": r.get::<_, Option<i64>>(5)?,
                "detail": detail.and_then(|d| serde_json::from_str::<Value>(&d).ok()),
            }))
        })
    }
}

//! The SQLite implementation of [`Repository`]: the generic create, read,
//! update and delete of every record kind, each write in one immediate
//! transaction that checks the caller's permission ([`crate::policy`]), the
//! records' rules ([`crate::rules`]) and appends to the audit log. Opening
//! and migrating are in [`crate::migrate`], accounts in [`crate::accounts`].

use crate::accounts::{self, Account, Removal};
use crate::clock;
use crate::error::StoreError;
use crate::migrate::{configure, migrate};
use crate::policy::{allows, Action, Role, Scope, User};
use crate::records::{self, Parsed, Project};
use crate::repo::{ImportSummary, ListQuery, Page, Reader, Repository, Screener};
use crate::rules;
use crate::validate::Codes;
use crate::workflow::{settle, Move, Status};
use crate::{Kind, Result};
use rusqlite::types::Value as Sql;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Transaction};
use serde_json::{json, Value};
use std::path::Path;
use std::sync::Mutex;

/// Largest page.
pub const MAX_LIMIT: usize = 500;

/// A store in one SQLite file.
pub struct SqliteStore {
    conn: Mutex<Connection>,
    codes: Box<dyn Codes>,
    screener: Option<Box<dyn Screener>>,
}

impl SqliteStore {
    /// Opens (creating if needed) and migrates the database at `path`.
    ///
    /// # Errors
    /// A file that is not a database, a schema newer than this smartspec, or
    /// records that a new schema version's rules refuse (listed).
    pub fn open(path: &Path, codes: Box<dyn Codes>) -> Result<SqliteStore> {
        let mut conn = Connection::open(path)?;
        configure(&conn)?;
        migrate(&mut conn)?;
        Ok(SqliteStore {
            conn: Mutex::new(conn),
            codes,
            screener: None,
        })
    }

    /// The store attaching `screener`'s figures to new applications.
    pub fn with_screener(mut self, screener: Box<dyn Screener>) -> SqliteStore {
        self.screener = Some(screener);
        self
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

    /// The screening figures of `region` as the server attaches them.
    fn screening_of(&self, region: &str) -> Option<Value> {
        let mut v = self.screener.as_ref()?.screening(region)?;
        if let Value::Object(m) = &mut v {
            m.insert("attached_by".into(), "server".into());
            m.insert("attached_at".into(), clock::now().into());
        }
        Some(v)
    }

    /// Creates a record inside `tx`.
    fn insert(&self, tx: &Transaction, actor: &User, kind: Kind, p: &Parsed) -> Result<Value> {
        check_parent(tx, p)?;
        authorize(tx, actor, Action::Create, kind, p, None)?;
        rules::check(tx, self.codes.as_ref(), kind, None, None, Some(p))?;
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
        if kind == Kind::Application {
            let region = p.data.get("region").and_then(Value::as_str).unwrap_or("");
            cols.push("screening");
            args.push(
                self.screening_of(region)
                    .map_or(Sql::Null, |v| Sql::Text(v.to_string())),
            );
        }
        let marks = vec!["?"; cols.len()].join(", ");
        tx.execute(
            &format!(
                "INSERT INTO {} ({}) VALUES ({marks})",
                kind.table(),
                cols.join(", ")
            ),
            params_from_iter(args),
        )
        .map_err(|e| unique(e, kind, p))?;
        let id = tx.last_insert_rowid();
        sync_assignments(tx, kind, id, p)?;
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
    }

    /// Replaces a record's body inside `tx`.
    fn replace(
        &self,
        tx: &Transaction,
        actor: &User,
        kind: Kind,
        id: i64,
        p: &Parsed,
    ) -> Result<Value> {
        let old = stored(tx, kind, id)?;
        check_parent(tx, p)?;
        authorize_update(tx, actor, kind, id, &old, p)?;
        rules::check(tx, self.codes.as_ref(), kind, Some(id), Some(&old), Some(p))?;
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
        )
        .map_err(|e| unique(e, kind, p))?;
        sync_assignments(tx, kind, id, p)?;
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
    }
}

/// `e` with its field paths prefixed (a member of a proposal: `members[1].region`).
fn prefixed(e: StoreError, prefix: &str) -> StoreError {
    match e {
        StoreError::Invalid(list) => StoreError::Invalid(
            list.into_iter()
                .map(|f| crate::FieldError {
                    field: format!("{prefix}{}", f.field),
                    message: f.message,
                })
                .collect(),
        ),
        other => other,
    }
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

/// The columns read of a row: id, data, timestamps, (4) the workflow
/// status, (5) published, then (6–8) an application's screening, outcome and
/// reason (NULL for other kinds).
fn select(kind: Kind) -> String {
    let extra = if kind == Kind::Application {
        "status, published, screening, outcome, reason"
    } else {
        "NULL, published, NULL, NULL, NULL"
    };
    format!(
        "SELECT id, data, created_at, updated_at, {extra} FROM {}",
        kind.table()
    )
}

/// A stored row as the API shows it: the body plus id, timestamps (and, for
/// an application, its workflow status, the outcome and reason of its last
/// move, and the screening figures the server attached).
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
            let screening = row
                .get::<_, Option<String>>(6)?
                .and_then(|t| serde_json::from_str::<Value>(&t).ok())
                .unwrap_or(Value::Null);
            m.insert("screening".into(), screening);
            m.insert("outcome".into(), row.get::<_, Option<String>>(7)?.into());
            m.insert("reason".into(), row.get::<_, Option<String>>(8)?.into());
        }
    }
    Ok(v)
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
    let v: Value = rules::stored_json(tx, kind, id)?;
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

/// Who a record belongs to for `action` (see [`crate::policy`]): a member
/// and a project belong to their partnership's leads (a member's own region
/// may also delete it: a region withdraws); an action plan to its
/// application's region and experts; an application also to its experts.
fn scope(
    tx: &Connection,
    kind: Kind,
    action: Action,
    p: &Parsed,
    id: Option<i64>,
) -> Result<Scope> {
    let mut s = Scope {
        regions: p.index.regions.clone(),
        experts: Vec::new(),
    };
    match (kind, p.index.parent) {
        (Kind::Member, Some((Kind::Partnership, pid))) => {
            let own = std::mem::take(&mut s.regions);
            s.regions = stored(tx, Kind::Partnership, pid)?.index.regions;
            if action == Action::Delete {
                s.regions.extend(own);
            }
        }
        (Kind::Project, Some((Kind::Partnership, pid))) => {
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
    let s = scope(tx, kind, action, p, id)?;
    if allows(actor, kind, action, &s) {
        Ok(())
    } else {
        Err(forbid(actor, action, kind))
    }
}

/// An update must be allowed on the record as it was and as it will be. A
/// project is also open to the editor of a partner region for its own
/// partner entries: everything else must stay as it was.
fn authorize_update(
    tx: &Connection,
    actor: &User,
    kind: Kind,
    id: i64,
    old: &Parsed,
    new: &Parsed,
) -> Result<()> {
    let both = authorize(tx, actor, Action::Update, kind, old, Some(id))
        .and_then(|()| authorize(tx, actor, Action::Update, kind, new, Some(id)));
    match both {
        Err(StoreError::Forbidden(_))
            if kind == Kind::Project && own_partner_entries_only(actor, old, new)? =>
        {
            Ok(())
        }
        other => other,
    }
}

/// Whether `new` differs from `old` only in the partner entries of the
/// actor's regions, and the actor (a region editor) is a partner of `old`.
fn own_partner_entries_only(actor: &User, old: &Parsed, new: &Parsed) -> Result<bool> {
    if actor.role != Role::RegionEditor {
        return Ok(false);
    }
    let mine = |r: &str| actor.regions.iter().any(|x| x == r);
    let (a, b): (Project, Project) = (rules::typed(old)?, rules::typed(new)?);
    if !a.partners.iter().any(|x| mine(&x.region)) || b.partners.is_empty() {
        return Ok(false);
    }
    let others = |p: &Parsed| -> Value {
        let mut v = p.data.clone();
        if let Some(Value::Array(list)) = v.get_mut("partners") {
            list.retain(|x| !x.get("region").and_then(Value::as_str).is_some_and(mine));
        }
        v
    };
    Ok(others(old) == others(new))
}

/// A unique-key refusal in the kind's words; other errors unchanged.
fn unique(e: rusqlite::Error, kind: Kind, p: &Parsed) -> StoreError {
    if is_unique_violation(&e) {
        rules::duplicate(kind, p)
    } else {
        e.into()
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
        self.write(|tx| self.insert(tx, actor, kind, &p))
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
        self.write(|tx| self.replace(tx, actor, kind, id, &p))
    }

    fn delete(&self, actor: &User, kind: Kind, id: i64) -> Result<()> {
        self.write(|tx| {
            let old = stored(tx, kind, id)?;
            authorize(tx, actor, Action::Delete, kind, &old, Some(id))?;
            rules::check(tx, self.codes.as_ref(), kind, Some(id), Some(&old), None)?;
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

    fn transition(&self, actor: &User, id: i64, m: &Move) -> Result<Value> {
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
            if m.to == Status::Selected && actor.role != Role::Admin {
                return Err(StoreError::Forbidden(format!(
                    "{} {} may not select an application: selection is an admin's decision",
                    actor.role.as_str(),
                    actor.name
                )));
            }
            let (from, _) = rules::application_state(tx, id)?;
            if !from.can_go_to(m.to) {
                return Err(StoreError::InvalidTransition { from, to: m.to });
            }
            let outcome = settle(from, m).map_err(|(f, msg)| StoreError::invalid(f, msg))?;
            let reason = m.reason.trim();
            tx.execute(
                "UPDATE applications SET status = ?1, outcome = ?2, reason = ?3, updated_at = ?4 WHERE id = ?5",
                params![m.to.as_str(), outcome.as_str(), reason, clock::now(), id],
            )?;
            audit(
                tx,
                &actor.name,
                "transition",
                Kind::Application.entity(),
                Some(id),
                Some(&json!({ "from": from, "to": m.to, "outcome": outcome.as_str(), "reason": reason })),
            )?;
            Ok(fetch(tx, Kind::Application, id)?.0)
        })
    }

    fn refresh_screening(&self, actor: &User, id: i64) -> Result<Value> {
        if actor.role != Role::Admin {
            return Err(StoreError::Forbidden(format!(
                "{} {} may not refresh screening figures: an admin does",
                actor.role.as_str(),
                actor.name
            )));
        }
        self.write(|tx| {
            let (before, _) = fetch(tx, Kind::Application, id)?;
            let region = before.get("region").and_then(Value::as_str).unwrap_or("");
            let figures = self.screening_of(region);
            tx.execute(
                "UPDATE applications SET screening = ?1, updated_at = ?2 WHERE id = ?3",
                params![figures.as_ref().map(Value::to_string), clock::now(), id],
            )?;
            let (after, _) = fetch(tx, Kind::Application, id)?;
            audit(
                tx,
                &actor.name,
                "refresh_screening",
                Kind::Application.entity(),
                Some(id),
                Some(&json!({ "before": before["screening"], "after": after["screening"] })),
            )?;
            Ok(after)
        })
    }

    fn propose(&self, actor: &User, partnership: Value, members: Vec<Value>) -> Result<Value> {
        let p = records::parse(Kind::Partnership, partnership, self.codes.as_ref())?;
        self.write(|tx| {
            let saved = self.insert(tx, actor, Kind::Partnership, &p)?;
            let pid = saved["id"].as_i64().unwrap_or(0);
            let mut out = Vec::new();
            for (i, mut m) in members.into_iter().enumerate() {
                if let Value::Object(o) = &mut m {
                    o.insert("partnership_id".into(), pid.into());
                }
                let mp = records::parse(Kind::Member, m, self.codes.as_ref())
                    .map_err(|e| prefixed(e, &format!("members[{i}].")))?;
                out.push(self.insert(tx, actor, Kind::Member, &mp)?);
            }
            Ok(json!({ "partnership": saved, "members": out }))
        })
    }

    fn import_priorities(&self, actor: &User, rows: Vec<Value>) -> Result<ImportSummary> {
        let parsed = rows
            .into_iter()
            .map(|b| records::parse(Kind::Priority, b, self.codes.as_ref()))
            .collect::<Result<Vec<_>>>()?;
        self.write(|tx| {
            let mut sum = ImportSummary::default();
            for p in &parsed {
                let key = (p.data.get("region").and_then(Value::as_str), p.data.get("title").and_then(Value::as_str));
                let existing: Option<(i64, String)> = tx
                    .query_row(
                        "SELECT id, data FROM priorities WHERE region = ?1 AND json_extract(data, '$.title') = ?2",
                        params![key.0, key.1],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?;
                match existing {
                    None => {
                        self.insert(tx, actor, Kind::Priority, p)?;
                        sum.created += 1;
                    }
                    Some((_, data)) if serde_json::from_str::<Value>(&data).ok().as_ref() == Some(&p.data) => {
                        sum.unchanged += 1;
                    }
                    Some((id, _)) => {
                        self.replace(tx, actor, Kind::Priority, id, p)?;
                        sum.updated += 1;
                    }
                }
            }
            Ok(sum)
        })
    }

    fn add_user_with(
        &self,
        actor: Option<&User>,
        name: &str,
        role: Role,
        regions: &[String],
        expires: Option<&str>,
    ) -> Result<(User, String)> {
        accounts::admin_only(actor, "create users")?;
        let mut c = crate::validate::Check::new(self.codes.as_ref());
        if let Some(problem) = accounts::name_problem(name) {
            c.fail("name", problem);
        }
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
        let expires_at = match expires.map(|e| accounts::expiry(e, clock::epoch())) {
            Some(Err(StoreError::Invalid(e))) => {
                c.errors.extend(e);
                None
            }
            Some(other) => Some(other?),
            None => None,
        };
        c.finish()?;
        let by = accounts::by(actor);
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
            let token = accounts::issue(tx, id, expires_at.as_deref())?;
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
                Some(&json!({ "after": user, "token_expires_at": expires_at })),
            )?;
            Ok((user, token))
        })
    }

    fn authenticate(&self, token: &str) -> Result<Option<User>> {
        accounts::authenticate(&self.lock(), token)
    }

    fn users(&self, actor: Option<&User>) -> Result<Vec<Account>> {
        accounts::admin_only(actor, "list users")?;
        accounts::list(&self.lock())
    }

    fn disable_user(&self, actor: Option<&User>, name: &str) -> Result<Account> {
        accounts::admin_only(actor, "disable users")?;
        self.write(|tx| {
            let a = accounts::disable(tx, name)?;
            audit(
                tx,
                &accounts::by(actor),
                "disable",
                "user",
                Some(a.user.id),
                Some(&json!({ "after": a })),
            )?;
            Ok(a)
        })
    }

    fn remove_user(&self, actor: Option<&User>, name: &str) -> Result<Removal> {
        accounts::admin_only(actor, "remove users")?;
        self.write(|tx| {
            let account = accounts::find(tx, name)?;
            let removal = accounts::remove(tx, &account)?;
            let action = match removal {
                Removal::Removed => "remove",
                Removal::Disabled { .. } => "disable",
            };
            audit(
                tx,
                &accounts::by(actor),
                action,
                "user",
                Some(account.user.id),
                Some(&json!({ "before": account, "result": removal })),
            )?;
            Ok(removal)
        })
    }

    fn rotate_token(
        &self,
        actor: Option<&User>,
        name: &str,
        expires: Option<&str>,
    ) -> Result<String> {
        if actor.is_some_and(|a| a.name != name) {
            accounts::admin_only(actor, "rotate another user's token")?;
        }
        let expires_at = expires
            .map(|e| accounts::expiry(e, clock::epoch()))
            .transpose()?;
        self.write(|tx| {
            let account = accounts::find(tx, name)?;
            if account.disabled_at.is_some() {
                return Err(StoreError::Conflict(format!("user {name:?} is disabled")));
            }
            tx.execute("DELETE FROM tokens WHERE user_id = ?1", [account.user.id])?;
            let token = accounts::issue(tx, account.user.id, expires_at.as_deref())?;
            audit(
                tx,
                &accounts::by(actor),
                "rotate_token",
                "user",
                Some(account.user.id),
                Some(&json!({ "token_expires_at": expires_at })),
            )?;
            Ok(token)
        })
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

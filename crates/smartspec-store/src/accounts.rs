//! Accounts: users, their tokens and the rules on both.
//!
//! - **Names** are 1–64 characters, in Unicode normalisation form C, with no
//!   character of the general categories Cc (controls such as a newline),
//!   Cf (format characters such as U+202E, which reverses the text after it),
//!   Zl or Zp (line and paragraph separators), and no leading or trailing
//!   space: a name is what the audit log shows, and it must read as written.
//! - **Tokens** may expire ([`expiry`]: a number of days, `90d`, or a date);
//!   an expired token, or any token of a disabled user, authenticates no one.
//!   Rotating a user's token revokes every earlier one.
//! - **Removing** a user deletes it only when nothing refers to it (no audit
//!   entry as the actor, no expert-team assignment); otherwise the user is
//!   disabled, which keeps the history readable and the name reserved.
//!
//! Users are the admin's: listing, adding, disabling, removing and rotating
//! need an admin, or the local operator (the CLI, who holds the database
//! file). A user may also rotate its own token.

use crate::error::StoreError;
use crate::policy::{Role, User};
use crate::{token, Result};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use unicode_general_category::{get_general_category, GeneralCategory as G};
use unicode_normalization::is_nfc;

/// Longest user name, characters.
pub const MAX_NAME: usize = 64;

/// A user as the admin sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Account {
    /// The user.
    #[serde(flatten)]
    pub user: User,
    /// When it was added.
    pub created_at: String,
    /// When it was disabled, if it was.
    pub disabled_at: Option<String>,
    /// When its current token expires (`None`: never, or no token).
    pub token_expires_at: Option<String>,
}

/// What [`crate::Repository::remove_user`] did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum Removal {
    /// The user is gone.
    Removed,
    /// Records refer to the user, so it was disabled instead.
    Disabled {
        /// What refers to it.
        because: String,
    },
}

/// Why `name` cannot be a user name, if it cannot.
pub fn name_problem(name: &str) -> Option<String> {
    let n = name.chars().count();
    if n == 0 || n > MAX_NAME {
        return Some(format!(
            "a user name has 1-{MAX_NAME} characters, this one {n}"
        ));
    }
    if name.trim() != name {
        return Some("a user name does not start or end with a space".into());
    }
    if !is_nfc(name) {
        return Some(
            "a user name is in Unicode normalisation form C (NFC); normalise it first".into(),
        );
    }
    for c in name.chars() {
        let what = match get_general_category(c) {
            G::Control => "a control character",
            G::Format => "a format character",
            G::LineSeparator => "a line separator",
            G::ParagraphSeparator => "a paragraph separator",
            _ => continue,
        };
        return Some(format!(
            "a user name may not hold {what} (U+{:04X}): it would make the audit log say what is not written",
            c as u32
        ));
    }
    None
}

/// The instant a token expires, from `spec`: `Nd` (N days from `now`, N
/// 1–3650) or a date `YYYY-MM-DD` (its end, 23:59:59 UTC), not in the past.
/// `now` is seconds since the Unix epoch.
pub fn expiry(spec: &str, now: i64) -> Result<String> {
    let bad = |m: String| StoreError::invalid("expires", m);
    let s = spec.trim();
    let at = if let Some(days) = s.strip_suffix('d') {
        let d: i64 = days
            .parse()
            .ok()
            .filter(|d| (1..=3650).contains(d))
            .ok_or_else(|| bad(format!("{spec:?}: a number of days is 1d-3650d")))?;
        now + d * 86_400
    } else if crate::is_iso_date(s) {
        let day = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map_err(|e| bad(format!("{spec:?}: {e}")))?;
        day.and_hms_opt(23, 59, 59)
            .map(|t| t.and_utc().timestamp())
            .ok_or_else(|| bad(format!("{spec:?} is not a date")))?
    } else {
        return Err(bad(format!(
            "{spec:?}: give a number of days (90d) or a date (YYYY-MM-DD)"
        )));
    };
    if at <= now {
        return Err(bad(format!("{spec:?} is in the past")));
    }
    Ok(crate::clock::format_utc(at))
}

/// Refuses a caller that is neither the local operator (`None`) nor an admin.
pub(crate) fn admin_only(actor: Option<&User>, what: &str) -> Result<()> {
    match actor {
        Some(a) if a.role != Role::Admin => Err(StoreError::Forbidden(format!(
            "{} {} may not {what}",
            a.role.as_str(),
            a.name
        ))),
        _ => Ok(()),
    }
}

/// The name the audit log records for `actor`.
pub(crate) fn by(actor: Option<&User>) -> String {
    actor
        .map_or("local operator", |a| a.name.as_str())
        .to_string()
}

/// Stores a new token for user `id` and returns it (shown once).
pub(crate) fn issue(tx: &Connection, id: i64, expires_at: Option<&str>) -> Result<String> {
    let t = token::generate()
        .map_err(|e| StoreError::Conflict(format!("no randomness from the system: {e}")))?;
    tx.execute(
        "INSERT INTO tokens (user_id, sha256, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![id, token::digest(&t), crate::clock::now(), expires_at],
    )?;
    Ok(t)
}

fn regions_of(conn: &Connection, id: i64) -> Result<Vec<String>> {
    Ok(conn
        .prepare_cached("SELECT region FROM user_regions WHERE user_id = ?1 ORDER BY region")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?)
}

fn role_of(s: &str) -> Result<Role> {
    Role::parse(s).ok_or_else(|| StoreError::Conflict(format!("stored role {s:?}")))
}

/// The user of a token: none for an unknown or expired token or a disabled user.
pub(crate) fn authenticate(conn: &Connection, t: &str) -> Result<Option<User>> {
    let found: Option<(i64, String, String)> = conn
        .prepare_cached(
            "SELECT u.id, u.name, u.role FROM tokens t JOIN users u ON u.id = t.user_id
              WHERE t.sha256 = ?1 AND u.disabled_at IS NULL
                AND (t.expires_at IS NULL OR t.expires_at > ?2)",
        )?
        .query_row(params![token::digest(t), crate::clock::now()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let Some((id, name, role)) = found else {
        return Ok(None);
    };
    Ok(Some(User {
        id,
        role: role_of(&role)?,
        regions: regions_of(conn, id)?,
        name,
    }))
}

const ACCOUNT: &str = "SELECT u.id, u.name, u.role, u.created_at, u.disabled_at,
        (SELECT max(expires_at) FROM tokens t WHERE t.user_id = u.id) FROM users u";

fn account(conn: &Connection, r: &rusqlite::Row) -> Result<Account> {
    let id: i64 = r.get(0)?;
    Ok(Account {
        user: User {
            id,
            name: r.get(1)?,
            role: role_of(&r.get::<_, String>(2)?)?,
            regions: regions_of(conn, id)?,
        },
        created_at: r.get(3)?,
        disabled_at: r.get(4)?,
        token_expires_at: r.get(5)?,
    })
}

/// Every user, by id.
pub(crate) fn list(conn: &Connection) -> Result<Vec<Account>> {
    let mut st = conn.prepare(&format!("{ACCOUNT} ORDER BY u.id"))?;
    let mut rows = st.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(account(conn, r)?);
    }
    Ok(out)
}

/// The user named `name`.
pub(crate) fn find(conn: &Connection, name: &str) -> Result<Account> {
    let mut st = conn.prepare(&format!("{ACCOUNT} WHERE u.name = ?1"))?;
    let mut rows = st.query([name])?;
    match rows.next()? {
        Some(r) => account(conn, r),
        None => Err(StoreError::UnknownUser(name.to_string())),
    }
}

/// Disables `name` (idempotent: an already disabled user stays as it was).
pub(crate) fn disable(tx: &Connection, name: &str) -> Result<Account> {
    tx.execute(
        "UPDATE users SET disabled_at = ?1 WHERE name = ?2 AND disabled_at IS NULL",
        params![crate::clock::now(), name],
    )?;
    find(tx, name)
}

/// Removes the user when nothing refers to it, else disables it.
pub(crate) fn remove(tx: &Connection, a: &Account) -> Result<Removal> {
    let audited: i64 = tx.query_row(
        "SELECT count(*) FROM audit_log WHERE actor = ?1",
        [&a.user.name],
        |r| r.get(0),
    )?;
    let assigned: i64 = tx.query_row(
        "SELECT count(*) FROM assignments WHERE user_name = ?1",
        [&a.user.name],
        |r| r.get(0),
    )?;
    if audited == 0 && assigned == 0 {
        tx.execute("DELETE FROM users WHERE id = ?1", [a.user.id])?;
        return Ok(Removal::Removed);
    }
    disable(tx, &a.user.name)?;
    let mut why = Vec::new();
    if audited > 0 {
        why.push(format!("{audited} audit entries name it as the actor"));
    }
    if assigned > 0 {
        why.push(format!("{assigned} expert team(s) name it"));
    }
    Ok(Removal::Disabled {
        because: why.join("; "),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_would_spoof_the_audit_log_are_refused() {
        assert_eq!(name_problem("ada"), None);
        assert_eq!(name_problem("Zoë Müller-Łukasz"), None);
        assert!(name_problem("evil\nname").unwrap().contains("U+000A"));
        assert!(name_problem("abc\u{202E}fdp").unwrap().contains("U+202E"));
        assert!(name_problem("a\u{2028}b")
            .unwrap()
            .contains("line separator"));
        assert!(name_problem("a\u{2029}b")
            .unwrap()
            .contains("paragraph separator"));
        assert!(name_problem("zero\u{200B}width")
            .unwrap()
            .contains("format"));
        // "e" + combining acute is NFD; the precomposed é is NFC
        assert!(name_problem("Rene\u{301}").unwrap().contains("NFC"));
        assert_eq!(name_problem("Ren\u{e9}"), None);
        assert!(name_problem("").is_some() && name_problem(" ada").is_some());
        assert_eq!(name_problem(&"x".repeat(64)), None);
        assert!(name_problem(&"x".repeat(65)).is_some());
    }

    #[test]
    fn expiry_in_days_or_at_the_end_of_a_date() {
        // 2025-11-25T12:00:00Z
        let now = 1_764_072_000;
        assert_eq!(expiry("30d", now).unwrap(), "2025-12-25T12:00:00Z");
        assert_eq!(expiry("2026-01-31", now).unwrap(), "2026-01-31T23:59:59Z");
        assert!(expiry("2025-01-01", now).is_err());
        assert!(expiry("0d", now).is_err() && expiry("soon", now).is_err());
    }
}

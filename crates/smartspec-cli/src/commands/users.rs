//! `smartspec users add | list | disable | remove | rotate-token`: the API's
//! accounts, managed by whoever holds the database file (the local
//! operator, an admin). The rules are the store's (`smartspec_store::accounts`).

use crate::args::{UserNameArgs, UserTokenArgs, UsersAddArgs, UsersListArgs};
use crate::output::Report;
use anyhow::{anyhow, Result};
use smartspec_io::write::{Table, Value};
use smartspec_store::{Removal, Repository, Role};
use std::process::ExitCode;

pub fn add(a: UsersAddArgs) -> Result<ExitCode> {
    let role = Role::parse(&a.role).ok_or_else(|| {
        anyhow!(
            "--role must be admin, region-editor, expert or viewer, got {:?}",
            a.role
        )
    })?;
    let store = crate::input::open_store(&a.db.db)?;
    let regions: Vec<String> = a
        .regions
        .iter()
        .map(|r| r.trim().to_ascii_uppercase())
        .collect();
    let (user, token) = store.add_user_with(None, &a.name, role, &regions, a.expires.as_deref())?;
    eprintln!(
        "added user {} ({}{}) to {}{}; the token below is shown once, only its SHA-256 is kept",
        user.name,
        user.role.as_str(),
        if regions.is_empty() {
            String::new()
        } else {
            format!(", regions {}", regions.join(" "))
        },
        a.db.db.display(),
        expiry_note(&store, &user.name)?,
    );
    println!("{token}");
    Ok(ExitCode::SUCCESS)
}

/// `; the token expires …` when it does.
fn expiry_note(store: &smartspec_store::SqliteStore, name: &str) -> Result<String> {
    let users = store.users(None)?;
    Ok(users
        .iter()
        .find(|u| u.user.name == name)
        .and_then(|u| u.token_expires_at.clone())
        .map_or(String::new(), |t| format!("; the token expires {t}")))
}

pub fn list(a: UsersListArgs) -> Result<ExitCode> {
    let store = crate::input::open_store(&a.db.db)?;
    let mut t = Table::new(&[
        "name",
        "role",
        "regions",
        "created_at",
        "disabled_at",
        "token_expires_at",
    ]);
    let opt = |s: &Option<String>| Value::Text(s.clone().unwrap_or_default());
    for u in store.users(None)? {
        t.push(vec![
            Value::Text(u.user.name.clone()),
            Value::Text(u.user.role.as_str().into()),
            Value::Text(u.user.regions.join(" ")),
            Value::Text(u.created_at.clone()),
            opt(&u.disabled_at),
            opt(&u.token_expires_at),
        ]);
    }
    let mut r = Report::new();
    r.heading.push(format!("users of {}", a.db.db.display()));
    r.table("users", "users", t);
    r.emit(&a.output)?;
    Ok(ExitCode::SUCCESS)
}

pub fn disable(a: UserNameArgs) -> Result<ExitCode> {
    let store = crate::input::open_store(&a.db.db)?;
    let u = store.disable_user(None, &a.name)?;
    eprintln!(
        "disabled user {} (since {}); its tokens no longer authenticate",
        u.user.name,
        u.disabled_at.unwrap_or_default()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn remove(a: UserNameArgs) -> Result<ExitCode> {
    let store = crate::input::open_store(&a.db.db)?;
    match store.remove_user(None, &a.name)? {
        Removal::Removed => eprintln!("removed user {}", a.name),
        Removal::Disabled { because } => eprintln!(
            "disabled user {} instead of removing it: {because} (its history stays readable)",
            a.name
        ),
    }
    Ok(ExitCode::SUCCESS)
}

pub fn rotate(a: UserTokenArgs) -> Result<ExitCode> {
    let store = crate::input::open_store(&a.db.db)?;
    let token = store.rotate_token(None, &a.name, a.expires.as_deref())?;
    eprintln!(
        "revoked every token of {} and issued the one below (shown once){}",
        a.name,
        expiry_note(&store, &a.name)?
    );
    println!("{token}");
    Ok(ExitCode::SUCCESS)
}

//! `smartspec users add NAME --role ROLE [--region CODE ...]`

use crate::args::UsersAddArgs;
use anyhow::{anyhow, Result};
use smartspec_store::{Repository, Role};
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
    let (user, token) = store.add_user(None, &a.name, role, &regions)?;
    eprintln!(
        "added user {} ({}{}) to {}; the token below is shown once, only its SHA-256 is kept",
        user.name,
        user.role.as_str(),
        if regions.is_empty() {
            String::new()
        } else {
            format!(", regions {}", regions.join(" "))
        },
        a.db.db.display()
    );
    println!("{token}");
    Ok(ExitCode::SUCCESS)
}

//! Themes for the partnership commands: loading them (the seed themes, the
//! user directory, `--themes DIR`) on a dataset's activity codes.

use crate::args::ThemeDirArgs;
use anyhow::{anyhow, Result};
use smartspec_analysis::Dataset;
use smartspec_io::themes::{Theme, ThemeSet};
use std::path::{Path, PathBuf};

/// `$XDG_CONFIG_HOME/smartspec/themes` or `~/.config/smartspec/themes`, when it exists.
pub fn user_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    let dir = base.join("smartspec").join("themes");
    dir.is_dir().then_some(dir)
}

/// The seed themes, then the user directory's, then each `--themes DIR`'s,
/// validated against the codes of `ds`.
pub fn load(command: &str, ds: &Dataset, a: &ThemeDirArgs) -> Result<ThemeSet> {
    ds.require(command, smartspec_analysis::Need::NaceDivisions)?;
    let user = user_dir();
    let dirs: Vec<&Path> = user
        .iter()
        .map(PathBuf::as_path)
        .chain(a.themes.iter().map(PathBuf::as_path))
        .collect();
    let set = ThemeSet::load(&dirs, &smartspec_analysis::themes::vocabulary(ds))?;
    for n in &set.notes {
        eprintln!("note: {n}");
    }
    Ok(set)
}

/// The theme `id` of `set`.
pub fn pick<'a>(set: &'a ThemeSet, id: &str) -> Result<&'a Theme> {
    set.get(id)
        .ok_or_else(|| anyhow!("unknown theme {id:?}; themes: {}", set.ids()))
}

//! Themes for the partnership commands: loading them (the seed themes, the
//! user directory, `--themes DIR`) and turning one into stage strengths on
//! the embedded data.

use crate::args::ThemeDirArgs;
use anyhow::{anyhow, Result};
use smartspec_core::Panel;
use smartspec_io::embedded;
pub use smartspec_io::themes::ThemeYear;
use smartspec_io::themes::{embedded_vocabulary, theme_year, Theme, ThemeSet};
use std::path::{Path, PathBuf};

/// `$XDG_CONFIG_HOME/smartspec/themes` or `~/.config/smartspec/themes`, when it exists.
pub fn user_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    let dir = base.join("smartspec").join("themes");
    dir.is_dir().then_some(dir)
}

/// The seed themes, then the user directory's, then each `--themes DIR`'s.
pub fn load(a: &ThemeDirArgs) -> Result<ThemeSet> {
    let user = user_dir();
    let dirs: Vec<&Path> = user
        .iter()
        .map(PathBuf::as_path)
        .chain(a.themes.iter().map(PathBuf::as_path))
        .collect();
    let set = ThemeSet::load(&dirs, &embedded_vocabulary())?;
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

/// The year asked, or the embedded panel's default year.
pub fn year_of(panel: &Panel, year: Option<i32>) -> Result<(i32, usize)> {
    let year = year.unwrap_or_else(|| panel.default_year());
    let y = panel
        .year_index(year)
        .ok_or_else(|| anyhow!("year {year} is not in the data (years {:?})", panel.years()))?;
    Ok((year, y))
}

/// Stage strengths of `theme` in `year` on the embedded data
/// ([`smartspec_io::themes::theme_year`]).
pub fn strengths(theme: &Theme, year: Option<i32>) -> Result<ThemeYear> {
    let (year, y) = year_of(embedded::default_panel(), year)?;
    Ok(theme_year(theme, year, y))
}

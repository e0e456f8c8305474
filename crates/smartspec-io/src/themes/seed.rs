//! The seed themes compiled into smartspec, and user theme directories.

use super::parse::{parse_theme, Vocabulary};
use super::{Theme, ThemeError, ThemeProblem};
use std::path::Path;

macro_rules! seed_file {
    ($name:literal) => {
        (
            $name,
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../themes/", $name)),
        )
    };
}

/// Ids of the five seed themes (the S3 thematic platforms' priorities).
pub const SEED_IDS: [&str; 5] = [
    "big-data",
    "bioeconomy",
    "resource-efficiency",
    "connected-mobility",
    "advanced-manufacturing",
];

const SEED: [(&str, &str); 5] = [
    seed_file!("big-data.toml"),
    seed_file!("bioeconomy.toml"),
    seed_file!("resource-efficiency.toml"),
    seed_file!("connected-mobility.toml"),
    seed_file!("advanced-manufacturing.toml"),
];

/// The themes a command may use, with notes on overrides.
#[derive(Debug, Clone, Default)]
pub struct ThemeSet {
    /// Themes: the seed ones first (in [`SEED_IDS`] order), then user ones by id.
    pub themes: Vec<Theme>,
    /// What replaced what.
    pub notes: Vec<String>,
}

impl ThemeSet {
    /// The seed themes, then every `*.toml` of `dirs` (a user theme with the
    /// id of an earlier one replaces it, with a note).
    ///
    /// # Errors
    /// Every problem of every file, located `FILE:LINE`.
    pub fn load(dirs: &[&Path], vocab: &Vocabulary) -> Result<ThemeSet, ThemeError> {
        let mut set = ThemeSet {
            themes: seed_themes(vocab)?,
            notes: Vec::new(),
        };
        for dir in dirs {
            for t in load_dir(dir, vocab)? {
                match set.themes.iter_mut().find(|x| x.id == t.id) {
                    Some(old) => {
                        set.notes.push(format!(
                            "theme {:?} of {} replaces the one of {}",
                            t.id, t.file, old.file
                        ));
                        *old = t;
                    }
                    None => set.themes.push(t),
                }
            }
        }
        Ok(set)
    }

    /// The theme with this id.
    pub fn get(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id == id)
    }

    /// The known ids, comma-separated (for error messages).
    pub fn ids(&self) -> String {
        self.themes
            .iter()
            .map(|t| t.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The five seed themes.
///
/// # Errors
/// A problem in a shipped file (a build bug, caught by the tests), or a code
/// `vocab` does not know.
pub fn seed_themes(vocab: &Vocabulary) -> Result<Vec<Theme>, ThemeError> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (name, text) in SEED {
        match parse_theme(&format!("embedded:themes/{name}"), text, vocab) {
            Ok(t) => out.push(t),
            Err(e) => problems.extend(e.0),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(ThemeError(problems))
    }
}

/// Every `*.toml` file of `dir`, in name order (see [`parse_files`]).
///
/// # Errors
/// Every problem of every file.
pub fn load_dir(dir: &Path, vocab: &Vocabulary) -> Result<Vec<Theme>, ThemeError> {
    let whole = |message: String| {
        ThemeError(vec![ThemeProblem {
            file: dir.display().to_string(),
            line: 1,
            message,
        }])
    };
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| whole(format!("cannot read theme directory: {e}")))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    parse_files(&files, vocab)
}

/// Parses theme files; two files with one id are an error located at the
/// second one's `id` line.
///
/// # Errors
/// Every problem of every file.
pub fn parse_files(
    files: &[std::path::PathBuf],
    vocab: &Vocabulary,
) -> Result<Vec<Theme>, ThemeError> {
    let mut themes: Vec<Theme> = Vec::new();
    let mut problems = Vec::new();
    for f in files {
        let name = f.display().to_string();
        let text = match std::fs::read_to_string(f) {
            Ok(t) => t,
            Err(e) => {
                problems.push(ThemeProblem {
                    file: name,
                    line: 1,
                    message: format!("cannot read: {e}"),
                });
                continue;
            }
        };
        match parse_theme(&name, &text, vocab) {
            Ok(t) => {
                if let Some(first) = themes.iter().find(|x| x.id == t.id) {
                    problems.push(ThemeProblem {
                        file: name,
                        line: t.line,
                        message: format!("duplicate theme id {:?} (also in {})", t.id, first.file),
                    });
                } else {
                    themes.push(t);
                }
            }
            Err(e) => problems.extend(e.0),
        }
    }
    if problems.is_empty() {
        Ok(themes)
    } else {
        Err(ThemeError(problems))
    }
}

//! Themes as value chains: the TOML theme files, their validation and the
//! five seed themes shipped with smartspec.
//!
//! A theme (`big-data`, `bioeconomy`, ...) is a value chain of **stages**
//! (resources → processing → components → systems → services); a stage is a
//! set of **activity codes** with a sentence of justification and its
//! sources. Codes are NACE Rev. 2 divisions of the panel (`C10`) or an
//! external per-region series written `SOURCE:CODE` (`lfs:A`: the region's
//! Labour Force Survey share of NACE section A). A stage takes its codes
//! from one source only.
//!
//! ```toml
//! id = "bioeconomy"
//! name = "Bioeconomy"
//! description = "From biomass to bio-based products."
//! sources = ["European Commission (2018), A sustainable bioeconomy for Europe"]
//!
//! [[stages]]
//! id = "processing"
//! name = "Food and wood processing"
//! activities = ["C10", "C11", "C16"]
//! why = "Turns biomass into food, feed and materials."
//! sources = ["Eurostat, NACE Rev. 2"]
//! ```
//!
//! Every problem is reported as `FILE:LINE: message` (see [`ThemeProblem`]):
//! TOML syntax and unknown or missing keys, an unknown activity code, an
//! empty stage, a code in two stages, a stage mixing sources, a duplicate
//! stage or theme id.

mod parse;
mod seed;

pub use parse::{parse_theme, Vocabulary};
pub use seed::{load_dir, parse_files, seed_themes, ThemeSet, SEED_IDS};

use thiserror::Error;

/// One activity code of a stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActivityCode {
    /// A NACE division of the panel, e.g. `C10`.
    Division(String),
    /// An external per-region share, e.g. `lfs:A`.
    External {
        /// The series (`lfs`).
        source: String,
        /// Its code (`A`).
        code: String,
    },
}

impl ActivityCode {
    /// Reads `C10` or `lfs:A`.
    pub fn parse(text: &str) -> ActivityCode {
        match text.split_once(':') {
            Some((source, code)) => ActivityCode::External {
                source: source.to_string(),
                code: code.to_string(),
            },
            None => ActivityCode::Division(text.to_string()),
        }
    }

    /// The code without its source (`C10`, `A`).
    pub fn code(&self) -> &str {
        match self {
            ActivityCode::Division(c) => c,
            ActivityCode::External { code, .. } => code,
        }
    }

    /// The source name: `sbs` for a division, else the prefix.
    pub fn source(&self) -> &str {
        match self {
            ActivityCode::Division(_) => "sbs",
            ActivityCode::External { source, .. } => source,
        }
    }
}

impl std::fmt::Display for ActivityCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ActivityCode::Division(c) => f.write_str(c),
            ActivityCode::External { source, code } => write!(f, "{source}:{code}"),
        }
    }
}

/// A stage of a value chain.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    /// Short id (`processing`).
    pub id: String,
    /// Display name (`Food and wood processing`).
    pub name: String,
    /// Its activity codes (one source).
    pub activities: Vec<ActivityCode>,
    /// Why these codes make this stage.
    pub why: String,
    /// Where the choice comes from.
    pub sources: Vec<String>,
}

/// A theme: a named value chain of stages.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// Id (`bioeconomy`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// One paragraph.
    pub description: String,
    /// Sources of the theme as a whole.
    pub sources: Vec<String>,
    /// Stages, upstream first.
    pub stages: Vec<Stage>,
    /// Where it was read from (`embedded:themes/bioeconomy.toml` or a path).
    pub file: String,
    /// The line of its `id`.
    pub line: usize,
}

/// A problem in a theme file, located.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{file}:{line}: {message}")]
pub struct ThemeProblem {
    /// File name.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Every problem found in one or more theme files.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{}", .0.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n"))]
pub struct ThemeError(pub Vec<ThemeProblem>);

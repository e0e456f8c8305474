//! `dataset.toml`: what a dataset directory holds.
//!
//! ```toml
//! schema = 1
//! name = "my-panel.csv"
//! created_by = "smartspec 0.1.0"
//! nuts_version = "nuts2013"        # absent for free region codes
//! activities = "nace"              # or "free"
//! measure = "count"                # or "signed"
//! reference_area = "EU28 regions"
//! default_year = 2014
//!
//! [geometry]                       # absent when no map geometry matches
//! file = "embedded:nuts2_2021_20m.geojson"
//! codes = "NUTS 2021 codes mapped to NUTS 2013 by the JRC crosswalk (...)"
//!
//! [[tables]]
//! role = "panel"                   # panel | context | names
//! file = "panel.csv.gz"
//! sha256 = "…"
//! source = "/home/me/my-panel.csv"
//! vintage = "file modified 2026-11-30"
//! years = [2008, 2015]
//! rows = 150000
//! ```

use serde::{Deserialize, Serialize};

/// The manifest schema this smartspec writes and reads.
pub const SCHEMA_VERSION: u32 = 1;

/// The content of `dataset.toml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// [`SCHEMA_VERSION`] of the writer.
    pub schema: u32,
    /// Shown in outputs as the dataset's name.
    pub name: String,
    /// The program that wrote it.
    pub created_by: String,
    /// NUTS version of the region codes (`nuts2013`); absent: free codes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nuts_version: Option<String>,
    /// `nace` or `free`.
    pub activities: String,
    /// `count` or `signed`.
    pub measure: String,
    /// The reference area of RCA and "EU" figures, in words.
    pub reference_area: String,
    /// The default year of every command.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_year: Option<i32>,
    /// The map geometry and how its feature codes map to the dataset's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geometry: Option<GeometryEntry>,
    /// The files, panel first.
    pub tables: Vec<TableEntry>,
}

/// The geometry of a dataset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GeometryEntry {
    /// The geometry file (`embedded:...` for the compiled-in one).
    pub file: String,
    /// How feature codes map to the dataset's region codes.
    pub codes: String,
}

/// One file of a dataset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableEntry {
    /// `panel`, `context` or `names`.
    pub role: String,
    /// File name inside the dataset directory.
    pub file: String,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub sha256: String,
    /// Where it was built from.
    pub source: String,
    /// When the source was last modified (or `unknown`).
    pub vintage: String,
    /// First and last year (empty for names).
    #[serde(default)]
    pub years: Vec<i32>,
    /// Rows written.
    pub rows: usize,
}

impl Manifest {
    /// The tables of `role`.
    pub fn tables_of<'a>(&'a self, role: &'a str) -> impl Iterator<Item = &'a TableEntry> + 'a {
        self.tables.iter().filter(move |t| t.role == role)
    }
}

//! Finding a region and the year of a single-region answer.
//!
//! A region is looked up by its code in the dataset (exactly, then without
//! regard to case); a NUTS code of another version is mapped through the
//! JRC crosswalk to the unit holding most of its population, with a note
//! (`PL91 (NUTS 2016) lies in PL12 in this data (NUTS 2013)`). The year is
//! the one asked or the dataset's default year
//! ([`Dataset::default_year`]), the same for every command: a region
//! without data in that year is an error that names the years it has, never
//! a silent switch to another year.

use crate::Dataset;
use thiserror::Error;

/// Why a region or year cannot be answered.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RegionError {
    /// The code is not in the dataset (with codes that start alike).
    #[error("{0}")]
    Unknown(String),
    /// The year is not in the dataset.
    #[error("year {year} is not in the data (years {first}-{last})")]
    Year {
        /// Asked.
        year: i32,
        /// First year of the data.
        first: i32,
        /// Last year.
        last: i32,
    },
    /// The region has no value in the year.
    #[error("region {code} has no data in {year}{}", match .latest { Some(l) => format!(" (its latest year with data is {l}; ask for it with --year {l} or ?year={l})"), None => " nor in any other year".into() })]
    NoData {
        /// The region.
        code: String,
        /// The year.
        year: i32,
        /// Its latest year with data.
        latest: Option<i32>,
    },
    /// The region is outside what an analysis covers.
    #[error("{code} is not among the {count} regions {what} covers{hint}")]
    NotCovered {
        /// The region.
        code: String,
        /// The regions covered.
        count: usize,
        /// The analysis, e.g. `the innovation index`.
        what: String,
        /// An example or a reason.
        hint: String,
    },
}

/// A region of the dataset and the year of an answer about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionYear {
    /// The region's code in the dataset.
    pub code: String,
    /// Its index in the panel.
    pub r: usize,
    /// The year.
    pub year: i32,
    /// Its index in the panel.
    pub y: usize,
    /// Set when the code was mapped from another NUTS version.
    pub note: Option<String>,
}

/// Finds `code` in the dataset: `(code in the dataset, index, note)`.
pub fn find(ds: &Dataset, code: &str) -> Result<(String, usize, Option<String>), RegionError> {
    let regions = ds.panel().regions();
    let trimmed = code.trim();
    if let Some(r) = regions.id(trimmed) {
        return Ok((trimmed.to_string(), r as usize, None));
    }
    if ds.nuts_version().is_none() {
        if let Some(r) = regions.iter().position(|c| c.eq_ignore_ascii_case(trimmed)) {
            return Ok((regions.code(r as u32).to_string(), r, None));
        }
    }
    let (found, note) = smartspec_io::nuts::locate(trimmed, regions, ds.nuts_version())
        .map_err(|e| RegionError::Unknown(e.to_string()))?;
    let r = regions
        .id(&found)
        .ok_or_else(|| RegionError::Unknown(format!("region {found} is not in this data")))?;
    Ok((found, r as usize, note))
}

/// The year asked or the dataset's default year, and its index.
pub fn year(ds: &Dataset, year: Option<i32>) -> Result<(i32, usize), RegionError> {
    let panel = ds.panel();
    let year = year.unwrap_or_else(|| ds.default_year());
    let y = panel.year_index(year).ok_or_else(|| RegionError::Year {
        year,
        first: panel.years().first().copied().unwrap_or(0),
        last: panel.years().last().copied().unwrap_or(0),
    })?;
    Ok((year, y))
}

/// Finds `code` and the year of a single-region answer (see the module doc).
pub fn region_year(
    ds: &Dataset,
    code: &str,
    asked: Option<i32>,
) -> Result<RegionYear, RegionError> {
    let (code, r, note) = find(ds, code)?;
    let (year, y) = year(ds, asked)?;
    let panel = ds.panel();
    let has_data = (0..panel.activities().len())
        .any(|a| matches!(panel.cell(y, r, a), smartspec_core::Cell::Value(_)));
    if !has_data {
        return Err(RegionError::NoData {
            latest: panel.latest_year_of(&code),
            code,
            year,
        });
    }
    Ok(RegionYear {
        code,
        r,
        year,
        y,
        note,
    })
}

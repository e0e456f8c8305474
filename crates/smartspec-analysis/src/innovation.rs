//! The innovation capacity of a dataset's regions (`smartspec innovation`,
//! `GET /v1/regions/{code}/innovation`, the map's `innovation_index`, the
//! diagnostic): the composite index of `smartspec_core::innovation` on the
//! inputs of [`crate::context_inputs::innovation_inputs`].
//!
//! **Year.** The dataset's default year unless one is asked; each
//! indicator's value is the region's latest within the
//! [`WINDOW`](crate::context_inputs::WINDOW) years before it (patents end in
//! 2012 on the embedded data, R&D in 2013), and every value keeps its year.

use crate::context_inputs::{innovation_inputs, WINDOW};
use crate::{Analysis, AnalysisError, Dataset, Need, RegionError};
use smartspec_core::innovation::{assess, AssessOptions, Assessment};
use smartspec_core::CodeSet;
use std::sync::Arc;

/// The year of a context-based analysis and the sentence that says why.
pub fn year_of(ds: &Dataset, asked: Option<i32>) -> Result<(i32, String), AnalysisError> {
    let years: Vec<i32> = {
        let mut v: Vec<i32> = ds
            .context()
            .iter()
            .flat_map(|c| c.years().iter().copied())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    match asked {
        Some(y) if years.contains(&y) => Ok((
            y,
            format!("year {y} (asked); each value is the region's latest within {WINDOW} years before it"),
        )),
        Some(y) => Err(AnalysisError::Region(RegionError::Year {
            year: y,
            first: years.first().copied().unwrap_or(0),
            last: years.last().copied().unwrap_or(0),
        })),
        None => {
            let y = ds.default_year();
            Ok((
                y,
                format!(
                    "year {y}, the dataset's default year; each value is the region's latest within {WINDOW} years before it ({}-{y})",
                    y - WINDOW
                ),
            ))
        }
    }
}

/// Finds `code` among the `regions` an analysis covers (a NUTS code of
/// another version is mapped, with a note).
pub fn covered(
    ds: &Dataset,
    code: &str,
    regions: &[String],
    what: &str,
) -> Result<(String, Option<String>), RegionError> {
    let set = CodeSet::from_codes(regions.iter().map(String::as_str));
    let version = ds
        .nuts_version()
        .or(Some(smartspec_core::NutsVersion::V2013));
    match smartspec_io::nuts::locate(code, &set, version) {
        Ok(found) => Ok(found),
        Err(_) => Err(RegionError::NotCovered {
            code: code.trim().to_string(),
            count: regions.len(),
            what: what.to_string(),
            hint: regions.first().map_or(String::new(), |e| {
                format!(" (its EU28 NUTS-2 regions with context data, e.g. {e})")
            }),
        }),
    }
}

impl Analysis {
    /// The innovation assessment of `year` (default: the dataset's default
    /// year) with `options`; kept per year for the default options.
    pub fn innovation(
        &self,
        year: Option<i32>,
        options: &AssessOptions,
    ) -> Result<(i32, String, Arc<Assessment>), AnalysisError> {
        let ds = self.dataset();
        ds.require("innovation", Need::Context)?;
        let (year, why) = year_of(ds, year)?;
        let run = || Ok::<_, AnalysisError>(assess(innovation_inputs(ds, year), options));
        let a = if *options == AssessOptions::default() {
            self.innovation.get(year, run)?
        } else {
            Arc::new(run()?)
        };
        Ok((year, why, a))
    }
}

//! The command line's side of the industrial-transition screening
//! (`smartspec_analysis::screening`), shared by `transition` and `diagnose`:
//! reading `--criteria`.

use anyhow::Result;
use smartspec_analysis::screening::Screening;
use smartspec_analysis::Dataset;
use smartspec_io::criteria::{self, Criteria};
use std::path::Path;

/// Reads `--criteria` or the shipped default.
pub fn load_criteria(path: Option<&Path>) -> Result<(String, Criteria)> {
    Ok(match path {
        Some(p) => (p.display().to_string(), criteria::read(p)?),
        None => (
            criteria::DEFAULT_NAME.to_string(),
            criteria::default_criteria(),
        ),
    })
}

/// Runs the screening of `ds` with `--criteria` (or the shipped ones).
pub fn run(ds: &Dataset, year: Option<i32>, criteria: Option<&Path>) -> Result<Screening> {
    let (criteria_name, criteria) = load_criteria(criteria)?;
    Ok(smartspec_analysis::screening::run(
        ds,
        year,
        criteria_name,
        criteria,
    )?)
}

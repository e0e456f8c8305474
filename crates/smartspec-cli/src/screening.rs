//! The command line's side of the industrial-transition screening
//! (`smartspec_io::screening`), shared by `transition` and `diagnose`:
//! reading `--criteria` and `--context`.

use anyhow::{anyhow, Result};
use smartspec_core::Panel;
use smartspec_io::criteria::{self, Criteria};
use smartspec_io::embedded;
use std::path::Path;

pub use smartspec_io::analysis::measures;
pub use smartspec_io::screening::Screening;

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

/// Runs the screening with the `--context` panels already read.
pub fn run(year: Option<i32>, criteria: Option<&Path>, context: &[Panel]) -> Result<Screening> {
    let panel = embedded::default_panel();
    if let Some(year) = year.filter(|&y| panel.year_index(y).is_none()) {
        return Err(anyhow!(
            "--year {year}: the embedded data cover {}-{}",
            panel.years().first().copied().unwrap_or(0),
            panel.years().last().copied().unwrap_or(0)
        ));
    }
    let (criteria_name, criteria) = load_criteria(criteria)?;
    Ok(smartspec_io::screening::run(
        year,
        criteria_name,
        criteria,
        context,
    )?)
}

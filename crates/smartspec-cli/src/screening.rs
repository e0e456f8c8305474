//! The industrial-transition screening on the embedded data, shared by
//! `transition` and `diagnose`.

use anyhow::{anyhow, Result};
use smartspec_core::transition::{evaluate, Criterion, Observation, RegionScore, Unit};
use smartspec_io::criteria::{self, Criteria};
use smartspec_io::embedded;
use smartspec_io::nuts::country_of;
use std::path::{Path, PathBuf};

/// A finished screening.
pub struct Screening {
    /// The criteria file used, as named in outputs.
    pub criteria_name: String,
    /// Its content.
    pub criteria: Criteria,
    /// The screening year.
    pub year: i32,
    /// The regions screened (every NUTS-2 region of the embedded panel).
    pub units: Vec<Unit>,
    /// `[criterion][unit]`.
    pub observations: smartspec_core::transition::Observations,
    /// One per unit, in unit order.
    pub scores: Vec<RegionScore>,
}

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

use smartspec_io::analysis::is_eu_region;
pub use smartspec_io::analysis::measures;

/// Runs the screening.
pub fn run(
    year: Option<i32>,
    criteria: Option<&Path>,
    context_files: &[PathBuf],
) -> Result<Screening> {
    let panel = embedded::default_panel();
    let year = year.unwrap_or_else(|| panel.default_year());
    if panel.year_index(year).is_none() {
        return Err(anyhow!(
            "--year {year}: the embedded data cover {}-{}",
            panel.years().first().copied().unwrap_or(0),
            panel.years().last().copied().unwrap_or(0)
        ));
    }
    let (criteria_name, criteria) = load_criteria(criteria)?;
    let context = crate::input::load_context(context_files)?;
    let m = measures(&context, year, criteria.start);
    let units: Vec<Unit> = panel
        .regions()
        .iter()
        .map(|code| Unit {
            code: code.to_string(),
            country: country_of(code).to_string(),
            eu: is_eu_region(code),
        })
        .collect();
    let (observations, scores) = evaluate(&m, &units, &criteria.criteria, criteria.min_available)?;
    Ok(Screening {
        criteria_name,
        criteria,
        year,
        units,
        observations,
        scores,
    })
}

impl Screening {
    /// The criteria.
    pub fn criteria(&self) -> &[Criterion] {
        &self.criteria.criteria
    }

    /// Unit indices: scored ones by rank, then the unscored by code.
    pub fn order(&self) -> Vec<usize> {
        let mut o: Vec<usize> = (0..self.units.len()).collect();
        o.sort_by_key(|&u| {
            (
                self.scores[u].rank.unwrap_or(usize::MAX),
                self.units[u].code.clone(),
            )
        });
        o
    }

    /// How many EU28 regions were scored, of how many.
    pub fn eu_coverage(&self) -> (usize, usize) {
        let eu: Vec<usize> = (0..self.units.len())
            .filter(|&u| self.units[u].eu)
            .collect();
        let scored = eu
            .iter()
            .filter(|&&u| self.scores[u].score.is_some())
            .count();
        (scored, eu.len())
    }

    /// The years of an observation in words: `2014` or `2008-2014`.
    pub fn years(o: &Observation) -> String {
        match o.from_year {
            Some(f) => format!("{f}-{}", o.year),
            None => o.year.to_string(),
        }
    }
}

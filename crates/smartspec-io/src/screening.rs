//! The industrial-transition screening on the embedded data
//! (`smartspec_core::transition`), shared by the command line (`transition`,
//! `diagnose`) and the HTTP API: every NUTS-2 region of the embedded panel
//! screened on the embedded measures, with extra context panels searched
//! first.

use crate::analysis::{is_eu_region, measures};
use crate::criteria::Criteria;
use crate::embedded;
use crate::nuts::country_of;
use smartspec_core::transition::{
    evaluate, Criterion, Observation, Observations, RegionScore, ScreeningError, Unit,
};
use smartspec_core::Panel;

/// Why a screening did not run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RunError {
    /// The year is outside the embedded data.
    #[error("year {year} is not in the embedded data ({first}-{last})")]
    Year {
        /// The year asked.
        year: i32,
        /// First year of the data.
        first: i32,
        /// Last year of the data.
        last: i32,
    },
    /// The criteria cannot be evaluated.
    #[error(transparent)]
    Criteria(#[from] ScreeningError),
}

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
    pub observations: Observations,
    /// One per unit, in unit order.
    pub scores: Vec<RegionScore>,
}

/// Runs the screening in `year` (default: the embedded panel's default year).
pub fn run(
    year: Option<i32>,
    criteria_name: String,
    criteria: Criteria,
    context: &[Panel],
) -> Result<Screening, RunError> {
    let panel = embedded::default_panel();
    let year = year.unwrap_or_else(|| panel.default_year());
    if panel.year_index(year).is_none() {
        return Err(RunError::Year {
            year,
            first: panel.years().first().copied().unwrap_or(0),
            last: panel.years().last().copied().unwrap_or(0),
        });
    }
    let m = measures(context, year, criteria.start);
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

//! The industrial-transition screening of a dataset
//! (`smartspec_core::transition`), shared by the command line (`transition`,
//! `diagnose`), the HTTP API and the map: every region of the dataset's
//! panel screened on the measures of [`measures`] (its sections, divisions
//! and context indicators).

use crate::{AnalysisError, Dataset, Need, RegionError};
use smartspec_core::transition::{
    evaluate, Criterion, Inputs, Measures, Observation, Observations, RegionScore, ScreeningError,
    Unit, Window,
};
use smartspec_io::criteria::Criteria;
use smartspec_io::nace::section_of;
use smartspec_io::nuts::{country_of, is_eu28};

/// A NUTS region of an EU28 country.
pub fn is_eu_region(code: &str) -> bool {
    is_eu28(country_of(code))
}

/// The screening measures of `ds` in `year`, the start window `start`
/// (`(2008, 2010)` by default): sections (the divisions where the dataset
/// has none), divisions and context panels in the dataset's order.
pub fn measures(ds: &Dataset, year: i32, start: (i32, i32)) -> Measures<'_> {
    let mut window = Window::new(year);
    (window.start_first, window.start_last) = start;
    Measures::new(
        Inputs {
            sections: ds.sections().unwrap_or(ds.panel()),
            divisions: ds.panel(),
            context: ds.context(),
            section_of,
            is_eu: is_eu_region,
        },
        window,
    )
}

/// A finished screening.
pub struct Screening {
    /// The criteria file used, as named in outputs.
    pub criteria_name: String,
    /// Its content.
    pub criteria: Criteria,
    /// The screening year.
    pub year: i32,
    /// The regions screened (every region of the dataset's panel).
    pub units: Vec<Unit>,
    /// `[criterion][unit]`.
    pub observations: Observations,
    /// One per unit, in unit order.
    pub scores: Vec<RegionScore>,
}

/// Runs the screening of `ds` in `year` (default: the dataset's default
/// year). Criteria that cannot be evaluated are an [`AnalysisError::Invalid`]
/// of field `criteria`.
pub fn run(
    ds: &Dataset,
    year: Option<i32>,
    criteria_name: String,
    criteria: Criteria,
) -> Result<Screening, AnalysisError> {
    ds.require("transition", Need::Context)?;
    let (year, _) = crate::region::year(ds, year)?;
    let m = measures(ds, year, criteria.start);
    let nuts = ds.nuts_version().is_some();
    let units: Vec<Unit> = ds
        .panel()
        .regions()
        .iter()
        .enumerate()
        .map(|(r, code)| Unit {
            code: code.to_string(),
            country: if nuts {
                country_of(code).to_string()
            } else {
                code.to_string()
            },
            eu: if nuts {
                is_eu_region(code)
            } else {
                ds.in_reference(r)
            },
        })
        .collect();
    let (observations, scores) =
        evaluate(&m, &units, &criteria.criteria, criteria.min_available)
            .map_err(|e: ScreeningError| AnalysisError::invalid("criteria", e.to_string()))?;
    Ok(Screening {
        criteria_name,
        criteria,
        year,
        units,
        observations,
        scores,
    })
}

impl crate::Analysis {
    /// The screening of `year` (default: the dataset's default year) with
    /// the shipped criteria (`config/transition.toml`), kept per year.
    pub fn screening(&self, year: Option<i32>) -> Result<std::sync::Arc<Screening>, AnalysisError> {
        let ds = self.dataset();
        ds.require("transition", Need::Context)?;
        let (year, _) = crate::region::year(ds, year)?;
        self.screening.get(year, || {
            run(
                ds,
                Some(year),
                smartspec_io::criteria::DEFAULT_NAME.to_string(),
                smartspec_io::criteria::default_criteria(),
            )
        })
    }
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

    /// The unit of region `code`; an error when it was not screened.
    pub fn unit(&self, code: &str) -> Result<usize, RegionError> {
        self.units
            .iter()
            .position(|u| u.code == code)
            .ok_or_else(|| RegionError::NotCovered {
                code: code.to_string(),
                count: self.units.len(),
                what: "the screening".into(),
                hint: String::new(),
            })
    }

    /// The years of an observation in words: `2014` or `2008-2014`.
    pub fn years(o: &Observation) -> String {
        match o.from_year {
            Some(f) => format!("{f}-{}", o.year),
            None => o.year.to_string(),
        }
    }
}

//! The industrial-transition screening on the embedded data, shared by
//! `transition` and `diagnose`.

use anyhow::{anyhow, Result};
use smartspec_core::transition::{
    evaluate, Criterion, Inputs, Measures, Observation, RegionScore, Unit, Window,
};
use smartspec_core::Panel;
use smartspec_io::criteria::{self, Criteria};
use smartspec_io::embedded;
use smartspec_io::nuts::{country_of, is_eu28};
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

fn is_eu_region(code: &str) -> bool {
    is_eu28(country_of(code))
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

/// The measures of the embedded data (with `context` panels searched
/// first) for `year`.
pub fn measures<'a>(context: &'a [Panel], year: i32, start: (i32, i32)) -> Measures<'a> {
    let mut panels: Vec<&Panel> = context.iter().collect();
    panels.push(embedded::context());
    let mut window = Window::new(year);
    (window.start_first, window.start_last) = start;
    Measures::new(
        Inputs {
            sections: embedded::sections_panel(),
            divisions: embedded::default_panel(),
            context: panels,
            section_of: smartspec_io::nace::section_of,
            is_eu: is_eu_region,
        },
        window,
    )
}

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

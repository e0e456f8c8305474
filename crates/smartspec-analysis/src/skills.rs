//! The skills supply of a dataset's regions against what their sector mix
//! asks (`smartspec skills`, `GET /v1/regions/{code}/skills`, the
//! diagnostic): `smartspec_core::skills` on the inputs of
//! [`crate::context_inputs::skills_inputs`].
//!
//! **Year.** The dataset's default year unless one is asked; the LFS year
//! used is the latest with sector data within the
//! [`WINDOW`](crate::context_inputs::WINDOW) years before it, and outputs
//! name it.

use crate::context_inputs::{skills_inputs, WINDOW};
use crate::{Analysis, AnalysisError, Need};
use smartspec_core::skills::{assess, SkillsAssessment, SkillsOptions};
use std::sync::Arc;

/// A skills assessment and the years behind it.
pub struct SkillsYear {
    /// The year asked (or the dataset's default year).
    pub year: i32,
    /// The LFS year used: the latest with sector data within the window.
    pub data_year: i32,
    /// The sentence that says so.
    pub why: String,
    /// The assessment.
    pub assessment: Arc<SkillsAssessment>,
}

impl Analysis {
    /// The skills assessment of `year` (default: the dataset's default
    /// year) with `options`; kept per year for the default options.
    pub fn skills(
        &self,
        year: Option<i32>,
        options: &SkillsOptions,
    ) -> Result<SkillsYear, AnalysisError> {
        let ds = self.dataset();
        ds.require("skills", Need::Context)?;
        // every region and year of the context, read once per analysis
        let inputs = self
            .skills_inputs
            .get_or_init(|| Arc::new(skills_inputs(ds)))
            .clone();
        let target = year.unwrap_or_else(|| ds.default_year());
        let data_year = inputs
            .years
            .iter()
            .rev()
            .copied()
            .find(|&y| y <= target && y >= target - WINDOW)
            .ok_or_else(|| {
                AnalysisError::invalid(
                    "year",
                    format!(
                        "no LFS sector data within {WINDOW} years before {target} (years with data: {})",
                        match (inputs.years.first(), inputs.years.last()) {
                            (Some(a), Some(b)) => format!("{a}-{b}"),
                            _ => "none".into(),
                        }
                    ),
                )
            })?;
        let why = match year {
            Some(_) if data_year == target => format!("year {target} (asked)"),
            Some(_) => format!("year {target} (asked); LFS sector data from {data_year}, the latest within {WINDOW} years before it"),
            None if data_year == target => format!("year {target}, the dataset's default year"),
            None => format!("year {target}, the dataset's default year; LFS sector data from {data_year}, the latest within {WINDOW} years before it"),
        };
        let run = || {
            assess((*inputs).clone(), data_year, options)
                .map_err(|e| AnalysisError::invalid("year", e.to_string()))
        };
        let assessment = if *options == SkillsOptions::default() {
            self.skills.get(data_year, run)?
        } else {
            Arc::new(run()?)
        };
        Ok(SkillsYear {
            year: target,
            data_year,
            why,
            assessment,
        })
    }
}

//! A region's diversification opportunities (`smartspec opportunities`, `GET
//! /v1/regions/{code}/opportunities`, the diagnostic):
//! `smartspec_core::opportunities` on the pipeline of the region's year, the
//! complexity axis ranking only when it passes that year's validity test
//! ([`crate::validity`]).

use crate::{Analysis, AnalysisError, RegionYear};
use smartspec_core::indicators::pipeline::YearIndicators;
use smartspec_core::opportunities::{opportunities, ComplexityAxis, Opportunities};
use std::sync::Arc;

/// A region's opportunities and what they were computed from.
pub struct RegionOpportunities {
    /// The region and year.
    pub region: RegionYear,
    /// The pipeline of that year.
    pub year: Arc<YearIndicators>,
    /// The ranked candidates.
    pub opportunities: Opportunities,
    /// The validity of that year's complexity (whether the axis may rank).
    pub validity: Arc<crate::validity::Validity>,
    /// The complexity axis.
    pub axis: ComplexityAxis,
}

impl RegionOpportunities {
    /// How the score was formed, in one sentence (the CLI, the API and the
    /// diagnostic print this).
    pub fn score_rule(&self) -> String {
        let measure = match self.axis {
            ComplexityAxis::Fitness => "fitness",
            ComplexityAxis::Pci => "eci",
        };
        let (_, activity) = crate::validity::names(measure);
        let o = &self.opportunities;
        let feasibility = if o.feasibility_by_model {
            "the entry model's log-odds of entering within 2 years (boosted trees fitted on the dataset's history; `smartspec backtest`)"
        } else {
            "relatedness density (no entry model for this year: it needs the year before and a fitted model)"
        };
        let floor = if o.feasibility_by_model {
            format!(
                "; candidates the model gives under {:.0} % rank after the others",
                smartspec_core::opportunities::MIN_ENTRY_PROBABILITY * 100.0
            )
        } else {
            String::new()
        };
        if o.ranked_by_value {
            let why = if self.validity.measurable() {
                "it passes the validity test"
            } else {
                "validity not measurable: the dataset has no GDP per head"
            };
            format!("score = (feasibility + value) / 2, z-scores among the candidates; feasibility: {feasibility}; value: {activity} ({why}){floor}")
        } else {
            format!("score = feasibility, z-score among the candidates: {feasibility}; {activity} is shown but not ranked by, it fails the validity test in {} (see the validity lines){floor}", self.region.year)
        }
    }

    /// The score as a formula of the output's columns.
    pub fn score_formula(&self) -> &'static str {
        if self.opportunities.ranked_by_value {
            "(feasibility_z + value_z) / 2"
        } else {
            "feasibility_z"
        }
    }

    /// What the feasibility axis is: the entry probability, or the
    /// density where no entry model scores the candidates.
    pub fn feasibility_axis(&self) -> &'static str {
        if self.opportunities.feasibility_by_model {
            "entry probability within 2 years"
        } else {
            "relatedness density"
        }
    }
}

impl Analysis {
    /// The opportunities of `region` in `year` (default: the dataset's
    /// default year) on `axis`, with the quadrant cuts `cuts` (default: the
    /// candidates' medians).
    pub fn opportunities(
        &self,
        region: &str,
        year: Option<i32>,
        axis: ComplexityAxis,
        cuts: Option<(f64, f64)>,
    ) -> Result<RegionOpportunities, AnalysisError> {
        let ds = self.dataset();
        let ry = crate::region::region_year(ds, region, year)?;
        let yi = self.year(ry.y);
        if yi.diversity[ry.r].is_nan() {
            return Err(AnalysisError::invalid(
                "region",
                format!("{} has no positive value in {}", ry.code, ry.year),
            ));
        }
        let panel = ds.panel();
        let na = panel.activities().len();
        let row = &panel.year_values(ry.y)[ry.r * na..(ry.r + 1) * na];
        let validity = self.validity(ry.y);
        let measure = match axis {
            ComplexityAxis::Pci => "eci",
            ComplexityAxis::Fitness => "fitness",
        };
        let valid = validity.usable(measure);
        let entry = self.feasibility().probabilities(ry.y, ry.r);
        let o = opportunities(
            &yi,
            ry.r,
            row,
            self.threshold(),
            axis,
            cuts,
            valid,
            entry.as_deref(),
        );
        Ok(RegionOpportunities {
            region: ry,
            year: yi,
            opportunities: o,
            validity,
            axis,
        })
    }
}

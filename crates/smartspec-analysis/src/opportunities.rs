//! A region's diversification opportunities (`smartspec opportunities`, `GET
//! /v1/regions/{code}/opportunities`, the diagnostic):
//! `smartspec_core::opportunities` on the pipeline of the region's year.

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
        let o = opportunities(&yi, ry.r, row, self.threshold(), axis, cuts);
        Ok(RegionOpportunities {
            region: ry,
            year: yi,
            opportunities: o,
        })
    }
}

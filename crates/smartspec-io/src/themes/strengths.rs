//! A theme's stage strengths on the embedded data, and the portfolio
//! relatedness partners are ranked with: shared by the command line
//! (`partners`, `partnership propose`, `theme-map`) and the HTTP API.

use super::{embedded_stage_data, Theme};
use crate::embedded;
use crate::nuts::eu28_mask;
use smartspec_core::indicators::pipeline::YearIndicators;
use smartspec_core::partnership::partners::portfolio_relatedness;
use smartspec_core::partnership::{stage_strengths, Strengths};

/// A theme's stage strengths for every region of the embedded panel in one year.
pub struct ThemeYear {
    /// The year.
    pub year: i32,
    /// Its index in the panel.
    pub y: usize,
    /// Strengths (regions of [`embedded::default_panel`] × stages).
    pub strengths: Strengths,
}

impl ThemeYear {
    /// Regions with at least one stage defined.
    pub fn candidates(&self) -> Vec<usize> {
        (0..self.strengths.regions)
            .filter(|&r| self.strengths.has_data(r))
            .collect()
    }
}

/// Stage strengths of `theme` in `year` (index `y` of the embedded panel):
/// SBS divisions against the region totals of NACE sections; `lfs:CODE` as
/// the LFS share `CODE / (TOTAL − NRP)`. The reference economy is the EU28.
pub fn theme_year(theme: &Theme, year: i32, y: usize) -> ThemeYear {
    let panel = embedded::default_panel();
    let reference = eu28_mask(panel.regions().iter());
    let stages = embedded_stage_data(theme, year);
    ThemeYear {
        year,
        y,
        strengths: stage_strengths(&stages, Some(&reference)),
    }
}

/// Portfolio relatedness of region `r` to every region, from the pipeline's
/// `M` and proximity.
pub fn relatedness_to(yi: &YearIndicators, r: usize) -> Vec<f64> {
    (0..yi.diversity.len())
        .map(|b| portfolio_relatedness(yi.m.row(r), yi.m.row(b), |p, q| yi.proximity.get(p, q)))
        .collect()
}

/// `[{"stage", "strength"}]` of region `r` (`null` where missing), the
/// stages named by `ids`.
pub fn stages_json(ty: &ThemeYear, ids: &[&str], r: usize) -> serde_json::Value {
    ids.iter()
        .enumerate()
        .map(|(s, id)| {
            let v = ty.strengths.get(r, s);
            serde_json::json!({"stage": id, "strength": v.is_finite().then_some(v)})
        })
        .collect()
}

//! Employment by NACE section of a region against the EU28, on the embedded
//! SBS sections panel ([`embedded::sections_panel`]): what `smartspec
//! diagnose` draws under "Structure" and the API's region profile returns.
//!
//! For each section `s` of region `r` in year `t`:
//! `share = E[r,s] / Σ_s' E[r,s']` over the sections with a value, and
//! `eu28_share = Σ_{r' ∈ EU28} E[r',s] / Σ_{r' ∈ EU28, s'} E[r',s']`,
//! summing what is reported (confidential or missing cells are left out of
//! both sums; the region's are listed with `employment = None`).

use crate::embedded;
use crate::nace::Nace;
use crate::nuts::{country_of, is_eu28};
use smartspec_core::Cell;

/// One NACE section of a region.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionShare {
    /// Section letter (B, C, ...).
    pub section: String,
    /// Its NACE Rev. 2 label.
    pub name: String,
    /// Persons employed; `None` when confidential or missing.
    pub employment: Option<f64>,
    /// Share of the region's employment over its reported sections.
    pub share: Option<f64>,
    /// Share of the section in the EU28's employment.
    pub eu28_share: Option<f64>,
}

/// The sections of `region` (a NUTS 2013 code of the panel) in `year`, in
/// the panel's section order; `None` when the region or the year is not in
/// the sections panel or the region reports no employment.
pub fn section_shares(region: &str, year: i32) -> Option<Vec<SectionShare>> {
    let sections = embedded::sections_panel();
    let sy = sections.year_index(year)?;
    let sr = sections.regions().id(region)? as usize;
    let ns = sections.activities().len();
    let cell = |r: usize, s: usize| match sections.cell(sy, r, s) {
        Cell::Value(v) if v.is_finite() => Some(v),
        _ => None,
    };
    let mut eu = vec![0.0; ns];
    for r in 0..sections.regions().len() {
        if is_eu28(country_of(sections.regions().code(r as u32))) {
            for (s, e) in eu.iter_mut().enumerate() {
                *e += cell(r, s).unwrap_or(0.0);
            }
        }
    }
    let eu_total: f64 = eu.iter().sum();
    let mine: Vec<Option<f64>> = (0..ns).map(|s| cell(sr, s)).collect();
    let total: f64 = mine.iter().flatten().sum();
    if total <= 0.0 {
        return None;
    }
    let nace = Nace::embedded();
    Some(
        (0..ns)
            .map(|s| {
                let code = sections.activities().code(s as u32);
                SectionShare {
                    section: code.to_string(),
                    name: nace.label_or_code(code).to_string(),
                    employment: mine[s],
                    share: mine[s].map(|v| v / total),
                    eu28_share: (eu_total > 0.0).then(|| eu[s] / eu_total),
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_sum_to_one_and_unknowns_are_none() {
        let year = embedded::sections_panel().years()[0];
        let rows = section_shares("ITC1", year).expect("ITC1 has sections");
        let sum: f64 = rows.iter().filter_map(|r| r.share).sum();
        assert!((sum - 1.0).abs() < 1e-9, "{sum}");
        let eu: f64 = rows.iter().filter_map(|r| r.eu28_share).sum();
        assert!((eu - 1.0).abs() < 1e-9, "{eu}");
        assert!(rows.iter().any(|r| r.section == "C"));
        assert_eq!(section_shares("QQ11", year), None);
        assert_eq!(section_shares("ITC1", 1900), None);
    }
}

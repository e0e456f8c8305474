//! Employment by NACE section of a region against the reference area, on
//! the dataset's sections ([`Dataset::sections`]: the SBS sections on the
//! embedded data, the sum of a user panel's divisions otherwise): what
//! `smartspec region` and `diagnose` show under "Structure" and the API's
//! region profile returns. The one section-share rule of every surface.
//!
//! For each section `s` of region `r` in year `t`:
//! `share = E[r,s] / Σ_s' E[r,s']` over the sections with a value, and
//! `reference_share = Σ_{r' ∈ ref} E[r',s] / Σ_{r' ∈ ref, s'} E[r',s']`,
//! summing what is reported (confidential or missing cells are left out of
//! both sums; the region's are listed with `employment = None`). The
//! denominator is the region's reported sections, which is the region total
//! of [`Dataset::totals`] where no section is confidential.

use crate::Dataset;
use smartspec_core::Cell;
use smartspec_io::nace::Nace;

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
    /// Share of the section in the reference area's employment (the EU28
    /// on NUTS data).
    pub eu28_share: Option<f64>,
}

/// The sections of `region` (a code of the dataset) in `year`, in the
/// section order; `None` when the dataset has no sections, the region or the
/// year is not in them or the region reports no employment.
pub fn section_shares(ds: &Dataset, region: &str, year: i32) -> Option<Vec<SectionShare>> {
    let sections = ds.sections()?;
    let reference = |code: &str| match ds.panel().regions().id(code) {
        Some(r) => ds.in_reference(r as usize),
        None => false,
    };
    let sy = sections.year_index(year)?;
    let sr = sections.regions().id(region)? as usize;
    let ns = sections.activities().len();
    let cell = |r: usize, s: usize| match sections.cell(sy, r, s) {
        Cell::Value(v) if v.is_finite() => Some(v),
        _ => None,
    };
    let mut eu = vec![0.0; ns];
    for r in 0..sections.regions().len() {
        if reference(sections.regions().code(r as u32)) {
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
        let ds = Dataset::embedded();
        let year = ds.sections().unwrap().years()[0];
        let rows = section_shares(&ds, "ITC1", year).expect("ITC1 has sections");
        let sum: f64 = rows.iter().filter_map(|r| r.share).sum();
        assert!((sum - 1.0).abs() < 1e-9, "{sum}");
        let eu: f64 = rows.iter().filter_map(|r| r.eu28_share).sum();
        assert!((eu - 1.0).abs() < 1e-9, "{eu}");
        assert!(rows.iter().any(|r| r.section == "C"));
        assert_eq!(section_shares(&ds, "QQ11", year), None);
        assert_eq!(section_shares(&ds, "ITC1", 1900), None);
    }
}

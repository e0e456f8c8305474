//! A region's profile (`smartspec region`, `GET /v1/regions/{code}/profile`,
//! the dashboard's profile view): its place in the classification, its
//! employment total, its NACE sections against the reference area
//! ([`crate::sections`]), its largest activities, its highest location
//! quotients (the pipeline's RCA against the reference area), its complexity
//! and its context indicators (the latest value within
//! [`WINDOW`](crate::context_inputs::WINDOW) years of the profile year).

use crate::context_inputs::WINDOW;
use crate::sections::{section_shares, SectionShare};
use crate::{Analysis, AnalysisError, RegionYear};
use smartspec_core::totals::RegionTotal;
use smartspec_core::Cell;
use smartspec_io::nuts::parent_of;

/// One context indicator of a profile.
#[derive(Debug, Clone, PartialEq)]
pub struct ContextValue {
    /// Indicator code.
    pub indicator: String,
    /// The year of the value.
    pub year: i32,
    /// The value.
    pub value: f64,
    /// The panel it came from.
    pub source: String,
}

/// One activity of a profile's lists.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityLine {
    /// Activity index in the panel.
    pub activity: usize,
    /// Its code.
    pub code: String,
    /// Employment (the panel's value; `None` when missing).
    pub employment: Option<f64>,
    /// Share of the region total.
    pub share: Option<f64>,
    /// Location quotient (RCA).
    pub lq: f64,
}

/// A region's profile.
#[derive(Debug, Clone)]
pub struct Profile {
    /// The region and year.
    pub region: RegionYear,
    /// Its name.
    pub name: String,
    /// Its country (`None` for free codes).
    pub country: Option<String>,
    /// True when it belongs to the reference area.
    pub in_reference: bool,
    /// The NUTS regions it lies in, nearest first: (code, name).
    pub parents: Vec<(String, String)>,
    /// The region total ([`crate::Dataset::totals`]).
    pub total: Option<RegionTotal>,
    /// Employment by NACE section (when the dataset has sections).
    pub sections: Option<Vec<SectionShare>>,
    /// The largest activities by employment.
    pub top_activities: Vec<ActivityLine>,
    /// The highest location quotients.
    pub top_lq: Vec<ActivityLine>,
    /// Activities confidential or not available in the year.
    pub missing: Vec<String>,
    /// Diversity, ECI and COI of the pipeline.
    pub diversity: f64,
    /// ECI.
    pub eci: f64,
    /// COI.
    pub coi: f64,
    /// Context indicators.
    pub context: Vec<ContextValue>,
}

impl Profile {
    /// The context value of `indicator`, if any.
    pub fn context_value(&self, indicator: &str) -> Option<&ContextValue> {
        self.context.iter().find(|c| c.indicator == indicator)
    }
}

impl Analysis {
    /// The profile of `region` in `year` (default: the dataset's default
    /// year), with `top` activities in each list.
    pub fn profile(
        &self,
        region: &str,
        year: Option<i32>,
        top: usize,
    ) -> Result<Profile, AnalysisError> {
        let ds = self.dataset();
        let ry = crate::region::region_year(ds, region, year)?;
        let yi = self.year(ry.y);
        let panel = ds.panel();
        let (r, y) = (ry.r, ry.y);
        let total = ds.totals(ry.year)[r];
        let tv = total.map(|t| t.value).filter(|t| *t > 0.0);
        let na = panel.activities().len();
        let value = |p: usize| match panel.cell(y, r, p) {
            Cell::Value(v) => Some(v),
            _ => None,
        };
        let line = |p: usize| ActivityLine {
            activity: p,
            code: panel.activities().code(p as u32).to_string(),
            employment: value(p),
            share: value(p).zip(tv).map(|(v, t)| v / t),
            lq: yi.rca.get(r, p),
        };
        let mut by_emp: Vec<(usize, f64)> =
            (0..na).filter_map(|p| value(p).map(|v| (p, v))).collect();
        by_emp.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut by_lq: Vec<(usize, f64)> = (0..na)
            .map(|p| (p, yi.rca.get(r, p)))
            .filter(|(_, l)| l.is_finite())
            .collect();
        by_lq.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut parents = Vec::new();
        if ds.nuts_version().is_some() {
            let mut p = parent_of(&ry.code);
            while let Some(c) = p {
                parents.push((c.to_string(), ds.region_name(c)));
                p = parent_of(c);
            }
        }
        let mut context = Vec::new();
        for c in ds.context() {
            if c.regions().id(&ry.code).is_none() {
                continue;
            }
            for ind in c.activities().iter() {
                if let Some(o) = crate::latest::latest(&[c], &ry.code, ind, ry.year, WINDOW) {
                    context.push(ContextValue {
                        indicator: ind.to_string(),
                        year: o.year,
                        value: o.value,
                        source: c.meta().source.clone(),
                    });
                }
            }
        }
        Ok(Profile {
            name: ds.region_name(&ry.code),
            country: ds.country(&ry.code),
            in_reference: ds.in_reference(r),
            parents,
            total,
            sections: section_shares(ds, &ry.code, ry.year),
            top_activities: by_emp.iter().take(top).map(|&(p, _)| line(p)).collect(),
            top_lq: by_lq.iter().take(top).map(|&(p, _)| line(p)).collect(),
            missing: (0..na)
                .filter(|&p| panel.cell(y, r, p) == Cell::Missing)
                .map(|p| panel.activities().code(p as u32).to_string())
                .collect(),
            diversity: yi.diversity[r],
            eci: yi.eci[r],
            coi: yi.coi[r],
            context,
            region: ry,
        })
    }
}

//! The evidence of a declared priority (`smartspec priorities check`, `GET
//! /v1/priorities/{id}/evidence`) and the inputs of a project's bankability
//! (`GET /v1/projects/{id}/bankability`), on a dataset: the verdicts and the
//! score are `smartspec_core::evidence` and `smartspec_core::bankability`.
//!
//! A priority's NACE codes stand for panel activities by [`divisions_of`];
//! its year is the dataset's default year (or the one asked), its RCA trend
//! is measured over [`TREND_WINDOW`] years ([`trend_origin`]).

use crate::{Analysis, AnalysisError, RegionYear};
use smartspec_core::evidence::{activity_evidence, ActivityEvidence};
use smartspec_core::Panel;

/// Years over which the evidence check measures the RCA trend.
pub const TREND_WINDOW: i32 = 5;

/// The panel activities a priority's NACE code stands for: a division
/// itself, a section all its divisions, a group or class its division.
/// Empty when the code matches no activity of the panel.
pub fn divisions_of(panel: &Panel, code: &str) -> Vec<usize> {
    let acts = panel.activities();
    if let Some(id) = acts.id(code) {
        return vec![id as usize];
    }
    if code.len() == 1 {
        return (0..acts.len())
            .filter(|&a| smartspec_io::nace::section_of(acts.code(a as u32)) == Some(code))
            .collect();
    }
    code.get(..3)
        .and_then(|d| acts.id(d))
        .map(|id| vec![id as usize])
        .unwrap_or_default()
}

/// The year index `TREND_WINDOW` years before `y` (or the panel's first
/// year when the window reaches past it); `None` when `y` is the first year.
pub fn trend_origin(panel: &Panel, y: usize) -> Option<usize> {
    let years = panel.years();
    let target = years[y] - TREND_WINDOW;
    (0..y).find(|&i| years[i] >= target)
}

/// The evidence of one priority.
pub struct PriorityEvidence {
    /// The region and year.
    pub region: RegionYear,
    /// The year the trend is measured from.
    pub trend_from: Option<i32>,
    /// The activities the codes stand for, with their measures.
    pub activities: Vec<ActivityEvidence>,
    /// The codes that match no activity of the panel.
    pub unmatched: Vec<String>,
}

impl Analysis {
    /// The evidence of a priority of `region` declaring NACE `codes`, in
    /// `year` (default: the dataset's default year).
    pub fn priority_evidence(
        &self,
        region: &str,
        year: Option<i32>,
        codes: &[String],
    ) -> Result<PriorityEvidence, AnalysisError> {
        let panel = self.dataset().panel();
        let ry = crate::region::region_year(self.dataset(), region, year)?;
        let now = self.year(ry.y);
        let before = trend_origin(panel, ry.y).map(|y| self.year(y));
        let mut acts = Vec::new();
        let mut unmatched = Vec::new();
        for c in codes {
            let found = divisions_of(panel, c);
            if found.is_empty() {
                unmatched.push(c.clone());
            }
            for a in found {
                if !acts.contains(&a) {
                    acts.push(a);
                }
            }
        }
        let activities = activity_evidence(
            panel,
            &now,
            before.as_deref(),
            ry.r,
            &acts,
            self.threshold(),
        );
        Ok(PriorityEvidence {
            trend_from: before.map(|b| b.year),
            region: ry,
            activities,
            unmatched,
        })
    }

    /// For each partner region, whether it specialises (RCA ≥ the
    /// threshold) in one of the project's NACE `activities` in the default
    /// year; `None` when it cannot be measured (no activity matches, or the
    /// region is not in the data that year).
    pub fn partner_specialised(
        &self,
        activities: &[String],
        regions: &[String],
    ) -> Vec<Option<bool>> {
        let panel = self.dataset().panel();
        let acts: Vec<usize> = activities
            .iter()
            .flat_map(|c| divisions_of(panel, c))
            .collect();
        regions
            .iter()
            .map(|region| {
                let ry = crate::region::region_year(self.dataset(), region, None).ok()?;
                if acts.is_empty() {
                    return None;
                }
                let yi = self.year(ry.y);
                Some(
                    acts.iter()
                        .any(|&a| yi.rca.get(ry.r, a) >= self.threshold()),
                )
            })
            .collect()
    }
}

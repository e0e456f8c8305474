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

/// The year index the trend of region `r` is measured from: the first year
/// within `TREND_WINDOW` years before `y` in which the region has a value
/// (a region whose series starts later, as Lorraine's in 2010, is measured
/// from its own first year); `None` when no earlier year has one.
pub fn trend_origin(panel: &Panel, r: usize, y: usize) -> Option<usize> {
    let years = panel.years();
    let target = years[y] - TREND_WINDOW;
    let has_data = |i: usize| {
        (0..panel.activities().len())
            .any(|a| matches!(panel.cell(i, r, a), smartspec_core::Cell::Value(v) if v > 0.0))
    };
    (0..y).find(|&i| years[i] >= target && has_data(i))
}

/// Where a priority's region code leads when it is not a region of the data.
enum Scope {
    /// A NUTS-3 code: its NUTS-2 parent, with a note.
    Parent(String, String),
    /// A country: its regions in the data.
    Country(Vec<String>),
    /// Neither.
    Unknown,
}

fn scope(ds: &crate::Dataset, code: &str) -> Scope {
    let code = code.trim().to_ascii_uppercase();
    if ds.nuts_version().is_none() {
        return Scope::Unknown;
    }
    let regions = ds.panel().regions();
    match code.len() {
        5 if regions.id(&code[..4]).is_some() => Scope::Parent(
            code[..4].to_string(),
            format!(
                "{code} is a NUTS-3 region and the data are NUTS 2: measured for {}, the NUTS-2 region that contains it",
                &code[..4]
            ),
        ),
        2 => {
            let r: Vec<String> = regions
                .iter()
                .filter(|c| c.len() == 4 && c.starts_with(&code))
                .map(str::to_string)
                .collect();
            if r.is_empty() {
                Scope::Unknown
            } else {
                Scope::Country(r)
            }
        }
        _ => Scope::Unknown,
    }
}

/// The NACE sections of a panel's activities, as `B-J, L-N`-style letters.
fn sections_of(panel: &Panel) -> String {
    let mut s: Vec<&str> = panel
        .activities()
        .iter()
        .filter_map(smartspec_io::nace::section_of)
        .collect();
    s.sort_unstable();
    s.dedup();
    s.join(" ")
}

/// The evidence of one priority.
pub struct PriorityEvidence {
    /// The region and year (`None` for a country-level priority).
    pub region: Option<RegionYear>,
    /// The year.
    pub year: i32,
    /// Why nothing could be measured, when nothing could (a country-level
    /// priority, or no declared activity in the data).
    pub reason: Option<String>,
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
        let ds = self.dataset();
        let panel = ds.panel();
        let (year_now, _) = crate::region::year(ds, year)?;
        let ry = match crate::region::region_year(ds, region, year) {
            Ok(ry) => ry,
            Err(e) => match scope(ds, region) {
                Scope::Parent(parent, note) => {
                    let mut ry = crate::region::region_year(ds, &parent, year)?;
                    ry.note = Some(note);
                    ry
                }
                Scope::Country(regions) => {
                    return Ok(PriorityEvidence {
                        region: None,
                        reason: Some(format!(
                            "{} is a country: the data are NUTS-2 regions, so a country-level priority is not measured as one; check it in its regions ({}), e.g. for {}",
                            region.trim(),
                            regions.join(", "),
                            regions[0]
                        )),
                        trend_from: None,
                        activities: Vec::new(),
                        unmatched: Vec::new(),
                        year: year_now,
                    });
                }
                Scope::Unknown => return Err(e.into()),
            },
        };
        let now = self.year(ry.y);
        let before = trend_origin(panel, ry.r, ry.y).map(|y| self.year(y));
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
        let measured = activities.iter().filter(|a| a.rca.is_finite()).count();
        let reason = if activities.is_empty() {
            Some(format!(
                "no declared activity is in the data: the panel's activities are {} (NACE sections {}), and {} lie outside them",
                panel.activities().len(),
                sections_of(panel),
                unmatched.join(", ")
            ))
        } else if measured == 0 {
            Some(
                "every declared activity's cell is confidential or missing in this year"
                    .to_string(),
            )
        } else if !unmatched.is_empty() {
            Some(format!(
                "{} outside the data (the panel covers NACE sections {}): the verdict rests on the {measured} declared activities measured",
                match unmatched.len() {
                    1 => format!("{} lies", unmatched[0]),
                    _ => format!("{} lie", unmatched.join(", ")),
                },
                sections_of(panel),
            ))
        } else {
            None
        };
        Ok(PriorityEvidence {
            trend_from: before.map(|b| b.year),
            year: ry.year,
            region: Some(ry),
            reason,
            activities,
            unmatched,
        })
    }

    /// What a project's bankability reads of the data: which stages of
    /// `theme` the project's NACE `activities` cover (a stage is covered
    /// when one activity's division is one of the stage's codes; sections
    /// cover nothing, so naming "C" cannot claim every manufacturing stage),
    /// and each partner region's best stage strength among the covered
    /// stages in the default year (`None` when no stage is covered or the
    /// region is not in the data).
    ///
    /// # Errors
    /// A dataset without NACE divisions.
    pub fn project_evidence(
        &self,
        theme: &smartspec_io::themes::Theme,
        activities: &[String],
        regions: &[String],
    ) -> Result<ProjectEvidence, AnalysisError> {
        let ty = crate::themes::theme_year(self.dataset(), theme, None)?;
        let stages: Vec<StageCover> = theme
            .stages
            .iter()
            .map(|st| StageCover {
                id: st.id.clone(),
                name: st.name.clone(),
                covered_by: activities
                    .iter()
                    .filter(|a| {
                        a.get(..3)
                            .is_some_and(|d| st.activities.iter().any(|c| c.code() == d))
                    })
                    .cloned()
                    .collect(),
            })
            .collect();
        let covered: Vec<usize> = (0..stages.len())
            .filter(|&s| !stages[s].covered_by.is_empty())
            .collect();
        let partners = regions
            .iter()
            .map(|region| {
                let ry = crate::region::region_year(self.dataset(), region, Some(ty.year)).ok()?;
                covered
                    .iter()
                    .map(|&s| ty.strengths.get(ry.r, s))
                    .filter(|v| v.is_finite())
                    .max_by(f64::total_cmp)
            })
            .collect();
        Ok(ProjectEvidence {
            year: ty.year,
            stages,
            partners,
        })
    }
}

/// A stage of a project's theme and the project activities that cover it.
#[derive(Debug, Clone, PartialEq)]
pub struct StageCover {
    /// Stage id.
    pub id: String,
    /// Stage name.
    pub name: String,
    /// The project's activities in the stage (empty: not covered).
    pub covered_by: Vec<String>,
}

/// See [`Analysis::project_evidence`].
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectEvidence {
    /// The year of the strengths.
    pub year: i32,
    /// The theme's stages, upstream first.
    pub stages: Vec<StageCover>,
    /// Per partner, its best strength among the covered stages.
    pub partners: Vec<Option<f64>>,
}

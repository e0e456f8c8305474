//! Themes on a dataset: the vocabulary of codes a theme may use, each
//! stage's employment, the stage strengths of every region, and the
//! portfolio relatedness partners are ranked with. Shared by the command
//! line (`partners`, `partnership propose`, `theme-map`) and the HTTP API.
//!
//! * NACE divisions: the panel's values summed over the stage's divisions,
//!   against the region totals of [`Dataset::totals`];
//! * `lfs:CODE`: the LFS share of an A*10 sector, `CODE / (TOTAL − NRP)`
//!   ([`Dataset::lfs_sectors`], `lfst_r_lfe2en2`, persons aged 15+): the
//!   SBS has no agriculture, finance or public sector.
//!
//! Strengths are measured against the dataset's reference area (the EU28
//! on the embedded data); see `smartspec_core::partnership::stage_strengths`.

use crate::{AnalysisError, Dataset, Need};
use smartspec_core::indicators::pipeline::YearIndicators;
use smartspec_core::partnership::partners::portfolio_relatedness;
use smartspec_core::partnership::{stage_strengths, StageData, Strengths};
use smartspec_io::themes::{ActivityCode, Theme, Vocabulary};

/// The external series of LFS employment by A*10 sector.
pub const LFS: &str = "lfs";

/// The codes themes may use on `ds`: its activities and, where it has LFS
/// sectors, `lfs:A`, `lfs:B-E`, ...
pub fn vocabulary(ds: &Dataset) -> Vocabulary {
    Vocabulary {
        divisions: ds.panel().activities().iter().map(String::from).collect(),
        external: ds
            .lfs_sectors()
            .map(|l| {
                vec![(
                    LFS.into(),
                    l.activities()
                        .iter()
                        .filter(|a| *a != "TOTAL" && *a != "NRP")
                        .map(String::from)
                        .collect(),
                )]
            })
            .unwrap_or_default(),
    }
}

/// Each stage of `theme` in `year`, for the regions of the dataset's panel.
/// Validation keeps a stage's codes in one source.
pub fn stage_data(ds: &Dataset, theme: &Theme, year: i32) -> Vec<StageData> {
    let panel = ds.panel();
    let totals = ds.total_values(year);
    theme
        .stages
        .iter()
        .map(|s| {
            let codes: Vec<&str> = s.activities.iter().map(ActivityCode::code).collect();
            match (
                s.activities.first().map(ActivityCode::source),
                ds.lfs_sectors(),
            ) {
                (Some(LFS), Some(lfs)) => {
                    StageData::from_shares(lfs, year, panel.regions(), &codes, "TOTAL", &["NRP"])
                }
                _ => StageData::from_panel(panel, year, panel.regions(), &codes, &totals),
            }
        })
        .collect()
}

/// A theme's stage strengths for every region of the dataset in one year.
pub struct ThemeYear {
    /// The year.
    pub year: i32,
    /// Its index in the panel.
    pub y: usize,
    /// Strengths (regions of the panel × stages).
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

/// Stage strengths of `theme` in `year` (default: the dataset's default
/// year) against the reference area.
pub fn theme_year(
    ds: &Dataset,
    theme: &Theme,
    year: Option<i32>,
) -> Result<ThemeYear, AnalysisError> {
    ds.require("themes", Need::NaceDivisions)?;
    let (year, y) = crate::region::year(ds, year)?;
    let stages = stage_data(ds, theme, year);
    Ok(ThemeYear {
        year,
        y,
        strengths: stage_strengths(&stages, ds.reference().mask.as_deref()),
    })
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

/// The Member-State rule of a partnership on `ds`: each region's EU28
/// Member State (none for free codes or non-EU regions) and the number of
/// distinct Member States required (3 in the S3 partnerships' rule).
pub fn member_state_rule(ds: &Dataset, min_countries: usize) -> smartspec_core::partnership::Rule {
    let nuts = ds.nuts_version().is_some();
    smartspec_core::partnership::Rule {
        country: ds
            .panel()
            .regions()
            .iter()
            .map(|c| {
                if nuts {
                    smartspec_io::nuts::eu28_index(c)
                } else {
                    None
                }
            })
            .collect(),
        min_countries,
    }
}

/// The distinct EU28 Member States of `members` (panel region indices),
/// sorted.
pub fn member_states(ds: &Dataset, members: &[usize]) -> Vec<String> {
    let rule = member_state_rule(ds, 0);
    let mut states: Vec<String> = members
        .iter()
        .filter(|&&m| rule.country[m].is_some())
        .map(|&m| smartspec_io::nuts::country_of(ds.panel().regions().code(m as u32)).to_string())
        .collect();
    states.sort();
    states.dedup();
    states
}

/// A region's partners in a theme, ranked.
pub struct PartnerRanking {
    /// The region and year.
    pub region: crate::RegionYear,
    /// The theme's stage strengths that year.
    pub theme_year: ThemeYear,
    /// Every candidate, best first (`smartspec_core::partnership::rank_partners`).
    pub ranked: Vec<smartspec_core::partnership::PartnerScore>,
}

impl crate::Analysis {
    /// The partners of `region` in `theme` in `year` (default: the
    /// dataset's default year), scored with `weights`: stage strengths
    /// against the reference area, portfolio relatedness from the year's
    /// pipeline.
    pub fn partners(
        &self,
        theme: &Theme,
        region: &str,
        year: Option<i32>,
        weights: &smartspec_core::partnership::Weights,
    ) -> Result<PartnerRanking, AnalysisError> {
        let ds = self.dataset();
        let ty = theme_year(ds, theme, year)?;
        let ry = crate::region::region_year(ds, region, Some(ty.year))?;
        if !ty.strengths.has_data(ry.r) {
            return Err(AnalysisError::invalid(
                "region",
                format!(
                    "{} has no data in {}: no stage strength to compare",
                    ry.code, ty.year
                ),
            ));
        }
        let yi = self.year(ty.y);
        let rel = relatedness_to(&yi, ry.r);
        let ranked = smartspec_core::partnership::rank_partners(
            &ty.strengths,
            ry.r,
            &ty.candidates(),
            &rel,
            weights,
        );
        Ok(PartnerRanking {
            region: ry,
            theme_year: ty,
            ranked,
        })
    }
}

/// How many partnerships to propose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HowMany {
    /// The best one (with the leads).
    One,
    /// Disjoint partnerships one after another on the regions left, at
    /// most this many.
    All(usize),
}

/// Proposed partnerships in a theme.
pub struct Proposals {
    /// The theme's stage strengths that year.
    pub theme_year: ThemeYear,
    /// The leads, found in the dataset (notes of mapped codes included).
    pub leads: Vec<crate::RegionYear>,
    /// The objective the search maximised.
    pub objective: smartspec_core::partnership::Objective,
    /// The partnerships.
    pub proposals: Vec<smartspec_core::partnership::Proposal>,
    /// Seconds the search took.
    pub seconds: f64,
}

impl crate::Analysis {
    /// Partnerships of `size` regions in `theme` in `year` (default: the
    /// dataset's default year), with the `leads` included, under the
    /// Member-State rule of `min_countries` ([`member_state_rule`]).
    pub fn propose(
        &self,
        theme: &Theme,
        leads: &[String],
        year: Option<i32>,
        size: usize,
        min_countries: usize,
        how_many: HowMany,
    ) -> Result<Proposals, AnalysisError> {
        use smartspec_core::partnership::{propose, propose_all, Objective};
        let ds = self.dataset();
        if size == 0 {
            return Err(AnalysisError::invalid("size", "must be at least 1"));
        }
        let ty = theme_year(ds, theme, year)?;
        let mut found: Vec<crate::RegionYear> = Vec::new();
        for code in leads {
            let ry = crate::region::region_year(ds, code, Some(ty.year))?;
            if !ty.strengths.has_data(ry.r) {
                return Err(AnalysisError::invalid(
                    "lead",
                    format!("lead region {} has no data in {}", ry.code, ty.year),
                ));
            }
            if !found.iter().any(|f| f.r == ry.r) {
                found.push(ry);
            }
        }
        let lead_ids: Vec<usize> = found.iter().map(|f| f.r).collect();
        let objective = Objective::from_strengths(&ty.strengths, size);
        let rule = member_state_rule(ds, min_countries);
        let cands = ty.candidates();
        let started = std::time::Instant::now();
        let proposals = match how_many {
            HowMany::All(top) => propose_all(&objective, &rule, &cands, &lead_ids, size, top),
            HowMany::One => vec![propose(&objective, &rule, &cands, &lead_ids, size)
                .map_err(|e| AnalysisError::invalid("size", format!("theme {}: {e}", theme.id)))?],
        };
        Ok(Proposals {
            seconds: started.elapsed().as_secs_f64(),
            theme_year: ty,
            leads: found,
            objective,
            proposals,
        })
    }
}

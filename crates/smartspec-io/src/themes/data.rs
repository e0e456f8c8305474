//! A theme's stages on the embedded data: the vocabulary of codes themes may
//! use and each stage's employment and region totals.
//!
//! * NACE divisions: SBS persons employed ([`embedded::default_panel`]),
//!   summed over the stage's divisions, against the region totals of the
//!   NACE sections ([`embedded::region_totals`]);
//! * `lfs:CODE`: the LFS share of an A*10 sector, `CODE / (TOTAL − NRP)`
//!   ([`embedded::lfs_sectors`], `lfst_r_lfe2en2`, persons aged 15+): the
//!   SBS has no agriculture, finance or public sector.

use super::{ActivityCode, Theme, Vocabulary};
use crate::embedded;
use smartspec_core::partnership::StageData;

/// The external series of LFS employment by A*10 sector.
pub const LFS: &str = "lfs";

/// The codes themes may use on the embedded data: its NACE divisions and
/// the LFS A*10 sectors (`lfs:A`, `lfs:B-E`, ...).
pub fn embedded_vocabulary() -> Vocabulary {
    Vocabulary {
        divisions: embedded::default_panel()
            .activities()
            .iter()
            .map(String::from)
            .collect(),
        external: vec![(
            LFS.into(),
            embedded::lfs_sectors()
                .activities()
                .iter()
                .filter(|a| *a != "TOTAL" && *a != "NRP")
                .map(String::from)
                .collect(),
        )],
    }
}

/// Each stage of `theme` in `year`, for the regions of
/// [`embedded::default_panel`]. Validation keeps a stage's codes in one
/// source.
pub fn embedded_stage_data(theme: &Theme, year: i32) -> Vec<StageData> {
    let panel = embedded::default_panel();
    let totals = embedded::region_totals(panel, year);
    theme
        .stages
        .iter()
        .map(|s| {
            let codes: Vec<&str> = s.activities.iter().map(ActivityCode::code).collect();
            match s.activities.first().map(ActivityCode::source) {
                Some(LFS) => StageData::from_shares(
                    embedded::lfs_sectors(),
                    year,
                    panel.regions(),
                    &codes,
                    "TOTAL",
                    &["NRP"],
                ),
                _ => StageData::from_panel(panel, year, panel.regions(), &codes, &totals),
            }
        })
        .collect()
}

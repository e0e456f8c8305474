//! Skills alignment: does the education of a region's workforce match what
//! its sector mix asks for?
//!
//! * **supply**: educational attainment of the active population aged
//!   25–64 (low ISCED 0–2, medium 3–4, tertiary 5–8; `lfst_r_lfp2acedu`),
//!   human resources in science and technology (`hrst_st_rcat`), adult
//!   learning (`trng_lfse_04`), each with its change over (up to) five years;
//! * **demand** ([`demand`]): the tertiary intensity of each A*10 sector
//!   from a bounded least-squares regression across regions ([`nnls`]), and
//!   the *expected* tertiary share of employment from the region's own mix;
//! * **gap** = actual − expected tertiary share of employment 25–64, in
//!   percentage points, its history and trend (least-squares slope over the
//!   years with a gap), and a verdict: *surplus* above +3 points, *deficit*
//!   below −3, *in line* between ([`GAP_THRESHOLD`]);
//! * **activities** ([`sectors`]): a NACE division's sector and whether that
//!   sector asks for more graduates than the region supplies.
//!
//! Shares and intensities in profiles are in percent, gaps in percentage
//! points. Missing inputs are `None`, listed in the profile, never zero.

pub mod demand;
mod explain;
pub mod nnls;
mod profile;
pub mod sectors;

pub use profile::{
    assess, profile, ActivityFit, SectorLine, SkillsAssessment, SkillsError, SkillsOptions,
    SkillsProfile, SupplyLine, Verdict,
};

use crate::innovation::EuSource;

/// A gap (percentage points) beyond which the workforce is said to be more
/// (or less) educated than the sector mix needs.
pub const GAP_THRESHOLD: f64 = 3.0;

/// One region in one year. Shares are fractions (0–1).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RegionYear {
    /// Shares of the A*10 sectors in employment 25–64 (sum 1).
    pub shares: Option<Vec<f64>>,
    /// The shares are published (at most one sector derived as the
    /// residual of the total): the region enters the regression.
    pub exact: bool,
    /// Sectors (positions in `SkillsInputs::sectors`) whose employment was
    /// estimated (see `smartspec_analysis::context_inputs`).
    pub estimated: Vec<usize>,
    /// Tertiary share of employment 25–64.
    pub tertiary_employment: Option<f64>,
    /// Low / medium / tertiary shares of the active population 25–64.
    pub attainment: Option<[f64; 3]>,
    /// HRST, % of population.
    pub hrst: Option<f64>,
    /// Adult learning, % of 25–64.
    pub lll: Option<f64>,
}

/// The EU values of one year (fractions, or % for HRST and adult learning).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EuYear {
    /// Sector shares.
    pub shares: Option<Vec<f64>>,
    /// Tertiary share of employment 25–64.
    pub tertiary_employment: Option<f64>,
    /// Attainment of the active population.
    pub attainment: Option<[f64; 3]>,
    /// HRST, %.
    pub hrst: Option<f64>,
    /// Adult learning, %, and where it comes from.
    pub lll: Option<(f64, EuSource)>,
}

/// Everything the skills analysis needs.
#[derive(Debug, Clone, PartialEq)]
pub struct SkillsInputs {
    /// Region codes (the EU28 NUTS-2 regions).
    pub regions: Vec<String>,
    /// Years, ascending.
    pub years: Vec<i32>,
    /// Sector codes (the A*10 sectors).
    pub sectors: Vec<String>,
    /// `data[y][r]`.
    pub data: Vec<Vec<RegionYear>>,
    /// `eu[y]`.
    pub eu: Vec<EuYear>,
}

//! Industrial-transition screening: which regions face industrial change.
//!
//! The seed's first pilot offers tailored support to "regions facing
//! industrial transition". No official list exists; the Commission's own
//! pilot (2017) invited regions by a mix of structural signs. smartspec makes
//! that mix a transparent, configurable **composite of criteria**:
//!
//! 1. **Measures** ([`Measures`]): per region and screening year, values such
//!    as the manufacturing share of employment at the start of the period,
//!    its change since, GDP per head against the EU and the national
//!    average, productivity growth, unemployment and its change,
//!    diversification, structural change (Lilien index), the share of
//!    employment in declining divisions. Each [`Observation`] carries its
//!    year(s), its source and its *basis*. When the first source has no value
//!    a documented fallback order applies (see [`Measures`]); a fallback
//!    from another source is a *proxy* and has its own basis.
//! 2. **Criteria** ([`Criterion`]): a measure, a direction, a threshold
//!    (fixed, or the EU median/mean, or the national median, taken over the
//!    regions of the same basis), a weight and a tie rule.
//! 3. **Score** ([`screen`]): `score = 100 · Σ_{c met} w_c / Σ_{c available}
//!    w_c`. A region is scored only when the criteria it has data for carry at
//!    least two thirds of the total weight ([`MIN_AVAILABLE`]); the missing
//!    ones are listed, never counted as zeros. Rank 1 is the region most in
//!    transition; equal scores are ordered by the *intensity*, the weighted
//!    mean distance beyond the thresholds in EU standard deviations (clipped
//!    at ±3), then by code.
//!
//! The default criteria, with the reason for each choice, are in
//! `config/transition.toml`; `docs/transition.md` explains every measure.

mod composite;
mod measures;
mod share;

pub use composite::{
    evaluate, screen, screen_with, Criterion, Direction, Observations, Outcome, RegionScore,
    ScreeningError, Threshold, Tie, Unit, INTENSITY_CLIP,
};
pub use measures::{Inputs, Measures, Window, MEASURES};
pub use share::MinShare;

/// Default minimum share of the total weight a region needs data for:
/// exactly two thirds.
pub const MIN_AVAILABLE: MinShare = MinShare::TWO_THIRDS;

/// One measured value behind a criterion.
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    /// The value, in the measure's unit.
    pub value: f64,
    /// Its year (the end year of a change).
    pub year: i32,
    /// The start year of a change or growth rate.
    pub from_year: Option<i32>,
    /// Where it comes from, in words (e.g. `SBS C / sections, 2012 (nearest year)`).
    pub source: String,
    /// The distribution it is compared within: values of one basis are
    /// comparable (e.g. `SBS`, `LFS B-E proxy`).
    pub basis: String,
    /// True when a proxy stands in for the measure.
    pub proxy: bool,
}

//! Innovation capacity of regions: indicators, a composite index built as
//! the JRC/OECD *Handbook on Constructing Composite Indicators* (2008)
//! recommends, its uncertainty, Regional Innovation Scoreboard performance
//! groups and a science–business balance proxy.
//!
//! * [`composite`]: winsorised normalisation, weights, arithmetic
//!   aggregation, the minimum-share rule, ranks and groups (formulas there);
//! * [`uncertainty`]: the seeded Monte Carlo giving each region's 5–95 %
//!   rank range;
//! * [`balance`]: business against public R&D;
//! * [`assess`] / [`profile`]: everything for all regions, and one region's
//!   profile as plain data.
//!
//! The inputs are plain values ([`InnovationInputs`]): one [`Indicator`] per
//! row with each region's latest value and its year, the country's value and
//! the EU value. `smartspec_analysis::context_inputs` assembles them from the
//! embedded Eurostat data (which indicators, which years: see
//! `docs/innovation-skills.md`). Missing values are `None` and are never
//! read as zero.

pub mod balance;
pub mod composite;
mod profile;
pub mod uncertainty;

pub use balance::{Balance, BalanceLabel};
pub use composite::{Composite, CompositeOptions, Group, Normalisation};
pub use profile::{assess, profile, AssessOptions, Assessment, IndicatorLine, InnovationProfile};
pub use uncertainty::{RankRange, UncertaintyOptions};

/// Code of business R&D expenditure (% of GDP), used by the balance.
pub const BUSINESS_RD: &str = "GERD_PC_GDP:BES";
/// Code of public (government + higher education) R&D expenditure.
pub const PUBLIC_RD: &str = "GERD_PC_GDP:GOV+HES";

/// A value and the year it refers to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Observation {
    /// The value.
    pub value: f64,
    /// Its year.
    pub year: i32,
}

/// Where an EU value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EuSource {
    /// The source's EU28 row.
    Published,
    /// The population-weighted mean of the EU28 regions (the source has no
    /// EU28 row).
    PopulationWeighted,
}

impl EuSource {
    /// Short name for outputs.
    pub fn name(self) -> &'static str {
        match self {
            EuSource::Published => "EU28 (source)",
            EuSource::PopulationWeighted => "EU28 regions, population-weighted mean",
        }
    }
}

/// One indicator over the regions.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// Code (`GERD_PC_GDP:BES`, ...).
    pub code: String,
    /// Name for readers.
    pub name: String,
    /// Eurostat dataset.
    pub dataset: String,
    /// Unit.
    pub unit: String,
    /// Weight in the composite (0: shown, not in the index).
    pub weight: f64,
    /// Each region's latest value within the window (`None`: missing).
    pub values: Vec<Option<Observation>>,
    /// The value of each region's country.
    pub country: Vec<Option<Observation>>,
    /// The EU value.
    pub eu: Option<Observation>,
    /// Where the EU value comes from.
    pub eu_source: EuSource,
}

/// Everything the innovation analysis needs, for one reference year.
#[derive(Debug, Clone, PartialEq)]
pub struct InnovationInputs {
    /// The year asked; values are the latest within `window` years before it.
    pub year: i32,
    /// The window, in years (values from `year − window` to `year`).
    pub window: i32,
    /// Region codes (the EU28 NUTS-2 regions).
    pub regions: Vec<String>,
    /// The indicators.
    pub indicators: Vec<Indicator>,
}

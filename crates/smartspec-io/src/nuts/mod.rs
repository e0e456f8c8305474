//! NUTS: the registry of codes by version, the EU membership rule, roll-up to
//! coarser levels, and recoding between versions.
//!
//! ## Codes and levels
//! A NUTS code is a two-letter country code (level 0) followed by one
//! character per level: `ITC` (level 1), `ITC4` (level 2), `ITC4C` (level 3).
//! The parent of a code is the code without its last character. Codes whose
//! characters after the country are all `Z` (`DEZ`, `DEZZ`, `DEZZZ`) are
//! *Extra-Regio* units (continental shelf, embassies), not regions.
//!
//! ## Recoding between versions
//! Recoding is driven entirely by the JRC NUTS converter matrices
//! (JRC.B.3, release 2025.08, as packaged by rOpenSci `nuts`): each row is the
//! intersection of a unit of one version with a unit of another, weighted by
//! population (`pop11`, GEOSTAT 2011, the default; `pop21`), area, artificial
//! surface (`artif_surf12`, `artif_surf18`) or built-up volume (`bu_vol`).
//! A value of a source unit is apportioned to the target units in proportion
//! to the weight of their intersections:
//!
//! * a **rename** (one intersection) relabels the value;
//! * a **merge** (several sources, one target) sums the values;
//! * a **split** (one source, several targets) apportions the value by the
//!   weight shares — an estimate, flagged `S`.
//!
//! Intersections holding less than [`SLIVER_SHARE`] (0.1 %) of the source
//! unit's weight are digitisation slivers along boundaries (FI13 → FI1C holds
//! 1 person of 643,755) and are ignored; the remaining shares are rescaled to
//! sum to 1. When the chosen weight of a source unit is 0 (Svalbard's
//! population), area is used. Every recoded cell is flagged `R`. There is no
//! hand-written table of renames.

mod crosswalk;
mod eu;
mod locate;
mod recode;
mod registry;

pub use crosswalk::{Crosswalk, Share, Weight, SLIVER_SHARE};
pub use eu::{eu28_index, eu28_mask, is_eu28, is_member_on, EU28, MEMBERSHIP};
pub use locate::locate;
pub use recode::{
    harmonise, recode_panel, roll_up, Aggregation, RecodeAction, RecodeLog, RecodeOptions,
};
pub use registry::{country_of, is_extra_regio, level_of, parent_of, NutsRegion, NutsRegistry};

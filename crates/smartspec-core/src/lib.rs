//! # smartspec-core
//!
//! The model every smartspec capability stands on, and (in later modules) the
//! algorithms: specialisation, relatedness, complexity, opportunities,
//! benchmarking and matchmaking. This crate does no I/O: readers, writers and
//! classifications with their data live in `smartspec-io`.
//!
//! ## The panel
//!
//! A [`Panel`] holds one measure (persons employed, exports, patents, ...)
//! indexed by *region × activity × year*. Region and activity codes are
//! interned once ([`CodeSet`]); values are stored densely, one contiguous
//! region × activity matrix per year, so that every per-year indicator works on
//! a plain row-major slice.
//!
//! Every cell is in one of three states ([`Cell`]):
//!
//! * **absent** – no row in the input. As in EconGeo, py-ecomplexity and the
//!   other peers, an absent row *is zero*.
//! * **value** – an explicit number (an explicit `0` included).
//! * **missing** – an explicit empty value or `:` (Eurostat's "not available",
//!   confidential cells included). Missing is never zero: writers emit it as an
//!   empty CSV field or a Parquet/JSON null, and every computation documents
//!   its rule for it (see `docs/conventions.md`).
//!
//! A cell may also carry [`Flags`]: the set of Eurostat flag letters
//! (`c` confidential, `p` provisional, `e` estimated, ...) plus smartspec's own
//! upper-case markers for cells recoded between NUTS versions.
//!
//! ```
//! use smartspec_core::{PanelBuilder, Cell, Flags, DuplicatePolicy};
//!
//! let mut b = PanelBuilder::new(DuplicatePolicy::Error);
//! b.push("ITC1", "C10", 2014, Some(120.0), Flags::EMPTY, 2).unwrap();
//! b.push("ITC1", "C11", 2014, None, Flags::parse("c").unwrap().0, 3).unwrap();
//! let panel = b.build().unwrap();
//! assert_eq!(panel.get("ITC1", "C10", 2014), Some(Cell::Value(120.0)));
//! assert_eq!(panel.get("ITC1", "C11", 2014), Some(Cell::Missing));
//! // a region-activity-year with no row is zero
//! assert_eq!(panel.regions().len(), 1);
//! ```
#![deny(missing_docs)]

pub mod backtest;
pub mod bankability;
pub mod benchmarking;
mod builder;
mod classification;
mod codes;
mod coverage;
mod error;
pub mod evidence;
mod flags;
pub mod gbt;
pub mod indicators;
pub mod innovation;
pub mod logistic;
pub mod metrics;
pub mod opportunities;
mod panel;
pub mod partnership;
pub mod skills;
pub mod stats;
pub mod synthetic;
pub mod totals;
pub mod transition;
mod years;

pub use builder::{DuplicatePolicy, PanelBuilder};
pub use classification::{ActivityScheme, MeasureKind, NutsVersion, RegionScheme};
pub use codes::CodeSet;
pub use coverage::{YearCoverage, DEFAULT_YEAR_COVERAGE};
pub use error::PanelError;
pub use flags::{FlagParse, Flags};
pub use panel::{Cell, Panel, PanelMeta, Record};
pub use years::YearRange;

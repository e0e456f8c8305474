//! # smartspec-analysis
//!
//! What smartspec's front ends (the `smartspec` command line, the HTTP API
//! and its dashboard, the one-page report) ask of a dataset, computed in one
//! place so that one question gets one answer wherever it is asked.
//!
//! The data walk is **file → reader (`smartspec-io`) → [`Dataset`] →
//! [`Analysis`] → CLI / API / report**:
//!
//! * a [`Dataset`] is what an analysis reads: the region × activity panel,
//!   the NACE sections region totals come from, context indicators under
//!   smartspec's codes, the sources' EU values, region names, a map
//!   geometry, and the facts that label outputs (its reference area, NUTS
//!   version and [default year](Dataset::default_year)). The embedded
//!   Eurostat data is one dataset ([`Dataset::embedded`]); a user builds
//!   another with `smartspec dataset build` ([`dataset::build`]) or passes
//!   files directly ([`Dataset::from_files`]). What a dataset can answer
//!   depends on what it holds: [`Dataset::require`] says what is missing and
//!   how to add it.
//! * an [`Analysis`] wraps a dataset with the results every command shares:
//!   the indicator pipeline of each year (computed once, on first use), the
//!   innovation and skills assessments, the screening.
//! * the modules below turn those into the answers: a region's
//!   [`profile`], its [`peers`], the [`screening`] for industrial
//!   transition, [`innovation`] and [`skills`], [`themes`] (stage strengths,
//!   partner inputs), [`evidence`] of a priority, [`opportunities`].
//!
//! **One default-year rule** ([`Dataset::default_year`]): every command and
//! endpoint uses the dataset's default year (the latest year in which at
//! least 70 % of the regions have data; 2014 on the embedded data) unless a
//! year is asked; indicators with another vintage (innovation, skills) take
//! each value from the latest year within [`context_inputs::WINDOW`] years
//! before it and say which.

#![deny(missing_docs)]

pub mod context_inputs;
pub mod dataset;
pub mod entry;
mod error;
pub mod evidence;
pub mod innovation;
pub mod json;
pub mod latest;
pub mod network;
pub mod opportunities;
pub mod peers;
pub mod pipeline;
pub mod profile;
pub mod region;
pub mod screening;
pub mod sections;
pub mod skills;
pub mod themes;
pub mod validity;

pub use dataset::{Dataset, Need, Reference};
pub use error::AnalysisError;
pub use pipeline::Analysis;
pub use region::{RegionError, RegionYear};

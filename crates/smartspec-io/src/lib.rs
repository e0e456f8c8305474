//! # smartspec-io
//!
//! Everything that touches files or reference classifications:
//!
//! * [`read`] – panel readers for tidy long CSV, Eurostat bulk TSV and Parquet,
//!   with errors that name `FILE:LINE:COLUMN` and the offending text;
//! * [`write`] and [`parquet`] – writers for CSV and Parquet; missing values
//!   stay missing (empty / null) and flags survive a round trip;
//! * [`nuts`] – the NUTS registry (versions 2006–2024: code, level, parent,
//!   country, label), roll-up to coarser levels and recoding between versions
//!   driven entirely by the JRC NUTS converter crosswalks;
//! * [`nace`] – NACE Rev. 2 labels and hierarchy (section → division → group);
//! * [`embedded`] – the default dataset compiled into the binary: Eurostat SBS
//!   persons employed by NUTS-2 region and NACE division, 2008–2015,
//!   harmonised to NUTS 2013, with its context data and map geometry;
//! * [`criteria`] and [`themes`] – the screening-criteria and theme TOML
//!   files, every problem as `FILE:LINE`.
//!
//! What is computed *from* these (the `Dataset`, profiles, screening,
//! innovation and skills inputs) lives in `smartspec-analysis`; drawing
//! (charts, maps, the HTML report) in `smartspec-report`.
#![deny(missing_docs)]

pub mod binary;
mod classify;
pub mod criteria;
pub mod embedded;
mod error;
pub mod indicator_tables;
pub mod nace;
pub mod nuts;
pub mod parquet;
pub mod read;
pub mod themes;
pub mod write;

pub use error::{Diagnostics, IoError, Problem, Severity};
pub use read::{read_panel, Format, Loaded, ReadOptions};

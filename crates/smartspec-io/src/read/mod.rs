//! Panel readers: tidy long CSV, Eurostat bulk TSV, Parquet.
//!
//! All three go through the same steps: parse located fields ([`Ingest`]),
//! build the panel (duplicates are refused unless `--on-duplicate sum`), then
//! check codes against the declared classifications and, if asked, recode the
//! regions to another NUTS version. Every problem names `FILE:LINE:COLUMN`.

mod csv_long;
mod eurostat_tsv;
mod ingest;
mod lines;
mod options;
mod source;

pub use ingest::{Ingest, YEAR_RANGE};
pub use options::{parse_selection, LongColumns, ReadOptions};

use crate::{Diagnostics, IoError};
use smartspec_core::{Panel, PanelError};
use std::path::Path;

/// The file formats smartspec reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Tidy long CSV `region,activity,year,value[,flag]` (optionally gzipped).
    Csv,
    /// Eurostat bulk-download TSV (optionally gzipped).
    EurostatTsv,
    /// Parquet with the long schema.
    Parquet,
}

impl Format {
    /// The format implied by a file name (`.csv`, `.csv.gz`, `.tsv`,
    /// `.tsv.gz`, `.parquet`).
    pub fn from_path(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        if name.ends_with(".csv") {
            Some(Format::Csv)
        } else if name.ends_with(".tsv") {
            Some(Format::EurostatTsv)
        } else if name.ends_with(".parquet") || name.ends_with(".pq") {
            Some(Format::Parquet)
        } else {
            None
        }
    }
}

/// A panel read from a file, with what the reader noticed.
#[derive(Debug)]
pub struct Loaded {
    /// The panel.
    pub panel: Panel,
    /// Warnings (unknown flag letters, ...), each located.
    pub diagnostics: Diagnostics,
    /// Notes for the user (the NUTS version picked by `auto`, recoding done).
    pub notes: Vec<String>,
}

/// Reads a panel file in the format its name implies.
pub fn read_panel(path: &Path, opts: &ReadOptions) -> Result<Loaded, IoError> {
    let display = path.display().to_string();
    let format = Format::from_path(path).ok_or_else(|| IoError::UnknownFormat {
        path: display.clone(),
        hint: "name the file .csv, .csv.gz, .tsv, .tsv.gz or .parquet".into(),
    })?;
    let ingest = match format {
        Format::Csv => csv_long::read(path, &display, opts)?,
        Format::EurostatTsv => eurostat_tsv::read(path, &display, opts)?,
        Format::Parquet => crate::parquet::read(path, &display, opts)?,
    };
    finish(ingest, opts, &display)
}

/// Reads long CSV held in memory (gzip or plain), e.g. an embedded file.
pub fn read_csv_bytes(name: &str, bytes: &[u8], opts: &ReadOptions) -> Result<Loaded, IoError> {
    let ingest = if bytes.starts_with(&[0x1f, 0x8b]) {
        csv_long::read_from(flate2::read::MultiGzDecoder::new(bytes), name, opts)
    } else {
        csv_long::read_from(bytes, name, opts)
    };
    finish(ingest, opts, name)
}

/// Builds the panel from a filled [`Ingest`], checks codes, recodes.
pub(crate) fn finish(ingest: Ingest, opts: &ReadOptions, display: &str) -> Result<Loaded, IoError> {
    let Ingest {
        builder,
        mut diag,
        region_column,
        activity_column,
        ..
    } = ingest;
    if !diag.is_ok() {
        return Err(IoError::Invalid(Box::new(diag)));
    }
    if builder.is_empty() {
        diag.error(0, 0, "no data rows: the file has only a header");
        return Err(IoError::Invalid(Box::new(diag)));
    }
    let mut notes = Vec::new();
    let regions = crate::classify::check_codes(
        &builder,
        opts,
        (region_column, activity_column),
        &mut diag,
        &mut notes,
    );
    if !diag.is_ok() {
        return Err(IoError::Invalid(Box::new(diag)));
    }
    let mut panel = match builder.build() {
        Ok(p) => p,
        Err(PanelError::Duplicate {
            region,
            activity,
            year,
            first_origin,
            origin,
        }) => {
            diag.error(
                origin,
                0,
                format!("duplicate row for {region}, {activity}, {year} (first at line {first_origin}); use --on-duplicate sum to add duplicates"),
            );
            return Err(IoError::Invalid(Box::new(diag)));
        }
        Err(e) => {
            diag.error(0, 0, e.to_string());
            return Err(IoError::Invalid(Box::new(diag)));
        }
    };
    let meta = panel.meta_mut();
    meta.kind = opts.kind;
    meta.regions = regions;
    meta.activities = opts.activities;
    meta.source = display.to_string();
    if let Some(target) = opts.recode_to {
        let (recoded, log) = crate::nuts::recode_panel(&panel, target, Default::default())?;
        notes.push(log.summary());
        panel = recoded;
    }
    Ok(Loaded {
        panel,
        diagnostics: diag,
        notes,
    })
}

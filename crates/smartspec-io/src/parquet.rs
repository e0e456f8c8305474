//! Parquet reader and writer for the long panel schema (TODO: helper).

use crate::read::{Ingest, ReadOptions};
use crate::IoError;
use smartspec_core::Panel;
use std::path::Path;

/// Reads a long Parquet file into an [`Ingest`].
pub(crate) fn read(path: &Path, display: &str, opts: &ReadOptions) -> Result<Ingest, IoError> {
    let _ = (path, opts);
    Err(IoError::Request(format!("{display}: Parquet reading is not implemented yet")))
}

/// Writes a panel as long Parquet.
pub fn write_panel(panel: &Panel, path: &Path) -> Result<(), IoError> {
    let _ = panel;
    Err(IoError::Write { path: path.display().to_string(), message: "Parquet writing is not implemented yet".into() })
}

//! The errors of an analysis.

use crate::dataset::Missing;
use crate::RegionError;
use thiserror::Error;

/// Why an analysis could not answer.
#[derive(Debug, Error)]
pub enum AnalysisError {
    /// The region or year cannot be answered.
    #[error(transparent)]
    Region(#[from] RegionError),
    /// The dataset lacks what the analysis needs.
    #[error(transparent)]
    Missing(#[from] Missing),
    /// An option or input is out of its domain (the field and why).
    #[error("{field}: {message}")]
    Invalid {
        /// The option, as the command line or the API names it.
        field: String,
        /// What is wrong.
        message: String,
    },
}

impl AnalysisError {
    /// An invalid option.
    pub fn invalid(field: &str, message: impl Into<String>) -> AnalysisError {
        AnalysisError::Invalid {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

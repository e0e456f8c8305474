use thiserror::Error;

/// Errors raised while building or transforming a panel.
///
/// Positions are the `origin` numbers given to [`crate::PanelBuilder::push`]
/// (readers pass the input line), so that a caller can name file and line.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum PanelError {
    /// The same region-activity-year appears twice and the policy is `error`.
    #[error("duplicate row for region {region}, activity {activity}, year {year} (first seen at line {first_origin}); use --on-duplicate sum to add them")]
    Duplicate {
        /// Region code.
        region: String,
        /// Activity code.
        activity: String,
        /// Year.
        year: i32,
        /// Origin (line) of the first occurrence.
        first_origin: u64,
        /// Origin (line) of the repeated row.
        origin: u64,
    },
    /// The panel has no cell at all.
    #[error("the panel is empty: no data rows")]
    Empty,
    /// Parts of a panel do not fit together.
    #[error("inconsistent panel parts: {0}")]
    Shape(String),
    /// A dense panel of this shape would not fit in memory.
    #[error("panel too large: {regions} regions x {activities} activities x {years} years")]
    TooLarge {
        /// Region count.
        regions: usize,
        /// Activity count.
        activities: usize,
        /// Year count.
        years: usize,
    },
}

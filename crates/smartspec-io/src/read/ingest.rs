//! The part every reader shares: turning located fields into panel rows,
//! with the value, year and flag rules and their error messages.

use super::ReadOptions;
use crate::Diagnostics;
use smartspec_core::{Flags, MeasureKind, PanelBuilder};

/// Years accepted in a panel.
pub const YEAR_RANGE: std::ops::RangeInclusive<i32> = 1900..=2100;

/// Collects rows for one file, checking each field.
pub struct Ingest {
    pub(crate) builder: PanelBuilder,
    pub(crate) diag: Diagnostics,
    kind: MeasureKind,
    /// Field number of the region code (for code errors found after reading).
    pub(crate) region_column: usize,
    /// Field number of the activity code.
    pub(crate) activity_column: usize,
}

impl Ingest {
    /// A sink for `path` under `opts`.
    pub fn new(path: &str, opts: &ReadOptions) -> Self {
        Ingest {
            builder: PanelBuilder::new(opts.on_duplicate),
            diag: Diagnostics::new(path, opts.max_problems),
            kind: opts.kind,
            region_column: 0,
            activity_column: 0,
        }
    }

    /// The diagnostics so far.
    pub fn diag(&mut self) -> &mut Diagnostics {
        &mut self.diag
    }

    /// Parses a year field; records an error and returns `None` when bad.
    pub fn year(&mut self, text: &str, line: u64, column: usize) -> Option<i32> {
        let t = text.trim();
        match t.parse::<i32>() {
            Ok(y) if YEAR_RANGE.contains(&y) && t.chars().all(|c| c.is_ascii_digit()) => Some(y),
            _ => {
                self.diag.error(
                    line,
                    column,
                    format!(
                        "bad year {text:?}: expected a calendar year from {} to {}",
                        YEAR_RANGE.start(),
                        YEAR_RANGE.end()
                    ),
                );
                None
            }
        }
    }

    /// Parses a value field: empty or `:` is missing. `Err(())` after
    /// recording an error.
    pub fn value_text(&mut self, text: &str, line: u64, column: usize) -> Result<Option<f64>, ()> {
        let t = text.trim();
        if t.is_empty() || t == ":" {
            return Ok(None);
        }
        match t.parse::<f64>() {
            Ok(v) => self.value(v, line, column, text).map(Some),
            Err(_) => {
                let hint = if t.contains(',') && t.replace(',', "").parse::<f64>().is_ok() {
                    " (use '.' as the decimal point and no thousands separator)"
                } else if t.eq_ignore_ascii_case("na") || t.eq_ignore_ascii_case("null") {
                    " (write a missing value as an empty field or ':')"
                } else {
                    ""
                };
                self.diag
                    .error(line, column, format!("non-numeric value {text:?}{hint}"));
                Err(())
            }
        }
    }

    /// Checks a parsed number: no NaN or infinity; no negative count.
    pub fn value(&mut self, v: f64, line: u64, column: usize, text: &str) -> Result<f64, ()> {
        if !v.is_finite() {
            self.diag.error(
                line,
                column,
                format!("value {text:?} is not a finite number (NaN and infinity are not data; leave the cell empty if it is missing)"),
            );
            return Err(());
        }
        if v < 0.0 && self.kind == MeasureKind::Count {
            self.diag.error(
                line,
                column,
                format!("negative value {text:?} in a count measure (use --measure signed for signed data)"),
            );
            return Err(());
        }
        Ok(if v == 0.0 { 0.0 } else { v })
    }

    /// Parses a flag field; unknown letters are kept with a warning.
    pub fn flags(&mut self, text: &str, line: u64, column: usize) -> Result<Flags, ()> {
        match Flags::parse(text.trim()) {
            Ok((flags, unknown)) => {
                if !unknown.is_empty() {
                    let letters: String = unknown.into_iter().collect();
                    self.diag.warn(
                        line,
                        column,
                        format!("unknown flag letter(s) {letters:?} kept as given"),
                    );
                }
                Ok(flags)
            }
            Err(msg) => {
                self.diag.error(line, column, msg);
                Err(())
            }
        }
    }

    /// Adds a checked row. Codes are trimmed; an empty code is an error.
    #[allow(clippy::too_many_arguments)]
    pub fn row(
        &mut self,
        region: (&str, usize),
        activity: (&str, usize),
        year: i32,
        value: Option<f64>,
        flags: Flags,
        line: u64,
    ) {
        let (r, a) = (region.0.trim(), activity.0.trim());
        self.region_column = region.1;
        self.activity_column = activity.1;
        if r.is_empty() {
            self.diag.error(line, region.1, "empty region code");
            return;
        }
        if a.is_empty() {
            self.diag.error(line, activity.1, "empty activity code");
            return;
        }
        // push cannot fail today (duplicates are found in build)
        let _ = self.builder.push(r, a, year, value, flags, line);
    }
}

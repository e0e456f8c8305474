//! Industrial-transition screening criteria, read from TOML.
//!
//! ```toml
//! min_available = "2/3"       # optional, default 2/3 (a fraction, compared exactly, or a decimal)
//! start = [2008, 2010]        # optional start window
//!
//! [[criterion]]
//! id = "industrial_base"
//! label = "manufacturing share at the start above the EU median"
//! measure = "manufacturing_share_start"   # a built-in measure or context:CODE[:change]
//! direction = "above"                     # above | below
//! threshold = "eu_median"                 # a number | eu_median | eu_mean | national_median
//! weight = 1.0                            # >= 0
//! tie = "meets"                           # meets | fails: what a value equal to the threshold counts as
//! ```
//!
//! Every error names `FILE:LINE`. The shipped default, with the reason for
//! each choice, is [`DEFAULT`] (`config/transition.toml`).

use crate::{Diagnostics, IoError};
use serde::Deserialize;
use smartspec_core::transition::{
    Criterion, Direction, MinShare, Threshold, Tie, MEASURES, MIN_AVAILABLE,
};
use std::ops::Range;
use toml::Spanned;

/// The shipped default criteria.
pub const DEFAULT: &str = include_str!("../../../config/transition.toml");

/// The name the default goes by in messages.
pub const DEFAULT_NAME: &str = "config/transition.toml (built in)";

/// A criteria file.
#[derive(Debug, Clone, PartialEq)]
pub struct Criteria {
    /// The criteria, in file order.
    pub criteria: Vec<Criterion>,
    /// Minimum share of the total weight a region needs data for.
    pub min_available: MinShare,
    /// First and last year of the start window.
    pub start: (i32, i32),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    min_available: Option<Spanned<RawThreshold>>,
    start: Option<Spanned<(i32, i32)>>,
    #[serde(default)]
    criterion: Vec<Spanned<Raw>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawThreshold {
    Number(f64),
    Name(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    id: Spanned<String>,
    label: Option<String>,
    measure: Spanned<String>,
    direction: Spanned<String>,
    threshold: Spanned<RawThreshold>,
    weight: Spanned<f64>,
    #[serde(default)]
    tie: Option<Spanned<String>>,
}

/// 1-based line and column of a span's start.
fn line_col(text: &str, span: Range<usize>) -> (u64, usize) {
    let before = &text[..span.start.min(text.len())];
    let line = 1 + before.matches('\n').count() as u64;
    let col = 1 + before.len() - before.rfind('\n').map_or(0, |i| i + 1);
    (line, col)
}

/// Parses criteria from `text`; `name` is the file name used in errors.
pub fn parse(name: &str, text: &str) -> Result<Criteria, IoError> {
    let mut diag = Diagnostics::new(name, 50);
    let fail = |mut diag: Diagnostics, span: Range<usize>, msg: String| {
        let (line, col) = line_col(text, span);
        diag.error(line, col, msg);
        IoError::Invalid(Box::new(diag))
    };
    let file: File = match toml::from_str(text) {
        Ok(f) => f,
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            return Err(fail(diag, span, e.message().to_string()));
        }
    };
    let error = |d: &mut Diagnostics, span: Range<usize>, message: String| {
        let (line, col) = line_col(text, span);
        d.error(line, col, message);
    };
    let mut criteria = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for raw in &file.criterion {
        let span = raw.span();
        let raw = raw.get_ref();
        let at = |s: Range<usize>| line_col(text, s).0;
        let id = raw.id.get_ref().trim().to_string();
        if id.is_empty() {
            error(&mut diag, raw.id.span(), "empty criterion id".into());
        } else if let Some(first) = seen.insert(id.clone(), at(raw.id.span())) {
            error(
                &mut diag,
                raw.id.span(),
                format!("duplicate criterion id {id:?} (first at line {first})"),
            );
        }
        let measure = raw.measure.get_ref().clone();
        let known = MEASURES.iter().any(|m| m.0 == measure)
            || measure
                .strip_prefix("context:")
                .is_some_and(|c| !c.trim_end_matches(":change").is_empty());
        if !known {
            error(
                &mut diag,
                raw.measure.span(),
                format!(
                    "unknown measure {measure:?}: use one of {} or context:CODE[:change]",
                    MEASURES.iter().map(|m| m.0).collect::<Vec<_>>().join(", ")
                ),
            );
        }
        let direction = match raw.direction.get_ref().as_str() {
            "above" => Direction::Above,
            "below" => Direction::Below,
            other => {
                error(
                    &mut diag,
                    raw.direction.span(),
                    format!("direction {other:?}: use \"above\" or \"below\""),
                );
                Direction::Above
            }
        };
        let threshold = match raw.threshold.get_ref() {
            RawThreshold::Number(v) if v.is_finite() => Threshold::Value(*v),
            RawThreshold::Number(v) => {
                error(
                    &mut diag,
                    raw.threshold.span(),
                    format!("threshold {v} is not a finite number"),
                );
                Threshold::Value(0.0)
            }
            RawThreshold::Name(n) => match n.as_str() {
                "eu_median" => Threshold::EuMedian,
                "eu_mean" => Threshold::EuMean,
                "national_median" => Threshold::NationalMedian,
                other => {
                    error(&mut diag, raw.threshold.span(),
                        format!("threshold {other:?}: use a number, \"eu_median\", \"eu_mean\" or \"national_median\""),
                    );
                    Threshold::EuMedian
                }
            },
        };
        let weight = *raw.weight.get_ref();
        if !(weight.is_finite() && weight >= 0.0) {
            error(
                &mut diag,
                raw.weight.span(),
                format!("weight {weight}: must be a number >= 0"),
            );
        }
        let tie = match raw.tie.as_ref().map(|t| (t.get_ref().as_str(), t.span())) {
            None | Some(("fails", _)) => Tie::Fails,
            Some(("meets", _)) => Tie::Meets,
            Some((other, s)) => {
                error(
                    &mut diag,
                    s,
                    format!("tie {other:?}: use \"meets\" or \"fails\""),
                );
                Tie::Fails
            }
        };
        let _ = span;
        criteria.push(Criterion {
            label: raw.label.clone().unwrap_or_else(|| id.clone()),
            id,
            measure,
            direction,
            threshold,
            weight,
            tie,
        });
    }
    if criteria.is_empty() {
        diag.error(1, 1, "no [[criterion]] table: give at least one criterion");
    } else if diag.is_ok() && !(criteria.iter().map(|c| c.weight).sum::<f64>() > 0.0) {
        diag.error(
            1,
            1,
            "every weight is 0: give at least one criterion a weight above 0",
        );
    }
    let min_available = match &file.min_available {
        Some(m) => {
            let parsed = match m.get_ref() {
                RawThreshold::Number(x) => MinShare::decimal(*x).check(),
                RawThreshold::Name(s) => MinShare::parse(s),
            };
            parsed.unwrap_or_else(|e| {
                error(&mut diag, m.span(), format!("min_available {e}"));
                MIN_AVAILABLE
            })
        }
        None => MIN_AVAILABLE,
    };
    let start = match &file.start {
        Some(s) if s.get_ref().0 > s.get_ref().1 => {
            error(
                &mut diag,
                s.span(),
                format!(
                    "start {:?}: the first year must not be after the last",
                    s.get_ref()
                ),
            );
            (2008, 2010)
        }
        Some(s) => *s.get_ref(),
        None => (2008, 2010),
    };
    if !diag.is_ok() {
        return Err(IoError::Invalid(Box::new(diag)));
    }
    Ok(Criteria {
        criteria,
        min_available,
        start,
    })
}

/// Reads a criteria file.
pub fn read(path: &std::path::Path) -> Result<Criteria, IoError> {
    let text = std::fs::read_to_string(path).map_err(|e| IoError::File {
        path: path.display().to_string(),
        source: e,
    })?;
    parse(&path.display().to_string(), &text)
}

/// The shipped default criteria.
pub fn default_criteria() -> Criteria {
    // the default is checked by a test; a failure here is a build bug
    parse(DEFAULT_NAME, DEFAULT).unwrap_or_else(|e| panic!("{e}"))
}

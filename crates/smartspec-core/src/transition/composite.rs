//! The screening composite: criteria met, weighted, over the criteria a
//! region has data for.

use super::Observation;
use crate::stats::median;
use std::fmt;

/// Which side of the threshold meets a criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// The value must be above the threshold.
    Above,
    /// The value must be below the threshold.
    Below,
}

/// What a value equal to the threshold counts as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tie {
    /// Equal meets the criterion.
    Meets,
    /// Equal does not meet it.
    Fails,
}

/// The threshold a value is compared with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Threshold {
    /// A fixed number in the measure's unit.
    Value(f64),
    /// The median of the EU28 regions' values of the same basis.
    EuMedian,
    /// The unweighted mean of the EU28 regions' values of the same basis.
    EuMean,
    /// The median of the regions of the region's own country (same basis).
    NationalMedian,
}

impl fmt::Display for Threshold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Threshold::Value(v) => write!(f, "{v}"),
            Threshold::EuMedian => f.write_str("EU median"),
            Threshold::EuMean => f.write_str("EU mean"),
            Threshold::NationalMedian => f.write_str("national median"),
        }
    }
}

/// One screening criterion.
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    /// Short id, unique within a screening.
    pub id: String,
    /// What it means, in words.
    pub label: String,
    /// The measure it reads (see [`super::MEASURES`]).
    pub measure: String,
    /// Which side meets it.
    pub direction: Direction,
    /// The threshold.
    pub threshold: Threshold,
    /// Its weight (≥ 0).
    pub weight: f64,
    /// What equality counts as.
    pub tie: Tie,
}

/// A region to screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// Region code.
    pub code: String,
    /// Country code (the first two letters of a NUTS code).
    pub country: String,
    /// True for EU28 regions: the EU distributions are theirs.
    pub eu: bool,
}

/// One criterion for one region.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The value behind it, with its year and source; `None` when missing.
    pub observation: Option<Observation>,
    /// The threshold it was compared with.
    pub threshold: Option<f64>,
    /// Met, not met, or `None` when it could not be judged.
    pub meets: Option<bool>,
}

/// A region's screening result.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionScore {
    /// Index into the units.
    pub unit: usize,
    /// `100 × Σ weights met / Σ weights available`, `None` when not scored.
    pub score: Option<f64>,
    /// 1 = most in transition; `None` when not scored.
    pub rank: Option<usize>,
    /// Share of the total weight with data, 0–1.
    pub available: f64,
    /// Weighted mean distance beyond the thresholds in EU standard deviations
    /// (positive = on the transition side), the tie-breaker of the ranking.
    pub intensity: Option<f64>,
    /// One outcome per criterion.
    pub outcomes: Vec<Outcome>,
}

/// Why a screening cannot run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScreeningError {
    /// No criterion, or none with a positive weight.
    #[error("the criteria carry no weight: give at least one criterion a weight above 0")]
    NoWeight,
    /// A weight is negative or not finite.
    #[error("criterion {0:?}: the weight must be a finite number >= 0")]
    BadWeight(String),
    /// Two criteria share an id.
    #[error("criterion id {0:?} is used twice")]
    DuplicateId(String),
    /// The minimum available share is outside (0, 1].
    #[error("the minimum share of weight with data must be in (0, 1], got {0}")]
    BadMinimum(f64),
    /// The observations do not match the criteria and units.
    #[error("{0}")]
    Shape(String),
    /// A criterion names a measure that does not exist.
    #[error("criterion {id:?}: {message}")]
    UnknownMeasure {
        /// The criterion.
        id: String,
        /// What is known instead.
        message: String,
    },
}

/// Observations by criterion, then unit: `[criterion][unit]`.
pub type Observations = Vec<Vec<Option<Observation>>>;

/// Reads every criterion's measure for every unit from `measures`, then
/// [`screen`]s. Returns the observations (`[criterion][unit]`) and scores.
pub fn evaluate(
    measures: &super::Measures,
    units: &[Unit],
    criteria: &[Criterion],
    min_available: super::MinShare,
) -> Result<(Observations, Vec<RegionScore>), ScreeningError> {
    let mut observations = Vec::with_capacity(criteria.len());
    for c in criteria {
        let row = units
            .iter()
            .map(|u| measures.measure(&c.measure, &u.code))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|message| ScreeningError::UnknownMeasure {
                id: c.id.clone(),
                message,
            })?;
        observations.push(row);
    }
    let alternates: Observations = criteria
        .iter()
        .map(|c| {
            units
                .iter()
                .map(|u| measures.proxy(&c.measure, &u.code))
                .collect()
        })
        .collect();
    let scores = screen_with(
        units,
        criteria,
        &observations,
        Some(&alternates),
        min_available,
    )?;
    Ok((observations, scores))
}

/// Distances beyond the threshold are clipped at this many standard
/// deviations, so one extreme value cannot carry the tie-breaker.
pub const INTENSITY_CLIP: f64 = 3.0;

fn mean_sd(v: &[f64]) -> Option<(f64, f64)> {
    if v.is_empty() {
        return None;
    }
    let n = v.len() as f64;
    let m = v.iter().sum::<f64>() / n;
    let sd = (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / n).sqrt();
    Some((m, sd))
}

/// Screens `units` on `criteria`. `observations[c][u]` is criterion `c`'s
/// value for unit `u`. A region is scored when the criteria it has data for
/// carry at least `min_available` of the total weight (two thirds by
/// default); its score is the weight met over the weight available, so a
/// missing criterion is neither met nor failed. Thresholds of the EU kind
/// are taken per *basis* (an observation's `basis`: a proxy is compared with
/// the distribution of the same proxy, never with the measure it replaces).
pub fn screen(
    units: &[Unit],
    criteria: &[Criterion],
    observations: &[Vec<Option<Observation>>],
    min_available: super::MinShare,
) -> Result<Vec<RegionScore>, ScreeningError> {
    screen_with(units, criteria, observations, None, min_available)
}

/// [`screen`] with `alternates[c][u]`: the proxy value of criterion `c`'s
/// measure for unit `u` whether or not the unit needed it. A threshold of
/// the EU (or national) kind for a basis is then taken over every unit with
/// a value of that basis, its own observation or its alternate — so a proxy
/// is judged against the proxy's distribution over all regions, not over
/// the few regions that lacked the primary source.
pub fn screen_with(
    units: &[Unit],
    criteria: &[Criterion],
    observations: &[Vec<Option<Observation>>],
    alternates: Option<&Observations>,
    min_available: super::MinShare,
) -> Result<Vec<RegionScore>, ScreeningError> {
    let mut ids = std::collections::HashSet::new();
    for c in criteria {
        if !(c.weight.is_finite() && c.weight >= 0.0) {
            return Err(ScreeningError::BadWeight(c.id.clone()));
        }
        if !ids.insert(c.id.as_str()) {
            return Err(ScreeningError::DuplicateId(c.id.clone()));
        }
    }
    let total: f64 = criteria.iter().map(|c| c.weight).sum();
    if !(total > 0.0) {
        return Err(ScreeningError::NoWeight);
    }
    if min_available.check().is_err() {
        return Err(ScreeningError::BadMinimum(min_available.value()));
    }
    if observations.len() != criteria.len() || observations.iter().any(|o| o.len() != units.len()) {
        return Err(ScreeningError::Shape(format!(
            "{} observation rows for {} criteria and {} units",
            observations.len(),
            criteria.len(),
            units.len()
        )));
    }
    let mut scores: Vec<RegionScore> = (0..units.len())
        .map(|u| RegionScore {
            unit: u,
            score: None,
            rank: None,
            available: 0.0,
            intensity: None,
            outcomes: Vec::with_capacity(criteria.len()),
        })
        .collect();
    for (c, crit) in criteria.iter().enumerate() {
        let obs = &observations[c];
        let alt = alternates.and_then(|a| a.get(c));
        // the values of one basis over a set of units: a unit's own
        // observation of that basis, else its alternate of that basis
        let values = |basis: &str, keep: &dyn Fn(&Unit) -> bool| -> Vec<f64> {
            (0..units.len())
                .filter(|&u| keep(&units[u]))
                .filter_map(|u| {
                    let own = obs[u].as_ref().filter(|o| o.basis == basis);
                    let other = alt
                        .and_then(|a| a.get(u)?.as_ref())
                        .filter(|o| o.basis == basis);
                    own.or(other).map(|o| o.value)
                })
                .collect()
        };
        let mut cache: std::collections::HashMap<(String, String), Option<f64>> =
            Default::default();
        let mut sd_cache: std::collections::HashMap<String, f64> = Default::default();
        for (u, unit) in units.iter().enumerate() {
            let Some(o) = obs[u].clone() else {
                scores[u].outcomes.push(Outcome {
                    observation: None,
                    threshold: None,
                    meets: None,
                });
                continue;
            };
            let key_country = match crit.threshold {
                Threshold::NationalMedian => unit.country.clone(),
                _ => String::new(),
            };
            let threshold = *cache
                .entry((o.basis.clone(), key_country.clone()))
                .or_insert_with(|| match crit.threshold {
                    Threshold::Value(v) => Some(v),
                    Threshold::EuMedian => median(&values(&o.basis, &|u| u.eu)),
                    Threshold::EuMean => mean_sd(&values(&o.basis, &|u| u.eu)).map(|m| m.0),
                    Threshold::NationalMedian => {
                        median(&values(&o.basis, &|u| u.country == key_country))
                    }
                });
            let sd = *sd_cache
                .entry(o.basis.clone())
                .or_insert_with(|| mean_sd(&values(&o.basis, &|u| u.eu)).map_or(0.0, |m| m.1));
            let meets = threshold.map(|t| {
                if o.value == t {
                    crit.tie == Tie::Meets
                } else {
                    (o.value > t) == (crit.direction == Direction::Above)
                }
            });
            if let Some(t) = threshold {
                let s = &mut scores[u];
                s.available += crit.weight;
                let signed = match crit.direction {
                    Direction::Above => o.value - t,
                    Direction::Below => t - o.value,
                };
                let d = if sd > 0.0 {
                    (signed / sd).clamp(-INTENSITY_CLIP, INTENSITY_CLIP)
                } else {
                    0.0
                };
                *s.intensity.get_or_insert(0.0) += crit.weight * d;
                if meets == Some(true) {
                    *s.score.get_or_insert(0.0) += crit.weight;
                }
            }
            scores[u].outcomes.push(Outcome {
                observation: Some(o),
                threshold,
                meets,
            });
        }
    }
    for s in &mut scores {
        let avail = s.available;
        s.available = avail / total;
        if min_available.admits(avail, total) && avail > 0.0 {
            s.score = Some(100.0 * s.score.unwrap_or(0.0) / avail);
            s.intensity = s.intensity.map(|i| i / avail);
        } else {
            s.score = None;
            s.intensity = None;
        }
    }
    let mut order: Vec<usize> = (0..units.len())
        .filter(|&u| scores[u].score.is_some())
        .collect();
    order.sort_by(|&a, &b| {
        let (sa, sb) = (&scores[a], &scores[b]);
        sb.score
            .unwrap_or(0.0)
            .total_cmp(&sa.score.unwrap_or(0.0))
            .then(
                sb.intensity
                    .unwrap_or(0.0)
                    .total_cmp(&sa.intensity.unwrap_or(0.0)),
            )
            .then(units[a].code.cmp(&units[b].code))
    });
    for (k, &u) in order.iter().enumerate() {
        scores[u].rank = Some(k + 1);
    }
    Ok(scores)
}

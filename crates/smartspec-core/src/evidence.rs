//! The evidence check of a declared smart-specialisation priority: does the
//! measured picture of the priority's activities in its region support it?
//!
//! For each activity of the priority (NACE divisions) the region's
//! **RCA** (location quotient of employment against the EU28), its
//! **employment**, the **trend** of the RCA (its change per year over the
//! window the caller measured, usually five years), the **relatedness
//! density** of the activity to the region's other specialisations and its
//! **percentile** among the region's non-specialised activities, and the
//! activity's **complexity** (PCI).
//!
//! The verdict, with the thresholds of [`Thresholds::default`]:
//!
//! 1. **established strength** when the activities with RCA ≥ `rca` (1.0)
//!    hold at least `established_share` (50 %) of the priority's employment
//!    (of its activities' count when no employment is known);
//! 2. otherwise **emerging and related** when the priority's non-specialised
//!    activities sit, on average, at or above the `related_percentile`
//!    (0.5, the median) of the region's relatedness density *and* their mean
//!    RCA trend is above `rising` (0.0 per year): capabilities near them exist
//!    and they are growing;
//! 3. otherwise **weakly supported**;
//! 4. **not measurable** when no activity of the priority has a measured
//!    RCA (its codes lie outside the data, e.g. agriculture A01, finance K64
//!    or health Q86 on the SBS panel, or every cell is confidential): the
//!    data say nothing either way.
//!
//! Complexity is reported (it says how valuable the priority would be) but
//! does not change the verdict, which is about evidence of capability.

/// The measured picture of one activity.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityEvidence {
    /// Activity code.
    pub activity: String,
    /// RCA in the latest year (NaN: confidential or absent).
    pub rca: f64,
    /// Employment in the latest year (NaN when missing).
    pub employment: f64,
    /// RCA change per year over the window (NaN when not measurable).
    pub rca_trend: f64,
    /// Relatedness density (the pipeline's scale).
    pub density: f64,
    /// Share of the region's non-specialised activities with a lower density (0–1).
    pub density_percentile: f64,
    /// PCI.
    pub complexity: f64,
}

/// The evidence of `activities` (panel activity indices) for region `r`:
/// RCA, employment, density and PCI from `now` (the pipeline of the
/// priority's year), the RCA trend per year against `before` (an earlier
/// year's pipeline; NaN without one), and each density's [`percentile`]
/// among the region's activities with RCA below `threshold`.
pub fn activity_evidence(
    panel: &crate::Panel,
    now: &crate::indicators::pipeline::YearIndicators,
    before: Option<&crate::indicators::pipeline::YearIndicators>,
    r: usize,
    activities: &[usize],
    threshold: f64,
) -> Vec<ActivityEvidence> {
    let na = panel.activities().len();
    let pool: Vec<f64> = (0..na)
        .filter(|&p| now.rca.get(r, p) < threshold)
        .map(|p| now.density.get(r, p))
        .collect();
    let y = panel.year_index(now.year);
    activities
        .iter()
        .map(|&p| {
            let rca = now.rca.get(r, p);
            let rca_trend = match before {
                Some(b) if b.year < now.year => {
                    (rca - b.rca.get(r, p)) / f64::from(now.year - b.year)
                }
                _ => f64::NAN,
            };
            let density = now.density.get(r, p);
            ActivityEvidence {
                activity: panel.activities().code(p as u32).to_string(),
                rca,
                employment: y
                    .and_then(|y| match panel.cell(y, r, p) {
                        crate::Cell::Value(v) => Some(v),
                        _ => None,
                    })
                    .unwrap_or(f64::NAN),
                rca_trend: if rca_trend.is_finite() {
                    rca_trend
                } else {
                    f64::NAN
                },
                density,
                density_percentile: percentile(density, &pool),
                complexity: now.pci[p],
            }
        })
        .collect()
}

/// The verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The region is already specialised in the priority.
    EstablishedStrength,
    /// Not yet specialised, but related to what the region does and rising.
    EmergingAndRelated,
    /// The data do not support the priority.
    WeaklySupported,
    /// No activity of the priority is measured in the data.
    NotMeasurable,
}

impl Verdict {
    /// The label shown.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::EstablishedStrength => "established strength",
            Verdict::EmergingAndRelated => "emerging and related",
            Verdict::WeaklySupported => "weakly supported",
            Verdict::NotMeasurable => "not measurable",
        }
    }
}

/// The thresholds of the verdict (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// RCA at which an activity counts as a specialisation.
    pub rca: f64,
    /// Share of the priority's employment in specialisations for an established strength.
    pub established_share: f64,
    /// Mean density percentile of the non-specialised activities for "related".
    pub related_percentile: f64,
    /// Mean RCA trend per year above which they are "rising".
    pub rising: f64,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds {
            rca: 1.0,
            established_share: 0.5,
            related_percentile: 0.5,
            rising: 0.0,
        }
    }
}

/// The verdict and the numbers behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// Verdict.
    pub verdict: Verdict,
    /// Activities with a measured RCA.
    pub measured: usize,
    /// Share of the measured employment (or count) in activities with RCA ≥ threshold.
    pub specialised_share: f64,
    /// Mean density percentile of the measured non-specialised activities (NaN if none).
    pub related_percentile: f64,
    /// Mean RCA trend of the measured non-specialised activities (NaN if none).
    pub trend: f64,
    /// Mean complexity of the measured activities (NaN if none).
    pub complexity: f64,
}

fn mean(v: impl Iterator<Item = f64>) -> f64 {
    let (mut s, mut n) = (0.0, 0usize);
    for x in v.filter(|x| x.is_finite()) {
        s += x;
        n += 1;
    }
    if n == 0 {
        f64::NAN
    } else {
        s / n as f64 + 0.0
    }
}

/// Assesses a priority from its activities' evidence.
pub fn assess(activities: &[ActivityEvidence], t: &Thresholds) -> Assessment {
    let measured: Vec<&ActivityEvidence> =
        activities.iter().filter(|a| a.rca.is_finite()).collect();
    let weight = |a: &ActivityEvidence| {
        if a.employment > 0.0 {
            a.employment
        } else {
            0.0
        }
    };
    let total: f64 = measured.iter().map(|a| weight(a)).sum();
    let specialised = |a: &&&ActivityEvidence| a.rca >= t.rca;
    let specialised_share = if measured.is_empty() {
        f64::NAN
    } else if total > 0.0 {
        (measured
            .iter()
            .filter(specialised)
            .map(|a| weight(a))
            .sum::<f64>()
            + 0.0)
            / total
    } else {
        measured.iter().filter(specialised).count() as f64 / measured.len() as f64
    };
    let others: Vec<&&ActivityEvidence> = measured.iter().filter(|a| a.rca < t.rca).collect();
    let related_percentile = mean(others.iter().map(|a| a.density_percentile));
    let trend = mean(others.iter().map(|a| a.rca_trend));
    let complexity = mean(measured.iter().map(|a| a.complexity));
    let verdict = if measured.is_empty() {
        Verdict::NotMeasurable
    } else if specialised_share >= t.established_share {
        Verdict::EstablishedStrength
    } else if related_percentile >= t.related_percentile && trend > t.rising {
        Verdict::EmergingAndRelated
    } else {
        Verdict::WeaklySupported
    };
    Assessment {
        verdict,
        measured: measured.len(),
        specialised_share,
        related_percentile,
        trend,
        complexity,
    }
}

/// The percentile of `x` among `pool`: the share of finite values below it
/// (0 when the pool is empty).
pub fn percentile(x: f64, pool: &[f64]) -> f64 {
    let finite: Vec<f64> = pool.iter().copied().filter(|v| v.is_finite()).collect();
    if finite.is_empty() || !x.is_finite() {
        return f64::NAN;
    }
    finite.iter().filter(|v| **v < x).count() as f64 / finite.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn act(rca: f64, employment: f64, trend: f64, pct: f64) -> ActivityEvidence {
        ActivityEvidence {
            activity: "X".into(),
            rca,
            employment,
            rca_trend: trend,
            density: 0.0,
            density_percentile: pct,
            complexity: 1.0,
        }
    }

    #[test]
    fn established_when_specialisations_hold_most_jobs() {
        // 600 of 1000 jobs in RCA >= 1 activities: share 0.6
        let a = assess(
            &[act(1.8, 600.0, 0.0, 0.9), act(0.4, 400.0, -0.1, 0.1)],
            &Thresholds::default(),
        );
        assert_eq!(a.verdict, Verdict::EstablishedStrength);
        assert!((a.specialised_share - 0.6).abs() < 1e-12);
    }

    #[test]
    fn emerging_when_related_and_rising() {
        // share 100/1000 = 0.1; others: percentiles 0.8, 0.6 -> 0.7; trends 0.05, 0.01 -> 0.03
        let a = assess(
            &[
                act(1.2, 100.0, 0.0, 0.0),
                act(0.7, 500.0, 0.05, 0.8),
                act(0.5, 400.0, 0.01, 0.6),
            ],
            &Thresholds::default(),
        );
        assert_eq!(a.verdict, Verdict::EmergingAndRelated);
        assert!((a.related_percentile - 0.7).abs() < 1e-12);
        assert!((a.trend - 0.03).abs() < 1e-12);
    }

    #[test]
    fn weak_when_unrelated_or_falling_or_unmeasured() {
        let t = Thresholds::default();
        let falling = assess(&[act(0.7, 500.0, -0.02, 0.9)], &t);
        assert_eq!(falling.verdict, Verdict::WeaklySupported);
        // a share of nothing is +0, never -0 (an empty f64 sum is -0.0)
        assert_eq!(falling.specialised_share.to_bits(), 0.0f64.to_bits());
        let unrelated = assess(&[act(0.7, 500.0, 0.2, 0.2)], &t);
        assert_eq!(unrelated.verdict, Verdict::WeaklySupported);
        let none = assess(&[act(f64::NAN, f64::NAN, f64::NAN, f64::NAN)], &t);
        assert_eq!((none.verdict, none.measured), (Verdict::NotMeasurable, 0));
        assert!(none.specialised_share.is_nan());
    }

    #[test]
    fn count_share_without_employment() {
        let a = assess(
            &[act(1.5, f64::NAN, 0.0, 0.0), act(0.5, f64::NAN, 0.0, 0.0)],
            &Thresholds::default(),
        );
        assert_eq!(a.specialised_share, 0.5);
        assert_eq!(a.verdict, Verdict::EstablishedStrength);
    }

    #[test]
    fn percentile_counts_strictly_lower() {
        assert_eq!(percentile(3.0, &[1.0, 2.0, 3.0, f64::NAN, 4.0]), 0.5);
        assert!(percentile(1.0, &[]).is_nan());
    }
}

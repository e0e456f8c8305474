//! The composite innovation-capacity index, built as the JRC/OECD *Handbook
//! on Constructing Composite Indicators* (2008) recommends.
//!
//! For indicator `k` with values `x_kr` over the reference regions `r`
//! (the EU28 NUTS-2 regions; missing values are left out, never zero):
//!
//! 1. **Winsorise** at the `p_lo` and `p_hi` quantiles of the known values
//!    (type 7; default 5 % and 95 %): `c_kr = min(max(x_kr, q_lo), q_hi)`.
//! 2. **Normalise** ([`Normalisation`]):
//!    * `MinMax` (default): `n_kr = (c_kr − q_lo) / (q_hi − q_lo)`, in `[0, 1]`;
//!    * `ZScore`: `n_kr = (c_kr − mean_k) / sd_k` (population sd of the `c_k·`);
//!    * `Rank`: the mid-rank percentile of `x_kr` among the known values.
//!
//!    An indicator whose winsorised values are all equal normalises to ½
//!    (0 for z-scores); one with fewer than two known values is unusable (all
//!    NaN). The EU value goes through the same winsorisation and normalisation
//!    with the regions' bounds, so the EU is scored like a region.
//! 3. **Aggregate** arithmetically with weights `w_k` (default equal):
//!    `S_r = Σ_{k known} w_k n_kr / Σ_{k known} w_k`, only when the region
//!    has at least `min_share` of the indicators (by count; default ⅔);
//!    otherwise the region is not scored (NaN).
//! 4. **Rank** by `S_r` descending, rank 1 the highest; ties share the lowest
//!    rank number.
//! 5. **Performance group** (Regional Innovation Scoreboard 2019) from the
//!    performance relative to the EU, `100 · S_r / S_EU` on the min–max
//!    scale: *leader* above 120, *strong* from 90 to 120 (both included),
//!    *moderate* from 50 (included) to 90, *modest* below 50.

use crate::stats::{mid_rank, quantile, sorted_finite};

/// How an indicator is brought to a common scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Normalisation {
    /// Min–max on winsorised values, `[0, 1]`.
    MinMax,
    /// z-score of winsorised values.
    ZScore,
    /// Mid-rank percentile, `[0, 1]`.
    Rank,
}

impl Normalisation {
    /// Every method, in a fixed order.
    pub const ALL: [Normalisation; 3] = [
        Normalisation::MinMax,
        Normalisation::ZScore,
        Normalisation::Rank,
    ];

    /// Short name.
    pub fn name(self) -> &'static str {
        match self {
            Normalisation::MinMax => "min-max",
            Normalisation::ZScore => "z-score",
            Normalisation::Rank => "rank",
        }
    }
}

/// Options of the composite.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CompositeOptions {
    /// Normalisation method.
    pub normalisation: Normalisation,
    /// Winsorisation quantiles `(p_lo, p_hi)`.
    pub winsor: (f64, f64),
    /// Minimum share of the indicators (by count) a region needs to be scored.
    pub min_share: f64,
}

impl Default for CompositeOptions {
    fn default() -> Self {
        CompositeOptions {
            normalisation: Normalisation::MinMax,
            winsor: (0.05, 0.95),
            min_share: 2.0 / 3.0,
        }
    }
}

/// Normalises one indicator's regional values and the EU value (step 1–2 of
/// the module doc). Returns `(n_r for every region, n_EU)`; NaN where the
/// value is missing.
pub fn normalise(
    values: &[f64],
    eu: f64,
    method: Normalisation,
    winsor: (f64, f64),
) -> (Vec<f64>, f64) {
    let sorted = sorted_finite(values);
    if sorted.len() < 2 {
        return (vec![f64::NAN; values.len()], f64::NAN);
    }
    let (lo, hi) = (quantile(&sorted, winsor.0), quantile(&sorted, winsor.1));
    let clip = |x: f64| {
        if x.is_finite() {
            x.clamp(lo, hi)
        } else {
            f64::NAN
        }
    };
    let f: Box<dyn Fn(f64) -> f64> = match method {
        Normalisation::MinMax => Box::new(move |x| {
            let c = clip(x);
            if hi - lo > 1e-12 * hi.abs().max(1.0) {
                (c - lo) / (hi - lo)
            } else if c.is_finite() {
                0.5
            } else {
                f64::NAN
            }
        }),
        Normalisation::ZScore => {
            let clipped: Vec<f64> = sorted.iter().map(|x| x.clamp(lo, hi)).collect();
            let n = clipped.len() as f64;
            let m = clipped.iter().sum::<f64>() / n;
            let sd = (clipped.iter().map(|x| (x - m).powi(2)).sum::<f64>() / n).sqrt();
            Box::new(move |x| {
                let c = clip(x);
                if sd > 0.0 {
                    (c - m) / sd
                } else if c.is_finite() {
                    0.0
                } else {
                    f64::NAN
                }
            })
        }
        Normalisation::Rank => Box::new(move |x| mid_rank(&sorted, x)),
    };
    (values.iter().map(|&x| f(x)).collect(), f(eu))
}

/// Weighted arithmetic mean of the known normalised values of one unit
/// (`n[k]`, NaN missing), or NaN when fewer than `min_share` of the
/// indicators are known (step 3).
pub fn aggregate(n: &[f64], weights: &[f64], min_share: f64) -> f64 {
    let (mut sum, mut w, mut known) = (0.0, 0.0, 0usize);
    for (x, wk) in n.iter().zip(weights) {
        if x.is_finite() {
            sum += wk * x;
            w += wk;
            known += 1;
        }
    }
    if n.is_empty() || (known as f64) < min_share * n.len() as f64 - 1e-9 || w <= 0.0 {
        f64::NAN
    } else {
        sum / w
    }
}

/// Ranks of scores, 1 the highest; ties share the lowest rank number; NaN
/// scores are not ranked.
pub fn ranks(scores: &[f64]) -> Vec<Option<usize>> {
    let mut order: Vec<usize> = (0..scores.len())
        .filter(|&r| scores[r].is_finite())
        .collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let mut out = vec![None; scores.len()];
    for (i, &r) in order.iter().enumerate() {
        let rank = if i > 0 && scores[order[i - 1]] == scores[r] {
            out[order[i - 1]]
        } else {
            Some(i + 1)
        };
        out[r] = rank;
    }
    out
}

/// A computed composite.
#[derive(Debug, Clone, PartialEq)]
pub struct Composite {
    /// Normalised values `[k][r]` (NaN missing).
    pub normalised: Vec<Vec<f64>>,
    /// The EU's normalised values `[k]`.
    pub eu_normalised: Vec<f64>,
    /// Scores `S_r` (NaN when not scored).
    pub scores: Vec<f64>,
    /// The EU's score.
    pub eu_score: f64,
    /// Ranks (1 = highest).
    pub ranks: Vec<Option<usize>>,
}

impl Composite {
    /// Computes the composite of `values[k][r]` with EU values `eu[k]` and
    /// weights `weights[k]`.
    pub fn new(
        values: &[Vec<f64>],
        eu: &[f64],
        weights: &[f64],
        opts: &CompositeOptions,
    ) -> Composite {
        let nr = values.first().map_or(0, Vec::len);
        let (normalised, eu_normalised): (Vec<Vec<f64>>, Vec<f64>) = values
            .iter()
            .zip(eu)
            .map(|(v, &e)| normalise(v, e, opts.normalisation, opts.winsor))
            .unzip();
        let scores: Vec<f64> = (0..nr)
            .map(|r| {
                let n: Vec<f64> = normalised.iter().map(|k| k[r]).collect();
                aggregate(&n, weights, opts.min_share)
            })
            .collect();
        let eu_score = aggregate(&eu_normalised, weights, opts.min_share);
        let ranks = ranks(&scores);
        Composite {
            normalised,
            eu_normalised,
            scores,
            eu_score,
            ranks,
        }
    }

    /// `100 · S_r / S_EU` (NaN when either is unknown or `S_EU ≤ 0`).
    pub fn relative_to_eu(&self, r: usize) -> f64 {
        if self.eu_score > 0.0 {
            100.0 * self.scores[r] / self.eu_score
        } else {
            f64::NAN
        }
    }
}

/// Regional Innovation Scoreboard 2019 performance groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    /// Above 120 % of the EU.
    Leader,
    /// 90–120 % of the EU.
    Strong,
    /// 50–90 % of the EU.
    Moderate,
    /// Below 50 % of the EU.
    Modest,
}

impl Group {
    /// The group of a performance relative to the EU (EU = 100); `None`
    /// when unknown.
    pub fn of(relative: f64) -> Option<Group> {
        if !relative.is_finite() {
            None
        } else if relative > 120.0 {
            Some(Group::Leader)
        } else if relative >= 90.0 {
            Some(Group::Strong)
        } else if relative >= 50.0 {
            Some(Group::Moderate)
        } else {
            Some(Group::Modest)
        }
    }

    /// Lower-case name (`leader`, `strong`, `moderate`, `modest`).
    pub fn name(self) -> &'static str {
        match self {
            Group::Leader => "leader",
            Group::Strong => "strong",
            Group::Moderate => "moderate",
            Group::Modest => "modest",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    const NAN: f64 = f64::NAN;

    #[test]
    fn min_max_winsorises_then_scales() {
        // 0..=10 and an outlier 100: quantiles 10 % / 90 % (type 7 over 12
        // values: positions 1.1 and 9.9) are 1.1 and 9.9
        let v: Vec<f64> = (0..=10).map(f64::from).chain([100.0, NAN]).collect();
        let (n, eu) = normalise(&v, 5.5, Normalisation::MinMax, (0.1, 0.9));
        assert!((n[0] - 0.0).abs() < 1e-12);
        assert!(
            (n[11] - 1.0).abs() < 1e-12,
            "the outlier is clipped to the top"
        );
        assert!((n[5] - (5.0 - 1.1) / 8.8).abs() < 1e-12);
        assert!((eu - 0.5).abs() < 1e-12);
        assert!(n[12].is_nan(), "missing stays missing");
    }

    #[test]
    fn z_and_rank_normalisations() {
        let v = [1.0, 2.0, 3.0, NAN];
        let (z, _) = normalise(&v, 2.0, Normalisation::ZScore, (0.0, 1.0));
        let sd = (2.0f64 / 3.0).sqrt();
        assert!((z[0] + 1.0 / sd).abs() < 1e-12 && z[1].abs() < 1e-12);
        let (p, eu) = normalise(&v, 2.5, Normalisation::Rank, (0.0, 1.0));
        assert_eq!(p[..3], [0.5 / 3.0, 1.5 / 3.0, 2.5 / 3.0]);
        assert_eq!(eu, 2.0 / 3.0);
    }

    #[test]
    fn degenerate_indicators_have_defined_values() {
        let (n, _) = normalise(&[4.0, 4.0, NAN], 4.0, Normalisation::MinMax, (0.05, 0.95));
        assert_eq!(n[..2], [0.5, 0.5]);
        let (n, eu) = normalise(&[4.0, NAN], 4.0, Normalisation::MinMax, (0.05, 0.95));
        assert!(n.iter().all(|x| x.is_nan()) && eu.is_nan());
    }

    #[test]
    fn aggregation_weights_and_missing_rule() {
        // weights 2:1:1, one indicator missing: (2·0.9 + 1·0.3) / 3
        assert!((aggregate(&[0.9, NAN, 0.3], &[2.0, 1.0, 1.0], 2.0 / 3.0) - 0.7).abs() < 1e-12);
        // two of three missing: below the ⅔ minimum
        assert!(aggregate(&[0.9, NAN, NAN], &[1.0, 1.0, 1.0], 2.0 / 3.0).is_nan());
        assert!(aggregate(&[0.9, NAN, NAN], &[1.0, 1.0, 1.0], 1.0 / 3.0) == 0.9);
    }

    #[test]
    fn ranks_share_ties_and_skip_unscored() {
        assert_eq!(
            ranks(&[0.2, 0.9, NAN, 0.9, 0.1]),
            vec![Some(3), Some(1), None, Some(1), Some(4)]
        );
    }

    #[test]
    fn groups_follow_the_ris_boundaries() {
        assert_eq!(Group::of(120.0001), Some(Group::Leader));
        assert_eq!(Group::of(120.0), Some(Group::Strong));
        assert_eq!(Group::of(90.0), Some(Group::Strong));
        assert_eq!(Group::of(89.99), Some(Group::Moderate));
        assert_eq!(Group::of(50.0), Some(Group::Moderate));
        assert_eq!(Group::of(49.99), Some(Group::Modest));
        assert_eq!(Group::of(NAN), None);
    }

    #[test]
    fn hand_made_composite() {
        // 4 regions × 2 indicators, no winsorisation, equal weights
        let values = vec![vec![0.0, 5.0, 10.0, 10.0], vec![2.0, 4.0, NAN, 0.0]];
        let opts = CompositeOptions {
            winsor: (0.0, 1.0),
            min_share: 0.5,
            ..CompositeOptions::default()
        };
        let c = Composite::new(&values, &[5.0, 2.0], &[1.0, 1.0], &opts);
        // normalised: [0, .5, 1, 1] and [.5, 1, NaN, 0]
        assert_eq!(c.scores, vec![0.25, 0.75, 1.0, 0.5]);
        assert_eq!(c.eu_score, 0.5);
        assert_eq!(c.ranks, vec![Some(4), Some(2), Some(1), Some(3)]);
        assert_eq!(c.relative_to_eu(1), 150.0);
        // 0.25 / 0.5: exactly 50 % of the EU, the moderate side of the boundary
        assert_eq!(Group::of(c.relative_to_eu(0)), Some(Group::Moderate));
    }
}

//! Uncertainty analysis of the composite (JRC/OECD Handbook 2008, step 7):
//! a seeded Monte Carlo over the choices the index builder made.
//!
//! Each of `draws` draws (default 1,000) picks, independently and uniformly:
//!
//! * the normalisation among min–max, z-score and rank ([`Normalisation::ALL`]);
//! * the winsorisation quantiles among 2.5/97.5 %, 5/95 % and 10/90 %;
//! * the weights: each default weight times `U(1 − s, 1 + s)` (default
//!   `s = 0.5`), so any indicator may count from half to one and a half
//!   times its default.
//!
//! The composite is recomputed and the scored regions ranked (the set of
//! scored regions does not change: the minimum-share rule counts
//! indicators, not weights). A region's **rank range** is the 5th and 95th
//! percentile of its ranks over the draws (nearest rank), with the median.
//! The generator is SplitMix64: the same seed gives the same ranges.

use super::composite::{aggregate, normalise, ranks, Normalisation};
use crate::synthetic::SplitMix64;

/// Options of the Monte Carlo.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UncertaintyOptions {
    /// Number of draws.
    pub draws: usize,
    /// Seed.
    pub seed: u64,
    /// Weight spread `s`.
    pub weight_spread: f64,
    /// The winsorisation quantiles drawn from.
    pub winsors: [(f64, f64); 3],
}

impl Default for UncertaintyOptions {
    fn default() -> Self {
        UncertaintyOptions {
            draws: 1000,
            seed: 42,
            weight_spread: 0.5,
            winsors: [(0.025, 0.975), (0.05, 0.95), (0.10, 0.90)],
        }
    }
}

/// A region's ranks over the draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RankRange {
    /// 5th percentile (the best plausible rank).
    pub p05: usize,
    /// Median.
    pub median: usize,
    /// 95th percentile (the worst plausible rank).
    pub p95: usize,
}

fn nearest_rank(sorted: &[usize], q: f64) -> usize {
    let idx = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[idx]
}

/// Rank ranges of every region of `values[k][r]` (`None` for regions not
/// scored). `weights` are the default weights.
pub fn rank_ranges(
    values: &[Vec<f64>],
    weights: &[f64],
    min_share: f64,
    opts: &UncertaintyOptions,
) -> Vec<Option<RankRange>> {
    let nr = values.first().map_or(0, Vec::len);
    let nk = values.len();
    // the 9 normalised matrices, computed once: [method][winsor][k][r]
    let normalised: Vec<Vec<Vec<Vec<f64>>>> = Normalisation::ALL
        .iter()
        .map(|&m| {
            opts.winsors
                .iter()
                .map(|&w| {
                    values
                        .iter()
                        .map(|v| normalise(v, f64::NAN, m, w).0)
                        .collect()
                })
                .collect()
        })
        .collect();
    let mut rng = SplitMix64::new(opts.seed);
    let mut all: Vec<Vec<usize>> = vec![Vec::with_capacity(opts.draws); nr];
    let mut w = vec![0.0; nk];
    let mut unit = vec![0.0; nk];
    for _ in 0..opts.draws {
        let m = (rng.uniform() * 3.0) as usize % 3;
        let q = (rng.uniform() * 3.0) as usize % 3;
        for (wk, dk) in w.iter_mut().zip(weights) {
            *wk = dk * (1.0 - opts.weight_spread + 2.0 * opts.weight_spread * rng.uniform());
        }
        let n = &normalised[m][q];
        let scores: Vec<f64> = (0..nr)
            .map(|r| {
                for k in 0..nk {
                    unit[k] = n[k][r];
                }
                aggregate(&unit, &w, min_share)
            })
            .collect();
        for (r, rank) in ranks(&scores).into_iter().enumerate() {
            if let Some(rank) = rank {
                all[r].push(rank);
            }
        }
    }
    all.into_iter()
        .map(|mut v| {
            if v.is_empty() {
                return None;
            }
            v.sort_unstable();
            Some(RankRange {
                p05: nearest_rank(&v, 0.05),
                median: nearest_rank(&v, 0.5),
                p95: nearest_rank(&v, 0.95),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dominant_region_keeps_rank_one_and_ranges_are_ordered() {
        // region 0 is best on every indicator, region 3 worst; regions 1 and 2
        // trade places depending on the weights
        let values = vec![
            vec![10.0, 8.0, 2.0, 0.0],
            vec![10.0, 2.0, 8.0, 0.0],
            vec![10.0, 5.0, 5.0, 0.0],
        ];
        let opts = UncertaintyOptions {
            draws: 1000,
            ..UncertaintyOptions::default()
        };
        let rr = rank_ranges(&values, &[1.0, 1.0, 1.0], 2.0 / 3.0, &opts);
        let r0 = rr[0].unwrap();
        assert_eq!((r0.p05, r0.median, r0.p95), (1, 1, 1));
        let r3 = rr[3].unwrap();
        assert_eq!((r3.p05, r3.p95), (4, 4));
        let (r1, r2) = (rr[1].unwrap(), rr[2].unwrap());
        assert_eq!(
            (r1.p05, r1.p95),
            (2, 3),
            "weights move region 1 between 2 and 3"
        );
        assert_eq!((r2.p05, r2.p95), (2, 3));
        // the same seed gives the same answer
        assert_eq!(rank_ranges(&values, &[1.0, 1.0, 1.0], 2.0 / 3.0, &opts), rr);
    }

    #[test]
    fn unscored_regions_have_no_range() {
        let values = vec![vec![1.0, f64::NAN, 3.0], vec![1.0, f64::NAN, 2.0]];
        let rr = rank_ranges(&values, &[1.0, 1.0], 0.5, &UncertaintyOptions::default());
        assert!(rr[1].is_none() && rr[0].is_some());
    }
}

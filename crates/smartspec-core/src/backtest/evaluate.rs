//! Metrics of scored test pairs with bootstrap intervals over regions, and
//! paired differences between two predictors on the same draws.
//!
//! A bootstrap draw resamples the test regions with replacement; a region
//! drawn `c` times weighs its pairs by `c`. The metrics of a draw are then
//! the *weighted* metrics of all test pairs, computed in one pass over the
//! pairs in the order of their scores (sorted once per predictor): ROC-AUC
//! as the weighted Mann–Whitney statistic (ties one half), average precision
//! with tie groups, and precision@k as the draw's mean over region instances,
//! `Σ_r c_r P@k_r / Σ_r c_r`. On a draw of every region once they equal
//! `crate::metrics`' values (tested).

use crate::metrics::{average_precision, precision_at_k, roc_auc};
use crate::stats::quantile;
use crate::synthetic::SplitMix64;

/// One bootstrap draw: how many times each region slot was drawn.
pub(crate) type Draw = Vec<u32>;

/// The test pairs' regions as slots `0..n_regions`.
pub(crate) struct Regions {
    /// Slot of each pair.
    slot: Vec<usize>,
    /// Number of slots.
    n: usize,
}

impl Regions {
    pub(crate) fn new(region_of: &[usize]) -> Regions {
        let mut ids: Vec<usize> = region_of.to_vec();
        ids.sort_unstable();
        ids.dedup();
        let slot = region_of
            .iter()
            .map(|r| ids.binary_search(r).unwrap_or(0))
            .collect();
        Regions { slot, n: ids.len() }
    }
}

/// `n` draws of the region slots with replacement.
pub(crate) fn draws(regions: &Regions, n: usize, rng: &mut SplitMix64) -> Vec<Draw> {
    (0..n)
        .map(|_| {
            let mut c = vec![0u32; regions.n];
            for _ in 0..regions.n {
                c[(rng.next_u64() % regions.n as u64) as usize] += 1;
            }
            c
        })
        .collect()
}

/// A predictor's scores prepared for weighted metrics.
pub(crate) struct Ranked {
    /// Tie groups of pair indices, best score first.
    groups: Vec<Vec<usize>>,
    /// Precision@k of each region slot.
    p_at_k: Vec<f64>,
}

impl Ranked {
    pub(crate) fn new(scores: &[f64], outcome: &[bool], regions: &Regions, k: usize) -> Ranked {
        let mut idx: Vec<usize> = (0..scores.len()).collect();
        idx.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for i in idx {
            match groups.last_mut() {
                Some(g) if scores[g[0]] == scores[i] => g.push(i),
                _ => groups.push(vec![i]),
            }
        }
        let mut p_at_k = vec![f64::NAN; regions.n];
        let mut by: Vec<Vec<usize>> = vec![Vec::new(); regions.n];
        for (i, &s) in regions.slot.iter().enumerate() {
            by[s].push(i);
        }
        for (s, items) in by.iter().enumerate() {
            let sc: Vec<f64> = items.iter().map(|&i| scores[i]).collect();
            let oc: Vec<bool> = items.iter().map(|&i| outcome[i]).collect();
            p_at_k[s] = precision_at_k(&sc, &oc, &vec![0; items.len()], k).unwrap_or(f64::NAN);
        }
        Ranked { groups, p_at_k }
    }

    /// ROC-AUC, average precision and precision@k with pair weights `w`
    /// (`None` when a class has no weight).
    fn weighted(&self, outcome: &[bool], regions: &Regions, d: &Draw) -> Option<[f64; 3]> {
        let w = |i: usize| f64::from(d[regions.slot[i]]);
        let (mut tp, mut seen, mut ap) = (0.0, 0.0, 0.0);
        // ROC: for each positive, the weight of negatives scored below it
        // plus half the tied ones; walking from the best, count the
        // negatives above instead and subtract
        let (mut neg_above, mut auc_above) = (0.0, 0.0);
        for g in &self.groups {
            let (mut p, mut n) = (0.0, 0.0);
            for &i in g {
                if outcome[i] {
                    p += w(i);
                } else {
                    n += w(i);
                }
            }
            tp += p;
            seen += p + n;
            if p > 0.0 {
                ap += p * tp / seen;
            }
            auc_above += p * (neg_above + 0.5 * n);
            neg_above += n;
        }
        let (pos, neg) = (tp, seen - tp);
        if pos == 0.0 || neg == 0.0 {
            return None;
        }
        let roc = 1.0 - auc_above / (pos * neg);
        let (mut s, mut c) = (0.0, 0.0);
        for (slot, &n) in d.iter().enumerate() {
            let v = self.p_at_k[slot];
            if n > 0 && v.is_finite() {
                s += f64::from(n) * v;
                c += f64::from(n);
            }
        }
        Some([roc, ap / pos, if c > 0.0 { s / c } else { f64::NAN }])
    }

    /// The metrics on every draw (undefined draws left out as `None`).
    pub(crate) fn on_draws(
        &self,
        outcome: &[bool],
        regions: &Regions,
        draws: &[Draw],
    ) -> Vec<Option<[f64; 3]>> {
        draws
            .iter()
            .map(|d| self.weighted(outcome, regions, d))
            .collect()
    }
}

/// A predictor's metrics on all pairs and its metrics on each draw.
pub(crate) type Evaluated = ([Estimate; 3], Vec<Option<[f64; 3]>>);

/// A metric with its 95 % percentile interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// On all test pairs.
    pub value: f64,
    /// 2.5 % and 97.5 % quantiles over the draws.
    pub ci: (f64, f64),
}

fn estimate(value: f64, mut draws: Vec<f64>) -> Estimate {
    draws.sort_by(f64::total_cmp);
    Estimate {
        value,
        ci: (quantile(&draws, 0.025), quantile(&draws, 0.975)),
    }
}

/// The three metrics of one predictor from its per-draw values.
pub(crate) fn metrics(
    scores: &[f64],
    outcome: &[bool],
    region_of: &[usize],
    per_draw: &[Option<[f64; 3]>],
    k: usize,
) -> [Estimate; 3] {
    let col = |j: usize| {
        per_draw
            .iter()
            .flatten()
            .map(|m| m[j])
            .collect::<Vec<f64>>()
    };
    [
        estimate(roc_auc(scores, outcome).unwrap_or(f64::NAN), col(0)),
        estimate(
            average_precision(scores, outcome).unwrap_or(f64::NAN),
            col(1),
        ),
        estimate(
            precision_at_k(scores, outcome, region_of, k).unwrap_or(f64::NAN),
            col(2),
        ),
    ]
}

/// `a − b` in ROC-AUC and PR-AUC with intervals from the same draws (paired
/// bootstrap); `full_*` the metrics on all pairs.
pub(crate) fn difference(
    full_a: &[Estimate; 3],
    full_b: &[Estimate; 3],
    a: &[Option<[f64; 3]>],
    b: &[Option<[f64; 3]>],
) -> (Estimate, Estimate) {
    let pairs = a.iter().zip(b).filter_map(|(x, y)| Some(((*x)?, (*y)?)));
    let (roc, pr): (Vec<f64>, Vec<f64>) = pairs.map(|(x, y)| (x[0] - y[0], x[1] - y[1])).unzip();
    (
        estimate(full_a[0].value - full_b[0].value, roc),
        estimate(full_a[1].value - full_b[1].value, pr),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draw_of_every_region_once_gives_the_plain_metrics() {
        let s = [0.9, 0.1, 0.8, 0.3, 0.7, 0.2, 0.7, 0.5];
        let o = [true, false, false, false, true, true, false, true];
        let region_of = [0, 0, 1, 1, 2, 2, 3, 3];
        let regions = Regions::new(&region_of);
        let r = Ranked::new(&s, &o, &regions, 1);
        let m = r.weighted(&o, &regions, &vec![1; 4]).unwrap();
        assert!((m[0] - roc_auc(&s, &o).unwrap()).abs() < 1e-15);
        assert!((m[1] - average_precision(&s, &o).unwrap()).abs() < 1e-15);
        assert!((m[2] - precision_at_k(&s, &o, &region_of, 1).unwrap()).abs() < 1e-15);
    }

    #[test]
    fn a_region_drawn_twice_counts_twice() {
        // region 0 drawn twice, region 1 once, region 2 never: the weighted
        // metrics equal the plain ones on the duplicated pairs
        let s = [0.9, 0.1, 0.8, 0.3, 0.7, 0.2];
        let o = [true, false, false, true, true, false];
        let region_of = [0, 0, 1, 1, 2, 2];
        let regions = Regions::new(&region_of);
        let r = Ranked::new(&s, &o, &regions, 1);
        let m = r.weighted(&o, &regions, &vec![2, 1, 0]).unwrap();
        let s2 = [0.9, 0.1, 0.9, 0.1, 0.8, 0.3];
        let o2 = [true, false, true, false, false, true];
        assert!((m[0] - roc_auc(&s2, &o2).unwrap()).abs() < 1e-15);
        assert!((m[1] - average_precision(&s2, &o2).unwrap()).abs() < 1e-15);
        let g2 = [0, 0, 1, 1, 2, 2];
        assert!((m[2] - precision_at_k(&s2, &o2, &g2, 1).unwrap()).abs() < 1e-15);
    }

    #[test]
    fn a_predictor_against_itself_differs_by_zero_on_every_draw() {
        let s = [0.9, 0.1, 0.8, 0.3, 0.7, 0.2];
        let o = [true, false, true, false, false, true];
        let region_of = [0, 0, 1, 1, 2, 2];
        let regions = Regions::new(&region_of);
        let d = draws(&regions, 50, &mut SplitMix64::new(1));
        assert!(d.iter().all(|c| c.iter().sum::<u32>() == 3));
        let r = Ranked::new(&s, &o, &regions, 1);
        let per = r.on_draws(&o, &regions, &d);
        let full = metrics(&s, &o, &region_of, &per, 1);
        let (roc, pr) = difference(&full, &full, &per, &per);
        assert_eq!((roc.value, roc.ci), (0.0, (0.0, 0.0)));
        assert_eq!((pr.value, pr.ci), (0.0, (0.0, 0.0)));
    }
}

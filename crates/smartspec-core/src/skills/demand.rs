//! Skills demand: the tertiary intensity of each A*10 sector, estimated from
//! the cross-section of regions.
//!
//! For one year, with `t_r` the tertiary (ISCED 5–8) share of region `r`'s
//! employment aged 25–64 (`lfst_r_lfe2eedu`) and `s_rj` the share of sector
//! `j` in its employment aged 25–64 (`lfst_r_lfe2en2`, no-response category
//! dropped and the ten shares re-normalised to sum to one):
//!
//! `t_r = Σ_j β_j s_rj + ε_r`, `0 ≤ β_j ≤ 1`,
//!
//! fitted by bounded least squares without intercept (the shares sum to one,
//! so an intercept is already in the span) and unweighted (each region one
//! observation), with [`super::nnls`]. `β_j` reads as the tertiary share of a
//! typical job in sector `j`; the **expected** tertiary share of a region is
//! `Σ_j β_j s_rj`, what its own mix would ask for at the intensities seen
//! across Europe. **Intervals**: a seeded bootstrap over regions (rows drawn
//! with replacement, `draws` times, default 1,000), percentile intervals.

use super::nnls::{bounded_least_squares, solve_normal, LsqError};
use crate::stats::quantile;
use crate::synthetic::SplitMix64;

/// A fitted year.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// `β_j`, one per sector.
    pub coef: Vec<f64>,
    /// Regions in the fit.
    pub n: usize,
    /// `1 − SSR / Σ (t_r − mean t)²`.
    pub r2: f64,
}

/// Fits `β` on rows `x` (sector shares) and `y` (tertiary shares).
pub fn fit(x: &[Vec<f64>], y: &[f64]) -> Result<Fit, LsqError> {
    let s = bounded_least_squares(x, y, 0.0, 1.0)?;
    let mean = y.iter().sum::<f64>() / y.len() as f64;
    let (mut ssr, mut sst) = (0.0, 0.0);
    for (row, &t) in x.iter().zip(y) {
        let e = t - predict(&s.coef, row);
        ssr += e * e;
        sst += (t - mean).powi(2);
    }
    Ok(Fit {
        n: y.len(),
        r2: if sst > 0.0 { 1.0 - ssr / sst } else { f64::NAN },
        coef: s.coef,
    })
}

/// `Σ_j β_j s_j`.
pub fn predict(coef: &[f64], shares: &[f64]) -> f64 {
    coef.iter().zip(shares).map(|(b, s)| b * s).sum()
}

/// Bootstrap draws of `β`: `draws` refits on rows drawn with replacement.
/// Draw `d` uses its own SplitMix64 stream seeded `seed + d`, so the draws
/// are the same however many threads compute them.
pub fn bootstrap(
    x: &[Vec<f64>],
    y: &[f64],
    draws: usize,
    seed: u64,
) -> Result<Vec<Vec<f64>>, LsqError> {
    use rayon::prelude::*;
    let n = y.len();
    if n == 0 {
        return Err(LsqError::Empty);
    }
    let p = x[0].len();
    (0..draws)
        .into_par_iter()
        .map(|d| {
            let mut rng = SplitMix64::new(seed.wrapping_add(d as u64));
            let mut times = vec![0.0f64; n];
            for _ in 0..n {
                times[((rng.uniform() * n as f64) as usize).min(n - 1)] += 1.0;
            }
            // normal equations of the resample: rows weighted by how often drawn
            let mut g = vec![vec![0.0; p]; p];
            let mut c = vec![0.0; p];
            for ((row, &yi), &w) in x.iter().zip(y).zip(&times) {
                if w == 0.0 {
                    continue;
                }
                for i in 0..p {
                    c[i] += w * row[i] * yi;
                    for j in 0..p {
                        g[i][j] += w * row[i] * row[j];
                    }
                }
            }
            Ok(solve_normal(&g, &c, 0.0, 1.0)?.coef)
        })
        .collect()
}

/// Percentile interval `(lo, hi)` at `level` (0.95: 2.5 % and 97.5 %) of
/// the values `f(draw)` over the draws.
pub fn interval(draws: &[Vec<f64>], level: f64, f: impl Fn(&[f64]) -> f64) -> (f64, f64) {
    let mut v: Vec<f64> = draws
        .iter()
        .map(|d| f(d))
        .filter(|x| x.is_finite())
        .collect();
    v.sort_by(f64::total_cmp);
    let a = (1.0 - level) / 2.0;
    (quantile(&v, a), quantile(&v, 1.0 - a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bootstrap_intervals_cover_the_truth_on_clean_data() {
        let mut rng = SplitMix64::new(3);
        let beta = [0.1, 0.6, 0.3];
        let mut x = Vec::new();
        let mut y = Vec::new();
        for _ in 0..200 {
            let raw: Vec<f64> = (0..3).map(|_| rng.uniform() + 0.05).collect();
            let s: f64 = raw.iter().sum();
            let row: Vec<f64> = raw.iter().map(|v| v / s).collect();
            y.push(predict(&beta, &row) + 0.01 * rng.normal());
            x.push(row);
        }
        let f = fit(&x, &y).unwrap();
        let draws = bootstrap(&x, &y, 200, 1).unwrap();
        for j in 0..3 {
            let (lo, hi) = interval(&draws, 0.95, |d| d[j]);
            assert!(lo <= beta[j] && beta[j] <= hi, "sector {j}: [{lo}, {hi}]");
            assert!(hi - lo < 0.05);
            assert!((f.coef[j] - beta[j]).abs() < 0.02);
        }
        assert!(f.r2 > 0.9);
    }
}

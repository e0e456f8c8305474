//! EconGeo's `KCI` and `TCI` (Balland & Rigby 2017; EconGeo 1.3), reproduced
//! with their numerical conventions so that published EconGeo figures can be
//! matched:
//!
//! * `W = D_r^{-1} M D_p^{-1} Mᵀ` (regions) or `D_p^{-1} Mᵀ D_r^{-1} M`
//!   (activities) is **rounded to 4 decimals** before the eigen-decomposition,
//!   as EconGeo does;
//! * the eigenvector of the second-largest eigenvalue (by modulus) is
//!   **sum-normalised**, `v / Σv` (not z-scored), so values sum to ±1;
//! * sign: KCI is flipped when its Pearson correlation with `MORc(20)` is
//!   negative; TCI when its Spearman correlation with ubiquity is positive.
//!
//! The rounded matrix is not symmetric-similar any more, so this path uses a
//! dense inverse iteration on `W` shifted by the exact second eigenvalue; it
//! is meant for the `econgeo` convention on panels of up to a few thousand
//! regions or activities. smartspec's own eigenvector ECI (the default) does
//! not round.

use super::complexity::reflections;
use super::eigen;
use super::matrix::Binary;
use crate::logistic::solve;
use crate::stats::{pearson, ranks};

fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// Eigenvector of the rounded `W` for the eigenvalue nearest `lambda`.
fn inverse_iteration(w: &[f64], n: usize, lambda: f64) -> Option<Vec<f64>> {
    // shift slightly off the eigenvalue so that W − σI stays invertible
    let sigma = lambda * (1.0 + 1e-10) + 1e-12;
    let mut a = w.to_vec();
    for i in 0..n {
        a[i * n + i] -= sigma;
    }
    let mut x: Vec<f64> = (0..n)
        .map(|i| 1.0 + (i as f64 * 0.618_033_988_75).fract())
        .collect();
    for _ in 0..8 {
        x = solve(a.clone(), x, n)?;
        let norm = x.iter().map(|v| v * v).sum::<f64>().sqrt();
        x.iter_mut().for_each(|v| *v /= norm);
    }
    Some(x)
}

fn rounded_region_matrix(m: &Binary) -> Vec<f64> {
    let (n, d, u) = (m.rows, m.row_sums(), m.col_sums());
    let mut w = vec![0.0; n * n];
    for i in 0..n {
        for &p in m.row(i) {
            for &j in m.col(p as usize) {
                w[i * n + j as usize] += 1.0 / (d[i] * u[p as usize]);
            }
        }
    }
    w.iter().map(|&x| round4(x)).collect()
}

fn rounded_activity_matrix(m: &Binary) -> Vec<f64> {
    let (n, d, u) = (m.cols, m.row_sums(), m.col_sums());
    let mut w = vec![0.0; n * n];
    for p in 0..n {
        for &r in m.col(p) {
            for &q in m.row(r as usize) {
                w[p * n + q as usize] += 1.0 / (u[p] * d[r as usize]);
            }
        }
    }
    w.iter().map(|&x| round4(x)).collect()
}

fn sum_normalise(v: Vec<f64>) -> Vec<f64> {
    let s: f64 = v.iter().sum();
    v.iter().map(|x| x / s).collect()
}

/// EconGeo `KCI` of a connected `M` (no empty row or column); `None` when the
/// rounded system is singular.
pub fn kci(m: &Binary) -> Option<Vec<f64>> {
    let lambda = eigen::second(m, 1e-12).lambda;
    let v = sum_normalise(inverse_iteration(
        &rounded_region_matrix(m),
        m.rows,
        lambda,
    )?);
    let mor = reflections(m, 20, true).0;
    Some(if pearson(&v, &mor) < 0.0 {
        v.iter().map(|x| -x).collect()
    } else {
        v
    })
}

/// EconGeo `TCI` of a connected `M` (no empty row or column).
pub fn tci(m: &Binary) -> Option<Vec<f64>> {
    let lambda = eigen::second(m, 1e-12).lambda;
    let v = sum_normalise(inverse_iteration(
        &rounded_activity_matrix(m),
        m.cols,
        lambda,
    )?);
    let u = m.col_sums();
    Some(if pearson(&ranks(&v), &ranks(&u)) > 0.0 {
        v.iter().map(|x| -x).collect()
    } else {
        v
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f1_econgeo_kci_and_tci() {
        const ROWS: [[u8; 4]; 4] = [[1, 1, 1, 1], [0, 1, 0, 0], [0, 0, 1, 1], [0, 0, 0, 1]];
        let m = Binary::from_fn(4, 4, |i, j| ROWS[i][j] == 1);
        // anchors §8 F1 (EconGeo 1.3): KCI = [0.5394, 6.3995, -2.6194, -3.3195]
        let k = kci(&m).unwrap();
        for (g, w) in k.iter().zip([0.5394, 6.3995, -2.6194, -3.3195]) {
            assert!((g - w).abs() < 5e-5, "{k:?}");
        }
        // TCI = [0.4611, 2.9660, -0.8886, -1.5385]
        let t = tci(&m).unwrap();
        for (g, w) in t.iter().zip([0.4611, 2.9660, -0.8886, -1.5385]) {
            assert!((g - w).abs() < 5e-5, "{t:?}");
        }
    }
}

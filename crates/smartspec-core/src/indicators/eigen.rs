//! The second eigenpair of the symmetric operator `S Sᵀ`, with
//! `S = D_r^{-1/2} M D_p^{-1/2}`, by restarted Lanczos.
//!
//! `S Sᵀ = D_r^{1/2} M̃ D_r^{-1/2}` where `M̃ = D_r^{-1} M D_p^{-1} Mᵀ` is the
//! region-by-region matrix of the eigenvector ECI (Hidalgo & Hausmann 2009).
//! The two share eigenvalues, real and in [0, 1], and the eigenvectors map by
//! `v_M̃ = D_r^{-1/2} u`. Its top eigenvector is known in closed form,
//! `u₁ ∝ √d` (eigenvalue 1, on a connected network), so the Lanczos vectors
//! are kept orthogonal to it and the largest remaining eigenvalue is `λ₂`.
//! Only sparse products with `M` are used: no dense matrix is formed.
//!
//! Convergence: cycles of at most [`CYCLE`] Lanczos steps with full
//! reorthogonalisation; the small tridiagonal problem is solved by the
//! implicit QL algorithm; the run stops when the residual `‖S Sᵀ y − θ y‖` falls
//! below `tol` (the eigenvector error is about residual / eigengap), or after
//! [`MAX_CYCLES`] restarts from the best Ritz vector.

use super::matrix::Binary;
use rayon::prelude::*;

/// Above this many ones, the operator runs on all cores.
const PARALLEL_NNZ: usize = 200_000;

/// Lanczos steps per cycle.
pub const CYCLE: usize = 64;
/// A Lanczos step whose new direction is shorter than this has exhausted the
/// Krylov space (an invariant subspace: the operator's norm is at most 1).
/// Normalising a shorter remainder would amplify rounding noise into a
/// spurious direction, so the cycle stops there.
pub const BREAKDOWN: f64 = 1e-10;
/// Lanczos steps between two convergence checks within a cycle.
pub const CHECK: usize = 8;
/// Maximum restarts.
pub const MAX_CYCLES: usize = 200;

/// Result of the eigen solve.
#[derive(Debug, Clone)]
pub struct Second {
    /// Eigenvector of `S Sᵀ` (unit norm), length = regions.
    pub u: Vec<f64>,
    /// Its eigenvalue `λ₂`.
    pub lambda: f64,
    /// Final residual norm.
    pub residual: f64,
    /// Operator applications used.
    pub matvecs: usize,
}

struct Op<'a> {
    m: &'a Binary,
    inv_sqrt_d: Vec<f64>,
    inv_sqrt_u: Vec<f64>,
}

impl Op<'_> {
    fn apply(&self, x: &[f64], out: &mut [f64], tmp: &mut [f64]) {
        let col = |p: usize| {
            self.inv_sqrt_u[p]
                * self
                    .m
                    .col(p)
                    .iter()
                    .map(|&r| x[r as usize] * self.inv_sqrt_d[r as usize])
                    .sum::<f64>()
        };
        let row = |tmp: &[f64], r: usize| {
            self.inv_sqrt_d[r]
                * self
                    .m
                    .row(r)
                    .iter()
                    .map(|&p| tmp[p as usize] * self.inv_sqrt_u[p as usize])
                    .sum::<f64>()
        };
        if self.m.nnz() > PARALLEL_NNZ {
            // each output element is its own sum, so the result does not
            // depend on how the work is split
            tmp.par_iter_mut()
                .with_min_len(256)
                .enumerate()
                .for_each(|(p, t)| *t = col(p));
            let tmp = &*tmp;
            out.par_iter_mut()
                .with_min_len(64)
                .enumerate()
                .for_each(|(r, o)| *o = row(tmp, r));
        } else {
            tmp.iter_mut().enumerate().for_each(|(p, t)| *t = col(p));
            out.iter_mut()
                .enumerate()
                .for_each(|(r, o)| *o = row(tmp, r));
        }
    }
}

/// The residual norm of the top Ritz pair of the tridiagonal `(alpha,
/// beta)` whose next off-diagonal would be `next`.
fn ritz_residual(alpha: &[f64], beta: &[f64], next: f64) -> f64 {
    let k = alpha.len();
    let (vals, vecs) = tridiagonal(alpha, &beta[..k - 1]);
    match vals.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)) {
        Some((imax, _)) => next * vecs[(k - 1) * k + imax].abs(),
        None => f64::INFINITY,
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn normalise(v: &mut [f64]) -> f64 {
    let n = dot(v, v).sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
    n
}

fn orthogonalise(v: &mut [f64], basis: &[Vec<f64>]) {
    for _ in 0..2 {
        for b in basis {
            let c = dot(v, b);
            v.iter_mut().zip(b).for_each(|(x, y)| *x -= c * y);
        }
    }
}

/// Eigen-decomposition of a symmetric tridiagonal matrix (diagonal `alpha`,
/// off-diagonal `beta`, `beta.len() = alpha.len() − 1`) by the implicit QL
/// algorithm with Wilkinson-type shifts (Bowdler, Martin, Reinsch &
/// Wilkinson 1968, EISPACK `tql2`). Returns the eigenvalues and the
/// eigenvectors as the columns of a row-major `k × k` matrix.
pub fn tridiagonal(alpha: &[f64], beta: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let n = alpha.len();
    let mut d = alpha.to_vec();
    let mut e: Vec<f64> = beta.to_vec();
    e.resize(n, 0.0);
    let mut z = vec![0.0; n * n];
    for i in 0..n {
        z[i * n + i] = 1.0;
    }
    for l in 0..n {
        let mut iterations = 0;
        loop {
            let mut m = l;
            while m + 1 < n {
                let dd = d[m].abs() + d[m + 1].abs();
                if e[m].abs() <= f64::EPSILON * dd {
                    break;
                }
                m += 1;
            }
            if m == l || iterations == 60 {
                break;
            }
            iterations += 1;
            let mut g = (d[l + 1] - d[l]) / (2.0 * e[l]);
            let mut r = g.hypot(1.0);
            g = d[m] - d[l] + e[l] / (g + r.copysign(g));
            let (mut s, mut c, mut p) = (1.0, 1.0, 0.0);
            let mut underflow = false;
            let mut i = m;
            while i > l {
                i -= 1;
                let f = s * e[i];
                let b = c * e[i];
                r = f.hypot(g);
                e[i + 1] = r;
                if r == 0.0 {
                    d[i + 1] -= p;
                    e[m] = 0.0;
                    underflow = true;
                    break;
                }
                s = f / r;
                c = g / r;
                g = d[i + 1] - p;
                r = (d[i] - g) * s + 2.0 * c * b;
                p = s * r;
                d[i + 1] = g + p;
                g = c * r - b;
                for k in 0..n {
                    let f = z[k * n + i + 1];
                    z[k * n + i + 1] = s * z[k * n + i] + c * f;
                    z[k * n + i] = c * z[k * n + i] - s * f;
                }
            }
            if underflow {
                continue;
            }
            d[l] -= p;
            e[l] = g;
            e[m] = 0.0;
        }
    }
    (d, z)
}

/// The second eigenpair of `S Sᵀ` for a connected `M` whose rows and columns
/// all have at least one 1 (the caller checks both).
pub fn second(m: &Binary, tol: f64) -> Second {
    let nr = m.rows;
    let d = m.row_sums();
    let u = m.col_sums();
    let op = Op {
        m,
        inv_sqrt_d: d.iter().map(|x| 1.0 / x.sqrt()).collect(),
        inv_sqrt_u: u.iter().map(|x| 1.0 / x.sqrt()).collect(),
    };
    let mut top: Vec<f64> = d.iter().map(|x| x.sqrt()).collect();
    normalise(&mut top);
    let fixed = vec![top];
    let mut tmp = vec![0.0; m.cols];
    let mut w = vec![0.0; nr];
    // deterministic start: a ramp, orthogonal to the top vector
    let mut start: Vec<f64> = (0..nr)
        .map(|i| 1.0 + (i as f64 * 0.618_033_988_75).fract())
        .collect();
    let mut matvecs = 0;
    let mut best = Second {
        u: Vec::new(),
        lambda: 0.0,
        residual: f64::INFINITY,
        matvecs: 0,
    };
    if nr < 2 {
        return best;
    }
    for _cycle in 0..MAX_CYCLES {
        orthogonalise(&mut start, &fixed);
        if normalise(&mut start) == 0.0 {
            break;
        }
        let steps = CYCLE.min(nr - 1);
        let mut early = false;
        let mut basis: Vec<Vec<f64>> = Vec::with_capacity(steps);
        let mut alpha = Vec::with_capacity(steps);
        let mut beta: Vec<f64> = Vec::with_capacity(steps);
        basis.push(start.clone());
        for j in 0..steps {
            op.apply(&basis[j], &mut w, &mut tmp);
            matvecs += 1;
            let a = dot(&w, &basis[j]);
            alpha.push(a);
            orthogonalise(&mut w, &fixed);
            orthogonalise(&mut w, &basis);
            let b = dot(&w, &w).sqrt();
            if j + 1 == steps || b < BREAKDOWN {
                break;
            }
            // every CHECK steps, the top Ritz pair's residual is known without
            // forming it: β_j · |last component of its tridiagonal
            // eigenvector| (Paige); stop the cycle once it is below `tol`
            if (j + 1) % CHECK == 0 && ritz_residual(&alpha, &beta, b) <= tol {
                early = true;
                break;
            }
            beta.push(b);
            basis.push(w.iter().map(|x| x / b).collect());
        }
        let k = alpha.len();
        let (vals, vecs) = tridiagonal(&alpha, &beta[..k - 1]);
        let (imax, _) = vals
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .unwrap_or((0, &0.0));
        let mut y = vec![0.0; nr];
        for (i, b) in basis.iter().enumerate().take(k) {
            let c = vecs[i * k + imax];
            y.iter_mut().zip(b).for_each(|(yy, bb)| *yy += c * bb);
        }
        orthogonalise(&mut y, &fixed);
        normalise(&mut y);
        op.apply(&y, &mut w, &mut tmp);
        matvecs += 1;
        let lambda = dot(&y, &w);
        let residual = w
            .iter()
            .zip(&y)
            .map(|(a, b)| (a - lambda * b).powi(2))
            .sum::<f64>()
            .sqrt();
        best = Second {
            u: y.clone(),
            lambda,
            residual,
            matvecs,
        };
        if residual <= tol || (k < steps.min(CYCLE) && !early) {
            break;
        }
        start = y;
    }
    best.matvecs = matvecs;
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tridiagonal_on_known_matrices() {
        // [[2,1],[1,2]]: 1 and 3
        let (mut vals, _) = tridiagonal(&[2.0, 2.0], &[1.0]);
        vals.sort_by(f64::total_cmp);
        assert!((vals[0] - 1.0).abs() < 1e-14 && (vals[1] - 3.0).abs() < 1e-14);
        // tridiag(1, 2, 1) of size 3: 2 - sqrt2, 2, 2 + sqrt2; eigenvectors satisfy T v = λ v
        let (vals, vecs) = tridiagonal(&[2.0, 2.0, 2.0], &[1.0, 1.0]);
        let mut sorted = vals.clone();
        sorted.sort_by(f64::total_cmp);
        let r2 = 2f64.sqrt();
        for (g, w) in sorted.iter().zip([2.0 - r2, 2.0, 2.0 + r2]) {
            assert!((g - w).abs() < 1e-14);
        }
        for (j, &l) in vals.iter().enumerate() {
            let v: Vec<f64> = (0..3).map(|i| vecs[i * 3 + j]).collect();
            let tv = [
                2.0 * v[0] + v[1],
                v[0] + 2.0 * v[1] + v[2],
                v[1] + 2.0 * v[2],
            ];
            for i in 0..3 {
                assert!((tv[i] - l * v[i]).abs() < 1e-13);
            }
        }
    }

    #[test]
    fn f1_second_eigenvalue() {
        // anchors F1: eigenvalues of the region matrix [1, 0.5421, 0.1902, 0.1010]
        const ROWS: [[u8; 4]; 4] = [[1, 1, 1, 1], [0, 1, 0, 0], [0, 0, 1, 1], [0, 0, 0, 1]];
        let m = Binary::from_fn(4, 4, |i, j| ROWS[i][j] == 1);
        let s = second(&m, 1e-13);
        assert!((s.lambda - 0.5421).abs() < 5e-5, "{}", s.lambda);
        assert!(s.residual < 1e-12);
    }
}

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
//! reorthogonalisation; the small tridiagonal problem is solved by cyclic
//! Jacobi rotations; the run stops when the residual `‖S Sᵀ y − θ y‖` falls
//! below `tol` (the eigenvector error is about residual / eigengap), or after
//! [`MAX_CYCLES`] restarts from the best Ritz vector.

use super::matrix::Binary;

/// Lanczos steps per cycle.
pub const CYCLE: usize = 64;
/// A Lanczos step whose new direction is shorter than this has exhausted the
/// Krylov space (an invariant subspace: the operator's norm is at most 1).
/// Normalising a shorter remainder would amplify rounding noise into a
/// spurious direction, so the cycle stops there.
pub const BREAKDOWN: f64 = 1e-10;
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
        for (p, t) in tmp.iter_mut().enumerate() {
            *t = self.inv_sqrt_u[p]
                * self
                    .m
                    .col(p)
                    .iter()
                    .map(|&r| x[r as usize] * self.inv_sqrt_d[r as usize])
                    .sum::<f64>();
        }
        for (r, o) in out.iter_mut().enumerate() {
            *o = self.inv_sqrt_d[r]
                * self
                    .m
                    .row(r)
                    .iter()
                    .map(|&p| tmp[p as usize] * self.inv_sqrt_u[p as usize])
                    .sum::<f64>();
        }
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

/// Eigen-decomposition of a small symmetric matrix by cyclic Jacobi
/// rotations: returns (eigenvalues, eigenvectors as columns of a row-major
/// `n × n` matrix).
pub fn jacobi(a: &[f64], n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut a = a.to_vec();
    let mut v = vec![0.0; n * n];
    for i in 0..n {
        v[i * n + i] = 1.0;
    }
    for _sweep in 0..100 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i * n + j] * a[i * n + j])
            .sum();
        let scale: f64 = (0..n)
            .map(|i| a[i * n + i] * a[i * n + i])
            .sum::<f64>()
            .max(f64::MIN_POSITIVE);
        if off <= 1e-30 * scale {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = a[p * n + q];
                if apq.abs() < 1e-300 {
                    continue;
                }
                let theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..n {
                    let (akp, akq) = (a[k * n + p], a[k * n + q]);
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for k in 0..n {
                    let (apk, aqk) = (a[p * n + k], a[q * n + k]);
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for k in 0..n {
                    let (vkp, vkq) = (v[k * n + p], v[k * n + q]);
                    v[k * n + p] = c * vkp - s * vkq;
                    v[k * n + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    ((0..n).map(|i| a[i * n + i]).collect(), v)
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
            beta.push(b);
            basis.push(w.iter().map(|x| x / b).collect());
        }
        let k = alpha.len();
        let mut t = vec![0.0; k * k];
        for i in 0..k {
            t[i * k + i] = alpha[i];
            if i + 1 < k {
                t[i * k + i + 1] = beta[i];
                t[(i + 1) * k + i] = beta[i];
            }
        }
        let (vals, vecs) = jacobi(&t, k);
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
        if residual <= tol || k < steps.min(CYCLE) {
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
    fn jacobi_on_a_known_matrix() {
        // [[2,1],[1,2]] has eigenvalues 1 and 3
        let (mut vals, _) = jacobi(&[2.0, 1.0, 1.0, 2.0], 2);
        vals.sort_by(f64::total_cmp);
        assert!((vals[0] - 1.0).abs() < 1e-14 && (vals[1] - 3.0).abs() < 1e-14);
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

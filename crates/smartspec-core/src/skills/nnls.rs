//! Bounded least squares: `min_β ‖Xβ − y‖²` subject to `lo ≤ β_j ≤ hi`,
//! without intercept (the skills regression: sector shares sum to one, and
//! each sector's tertiary intensity lies in [0, 1]).
//!
//! **Method.** The problem is the convex quadratic programme
//! `min ½ βᵀGβ − cᵀβ` with `G = XᵀX`, `c = Xᵀy`, on a box. It is solved by
//! *accelerated projected gradient* (FISTA, Beck & Teboulle 2009, with
//! adaptive restart, O'Donoghue & Candès 2015): a gradient step of length
//! `1/L` with `L = ‖G‖_F ≥ λ_max(G)`, then projection on the box. It stops
//! when the projected gradient (the gradient with the components pushing
//! out of the box at an active bound removed) is below `tol · (1 + ‖c‖_∞)`.
//! A final *active-set polish* solves the normal equations exactly on the
//! free coordinates (`G_FF β_F = c_F − G_FB β_B`, Cholesky) and keeps that
//! solution when it is inside the box and satisfies the Karush–Kuhn–Tucker
//! conditions (gradient ≥ 0 at a lower bound, ≤ 0 at an upper bound).
//!
//! The optimum is unique when `X` has full column rank; otherwise FISTA
//! converges to one of the minimisers.

use std::fmt;

/// Why a problem cannot be solved.
#[derive(Debug, Clone, PartialEq)]
pub enum LsqError {
    /// No rows or no columns.
    Empty,
    /// Rows of different lengths, or `y` not one value per row.
    Shape,
    /// A NaN or infinite input.
    NotFinite,
    /// `lo > hi`.
    Bounds,
}

impl fmt::Display for LsqError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LsqError::Empty => "no observations or no variables",
            LsqError::Shape => "rows of different lengths or y of another length",
            LsqError::NotFinite => "a value is NaN or infinite",
            LsqError::Bounds => "lower bound above upper bound",
        })
    }
}

impl std::error::Error for LsqError {}

/// A solution.
#[derive(Debug, Clone, PartialEq)]
pub struct BoundedLsq {
    /// The coefficients.
    pub coef: Vec<f64>,
    /// Gradient iterations used.
    pub iterations: usize,
    /// The stopping rule was met (otherwise the iteration cap was hit).
    pub converged: bool,
}

/// Iteration cap of the projected gradient.
pub const MAX_ITERATIONS: usize = 200_000;
/// Relative tolerance on the projected gradient.
pub const TOLERANCE: f64 = 1e-10;

/// The normal equations `G = XᵀX`, `c = Xᵀy` of rows `x` and `y`.
pub fn normal_equations(x: &[Vec<f64>], y: &[f64]) -> Result<(Vec<Vec<f64>>, Vec<f64>), LsqError> {
    let p = x.first().map_or(0, Vec::len);
    if x.is_empty() || p == 0 {
        return Err(LsqError::Empty);
    }
    if y.len() != x.len() || x.iter().any(|r| r.len() != p) {
        return Err(LsqError::Shape);
    }
    if !y.iter().chain(x.iter().flatten()).all(|v| v.is_finite()) {
        return Err(LsqError::NotFinite);
    }
    let mut g = vec![vec![0.0; p]; p];
    let mut c = vec![0.0; p];
    for (row, &yi) in x.iter().zip(y) {
        for i in 0..p {
            c[i] += row[i] * yi;
            for j in i..p {
                g[i][j] += row[i] * row[j];
            }
        }
    }
    for i in 0..p {
        for j in 0..i {
            g[i][j] = g[j][i];
        }
    }
    Ok((g, c))
}

fn gradient(g: &[Vec<f64>], c: &[f64], b: &[f64], out: &mut [f64]) {
    for i in 0..b.len() {
        out[i] = g[i].iter().zip(b).map(|(a, x)| a * x).sum::<f64>() - c[i];
    }
}

fn projected_gradient_norm(grad: &[f64], b: &[f64], lo: f64, hi: f64) -> f64 {
    grad.iter()
        .zip(b)
        .map(|(&gr, &x)| {
            if x <= lo {
                gr.min(0.0).abs()
            } else if x >= hi {
                gr.max(0.0).abs()
            } else {
                gr.abs()
            }
        })
        .fold(0.0, f64::max)
}

/// Solves `A z = r` for symmetric positive definite `A` (Cholesky); `None`
/// when `A` is not numerically positive definite.
fn cholesky_solve(a: &[Vec<f64>], r: &[f64]) -> Option<Vec<f64>> {
    let n = r.len();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..=i {
            let s = a[i][j] - (0..j).map(|k| l[i][k] * l[j][k]).sum::<f64>();
            if i == j {
                if s <= 1e-12 * a[i][i].abs().max(1e-300) {
                    return None;
                }
                l[i][i] = s.sqrt();
            } else {
                l[i][j] = s / l[j][j];
            }
        }
    }
    let mut z = vec![0.0; n];
    for i in 0..n {
        z[i] = (r[i] - (0..i).map(|k| l[i][k] * z[k]).sum::<f64>()) / l[i][i];
    }
    for i in (0..n).rev() {
        z[i] = (z[i] - (i + 1..n).map(|k| l[k][i] * z[k]).sum::<f64>()) / l[i][i];
    }
    Some(z)
}

/// Exact solution on the free set of `b` (see the module doc), when it is
/// feasible and satisfies the KKT conditions.
fn polish(g: &[Vec<f64>], c: &[f64], b: &[f64], lo: f64, hi: f64, tol: f64) -> Option<Vec<f64>> {
    let p = b.len();
    let eps = 1e-9 * (hi - lo).max(1.0);
    let mut fixed = b.to_vec();
    for x in fixed.iter_mut() {
        if *x <= lo + eps {
            *x = lo;
        } else if *x >= hi - eps {
            *x = hi;
        }
    }
    let free: Vec<usize> = (0..p).filter(|&j| fixed[j] > lo && fixed[j] < hi).collect();
    if !free.is_empty() {
        let a: Vec<Vec<f64>> = free
            .iter()
            .map(|&i| free.iter().map(|&j| g[i][j]).collect())
            .collect();
        let r: Vec<f64> = free
            .iter()
            .map(|&i| {
                c[i] - (0..p)
                    .filter(|j| !free.contains(j))
                    .map(|j| g[i][j] * fixed[j])
                    .sum::<f64>()
            })
            .collect();
        let z = cholesky_solve(&a, &r)?;
        for (&j, v) in free.iter().zip(z) {
            if !(v >= lo && v <= hi) {
                return None;
            }
            fixed[j] = v;
        }
    }
    let mut grad = vec![0.0; p];
    gradient(g, c, &fixed, &mut grad);
    (projected_gradient_norm(&grad, &fixed, lo, hi) <= tol).then_some(fixed)
}

/// Minimises `‖Xβ − y‖²` over `lo ≤ β ≤ hi` (rows of `x` are observations).
pub fn bounded_least_squares(
    x: &[Vec<f64>],
    y: &[f64],
    lo: f64,
    hi: f64,
) -> Result<BoundedLsq, LsqError> {
    let (g, c) = normal_equations(x, y)?;
    solve_normal(&g, &c, lo, hi)
}

/// The same problem given its normal equations `G`, `c`.
pub fn solve_normal(g: &[Vec<f64>], c: &[f64], lo: f64, hi: f64) -> Result<BoundedLsq, LsqError> {
    if !(lo <= hi) {
        return Err(LsqError::Bounds);
    }
    let p = c.len();
    if p == 0 {
        return Err(LsqError::Empty);
    }
    let l = g.iter().flatten().map(|v| v * v).sum::<f64>().sqrt();
    let tol = TOLERANCE * (1.0 + c.iter().fold(0.0f64, |m, v| m.max(v.abs())));
    let project = |v: f64| v.clamp(lo, hi);
    let mut b: Vec<f64> = vec![project(0.5 * (lo + hi)); p];
    if l <= 0.0 {
        // X = 0: every β in the box is optimal; take the box's centre
        return Ok(BoundedLsq {
            coef: b,
            iterations: 0,
            converged: true,
        });
    }
    let (mut z, mut t) = (b.clone(), 1.0f64);
    let mut grad = vec![0.0; p];
    let mut iterations = 0;
    let mut converged = false;
    let objective = |b: &[f64]| -> f64 {
        let mut s = 0.0;
        for i in 0..p {
            s += 0.5 * b[i] * g[i].iter().zip(b).map(|(a, x)| a * x).sum::<f64>() - c[i] * b[i];
        }
        s
    };
    let mut f_prev = objective(&b);
    while iterations < MAX_ITERATIONS {
        iterations += 1;
        gradient(g, c, &z, &mut grad);
        let next: Vec<f64> = z
            .iter()
            .zip(&grad)
            .map(|(zi, gi)| project(zi - gi / l))
            .collect();
        let f = objective(&next);
        if f > f_prev {
            // adaptive restart: drop the momentum
            t = 1.0;
            z.clone_from(&b);
            continue;
        }
        let t_next = (1.0 + (1.0 + 4.0 * t * t).sqrt()) / 2.0;
        for i in 0..p {
            z[i] = next[i] + (t - 1.0) / t_next * (next[i] - b[i]);
        }
        t = t_next;
        b = next;
        f_prev = f;
        gradient(g, c, &b, &mut grad);
        if projected_gradient_norm(&grad, &b, lo, hi) <= tol {
            converged = true;
            break;
        }
        if iterations % 50 == 0 {
            if let Some(exact) = polish(g, c, &b, lo, hi, tol) {
                b = exact;
                converged = true;
                break;
            }
        }
    }
    if let Some(exact) = polish(g, c, &b, lo, hi, tol) {
        b = exact;
        converged = true;
    }
    Ok(BoundedLsq {
        coef: b,
        iterations,
        converged,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic::SplitMix64;

    /// The exact optimum by enumerating every active set (each coordinate at
    /// its lower bound, upper bound or free), keeping the feasible KKT point.
    fn brute_force(g: &[Vec<f64>], c: &[f64], lo: f64, hi: f64) -> Vec<f64> {
        let p = c.len();
        let mut best: Option<(f64, Vec<f64>)> = None;
        for code in 0..3usize.pow(p as u32) {
            let mut state = vec![0u8; p];
            let mut k = code;
            for s in state.iter_mut() {
                *s = (k % 3) as u8;
                k /= 3;
            }
            let mut b: Vec<f64> = state
                .iter()
                .map(|s| if *s == 1 { hi } else { lo })
                .collect();
            let free: Vec<usize> = (0..p).filter(|&j| state[j] == 2).collect();
            if !free.is_empty() {
                let a: Vec<Vec<f64>> = free
                    .iter()
                    .map(|&i| free.iter().map(|&j| g[i][j]).collect())
                    .collect();
                let r: Vec<f64> = free
                    .iter()
                    .map(|&i| {
                        c[i] - (0..p)
                            .filter(|j| !free.contains(j))
                            .map(|j| g[i][j] * b[j])
                            .sum::<f64>()
                    })
                    .collect();
                let Some(z) = cholesky_solve(&a, &r) else {
                    continue;
                };
                for (&j, v) in free.iter().zip(z) {
                    b[j] = v;
                }
            }
            if b.iter().any(|v| *v < lo - 1e-12 || *v > hi + 1e-12) {
                continue;
            }
            let f: f64 = (0..p)
                .map(|i| {
                    0.5 * b[i] * g[i].iter().zip(&b).map(|(a, x)| a * x).sum::<f64>() - c[i] * b[i]
                })
                .sum();
            if best.as_ref().is_none_or(|(bf, _)| f < *bf) {
                best = Some((f, b));
            }
        }
        best.map(|(_, b)| b).unwrap_or_default()
    }

    #[test]
    fn matches_brute_force_on_random_problems() {
        let mut rng = SplitMix64::new(7);
        for case in 0..40 {
            let p = 1 + case % 5;
            let n = p + 3 + case % 7;
            let x: Vec<Vec<f64>> = (0..n)
                .map(|_| (0..p).map(|_| rng.normal()).collect())
                .collect();
            let y: Vec<f64> = (0..n).map(|_| 2.0 * rng.normal()).collect();
            let (g, c) = normal_equations(&x, &y).unwrap();
            let s = solve_normal(&g, &c, 0.0, 1.0).unwrap();
            assert!(s.converged, "case {case}");
            let exact = brute_force(&g, &c, 0.0, 1.0);
            for (a, b) in s.coef.iter().zip(&exact) {
                assert!(
                    (a - b).abs() < 1e-7,
                    "case {case}: {:?} vs {exact:?}",
                    s.coef
                );
            }
        }
    }

    #[test]
    fn interior_solution_is_ordinary_least_squares() {
        // y = 0.2 x1 + 0.7 x2 exactly
        let x = vec![
            vec![1.0, 0.0],
            vec![0.0, 1.0],
            vec![0.5, 0.5],
            vec![0.3, 0.7],
        ];
        let y: Vec<f64> = x.iter().map(|r| 0.2 * r[0] + 0.7 * r[1]).collect();
        let s = bounded_least_squares(&x, &y, 0.0, 1.0).unwrap();
        assert!((s.coef[0] - 0.2).abs() < 1e-10 && (s.coef[1] - 0.7).abs() < 1e-10);
    }

    #[test]
    fn bounds_bind() {
        // unconstrained optimum (1.5, -0.5) is clipped to the box
        let x = vec![vec![1.0, 0.0], vec![0.0, 1.0]];
        let s = bounded_least_squares(&x, &[1.5, -0.5], 0.0, 1.0).unwrap();
        assert_eq!(s.coef, vec![1.0, 0.0]);
    }

    #[test]
    fn bad_inputs_are_refused() {
        assert_eq!(
            bounded_least_squares(&[], &[], 0.0, 1.0).unwrap_err(),
            LsqError::Empty
        );
        assert_eq!(
            bounded_least_squares(&[vec![1.0], vec![1.0, 2.0]], &[1.0, 2.0], 0.0, 1.0).unwrap_err(),
            LsqError::Shape
        );
        assert_eq!(
            bounded_least_squares(&[vec![f64::NAN]], &[1.0], 0.0, 1.0).unwrap_err(),
            LsqError::NotFinite
        );
        assert_eq!(
            bounded_least_squares(&[vec![1.0]], &[1.0], 1.0, 0.0).unwrap_err(),
            LsqError::Bounds
        );
        // X = 0: defined answer, the box centre
        assert_eq!(
            bounded_least_squares(&[vec![0.0]], &[1.0], 0.0, 1.0)
                .unwrap()
                .coef,
            vec![0.5]
        );
    }
}

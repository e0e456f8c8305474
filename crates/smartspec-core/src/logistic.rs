//! L2-regularised logistic regression on standardised features, fitted by
//! Newton's method (iteratively reweighted least squares).
//!
//! Features are standardised with the *training* mean and population sd;
//! the intercept is not penalised. The penalty `λ/2 ‖β‖²` (default
//! λ = 1, mild on tens of thousands of rows) keeps the fit defined when a
//! feature separates the classes. Newton steps stop when the largest change
//! of a coefficient is below 1e-10, or after 100 steps.

/// A fitted model.
#[derive(Debug, Clone, PartialEq)]
pub struct Logistic {
    /// Training means of the features.
    pub mean: Vec<f64>,
    /// Training sds of the features (1 where constant).
    pub sd: Vec<f64>,
    /// Intercept.
    pub intercept: f64,
    /// Coefficients on the standardised features.
    pub coef: Vec<f64>,
    /// Newton steps used.
    pub iterations: usize,
}

/// Solves `a x = b` (dense `n × n`, row-major) by Gaussian elimination with
/// partial pivoting; `None` when singular.
pub fn solve(mut a: Vec<f64>, mut b: Vec<f64>, n: usize) -> Option<Vec<f64>> {
    for col in 0..n {
        let piv =
            (col..n).max_by(|&i, &j| a[i * n + col].abs().total_cmp(&a[j * n + col].abs()))?;
        if a[piv * n + col].abs() < 1e-300 {
            return None;
        }
        if piv != col {
            for k in 0..n {
                a.swap(piv * n + k, col * n + k);
            }
            b.swap(piv, col);
        }
        for i in col + 1..n {
            let f = a[i * n + col] / a[col * n + col];
            if f != 0.0 {
                for k in col..n {
                    a[i * n + k] -= f * a[col * n + k];
                }
                b[i] -= f * b[col];
            }
        }
    }
    let mut x = vec![0.0; n];
    for i in (0..n).rev() {
        let s: f64 = (i + 1..n).map(|k| a[i * n + k] * x[k]).sum();
        x[i] = (b[i] - s) / a[i * n + i];
    }
    Some(x)
}

impl Logistic {
    /// Fits on rows of features `x` (each of length `d`) and outcomes `y`.
    pub fn fit(x: &[Vec<f64>], y: &[bool], lambda: f64) -> Option<Logistic> {
        let n = x.len();
        let d = x.first()?.len();
        let mean: Vec<f64> = (0..d)
            .map(|j| x.iter().map(|r| r[j]).sum::<f64>() / n as f64)
            .collect();
        let sd: Vec<f64> = (0..d)
            .map(|j| {
                let s = (x.iter().map(|r| (r[j] - mean[j]).powi(2)).sum::<f64>() / n as f64).sqrt();
                if s > 0.0 {
                    s
                } else {
                    1.0
                }
            })
            .collect();
        let z: Vec<Vec<f64>> = x
            .iter()
            .map(|r| {
                std::iter::once(1.0)
                    .chain((0..d).map(|j| (r[j] - mean[j]) / sd[j]))
                    .collect()
            })
            .collect();
        let p = d + 1;
        let mut beta = vec![0.0; p];
        let mut iterations = 0;
        for _ in 0..100 {
            iterations += 1;
            let mut h = vec![0.0; p * p];
            let mut g = vec![0.0; p];
            for (row, &yi) in z.iter().zip(y) {
                let eta: f64 = row.iter().zip(&beta).map(|(a, b)| a * b).sum();
                let mu = 1.0 / (1.0 + (-eta).exp());
                let w = mu * (1.0 - mu);
                let resid = f64::from(u8::from(yi)) - mu;
                for a in 0..p {
                    g[a] += row[a] * resid;
                    for b in a..p {
                        h[a * p + b] += w * row[a] * row[b];
                    }
                }
            }
            for a in 0..p {
                for b in 0..a {
                    h[a * p + b] = h[b * p + a];
                }
            }
            for a in 1..p {
                h[a * p + a] += lambda;
                g[a] -= lambda * beta[a];
            }
            let step = solve(h, g, p)?;
            let change = step.iter().fold(0.0f64, |m, s| m.max(s.abs()));
            beta.iter_mut().zip(&step).for_each(|(b, s)| *b += s);
            if change < 1e-10 {
                break;
            }
        }
        Some(Logistic {
            mean,
            sd,
            intercept: beta[0],
            coef: beta[1..].to_vec(),
            iterations,
        })
    }

    /// Predicted probability of a row.
    pub fn predict(&self, row: &[f64]) -> f64 {
        let eta = self.intercept
            + row
                .iter()
                .enumerate()
                .map(|(j, v)| self.coef[j] * (v - self.mean[j]) / self.sd[j])
                .sum::<f64>();
        1.0 / (1.0 + (-eta).exp())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_a_known_logit() {
        // x ~ U(-2, 2), P(y) = 1 / (1 + exp(-(2x - 1))), 20,000 draws: the
        // standardised slope is 2 sd(x) = 2 * 4 / sqrt(12) = 2.309, the
        // intercept at mean(x) = 0 is -1; sampling error ~ 0.03
        let mut rng = crate::synthetic::SplitMix64::new(11);
        let mut x = Vec::new();
        let mut y = Vec::new();
        for _ in 0..20_000 {
            let v = 4.0 * rng.uniform() - 2.0;
            let p = 1.0 / (1.0 + (-(2.0 * v - 1.0)).exp());
            x.push(vec![v]);
            y.push(rng.uniform() < p);
        }
        let m = Logistic::fit(&x, &y, 1.0).unwrap();
        let slope = 2.0 * m.sd[0];
        assert!((m.coef[0] - slope).abs() < 0.15, "{} vs {slope}", m.coef[0]);
        assert!(
            (m.intercept - (-1.0 + 2.0 * m.mean[0])).abs() < 0.1,
            "{}",
            m.intercept
        );
        assert!(m.predict(&[1.5]) > 0.8 && m.predict(&[-1.5]) < 0.05);
        // solve: [[2,1],[1,3]] x = [3,5] -> x = [0.8, 1.4]
        let s = solve(vec![2.0, 1.0, 1.0, 3.0], vec![3.0, 5.0], 2).unwrap();
        assert!((s[0] - 0.8).abs() < 1e-15 && (s[1] - 1.4).abs() < 1e-15);
    }
}

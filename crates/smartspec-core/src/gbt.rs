//! Gradient-boosted decision trees for a binary outcome (logistic loss), the
//! backtest's entry model.
//!
//! The method is Friedman's (2001, *Ann. Statist.* 29:1189) gradient
//! boosting with the second-order (Newton) leaf values and split gain of
//! XGBoost (Chen & Guestrin 2016, *KDD*), on pre-binned features as in
//! LightGBM:
//!
//! * start from the log-odds of the training base rate, `F₀ = ln(p̄ / (1 − p̄))`;
//! * each round, with `p_i = σ(F(x_i))`, gradients `g_i = p_i − y_i` and
//!   hessians `h_i = p_i (1 − p_i)`, grow a tree of depth ≤ `depth` greedily;
//!   a split of a node into L and R gains
//!   `½ [G_L² / (H_L + λ) + G_R² / (H_R + λ) − G² / (H + λ)]`
//!   (G, H the sums of g, h) and is taken when the gain is positive and each
//!   side has a hessian sum ≥ `min_hessian`;
//! * a leaf's value is `−η G / (H + λ)` (η the learning rate); `F += tree`.
//!
//! Features are cut into at most `bins` quantile bins of the training data
//! (thresholds at the distinct quantiles); a split sends `x ≤ threshold`
//! left. Missing values are not expected (the backtest drops such pairs); a
//! NaN compares as larger than every threshold and goes right. The fit is
//! deterministic (no subsampling). Entry prediction with trees follows Albora,
//! Pietronero, Tacchella & Zaccaria (2023, *Sci. Rep.* 13:1232, "Product
//! progression: a machine learning approach to forecasting industrial
//! upgrading"), where boosted trees and random forests beat the
//! autocorrelation (RCA) baseline.

/// Hyper-parameters of a fit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GbtParams {
    /// Boosting rounds (trees).
    pub trees: usize,
    /// Largest tree depth (1 = stumps).
    pub depth: usize,
    /// Learning rate η.
    pub learning_rate: f64,
    /// L2 penalty λ of the leaf values.
    pub lambda: f64,
    /// Smallest hessian sum of a child.
    pub min_hessian: f64,
    /// Largest number of bins per feature (≤ 256).
    pub bins: usize,
}

impl Default for GbtParams {
    fn default() -> Self {
        GbtParams {
            trees: 150,
            depth: 3,
            learning_rate: 0.1,
            lambda: 1.0,
            min_hessian: 1.0,
            bins: 64,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Leaf(f64),
    Split {
        feature: usize,
        threshold: f64,
        left: usize,
        right: usize,
    },
}

/// A fitted model.
#[derive(Debug, Clone, PartialEq)]
pub struct Gbt {
    /// Initial log-odds.
    pub base: f64,
    trees: Vec<Vec<Node>>,
}

/// The logistic function: the probability of log-odds `x`.
pub fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Quantile thresholds of one feature: at most `bins − 1` distinct values.
fn thresholds(col: &mut [f64], bins: usize) -> Vec<f64> {
    col.sort_by(f64::total_cmp);
    let n = col.len();
    let mut t: Vec<f64> = (1..bins)
        .map(|k| col[((k * n) / bins).saturating_sub(1).min(n - 1)])
        .collect();
    t.dedup();
    // the largest value would send everything left
    if t.last() == col.last() {
        t.pop();
    }
    t
}

impl Gbt {
    /// Fits on rows `x` (all of one length) and outcomes `y`. `None` with no
    /// row, or when `y` has one class only.
    pub fn fit(x: &[Vec<f64>], y: &[bool], p: &GbtParams) -> Option<Gbt> {
        let n = x.len();
        let pos = y.iter().filter(|&&b| b).count();
        if n == 0 || pos == 0 || pos == n {
            return None;
        }
        let nf = x[0].len();
        let bins = p.bins.clamp(2, 256);
        let cuts: Vec<Vec<f64>> = (0..nf)
            .map(|j| {
                let mut col: Vec<f64> = x.iter().map(|r| r[j]).collect();
                thresholds(&mut col, bins)
            })
            .collect();
        // binned features, column-major
        let binned: Vec<Vec<u8>> = (0..nf)
            .map(|j| {
                x.iter()
                    .map(|r| cuts[j].partition_point(|t| *t < r[j]) as u8)
                    .collect()
            })
            .collect();
        let rate = pos as f64 / n as f64;
        let base = (rate / (1.0 - rate)).ln();
        let mut f = vec![base; n];
        let mut trees = Vec::with_capacity(p.trees);
        let (mut g, mut h) = (vec![0.0; n], vec![0.0; n]);
        for _ in 0..p.trees {
            for i in 0..n {
                let pi = sigmoid(f[i]);
                g[i] = pi - f64::from(u8::from(y[i]));
                h[i] = pi * (1.0 - pi);
            }
            let mut nodes = Vec::new();
            let rows: Vec<u32> = (0..n as u32).collect();
            grow(&mut nodes, rows, 0, &binned, &cuts, &g, &h, p);
            for (i, fi) in f.iter_mut().enumerate() {
                *fi += eval(&nodes, |j| x[i][j]);
            }
            trees.push(nodes);
        }
        Some(Gbt { base, trees })
    }

    /// The raw score (log-odds) of a row.
    pub fn log_odds(&self, x: &[f64]) -> f64 {
        self.base + self.trees.iter().map(|t| eval(t, |j| x[j])).sum::<f64>()
    }

    /// The probability of the outcome for a row.
    pub fn predict(&self, x: &[f64]) -> f64 {
        sigmoid(self.log_odds(x))
    }

    /// Number of trees.
    pub fn len(&self) -> usize {
        self.trees.len()
    }

    /// Whether the model has no tree.
    pub fn is_empty(&self) -> bool {
        self.trees.is_empty()
    }
}

fn eval(nodes: &[Node], x: impl Fn(usize) -> f64) -> f64 {
    let mut k = 0;
    loop {
        match nodes[k] {
            Node::Leaf(v) => return v,
            Node::Split {
                feature,
                threshold,
                left,
                right,
            } => k = if x(feature) <= threshold { left } else { right },
        }
    }
}

/// Grows the subtree of `rows` at `depth`, pushing its nodes; returns its index.
#[allow(clippy::too_many_arguments)]
fn grow(
    nodes: &mut Vec<Node>,
    rows: Vec<u32>,
    depth: usize,
    binned: &[Vec<u8>],
    cuts: &[Vec<f64>],
    g: &[f64],
    h: &[f64],
    p: &GbtParams,
) -> usize {
    let (gs, hs) = rows.iter().fold((0.0, 0.0), |(a, b), &i| {
        (a + g[i as usize], b + h[i as usize])
    });
    let me = nodes.len();
    nodes.push(Node::Leaf(-p.learning_rate * gs / (hs + p.lambda)));
    if depth >= p.depth {
        return me;
    }
    let parent = gs * gs / (hs + p.lambda);
    let mut best: Option<(f64, usize, usize)> = None; // gain, feature, bin
    for (j, col) in binned.iter().enumerate() {
        let nb = cuts[j].len() + 1;
        if nb < 2 {
            continue;
        }
        let mut hist = vec![(0.0f64, 0.0f64); nb];
        for &i in &rows {
            let e = &mut hist[col[i as usize] as usize];
            e.0 += g[i as usize];
            e.1 += h[i as usize];
        }
        let (mut gl, mut hl) = (0.0, 0.0);
        for (b, e) in hist.iter().enumerate().take(nb - 1) {
            gl += e.0;
            hl += e.1;
            let (gr, hr) = (gs - gl, hs - hl);
            if hl < p.min_hessian || hr < p.min_hessian {
                continue;
            }
            let gain = 0.5 * (gl * gl / (hl + p.lambda) + gr * gr / (hr + p.lambda) - parent);
            if gain > 1e-12 && best.is_none_or(|(bg, _, _)| gain > bg) {
                best = Some((gain, j, b));
            }
        }
    }
    let Some((_, feature, bin)) = best else {
        return me;
    };
    let (l, r): (Vec<u32>, Vec<u32>) = rows
        .into_iter()
        .partition(|&i| binned[feature][i as usize] as usize <= bin);
    let left = grow(nodes, l, depth + 1, binned, cuts, g, h, p);
    let right = grow(nodes, r, depth + 1, binned, cuts, g, h, p);
    nodes[me] = Node::Split {
        feature,
        threshold: cuts[feature][bin],
        left,
        right,
    };
    me
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_stump_by_hand() {
        // x = 0,0,1,1 with y = F,F,T,T; base rate 1/2, so F₀ = 0, p = 1/2,
        // g = ±1/2, h = 1/4. The split x ≤ 0 puts G_L = +1, H_L = 1/2 left and
        // G_R = −1, H_R = 1/2 right; with λ = 0 and η = 1 the leaves are
        // −G/H = −2 and +2.
        let x = vec![vec![0.0], vec![0.0], vec![1.0], vec![1.0]];
        let y = [false, false, true, true];
        let p = GbtParams {
            trees: 1,
            depth: 1,
            learning_rate: 1.0,
            lambda: 0.0,
            min_hessian: 0.0,
            bins: 2,
        };
        let m = Gbt::fit(&x, &y, &p).unwrap();
        assert_eq!(m.base, 0.0);
        assert!((m.log_odds(&[0.0]) + 2.0).abs() < 1e-12);
        assert!((m.log_odds(&[1.0]) - 2.0).abs() < 1e-12);
        assert!((m.predict(&[1.0]) - 1.0 / (1.0 + (-2.0f64).exp())).abs() < 1e-12);
    }

    #[test]
    fn the_base_is_the_log_odds_of_the_base_rate() {
        let x = vec![vec![1.0]; 4];
        let y = [true, false, false, false];
        let m = Gbt::fit(&x, &y, &GbtParams::default()).unwrap();
        // a constant feature cannot split: the model is its base rate
        assert!((m.base - (1.0f64 / 3.0).ln()).abs() < 1e-12);
        assert!((m.predict(&[5.0]) - 0.25).abs() < 1e-9);
        assert!(Gbt::fit(&x, &[true; 4], &GbtParams::default()).is_none());
        assert!(Gbt::fit(&[], &[], &GbtParams::default()).is_none());
    }

    #[test]
    fn an_interaction_no_single_feature_shows_is_learnt() {
        // y = (x0 < 0.3) XOR (x1 < 0.6) on a grid: depth-2 trees separate
        // it, no monotone function of one feature can (the cuts are off
        // centre so that the first split has a positive gain)
        let mut x = Vec::new();
        let mut y = Vec::new();
        for i in 0..40 {
            for j in 0..40 {
                let (a, b) = (f64::from(i) / 40.0, f64::from(j) / 40.0);
                x.push(vec![a, b]);
                y.push((a < 0.3) != (b < 0.6));
            }
        }
        let m = Gbt::fit(
            &x,
            &y,
            &GbtParams {
                trees: 50,
                depth: 2,
                ..GbtParams::default()
            },
        )
        .unwrap();
        let correct = x
            .iter()
            .zip(&y)
            .filter(|(r, &t)| (m.predict(r) > 0.5) == t)
            .count();
        assert_eq!(correct, x.len());
    }
}

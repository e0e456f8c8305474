//! Concentration of an activity across regions (one number per activity),
//! as EconGeo defines them.
//!
//! * **Gini** (`gini`): the Lorenz-curve Gini of the activity's values over
//!   regions, equal weights, values sorted ascending:
//!   `G = Σ_k L_k p_{k−1} − Σ_k L_{k−1} p_k` on the cumulative population
//!   shares `p_k = k/n` and cumulative value shares `L_k`. Maximum `(n−1)/n`.
//!   An all-zero activity has no Gini.
//! * **Locational Gini** (`locational_gini`, Krugman 1991): regions ordered by
//!   `x_rp / (X_r / X)`; the Gini-type area between the cumulative activity
//!   share and the cumulative total share, **divided by 2** as in EconGeo
//!   (theoretical maximum 0.5).
//! * **Hoover index** (`hoover`): `50 · Σ_r |x_rp / X_p − w_r / W|` on a
//!   0–100 scale, with weights `w` (the region totals by default; EconGeo's
//!   default with no weights is uniform).
//! * **Hoover–Gini** (`hoover_gini`): the Gini-type area between the curve of
//!   cumulative activity share and cumulative weight share, regions ordered
//!   by `x_r / w_r`.
//!
//! Missing cells are left out (the region is dropped for that activity).

/// Lorenz-curve Gini of non-negative values; `None` when all are zero.
pub fn gini(values: &[f64]) -> Option<f64> {
    let n = values.len() as f64;
    let total: f64 = values.iter().sum();
    if !(total > 0.0) {
        return None;
    }
    // zeros sort first and add nothing to the sum (their cumulative share
    // is 0 on both sides of the step), so only the non-zero values are sorted
    let mut v: Vec<f64> = values.iter().copied().filter(|&x| x != 0.0).collect();
    let zeros = if v.iter().all(|&x| x > 0.0) {
        values.len() - v.len()
    } else {
        v = values.to_vec();
        0
    };
    v.sort_unstable_by(f64::total_cmp);
    let (mut cum, mut g) = (0.0, 0.0);
    for (k, x) in v.iter().enumerate() {
        let k = zeros + k;
        let l_prev = cum / total;
        cum += x;
        let l = cum / total;
        let p_prev = k as f64 / n;
        let p = (k + 1) as f64 / n;
        g += l * p_prev - l_prev * p;
    }
    Some(g)
}

/// Area-based Gini of `values` against `weights`, units ordered by
/// `value / weight` ascending (the Hoover–Gini; with `weights` the region
/// totals, twice the locational Gini).
pub fn weighted_gini(values: &[f64], weights: &[f64]) -> Option<f64> {
    let tv: f64 = values.iter().sum();
    let tw: f64 = weights.iter().sum();
    if !(tv > 0.0 && tw > 0.0) {
        return None;
    }
    // (ratio, value, weight); units with equal ratios lie on one straight
    // piece of the curve, so their order among themselves does not matter.
    // Units with a zero value come first when no value is negative and add
    // no area (the curve is still at 0): only their weight is carried.
    let mut order: Vec<(f64, f64, f64)> = Vec::with_capacity(values.len());
    let mut zero_weight = 0.0;
    let non_negative = values.iter().all(|&x| x >= 0.0);
    for (&x, &w) in values.iter().zip(weights) {
        if !(w > 0.0) {
            continue;
        }
        if non_negative && x == 0.0 {
            zero_weight += w / tw;
        } else {
            order.push((x / w, x, w));
        }
    }
    order.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    let (mut cx, mut cw, mut area) = (0.0, zero_weight, 0.0);
    for &(_, x, w) in &order {
        let (x0, w0) = (cx, cw);
        cx += x / tv;
        cw += w / tw;
        // trapezoid under the concentration curve
        area += (cw - w0) * (cx + x0) / 2.0;
    }
    Some(1.0 - 2.0 * area)
}

/// Hoover index (0–100) of `values` against `weights`.
pub fn hoover(values: &[f64], weights: &[f64]) -> Option<f64> {
    let tv: f64 = values.iter().sum();
    let tw: f64 = weights.iter().sum();
    if !(tv > 0.0 && tw > 0.0) {
        return None;
    }
    Some(
        50.0 * values
            .iter()
            .zip(weights)
            .map(|(x, w)| (x / tv - w / tw).abs())
            .sum::<f64>(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn econgeo_documentation_examples() {
        // anchors §8: ind = [0,10,10,30,50], pop = [10,15,20,25,30]
        let ind = [0.0, 10.0, 10.0, 30.0, 50.0];
        let pop = [10.0, 15.0, 20.0, 25.0, 30.0];
        assert!((gini(&ind).unwrap() - 0.48).abs() < 1e-12);
        assert!((hoover(&ind, &pop).unwrap() - 25.0).abs() < 1e-12);
        assert!((hoover(&ind, &[1.0; 5]).unwrap() - 40.0).abs() < 1e-12);
        // EconGeo rounds Hoover.Gini to 3 dp: 0.31
        assert!(
            (weighted_gini(&ind, &pop).unwrap() - 0.31).abs() < 5e-3,
            "{:?}",
            weighted_gini(&ind, &pop)
        );
        assert_eq!(gini(&[0.0, 0.0]), None);
        // all in one of n units: (n-1)/n
        assert!((gini(&[0.0, 0.0, 0.0, 8.0]).unwrap() - 0.75).abs() < 1e-12);
    }
}

//! Small order statistics shared by the analyses: quantiles (linear
//! interpolation between order statistics, Hyndman & Fan type 7, as R's and
//! NumPy's defaults) and mid-rank percentiles.

/// The `q`-quantile (`0 ≤ q ≤ 1`) of ascending `sorted` values, type 7;
/// NaN when empty.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

/// The median of the finite values of `v` (the 0.5 quantile: the middle
/// value, or the mean of the two middle ones); `None` when there is none.
pub fn median(v: &[f64]) -> Option<f64> {
    let s = sorted_finite(v);
    (!s.is_empty()).then(|| quantile(&s, 0.5))
}

/// The finite values of `v`, ascending.
pub fn sorted_finite(v: &[f64]) -> Vec<f64> {
    let mut s: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
    s.sort_by(f64::total_cmp);
    s
}

/// Mid-rank percentile of `x` among ascending `sorted` values, in `[0, 1]`:
/// `(#values below x + ½ · #values equal to x) / n`; NaN when empty.
pub fn mid_rank(sorted: &[f64], x: f64) -> f64 {
    if sorted.is_empty() || !x.is_finite() {
        return f64::NAN;
    }
    let below = sorted.partition_point(|v| *v < x);
    let upto = sorted.partition_point(|v| *v <= x);
    (below as f64 + 0.5 * (upto - below) as f64) / sorted.len() as f64
}

#[cfg(test)]
mod tests {
    #[test]
    fn median_of_odd_even_and_empty() {
        assert_eq!(super::median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(super::median(&[4.0, f64::NAN, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(super::median(&[f64::NAN]), None);
        assert_eq!(super::median(&[]), None);
    }

    use super::*;

    #[test]
    fn quantiles_interpolate_between_order_statistics() {
        let s = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile(&s, 0.5), 3.0);
        assert_eq!(quantile(&s, 0.1), 1.4);
        assert_eq!(quantile(&s, 1.0), 5.0);
        assert!(quantile(&[], 0.5).is_nan());
    }

    #[test]
    fn mid_rank_counts_ties_half() {
        let s = [1.0, 2.0, 2.0, 4.0];
        assert_eq!(mid_rank(&s, 2.0), (1.0 + 1.0) / 4.0);
        assert_eq!(mid_rank(&s, 0.0), 0.0);
        assert_eq!(mid_rank(&s, 4.0), 3.5 / 4.0);
    }
}

//! Small order statistics shared by the analyses: quantiles (linear
//! interpolation between order statistics, Hyndman & Fan type 7, as R's and
//! NumPy's defaults), mid-rank percentiles, Pearson's and Spearman's
//! correlations (Spearman = Pearson of average ranks, ties sharing the mean
//! of their ranks, as R's `cor(method = "spearman")` and SciPy's
//! `spearmanr`).

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

/// Pearson's correlation of equal-length `a` and `b`; NaN when either is
/// constant or shorter than 2.
pub fn pearson(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    if n < 2 {
        return f64::NAN;
    }
    let (ma, mb) = (
        a[..n].iter().sum::<f64>() / n as f64,
        b[..n].iter().sum::<f64>() / n as f64,
    );
    let (mut cov, mut va, mut vb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        cov += (x - ma) * (y - mb);
        va += (x - ma) * (x - ma);
        vb += (y - mb) * (y - mb);
    }
    if va > 0.0 && vb > 0.0 {
        cov / (va * vb).sqrt()
    } else {
        f64::NAN
    }
}

/// Average ranks (1-based) of `v`; ties share the mean of their ranks.
pub fn ranks(v: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut r = vec![0.0; v.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for &k in &idx[i..=j] {
            r[k] = avg;
        }
        i = j + 1;
    }
    r
}

/// A correlation and the number of pairs it was computed on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Correlation {
    /// The coefficient, in `[−1, 1]`.
    pub rho: f64,
    /// Pairs with both values finite.
    pub n: usize,
}

/// Spearman's rank correlation over the pairs where both values are finite;
/// `None` with fewer than 3 such pairs or when either side is constant.
pub fn spearman(a: &[f64], b: &[f64]) -> Option<Correlation> {
    let (x, y): (Vec<f64>, Vec<f64>) = a
        .iter()
        .zip(b)
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .map(|(x, y)| (*x, *y))
        .unzip();
    if x.len() < 3 {
        return None;
    }
    let rho = pearson(&ranks(&x), &ranks(&y));
    rho.is_finite().then_some(Correlation { rho, n: x.len() })
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

    #[test]
    fn spearman_matches_published_worked_example() {
        // Spearman's textbook example (IQ vs hours of TV, Wikipedia
        // "Spearman's rank correlation coefficient"): rho = -29/165
        let iq = [
            106.0, 100.0, 86.0, 101.0, 99.0, 103.0, 97.0, 113.0, 112.0, 110.0,
        ];
        let tv = [7.0, 27.0, 2.0, 50.0, 28.0, 29.0, 20.0, 12.0, 6.0, 17.0];
        let c = spearman(&iq, &tv).unwrap();
        assert!((c.rho - (-29.0 / 165.0)).abs() < 1e-12, "{}", c.rho);
        assert_eq!(c.n, 10);
    }

    #[test]
    fn spearman_uses_average_ranks_and_skips_missing() {
        // ranks of [1, 2, 2, 3] are [1, 2.5, 2.5, 4]; against [1, 2, 3, 4]
        // by hand: deviations (-1.5, 0, 0, 1.5) and (-1.5, -0.5, 0.5, 1.5),
        // cross products 4.5, squares 4.5 and 5: rho = 4.5 / sqrt(4.5 * 5)
        assert_eq!(ranks(&[1.0, 2.0, 2.0, 3.0]), vec![1.0, 2.5, 2.5, 4.0]);
        let c = spearman(&[1.0, 2.0, 2.0, 3.0, f64::NAN], &[1.0, 2.0, 3.0, 4.0, 5.0]).unwrap();
        assert!((c.rho - 4.5 / (4.5f64 * 5.0).sqrt()).abs() < 1e-12);
        assert_eq!(c.n, 4);
        assert!(spearman(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]).is_none());
        assert!(spearman(&[1.0, 2.0], &[1.0, 2.0]).is_none());
    }
}

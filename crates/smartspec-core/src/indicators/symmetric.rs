//! A symmetric matrix stored as its packed upper triangle (diagonal
//! included): half the memory of a dense one. Proximity lives here: at 5,000
//! activities it takes 100 MB instead of 200 MB.

use rayon::prelude::*;

/// Above this many stored values, products run in parallel.
const PARALLEL_VALUES: usize = 1 << 20;
/// Row ranges of a parallel product (fixed, so that the rounding does not
/// depend on the number of threads).
const PARTS: usize = 8;

/// Rows per band when copying panels (see [`Symmetric::panels`]).
const BAND: usize = 64;

/// Symmetric `n × n` matrix, packed upper triangle, row by row.
#[derive(Debug, Clone, PartialEq)]
pub struct Symmetric {
    n: usize,
    data: Vec<f64>,
}

impl Symmetric {
    /// Builds from `f(i, j)` for `i ≤ j`, rows in parallel.
    pub fn from_upper(n: usize, f: impl Fn(usize, usize) -> f64 + Sync) -> Symmetric {
        Symmetric::from_upper_rows(n, |i, row| {
            for (k, v) in row.iter_mut().enumerate() {
                *v = f(i, i + k);
            }
        })
    }

    /// Builds row by row, rows in parallel: `fill(i, row)` writes
    /// `(i, i..n)` into `row` (length `n − i`).
    pub fn from_upper_rows(n: usize, fill: impl Fn(usize, &mut [f64]) + Sync) -> Symmetric {
        let mut data = super::pages::zeros(n * (n + 1) / 2);
        let mut rows: Vec<(usize, &mut [f64])> = Vec::with_capacity(n);
        let mut rest: &mut [f64] = &mut data;
        for i in 0..n {
            let (head, tail) = rest.split_at_mut(n - i);
            rows.push((i, head));
            rest = tail;
        }
        rows.into_par_iter().for_each(|(i, row)| fill(i, row));
        Symmetric { n, data }
    }

    /// Side length.
    pub fn n(&self) -> usize {
        self.n
    }

    /// Element `(i, j)`.
    #[inline]
    pub fn get(&self, i: usize, j: usize) -> f64 {
        let (i, j) = if i <= j { (i, j) } else { (j, i) };
        self.data[self.offset(i) + (j - i)]
    }

    #[inline]
    fn offset(&self, i: usize) -> usize {
        // Σ_{k<i} (n − k) = i·n − i(i−1)/2
        i * self.n - i * i.saturating_sub(1) / 2
    }

    /// Row sums (= column sums): `self · 1`.
    pub fn row_sums(&self) -> Vec<f64> {
        self.mul_vec(&vec![1.0; self.n])
    }

    /// `self · x`. Large matrices are cut into [`PARTS`] row ranges of equal
    /// size, summed in parallel into their own vectors and then added in
    /// order, so the result does not depend on the number of threads.
    pub fn mul_vec(&self, x: &[f64]) -> Vec<f64> {
        let n = self.n;
        let parts = if self.data.len() < PARALLEL_VALUES {
            1
        } else {
            PARTS
        };
        // row ranges holding about data.len() / parts values each
        let mut bounds = vec![0];
        for p in 1..parts {
            let target = self.data.len() * p / parts;
            let row = (0..n).find(|&i| self.offset(i) >= target).unwrap_or(n);
            if row > bounds[bounds.len() - 1] {
                bounds.push(row);
            }
        }
        bounds.push(n);
        let partial: Vec<Vec<f64>> = bounds
            .par_windows(2)
            .map(|w| {
                let mut y = vec![0.0; n];
                for i in w[0]..w[1] {
                    let o = self.offset(i);
                    let row = &self.data[o..o + n - i];
                    y[i] += row[0] * x[i];
                    for (k, v) in row.iter().enumerate().skip(1) {
                        y[i] += v * x[i + k];
                        y[i + k] += v * x[i];
                    }
                }
                y
            })
            .collect();
        let mut parts = partial.into_iter();
        let mut y = parts.next().unwrap_or_else(|| vec![0.0; n]);
        for p in parts {
            y.iter_mut().zip(&p).for_each(|(a, b)| *a += b);
        }
        y
    }

    /// Copies columns `start..` into consecutive panels of `width` columns
    /// and `height ≥ n` rows: panel `k` (row-major `height × width`) holds
    /// columns `start + k·width .. start + (k+1)·width` of every row in its
    /// first `n` rows, and its rows past `n` are left as they are; `out`
    /// holds as many panels as fit (`out.len() / (height · width)`), and
    /// columns past the last are zero.
    ///
    /// The rows are copied in bands of [`BAND`] rows. In a band, the part
    /// above the diagonal is read along the packed rows of the band, the
    /// part below it along the packed rows of the panels' columns; both are
    /// short contiguous runs, and the band's lines of the panels (`BAND`
    /// lines of every panel) stay in the L1 cache while they are filled.
    ///
    /// # Panics
    /// When `height < n` or `out.len()` is not a multiple of
    /// `height · width` (a programming error).
    pub fn panels(&self, start: usize, width: usize, height: usize, out: &mut [f64]) {
        let n = self.n;
        let size = height * width;
        assert!(
            height >= n && size > 0 && out.len() % size == 0,
            "panel buffer size"
        );
        let reach = start + out.len() / size * width;
        let end = reach.min(n);
        // the columns past the last one are zero
        for c in end.max(start) - start..reach - start {
            let (k, cc) = (c / width, c % width);
            for q in 0..n {
                out[k * size + q * width + cc] = 0.0;
            }
        }
        for q0 in (0..n).step_by(BAND) {
            let q1 = (q0 + BAND).min(n);
            // φ(q, j) with q ≤ j: row q, columns max(start, q)..end, panel by panel
            for q in q0..q1.min(end) {
                let j0 = start.max(q);
                let o = self.offset(q) + (j0 - q);
                let run = &self.data[o..o + (end - j0)];
                if j0 == start && width == 8 {
                    // rows above the group: whole panel rows of 8, copied
                    // as fixed-size blocks
                    for (k, v) in run.chunks_exact(8).enumerate() {
                        let at = k * size + q * 8;
                        let dst: &mut [f64; 8] = (&mut out[at..at + 8])
                            .try_into()
                            .unwrap_or_else(|_| unreachable!());
                        for (d, x) in dst.iter_mut().zip(v) {
                            *d = *x;
                        }
                    }
                    let done = run.len() / 8 * 8;
                    for (i, &v) in run[done..].iter().enumerate() {
                        let c = done + i;
                        out[c / 8 * size + q * 8 + c % 8] = v;
                    }
                } else {
                    for (i, &v) in run.iter().enumerate() {
                        let c = j0 - start + i;
                        out[c / width * size + q * width + c % width] = v;
                    }
                }
            }
            // φ(q, j) with q > j: row j, rows max(q0, j + 1)..q1 of column j
            for j in start..end.min(q1) {
                let qa = q0.max(j + 1);
                if qa >= q1 {
                    continue;
                }
                let c = j - start;
                let base = c / width * size + c % width;
                let o = self.offset(j) + (qa - j);
                for (q, &v) in (qa..q1).zip(&self.data[o..o + (q1 - qa)]) {
                    out[base + q * width] = v;
                }
            }
        }
    }

    /// A dense copy (tests and small matrices).
    pub fn to_dense(&self) -> super::matrix::Dense {
        let n = self.n;
        super::matrix::Dense::from_vec(n, n, (0..n * n).map(|k| self.get(k / n, k % n)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parallel_product_equals_the_dense_one() {
        // 1,500 rows: 1.1 M stored values, cut into row ranges
        let n = 1500;
        let s = Symmetric::from_upper(n, |i, j| ((i * 7 + j * 3) % 11) as f64 / 10.0);
        assert!(s.data.len() >= PARALLEL_VALUES);
        let x: Vec<f64> = (0..n).map(|i| (i % 5) as f64 - 1.5).collect();
        let y = s.mul_vec(&x);
        for i in [0, 1, 700, 1499] {
            let want: f64 = (0..n).map(|j| s.get(i, j) * x[j]).sum();
            assert!((y[i] - want).abs() < 1e-9, "{i}: {} vs {want}", y[i]);
        }
        let sums = s.row_sums();
        let want: f64 = (0..n).map(|j| s.get(3, j)).sum();
        assert!((sums[3] - want).abs() < 1e-9);
    }

    #[test]
    fn panels_over_several_bands_hold_the_columns() {
        // 150 rows: three bands; panels from column 37, the last one cut
        // at column 150
        let n = 150;
        let s = Symmetric::from_upper(n, |i, j| (1000 * i + j) as f64);
        let (width, count) = (8, 15);
        let mut p = vec![-1.0; n * width * count];
        s.panels(37, width, n, &mut p);
        for k in 0..count {
            for q in 0..n {
                for c in 0..width {
                    let j = 37 + k * width + c;
                    let want = if j < n { s.get(q, j) } else { 0.0 };
                    assert_eq!(p[k * n * width + q * width + c], want, "q {q} j {j}");
                }
            }
        }
    }

    #[test]
    fn packed_storage_round_trips() {
        let s = Symmetric::from_upper(4, |i, j| (10 * i + j) as f64);
        assert_eq!(s.get(1, 3), 13.0);
        assert_eq!(s.get(3, 1), 13.0);
        assert_eq!(s.get(3, 3), 33.0);
        assert_eq!(s.get(0, 0), 0.0);
        let d = s.to_dense();
        let rs: Vec<f64> = (0..4).map(|i| d.row(i).iter().sum()).collect();
        assert_eq!(s.row_sums(), rs);
        let x = [1.0, 2.0, 3.0, 4.0];
        let want: Vec<f64> = (0..4)
            .map(|i| d.row(i).iter().zip(&x).map(|(a, b)| a * b).sum())
            .collect();
        assert_eq!(s.mul_vec(&x), want);
        // two panels of 2 columns from column 1; the second is partial
        let mut p = vec![-1.0; 16];
        s.panels(1, 2, 4, &mut p);
        let want = [
            [1.0, 2.0, 11.0, 12.0, 12.0, 22.0, 13.0, 23.0],
            [3.0, 0.0, 13.0, 0.0, 23.0, 0.0, 33.0, 0.0],
        ];
        assert_eq!(p, want.concat());
        // panels of 5 rows: the fifth row of each is left alone
        let mut p = vec![-1.0; 20];
        s.panels(1, 2, 5, &mut p);
        let want = [
            [1.0, 2.0, 11.0, 12.0, 12.0, 22.0, 13.0, 23.0, -1.0, -1.0],
            [3.0, 0.0, 13.0, 0.0, 23.0, 0.0, 33.0, 0.0, -1.0, -1.0],
        ];
        assert_eq!(p, want.concat());
    }
}

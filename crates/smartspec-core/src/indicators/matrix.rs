//! The two matrix shapes the indicators need: a dense row-major `f64`
//! matrix, and a sparse binary matrix (the presence matrix `M`) stored both by
//! row and by column so that `M·x` and `Mᵀ·y` are sparse loops.

use rayon::prelude::*;

/// Above this many ones, products with `M` run on all cores.
const PARALLEL_NNZ: usize = 200_000;

/// Dense row-major matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct Dense {
    /// Row count.
    pub rows: usize,
    /// Column count.
    pub cols: usize,
    /// `rows × cols` values, row-major.
    pub data: Vec<f64>,
}

impl Dense {
    /// A zero matrix.
    pub fn zeros(rows: usize, cols: usize) -> Self {
        Dense {
            rows,
            cols,
            data: super::pages::zeros(rows * cols),
        }
    }

    /// Wraps row-major data.
    ///
    /// # Panics
    /// When `data.len() != rows * cols` (a programming error).
    pub fn from_vec(rows: usize, cols: usize, data: Vec<f64>) -> Self {
        assert_eq!(data.len(), rows * cols, "dense matrix shape");
        Dense { rows, cols, data }
    }

    /// Element `(i, j)`.
    #[inline]
    pub fn get(&self, i: usize, j: usize) -> f64 {
        self.data[i * self.cols + j]
    }

    /// Row `i`.
    #[inline]
    pub fn row(&self, i: usize) -> &[f64] {
        &self.data[i * self.cols..(i + 1) * self.cols]
    }
}

/// A sparse 0/1 matrix (regions × activities), by row and by column.
#[derive(Debug, Clone, PartialEq)]
pub struct Binary {
    /// Row count.
    pub rows: usize,
    /// Column count.
    pub cols: usize,
    row_ptr: Vec<usize>,
    row_idx: Vec<u32>,
    col_ptr: Vec<usize>,
    col_idx: Vec<u32>,
}

impl Binary {
    /// From a row-major predicate over `rows × cols` cells.
    pub fn from_fn(rows: usize, cols: usize, mut one: impl FnMut(usize, usize) -> bool) -> Self {
        let mut row_ptr = Vec::with_capacity(rows + 1);
        let mut row_idx = Vec::new();
        row_ptr.push(0);
        for i in 0..rows {
            for j in 0..cols {
                if one(i, j) {
                    row_idx.push(j as u32);
                }
            }
            row_ptr.push(row_idx.len());
        }
        Binary::from_rows(rows, cols, row_ptr, row_idx)
    }

    /// From a predicate on the cells, rows in parallel (for large matrices;
    /// the same matrix as [`Binary::from_fn`]).
    pub fn from_fn_par(
        rows: usize,
        cols: usize,
        one: impl Fn(usize, usize) -> bool + Sync,
    ) -> Self {
        let lists: Vec<Vec<u32>> = (0..rows)
            .into_par_iter()
            .with_min_len(16)
            .map(|i| (0..cols).filter(|&j| one(i, j)).map(|j| j as u32).collect())
            .collect();
        let mut row_ptr = Vec::with_capacity(rows + 1);
        row_ptr.push(0);
        for l in &lists {
            row_ptr.push(row_ptr[row_ptr.len() - 1] + l.len());
        }
        let row_idx = lists.concat();
        Binary::from_rows(rows, cols, row_ptr, row_idx)
    }

    /// Completes the column side of a matrix given by rows.
    fn from_rows(rows: usize, cols: usize, row_ptr: Vec<usize>, row_idx: Vec<u32>) -> Self {
        let mut col_count = vec![0usize; cols];
        for &j in &row_idx {
            col_count[j as usize] += 1;
        }
        let mut col_ptr = Vec::with_capacity(cols + 1);
        col_ptr.push(0);
        for c in &col_count {
            col_ptr.push(col_ptr[col_ptr.len() - 1] + c);
        }
        let mut fill = col_ptr.clone();
        let mut col_idx = vec![0u32; row_idx.len()];
        for i in 0..rows {
            for &j in &row_idx[row_ptr[i]..row_ptr[i + 1]] {
                col_idx[fill[j as usize]] = i as u32;
                fill[j as usize] += 1;
            }
        }
        Binary {
            rows,
            cols,
            row_ptr,
            row_idx,
            col_ptr,
            col_idx,
        }
    }

    /// Column indices of the ones in row `i`, ascending.
    #[inline]
    pub fn row(&self, i: usize) -> &[u32] {
        &self.row_idx[self.row_ptr[i]..self.row_ptr[i + 1]]
    }

    /// Row indices of the ones in column `j`, ascending.
    #[inline]
    pub fn col(&self, j: usize) -> &[u32] {
        &self.col_idx[self.col_ptr[j]..self.col_ptr[j + 1]]
    }

    /// True when `(i, j)` is one.
    pub fn get(&self, i: usize, j: usize) -> bool {
        self.row(i).binary_search(&(j as u32)).is_ok()
    }

    /// Number of ones.
    pub fn nnz(&self) -> usize {
        self.row_idx.len()
    }

    /// Row sums (diversity when rows are regions).
    pub fn row_sums(&self) -> Vec<f64> {
        (0..self.rows).map(|i| self.row(i).len() as f64).collect()
    }

    /// Column sums (ubiquity when columns are activities).
    pub fn col_sums(&self) -> Vec<f64> {
        (0..self.cols).map(|j| self.col(j).len() as f64).collect()
    }

    /// `M · x` (length `rows`); rows in parallel when the matrix is large.
    pub fn mul_vec(&self, x: &[f64]) -> Vec<f64> {
        let f = |i: usize| self.row(i).iter().map(|&j| x[j as usize]).sum();
        if self.nnz() > PARALLEL_NNZ {
            (0..self.rows)
                .into_par_iter()
                .with_min_len(64)
                .map(f)
                .collect()
        } else {
            (0..self.rows).map(f).collect()
        }
    }

    /// `Mᵀ · y` (length `cols`); columns in parallel when the matrix is large.
    pub fn tmul_vec(&self, y: &[f64]) -> Vec<f64> {
        let f = |j: usize| self.col(j).iter().map(|&i| y[i as usize]).sum();
        if self.nnz() > PARALLEL_NNZ {
            (0..self.cols)
                .into_par_iter()
                .with_min_len(256)
                .map(f)
                .collect()
        } else {
            (0..self.cols).map(f).collect()
        }
    }

    /// The submatrix of the kept rows and columns (in order).
    pub fn select(&self, keep_rows: &[usize], keep_cols: &[usize]) -> Binary {
        let identity = |keep: &[usize], n: usize| {
            keep.len() == n && keep.iter().enumerate().all(|(i, &k)| i == k)
        };
        if identity(keep_rows, self.rows) && identity(keep_cols, self.cols) {
            return self.clone();
        }
        let mut col_new = vec![usize::MAX; self.cols];
        for (n, &c) in keep_cols.iter().enumerate() {
            col_new[c] = n;
        }
        Binary::from_fn(keep_rows.len(), keep_cols.len(), |i, j| {
            self.get(keep_rows[i], keep_cols[j]) && col_new[keep_cols[j]] == j
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn products_by_row_and_column() {
        // M = [1 0 1; 0 1 1]
        let m = Binary::from_fn(2, 3, |i, j| [[1, 0, 1], [0, 1, 1]][i][j] == 1);
        assert_eq!(m.row(0), &[0, 2]);
        assert_eq!(m.col(2), &[0, 1]);
        assert_eq!(m.mul_vec(&[1.0, 2.0, 3.0]), vec![4.0, 5.0]);
        assert_eq!(m.tmul_vec(&[1.0, 10.0]), vec![1.0, 10.0, 11.0]);
        assert_eq!(m.row_sums(), vec![2.0, 2.0]);
        assert_eq!(m.col_sums(), vec![1.0, 1.0, 2.0]);
        assert_eq!(m.nnz(), 4);
        let big = |i: usize, j: usize| (i * 31 + j * 17) % 7 < 2;
        assert_eq!(
            Binary::from_fn_par(300, 50, big),
            Binary::from_fn(300, 50, big)
        );
        let s = m.select(&[1], &[1, 2]);
        assert_eq!((s.rows, s.cols, s.row(0)), (1, 2, &[0u32, 1][..]));
    }
}

//! The one heavy product of the pipeline, fused: for every region `r` and
//! activity `p`,
//!
//! `num_rp = Σ_q M_rq φ_qp` (the numerator of relatedness density) and
//! `g_rp = Σ_q M_rq w_q φ_qp` (the sparse part of COG),
//!
//! computed together so that `φ` is read once for both. `M` is sparse
//! (about one cell in seven); `φ` is dense and symmetric. The activities are
//! cut into panels of [`PANEL`] columns; a panel of `φ` (activities × 8,
//! 320 KB at 5,000 activities, one 64-byte cache line per activity) stays in
//! L2 while every region's row of `M` runs over it with 8-wide accumulators
//! that live in registers (measured: 8 columns beat 12 and 16, whose panels
//! spill out of a 512 KB L2). Threads take groups of 8 panels (columns):
//! each panel is built once, from contiguous runs of the packed rows, and
//! each thread writes only its own columns of the outputs.
//!
//! Work: `2 · nnz(M) · A` additions (3.5 · 10⁹ each for density and COG at
//! 1,000 × 5,000 with 14 % of the cells in `M`). On x86-64 with AVX2 and FMA
//! an explicit kernel runs (chosen at run time): per entry of `M` two
//! aligned 32-byte loads, two additions and two fused multiply-adds, with
//! two independent accumulator sets so that consecutive additions do not
//! wait on each other; elsewhere a portable loop computes the same sums.
//! The order of the additions differs between the two (sums agree to
//! rounding, about 1e-15 relative). Tried and measured no faster on the
//! 2-core test machine: blocking the panel for L1 (16 KB blocks, running
//! sums per region) and four accumulator sets; what did help was fewer
//! address translations (the outputs and panels on huge pages,
//! [`super::pages`]).

use super::matrix::{Binary, Dense};
use super::symmetric::Symmetric;
use rayon::prelude::*;

/// Columns per panel.
pub const PANEL: usize = 8;

/// Panels built together from one pass over the packed rows of `φ`:
/// reading 64 contiguous values of a row costs little more than reading 8,
/// and the rows are far apart (2.5 MB of panels at 5,000 activities: they
/// wait in L3 for their turn).
const GROUP: usize = 8;

/// One panel row: `PANEL` values on one 64-byte cache line.
#[repr(C, align(64))]
#[derive(Clone, Copy)]
struct Line([f64; PANEL]);

const _: () = assert!(std::mem::size_of::<Line>() == PANEL * 8);

/// The portable loop: every region's sums over one panel, written to the
/// panel's columns `start..` of `out`.
fn rows_over_panel(m: &Binary, panel: &[Line], w: &[f64], start: usize, out: &Out) {
    for r in 0..m.rows {
        let mut a = [0.0f64; PANEL];
        let mut b = [0.0f64; PANEL];
        for &q in m.row(r) {
            let (src, wq) = (&panel[q as usize].0, w[q as usize]);
            for i in 0..PANEL {
                a[i] += src[i];
                b[i] += wq * src[i];
            }
        }
        out.put(r, start, &a, &b);
    }
}

/// The two outputs, written by several threads at once, each thread to its
/// own columns.
struct Out {
    num: *mut f64,
    g: *mut f64,
    rows: usize,
    cols: usize,
}

// SAFETY: the pointers are only written through `put`, and the threads own
// disjoint column ranges (one group of panels each), so no two threads
// write the same element; the matrices outlive the threads (scoped by rayon).
unsafe impl Sync for Out {}

impl Out {
    /// Writes columns `start..start + PANEL` (cut at the last column) of row `r`.
    #[inline]
    fn put(&self, r: usize, start: usize, a: &[f64; PANEL], b: &[f64; PANEL]) {
        assert!(
            r < self.rows && start < self.cols,
            "panel write out of range"
        );
        let width = PANEL.min(self.cols - start);
        let at = r * self.cols + start;
        // SAFETY: `at + width ≤ rows · cols` (asserted above), the buffers
        // hold `rows · cols` values, and this thread owns these columns.
        unsafe {
            if width == PANEL {
                // a fixed-size copy: two vector stores, no call to memcpy
                (self.num.add(at) as *mut [f64; PANEL]).write_unaligned(*a);
                (self.g.add(at) as *mut [f64; PANEL]).write_unaligned(*b);
            } else {
                std::ptr::copy_nonoverlapping(a.as_ptr(), self.num.add(at), width);
                std::ptr::copy_nonoverlapping(b.as_ptr(), self.g.add(at), width);
            }
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::{Binary, Line, Out, PANEL};
    use std::arch::x86_64::*;

    /// Sums of the panel lines `idx` and of the same lines weighted by `w`.
    ///
    /// # Safety
    /// AVX2 and FMA are available, and every `q` in `idx` is below
    /// `panel.len()` and `w.len()`.
    #[inline]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn sums(idx: &[u32], panel: &[Line], w: &[f64]) -> ([f64; PANEL], [f64; PANEL]) {
        let (p, wp) = (panel.as_ptr() as *const f64, w.as_ptr());
        let z = _mm256_setzero_pd();
        // two sets of density accumulators and two of COG accumulators, fed
        // by alternate entries: consecutive additions into one register
        // would otherwise wait on each other's latency
        let [mut a0, mut a1, mut a2, mut a3] = [z; 4];
        let [mut b0, mut b1, mut b2, mut b3] = [z; 4];
        let mut pairs = idx.chunks_exact(2);
        for pair in &mut pairs {
            let (q0, q1) = (pair[0] as usize, pair[1] as usize);
            let (r0, r1) = (p.add(q0 * PANEL), p.add(q1 * PANEL));
            let (x0, y0) = (_mm256_load_pd(r0), _mm256_load_pd(r0.add(4)));
            let (x1, y1) = (_mm256_load_pd(r1), _mm256_load_pd(r1.add(4)));
            let (w0, w1) = (
                _mm256_broadcast_sd(&*wp.add(q0)),
                _mm256_broadcast_sd(&*wp.add(q1)),
            );
            a0 = _mm256_add_pd(a0, x0);
            a1 = _mm256_add_pd(a1, y0);
            b0 = _mm256_fmadd_pd(w0, x0, b0);
            b1 = _mm256_fmadd_pd(w0, y0, b1);
            a2 = _mm256_add_pd(a2, x1);
            a3 = _mm256_add_pd(a3, y1);
            b2 = _mm256_fmadd_pd(w1, x1, b2);
            b3 = _mm256_fmadd_pd(w1, y1, b3);
        }
        if let [q] = pairs.remainder() {
            let q = *q as usize;
            let r = p.add(q * PANEL);
            let (x, y) = (_mm256_load_pd(r), _mm256_load_pd(r.add(4)));
            let wq = _mm256_broadcast_sd(&*wp.add(q));
            a0 = _mm256_add_pd(a0, x);
            a1 = _mm256_add_pd(a1, y);
            b0 = _mm256_fmadd_pd(wq, x, b0);
            b1 = _mm256_fmadd_pd(wq, y, b1);
        }
        let (mut num, mut g) = ([0.0; PANEL], [0.0; PANEL]);
        _mm256_storeu_pd(num.as_mut_ptr(), _mm256_add_pd(a0, a2));
        _mm256_storeu_pd(num.as_mut_ptr().add(4), _mm256_add_pd(a1, a3));
        _mm256_storeu_pd(g.as_mut_ptr(), _mm256_add_pd(b0, b2));
        _mm256_storeu_pd(g.as_mut_ptr().add(4), _mm256_add_pd(b1, b3));
        (num, g)
    }

    /// [`super::rows_over_panel`] with the AVX2 sums.
    ///
    /// # Safety
    /// AVX2 and FMA are available; `m.cols == panel.len() == w.len()`.
    #[target_feature(enable = "avx2,fma")]
    pub(super) unsafe fn rows_over_panel(
        m: &Binary,
        panel: &[Line],
        w: &[f64],
        start: usize,
        out: &Out,
    ) {
        for r in 0..m.rows {
            // SAFETY: the indices of `M`'s rows are below `m.cols`, which
            // equals the panel's and `w`'s lengths (the caller's contract)
            let (a, b) = unsafe { sums(m.row(r), panel, w) };
            out.put(r, start, &a, &b);
        }
    }
}

/// Builds the panels of one group (columns `first..`) and runs every
/// region over each.
fn group(m: &Binary, phi: &Symmetric, w: &[f64], first: usize, lines: &mut [Line], out: &Out) {
    let na = phi.n();
    phi.panels(first, PANEL, as_values(lines));
    #[cfg(target_arch = "x86_64")]
    let avx2 =
        std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma");
    for (k, panel) in lines.chunks_exact(na).enumerate() {
        let start = first + k * PANEL;
        if start >= na {
            break;
        }
        #[cfg(target_arch = "x86_64")]
        if avx2 {
            // SAFETY: the CPU supports AVX2 and FMA (checked above), and
            // `m.cols == na == panel.len() == w.len()` (checked by the caller).
            unsafe { avx2::rows_over_panel(m, panel, w, start, out) };
            continue;
        }
        rows_over_panel(m, panel, w, start, out);
    }
}

/// The panel lines as one row-major `activities × PANEL` slice.
fn as_values(lines: &mut [Line]) -> &mut [f64] {
    // SAFETY: `Line` is `repr(C)` around `[f64; PANEL]` with no padding (the
    // size is asserted above), so `n` lines are `n · PANEL` contiguous f64.
    unsafe { std::slice::from_raw_parts_mut(lines.as_mut_ptr() as *mut f64, lines.len() * PANEL) }
}

/// `(num, g)` as described in the module doc, regions × activities.
///
/// # Panics
/// When `m.cols`, `phi.n()` and `w.len()` differ (a programming error).
pub fn density_and_weighted(m: &Binary, phi: &Symmetric, w: &[f64]) -> (Dense, Dense) {
    let (nr, na) = (m.rows, phi.n());
    assert!(
        m.cols == na && w.len() == na,
        "density kernel: shapes differ"
    );
    let mut num = Dense::zeros(nr, na);
    let mut g = Dense::zeros(nr, na);
    if nr == 0 || na == 0 {
        return (num, g);
    }
    let out = Out {
        num: num.data.as_mut_ptr(),
        g: g.data.as_mut_ptr(),
        rows: nr,
        cols: na,
    };
    // threads take groups of panels (columns), so that each panel is built
    // once and every region runs over it; group k goes to thread k mod T
    // (the groups are equal work), and each thread has one buffer
    let groups: Vec<usize> = (0..na).step_by(PANEL * GROUP).collect();
    let threads = rayon::current_num_threads().clamp(1, groups.len());
    (0..threads).into_par_iter().for_each(|t| {
        let (mut buffer, at) = super::pages::filled_aligned(na * GROUP, Line([0.0; PANEL]));
        let lines = &mut buffer[at..];
        for &first in groups.iter().skip(t).step_by(threads) {
            group(m, phi, w, first, lines, &out);
        }
    });
    (num, g)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fused_product_equals_the_plain_sums() {
        // 4 regions x 70 activities: two groups of panels, the last panel
        // partial; rows of odd and even length (the paired loop's remainder)
        let na = 70;
        let m = Binary::from_fn(4, na, |r, p| (r * 7 + p * 3) % (5 + r) == 0);
        assert!((0..4).any(|r| m.row(r).len() % 2 == 1) && (0..4).any(|r| m.row(r).len() % 2 == 0));
        let phi = Symmetric::from_upper(na, |i, j| {
            if i == j {
                1.0
            } else {
                1.0 / (1 + i + j) as f64
            }
        });
        let w: Vec<f64> = (0..na).map(|q| q as f64 - 4.5).collect();
        let (num, g) = density_and_weighted(&m, &phi, &w);
        for r in 0..4 {
            for p in 0..na {
                let n: f64 = m.row(r).iter().map(|&q| phi.get(q as usize, p)).sum();
                let gg: f64 = m
                    .row(r)
                    .iter()
                    .map(|&q| w[q as usize] * phi.get(q as usize, p))
                    .sum();
                assert!((num.get(r, p) - n).abs() < 1e-12 && (g.get(r, p) - gg).abs() < 1e-12);
            }
        }
    }
}

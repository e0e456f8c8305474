//! The one heavy product of the pipeline, fused: for every region `r` and
//! activity `p`,
//!
//! `num_rp = Σ_q M_rq φ_qp` (the numerator of relatedness density) and
//! `g_rp = Σ_q M_rq w_q φ_qp` (the sparse part of COG),
//!
//! computed together so that `φ` is read once for both. `M` is sparse
//! (about one cell in seven); `φ` is dense and symmetric. The activities are
//! cut into panels of [`PANEL`] columns; a panel of `φ` (activities × 8,
//! 320 KB at 5,000 activities) stays in L2 while every region's row of `M`
//! runs over it with 8-wide accumulators that live in registers (measured:
//! 8 columns beat 12 and 16, whose panels spill out of a 512 KB L2). Regions are
//! split between threads. On x86-64 with AVX2 the same code is compiled
//! for 4-wide vectors and chosen at run time.

use super::matrix::{Binary, Dense};
use super::symmetric::Symmetric;
use rayon::prelude::*;

/// Columns per panel.
pub const PANEL: usize = 8;

#[inline(always)]
fn rows_over_panel<const FMA: bool>(
    m: &Binary,
    r0: usize,
    panel: &[f64],
    w: &[f64],
    start: usize,
    na: usize,
    num: &mut [f64],
    g: &mut [f64],
) {
    let width = PANEL.min(na - start);
    let rows = num.len() / na;
    for k in 0..rows {
        // two sets of accumulators, fed by alternate entries of the row, so
        // that consecutive additions do not wait on each other (the loop is
        // otherwise bound by the add/FMA latency, not by throughput)
        let mut a1 = [0.0f64; PANEL];
        let mut a2 = [0.0f64; PANEL];
        let mut b1 = [0.0f64; PANEL];
        let mut b2 = [0.0f64; PANEL];
        let row = m.row(r0 + k);
        let mut pairs = row.chunks_exact(2);
        let mut ahead = 0usize;
        for pair in &mut pairs {
            let (q, q2) = (pair[0] as usize, pair[1] as usize);
            // prefetch the panel rows a few entries ahead (the row indices
            // are irregular, so the hardware prefetcher cannot guess them)
            #[cfg(target_arch = "x86_64")]
            {
                ahead += 2;
                if let Some(&qa) = row.get(ahead + 8) {
                    // SAFETY: prefetching is a hint; any address is allowed.
                    unsafe {
                        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                            panel.as_ptr().wrapping_add(qa as usize * PANEL) as *const i8,
                        )
                    };
                }
            }
            let (wq, wq2) = (w[q], w[q2]);
            let src = &panel[q * PANEL..][..PANEL];
            let src2 = &panel[q2 * PANEL..][..PANEL];
            for i in 0..PANEL {
                a1[i] += src[i];
                b1[i] += src2[i];
                // with FMA (AVX2 path) one fused instruction; the portable
                // path keeps mul + add, as a software mul_add would be slow
                a2[i] = if FMA {
                    wq.mul_add(src[i], a2[i])
                } else {
                    a2[i] + wq * src[i]
                };
                b2[i] = if FMA {
                    wq2.mul_add(src2[i], b2[i])
                } else {
                    b2[i] + wq2 * src2[i]
                };
            }
        }
        if let [q] = pairs.remainder() {
            let q = *q as usize;
            let wq = w[q];
            let src = &panel[q * PANEL..][..PANEL];
            for i in 0..PANEL {
                a1[i] += src[i];
                a2[i] = if FMA {
                    wq.mul_add(src[i], a2[i])
                } else {
                    a2[i] + wq * src[i]
                };
            }
        }
        for i in 0..PANEL {
            a1[i] += b1[i];
            a2[i] += b2[i];
        }
        num[k * na + start..k * na + start + width].copy_from_slice(&a1[..width]);
        g[k * na + start..k * na + start + width].copy_from_slice(&a2[..width]);
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn rows_over_panel_avx2(
    m: &Binary,
    r0: usize,
    panel: &[f64],
    w: &[f64],
    start: usize,
    na: usize,
    num: &mut [f64],
    g: &mut [f64],
) {
    rows_over_panel::<true>(m, r0, panel, w, start, na, num, g)
}

fn block(m: &Binary, phi: &Symmetric, w: &[f64], r0: usize, num: &mut [f64], g: &mut [f64]) {
    let na = phi.n();
    let mut panel = Vec::with_capacity(na * PANEL);
    #[cfg(target_arch = "x86_64")]
    let avx2 =
        std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma");
    for start in (0..na).step_by(PANEL) {
        phi.panel(start, PANEL, &mut panel);
        #[cfg(target_arch = "x86_64")]
        if avx2 {
            // SAFETY: the CPU supports AVX2 and FMA (checked just above).
            unsafe { rows_over_panel_avx2(m, r0, &panel, w, start, na, num, g) };
            continue;
        }
        rows_over_panel::<false>(m, r0, &panel, w, start, na, num, g);
    }
}

/// `(num, g)` as described in the module doc, regions × activities.
pub fn density_and_weighted(m: &Binary, phi: &Symmetric, w: &[f64]) -> (Dense, Dense) {
    let (nr, na) = (m.rows, phi.n());
    let mut num = Dense::zeros(nr, na);
    let mut g = Dense::zeros(nr, na);
    if nr == 0 || na == 0 {
        return (num, g);
    }
    let threads = rayon::current_num_threads().max(1);
    let rows_per = nr.div_ceil(threads).max(1);
    num.data
        .par_chunks_mut(rows_per * na)
        .zip(g.data.par_chunks_mut(rows_per * na))
        .enumerate()
        .for_each(|(t, (n, gg))| block(m, phi, w, t * rows_per, n, gg));
    (num, g)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fused_product_equals_the_plain_sums() {
        // 3 regions x 20 activities (two panels, the second partial)
        let na = 20;
        let m = Binary::from_fn(3, na, |r, p| (r * 7 + p * 3) % 5 == 0);
        let phi = Symmetric::from_upper(na, |i, j| {
            if i == j {
                1.0
            } else {
                1.0 / (1 + i + j) as f64
            }
        });
        let w: Vec<f64> = (0..na).map(|q| q as f64 - 4.5).collect();
        let (num, g) = density_and_weighted(&m, &phi, &w);
        for r in 0..3 {
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

//! The one heavy product of the pipeline, fused: for every region `r` and
//! activity `p`,
//!
//! `num_rp = Σ_q M_rq φ_qp` (the numerator of relatedness density) and
//! `g_rp = Σ_q M_rq w_q φ_qp` (the sparse part of COG),
//!
//! computed together so that `φ` is read once for both, and finished on the
//! way out into density and COG ([`Columns`] gives the formulas), so that
//! neither sum is ever stored as a matrix of its own.
//!
//! `M` is sparse (about one cell in seven); `φ` is dense and symmetric,
//! stored as its packed upper triangle. The work is `2 · nnz(M) · A`
//! additions (3.0 · 10⁹ each for density and COG at 1,000 × 5,000 with
//! 12 % of the cells in `M`), laid out for the caches:
//!
//! * **Panels.** The activities `p` are cut into panels of [`PANEL`] = 8
//!   columns: a panel of `φ` has one 64-byte line per activity `q` (320 KB
//!   at 5,000 activities). Threads take groups of [`GROUP`] panels, built
//!   together from short contiguous runs of the packed rows
//!   ([`Symmetric::panels`]); each thread writes only its own columns.
//! * **Blocks.** A panel is read in blocks of [`BLOCK`] lines (32 KB, the
//!   size of L1): every region adds its entries of one block before the
//!   next block is read, with `M`'s entries regrouped by block once
//!   ([`Blocks`]). A region's running sums over a panel wait in a buffer
//!   between blocks.
//! * **The loop.** On x86-64 with AVX2 and FMA (checked at run time) an
//!   explicit loop adds each entry's line (two aligned 32-byte loads) to the
//!   density sums and, times `w_q`, to the COG sums (two additions, two
//!   fused multiply-adds). Three sets of accumulators take the entries in
//!   turn: a fused multiply-add waits 4 cycles for the previous one into the
//!   same register. Elsewhere a portable loop computes the same sums in
//!   another order (they agree to rounding, about 1e-15 relative).
//! * **Out.** A group's sums are finished row by row and written to the
//!   outputs with non-temporal stores: 512 contiguous bytes per row and
//!   output, rather than 64 bytes per panel on a different page each.
//!
//! Measured on the 2-core test machine (`cargo bench -p smartspec-core
//! --bench kernels`, `BENCHMARKS.md`): blocks, three accumulator sets and
//! the row-wise writes together took the kernel from 0.40–0.43 s to about
//! 0.33 s (median) at 1,000 × 5,000, with the finish of both outputs now
//! inside it. Tried and not kept: software prefetching (the extra loads
//! cost more than the misses they hide) and blocks of 128 or 256 lines
//! (each block pass has a fixed cost per region).

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

/// Activities per block of a panel: 512 lines of 64 bytes, 32 KB, which
/// mostly stay in the L1 cache while every region adds its entries of the
/// block (the whole panel, 320 KB at 5,000 activities, fits only in L2,
/// which delivers a line about half as fast). Measured at 1,000 × 5,000:
/// blocks of 384 to 768 lines ran alike, 15–20 % faster than no blocks;
/// 128 and 256 were slower (more passes, each with a fixed cost per
/// region). `8 · BLOCK` must fit in a `u16` (see [`Blocks`]).
const BLOCK: usize = 512;

const _: () = assert!(8 * BLOCK <= u16::MAX as usize + 1);

/// `M`'s entries cut into blocks of [`BLOCK`] activities: region `r`'s
/// entries in block `b` are `local[at[b·(rows+1) + r] .. at[b·(rows+1) + r + 1]]`,
/// each as `8 · (q − first)` with `first` the block's first activity: the
/// byte offset of the entry's weight, and an eighth of its panel line's
/// (so the explicit loop addresses both with no shift). Block by block, the
/// entries of all regions are contiguous, so each pass over a block reads
/// them in order. Each list is padded to a multiple of 3 entries (the
/// loop's stride) with the offset of the zero line after the panel's last
/// activity, whose weight is 0 too, so that the loop never ends on a
/// remainder of 1 or 2 (a branch the processor cannot predict); blocks too
/// far from the end for that offset to fit (at more than 8,191 activities)
/// are not padded.
struct Blocks {
    rows: usize,
    at: Vec<usize>,
    local: Vec<u16>,
}

impl Blocks {
    fn new(m: &Binary) -> Blocks {
        Blocks::build(m, true)
    }

    /// With `pad` false, no list is padded (for tests of the remainder).
    fn build(m: &Binary, pad: bool) -> Blocks {
        let (rows, nb) = (m.rows, m.cols.div_ceil(BLOCK));
        let stride = rows + 1;
        let mut at = vec![0usize; nb * stride];
        for r in 0..rows {
            for &q in m.row(r) {
                at[q as usize / BLOCK * stride + r + 1] += 1;
            }
        }
        // lists padded to a multiple of 3 with the zero line, where its
        // offset fits
        let dummy = |b: usize| u16::try_from(8 * (m.cols - b * BLOCK)).ok().filter(|_| pad);
        for b in 0..nb {
            if dummy(b).is_some() {
                for v in &mut at[b * stride + 1..(b + 1) * stride] {
                    *v = v.next_multiple_of(3);
                }
            }
        }
        // running sums over the whole array: block b's first slot (a zero
        // count) then starts where block b − 1 ends
        let mut total = 0;
        for v in at.iter_mut() {
            total += *v;
            *v = total;
        }
        let mut next = at.clone();
        let mut local = vec![0u16; total];
        for r in 0..rows {
            for &q in m.row(r) {
                let slot = &mut next[q as usize / BLOCK * stride + r];
                local[*slot] = (q as usize % BLOCK * 8) as u16;
                *slot += 1;
            }
        }
        for b in 0..nb {
            if let Some(d) = dummy(b) {
                for r in 0..rows {
                    let i = b * stride + r;
                    local[next[i]..at[i + 1]].fill(d);
                }
            }
        }
        Blocks { rows, at, local }
    }

    fn count(&self) -> usize {
        self.at.len() / (self.rows + 1)
    }

    /// Region `r`'s entries in block `b`.
    #[inline]
    fn entries(&self, b: usize, r: usize) -> &[u16] {
        let i = b * (self.rows + 1) + r;
        &self.local[self.at[i]..self.at[i + 1]]
    }
}

/// One panel row: `PANEL` values on one 64-byte cache line.
#[repr(C, align(64))]
#[derive(Clone, Copy)]
struct Line([f64; PANEL]);

const _: () = assert!(std::mem::size_of::<Line>() == PANEL * 8);

/// The portable loop: every region's sums over one panel, block by block,
/// into `num[r]` and `g[r]`.
fn rows_over_panel(blocks: &Blocks, panel: &[Line], w: &[f64], num: &mut [Line], g: &mut [Line]) {
    for b in 0..blocks.count() {
        let (lines, wb) = (&panel[b * BLOCK..], &w[b * BLOCK..]);
        for r in 0..blocks.rows {
            let (mut x, mut y) = if b == 0 {
                ([0.0f64; PANEL], [0.0f64; PANEL])
            } else {
                (num[r].0, g[r].0)
            };
            for &at in blocks.entries(b, r) {
                let q = at as usize / 8;
                let (src, wq) = (&lines[q].0, wb[q]);
                for i in 0..PANEL {
                    x[i] += src[i];
                    y[i] += wq * src[i];
                }
            }
            (num[r], g[r]) = (Line(x), Line(y));
        }
    }
}

/// The two outputs, written by several threads at once, each thread to its
/// own columns.
struct Out {
    density: *mut f64,
    cog: *mut f64,
    rows: usize,
    cols: usize,
}

// SAFETY: the pointers are only written through `put_row`, and the threads
// own disjoint column ranges (one group of panels each), so no two threads
// write the same element; the matrices outlive the threads (scoped by rayon).
unsafe impl Sync for Out {}

impl Out {
    /// Writes `density` and `cog` to row `r` from column `start` on.
    #[inline]
    fn put_row(&self, r: usize, start: usize, density: &[f64], cog: &[f64]) {
        let n = density.len();
        assert!(
            r < self.rows && start + n <= self.cols && cog.len() == n,
            "panel write out of range"
        );
        let at = r * self.cols + start;
        // SAFETY: `at + n ≤ rows · cols` (asserted above), the buffers hold
        // `rows · cols` values, and this thread owns these columns.
        unsafe {
            stream(density, self.density.add(at));
            stream(cog, self.cog.add(at));
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::{Blocks, Line, BLOCK, PANEL};

    /// The panel line of the entry `at` (the byte offset of its weight).
    #[inline(always)]
    unsafe fn line(lines: *const f64, at: usize) -> *const f64 {
        // line q starts 64·q bytes in: 8 times the weight's offset 8·q
        (lines as *const u8).add(at * (PANEL * 8 / 8)) as *const f64
    }

    /// The weight of the entry `at`.
    #[inline(always)]
    unsafe fn weight(w: *const f64, at: usize) -> &'static f64 {
        &*((w as *const u8).add(at) as *const f64)
    }
    use std::arch::x86_64::*;

    /// Adds the line of entry `at` to `acc[0..2]` (density) and, times its
    /// weight, to `acc[2..4]` (COG).
    ///
    /// # Safety
    /// AVX2 and FMA are available; `at` is an offset of the block.
    #[inline(always)]
    unsafe fn step(lines: *const f64, w: *const f64, at: usize, acc: &mut [__m256d; 4]) {
        let r = line(lines, at);
        let (x, y) = (_mm256_load_pd(r), _mm256_load_pd(r.add(4)));
        let wq = _mm256_broadcast_sd(weight(w, at));
        acc[0] = _mm256_add_pd(acc[0], x);
        acc[1] = _mm256_add_pd(acc[1], y);
        acc[2] = _mm256_fmadd_pd(wq, x, acc[2]);
        acc[3] = _mm256_fmadd_pd(wq, y, acc[3]);
    }

    /// Adds the block lines `idx` to `num` and the same lines weighted by
    /// `w` to `g` (or stores them there when `first`).
    ///
    /// # Safety
    /// AVX2 and FMA are available, and `lines` and `w` hold at least
    /// [`BLOCK`] values past every offset in `idx` (lines of 8).
    #[inline]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn add(
        idx: &[u16],
        lines: *const f64,
        w: *const f64,
        num: &mut Line,
        g: &mut Line,
        first: bool,
    ) {
        let z = _mm256_setzero_pd();
        // three sets of accumulators fed by consecutive entries in turn: a
        // fused multiply-add takes 4 cycles before its result can be added
        // to again, so one set would hold the loop to 4 cycles per entry
        let [mut s0, mut s1, mut s2] = [[z; 4]; 3];
        let mut triples = idx.chunks_exact(3);
        for t in &mut triples {
            step(lines, w, t[0] as usize, &mut s0);
            step(lines, w, t[1] as usize, &mut s1);
            step(lines, w, t[2] as usize, &mut s2);
        }
        for &q in triples.remainder() {
            step(lines, w, q as usize, &mut s0);
        }
        let [a0, a1, b0, b1] = s0;
        let [c0, c1, d0, d1] = s1;
        let [e0, e1, f0, f1] = s2;
        let sum3 = |u, v, w| _mm256_add_pd(_mm256_add_pd(u, v), w);
        let (mut x0, mut x1) = (sum3(a0, c0, e0), sum3(a1, c1, e1));
        let (mut y0, mut y1) = (sum3(b0, d0, f0), sum3(b1, d1, f1));
        let (n, gp) = (num.0.as_mut_ptr(), g.0.as_mut_ptr());
        if !first {
            x0 = _mm256_add_pd(_mm256_load_pd(n), x0);
            x1 = _mm256_add_pd(_mm256_load_pd(n.add(4)), x1);
            y0 = _mm256_add_pd(_mm256_load_pd(gp), y0);
            y1 = _mm256_add_pd(_mm256_load_pd(gp.add(4)), y1);
        }
        _mm256_store_pd(n, x0);
        _mm256_store_pd(n.add(4), x1);
        _mm256_store_pd(gp, y0);
        _mm256_store_pd(gp.add(4), y1);
    }

    /// [`super::rows_over_panel`] with the AVX2 sums.
    ///
    /// # Safety
    /// AVX2 and FMA are available; `panel` and `w` hold a value for every
    /// activity of `blocks`, rounded up to a whole block; `num` and `g`
    /// hold a line per region.
    #[target_feature(enable = "avx2,fma")]
    pub(super) unsafe fn rows_over_panel(
        blocks: &Blocks,
        panel: &[Line],
        w: &[f64],
        num: &mut [Line],
        g: &mut [Line],
    ) {
        let (num, g) = (&mut num[..blocks.rows], &mut g[..blocks.rows]);
        for b in 0..blocks.count() {
            let lines = panel[b * BLOCK..].as_ptr() as *const f64;
            let wb = w[b * BLOCK..].as_ptr();
            for (r, (x, y)) in num.iter_mut().zip(g.iter_mut()).enumerate() {
                let idx = blocks.entries(b, r);
                if b > 0 && idx.is_empty() {
                    continue;
                }
                // SAFETY: offsets are below BLOCK, and the panel and `w`
                // reach a whole block past `b · BLOCK` (the caller's contract)
                unsafe { add(idx, lines, wb, x, y, b == 0) };
            }
        }
    }
}

/// Copies `src` to `dst` with non-temporal stores where it can (x86-64):
/// the outputs are written once, far apart, and are much larger than the
/// caches, so the stores go straight to memory rather than first reading
/// each line into the cache. Call [`fence`] before other threads read.
///
/// # Safety
/// `dst` is valid for `src.len()` writes.
#[inline]
unsafe fn stream(src: &[f64], dst: *mut f64) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_loadu_pd, _mm_stream_pd};
        let n = src.len();
        let mut i = 0;
        if n > 0 && dst as usize % 16 != 0 {
            *dst = src[0];
            i = 1;
        }
        while i + 2 <= n {
            // SAFETY: `dst + i` is 16-byte aligned and `i + 2 ≤ n`; SSE2 is
            // part of x86-64
            _mm_stream_pd(dst.add(i), _mm_loadu_pd(src.as_ptr().add(i)));
            i += 2;
        }
        if i < n {
            *dst.add(i) = src[i];
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    std::ptr::copy_nonoverlapping(src.as_ptr(), dst, src.len());
}

/// Orders this thread's non-temporal stores before what follows.
fn fence() {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: SSE2 is part of x86-64
    unsafe {
        std::arch::x86_64::_mm_sfence();
    }
}

/// The per-column constants that turn the two sums into the outputs:
///
/// `density_rp = num_rp / s_p` (0 where `s_p = 0`), with `s_p = Σ_q φ_qp`;
///
/// `cog_rp = (1 − M_rp) (cw_p − g_rp)`, divided by `s_p` in the target form
/// (0 where `s_p = 0`), with `cw = φ w` (see [`super::outlook`]).
///
/// Held as a divisor and a factor per column (`s_p` and 1 where `s_p > 0`,
/// 1 and 0 elsewhere), so that the finish is one division and one
/// multiplication with no branch, and rounds exactly as the formula does.
///
/// `cw` is summed by the kernel itself, from the panels it builds anyway.
pub struct Columns {
    div: Vec<f64>,
    keep: Vec<f64>,
    cog_by_strength: bool,
}

impl Columns {
    /// From the strengths `s` and whether COG is divided by the strength
    /// of its target (`CogNormaliser::Target`).
    pub fn new(strength: &[f64], cog_by_strength: bool) -> Columns {
        let positive = |s: f64| s > 0.0;
        Columns {
            div: strength
                .iter()
                .map(|&s| if positive(s) { s } else { 1.0 })
                .collect(),
            keep: strength
                .iter()
                .map(|&s| if positive(s) { 1.0 } else { 0.0 })
                .collect(),
            cog_by_strength,
        }
    }

    /// Finishes one row's sums over columns `first..first + num.len()` in
    /// place, `cw` holding those columns of `φ w`.
    #[inline]
    fn finish(&self, first: usize, cw: &[f64], num: &mut [f64], g: &mut [f64]) {
        let end = first + num.len();
        let (div, keep) = (&self.div[first..end], &self.keep[first..end]);
        for i in 0..num.len() {
            num[i] = num[i] / div[i] * keep[i];
            g[i] = cw[i] - g[i];
        }
        if self.cog_by_strength {
            for i in 0..g.len() {
                g[i] = g[i] / div[i] * keep[i];
            }
        }
    }
}

/// Builds the panels of one group (columns `first..`), runs every region
/// over each, and writes the group's columns of the outputs row by row.
fn group(job: &Job, first: usize, buf: &mut Buffers) {
    let Job {
        m,
        blocks,
        phi,
        w,
        columns,
        out,
        avx2,
    } = job;
    let (na, nr) = (phi.n(), blocks.rows);
    phi.panels(first, PANEL, na + 1, as_values(buf.lines));
    let end = (first + PANEL * GROUP).min(na);
    let used = (end - first).div_ceil(PANEL);
    // cw = φ w over the group's columns, and the sums of every region
    let mut cw = [0.0; PANEL * GROUP];
    for (k, panel) in buf.lines.chunks_exact(na + 1).take(used).enumerate() {
        for (line, &wq) in panel.iter().zip(w.iter()) {
            for (a, v) in cw[k * PANEL..(k + 1) * PANEL].iter_mut().zip(&line.0) {
                *a += wq * v;
            }
        }
        let num = &mut buf.num[k * nr..(k + 1) * nr];
        let g = &mut buf.g[k * nr..(k + 1) * nr];
        #[cfg(target_arch = "x86_64")]
        if *avx2 {
            // SAFETY: the CPU supports AVX2 and FMA (checked by the caller),
            // and the panel and `w` hold a value for every activity and the
            // zero line (`na + 1`).
            unsafe { avx2::rows_over_panel(blocks, panel, w, num, g) };
            continue;
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = avx2;
        rows_over_panel(blocks, panel, w, num, g);
    }
    let width = end - first;
    let (mut dens, mut cog) = ([0.0; PANEL * GROUP], [0.0; PANEL * GROUP]);
    for r in 0..nr {
        for k in 0..used {
            dens[k * PANEL..(k + 1) * PANEL].copy_from_slice(&buf.num[k * nr + r].0);
            cog[k * PANEL..(k + 1) * PANEL].copy_from_slice(&buf.g[k * nr + r].0);
        }
        let (dens, cog) = (&mut dens[..width], &mut cog[..width]);
        columns.finish(first, &cw[..width], dens, cog);
        // no COG for what the region already has
        let (row, c) = (m.row(r), &mut buf.cursor[r]);
        while *c < row.len() && (row[*c] as usize) < first {
            *c += 1;
        }
        while *c < row.len() && (row[*c] as usize) < end {
            cog[row[*c] as usize - first] = 0.0;
            *c += 1;
        }
        out.put_row(r, first, dens, cog);
    }
}

/// What every group reads, and the outputs.
struct Job<'a> {
    m: &'a Binary,
    blocks: &'a Blocks,
    phi: &'a Symmetric,
    w: &'a [f64],
    columns: &'a Columns,
    out: &'a Out,
    /// AVX2 and FMA are available (x86-64, checked once per call).
    avx2: bool,
}

/// One thread's buffers: the panels of a group, the group's sums panel by
/// panel (`num[k · regions + r]` holds region `r`'s sums over panel `k`),
/// written in order and copied to the outputs a row at a time, and where
/// each row of `M` reaches the current group (`cursor[r]`, advanced as the
/// thread's groups go right).
struct Buffers<'a> {
    lines: &'a mut [Line],
    num: Vec<Line>,
    g: Vec<Line>,
    cursor: Vec<usize>,
}

/// The panel lines as one row-major `activities × PANEL` slice.
fn as_values(lines: &mut [Line]) -> &mut [f64] {
    // SAFETY: `Line` is `repr(C)` around `[f64; PANEL]` with no padding (the
    // size is asserted above), so `n` lines are `n · PANEL` contiguous f64.
    unsafe { std::slice::from_raw_parts_mut(lines.as_mut_ptr() as *mut f64, lines.len() * PANEL) }
}

/// Relatedness density and COG, regions × activities, as [`Columns`]
/// states them, from `M`, `φ` and the COG weights `w` (see the module doc).
///
/// # Panics
/// When `m.cols`, `phi.n()`, `w.len()` and the columns' length differ (a
/// programming error).
pub fn density_and_cog(
    m: &Binary,
    phi: &Symmetric,
    w: &[f64],
    columns: &Columns,
) -> (Dense, Dense) {
    let (nr, na) = (m.rows, phi.n());
    assert!(
        m.cols == na && w.len() == na && columns.div.len() == na,
        "density kernel: shapes differ"
    );
    let mut density = Dense::zeros(nr, na);
    let mut cog = Dense::zeros(nr, na);
    if nr == 0 || na == 0 {
        return (density, cog);
    }
    let out = Out {
        density: density.data.as_mut_ptr(),
        cog: cog.data.as_mut_ptr(),
        rows: nr,
        cols: na,
    };
    // threads take groups of panels (columns), so that each panel is built
    // once and every region runs over it; each thread takes the next group
    // not yet taken (so a thread that the system holds up delays no other),
    // and has one buffer
    let groups = na.div_ceil(PANEL * GROUP);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let threads = rayon::current_num_threads().clamp(1, groups);
    let blocks = Blocks::new(m);
    // the weights, and 0 for the zero line
    let w: Vec<f64> = w.iter().copied().chain([0.0]).collect();
    let job = Job {
        m,
        blocks: &blocks,
        phi,
        w: &w,
        columns,
        out: &out,
        #[cfg(target_arch = "x86_64")]
        avx2: std::arch::is_x86_feature_detected!("avx2")
            && std::arch::is_x86_feature_detected!("fma"),
        #[cfg(not(target_arch = "x86_64"))]
        avx2: false,
    };
    (0..threads).into_par_iter().for_each(|_| {
        // panels of na + 1 lines: the last one stays zero (the padding's)
        let (mut buffer, at) = super::pages::filled_aligned((na + 1) * GROUP, Line([0.0; PANEL]));
        let mut buf = Buffers {
            lines: &mut buffer[at..],
            num: vec![Line([0.0; PANEL]); nr * GROUP],
            g: vec![Line([0.0; PANEL]); nr * GROUP],
            cursor: vec![0; nr],
        };
        loop {
            // a thread's groups come in increasing order (the cursors rely on it)
            let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if k >= groups {
                break;
            }
            group(&job, k * PANEL * GROUP, &mut buf);
        }
        fence();
    });
    (density, cog)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 6 regions × 1,100 activities: three blocks of activities (the last
    /// partial), 18 groups of panels (the last one partial); rows whose
    /// length leaves each remainder modulo 3; a region with no entry in the
    /// middle block; activity 7 unrelated to all (zero strength).
    fn case() -> (Binary, Symmetric, Vec<f64>) {
        let na = 1100;
        let m = Binary::from_fn(6, na, |r, p| {
            p != 7 && (r * 7 + p * 3) % (5 + r) == 0 && !(r == 5 && (512..1024).contains(&p))
        });
        let lengths: Vec<usize> = (0..6).map(|r| m.row(r).len() % 3).collect();
        assert!((0..3).all(|k| lengths.contains(&k)), "{lengths:?}");
        let phi = Symmetric::from_upper(na, |i, j| {
            if i == 7 || j == 7 {
                0.0
            } else if i == j {
                1.0
            } else {
                1.0 / (1 + (i * 31 + j) % 97) as f64
            }
        });
        let w: Vec<f64> = (0..na).map(|q| (q % 13) as f64 - 4.5).collect();
        (m, phi, w)
    }

    #[test]
    fn density_and_cog_follow_their_formulas() {
        let (m, phi, w) = case();
        let na = phi.n();
        let s = phi.row_sums();
        let cw = phi.mul_vec(&w);
        assert_eq!(s[7], 0.0);
        for target in [false, true] {
            let (density, cog) = density_and_cog(&m, &phi, &w, &Columns::new(&s, target));
            for r in 0..m.rows {
                for p in 0..na {
                    let num: f64 = m.row(r).iter().map(|&q| phi.get(q as usize, p)).sum();
                    let g: f64 = m
                        .row(r)
                        .iter()
                        .map(|&q| w[q as usize] * phi.get(q as usize, p))
                        .sum();
                    let want_d = if s[p] > 0.0 { num / s[p] } else { 0.0 };
                    let x = if m.get(r, p) { 0.0 } else { cw[p] - g };
                    let want_c = match (target, s[p] > 0.0) {
                        (false, _) => x,
                        (true, true) => x / s[p],
                        (true, false) => 0.0,
                    };
                    let (d, c) = (density.get(r, p), cog.get(r, p));
                    assert!(
                        (d - want_d).abs() <= 1e-12 * want_d.abs().max(1.0),
                        "{r} {p}"
                    );
                    assert!(
                        (c - want_c).abs() <= 1e-12 * want_c.abs().max(1.0),
                        "{r} {p}"
                    );
                }
            }
        }
    }

    #[test]
    fn lists_are_padded_to_the_loop_stride_where_the_zero_line_is_in_reach() {
        // 9,000 activities: block 0 starts 9,000 lines before the zero line
        // (offset 72,000, past a u16), block 1 8,488 before (67,904, past),
        // block 2 7,976 before (63,808: padded)
        assert_eq!(BLOCK, 512, "the case is laid out for blocks of 512");
        let one = |r: usize, p: usize| p % (r + 2) == 0 && (p < 1100 || r == 0);
        let m = Binary::from_fn(3, 9000, one);
        let blocks = Blocks::new(&m);
        for r in 0..3 {
            for b in 0..3 {
                let real: Vec<u16> = (b * 512..(b + 1) * 512)
                    .filter(|&p| one(r, p))
                    .map(|p| 8 * (p - b * 512) as u16)
                    .collect();
                let list = blocks.entries(b, r);
                assert_eq!(&list[..real.len()], &real[..], "block {b} region {r}");
                if b < 2 {
                    assert_eq!(list.len(), real.len(), "block {b} is not padded");
                } else {
                    assert_eq!(list.len(), real.len().next_multiple_of(3));
                    let zero_line = 8 * (9000 - 1024) as u16;
                    assert!(list[real.len()..].iter().all(|&d| d == zero_line));
                }
            }
        }
    }

    #[test]
    fn portable_and_explicit_loops_agree_with_and_without_padding() {
        let (m, phi, w) = case();
        let na = phi.n();
        let w: Vec<f64> = w.iter().copied().chain([0.0]).collect();
        let mut lines = vec![Line([0.0; PANEL]); na + 1];
        phi.panels(1096, PANEL, na + 1, as_values(&mut lines));
        let zero = vec![Line([0.0; PANEL]); m.rows];
        let (mut n1, mut g1) = (zero.clone(), zero.clone());
        let padded = Blocks::new(&m);
        assert!((0..3).all(|b| (0..m.rows).all(|r| padded.entries(b, r).len() % 3 == 0)));
        rows_over_panel(&padded, &lines, &w, &mut n1, &mut g1);
        // column 1096 + c of row r
        for r in 0..m.rows {
            for c in 0..4 {
                let p = 1096 + c;
                let n: f64 = m.row(r).iter().map(|&q| phi.get(q as usize, p)).sum();
                assert!((n1[r].0[c] - n).abs() < 1e-12);
            }
            assert_eq!(&n1[r].0[4..], &[0.0; 4], "columns past the last are zero");
        }
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
        {
            for blocks in [padded, Blocks::build(&m, false)] {
                let (mut n2, mut g2) = (zero.clone(), zero.clone());
                // SAFETY: AVX2 and FMA checked; the panel and `w` cover
                // every activity and the zero line
                unsafe { avx2::rows_over_panel(&blocks, &lines, &w, &mut n2, &mut g2) };
                for r in 0..m.rows {
                    for c in 0..PANEL {
                        assert!((n1[r].0[c] - n2[r].0[c]).abs() < 1e-12);
                        assert!((g1[r].0[c] - g2[r].0[c]).abs() < 1e-12);
                    }
                }
            }
        }
    }
}

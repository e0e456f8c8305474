//! Relatedness between activities and relatedness density of regions.
//!
//! **Co-occurrence** `C = Mᵀ M`: `C_pq` counts the regions specialised in
//! both `p` and `q` (the diagonal is the ubiquity `u_p`). Computed on
//! bit-packed columns with popcount, upper triangle only.
//!
//! **Proximity** (Hidalgo, Klinger, Barabási & Hausmann 2007, *Science*
//! 317:482): `φ_pq = C_pq / max(u_p, u_q)`, the smaller of the two
//! conditional probabilities `P(p|q)`, `P(q|p)`. Diagonal 0 by default
//! (econcomplex, economic-complexity, EconGeo); 1 under the `ecomplexity`
//! convention. Normalisations of `C` offered by EconGeo's `relatedness()`
//! (diagonal set to 0 first; `S_i = Σ_j C_ij`, `T = Σ_ij C_ij`):
//! `association` `C_ij T / (S_i S_j)` (van Eck & Waltman 2009), `cosine`
//! `C_ij / √(S_i S_j)`, `jaccard` `C_ij / (S_i + S_j − C_ij)`, and
//! `probability` (Steijn 2017)
//! `C_ij / [ (T/2) ((S_i/T) S_j/(T−S_i) + (S_j/T) S_i/(T−S_j)) ]`.
//! Undefined ratios (0/0) are 0, as in EconGeo.
//!
//! **Relatedness density** (Hidalgo et al. 2007; Balland et al. 2019):
//! `ω_rp = Σ_q M_rq φ_qp / Σ_q φ_qp`, the share of `p`'s relatedness that the
//! region already holds; 0–1 (×100 under EconGeo's and econcomplex's scale).
//! With diagonal 0 the activity's own presence does not count (self term
//! excluded); with diagonal 1 it does (py-ecomplexity). An activity related to
//! nothing (`Σ_q φ_qp = 0`) has density 0, not NaN.

use super::matrix::{Binary, Dense};
use super::symmetric::Symmetric;

/// Co-occurrence counts `C = MᵀM` (activities × activities, symmetric, the
/// diagonal holds the ubiquities).
pub fn cooccurrence(m: &Binary) -> Dense {
    let (nr, na) = (m.rows, m.cols);
    let words = nr.div_ceil(64);
    let mut bits = vec![0u64; na * words];
    for p in 0..na {
        for &r in m.col(p) {
            bits[p * words + (r as usize >> 6)] |= 1u64 << (r & 63);
        }
    }
    let mut c = Dense::zeros(na, na);
    for p in 0..na {
        let bp = &bits[p * words..(p + 1) * words];
        for q in p..na {
            let bq = &bits[q * words..(q + 1) * words];
            let n: u32 = bp.iter().zip(bq).map(|(a, b)| (a & b).count_ones()).sum();
            c.data[p * na + q] = n as f64;
            c.data[q * na + p] = n as f64;
        }
    }
    c
}

/// Proximity straight from `M`, packed symmetric: each pair's co-occurrence
/// is a popcount over bit-packed columns, divided at once by the larger
/// ubiquity (no co-occurrence matrix is kept). Rows run in parallel.
pub fn proximity_packed(m: &Binary, diagonal: f64) -> Symmetric {
    let (nr, na) = (m.rows, m.cols);
    // words per bit set, a multiple of 4 (256 bits) for the AVX2 count
    let words = nr.div_ceil(256).max(1) * 4;
    let mut bits = vec![0u64; na * words];
    for p in 0..na {
        for &r in m.col(p) {
            bits[p * words + (r as usize >> 6)] |= 1u64 << (r & 63);
        }
    }
    let u = m.col_sums();
    #[cfg(target_arch = "x86_64")]
    let popcnt = std::arch::is_x86_feature_detected!("popcnt");
    #[cfg(target_arch = "x86_64")]
    let avx2 = std::arch::is_x86_feature_detected!("avx2");
    Symmetric::from_upper_rows(na, |p, row| {
        let bits = Bitsets {
            bits: &bits,
            words,
            u: &u,
            diagonal,
        };
        #[cfg(target_arch = "x86_64")]
        if avx2 {
            // SAFETY: the CPU has AVX2 (checked above); words is a multiple of 4.
            unsafe { bits.row_avx2(p, row) };
            return;
        }
        #[cfg(target_arch = "x86_64")]
        if popcnt {
            // SAFETY: the CPU has POPCNT (checked above).
            unsafe { bits.row_popcnt(p, row) };
            return;
        }
        bits.row(p, row);
    })
}

/// Pairs counted before their divisions (see [`Bitsets::row_with`]).
const BATCH: usize = 64;

/// Activities as bit sets of the regions where `M = 1`, for proximity.
struct Bitsets<'a> {
    bits: &'a [u64],
    words: usize,
    u: &'a [f64],
    diagonal: f64,
}

impl Bitsets<'_> {
    /// `φ(p, p..)` into `row`: co-occurrence by popcount of the AND of two
    /// bit sets, over the larger ubiquity.
    #[inline(always)]
    fn row(&self, p: usize, row: &mut [f64]) {
        self.row_with(p, row, |bp, bq| {
            bp.iter().zip(bq).map(|(a, b)| (a & b).count_ones()).sum()
        })
    }

    /// [`Bitsets::row`] with `count(bp, bq)` the number of bits set in both.
    ///
    /// The counts are taken [`BATCH`] at a time and then divided together:
    /// converted and divided one by one, each division waited for the one
    /// before (the conversion writes only part of its register, so it
    /// depends on that register's last value), and the divisions took most
    /// of the time.
    #[inline(always)]
    fn row_with(&self, p: usize, row: &mut [f64], count: impl Fn(&[u64], &[u64]) -> u32) {
        let w = self.words;
        let bp = &self.bits[p * w..(p + 1) * w];
        let up = self.u[p];
        let mut counts = [0.0f64; BATCH];
        let Some((first, rest)) = row.split_first_mut() else {
            return;
        };
        *first = self.diagonal;
        for (b, out) in rest.chunks_mut(BATCH).enumerate() {
            let q0 = p + 1 + b * BATCH;
            let counts = &mut counts[..out.len()];
            for (i, c) in counts.iter_mut().enumerate() {
                let q = q0 + i;
                *c = count(bp, &self.bits[q * w..(q + 1) * w]) as f64;
            }
            for ((o, &c), &uq) in out.iter_mut().zip(counts.iter()).zip(&self.u[q0..]) {
                let d = up.max(uq);
                *o = if d == 0.0 { 0.0 } else { c / d };
            }
        }
    }

    /// [`Bitsets::row`] compiled with the POPCNT instruction (the x86-64
    /// baseline has none: `count_ones` would be a dozen instructions).
    ///
    /// # Safety
    /// The CPU supports POPCNT.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "popcnt")]
    unsafe fn row_popcnt(&self, p: usize, row: &mut [f64]) {
        self.row(p, row)
    }

    /// [`Bitsets::row`] with an AVX2 popcount of 256 bits at a time (a
    /// nibble lookup by byte shuffle, bytes summed by `psadbw`), for bit
    /// sets of a multiple of 4 words.
    ///
    /// # Safety
    /// The CPU supports AVX2, and `self.words` is a multiple of 4.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn row_avx2(&self, p: usize, row: &mut [f64]) {
        use std::arch::x86_64::*;
        let table = _mm256_setr_epi8(
            0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2,
            3, 3, 4,
        );
        let low = _mm256_set1_epi8(0x0f);
        self.row_with(p, row, |bp, bq| {
            let chunks = bp.len() / 4;
            let (bp, bq) = (bp.as_ptr() as *const __m256i, bq.as_ptr() as *const __m256i);
            let mut total = _mm256_setzero_si256();
            // byte counts reach at most 8 per chunk: summed over up to 31
            // chunks before psadbw they stay below 256
            let mut chunk = 0;
            while chunk < chunks {
                let end = (chunk + 31).min(chunks);
                let mut bytes = _mm256_setzero_si256();
                for c in chunk..end {
                    // SAFETY: c < len / 4 and both bit sets hold len words
                    // (unaligned loads)
                    let x = unsafe {
                        _mm256_and_si256(
                            _mm256_loadu_si256(bp.add(c)),
                            _mm256_loadu_si256(bq.add(c)),
                        )
                    };
                    let lo = _mm256_shuffle_epi8(table, _mm256_and_si256(x, low));
                    let hi = _mm256_shuffle_epi8(
                        table,
                        _mm256_and_si256(_mm256_srli_epi16::<4>(x), low),
                    );
                    bytes = _mm256_add_epi8(bytes, _mm256_add_epi8(lo, hi));
                }
                total = _mm256_add_epi64(total, _mm256_sad_epu8(bytes, _mm256_setzero_si256()));
                chunk = end;
            }
            let mut lanes = [0u64; 4];
            // SAFETY: a store of 32 bytes into a 32-byte array
            unsafe { _mm256_storeu_si256(lanes.as_mut_ptr() as *mut __m256i, total) };
            lanes.iter().sum::<u64>() as u32
        })
    }
}

/// Hidalgo proximity from co-occurrence; `diagonal` is the value put on the
/// diagonal (0 or 1).
pub fn proximity(c: &Dense, diagonal: f64) -> Dense {
    let n = c.rows;
    let mut phi = Dense::zeros(n, n);
    for p in 0..n {
        for q in 0..n {
            phi.data[p * n + q] = if p == q {
                diagonal
            } else {
                let d = c.get(p, p).max(c.get(q, q));
                if d > 0.0 {
                    c.get(p, q) / d
                } else {
                    0.0
                }
            };
        }
    }
    phi
}

/// EconGeo's normalisations of a co-occurrence matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Normalisation {
    /// Steijn's probability index (EconGeo's default `prob`).
    Probability,
    /// Association strength.
    Association,
    /// Cosine.
    Cosine,
    /// Jaccard.
    Jaccard,
}

impl std::str::FromStr for Normalisation {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "prob" | "probability" => Ok(Normalisation::Probability),
            "association" => Ok(Normalisation::Association),
            "cosine" => Ok(Normalisation::Cosine),
            "jaccard" => Ok(Normalisation::Jaccard),
            _ => Err(format!(
                "unknown normalisation {s:?}: use probability, association, cosine or jaccard"
            )),
        }
    }
}

/// EconGeo `relatedness(C, method)`: diagonal zeroed, 0/0 → 0.
pub fn normalise(c: &Dense, method: Normalisation) -> Dense {
    let n = c.rows;
    let off = |i: usize, j: usize| if i == j { 0.0 } else { c.get(i, j) };
    let s: Vec<f64> = (0..n).map(|i| (0..n).map(|j| off(i, j)).sum()).collect();
    let t: f64 = s.iter().sum();
    let mut out = Dense::zeros(n, n);
    for i in 0..n {
        for j in 0..n {
            if i == j {
                continue;
            }
            let cij = off(i, j);
            let v = match method {
                Normalisation::Association => cij * t / (s[i] * s[j]),
                Normalisation::Cosine => cij / (s[i] * s[j]).sqrt(),
                Normalisation::Jaccard => cij / (s[i] + s[j] - cij),
                Normalisation::Probability => {
                    cij / ((t / 2.0)
                        * ((s[i] / t) * s[j] / (t - s[i]) + (s[j] / t) * s[i] / (t - s[j])))
                }
            };
            out.data[i * n + j] = if v.is_finite() { v } else { 0.0 };
        }
    }
    out
}

/// Relatedness density `ω_rp = Σ_q M_rq φ_qp / Σ_q φ_qp` (0–1), regions ×
/// activities. Column sums of `φ` normalise; 0 where they are 0.
pub fn density(m: &Binary, phi: &Dense) -> Dense {
    let na = phi.cols;
    let colsum: Vec<f64> = (0..na)
        .map(|p| (0..phi.rows).map(|q| phi.get(q, p)).sum())
        .collect();
    let mut out = Dense::zeros(m.rows, na);
    for r in 0..m.rows {
        let row = &mut out.data[r * na..(r + 1) * na];
        for &q in m.row(r) {
            for (o, v) in row.iter_mut().zip(phi.row(q as usize)) {
                *o += v;
            }
        }
        for (o, s) in row.iter_mut().zip(&colsum) {
            *o = if *s > 0.0 { *o / s } else { 0.0 };
        }
    }
    out
}

/// EconGeo's `relatedness.density.int.avg` and `.ext.avg` per region: the
/// mean density over the activities the region holds (`M = 1`, "technological
/// coherence") and over those it lacks (`M = 0`, "technological
/// flexibility", Balland, Rigby & Boschma 2015). NaN when the set is empty.
/// EconGeo rounds to integers on its 0–100 scale; this does not.
pub fn density_averages(m: &Binary, density: &Dense) -> (Vec<f64>, Vec<f64>) {
    let na = density.cols;
    (0..m.rows)
        .map(|r| {
            let row = density.row(r);
            let held = m.row(r);
            let inside: f64 = held.iter().map(|&p| row[p as usize]).sum();
            let all: f64 = row.iter().sum();
            let n_in = held.len();
            let mean = |s: f64, n: usize| if n > 0 { s / n as f64 } else { f64::NAN };
            (mean(inside, n_in), mean(all - inside, na - n_in))
        })
        .unzip()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// anchors §8 F4: the nested 10 × 8 binary matrix.
    pub(crate) fn f4() -> Binary {
        const ROWS: [[u8; 8]; 10] = [
            [1, 1, 1, 1, 1, 1, 1, 0],
            [1, 1, 1, 1, 1, 1, 0, 1],
            [1, 1, 1, 1, 0, 1, 0, 0],
            [1, 1, 1, 0, 1, 0, 0, 0],
            [1, 1, 0, 1, 0, 0, 0, 0],
            [1, 1, 1, 0, 0, 0, 0, 0],
            [1, 0, 1, 0, 0, 0, 0, 0],
            [1, 1, 0, 0, 0, 0, 0, 0],
            [1, 0, 0, 0, 0, 0, 0, 0],
            [0, 1, 0, 0, 0, 0, 1, 0],
        ];
        Binary::from_fn(10, 8, |i, j| ROWS[i][j] == 1)
    }

    #[test]
    fn bitset_proximity_over_several_words_equals_cooccurrence() {
        // 150 regions (three 64-bit words, the last partial), 9 activities,
        // one of them empty (ubiquity 0: proximity 0)
        let m = Binary::from_fn(150, 9, |r, p| p != 8 && (r * (p + 3) + p) % (p + 2) == 0);
        let c = cooccurrence(&m);
        assert!(c.get(0, 1) > 0.0 && c.get(8, 8) == 0.0);
        assert_eq!(proximity_packed(&m, 1.0).to_dense(), proximity(&c, 1.0));
    }

    #[test]
    fn bitset_proximity_over_several_batches_of_pairs() {
        // 150 activities: the rows run over batches of 64 pairs (the first
        // rows cross two batch boundaries); activity 70 is empty
        let m = Binary::from_fn(40, 150, |r, p| p != 70 && (r * 7 + p * (p % 5 + 1)) % 6 < 2);
        let c = cooccurrence(&m);
        assert!(c.get(0, 149) > 0.0 && c.get(70, 70) == 0.0);
        assert_eq!(proximity_packed(&m, 0.0).to_dense(), proximity(&c, 0.0));
    }

    #[test]
    fn bitset_proximity_beyond_31_chunks_of_256_regions() {
        // 8,200 regions: the AVX2 count sums its byte counters in runs of
        // at most 31 chunks of 256 bits, then carries on
        let m = Binary::from_fn(8200, 3, |r, p| (r + p) % (p + 2) == 0 || r % 3 == 0);
        let c = cooccurrence(&m);
        assert!(c.get(0, 0) > 2700.0);
        assert_eq!(proximity_packed(&m, 1.0).to_dense(), proximity(&c, 1.0));
    }

    #[test]
    fn f4_proximity_and_density_match_the_peers() {
        let m = f4();
        let c = cooccurrence(&m);
        assert_eq!(c.get(0, 0), 9.0);
        let phi = proximity(&c, 0.0);
        assert_eq!(proximity_packed(&m, 0.0).to_dense(), phi);
        assert_eq!(proximity_packed(&m, 1.0).to_dense(), proximity(&c, 1.0));
        // anchors F4: P1-P2 0.7778, P1-P3 0.6667, P1-P4 0.4444, P1-P7 0.1111
        for (q, want) in [
            (1, 7.0 / 9.0),
            (2, 6.0 / 9.0),
            (3, 4.0 / 9.0),
            (6, 1.0 / 9.0),
        ] {
            assert!((phi.get(0, q) - want).abs() < 1e-15);
        }
        // density, diagonal 0, row R1 = [0.96, 0.9587, 0.9467, 0.9217, 0.8904, 0.8987, 1, 1]
        let d = density(&m, &phi);
        for (p, want) in [0.96, 0.9587, 0.9467, 0.9217, 0.8904, 0.8987, 1.0, 1.0]
            .iter()
            .enumerate()
        {
            assert!((d.get(0, p) - want).abs() < 5e-5, "p{p}: {}", d.get(0, p));
        }
        // R1 holds P1..P7: int = mean of the first seven, ext = density of P8
        let (int, ext) = density_averages(&m, &d);
        let first7 = [0.96, 0.9587, 0.9467, 0.9217, 0.8904, 0.8987, 1.0];
        assert!((int[0] - first7.iter().sum::<f64>() / 7.0).abs() < 5e-5);
        assert!((ext[0] - 1.0).abs() < 1e-12);
        // py-ecomplexity (diagonal 1), row R1 = [0.9706, 0.969, 0.9596, 0.9404, 0.9175, 0.9223, 1, 0.5689]
        let d1 = density(&m, &proximity(&c, 1.0));
        for (p, want) in [0.9706, 0.969, 0.9596, 0.9404, 0.9175, 0.9223, 1.0, 0.5689]
            .iter()
            .enumerate()
        {
            assert!((d1.get(0, p) - want).abs() < 5e-5, "p{p}: {}", d1.get(0, p));
        }
    }

    #[test]
    fn f4_econgeo_probability_relatedness_and_density() {
        let c = cooccurrence(&f4());
        let r = normalise(&c, Normalisation::Probability);
        // EconGeo relatedness(co.occurrence(t(F4))) row P1
        for (q, want) in [0.0, 1.2208, 1.2052, 0.999, 0.9102, 0.8499, 0.6704, 0.7849]
            .iter()
            .enumerate()
        {
            assert!((r.get(0, q) - want).abs() < 5e-5, "q{q}: {}", r.get(0, q));
        }
        // relatedness.density with that matrix, R1 (x100, EconGeo rounds to 2 dp)
        let d = density(&f4(), &r);
        for (p, want) in [88.18, 88.96, 86.65, 83.99, 81.14, 82.37, 100.0, 100.0]
            .iter()
            .enumerate()
        {
            assert!(
                (100.0 * d.get(0, p) - want).abs() < 5e-3,
                "p{p}: {}",
                100.0 * d.get(0, p)
            );
        }
        // cosine and jaccard are symmetric with zero diagonal
        for m in [
            Normalisation::Cosine,
            Normalisation::Jaccard,
            Normalisation::Association,
        ] {
            let x = normalise(&c, m);
            assert_eq!(x.get(3, 3), 0.0);
            assert!((x.get(1, 4) - x.get(4, 1)).abs() < 1e-15);
        }
    }
}

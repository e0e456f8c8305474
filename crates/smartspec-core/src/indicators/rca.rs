//! Revealed comparative advantage (Balassa RCA, the location quotient) and
//! the binary presence matrix `M`.
//!
//! **What it measures.** Whether a region holds a larger share of an activity
//! than the reference economy does: RCA > 1 means "over-represented here".
//!
//! **Formula** (Balassa 1965; Hidalgo et al. 2007):
//! `RCA_rp = (x_rp / X_r) / (X_p / X)`, with `x_rp` the region's value in
//! activity `p`, `X_r` its total, `X_p` the activity's total and `X` the
//! grand total. **Binary**: `M_rp = 1` when `RCA_rp ≥ threshold` (default 1,
//! `≥` as in every peer tool). **Symmetric RCA** `(RCA − 1)/(RCA + 1)`
//! (Dalum et al. 1998), in [−1, 1). **RCA on population** ("rpop", Growth
//! Lab): `(x_rp / pop_r) / (X / Σ_r pop_r)` — the activity per inhabitant
//! against the average per inhabitant.
//!
//! **Conventions.**
//! * The reference economy is every region given, or the regions a caller
//!   marks (the EU28 on NUTS data: other countries get an RCA against the EU
//!   but do not shape it).
//! * Region totals `X_r` default to row sums; the embedded data pass the sum
//!   of NACE sections instead (`docs/conventions.md`).
//! * With missing (confidential) cells, `X_p / X` is computed over the regions
//!   that publish `x_rp`: `Σ_r x_rp / Σ_r X_r`, both over those regions. With
//!   no missing cell and row-sum totals this is exactly Balassa's formula.
//! * A missing cell, a region with zero total, or an activity with zero total
//!   has an undefined RCA (stored as NaN here, written as missing, never as a
//!   number) and `M = 0`: not specialised.
//! * EconGeo rounds RCA to 2 decimals; smartspec does not (its `econgeo`
//!   preset rounds only when printing), and binarises the exact value.

use super::matrix::{Binary, Dense};
use rayon::prelude::*;

/// One year's values as a region × activity matrix.
#[derive(Debug, Clone, Copy)]
pub struct Counts<'a> {
    /// Regions (rows).
    pub regions: usize,
    /// Activities (columns).
    pub activities: usize,
    /// Row-major values; missing cells hold anything (ignored).
    pub values: &'a [f64],
    /// Row-major missing mask, or `None` when no cell is missing.
    pub missing: Option<&'a [bool]>,
}

impl Counts<'_> {
    #[inline]
    fn is_missing(&self, i: usize) -> bool {
        self.missing.is_some_and(|m| m[i])
    }

    /// Row sums over non-missing cells.
    pub fn row_sums(&self) -> Vec<f64> {
        (0..self.regions)
            .map(|r| {
                (0..self.activities)
                    .filter(|&a| !self.is_missing(r * self.activities + a))
                    .map(|a| self.values[r * self.activities + a])
                    .sum()
            })
            .collect()
    }
}

/// Balassa RCA. `totals` are the region totals `X_r` (row sums when `None`);
/// `reference` marks the regions whose economy is the reference (all when
/// `None`; the EU28 regions on NUTS data). Undefined cells are NaN (see the
/// module doc).
pub fn rca(x: Counts<'_>, totals: Option<&[f64]>, reference: Option<&[bool]>) -> Dense {
    let (nr, na) = (x.regions, x.activities);
    let row_sums;
    let totals = match totals {
        Some(t) => t,
        None => {
            row_sums = x.row_sums();
            &row_sums
        }
    };
    // column sums over the reference regions; large panels in a fixed
    // number of row ranges (summed in parallel, then added in order, so the
    // rounding does not depend on the number of threads)
    let parts = if nr * na < 1 << 20 { 1 } else { 8 };
    let sums = |rows: std::ops::Range<usize>| {
        let mut num = vec![0.0; na];
        let mut den = vec![0.0; na];
        for r in rows {
            let t = totals[r];
            if !(t > 0.0) || reference.is_some_and(|f| !f[r]) {
                continue;
            }
            for a in 0..na {
                let i = r * na + a;
                if !x.is_missing(i) {
                    num[a] += x.values[i];
                    den[a] += t;
                }
            }
        }
        (num, den)
    };
    let partial: Vec<(Vec<f64>, Vec<f64>)> = (0..parts)
        .into_par_iter()
        .map(|p| sums(nr * p / parts..nr * (p + 1) / parts))
        .collect();
    let mut partial = partial.into_iter();
    let (mut num, mut den) = partial.next().unwrap_or_else(|| sums(0..0));
    for (n2, d2) in partial {
        num.iter_mut().zip(&n2).for_each(|(a, b)| *a += b);
        den.iter_mut().zip(&d2).for_each(|(a, b)| *a += b);
    }
    let share: Vec<f64> = num
        .iter()
        .zip(&den)
        .map(|(&n, &d)| if d > 0.0 && n > 0.0 { n / d } else { f64::NAN })
        .collect();
    let mut out = Dense::zeros(nr, na);
    if na == 0 {
        return out;
    }
    out.data
        .par_chunks_mut(na)
        .with_min_len(16)
        .enumerate()
        .for_each(|(r, row)| {
            let t = totals[r];
            for (a, o) in row.iter_mut().enumerate() {
                let i = r * na + a;
                *o = if x.is_missing(i) || !(t > 0.0) {
                    f64::NAN
                } else {
                    x.values[i] / t / share[a]
                };
            }
        });
    out
}

/// `M_rp = 1[RCA_rp ≥ threshold]`; undefined RCA gives 0.
pub fn presence(rca: &Dense, threshold: f64) -> Binary {
    Binary::from_fn_par(rca.rows, rca.cols, |r, a| rca.get(r, a) >= threshold)
}

/// Symmetric RCA `(RCA − 1)/(RCA + 1)`; NaN stays NaN.
pub fn symmetric(rca: &Dense) -> Dense {
    Dense::from_vec(
        rca.rows,
        rca.cols,
        rca.data.iter().map(|&v| (v - 1.0) / (v + 1.0)).collect(),
    )
}

/// RCA on population: `(x_rp / pop_r) / (X / Σ_r pop_r)`, over regions with a
/// positive population; NaN where undefined.
pub fn rpop(x: Counts<'_>, population: &[f64]) -> Dense {
    let (nr, na) = (x.regions, x.activities);
    let mut out = Dense::zeros(nr, na);
    // per activity: X_p over regions with population and a published value
    for a in 0..na {
        let (mut xp, mut pop) = (0.0, 0.0);
        for r in 0..nr {
            let i = r * na + a;
            if population[r] > 0.0 && !x.is_missing(i) {
                xp += x.values[i];
                pop += population[r];
            }
        }
        for r in 0..nr {
            let i = r * na + a;
            out.data[i] = if population[r] > 0.0 && !x.is_missing(i) && xp > 0.0 {
                (x.values[i] / population[r]) / (xp / pop)
            } else {
                f64::NAN
            };
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// EconGeo's `location.quotient` example (anchors §8, F2).
    pub(crate) fn f2() -> Vec<f64> {
        vec![
            100.0, 0.0, 0.0, 0.0, 0.0, //
            0.0, 15.0, 5.0, 70.0, 10.0, //
            0.0, 20.0, 10.0, 20.0, 50.0, //
            0.0, 25.0, 30.0, 5.0, 40.0, //
            0.0, 40.0, 55.0, 5.0, 0.0,
        ]
    }

    #[test]
    fn econgeo_location_quotient_example() {
        let v = f2();
        let r = rca(
            Counts {
                regions: 5,
                activities: 5,
                values: &v,
                missing: None,
            },
            None,
            None,
        );
        let expected = [
            5.0, 0.0, 0.0, 0.0, 0.0, //
            0.0, 0.75, 0.25, 3.5, 0.5, //
            0.0, 1.0, 0.5, 1.0, 2.5, //
            0.0, 1.25, 1.5, 0.25, 2.0, //
            0.0, 2.0, 2.75, 0.25, 0.0,
        ];
        for (got, want) in r.data.iter().zip(expected) {
            assert!((got - want).abs() < 1e-12, "{got} vs {want}");
        }
        // R3 has I2 = 1 and I4 = 1 exactly: binary with >= keeps them
        let m = presence(&r, 1.0);
        assert_eq!(m.row(2), &[1, 3, 4]);
        assert_eq!(m.row(0), &[0]);
        let s = symmetric(&r);
        assert!((s.get(0, 0) - 4.0 / 6.0).abs() < 1e-15);
    }

    #[test]
    fn missing_cells_leave_numerator_and_denominator() {
        // R1: A 10, B 30 (total 40); R2: A 30, B 30 (60); R3: A missing, B 50, total 100 given.
        let v = [10.0, 30.0, 30.0, 30.0, 0.0, 50.0];
        let miss = [false, false, false, false, true, false];
        let r = rca(
            Counts {
                regions: 3,
                activities: 2,
                values: &v,
                missing: Some(&miss),
            },
            Some(&[40.0, 60.0, 100.0]),
            None,
        );
        // with R2 outside the reference: share(A) = 10/40 -> RCA(R2,A) = 0.5/0.25
        let counts = Counts {
            regions: 3,
            activities: 2,
            values: &v,
            missing: Some(&miss),
        };
        let e = rca(
            counts,
            Some(&[40.0, 60.0, 100.0]),
            Some(&[true, false, true]),
        );
        assert!((e.get(1, 0) - 2.0).abs() < 1e-15);
        // share(A) = 40/100 = 0.4 (R3 excluded) -> RCA(R1,A) = 0.25/0.4
        assert!((r.get(0, 0) - 0.625).abs() < 1e-15);
        assert!(r.get(2, 0).is_nan());
        assert!(!presence(&r, 1.0).get(2, 0));
    }

    #[test]
    fn zero_rows_and_columns_are_undefined_not_nan_in_m() {
        let v = [0.0, 0.0, 5.0, 0.0];
        let r = rca(
            Counts {
                regions: 2,
                activities: 2,
                values: &v,
                missing: None,
            },
            None,
            None,
        );
        assert!(r.get(0, 0).is_nan() && r.get(1, 1).is_nan());
        assert_eq!(r.get(1, 0), 1.0);
        assert_eq!(presence(&r, 1.0).nnz(), 1);
    }

    #[test]
    fn rpop_is_activity_per_inhabitant_against_the_average() {
        // two regions, one activity: 10 per 100 people vs 30 per 100 -> average 40/200
        let v = [10.0, 30.0];
        let r = rpop(
            Counts {
                regions: 2,
                activities: 1,
                values: &v,
                missing: None,
            },
            &[100.0, 100.0],
        );
        assert!((r.get(0, 0) - 0.5).abs() < 1e-15 && (r.get(1, 0) - 1.5).abs() < 1e-15);
    }
}

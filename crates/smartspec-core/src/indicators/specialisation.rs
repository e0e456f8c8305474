//! Specialisation indices of a region's whole structure (one number per
//! region), as EconGeo defines them.
//!
//! With `s_rp = x_rp / X_r` the region's shares and `s_p = X_p / X` the
//! reference economy's shares (over the regions given):
//!
//! | index | formula | range | source |
//! |---|---|---|---|
//! | `krugman` | `Σ_p |s_rp − s_p|` | 0–2 | Krugman (1991) |
//! | `spec_coeff` | `½ Σ_p |s_rp − s_p|` | 0–1 | Hoover specialisation coefficient |
//! | `herfindahl` | `Σ_p s_rp²` | 1/A–1 | Herfindahl–Hirschman |
//! | `entropy` | `−Σ_p s_rp log₂ s_rp` (0 log 0 = 0) | 0–log₂ A | Shannon; EconGeo adds 1e-9 inside the log and rounds to 3 dp |
//! | `lq_avg` | `Σ_p s_rp · LQ_rp` | ≥ 1 | EconGeo `location.quotient.avg` |
//! | `hachman` | `1 / Σ_p s_rp · LQ_rp` | 0–1 | Hachman index (1 = same structure as the reference) |
//! | `diversity` | `Σ_p M_rp` | 0–A | Hidalgo & Hausmann (2009) |
//!
//! Missing cells are left out of the shares (a region's shares are then over
//! its published activities); a region with a zero total has no index.

use super::matrix::Dense;
use super::rca::Counts;
use rayon::prelude::*;

/// The specialisation indices of every region (index name, one value per region; NaN when undefined).
pub fn indices(x: Counts<'_>, rca: &Dense) -> Vec<(&'static str, Vec<f64>)> {
    let (nr, na) = (x.regions, x.activities);
    let miss = |i: usize| x.missing.is_some_and(|m| m[i]);
    let totals = x.row_sums();
    let grand: f64 = totals.iter().sum();
    let mut col = vec![0.0; na];
    for r in 0..nr {
        for a in 0..na {
            if !miss(r * na + a) {
                col[a] += x.values[r * na + a];
            }
        }
    }
    let s_ref: Vec<f64> = col.iter().map(|c| c / grand).collect();
    // one region per task: [Krugman, Herfindahl, entropy, LQ average]
    let per_region: Vec<[f64; 4]> = (0..nr)
        .into_par_iter()
        .with_min_len(16)
        .map(|r| {
            if !(totals[r] > 0.0) {
                return [f64::NAN; 4];
            }
            let (mut k, mut h, mut e, mut l) = (0.0, 0.0, 0.0, 0.0);
            for a in 0..na {
                let i = r * na + a;
                if miss(i) {
                    continue;
                }
                let s = x.values[i] / totals[r];
                k += (s - s_ref[a]).abs();
                h += s * s;
                if s > 0.0 {
                    e -= s * s.log2();
                }
                let lq = rca.data[i];
                if lq.is_finite() {
                    l += s * lq;
                }
            }
            [k, h, e, l]
        })
        .collect();
    let [krugman, herf, entropy, lq_avg] =
        [0, 1, 2, 3].map(|j| per_region.iter().map(|v| v[j]).collect::<Vec<f64>>());
    let spec: Vec<f64> = krugman.iter().map(|k| k / 2.0).collect();
    let hachman: Vec<f64> = lq_avg
        .iter()
        .map(|l| if *l > 0.0 { 1.0 / l } else { f64::NAN })
        .collect();
    vec![
        ("krugman", krugman),
        ("spec_coeff", spec),
        ("herfindahl", herf),
        ("entropy", entropy),
        ("lq_avg", lq_avg),
        ("hachman", hachman),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::rca::rca;

    #[test]
    fn econgeo_f2_golden_values() {
        let v = [
            100.0, 0.0, 0.0, 0.0, 0.0, 0.0, 15.0, 5.0, 70.0, 10.0, 0.0, 20.0, 10.0, 20.0, 50.0,
            0.0, 25.0, 30.0, 5.0, 40.0, 0.0, 40.0, 55.0, 5.0, 0.0,
        ];
        let x = Counts {
            regions: 5,
            activities: 5,
            values: &v,
            missing: None,
        };
        let out = indices(x, &rca(x, None, None));
        let get = |name: &str| out.iter().find(|(n, _)| *n == name).unwrap().1.clone();
        let close = |got: Vec<f64>, want: [f64; 5], tol: f64| {
            for (g, w) in got.iter().zip(want) {
                assert!((g - w).abs() < tol, "{got:?} vs {want:?}");
            }
        };
        // anchors §8 F2 (EconGeo 1.3): exact decimals
        close(get("krugman"), [1.6, 1.0, 0.6, 0.7, 1.1], 1e-12);
        close(get("spec_coeff"), [0.8, 0.5, 0.3, 0.35, 0.55], 1e-12);
        close(get("herfindahl"), [1.0, 0.525, 0.34, 0.315, 0.465], 1e-12);
        // EconGeo rounds entropy to 3 dp
        close(get("entropy"), [0.0, 1.319, 1.761, 1.766, 1.219], 5e-4);
        // lq_avg R1 = 1 * 5 = 5; hachman = 1/5
        assert!((get("lq_avg")[0] - 5.0).abs() < 1e-12 && (get("hachman")[0] - 0.2).abs() < 1e-12);
    }
}

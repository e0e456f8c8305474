//! Economic complexity: ECI and PCI by the eigenvector method and by the
//! method of reflections, and fitness–complexity.
//!
//! **Eigenvector ECI/PCI** (Hidalgo & Hausmann 2009, *PNAS* 106:10570; the
//! Atlas of Economic Complexity). With diversity `d_r = Σ_p M_rp` and
//! ubiquity `u_p = Σ_r M_rp`, `kp` is the eigenvector of the second-largest
//! eigenvalue of `M̃^P = D_p^{-1} Mᵀ D_r^{-1} M`, and `kc = D_r^{-1} M kp`
//! (each region's mean over its activities; it is the matching eigenvector of
//! `M̃^R`). Computed through the symmetric `S Sᵀ` (see `eigen`), never by a
//! dense eigen-decomposition. Conventions:
//! * **Growth Lab** (default; py-ecomplexity, Stata `ecomplexity`): one sign
//!   `s` so that `corr(ECI, diversity) > 0`; `ECI = s·z(kc)` and
//!   `PCI = s·(kp − mean(kc)) / sd(kc)`, population sd (ddof 0). Then
//!   `ECI_r` is the mean PCI of the region's activities.
//! * **Independent** (econcomplex): ECI as above, PCI z-scored with its own
//!   mean and sd and signed so that `corr(PCI, ubiquity) < 0`.
//!
//! **Method of reflections** (Hidalgo & Hausmann 2009): `k_r,0 = d_r`,
//! `k_p,0 = u_p`, `k_r,n = (1/d_r) Σ_p M_rp k_p,n−1`,
//! `k_p,n = (1/u_p) Σ_r M_rp k_r,n−1`. Even steps rank regions by
//! diversification, odd steps by the ubiquity of what they do: report the
//! step with every number. Presets: `economic-complexity` (Datawheel) — z-score
//! (ddof 1) of `k_r,18` and `k_p,19` ("20 iterations"), no sign fix; EconGeo
//! `MORc`/`MORt` — from step 3 on, each iterate of both sides is min–max
//! rescaled to 0–100 before the next step.
//!
//! **Fitness–complexity** (Tacchella, Cristelli, Caldarelli, Gabrielli &
//! Pietronero 2012, *Sci. Rep.* 2:723): `F̃_r = Σ_p M_rp Q_p`,
//! `Q̃_p = 1 / Σ_r M_rp (1/F_r)` using the new `F`, each normalised to mean 1
//! every iteration, starting from 1 (the R package `economiccomplexity`
//! updates both from the previous iterate instead: [`FitnessUpdate`]). Iterate a fixed number of times or
//! until the largest relative change of F and Q is below 1e-10 (cap 1,000);
//! the count is reported.
//!
//! **Degenerate inputs.** All-zero rows and columns of `M` must be dropped
//! before (the pipeline does, with a note). When the region–activity network
//! is disconnected, the eigenvalue 1 is repeated and the "second" eigenvector
//! only labels components: ECI is undefined across components and
//! [`components`] lets callers refuse to print it.

use super::eigen;
use super::matrix::Binary;
use crate::stats::{pearson, spearman, Correlation};

/// Connected components of the bipartite region–activity network: a
/// component id per region and per activity.
pub fn components(m: &Binary) -> (usize, Vec<usize>, Vec<usize>) {
    let (nr, na) = (m.rows, m.cols);
    let mut reg = vec![usize::MAX; nr];
    let mut act = vec![usize::MAX; na];
    let mut count = 0;
    let mut stack: Vec<(bool, usize)> = Vec::new();
    for start in 0..nr {
        if reg[start] != usize::MAX {
            continue;
        }
        reg[start] = count;
        stack.push((true, start));
        while let Some((is_region, i)) = stack.pop() {
            if is_region {
                for &p in m.row(i) {
                    if act[p as usize] == usize::MAX {
                        act[p as usize] = count;
                        stack.push((false, p as usize));
                    }
                }
            } else {
                for &r in m.col(i) {
                    if reg[r as usize] == usize::MAX {
                        reg[r as usize] = count;
                        stack.push((true, r as usize));
                    }
                }
            }
        }
        count += 1;
    }
    for a in act.iter_mut().filter(|a| **a == usize::MAX) {
        *a = count;
        count += 1;
    }
    (count, reg, act)
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

fn sd(v: &[f64], ddof: f64) -> f64 {
    let m = mean(v);
    (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() as f64 - ddof)).sqrt()
}

/// z-score with `ddof` (0 population, 1 sample).
pub fn zscore(v: &[f64], ddof: f64) -> Vec<f64> {
    let (m, s) = (mean(v), sd(v, ddof));
    v.iter().map(|x| (x - m) / s).collect()
}

/// Sign and PCI scaling convention of the eigenvector method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EciConvention {
    /// Growth Lab: one sign from diversity; PCI on ECI's scale.
    #[default]
    GrowthLab,
    /// econcomplex: PCI z-scored on its own, sign from ubiquity.
    Independent,
}

/// How the eigenvector's arbitrary sign is fixed (Growth Lab convention).
///
/// An eigenvector is defined up to its sign; something outside it must say
/// which end is "complex". py-ecomplexity and the Atlas take the end that
/// correlates positively with diversity. On panels where diversity hardly
/// orders regions — 60-odd NACE divisions of 280 European regions, where
/// the eigenvector separates service economies from manufacturing ones —
/// that correlation is weak and can point either way; orienting by income
/// (GDP per head) makes "complex" mean what the literature means by it,
/// and is then checked against the other anchors (`validity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EciSign {
    /// `Pearson(ECI, diversity) > 0` (py-ecomplexity, the Atlas).
    #[default]
    Diversity,
    /// `Spearman(ECI, GDP per head) > 0` over the regions with a value;
    /// by diversity where the year has no income values.
    Income,
}

impl std::str::FromStr for EciSign {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "diversity" => Ok(EciSign::Diversity),
            "income" => Ok(EciSign::Income),
            _ => Err(format!(
                "unknown ECI sign rule {s:?}: use diversity or income"
            )),
        }
    }
}

impl EciSign {
    /// The rule's name as the CLI and `meta.json` write it.
    pub fn name(self) -> &'static str {
        match self {
            EciSign::Diversity => "diversity",
            EciSign::Income => "income",
        }
    }
}

/// Minimum number of regions with an income value to orient by income.
pub const MIN_ORIENTING_REGIONS: usize = 10;

/// Re-orients `r` so that `Spearman(ECI, by) > 0` (`by` per region of the
/// matrix, NaN where unknown): ECI, the sign and, on ECI's scale, PCI flip
/// together. Returns the correlation after orienting, or `None` (and leaves
/// `r` as it is) when fewer than [`MIN_ORIENTING_REGIONS`] regions have a
/// value or it is undefined.
pub fn orient(r: &mut EciPci, convention: EciConvention, by: &[f64]) -> Option<Correlation> {
    let c = spearman(&r.eci, by)?;
    if c.n < MIN_ORIENTING_REGIONS {
        return None;
    }
    if c.rho < 0.0 {
        r.eci.iter_mut().for_each(|x| *x = -*x);
        r.sign = -r.sign;
        if convention == EciConvention::GrowthLab {
            r.pci.iter_mut().for_each(|x| *x = -*x);
        }
    }
    Some(Correlation {
        rho: c.rho.abs(),
        n: c.n,
    })
}

/// Eigenvector ECI and PCI.
#[derive(Debug, Clone)]
pub struct EciPci {
    /// ECI per region.
    pub eci: Vec<f64>,
    /// PCI per activity.
    pub pci: Vec<f64>,
    /// Raw eigenvector `kp` (before sign and scaling) — COI/COG use it.
    pub kp: Vec<f64>,
    /// Raw `kc = D_r^{-1} M kp`.
    pub kc: Vec<f64>,
    /// The sign applied (±1).
    pub sign: f64,
    /// Second eigenvalue.
    pub lambda: f64,
    /// Residual of the eigen solve.
    pub residual: f64,
}

/// Eigenvector ECI/PCI of a connected `M` without empty rows or columns.
pub fn eci_pci(m: &Binary, convention: EciConvention) -> EciPci {
    let d = m.row_sums();
    let u = m.col_sums();
    let s = eigen::second(m, 1e-12);
    // eigenvector of M̃^R: D_r^{-1/2} u; then kp = D_p^{-1} Mᵀ kc-ish: take
    // kp as the eigenvector of M̃^P, kp ∝ D_p^{-1/2} Sᵀ u2, and kc from it.
    let y: Vec<f64> = s.u.iter().zip(&d).map(|(x, di)| x / di.sqrt()).collect();
    let kp_raw = m.tmul_vec(&y);
    let kp: Vec<f64> = kp_raw.iter().zip(&u).map(|(x, ui)| x / ui).collect();
    let kc: Vec<f64> = m
        .mul_vec(&kp)
        .iter()
        .zip(&d)
        .map(|(x, di)| x / di)
        .collect();
    let sign = if pearson(&kc, &d) < 0.0 { -1.0 } else { 1.0 };
    let eci: Vec<f64> = zscore(&kc, 0.0).iter().map(|x| sign * x).collect();
    let pci = match convention {
        EciConvention::GrowthLab => {
            let (mc, sc) = (mean(&kc), sd(&kc, 0.0));
            kp.iter().map(|x| sign * (x - mc) / sc).collect()
        }
        EciConvention::Independent => {
            let z = zscore(&kp, 0.0);
            let s2 = if pearson(&z, &u) > 0.0 { -1.0 } else { 1.0 };
            z.iter().map(|x| s2 * x).collect()
        }
    };
    EciPci {
        eci,
        pci,
        kp,
        kc,
        sign,
        lambda: s.lambda,
        residual: s.residual,
    }
}

/// Method of reflections: `(k_r,n, k_p,n)` for `n = steps`, with EconGeo's
/// 0–100 rescaling from step 3 when `econgeo_rescale`.
pub fn reflections(m: &Binary, steps: usize, econgeo_rescale: bool) -> (Vec<f64>, Vec<f64>) {
    let d = m.row_sums();
    let u = m.col_sums();
    let mut kc = d.clone();
    let mut kp = u.clone();
    let rescale = |v: &mut Vec<f64>| {
        let (lo, hi) = v
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &x| {
                (l.min(x), h.max(x))
            });
        if hi > lo {
            v.iter_mut()
                .for_each(|x| *x = 100.0 * (*x - lo) / (hi - lo));
        }
    };
    for n in 1..=steps {
        let new_kc: Vec<f64> = m
            .mul_vec(&kp)
            .iter()
            .zip(&d)
            .map(|(x, di)| x / di)
            .collect();
        let new_kp: Vec<f64> = m
            .tmul_vec(&kc)
            .iter()
            .zip(&u)
            .map(|(x, ui)| x / ui)
            .collect();
        kc = new_kc;
        kp = new_kp;
        if econgeo_rescale && n >= 3 {
            rescale(&mut kc);
            rescale(&mut kp);
        }
    }
    (kc, kp)
}

/// Fitness–complexity result.
#[derive(Debug, Clone)]
pub struct Fitness {
    /// Fitness per region (mean 1).
    pub fitness: Vec<f64>,
    /// Complexity per activity (mean 1).
    pub complexity: Vec<f64>,
    /// Iterations run.
    pub iterations: usize,
    /// Largest relative change in the last iteration.
    pub last_change: f64,
}

/// Iteration rule of fitness–complexity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FitnessIterations {
    /// Exactly this many iterations.
    Fixed(usize),
    /// Until the largest relative change is below 1e-10, at most 1,000.
    Auto,
}

/// Order of the two updates in one fitness–complexity iteration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FitnessUpdate {
    /// `Q` is computed from the new `F` (Tacchella et al. 2012; econcomplex).
    #[default]
    Sequential,
    /// `F` and `Q` both from the previous iterate (R `economiccomplexity`).
    Simultaneous,
}

/// Fitness–complexity of `M` (rows and columns non-empty), sequential updates.
pub fn fitness(m: &Binary, rule: FitnessIterations) -> Fitness {
    fitness_with(m, rule, FitnessUpdate::Sequential)
}

/// Fitness–complexity with a chosen update order.
pub fn fitness_with(m: &Binary, rule: FitnessIterations, update: FitnessUpdate) -> Fitness {
    let (cap, tol) = match rule {
        FitnessIterations::Fixed(n) => (n, 0.0),
        FitnessIterations::Auto => (1000, 1e-10),
    };
    let mut f = vec![1.0; m.rows];
    let mut q = vec![1.0; m.cols];
    let mut iterations = 0;
    let mut last_change = f64::INFINITY;
    let norm = |v: &mut Vec<f64>| {
        let mu = mean(v);
        v.iter_mut().for_each(|x| *x /= mu);
    };
    while iterations < cap {
        let mut nf = m.mul_vec(&q);
        norm(&mut nf);
        let base = match update {
            FitnessUpdate::Sequential => &nf,
            FitnessUpdate::Simultaneous => &f,
        };
        let inv: Vec<f64> = base.iter().map(|x| 1.0 / x).collect();
        let mut nq: Vec<f64> = m.tmul_vec(&inv).iter().map(|x| 1.0 / x).collect();
        norm(&mut nq);
        let change = nf
            .iter()
            .zip(&f)
            .chain(nq.iter().zip(&q))
            .map(|(a, b)| ((a - b) / b).abs())
            .fold(0.0, f64::max);
        f = nf;
        q = nq;
        iterations += 1;
        last_change = change;
        if change < tol {
            break;
        }
    }
    Fitness {
        fitness: f,
        complexity: q,
        iterations,
        last_change,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::relatedness::tests::f4;

    fn f1() -> Binary {
        const ROWS: [[u8; 4]; 4] = [[1, 1, 1, 1], [0, 1, 0, 0], [0, 0, 1, 1], [0, 0, 0, 1]];
        Binary::from_fn(4, 4, |i, j| ROWS[i][j] == 1)
    }

    fn close(got: &[f64], want: &[f64], tol: f64) {
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < tol, "{got:?} vs {want:?}");
        }
    }

    #[test]
    fn f1_growth_lab_sign_rule() {
        let r = eci_pci(&f1(), EciConvention::GrowthLab);
        // anchors F1, py-ecomplexity
        close(&r.eci, &[-0.0754, -1.6029, 0.7478, 0.9305], 5e-5);
        close(&r.pci, &[-0.1941, -1.6029, 0.5651, 0.9305], 5e-5);
        // econcomplex's independent PCI is the opposite here
        let e = eci_pci(&f1(), EciConvention::Independent);
        close(&e.eci, &r.eci, 1e-12);
        close(&e.pci, &[0.1223, 1.5736, -0.6597, -1.0361], 5e-5);
    }

    #[test]
    fn f4_eigenvector_eci_and_pci() {
        let r = eci_pci(&f4(), EciConvention::GrowthLab);
        close(
            &r.eci,
            &[
                -0.4875, 0.367, 0.2688, 0.2928, 0.1427, 0.34, 0.8465, 0.1157, 0.9043, -2.7903,
            ],
            5e-5,
        );
        close(
            &r.pci,
            &[
                0.9043, -0.6729, 0.7887, 0.1967, 0.151, 0.1271, -4.9077, 1.0743,
            ],
            5e-5,
        );
        // ECI mean 0, population sd 1; ECI = mean PCI of the region's activities
        assert!(mean(&r.eci).abs() < 1e-12 && (sd(&r.eci, 0.0) - 1.0).abs() < 1e-12);
        let m = f4();
        for i in 0..m.rows {
            let avg =
                m.row(i).iter().map(|&p| r.pci[p as usize]).sum::<f64>() / m.row(i).len() as f64;
            assert!((avg - r.eci[i]).abs() < 1e-9);
        }
    }

    #[test]
    fn f1_econgeo_reflections() {
        // MORc steps 1..4 and 20, MORt 19 (anchors F1)
        close(&reflections(&f1(), 1, true).0, &[2.0, 2.0, 2.5, 3.0], 1e-12);
        close(
            &reflections(&f1(), 2, true).0,
            &[2.958, 2.5, 2.667, 2.333],
            5e-4,
        );
        close(
            &reflections(&f1(), 3, true).0,
            &[37.5, 0.0, 75.0, 100.0],
            1e-9,
        );
        close(
            &reflections(&f1(), 4, true).0,
            &[100.0, 56.41, 58.97, 0.0],
            5e-3,
        );
        close(
            &reflections(&f1(), 20, true).0,
            &[39.75, 100.0, 7.25, 0.0],
            5e-3,
        );
        close(
            &reflections(&f1(), 19, true).1,
            &[44.49, 100.0, 14.5, 0.0],
            5e-3,
        );
        // Datawheel: z (ddof 1) of k_c,18 = [0.0668, 1.3875, -0.6468, -0.8075]
        close(
            &zscore(&reflections(&f1(), 18, false).0, 1.0),
            &[0.0668, 1.3875, -0.6468, -0.8075],
            5e-4,
        );
    }

    #[test]
    fn disconnected_networks_are_detected() {
        // two blocks: {R1,R2}x{P1} and {R3}x{P2,P3}
        let m = Binary::from_fn(3, 3, |i, j| (i < 2 && j == 0) || (i == 2 && j > 0));
        let (n, reg, act) = components(&m);
        assert_eq!(n, 2);
        assert_eq!(reg, vec![0, 0, 1]);
        assert_eq!(act, vec![0, 1, 1]);
        assert_eq!(components(&f4()).0, 1);
    }

    #[test]
    fn fitness_is_mean_one_and_rewards_the_diversified() {
        let r = fitness(&f4(), FitnessIterations::Auto);
        assert!(
            (mean(&r.fitness) - 1.0).abs() < 1e-12 && (mean(&r.complexity) - 1.0).abs() < 1e-12
        );
        assert!(r.iterations <= 1000);
        // R1 and R2 (7 activities each) are the fittest; R9 (only P1) the least
        let max = r.fitness.iter().cloned().fold(0.0, f64::max);
        assert!(r.fitness[0] == max || r.fitness[1] == max);
        assert!(r.fitness[8] <= r.fitness.iter().cloned().fold(f64::INFINITY, f64::min) + 1e-12);
        let fixed = fitness(&f4(), FitnessIterations::Fixed(20));
        assert_eq!(fixed.iterations, 20);
    }
}

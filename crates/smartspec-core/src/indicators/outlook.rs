//! Complexity outlook: where a region could go next and what it would gain.
//!
//! **COI** (complexity outlook index, the Atlas of Economic Complexity):
//! `COI_r = Σ_p ω_rp (1 − M_rp) PCI_p`, the density-weighted complexity of
//! the activities the region does not yet have.
//! **COG** (complexity outlook gain): how much a region's outlook rises if it
//! enters `p`, `COG_rp = (1 − M_rp) Σ_q (1 − M_rq) (φ_pq / Σ_s φ_qs) PCI_q`.
//!
//! Conventions (see `peer-conventions.md`):
//! * **Atlas / Growth Lab** (default; py-ecomplexity, Stata): `φ` with diagonal
//!   1, density including the self term, PCI the un-centred
//!   `PCI + mean(kc)/sd(kc)` (= `s·kp / sd(kc)`), the link normalised by the
//!   strength of the *source* activity `q` (`Σ_s φ_qs`); COI is then
//!   z-scored (ddof 0).
//! * **Target-normalised** (econcomplex): `φ` with diagonal 0, z-scored PCI,
//!   the link normalised by the strength of the *target* `p`
//!   (`Σ_s φ_ps`); COI not standardised.
//!
//! Computed without forming `(1 − M)` densely: `Σ_q (1 − M_rq) w_qp` is the
//! column sum of `w` minus the sparse product `(M w)_rp`. The pipeline
//! computes that product in the same pass over `φ` as relatedness density
//! ([`super::kernels::density_and_cog`]).

use super::matrix::{Binary, Dense};

/// COI per region: `Σ_p ω_rp (1 − M_rp) pci_p`.
pub fn coi(m: &Binary, density: &Dense, pci: &[f64]) -> Vec<f64> {
    (0..m.rows)
        .map(|r| {
            let held = m.row(r);
            let all: f64 = density.row(r).iter().zip(pci).map(|(w, c)| w * c).sum();
            let own: f64 = held
                .iter()
                .map(|&p| density.get(r, p as usize) * pci[p as usize])
                .sum();
            all - own
        })
        .collect()
}

/// How the proximity link `φ_qp` is normalised in COG.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CogNormaliser {
    /// By the source activity's strength `Σ_s φ_qs` (Atlas).
    Source,
    /// By the target activity's strength `Σ_s φ_ps` (econcomplex).
    Target,
}

/// COG per region × activity; 0 where the region already holds `p`.
pub fn cog(m: &Binary, phi: &Dense, pci: &[f64], normaliser: CogNormaliser) -> Dense {
    let na = phi.cols;
    let strength: Vec<f64> = (0..na).map(|q| phi.row(q).iter().sum()).collect();
    // w_qp = φ_qp pci_q / strength (source q or target p)
    let mut w = Dense::zeros(na, na);
    for q in 0..na {
        for p in 0..na {
            let s = match normaliser {
                CogNormaliser::Source => strength[q],
                CogNormaliser::Target => strength[p],
            };
            w.data[q * na + p] = if s > 0.0 {
                phi.get(q, p) * pci[q] / s
            } else {
                0.0
            };
        }
    }
    let colsum: Vec<f64> = (0..na)
        .map(|p| (0..na).map(|q| w.get(q, p)).sum())
        .collect();
    let mut out = Dense::zeros(m.rows, na);
    for r in 0..m.rows {
        let row = &mut out.data[r * na..(r + 1) * na];
        row.copy_from_slice(&colsum);
        for &q in m.row(r) {
            for (o, v) in row.iter_mut().zip(w.row(q as usize)) {
                *o -= v;
            }
        }
        for &p in m.row(r) {
            row[p as usize] = 0.0;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::complexity::{eci_pci, zscore, EciConvention};
    use crate::indicators::relatedness::tests::f4;
    use crate::indicators::relatedness::{cooccurrence, density, proximity};

    #[test]
    fn f4_growth_lab_coi_and_cog() {
        let m = f4();
        let phi1 = proximity(&cooccurrence(&m), 1.0);
        let dens = density(&m, &phi1);
        let e = eci_pci(&m, EciConvention::GrowthLab);
        // un-centred PCI: s * kp / sd(kc)
        let kc_mean = e.kc.iter().sum::<f64>() / e.kc.len() as f64;
        let sd =
            (e.kc.iter().map(|x| (x - kc_mean).powi(2)).sum::<f64>() / e.kc.len() as f64).sqrt();
        let pci_u: Vec<f64> = e.kp.iter().map(|x| e.sign * x / sd).collect();
        let coi = zscore(&coi(&m, &dens, &pci_u), 0.0);
        let want = [
            1.3262, -2.2168, -1.0002, -0.5531, 0.1236, -0.029, 0.1346, 0.4244, 0.576, 1.2143,
        ];
        for (g, w) in coi.iter().zip(want) {
            assert!((g - w).abs() < 5e-4, "{coi:?}");
        }
        // COG row R10 = [0.4539, 0, 0.4762, 0.3965, 0.4014, 0.41, 0, 0.5483]
        let cog = cog(&m, &phi1, &pci_u, CogNormaliser::Source);
        let want = [0.4539, 0.0, 0.4762, 0.3965, 0.4014, 0.41, 0.0, 0.5483];
        for (p, w) in want.iter().enumerate() {
            assert!((cog.get(9, p) - w).abs() < 5e-4, "p{p}: {:?}", cog.row(9));
        }
    }
}

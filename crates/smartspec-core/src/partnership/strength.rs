//! A region's strength in each stage of a value chain.
//!
//! For region `r` and stage `s`, with `E_rs` the stage's employment (the sum
//! of its activities' values) and `X_r` the region's total employment, both
//! from the same source:
//!
//! * `RCA_rs = (E_rs / X_r) / (Σ_ref E / Σ_ref X)`, the reference economy
//!   being the EU28 regions with `E_rs` and `X_r` defined;
//! * `P_rs`, the mid-rank percentile of `E_rs` among the regions where it is
//!   defined (0 the smallest, 1 the largest, ties share their mean rank; 0.5
//!   when one region only) — the stage's scale in the region;
//! * **strength** `str_rs = ½ · RCA_rs / (1 + RCA_rs) + ½ · P_rs` ∈ [0, 1):
//!   specialisation (½ · RCA/(1+RCA) is 0 with no employment, ¼ at RCA 1,
//!   tends to ½) plus critical mass. A region at RCA 1 with the median
//!   employment scores 0.5.
//!
//! **Missing**: a stage is missing for a region when `E_rs` or `X_r` is
//! (NaN) or `X_r ≤ 0`; its RCA, percentile and strength are then NaN (shown
//! as missing) and it enters the partner scores and the partnership
//! objective as 0: an unknown strength is not credited.
//!
//! A region *specialises* in a stage when `RCA_rs ≥ 1` (the words of the
//! partner reasons and the "shared" stages use this).

use crate::{Cell, CodeSet, Panel};

/// One stage's input: per region, its employment and the region total, from
/// one source (NaN when missing).
#[derive(Debug, Clone, PartialEq)]
pub struct StageData {
    /// `E_rs` per region.
    pub employment: Vec<f64>,
    /// `X_r` per region.
    pub total: Vec<f64>,
}

impl StageData {
    /// A stage made of panel activities: for each region code of `regions`,
    /// `E = Σ_p x_rp` over the `codes` in `year` and `X = total[r]`.
    /// Confidential (missing) cells are left out of the sum, which is then a
    /// lower bound; `E` is missing (NaN) when every code is missing or the
    /// region or year is not in the panel. Absent cells are zero.
    pub fn from_panel(
        panel: &Panel,
        year: i32,
        regions: &CodeSet,
        codes: &[&str],
        total: &[f64],
    ) -> StageData {
        let employment = regions
            .iter()
            .map(|code| {
                let cells: Vec<Option<f64>> = codes
                    .iter()
                    .map(|a| match panel.get(code, a, year) {
                        Some(Cell::Value(v)) => Some(v),
                        Some(Cell::Absent) => Some(0.0),
                        _ => None,
                    })
                    .collect();
                if cells.iter().all(Option::is_none) {
                    f64::NAN
                } else {
                    cells.iter().flatten().sum()
                }
            })
            .collect();
        StageData {
            employment,
            total: total.to_vec(),
        }
    }

    /// A stage read as a share of another source (e.g. the LFS): `E = Σ
    /// x_r,code` over `codes` and `X = x_r,total − Σ x_r,less` (e.g. `TOTAL −
    /// NRP`, the employed who gave a sector) in `year`, each region of
    /// `regions` looked up by code. Missing when a code or `total` is missing
    /// or absent; an absent `less` cell is zero, a missing one makes `X`
    /// missing.
    pub fn from_shares(
        panel: &Panel,
        year: i32,
        regions: &CodeSet,
        codes: &[&str],
        total: &str,
        less: &[&str],
    ) -> StageData {
        let value = |r: &str, a: &str| match panel.get(r, a, year) {
            Some(Cell::Value(v)) => v,
            _ => f64::NAN,
        };
        let zero_if_absent = |r: &str, a: &str| match panel.get(r, a, year) {
            Some(Cell::Value(v)) => v,
            Some(Cell::Absent) => 0.0,
            _ => f64::NAN,
        };
        StageData {
            employment: regions
                .iter()
                .map(|r| codes.iter().map(|c| value(r, c)).sum())
                .collect(),
            total: regions
                .iter()
                .map(|r| value(r, total) - less.iter().map(|a| zero_if_absent(r, a)).sum::<f64>())
                .collect(),
        }
    }
}

/// Strengths of every region in every stage (row-major region × stage; NaN
/// where missing).
#[derive(Debug, Clone, PartialEq)]
pub struct Strengths {
    /// Regions.
    pub regions: usize,
    /// Stages.
    pub stages: usize,
    /// `RCA_rs`.
    pub rca: Vec<f64>,
    /// `P_rs`.
    pub percentile: Vec<f64>,
    /// `str_rs`.
    pub strength: Vec<f64>,
}

impl Strengths {
    /// Strength of `r` in `s` (NaN when missing).
    pub fn get(&self, r: usize, s: usize) -> f64 {
        self.strength[r * self.stages + s]
    }

    /// Strength with missing read as 0 (how scores use it).
    pub fn score_value(&self, r: usize, s: usize) -> f64 {
        let v = self.get(r, s);
        if v.is_finite() {
            v
        } else {
            0.0
        }
    }

    /// True when `r` specialises in `s` (`RCA ≥ 1`).
    pub fn specialised(&self, r: usize, s: usize) -> bool {
        self.rca[r * self.stages + s] >= 1.0
    }

    /// The region's theme strength: the mean of its stage strengths, missing
    /// read as 0.
    pub fn mean(&self, r: usize) -> f64 {
        (0..self.stages)
            .map(|s| self.score_value(r, s))
            .sum::<f64>()
            / self.stages.max(1) as f64
    }

    /// True when at least one stage of `r` is defined.
    pub fn has_data(&self, r: usize) -> bool {
        (0..self.stages).any(|s| self.get(r, s).is_finite())
    }
}

/// Mid-rank percentiles of the finite values (NaN stays NaN).
fn percentiles(v: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..v.len()).filter(|&i| v[i].is_finite()).collect();
    idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let n = idx.len();
    let mut out = vec![f64::NAN; v.len()];
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n && v[idx[j + 1]] == v[idx[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0;
        for &k in &idx[i..=j] {
            out[k] = if n > 1 { rank / (n - 1) as f64 } else { 0.5 };
        }
        i = j + 1;
    }
    out
}

/// Strengths of every region in every stage; `reference` marks the regions
/// of the reference economy (all when `None`).
pub fn stage_strengths(stages: &[StageData], reference: Option<&[bool]>) -> Strengths {
    let nr = stages.first().map_or(0, |s| s.employment.len());
    let ns = stages.len();
    let mut rca = vec![f64::NAN; nr * ns];
    let mut percentile = vec![f64::NAN; nr * ns];
    let mut strength = vec![f64::NAN; nr * ns];
    for (s, d) in stages.iter().enumerate() {
        let ok = |r: usize| d.employment[r].is_finite() && d.total[r] > 0.0;
        let in_ref = |r: usize| reference.is_none_or(|m| m[r]);
        let (e, x) = (0..nr)
            .filter(|&r| ok(r) && in_ref(r))
            .fold((0.0, 0.0), |(e, x), r| {
                (e + d.employment[r], x + d.total[r])
            });
        let share = if x > 0.0 { e / x } else { f64::NAN };
        let emp: Vec<f64> = (0..nr)
            .map(|r| if ok(r) { d.employment[r] } else { f64::NAN })
            .collect();
        let pct = percentiles(&emp);
        for r in (0..nr).filter(|&r| ok(r)) {
            let v = if share > 0.0 {
                d.employment[r] / d.total[r] / share
            } else {
                0.0
            };
            rca[r * ns + s] = v;
            percentile[r * ns + s] = pct[r];
            strength[r * ns + s] = 0.5 * v / (1.0 + v) + 0.5 * pct[r];
        }
    }
    Strengths {
        regions: nr,
        stages: ns,
        rca,
        percentile,
        strength,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strength_combines_rca_and_scale() {
        // stage employment 10, 30, 60 of totals 100, 100, 200: reference
        // share 100/400 = 0.25; RCA 0.4, 1.2, 1.2; percentiles 0, 0.5, 1
        let d = StageData {
            employment: vec![10.0, 30.0, 60.0, f64::NAN],
            total: vec![100.0, 100.0, 200.0, 50.0],
        };
        let st = stage_strengths(&[d], None);
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        assert!(close(st.rca[0], 0.4) && close(st.rca[1], 1.2) && close(st.rca[2], 1.2));
        assert_eq!(&st.percentile[..3], &[0.0, 0.5, 1.0]);
        assert!(close(st.get(0, 0), 0.5 * 0.4 / 1.4));
        assert!(close(st.get(1, 0), 0.5 * 1.2 / 2.2 + 0.25));
        assert!(close(st.get(2, 0), 0.5 * 1.2 / 2.2 + 0.5));
        assert!(st.get(3, 0).is_nan() && st.score_value(3, 0) == 0.0);
        assert!(!st.specialised(0, 0) && st.specialised(1, 0));
    }

    #[test]
    fn stages_from_a_panel_and_from_shares() {
        use crate::{DuplicatePolicy, Flags, PanelBuilder};
        let mut b = PanelBuilder::new(DuplicatePolicy::Error);
        let mut push = |r: &str, a: &str, v: Option<f64>| {
            b.push(r, a, 2014, v, Flags::EMPTY, 0).unwrap();
        };
        push("R1", "C10", Some(5.0));
        push("R1", "C11", None);
        push("R2", "C11", None);
        push("R1", "A", Some(3.0));
        push("R1", "TOTAL", Some(40.0));
        push("R1", "NRP", Some(10.0));
        push("R2", "TOTAL", Some(20.0));
        let p = b.build().unwrap();
        let regions = CodeSet::from_codes(["R1", "R2", "R9"]);
        let d = StageData::from_panel(&p, 2014, &regions, &["C10", "C11"], &[50.0, 60.0, 70.0]);
        // R1: the published C10 only; R2: C10 absent (0), C11 missing; R9:
        // not in the panel
        assert_eq!(d.employment[0], 5.0);
        assert_eq!(d.employment[1], 0.0);
        assert!(d.employment[2].is_nan());
        let both_missing = StageData::from_panel(&p, 2014, &regions, &["C11"], &[1.0; 3]);
        assert!(both_missing.employment[0].is_nan() && both_missing.employment[1].is_nan());
        assert_eq!(d.total, vec![50.0, 60.0, 70.0]);
        // LFS share of A = A / (TOTAL - NRP)
        let s = StageData::from_shares(&p, 2014, &regions, &["A"], "TOTAL", &["NRP"]);
        assert_eq!((s.employment[0], s.total[0]), (3.0, 30.0));
        // R2 has no A row: A is not published, so missing; its NRP is absent (0)
        assert!(s.employment[1].is_nan());
        assert_eq!(s.total[1], 20.0);
        assert!(s.employment[2].is_nan() && s.total[2].is_nan());
    }

    #[test]
    fn reference_excludes_regions_and_ties_share_ranks() {
        let d = StageData {
            employment: vec![10.0, 10.0, 80.0],
            total: vec![100.0, 100.0, 100.0],
        };
        // reference = first two regions: share 0.1
        let st = stage_strengths(&[d], Some(&[true, true, false]));
        assert!((st.rca[2] - 8.0).abs() < 1e-12);
        assert_eq!(&st.percentile[..], &[0.25, 0.25, 1.0]);
    }
}

//! External validity of a complexity measure: does it rank rich,
//! knowledge-intensive regions and the activities they specialise in higher?
//!
//! A complexity measure is an eigenvector (ECI/PCI) or a fixed point
//! (fitness–complexity) of the region × activity presence matrix `M`; nothing
//! in its definition ties it to income. Hidalgo & Hausmann (2009) validated
//! ECI by its correlation with GDP per head; on a European NUTS-2 panel of
//! employment the leading non-trivial eigenvector can instead separate two
//! blocks of regions (Mealy, Farmer & Teytelboym 2019, *Sci. Adv.* 5:
//! ECI is the spectral partition of the region similarity graph), and which
//! block is "complex" is then a sign choice. So every run reports, per year:
//!
//! * **region side**: Spearman ρ of the region measure (ECI, fitness) with
//!   GDP per head in PPS, with the knowledge-intensive share of employment
//!   and with diversity `k_r,0`;
//! * **activity side**: Spearman ρ of the activity measure (PCI,
//!   fitness–complexity) with the mean GDP per head of the regions
//!   specialised in the activity (`M_ra = 1`, regions with a known GDP),
//!   the "PRODY" idea of Hausmann, Hwang & Rodrik (2007) on regions.
//!
//! A measure **passes** when both its income correlations are at least
//! [`PASS`] (+0.3). Spearman is used because the measures are ranks in use
//! and GDP per head is skewed (capital regions).

use super::matrix::Binary;
use crate::stats::{spearman, Correlation};

/// The correlation both income checks must reach for a measure to pass.
pub const PASS: f64 = 0.3;

/// The external anchors of one year, per region of the panel (NaN where unknown).
#[derive(Debug, Clone, Copy)]
pub struct Anchors<'a> {
    /// GDP per head (PPS).
    pub income: &'a [f64],
    /// Knowledge-intensive share of employment, when known.
    pub knowledge: Option<&'a [f64]>,
}

/// The validity of one complexity measure in one year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeasureValidity {
    /// `"eci"` (ECI/PCI) or `"fitness"` (fitness / fitness–complexity).
    pub measure: &'static str,
    /// Region measure vs GDP per head.
    pub income: Option<Correlation>,
    /// Region measure vs the knowledge-intensive share.
    pub knowledge: Option<Correlation>,
    /// Region measure vs diversity.
    pub diversity: Option<Correlation>,
    /// Activity measure vs the mean GDP per head of its specialised regions.
    pub activity_income: Option<Correlation>,
}

impl MeasureValidity {
    /// Both income correlations are known and at least [`PASS`].
    pub fn passes(&self) -> bool {
        let ok = |c: Option<Correlation>| c.is_some_and(|c| c.rho >= PASS);
        ok(self.income) && ok(self.activity_income)
    }
}

/// Mean of `income` over the regions with `M = 1` in each activity (regions
/// with a finite income only); NaN for an activity with none.
pub fn specialised_income(m: &Binary, income: &[f64]) -> Vec<f64> {
    (0..m.cols)
        .map(|a| {
            let (s, n) = m
                .col(a)
                .iter()
                .map(|&r| income[r as usize])
                .filter(|v| v.is_finite())
                .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
            if n == 0 {
                f64::NAN
            } else {
                s / n as f64
            }
        })
        .collect()
}

/// The validity of a region measure and its activity measure.
pub fn measure(
    name: &'static str,
    region: &[f64],
    activity: &[f64],
    diversity: &[f64],
    specialised_income: &[f64],
    anchors: &Anchors<'_>,
) -> MeasureValidity {
    MeasureValidity {
        measure: name,
        income: spearman(region, anchors.income),
        knowledge: anchors.knowledge.and_then(|k| spearman(region, k)),
        diversity: spearman(region, diversity),
        activity_income: spearman(activity, specialised_income),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m() -> Binary {
        // regions 0..4, activities 0..3
        // a0: r0 r1      a1: r1 r2 r3     a2: r3
        Binary::from_fn(4, 3, |r, a| {
            matches!((r, a), (0, 0) | (1, 0) | (1, 1) | (2, 1) | (3, 1) | (3, 2))
        })
    }

    #[test]
    fn specialised_income_is_the_mean_over_specialised_regions() {
        let inc = [10.0, 20.0, f64::NAN, 40.0];
        let s = specialised_income(&m(), &inc);
        // a0: (10+20)/2; a1: (20+40)/2, r2 unknown; a2: 40
        assert_eq!(s, vec![15.0, 30.0, 40.0]);
    }

    #[test]
    fn an_activity_with_no_known_region_has_no_mean() {
        let inc = [f64::NAN, f64::NAN, 1.0, f64::NAN];
        let s = specialised_income(&m(), &inc);
        assert!(s[0].is_nan() && s[2].is_nan());
        assert_eq!(s[1], 1.0);
    }

    #[test]
    fn a_measure_ordered_like_income_passes_and_its_mirror_fails() {
        let inc = [1.0, 2.0, 3.0, 4.0];
        let anchors = Anchors {
            income: &inc,
            knowledge: None,
        };
        let div = [1.0, 2.0, 1.0, 2.0];
        let si = specialised_income(&m(), &inc); // 1.5, 3.0, 4.0
        let good = measure(
            "eci",
            &[0.1, 0.2, 0.3, 0.4],
            &[-1.0, 0.0, 1.0],
            &div,
            &si,
            &anchors,
        );
        assert!((good.income.unwrap().rho - 1.0).abs() < 1e-12);
        assert!((good.activity_income.unwrap().rho - 1.0).abs() < 1e-12);
        assert!(good.knowledge.is_none());
        assert!(good.passes());
        let bad = measure(
            "eci",
            &[0.4, 0.3, 0.2, 0.1],
            &[1.0, 0.0, -1.0],
            &div,
            &si,
            &anchors,
        );
        assert!((bad.income.unwrap().rho + 1.0).abs() < 1e-12);
        assert!(!bad.passes());
    }

    #[test]
    fn one_side_alone_does_not_pass() {
        let inc = [1.0, 2.0, 3.0, 4.0];
        let anchors = Anchors {
            income: &inc,
            knowledge: None,
        };
        let si = [1.5, 3.0, 4.0];
        // region side +1, activity side −1
        let v = measure(
            "eci",
            &[1.0, 2.0, 3.0, 4.0],
            &[3.0, 2.0, 1.0],
            &inc,
            &si,
            &anchors,
        );
        assert!(!v.passes());
        // an unknown side fails too
        let v = measure(
            "eci",
            &[1.0, 2.0, 3.0, 4.0],
            &[f64::NAN; 3],
            &inc,
            &si,
            &anchors,
        );
        assert!(v.activity_income.is_none() && !v.passes());
    }
}

//! Location quotients (Balassa revealed comparative advantage) for a region
//! profile.
//!
//! **What it measures.** How much more (LQ > 1) or less (LQ < 1) of its
//! employment a region has in an activity than the reference economy.
//!
//! **Formula.** `LQ_rp = (x_rp / X_r) / (X_p / X)` with `x_rp` the region's
//! value in activity `p`, `X_r` the region's total, and `X_p / X` the
//! activity's share of the reference economy (Balassa 1965; Hoover 1936).
//!
//! **Conventions.**
//! * The region total `X_r` is supplied by the caller: on the embedded data it
//!   is the sum of the region's NACE sections, which are rarely confidential,
//!   not the sum of the divisions that happen to be published.
//! * The reference share `X_p / X` is computed over the reference regions
//!   (the EU28 NUTS-2 regions by default) **that publish a value for `p`**:
//!   `X_p / X = Σ_r x_rp / Σ_r X_r`, both sums over those regions, so that a
//!   confidential cell removes its region from both numerator and denominator.
//! * A missing (confidential) cell has no LQ (`None`); it counts as not
//!   specialised. A zero or missing region total gives `None`.

use crate::{Cell, Panel};

/// `X_p / X` for every activity of year index `y`, over the regions for which
/// `reference(region_id)` is true and whose total is known.
pub fn reference_shares(
    panel: &Panel,
    y: usize,
    totals: &[Option<f64>],
    reference: impl Fn(usize) -> bool,
) -> Vec<Option<f64>> {
    let na = panel.activities().len();
    let mut num = vec![0.0; na];
    let mut den = vec![0.0; na];
    for (r, total) in totals.iter().enumerate() {
        let Some(total) = *total else { continue };
        if !reference(r) || total <= 0.0 {
            continue;
        }
        for (a, (n, d)) in num.iter_mut().zip(den.iter_mut()).enumerate() {
            if let Some(v) = panel.cell(y, r, a).value_or_zero() {
                *n += v;
                *d += total;
            }
        }
    }
    num.iter()
        .zip(&den)
        .map(|(&n, &d)| (d > 0.0).then(|| n / d))
        .collect()
}

/// The location quotient of one cell, `None` when undefined.
pub fn location_quotient(
    cell: Cell,
    region_total: Option<f64>,
    reference_share: Option<f64>,
) -> Option<f64> {
    let x = cell.value_or_zero()?;
    let total = region_total.filter(|&t| t > 0.0)?;
    let share = reference_share.filter(|&s| s > 0.0)?;
    Some((x / total) / share)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DuplicatePolicy, Flags, PanelBuilder};

    #[test]
    fn hand_computed_quotients_with_a_confidential_cell() {
        // Regions R1, R2, R3; activities A, B; totals 40, 60, 100.
        // R1: A 10, B 30. R2: A 30, B 30. R3: A missing, B 50.
        let mut b = PanelBuilder::new(DuplicatePolicy::Error);
        for (r, a, v) in [
            ("R1", "A", Some(10.0)),
            ("R1", "B", Some(30.0)),
            ("R2", "A", Some(30.0)),
            ("R2", "B", Some(30.0)),
            ("R3", "A", None),
            ("R3", "B", Some(50.0)),
        ] {
            b.push(r, a, 2014, v, Flags::EMPTY, 0).unwrap();
        }
        let p = b.build().unwrap();
        let totals = [Some(40.0), Some(60.0), Some(100.0)];
        let shares = reference_shares(&p, 0, &totals, |_| true);
        // A is published by R1 and R2 only: (10+30)/(40+60) = 0.4; B: 110/200 = 0.55
        assert!((shares[0].unwrap() - 0.4).abs() < 1e-15);
        assert!((shares[1].unwrap() - 0.55).abs() < 1e-15);
        // LQ(R1,A) = (10/40)/0.4 = 0.625; LQ(R2,B) = (30/60)/0.55 = 0.90909...
        let lq = |r: usize, a: usize| location_quotient(p.cell(0, r, a), totals[r], shares[a]);
        assert!((lq(0, 0).unwrap() - 0.625).abs() < 1e-15);
        assert!((lq(1, 1).unwrap() - 0.5 / 0.55).abs() < 1e-15);
        assert_eq!(lq(2, 0), None);
        assert_eq!(
            location_quotient(Cell::Value(1.0), Some(0.0), Some(0.5)),
            None
        );
    }
}

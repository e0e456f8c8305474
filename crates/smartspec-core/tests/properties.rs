//! Properties that must hold on any panel (proptest, seeded synthetic panels).

use proptest::prelude::*;
use smartspec_core::indicators::pipeline::{compute_year, Options, YearInput};
use smartspec_core::synthetic::nested_panel;
use smartspec_core::{Cell, DuplicatePolicy, Flags, Panel, PanelBuilder};

/// A copy of `p` with every value multiplied by `k` and regions renamed so
/// that their order is reversed (`R0001` becomes the last).
fn scaled_and_reversed(p: &Panel, k: f64) -> Panel {
    let n = p.regions().len();
    let mut b = PanelBuilder::new(DuplicatePolicy::Error);
    for rec in p.records() {
        let idx: usize = rec.region[1..].parse().unwrap();
        let renamed = format!("R{:04}", n + 1 - idx);
        b.push(
            &renamed,
            rec.activity,
            rec.year,
            rec.value.map(|v| v * k),
            Flags::EMPTY,
            0,
        )
        .unwrap();
    }
    b.build().unwrap()
}

fn flip(p: &Panel, r: usize) -> usize {
    p.regions().len() - 1 - r
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn scaling_and_permuting_regions_changes_nothing_but_the_order(seed in 0u64..1000, k in 0.001f64..1000.0, nr in 8usize..30, na in 8usize..40) {
        let p = nested_panel(nr, na, 1, seed, 0.3);
        let q = scaled_and_reversed(&p, k);
        let o = Options::default();
        let a = compute_year(&p, 0, &YearInput::default(), &o);
        let b = compute_year(&q, 0, &YearInput::default(), &o);
        for r in 0..nr {
            for x in 0..na {
                let (u, v) = (a.rca.get(r, x), b.rca.get(flip(&p, r), x));
                prop_assert!((u.is_nan() && v.is_nan()) || (u - v).abs() <= 1e-9 * u.abs().max(1.0), "rca {u} vs {v}");
                let (u, v) = (a.density.get(r, x), b.density.get(flip(&p, r), x));
                prop_assert!((u - v).abs() <= 1e-12);
            }
            let (u, v) = (a.eci[r], b.eci[flip(&p, r)]);
            prop_assert!((u.is_nan() && v.is_nan()) || (u - v).abs() <= 1e-6, "eci {u} vs {v}");
        }
    }

    #[test]
    fn proximity_is_symmetric_and_eci_is_standardised(seed in 0u64..1000, nr in 8usize..40, na in 8usize..40) {
        let p = nested_panel(nr, na, 1, seed, 0.3);
        let y = compute_year(&p, 0, &YearInput::default(), &Options::default());
        for i in 0..na {
            for j in 0..na {
                prop_assert_eq!(y.proximity.get(i, j), y.proximity.get(j, i));
                let v = y.proximity.get(i, j);
                prop_assert!((0.0..=1.0).contains(&v));
            }
        }
        let e: Vec<f64> = y.eci.iter().copied().filter(|v| !v.is_nan()).collect();
        if !e.is_empty() {
            let n = e.len() as f64;
            let mean = e.iter().sum::<f64>() / n;
            let sd = (e.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
            prop_assert!(mean.abs() < 1e-9 && (sd - 1.0).abs() < 1e-9, "mean {mean} sd {sd}");
        }
        // no NaN where a value is defined: density in [0, 1] for every region with data
        for r in 0..nr {
            for x in 0..na {
                let d = y.density.get(r, x);
                prop_assert!((0.0..=1.0 + 1e-12).contains(&d), "density {d}");
            }
        }
    }
}

#[test]
fn a_single_region_gets_defined_answers() {
    let mut b = PanelBuilder::new(DuplicatePolicy::Error);
    b.push("R1", "A", 2000, Some(3.0), Flags::EMPTY, 0).unwrap();
    b.push("R1", "B", 2000, Some(1.0), Flags::EMPTY, 0).unwrap();
    let p = b.build().unwrap();
    let y = compute_year(&p, 0, &YearInput::default(), &Options::default());
    // one region is its own reference: RCA 1 everywhere
    assert_eq!((y.rca.get(0, 0), y.rca.get(0, 1)), (1.0, 1.0));
    assert!(y.eci.iter().all(|v| v.is_nan()));
    assert!(
        y.notes.iter().any(|n| n.contains("fewer than 2")),
        "{:?}",
        y.notes
    );
}

#[test]
fn all_zero_rows_and_columns_are_dropped_with_a_note() {
    let mut b = PanelBuilder::new(DuplicatePolicy::Error);
    for (r, a, v) in [
        ("R1", "A", 5.0),
        ("R1", "B", 1.0),
        ("R2", "A", 1.0),
        ("R2", "B", 4.0),
        ("R3", "A", 0.0),
        ("R3", "C", 0.0),
        ("R4", "A", 2.0),
        ("R4", "B", 2.0),
    ] {
        b.push(r, a, 2000, Some(v), Flags::EMPTY, 0).unwrap();
    }
    let p = b.build().unwrap();
    assert_eq!(p.get("R3", "A", 2000), Some(Cell::Value(0.0)));
    let y = compute_year(&p, 0, &YearInput::default(), &Options::default());
    assert!(y.diversity[2].is_nan() && y.ubiquity[2].is_nan());
    assert!(y
        .notes
        .iter()
        .any(|n| n.contains("1 region(s) with no positive value")));
    assert!(y
        .notes
        .iter()
        .any(|n| n.contains("1 activity(ies) with no positive value")));
    assert!(y.rca.get(2, 0).is_nan());
}

/// anchors §8 F3: an 8 × 6 count matrix whose binary RCA leaves R4–I4 as a
/// component of its own, x_ij = ((i(j+1)·7 + 3ij) mod 23) + 40·[i=j] +
/// 25·[i>6 & j<3] (1-based i, j). EconGeo prints a "KCI" that only labels
/// the components; smartspec detects them and prints no ECI.
#[test]
fn f3_disconnected_network_is_refused() {
    let mut b = PanelBuilder::new(DuplicatePolicy::Error);
    for i in 1..=8usize {
        for j in 1..=6usize {
            let x = ((i * (j + 1) * 7 + 3 * i * j) % 23) as f64
                + if i == j { 40.0 } else { 0.0 }
                + if i > 6 && j < 3 { 25.0 } else { 0.0 };
            b.push(
                &format!("R{i}"),
                &format!("I{j}"),
                2000,
                Some(x),
                Flags::EMPTY,
                0,
            )
            .unwrap();
        }
    }
    let p = b.build().unwrap();
    let y = compute_year(&p, 0, &YearInput::default(), &Options::default());
    let r4 = p.regions().id("R4").unwrap() as usize;
    let i4 = p.activities().id("I4").unwrap() as usize;
    // R4 is specialised in I4 only, and nobody else is
    assert_eq!(y.m.row(r4), &[i4 as u32]);
    assert_eq!(y.m.col(i4), &[r4 as u32]);
    assert!(
        y.notes
            .iter()
            .any(|n| n.contains("2 disconnected components")),
        "{:?}",
        y.notes
    );
    assert!(y.eci.iter().all(|v| v.is_nan()) && y.coi.iter().all(|v| v.is_nan()));
}

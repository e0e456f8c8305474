//! The backtest: entries, the train/test split, and no leakage.

use smartspec_core::backtest::{backtest, BacktestOptions};
use smartspec_core::indicators::pipeline::{compute_year, Options, YearIndicators, YearInput};
use smartspec_core::synthetic::nested_panel;
use smartspec_core::{Cell, DuplicatePolicy, Flags, Panel, PanelBuilder};

type Inputs = (Vec<YearIndicators>, Vec<Vec<f64>>, Vec<Vec<f64>>);

fn indicators(p: &Panel) -> Inputs {
    let ys: Vec<YearIndicators> = (0..p.years().len())
        .map(|y| compute_year(p, y, &YearInput::default(), &Options::default()))
        .collect();
    let na = p.activities().len();
    let sizes = (0..p.years().len())
        .map(|y| {
            p.year_values(y)
                .chunks(na)
                .map(|r| r.iter().sum())
                .collect()
        })
        .collect();
    let values = (0..p.years().len())
        .map(|y| p.year_values(y).to_vec())
        .collect();
    (ys, sizes, values)
}

/// A panel where the values of the years after `from` are replaced.
fn with_later_years_changed(p: &Panel, from: i32, seed: u64) -> Panel {
    let other = nested_panel(
        p.regions().len(),
        p.activities().len(),
        p.years().len(),
        seed,
        0.3,
    );
    let mut b = PanelBuilder::new(DuplicatePolicy::Error);
    for (yi, &year) in p.years().iter().enumerate() {
        let src = if year > from { &other } else { p };
        for r in 0..p.regions().len() {
            for a in 0..p.activities().len() {
                if let Cell::Value(v) = src.cell(yi, r, a) {
                    b.push(
                        p.regions().code(r as u32),
                        p.activities().code(a as u32),
                        year,
                        Some(v),
                        Flags::EMPTY,
                        0,
                    )
                    .unwrap();
                }
            }
        }
    }
    b.build().unwrap()
}

#[test]
fn split_and_no_leakage_of_the_test_period() {
    let p = nested_panel(40, 60, 7, 5, 0.3);
    let (ys, sizes, values) = indicators(&p);
    let opts = BacktestOptions {
        bootstrap: 50,
        ..BacktestOptions::default()
    };
    let b = backtest(&ys, &sizes, &values, &vec![0; ys[0].rca.rows], &opts).unwrap();
    // years 2000..2006, H = 2: test origin 2004 (outcome 2006); training
    // origins from 2001 (trends need the year before) with outcome <= 2004
    assert_eq!(b.test_years, vec![2004]);
    assert_eq!(b.train_years, vec![2001, 2002]);
    assert!(b.base_rate > 0.0 && b.base_rate < 1.0);
    assert_eq!(b.predictors.len(), 7);
    for pr in &b.predictors {
        assert!(
            pr.roc_auc_ci.0 <= pr.roc_auc && pr.roc_auc <= pr.roc_auc_ci.1 + 1e-12,
            "{pr:?}"
        );
    }
    // changing everything after the test origin (2005, 2006) changes the
    // test outcomes but not the fitted model
    let q = with_later_years_changed(&p, 2004, 99);
    let (ys2, sizes2, values2) = indicators(&q);
    let b2 = backtest(&ys2, &sizes2, &values2, &vec![0; ys2[0].rca.rows], &opts).unwrap();
    assert_eq!(b.coefficients, b2.coefficients);
    assert_ne!(b.base_rate, b2.base_rate);
}

/// 4 regions × 3 activities × 5 years (2000–2004) of fixed values, except
/// region R1's activity C, which `c_of_year` gives.
fn hand_panel(base_c: f64, c_of_year: impl Fn(i32) -> f64) -> Panel {
    let mut b = PanelBuilder::new(DuplicatePolicy::Error);
    let base = [
        [50.0, 40.0, base_c],
        [10.0, 50.0, 40.0],
        [40.0, 10.0, 50.0],
        [30.0, 30.0, 30.0],
    ];
    for year in 2000..2005 {
        for (r, row) in base.iter().enumerate() {
            for (a, v) in row.iter().enumerate() {
                let v = if r == 0 && a == 2 {
                    c_of_year(year)
                } else {
                    *v
                };
                b.push(
                    &format!("R{}", r + 1),
                    ["A", "B", "C"][a],
                    year,
                    Some(v),
                    Flags::EMPTY,
                    0,
                )
                .unwrap();
            }
        }
    }
    b.build().unwrap()
}

#[test]
fn entries_are_detected_on_a_hand_made_panel() {
    // R1 enters C in 2004 only: 2004: R1 = (50, 40, 90), total 180, C share
    // 0.5; C's share of all 210/470 -> RCA 1.12 >= 1; before: 10/100 against
    // 130/370 -> RCA 0.28.
    let p = hand_panel(10.0, |year| if year == 2004 { 90.0 } else { 10.0 });
    let (ys, sizes, values) = indicators(&p);
    assert!(ys[3].rca.get(0, 2) < 1.0 && ys[4].rca.get(0, 2) >= 1.0);
    // H = 1: test origin 2003 -> outcome 2004; training origins 2001, 2002
    let bt = backtest(
        &ys,
        &sizes,
        &values,
        &[0; 4],
        &BacktestOptions {
            horizon: 1,
            bootstrap: 10,
            ..BacktestOptions::default()
        },
    )
    .unwrap();
    assert_eq!(
        (bt.train_years.clone(), bt.test_years.clone()),
        (vec![2001, 2002], vec![2003])
    );
    // exactly one entry among the pairs at risk of the test origin
    assert_eq!((bt.base_rate * bt.test_pairs as f64).round() as usize, 1);
    // H = 3 leaves no training origin in five years
    assert!(backtest(
        &ys,
        &sizes,
        &values,
        &[0; 4],
        &BacktestOptions {
            horizon: 3,
            ..BacktestOptions::default()
        }
    )
    .is_err());
}

#[test]
fn exits_are_the_mirror_of_entries() {
    // R1 holds C (90 of 180) until 2003 and drops to 10 in 2004: one exit
    let p = hand_panel(90.0, |year| if year == 2004 { 10.0 } else { 90.0 });
    let (ys, sizes, values) = indicators(&p);
    assert!(ys[3].rca.get(0, 2) >= 1.0 && ys[4].rca.get(0, 2) < 1.0);
    let opts = BacktestOptions {
        horizon: 1,
        bootstrap: 10,
        exits: true,
        ..BacktestOptions::default()
    };
    let bt = backtest(&ys, &sizes, &values, &[0; 4], &opts).unwrap();
    // pairs at risk of exit at 2003 are the specialised cells; exactly one exits
    let specialised = ys[3].m.nnz();
    assert_eq!(bt.test_pairs, specialised);
    assert_eq!((bt.base_rate * bt.test_pairs as f64).round() as usize, 1);
}

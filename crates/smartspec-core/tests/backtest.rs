//! The backtest: entries, the train/test split, and no leakage.

use smartspec_core::backtest::{backtest, BacktestOptions, History};
use smartspec_core::indicators::pipeline::{compute_year, Options, YearIndicators, YearInput};
use smartspec_core::synthetic::nested_panel;
use smartspec_core::{Cell, DuplicatePolicy, Flags, Panel, PanelBuilder};

type Inputs = (Vec<YearIndicators>, Vec<Vec<f64>>, Vec<Vec<f64>>);

fn history<'a>(i: &'a Inputs, country: &'a [usize]) -> History<'a> {
    History {
        years: &i.0,
        sizes: &i.1,
        values: &i.2,
        country,
        apportioned: None,
    }
}

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
    let inputs = indicators(&p);
    let opts = BacktestOptions {
        bootstrap: 50,
        ..BacktestOptions::default()
    };
    let country = vec![0; inputs.0[0].rca.rows];
    let b = backtest(&history(&inputs, &country), &opts).unwrap();
    // years 2000..2006, H = 2: test origin 2004 (outcome 2006); training
    // origins from 2001 (trends need the year before) with outcome <= 2004
    assert_eq!(b.test_years, vec![2004]);
    assert_eq!(b.train_years, vec![2001, 2002]);
    assert!(b.base_rate > 0.0 && b.base_rate < 1.0);
    assert_eq!(b.predictors.len(), 8);
    for pr in &b.predictors {
        let r = pr.roc_auc;
        assert!(
            r.ci.0 <= r.value + 1e-12 && r.value <= r.ci.1 + 1e-12,
            "{pr:?}"
        );
    }
    // the trees were tuned on the validation origin 2003 (outcome 2005),
    // fitted on the origins whose outcome is not after it (2001)
    assert_eq!(b.tuning.validation_year, Some(2003));
    assert_eq!(b.tuning.train_years, vec![2001]);
    assert_eq!(b.tuning.grid.len(), smartspec_core::backtest::GRID.len());
    // changing everything after the test origin (2005, 2006) changes the
    // test outcomes but not the fitted model
    let q = with_later_years_changed(&p, 2004, 99);
    let inputs2 = indicators(&q);
    let b2 = backtest(&history(&inputs2, &country), &opts).unwrap();
    assert_eq!(b.coefficients, b2.coefficients);
    assert_ne!(b.base_rate, b2.base_rate);
    // nor the trees' scores of the test pairs (the same pairs at the origin
    // are scored by models fitted on the same training origins); only the
    // tuning may differ, as its validation outcome (2005) changed: fix it
    let fixed = BacktestOptions {
        gbt: Some(b.tuning.chosen),
        ..opts
    };
    let (c1, c2) = (
        backtest(&history(&inputs, &country), &fixed).unwrap(),
        backtest(&history(&inputs2, &country), &fixed).unwrap(),
    );
    let gbt = |b: &smartspec_core::backtest::Backtest| {
        let k = b.score_names.iter().position(|n| *n == "gbt").unwrap();
        b.scored
            .iter()
            .map(|(p, s)| (p.region, p.activity, s[k]))
            .collect::<Vec<_>>()
    };
    let (g1, g2) = (gbt(&c1), gbt(&c2));
    for (a, b) in g1.iter().zip(&g2) {
        if (a.0, a.1) == (b.0, b.1) {
            assert_eq!(a.2, b.2);
        }
    }
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
    let inputs = indicators(&p);
    let ys = &inputs.0;
    assert!(ys[3].rca.get(0, 2) < 1.0 && ys[4].rca.get(0, 2) >= 1.0);
    // H = 1: test origin 2003 -> outcome 2004; training origins 2001, 2002
    let bt = backtest(
        &history(&inputs, &[0; 4]),
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
    // the entering cell apportioned from a split region in 2004 (flag S):
    // left out by default, so the test origin has no entry left
    let mut split = vec![vec![false; 12]; 5];
    split[4][2] = true; // R1 (row 0) × C (column 2)
    let h = History {
        apportioned: Some(&split),
        ..history(&inputs, &[0; 4])
    };
    let one = BacktestOptions {
        horizon: 1,
        bootstrap: 10,
        ..BacktestOptions::default()
    };
    assert!(backtest(&h, &one).unwrap_err().contains("no entry"));
    let kept = backtest(
        &h,
        &BacktestOptions {
            include_apportioned: true,
            ..one
        },
    )
    .unwrap();
    assert_eq!(kept.test_pairs, bt.test_pairs);
    assert_eq!(kept.excluded_apportioned, 0);
    // H = 3 leaves no training origin in five years
    assert!(backtest(
        &history(&inputs, &[0; 4]),
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
    let inputs = indicators(&p);
    let ys = &inputs.0;
    assert!(ys[3].rca.get(0, 2) >= 1.0 && ys[4].rca.get(0, 2) < 1.0);
    let opts = BacktestOptions {
        horizon: 1,
        bootstrap: 10,
        exits: true,
        ..BacktestOptions::default()
    };
    let bt = backtest(&history(&inputs, &[0; 4]), &opts).unwrap();
    // pairs at risk of exit at 2003 are the specialised cells; exactly one exits
    let specialised = ys[3].m.nnz();
    assert_eq!(bt.test_pairs, specialised);
    assert_eq!((bt.base_rate * bt.test_pairs as f64).round() as usize, 1);
}

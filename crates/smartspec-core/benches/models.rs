//! The backtest's models and metrics at the size of the embedded backtest
//! (16,000 training pairs, 16 features; 9,000 test pairs over 250 regions,
//! 1,000 bootstrap draws), on seeded synthetic data.
//!
//! `cargo bench -p smartspec-core --bench models`

use smartspec_core::gbt::{Gbt, GbtParams};
use smartspec_core::logistic::Logistic;
use smartspec_core::metrics::{average_precision, roc_auc};
use smartspec_core::synthetic::SplitMix64;
use std::sync::OnceLock;

fn main() {
    divan::main();
}

type Data = (Vec<Vec<f64>>, Vec<bool>);

fn data() -> &'static Data {
    static D: OnceLock<Data> = OnceLock::new();
    D.get_or_init(|| {
        let mut rng = SplitMix64::new(7);
        let (mut x, mut y) = (Vec::new(), Vec::new());
        for _ in 0..16_000 {
            let row: Vec<f64> = (0..16).map(|_| rng.normal()).collect();
            let z = 1.5 * row[0] - row[1] * row[2] - 3.0;
            y.push(rng.uniform() < 1.0 / (1.0 + (-z).exp()));
            x.push(row);
        }
        (x, y)
    })
}

/// Boosted trees, the backtest's validation choice (depth 1, 200 rounds).
#[divan::bench(sample_count = 5)]
fn gbt_fit_stumps() -> Gbt {
    let (x, y) = data();
    let p = GbtParams {
        depth: 1,
        trees: 200,
        ..GbtParams::default()
    };
    Gbt::fit(x, y, &p).expect("fit")
}

/// Boosted trees, depth 3, 150 rounds (the default parameters).
#[divan::bench(sample_count = 5)]
fn gbt_fit_depth3() -> Gbt {
    let (x, y) = data();
    Gbt::fit(x, y, &GbtParams::default()).expect("fit")
}

/// The ridge logistic model.
#[divan::bench(sample_count = 5)]
fn logistic_fit() -> Logistic {
    let (x, y) = data();
    Logistic::fit(x, y, 1.0).expect("fit")
}

/// ROC-AUC and average precision of one predictor on 9,000 pairs (one
/// bootstrap draw of the old evaluation sorted this for every draw).
#[divan::bench(sample_count = 20)]
fn roc_and_ap_9000() -> (f64, f64) {
    let (x, y) = data();
    let s: Vec<f64> = x[..9000].iter().map(|r| r[0]).collect();
    let o = &y[..9000];
    (
        roc_auc(&s, o).unwrap_or(0.0),
        average_precision(&s, o).unwrap_or(0.0),
    )
}

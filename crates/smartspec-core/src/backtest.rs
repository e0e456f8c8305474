//! Does relatedness predict real entries? A backtest on history.
//!
//! **Exits** are symmetric (`exits`): pairs with `RCA ≥ threshold` at `t`
//! that fall below it at `t + H`; the indicators and baselines are then
//! negated (low density, complexity, RCA or ubiquity point to an exit).
//!
//! **Entry**: a region–activity pair *at risk* in origin year `t` (RCA
//! defined and below the threshold, `M = 0`) whose RCA is at or above the
//! threshold in `t + H` (and, with `persistence`, still in `t + H + 1`).
//! Pairs whose RCA is missing at either end are not at risk (a confidential
//! cell says nothing about entry).
//!
//! **Regions**: a balanced set — the regions with data in every year of the
//! window — because a region set that changes from year to year creates
//! artificial entries.
//!
//! **Split**: the test origin is the last one whose outcome is in the window;
//! training origins are those whose outcome year is not after the test origin,
//! so nothing of the test period leaks into the fit.
//!
//! **Predictors** (higher = more likely to enter): indicators `density`,
//! `cog`, `pci`; baselines `rca` (how close the region already is to the
//! threshold), `ubiquity` (how common the activity is), `random` (seeded);
//! and `model`, a logistic regression (`logistic`) on standardised features
//! ([`FEATURES`]): density, COG, PCI, RCA, ubiquity, ln region size,
//! diversity, and one-year trends — the change of RCA and of density, the
//! growth of the region's value in the activity, and the activity's growth
//! over all regions — plus `ln(RCA + 0.01)` and `RCA²`, which let the model
//! bend the strong RCA signal, and `country_share`, the share of the other
//! regions of the same country (a group id per region given by the caller)
//! specialised in the activity; fitted on the training origins only. Trends need the
//! year before each origin, so the first year of the window is not an origin.
//!
//! **Metrics** (`metrics`): ROC-AUC, PR-AUC (average precision; compare with
//! the base rate), precision@k averaged over regions with a pair at risk;
//! 95 % percentile intervals from a bootstrap over test regions (fixed seed).

use crate::indicators::pipeline::YearIndicators;
use crate::logistic::Logistic;
use crate::metrics::{average_precision, precision_at_k, roc_auc};
use crate::stats::quantile;
use crate::synthetic::SplitMix64;

/// Options of a backtest.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BacktestOptions {
    /// Horizon `H` in years.
    pub horizon: usize,
    /// Also require the entry to hold in `t + H + 1`.
    pub persistence: bool,
    /// RCA threshold.
    pub threshold: f64,
    /// `k` of precision@k.
    pub k: usize,
    /// Bootstrap draws.
    pub bootstrap: usize,
    /// Seed of the bootstrap and of the random baseline.
    pub seed: u64,
    /// Ridge penalty of the model.
    pub lambda: f64,
    /// Study exits instead of entries: pairs at risk are those with
    /// `RCA ≥ threshold` at `t`, the event is `RCA < threshold` at `t + H`.
    pub exits: bool,
}

impl Default for BacktestOptions {
    fn default() -> Self {
        BacktestOptions {
            horizon: 2,
            persistence: false,
            threshold: 1.0,
            k: 5,
            bootstrap: 1000,
            seed: 42,
            lambda: 1.0,
            exits: false,
        }
    }
}

/// Names of the model's features, in order.
pub const FEATURES: [&str; 14] = [
    "density",
    "cog",
    "pci",
    "rca",
    "ubiquity",
    "ln_size",
    "diversity",
    "rca_change",
    "density_change",
    "value_growth",
    "activity_growth",
    "ln_rca",
    "rca_squared",
    "country_share",
];

/// Metrics of one predictor on the test origins.
#[derive(Debug, Clone, PartialEq)]
pub struct PredictorResult {
    /// Name.
    pub name: &'static str,
    /// `indicator`, `model` or `baseline`.
    pub kind: &'static str,
    /// ROC-AUC.
    pub roc_auc: f64,
    /// Its 95 % bootstrap interval.
    pub roc_auc_ci: (f64, f64),
    /// PR-AUC (average precision).
    pub pr_auc: f64,
    /// Its 95 % bootstrap interval.
    pub pr_auc_ci: (f64, f64),
    /// Mean precision@k over test regions.
    pub precision_at_k: f64,
}

/// The result of a backtest.
#[derive(Debug, Clone, PartialEq)]
pub struct Backtest {
    /// Share of test pairs that entered.
    pub base_rate: f64,
    /// Horizon.
    pub horizon: usize,
    /// Training origin years.
    pub train_years: Vec<i32>,
    /// Test origin years.
    pub test_years: Vec<i32>,
    /// k.
    pub k: usize,
    /// Pairs at risk in training and test.
    pub train_pairs: usize,
    /// Test pairs.
    pub test_pairs: usize,
    /// Regions of the balanced set.
    pub regions: usize,
    /// Per predictor, best ROC-AUC first.
    pub predictors: Vec<PredictorResult>,
    /// The model's coefficients on standardised features (name, value), and
    /// its intercept first as `("intercept", b0)`.
    pub coefficients: Vec<(&'static str, f64)>,
}

struct Pair {
    region: usize,
    features: [f64; 14],
    entered: bool,
}

/// Values of one year as a region × activity matrix (missing as NaN).
pub type Values = Vec<f64>;

/// Pairs at risk from origin `o` (≥ 1: trends look one year back) to
/// outcome `t` (indices into `years`).
#[allow(clippy::too_many_arguments)]
fn pairs(
    years: &[YearIndicators],
    values: &[Values],
    country: &[usize],
    o: usize,
    t: usize,
    after: Option<usize>,
    regions: &[bool],
    sizes: &[f64],
    opts: &BacktestOptions,
) -> Vec<Pair> {
    let (a, b, prev) = (&years[o], &years[t], &years[o - 1]);
    let (nr, na) = (a.rca.rows, a.rca.cols);
    // per country: regions with data, and how many are specialised in p
    let nc = country.iter().copied().max().map_or(1, |c| c + 1);
    let mut members = vec![0.0; nc];
    let mut held = vec![0.0; nc * na];
    for r in (0..nr).filter(|&r| !a.diversity[r].is_nan()) {
        members[country[r]] += 1.0;
        for &p in a.m.row(r) {
            held[country[r] * na + p as usize] += 1.0;
        }
    }
    // the activity's growth over all regions publishing it in both years
    let activity_growth: Vec<f64> = (0..na)
        .map(|p| {
            let (mut x0, mut x1) = (0.0, 0.0);
            for r in 0..nr {
                let (v0, v1) = (values[o - 1][r * na + p], values[o][r * na + p]);
                if v0.is_finite() && v1.is_finite() {
                    x0 += v0;
                    x1 += v1;
                }
            }
            if x0 > 0.0 && x1 > 0.0 {
                (x1 / x0).ln()
            } else {
                0.0
            }
        })
        .collect();
    let mut out = Vec::new();
    for r in (0..nr).filter(|&r| regions[r]) {
        for p in 0..na {
            let (rca0, rca1) = (a.rca.get(r, p), b.rca.get(r, p));
            // at risk: not specialised (entries) or specialised (exits)
            if !(rca0.is_finite() && rca1.is_finite())
                || (rca0 >= opts.threshold) != opts.exits
                || a.ubiquity[p].is_nan()
            {
                continue;
            }
            let event = |rca: f64| (rca >= opts.threshold) != opts.exits;
            let mut entered = event(rca1);
            if let Some(c) = after {
                let rca2 = years[c].rca.get(r, p);
                if !rca2.is_finite() {
                    continue;
                }
                entered &= event(rca2);
            }
            let (v0, v1) = (values[o - 1][r * na + p], values[o][r * na + p]);
            let growth = if v0.is_finite() && v1.is_finite() {
                ((v1 + 1.0) / (v0 + 1.0)).ln()
            } else {
                f64::NAN
            };
            let f = [
                a.density.get(r, p),
                a.cog.get(r, p),
                a.pci[p],
                rca0,
                a.ubiquity[p],
                sizes[r].max(1.0).ln(),
                a.diversity[r],
                rca0 - prev.rca.get(r, p),
                a.density.get(r, p) - prev.density.get(r, p),
                growth,
                activity_growth[p],
                (rca0 + 0.01).ln(),
                rca0 * rca0,
                if members[country[r]] > 1.0 {
                    held[country[r] * na + p] / (members[country[r]] - 1.0)
                } else {
                    0.0
                },
            ];
            if f.iter().all(|v| v.is_finite()) {
                out.push(Pair {
                    region: r,
                    features: f,
                    entered,
                });
            }
        }
    }
    out
}

/// Runs the backtest over `years` (consecutive years of one panel, each
/// computed by the pipeline); `sizes[y][r]` is region `r`'s total in year
/// index `y` (for ln size). `Err` explains why it cannot run.
pub fn backtest(
    years: &[YearIndicators],
    sizes: &[Vec<f64>],
    values: &[Values],
    country: &[usize],
    opts: &BacktestOptions,
) -> Result<Backtest, String> {
    let h = opts.horizon.max(1);
    let extra = usize::from(opts.persistence);
    if years.len() < h + extra + 3 {
        return Err(format!(
            "a backtest with horizon {h} needs at least {} years (one more for trends); the window has {}",
            h + extra + 3,
            years.len()
        ));
    }
    let nr = years[0].rca.rows;
    let regions: Vec<bool> = (0..nr)
        .map(|r| years.iter().all(|y| !y.diversity[r].is_nan()))
        .collect();
    let n_regions = regions.iter().filter(|&&b| b).count();
    if n_regions < 2 {
        return Err("fewer than 2 regions have data in every year of the window".into());
    }
    let last_origin = years.len() - 1 - h - extra;
    let train: Vec<usize> = (1..last_origin)
        .filter(|&o| o + h + extra <= last_origin)
        .collect();
    if train.is_empty() {
        return Err(format!(
            "no training origin: the window needs more years for horizon {h}"
        ));
    }
    let make = |o: usize| {
        pairs(
            years,
            values,
            country,
            o,
            o + h,
            opts.persistence.then_some(o + h + 1),
            &regions,
            &sizes[o],
            opts,
        )
    };
    let train_pairs: Vec<Pair> = train.iter().flat_map(|&o| make(o)).collect();
    let test: Vec<Pair> = make(last_origin);
    if test.is_empty() || !test.iter().any(|p| p.entered) || train_pairs.is_empty() {
        return Err("no entry (or no pair at risk) in the test or training period".into());
    }
    let x: Vec<Vec<f64>> = train_pairs.iter().map(|p| p.features.to_vec()).collect();
    let y: Vec<bool> = train_pairs.iter().map(|p| p.entered).collect();
    let model = Logistic::fit(&x, &y, opts.lambda)
        .ok_or("the logistic model could not be fitted (singular system)")?;

    let outcome: Vec<bool> = test.iter().map(|p| p.entered).collect();
    let group: Vec<usize> = test.iter().map(|p| p.region).collect();
    let mut rng = SplitMix64::new(opts.seed);
    let random: Vec<f64> = test.iter().map(|_| rng.uniform()).collect();
    // for exits, low density, complexity, RCA and ubiquity point to an exit
    let sign = if opts.exits { -1.0 } else { 1.0 };
    let col = |j: usize| {
        test.iter()
            .map(|p| sign * p.features[j])
            .collect::<Vec<f64>>()
    };
    let scored: Vec<(&'static str, &'static str, Vec<f64>)> = vec![
        ("density", "indicator", col(0)),
        ("cog", "indicator", col(1)),
        ("pci", "indicator", col(2)),
        (
            "model",
            "model",
            test.iter().map(|p| model.predict(&p.features)).collect(),
        ),
        ("rca", "baseline", col(3)),
        ("ubiquity", "baseline", col(4)),
        ("random", "baseline", random),
    ];
    // bootstrap over test regions
    let mut by_region: std::collections::BTreeMap<usize, Vec<usize>> =
        std::collections::BTreeMap::new();
    for (i, p) in test.iter().enumerate() {
        by_region.entry(p.region).or_default().push(i);
    }
    let region_list: Vec<&Vec<usize>> = by_region.values().collect();
    let draws: Vec<Vec<usize>> = (0..opts.bootstrap)
        .map(|_| {
            (0..region_list.len())
                .flat_map(|_| {
                    region_list[(rng.next_u64() % region_list.len() as u64) as usize]
                        .iter()
                        .copied()
                })
                .collect()
        })
        .collect();
    use rayon::prelude::*;
    let mut predictors: Vec<PredictorResult> = scored
        .par_iter()
        .map(|(name, kind, s)| {
            let (mut rocs, mut prs) = (Vec::new(), Vec::new());
            for d in &draws {
                let ss: Vec<f64> = d.iter().map(|&i| s[i]).collect();
                let oo: Vec<bool> = d.iter().map(|&i| outcome[i]).collect();
                if let (Some(a), Some(b)) = (roc_auc(&ss, &oo), average_precision(&ss, &oo)) {
                    rocs.push(a);
                    prs.push(b);
                }
            }
            rocs.sort_by(f64::total_cmp);
            prs.sort_by(f64::total_cmp);
            PredictorResult {
                name,
                kind,
                roc_auc: roc_auc(s, &outcome).unwrap_or(f64::NAN),
                roc_auc_ci: (quantile(&rocs, 0.025), quantile(&rocs, 0.975)),
                pr_auc: average_precision(s, &outcome).unwrap_or(f64::NAN),
                pr_auc_ci: (quantile(&prs, 0.025), quantile(&prs, 0.975)),
                precision_at_k: precision_at_k(s, &outcome, &group, opts.k).unwrap_or(f64::NAN),
            }
        })
        .collect();
    predictors.sort_by(|a, b| b.roc_auc.total_cmp(&a.roc_auc));
    let mut coefficients = vec![("intercept", model.intercept)];
    coefficients.extend(FEATURES.iter().copied().zip(model.coef.iter().copied()));
    Ok(Backtest {
        base_rate: outcome.iter().filter(|&&o| o).count() as f64 / outcome.len() as f64,
        horizon: h,
        train_years: train.iter().map(|&o| years[o].year).collect(),
        test_years: vec![years[last_origin].year],
        k: opts.k,
        train_pairs: train_pairs.len(),
        test_pairs: test.len(),
        regions: n_regions,
        predictors,
        coefficients,
    })
}

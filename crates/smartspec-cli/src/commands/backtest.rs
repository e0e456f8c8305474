//! `smartspec backtest`

use crate::args::{BacktestArgs, OutputFormat};
use crate::output::Report;
use anyhow::{anyhow, Result};
use serde_json::json;
use smartspec_analysis::Analysis;
use smartspec_core::backtest::{backtest, BacktestOptions};
use smartspec_core::DEFAULT_YEAR_COVERAGE;
use smartspec_io::write::Table;
use std::process::ExitCode;

pub fn run(a: BacktestArgs) -> Result<ExitCode> {
    let opts = crate::conventions::options(&a.conventions)?;
    let data = crate::input::data(&a.data)?;
    let ds = data.dataset.clone();
    let panel = ds.panel();
    let all = panel.years();
    let ys: Vec<usize> = match a.years {
        Some(r) => (0..all.len()).filter(|&i| r.contains(all[i])).collect(),
        None => {
            // leave out trailing years that cover too few regions
            let cov = panel.coverage();
            let last = (0..all.len())
                .rev()
                .find(|&i| cov[i].region_share() + 1e-12 >= DEFAULT_YEAR_COVERAGE)
                .unwrap_or(all.len() - 1);
            (0..=last).collect()
        }
    };
    let results = Analysis::with_options(ds.clone(), opts).into_years(&ys, &|| {});
    let sizes: Vec<Vec<f64>> = ys
        .iter()
        .map(|&y| ds.total_values(panel.years()[y]))
        .collect();
    let bo = BacktestOptions {
        horizon: a.horizon,
        persistence: a.persistence,
        threshold: opts.threshold,
        k: a.k,
        bootstrap: a.bootstrap,
        seed: a.seed,
        exits: a.exits,
        ..BacktestOptions::default()
    };
    let values: Vec<Vec<f64>> = ys
        .iter()
        .map(|&y| {
            panel
                .year_values(y)
                .iter()
                .zip(panel.year_missing(y))
                .map(|(&v, m)| if m { f64::NAN } else { v })
                .collect()
        })
        .collect();
    // country of each region (NUTS codes start with it); one group otherwise
    let mut countries: Vec<&str> = Vec::new();
    let country: Vec<usize> = panel
        .regions()
        .iter()
        .map(|code| {
            let c = if matches!(panel.meta().regions, smartspec_core::RegionScheme::Nuts(_)) {
                smartspec_io::nuts::country_of(code)
            } else {
                ""
            };
            countries.iter().position(|x| *x == c).unwrap_or_else(|| {
                countries.push(c);
                countries.len() - 1
            })
        })
        .collect();
    let b = backtest(&results, &sizes, &values, &country, &bo).map_err(|e| anyhow!(e))?;
    if a.output.format == OutputFormat::Json {
        let j = json!({
            "base_rate": b.base_rate,
            "horizon": b.horizon,
            "train_years": b.train_years,
            "test_years": b.test_years,
            "k": b.k,
            "train_pairs": b.train_pairs,
            "test_pairs": b.test_pairs,
            "regions": b.regions,
            "predictors": b.predictors.iter().map(|p| json!({
                "name": p.name, "kind": p.kind,
                "roc_auc": p.roc_auc, "roc_auc_ci": [p.roc_auc_ci.0, p.roc_auc_ci.1],
                "pr_auc": p.pr_auc, "pr_auc_ci": [p.pr_auc_ci.0, p.pr_auc_ci.1],
                "precision_at_k": p.precision_at_k,
            })).collect::<Vec<_>>(),
            "coefficients": b.coefficients.iter().map(|(n, v)| json!({"feature": n, "coefficient": v})).collect::<Vec<_>>(),
        });
        let text = serde_json::to_string_pretty(&j)? + "\n";
        match &a.output.out {
            Some(p) => std::fs::write(p, text)?,
            None => print!("{text}"),
        }
        return Ok(ExitCode::SUCCESS);
    }
    let mut report = Report::new();
    report.heading.push(format!(
        "backtest: {} within {} year(s){}; train origins {:?}, test origin {:?}; {} regions with data in every year",
        if a.exits { "exits" } else { "entries" },
        b.horizon,
        if a.persistence { " that persist one more year" } else { "" },
        b.train_years,
        b.test_years,
        b.regions
    ));
    report.heading.push(format!(
        "test pairs at risk: {}, {}: {} (base rate {:.4}); training pairs: {}",
        b.test_pairs,
        if a.exits { "exits" } else { "entries" },
        (b.base_rate * b.test_pairs as f64).round(),
        b.base_rate,
        b.train_pairs
    ));
    report.heading.push(format!("95 % intervals: {} bootstrap draws over test regions (seed {}); precision@{} averaged over regions", a.bootstrap, a.seed, b.k));
    let mut t = Table::new(&[
        "predictor",
        "kind",
        "roc_auc",
        "roc_lo",
        "roc_hi",
        "pr_auc",
        "pr_lo",
        "pr_hi",
        "precision_at_k",
    ]);
    for p in &b.predictors {
        t.push(vec![
            p.name.into(),
            p.kind.into(),
            p.roc_auc.into(),
            p.roc_auc_ci.0.into(),
            p.roc_auc_ci.1.into(),
            p.pr_auc.into(),
            p.pr_auc_ci.0.into(),
            p.pr_auc_ci.1.into(),
            p.precision_at_k.into(),
        ]);
    }
    report.table("predictors", "predictors (test origin)", t);
    let mut c = Table::new(&["feature", "coefficient"]);
    for (n, v) in &b.coefficients {
        c.push(vec![(*n).into(), (*v).into()]);
    }
    report.table("coefficients", "model: logistic regression on standardised features (ridge 1), fitted on the training origins", c);
    report.emit(&a.output)?;
    Ok(ExitCode::SUCCESS)
}

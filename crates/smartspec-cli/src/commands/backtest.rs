//! `smartspec backtest`

use crate::args::{BacktestArgs, OutputFormat};
use crate::output::Report;
use anyhow::{anyhow, Context, Result};
use serde_json::json;
use smartspec_analysis::entry::HistoryInputs;
use smartspec_analysis::Analysis;
use smartspec_core::backtest::{backtest, Backtest, BacktestOptions, Estimate, TARGET};
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
    let analysis = Analysis::with_options(ds.clone(), opts);
    let inputs = HistoryInputs::new(&analysis, &ys);
    let bo = BacktestOptions {
        horizon: a.horizon,
        persistence: a.persistence,
        threshold: opts.threshold,
        k: a.k,
        bootstrap: a.bootstrap,
        seed: a.seed,
        exits: a.exits,
        include_apportioned: a.include_apportioned,
        ..BacktestOptions::default()
    };
    let b = backtest(&inputs.history(), &bo).map_err(|e| anyhow!(e))?;
    if let Some(path) = &a.predictions {
        write_predictions(path, &analysis, &b)?;
    }
    let event = if a.exits { "exits" } else { "entries" };
    if a.output.format == OutputFormat::Json {
        let est = |e: &Estimate| json!({"value": e.value, "ci": [e.ci.0, e.ci.1]});
        let j = json!({
            "event": event,
            "base_rate": b.base_rate,
            "horizon": b.horizon,
            "train_years": b.train_years,
            "test_years": b.test_years,
            "k": b.k,
            "train_pairs": b.train_pairs,
            "test_pairs": b.test_pairs,
            "regions": b.regions,
            "excluded_apportioned": b.excluded_apportioned,
            "predictors": b.predictors.iter().map(|p| json!({
                "name": p.name, "kind": p.kind,
                "roc_auc": p.roc_auc.value, "roc_auc_ci": [p.roc_auc.ci.0, p.roc_auc.ci.1],
                "pr_auc": p.pr_auc.value, "pr_auc_ci": [p.pr_auc.ci.0, p.pr_auc.ci.1],
                "precision_at_k": p.precision_at_k.value,
                "precision_at_k_ci": [p.precision_at_k.ci.0, p.precision_at_k.ci.1],
            })).collect::<Vec<_>>(),
            "comparisons": b.comparisons.iter().map(|c| json!({
                "model": c.model, "baseline": c.baseline,
                "roc_auc_difference": est(&c.roc_auc), "pr_auc_difference": est(&c.pr_auc),
                "target": TARGET, "meets_target": c.meets_target(),
            })).collect::<Vec<_>>(),
            "tuning": {
                "validation_year": b.tuning.validation_year,
                "train_years": b.tuning.train_years,
                "grid": b.tuning.grid.iter().map(|(p, roc, pr)| json!({
                    "depth": p.depth, "trees": p.trees, "roc_auc": roc, "pr_auc": pr,
                })).collect::<Vec<_>>(),
                "chosen": {"depth": b.tuning.chosen.depth, "trees": b.tuning.chosen.trees,
                    "learning_rate": b.tuning.chosen.learning_rate, "lambda": b.tuning.chosen.lambda},
            },
            "coefficients": b.coefficients.iter().map(|(n, v)| json!({"feature": n, "coefficient": v})).collect::<Vec<_>>(),
        });
        let text = serde_json::to_string_pretty(&j)? + "\n";
        match &a.output.out {
            Some(p) => {
                std::fs::write(p, text).with_context(|| format!("writing {}", p.display()))?
            }
            None => print!("{text}"),
        }
        return Ok(ExitCode::SUCCESS);
    }
    let mut report = Report::new();
    report.heading.push(format!(
        "backtest: {event} within {} year(s){}; train origins {:?}, test origin {:?}; {} regions with data in every year",
        b.horizon,
        if a.persistence { " that persist one more year" } else { "" },
        b.train_years,
        b.test_years,
        b.regions
    ));
    report.heading.push(format!(
        "test pairs at risk: {}, {event}: {} (base rate {:.4}); training pairs: {}; {} test pairs left out as apportioned from split regions (flag S){}",
        b.test_pairs,
        (b.base_rate * b.test_pairs as f64).round(),
        b.base_rate,
        b.train_pairs,
        b.excluded_apportioned,
        if a.include_apportioned { " — kept with --include-apportioned" } else { "" },
    ));
    report.heading.push(format!("95 % intervals: {} bootstrap draws over test regions (seed {}); precision@{} averaged over regions", a.bootstrap, a.seed, b.k));
    report.heading.push(match b.tuning.validation_year {
        Some(v) => format!(
            "gbt: boosted trees, depth {} x {} trees (chosen on validation origin {v}, trained on {:?}), each country scored by trees fitted on the other countries",
            b.tuning.chosen.depth, b.tuning.chosen.trees, b.tuning.train_years
        ),
        None => format!(
            "gbt: boosted trees, depth {} x {} trees (defaults: the window has no validation origin)",
            b.tuning.chosen.depth, b.tuning.chosen.trees
        ),
    });
    for c in &b.comparisons {
        report.heading.push(format!(
            "{} vs {} (strongest baseline): ROC-AUC {:+.3} [{:+.3}, {:+.3}], PR-AUC {:+.3} [{:+.3}, {:+.3}] (paired bootstrap); target +{TARGET} on both: {}",
            c.model, c.baseline, c.roc_auc.value, c.roc_auc.ci.0, c.roc_auc.ci.1,
            c.pr_auc.value, c.pr_auc.ci.0, c.pr_auc.ci.1,
            if c.meets_target() { "met" } else { "not met" }
        ));
    }
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
        "p_at_k_lo",
        "p_at_k_hi",
    ]);
    for p in &b.predictors {
        t.push(vec![
            p.name.into(),
            p.kind.into(),
            p.roc_auc.value.into(),
            p.roc_auc.ci.0.into(),
            p.roc_auc.ci.1.into(),
            p.pr_auc.value.into(),
            p.pr_auc.ci.0.into(),
            p.pr_auc.ci.1.into(),
            p.precision_at_k.value.into(),
            p.precision_at_k.ci.0.into(),
            p.precision_at_k.ci.1.into(),
        ]);
    }
    report.table("predictors", "predictors (test origin)", t);
    let mut c = Table::new(&["feature", "coefficient"]);
    for (n, v) in &b.coefficients {
        c.push(vec![(*n).into(), (*v).into()]);
    }
    report.table("coefficients", "logistic: ridge logistic regression on standardised features (ridge 1), fitted on the training origins", c);
    report.emit(&a.output)?;
    Ok(ExitCode::SUCCESS)
}

/// A model's score as a probability (the trees score in log-odds, the
/// logistic model in probability); `None` for a baseline, written as it ranks.
fn probability(predictor: &str, score: f64) -> Option<f64> {
    match predictor {
        "gbt" => Some(smartspec_core::gbt::sigmoid(score)),
        "logistic" => Some(score),
        _ => None,
    }
}

/// `--predictions FILE`: one row per test pair with every predictor's score.
fn write_predictions(path: &std::path::Path, a: &Analysis, b: &Backtest) -> Result<()> {
    let panel = a.dataset().panel();
    let mut w =
        csv::Writer::from_path(path).with_context(|| format!("writing {}", path.display()))?;
    let mut head: Vec<String> = ["region", "activity", "origin", "outcome_year", "event"]
        .map(String::from)
        .to_vec();
    head.extend(b.score_names.iter().map(|n| match probability(n, 0.0) {
        Some(_) => format!("{n}_probability"),
        None => n.to_string(),
    }));
    w.write_record(&head)?;
    let origin = b.test_years[0];
    for (p, scores) in &b.scored {
        let mut row = vec![
            panel.regions().code(p.region as u32).to_string(),
            panel.activities().code(p.activity as u32).to_string(),
            origin.to_string(),
            (origin + b.horizon as i32).to_string(),
            u8::from(p.entered).to_string(),
        ];
        row.extend(
            b.score_names
                .iter()
                .zip(scores)
                .map(|(n, &s)| probability(n, s).unwrap_or(s).to_string()),
        );
        w.write_record(&row)?;
    }
    w.flush()
        .with_context(|| format!("writing {}", path.display()))?;
    eprintln!("wrote {} test pairs to {}", b.scored.len(), path.display());
    Ok(())
}

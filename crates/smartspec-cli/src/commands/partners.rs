//! `smartspec partners REGION --theme T`

use crate::args::PartnersArgs;
use crate::output::Report;
use crate::theme_data;
use anyhow::{anyhow, Result};
use serde_json::json;
use smartspec_analysis::themes::{stages_json, PartnerRanking};
use smartspec_analysis::Analysis;
use smartspec_core::partnership::{reason, Weights};
use smartspec_io::write::{Table, Value};
use std::process::ExitCode;

/// A stage strength as a table value (missing stays missing).
fn strength_value(v: f64) -> Value {
    Value::Num(v.is_finite().then_some(v))
}

pub fn run(a: PartnersArgs) -> Result<ExitCode> {
    let w = Weights {
        complementarity: a.weights.complementarity_weight,
        shared: a.weights.shared_weight,
        relatedness: a.weights.relatedness_weight,
    };
    w.check().map_err(|e| anyhow!(e))?;
    let data = crate::input::data(&a.data)?;
    let analysis = Analysis::new(data.dataset.clone());
    let ds = analysis.dataset();
    let set = theme_data::load("partners", ds, &a.dirs)?;
    let theme = theme_data::pick(&set, &a.theme)?;
    let PartnerRanking {
        region: ry,
        theme_year: ty,
        ranked,
    } = analysis.partners(theme, &a.region, a.year, &w)?;
    let panel = ds.panel();
    let r = ry.r;
    let ids: Vec<&str> = theme.stages.iter().map(|s| s.id.as_str()).collect();
    let label = |c: &str| ds.region_name(c);

    let mut report = Report::new();
    if let Some(n) = &ry.note {
        report.heading.push(format!("note: {n}"));
    }
    report.heading.push(format!(
        "{} {}: partners in {} ({}), {}",
        ry.code,
        label(&ry.code),
        theme.name,
        theme.id,
        ty.year
    ));
    let own: Vec<String> = (0..ids.len())
        .map(|s| {
            let v = ty.strengths.get(r, s);
            format!(
                "{} {}{}",
                ids[s],
                if v.is_finite() {
                    format!("{v:.2}")
                } else {
                    "missing".into()
                },
                if ty.strengths.specialised(r, s) {
                    " (specialised)"
                } else {
                    ""
                }
            )
        })
        .collect();
    report
        .heading
        .push(format!("your stage strengths: {}", own.join(", ")));
    report.heading.push(format!(
        "score = ({} x complementarity + {} x shared + {} x relatedness) / {}; stage strength = 1/2 RCA/(1+RCA) + 1/2 employment percentile; {} candidate regions",
        w.complementarity,
        w.shared,
        w.relatedness,
        w.complementarity + w.shared + w.relatedness,
        ranked.len()
    ));
    let mut cols = crate::output::ranked(&["strength"]);
    let stage_cols: Vec<String> = ids.iter().map(|i| format!("strength_{i}")).collect();
    cols.extend(stage_cols.iter().map(String::as_str));
    cols.extend(["shared", "complementarity", "relatedness", "reason"]);
    let mut t = Table::new(&cols);
    let mut rows_json = Vec::new();
    for (k, p) in ranked.iter().take(a.top).enumerate() {
        let code = panel.regions().code(p.region as u32);
        let why = reason(&ty.strengths, r, p.region, &ids);
        let mut row: Vec<Value> = vec![
            code.into(),
            label(code).into(),
            ds.country(code).unwrap_or_default().into(),
            p.score.into(),
            (k + 1).into(),
            ty.year.into(),
            p.strength.into(),
        ];
        row.extend((0..ids.len()).map(|s| strength_value(ty.strengths.get(p.region, s))));
        row.extend([
            p.shared.into(),
            p.complementarity.into(),
            strength_value(p.relatedness),
            why.as_str().into(),
        ]);
        t.push(row);
        rows_json.push(json!({
            "region": code,
            "name": label(code),
            "country": ds.country(code),
            "score": p.score,
            "rank": k + 1,
            "year": ty.year,
            "strength": p.strength,
            "stages": stages_json(&ty, &ids, p.region),
            "shared": p.shared,
            "complementarity": p.complementarity,
            "relatedness": p.relatedness.is_finite().then_some(p.relatedness),
            "reason": why,
        }));
    }
    report.table(
        "partners",
        format!(
            "top {} partners of {} candidates",
            t.rows.len(),
            ranked.len()
        ),
        t,
    );
    report
        .json_rows
        .push(("partners".into(), serde_json::Value::Array(rows_json)));
    // the documented JSON form: the ranked list itself
    report.json_only = Some("partners".into());
    report.facts.insert("region".into(), ry.code.clone().into());
    report.facts.insert("theme".into(), theme.id.clone().into());
    report.facts.insert("year".into(), ty.year.into());
    report.facts.insert(
        "weights".into(),
        json!({"complementarity": w.complementarity, "shared": w.shared, "relatedness": w.relatedness}),
    );
    report.emit(&a.output)?;
    Ok(ExitCode::SUCCESS)
}

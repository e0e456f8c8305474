//! `smartspec transition`: the industrial-transition screening.

use crate::args::{OutputFormat, TransitionArgs};
use crate::output::{ranked, Report};
use anyhow::Result;
use smartspec_analysis::screening::Screening;
use smartspec_analysis::Dataset;
use smartspec_core::transition::{Direction, Tie, MEASURES};
use smartspec_io::write::{Table, Value};
use std::process::ExitCode;

fn yes_no(m: Option<bool>) -> Value {
    match m {
        Some(true) => "yes".into(),
        Some(false) => "no".into(),
        None => "".into(),
    }
}

/// The ranking: every region, scored ones first by rank.
fn ranking(ds: &Dataset, s: &Screening, full: bool, top: Option<usize>) -> Table {
    let mut cols: Vec<String> = ranked(&["available", "intensity", "met", "missing"])
        .into_iter()
        .map(String::from)
        .collect();
    if full {
        for c in s.criteria() {
            for suffix in ["", "_years", "_threshold", "_met", "_source"] {
                cols.push(format!("{}{suffix}", c.id));
            }
        }
    }
    let col_refs: Vec<&str> = cols.iter().map(String::as_str).collect();
    let mut t = Table::new(&col_refs);
    let order = s.order();
    let scored = order
        .iter()
        .filter(|&&u| s.scores[u].score.is_some())
        .count();
    let limit = top.map_or(order.len(), |k| k.min(scored));
    for &u in order.iter().take(limit) {
        let (unit, sc) = (&s.units[u], &s.scores[u]);
        let ids = |f: &dyn Fn(usize) -> bool| {
            s.criteria()
                .iter()
                .enumerate()
                .filter(|(c, _)| f(*c))
                .map(|(_, c)| c.id.as_str())
                .collect::<Vec<_>>()
                .join(";")
        };
        let mut row: Vec<Value> = vec![
            unit.code.clone().into(),
            ds.region_name(&unit.code).into(),
            ds.country(&unit.code).unwrap_or_default().into(),
            sc.score.into(),
            sc.rank.map_or(Value::Num(None), Value::from),
            s.year.into(),
            (100.0 * sc.available).into(),
            sc.intensity.into(),
            ids(&|c| sc.outcomes[c].meets == Some(true)).into(),
            ids(&|c| sc.outcomes[c].meets.is_none()).into(),
        ];
        if full {
            for c in 0..s.criteria().len() {
                let o = &sc.outcomes[c];
                let obs = o.observation.as_ref();
                row.push(obs.map(|o| o.value).into());
                row.push(obs.map_or(String::new(), Screening::years).into());
                row.push(o.threshold.into());
                row.push(yes_no(o.meets));
                row.push(obs.map_or(String::new(), |o| o.source.clone()).into());
            }
        }
        t.push(row);
    }
    t
}

fn criteria_table(s: &Screening) -> Table {
    let mut t = Table::new(&[
        "id",
        "measure",
        "direction",
        "threshold",
        "weight",
        "tie",
        "label",
    ]);
    for c in s.criteria() {
        t.push(vec![
            c.id.clone().into(),
            c.measure.clone().into(),
            match c.direction {
                Direction::Above => "above",
                Direction::Below => "below",
            }
            .into(),
            c.threshold.to_string().into(),
            c.weight.into(),
            match c.tie {
                Tie::Meets => "meets",
                Tie::Fails => "fails",
            }
            .into(),
            c.label.clone().into(),
        ]);
    }
    t
}

pub fn run(a: TransitionArgs) -> Result<ExitCode> {
    if a.print_default {
        print!("{}", smartspec_io::criteria::DEFAULT);
        return Ok(ExitCode::SUCCESS);
    }
    if a.list_measures {
        let mut t = Table::new(&["measure", "unit", "meaning"]);
        for (id, unit, meaning) in MEASURES {
            t.push(vec![(*id).into(), (*unit).into(), (*meaning).into()]);
        }
        let mut r = Report::new();
        r.heading.push("measures a criterion can read (any context indicator also, as context:CODE or context:CODE:change)".into());
        r.table("measures", "", t);
        r.emit(&a.output)?;
        return Ok(ExitCode::SUCCESS);
    }
    let data = crate::input::data(&a.data)?;
    let ds = &data.dataset;
    let s = crate::screening::run(ds, a.year, a.criteria.as_deref())?;
    let (scored, eu) = s.eu_coverage();
    let mut report = Report::new();
    report.heading.push(format!(
        "industrial-transition screening, {} (start {}-{}), criteria {}",
        s.year, s.criteria.start.0, s.criteria.start.1, s.criteria_name
    ));
    report.heading.push(format!(
        "score = 100 x weight met / weight with data; scored when >= {} of the weight has data; rank 1 = most in transition",
        s.criteria.min_available
    ));
    report.heading.push(format!(
        "scored {scored} of {eu} regions of the reference area ({}, {:.1} %); missing criteria are listed, never counted as zero",
        ds.reference().label,
        100.0 * scored as f64 / eu.max(1) as f64
    ));
    let proxies: usize = s
        .observations
        .iter()
        .flatten()
        .flatten()
        .filter(|o| o.proxy)
        .count();
    if proxies > 0 {
        report.heading.push(format!(
            "{proxies} values are proxies (see the _source columns; a proxy is compared only with the same proxy)"
        ));
    }
    let full = a.output.format != OutputFormat::Table || a.full;
    report.table("regions", "", ranking(ds, &s, full, a.top));
    if a.output.format == OutputFormat::Table || a.output.format == OutputFormat::Json {
        report.table("criteria", "criteria", criteria_table(&s));
    }
    report.facts.insert("year".into(), s.year.into());
    report.facts.insert("scored_eu28".into(), scored.into());
    report.facts.insert("eu28_regions".into(), eu.into());
    report.emit(&a.output)?;
    Ok(ExitCode::SUCCESS)
}

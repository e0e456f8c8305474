//! `smartspec region CODE`

use crate::args::RegionArgs;
use crate::output::Report;
use anyhow::Result;
use smartspec_analysis::Analysis;
use smartspec_io::nace::Nace;
use smartspec_io::nuts::is_eu28;
use smartspec_io::write::Table;
use std::process::ExitCode;

pub fn run(a: RegionArgs) -> Result<ExitCode> {
    let data = crate::input::data(&a.data)?;
    let analysis = Analysis::new(data.dataset.clone());
    let ds = analysis.dataset();
    let p = analysis.profile(&a.code, a.year, a.top)?;
    let (code, year) = (p.region.code.clone(), p.region.year);
    let nace = Nace::embedded();
    let mut report = Report::new();
    if let Some(n) = &p.region.note {
        report.heading.push(format!("note: {n}"));
    }
    report.heading.push(format!("{code} {}", p.name));
    if !p.parents.is_empty() {
        let chain: Vec<String> = p.parents.iter().map(|(c, n)| format!("{c} {n}")).collect();
        report.heading.push(format!("in: {}", chain.join(" < ")));
    }
    match &p.country {
        Some(country) => report.heading.push(format!(
            "country: {country} ({})",
            if is_eu28(country) {
                "EU28"
            } else {
                "not EU: not counted in EU figures"
            }
        )),
        None => report
            .heading
            .push("country: none (the dataset's region codes are not NUTS codes)".into()),
    }
    report.heading.push(format!(
        "year: {year}{}; data: {}; reference area: {}",
        if a.year.is_some() {
            ""
        } else {
            " (the dataset's default year)"
        },
        ds.name(),
        ds.reference().label
    ));
    report.facts.insert("region".into(), code.clone().into());
    report.facts.insert("name".into(), p.name.clone().into());
    report.facts.insert(
        "country".into(),
        p.country
            .clone()
            .map_or(serde_json::Value::Null, Into::into),
    );
    report.facts.insert("year".into(), year.into());
    report.heading.push(match p.total {
        Some(t) if t.estimated => format!("employment total: {:.0} (estimated: a confidential section counted by its published divisions)", t.value),
        Some(t) => format!("employment total: {:.0} ({})", t.value, ds.totals_rule()),
        None => "employment total: not available".into(),
    });
    report
        .facts
        .insert("employment_total".into(), p.total.map(|t| t.value).into());
    if let Some(rows) = &p.sections {
        let mut t = Table::new(&["section", "name", "employment", "share", "reference_share"]);
        for x in rows {
            t.push(vec![
                x.section.as_str().into(),
                x.name.as_str().into(),
                x.employment.into(),
                x.share.into(),
                x.eu28_share.into(),
            ]);
        }
        report.table(
            "employment_by_section",
            format!(
                "employment by section (share of the reported sections; reference: {})",
                ds.reference().label
            ),
            t,
        );
    }
    let mut t = Table::new(&["activity", "name", "employment", "share"]);
    for l in &p.top_activities {
        t.push(vec![
            l.code.as_str().into(),
            nace.label_or_code(&l.code).into(),
            l.employment.into(),
            l.share.into(),
        ]);
    }
    report.table(
        "top_activities",
        format!("top {} activities by employment", a.top),
        t,
    );
    let mut t = Table::new(&["activity", "name", "lq", "employment"]);
    for l in &p.top_lq {
        t.push(vec![
            l.code.as_str().into(),
            nace.label_or_code(&l.code).into(),
            l.lq.into(),
            l.employment.into(),
        ]);
    }
    report.table(
        "top_location_quotients",
        format!(
            "top {} location quotients (reference: {})",
            a.top,
            ds.reference().label
        ),
        t,
    );
    let mut t = Table::new(&["indicator", "year", "value", "source"]);
    for c in &p.context {
        t.push(vec![
            c.indicator.as_str().into(),
            c.year.into(),
            c.value.into(),
            c.source.as_str().into(),
        ]);
    }
    if !t.rows.is_empty() {
        report.table(
            "context",
            format!(
                "context (the latest value within {} years of {year})",
                smartspec_analysis::context_inputs::WINDOW
            ),
            t,
        );
    }
    let na = ds.panel().activities().len();
    report.heading.push(format!(
        "missing data: {} of {na} activities confidential or not available in {year}{}; they have no LQ and count as not specialised",
        p.missing.len(),
        if p.missing.is_empty() { String::new() } else { format!(" ({})", p.missing.join(" ")) }
    ));
    report
        .facts
        .insert("missing_activities".into(), p.missing.clone().into());
    report.emit(&a.output)?;
    Ok(ExitCode::SUCCESS)
}

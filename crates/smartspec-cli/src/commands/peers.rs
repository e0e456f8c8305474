//! `smartspec peers REGION`

use crate::args::PeersArgs;
use crate::input::{load_context, region_year};
use crate::output::Report;
use anyhow::{bail, Result};
use smartspec_core::benchmarking::{Structure, Variable};
use smartspec_core::totals::totals_from_sections;
use smartspec_core::{Cell, Panel};
use smartspec_io::embedded;
use smartspec_io::nuts::{country_of, NutsRegistry};
use smartspec_io::write::Table;
use std::process::ExitCode;

/// The latest value of `indicator` for every region of `panel` up to `year`.
fn latest(context: &Panel, regions: &Panel, indicator: &str, year: i32) -> Vec<f64> {
    regions
        .regions()
        .iter()
        .map(|code| {
            (0..context.years().len())
                .rev()
                .filter(|&y| context.years()[y] <= year)
                .find_map(|y| match context.get(code, indicator, context.years()[y]) {
                    Some(Cell::Value(v)) => Some(v),
                    _ => None,
                })
                .unwrap_or(f64::NAN)
        })
        .collect()
}

pub fn run(a: PeersArgs) -> Result<ExitCode> {
    if !(a.cosine_weight >= 0.0) {
        bail!("--cosine-weight must be zero or positive");
    }
    let panel = embedded::default_panel();
    let sections = embedded::sections_panel();
    let ry = region_year(panel, &a.region, a.year)?;
    let (y, year) = (ry.y, ry.year);
    let (nr, na) = (panel.regions().len(), panel.activities().len());
    let totals = totals_from_sections(sections, panel, year, smartspec_io::nace::section_of);
    let total = |r: usize| totals[r].map_or(f64::NAN, |t| t.value);
    // employment structure: section shares, manufacturing share, division shares
    let sy = sections.year_index(year);
    let section_share = |r: usize, s: usize| -> f64 {
        let code = panel.regions().code(r as u32);
        match (sections.regions().id(code), sy) {
            (Some(sr), Some(sy)) => match sections.cell(sy, sr as usize, s) {
                Cell::Value(v) if total(r) > 0.0 => v / total(r),
                _ => f64::NAN,
            },
            _ => f64::NAN,
        }
    };
    let ns = sections.activities().len();
    let mut vars = Vec::new();
    let pop = latest(embedded::context(), panel, "POP_THS", year);
    vars.push(Variable {
        name: "ln_population".into(),
        values: pop
            .iter()
            .map(|p| if *p > 0.0 { p.ln() } else { f64::NAN })
            .collect(),
        weight: 1.0,
    });
    vars.push(Variable {
        name: "gdp_pps_per_head".into(),
        values: latest(embedded::context(), panel, "GDP_PPS_HAB", year),
        weight: 1.0,
    });
    if let Some(c) = sections.activities().id("C") {
        vars.push(Variable {
            name: "manufacturing_share".into(),
            values: (0..nr).map(|r| section_share(r, c as usize)).collect(),
            weight: 1.0,
        });
    }
    for s in 0..ns {
        let code = sections.activities().code(s as u32);
        vars.push(Variable {
            name: format!("share_{code}"),
            values: (0..nr).map(|r| section_share(r, s)).collect(),
            weight: 1.0 / ns as f64,
        });
    }
    for ctx in load_context(&a.context)? {
        for ind in ctx.activities().iter() {
            vars.push(Variable {
                name: ind.to_string(),
                values: latest(&ctx, panel, ind, year),
                weight: 1.0,
            });
        }
    }
    let shares: Vec<Vec<f64>> = (0..nr)
        .map(|r| {
            (0..na)
                .map(|p| match panel.cell(y, r, p) {
                    Cell::Value(v) if total(r) > 0.0 => v / total(r),
                    _ => f64::NAN,
                })
                .collect()
        })
        .collect();
    let structure = Structure::new(&vars, shares, a.cosine_weight);
    let country = country_of(&ry.code).to_string();
    let peers = structure.peers(ry.r, a.top, |r| {
        let c = country_of(panel.regions().code(r as u32));
        let country_ok = if a.same_country {
            c == country
        } else if a.other_countries {
            c != country
        } else {
            true
        };
        country_ok
            && panel
                .latest_year_of(panel.regions().code(r as u32))
                .is_some()
    });
    let registry = NutsRegistry::embedded();
    let mut report = Report::new();
    if let Some(n) = &ry.note {
        report.heading.push(format!("note: {n}"));
    }
    report.heading.push(format!(
        "{} {}: structurally similar regions, {year}",
        ry.code,
        registry.label(&ry.code).unwrap_or("")
    ));
    report.heading.push(format!(
        "distance on {} standardised variables (ln population, GDP per head PPS, manufacturing share, section shares as one block{}) + {} x (1 - cosine of division shares); lower is closer",
        vars.len(),
        if a.context.is_empty() { "" } else { ", --context indicators" },
        a.cosine_weight
    ));
    let mut t = Table::new(&[
        "region",
        "name",
        "country",
        "score",
        "rank",
        "cosine",
        "differs_most",
    ]);
    for (k, p) in peers.iter().enumerate() {
        let code = panel.regions().code(p.region as u32);
        let diffs: Vec<String> = p
            .differences
            .iter()
            .map(|(n, d)| format!("{n} ({d:+.2} sd)"))
            .collect();
        t.push(vec![
            code.into(),
            registry.label(code).unwrap_or("").into(),
            country_of(code).into(),
            p.distance.into(),
            (k + 1).into(),
            p.cosine.into(),
            diffs.join("; ").into(),
        ]);
    }
    report.table(
        "peers",
        format!("{} nearest regions (score = distance)", peers.len()),
        t,
    );
    report.facts.insert("region".into(), ry.code.clone().into());
    report.facts.insert("year".into(), year.into());
    report.emit(&a.output)?;
    Ok(ExitCode::SUCCESS)
}

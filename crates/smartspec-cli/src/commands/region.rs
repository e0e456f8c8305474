//! `smartspec region CODE`

use crate::args::RegionArgs;
use crate::input::Source;
use crate::output::Report;
use anyhow::Result;
use smartspec_core::indicators::rca::{rca, Counts};
use smartspec_core::totals::{totals_from_sections, RegionTotal};
use smartspec_core::{Cell, Panel, RegionScheme};
use smartspec_io::embedded;
use smartspec_io::nace::Nace;
use smartspec_io::nuts::{country_of, is_eu28, parent_of, NutsRegistry};
use smartspec_io::write::{Table, Value};
use std::process::ExitCode;

pub fn run(a: RegionArgs) -> Result<ExitCode> {
    let source = Source::load(a.input.as_deref(), &a.read)?;
    let panel = source.panel();
    let version = match panel.meta().regions {
        RegionScheme::Nuts(v) => Some(v),
        _ => None,
    };
    let crate::input::RegionYear {
        code,
        r,
        year,
        y,
        note,
    } = crate::input::region_year(panel, &a.code, a.year)?;
    let registry = NutsRegistry::embedded();
    let nace = Nace::embedded();
    let mut report = Report::new();
    if let Some(n) = note {
        report.heading.push(format!("note: {n}"));
    }
    let label = |c: &str| registry.label(c).unwrap_or("").to_string();
    report.heading.push(format!("{code} {}", label(&code)));
    let mut parents = Vec::new();
    let mut p = parent_of(&code);
    while let Some(c) = p {
        parents.push(format!("{c} {}", label(c)));
        p = parent_of(c);
    }
    if !parents.is_empty() {
        report.heading.push(format!("in: {}", parents.join(" < ")));
    }
    let country = country_of(&code);
    report.heading.push(format!(
        "country: {country} ({})",
        if is_eu28(country) {
            "EU28"
        } else {
            "not EU: not counted in EU figures"
        }
    ));
    let embedded = a.input.is_none();
    report.heading.push(format!(
        "year: {year}; data: {}",
        if embedded {
            embedded::SBS_NAME.to_string()
        } else {
            panel.meta().source.clone()
        }
    ));
    report.facts.insert("region".into(), code.clone().into());
    report.facts.insert("name".into(), label(&code).into());
    report.facts.insert("country".into(), country.into());
    report.facts.insert("year".into(), year.into());

    // Region totals: sum of NACE sections on the embedded data (rarely
    // confidential); sum of the published activities otherwise.
    let full = region_totals(panel, y, embedded);
    let totals: Vec<Option<f64>> = full.iter().map(|t| t.map(|t| t.value)).collect();
    let total = totals[r];
    report.heading.push(match full[r] {
        Some(t) if t.estimated => format!("employment total: {:.0} (estimated: a confidential section counted by its published divisions)", t.value),
        Some(t) => format!("employment total: {:.0} (sum of NACE sections)", t.value),
        None => "employment total: not available".into(),
    });
    report.facts.insert("employment_total".into(), total.into());

    if embedded {
        let sections = embedded::sections_panel();
        if let (Some(sr), Some(sy)) = (sections.regions().id(&code), sections.year_index(year)) {
            let mut t = Table::new(&["section", "name", "employment", "share"]);
            for s in 0..sections.activities().len() {
                let sc = sections.activities().code(s as u32);
                let v = sections.cell(sy, sr as usize, s).value_or_zero();
                let share = v.zip(total).filter(|(_, t)| *t > 0.0).map(|(v, t)| v / t);
                t.push(vec![
                    sc.into(),
                    nace.label_or_code(sc).into(),
                    v.into(),
                    share.into(),
                ]);
            }
            report.table("employment_by_section", "employment by section", t);
        }
    }

    // top divisions by employment
    let na = panel.activities().len();
    let mut by_emp: Vec<(usize, f64)> = (0..na)
        .filter_map(|a| match panel.cell(y, r, a) {
            Cell::Value(v) => Some((a, v)),
            _ => None,
        })
        .collect();
    by_emp.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    let mut t = Table::new(&["activity", "name", "employment", "share"]);
    for &(a, v) in by_emp.iter().take(a.top) {
        let c = panel.activities().code(a as u32);
        t.push(vec![
            c.into(),
            nace.label_or_code(c).into(),
            v.into(),
            total.filter(|t| *t > 0.0).map(|t| v / t).into(),
        ]);
    }
    report.table(
        "top_activities",
        format!("top {} activities by employment", a.top),
        t,
    );

    // location quotients (RCA) against the EU28 regions, as `indicators`
    let reference = super::indicators::reference_regions(panel);
    let missing: Vec<bool> = panel.year_missing(y).collect();
    let totals_f: Vec<f64> = totals.iter().map(|t| t.unwrap_or(f64::NAN)).collect();
    let counts = Counts {
        regions: panel.regions().len(),
        activities: na,
        values: panel.year_values(y),
        missing: Some(&missing),
    };
    let lq_all = rca(counts, Some(&totals_f), reference.as_deref());
    let mut lqs: Vec<(usize, f64)> = (0..na)
        .map(|a| (a, lq_all.get(r, a)))
        .filter(|(_, l)| l.is_finite())
        .collect();
    lqs.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    let mut t = Table::new(&["activity", "name", "lq", "employment"]);
    for &(a, lq) in lqs.iter().take(a.top) {
        let c = panel.activities().code(a as u32);
        t.push(vec![
            c.into(),
            nace.label_or_code(c).into(),
            lq.into(),
            panel.cell(y, r, a).value_or_zero().into(),
        ]);
    }
    report.table(
        "top_location_quotients",
        format!(
            "top {} location quotients (reference: {})",
            a.top,
            if version.is_some() {
                "EU28 regions"
            } else {
                "all regions"
            }
        ),
        t,
    );

    // context indicators: the latest value up to the profile year
    let mut contexts: Vec<&Panel> = vec![embedded::context()];
    let user = crate::input::load_context(&a.context)?;
    contexts.extend(user.iter());
    let mut t = Table::new(&["indicator", "year", "value", "source"]);
    for c in &contexts {
        let Some(cr) = c.regions().id(&code) else {
            continue;
        };
        for i in 0..c.activities().len() {
            let found = (0..c.years().len())
                .rev()
                .filter(|&yi| c.years()[yi] <= year)
                .find_map(|yi| match c.cell(yi, cr as usize, i) {
                    Cell::Value(v) => Some((c.years()[yi], v)),
                    _ => None,
                });
            if let Some((cy, v)) = found {
                t.push(vec![
                    c.activities().code(i as u32).into(),
                    cy.into(),
                    v.into(),
                    c.meta().source.as_str().into(),
                ]);
            }
        }
    }
    if !t.rows.is_empty() {
        report.table(
            "context",
            "context (latest value up to the profile year)",
            t,
        );
    }

    let missing: Vec<&str> = (0..na)
        .filter(|&a| panel.cell(y, r, a) == Cell::Missing)
        .map(|a| panel.activities().code(a as u32))
        .collect();
    report.heading.push(format!(
        "missing data: {} of {na} activities confidential or not available in {year}{}; they have no LQ and count as not specialised",
        missing.len(),
        if missing.is_empty() { String::new() } else { format!(" ({})", missing.join(" ")) }
    ));
    report
        .facts
        .insert("missing_activities".into(), missing.into());
    let _ = Value::Num(None);
    report.emit(&a.output)?;
    Ok(ExitCode::SUCCESS)
}

fn region_totals(panel: &Panel, y: usize, embedded: bool) -> Vec<Option<RegionTotal>> {
    let year = panel.years()[y];

    if embedded {
        totals_from_sections(
            embedded::sections_panel(),
            panel,
            year,
            smartspec_io::nace::section_of,
        )
    } else {
        // a user panel has no separate sections: its published activities
        totals_from_sections(panel, panel, year, |_| None)
    }
}

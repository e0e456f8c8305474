//! `smartspec data info [FILE] [--all]`

use crate::args::InfoArgs;
use crate::input::{load_file, read_options};
use crate::output::Report;
use anyhow::Result;
use smartspec_core::{ActivityScheme, NutsVersion, Panel, RegionScheme};
use smartspec_io::embedded;
use smartspec_io::nace::{level_of as nace_level, NaceLevel};
use smartspec_io::nuts::{country_of, is_eu28, level_of, NutsRegistry};
use smartspec_io::write::{Table, Value};
use std::collections::BTreeMap;
use std::process::ExitCode;

pub fn run(a: InfoArgs) -> Result<ExitCode> {
    let mut report = Report::new();
    let owned;
    let (whole, analysis): (&Panel, &Panel) = match &a.file {
        None => {
            report
                .heading
                .push(format!("dataset: {}", embedded::SBS_NAME));
            report.heading.push(embedded::ATTRIBUTION.to_string());
            (embedded::sbs(), embedded::default_panel())
        }
        Some(path) => {
            owned = load_file(path, &read_options(&a.read)?)?.panel;
            report.heading.push(format!("file: {}", path.display()));
            (&owned, &owned)
        }
    };
    describe(whole, analysis, &mut report);
    if a.all {
        all_datasets(&mut report);
    }
    report.emit(&a.output)?;
    Ok(ExitCode::SUCCESS)
}

fn describe(whole: &Panel, analysis: &Panel, report: &mut Report) {
    let meta = whole.meta();
    let years = whole.years();
    let (first, last) = (
        years.first().copied().unwrap_or(0),
        years.last().copied().unwrap_or(0),
    );
    report
        .heading
        .push(format!("measure: {} ({})", meta.measure, meta.kind));
    report
        .heading
        .push(format!("regions coded in: {}", meta.regions));
    report.heading.push(format!("years: {first}-{last}; default year: {} (latest year with data for at least 70 % of regions)", analysis.default_year()));
    report
        .facts
        .insert("measure".into(), meta.measure.clone().into());
    report
        .facts
        .insert("nuts_version".into(), meta.regions.to_string().into());
    report.facts.insert("first_year".into(), first.into());
    report.facts.insert("last_year".into(), last.into());
    report
        .facts
        .insert("default_year".into(), analysis.default_year().into());

    // regions per level, EU and non-EU
    let mut t = Table::new(&["level", "regions", "eu28", "non_eu", "valid_in_version"]);
    let version = match meta.regions {
        RegionScheme::Nuts(v) => Some(v),
        _ => None,
    };
    let registry = NutsRegistry::embedded();
    let mut by_level: BTreeMap<String, (usize, usize, usize, usize)> = BTreeMap::new();
    for code in whole.regions().iter() {
        let level = match (meta.regions, level_of(code)) {
            (RegionScheme::Free, _) | (_, None) => "free".to_string(),
            (_, Some(l)) => format!("NUTS {l}"),
        };
        let e = by_level.entry(level).or_default();
        e.0 += 1;
        if is_eu28(country_of(code)) {
            e.1 += 1;
        } else {
            e.2 += 1;
        }
        if version.is_some_and(|v| {
            registry.is_valid(v, code)
                || (level_of(code) == Some(0)
                    && registry
                        .codes(v, 1)
                        .iter()
                        .any(|r| r.code.starts_with(code)))
        }) {
            e.3 += 1;
        }
    }
    for (level, (n, eu, non, valid)) in &by_level {
        t.push(vec![
            level.as_str().into(),
            (*n).into(),
            (*eu).into(),
            (*non).into(),
            if version.is_some() {
                (*valid).into()
            } else {
                Value::Num(None)
            },
        ]);
        let key = level.replace(' ', "").to_lowercase();
        report.facts.insert(format!("{key}_regions"), (*n).into());
        report.facts.insert(format!("{key}_eu28"), (*eu).into());
        report.facts.insert(format!("{key}_non_eu"), (*non).into());
    }
    if let Some(v) = version {
        let non_eu: Vec<&str> = whole
            .regions()
            .iter()
            .filter(|c| level_of(c) == Some(2) && !is_eu28(country_of(c)))
            .collect();
        if !non_eu.is_empty() {
            report.heading.push(format!(
                "non-EU NUTS-2 regions (shown, not counted in EU figures): {}",
                non_eu.join(" ")
            ));
        }
        let _: NutsVersion = v;
    }
    report.table("regions", "regions", t);

    // activities by NACE level
    let mut t = Table::new(&["level", "activities", "first", "last"]);
    let mut by_level: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for code in whole.activities().iter() {
        let level = if meta.activities == ActivityScheme::Nace {
            format!("{:?}", nace_level(code)).to_lowercase()
        } else {
            "free".into()
        };
        by_level.entry(level).or_default().push(code);
    }
    for (level, codes) in &by_level {
        t.push(vec![
            level.as_str().into(),
            codes.len().into(),
            codes[0].into(),
            codes[codes.len() - 1].into(),
        ]);
        report
            .facts
            .insert(format!("{level}_activities"), codes.len().into());
    }
    if meta.activities == ActivityScheme::Nace {
        let divisions = by_level.get("division").map_or(0, |v| v.len());
        report.heading.push(format!(
            "analysis panel: {} NUTS-2 regions x {divisions} NACE divisions (sections give totals)",
            analysis.regions().len()
        ));
        let _ = NaceLevel::Division;
    }
    report.table("activities", "activities", t);

    // coverage per year of the analysis panel
    let mut t = Table::new(&[
        "year",
        "regions_with_data",
        "regions",
        "cells",
        "missing_cells",
        "missing_share",
    ]);
    let mut shares = serde_json::Map::new();
    for c in analysis.coverage() {
        t.push(vec![
            c.year.into(),
            c.regions_with_data.into(),
            c.regions_total.into(),
            c.cells.into(),
            c.missing_cells.into(),
            c.missing_share().into(),
        ]);
        shares.insert(c.year.to_string(), c.missing_share().into());
    }
    report
        .facts
        .insert("missing_share_by_year".into(), shares.into());
    report.table("coverage", "coverage of the analysis panel by year", t);

    // flags
    let mut counts: BTreeMap<char, usize> = BTreeMap::new();
    for rec in whole.records() {
        for ch in rec.flags.letters() {
            *counts.entry(ch).or_default() += 1;
        }
    }
    let mut t = Table::new(&["flag", "cells", "meaning"]);
    for (ch, n) in counts {
        t.push(vec![
            ch.to_string().into(),
            n.into(),
            flag_meaning(ch).into(),
        ]);
    }
    report.table("flags", "flags", t);
}

fn flag_meaning(ch: char) -> &'static str {
    match ch {
        'b' => "break in time series",
        'c' => "confidential",
        'd' => "definition differs",
        'e' => "estimated",
        'f' => "forecast",
        'i' => "see metadata",
        'n' => "not significant",
        'p' => "provisional",
        'r' => "revised",
        's' => "Eurostat estimate",
        'u' => "low reliability",
        'z' => "not applicable",
        'R' => "smartspec: recoded from another NUTS version",
        'S' => "smartspec: apportioned from a split region (estimate)",
        _ => "unknown flag (kept as given)",
    }
}

fn all_datasets(report: &mut Report) {
    let mut t = Table::new(&["dataset", "content", "rows", "regions", "years"]);
    for (name, content, p) in [
        ("sbs", "SBS persons employed (V16110), NUTS 0-2 x NACE sections and divisions", embedded::sbs()),
        ("context", "GDP, population, LFS employment by sector and education, lifelong learning, tertiary attainment, HRST, high-tech employment, R&D, unemployment, patents, regional-accounts GVA and employment (codes in data/README.md)", embedded::context()),
        ("context EU28", "the sources' EU28 values of the context indicators", embedded::context_eu()),
    ] {
        let y = p.years();
        t.push(vec![name.into(), content.into(), p.record_count().into(), p.regions().len().into(), format!("{}-{}", y.first().unwrap_or(&0), y.last().unwrap_or(&0)).into()]);
    }
    let reg = NutsRegistry::embedded();
    let n: usize = NutsVersion::ALL
        .iter()
        .map(|&v| (0..=3).map(|l| reg.codes(v, l).len()).sum::<usize>())
        .sum();
    t.push(vec![
        "nuts registry".into(),
        "NUTS 2006, 2010, 2013, 2016, 2021, 2024: code, level, country, label".into(),
        n.into(),
        Value::Num(None),
        "".into(),
    ]);
    t.push(vec![
        "nuts crosswalks".into(),
        "JRC NUTS converter 2025.08: intersections between every pair of versions, 6 weights"
            .into(),
        Value::Num(None),
        Value::Num(None),
        "".into(),
    ]);
    t.push(vec![
        "nace".into(),
        "NACE Rev. 2 codes and labels (Eurostat nace_r2 dictionary)".into(),
        Value::Num(None),
        Value::Num(None),
        "".into(),
    ]);
    t.push(vec![
        "geometry".into(),
        "GISCO NUTS 2021 level 2, 1:20M, EPSG:4326 (EUPL-1.2)".into(),
        Value::Num(None),
        Value::Num(None),
        "".into(),
    ]);
    report.table("embedded_datasets", "embedded datasets", t);
    let mut t = Table::new(&["dataset", "code", "version", "action", "detail", "cells"]);
    for r in embedded::recoding_log() {
        t.push(vec![
            r.dataset.as_str().into(),
            r.code.as_str().into(),
            r.version.as_str().into(),
            r.action.as_str().into(),
            r.detail.as_str().into(),
            (r.cells as usize).into(),
        ]);
    }
    report.table("recoding_log", "recoded or dropped by the data build", t);
}

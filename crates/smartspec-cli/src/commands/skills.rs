//! `smartspec skills [REGION]`

use super::indicators::{embedded_contexts, run_pipeline};
use crate::args::SkillsArgs;
use crate::input::eu_region;
use crate::output::Report;
use anyhow::{anyhow, Result};
use smartspec_core::indicators::pipeline::Preset;
use smartspec_core::opportunities::{opportunities, ComplexityAxis};
use smartspec_core::skills::sectors::a10_name;
use smartspec_core::skills::{
    assess, SkillsAssessment, SkillsOptions, SkillsProfile, GAP_THRESHOLD,
};
use smartspec_io::context_inputs::{embedded_skills_inputs, skills_default_year};
use smartspec_io::embedded;
use smartspec_io::nace::Nace;
use smartspec_io::nuts::{country_of, NutsRegistry};
use smartspec_io::write::Table;
use std::process::ExitCode;

pub fn run(a: SkillsArgs) -> Result<ExitCode> {
    if a.draws == 0 {
        return Err(anyhow!("--draws must be at least 1"));
    }
    let inputs = embedded_skills_inputs();
    let (year, why) = match a.year {
        Some(y) if inputs.years.contains(&y) => (y, format!("year {y} (asked)")),
        Some(y) => {
            return Err(anyhow!(
                "year {y} has no LFS sector data (years {}-{})",
                inputs.years.first().unwrap_or(&0),
                inputs.years.last().unwrap_or(&0)
            ))
        }
        None => {
            let y = skills_default_year(&inputs).ok_or_else(|| {
                anyhow!("no year has sector and education data for 70 % of EU regions")
            })?;
            (y, format!("year {y}: the latest year in which at least 70 % of EU28 NUTS-2 regions have published sector shares and the education of their employment (the LFS extracts end in 2015)"))
        }
    };
    let opts = SkillsOptions {
        draws: a.draws,
        seed: a.seed,
        ..SkillsOptions::default()
    };
    let s = assess(inputs, year, &opts)?;
    let mut report = Report::new();
    report.heading.push(why);
    report.heading.push(method_line(&s));
    if let Some(f) = s.fits[s.y].as_ref() {
        let at = |b: f64| -> Vec<&str> {
            s.inputs
                .sectors
                .iter()
                .zip(&f.coef)
                .filter(|(_, c)| (**c - b).abs() < 1e-9)
                .map(|(code, _)| code.as_str())
                .collect()
        };
        let (top, bottom) = (at(1.0), at(0.0));
        if !top.is_empty() || !bottom.is_empty() {
            report.heading.push(format!(
                "note: intensities at a bound (100 %: {}; 0 %: {}) mean the cross-section cannot separate those sectors from the places they concentrate in (capitals, university cities); read the expected share as what regions with this mix typically have, not as firms' needs",
                if top.is_empty() { "none".into() } else { top.join(", ") },
                if bottom.is_empty() { "none".into() } else { bottom.join(", ") }
            ));
        }
    }
    report.facts.insert("year".into(), year.into());
    match &a.region {
        None => ranking(&a, &s, &mut report),
        Some(code) => {
            let (code, note) = eu_region(code, &s.inputs.regions)?;
            if let Some(n) = note {
                report.heading.insert(0, format!("note: {n}"));
            }
            let r = s
                .region_id(&code)
                .ok_or_else(|| anyhow!("region {code} not found"))?;
            let p = s.profile(r);
            one_region(&p, &mut report);
            if a.opportunities > 0 {
                opportunities_fit(&p, a.opportunities, &mut report);
            }
        }
    }
    coefficients(&s, &mut report);
    report.emit(&a.output)?;
    Ok(ExitCode::SUCCESS)
}

fn method_line(s: &SkillsAssessment) -> String {
    let f = s.fits[s.y].as_ref();
    format!(
        "demand: bounded least squares (0 <= beta <= 1, no intercept) of the tertiary share of employment 25-64 on the A*10 sector shares, {} regions, R2 {:.2}; 95 % intervals from {} bootstrap draws over regions (seed {}); gap beyond +/-{GAP_THRESHOLD} points = surplus/deficit",
        f.map_or(0, |f| f.n),
        f.map_or(f64::NAN, |f| f.r2),
        s.options.draws,
        s.options.seed
    )
}

fn coefficients(s: &SkillsAssessment, report: &mut Report) {
    let mut t = Table::new(&[
        "sector",
        "sector_name",
        "intensity",
        "intensity_lo",
        "intensity_hi",
    ]);
    let coef = s.fits[s.y]
        .as_ref()
        .map(|f| f.coef.clone())
        .unwrap_or_default();
    for ((code, b), (lo, hi)) in s.inputs.sectors.iter().zip(&coef).zip(&s.intervals) {
        t.push(vec![
            code.as_str().into(),
            a10_name(code).unwrap_or("").into(),
            (100.0 * b).into(),
            (100.0 * lo).into(),
            (100.0 * hi).into(),
        ]);
    }
    report.table(
        "intensities",
        "tertiary intensity of each sector (% of its employed 25-64 with a tertiary degree, as the regression sees it)",
        t,
    );
}

fn ranking(a: &SkillsArgs, s: &SkillsAssessment, report: &mut Report) {
    let registry = NutsRegistry::embedded();
    let mut profiles: Vec<SkillsProfile> =
        (0..s.inputs.regions.len()).map(|r| s.profile(r)).collect();
    profiles.sort_by(|x, y| {
        y.gap
            .unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&x.gap.unwrap_or(f64::NEG_INFINITY))
            .then(x.region.cmp(&y.region))
    });
    let mut t = Table::new(&[
        "region",
        "name",
        "country",
        "score",
        "rank",
        "verdict",
        "actual",
        "expected",
        "expected_lo",
        "expected_hi",
        "gap_trend",
        "tertiary_active",
        "missing",
    ]);
    let mut rank = 0;
    for p in profiles.iter().take(a.top.unwrap_or(profiles.len())) {
        let ranked = p.gap.map(|_| {
            rank += 1;
            rank
        });
        t.push(vec![
            p.region.as_str().into(),
            registry.label(&p.region).unwrap_or("").into(),
            country_of(&p.region).into(),
            p.gap.into(),
            ranked.into(),
            p.verdict.map_or("", |v| v.name()).into(),
            p.actual.into(),
            p.expected.into(),
            p.expected_interval.map(|i| i.0).into(),
            p.expected_interval.map(|i| i.1).into(),
            p.gap_trend.into(),
            p.supply[2].value.into(),
            p.missing.join("; ").into(),
        ]);
    }
    report.table(
        "regions",
        "EU28 NUTS-2 regions by skills gap (score = actual - expected tertiary share of employment 25-64, points)",
        t,
    );
}

/// The region's top diversification opportunities (`smartspec opportunities`
/// on the embedded SBS panel, in the skills year or the region's latest
/// year before it), each judged by its A*10 sector's tertiary intensity
/// against the region's tertiary share of the active population.
fn opportunities_fit(p: &SkillsProfile, top: usize, report: &mut Report) {
    let panel = embedded::default_panel();
    let year = panel
        .years()
        .iter()
        .rev()
        .copied()
        .filter(|&y| y <= p.year)
        .find(|&y| panel.latest_year_of(&p.region).is_some_and(|l| l >= y));
    let (Some(r), Some(year)) = (panel.regions().id(&p.region), year) else {
        report.heading.push(format!(
            "opportunities: {} has no SBS employment data",
            p.region
        ));
        return;
    };
    let Some(y) = panel.year_index(year) else {
        return;
    };
    let opts = Preset::GrowthLab.options();
    let results = run_pipeline(
        panel,
        &[y],
        true,
        &embedded_contexts(true),
        &opts,
        &indicatif::ProgressBar::hidden(),
    );
    let yi = &results[0];
    let r = r as usize;
    if yi.diversity[r].is_nan() {
        report.heading.push(format!(
            "opportunities: {} has no SBS employment in {year}",
            p.region
        ));
        return;
    }
    let na = panel.activities().len();
    let row: Vec<f64> = panel.year_values(y)[r * na..(r + 1) * na].to_vec();
    let o = opportunities(yi, r, &row, opts.threshold, ComplexityAxis::Pci, None);
    let nace = Nace::embedded();
    let mut t = Table::new(&[
        "rank",
        "activity",
        "activity_name",
        "sector",
        "intensity",
        "supply",
        "skills",
    ]);
    for (k, c) in o.candidates.iter().take(top).enumerate() {
        let code = panel.activities().code(c.activity as u32);
        let fit = p.activity_fit(code);
        t.push(vec![
            (k + 1).into(),
            code.into(),
            nace.label_or_code(code).into(),
            fit.as_ref().map_or("", |f| f.sector).into(),
            fit.as_ref().map(|f| f.intensity).into(),
            fit.as_ref().and_then(|f| f.supply).into(),
            match fit.as_ref().and_then(|f| f.asks_more) {
                Some(true) => "asks for more graduates than the region supplies",
                Some(false) => "within the region's supply",
                None => "",
            }
            .into(),
        ]);
    }
    report.table(
        "opportunities",
        format!("top {} diversification opportunities ({year}, `smartspec opportunities`): sector intensity against the tertiary share of the active population (%)", top.min(o.candidates.len())),
        t,
    );
}

fn fmt(v: Option<f64>, d: usize) -> String {
    v.map_or("-".to_string(), |x| format!("{x:.d$}"))
}

pub(crate) fn one_region(p: &SkillsProfile, report: &mut Report) {
    let registry = NutsRegistry::embedded();
    let name = registry.label(&p.region).unwrap_or("").to_string();
    report
        .heading
        .push(format!("{} {name}: skills alignment, {}", p.region, p.year));
    report.heading.push(format!(
        "tertiary share of employment 25-64: actual {} %, expected from the sector mix {} % (95 % interval {}), gap {} points ({}), trend {} points a year",
        fmt(p.actual, 1),
        fmt(p.expected, 1),
        p.expected_interval.map_or("-".into(), |(lo, hi)| format!("{lo:.1}-{hi:.1}")),
        fmt(p.gap, 1),
        p.verdict.map_or("not judged", |v| v.name()),
        fmt(p.gap_trend, 2)
    ));
    if !p.missing.is_empty() {
        report
            .heading
            .push(format!("missing: {}", p.missing.join("; ")));
    }
    report.heading.extend(p.sentences.iter().cloned());
    report
        .facts
        .insert("explanation".into(), p.sentences.clone().into());
    let mut sup = Table::new(&[
        "indicator",
        "dataset",
        "value",
        "change",
        "since",
        "eu",
        "eu_source",
    ]);
    for l in &p.supply {
        sup.push(vec![
            l.name.into(),
            l.dataset.into(),
            l.value.into(),
            l.change.into(),
            l.since.into(),
            l.eu.into(),
            (if l.eu.is_some() {
                l.eu_source.name()
            } else {
                ""
            })
            .into(),
        ]);
    }
    report.table("supply", "supply (%; change in points)", sup);
    let mut mix = Table::new(&[
        "sector",
        "sector_name",
        "share",
        "eu_share",
        "intensity",
        "estimated",
    ]);
    for l in &p.sectors {
        mix.push(vec![
            l.code.as_str().into(),
            l.name.into(),
            l.share.into(),
            l.eu_share.into(),
            l.intensity.into(),
            (if l.estimated { "yes" } else { "" }).into(),
        ]);
    }
    report.table(
        "sectors",
        "sector mix of employment 25-64 (%) and each sector's tertiary intensity (%)",
        mix,
    );
    let mut hist = Table::new(&["year", "gap"]);
    for (y, g) in &p.gap_history {
        hist.push(vec![(*y).into(), (*g).into()]);
    }
    report.table("gap_history", "gap by year (points)", hist);
    report
        .facts
        .insert("region".into(), p.region.clone().into());
    report.facts.insert("name".into(), name.into());
    for (k, v) in [
        ("actual", p.actual),
        ("expected", p.expected),
        ("gap", p.gap),
        ("gap_trend", p.gap_trend),
    ] {
        report
            .facts
            .insert(k.into(), v.map_or(serde_json::Value::Null, Into::into));
    }
    report.facts.insert(
        "verdict".into(),
        p.verdict
            .map_or(serde_json::Value::Null, |v| v.name().into()),
    );
}

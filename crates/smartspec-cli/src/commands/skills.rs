//! `smartspec skills [REGION]`

use crate::args::SkillsArgs;
use crate::output::{ranked, Report};
use anyhow::{anyhow, Result};
use smartspec_analysis::innovation::covered;
use smartspec_analysis::{Analysis, Dataset};
use smartspec_core::opportunities::ComplexityAxis;
use smartspec_core::skills::sectors::a10_name;
use smartspec_core::skills::{SkillsAssessment, SkillsOptions, SkillsProfile, GAP_THRESHOLD};
use smartspec_io::nace::Nace;
use smartspec_io::write::Table;
use std::process::ExitCode;

pub fn run(a: SkillsArgs) -> Result<ExitCode> {
    if a.draws == 0 {
        return Err(anyhow!("--draws must be at least 1"));
    }
    let opts = SkillsOptions {
        draws: a.draws,
        seed: a.seed,
        ..SkillsOptions::default()
    };
    let data = crate::input::data(&a.data)?;
    let analysis = Analysis::new(data.dataset.clone());
    let ds = analysis.dataset();
    let sy = analysis.skills(a.year, &opts)?;
    let (year, why, s) = (sy.year, sy.why.clone(), &*sy.assessment);
    let mut report = Report::new();
    report.heading.push(why);
    report.heading.push(method_line(s));
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
    report.facts.insert("data_year".into(), sy.data_year.into());
    match &a.region {
        None => ranking(ds, &a, s, year, &mut report),
        Some(code) => {
            let (code, note) = covered(ds, code, &s.inputs.regions, "the skills analysis")?;
            if let Some(n) = note {
                report.heading.insert(0, format!("note: {n}"));
            }
            let r = s
                .region_id(&code)
                .ok_or_else(|| anyhow!("region {code} not found"))?;
            let p = s.profile(r);
            crate::profiles::skills(ds, &p, year, &mut report);
            if a.opportunities > 0 {
                opportunities_fit(&analysis, &p, year, a.opportunities, &mut report);
            }
        }
    }
    coefficients(s, &mut report);
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

fn ranking(ds: &Dataset, a: &SkillsArgs, s: &SkillsAssessment, year: i32, report: &mut Report) {
    let mut profiles: Vec<SkillsProfile> =
        (0..s.inputs.regions.len()).map(|r| s.profile(r)).collect();
    profiles.sort_by(|x, y| {
        y.gap
            .unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&x.gap.unwrap_or(f64::NEG_INFINITY))
            .then(x.region.cmp(&y.region))
    });
    let mut t = Table::new(&ranked(&[
        "verdict",
        "actual",
        "expected",
        "expected_lo",
        "expected_hi",
        "gap_trend",
        "tertiary_active",
        "missing",
    ]));
    let mut rank = 0;
    for p in profiles.iter().take(a.top.unwrap_or(profiles.len())) {
        let ranked = p.gap.map(|_| {
            rank += 1;
            rank
        });
        t.push(vec![
            p.region.as_str().into(),
            ds.region_name(&p.region).into(),
            ds.country(&p.region).unwrap_or_default().into(),
            p.gap.into(),
            ranked.into(),
            year.into(),
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
/// in the same year), each judged by its A*10 sector's tertiary intensity
/// against the region's tertiary share of the active population.
fn opportunities_fit(
    analysis: &Analysis,
    p: &SkillsProfile,
    year: i32,
    top: usize,
    report: &mut Report,
) {
    let ro = match analysis.opportunities(&p.region, Some(year), ComplexityAxis::Pci, None) {
        Ok(ro) => ro,
        Err(e) => {
            report.heading.push(format!("opportunities: {e}"));
            return;
        }
    };
    let o = &ro.opportunities;
    let panel = analysis.dataset().panel();
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

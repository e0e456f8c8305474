//! `smartspec innovation [REGION]`

use crate::args::InnovationArgs;
use crate::output::{ranked, Report};
use anyhow::{anyhow, Context, Result};
use smartspec_analysis::innovation::covered;
use smartspec_analysis::{Analysis, Dataset};
use smartspec_core::innovation::{
    AssessOptions, Assessment, InnovationProfile, UncertaintyOptions,
};
use smartspec_io::write::Table;
use std::process::ExitCode;

fn options(a: &InnovationArgs) -> Result<AssessOptions> {
    if a.draws == 0 {
        return Err(anyhow!("--draws must be at least 1"));
    }
    Ok(AssessOptions {
        uncertainty: UncertaintyOptions {
            draws: a.draws,
            seed: a.seed,
            ..UncertaintyOptions::default()
        },
        ..AssessOptions::default()
    })
}

fn method_line(a: &Assessment) -> String {
    let o = &a.options;
    format!(
        "index: {} indicators, winsorised at {:.0}/{:.0} %, {}, equal weights, arithmetic mean; scored with at least {:.0} % of them ({} regions scored); rank range = 5-95 % over {} Monte Carlo draws (seed {})",
        a.index.len(),
        100.0 * o.composite.winsor.0,
        100.0 * o.composite.winsor.1,
        o.composite.normalisation.name(),
        100.0 * o.composite.min_share,
        a.scored,
        o.uncertainty.draws,
        o.uncertainty.seed
    )
}

pub fn run(a: InnovationArgs) -> Result<ExitCode> {
    let data = crate::input::data(&a.data)?;
    let analysis = Analysis::new(data.dataset.clone());
    let ds = analysis.dataset();
    let (year, why, assessment) = analysis.innovation(a.year, &options(&a)?)?;
    let mut report = Report::new();
    report.heading.push(why);
    report.heading.push(method_line(&assessment));
    report.facts.insert("year".into(), year.into());
    match &a.region {
        None => ranking(ds, &a, &assessment, year, &mut report),
        Some(code) => {
            let (code, note) =
                covered(ds, code, &assessment.inputs.regions, "the innovation index")?;
            if let Some(n) = note {
                report.heading.insert(0, format!("note: {n}"));
            }
            let r = assessment
                .region_id(&code)
                .ok_or_else(|| anyhow!("region {code} not found"))?;
            let p = assessment.profile(r);
            crate::profiles::innovation(
                ds,
                &p,
                a.output.format == crate::args::OutputFormat::Table,
                &mut report,
            );
            if let Some(path) = &a.svg {
                let title = format!(
                    "{} {}: innovation indicators against the EU and {}, {year}",
                    p.region,
                    ds.region_name(&p.region),
                    ds.country(&p.region).unwrap_or_default()
                );
                let svg =
                    smartspec_report::profile_chart::innovation_bars(&p, &title, ds.attribution());
                std::fs::write(path, svg).with_context(|| format!("writing {}", path.display()))?;
            }
        }
    }
    report.emit(&a.output)?;
    Ok(ExitCode::SUCCESS)
}

fn ranking(ds: &Dataset, a: &InnovationArgs, s: &Assessment, year: i32, report: &mut Report) {
    let mut t = Table::new(&ranked(&[
        "group",
        "relative_to_eu",
        "rank_p05",
        "rank_median",
        "rank_p95",
        "indicators",
        "missing",
    ]));
    let mut profiles: Vec<InnovationProfile> =
        (0..s.inputs.regions.len()).map(|r| s.profile(r)).collect();
    profiles.sort_by(|x, y| {
        x.rank
            .unwrap_or(usize::MAX)
            .cmp(&y.rank.unwrap_or(usize::MAX))
            .then(x.region.cmp(&y.region))
    });
    let shown = a.top.unwrap_or(profiles.len());
    for p in profiles.iter().take(shown) {
        t.push(vec![
            p.region.as_str().into(),
            ds.region_name(&p.region).into(),
            ds.country(&p.region).unwrap_or_default().into(),
            p.score.into(),
            p.rank.into(),
            year.into(),
            p.group.map_or("", |g| g.name()).into(),
            p.relative_to_eu.into(),
            p.rank_range.map(|r| r.p05).into(),
            p.rank_range.map(|r| r.median).into(),
            p.rank_range.map(|r| r.p95).into(),
            (s.index.len() - p.missing.len()).into(),
            p.missing.join("; ").into(),
        ]);
    }
    let eu = s.composite.eu_score;
    report.heading.push(format!(
        "EU28 score {eu:.3} (its own values through the same normalisation); groups: leader > 120 % of it, strong 90-120 %, moderate 50-<90 %, modest < 50 %"
    ));
    report.table(
        "regions",
        format!(
            "{} EU28 NUTS-2 regions, by innovation score",
            shown.min(profiles.len())
        ),
        t,
    );
}

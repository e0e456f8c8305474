//! `smartspec innovation [REGION]`

use crate::args::{InnovationArgs, OutputFormat};
use crate::input::eu_region;
use crate::output::Report;
use anyhow::{anyhow, Context, Result};
use smartspec_core::innovation::{
    assess, AssessOptions, Assessment, InnovationProfile, UncertaintyOptions,
};
use smartspec_io::context_inputs::{embedded_innovation_inputs, innovation_default_year, WINDOW};
use smartspec_io::embedded;
use smartspec_io::nuts::{country_of, NutsRegistry};
use smartspec_io::write::Table;
use std::process::ExitCode;

/// The year and the sentence that says why.
pub fn year_of(asked: Option<i32>) -> Result<(i32, String)> {
    let context = embedded::context();
    match asked {
        Some(y) if context.year_index(y).is_some() => Ok((y, format!("year {y} (asked)"))),
        Some(y) => Err(anyhow!(
            "year {y} is not in the context data (years {}-{})",
            context.years().first().unwrap_or(&0),
            context.years().last().unwrap_or(&0)
        )),
        None => {
            let y = innovation_default_year(context).ok_or_else(|| {
                anyhow!("no year has the index indicators for 70 % of EU regions")
            })?;
            Ok((y, format!("year {y}: the latest year in which every index indicator has a value within three years for at least 70 % of EU28 NUTS-2 regions (patents end in 2012)")))
        }
    }
}

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
    let (year, why) = year_of(a.year)?;
    let assessment = assess(embedded_innovation_inputs(year), &options(&a)?);
    let mut report = Report::new();
    report.heading.push(format!(
        "{why}; values are each region's latest within {WINDOW} years"
    ));
    report.heading.push(method_line(&assessment));
    report.facts.insert("year".into(), year.into());
    match &a.region {
        None => ranking(&a, &assessment, &mut report),
        Some(code) => {
            let (code, note) = eu_region(code, &assessment.inputs.regions)?;
            if let Some(n) = note {
                report.heading.insert(0, format!("note: {n}"));
            }
            let r = assessment
                .region_id(&code)
                .ok_or_else(|| anyhow!("region {code} not found"))?;
            let p = assessment.profile(r);
            one_region(&p, a.output.format, &mut report);
            if let Some(path) = &a.svg {
                let registry = NutsRegistry::embedded();
                let title = format!(
                    "{} {}: innovation indicators against the EU and {}, {year}",
                    p.region,
                    registry.label(&p.region).unwrap_or(""),
                    country_of(&p.region)
                );
                let svg =
                    smartspec_io::profile_chart::innovation_bars(&p, &title, embedded::ATTRIBUTION);
                std::fs::write(path, svg).with_context(|| format!("writing {}", path.display()))?;
            }
        }
    }
    report.emit(&a.output)?;
    Ok(ExitCode::SUCCESS)
}

fn ranking(a: &InnovationArgs, s: &Assessment, report: &mut Report) {
    let registry = NutsRegistry::embedded();
    let mut t = Table::new(&[
        "region",
        "name",
        "country",
        "score",
        "rank",
        "group",
        "relative_to_eu",
        "rank_p05",
        "rank_median",
        "rank_p95",
        "indicators",
        "missing",
    ]);
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
            registry.label(&p.region).unwrap_or("").into(),
            country_of(&p.region).into(),
            p.score.into(),
            p.rank.into(),
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

fn fmt_opt(v: Option<f64>, d: usize) -> String {
    v.map_or("-".to_string(), |x| format!("{x:.d$}"))
}

pub(crate) fn one_region(p: &InnovationProfile, format: OutputFormat, report: &mut Report) {
    let registry = NutsRegistry::embedded();
    let name = registry.label(&p.region).unwrap_or("").to_string();
    let country = country_of(&p.region).to_string();
    report.heading.push(format!(
        "{} {name}: innovation capacity, {}",
        p.region, p.year
    ));
    report.heading.push(match (p.score, p.rank, p.group) {
        (Some(s), Some(rank), Some(g)) => format!(
            "score {s:.3} = {:.0} % of the EU ({}): {} innovator; rank {rank} of {}{}",
            p.relative_to_eu.unwrap_or(f64::NAN),
            fmt_opt(p.eu_score, 3),
            g.name(),
            p.scored,
            p.rank_range.map_or(String::new(), |r| format!(
                ", 5-95 % rank range {}-{}",
                r.p05, r.p95
            ))
        ),
        _ => format!(
            "not scored: {:.0} % of the index's indicators available, at least 67 % needed",
            100.0 * p.coverage
        ),
    });
    if !p.missing.is_empty() {
        report
            .heading
            .push(format!("missing: {}", p.missing.join("; ")));
    }
    report.heading.push(match p.balance {
        Some(b) => format!(
            "science-business balance (proxy): business {:.0} % of business + public R&D ({:.2} vs {:.2} % of GDP): {} - {}",
            100.0 * b.business_share,
            b.business,
            b.public,
            b.label.name(),
            b.label.meaning()
        ),
        None => "science-business balance (proxy): not available (R&D by sector not published)".to_string(),
    });
    let header = [
        "region",
        "name",
        "country",
        "score",
        "rank",
        "group",
        "relative_to_eu",
        "rank_p05",
        "rank_p95",
        "indicator",
        "indicator_name",
        "unit",
        "value",
        "year",
        "eu",
        "eu_year",
        "eu_source",
        "country_value",
        "country_year",
        "percentile",
        "in_index",
    ];
    let short = [
        "indicator",
        "indicator_name",
        "unit",
        "value",
        "year",
        "eu",
        "eu_source",
        "country_value",
        "percentile",
        "in_index",
    ];
    let long = format != OutputFormat::Table;
    let mut t = Table::new(if long { &header } else { &short });
    for l in &p.indicators {
        let mut row = Vec::new();
        if long {
            row.extend([
                p.region.as_str().into(),
                name.as_str().into(),
                country.as_str().into(),
                p.score.into(),
                p.rank.into(),
                p.group.map_or("", |g| g.name()).into(),
                p.relative_to_eu.into(),
                p.rank_range.map(|r| r.p05).into(),
                p.rank_range.map(|r| r.p95).into(),
            ]);
        }
        row.extend([
            l.code.as_str().into(),
            l.name.as_str().into(),
            l.unit.as_str().into(),
            l.value.map(|o| o.value).into(),
        ]);
        if long {
            row.push(l.value.map(|o| o.year).into());
            row.push(l.eu.map(|o| o.value).into());
            row.push(l.eu.map(|o| o.year).into());
        } else {
            row[3] = fmt_opt(l.value.map(|o| o.value), 2).into();
            row.push(l.value.map(|o| o.year).into());
            row.push(fmt_opt(l.eu.map(|o| o.value), 2).into());
        }
        row.push(
            if l.eu.is_some() {
                l.eu_source.name()
            } else {
                ""
            }
            .into(),
        );
        row.push(l.country.map(|o| o.value).into());
        if long {
            row.push(l.country.map(|o| o.year).into());
        }
        row.push(l.percentile.into());
        row.push((if l.weight > 0.0 { "yes" } else { "no" }).into());
        t.push(row);
    }
    report.table(
        "indicators",
        "indicators (value: the latest within three years; percentile among EU28 NUTS-2 regions)",
        t,
    );
    for (k, v) in [
        ("region", p.region.clone().into()),
        ("name", name.into()),
        ("country", country.into()),
        ("score", p.score.map_or(serde_json::Value::Null, Into::into)),
        ("rank", p.rank.map_or(serde_json::Value::Null, Into::into)),
        ("scored", p.scored.into()),
        (
            "group",
            p.group.map_or(serde_json::Value::Null, |g| g.name().into()),
        ),
        (
            "relative_to_eu",
            p.relative_to_eu.map_or(serde_json::Value::Null, Into::into),
        ),
        (
            "rank_p05",
            p.rank_range
                .map_or(serde_json::Value::Null, |r| r.p05.into()),
        ),
        (
            "rank_p95",
            p.rank_range
                .map_or(serde_json::Value::Null, |r| r.p95.into()),
        ),
        ("missing", p.missing.clone().into()),
        (
            "balance",
            p.balance
                .map_or(serde_json::Value::Null, |b| b.label.name().into()),
        ),
        (
            "business_share_of_rd",
            p.balance
                .map_or(serde_json::Value::Null, |b| b.business_share.into()),
        ),
    ] {
        report.facts.insert(k.into(), v);
    }
}

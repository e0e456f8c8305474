//! The text of a region's innovation and skills profiles, shared by
//! `innovation REGION`, `skills REGION` and `diagnose`.

use crate::output::Report;
use smartspec_analysis::Dataset;
use smartspec_core::innovation::InnovationProfile;
use smartspec_core::skills::SkillsProfile;
use smartspec_io::write::Table;

fn fmt_opt(v: Option<f64>, d: usize) -> String {
    v.map_or("-".to_string(), |x| format!("{x:.d$}"))
}

/// One region's innovation profile into `report` (`text`: the short table
/// of the text format; otherwise every column).
pub fn innovation(ds: &Dataset, p: &InnovationProfile, text: bool, report: &mut Report) {
    let name = ds.region_name(&p.region);
    let country = ds.country(&p.region).unwrap_or_default();
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
    let header = crate::output::ranked(&[
        "group",
        "relative_to_eu",
        "rank_p05",
        "rank_p95",
        "indicator",
        "indicator_name",
        "unit",
        "value",
        "value_year",
        "eu",
        "eu_year",
        "eu_source",
        "country_value",
        "country_year",
        "percentile",
        "in_index",
    ]);
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
    let long = !text;
    let mut t = if long {
        Table::new(&header)
    } else {
        Table::new(&short)
    };
    for l in &p.indicators {
        let mut row = Vec::new();
        if long {
            row.extend([
                p.region.as_str().into(),
                name.as_str().into(),
                country.as_str().into(),
                p.score.into(),
                p.rank.into(),
                p.year.into(),
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

/// One region's skills profile into `report`, for `year` (the LFS year of
/// the profile may be earlier; both are said).
pub fn skills(ds: &Dataset, p: &SkillsProfile, year: i32, report: &mut Report) {
    let name = ds.region_name(&p.region);
    report.heading.push(if p.year == year {
        format!("{} {name}: skills alignment, {year}", p.region)
    } else {
        format!(
            "{} {name}: skills alignment, {year} (LFS data of {})",
            p.region, p.year
        )
    });
    report.heading.push(format!(
        "tertiary share of employment 25-64: actual {} %, expected from the sector mix {} % (95 % interval {}), gap {} points ({}), trend {} points a year",
        fmt_opt(p.actual, 1),
        fmt_opt(p.expected, 1),
        p.expected_interval.map_or("-".into(), |(lo, hi)| format!("{lo:.1}-{hi:.1}")),
        fmt_opt(p.gap, 1),
        p.verdict.map_or("not judged", |v| v.name()),
        fmt_opt(p.gap_trend, 2)
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

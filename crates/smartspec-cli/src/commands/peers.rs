//! `smartspec peers REGION`

use crate::args::PeersArgs;
use crate::output::{ranked, Report};
use anyhow::Result;
use smartspec_analysis::peers::{Countries, PeerSearch};
use smartspec_analysis::Analysis;
use smartspec_io::write::Table;
use std::process::ExitCode;

pub fn run(a: PeersArgs) -> Result<ExitCode> {
    let countries = if a.same_country {
        Countries::Same
    } else if a.other_countries {
        Countries::Other
    } else {
        Countries::Any
    };
    let data = crate::input::data(&a.data)?;
    let analysis = Analysis::new(data.dataset.clone());
    let ds = analysis.dataset();
    let PeerSearch {
        region: ry,
        peers,
        variables,
    } = analysis.peers(
        &a.region,
        a.year,
        a.top,
        countries,
        a.cosine_weight,
        &data.extra(),
    )?;
    let year = ry.year;
    let panel = ds.panel();
    let mut report = Report::new();
    if let Some(n) = &ry.note {
        report.heading.push(format!("note: {n}"));
    }
    report.heading.push(format!(
        "{} {}: structurally similar regions, {year}",
        ry.code,
        ds.region_name(&ry.code)
    ));
    report.heading.push(format!(
        "distance on {} standardised variables (ln population, GDP per head PPS, GDP per worker, unemployment rate, innovation block: R&D, tertiary attainment, KIS and high-tech manufacturing employment; manufacturing share, section shares as one block{}; those the dataset has) + {} x (1 - cosine of activity shares); lower is closer",
        variables,
        if data.extra.is_empty() { "" } else { ", --context indicators" },
        a.cosine_weight
    ));
    let mut t = Table::new(&ranked(&["cosine", "differs_most"]));
    for (k, p) in peers.iter().enumerate() {
        let code = panel.regions().code(p.region as u32);
        let diffs: Vec<String> = p
            .differences
            .iter()
            .map(|(n, d)| format!("{n} ({d:+.2} sd)"))
            .collect();
        t.push(vec![
            code.into(),
            ds.region_name(code).into(),
            ds.country(code).unwrap_or_default().into(),
            p.distance.into(),
            (k + 1).into(),
            year.into(),
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
    report.facts.insert("variables".into(), variables.into());
    report.emit(&a.output)?;
    Ok(ExitCode::SUCCESS)
}

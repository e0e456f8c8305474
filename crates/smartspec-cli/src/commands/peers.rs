//! `smartspec peers REGION`

use crate::args::PeersArgs;
use crate::input::{load_context, region_year};
use crate::output::Report;
use anyhow::{bail, Result};
use smartspec_core::Panel;
use smartspec_io::embedded;
use smartspec_io::nuts::{country_of, NutsRegistry};
use smartspec_io::write::Table;
use std::process::ExitCode;

/// Which countries peers may come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Countries {
    /// Any.
    Any,
    /// The region's own.
    Same,
    /// Any other.
    Other,
}

/// A finished peer search.
pub struct PeerSearch {
    /// The region (mapped from another NUTS version if needed).
    pub region: crate::input::RegionYear,
    /// Peers, nearest first.
    pub peers: Vec<smartspec_core::benchmarking::Peer>,
    /// Number of structural variables.
    pub variables: usize,
}

/// The `top` structural peers of `region` on the embedded data.
pub fn find(
    region: &str,
    year: Option<i32>,
    top: usize,
    countries: Countries,
    cosine_weight: f64,
    context: &[Panel],
) -> Result<PeerSearch> {
    if !(cosine_weight >= 0.0) {
        bail!("--cosine-weight must be zero or positive");
    }
    let panel = embedded::default_panel();
    let ry = region_year(panel, region, year)?;
    let (structure, variables) =
        smartspec_io::analysis::peer_structure(ry.y, cosine_weight, context);
    let country = country_of(&ry.code).to_string();
    let peers = structure.peers(ry.r, top, |r| {
        let c = country_of(panel.regions().code(r as u32));
        let country_ok = match countries {
            Countries::Same => c == country,
            Countries::Other => c != country,
            Countries::Any => true,
        };
        country_ok
            && panel
                .latest_year_of(panel.regions().code(r as u32))
                .is_some()
    });
    Ok(PeerSearch {
        region: ry,
        peers,
        variables,
    })
}

pub fn run(a: PeersArgs) -> Result<ExitCode> {
    let countries = if a.same_country {
        Countries::Same
    } else if a.other_countries {
        Countries::Other
    } else {
        Countries::Any
    };
    let context = load_context(&a.context)?;
    let PeerSearch {
        region: ry,
        peers,
        variables,
    } = find(
        &a.region,
        a.year,
        a.top,
        countries,
        a.cosine_weight,
        &context,
    )?;
    let year = ry.year;
    let panel = embedded::default_panel();
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
        "distance on {} standardised variables (ln population, GDP per head PPS, GDP per worker, unemployment rate, innovation block: R&D, tertiary attainment, KIS and high-tech manufacturing employment; manufacturing share, section shares as one block{}) + {} x (1 - cosine of division shares); lower is closer",
        variables,
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

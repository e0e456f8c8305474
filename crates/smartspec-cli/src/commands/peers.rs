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
    let sections = embedded::sections_panel();
    let ry = region_year(panel, region, year)?;
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
    let measures = crate::screening::measures(context, year, (2008, 2010));
    let measure = |id: &str| -> Vec<f64> {
        panel
            .regions()
            .iter()
            .map(|code| {
                measures
                    .measure(id, code)
                    .ok()
                    .flatten()
                    .map_or(f64::NAN, |o| o.value)
            })
            .collect()
    };
    let mut vars = Vec::new();
    vars.push(Variable {
        name: "ln_population".into(),
        values: measure("population")
            .iter()
            .map(|p| if *p > 0.0 { p.ln() } else { f64::NAN })
            .collect(),
        weight: 1.0,
    });
    for (name, id) in [
        ("gdp_pps_per_head", "gdp_per_head_pps"),
        ("gdp_per_worker", "gdp_per_worker"),
        ("unemployment_rate", "unemployment_rate"),
    ] {
        vars.push(Variable {
            name: name.into(),
            values: measure(id),
            weight: 1.0,
        });
    }
    // innovation, as one block of weight 1
    let innovation = [
        "gerd",
        "tertiary_share",
        "kis_share",
        "htec_manufacturing_share",
    ];
    for id in innovation {
        vars.push(Variable {
            name: id.into(),
            values: measure(id),
            weight: 1.0 / innovation.len() as f64,
        });
    }
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
    for ctx in context {
        for ind in ctx.activities().iter() {
            vars.push(Variable {
                name: ind.to_string(),
                values: latest(ctx, panel, ind, year),
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
    let structure = Structure::new(&vars, shares, cosine_weight);
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
        variables: vars.len(),
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

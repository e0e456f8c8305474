//! Structurally similar regions (`smartspec peers`, `GET
//! /v1/regions/{code}/peers`, the diagnostic): the distance of
//! `smartspec_core::benchmarking` on a dataset.
//!
//! The variables, each standardised over the dataset's regions: ln
//! population, GDP per head (PPS), GDP per worker, unemployment rate, an
//! innovation block (GERD, tertiary share, knowledge-intensive services,
//! high-tech manufacturing; weight 1 together), the manufacturing share, the
//! NACE section shares as one block, and every indicator of the `extra`
//! panels (a command's `--context` files, their latest value within three
//! years); plus the cosine of the activity shares. A variable no region has
//! is left out, so a panel without context data is compared on its
//! activity structure alone.

use crate::screening::measures;
use crate::{Analysis, AnalysisError, Dataset, RegionYear};
use smartspec_core::benchmarking::{Peer, Structure, Variable};
use smartspec_core::{Cell, Panel};

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
    /// The region.
    pub region: RegionYear,
    /// Peers, nearest first.
    pub peers: Vec<Peer>,
    /// Number of structural variables used.
    pub variables: usize,
}

/// The structural model of `ds` in year index `y`: the model and the
/// number of variables.
pub fn peer_structure(
    ds: &Dataset,
    y: usize,
    cosine_weight: f64,
    extra: &[&Panel],
) -> (Structure, usize) {
    let panel = ds.panel();
    let year = panel.years()[y];
    let (nr, na) = (panel.regions().len(), panel.activities().len());
    let totals = ds.total_values(year);
    let m = measures(ds, year, (2008, 2010));
    let measure = |id: &str| -> Vec<f64> {
        panel
            .regions()
            .iter()
            .map(|code| {
                m.measure(id, code)
                    .ok()
                    .flatten()
                    .map_or(f64::NAN, |o| o.value)
            })
            .collect()
    };
    let mut vars = Vec::new();
    let mut push = |name: String, values: Vec<f64>, weight: f64| {
        if values.iter().any(|v| v.is_finite()) {
            vars.push(Variable {
                name,
                values,
                weight,
            });
        }
    };
    push(
        "ln_population".into(),
        measure("population")
            .iter()
            .map(|p| if *p > 0.0 { p.ln() } else { f64::NAN })
            .collect(),
        1.0,
    );
    for (name, id) in [
        ("gdp_pps_per_head", "gdp_per_head_pps"),
        ("gdp_per_worker", "gdp_per_worker"),
        ("unemployment_rate", "unemployment_rate"),
    ] {
        push(name.into(), measure(id), 1.0);
    }
    let innovation = [
        "gerd",
        "tertiary_share",
        "kis_share",
        "htec_manufacturing_share",
    ];
    for id in innovation {
        push(id.into(), measure(id), 1.0 / innovation.len() as f64);
    }
    if let Some(sections) = ds.sections() {
        let sy = sections.year_index(year);
        let share = |r: usize, s: usize| -> f64 {
            let code = panel.regions().code(r as u32);
            match (sections.regions().id(code), sy) {
                (Some(sr), Some(sy)) => match sections.cell(sy, sr as usize, s) {
                    Cell::Value(v) if totals[r] > 0.0 => v / totals[r],
                    _ => f64::NAN,
                },
                _ => f64::NAN,
            }
        };
        if let Some(c) = sections.activities().id("C") {
            push(
                "manufacturing_share".into(),
                (0..nr).map(|r| share(r, c as usize)).collect(),
                1.0,
            );
        }
        let ns = sections.activities().len();
        for s in 0..ns {
            let code = sections.activities().code(s as u32);
            push(
                format!("share_{code}"),
                (0..nr).map(|r| share(r, s)).collect(),
                1.0 / ns as f64,
            );
        }
    }
    for ctx in extra {
        for ind in ctx.activities().iter() {
            push(
                ind.to_string(),
                panel
                    .regions()
                    .iter()
                    .map(|code| {
                        crate::latest::latest(
                            &[ctx],
                            code,
                            ind,
                            year,
                            crate::context_inputs::WINDOW,
                        )
                        .map_or(f64::NAN, |o| o.value)
                    })
                    .collect(),
                1.0,
            );
        }
    }
    let shares: Vec<Vec<f64>> = (0..nr)
        .map(|r| {
            (0..na)
                .map(|p| match panel.cell(y, r, p) {
                    Cell::Value(v) if totals[r] > 0.0 => v / totals[r],
                    _ => f64::NAN,
                })
                .collect()
        })
        .collect();
    let n = vars.len();
    (Structure::new(&vars, shares, cosine_weight), n)
}

impl Analysis {
    /// The `top` structural peers of `region` in `year` (default: the
    /// dataset's default year) among the regions with data that year.
    pub fn peers(
        &self,
        region: &str,
        year: Option<i32>,
        top: usize,
        countries: Countries,
        cosine_weight: f64,
        extra: &[&Panel],
    ) -> Result<PeerSearch, AnalysisError> {
        if !(cosine_weight.is_finite() && cosine_weight >= 0.0) {
            return Err(AnalysisError::invalid(
                "cosine_weight",
                "must be zero or positive",
            ));
        }
        let ds = self.dataset();
        let ry = crate::region::region_year(ds, region, year)?;
        let (structure, variables) = peer_structure(ds, ry.y, cosine_weight, extra);
        let panel = ds.panel();
        let country = ds.country(&ry.code);
        let has_data = |r: usize| {
            (0..panel.activities().len()).any(|a| matches!(panel.cell(ry.y, r, a), Cell::Value(_)))
        };
        let peers = structure.peers(ry.r, top, |r| {
            let c = ds.country(panel.regions().code(r as u32));
            let country_ok = match countries {
                Countries::Same => c == country,
                Countries::Other => c != country,
                Countries::Any => true,
            };
            country_ok && has_data(r)
        });
        Ok(PeerSearch {
            region: ry,
            peers,
            variables,
        })
    }
}

//! Analyses shared by the command line and the HTTP server: the inputs of
//! the indicator pipeline on the embedded data (region totals from NACE
//! sections, the EU28 reference economy, population from the context), one
//! year through the pipeline, and the structural model of `peers`.

use crate::embedded;
use smartspec_core::benchmarking::{Structure, Variable};
use smartspec_core::indicators::pipeline::{compute_year, Options, YearIndicators, YearInput};
use smartspec_core::totals::totals_from_sections;
use smartspec_core::transition::{Inputs, Measures, Window};
use smartspec_core::{Cell, Panel};

/// Region totals for year index `y`: NACE sections on the embedded data.
pub fn totals(panel: &Panel, y: usize, embedded_data: bool) -> Option<Vec<f64>> {
    embedded_data.then(|| {
        totals_from_sections(
            embedded::sections_panel(),
            panel,
            panel.years()[y],
            crate::nace::section_of,
        )
        .into_iter()
        .map(|t| t.map_or(f64::NAN, |t| t.value))
        .collect()
    })
}

/// NACE section of each activity when every activity is a NACE division (for
/// related and unrelated variety).
pub fn section_groups(panel: &Panel) -> Option<Vec<usize>> {
    use crate::nace::{level_of, NaceLevel};
    let acts = panel.activities();
    if !acts.iter().all(|a| level_of(a) == NaceLevel::Division) {
        return None;
    }
    let mut sections: Vec<&str> = acts.iter().map(|a| &a[..1]).collect();
    sections.dedup();
    Some(
        acts.iter()
            .map(|a| sections.iter().position(|s| *s == &a[..1]).unwrap_or(0))
            .collect(),
    )
}

/// The EU28 regions as the RCA reference economy on NUTS data (`None`:
/// every region).
pub fn reference_regions(panel: &Panel) -> Option<Vec<bool>> {
    use crate::nuts::{country_of, is_eu28};
    if !matches!(panel.meta().regions, smartspec_core::RegionScheme::Nuts(_)) {
        return None;
    }
    let mask: Vec<bool> = panel
        .regions()
        .iter()
        .map(|r| is_eu28(country_of(r)))
        .collect();
    mask.iter().any(|&b| b).then_some(mask)
}

/// Population of every region in `year`, in thousands: indicator `POP_THS`
/// (or `POP`) of the context panels (the embedded GDP/population context on
/// the embedded data, plus `--context` files). `None` when no region has one.
pub fn population(panel: &Panel, year: i32, contexts: &[&Panel]) -> Option<Vec<f64>> {
    let pop: Vec<f64> = panel
        .regions()
        .iter()
        .map(|code| {
            contexts
                .iter()
                .find_map(|c| {
                    ["POP_THS", "POP"]
                        .iter()
                        .find_map(|ind| match c.get(code, ind, year) {
                            Some(smartspec_core::Cell::Value(v)) => Some(v),
                            _ => None,
                        })
                })
                .unwrap_or(f64::NAN)
        })
        .collect();
    pop.iter().any(|p| p.is_finite()).then_some(pop)
}

/// The context panels the indicator pipeline reads besides `--context`
/// (for the population of RCA on population): the embedded population
/// when the panel is the embedded one.
pub fn embedded_contexts(embedded_data: bool) -> Vec<&'static Panel> {
    if embedded_data {
        vec![embedded::population()]
    } else {
        Vec::new()
    }
}

/// A NUTS region of an EU28 country.
pub fn is_eu_region(code: &str) -> bool {
    crate::nuts::is_eu28(crate::nuts::country_of(code))
}

/// The measures of the embedded data (with `context` panels searched
/// first) for `year`.
pub fn measures<'a>(context: &'a [Panel], year: i32, start: (i32, i32)) -> Measures<'a> {
    let mut panels: Vec<&Panel> = context.iter().collect();
    panels.push(embedded::context());
    let mut window = Window::new(year);
    (window.start_first, window.start_last) = start;
    Measures::new(
        Inputs {
            sections: embedded::sections_panel(),
            divisions: embedded::default_panel(),
            context: panels,
            section_of: crate::nace::section_of,
            is_eu: is_eu_region,
        },
        window,
    )
}

/// One year of `panel` through the pipeline, with the totals, reference
/// regions, section groups and population the command line uses.
pub fn compute(
    panel: &Panel,
    y: usize,
    embedded_data: bool,
    contexts: &[&Panel],
    opts: &Options,
) -> YearIndicators {
    let groups = section_groups(panel);
    let reference = reference_regions(panel);
    let t = totals(panel, y, embedded_data);
    let pop = population(panel, panel.years()[y], contexts);
    let input = YearInput {
        totals: t.as_deref(),
        groups: groups.as_deref(),
        reference: reference.as_deref(),
        population: pop.as_deref(),
    };
    compute_year(panel, y, &input, opts)
}

/// The latest value of `indicator` for every region of `regions` up to `year`.
pub fn latest(context: &Panel, regions: &Panel, indicator: &str, year: i32) -> Vec<f64> {
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

/// The structural model of `peers` on the embedded panel in year index `y`
/// (the variables and weights are documented in `smartspec peers --help`):
/// ln population, GDP per head (PPS), GDP per worker, unemployment rate, an
/// innovation block (GERD, tertiary share, knowledge-intensive services,
/// high-tech manufacturing; weight 1 together), manufacturing share, the
/// NACE section shares as one block, every indicator of the `context`
/// panels, and the division shares for the cosine term. Returns the model
/// and the number of variables.
pub fn peer_structure(y: usize, cosine_weight: f64, context: &[Panel]) -> (Structure, usize) {
    let panel = embedded::default_panel();
    let sections = embedded::sections_panel();
    let year = panel.years()[y];
    let (nr, na) = (panel.regions().len(), panel.activities().len());
    let totals = totals_from_sections(sections, panel, year, crate::nace::section_of);
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
    let measures = measures(context, year, (2008, 2010));
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
    (Structure::new(&vars, shares, cosine_weight), vars.len())
}

/// The panel activities a priority's NACE code stands for: a division
/// itself, a section all its divisions, a group or class its division.
/// Empty when the code matches no activity of the panel.
pub fn divisions_of(panel: &Panel, code: &str) -> Vec<usize> {
    let acts = panel.activities();
    if let Some(id) = acts.id(code) {
        return vec![id as usize];
    }
    if code.len() == 1 {
        return (0..acts.len())
            .filter(|&a| crate::nace::section_of(acts.code(a as u32)) == Some(code))
            .collect();
    }
    code.get(..3)
        .and_then(|d| acts.id(d))
        .map(|id| vec![id as usize])
        .unwrap_or_default()
}

/// The evidence of `activities` for region `r`: RCA, employment, density
/// and PCI from `now`, the RCA trend per year against `before`.
pub fn activity_evidence(
    panel: &Panel,
    now: &YearIndicators,
    before: Option<&YearIndicators>,
    r: usize,
    activities: &[usize],
    threshold: f64,
) -> Vec<smartspec_core::evidence::ActivityEvidence> {
    use smartspec_core::evidence::{percentile, ActivityEvidence};
    let na = panel.activities().len();
    let pool: Vec<f64> = (0..na)
        .filter(|&p| now.rca.get(r, p) < threshold)
        .map(|p| now.density.get(r, p))
        .collect();
    let y = panel.year_index(now.year);
    activities
        .iter()
        .map(|&p| {
            let rca = now.rca.get(r, p);
            let rca_trend = match before {
                Some(b) if b.year < now.year => {
                    (rca - b.rca.get(r, p)) / f64::from(now.year - b.year)
                }
                _ => f64::NAN,
            };
            let density = now.density.get(r, p);
            ActivityEvidence {
                activity: panel.activities().code(p as u32).to_string(),
                rca,
                employment: y
                    .and_then(|y| match panel.cell(y, r, p) {
                        Cell::Value(v) => Some(v),
                        _ => None,
                    })
                    .unwrap_or(f64::NAN),
                rca_trend: if rca_trend.is_finite() {
                    rca_trend
                } else {
                    f64::NAN
                },
                density,
                density_percentile: percentile(density, &pool),
                complexity: now.pci[p],
            }
        })
        .collect()
}

/// Years over which the evidence check measures the RCA trend.
pub const TREND_WINDOW: i32 = 5;

/// The year index `TREND_WINDOW` years before `y` (or the panel's first
/// year when the window reaches past it); `None` when `y` is the first year.
pub fn trend_origin(panel: &Panel, y: usize) -> Option<usize> {
    let years = panel.years();
    let target = years[y] - TREND_WINDOW;
    let origin = (0..y).find(|&i| years[i] >= target)?;
    Some(origin)
}

/// The evidence of a priority's NACE codes for region `r`: the panel
/// activities they stand for ([`divisions_of`], duplicates removed) with
/// their measures, and the codes that match no activity of the panel.
pub fn priority_evidence(
    panel: &Panel,
    now: &YearIndicators,
    before: Option<&YearIndicators>,
    r: usize,
    codes: &[String],
    threshold: f64,
) -> (Vec<smartspec_core::evidence::ActivityEvidence>, Vec<String>) {
    let mut acts = Vec::new();
    let mut unmatched = Vec::new();
    for c in codes {
        let found = divisions_of(panel, c);
        if found.is_empty() {
            unmatched.push(c.clone());
        }
        for a in found {
            if !acts.contains(&a) {
                acts.push(a);
            }
        }
    }
    (
        activity_evidence(panel, now, before, r, &acts, threshold),
        unmatched,
    )
}

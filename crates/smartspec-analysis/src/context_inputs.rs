//! The inputs of the innovation and skills analyses, assembled from a
//! dataset's context panels ([`Dataset::context`]; the embedded context on
//! the embedded data, NUTS 2013) and the sources' EU28 rows
//! ([`Dataset::eu`]). The indicators, datasets and rules are
//! listed in `docs/innovation-skills.md`.
//!
//! * **Regions**: the EU28 NUTS-2 regions of the context panel.
//! * **Year of a value**: the latest year from `year − 3` to `year`
//!   ([`WINDOW`]); the year is kept with the value.
//! * **EU value**: the source's EU28 row; where the source has none (adult
//!   learning `trng_lfse_04`, patents `tgs00040`), the mean of the EU28
//!   regions' values weighted by their population (`POP_NR`, else
//!   `POP_THS`) in the latest year of the window in which at least 70 % of
//!   the regions have a value.
//! * **Country value**: the source's NUTS-0 row; where there is none (the
//!   i40 extract has none), the population-weighted mean of the country's
//!   NUTS-2 regions, by the same rule as the EU value.
//! * **Derived indicators**: public R&D = `GOV + HES` (where one is not
//!   published, `TOTAL − BES`, which then includes the small private
//!   non-profit sector); R&D personnel = `BES + GOV + HES` (+ `PNP` where
//!   published), all in the same year.
//! * **Sector shares** (skills): employment 25–64 by A*10 sector; the
//!   no-response category is dropped and the ten sectors re-normalised. A
//!   sector not published (confidential or unreliable, usually real estate
//!   or finance in small regions) is estimated: alone, it is the residual
//!   `TOTAL − NRP − Σ published sectors` (the region still enters the
//!   regression); with others, the residual is split among them in
//!   proportion to the country's (else the EU's) employment in them (the
//!   region gets an expected share but stays out of the regression).

use crate::Dataset;
use smartspec_core::innovation::{EuSource, Indicator, InnovationInputs, Observation};
use smartspec_core::skills::sectors::A10;
use smartspec_core::skills::{EuYear, RegionYear, SkillsInputs};
use smartspec_core::{Cell, Panel};
use smartspec_io::embedded::EU28;
use smartspec_io::nuts::{country_of, is_eu28, is_extra_regio, level_of};

/// Values are the latest from `year − WINDOW` to `year`.
pub const WINDOW: i32 = 3;
/// Share of regions an indicator needs in a year to make it a default year.
pub const DEFAULT_YEAR_COVERAGE: f64 = 0.7;

/// The years of `panels`, ascending, each once.
pub fn years_of(panels: &[&Panel]) -> Vec<i32> {
    let mut years: Vec<i32> = panels
        .iter()
        .flat_map(|p| p.years().iter().copied())
        .collect();
    years.sort_unstable();
    years.dedup();
    years
}

/// Lookups in long context panels, searched in order.
#[derive(Clone)]
pub struct Context<'a> {
    panels: Vec<&'a Panel>,
    years: Vec<i32>,
}

impl<'a> Context<'a> {
    /// Wraps panels of `region × indicator × year`.
    pub fn new(panels: Vec<&'a Panel>) -> Self {
        let years = years_of(&panels);
        Context { panels, years }
    }

    /// The value of `indicator` for `region` in `year`, if published.
    pub fn value(&self, region: &str, indicator: &str, year: i32) -> Option<f64> {
        self.panels
            .iter()
            .find_map(|p| match p.get(region, indicator, year)? {
                Cell::Value(v) if v.is_finite() => Some(v),
                _ => None,
            })
    }

    /// The latest year in `[year − window, year]` where `f(y)` is known
    /// ([`crate::latest::latest_by`]).
    pub fn latest(
        &self,
        year: i32,
        window: i32,
        f: impl Fn(i32) -> Option<f64>,
    ) -> Option<Observation> {
        crate::latest::latest_by(year, window, f)
    }

    /// The EU28 NUTS-2 regions of the panels, in code order.
    pub fn eu_regions(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .panels
            .iter()
            .flat_map(|p| p.regions().iter())
            .filter(|c| level_of(c) == Some(2) && !is_extra_regio(c) && is_eu28(country_of(c)))
            .map(str::to_string)
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// Years of the panels.
    pub fn years(&self) -> &[i32] {
        &self.years
    }

    fn population(&self, region: &str, year: i32) -> Option<f64> {
        self.value(region, "POP_NR", year)
            .or_else(|| self.value(region, "POP_THS", year).map(|p| 1000.0 * p))
    }
}

/// How an indicator is read.
#[derive(Debug, Clone, Copy)]
enum Rule {
    /// One code as published.
    Code(&'static str),
    /// `GOV + HES`, else `TOTAL − BES`.
    PublicRd,
    /// `BES + GOV + HES (+ PNP)` of R&D personnel.
    RdPersonnel,
}

struct Spec {
    code: &'static str,
    name: &'static str,
    dataset: &'static str,
    unit: &'static str,
    in_index: bool,
    rule: Rule,
}

const SPECS: &[Spec] = &[
    Spec {
        code: "GERD_PC_GDP:TOTAL",
        name: "R&D expenditure, all sectors",
        dataset: "rd_e_gerdreg",
        unit: "% of GDP",
        in_index: false,
        rule: Rule::Code("GERD_PC_GDP:TOTAL"),
    },
    Spec {
        code: "GERD_PC_GDP:BES",
        name: "R&D expenditure, business",
        dataset: "rd_e_gerdreg",
        unit: "% of GDP",
        in_index: true,
        rule: Rule::Code("GERD_PC_GDP:BES"),
    },
    Spec {
        code: "GERD_PC_GDP:GOV+HES",
        name: "R&D expenditure, public (gov. + higher education)",
        dataset: "rd_e_gerdreg",
        unit: "% of GDP",
        in_index: true,
        rule: Rule::PublicRd,
    },
    Spec {
        code: "GERD_PC_GDP:GOV",
        name: "R&D expenditure, government",
        dataset: "rd_e_gerdreg",
        unit: "% of GDP",
        in_index: false,
        rule: Rule::Code("GERD_PC_GDP:GOV"),
    },
    Spec {
        code: "GERD_PC_GDP:HES",
        name: "R&D expenditure, higher education",
        dataset: "rd_e_gerdreg",
        unit: "% of GDP",
        in_index: false,
        rule: Rule::Code("GERD_PC_GDP:HES"),
    },
    Spec {
        code: "GERD_PC_GDP:PNP",
        name: "R&D expenditure, private non-profit",
        dataset: "rd_e_gerdreg",
        unit: "% of GDP",
        in_index: false,
        rule: Rule::Code("GERD_PC_GDP:PNP"),
    },
    Spec {
        code: "RD_PC_EMP_FTE:SUM",
        name: "R&D personnel, all sectors",
        dataset: "rd_p_persreg",
        unit: "% of employment (FTE)",
        in_index: false,
        rule: Rule::RdPersonnel,
    },
    Spec {
        code: "HRST_PC_POP:HRST",
        name: "human resources in science and technology",
        dataset: "hrst_st_rcat",
        unit: "% of population",
        in_index: false,
        rule: Rule::Code("HRST_PC_POP:HRST"),
    },
    Spec {
        code: "EDAT_PC:ED5-8",
        name: "tertiary attainment, 25-64",
        dataset: "edat_lfse_04",
        unit: "% of population 25-64",
        in_index: true,
        rule: Rule::Code("EDAT_PC:ED5-8"),
    },
    Spec {
        code: "LLL_PC",
        name: "lifelong learning, 25-64",
        dataset: "trng_lfse_04",
        unit: "% of population 25-64",
        in_index: true,
        rule: Rule::Code("LLL_PC"),
    },
    Spec {
        code: "PATENT_P_MHAB",
        name: "EPO patent applications",
        dataset: "tgs00040",
        unit: "per million inhabitants",
        in_index: true,
        rule: Rule::Code("PATENT_P_MHAB"),
    },
    Spec {
        code: "HTEC_PC_EMP:C_HTC_MH",
        name: "employment in high and medium-high-tech manufacturing",
        dataset: "htec_emp_reg2",
        unit: "% of employment",
        in_index: true,
        rule: Rule::Code("HTEC_PC_EMP:C_HTC_MH"),
    },
    Spec {
        code: "HTEC_PC_EMP:KIS",
        name: "employment in knowledge-intensive services",
        dataset: "htec_emp_reg2",
        unit: "% of employment",
        in_index: true,
        rule: Rule::Code("HTEC_PC_EMP:KIS"),
    },
];

fn read(ctx: &Context<'_>, rule: Rule, region: &str, y: i32) -> Option<f64> {
    let v = |code: &str| ctx.value(region, code, y);
    match rule {
        Rule::Code(c) => v(c),
        Rule::PublicRd => match (v("GERD_PC_GDP:GOV"), v("GERD_PC_GDP:HES")) {
            (Some(g), Some(h)) => Some(g + h),
            _ => Some(v("GERD_PC_GDP:TOTAL")? - v("GERD_PC_GDP:BES")?).filter(|x| *x >= 0.0),
        },
        Rule::RdPersonnel => {
            let s = v("RD_PC_EMP_FTE:BES")? + v("RD_PC_EMP_FTE:GOV")? + v("RD_PC_EMP_FTE:HES")?;
            Some(s + v("RD_PC_EMP_FTE:PNP").unwrap_or(0.0))
        }
    }
}

/// The population-weighted mean of the regions' values of `f` in the latest
/// year of the window where at least 70 % of them have one.
fn weighted_eu(
    ctx: &Context<'_>,
    regions: &[String],
    year: i32,
    f: impl Fn(&str, i32) -> Option<f64>,
) -> Option<Observation> {
    (year - WINDOW..=year).rev().find_map(|y| {
        let (mut sum, mut w, mut n) = (0.0, 0.0, 0usize);
        for r in regions {
            if let (Some(v), Some(p)) = (f(r, y), ctx.population(r, y)) {
                sum += v * p;
                w += p;
                n += 1;
            }
        }
        (n as f64 >= DEFAULT_YEAR_COVERAGE * regions.len() as f64 && w > 0.0).then(|| Observation {
            value: sum / w,
            year: y,
        })
    })
}

/// The innovation inputs of `year` from a dataset's context and EU rows.
pub fn innovation_inputs(ds: &Dataset, year: i32) -> InnovationInputs {
    let ctx = Context::new(ds.context());
    let euc = Context::new(ds.eu().into_iter().collect());
    let regions = ctx.eu_regions();
    let indicators = SPECS
        .iter()
        .map(|s| {
            let published = euc.latest(year, WINDOW, |y| read(&euc, s.rule, EU28, y));
            let (eu, eu_source) = match published {
                Some(o) => (Some(o), EuSource::Published),
                None => (
                    weighted_eu(&ctx, &regions, year, |r, y| read(&ctx, s.rule, r, y)),
                    EuSource::PopulationWeighted,
                ),
            };
            Indicator {
                code: s.code.into(),
                name: s.name.into(),
                dataset: s.dataset.into(),
                unit: s.unit.into(),
                weight: if s.in_index { 1.0 } else { 0.0 },
                values: regions
                    .iter()
                    .map(|r| ctx.latest(year, WINDOW, |y| read(&ctx, s.rule, r, y)))
                    .collect(),
                country: regions
                    .iter()
                    .map(|r| {
                        let c = country_of(r);
                        ctx.latest(year, WINDOW, |y| read(&ctx, s.rule, c, y))
                            .or_else(|| {
                                let members: Vec<String> = regions
                                    .iter()
                                    .filter(|m| country_of(m) == c)
                                    .cloned()
                                    .collect();
                                weighted_eu(&ctx, &members, year, |m, y| read(&ctx, s.rule, m, y))
                            })
                    })
                    .collect(),
                eu,
                eu_source,
            }
        })
        .collect();
    InnovationInputs {
        year,
        window: WINDOW,
        regions,
        indicators,
    }
}

/// The latest year in which every indicator of the index has a value
/// (within the window) for at least 70 % of the EU28 NUTS-2 regions (a
/// coverage figure of the data; the year the commands use is the dataset's
/// default year, [`Dataset::default_year`]).
pub fn innovation_coverage_year(ds: &Dataset) -> Option<i32> {
    let ctx = Context::new(ds.context());
    let regions = ctx.eu_regions();
    let need = DEFAULT_YEAR_COVERAGE * regions.len() as f64;
    ctx.years().iter().rev().copied().find(|&year| {
        SPECS.iter().filter(|s| s.in_index).all(|s| {
            let n = regions
                .iter()
                .filter(|r| {
                    ctx.latest(year, WINDOW, |y| read(&ctx, s.rule, r, y))
                        .is_some()
                })
                .count();
            n as f64 >= need
        })
    })
}

fn shares3(ctx: &Context<'_>, region: &str, prefix: &str, y: i32) -> Option<[f64; 3]> {
    let g = |e: &str| ctx.value(region, &format!("{prefix}:{e}"), y);
    let (a, b, c) = (g("ED0-2")?, g("ED3_4")?, g("ED5-8")?);
    let t = a + b + c;
    (t > 0.0).then(|| [a / t, b / t, c / t])
}

/// Sector counts of employment 25–64 with the estimation rule of the module
/// doc: `(counts, exact, estimated sectors)`.
fn sector_counts(
    ctx: &Context<'_>,
    region: &str,
    y: i32,
    reference: &[Option<f64>],
) -> Option<(Vec<f64>, bool, Vec<usize>)> {
    let code = |s: &str| format!("LFS_EMP25_THS:{s}");
    let known: Vec<Option<f64>> = A10.iter().map(|s| ctx.value(region, &code(s), y)).collect();
    let missing: Vec<usize> = (0..A10.len()).filter(|&j| known[j].is_none()).collect();
    let mut counts: Vec<f64> = known.iter().map(|v| v.unwrap_or(0.0)).collect();
    if missing.is_empty() {
        return Some((counts, true, missing));
    }
    if missing.len() == A10.len() {
        return None;
    }
    let total = ctx.value(region, &code("TOTAL"), y)?;
    let nrp = ctx.value(region, &code("NRP"), y).unwrap_or(0.0);
    let residual = (total - nrp - counts.iter().sum::<f64>()).max(0.0);
    if missing.len() == 1 {
        counts[missing[0]] = residual;
        return Some((counts, true, missing));
    }
    let w: Vec<f64> = missing
        .iter()
        .map(|&j| reference[j].unwrap_or(0.0))
        .collect();
    let ws: f64 = w.iter().sum();
    if ws <= 0.0 {
        return None;
    }
    for (&j, wj) in missing.iter().zip(&w) {
        counts[j] = residual * wj / ws;
    }
    Some((counts, false, missing))
}

fn normalise(counts: &[f64]) -> Option<Vec<f64>> {
    let t: f64 = counts.iter().sum();
    (t > 0.0).then(|| counts.iter().map(|c| c / t).collect())
}

fn tertiary_employment(ctx: &Context<'_>, region: &str, y: i32) -> Option<f64> {
    shares3(ctx, region, "LFS_EMP25_EDU_THS", y).map(|s| s[2])
}

/// The skills inputs (every year with LFS sector data) from a dataset's
/// context and EU rows.
pub fn skills_inputs(ds: &Dataset) -> SkillsInputs {
    let ctx = Context::new(ds.context());
    let euc = Context::new(ds.eu().into_iter().collect());
    let eu28 = EU28;
    let regions = ctx.eu_regions();
    let years: Vec<i32> = ctx
        .years()
        .iter()
        .copied()
        .filter(|&y| {
            regions
                .iter()
                .any(|r| ctx.value(r, "LFS_EMP25_THS:TOTAL", y).is_some())
        })
        .collect();
    let counts_of = |c: &Context<'_>, region: &str, y: i32| -> Vec<Option<f64>> {
        A10.iter()
            .map(|s| c.value(region, &format!("LFS_EMP25_THS:{s}"), y))
            .collect()
    };
    let data = years
        .iter()
        .map(|&y| {
            let eu_counts = counts_of(&euc, eu28, y);
            regions
                .iter()
                .map(|r| {
                    let country = counts_of(&ctx, country_of(r), y);
                    let reference: Vec<Option<f64>> = country
                        .iter()
                        .zip(&eu_counts)
                        .map(|(c, e)| c.or(*e))
                        .collect();
                    let sectors = sector_counts(&ctx, r, y, &reference);
                    let (shares, exact, estimated) = match sectors {
                        Some((c, exact, est)) => (normalise(&c), exact, est),
                        None => (None, false, Vec::new()),
                    };
                    RegionYear {
                        exact: exact && shares.is_some(),
                        shares,
                        estimated,
                        tertiary_employment: tertiary_employment(&ctx, r, y),
                        attainment: shares3(&ctx, r, "LFS_ACT25_EDU_THS", y),
                        hrst: ctx.value(r, "HRST_PC_POP:HRST", y),
                        lll: ctx.value(r, "LLL_PC", y),
                    }
                })
                .collect()
        })
        .collect();
    let eu_years = years
        .iter()
        .map(|&y| EuYear {
            shares: counts_of(&euc, eu28, y)
                .into_iter()
                .collect::<Option<Vec<f64>>>()
                .and_then(|c| normalise(&c)),
            tertiary_employment: tertiary_employment(&euc, eu28, y),
            attainment: shares3(&euc, eu28, "LFS_ACT25_EDU_THS", y),
            hrst: euc.value(eu28, "HRST_PC_POP:HRST", y),
            lll: match euc.value(eu28, "LLL_PC", y) {
                Some(v) => Some((v, EuSource::Published)),
                None => weighted_eu(&ctx, &regions, y, |r, yy| {
                    (yy == y).then(|| ctx.value(r, "LLL_PC", yy)).flatten()
                })
                .map(|o| (o.value, EuSource::PopulationWeighted)),
            },
        })
        .collect();
    SkillsInputs {
        regions,
        years,
        sectors: A10.iter().map(|s| s.to_string()).collect(),
        data,
        eu: eu_years,
    }
}

/// The latest year in which at least 70 % of the EU28 NUTS-2 regions have
/// both published sector shares and the education of their employment (a
/// coverage figure; the commands use the dataset's default year).
pub fn skills_coverage_year(inputs: &SkillsInputs) -> Option<i32> {
    let need = DEFAULT_YEAR_COVERAGE * inputs.regions.len() as f64;
    (0..inputs.years.len()).rev().find_map(|y| {
        let n = inputs.data[y]
            .iter()
            .filter(|d| d.exact && d.tertiary_employment.is_some())
            .count();
        (n as f64 >= need).then_some(inputs.years[y])
    })
}

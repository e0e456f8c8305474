//! The regional measures the screening criteria read, with their fallbacks.
//!
//! Every measure is taken in the screening year `Y` or, failing that, the
//! nearest year within `±reach` (2 by default; the earlier year first on a
//! tie: `Y, Y−1, Y+1, Y−2, Y+2`). A *start* value is the first year of the
//! start window (2008–2010 by default) with data. Changes and growth rates
//! use the same source at both ends.
//!
//! **Manufacturing share** (% of employment), in this order:
//! 1. SBS: persons employed in section C over the sum of the region's
//!    sections (the region total of `docs/conventions.md`), in `Y`;
//! 2. the same in the nearest year within `±reach`;
//! 3. LFS: employment in industry `B-E` over total employment less no
//!    response (`lfst_r_lfe2en2`), in `Y` or the nearest year — labelled a
//!    *proxy*: industry includes mining and utilities and the LFS counts
//!    people where they live, so it is compared only with other LFS values.
//!
//! **Changes** (manufacturing share, unemployment, any `context:CODE:change`)
//! are annualised: `(x_end − x_start) / (end − start)` in points a year, so
//! regions whose start falls in 2008, 2009 or 2010 are comparable.
//!
//! **Productivity**: GDP in PPS per person employed — regional-accounts
//! employment (place of work, `EMP`) where present, otherwise LFS employment
//! (place of residence), a proxy. PPS remove the exchange-rate swings that
//! EUR values of non-euro countries carry; they are *nominal* PPS (current
//! prices relative to the EU's price level; smartspec ships no regional
//! deflator). Growth is the compound annual rate between the start and `Y`,
//! in % per year.
//!
//! **Proxies are judged among proxies**: [`Measures::proxy`] computes a
//! measure's proxy for every region, so the EU median of a proxy is taken
//! over all regions that have the proxy, not over the few that needed it.
//!
//! **Lilien index** of structural change between the start year `s` and `Y`
//! (Lilien 1982, *J. Political Economy* 90:777), over the divisions with
//! employment in both years: `σ = √(Σ_i x_iY/X_Y · (Δln x_i − Δln X)²)`,
//! where `Δ` is the change from `s` to `Y` and `X` the sum of those
//! divisions; 0 when every division grew at the region's rate.
//!
//! **Share of employment in declining divisions**: the divisions whose total
//! employment over the EU28 regions (with values in both years) fell
//! between the first start year and `Y`; the region's share of its
//! start-year employment in them, in %.

use super::Observation;
use crate::indicators::variety::variety;
use crate::totals::totals_from_sections;
use crate::{Cell, Panel};
use std::collections::{HashMap, HashSet};

/// The data a screening reads. Context panels hold indicator codes as
/// activities (`GDP_PPS_HAB`, `UNEMP_PC`, `LFS_EMP_THS:B-E`, ... as listed
/// in `data/README.md`); they are searched in order, so a user's file can
/// come before the embedded one.
pub struct Inputs<'a> {
    /// SBS persons employed, regions × NACE sections.
    pub sections: &'a Panel,
    /// SBS persons employed, regions × NACE divisions.
    pub divisions: &'a Panel,
    /// Context panels, searched in order.
    pub context: Vec<&'a Panel>,
    /// The section of a division code.
    pub section_of: fn(&str) -> Option<&str>,
    /// True for the region codes of EU28 Member States.
    pub is_eu: fn(&str) -> bool,
}

/// The years a screening looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// First year of the start window.
    pub start_first: i32,
    /// Last year of the start window.
    pub start_last: i32,
    /// The screening year.
    pub year: i32,
    /// How far from a year a value may be taken.
    pub reach: i32,
}

impl Window {
    /// Start 2008–2010, reach ±2, screening in `year`.
    pub fn new(year: i32) -> Window {
        Window {
            start_first: 2008,
            start_last: 2010,
            year,
            reach: 2,
        }
    }

    fn nearest(&self) -> impl Iterator<Item = i32> + '_ {
        std::iter::once(self.year)
            .chain((1..=self.reach).flat_map(|d| [self.year - d, self.year + d]))
    }

    fn start(&self) -> impl Iterator<Item = i32> {
        self.start_first..=self.start_last
    }
}

/// The built-in measures: id, unit, meaning. Any context indicator is also
/// a measure as `context:CODE` (its level) or `context:CODE:change` (its
/// change since the start).
pub const MEASURES: &[(&str, &str, &str)] = &[
    (
        "manufacturing_share_start",
        "% of employment",
        "manufacturing (NACE C) share of employment in the first start year with data",
    ),
    (
        "manufacturing_share",
        "% of employment",
        "manufacturing share in the screening year",
    ),
    (
        "manufacturing_change",
        "percentage points",
        "change of the manufacturing share from the start to the screening year",
    ),
    (
        "gdp_per_head_eu",
        "index, EU28 = 100",
        "GDP per head in PPS against the EU28 average (population-weighted over the EU28 regions)",
    ),
    (
        "gdp_per_head_national",
        "index, country = 100",
        "GDP per head in PPS against the country's",
    ),
    (
        "gdp_per_head_pps",
        "PPS per inhabitant",
        "GDP per head in purchasing power standards",
    ),
    (
        "productivity_growth",
        "% per year",
        "growth of gross value added per person employed (nominal, compound annual)",
    ),
    ("gdp_per_worker", "thousand EUR per person", "GDP per person employed (GDP in EUR over LFS employment): a productivity level comparable across countries"),
    ("unemployment_rate", "%", "unemployment rate, ages 15+"),
    (
        "unemployment_change",
        "percentage points",
        "change of the unemployment rate from the start",
    ),
    (
        "related_variety",
        "bits",
        "related variety of the division shares (Frenken et al. 2007)",
    ),
    (
        "unrelated_variety",
        "bits",
        "unrelated variety (entropy of the section shares)",
    ),
    (
        "lilien",
        "log points",
        "Lilien index of structural change between the start and the screening year",
    ),
    (
        "declining_share",
        "% of employment",
        "share of start-year employment in divisions declining EU-wide",
    ),
    (
        "employment",
        "persons",
        "SBS persons employed (sum of sections)",
    ),
    ("population", "thousand persons", "population"),
    (
        "kis_share",
        "% of employment",
        "employment in knowledge-intensive services (htec_emp_reg2 KIS)",
    ),
    (
        "htec_manufacturing_share",
        "% of employment",
        "employment in high and medium-high-tech manufacturing (htec_emp_reg2 C_HTC_MH)",
    ),
    (
        "patents_per_million",
        "per million inhabitants",
        "EPO patent applications (tgs00040)",
    ),
    (
        "tertiary_share",
        "% of population 25-64",
        "tertiary attainment, ISCED 5-8 (edat_lfse_04)",
    ),
    (
        "gerd",
        "% of GDP",
        "R&D expenditure, all sectors (rd_e_gerdreg)",
    ),
];

/// The measures of every region, with what they need precomputed.
pub struct Measures<'a> {
    inputs: Inputs<'a>,
    window: Window,
    /// SBS region totals (sum of sections) by year, in the divisions' region order.
    totals: HashMap<i32, Vec<Option<f64>>>,
    /// EU28 GDP per head (PPS) by year.
    eu_gdp_per_head: HashMap<i32, f64>,
    /// Divisions whose EU28 employment fell from the first start year to the screening year.
    declining: HashSet<usize>,
    /// Division → section group id, for variety.
    groups: Vec<usize>,
}

fn value(c: Cell) -> Option<f64> {
    match c {
        Cell::Value(v) if v.is_finite() => Some(v),
        _ => None,
    }
}

impl<'a> Measures<'a> {
    /// Prepares the measures of `inputs` for `window`.
    pub fn new(inputs: Inputs<'a>, window: Window) -> Measures<'a> {
        let div = inputs.divisions;
        let totals = div
            .years()
            .iter()
            .map(|&y| {
                let t = totals_from_sections(inputs.sections, div, y, inputs.section_of);
                (y, t.into_iter().map(|t| t.map(|t| t.value)).collect())
            })
            .collect();
        let mut m = Measures {
            inputs,
            window,
            totals,
            eu_gdp_per_head: HashMap::new(),
            declining: HashSet::new(),
            groups: Vec::new(),
        };
        m.eu_gdp_per_head = m.eu_gdp();
        m.declining = m.declining_divisions();
        let mut sections: Vec<&str> = Vec::new();
        m.groups = div
            .activities()
            .iter()
            .map(|d| {
                let s = (m.inputs.section_of)(d).unwrap_or(d);
                sections.iter().position(|x| *x == s).unwrap_or_else(|| {
                    sections.push(s);
                    sections.len() - 1
                })
            })
            .collect();
        m
    }

    /// The screening window.
    pub fn window(&self) -> Window {
        self.window
    }

    /// A context indicator's value, from the first panel that has it.
    pub fn context(&self, code: &str, region: &str, year: i32) -> Option<f64> {
        self.inputs
            .context
            .iter()
            .find_map(|p| p.get(region, code, year).and_then(value))
    }

    fn eu_gdp(&self) -> HashMap<i32, f64> {
        let mut out = HashMap::new();
        let years: HashSet<i32> = self
            .inputs
            .context
            .iter()
            .flat_map(|p| p.years().iter().copied())
            .collect();
        for y in years {
            let (mut gdp, mut pop) = (0.0, 0.0);
            for r in self.inputs.divisions.regions().iter() {
                if !(self.inputs.is_eu)(r) {
                    continue;
                }
                if let (Some(g), Some(h)) = (
                    self.context("GDP_MIO_PPS", r, y),
                    self.context("GDP_PPS_HAB", r, y),
                ) {
                    if h > 0.0 {
                        gdp += g;
                        pop += g / h;
                    }
                }
            }
            if pop > 0.0 {
                out.insert(y, gdp / pop);
            }
        }
        out
    }

    fn declining_divisions(&self) -> HashSet<usize> {
        let p = self.inputs.divisions;
        let (Some(s), Some(e)) = (
            p.year_index(self.window.start_first),
            p.year_index(self.window.year),
        ) else {
            return HashSet::new();
        };
        (0..p.activities().len())
            .filter(|&a| {
                let (mut x0, mut x1) = (0.0, 0.0);
                for r in 0..p.regions().len() {
                    if !(self.inputs.is_eu)(p.regions().code(r as u32)) {
                        continue;
                    }
                    if let (Some(v0), Some(v1)) = (value(p.cell(s, r, a)), value(p.cell(e, r, a))) {
                        x0 += v0;
                        x1 += v1;
                    }
                }
                x1 < x0
            })
            .collect()
    }

    fn obs(value: f64, year: i32, source: String, basis: &str, proxy: bool) -> Observation {
        Observation {
            value,
            year,
            from_year: None,
            source,
            basis: basis.into(),
            proxy,
        }
    }

    fn sbs_manufacturing(&self, region: &str, year: i32) -> Option<f64> {
        let r = self.inputs.divisions.regions().id(region)? as usize;
        let total = (*self.totals.get(&year)?.get(r)?)?;
        let c = value(self.inputs.sections.get(region, "C", year)?)?;
        (total > 0.0).then(|| 100.0 * c / total)
    }

    fn lfs_industry(&self, region: &str, year: i32) -> Option<f64> {
        let be = self.context("LFS_EMP_THS:B-E", region, year)?;
        let total = self.context("LFS_EMP_THS:TOTAL", region, year)?
            - self.context("LFS_EMP_THS:NRP", region, year).unwrap_or(0.0);
        (total > 0.0).then(|| 100.0 * be / total)
    }

    /// Manufacturing share in the screening year, with the fallback order.
    fn manufacturing_at(&self, region: &str) -> Option<Observation> {
        let y0 = self.window.year;
        if let Some(v) = self.sbs_manufacturing(region, y0) {
            return Some(Self::obs(
                v,
                y0,
                "SBS C / sum of sections".into(),
                "SBS",
                false,
            ));
        }
        for y in self.window.nearest().skip(1) {
            if let Some(v) = self.sbs_manufacturing(region, y) {
                return Some(Self::obs(
                    v,
                    y,
                    format!("SBS C / sum of sections, {y} (nearest year)"),
                    "SBS",
                    false,
                ));
            }
        }
        self.lfs_share_near(region)
    }

    /// The LFS proxy of the manufacturing share in the screening year or
    /// the nearest one.
    fn lfs_share_near(&self, region: &str) -> Option<Observation> {
        self.lfs_share_in(region, self.window.nearest())
    }

    /// The LFS proxy of the manufacturing share in the first of `years` with data.
    fn lfs_share_in(
        &self,
        region: &str,
        mut years: impl Iterator<Item = i32>,
    ) -> Option<Observation> {
        years.find_map(|y| {
            self.lfs_industry(region, y).map(|v| {
                Self::obs(
                    v,
                    y,
                    "LFS industry B-E / total (proxy)".into(),
                    "LFS B-E",
                    true,
                )
            })
        })
    }

    /// Manufacturing share in the first start year with data (SBS, then LFS).
    fn manufacturing_start(&self, region: &str, lfs_only: bool) -> Option<Observation> {
        if !lfs_only {
            if let Some(o) = self.window.start().find_map(|y| {
                self.sbs_manufacturing(region, y)
                    .map(|v| Self::obs(v, y, "SBS C / sum of sections".into(), "SBS", false))
            }) {
                return Some(o);
            }
        }
        self.lfs_share_in(region, self.window.start())
    }

    fn manufacturing_change(&self, region: &str) -> Option<Observation> {
        let end = self.manufacturing_at(region)?;
        let start = self.manufacturing_start(region, false)?;
        let (start, end) = if start.basis == end.basis {
            (start, end)
        } else {
            // both ends from the LFS when SBS misses one of them
            return self.manufacturing_change_lfs(region);
        };
        annualised(start, end)
    }

    /// The LFS proxy of the manufacturing change at both ends, whatever SBS has.
    fn manufacturing_change_lfs(&self, region: &str) -> Option<Observation> {
        let end = self.lfs_share_near(region)?;
        annualised(self.manufacturing_start(region, true)?, end)
    }

    /// A context indicator in the screening year or the nearest one.
    fn context_near(&self, code: &str, region: &str) -> Option<(f64, i32)> {
        self.window
            .nearest()
            .find_map(|y| self.context(code, region, y).map(|v| (v, y)))
    }

    fn context_level(&self, code: &str, region: &str, what: &str) -> Option<Observation> {
        self.context_near(code, region)
            .map(|(v, y)| Self::obs(v, y, what.into(), code, false))
    }

    fn context_change(&self, code: &str, region: &str, what: &str) -> Option<Observation> {
        let (end, ye) = self.context_near(code, region)?;
        let (start, ys) = self
            .window
            .start()
            .find_map(|y| self.context(code, region, y).map(|v| (v, y)))?;
        annualised(
            Self::obs(start, ys, what.into(), code, false),
            Self::obs(end, ye, what.into(), code, false),
        )
    }

    fn gdp_index(&self, region: &str, national: bool) -> Option<Observation> {
        self.window.nearest().find_map(|y| {
            let v = self.context("GDP_PPS_HAB", region, y)?;
            let reference = if national {
                self.context("GDP_PPS_HAB", region.get(..2)?, y)?
            } else {
                *self.eu_gdp_per_head.get(&y)?
            };
            (reference > 0.0).then(|| {
                Self::obs(
                    100.0 * v / reference,
                    y,
                    format!(
                        "GDP_PPS_HAB / {} (nama_10r_3gdp)",
                        if national { "country" } else { "EU28 regions" }
                    ),
                    "GDP",
                    false,
                )
            })
        })
    }

    /// Productivity growth from `level` (GDP in PPS per person employed).
    fn growth_of(
        &self,
        level: &dyn Fn(i32) -> Option<f64>,
        source: &str,
        basis: &str,
        proxy: bool,
    ) -> Option<Observation> {
        let (p1, y1) = self
            .window
            .nearest()
            .find_map(|y| level(y).map(|v| (v, y)))?;
        let (p0, y0) = self.window.start().find_map(|y| level(y).map(|v| (v, y)))?;
        (y1 > y0).then(|| Observation {
            value: 100.0 * ((p1 / p0).powf(1.0 / f64::from(y1 - y0)) - 1.0),
            year: y1,
            from_year: Some(y0),
            source: source.into(),
            basis: basis.into(),
            proxy,
        })
    }

    fn gdp_pps_per(&self, employment: &str, region: &str, y: i32) -> Option<f64> {
        let e = self.context(employment, region, y)?;
        let g = self.context("GDP_MIO_PPS", region, y)?;
        (e > 0.0 && g > 0.0).then(|| g / e)
    }

    fn productivity_growth(&self, region: &str) -> Option<Observation> {
        self.growth_of(
            &|y| self.gdp_pps_per("EMP_RA_THS", region, y),
            "GDP (PPS, nominal) / regional accounts employment",
            "PPS per worker",
            false,
        )
        .or_else(|| self.productivity_growth_lfs(region))
    }

    fn productivity_growth_lfs(&self, region: &str) -> Option<Observation> {
        self.growth_of(
            &|y| self.gdp_pps_per("LFS_EMP_THS:TOTAL", region, y),
            "GDP (PPS, nominal) / LFS employment (proxy)",
            "PPS per LFS worker",
            true,
        )
    }

    /// The proxy of measure `id` for `region` computed whether or not the
    /// primary source has a value: the distribution a proxy value is judged
    /// against is that of the same proxy over all regions. `None` for a
    /// measure without a proxy.
    pub fn proxy(&self, id: &str, region: &str) -> Option<Observation> {
        match id {
            "manufacturing_share_start" => self.manufacturing_start(region, true),
            "manufacturing_share" => self.lfs_share_near(region),
            "manufacturing_change" => self.manufacturing_change_lfs(region),
            "productivity_growth" => self.productivity_growth_lfs(region),
            _ => None,
        }
    }

    /// Division values of a region in a year (NaN where missing), when any.
    fn division_values(&self, region: &str, year: i32) -> Option<Vec<f64>> {
        let p = self.inputs.divisions;
        let (r, y) = (p.regions().id(region)? as usize, p.year_index(year)?);
        let v: Vec<f64> = (0..p.activities().len())
            .map(|a| match p.cell(y, r, a) {
                Cell::Value(v) => v,
                Cell::Absent => 0.0,
                Cell::Missing => f64::NAN,
            })
            .collect();
        v.iter().any(|x| *x > 0.0).then_some(v)
    }

    /// The division values of a region with its confidential cells
    /// estimated, for related and unrelated variety: in each section, what
    /// the section's published total leaves over after the published
    /// divisions is shared equally among the section's confidential
    /// divisions; then what the region total leaves over, equally among the
    /// rest; a cell no published total bounds gets the division's share of
    /// employment over all publishing regions times the region's published
    /// employment. Equal shares: nothing says how a region's confidential
    /// divisions compare with each other (shares in proportion to EU
    /// employment left Spearman(related variety, confidential divisions) at
    /// −0.22 on the embedded 2014 data, equal shares −0.19, no estimate
    /// −0.38). Returns the values and how many cells were estimated.
    pub fn divisions_estimated(&self, region: &str, year: i32) -> Option<(Vec<f64>, usize)> {
        let mut v = self.division_values(region, year)?;
        let p = self.inputs.divisions;
        let y = p.year_index(year)?;
        let ng = self.groups.iter().copied().max().map_or(0, |g| g + 1);
        let mut estimated = 0;
        for g in 0..ng {
            let members: Vec<usize> = (0..v.len()).filter(|&i| self.groups[i] == g).collect();
            let missing: Vec<usize> = members.iter().copied().filter(|&i| v[i].is_nan()).collect();
            if missing.is_empty() {
                continue;
            }
            let code = p.activities().code(members[0] as u32);
            let Some(section) = (self.inputs.section_of)(code) else {
                continue;
            };
            let Some(total) = self
                .inputs
                .sections
                .get(region, section, year)
                .and_then(value)
            else {
                continue;
            };
            let known: f64 = members
                .iter()
                .map(|&i| v[i])
                .filter(|x| x.is_finite())
                .sum();
            let rest = total - known;
            if !(rest >= 0.0) {
                continue;
            }
            estimated += share_out(&mut v, &missing, rest);
        }
        // divisions of sections without a published total: what the region
        // total leaves over, shared the same way
        let r = p.regions().id(region)? as usize;
        let missing: Vec<usize> = (0..v.len()).filter(|&i| v[i].is_nan()).collect();
        if let Some(Some(total)) = self.totals.get(&year).and_then(|t| t.get(r)) {
            let rest = total - v.iter().filter(|x| x.is_finite()).sum::<f64>();
            // (a zero remainder means the total left the section out)
            if !missing.is_empty() && rest > 0.0 {
                estimated += share_out(&mut v, &missing, rest);
            }
        }
        // what no published total bounds: the division's share of
        // employment over all publishing regions, times the region's
        // published employment
        let missing: Vec<usize> = (0..v.len()).filter(|&i| v[i].is_nan()).collect();
        if !missing.is_empty() {
            let col = |i: usize| {
                (0..p.regions().len())
                    .filter_map(|k| value(p.cell(y, k, i)))
                    .sum::<f64>()
            };
            let all: f64 = (0..v.len()).map(col).sum();
            let known: f64 = v.iter().filter(|x| x.is_finite()).sum();
            if all > 0.0 {
                for &i in &missing {
                    v[i] = known * col(i) / all;
                    estimated += 1;
                }
            }
        }
        Some((v, estimated))
    }

    fn variety(&self, region: &str, related: bool) -> Option<Observation> {
        self.window.nearest().find_map(|y| {
            let (v, estimated) = self.divisions_estimated(region, y)?;
            let (rv, uv) = variety(&v, &self.groups)?;
            let source = if estimated > 0 {
                format!("SBS division shares, {estimated} confidential division(s) estimated from the section totals")
            } else {
                "SBS division shares".into()
            };
            Some(Self::obs(if related { rv } else { uv }, y, source, "SBS", false))
        })
    }

    fn lilien(&self, region: &str) -> Option<Observation> {
        let (v1, y1) = self
            .window
            .nearest()
            .find_map(|y| self.division_values(region, y).map(|v| (v, y)))?;
        let (v0, y0) = self
            .window
            .start()
            .find_map(|y| self.division_values(region, y).map(|v| (v, y)))?;
        if y0 >= y1 {
            return None;
        }
        let both: Vec<usize> = (0..v0.len())
            .filter(|&i| v0[i] > 0.0 && v1[i] > 0.0)
            .collect();
        let x0: f64 = both.iter().map(|&i| v0[i]).sum();
        let x1: f64 = both.iter().map(|&i| v1[i]).sum();
        if both.is_empty() || !(x0 > 0.0 && x1 > 0.0) {
            return None;
        }
        let dx = (x1 / x0).ln();
        let s: f64 = both
            .iter()
            .map(|&i| v1[i] / x1 * ((v1[i] / v0[i]).ln() - dx).powi(2))
            .sum();
        Some(Observation {
            value: s.sqrt(),
            year: y1,
            from_year: Some(y0),
            source: "SBS divisions".into(),
            basis: "SBS".into(),
            proxy: false,
        })
    }

    fn declining_share(&self, region: &str) -> Option<Observation> {
        if self.declining.is_empty() && self.inputs.divisions.year_index(self.window.year).is_none()
        {
            return None;
        }
        let (v0, y0) = self
            .window
            .start()
            .find_map(|y| self.division_values(region, y).map(|v| (v, y)))?;
        let total: f64 = v0.iter().filter(|v| v.is_finite()).sum();
        let declining: f64 = v0
            .iter()
            .enumerate()
            .filter(|(i, v)| v.is_finite() && self.declining.contains(i))
            .map(|(_, v)| v)
            .sum();
        (total > 0.0).then(|| Observation {
            value: 100.0 * declining / total,
            year: self.window.year,
            from_year: Some(y0),
            source: format!(
                "SBS divisions declining in the EU28 {}-{}",
                self.window.start_first, self.window.year
            ),
            basis: "SBS".into(),
            proxy: false,
        })
    }

    fn employment(&self, region: &str) -> Option<Observation> {
        let r = self.inputs.divisions.regions().id(region)? as usize;
        self.window.nearest().find_map(|y| {
            let t = (*self.totals.get(&y)?.get(r)?)?;
            Some(Self::obs(t, y, "SBS sum of sections".into(), "SBS", false))
        })
    }

    fn population(&self, region: &str) -> Option<Observation> {
        self.context_level("POP_THS", region, "nama_10r_2gdp")
            .or_else(|| {
                self.context_near("POP_NR", region)
                    .map(|(v, y)| Self::obs(v / 1000.0, y, "demo_r_d2jan".into(), "POP_THS", false))
            })
    }

    /// The value of measure `id` for `region`; `Ok(None)` when the data have
    /// none. Unknown ids are an error naming the known ones.
    pub fn measure(&self, id: &str, region: &str) -> Result<Option<Observation>, String> {
        if let Some(rest) = id.strip_prefix("context:") {
            return Ok(match rest.strip_suffix(":change") {
                Some(code) => self.context_change(code, region, code),
                None => self.context_level(rest, region, rest),
            });
        }
        Ok(match id {
            "manufacturing_share_start" => self.manufacturing_start(region, false),
            "manufacturing_share" => self.manufacturing_at(region),
            "manufacturing_change" => self.manufacturing_change(region),
            "gdp_per_head_eu" => self.gdp_index(region, false),
            "gdp_per_head_national" => self.gdp_index(region, true),
            "gdp_per_head_pps" => self.context_level("GDP_PPS_HAB", region, "nama_10r_3gdp"),
            "productivity_growth" => self.productivity_growth(region),
            "gdp_per_worker" => self.window.nearest().find_map(|y| {
                let e = self.context("LFS_EMP_THS:TOTAL", region, y)?;
                let g = self.context("GDP_MIO_EUR", region, y)?;
                (e > 0.0).then(|| {
                    Self::obs(
                        g / e,
                        y,
                        "GDP_MIO_EUR / LFS employment".into(),
                        "GDP per LFS worker",
                        false,
                    )
                })
            }),
            "unemployment_rate" => self.context_level("UNEMP_PC", region, "tgs00010"),
            "unemployment_change" => self.context_change("UNEMP_PC", region, "tgs00010"),
            "related_variety" => self.variety(region, true),
            "unrelated_variety" => self.variety(region, false),
            "lilien" => self.lilien(region),
            "declining_share" => self.declining_share(region),
            "employment" => self.employment(region),
            "population" => self.population(region),
            "kis_share" => self.context_level("HTEC_PC_EMP:KIS", region, "htec_emp_reg2"),
            "htec_manufacturing_share" => {
                self.context_level("HTEC_PC_EMP:C_HTC_MH", region, "htec_emp_reg2")
            }
            "patents_per_million" => self.context_level("PATENT_P_MHAB", region, "tgs00040"),
            "tertiary_share" => self.context_level("EDAT_PC:ED5-8", region, "edat_lfse_04"),
            "gerd" => self.context_level("GERD_PC_GDP:TOTAL", region, "rd_e_gerdreg"),
            _ => {
                return Err(format!(
                    "unknown measure {id:?}: use one of {} or context:CODE[:change]",
                    MEASURES.iter().map(|m| m.0).collect::<Vec<_>>().join(", ")
                ))
            }
        })
    }
}

/// `end − start` per year, `None` unless `start` is before `end`.
fn annualised(start: Observation, end: Observation) -> Option<Observation> {
    (start.year < end.year).then(|| Observation {
        value: (end.value - start.value) / f64::from(end.year - start.year),
        year: end.year,
        from_year: Some(start.year),
        source: format!("{}, points a year", end.source),
        basis: end.basis,
        proxy: end.proxy,
    })
}

/// Shares `rest` equally among `v[missing]`; returns how many cells were filled.
fn share_out(v: &mut [f64], missing: &[usize], rest: f64) -> usize {
    for &i in missing {
        v[i] = rest / missing.len() as f64;
    }
    missing.len()
}

//! The regional context indicators beyond GDP and population: LFS employment
//! by sector and education, skills, R&D, high-tech employment, unemployment,
//! patents and the regional accounts' GVA and employment.
//!
//! Each source row is mapped to an indicator code (listed in
//! `data/README.md`) and an aggregation rule: counts are summed when NUTS
//! units merge, rates and shares are averaged by population
//! ([`Aggregation::Mean`]). Every source mixes NUTS versions or uses
//! another one than 2013, so every panel is harmonised to NUTS 2013 with
//! native codes winning. The source's `EU28` row is kept aside as the EU
//! value before the aggregates (EU27, EA19, EFTA, ...) are dropped.

use crate::{log_recoding, open_gz};
use anyhow::{Context, Result};
use smartspec_core::{DuplicatePolicy, Flags, NutsVersion, Panel, PanelBuilder};
use smartspec_io::nuts::{
    harmonise, level_of, Aggregation, Crosswalk, NutsRegistry, RecodeOptions,
};
use std::collections::HashMap;
use std::path::Path;

/// A source's EU28 value: indicator, year, value.
pub type EuRow = (String, i32, f64);

/// First and last year kept.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2019;

/// One source row, read by column name.
struct Row<'a> {
    rec: &'a csv::StringRecord,
    cols: &'a HashMap<String, usize>,
}

impl Row<'_> {
    fn get(&self, name: &str) -> &str {
        self.cols
            .get(name)
            .and_then(|&i| self.rec.get(i))
            .unwrap_or("")
    }
}

/// What a source row becomes: an indicator code and how it aggregates.
type Pick = fn(&Row) -> Option<(String, Aggregation)>;

/// A source file and how its rows become indicators.
struct Source {
    dataset: &'static str,
    file: &'static str,
    geo: &'static str,
    time: &'static str,
    value: &'static str,
    flag: Option<&'static str>,
    pick: Pick,
}

use Aggregation::{Mean, Sum};

const SOURCES: &[Source] = &[
    Source {
        dataset: "lfst_r_lfe2en2",
        file: "context/lfst_r_lfe2en2_2008_2015.csv.gz",
        geo: "geo",
        time: "time",
        value: "value",
        flag: Some("flag"),
        pick: |r| {
            let prefix = match r.get("age") {
                "Y_GE15" => "LFS_EMP_THS",
                "Y25-64" => "LFS_EMP25_THS",
                _ => return None,
            };
            Some((format!("{prefix}:{}", r.get("nace_r2")), Sum))
        },
    },
    Source {
        dataset: "lfst_r_lfe2eedu",
        file: "context/lfst_r_lfe2eedu_1999_2015.csv.gz",
        geo: "geo",
        time: "time",
        value: "value",
        flag: Some("flag"),
        pick: |r| {
            (r.get("sex") == "T" && r.get("age") == "Y25-64")
                .then(|| (format!("LFS_EMP25_EDU_THS:{}", r.get("isced11")), Sum))
        },
    },
    Source {
        dataset: "lfst_r_lfp2acedu",
        file: "context/lfst_r_lfp2acedu_1999_2015.csv.gz",
        geo: "geo",
        time: "time",
        value: "value",
        flag: Some("flag"),
        pick: |r| {
            (r.get("sex") == "T" && r.get("age") == "Y25-64")
                .then(|| (format!("LFS_ACT25_EDU_THS:{}", r.get("isced11")), Sum))
        },
    },
    Source {
        dataset: "trng_lfse_04",
        file: "context/trng_lfse_04_2000_2015.csv.gz",
        geo: "geo",
        time: "time",
        value: "value",
        flag: Some("flag"),
        pick: |r| (r.get("sex") == "T").then(|| ("LLL_PC".to_string(), Mean)),
    },
    Source {
        dataset: "i40 (edat_lfse_04, hrst_st_rcat, htec_emp_reg2, rd_e_gerdreg, rd_p_persreg, demo_r_d2jan)",
        file: "context/i40_eurostat_skills_htec_rd_nuts2_2008_2018.csv.gz",
        geo: "geo",
        time: "time",
        value: "value",
        flag: None,
        pick: |r| match (r.get("dataset"), r.get("unit")) {
            ("edat_lfse_04", "PC") => Some((format!("EDAT_PC:{}", r.get("isced11")), Mean)),
            ("hrst_st_rcat", "PC_POP") => {
                Some((format!("HRST_PC_POP:{}", r.get("category")), Mean))
            }
            ("htec_emp_reg2", "PC_EMP") => {
                Some((format!("HTEC_PC_EMP:{}", r.get("nace_r2")), Mean))
            }
            ("rd_e_gerdreg", "PC_GDP") => {
                Some((format!("GERD_PC_GDP:{}", r.get("sectperf")), Mean))
            }
            ("rd_p_persreg", "FTE") => Some((format!("RD_FTE:{}", r.get("sectperf")), Sum)),
            ("rd_p_persreg", "PC_EMP_FTE") => {
                Some((format!("RD_PC_EMP_FTE:{}", r.get("sectperf")), Mean))
            }
            ("demo_r_d2jan", "NR") => Some(("POP_NR".to_string(), Sum)),
            _ => None,
        },
    },
    Source {
        dataset: "eurostat regional indicators (tgs00010, tgs00040)",
        file: "context/eurostat_regional_indicators_2000_2020.csv.gz",
        geo: "geo",
        time: "time",
        value: "values",
        flag: None,
        pick: |r| match r.get("input_var_code") {
            "tgs00010" if r.get("sex") == "T" => Some(("UNEMP_PC".to_string(), Mean)),
            "tgs00040" => Some(("PATENT_P_MHAB".to_string(), Mean)),
            _ => None,
        },
    },
];

/// The context indicators of [`SOURCES`] and of the regional accounts,
/// harmonised to NUTS 2013 (regions of NUTS levels 0–2), and the `EU28` rows
/// as `(indicator, year, value)`.
pub fn build_extra(
    shared: &Path,
    registry: &NutsRegistry,
    crosswalk: &Crosswalk,
    log: &mut Vec<[String; 6]>,
) -> Result<(Vec<Panel>, Vec<EuRow>)> {
    let mut panels = Vec::new();
    let mut eu = Vec::new();
    for s in SOURCES {
        let (mut sum, mut mean) = (
            PanelBuilder::new(DuplicatePolicy::Error),
            PanelBuilder::new(DuplicatePolicy::Error),
        );
        let mut pushed = [0usize; 2];
        let path = shared.join(s.file);
        let mut rdr = csv::Reader::from_reader(open_gz(&path)?);
        let cols: HashMap<String, usize> = rdr
            .headers()?
            .iter()
            .enumerate()
            .map(|(i, h)| (h.to_string(), i))
            .collect();
        for (i, rec) in rdr.records().enumerate() {
            let rec = rec?;
            let row = Row {
                rec: &rec,
                cols: &cols,
            };
            let Some((indicator, agg)) = (s.pick)(&row) else {
                continue;
            };
            let line = i as u64 + 2;
            let at = || format!("{}:{line}", path.display());
            let year: i32 = row.get(s.time).parse().with_context(at)?;
            if !YEARS.contains(&year) {
                continue;
            }
            let text = row.get(s.value);
            let value = if text.is_empty() {
                None
            } else {
                Some(text.parse::<f64>().with_context(at)?)
            };
            let geo = row.get(s.geo);
            if geo == "EU28" {
                if let Some(v) = value {
                    eu.push((indicator, year, v));
                }
                continue;
            }
            if level_of(geo).is_none_or(|l| l > 2) {
                continue;
            }
            let flags = match s.flag {
                Some(f) => Flags::parse(row.get(f)).map_err(anyhow::Error::msg)?.0,
                None => Flags::EMPTY,
            };
            let b = if agg == Sum { &mut sum } else { &mut mean };
            pushed[usize::from(agg == Mean)] += 1;
            b.push(geo, &indicator, year, value, flags, line)
                .with_context(at)?;
        }
        for (b, aggregation, n) in [(sum, Sum, pushed[0]), (mean, Mean, pushed[1])] {
            if n == 0 {
                continue;
            }
            let p = b.build()?;
            let (p13, rlog) = harmonise(
                &p,
                NutsVersion::V2013,
                None,
                registry,
                crosswalk,
                RecodeOptions {
                    aggregation,
                    ..RecodeOptions::default()
                },
            );
            log_recoding(&format!("context:{}", s.dataset), &rlog, log);
            panels.push(p13);
        }
    }
    panels.push(regional_accounts(shared, registry, crosswalk, log)?);
    Ok((panels, eu))
}

/// Gross value added (`B1G`, million national currency → `GVA_MIO_NAC`) and
/// employment (`EMP`, thousand persons → `EMP_RA_THS`) from the regional
/// accounts' transmission vintages: for each country and item the latest
/// vintage that has it, so a region's series never mixes vintages.
fn regional_accounts(
    shared: &Path,
    registry: &NutsRegistry,
    crosswalk: &Crosswalk,
    log: &mut Vec<[String; 6]>,
) -> Result<Panel> {
    let path = shared.join("context/regional_accounts_b1g_b6n_d1_emp_vintages.csv.gz");
    let mut rows = Vec::new();
    let mut latest: HashMap<(String, String), i32> = HashMap::new();
    let mut rdr = csv::Reader::from_reader(open_gz(&path)?);
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec?;
        let indicator = match &rec[4] {
            "B1G" => "GVA_MIO_NAC",
            "EMP" => "EMP_RA_THS",
            _ => continue,
        };
        let at = || format!("{}:{}", path.display(), i + 2);
        let vintage: i32 = rec[5].parse().with_context(at)?;
        let year: i32 = rec[6].parse().with_context(at)?;
        let value = if rec[7].is_empty() {
            None
        } else {
            Some(rec[7].parse::<f64>().with_context(at)?)
        };
        let key = (rec[0].to_string(), indicator.to_string());
        let v = latest.entry(key).or_insert(vintage);
        *v = (*v).max(vintage);
        rows.push((
            rec[0].to_string(),
            rec[2].to_string(),
            indicator,
            vintage,
            year,
            value,
            i as u64 + 2,
        ));
    }
    let mut b = PanelBuilder::new(DuplicatePolicy::Error);
    for (country, geo, indicator, vintage, year, value, line) in rows {
        if latest[&(country, indicator.to_string())] != vintage
            || !YEARS.contains(&year)
            || level_of(&geo).is_none_or(|l| l > 2)
        {
            continue;
        }
        b.push(&geo, indicator, year, value, Flags::EMPTY, line)?;
    }
    let p = b.build()?;
    let (p13, rlog) = harmonise(
        &p,
        NutsVersion::V2013,
        None,
        registry,
        crosswalk,
        RecodeOptions::default(),
    );
    log_recoding("context:regional accounts (B1G, EMP)", &rlog, log);
    Ok(p13)
}

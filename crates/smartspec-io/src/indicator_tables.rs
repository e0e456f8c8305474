//! Writing the indicator pipeline's results as tidy long tables,
//! `DIR/<table>.csv|parquet`, one file per table:
//!
//! | table | columns |
//! |---|---|
//! | `rca`, `density`, `cog`, `rpop` (with a population) | `region,activity,year,value` |
//! | `diversity`, `eci`, `fitness`, `coi` | `region,year,value` |
//! | `ubiquity`, `pci`, `fc_complexity` | `activity,year,value` |
//! | `proximity` | `activity_a,activity_b,year,value` (each unordered pair once, `a < b`; the diagonal is the convention's constant) |
//! | `specialisation` | `region,year,index,value` |
//! | `concentration` | `activity,year,index,value` |
//!
//! Regions and activities with no positive value in a year are not in that
//! year's tables at all (as in the peer tools). Undefined values (a confidential cell's RCA, ECI of a region specialised in
//! nothing, ...) are empty in CSV and null in Parquet — never NaN.

use crate::write::{ColumnType, Field, SinkFormat, TableSink};
use crate::IoError;
use smartspec_core::indicators::matrix::Dense;
use smartspec_core::indicators::pipeline::YearIndicators;
use smartspec_core::Panel;
use std::path::Path;

const T: ColumnType = ColumnType::Text;
const I: ColumnType = ColumnType::Int;
const N: ColumnType = ColumnType::Num;

fn cells(
    dir: &Path,
    name: &str,
    format: SinkFormat,
    panel: &Panel,
    years: &[YearIndicators],
    get: impl Fn(&YearIndicators) -> &Dense,
) -> Result<usize, IoError> {
    let mut s = TableSink::create(
        dir,
        name,
        &[("region", T), ("activity", T), ("year", I), ("value", N)],
        format,
    )?;
    for y in years {
        let m = get(y);
        for r in 0..m.rows {
            if y.diversity[r].is_nan() {
                continue; // no data for the region this year
            }
            let rc = panel.regions().code(r as u32);
            for a in 0..m.cols {
                if y.ubiquity[a].is_nan() {
                    continue;
                }
                s.write(&[
                    Field::Code(rc, r as u32),
                    Field::Code(panel.activities().code(a as u32), a as u32),
                    Field::Int(y.year),
                    Field::Num(m.get(r, a)),
                ])?;
            }
        }
    }
    s.finish()
}

/// One value per region (`regions`) or per activity, skipping the units with
/// no data that year (NaN diversity or ubiquity).
fn per_unit(
    dir: &Path,
    name: &str,
    format: SinkFormat,
    panel: &Panel,
    years: &[YearIndicators],
    regions: bool,
    get: impl Fn(&YearIndicators) -> &[f64],
) -> Result<usize, IoError> {
    let (key, codes) = if regions {
        ("region", panel.regions())
    } else {
        ("activity", panel.activities())
    };
    let mut s = TableSink::create(dir, name, &[(key, T), ("year", I), ("value", N)], format)?;
    for y in years {
        let present = if regions { &y.diversity } else { &y.ubiquity };
        for (i, v) in get(y).iter().enumerate() {
            if !present[i].is_nan() {
                s.write(&[
                    Field::Code(codes.code(i as u32), i as u32),
                    Field::Int(y.year),
                    Field::Num(*v),
                ])?;
            }
        }
    }
    s.finish()
}

fn proximity(
    dir: &Path,
    format: SinkFormat,
    panel: &Panel,
    years: &[YearIndicators],
) -> Result<usize, IoError> {
    let mut s = TableSink::create(
        dir,
        "proximity",
        &[
            ("activity_a", T),
            ("activity_b", T),
            ("year", I),
            ("value", N),
        ],
        format,
    )?;
    for y in years {
        let p = &y.proximity;
        for a in (0..p.n()).filter(|&a| !y.ubiquity[a].is_nan()) {
            for b in (a + 1..p.n()).filter(|&b| !y.ubiquity[b].is_nan()) {
                s.write(&[
                    Field::Code(panel.activities().code(a as u32), a as u32),
                    Field::Code(panel.activities().code(b as u32), b as u32),
                    Field::Int(y.year),
                    Field::Num(p.get(a, b)),
                ])?;
            }
        }
    }
    s.finish()
}

fn indices(
    dir: &Path,
    name: &str,
    format: SinkFormat,
    panel: &Panel,
    years: &[YearIndicators],
    regions: bool,
) -> Result<usize, IoError> {
    let key = if regions { "region" } else { "activity" };
    let mut s = TableSink::create(
        dir,
        name,
        &[(key, T), ("year", I), ("index", T), ("value", N)],
        format,
    )?;
    for y in years {
        let (codes, keep, list) = if regions {
            (panel.regions(), &y.diversity, &y.specialisation)
        } else {
            (panel.activities(), &y.ubiquity, &y.concentration)
        };
        for i in (0..codes.len()).filter(|&i| !keep[i].is_nan()) {
            let code = codes.code(i as u32);
            for (index, v) in list {
                s.write(&[
                    Field::Code(code, i as u32),
                    Field::Int(y.year),
                    Field::Text(index),
                    Field::Num(v[i]),
                ])?;
            }
        }
    }
    s.finish()
}

type Job<'a> = (
    &'static str,
    Box<dyn Fn() -> Result<usize, IoError> + Sync + 'a>,
);

/// Writes every table (in parallel, one file each); returns `(table, rows)`
/// in a fixed order.
pub fn write_indicators(
    dir: &Path,
    format: SinkFormat,
    panel: &Panel,
    years: &[YearIndicators],
) -> Result<Vec<(&'static str, usize)>, IoError> {
    use rayon::prelude::*;
    std::fs::create_dir_all(dir).map_err(|source| IoError::File {
        path: dir.display().to_string(),
        source,
    })?;
    let mut jobs: Vec<Job<'_>> = vec![
        (
            "rca",
            Box::new(move || cells(dir, "rca", format, panel, years, |y| &y.rca)),
        ),
        (
            "density",
            Box::new(move || cells(dir, "density", format, panel, years, |y| &y.density)),
        ),
        (
            "cog",
            Box::new(move || cells(dir, "cog", format, panel, years, |y| &y.cog)),
        ),
        (
            "diversity",
            Box::new(move || {
                per_unit(dir, "diversity", format, panel, years, true, |y| {
                    &y.diversity
                })
            }),
        ),
        (
            "eci",
            Box::new(move || per_unit(dir, "eci", format, panel, years, true, |y| &y.eci)),
        ),
        (
            "fitness",
            Box::new(move || per_unit(dir, "fitness", format, panel, years, true, |y| &y.fitness)),
        ),
        (
            "coi",
            Box::new(move || per_unit(dir, "coi", format, panel, years, true, |y| &y.coi)),
        ),
        (
            "ubiquity",
            Box::new(move || {
                per_unit(dir, "ubiquity", format, panel, years, false, |y| {
                    &y.ubiquity
                })
            }),
        ),
        (
            "pci",
            Box::new(move || per_unit(dir, "pci", format, panel, years, false, |y| &y.pci)),
        ),
        (
            "fc_complexity",
            Box::new(move || {
                per_unit(dir, "fc_complexity", format, panel, years, false, |y| {
                    &y.fc_complexity
                })
            }),
        ),
        (
            "proximity",
            Box::new(move || proximity(dir, format, panel, years)),
        ),
        (
            "specialisation",
            Box::new(move || indices(dir, "specialisation", format, panel, years, true)),
        ),
        (
            "concentration",
            Box::new(move || indices(dir, "concentration", format, panel, years, false)),
        ),
    ];
    if !years.is_empty() && years.iter().all(|y| y.rpop.is_some()) {
        jobs.push((
            "rpop",
            Box::new(move || {
                cells(dir, "rpop", format, panel, years, |y| {
                    y.rpop.as_ref().unwrap_or(&y.rca)
                })
            }),
        ));
    }
    jobs.par_iter()
        .map(|(name, job)| job().map(|rows| (*name, rows)))
        .collect()
}

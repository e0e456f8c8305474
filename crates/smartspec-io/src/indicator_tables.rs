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
                    Field::Text(rc),
                    Field::Text(panel.activities().code(a as u32)),
                    Field::Int(y.year),
                    Field::Num(m.get(r, a)),
                ])?;
            }
        }
    }
    s.finish()
}

fn per_region(
    dir: &Path,
    name: &str,
    format: SinkFormat,
    panel: &Panel,
    years: &[YearIndicators],
    get: impl Fn(&YearIndicators) -> &[f64],
) -> Result<usize, IoError> {
    let mut s = TableSink::create(
        dir,
        name,
        &[("region", T), ("year", I), ("value", N)],
        format,
    )?;
    for y in years {
        for (r, v) in get(y).iter().enumerate() {
            if y.diversity[r].is_nan() {
                continue;
            }
            s.write(&[
                Field::Text(panel.regions().code(r as u32)),
                Field::Int(y.year),
                Field::Num(*v),
            ])?;
        }
    }
    s.finish()
}

fn per_activity(
    dir: &Path,
    name: &str,
    format: SinkFormat,
    panel: &Panel,
    years: &[YearIndicators],
    get: impl Fn(&YearIndicators) -> &[f64],
) -> Result<usize, IoError> {
    let mut s = TableSink::create(
        dir,
        name,
        &[("activity", T), ("year", I), ("value", N)],
        format,
    )?;
    for y in years {
        for (a, v) in get(y).iter().enumerate() {
            if y.ubiquity[a].is_nan() {
                continue;
            }
            s.write(&[
                Field::Text(panel.activities().code(a as u32)),
                Field::Int(y.year),
                Field::Num(*v),
            ])?;
        }
    }
    s.finish()
}

/// Writes every table; returns `(table, rows)` in the order written.
pub fn write_indicators(
    dir: &Path,
    format: SinkFormat,
    panel: &Panel,
    years: &[YearIndicators],
) -> Result<Vec<(&'static str, usize)>, IoError> {
    std::fs::create_dir_all(dir).map_err(|source| IoError::File {
        path: dir.display().to_string(),
        source,
    })?;
    let mut out = vec![
        ("rca", cells(dir, "rca", format, panel, years, |y| &y.rca)?),
        (
            "density",
            cells(dir, "density", format, panel, years, |y| &y.density)?,
        ),
        ("cog", cells(dir, "cog", format, panel, years, |y| &y.cog)?),
        (
            "diversity",
            per_region(dir, "diversity", format, panel, years, |y| &y.diversity)?,
        ),
        (
            "eci",
            per_region(dir, "eci", format, panel, years, |y| &y.eci)?,
        ),
        (
            "fitness",
            per_region(dir, "fitness", format, panel, years, |y| &y.fitness)?,
        ),
        (
            "coi",
            per_region(dir, "coi", format, panel, years, |y| &y.coi)?,
        ),
        (
            "ubiquity",
            per_activity(dir, "ubiquity", format, panel, years, |y| &y.ubiquity)?,
        ),
        (
            "pci",
            per_activity(dir, "pci", format, panel, years, |y| &y.pci)?,
        ),
        (
            "fc_complexity",
            per_activity(dir, "fc_complexity", format, panel, years, |y| {
                &y.fc_complexity
            })?,
        ),
    ];
    if !years.is_empty() && years.iter().all(|y| y.rpop.is_some()) {
        let rows = cells(dir, "rpop", format, panel, years, |y| {
            y.rpop.as_ref().unwrap_or(&y.rca)
        })?;
        out.push(("rpop", rows));
    }
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
                    Field::Text(panel.activities().code(a as u32)),
                    Field::Text(panel.activities().code(b as u32)),
                    Field::Int(y.year),
                    Field::Num(p.get(a, b)),
                ])?;
            }
        }
    }
    out.push(("proximity", s.finish()?));
    let mut s = TableSink::create(
        dir,
        "specialisation",
        &[("region", T), ("year", I), ("index", T), ("value", N)],
        format,
    )?;
    for y in years {
        for r in (0..panel.regions().len()).filter(|&r| !y.diversity[r].is_nan()) {
            let code = panel.regions().code(r as u32);
            for (name, v) in &y.specialisation {
                s.write(&[
                    Field::Text(code),
                    Field::Int(y.year),
                    Field::Text(name),
                    Field::Num(v[r]),
                ])?;
            }
        }
    }
    out.push(("specialisation", s.finish()?));
    let mut s = TableSink::create(
        dir,
        "concentration",
        &[("activity", T), ("year", I), ("index", T), ("value", N)],
        format,
    )?;
    for y in years {
        for a in (0..panel.activities().len()).filter(|&a| !y.ubiquity[a].is_nan()) {
            let code = panel.activities().code(a as u32);
            for (name, v) in &y.concentration {
                s.write(&[
                    Field::Text(code),
                    Field::Int(y.year),
                    Field::Text(name),
                    Field::Num(v[a]),
                ])?;
            }
        }
    }
    out.push(("concentration", s.finish()?));
    Ok(out)
}

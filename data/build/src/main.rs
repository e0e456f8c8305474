//! Builds smartspec's embedded data (`data/embedded/`) from the raw public
//! files of the shared data folder.
//!
//! ```text
//! cargo run --release -p smartspec-databuild -- ../shared/data
//! ```
//!
//! Every step is a plain transformation of published data; what was
//! recoded or dropped is written to `recoding_log.csv.gz`. See
//! `data/README.md` for sources, licences and the rules applied.

mod context;

use anyhow::{bail, Context, Result};
use flate2::write::GzEncoder;
use flate2::Compression;
use smartspec_core::{
    ActivityScheme, Cell, DuplicatePolicy, Flags, MeasureKind, NutsVersion, Panel, PanelBuilder,
    RegionScheme,
};
use smartspec_io::nace::{level_of as nace_level, NaceLevel};
use smartspec_io::nuts::{
    harmonise, level_of, Crosswalk, NutsRegion, NutsRegistry, RecodeAction, RecodeLog,
    RecodeOptions,
};
use smartspec_io::read::{parse_selection, ReadOptions};
use smartspec_io::write::write_panel_csv;
use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

fn main() -> Result<()> {
    let shared = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "../shared/data".into()),
    );
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../embedded");
    if !shared.join("PROVENANCE.md").exists() {
        bail!(
            "{}: not the shared data folder (no PROVENANCE.md)",
            shared.display()
        );
    }
    let labels = read_geo_labels(&shared)?;
    let crosswalk = Crosswalk::from_csv(open_gz(
        &shared.join("nuts/jrc_nuts_converter_crosswalks_2006_2024.csv.gz"),
    )?)
    .map_err(anyhow::Error::msg)?;
    let registry = build_registry(&shared, &labels, &crosswalk)?;
    write_gz(&out.join("nuts_regions.csv.gz"), &registry.to_csv()?)?;
    write_gz(&out.join("nuts_crosswalks.csv.gz"), &crosswalk.to_csv()?)?;
    write_gz(&out.join("nace_r2.csv.gz"), &nace_labels(&shared)?)?;

    let mut log_rows: Vec<[String; 6]> = Vec::new();
    let sbs = build_sbs(&shared, &registry, &crosswalk, &mut log_rows)?;
    let mut buf = Vec::new();
    write_panel_csv(&sbs, &mut buf, "sbs")?;
    write_gz(&out.join("sbs_employment_nuts2013.csv.gz"), &buf)?;
    write_gz(
        &out.join("sbs_employment_nuts2013.panel.gz"),
        &smartspec_io::binary::encode(&sbs),
    )?;

    let context = build_context(&shared, &registry, &crosswalk, &mut log_rows)?;
    let mut buf = Vec::new();
    write_panel_csv(&context, &mut buf, "context")?;
    // the context file names its second column `indicator`
    let text = String::from_utf8(buf)?.replacen("region,activity,", "region,indicator,", 1);
    write_gz(&out.join("context_nuts2013.csv.gz"), text.as_bytes())?;
    write_gz(
        &out.join("context_nuts2013.panel.gz"),
        &smartspec_io::binary::encode(&context),
    )?;
    // the population alone (without the EU28 row): `indicators` needs it for
    // RCA on population and should not decode the whole context for it
    let population = context.select(|r| r != smartspec_io::embedded::EU28, |a| a == "POP_THS");
    write_gz(
        &out.join("population_nuts2013.panel.gz"),
        &smartspec_io::binary::encode(&population),
    )?;

    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["dataset", "code", "version", "action", "detail", "cells"])?;
    for r in &log_rows {
        w.write_record(r)?;
    }
    write_gz(&out.join("recoding_log.csv.gz"), &w.into_inner()?)?;

    std::fs::copy(
        shared.join("geo/NUTS_RG_20M_2021_4326_LEVL_2.geojson.gz"),
        out.join("nuts2_2021_20m.geojson.gz"),
    )?;
    eprintln!(
        "wrote {}: SBS {} regions x {} activities x {} years; context {} regions; {} log rows",
        out.display(),
        sbs.regions().len(),
        sbs.activities().len(),
        sbs.years().len(),
        context.regions().len(),
        log_rows.len()
    );
    Ok(())
}

fn open_gz(path: &Path) -> Result<Box<dyn Read>> {
    let f = File::open(path).with_context(|| path.display().to_string())?;
    Ok(if path.extension().is_some_and(|e| e == "gz") {
        Box::new(flate2::read::MultiGzDecoder::new(f))
    } else {
        Box::new(f)
    })
}

fn write_gz(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut enc = GzEncoder::new(
        File::create(path).with_context(|| path.display().to_string())?,
        Compression::best(),
    );
    enc.write_all(bytes)?;
    enc.finish()?;
    Ok(())
}

/// Eurostat dictionary rows `dictionary,code_name,labels` for one dictionary.
fn dictionary(shared: &Path, name: &str) -> Result<Vec<(String, String)>> {
    let mut rdr =
        csv::Reader::from_reader(open_gz(&shared.join("eurostat/eurostat_code_labels.csv"))?);
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec?;
        if &rec[0] == name {
            out.push((rec[1].to_string(), rec[2].to_string()));
        }
    }
    Ok(out)
}

fn read_geo_labels(shared: &Path) -> Result<HashMap<String, String>> {
    let mut labels: HashMap<String, String> = dictionary(shared, "geo")?.into_iter().collect();
    // Fallbacks for codes the geo dictionary lacks, in order of preference:
    // the official 2021 and 2024 lists, then the (upper-case) 2013-2016 list.
    let fallbacks: [(&str, usize, usize); 3] = [
        ("nuts/nuts2021_codes.csv", 0, 3),
        ("nuts/nuts2024_codes_eu27.csv", 1, 2),
        ("nuts/nuts2013_nuts2016_changes.csv", 0, 3),
    ];
    for (file, code_col, label_col) in fallbacks {
        let mut rdr = csv::Reader::from_reader(open_gz(&shared.join(file))?);
        for rec in rdr.records() {
            let rec = rec?;
            let (code, label) = (rec[code_col].to_string(), rec[label_col].to_string());
            if !code.is_empty() && !label.is_empty() {
                labels.entry(code).or_insert(label);
            }
        }
    }
    Ok(labels)
}

/// Eurostat's `geo` labels end discontinued codes with the last version they
/// belong to, `Mazowieckie (NUTS 2013)`; the registry records versions itself.
fn clean_label(label: &str) -> String {
    match label.rsplit_once(" (NUTS ") {
        Some((name, rest))
            if rest.len() == 5
                && rest.ends_with(')')
                && rest[..4].bytes().all(|b| b.is_ascii_digit()) =>
        {
            name.to_string()
        }
        _ => label.to_string(),
    }
}

/// Codes with no label anywhere (the 2006 Greek `GR..` codes) take the label
/// of the unit they were renamed to in the next version, per the crosswalk.
fn label_by_rename(
    code: &str,
    version: NutsVersion,
    labels: &HashMap<String, String>,
    crosswalk: &Crosswalk,
) -> Option<String> {
    let next = NutsVersion::ALL.into_iter().find(|v| *v > version)?;
    let shares = crosswalk.shares(version, next, code, smartspec_io::nuts::Weight::Pop11)?;
    match shares.as_slice() {
        [one] => labels.get(&one.code).map(|l| clean_label(l)),
        _ => None,
    }
}

fn build_registry(
    shared: &Path,
    labels: &HashMap<String, String>,
    crosswalk: &Crosswalk,
) -> Result<NutsRegistry> {
    let mut reg = NutsRegistry::default();
    let mut rdr = csv::Reader::from_reader(open_gz(
        &shared.join("nuts/nuts_codes_by_version_2006_2024.csv"),
    )?);
    for rec in rdr.records() {
        let rec = rec?;
        let code = rec[0].to_string();
        let version: NutsVersion = rec[1].parse().map_err(anyhow::Error::msg)?;
        let Some(level) = level_of(&code) else {
            bail!("bad NUTS code {code}")
        };
        for (c, l) in [(code[..2].to_string(), 0u8), (code.clone(), level)] {
            let label = match labels.get(&c) {
                Some(l) => clean_label(l),
                None if c.starts_with("GR") && c.len() == 2 => {
                    labels.get("EL").map(|l| clean_label(l)).unwrap_or_default()
                }
                None => label_by_rename(&c, version, labels, crosswalk).unwrap_or_default(),
            };
            reg.insert(
                version,
                NutsRegion {
                    code: c[..].to_string(),
                    level: l,
                    country: code[..2].to_string(),
                    label,
                },
            );
        }
    }
    Ok(reg)
}

fn nace_labels(shared: &Path) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["code", "label"])?;
    for (code, label) in dictionary(shared, "nace_r2")? {
        w.write_record([code, label])?;
    }
    Ok(w.into_inner()?)
}

fn log_recoding(dataset: &str, log: &RecodeLog, rows: &mut Vec<[String; 6]>) {
    // a target reached by several renamed sources is a merge
    let mut targets: HashMap<&str, usize> = HashMap::new();
    for e in &log.entries {
        if let RecodeAction::Renamed { to } = &e.action {
            *targets.entry(to).or_default() += 1;
        }
    }
    for e in &log.entries {
        let version = e.version.map_or(String::new(), |v| v.year().to_string());
        let (action, detail) = match &e.action {
            RecodeAction::Kept => continue,
            RecodeAction::Renamed { to } if targets[to.as_str()] > 1 => {
                ("merged", format!("into {to}"))
            }
            RecodeAction::Renamed { to } => ("renamed", format!("to {to}")),
            RecodeAction::Split { into } => (
                "split",
                into.iter()
                    .map(|s| format!("{} {:.4}", s.code, s.share))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            RecodeAction::Dropped { reason } => ("dropped", reason.clone()),
        };
        let detail = if e.superseded > 0 {
            format!(
                "{detail}; {} cells superseded by values published in NUTS 2013 codes",
                e.superseded
            )
        } else {
            detail
        };
        rows.push([
            dataset.into(),
            e.code.clone(),
            version,
            action.into(),
            detail,
            e.cells.to_string(),
        ]);
    }
}

fn build_sbs(
    shared: &Path,
    registry: &NutsRegistry,
    crosswalk: &Crosswalk,
    log: &mut Vec<[String; 6]>,
) -> Result<Panel> {
    let opts = ReadOptions {
        regions: RegionScheme::Free,
        activities: ActivityScheme::Free,
        kind: MeasureKind::Count,
        select: vec![parse_selection("indic_sb=V16110").map_err(anyhow::Error::msg)?],
        ..ReadOptions::default()
    };
    let loaded = smartspec_io::read_panel(&shared.join("eurostat/sbs_r_nuts06_r2.tsv.gz"), &opts)?;
    let raw = loaded.panel;
    // sections and divisions only; the 3-digit trade groups are left out
    let groups: Vec<&str> = raw
        .activities()
        .iter()
        .filter(|a| nace_level(a) == NaceLevel::Group)
        .collect();
    log.push([
        "sbs".into(),
        groups.join(" "),
        String::new(),
        "dropped".into(),
        "NACE 3-digit trade groups (not part of the division panel)".into(),
        String::new(),
    ]);
    let panel = raw.select(
        |_| true,
        |a| matches!(nace_level(a), NaceLevel::Section | NaceLevel::Division),
    );
    let (harmonised, rlog) = harmonise(
        &panel,
        NutsVersion::V2013,
        None,
        registry,
        crosswalk,
        RecodeOptions::default(),
    );
    log_recoding("sbs", &rlog, log);
    let mut out = harmonised;
    out.meta_mut().measure = "persons employed (V16110)".into();
    Ok(out)
}

/// GDP (nama_10r_3gdp, NUTS 2013) and population (nama_10r_2gdp vintage
/// V2021, NUTS 2016 codes, recoded to 2013).
fn build_context(
    shared: &Path,
    registry: &NutsRegistry,
    crosswalk: &Crosswalk,
    log: &mut Vec<[String; 6]>,
) -> Result<Panel> {
    let mut b = PanelBuilder::new(DuplicatePolicy::Error);
    let mut rdr = csv::Reader::from_reader(open_gz(
        &shared.join("eurostat/nama_10r_3gdp_2000_2015.csv.gz"),
    )?);
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec?;
        let geo = &rec[0];
        if level_of(geo).is_none_or(|l| l > 2) || !registry.is_valid(NutsVersion::V2013, geo) {
            continue;
        }
        let indicator = format!("GDP_{}", &rec[1]);
        let year: i32 = rec[2].parse()?;
        let value = if rec[3].is_empty() {
            None
        } else {
            Some(rec[3].parse::<f64>()?)
        };
        let flags = Flags::parse(&rec[4]).map_err(anyhow::Error::msg)?.0;
        b.push(geo, &indicator, year, value, flags, i as u64 + 2)?;
    }
    let gdp = b.build()?;

    let mut b = PanelBuilder::new(DuplicatePolicy::Error);
    let mut rdr = csv::Reader::from_reader(open_gz(
        &shared.join("context/nama_10r_2gdp_vintages_2015_2021.csv.gz"),
    )?);
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec?;
        if &rec[4] != "V2021" || &rec[5] != "POP" {
            continue;
        }
        let value = if rec[7].is_empty() {
            None
        } else {
            Some(rec[7].parse::<f64>()?)
        };
        b.push(
            &rec[2],
            "POP_THS",
            rec[6].parse()?,
            value,
            Flags::EMPTY,
            i as u64 + 2,
        )?;
    }
    let mut pop = b.build()?;
    pop.meta_mut().regions = RegionScheme::Nuts(NutsVersion::V2016);
    let (pop13, rlog) = harmonise(
        &pop,
        NutsVersion::V2013,
        Some(NutsVersion::V2016),
        registry,
        crosswalk,
        RecodeOptions::default(),
    );
    log_recoding("context:POP_THS", &rlog, log);

    let (extra, eu) = context::build_extra(shared, registry, crosswalk, log)?;
    let mut b = PanelBuilder::new(DuplicatePolicy::Error);
    for (indicator, year, value) in &eu {
        b.push("EU28", indicator, *year, Some(*value), Flags::EMPTY, 0)?;
    }
    for p in [&gdp, &pop13].into_iter().chain(&extra) {
        for (y, &year) in p.years().iter().enumerate() {
            for r in 0..p.regions().len() {
                for a in 0..p.activities().len() {
                    let v = match p.cell(y, r, a) {
                        Cell::Absent => continue,
                        Cell::Value(v) => Some(v),
                        Cell::Missing => None,
                    };
                    b.push(
                        p.regions().code(r as u32),
                        p.activities().code(a as u32),
                        year,
                        v,
                        p.flags(y, r, a),
                        0,
                    )?;
                }
            }
        }
    }
    let mut ctx = b.build()?;
    ctx.meta_mut().kind = MeasureKind::Signed;
    Ok(ctx)
}

//! The data compiled into smartspec, so that the binary needs no file to run.
//!
//! Built by `data/build` (`cargo run -p smartspec-databuild -- ../shared/data`)
//! from public Eurostat, GISCO and JRC files; see `data/README.md` for
//! provenance and licences. Source: Eurostat. © EuroGeographics for the
//! administrative boundaries.
//!
//! | resource | content |
//! |---|---|
//! | [`sbs`] | SBS persons employed (`sbs_r_nuts06_r2`, `V16110`), NUTS 0–2, NACE sections and divisions, 2008–2015, harmonised to NUTS 2013 |
//! | [`default_panel`] | its NUTS-2 regions × the 68 NACE divisions: the default input of every analysis |
//! | [`sections_panel`] | NUTS-2 regions × NACE sections (region totals come from these) |
//! | [`context`] | regional context indicators (GDP, population, LFS employment by sector and education, skills, R&D, high-tech employment, unemployment, patents, regional accounts), NUTS 2013 |
//! | [`context_eu`] | the sources' EU28 values of the same indicators |
//! | [`lfs_sectors`] | LFS employment by A*10 sector (`lfst_r_lfe2en2`), NUTS 2013 |
//! | [`nuts2_geometry_geojson`] | NUTS 2021 level-2 polygons, 1:20 million (GISCO) |
//! | [`recoding_log`] | every code the build recoded or dropped |

use crate::nace::{level_of as nace_level, Nace, NaceLevel};
use crate::nuts::{is_extra_regio, level_of, Crosswalk, NutsRegistry, Weight};
use crate::read::{LongColumns, ReadOptions};
use crate::IoError;
use smartspec_core::{ActivityScheme, MeasureKind, NutsVersion, Panel, RegionScheme};
use std::io::Read;
use std::sync::OnceLock;

macro_rules! embedded_file {
    ($name:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../data/embedded/",
            $name
        ))
    };
}

const NUTS_REGIONS: &[u8] = embedded_file!("nuts_regions.csv.gz");
const CROSSWALKS: &[u8] = embedded_file!("nuts_crosswalks.csv.gz");
const NACE: &[u8] = embedded_file!("nace_r2.csv.gz");
// the binary panels, inflated at build time (build.rs) from
// data/embedded/*.panel.gz
macro_rules! inflated_panel {
    ($name:literal) => {
        include_bytes!(concat!(env!("OUT_DIR"), "/", $name))
    };
}
const SBS: &[u8] = inflated_panel!("sbs_employment_nuts2013.panel");
const CONTEXT: &[u8] = inflated_panel!("context_nuts2013.panel");
const POPULATION: &[u8] = inflated_panel!("population_nuts2013.panel");
const GEOMETRY: &[u8] = embedded_file!("nuts2_2021_20m.geojson.gz");
const RECODING_LOG: &[u8] = embedded_file!("recoding_log.csv.gz");

/// Attribution to print with any output of the embedded data.
pub const ATTRIBUTION: &str = "Source: Eurostat (sbs_r_nuts06_r2, nama_10r_3gdp, nama_10r_2gdp, LFS, R&D and high-tech regional tables); NUTS crosswalks: JRC NUTS converter; © EuroGeographics for the administrative boundaries";

/// Name of the embedded panel, as shown in outputs.
pub const SBS_NAME: &str = "embedded:sbs_r_nuts06_r2 (persons employed, V16110, NUTS 2013)";

fn gunzip(what: &str, bytes: &[u8]) -> Result<Vec<u8>, IoError> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes)
        .read_to_end(&mut out)
        .map_err(|e| IoError::Embedded {
            what: what.into(),
            message: e.to_string(),
        })?;
    Ok(out)
}

fn load<T>(what: &str, bytes: &[u8], parse: impl FnOnce(&[u8]) -> Result<T, String>) -> T {
    let raw = gunzip(what, bytes).unwrap_or_else(|e| panic!("{e}"));
    parse_embedded(what, &raw, parse)
}

/// `parse(raw)`, or a panic naming the embedded file. The embedded files are
/// produced by data/build and checked by tests; a failure here is a build
/// bug, reported as such.
fn parse_embedded<T>(what: &str, raw: &[u8], parse: impl FnOnce(&[u8]) -> Result<T, String>) -> T {
    parse(raw).unwrap_or_else(|e| {
        panic!(
            "{}",
            IoError::Embedded {
                what: what.into(),
                message: e
            }
        )
    })
}

pub(crate) fn nuts_registry() -> &'static NutsRegistry {
    static R: OnceLock<NutsRegistry> = OnceLock::new();
    R.get_or_init(|| load("NUTS registry", NUTS_REGIONS, |b| NutsRegistry::from_csv(b)))
}

pub(crate) fn crosswalk() -> &'static Crosswalk {
    static C: OnceLock<Crosswalk> = OnceLock::new();
    C.get_or_init(|| load("NUTS crosswalks", CROSSWALKS, |b| Crosswalk::from_csv(b)))
}

pub(crate) fn nace() -> &'static Nace {
    static N: OnceLock<Nace> = OnceLock::new();
    N.get_or_init(|| load("NACE classification", NACE, |b| Nace::from_csv(b)))
}

/// Decodes an embedded panel (the binary twin of the CSV in
/// `data/embedded/`, see [`crate::binary`]).
fn embedded_panel(name: &str, bytes: &[u8], kind: MeasureKind) -> Panel {
    // inflated at build time: decoded directly
    let mut p = parse_embedded(name, bytes, crate::binary::decode);
    let meta = p.meta_mut();
    meta.kind = kind;
    meta.regions = RegionScheme::Nuts(NutsVersion::V2013);
    meta.activities = ActivityScheme::Free;
    meta.source = name.to_string();
    p
}

/// Reading options of the embedded CSV files (`data/embedded/*.csv.gz`):
/// `activity_col` is `activity` for SBS, `indicator` for the context.
pub fn csv_options(activity_col: &str, kind: MeasureKind) -> ReadOptions {
    ReadOptions {
        columns: LongColumns {
            activity: activity_col.into(),
            ..LongColumns::default()
        },
        regions: RegionScheme::Nuts(NutsVersion::V2013),
        activities: ActivityScheme::Free,
        kind,
        ..ReadOptions::default()
    }
}

/// The whole embedded SBS panel: persons employed by NUTS 0/1/2 region
/// (NUTS 2013) × NACE section and division × year 2008–2015.
pub fn sbs() -> &'static Panel {
    static P: OnceLock<Panel> = OnceLock::new();
    P.get_or_init(|| {
        let mut p = embedded_panel(SBS_NAME, SBS, MeasureKind::Count);
        p.meta_mut().measure = "persons employed (V16110)".into();
        p.meta_mut().activities = ActivityScheme::Nace;
        p
    })
}

fn nuts2_regions(code: &str) -> bool {
    level_of(code) == Some(2) && !is_extra_regio(code)
}

/// NUTS-2 regions × the 68 NACE divisions: the default input of every analysis.
pub fn default_panel() -> &'static Panel {
    static P: OnceLock<Panel> = OnceLock::new();
    P.get_or_init(|| sbs().select(nuts2_regions, |a| nace_level(a) == NaceLevel::Division))
}

/// NUTS-2 regions × NACE sections.
pub fn sections_panel() -> &'static Panel {
    static P: OnceLock<Panel> = OnceLock::new();
    P.get_or_init(|| sbs().select(nuts2_regions, |a| nace_level(a) == NaceLevel::Section))
}

/// The context file as stored: regions and the `EU28` rows.
fn context_file() -> &'static Panel {
    static P: OnceLock<Panel> = OnceLock::new();
    P.get_or_init(|| {
        let mut p = embedded_panel("embedded:context", CONTEXT, MeasureKind::Signed);
        p.meta_mut().measure = "regional context indicators".into();
        p
    })
}

/// Code under which the context file keeps the sources' EU28 values.
pub const EU28: &str = "EU28";

/// Regional context indicators, long form: NUTS 0/1/2 region (NUTS 2013) ×
/// `indicator` × year. The indicator codes, their sources, units and
/// recoding rule are listed in `data/README.md`.
pub fn context() -> &'static Panel {
    static P: OnceLock<Panel> = OnceLock::new();
    P.get_or_init(|| context_file().select(|r| r != EU28, |_| true))
}

/// Population alone: the `POP_THS` indicator of [`context`] (thousand
/// persons, `nama_10r_2gdp`), NUTS 2013, without the EU28 row — a small
/// file of its own, so that RCA on population does not decode the whole
/// context.
pub fn population() -> &'static Panel {
    static P: OnceLock<Panel> = OnceLock::new();
    P.get_or_init(|| {
        let mut p = embedded_panel("embedded:population", POPULATION, MeasureKind::Count);
        p.meta_mut().measure = "population, thousand persons (POP_THS)".into();
        p
    })
}

/// The EU28 values of the context indicators as their sources publish them
/// (one region, `EU28`); indicators whose source has no EU28 row are absent.
pub fn context_eu() -> &'static Panel {
    static P: OnceLock<Panel> = OnceLock::new();
    P.get_or_init(|| context_file().select(|r| r == EU28, |_| true))
}

/// LFS employment, persons aged 15 and over, thousands (`lfst_r_lfe2en2`):
/// NUTS 0/1/2 regions × the A*10 sectors `A`, `B-E`, `F`, `G-I`, `J`, `K`,
/// `L`, `M_N`, `O-Q`, `R-U`, plus `NRP` (no response) and `TOTAL`,
/// 2008–2015. The whole economy, agriculture and the public sector included.
pub fn lfs_sectors() -> &'static Panel {
    static P: OnceLock<Panel> = OnceLock::new();
    P.get_or_init(|| {
        let mut p = context().activities_under("LFS_EMP_THS:");
        p.meta_mut().measure = "LFS employment, 15+, thousand persons (lfst_r_lfe2en2)".into();
        p.meta_mut().kind = MeasureKind::Count;
        p
    })
}

/// NUTS 2021 level-2 polygons (GISCO 1:20 million, EPSG:4326) as GeoJSON.
///
/// To draw a NUTS 2013 value on it, map each 2021 polygon to the 2013 region
/// holding the largest share of its population with
/// [`Crosswalk::shares`]`(V2021, V2013, code, Pop11)` (see
/// `docs/conventions.md`, "Maps").
pub fn nuts2_geometry_geojson() -> Result<Vec<u8>, IoError> {
    gunzip("NUTS-2 geometry", GEOMETRY)
}

/// For every NUTS 2021 code, the NUTS 2013 region whose value it shows on a
/// map: the 2013 unit holding the largest share of its 2011 population per
/// the JRC crosswalk (identity where the code did not change). `None` when no
/// 2013 unit overlaps it.
pub fn map_code_2021_to_2013(code: &str) -> Option<String> {
    let registry = nuts_registry();
    if registry.is_valid(NutsVersion::V2013, code) && registry.is_valid(NutsVersion::V2021, code) {
        // same code in both versions: boundaries may still have moved a
        // little; the crosswalk decides, identity if it lists nothing
        if let Some(s) =
            crosswalk().shares(NutsVersion::V2021, NutsVersion::V2013, code, Weight::Pop11)
        {
            return s
                .into_iter()
                .max_by(|a, b| a.share.total_cmp(&b.share))
                .map(|s| s.code);
        }
        return Some(code.to_string());
    }
    crosswalk()
        .shares(NutsVersion::V2021, NutsVersion::V2013, code, Weight::Pop11)?
        .into_iter()
        .max_by(|a, b| a.share.total_cmp(&b.share))
        .map(|s| s.code)
}

/// One recoding or dropping decision of the data build.
#[derive(Debug, Clone, PartialEq)]
pub struct LogRow {
    /// Dataset id.
    pub dataset: String,
    /// Source code.
    pub code: String,
    /// Version the code was read in (empty if dropped before that).
    pub version: String,
    /// `renamed`, `split`, `merged`, `dropped`.
    pub action: String,
    /// Targets or reason.
    pub detail: String,
    /// Cells concerned.
    pub cells: u64,
}

/// Every code the data build recoded or dropped.
pub fn recoding_log() -> &'static [LogRow] {
    static L: OnceLock<Vec<LogRow>> = OnceLock::new();
    L.get_or_init(|| {
        load("recoding log", RECODING_LOG, |raw| {
            let mut rdr = csv::Reader::from_reader(raw);
            rdr.records()
                .map(|r| {
                    let r = r.map_err(|e| e.to_string())?;
                    let g = |i: usize| r.get(i).unwrap_or("").to_string();
                    Ok(LogRow {
                        dataset: g(0),
                        code: g(1),
                        version: g(2),
                        action: g(3),
                        detail: g(4),
                        cells: g(5).parse().unwrap_or(0),
                    })
                })
                .collect()
        })
    })
}

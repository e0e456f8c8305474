//! A dataset: everything an analysis reads, and the facts that label its
//! outputs.
//!
//! | part | embedded data | a user dataset |
//! |---|---|---|
//! | panel | SBS persons employed, NUTS-2 × NACE division, 2008–2015 | the `--panel` file (any codes) |
//! | sections (region totals) | SBS NACE sections | the sum of the panel's NACE divisions by section; none for free activity codes (totals are then the panel's row sums) |
//! | context | the embedded context indicators | the `--context` files (smartspec's indicator codes, `data/README.md`) |
//! | EU values | the sources' EU28 rows | rows of region `EU28` in the context files |
//! | names | the NUTS registry | `--names FILE` (`region,name`), else the NUTS registry for NUTS codes |
//! | reference area | the EU28 regions | the EU28 regions of a NUTS panel that has some, else every region of the panel |
//! | geometry | NUTS 2021 level 2 (GISCO 1:20M), codes mapped to NUTS 2013 | the same, for NUTS 2013 or 2021 level-2 codes; none otherwise |
//!
//! The **default year** ([`Dataset::default_year`]) is the latest year in
//! which at least 70 % of the panel's regions have data
//! ([`smartspec_core::Panel::default_year`]): 2014 on the embedded data.

mod build;
mod manifest;
mod needs;

pub use build::{build, context_options, open, read_names, BuildError, BuildInput, Built};
pub use manifest::{Manifest, TableEntry, SCHEMA_VERSION};
pub use needs::{Missing, Need};

use smartspec_core::totals::{totals_from_sections, RegionTotal};
use smartspec_core::{ActivityScheme, Cell, NutsVersion, Panel, RegionScheme};
use smartspec_io::embedded;
use smartspec_io::nace::{level_of, section_of, NaceLevel};
use smartspec_io::nuts::{country_of, is_eu28, NutsRegistry};
use std::collections::HashMap;
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

/// A panel that is either compiled in (`'static`) or read from a file.
#[derive(Clone)]
pub enum Shared {
    /// An embedded panel.
    Static(&'static Panel),
    /// A panel read from a file.
    Owned(Arc<Panel>),
}

impl Deref for Shared {
    type Target = Panel;
    fn deref(&self) -> &Panel {
        match self {
            Shared::Static(p) => p,
            Shared::Owned(p) => p,
        }
    }
}

impl From<Panel> for Shared {
    fn from(p: Panel) -> Shared {
        Shared::Owned(Arc::new(p))
    }
}

/// The regions an RCA (and every "EU" figure) is measured against.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// As printed: `EU28 regions` or `all 3 regions of the dataset`.
    pub label: String,
    /// Which regions of the panel belong to it; `None`: every region.
    pub mask: Option<Vec<bool>>,
}

/// The map geometry of a dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Geometry {
    /// The embedded NUTS 2021 level-2 polygons; each feature shows the
    /// dataset region it maps to in `version` (identity for NUTS 2021, the
    /// JRC crosswalk's largest-population unit for NUTS 2013).
    EmbeddedNuts2(NutsVersion),
}

impl Geometry {
    /// The manifest's name of the geometry file.
    pub fn file(&self) -> &'static str {
        "embedded:nuts2_2021_20m.geojson"
    }

    /// How feature codes map to the dataset's, in words.
    pub fn mapping(&self) -> String {
        match self {
            Geometry::EmbeddedNuts2(NutsVersion::V2021) => "NUTS 2021 codes, as they are".into(),
            Geometry::EmbeddedNuts2(v) => format!(
                "NUTS 2021 codes mapped to NUTS {} by the JRC crosswalk (the unit holding most of the 2011 population)",
                v.year()
            ),
        }
    }

    /// The dataset region a NUTS 2021 feature shows.
    pub fn feature_region(&self, code2021: &str) -> Option<String> {
        match self {
            Geometry::EmbeddedNuts2(NutsVersion::V2021) => Some(code2021.to_string()),
            Geometry::EmbeddedNuts2(_) => embedded::map_code_2021_to_2013(code2021),
        }
    }
}

/// Everything an analysis reads.
pub struct Dataset {
    p: Parts,
    geometry: Option<Geometry>,
    reference: Reference,
    default_year: i32,
    groups: OnceLock<Option<Vec<usize>>>,
}

impl Dataset {
    /// The data compiled into smartspec (Eurostat SBS, 2008–2015, NUTS 2013,
    /// with its context, EU rows, population and geometry).
    pub fn embedded() -> Arc<Dataset> {
        static D: OnceLock<Arc<Dataset>> = OnceLock::new();
        D.get_or_init(|| {
            let panel = embedded::default_panel();
            Arc::new(Dataset::assemble(Parts {
                name: embedded::SBS_NAME.to_string(),
                attribution: embedded::ATTRIBUTION.to_string(),
                embedded: true,
                panel: Shared::Static(panel),
                sections: Some(Shared::Static(embedded::sections_panel())),
                context: vec![Shared::Static(embedded::context())],
                eu: Some(Shared::Static(embedded::context_eu())),
                population: Some(Shared::Static(embedded::population())),
                lfs_sectors: Some(Shared::Static(embedded::lfs_sectors())),
                names: HashMap::new(),
                manifest: None,
                native_sections: true,
            }))
        })
        .clone()
    }

    /// A dataset of panels already read: `panel` (regions × activities),
    /// `context` panels (region × indicator × year, smartspec's codes; rows
    /// of region `EU28` are the EU values) and region names.
    pub fn from_panels(
        name: String,
        panel: Panel,
        context: Vec<Panel>,
        names: HashMap<String, String>,
    ) -> Dataset {
        let sections = sections_of(&panel).map(Shared::from);
        let mut regional = Vec::new();
        let mut eu_rows = Vec::new();
        for c in context {
            let has_eu = c.regions().id(embedded::EU28).is_some();
            if has_eu {
                eu_rows.push(c.select(|r| r == embedded::EU28, |_| true));
                regional.push(Shared::from(c.select(|r| r != embedded::EU28, |_| true)));
            } else {
                regional.push(Shared::from(c));
            }
        }
        let lfs = regional
            .iter()
            .map(|c| c.activities_under("LFS_EMP_THS:"))
            .find(|p| !p.activities().is_empty())
            .map(Shared::from);
        Dataset::assemble(Parts {
            attribution: if name.is_empty() {
                "smartspec".into()
            } else {
                format!("Data: {name}; smartspec")
            },
            name,
            embedded: false,
            panel: Shared::from(panel),
            sections,
            context: regional,
            eu: eu_rows.into_iter().next().map(Shared::from),
            population: None,
            lfs_sectors: lfs,
            names,
            manifest: None,
            native_sections: false,
        })
    }

    fn assemble(p: Parts) -> Dataset {
        let panel = &p.panel;
        let nuts = match panel.meta().regions {
            RegionScheme::Nuts(v) => Some(v),
            _ => None,
        };
        let reference = match nuts {
            Some(v) => {
                // EU28 regions: valid codes of the panel's NUTS version in an
                // EU28 country (a code kept as given is outside)
                let registry = smartspec_io::nuts::NutsRegistry::embedded();
                let mask: Vec<bool> = panel
                    .regions()
                    .iter()
                    .map(|r| is_eu28(country_of(r)) && registry.is_valid(v, r))
                    .collect();
                if mask.iter().any(|&b| b) {
                    Reference {
                        label: "EU28 regions".into(),
                        mask: Some(mask),
                    }
                } else {
                    all_regions(panel)
                }
            }
            None => all_regions(panel),
        };
        let geometry = match nuts {
            Some(v @ (NutsVersion::V2013 | NutsVersion::V2021))
                if panel.regions().iter().any(|c| c.len() == 4) =>
            {
                Some(Geometry::EmbeddedNuts2(v))
            }
            _ => None,
        };
        let default_year = panel.default_year();
        Dataset {
            geometry,
            reference,
            default_year,
            groups: OnceLock::new(),
            p,
        }
    }

    /// The dataset's name as outputs show it.
    pub fn name(&self) -> &str {
        &self.p.name
    }

    /// The attribution to print with any output of it.
    pub fn attribution(&self) -> &str {
        &self.p.attribution
    }

    /// The source line of a chart of the panel alone (short enough for a
    /// figure's foot): the SBS table on the embedded data, the attribution
    /// otherwise.
    pub fn panel_source(&self) -> &str {
        if self.p.embedded {
            "Source: Eurostat SBS (sbs_r_nuts06_r2), persons employed; smartspec"
        } else {
            &self.p.attribution
        }
    }

    /// True for the embedded data.
    pub fn is_embedded(&self) -> bool {
        self.p.embedded
    }

    /// The region × activity panel.
    pub fn panel(&self) -> &Panel {
        &self.p.panel
    }

    /// True when the sections are the dataset's own table (the embedded
    /// SBS), not summed from its divisions.
    pub fn has_native_sections(&self) -> bool {
        self.p.native_sections
    }

    /// Regions × NACE sections, when the dataset has them.
    pub fn sections(&self) -> Option<&Panel> {
        self.p.sections.as_deref()
    }

    /// The context panels, searched in order.
    pub fn context(&self) -> Vec<&Panel> {
        self.p.context.iter().map(|c| &**c).collect()
    }

    /// The years of the context panels, ascending.
    pub fn context_years(&self) -> Vec<i32> {
        crate::context_inputs::years_of(&self.context())
    }

    /// True when the dataset holds at least one context indicator.
    pub fn has_context(&self) -> bool {
        self.p.context.iter().any(|c| !c.activities().is_empty())
    }

    /// The EU values of the context indicators (region `EU28`), if any.
    pub fn eu(&self) -> Option<&Panel> {
        self.p.eu.as_deref()
    }

    /// LFS employment by A*10 sector (`LFS_EMP_THS:*`), if present.
    pub fn lfs_sectors(&self) -> Option<&Panel> {
        self.p.lfs_sectors.as_deref()
    }

    /// The map geometry, if the codes match one.
    pub fn geometry(&self) -> Option<&Geometry> {
        self.geometry.as_ref()
    }

    /// The reference area.
    pub fn reference(&self) -> &Reference {
        &self.reference
    }

    /// The NUTS version of the region codes (`None`: free codes).
    pub fn nuts_version(&self) -> Option<NutsVersion> {
        match self.p.panel.meta().regions {
            RegionScheme::Nuts(v) => Some(v),
            _ => None,
        }
    }

    /// True when every activity is a NACE division (theme stages, sections,
    /// related variety need this).
    pub fn has_nace_divisions(&self) -> bool {
        let acts = self.p.panel.activities();
        !acts.is_empty() && acts.iter().all(|a| level_of(a) == NaceLevel::Division)
    }

    /// The default year of every command and endpoint (see the module doc).
    pub fn default_year(&self) -> i32 {
        self.default_year
    }

    /// The manifest the dataset was opened from (`None`: embedded or files
    /// given directly).
    pub fn manifest(&self) -> Option<&Manifest> {
        self.p.manifest.as_ref()
    }

    /// The name of a region: `--names`, else the NUTS label; empty if none.
    pub fn region_name(&self, code: &str) -> String {
        if let Some(n) = self.p.names.get(code) {
            return n.clone();
        }
        if self.nuts_version().is_some() {
            return NutsRegistry::embedded()
                .label(code)
                .unwrap_or("")
                .to_string();
        }
        String::new()
    }

    /// The country of a region: its NUTS country code, `None` for free codes.
    pub fn country(&self, code: &str) -> Option<String> {
        self.nuts_version().map(|_| country_of(code).to_string())
    }

    /// True when the region belongs to the reference area.
    pub fn in_reference(&self, r: usize) -> bool {
        self.reference.mask.as_ref().is_none_or(|m| m[r])
    }

    /// The NACE section of each activity (by index into the sections met)
    /// when every activity is a NACE division: the groups of related and
    /// unrelated variety.
    pub fn section_groups(&self) -> Option<&[usize]> {
        self.groups
            .get_or_init(|| {
                if !self.has_nace_divisions() {
                    return None;
                }
                let acts = self.p.panel.activities();
                let mut sections: Vec<&str> = Vec::new();
                Some(
                    acts.iter()
                        .map(|a| {
                            let s = &a[..1];
                            sections.iter().position(|x| *x == s).unwrap_or_else(|| {
                                sections.push(s);
                                sections.len() - 1
                            })
                        })
                        .collect(),
                )
            })
            .as_deref()
    }

    /// Region totals in `year`, in the panel's region order: the sum of the
    /// region's NACE sections where the dataset has them (a confidential
    /// section counted by its published divisions, marked estimated), else
    /// the sum of its published activities. The one rule of every command.
    pub fn totals(&self, year: i32) -> Vec<Option<RegionTotal>> {
        match &self.p.sections {
            Some(s) => totals_from_sections(s, &self.p.panel, year, section_of),
            None => totals_from_sections(&self.p.panel, &self.p.panel, year, |_| None),
        }
    }

    /// [`Dataset::totals`] as numbers, NaN where unknown.
    pub fn total_values(&self, year: i32) -> Vec<f64> {
        self.totals(year)
            .into_iter()
            .map(|t| t.map_or(f64::NAN, |t| t.value))
            .collect()
    }

    /// How region totals are made, in words.
    pub fn totals_rule(&self) -> &'static str {
        if self.p.sections.is_some() {
            "sum of NACE sections (a confidential section counted by its published divisions)"
        } else {
            "sum of the region's published activities"
        }
    }

    /// Population of every region in `year`, thousands: `POP_THS` (or `POP`,
    /// or `POP_NR` / 1000) of the population panel or the context; `None`
    /// when no region has one.
    pub fn population(&self, year: i32) -> Option<Vec<f64>> {
        // the population panel (POP_THS alone, quick to read), then the
        // context for the regions it lacks (the UK's and Norway's POP_NR)
        let mut panels: Vec<&Panel> = self.p.population.iter().map(|p| &**p).collect();
        panels.extend(self.context());
        let pop: Vec<f64> = self
            .p
            .panel
            .regions()
            .iter()
            .map(|code| {
                // thousands: POP_THS (nama_10r_3popgdp), a user's POP, else
                // POP_NR (demo_r_d2jan, persons on 1 January) / 1000 — the
                // only population the embedded data has for the UK and Norway
                panels
                    .iter()
                    .find_map(|c| {
                        [("POP_THS", 1.0), ("POP", 1.0), ("POP_NR", 1e-3)]
                            .iter()
                            .find_map(|(ind, scale)| match c.get(code, ind, year) {
                                Some(Cell::Value(v)) => Some(v * scale),
                                _ => None,
                            })
                    })
                    .unwrap_or(f64::NAN)
            })
            .collect();
        pop.iter().any(|p| p.is_finite()).then_some(pop)
    }

    /// `indicator` of the context for every region of the panel, the latest
    /// value in `[year − 3, year]` ([`crate::latest`]); NaN where unknown,
    /// `None` when no region has one.
    pub fn context_series(&self, indicator: &str, year: i32) -> Option<Vec<f64>> {
        let ctx = self.context();
        if ctx.is_empty() {
            return None;
        }
        let v: Vec<f64> = self
            .p
            .panel
            .regions()
            .iter()
            .map(|code| {
                crate::latest::latest(&ctx, code, indicator, year, crate::context_inputs::WINDOW)
                    .map_or(f64::NAN, |o| o.value)
            })
            .collect();
        v.iter().any(|x| x.is_finite()).then_some(v)
    }

    /// GDP per head in PPS (`GDP_PPS_HAB`) per region of the panel in `year`
    /// ([`Dataset::context_series`]): the income anchor of the ECI sign rule
    /// and of the validity checks.
    pub fn gdp_per_head(&self, year: i32) -> Option<Vec<f64>> {
        self.context_series("GDP_PPS_HAB", year)
    }

    /// A copy with `context` panels searched before the dataset's own (the
    /// `--context FILE` of a command on the embedded data).
    pub fn with_extra_context(&self, extra: Vec<Panel>) -> Dataset {
        let mut p = self.p.clone();
        p.context = extra.into_iter().map(Shared::from).collect();
        p.context.extend(self.p.context.iter().cloned());
        Dataset {
            p,
            geometry: self.geometry.clone(),
            reference: self.reference.clone(),
            default_year: self.default_year,
            groups: OnceLock::new(),
        }
    }

    pub(crate) fn set_manifest(&mut self, m: Manifest) {
        if let Some(y) = m.default_year {
            if self.p.panel.year_index(y).is_some() {
                self.default_year = y;
            }
        }
        self.p.manifest = Some(m);
    }
}

/// What a dataset holds (the facts derived from it are [`Dataset`]'s).
#[derive(Clone)]
struct Parts {
    name: String,
    attribution: String,
    embedded: bool,
    panel: Shared,
    sections: Option<Shared>,
    context: Vec<Shared>,
    eu: Option<Shared>,
    population: Option<Shared>,
    lfs_sectors: Option<Shared>,
    names: HashMap<String, String>,
    manifest: Option<Manifest>,
    native_sections: bool,
}

fn all_regions(panel: &Panel) -> Reference {
    Reference {
        label: format!("all {} regions of the dataset", panel.regions().len()),
        mask: None,
    }
}

/// Regions × NACE sections summed from a panel of NACE divisions (a section
/// is the sum of its published divisions; missing when none is published);
/// `None` unless every activity is a NACE division.
pub fn sections_of(panel: &Panel) -> Option<Panel> {
    use smartspec_core::{DuplicatePolicy, Flags, PanelBuilder};
    let acts = panel.activities();
    if acts.is_empty() || !acts.iter().all(|a| level_of(a) == NaceLevel::Division) {
        return None;
    }
    let mut sums: std::collections::BTreeMap<(String, String, i32), Option<f64>> =
        Default::default();
    for rec in panel.records() {
        let Some(s) = section_of(rec.activity) else {
            continue;
        };
        let e = sums
            .entry((rec.region.to_string(), s.to_string(), rec.year))
            .or_insert(None);
        if let Some(v) = rec.value {
            *e = Some(e.unwrap_or(0.0) + v);
        }
    }
    let mut b = PanelBuilder::new(DuplicatePolicy::Error);
    b.meta(panel.meta().clone());
    for (k, ((region, section, year), value)) in sums.into_iter().enumerate() {
        b.push(&region, &section, year, value, Flags::default(), k as u64)
            .ok()?;
    }
    let mut p = b.build().ok()?;
    p.meta_mut().activities = ActivityScheme::Nace;
    Some(p)
}

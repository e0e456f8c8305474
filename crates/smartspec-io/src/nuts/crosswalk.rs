//! The JRC NUTS converter matrices.

use crate::IoError;
use smartspec_core::NutsVersion;
use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::str::FromStr;

/// Intersections holding less than this share of the source unit's weight are
/// boundary slivers from digitisation and are ignored (see the module doc).
pub const SLIVER_SHARE: f64 = 0.001;

/// The weight that apportions a split unit's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Weight {
    /// Population, GEOSTAT 2011 grid (the default: closest to the 2008–2015 data).
    #[default]
    Pop11,
    /// Population, JRC-GEOSTAT 2021 grid.
    Pop21,
    /// Area in km².
    Area,
    /// Artificial surface 2012 (LUISA).
    ArtifSurf12,
    /// Artificial surface 2018 (LUISA).
    ArtifSurf18,
    /// Built-up volume.
    BuVol,
}

impl Weight {
    /// All weights, in the order stored.
    pub const ALL: [Weight; 6] = [
        Weight::Area,
        Weight::Pop21,
        Weight::Pop11,
        Weight::ArtifSurf18,
        Weight::ArtifSurf12,
        Weight::BuVol,
    ];

    /// The column name in the JRC files.
    pub fn column(self) -> &'static str {
        match self {
            Weight::Area => "areaKm",
            Weight::Pop21 => "pop21",
            Weight::Pop11 => "pop11",
            Weight::ArtifSurf18 => "artif_surf18",
            Weight::ArtifSurf12 => "artif_surf12",
            Weight::BuVol => "bu_vol",
        }
    }

    fn slot(self) -> usize {
        Weight::ALL.iter().position(|&w| w == self).unwrap_or(0)
    }
}

impl fmt::Display for Weight {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Weight::Area => "area",
            other => other.column(),
        })
    }
}

impl FromStr for Weight {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "area" | "areaKm" => Ok(Weight::Area),
            "pop21" => Ok(Weight::Pop21),
            "pop11" => Ok(Weight::Pop11),
            "artif_surf18" => Ok(Weight::ArtifSurf18),
            "artif_surf12" => Ok(Weight::ArtifSurf12),
            "bu_vol" => Ok(Weight::BuVol),
            _ => Err(format!(
                "unknown crosswalk weight {s:?}: use pop11, pop21, area, artif_surf12, artif_surf18 or bu_vol"
            )),
        }
    }
}

/// A target unit and the share of the source's value it receives.
#[derive(Debug, Clone, PartialEq)]
pub struct Share {
    /// Target code.
    pub code: String,
    /// Share in (0, 1]; the shares of one source sum to 1.
    pub share: f64,
}

type Key = (NutsVersion, NutsVersion);

/// The target units of one source unit, with the six weights of each
/// intersection (in [`Weight::ALL`] order).
type Targets = Vec<(String, [f64; 6])>;

/// Intersections between the units of every pair of NUTS versions.
#[derive(Debug, Clone, Default)]
pub struct Crosswalk {
    rows: HashMap<Key, HashMap<String, Targets>>,
}

impl Crosswalk {
    /// The crosswalks compiled into smartspec.
    pub fn embedded() -> &'static Crosswalk {
        crate::embedded::crosswalk()
    }

    /// Reads JRC converter rows: CSV with `from_code,to_code,from_version,
    /// to_version` and the weight columns (`areaKm, pop21, pop11,
    /// artif_surf18, artif_surf12, bu_vol`; missing weights read as 0).
    /// Rows within one version are skipped.
    pub fn from_csv(reader: impl Read) -> Result<Crosswalk, String> {
        let mut rdr = csv::Reader::from_reader(reader);
        let headers = rdr.headers().map_err(|e| e.to_string())?.clone();
        let col = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .ok_or_else(|| format!("crosswalk has no column {name}"))
        };
        let (fc, tc, fv, tv) = (
            col("from_code")?,
            col("to_code")?,
            col("from_version")?,
            col("to_version")?,
        );
        let wcols: Vec<usize> = Weight::ALL
            .iter()
            .map(|w| col(w.column()))
            .collect::<Result<_, _>>()?;
        let mut cw = Crosswalk::default();
        for (i, rec) in rdr.records().enumerate() {
            let rec = rec.map_err(|e| e.to_string())?;
            let line = i + 2;
            let version = |c: usize| -> Result<NutsVersion, String> {
                rec.get(c)
                    .unwrap_or("")
                    .parse()
                    .map_err(|e| format!("crosswalk line {line}: {e}"))
            };
            let (from_v, to_v) = (version(fv)?, version(tv)?);
            if from_v == to_v {
                continue;
            }
            let mut w = [0.0; 6];
            for (slot, &c) in wcols.iter().enumerate() {
                let t = rec.get(c).unwrap_or("");
                w[slot] = if t.is_empty() || t == "NA" {
                    0.0
                } else {
                    t.parse()
                        .map_err(|_| format!("crosswalk line {line}: bad weight {t:?}"))?
                };
            }
            cw.rows
                .entry((from_v, to_v))
                .or_default()
                .entry(rec.get(fc).unwrap_or("").to_string())
                .or_default()
                .push((rec.get(tc).unwrap_or("").to_string(), w));
        }
        Ok(cw)
    }

    /// Serialises the crosswalk (between-version rows only).
    pub fn to_csv(&self) -> Result<Vec<u8>, IoError> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let io = |e: csv::Error| IoError::Request(e.to_string());
        let mut header = vec!["from_code", "to_code", "from_version", "to_version"];
        header.extend(Weight::ALL.iter().map(|w| w.column()));
        w.write_record(&header).map_err(io)?;
        let mut keys: Vec<&Key> = self.rows.keys().collect();
        keys.sort();
        for k in keys {
            let mut froms: Vec<_> = self.rows[k].iter().collect();
            froms.sort_by(|a, b| a.0.cmp(b.0));
            for (from, targets) in froms {
                for (to, ws) in targets {
                    let mut rec = vec![
                        from.clone(),
                        to.clone(),
                        k.0.year().to_string(),
                        k.1.year().to_string(),
                    ];
                    rec.extend(ws.iter().map(|x| format!("{x}")));
                    w.write_record(&rec).map_err(io)?;
                }
            }
        }
        w.into_inner().map_err(|e| IoError::Request(e.to_string()))
    }

    /// True when the source code appears in the `from → to` matrix.
    pub fn knows(&self, from: NutsVersion, to: NutsVersion, code: &str) -> bool {
        self.rows
            .get(&(from, to))
            .is_some_and(|m| m.contains_key(code))
    }

    /// The total weight of a unit of version `from` in the `from → to`
    /// matrix (e.g. its population with [`Weight::Pop11`]), falling back to
    /// area as [`Crosswalk::shares`] does. `None` when the code is not in the
    /// matrix or has no weight.
    pub fn source_weight(
        &self,
        from: NutsVersion,
        to: NutsVersion,
        code: &str,
        weight: Weight,
    ) -> Option<f64> {
        let targets = self.rows.get(&(from, to))?.get(code)?;
        let total = |slot: usize| targets.iter().map(|(_, w)| w[slot]).sum::<f64>();
        let t = total(weight.slot());
        let t = if t > 0.0 {
            t
        } else {
            total(Weight::Area.slot())
        };
        (t > 0.0).then_some(t)
    }

    /// How a unit of version `from` maps onto version `to`: target codes and
    /// shares (slivers below [`SLIVER_SHARE`] dropped, shares rescaled to sum
    /// to 1). `None` when the code is not in the matrix. Identity when
    /// `from == to`.
    pub fn shares(
        &self,
        from: NutsVersion,
        to: NutsVersion,
        code: &str,
        weight: Weight,
    ) -> Option<Vec<Share>> {
        if from == to {
            return Some(vec![Share {
                code: code.to_string(),
                share: 1.0,
            }]);
        }
        let targets = self.rows.get(&(from, to))?.get(code)?;
        let total = |slot: usize| targets.iter().map(|(_, w)| w[slot]).sum::<f64>();
        let mut slot = weight.slot();
        if total(slot) <= 0.0 {
            slot = Weight::Area.slot();
        }
        let t = total(slot);
        if t <= 0.0 {
            return None;
        }
        let mut kept: Vec<Share> = targets
            .iter()
            .map(|(c, w)| Share {
                code: c.clone(),
                share: w[slot] / t,
            })
            .filter(|s| s.share >= SLIVER_SHARE)
            .collect();
        let kept_total: f64 = kept.iter().map(|s| s.share).sum();
        for s in &mut kept {
            s.share /= kept_total;
        }
        kept.sort_by(|a, b| a.code.cmp(&b.code));
        Some(kept)
    }
}

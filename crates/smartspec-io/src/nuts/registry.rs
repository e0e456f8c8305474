//! The NUTS registry: which codes exist in which version, with level, parent,
//! country and label.

use crate::IoError;
use smartspec_core::NutsVersion;
use std::collections::HashMap;
use std::io::Read;

/// One NUTS unit in one version.
#[derive(Debug, Clone, PartialEq)]
pub struct NutsRegion {
    /// The code, e.g. `ITC4`.
    pub code: String,
    /// Level 0–3.
    pub level: u8,
    /// Country code (`EL`, `UK`).
    pub country: String,
    /// Name in Latin script (Eurostat `geo` dictionary).
    pub label: String,
}

/// NUTS codes of versions 2006–2024.
#[derive(Debug, Clone, Default)]
pub struct NutsRegistry {
    by_version: HashMap<NutsVersion, HashMap<String, NutsRegion>>,
    labels: HashMap<String, String>,
}

/// Level of a NUTS code from its length (`DE` 0, `DE2` 1, `DE21` 2, `DE212` 3).
pub fn level_of(code: &str) -> Option<u8> {
    match code.len() {
        2..=5 => Some(code.len() as u8 - 2),
        _ => None,
    }
}

/// The parent code (one level up); `None` for a country.
pub fn parent_of(code: &str) -> Option<&str> {
    code.get(..code.len().saturating_sub(1))
        .filter(|_| code.len() > 2)
}

/// The country code of a NUTS code.
pub fn country_of(code: &str) -> &str {
    code.get(..2).unwrap_or(code)
}

/// True for Extra-Regio codes (`DEZ`, `DEZZ`, `DEZZZ`).
pub fn is_extra_regio(code: &str) -> bool {
    code.len() > 2 && code[2..].bytes().all(|b| b == b'Z')
}

impl NutsRegistry {
    /// The registry compiled into smartspec (built by `data/build` from the
    /// rOpenSci `nuts` code lists and Eurostat's `geo` labels).
    pub fn embedded() -> &'static NutsRegistry {
        crate::embedded::nuts_registry()
    }

    /// Reads a registry from CSV `code,version,level,country,label`.
    pub fn from_csv(reader: impl Read) -> Result<NutsRegistry, String> {
        let mut rdr = csv::Reader::from_reader(reader);
        let mut reg = NutsRegistry::default();
        for (i, rec) in rdr.records().enumerate() {
            let rec = rec.map_err(|e| e.to_string())?;
            let bad = || format!("line {}: bad registry row", i + 2);
            let code = rec.get(0).ok_or_else(bad)?.to_string();
            let version: NutsVersion = rec.get(1).ok_or_else(bad)?.parse()?;
            let level: u8 = rec.get(2).and_then(|s| s.parse().ok()).ok_or_else(bad)?;
            let country = rec.get(3).ok_or_else(bad)?.to_string();
            let label = rec.get(4).ok_or_else(bad)?.to_string();
            reg.labels
                .entry(code.clone())
                .or_insert_with(|| label.clone());
            reg.by_version.entry(version).or_default().insert(
                code.clone(),
                NutsRegion {
                    code,
                    level,
                    country,
                    label,
                },
            );
        }
        Ok(reg)
    }

    /// Adds a unit (used when building the registry from raw sources).
    pub fn insert(&mut self, version: NutsVersion, region: NutsRegion) {
        self.labels
            .entry(region.code.clone())
            .or_insert_with(|| region.label.clone());
        self.by_version
            .entry(version)
            .or_default()
            .insert(region.code.clone(), region);
    }

    /// True when `code` exists in `version`.
    pub fn is_valid(&self, version: NutsVersion, code: &str) -> bool {
        self.by_version
            .get(&version)
            .is_some_and(|m| m.contains_key(code))
    }

    /// The unit `code` of `version`.
    pub fn region(&self, version: NutsVersion, code: &str) -> Option<&NutsRegion> {
        self.by_version.get(&version)?.get(code)
    }

    /// A label for `code` in whatever version knows it.
    pub fn label(&self, code: &str) -> Option<&str> {
        self.labels.get(code).map(|s| s.as_str())
    }

    /// The versions in which `code` exists, oldest first.
    pub fn versions_of(&self, code: &str) -> Vec<NutsVersion> {
        NutsVersion::ALL
            .into_iter()
            .filter(|&v| self.is_valid(v, code))
            .collect()
    }

    /// The versions other than `target` in which `code` exists, nearest to
    /// `target` first (the likeliest meaning of a code given for data coded
    /// in `target`; on a tie the older version comes first).
    pub fn versions_near(&self, code: &str, target: NutsVersion) -> Vec<NutsVersion> {
        let mut v: Vec<NutsVersion> = self
            .versions_of(code)
            .into_iter()
            .filter(|&v| v != target)
            .collect();
        v.sort_by_key(|v| (v.year() as i32 - target.year() as i32).abs());
        v
    }

    /// Codes of `version` at `level`, sorted.
    pub fn codes(&self, version: NutsVersion, level: u8) -> Vec<&NutsRegion> {
        let mut v: Vec<&NutsRegion> = self
            .by_version
            .get(&version)
            .map(|m| m.values().filter(|r| r.level == level).collect())
            .unwrap_or_default();
        v.sort_by(|a, b| a.code.cmp(&b.code));
        v
    }

    /// For `auto`: the version that validates most of `codes` (ties go to the
    /// newer version), with the count of valid codes.
    pub fn best_version<'a>(
        &self,
        codes: impl Iterator<Item = &'a str> + Clone,
    ) -> (NutsVersion, usize) {
        NutsVersion::ALL
            .into_iter()
            .map(|v| (v, codes.clone().filter(|c| self.is_valid(v, c)).count()))
            .fold((NutsVersion::V2013, 0), |best, cur| {
                if cur.1 >= best.1 {
                    cur
                } else {
                    best
                }
            })
    }

    /// Serialises as CSV `code,version,level,country,label`, sorted.
    pub fn to_csv(&self) -> Result<Vec<u8>, IoError> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let io = |e: csv::Error| IoError::Request(e.to_string());
        w.write_record(["code", "version", "level", "country", "label"])
            .map_err(io)?;
        for v in NutsVersion::ALL {
            let Some(m) = self.by_version.get(&v) else {
                continue;
            };
            let mut rows: Vec<&NutsRegion> = m.values().collect();
            rows.sort_by(|a, b| a.code.cmp(&b.code));
            for r in rows {
                w.write_record([
                    r.code.as_str(),
                    &v.year().to_string(),
                    &r.level.to_string(),
                    &r.country,
                    &r.label,
                ])
                .map_err(io)?;
            }
        }
        w.into_inner().map_err(|e| IoError::Request(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_arithmetic() {
        assert_eq!(level_of("ITC4"), Some(2));
        assert_eq!(level_of("IT"), Some(0));
        assert_eq!(level_of("X"), None);
        assert_eq!(parent_of("ITC4"), Some("ITC"));
        assert_eq!(parent_of("IT"), None);
        assert_eq!(country_of("ELZZ"), "EL");
        assert!(
            is_extra_regio("FRZZ")
                && is_extra_regio("DEZ")
                && !is_extra_regio("DE")
                && !is_extra_regio("ITZ1")
        );
    }
}

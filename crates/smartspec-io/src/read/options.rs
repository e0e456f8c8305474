//! Options shared by every panel reader.

use smartspec_core::{ActivityScheme, DuplicatePolicy, MeasureKind, NutsVersion, RegionScheme};

/// Names of the columns of a long file.
#[derive(Debug, Clone, PartialEq)]
pub struct LongColumns {
    /// Region code column (default `region`).
    pub region: String,
    /// Activity code column (default `activity`).
    pub activity: String,
    /// Year column (default `year`).
    pub year: String,
    /// Value column (default `value`).
    pub value: String,
    /// Optional flag column (default `flag`).
    pub flag: String,
}

impl Default for LongColumns {
    fn default() -> Self {
        LongColumns {
            region: "region".into(),
            activity: "activity".into(),
            year: "year".into(),
            value: "value".into(),
            flag: "flag".into(),
        }
    }
}

impl LongColumns {
    /// Parses `region=geo,activity=nace_r2,year=time` style overrides.
    pub fn with_overrides(mut self, spec: &str) -> Result<Self, String> {
        for part in spec.split(',').filter(|p| !p.trim().is_empty()) {
            let (k, v) = part
                .split_once('=')
                .ok_or_else(|| format!("column mapping {part:?} is not NAME=COLUMN"))?;
            let slot = match k.trim() {
                "region" => &mut self.region,
                "activity" => &mut self.activity,
                "year" => &mut self.year,
                "value" => &mut self.value,
                "flag" => &mut self.flag,
                other => {
                    return Err(format!(
                        "unknown column role {other:?}: use region, activity, year, value or flag"
                    ))
                }
            };
            *slot = v.trim().to_string();
        }
        Ok(self)
    }
}

/// How to read a panel file.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadOptions {
    /// Column names of long CSV and Parquet files.
    pub columns: LongColumns,
    /// CSV field delimiter (default `,`).
    pub delimiter: u8,
    /// Region classification to validate against.
    pub regions: RegionScheme,
    /// Activity classification to validate against.
    pub activities: ActivityScheme,
    /// Count (negative values refused) or signed.
    pub kind: MeasureKind,
    /// Duplicate region-activity-year rows: error (default) or sum.
    pub on_duplicate: DuplicatePolicy,
    /// Eurostat TSV: dimension selections such as `indic_sb=V16110`.
    pub select: Vec<(String, String)>,
    /// Eurostat TSV: the dimension holding region codes (default `geo`).
    pub region_dim: String,
    /// Eurostat TSV: the dimension holding activity codes (default `nace_r2`).
    pub activity_dim: String,
    /// Recode region codes to this NUTS version after reading.
    pub recode_to: Option<NutsVersion>,
    /// At most this many problems are kept (reading stops at this many errors).
    pub max_problems: usize,
    /// Lines longer than this many bytes are refused.
    pub max_line_bytes: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            columns: LongColumns::default(),
            delimiter: b',',
            regions: RegionScheme::Auto,
            activities: ActivityScheme::Free,
            kind: MeasureKind::Count,
            on_duplicate: DuplicatePolicy::Error,
            select: Vec::new(),
            region_dim: "geo".into(),
            activity_dim: "nace_r2".into(),
            recode_to: None,
            max_problems: 50,
            max_line_bytes: 1 << 20,
        }
    }
}

/// Parses `DIM=VALUE`.
pub fn parse_selection(spec: &str) -> Result<(String, String), String> {
    let (k, v) = spec.split_once('=').ok_or_else(|| {
        format!("selection {spec:?} is not DIMENSION=CODE (e.g. indic_sb=V16110)")
    })?;
    Ok((k.trim().to_string(), v.trim().to_string()))
}

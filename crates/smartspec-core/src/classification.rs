//! Identifiers of the classifications a panel is coded in. The registries
//! themselves (codes, labels, hierarchy, crosswalks) live in `smartspec-io`.

use std::fmt;
use std::str::FromStr;

/// A version of the NUTS classification (Nomenclature of territorial units for
/// statistics). Each version is named by the year it was adopted and is in
/// force from a later date (NUTS 2013 from 1 January 2015, for example).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NutsVersion {
    /// NUTS 2006 (in force 2008–2011).
    V2006,
    /// NUTS 2010 (in force 2012–2014).
    V2010,
    /// NUTS 2013 (in force 2015–2017); smartspec's harmonised version.
    V2013,
    /// NUTS 2016 (in force 2018–2020).
    V2016,
    /// NUTS 2021 (in force 2021–2023).
    V2021,
    /// NUTS 2024 (in force from 2024).
    V2024,
}

impl NutsVersion {
    /// All versions, oldest first.
    pub const ALL: [NutsVersion; 6] = [
        NutsVersion::V2006,
        NutsVersion::V2010,
        NutsVersion::V2013,
        NutsVersion::V2016,
        NutsVersion::V2021,
        NutsVersion::V2024,
    ];

    /// The version year (2006, 2010, ...).
    pub fn year(self) -> u16 {
        match self {
            NutsVersion::V2006 => 2006,
            NutsVersion::V2010 => 2010,
            NutsVersion::V2013 => 2013,
            NutsVersion::V2016 => 2016,
            NutsVersion::V2021 => 2021,
            NutsVersion::V2024 => 2024,
        }
    }

    /// The version of a year, if it is one of the six.
    pub fn from_year(year: u16) -> Option<NutsVersion> {
        NutsVersion::ALL.into_iter().find(|v| v.year() == year)
    }
}

impl fmt::Display for NutsVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "nuts{}", self.year())
    }
}

impl FromStr for NutsVersion {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let digits = s
            .strip_prefix("nuts")
            .or_else(|| s.strip_prefix("NUTS"))
            .unwrap_or(s);
        digits
            .parse::<u16>()
            .ok()
            .and_then(NutsVersion::from_year)
            .ok_or_else(|| {
                format!("unknown NUTS version {s:?}: use one of nuts2006, nuts2010, nuts2013, nuts2016, nuts2021, nuts2024")
            })
    }
}

/// How the region codes of a panel are to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionScheme {
    /// Codes must be valid in this NUTS version.
    Nuts(NutsVersion),
    /// Pick the NUTS version that validates most codes, and report it.
    Auto,
    /// Any code is accepted (countries of world-trade data, custom areas).
    Free,
}

impl fmt::Display for RegionScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegionScheme::Nuts(v) => write!(f, "{v}"),
            RegionScheme::Auto => write!(f, "auto"),
            RegionScheme::Free => write!(f, "free"),
        }
    }
}

impl FromStr for RegionScheme {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "auto" => Ok(RegionScheme::Auto),
            "free" => Ok(RegionScheme::Free),
            other => other.parse().map(RegionScheme::Nuts),
        }
    }
}

/// How the activity codes of a panel are to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityScheme {
    /// NACE Rev. 2 codes (sections, divisions, groups, classes; Eurostat
    /// spelling such as `C10`, `G451`).
    Nace,
    /// Any code is accepted (SITC or HS products, technology classes, ...).
    Free,
}

impl fmt::Display for ActivityScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ActivityScheme::Nace => "nace",
            ActivityScheme::Free => "free",
        })
    }
}

impl FromStr for ActivityScheme {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "nace" => Ok(ActivityScheme::Nace),
            "free" => Ok(ActivityScheme::Free),
            _ => Err(format!(
                "unknown activity classification {s:?}: use nace or free"
            )),
        }
    }
}

/// What kind of quantity the panel measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeasureKind {
    /// A non-negative count or amount (persons employed, local units, wages,
    /// exports). Negative values are an input error. The default for panels
    /// used in RCA.
    Count,
    /// A signed measure (growth rates, balances); negative values accepted.
    Signed,
}

impl fmt::Display for MeasureKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MeasureKind::Count => "count",
            MeasureKind::Signed => "signed",
        })
    }
}

impl FromStr for MeasureKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "count" => Ok(MeasureKind::Count),
            "signed" => Ok(MeasureKind::Signed),
            _ => Err(format!("unknown measure kind {s:?}: use count or signed")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_in_both_spellings() {
        assert_eq!("nuts2013".parse::<NutsVersion>(), Ok(NutsVersion::V2013));
        assert_eq!("2021".parse::<NutsVersion>(), Ok(NutsVersion::V2021));
        assert!("nuts2011".parse::<NutsVersion>().is_err());
        assert_eq!("auto".parse::<RegionScheme>(), Ok(RegionScheme::Auto));
        assert_eq!(
            "nuts2024".parse::<RegionScheme>(),
            Ok(RegionScheme::Nuts(NutsVersion::V2024))
        );
        assert_eq!(NutsVersion::V2016.to_string(), "nuts2016");
    }
}

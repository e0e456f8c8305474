//! NACE Rev. 2, the EU's statistical classification of economic activities.
//!
//! Codes are spelt as Eurostat does: a section letter (`C`), a division
//! (`C10`), a group (`C101`), a class (`C1011`), and aggregates such as
//! `B-E` or `C10-C12`. The hierarchy is section → division → group → class:
//! the parent of `C101` is `C10`, whose parent is `C`. Labels are Eurostat's
//! `nace_r2` dictionary.

use std::collections::HashMap;
use std::io::Read;

/// The level of a NACE code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NaceLevel {
    /// One letter, `A`–`U`.
    Section,
    /// Letter + 2 digits.
    Division,
    /// Letter + 3 digits.
    Group,
    /// Letter + 4 digits.
    Class,
    /// Any other dictionary code (`B-E`, `TOTAL`, ...).
    Aggregate,
}

/// The level a code's shape implies.
pub fn level_of(code: &str) -> NaceLevel {
    let b = code.as_bytes();
    let letter = b.first().is_some_and(|c| c.is_ascii_uppercase());
    let digits = b.len() > 1 && b[1..].iter().all(|c| c.is_ascii_digit());
    match (letter, digits, b.len()) {
        (true, _, 1) => NaceLevel::Section,
        (true, true, 3) => NaceLevel::Division,
        (true, true, 4) => NaceLevel::Group,
        (true, true, 5) => NaceLevel::Class,
        _ => NaceLevel::Aggregate,
    }
}

/// The parent code (section of a division, division of a group, ...).
pub fn parent_of(code: &str) -> Option<&str> {
    match level_of(code) {
        NaceLevel::Division => Some(&code[..1]),
        NaceLevel::Group | NaceLevel::Class => Some(&code[..code.len() - 1]),
        _ => None,
    }
}

/// The section letter of a section, division, group or class.
pub fn section_of(code: &str) -> Option<&str> {
    match level_of(code) {
        NaceLevel::Aggregate => None,
        _ => Some(&code[..1]),
    }
}

/// NACE Rev. 2 codes and labels.
#[derive(Debug, Clone, Default)]
pub struct Nace {
    labels: HashMap<String, String>,
}

impl Nace {
    /// The classification compiled into smartspec.
    pub fn embedded() -> &'static Nace {
        crate::embedded::nace()
    }

    /// Reads CSV `code,label`.
    pub fn from_csv(reader: impl Read) -> Result<Nace, String> {
        let mut rdr = csv::Reader::from_reader(reader);
        let mut labels = HashMap::new();
        for rec in rdr.records() {
            let rec = rec.map_err(|e| e.to_string())?;
            labels.insert(
                rec.get(0).unwrap_or("").to_string(),
                rec.get(1).unwrap_or("").to_string(),
            );
        }
        Ok(Nace { labels })
    }

    /// The label of a code.
    pub fn get(&self, code: &str) -> Option<&str> {
        self.labels.get(code).map(|s| s.as_str())
    }

    /// The label, or the code itself when unknown.
    pub fn label_or_code<'a>(&'a self, code: &'a str) -> &'a str {
        self.get(code).unwrap_or(code)
    }

    /// Codes of one level, sorted.
    pub fn codes(&self, level: NaceLevel) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .labels
            .keys()
            .map(|s| s.as_str())
            .filter(|c| level_of(c) == level)
            .collect();
        v.sort();
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hierarchy_from_code_shape() {
        assert_eq!(level_of("C"), NaceLevel::Section);
        assert_eq!(level_of("C10"), NaceLevel::Division);
        assert_eq!(level_of("G451"), NaceLevel::Group);
        assert_eq!(level_of("C1011"), NaceLevel::Class);
        assert_eq!(level_of("B-E"), NaceLevel::Aggregate);
        assert_eq!(parent_of("G451"), Some("G45"));
        assert_eq!(parent_of("G45"), Some("G"));
        assert_eq!(parent_of("G"), None);
        assert_eq!(section_of("N82"), Some("N"));
    }
}

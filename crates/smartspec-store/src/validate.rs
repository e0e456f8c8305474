//! Field checks shared by the record types: codes that must exist, ISO dates
//! in order, non-negative amounts. Problems are collected, not stopped at, so
//! that a client sees every invalid field at once.

use crate::error::FieldError;

/// The classifications a record's codes are checked against (the server
/// passes the embedded NUTS registry and NACE Rev. 2).
pub trait Codes: Send + Sync {
    /// Whether `code` is a NUTS region code of any version.
    fn region(&self, code: &str) -> bool;
    /// Whether `code` is a NACE Rev. 2 code (section, division, ...).
    fn nace(&self, code: &str) -> bool;
    /// Whether `id` is a theme the server has loaded.
    fn theme(&self, id: &str) -> bool;
    /// The known theme ids, comma-separated (for messages).
    fn theme_ids(&self) -> String;
    /// Whether the region's country was an EU Member State on `date`
    /// (`YYYY-MM-DD`).
    fn eu_member_on(&self, region: &str, date: &str) -> bool;
}

/// Accepts every code (tests of the store that are not about codes).
pub struct AnyCode;

impl Codes for AnyCode {
    fn region(&self, _: &str) -> bool {
        true
    }
    fn nace(&self, _: &str) -> bool {
        true
    }
    fn theme(&self, _: &str) -> bool {
        true
    }
    fn theme_ids(&self) -> String {
        "any".into()
    }
    fn eu_member_on(&self, _: &str, _: &str) -> bool {
        true
    }
}

/// Collects field problems.
pub struct Check<'a> {
    pub(crate) codes: &'a dyn Codes,
    pub(crate) errors: Vec<FieldError>,
}

impl<'a> Check<'a> {
    /// A check against `codes`.
    pub fn new(codes: &'a dyn Codes) -> Check<'a> {
        Check {
            codes,
            errors: Vec::new(),
        }
    }

    /// Records a problem.
    pub fn fail(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.errors.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    /// A required text: not blank, at most `max` characters.
    pub fn text(&mut self, field: &str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.fail(field, "must not be empty");
        } else if value.chars().count() > max {
            self.fail(field, format!("longer than {max} characters"));
        }
    }

    /// A NUTS region code.
    pub fn region(&mut self, field: &str, code: &str) {
        if !self.codes.region(code) {
            self.fail(field, format!("unknown NUTS region code {code:?}"));
        }
    }

    /// A NACE Rev. 2 code.
    pub fn nace(&mut self, field: &str, code: &str) {
        if !self.codes.nace(code) {
            self.fail(field, format!("unknown NACE Rev. 2 code {code:?}"));
        }
    }

    /// The id of a loaded theme.
    pub fn theme(&mut self, field: &str, id: &str) {
        if !self.codes.theme(id) {
            let known = self.codes.theme_ids();
            self.fail(field, format!("unknown theme {id:?}; themes: {known}"));
        }
    }

    /// An ISO date `YYYY-MM-DD`.
    pub fn date(&mut self, field: &str, value: &str) -> bool {
        let ok = is_iso_date(value);
        if !ok {
            self.fail(field, format!("{value:?} is not a date YYYY-MM-DD"));
        }
        ok
    }

    /// Two valid dates in order (`first <= last`).
    pub fn ordered(&mut self, first: (&str, &str), last: (&str, &str)) {
        if self.date(first.0, first.1) && self.date(last.0, last.1) && first.1 > last.1 {
            self.fail(
                last.0,
                format!("{} is before {} {}", last.1, first.0, first.1),
            );
        }
    }

    /// A finite amount, zero or more.
    pub fn amount(&mut self, field: &str, value: f64) {
        if !(value.is_finite() && value >= 0.0) {
            self.fail(field, format!("must be a non-negative amount, got {value}"));
        }
    }

    /// The collected problems.
    pub fn finish(self) -> crate::Result<()> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(crate::StoreError::Invalid(self.errors))
        }
    }
}

/// Whether `s` is a calendar date `YYYY-MM-DD` (years 1900–2100).
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        s.get(r)
            .filter(|p| p.bytes().all(|c| c.is_ascii_digit()))
            .and_then(|p| p.parse().ok())
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1900..=2100).contains(&y) && (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(is_iso_date("2024-02-29"));
        assert!(!is_iso_date("2023-02-29"));
        assert!(!is_iso_date("2023-13-01"));
        assert!(!is_iso_date("2023-1-01"));
        assert!(!is_iso_date("+023-01-01"));
    }

    #[test]
    fn problems_are_collected() {
        let mut c = Check::new(&AnyCode);
        c.ordered(("opens", "2025-05-01"), ("closes", "2025-04-01"));
        c.amount("budget_eur", -1.0);
        c.amount("x", f64::NAN);
        c.text("title", " ", 10);
        let Err(crate::StoreError::Invalid(e)) = c.finish() else {
            panic!("expected invalid")
        };
        let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["closes", "budget_eur", "x", "title"]);
    }
}

//! Year selections given on the command line: `--year 2014`, `--years 2010..2014`.

use std::fmt;
use std::str::FromStr;

/// An inclusive range of years, written `A..B` (`2010..2014` is five years).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearRange {
    /// First year.
    pub first: i32,
    /// Last year (included).
    pub last: i32,
}

impl YearRange {
    /// True when `year` lies in the range.
    pub fn contains(self, year: i32) -> bool {
        (self.first..=self.last).contains(&year)
    }

    /// The years of `available` inside the range.
    pub fn select(self, available: &[i32]) -> Vec<i32> {
        available
            .iter()
            .copied()
            .filter(|&y| self.contains(y))
            .collect()
    }
}

impl fmt::Display for YearRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.first, self.last)
    }
}

impl FromStr for YearRange {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("bad year range {s:?}: write FIRST..LAST, e.g. 2010..2014");
        let (a, b) = s.split_once("..").ok_or_else(bad)?;
        let first: i32 = a.trim().parse().map_err(|_| bad())?;
        let last: i32 = b.trim().parse().map_err(|_| bad())?;
        if first > last {
            return Err(format!("bad year range {s:?}: {first} is after {last}"));
        }
        Ok(YearRange { first, last })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_inclusive_and_checked() {
        let r: YearRange = "2010..2012".parse().unwrap();
        assert_eq!(
            r.select(&[2008, 2010, 2011, 2012, 2015]),
            vec![2010, 2011, 2012]
        );
        assert!("2012..2010".parse::<YearRange>().is_err());
        assert!("2010-2012".parse::<YearRange>().is_err());
        assert_eq!(r.to_string(), "2010..2012");
    }
}

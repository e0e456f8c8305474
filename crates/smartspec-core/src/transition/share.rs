//! The least share of the total weight a region needs data for, kept as a
//! fraction so that "two thirds" means exactly two thirds.

use std::fmt;

/// A share `numerator / denominator` in (0, 1]: `2/3` from a criteria file's
/// `min_available = "2/3"`, or a decimal (`0.6667` is `6667/10000`, which
/// excludes a region with exactly two thirds of the weight).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MinShare {
    /// Numerator.
    pub numerator: f64,
    /// Denominator (> 0).
    pub denominator: f64,
}

impl MinShare {
    /// Two thirds, the screening rule's default.
    pub const TWO_THIRDS: MinShare = MinShare {
        numerator: 2.0,
        denominator: 3.0,
    };

    /// A decimal share.
    pub fn decimal(x: f64) -> MinShare {
        MinShare {
            numerator: x,
            denominator: 1.0,
        }
    }

    /// The share as a number.
    pub fn value(self) -> f64 {
        self.numerator / self.denominator
    }

    /// Whether `available` of `total` weight reaches the share, compared as
    /// `available · denominator ≥ numerator · total` (a relative tolerance
    /// of 1e-12 absorbs float sums of weights such as 1/3 + 1/3).
    pub fn admits(self, available: f64, total: f64) -> bool {
        let (a, b) = (available * self.denominator, self.numerator * total);
        a >= b - 1e-12 * b.abs()
    }

    /// `"2/3"` or `"0.75"`; `Err` says what is wrong.
    pub fn parse(s: &str) -> Result<MinShare, String> {
        let bad = || format!("{s:?}: write a fraction such as \"2/3\" or a decimal such as 0.75");
        let m = match s.split_once('/') {
            Some((n, d)) => MinShare {
                numerator: n.trim().parse().map_err(|_| bad())?,
                denominator: d.trim().parse().map_err(|_| bad())?,
            },
            None => MinShare::decimal(s.trim().parse().map_err(|_| bad())?),
        };
        m.check()
    }

    /// `Err` unless the share is a finite number in (0, 1].
    pub fn check(self) -> Result<MinShare, String> {
        let v = self.value();
        if self.denominator > 0.0 && v.is_finite() && v > 0.0 && v <= 1.0 {
            Ok(self)
        } else {
            Err(format!("{self}: must be in (0, 1]"))
        }
    }
}

impl fmt::Display for MinShare {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.denominator == 1.0 {
            write!(f, "{}", self.numerator)
        } else {
            write!(f, "{}/{}", self.numerator, self.denominator)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_two_thirds_is_admitted_by_2_3_not_by_0_6667() {
        // weights 1+1+1 of which 2 have data: exactly 2/3
        assert!(MinShare::TWO_THIRDS.admits(2.0, 3.0));
        assert!(MinShare::parse("2/3").unwrap().admits(4.0, 6.0));
        assert!(!MinShare::parse("0.6667").unwrap().admits(2.0, 3.0));
        assert!(!MinShare::TWO_THIRDS.admits(1.999, 3.0));
        // float sums of thirds
        assert!(MinShare::TWO_THIRDS.admits(1.0 / 3.0 + 1.0 / 3.0, 1.0));
    }

    #[test]
    fn parsing_and_refusals() {
        assert_eq!(MinShare::parse("3 / 4").unwrap().value(), 0.75);
        assert_eq!(MinShare::parse("1").unwrap().to_string(), "1");
        assert_eq!(MinShare::TWO_THIRDS.to_string(), "2/3");
        for bad in ["0", "3/2", "1/0", "x", "2/", "-0.5"] {
            assert!(MinShare::parse(bad).is_err(), "{bad}");
        }
    }
}

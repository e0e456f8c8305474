//! Science–business balance: business R&D against public R&D, a *proxy* of
//! how research and firms can work together (the issue's "cooperation
//! between businesses and universities", which no regional table measures).
//!
//! `business share = BERD / (BERD + GOVERD + HERD)`, from R&D expenditure by
//! sector of performance in % of GDP (`rd_e_gerdreg`; the private
//! non-profit sector is left out). Labels:
//!
//! * **public-led** when the business share is below [`PUBLIC_LED_BELOW`]
//!   (⅓): research is almost all public, so firms have little capacity to
//!   absorb it;
//! * **business-led** when it is above [`BUSINESS_LED_ABOVE`] (85 %): firms
//!   do research but find few public research partners in the region;
//! * **balanced** otherwise. The EU28 share is about 64 %.

/// Below this business share a region is public-led.
pub const PUBLIC_LED_BELOW: f64 = 1.0 / 3.0;
/// Above this business share a region is business-led.
pub const BUSINESS_LED_ABOVE: f64 = 0.85;

/// The balance label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BalanceLabel {
    /// Research almost all public.
    PublicLed,
    /// Both present.
    Balanced,
    /// Little public research.
    BusinessLed,
}

impl BalanceLabel {
    /// Lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            BalanceLabel::PublicLed => "public-led",
            BalanceLabel::Balanced => "balanced",
            BalanceLabel::BusinessLed => "business-led",
        }
    }

    /// What the label means for a regional team.
    pub fn meaning(self) -> &'static str {
        match self {
            BalanceLabel::PublicLed => {
                "research is almost all public: firms have little capacity to absorb it"
            }
            BalanceLabel::Balanced => "business and public research are both present",
            BalanceLabel::BusinessLed => {
                "firms do the research but find few public research partners in the region"
            }
        }
    }
}

/// A region's balance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Balance {
    /// Business R&D, % of GDP.
    pub business: f64,
    /// Government + higher-education R&D, % of GDP.
    pub public: f64,
    /// `business / (business + public)`.
    pub business_share: f64,
    /// The label.
    pub label: BalanceLabel,
}

impl Balance {
    /// The balance of business and public R&D (% of GDP); `None` when
    /// either is unknown or negative, or both are zero.
    pub fn new(business: f64, public: f64) -> Option<Balance> {
        if !(business >= 0.0 && public >= 0.0) || business + public <= 0.0 {
            return None;
        }
        let share = business / (business + public);
        let label = if share < PUBLIC_LED_BELOW {
            BalanceLabel::PublicLed
        } else if share > BUSINESS_LED_ABOVE {
            BalanceLabel::BusinessLed
        } else {
            BalanceLabel::Balanced
        };
        Some(Balance {
            business,
            public,
            business_share: share,
            label,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_by_business_share() {
        let b = Balance::new(0.2, 0.8).unwrap();
        assert_eq!((b.business_share, b.label), (0.2, BalanceLabel::PublicLed));
        assert_eq!(
            Balance::new(1.3, 0.7).unwrap().label,
            BalanceLabel::Balanced
        );
        assert_eq!(
            Balance::new(0.9, 0.1).unwrap().label,
            BalanceLabel::BusinessLed
        );
        assert_eq!(Balance::new(0.0, 0.0), None);
        assert_eq!(Balance::new(f64::NAN, 0.3), None);
    }
}

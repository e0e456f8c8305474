//! How complete a panel is, year by year, and the default year rule.
//!
//! A region *has data* in a year when at least one of its cells that year is
//! an explicit value (an explicit zero counts). The **default year** of every
//! command is the latest year in which at least [`DEFAULT_YEAR_COVERAGE`] of
//! the panel's regions have data: on the embedded SBS panel that is 2014,
//! because 2015 covers only 167 of the regions.

use crate::panel::{MISSING, VALUE};
use crate::Panel;

/// Share of regions that must have data for a year to be the default year.
pub const DEFAULT_YEAR_COVERAGE: f64 = 0.7;

/// Completeness of one year of a panel.
#[derive(Debug, Clone, PartialEq)]
pub struct YearCoverage {
    /// The year.
    pub year: i32,
    /// Regions with at least one explicit value that year.
    pub regions_with_data: usize,
    /// Regions in the panel (any year).
    pub regions_total: usize,
    /// Region × activity cells of the year (`regions_total × activities`).
    pub cells: usize,
    /// Cells with an explicit value.
    pub value_cells: usize,
    /// Cells explicitly missing.
    pub missing_cells: usize,
}

impl YearCoverage {
    /// Missing cells as a share of all region × activity cells of the year.
    pub fn missing_share(&self) -> f64 {
        if self.cells == 0 {
            0.0
        } else {
            self.missing_cells as f64 / self.cells as f64
        }
    }

    /// Regions with data as a share of all regions.
    pub fn region_share(&self) -> f64 {
        if self.regions_total == 0 {
            0.0
        } else {
            self.regions_with_data as f64 / self.regions_total as f64
        }
    }
}

impl Panel {
    /// Completeness of every year, ascending.
    pub fn coverage(&self) -> Vec<YearCoverage> {
        let (nr, na) = (self.regions.len(), self.activities.len());
        (0..self.years.len())
            .map(|y| {
                let block = &self.state[y * nr * na..(y + 1) * nr * na];
                let regions_with_data = block
                    .chunks(na.max(1))
                    .filter(|row| row.contains(&VALUE))
                    .count();
                YearCoverage {
                    year: self.years[y],
                    regions_with_data,
                    regions_total: nr,
                    cells: nr * na,
                    value_cells: block.iter().filter(|&&s| s == VALUE).count(),
                    missing_cells: block.iter().filter(|&&s| s == MISSING).count(),
                }
            })
            .collect()
    }

    /// The latest year in which at least `min_share` of the regions have data;
    /// `None` when no year reaches it.
    pub fn default_year_with(&self, min_share: f64) -> Option<i32> {
        self.coverage()
            .iter()
            .rev()
            .find(|c| c.region_share() + 1e-12 >= min_share)
            .map(|c| c.year)
    }

    /// The default year: [`Panel::default_year_with`] at
    /// [`DEFAULT_YEAR_COVERAGE`], or the latest year if none reaches it.
    pub fn default_year(&self) -> i32 {
        self.default_year_with(DEFAULT_YEAR_COVERAGE)
            .or_else(|| self.years.last().copied())
            .unwrap_or(0)
    }

    /// The latest year in which `region` has data (the default year of a
    /// single-region command).
    pub fn latest_year_of(&self, region: &str) -> Option<i32> {
        let r = self.regions.id(region)? as usize;
        let (nr, na) = (self.regions.len(), self.activities.len());
        (0..self.years.len()).rev().find_map(|y| {
            let start = (y * nr + r) * na;
            self.state[start..start + na]
                .contains(&VALUE)
                .then_some(self.years[y])
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::{DuplicatePolicy, Flags, PanelBuilder};

    #[test]
    fn default_year_is_latest_with_seventy_percent_of_regions() {
        // 4 regions. 2013: all four have data. 2014: three (75 %). 2015: two (50 %).
        let mut b = PanelBuilder::new(DuplicatePolicy::Error);
        for (i, r) in ["R1", "R2", "R3", "R4"].iter().enumerate() {
            b.push(r, "A", 2013, Some(1.0), Flags::EMPTY, 0).unwrap();
            let v14 = if i < 3 { Some(1.0) } else { None };
            b.push(r, "A", 2014, v14, Flags::EMPTY, 0).unwrap();
            let v15 = if i < 2 { Some(1.0) } else { None };
            b.push(r, "A", 2015, v15, Flags::EMPTY, 0).unwrap();
        }
        let p = b.build().unwrap();
        let cov = p.coverage();
        assert_eq!(cov[2].regions_with_data, 2);
        assert_eq!(cov[2].missing_cells, 2);
        assert!((cov[2].missing_share() - 0.5).abs() < 1e-15);
        assert_eq!(p.default_year(), 2014);
        assert_eq!(p.default_year_with(0.5), Some(2015));
        assert_eq!(p.latest_year_of("R4"), Some(2013));
        assert_eq!(p.latest_year_of("R1"), Some(2015));
    }
}

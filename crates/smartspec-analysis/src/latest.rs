//! "The latest value up to a year": the one rule every context value of a
//! profile, a peer model or an index is read with.
//!
//! The value of indicator `i` for region `r` in year `Y` is the value of the
//! latest year `t` with `Y − window ≤ t ≤ Y` in which it is published
//! (confidential and missing cells are skipped); the year `t` is kept with
//! it, so that outputs can say which year a figure is from. The window is
//! [`crate::context_inputs::WINDOW`] (3 years) everywhere.

use smartspec_core::innovation::Observation;
use smartspec_core::{Cell, Panel};

/// The latest published value of `indicator` for `region` in
/// `[year − window, year]`, searching `panels` in order (a user's panel
/// before the embedded one).
pub fn latest(
    panels: &[&Panel],
    region: &str,
    indicator: &str,
    year: i32,
    window: i32,
) -> Option<Observation> {
    latest_by(year, window, |y| {
        panels
            .iter()
            .find_map(|p| match p.get(region, indicator, y) {
                Some(Cell::Value(v)) if v.is_finite() => Some(v),
                _ => None,
            })
    })
}

/// The latest year `t` in `[year − window, year]` where `f(t)` is known,
/// with its value.
pub fn latest_by(year: i32, window: i32, f: impl Fn(i32) -> Option<f64>) -> Option<Observation> {
    (year - window..=year)
        .rev()
        .find_map(|y| f(y).map(|value| Observation { value, year: y }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use smartspec_core::{DuplicatePolicy, Flags, PanelBuilder};

    fn panel(rows: &[(&str, &str, i32, Option<f64>)]) -> Panel {
        let mut b = PanelBuilder::new(DuplicatePolicy::Error);
        for (k, (r, a, y, v)) in rows.iter().enumerate() {
            b.push(r, a, *y, *v, Flags::default(), k as u64).unwrap();
        }
        b.build().unwrap()
    }

    #[test]
    fn takes_the_latest_year_inside_the_window_and_skips_missing() {
        let p = panel(&[
            ("R1", "X", 2010, Some(1.0)),
            ("R1", "X", 2012, Some(2.0)),
            ("R1", "X", 2013, None),
            ("R1", "X", 2015, Some(9.0)),
        ]);
        // 2014: 2013 is missing, 2012 is the latest published
        assert_eq!(
            latest(&[&p], "R1", "X", 2014, 3),
            Some(Observation {
                value: 2.0,
                year: 2012
            })
        );
        // 2016 inside its window, the 2015 value
        assert_eq!(
            latest(&[&p], "R1", "X", 2016, 3).map(|o| o.year),
            Some(2015)
        );
        // nothing in 2005-2008
        assert_eq!(latest(&[&p], "R1", "X", 2008, 3), None);
        // a later panel fills what the first lacks
        let q = panel(&[("R2", "X", 2014, Some(5.0))]);
        assert_eq!(
            latest(&[&p, &q], "R2", "X", 2014, 3).map(|o| o.value),
            Some(5.0)
        );
    }
}

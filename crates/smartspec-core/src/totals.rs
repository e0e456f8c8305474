//! Region totals from section data, the convention every indicator shares.
//!
//! A region's total (the denominator of its shares and location quotients)
//! is the **sum of its NACE sections**, which are rarely confidential, not the
//! sum of the divisions that happen to be published. When a section itself is
//! confidential, the sum of its published divisions stands in for it (a lower
//! bound) and the total is marked *estimated*; a region with no section value
//! that year falls back to the sum of its published divisions, also marked
//! estimated. A region with no value at all has no total (`None`).

use crate::{Cell, Panel};

/// A region's total for one year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RegionTotal {
    /// The total.
    pub value: f64,
    /// True when a confidential section was replaced by its published
    /// divisions, or no section data existed.
    pub estimated: bool,
}

/// Totals of every region of `divisions` (in its region order) in `year`,
/// from `sections`; `section_of` maps a division code to its section code.
pub fn totals_from_sections(
    sections: &Panel,
    divisions: &Panel,
    year: i32,
    section_of: impl for<'x> Fn(&'x str) -> Option<&'x str>,
) -> Vec<Option<RegionTotal>> {
    let dy = divisions.year_index(year);
    let sy = sections.year_index(year);
    // for each division, the id of its section in `sections`
    let div_section: Vec<Option<usize>> = divisions
        .activities()
        .iter()
        .map(|d| {
            section_of(d)
                .and_then(|s| sections.activities().id(s))
                .map(|s| s as usize)
        })
        .collect();
    (0..divisions.regions().len())
        .map(|r| {
            let published = |section: Option<usize>| -> (f64, bool) {
                let Some(dy) = dy else { return (0.0, false) };
                let mut sum = 0.0;
                let mut any = false;
                for (a, s) in div_section.iter().enumerate() {
                    if section.is_some() && *s != section {
                        continue;
                    }
                    if let Cell::Value(v) = divisions.cell(dy, r, a) {
                        sum += v;
                        any = true;
                    }
                }
                (sum, any)
            };
            let code = divisions.regions().code(r as u32);
            let sr = sections.regions().id(code).map(|x| x as usize);
            let ns = sections.activities().len();
            match sr.zip(sy) {
                Some((sr, sy))
                    if (0..ns).any(|s| matches!(sections.cell(sy, sr, s), Cell::Value(_))) =>
                {
                    let mut total = 0.0;
                    let mut estimated = false;
                    for s in 0..ns {
                        match sections.cell(sy, sr, s) {
                            Cell::Value(v) => total += v,
                            Cell::Absent => {}
                            Cell::Missing => {
                                total += published(Some(s)).0;
                                estimated = true;
                            }
                        }
                    }
                    Some(RegionTotal {
                        value: total,
                        estimated,
                    })
                }
                _ => {
                    let (sum, any) = published(None);
                    any.then_some(RegionTotal {
                        value: sum,
                        estimated: true,
                    })
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DuplicatePolicy, Flags, PanelBuilder};

    fn panel(rows: &[(&str, &str, Option<f64>)]) -> Panel {
        let mut b = PanelBuilder::new(DuplicatePolicy::Error);
        for (r, a, v) in rows {
            b.push(r, a, 2014, *v, Flags::EMPTY, 0).unwrap();
        }
        b.build().unwrap()
    }

    #[test]
    fn confidential_sections_are_replaced_by_their_published_divisions() {
        // R1: sections C 100, D confidential; divisions C10 60, C11 missing, D35 7.
        // R2: no section data; divisions C10 5, D35 missing.
        // R3: everything missing.
        let sections = panel(&[
            ("R1", "C", Some(100.0)),
            ("R1", "D", None),
            ("R3", "C", None),
        ]);
        let divisions = panel(&[
            ("R1", "C10", Some(60.0)),
            ("R1", "C11", None),
            ("R1", "D35", Some(7.0)),
            ("R2", "C10", Some(5.0)),
            ("R2", "D35", None),
            ("R3", "C10", None),
        ]);
        let t = totals_from_sections(&sections, &divisions, 2014, |d| d.get(..1));
        assert_eq!(
            t[0],
            Some(RegionTotal {
                value: 107.0,
                estimated: true
            })
        );
        assert_eq!(
            t[1],
            Some(RegionTotal {
                value: 5.0,
                estimated: true
            })
        );
        assert_eq!(t[2], None);
        let exact = totals_from_sections(
            &panel(&[("R1", "C", Some(100.0)), ("R1", "D", Some(8.0))]),
            &divisions,
            2014,
            |d| d.get(..1),
        );
        assert_eq!(
            exact[0],
            Some(RegionTotal {
                value: 108.0,
                estimated: false
            })
        );
    }
}

//! Building a panel from long rows.

use crate::panel::{ABSENT, MISSING, VALUE};
use crate::{CodeSet, Flags, Panel, PanelError, PanelMeta};
use std::collections::BTreeSet;

/// What to do when the same region-activity-year appears twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DuplicatePolicy {
    /// Refuse the input, naming both lines (the default).
    #[default]
    Error,
    /// Add the values. A missing value makes the sum missing; flags are
    /// united. This is also how merged NUTS regions are combined.
    Sum,
}

impl std::str::FromStr for DuplicatePolicy {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "error" => Ok(DuplicatePolicy::Error),
            "sum" => Ok(DuplicatePolicy::Sum),
            _ => Err(format!("unknown duplicate policy {s:?}: use error or sum")),
        }
    }
}

struct Row {
    region: u32,
    activity: u32,
    year: i32,
    value: Option<f64>,
    flags: Flags,
    origin: u64,
}

/// Collects long rows `(region, activity, year, value, flags)` and builds a
/// dense [`Panel`].
///
/// `origin` is any number the caller uses to locate a row (readers pass the
/// line number); it comes back in errors.
pub struct PanelBuilder {
    policy: DuplicatePolicy,
    regions: CodeSet,
    activities: CodeSet,
    region_origin: Vec<u64>,
    activity_origin: Vec<u64>,
    years: BTreeSet<i32>,
    rows: Vec<Row>,
    any_flags: bool,
    meta: PanelMeta,
    /// The last codes seen: long files are usually sorted, so most rows
    /// repeat the previous row's region (and often its activity).
    last_region: Option<(Box<str>, u32)>,
    last_activity: Option<(Box<str>, u32)>,
}

impl PanelBuilder {
    /// A builder with the given duplicate policy.
    pub fn new(policy: DuplicatePolicy) -> Self {
        PanelBuilder {
            policy,
            regions: CodeSet::new(),
            activities: CodeSet::new(),
            region_origin: Vec::new(),
            activity_origin: Vec::new(),
            years: BTreeSet::new(),
            rows: Vec::new(),
            any_flags: false,
            meta: PanelMeta::default(),
            last_region: None,
            last_activity: None,
        }
    }

    /// Sets the metadata the panel will carry.
    pub fn meta(&mut self, meta: PanelMeta) -> &mut Self {
        self.meta = meta;
        self
    }

    /// Adds one row; `value = None` is an explicit missing value.
    ///
    /// Always succeeds today (duplicates are detected in [`build`]); the
    /// `Result` leaves room for streaming checks.
    ///
    /// [`build`]: PanelBuilder::build
    pub fn push(
        &mut self,
        region: &str,
        activity: &str,
        year: i32,
        value: Option<f64>,
        flags: Flags,
        origin: u64,
    ) -> Result<(), PanelError> {
        let r = match &self.last_region {
            Some((code, id)) if **code == *region => *id,
            _ => {
                let id = self.regions.intern(region);
                if id as usize == self.region_origin.len() {
                    self.region_origin.push(origin);
                }
                self.last_region = Some((region.into(), id));
                id
            }
        };
        let a = match &self.last_activity {
            Some((code, id)) if **code == *activity => *id,
            _ => {
                let id = self.activities.intern(activity);
                if id as usize == self.activity_origin.len() {
                    self.activity_origin.push(origin);
                }
                self.last_activity = Some((activity.into(), id));
                id
            }
        };
        self.years.insert(year);
        self.any_flags |= !flags.is_empty();
        self.rows.push(Row {
            region: r,
            activity: a,
            year,
            value,
            flags,
            origin,
        });
        Ok(())
    }

    /// Number of rows pushed.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when no row was pushed.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Each distinct region code with the origin of its first row.
    pub fn region_codes(&self) -> impl Iterator<Item = (&str, u64)> + '_ {
        self.regions.iter().zip(self.region_origin.iter().copied())
    }

    /// Each distinct activity code with the origin of its first row.
    pub fn activity_codes(&self) -> impl Iterator<Item = (&str, u64)> + '_ {
        self.activities
            .iter()
            .zip(self.activity_origin.iter().copied())
    }

    /// Builds the dense panel. Codes are sorted lexically, years ascending.
    pub fn build(self) -> Result<Panel, PanelError> {
        if self.rows.is_empty() {
            return Err(PanelError::Empty);
        }
        let (regions, r_order) = self.regions.sorted();
        let (activities, a_order) = self.activities.sorted();
        let mut r_new = vec![0u32; r_order.len()];
        for (new, &old) in r_order.iter().enumerate() {
            r_new[old as usize] = new as u32;
        }
        let mut a_new = vec![0u32; a_order.len()];
        for (new, &old) in a_order.iter().enumerate() {
            a_new[old as usize] = new as u32;
        }
        let years: Vec<i32> = self.years.into_iter().collect();
        let (nr, na, ny) = (regions.len(), activities.len(), years.len());
        let n = nr
            .checked_mul(na)
            .and_then(|x| x.checked_mul(ny))
            .filter(|&n| n <= (1usize << 32))
            .ok_or(PanelError::TooLarge {
                regions: nr,
                activities: na,
                years: ny,
            })?;
        let mut values = vec![0.0f64; n];
        let mut state = vec![ABSENT; n];
        let mut flags = if self.any_flags {
            vec![Flags::EMPTY; n]
        } else {
            Vec::new()
        };
        for (k, row) in self.rows.iter().enumerate() {
            let y = years.binary_search(&row.year).unwrap_or(0);
            let i = (y * nr + r_new[row.region as usize] as usize) * na
                + a_new[row.activity as usize] as usize;
            if state[i] != ABSENT {
                if self.policy == DuplicatePolicy::Error {
                    let first = self.rows[..k]
                        .iter()
                        .find(|o| {
                            o.region == row.region
                                && o.activity == row.activity
                                && o.year == row.year
                        })
                        .map_or(0, |o| o.origin);
                    return Err(PanelError::Duplicate {
                        region: regions.code(r_new[row.region as usize]).to_string(),
                        activity: activities.code(a_new[row.activity as usize]).to_string(),
                        year: row.year,
                        first_origin: first,
                        origin: row.origin,
                    });
                }
                match row.value {
                    Some(v) if state[i] == VALUE => values[i] += v,
                    _ => {
                        state[i] = MISSING;
                        values[i] = 0.0;
                    }
                }
            } else {
                match row.value {
                    Some(v) => {
                        state[i] = VALUE;
                        values[i] = v;
                    }
                    None => state[i] = MISSING,
                }
            }
            if self.any_flags {
                flags[i] = flags[i].union(row.flags);
            }
        }
        Ok(Panel {
            regions,
            activities,
            years,
            values,
            state,
            flags,
            meta: self.meta,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Cell;

    #[test]
    fn duplicates_are_refused_with_both_origins() {
        let mut b = PanelBuilder::new(DuplicatePolicy::Error);
        b.push("R1", "A", 2010, Some(1.0), Flags::EMPTY, 2).unwrap();
        b.push("R1", "B", 2010, Some(1.0), Flags::EMPTY, 3).unwrap();
        b.push("R1", "A", 2010, Some(2.0), Flags::EMPTY, 7).unwrap();
        match b.build() {
            Err(PanelError::Duplicate {
                first_origin,
                origin,
                ..
            }) => assert_eq!((first_origin, origin), (2, 7)),
            other => panic!("expected a duplicate error, got {other:?}"),
        }
    }

    #[test]
    fn sum_policy_adds_values_and_missing_wins() {
        let mut b = PanelBuilder::new(DuplicatePolicy::Sum);
        b.push("R1", "A", 2010, Some(1.5), Flags::EMPTY, 1).unwrap();
        b.push("R1", "A", 2010, Some(2.0), Flags::parse("p").unwrap().0, 2)
            .unwrap();
        b.push("R1", "B", 2010, Some(1.0), Flags::EMPTY, 3).unwrap();
        b.push("R1", "B", 2010, None, Flags::CONFIDENTIAL, 4)
            .unwrap();
        b.push("R1", "B", 2010, Some(4.0), Flags::EMPTY, 5).unwrap();
        let p = b.build().unwrap();
        assert_eq!(p.get("R1", "A", 2010), Some(Cell::Value(3.5)));
        assert_eq!(p.get_flags("R1", "A", 2010).unwrap().to_string(), "p");
        assert_eq!(p.get("R1", "B", 2010), Some(Cell::Missing));
        assert_eq!(p.get_flags("R1", "B", 2010), Some(Flags::CONFIDENTIAL));
    }

    #[test]
    fn empty_builder_is_an_error() {
        assert_eq!(
            PanelBuilder::new(DuplicatePolicy::Error).build(),
            Err(PanelError::Empty)
        );
    }
}

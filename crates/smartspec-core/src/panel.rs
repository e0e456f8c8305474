//! The dense region × activity × year panel.

use crate::{ActivityScheme, CodeSet, Flags, MeasureKind, PanelError, RegionScheme};

/// The state of one cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    /// No row in the input: read as zero (the peer tools' convention).
    Absent,
    /// An explicit value (an explicit `0` included).
    Value(f64),
    /// An explicit missing value (empty or `:`; confidential cells).
    Missing,
}

impl Cell {
    /// The value with absent read as zero; `None` for missing.
    pub fn value_or_zero(self) -> Option<f64> {
        match self {
            Cell::Absent => Some(0.0),
            Cell::Value(v) => Some(v),
            Cell::Missing => None,
        }
    }
}

pub(crate) const ABSENT: u8 = 0;
pub(crate) const VALUE: u8 = 1;
pub(crate) const MISSING: u8 = 2;

/// What a panel measures and how its codes are classified.
#[derive(Debug, Clone, PartialEq)]
pub struct PanelMeta {
    /// Name of the measure, e.g. `persons employed (V16110)`.
    pub measure: String,
    /// Count (non-negative) or signed.
    pub kind: MeasureKind,
    /// The region classification the codes were validated against
    /// (`Nuts(version)` or `Free`; `Auto` is resolved by the reader).
    pub regions: RegionScheme,
    /// The activity classification.
    pub activities: ActivityScheme,
    /// Where the data came from (file name or dataset id).
    pub source: String,
}

impl Default for PanelMeta {
    fn default() -> Self {
        PanelMeta {
            measure: "value".into(),
            kind: MeasureKind::Count,
            regions: RegionScheme::Free,
            activities: ActivityScheme::Free,
            source: String::new(),
        }
    }
}

/// Values of one measure by region × activity × year.
///
/// Storage is dense: for each year (ascending) a row-major region × activity
/// matrix, so `index(y, r, a) = (y·R + r)·A + a`. Region and activity ids are
/// in lexical order of their codes. A parallel state byte per cell tells
/// absent, value and missing apart; flags are stored only when some cell has
/// one.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    pub(crate) regions: CodeSet,
    pub(crate) activities: CodeSet,
    pub(crate) years: Vec<i32>,
    pub(crate) values: Vec<f64>,
    pub(crate) state: Vec<u8>,
    pub(crate) flags: Vec<Flags>,
    pub(crate) meta: PanelMeta,
}

/// One non-absent cell, as readers and writers see it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Record<'a> {
    /// Region code.
    pub region: &'a str,
    /// Activity code.
    pub activity: &'a str,
    /// Year.
    pub year: i32,
    /// The value, `None` when missing.
    pub value: Option<f64>,
    /// Flags of the cell.
    pub flags: Flags,
}

impl Panel {
    /// Assembles a panel from dense parts laid out as described on [`Panel`]
    /// (`cells.len() = years × regions × activities`; `flags` empty or of the
    /// same length). Codes are re-sorted lexically if needed and years must be
    /// ascending.
    ///
    /// # Errors
    /// [`PanelError::Shape`] when the lengths do not match.
    pub fn from_cells(
        regions: CodeSet,
        activities: CodeSet,
        years: Vec<i32>,
        cells: &[Cell],
        flags: Vec<Flags>,
        meta: PanelMeta,
    ) -> Result<Panel, PanelError> {
        let (nr, na, ny) = (regions.len(), activities.len(), years.len());
        let n = nr * na * ny;
        if cells.len() != n
            || !(flags.is_empty() || flags.len() == n)
            || years.windows(2).any(|w| w[0] >= w[1])
        {
            return Err(PanelError::Shape(format!(
                "{} cells and {} flags for {nr} regions x {na} activities x {ny} years (years ascending)",
                cells.len(),
                flags.len()
            )));
        }
        let (r_sorted, r_order) = regions.sorted();
        let (a_sorted, a_order) = activities.sorted();
        let mut values = vec![0.0; n];
        let mut state = vec![ABSENT; n];
        let mut out_flags = if flags.is_empty() {
            Vec::new()
        } else {
            vec![Flags::EMPTY; n]
        };
        for y in 0..ny {
            for (r_new, &r_old) in r_order.iter().enumerate() {
                for (a_new, &a_old) in a_order.iter().enumerate() {
                    let src = (y * nr + r_old as usize) * na + a_old as usize;
                    let dst = (y * nr + r_new) * na + a_new;
                    match cells[src] {
                        Cell::Absent => {}
                        Cell::Value(v) => {
                            values[dst] = v;
                            state[dst] = VALUE;
                        }
                        Cell::Missing => state[dst] = MISSING,
                    }
                    if !flags.is_empty() {
                        out_flags[dst] = flags[src];
                    }
                }
            }
        }
        Ok(Panel {
            regions: r_sorted,
            activities: a_sorted,
            years,
            values,
            state,
            flags: out_flags,
            meta,
        })
    }

    /// Region codes (ids in lexical order).
    pub fn regions(&self) -> &CodeSet {
        &self.regions
    }

    /// Activity codes (ids in lexical order).
    pub fn activities(&self) -> &CodeSet {
        &self.activities
    }

    /// Years, ascending.
    pub fn years(&self) -> &[i32] {
        &self.years
    }

    /// Metadata.
    pub fn meta(&self) -> &PanelMeta {
        &self.meta
    }

    /// Mutable metadata.
    pub fn meta_mut(&mut self) -> &mut PanelMeta {
        &mut self.meta
    }

    /// Position of `year` among the panel's years.
    pub fn year_index(&self, year: i32) -> Option<usize> {
        self.years.binary_search(&year).ok()
    }

    #[inline]
    fn index(&self, y: usize, r: usize, a: usize) -> usize {
        (y * self.regions.len() + r) * self.activities.len() + a
    }

    /// The cell at (year index, region id, activity id).
    #[inline]
    pub fn cell(&self, y: usize, r: usize, a: usize) -> Cell {
        let i = self.index(y, r, a);
        match self.state[i] {
            VALUE => Cell::Value(self.values[i]),
            MISSING => Cell::Missing,
            _ => Cell::Absent,
        }
    }

    /// Flags at (year index, region id, activity id).
    pub fn flags(&self, y: usize, r: usize, a: usize) -> Flags {
        if self.flags.is_empty() {
            Flags::EMPTY
        } else {
            self.flags[self.index(y, r, a)]
        }
    }

    /// True when some cell carries a flag.
    pub fn has_flags(&self) -> bool {
        self.flags.iter().any(|f| !f.is_empty())
    }

    /// The cell for codes and a year; `None` when a code or the year is not in
    /// the panel.
    pub fn get(&self, region: &str, activity: &str, year: i32) -> Option<Cell> {
        let r = self.regions.id(region)? as usize;
        let a = self.activities.id(activity)? as usize;
        let y = self.year_index(year)?;
        Some(self.cell(y, r, a))
    }

    /// Flags for codes and a year.
    pub fn get_flags(&self, region: &str, activity: &str, year: i32) -> Option<Flags> {
        let r = self.regions.id(region)? as usize;
        let a = self.activities.id(activity)? as usize;
        let y = self.year_index(year)?;
        Some(self.flags(y, r, a))
    }

    /// The values of year index `y` as a row-major region × activity matrix
    /// (absent and missing cells hold 0.0; use [`Panel::year_states`] or
    /// [`Panel::cell`] to tell them apart).
    pub fn year_values(&self, y: usize) -> &[f64] {
        let n = self.regions.len() * self.activities.len();
        &self.values[y * n..(y + 1) * n]
    }

    /// True for every cell of year index `y` that is missing (same layout as
    /// [`Panel::year_values`]).
    pub fn year_missing(&self, y: usize) -> impl Iterator<Item = bool> + '_ {
        let n = self.regions.len() * self.activities.len();
        self.state[y * n..(y + 1) * n].iter().map(|&s| s == MISSING)
    }

    /// Number of cells that are not absent (rows a writer emits).
    pub fn record_count(&self) -> usize {
        self.state.iter().filter(|&&s| s != ABSENT).count()
    }

    /// Number of missing cells.
    pub fn missing_count(&self) -> usize {
        self.state.iter().filter(|&&s| s == MISSING).count()
    }

    /// Every non-absent cell in (region, activity, year) order.
    pub fn records(&self) -> impl Iterator<Item = Record<'_>> + '_ {
        let (nr, na, ny) = (self.regions.len(), self.activities.len(), self.years.len());
        (0..nr).flat_map(move |r| {
            (0..na).flat_map(move |a| {
                (0..ny).filter_map(move |y| {
                    let value = match self.cell(y, r, a) {
                        Cell::Absent => return None,
                        Cell::Value(v) => Some(v),
                        Cell::Missing => None,
                    };
                    Some(Record {
                        region: self.regions.code(r as u32),
                        activity: self.activities.code(a as u32),
                        year: self.years[y],
                        value,
                        flags: self.flags(y, r, a),
                    })
                })
            })
        })
    }

    /// A panel restricted to the regions and activities for which `keep_region`
    /// and `keep_activity` return true (all years kept).
    pub fn select(
        &self,
        mut keep_region: impl FnMut(&str) -> bool,
        mut keep_activity: impl FnMut(&str) -> bool,
    ) -> Panel {
        let rs: Vec<usize> = (0..self.regions.len())
            .filter(|&r| keep_region(self.regions.code(r as u32)))
            .collect();
        let as_: Vec<usize> = (0..self.activities.len())
            .filter(|&a| keep_activity(self.activities.code(a as u32)))
            .collect();
        let n = self.years.len() * rs.len() * as_.len();
        let mut values = Vec::with_capacity(n);
        let mut state = Vec::with_capacity(n);
        let mut flags = Vec::with_capacity(if self.flags.is_empty() { 0 } else { n });
        for y in 0..self.years.len() {
            for &r in &rs {
                for &a in &as_ {
                    let i = self.index(y, r, a);
                    values.push(self.values[i]);
                    state.push(self.state[i]);
                    if !self.flags.is_empty() {
                        flags.push(self.flags[i]);
                    }
                }
            }
        }
        Panel {
            regions: CodeSet::from_codes(rs.iter().map(|&r| self.regions.code(r as u32))),
            activities: CodeSet::from_codes(as_.iter().map(|&a| self.activities.code(a as u32))),
            years: self.years.clone(),
            values,
            state,
            flags,
            meta: self.meta.clone(),
        }
    }

    /// The activities whose code starts with `prefix`, renamed without it
    /// (`"LFS_EMP_THS:A"` becomes `"A"`): one family of indicators out of a
    /// long context panel. The order is kept, as a shared prefix does not
    /// change the lexical order.
    pub fn activities_under(&self, prefix: &str) -> Panel {
        let mut p = self.select(|_| true, |a| a.starts_with(prefix));
        p.activities = CodeSet::from_codes(p.activities.iter().map(|a| &a[prefix.len()..]));
        p
    }
}

#[cfg(test)]
mod tests {
    use crate::{Cell, DuplicatePolicy, Flags, PanelBuilder};

    #[test]
    fn activities_under_a_prefix_are_renamed_and_keep_their_values() {
        let mut b = PanelBuilder::new(DuplicatePolicy::Error);
        b.push("R1", "EMP:A", 2014, Some(1.5), Flags::EMPTY, 0)
            .unwrap();
        b.push("R1", "EMP:B-E", 2014, Some(2.5), Flags::EMPTY, 0)
            .unwrap();
        b.push("R1", "POP", 2014, Some(9.0), Flags::EMPTY, 0)
            .unwrap();
        let p = b.build().unwrap().activities_under("EMP:");
        assert_eq!(p.activities().iter().collect::<Vec<_>>(), ["A", "B-E"]);
        assert_eq!(p.get("R1", "B-E", 2014), Some(Cell::Value(2.5)));
        assert_eq!(p.get("R1", "POP", 2014), None);
    }

    fn toy() -> crate::Panel {
        let mut b = PanelBuilder::new(DuplicatePolicy::Error);
        b.push("R2", "B", 2010, Some(5.0), Flags::EMPTY, 1).unwrap();
        b.push("R1", "A", 2011, Some(10.0), Flags::EMPTY, 2)
            .unwrap();
        b.push("R1", "B", 2010, None, Flags::CONFIDENTIAL, 3)
            .unwrap();
        b.push("R1", "A", 2010, Some(0.0), Flags::EMPTY, 4).unwrap();
        b.build().unwrap()
    }

    #[test]
    fn absent_value_and_missing_are_distinct() {
        let p = toy();
        assert_eq!(p.regions().iter().collect::<Vec<_>>(), ["R1", "R2"]);
        assert_eq!(p.years(), &[2010, 2011]);
        assert_eq!(p.get("R1", "A", 2010), Some(Cell::Value(0.0)));
        assert_eq!(p.get("R2", "A", 2010), Some(Cell::Absent));
        assert_eq!(p.get("R1", "B", 2010), Some(Cell::Missing));
        assert_eq!(p.get_flags("R1", "B", 2010), Some(Flags::CONFIDENTIAL));
        assert_eq!(p.get("R9", "A", 2010), None);
        assert_eq!(p.record_count(), 4);
        assert_eq!(p.missing_count(), 1);
        // year 2010 matrix: R1 = [0, 0(missing)], R2 = [0(absent), 5]
        assert_eq!(p.year_values(0), &[0.0, 0.0, 0.0, 5.0]);
        assert_eq!(
            p.year_missing(0).collect::<Vec<_>>(),
            vec![false, true, false, false]
        );
    }

    #[test]
    fn records_are_sorted_and_select_keeps_cells() {
        let p = toy();
        let keys: Vec<_> = p
            .records()
            .map(|r| (r.region, r.activity, r.year, r.value))
            .collect();
        assert_eq!(
            keys,
            vec![
                ("R1", "A", 2010, Some(0.0)),
                ("R1", "A", 2011, Some(10.0)),
                ("R1", "B", 2010, None),
                ("R2", "B", 2010, Some(5.0)),
            ]
        );
        let s = p.select(|r| r == "R1", |_| true);
        assert_eq!(s.regions().len(), 1);
        assert_eq!(s.get("R1", "B", 2010), Some(Cell::Missing));
        assert_eq!(s.get_flags("R1", "B", 2010), Some(Flags::CONFIDENTIAL));
        assert_eq!(s.record_count(), 3);
    }
}

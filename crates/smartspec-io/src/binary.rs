//! A compact binary encoding of a panel, used for the embedded data so that
//! the binary starts in milliseconds (parsing the same data as CSV takes
//! about ten times longer). The CSV in `data/embedded/` stays the
//! human-readable source; a test checks that both hold the same panel.
//!
//! Layout (little-endian): magic `SSPNL1`; measure and source (u16 length +
//! UTF-8); region codes and activity codes (u32 count, then u8 length +
//! UTF-8 each); years (u32 count, i32 each); one state byte per cell
//! (0 absent, 1 value, 2 missing) in year × region × activity order; the
//! values of the value cells (f64, same order); a flag byte (0/1) and, when
//! 1, the flag set of every non-absent cell as its letters (u8 length +
//! ASCII).

use smartspec_core::{Cell, CodeSet, Flags, Panel, PanelMeta};

const MAGIC: &[u8; 6] = b"SSPNL1";

fn put_str(out: &mut Vec<u8>, s: &str, wide: bool) {
    if wide {
        out.extend_from_slice(&(s.len() as u16).to_le_bytes());
    } else {
        out.push(s.len() as u8);
    }
    out.extend_from_slice(s.as_bytes());
}

/// Encodes a panel (codes must be at most 255 bytes).
pub fn encode(panel: &Panel) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    put_str(&mut out, &panel.meta().measure, true);
    put_str(&mut out, &panel.meta().source, true);
    for set in [panel.regions(), panel.activities()] {
        out.extend_from_slice(&(set.len() as u32).to_le_bytes());
        for c in set.iter() {
            put_str(&mut out, c, false);
        }
    }
    out.extend_from_slice(&(panel.years().len() as u32).to_le_bytes());
    for y in panel.years() {
        out.extend_from_slice(&y.to_le_bytes());
    }
    let (nr, na) = (panel.regions().len(), panel.activities().len());
    let mut values = Vec::new();
    for y in 0..panel.years().len() {
        for r in 0..nr {
            for a in 0..na {
                match panel.cell(y, r, a) {
                    Cell::Absent => out.push(0),
                    Cell::Value(v) => {
                        out.push(1);
                        values.push(v);
                    }
                    Cell::Missing => out.push(2),
                }
            }
        }
    }
    for v in values {
        out.extend_from_slice(&v.to_le_bytes());
    }
    let flags = panel.has_flags();
    out.push(u8::from(flags));
    if flags {
        for y in 0..panel.years().len() {
            for r in 0..nr {
                for a in 0..na {
                    if panel.cell(y, r, a) != Cell::Absent {
                        put_str(&mut out, &panel.flags(y, r, a).to_string(), false);
                    }
                }
            }
        }
    }
    out
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let s = self
            .b
            .get(self.at..self.at + n)
            .ok_or("truncated panel encoding")?;
        self.at += n;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().map_err(|_| "bad u32")?,
        ))
    }
    fn str(&mut self, wide: bool) -> Result<&'a str, String> {
        let n = if wide {
            u16::from_le_bytes(self.take(2)?.try_into().map_err(|_| "bad u16")?) as usize
        } else {
            self.take(1)?[0] as usize
        };
        std::str::from_utf8(self.take(n)?).map_err(|e| e.to_string())
    }
}

/// Decodes what [`encode`] wrote.
pub fn decode(bytes: &[u8]) -> Result<Panel, String> {
    let mut r = Reader { b: bytes, at: 0 };
    if r.take(MAGIC.len())? != MAGIC {
        return Err("not a smartspec panel encoding".into());
    }
    let meta = PanelMeta {
        measure: r.str(true)?.to_string(),
        source: r.str(true)?.to_string(),
        ..PanelMeta::default()
    };
    let mut sets = Vec::new();
    for _ in 0..2 {
        let n = r.u32()? as usize;
        let mut set = CodeSet::new();
        for _ in 0..n {
            set.intern(r.str(false)?);
        }
        sets.push(set);
    }
    let ny = r.u32()? as usize;
    let years = (0..ny)
        .map(|_| r.u32().map(|v| v as i32))
        .collect::<Result<Vec<_>, _>>()?;
    let activities = sets.pop().unwrap_or_default();
    let regions = sets.pop().unwrap_or_default();
    let n = ny * regions.len() * activities.len();
    let states = r.take(n)?;
    let nvalues = states.iter().filter(|&&s| s == 1).count();
    let raw = r.take(nvalues * 8)?;
    let mut vals = raw
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes(c.try_into().unwrap_or([0; 8])));
    let cells: Vec<Cell> = states
        .iter()
        .map(|&s| match s {
            1 => Cell::Value(vals.next().unwrap_or(0.0)),
            2 => Cell::Missing,
            _ => Cell::Absent,
        })
        .collect();
    let mut flags = Vec::new();
    if r.take(1)?[0] == 1 {
        flags = vec![Flags::EMPTY; n];
        // a panel has few distinct flag sets: each is parsed once
        let mut seen: Vec<(&str, Flags)> = Vec::new();
        for (i, c) in cells.iter().enumerate() {
            if *c != Cell::Absent {
                let letters = r.str(false)?;
                if letters.is_empty() {
                    continue;
                }
                flags[i] = match seen.iter().find(|(b, _)| *b == letters) {
                    Some((_, f)) => *f,
                    None => {
                        let f = Flags::parse(letters)?.0;
                        seen.push((letters, f));
                        f
                    }
                };
            }
        }
    }
    Panel::from_cells(regions, activities, years, &cells, flags, meta).map_err(|e| e.to_string())
}

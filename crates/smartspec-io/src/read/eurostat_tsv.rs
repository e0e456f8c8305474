//! Eurostat bulk-download TSV.
//!
//! ```text
//! nace_r2,indic_sb,geo\time<TAB>2015 <TAB>2014 <TAB>...
//! B,V16110,AT11<TAB>1234 <TAB>: c<TAB>...
//! ```
//!
//! The first field is a comma-joined key whose header ends in `geo\time` or
//! `geo\TIME_PERIOD`; the other headers are years (trailing spaces allowed).
//! A cell is a value or `:` (not available), optionally followed by a space
//! and flag letters (`: c`, `123 p`, `45 bc`). Dimensions other than region,
//! activity and time must be fixed by a selection (`indic_sb=V16110`) unless
//! the file holds a single code for them.

use super::lines::{Lines, Next};
use super::source::open_source;
use super::{Ingest, ReadOptions};
use crate::IoError;
use std::collections::BTreeSet;
use std::io::BufReader;
use std::path::Path;

struct Layout {
    dims: Vec<String>,
    region: usize,
    activity: Option<usize>,
    years: Vec<Option<i32>>,
    /// (dimension index, wanted code)
    select: Vec<(usize, String)>,
    /// Dimensions neither selected nor mapped: their distinct codes.
    free: Vec<(usize, BTreeSet<String>)>,
}

pub(crate) fn read(path: &Path, display: &str, opts: &ReadOptions) -> Result<Ingest, IoError> {
    let source = open_source(path, display, opts.max_line_bytes)?;
    let mut lines = Lines::new(BufReader::with_capacity(1 << 16, source));
    let mut ingest = Ingest::new(display, opts);
    let mut layout: Option<Layout> = None;
    loop {
        let (line_no, bytes) = match lines.next_line() {
            Next::Line(n, b) => (n, b),
            Next::End => break,
            Next::Error(n, msg) => {
                ingest.diag().error(n, 0, msg);
                break;
            }
        };
        let line = match std::str::from_utf8(bytes) {
            Ok(l) => l,
            Err(e) => {
                let col = bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\t')
                    .count()
                    + 1;
                ingest
                    .diag()
                    .error(line_no, col, "invalid UTF-8 text: save the file as UTF-8");
                continue;
            }
        };
        let line = if line_no == 1 {
            line.trim_start_matches('\u{feff}')
        } else {
            line
        };
        if line.trim().is_empty() {
            continue;
        }
        match &mut layout {
            None => match header(line, opts, &mut ingest) {
                Some(l) => layout = Some(l),
                None => break,
            },
            Some(l) => data_line(line, line_no, l, opts, &mut ingest),
        }
        if ingest.diag().full() {
            break;
        }
    }
    match layout {
        None if ingest.diag().is_ok() => {
            ingest
                .diag()
                .error(0, 0, "empty file: expected a Eurostat header such as nace_r2,indic_sb,geo\\time<TAB>2015 ...");
        }
        Some(l) => {
            for (d, codes) in l.free {
                if codes.len() > 1 {
                    let list: Vec<&str> = codes.iter().map(|s| s.as_str()).take(6).collect();
                    ingest.diag().error(
                        1,
                        1,
                        format!(
                            "dimension {} has {} codes ({}{}): select one with --select {}=CODE",
                            l.dims[d],
                            codes.len(),
                            list.join(", "),
                            if codes.len() > 6 { ", ..." } else { "" },
                            l.dims[d]
                        ),
                    );
                }
            }
        }
        None => {}
    }
    Ok(ingest)
}

fn header(line: &str, opts: &ReadOptions, ingest: &mut Ingest) -> Option<Layout> {
    let mut fields = line.split('\t');
    let key = fields.next().unwrap_or("");
    let Some((dims_text, _time)) = key
        .rsplit_once('\\')
        .filter(|(_, t)| t.trim().eq_ignore_ascii_case("time") || t.trim() == "TIME_PERIOD")
    else {
        let hint = if !line.contains('\t') && line.contains(',') {
            " (the file has no tab: it may be a CSV; name it .csv)"
        } else {
            ""
        };
        ingest.diag().error(
            1,
            1,
            format!("not a Eurostat TSV header: the first field {key:?} should end in geo\\time or geo\\TIME_PERIOD{hint}"),
        );
        return None;
    };
    let dims: Vec<String> = dims_text.split(',').map(|d| d.trim().to_string()).collect();
    let Some(region) = dims.iter().position(|d| *d == opts.region_dim) else {
        ingest.diag().error(
            1,
            1,
            format!(
                "the key {key:?} has no region dimension {:?}",
                opts.region_dim
            ),
        );
        return None;
    };
    let activity = dims.iter().position(|d| *d == opts.activity_dim);
    let mut select = Vec::new();
    for (k, v) in &opts.select {
        match dims.iter().position(|d| d == k) {
            Some(i) => select.push((i, v.clone())),
            None => {
                ingest.diag().error(
                    1,
                    1,
                    format!(
                        "cannot select {k}={v}: the key has dimensions {}",
                        dims.join(",")
                    ),
                );
            }
        }
    }
    let free = (0..dims.len())
        .filter(|&i| i != region && Some(i) != activity && !select.iter().any(|(s, _)| *s == i))
        .map(|i| (i, BTreeSet::new()))
        .collect();
    let mut years = Vec::new();
    for (i, h) in fields.enumerate() {
        let t = h.trim();
        match t.parse::<i32>() {
            Ok(y) if super::YEAR_RANGE.contains(&y) => years.push(Some(y)),
            _ if t.is_empty() => years.push(None),
            _ => {
                ingest.diag().error(1, i + 2, format!("bad year header {h:?}: expected a year such as 2015 (monthly or quarterly periods are not supported)"));
                years.push(None);
            }
        }
    }
    if years.iter().all(|y| y.is_none()) && ingest.diag().is_ok() {
        ingest.diag().error(1, 0, "the header has no year column");
    }
    ingest.diag().is_ok().then_some(Layout {
        dims,
        region,
        activity,
        years,
        select,
        free,
    })
}

fn data_line(line: &str, line_no: u64, l: &mut Layout, opts: &ReadOptions, ingest: &mut Ingest) {
    let mut fields = line.split('\t');
    let key_text = fields.next().unwrap_or("");
    let key: Vec<&str> = key_text.split(',').map(str::trim).collect();
    if key.len() != l.dims.len() || key.iter().any(|k| k.is_empty()) {
        ingest.diag().error(
            line_no,
            1,
            format!(
                "broken key {key_text:?}: expected {} comma-separated codes ({})",
                l.dims.len(),
                l.dims.join(",")
            ),
        );
        return;
    }
    if l.select.iter().any(|(d, want)| key[*d] != want) {
        return;
    }
    for (d, codes) in &mut l.free {
        if codes.len() < 64 && !codes.contains(key[*d]) {
            codes.insert(key[*d].to_string());
        }
    }
    let region = key[l.region];
    let activity = l.activity.map_or("TOTAL", |a| key[a]);
    let mut n = 0;
    for (i, cell) in fields.enumerate() {
        n = i + 1;
        let column = i + 2;
        let Some(Some(year)) = l.years.get(i).copied() else {
            if l.years.get(i).is_none() {
                ingest.diag().error(
                    line_no,
                    column,
                    format!(
                        "extra field {cell:?}: the header has {} year columns",
                        l.years.len()
                    ),
                );
                return;
            }
            continue;
        };
        let cell_t = cell.trim();
        let (value_t, flag_t) = match cell_t.split_once(' ') {
            Some((v, f)) => (v, f.trim()),
            None if cell_t.starts_with(':') => (":", cell_t[1..].trim()),
            None => (cell_t, ""),
        };
        let Ok(value) = ingest.value_text(value_t, line_no, column) else {
            continue;
        };
        let Ok(flags) = ingest.flags(flag_t, line_no, column) else {
            continue;
        };
        let _ = opts;
        ingest.row((region, 1), (activity, 1), year, value, flags, line_no);
    }
    if n < l.years.len() {
        ingest.diag().error(
            line_no,
            n + 2,
            format!(
                "missing field(s): expected {} year columns, found {n}",
                l.years.len()
            ),
        );
    }
}

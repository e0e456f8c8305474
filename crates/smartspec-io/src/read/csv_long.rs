//! Tidy long CSV: `region,activity,year,value[,flag]`.

use super::source::{describe_read_error, open_source};
use super::{Ingest, ReadOptions};
use crate::IoError;
use smartspec_core::Flags;
use std::path::Path;

struct Cols {
    region: usize,
    activity: usize,
    year: usize,
    value: usize,
    flag: Option<usize>,
    width: usize,
}

pub(crate) fn read(path: &Path, display: &str, opts: &ReadOptions) -> Result<Ingest, IoError> {
    let source = open_source(path, display, opts.max_line_bytes)?;
    Ok(read_from(source, display, opts))
}

/// Reads long CSV from any byte source (already decompressed).
pub(crate) fn read_from(source: impl std::io::Read, display: &str, opts: &ReadOptions) -> Ingest {
    let mut ingest = Ingest::new(display, opts);
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(opts.delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(source);
    let mut record = csv::ByteRecord::new();
    let mut cols: Option<Cols> = None;
    loop {
        let more = match rdr.read_byte_record(&mut record) {
            Ok(more) => more,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                let msg = match e.kind() {
                    csv::ErrorKind::Io(io) => describe_read_error(io),
                    _ => e.to_string(),
                };
                let line = if line == 0 {
                    rdr.position().line()
                } else {
                    line
                };
                ingest.diag().error(line, 0, msg);
                break;
            }
        };
        if !more {
            break;
        }
        let line = record.position().map_or(0, |p| p.line());
        if record.len() == 1 && record[0].is_empty() {
            continue; // blank line
        }
        match &cols {
            None => match header(&record, opts, line, &mut ingest) {
                Some(c) => cols = Some(c),
                None => break,
            },
            Some(c) => row(&record, c, line, &mut ingest),
        }
        if ingest.diag().full() {
            break;
        }
    }
    if cols.is_none() && ingest.diag().is_ok() {
        ingest.diag().error(
            1,
            0,
            "empty file: expected a header region,activity,year,value[,flag]",
        );
    }
    ingest
}

fn text<'a>(
    record: &'a csv::ByteRecord,
    i: usize,
    line: u64,
    ingest: &mut Ingest,
) -> Option<&'a str> {
    match std::str::from_utf8(&record[i]) {
        Ok(s) => Some(s),
        Err(_) => {
            ingest.diag().error(
                line,
                i + 1,
                format!(
                    "invalid UTF-8 text {:?}: save the file as UTF-8",
                    String::from_utf8_lossy(&record[i])
                ),
            );
            None
        }
    }
}

fn header(
    record: &csv::ByteRecord,
    opts: &ReadOptions,
    line: u64,
    ingest: &mut Ingest,
) -> Option<Cols> {
    let mut names = Vec::with_capacity(record.len());
    for i in 0..record.len() {
        let t = text(record, i, line, ingest)?;
        let t = if i == 0 {
            t.trim_start_matches('\u{feff}')
        } else {
            t
        };
        names.push(t.trim().to_string());
    }
    let c = &opts.columns;
    let delim = opts.delimiter as char;
    if names.len() == 1 {
        let only = &names[0];
        if let Some(d) = [';', '\t', '|', ',']
            .into_iter()
            .find(|&d| d != delim && only.contains(d))
        {
            ingest.diag().error(
                line,
                1,
                format!("wrong delimiter: the header {only:?} is one field when split on {delim:?}; it looks {d:?}-separated (use --delimiter '{}')", if d == '\t' { "\\t".to_string() } else { d.to_string() }),
            );
            return None;
        }
    }
    let find = |name: &str| names.iter().position(|n| n == name);
    let mut missing = Vec::new();
    let mut get = |name: &String| {
        let p = find(name);
        if p.is_none() {
            missing.push(name.clone());
        }
        p.unwrap_or(0)
    };
    let cols = Cols {
        region: get(&c.region),
        activity: get(&c.activity),
        year: get(&c.year),
        value: get(&c.value),
        flag: find(&c.flag),
        width: names.len(),
    };
    if !missing.is_empty() {
        ingest.diag().error(
            line,
            0,
            format!(
                "missing column(s) {}: the header has {:?} (map other names with --columns region=geo,...)",
                missing.join(", "),
                names.join(",")
            ),
        );
        return None;
    }
    let known = [&c.region, &c.activity, &c.year, &c.value, &c.flag];
    for (i, n) in names.iter().enumerate() {
        if !known.contains(&n) {
            ingest.diag().error(
                line,
                i + 1,
                format!(
                    "unexpected column {n:?}: a long panel has {},{},{},{}[,{}]",
                    c.region, c.activity, c.year, c.value, c.flag
                ),
            );
        }
        if names[..i].contains(n) {
            ingest
                .diag()
                .error(line, i + 1, format!("column {n:?} appears twice"));
        }
    }
    ingest.diag().is_ok().then_some(cols)
}

fn row(record: &csv::ByteRecord, c: &Cols, line: u64, ingest: &mut Ingest) {
    if record.len() != c.width {
        let what = if record.len() < c.width {
            "missing field(s)"
        } else {
            "extra field(s)"
        };
        ingest.diag().error(
            line,
            record.len().min(c.width) + 1,
            format!(
                "{what}: expected {} fields as in the header, found {}",
                c.width,
                record.len()
            ),
        );
        return;
    }
    let (Some(region), Some(activity), Some(year_t), Some(value_t)) = (
        text(record, c.region, line, ingest),
        text(record, c.activity, line, ingest),
        text(record, c.year, line, ingest),
        text(record, c.value, line, ingest),
    ) else {
        return;
    };
    let year = ingest.year(year_t, line, c.year + 1);
    let value = ingest.value_text(value_t, line, c.value + 1);
    let flags = match c.flag {
        Some(f) => match text(record, f, line, ingest) {
            Some(t) => ingest.flags(t, line, f + 1),
            None => Err(()),
        },
        None => Ok(Flags::EMPTY),
    };
    if let (Some(year), Ok(value), Ok(flags)) = (year, value, flags) {
        ingest.row(
            (region, c.region + 1),
            (activity, c.activity + 1),
            year,
            value,
            flags,
            line,
        );
    }
}

//! Tidy long CSV: `region,activity,year,value[,flag]`.
//!
//! Lines are read one by one so that every problem names its physical line
//! exactly (LF or CRLF endings, blank lines skipped, quoted fields may hold
//! the delimiter or even a line break).

use super::lines::{split_csv, Lines, Next};
use super::source::open_source;
use super::{Ingest, ReadOptions};
use crate::IoError;
use smartspec_core::Flags;
use std::io::BufReader;
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
    let mut lines = Lines::new(BufReader::with_capacity(1 << 16, source));
    let mut owned: Vec<String> = Vec::new();
    let mut cols: Option<Cols> = None;
    let delimiter = opts.delimiter as char;
    loop {
        let (line, bytes) = match lines.next_record() {
            Next::Line(n, b) => (n, b),
            Next::End => break,
            Next::Error(n, msg) => {
                ingest.diag().error(n, 0, msg);
                break;
            }
        };
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let before = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned();
                let column = before.matches(delimiter).count() + 1;
                let shown = String::from_utf8_lossy(bytes).into_owned();
                let field = shown
                    .split(delimiter)
                    .nth(column - 1)
                    .unwrap_or("")
                    .to_string();
                ingest.diag().error(
                    line,
                    column,
                    format!("invalid UTF-8 text {field:?}: save the file as UTF-8"),
                );
                if ingest.diag().full() {
                    break;
                }
                continue;
            }
        };
        let text = if line == 1 {
            text.trim_start_matches('\u{feff}')
        } else {
            text
        };
        if text.trim().is_empty() {
            continue; // blank line
        }
        // fast path: no quote, split in place; otherwise RFC 4180 unquoting
        let fields: Vec<&str> = if text.contains('"') {
            match split_csv(text, delimiter, &mut owned) {
                Ok(()) => owned.iter().map(String::as_str).collect(),
                Err(column) => {
                    ingest
                        .diag()
                        .error(line, column, "unterminated quoted field");
                    if ingest.diag().full() {
                        break;
                    }
                    continue;
                }
            }
        } else {
            text.split(delimiter).collect()
        };
        match &cols {
            None => match header(&fields, opts, line, &mut ingest) {
                Some(c) => cols = Some(c),
                None => break,
            },
            Some(c) => row(&fields, c, line, &mut ingest),
        }
        if ingest.diag().full() {
            break;
        }
    }
    if cols.is_none() && ingest.diag().is_ok() {
        ingest.diag().error(
            0,
            0,
            "empty file: expected a header region,activity,year,value[,flag]",
        );
    }
    ingest
}

fn header(fields: &[&str], opts: &ReadOptions, line: u64, ingest: &mut Ingest) -> Option<Cols> {
    let names: Vec<String> = fields.iter().map(|f| f.trim().to_string()).collect();
    let c = &opts.columns;
    let delim = opts.delimiter as char;
    if names.len() == 1 {
        let only = &names[0];
        if let Some(d) = [';', '\t', '|', ',']
            .into_iter()
            .find(|&d| d != delim && only.contains(d))
        {
            let shown = if d == '\t' {
                "\\t".to_string()
            } else {
                d.to_string()
            };
            ingest.diag().error(
                line,
                1,
                format!("wrong delimiter: the header {only:?} is one field when split on {delim:?}; it looks {d:?}-separated (use --delimiter '{shown}')"),
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

fn row(fields: &[&str], c: &Cols, line: u64, ingest: &mut Ingest) {
    if fields.len() != c.width {
        let what = if fields.len() < c.width {
            "missing field(s)"
        } else {
            "extra field(s)"
        };
        ingest.diag().error(
            line,
            fields.len().min(c.width) + 1,
            format!(
                "{what}: expected {} fields as in the header, found {}",
                c.width,
                fields.len()
            ),
        );
        return;
    }
    let year = ingest.year(fields[c.year], line, c.year + 1);
    let value = ingest.value_text(fields[c.value], line, c.value + 1);
    let flags = match c.flag {
        Some(f) => ingest.flags(fields[f], line, f + 1),
        None => Ok(Flags::EMPTY),
    };
    if let (Some(year), Ok(value), Ok(flags)) = (year, value, flags) {
        ingest.row(
            (fields[c.region], c.region + 1),
            (fields[c.activity], c.activity + 1),
            year,
            value,
            flags,
            line,
        );
    }
}

//! Writers: panels as long CSV, and result tables as CSV, JSON or an aligned
//! text table.
//!
//! Missing values are written as an empty CSV field and a JSON `null`, never
//! as 0. Numbers are written in the shortest form that reads back to the same
//! `f64`, so a CSV round trip loses nothing.

use crate::IoError;
use smartspec_core::Panel;
use std::io::Write;

fn csv_err(path: &str) -> impl Fn(csv::Error) -> IoError + '_ {
    move |e| IoError::Write {
        path: path.to_string(),
        message: e.to_string(),
    }
}

/// Writes a panel as long CSV `region,activity,year,value[,flag]` (the flag
/// column when some cell has a flag). Only non-absent cells are written.
pub fn write_panel_csv(panel: &Panel, out: impl Write, name: &str) -> Result<(), IoError> {
    let mut w = csv::Writer::from_writer(out);
    let err = csv_err(name);
    let flags = panel.has_flags();
    let mut header = vec!["region", "activity", "year", "value"];
    if flags {
        header.push("flag");
    }
    w.write_record(&header).map_err(&err)?;
    let mut year = String::new();
    let mut value = String::new();
    let mut flag = String::new();
    for rec in panel.records() {
        use std::fmt::Write as _;
        year.clear();
        let _ = write!(year, "{}", rec.year);
        value.clear();
        if let Some(v) = rec.value {
            let _ = write!(value, "{v}");
        }
        if flags {
            flag.clear();
            let _ = write!(flag, "{}", rec.flags);
            w.write_record([rec.region, rec.activity, &year, &value, &flag])
                .map_err(&err)?;
        } else {
            w.write_record([rec.region, rec.activity, &year, &value])
                .map_err(&err)?;
        }
    }
    w.flush().map_err(|e| IoError::File {
        path: name.into(),
        source: e,
    })
}

/// One cell of a result table.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text.
    Text(String),
    /// An integer.
    Int(i64),
    /// A number; `None` is missing (empty in CSV, `null` in JSON).
    Num(Option<f64>),
}

impl Value {
    /// The value as shown in a report: (is a number, text), numbers with
    /// `decimals` places; missing is empty.
    pub fn display(&self, decimals: usize) -> (bool, String) {
        match self {
            Value::Text(s) => (false, s.clone()),
            Value::Int(i) => (true, i.to_string()),
            Value::Num(_) => (true, self.csv(Some(decimals))),
        }
    }

    fn csv(&self, decimals: Option<usize>) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Num(None) => String::new(),
            Value::Num(Some(v)) if !v.is_finite() => String::new(),
            Value::Num(Some(v)) => match decimals {
                // whole numbers (counts) print without decimals
                Some(_) if v.fract() == 0.0 && v.abs() < 1e15 => format!("{v:.0}"),
                Some(d) => format!("{v:.d$}"),
                None => format!("{v}"),
            },
        }
    }

    fn json(&self) -> serde_json::Value {
        match self {
            Value::Text(s) => serde_json::Value::String(s.clone()),
            Value::Int(i) => serde_json::Value::from(*i),
            Value::Num(Some(v)) if v.is_finite() => serde_json::Value::from(*v),
            Value::Num(_) => serde_json::Value::Null,
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Text(s.to_string())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Text(s)
    }
}
impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Value::Num(Some(v))
    }
}
impl From<Option<f64>> for Value {
    fn from(v: Option<f64>) -> Self {
        Value::Num(v)
    }
}
impl From<usize> for Value {
    fn from(v: usize) -> Self {
        Value::Int(v as i64)
    }
}
impl From<i32> for Value {
    fn from(v: i32) -> Self {
        Value::Int(v as i64)
    }
}
impl From<Option<usize>> for Value {
    fn from(v: Option<usize>) -> Self {
        v.map_or(Value::Num(None), Value::from)
    }
}
impl From<Option<i32>> for Value {
    fn from(v: Option<i32>) -> Self {
        v.map_or(Value::Num(None), Value::from)
    }
}

/// A titled result table (what every command prints).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Column names.
    pub columns: Vec<String>,
    /// Rows, each as long as `columns`.
    pub rows: Vec<Vec<Value>>,
}

impl Table {
    /// An empty table with these columns.
    pub fn new(columns: &[&str]) -> Self {
        Table {
            columns: columns.iter().map(|s| s.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// Appends a row.
    pub fn push(&mut self, row: Vec<Value>) {
        self.rows.push(row);
    }

    /// CSV with full precision.
    pub fn to_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record(&self.columns);
        for r in &self.rows {
            let _ = w.write_record(r.iter().map(|v| v.csv(None)));
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    /// An array of objects, one per row.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Array(
            self.rows
                .iter()
                .map(|r| {
                    serde_json::Value::Object(
                        self.columns
                            .iter()
                            .cloned()
                            .zip(r.iter().map(Value::json))
                            .collect(),
                    )
                })
                .collect(),
        )
    }

    /// An aligned text table; numbers with `decimals` decimals, right-aligned.
    pub fn to_text(&self, decimals: usize) -> String {
        let cells: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|v| match v {
                        Value::Num(None) => "-".to_string(),
                        // long names are cut in the text table (CSV and JSON keep them)
                        Value::Text(t) if t.chars().count() > 60 => {
                            format!("{}…", t.chars().take(59).collect::<String>())
                        }
                        other => other.csv(Some(decimals)),
                    })
                    .collect()
            })
            .collect();
        let mut width: Vec<usize> = self.columns.iter().map(|c| c.chars().count()).collect();
        for r in &cells {
            for (i, c) in r.iter().enumerate() {
                width[i] = width[i].max(c.chars().count());
            }
        }
        let numeric: Vec<bool> = (0..self.columns.len())
            .map(|i| self.rows.iter().all(|r| !matches!(r[i], Value::Text(_))))
            .collect();
        let mut out = String::new();
        let line = |vals: &[String], out: &mut String| {
            let parts: Vec<String> = vals
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let pad = width[i] - v.chars().count();
                    if numeric[i] {
                        format!("{}{v}", " ".repeat(pad))
                    } else {
                        format!("{v}{}", " ".repeat(pad))
                    }
                })
                .collect();
            out.push_str(parts.join("  ").trim_end());
            out.push('\n');
        };
        line(&self.columns, &mut out);
        let rule: Vec<String> = width.iter().map(|w| "-".repeat(*w)).collect();
        line(&rule, &mut out);
        for r in &cells {
            line(r, &mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_is_empty_in_csv_and_null_in_json() {
        let mut t = Table::new(&["region", "value"]);
        t.push(vec!["AT11".into(), Value::Num(None)]);
        t.push(vec!["AT12".into(), 0.1.into()]);
        assert_eq!(t.to_csv(), "region,value\nAT11,\nAT12,0.1\n");
        assert_eq!(
            t.to_json().to_string(),
            r#"[{"region":"AT11","value":null},{"region":"AT12","value":0.1}]"#
        );
        assert_eq!(
            t.to_text(2),
            "region  value\n------  -----\nAT11        -\nAT12     0.10\n"
        );
    }
}

pub use crate::parquet::{ColumnType, Field};

/// Output format of a streamed table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SinkFormat {
    /// CSV, full precision, missing as empty.
    Csv,
    /// Parquet, ZSTD, missing as null.
    Parquet,
}

impl SinkFormat {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            SinkFormat::Csv => "csv",
            SinkFormat::Parquet => "parquet",
        }
    }
}

enum SinkInner {
    Csv(std::io::BufWriter<std::fs::File>),
    Parquet(Box<crate::parquet::StreamWriter>),
}

/// A long table written row by row to `DIR/<name>.csv|parquet`.
pub struct TableSink {
    inner: SinkInner,
    path: std::path::PathBuf,
    rows: usize,
    line: Vec<u8>,
}

/// Appends a CSV field, quoted only when it holds a delimiter, quote or line break.
fn csv_text(out: &mut Vec<u8>, s: &str) {
    if s.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
        out.push(b'"');
        for b in s.bytes() {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(s.as_bytes());
    }
}

impl TableSink {
    /// Creates the file for table `name` in `dir`.
    pub fn create(
        dir: &std::path::Path,
        name: &str,
        columns: &[(&str, ColumnType)],
        format: SinkFormat,
    ) -> Result<TableSink, IoError> {
        let path = dir.join(format!("{name}.{}", format.extension()));
        let inner = match format {
            SinkFormat::Csv => {
                let file = std::fs::File::create(&path).map_err(|source| IoError::File {
                    path: path.display().to_string(),
                    source,
                })?;
                let mut w = std::io::BufWriter::with_capacity(1 << 16, file);
                let header: Vec<&str> = columns.iter().map(|(n, _)| *n).collect();
                w.write_all(format!("{}\n", header.join(",")).as_bytes())
                    .map_err(|source| IoError::File {
                        path: path.display().to_string(),
                        source,
                    })?;
                SinkInner::Csv(w)
            }
            SinkFormat::Parquet => SinkInner::Parquet(Box::new(
                crate::parquet::StreamWriter::create(&path, columns)?,
            )),
        };
        Ok(TableSink {
            inner,
            path,
            rows: 0,
            line: Vec::with_capacity(128),
        })
    }

    /// Appends a row. Numbers are written in the shortest form that reads
    /// back to the same `f64` (ryu); non-finite numbers as an empty field.
    pub fn write(&mut self, row: &[Field<'_>]) -> Result<(), IoError> {
        self.rows += 1;
        match &mut self.inner {
            SinkInner::Parquet(w) => w.write(row),
            SinkInner::Csv(w) => {
                let line = &mut self.line;
                line.clear();
                for (i, f) in row.iter().enumerate() {
                    if i > 0 {
                        line.push(b',');
                    }
                    match f {
                        Field::Text(s) | Field::Code(s, _) => csv_text(line, s),
                        Field::Int(v) => line.extend_from_slice(itoa_i32(*v, &mut [0u8; 12])),
                        Field::Num(x) if x.is_finite() => {
                            line.extend_from_slice(ryu::Buffer::new().format_finite(*x).as_bytes())
                        }
                        Field::Num(_) => {}
                    }
                }
                line.push(b'\n');
                w.write_all(line).map_err(|source| IoError::File {
                    path: self.path.display().to_string(),
                    source,
                })
            }
        }
    }

    /// Closes the file; returns the rows written.
    pub fn finish(self) -> Result<usize, IoError> {
        let path = self.path.display().to_string();
        match self.inner {
            SinkInner::Parquet(w) => (*w).finish()?,
            SinkInner::Csv(mut w) => w.flush().map_err(|source| IoError::File { path, source })?,
        }
        Ok(self.rows)
    }
}

/// Decimal digits of an `i32` into `buf`.
fn itoa_i32(v: i32, buf: &mut [u8; 12]) -> &[u8] {
    let mut n = v.unsigned_abs();
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if v < 0 {
        i -= 1;
        buf[i] = b'-';
    }
    &buf[i..]
}

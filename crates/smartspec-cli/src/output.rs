//! Printing result tables in the chosen format, to stdout or `--out`.

use crate::args::{OutputArgs, OutputFormat};
use anyhow::{Context, Result};
use smartspec_io::write::Table;
use std::io::Write;

/// The first columns of every ranked table (`docs/conventions.md`): the
/// region, its name and country, the score, the rank and the year the
/// figures are of; then `rest`.
pub fn ranked<'a>(rest: &[&'a str]) -> Vec<&'a str> {
    let mut cols = vec!["region", "name", "country", "score", "rank", "year"];
    cols.extend_from_slice(rest);
    cols
}

/// A printable result: heading lines (shown in table format, and as
/// `"notes"` in JSON) and tables.
pub struct Report {
    /// Lines printed above the tables (dataset, year, notes).
    pub heading: Vec<String>,
    /// Tables: (JSON key, title shown in text, table).
    pub tables: Vec<(String, String, Table)>,
    /// Extra JSON fields (objects of scalar facts).
    pub facts: serde_json::Map<String, serde_json::Value>,
    /// JSON written instead of a table's flat rows (nested fields), by key.
    pub json_rows: Vec<(String, serde_json::Value)>,
    /// When set, JSON output is only this table's rows, a bare list (as a
    /// command's documented JSON form asks), without notes or facts.
    pub json_only: Option<String>,
}

impl Report {
    /// An empty report.
    pub fn new() -> Self {
        Report {
            heading: Vec::new(),
            tables: Vec::new(),
            facts: serde_json::Map::new(),
            json_rows: Vec::new(),
            json_only: None,
        }
    }

    /// Adds a table under a JSON key and a display title.
    pub fn table(&mut self, key: &str, title: impl Into<String>, table: Table) {
        self.tables.push((key.to_string(), title.into(), table));
    }

    /// Renders in `format`.
    pub fn render(&self, format: OutputFormat) -> String {
        match format {
            OutputFormat::Table => {
                let mut s = String::new();
                for h in &self.heading {
                    s.push_str(h);
                    s.push('\n');
                }
                for (_, name, t) in &self.tables {
                    s.push('\n');
                    if !name.is_empty() {
                        s.push_str(name);
                        s.push('\n');
                    }
                    s.push_str(&t.to_text(2));
                }
                s
            }
            OutputFormat::Csv => {
                // CSV holds one table; with several, each is preceded by a
                // comment line naming it.
                let mut s = String::new();
                for (i, (_, name, t)) in self.tables.iter().enumerate() {
                    if self.tables.len() > 1 {
                        if i > 0 {
                            s.push('\n');
                        }
                        s.push_str(&format!("# {name}\n"));
                    }
                    s.push_str(&t.to_csv());
                }
                s
            }
            OutputFormat::Json if self.json_only.is_some() => {
                let key = self.json_only.as_deref().unwrap_or_default();
                let rows = self
                    .json_rows
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|r| r.1.clone());
                let table = self
                    .tables
                    .iter()
                    .find(|t| t.0 == key)
                    .map(|t| t.2.to_json());
                let value = rows
                    .or(table)
                    .unwrap_or(serde_json::Value::Array(Vec::new()));
                serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
            }
            OutputFormat::Json => {
                let mut obj = self.facts.clone();
                obj.insert("notes".into(), self.heading.clone().into());
                for (key, _, t) in &self.tables {
                    let rows = self.json_rows.iter().find(|(k, _)| k == key);
                    obj.insert(
                        key.clone(),
                        rows.map_or_else(|| t.to_json(), |(_, v)| v.clone()),
                    );
                }
                serde_json::to_string_pretty(&serde_json::Value::Object(obj)).unwrap_or_default()
                    + "\n"
            }
        }
    }

    /// Prints to stdout or writes to `--out`.
    pub fn emit(&self, out: &OutputArgs) -> Result<()> {
        let text = self.render(out.format);
        match &out.out {
            Some(path) => {
                std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
            }
            None => {
                let mut stdout = std::io::stdout().lock();
                // a closed pipe (| head) is not an error
                let _ = stdout.write_all(text.as_bytes());
                Ok(())
            }
        }
    }
}

//! `smartspec priorities import FILE` and `smartspec priorities check REGION`

use crate::args::{PrioritiesCheckArgs, PrioritiesImportArgs};
use crate::output::Report;
use anyhow::{bail, Context, Result};
use serde_json::{json, Map, Value};
use smartspec_core::evidence::{assess, Thresholds};
use smartspec_io::nace::Nace;
use smartspec_io::write::Table;
use smartspec_store::{records, Kind, ListQuery, Repository, StoreError};
use std::path::Path;
use std::process::ExitCode;

use crate::input::operator;

const LIST_FIELDS: [&str; 3] = ["economic_domains", "scientific_domains", "themes"];
const TEXT_FIELDS: [&str; 6] = [
    "region",
    "title",
    "description",
    "policy_objective",
    "source",
    "date",
];

/// A file's rows as record bodies with their line numbers, and every
/// problem found reading it (`FILE:LINE: …`).
type Rows = (Vec<(u64, Result<Value, String>)>, Vec<String>);

/// CSV rows as record bodies, with their line numbers.
fn read_csv(path: &Path) -> Result<Rows> {
    let f = path.display();
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(false)
        .from_path(path)
        .with_context(|| format!("reading {f}"))?;
    let mut problems = Vec::new();
    let headers = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(e) => return Ok((Vec::new(), vec![format!("{f}:1: reading the header: {e}")])),
    };
    for h in headers.iter() {
        if !LIST_FIELDS.contains(&h) && !TEXT_FIELDS.contains(&h) && h != "published" {
            problems.push(format!(
                "{f}:1: unknown column {h:?}; columns: {}, {}, published",
                TEXT_FIELDS.join(", "),
                LIST_FIELDS.join(", ")
            ));
        }
    }
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                let what = match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => {
                        format!("{len} fields where the header has {expected_len}")
                    }
                    _ => e.to_string(),
                };
                problems.push(format!("{f}:{line}: {what}"));
                continue;
            }
        };
        let line = rec.position().map_or(0, |p| p.line());
        let mut m = Map::new();
        let mut problem = None;
        for (h, v) in headers.iter().zip(rec.iter()) {
            let v = v.trim();
            if LIST_FIELDS.contains(&h) {
                let items: Vec<&str> = v
                    .split(';')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect();
                m.insert(h.into(), json!(items));
            } else if h == "published" {
                let b = match v {
                    "" | "false" | "0" => false,
                    "true" | "1" => true,
                    o => {
                        problem = Some(format!("published: {o:?} is not true/false"));
                        false
                    }
                };
                m.insert(h.into(), json!(b));
            } else if TEXT_FIELDS.contains(&h) && !v.is_empty() {
                m.insert(h.into(), json!(v));
            }
        }
        rows.push((line, problem.map_or(Ok(Value::Object(m)), Err)));
    }
    Ok((rows, problems))
}

/// The 1-based line where each element of a top-level JSON array starts.
fn element_lines(text: &str) -> Vec<u64> {
    let (mut depth, mut line, mut in_str, mut esc) = (0usize, 1u64, false, false);
    let mut expecting = false;
    let mut lines = Vec::new();
    for c in text.chars() {
        if c == '\n' {
            line += 1;
        }
        if in_str {
            match (esc, c) {
                (true, _) => esc = false,
                (false, '\\') => esc = true,
                (false, '"') => in_str = false,
                _ => {}
            }
            continue;
        }
        if expecting && !c.is_whitespace() && c != ']' {
            lines.push(line);
            expecting = false;
        }
        match c {
            '"' => in_str = true,
            '[' | '{' => {
                depth += 1;
                if depth == 1 && c == '[' {
                    expecting = true;
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 1 => expecting = true,
            _ => {}
        }
    }
    lines
}

fn read_json(path: &Path) -> Result<Rows> {
    let f = path.display();
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {f}"))?;
    let v: Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => return Ok((Vec::new(), vec![format!("{f}:{}: {e}", e.line())])),
    };
    let Value::Array(items) = v else {
        return Ok((
            Vec::new(),
            vec![format!("{f}:1: expected an array of priorities")],
        ));
    };
    let lines = element_lines(&text);
    let rows = items
        .into_iter()
        .enumerate()
        .map(|(i, v)| (lines.get(i).copied().unwrap_or(0), Ok(v)))
        .collect();
    Ok((rows, Vec::new()))
}

/// `priorities import FILE`: every row checked first, every problem
/// reported as `FILE:LINE` (exit 1, nothing imported); then one transaction
/// for the whole file, rows matched on their region and title so that a
/// re-import creates nothing twice.
pub fn import(a: PrioritiesImportArgs) -> Result<ExitCode> {
    let is_json = a
        .file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let (rows, mut problems) = if is_json {
        read_json(&a.file)?
    } else {
        read_csv(&a.file)?
    };
    let f = a.file.display();
    if rows.is_empty() && problems.is_empty() {
        problems.push(format!("{f}: no priorities in the file"));
    }
    let mut keys: std::collections::HashMap<(String, String), u64> = Default::default();
    let mut bodies = Vec::new();
    for (line, row) in &rows {
        let body = match row {
            Ok(b) => b.clone(),
            Err(p) => {
                problems.push(format!("{f}:{line}: {p}"));
                continue;
            }
        };
        match records::parse(
            Kind::Priority,
            body.clone(),
            &smartspec_server::EmbeddedCodes,
        ) {
            Ok(p) => {
                let text = |k: &str| {
                    p.data
                        .get(k)
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string()
                };
                if let Some(first) = keys.insert((text("region"), text("title")), *line) {
                    problems.push(format!(
                        "{f}:{line}: region {} declares the title {:?} already on line {first}; a priority is known by its region and title",
                        text("region"),
                        text("title")
                    ));
                }
            }
            Err(StoreError::Invalid(errs)) => problems.extend(
                errs.iter()
                    .map(|e| format!("{f}:{line}: {}: {}", e.field, e.message)),
            ),
            Err(e) => problems.push(format!("{f}:{line}: {e}")),
        }
        bodies.push(body);
    }
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("{p}");
        }
        eprintln!("error: {} problem(s); nothing imported", problems.len());
        return Ok(ExitCode::from(1));
    }
    let store = crate::input::open_store(&a.db.db)?;
    let sum = store.import_priorities(&operator(), bodies)?;
    eprintln!(
        "imported {} priorities into {} in one transaction: {} created, {} updated, {} unchanged (matched on region and title)",
        rows.len(),
        a.db.db.display(),
        sum.created,
        sum.updated,
        sum.unchanged
    );
    Ok(ExitCode::SUCCESS)
}

pub fn check(a: PrioritiesCheckArgs) -> Result<ExitCode> {
    let store = crate::input::open_store(&a.db.db)?;
    let region = a.region.trim().to_ascii_uppercase();
    let op = operator();
    let mut priorities = Vec::new();
    let mut q = ListQuery {
        filters: vec![("region".into(), region.clone())],
        limit: smartspec_store::MAX_LIMIT,
        cursor: None,
    };
    loop {
        let page = store.list(Some(&op), Kind::Priority, &q)?;
        priorities.extend(page.items);
        match page.next_cursor {
            Some(c) => q.cursor = Some(c),
            None => break,
        }
    }
    if priorities.is_empty() {
        bail!("no priorities of {region} in {}", a.db.db.display());
    }
    let data = crate::input::data(&a.data)?;
    let analysis = smartspec_analysis::Analysis::new(data.dataset.clone());
    let first = analysis.priority_evidence(&region, a.year, &[])?;
    let t = Thresholds::default();
    let nace = Nace::embedded();
    let mut report = Report::new();
    if let Some(n) = first.region.as_ref().and_then(|r| r.note.as_ref()) {
        report.heading.push(format!("note: {n}"));
    }
    let (code, year) = first
        .region
        .as_ref()
        .map_or((region.clone(), first.year), |r| (r.code.clone(), r.year));
    report.heading.push(format!(
        "{} priorities of {} checked against {}, {}; RCA trend from {}",
        priorities.len(),
        code,
        analysis.dataset().name(),
        year,
        first
            .trend_from
            .map_or("(no earlier year)".to_string(), |y| y.to_string())
    ));
    if let (None, Some(reason)) = (&first.region, &first.reason) {
        report.heading.push(format!("not measurable: {reason}"));
    }
    report.heading.push(format!(
        "verdict: established strength if activities with RCA >= {} hold >= {:.0} % of the priority's employment; \
         else emerging and related if the others' mean density percentile >= {} and mean RCA trend > {}; else weakly supported; not measurable when no declared activity has a measured RCA",
        t.rca, t.established_share * 100.0, t.related_percentile, t.rising
    ));
    let mut summary = Table::new(&[
        "priority",
        "title",
        "verdict",
        "measured",
        "specialised_share",
        "related_percentile",
        "rca_trend",
        "complexity",
        "unmatched_codes",
        "reason",
    ]);
    let mut detail = Table::new(&[
        "priority",
        "activity",
        "name",
        "rca",
        "employment",
        "rca_trend",
        "density",
        "density_percentile",
        "complexity",
    ]);
    for p in &priorities {
        let id = p["id"].as_i64().unwrap_or(0) as usize;
        let domains: Vec<String> = p["economic_domains"]
            .as_array()
            .map(|v| {
                v.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let e = analysis.priority_evidence(&region, Some(year), &domains)?;
        let reason = e.reason.clone().unwrap_or_default();
        let (acts, unmatched) = (e.activities, e.unmatched);
        let s = assess(&acts, &t);
        summary.push(vec![
            id.into(),
            p["title"].as_str().unwrap_or("").into(),
            s.verdict.label().into(),
            s.measured.into(),
            s.specialised_share.into(),
            s.related_percentile.into(),
            s.trend.into(),
            s.complexity.into(),
            unmatched.join(" ").into(),
            reason.into(),
        ]);
        for e in &acts {
            detail.push(vec![
                id.into(),
                e.activity.as_str().into(),
                nace.label_or_code(&e.activity).into(),
                e.rca.into(),
                e.employment.into(),
                e.rca_trend.into(),
                e.density.into(),
                e.density_percentile.into(),
                e.complexity.into(),
            ]);
        }
    }
    report.table("priorities", "priorities", summary);
    report.table("activities", "the numbers behind each verdict", detail);
    report.facts.insert("region".into(), code.into());
    report.facts.insert("year".into(), year.into());
    report
        .facts
        .insert("trend_from".into(), first.trend_from.into());
    report.emit(&a.output)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    #[test]
    fn json_element_lines() {
        let text = "[\n  {\"a\": \"x,]\"},\n  {\"b\": [1, 2]}\n,\n{}]";
        assert_eq!(super::element_lines(text), vec![2, 3, 5]);
        assert!(super::element_lines("[]").is_empty());
    }
}

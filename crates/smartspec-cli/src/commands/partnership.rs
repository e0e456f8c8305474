//! `smartspec partnership propose --theme T [--lead R ...] [--size K] [--all]`

use crate::args::ProposeArgs;
use crate::output::Report;
use crate::theme_data;
use anyhow::{bail, Result};
use serde_json::json;
use smartspec_analysis::themes::{member_states, stages_json, HowMany, Proposals};
use smartspec_core::partnership::{Method, Proposal};
use smartspec_io::themes::Theme;
use smartspec_io::write::Table;
use smartspec_store::Repository;
use std::process::ExitCode;

fn method_text(p: &Proposal, seconds: Option<f64>) -> String {
    let time = seconds.map_or(String::new(), |s| format!(", {:.1} ms", 1000.0 * s));
    match p.method {
        Method::Exact => format!(
            "exact (branch and bound, {} nodes{time}): optimal",
            p.nodes
        ),
        Method::Greedy {
            steps,
            places,
            guarantee,
        } => format!(
            "greedy ({steps} of {places} places free{time}): gain over the leads at least {:.1} % of the optimum's; optimum at most {:.4}",
            100.0 * guarantee,
            p.upper_bound
        ),
    }
}

/// The codes of the leads of proposal `i` (the leads are in the first one).
fn leads_of(
    leads: &[smartspec_analysis::RegionYear],
    panel: &smartspec_core::Panel,
    i: usize,
) -> Vec<String> {
    if i > 0 {
        return Vec::new();
    }
    leads
        .iter()
        .map(|l| panel.regions().code(l.r as u32).to_string())
        .collect()
}

/// A proposal as a partnership record and its members: the leads lead (or,
/// without leads, the member whose loss would cost the most), the others
/// are members.
fn record(
    theme: &Theme,
    year: i32,
    n: usize,
    codes: &[&str],
    by_score: &[&str],
    leads: &[String],
) -> (serde_json::Value, Vec<serde_json::Value>) {
    let lead: Vec<String> = if leads.is_empty() {
        by_score
            .first()
            .map(|c| vec![c.to_string()])
            .unwrap_or_default()
    } else {
        leads.to_vec()
    };
    let members = codes
        .iter()
        .filter(|c| !lead.iter().any(|l| l == *c))
        .map(|c| json!({"region": c, "role": "member"}))
        .collect();
    let partnership = json!({
        "theme": theme.id,
        "title": format!("{}: proposed partnership {n} ({year} data)", theme.name),
        "lead_regions": lead,
        "status": "proposed",
    });
    (partnership, members)
}

pub fn run(a: ProposeArgs) -> Result<ExitCode> {
    if a.size == 0 {
        bail!("--size must be at least 1");
    }
    let data = crate::input::data(&a.data)?;
    let analysis = smartspec_analysis::Analysis::new(data.dataset.clone());
    let ds = analysis.dataset();
    let set = theme_data::load("partnership propose", ds, &a.dirs)?;
    let themes: Vec<&Theme> = match &a.theme {
        Some(id) => vec![theme_data::pick(&set, id)?],
        None => set.themes.iter().collect(),
    };
    let panel = ds.panel();
    let label = |c: &str| ds.region_name(c);
    let mut report = Report::new();
    let mut summary = Table::new(&[
        "theme",
        "partnership",
        "objective",
        "coverage",
        "strength",
        "method",
        "upper_bound",
        "member_states",
        "members",
    ]);
    let mut members = Table::new(&[
        "region",
        "name",
        "country",
        "score",
        "rank",
        "theme",
        "partnership",
        "role",
        "strength",
        "best_in",
    ]);
    let mut json_partnerships = Vec::new();
    let mut saves = Vec::new();
    for theme in themes {
        let how_many = if a.all {
            HowMany::All(a.top.unwrap_or(usize::MAX))
        } else {
            HowMany::One
        };
        let Proposals {
            theme_year: ty,
            leads,
            objective: obj,
            proposals,
            seconds,
        } = analysis.propose(theme, &a.leads, a.year, a.size, a.min_countries, how_many)?;
        for n in leads.iter().filter_map(|l| l.note.as_ref()) {
            report.heading.push(format!("note: {n}"));
        }
        let cands = ty.candidates();
        let ids: Vec<&str> = theme.stages.iter().map(|s| s.id.as_str()).collect();
        report.heading.push(format!(
            "{} ({}), {}: {} partnership(s) of {} regions from at least {} EU28 Member States; objective = 1/2 coverage + 1/2 mean strength (docs/partnerships.md); search {:.1} ms",
            theme.name,
            theme.id,
            ty.year,
            proposals.len(),
            a.size,
            a.min_countries,
            1000.0 * seconds
        ));
        if a.all {
            let taken: usize = proposals.iter().map(|p| p.members.len()).sum();
            report.heading.push(format!(
                "  {} of {} regions with data placed; the rest cannot form another partnership under the rule{}",
                taken,
                cands.len(),
                if a.top.is_some() { " or --top was reached" } else { "" }
            ));
        }
        for (i, p) in proposals.iter().enumerate() {
            let n = i + 1;
            // a member's score: what the partnership loses without it
            let contrib = p.contributions(&obj);
            let mut order: Vec<usize> = (0..p.members.len()).collect();
            order.sort_by(|&x, &y| contrib[y].total_cmp(&contrib[x]));
            let per_stage_best: Vec<Option<usize>> = (0..ids.len())
                .map(|s| {
                    p.members
                        .iter()
                        .copied()
                        .filter(|&m| ty.strengths.get(m, s).is_finite())
                        .max_by(|&x, &y| ty.strengths.get(x, s).total_cmp(&ty.strengths.get(y, s)))
                })
                .collect();
            let mut mj = Vec::new();
            let states = member_states(ds, &p.members);
            for (rank, &k) in order.iter().enumerate() {
                let m = p.members[k];
                let code = panel.regions().code(m as u32);
                let role = if leads.iter().any(|l| l.r == m) && i == 0 {
                    "lead"
                } else {
                    "partner"
                };
                let best: Vec<&str> = (0..ids.len())
                    .filter(|&s| per_stage_best[s] == Some(m))
                    .map(|s| ids[s])
                    .collect();
                members.push(vec![
                    code.into(),
                    label(code).into(),
                    ds.country(code).unwrap_or_default().into(),
                    contrib[k].into(),
                    (rank + 1).into(),
                    theme.id.as_str().into(),
                    n.into(),
                    role.into(),
                    ty.strengths.mean(m).into(),
                    best.join(" ").into(),
                ]);
                mj.push(json!({
                    "region": code,
                    "name": label(code),
                    "country": ds.country(code),
                    "score": contrib[k],
                    "rank": rank + 1,
                    "role": role,
                    "strength": ty.strengths.mean(m),
                    "stages": stages_json(&ty, &ids, m),
                    "best_in": best,
                }));
            }
            let codes: Vec<&str> = p
                .members
                .iter()
                .map(|&m| panel.regions().code(m as u32))
                .collect();
            if a.save {
                saves.push(record(
                    theme,
                    ty.year,
                    n,
                    &codes,
                    &order.iter().map(|&k| codes[k]).collect::<Vec<_>>(),
                    &leads_of(&leads, panel, i),
                ));
            }
            let method = method_text(p, (proposals.len() == 1).then_some(seconds));
            summary.push(vec![
                theme.id.as_str().into(),
                n.into(),
                p.objective.into(),
                p.coverage.into(),
                p.strength.into(),
                method.as_str().into(),
                p.upper_bound.into(),
                states.len().into(),
                codes.join(" ").into(),
            ]);
            let (guarantee, kind) = match p.method {
                Method::Exact => (1.0, "exact"),
                Method::Greedy { guarantee, .. } => (guarantee, "greedy"),
            };
            json_partnerships.push(json!({
                "theme": theme.id,
                "partnership": n,
                "objective": p.objective,
                "coverage": p.coverage,
                "strength": p.strength,
                "method": kind,
                "guarantee": guarantee,
                "upper_bound": p.upper_bound,
                "nodes": p.nodes,
                "member_states": states.len(),
                "members": mj,
            }));
        }
    }
    report.table("partnerships", "partnerships", summary);
    report.table(
        "members",
        "members (score = what the partnership's objective loses without the region)",
        members,
    );
    report.json_rows.push((
        "partnerships".into(),
        serde_json::Value::Array(json_partnerships),
    ));
    if a.save {
        let store = crate::input::open_store(&a.db)?;
        let op = crate::input::operator();
        let mut ids = Vec::new();
        for (partnership, members) in saves {
            let saved = store.propose(&op, partnership, members)?;
            ids.push(saved["partnership"]["id"].as_i64().unwrap_or(0));
        }
        report.heading.push(format!(
            "saved as proposed partnership record(s) {} in {} (GET /v1/partnerships/ID)",
            ids.iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            a.db.display()
        ));
        report.facts.insert("saved".into(), json!(ids));
    }
    report.facts.insert("size".into(), a.size.into());
    report
        .facts
        .insert("min_countries".into(), a.min_countries.into());
    report.emit(&a.output)?;
    Ok(ExitCode::SUCCESS)
}

//! `GET /v1/themes`, `/v1/themes/{theme}/partners/{region}` (as
//! `smartspec partners`) and `/v1/themes/{theme}/proposals` (as
//! `smartspec partnership propose`), on the seed themes.

use super::region_json;
use crate::analytics::{num, run, Analytics};
use crate::body::Params;
use crate::problem::{ApiResult, Problem};
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{json, Value};
use smartspec_analysis::region::region_year;
use smartspec_analysis::themes::{relatedness_to, stages_json, theme_year};
use smartspec_analysis::Need;
use smartspec_core::partnership::{propose, rank_partners, reason, Method, Objective, Weights};
use smartspec_io::themes::Theme;

/// The theme `id` of the served themes, 404 when unknown.
pub fn pick<'a>(a: &'a Analytics, id: &str) -> ApiResult<&'a Theme> {
    a.dataset().require("themes", Need::NaceDivisions)?;
    let set = a.themes();
    set.get(id)
        .ok_or_else(|| Problem::not_found(format!("unknown theme {id:?}; themes: {}", set.ids())))
}

pub async fn themes(State(s): State<AppState>) -> ApiResult<Response> {
    run(s, "themes".into(), |a| {
        Ok(a.themes()
            .themes
            .iter()
            .map(|t| {
                json!({
                    "id": t.id, "name": t.name, "description": t.description,
                    "stages": t.stages.iter().map(|st| json!({
                        "id": st.id, "name": st.name,
                        "activities": st.activities.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
                        "why": st.why,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect())
    })
    .await
}

/// `?top=&year=` of the partners.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartnersQuery {
    top: Option<usize>,
    year: Option<i32>,
}

pub async fn partners(
    State(s): State<AppState>,
    Path((theme, region)): Path<(String, String)>,
    Params(q): Params<PartnersQuery>,
) -> ApiResult<Response> {
    let top = match q.top.unwrap_or(10) {
        0 => return Err(Problem::invalid("top", "must be at least 1")),
        n => n.min(500),
    };
    let key = format!("partners|{theme}|{region}|{top}|{:?}", q.year);
    run(s, key, move |a| {
        let theme = pick(a, &theme)?;
        let ds = a.dataset();
        let panel = ds.panel();
        let ty = theme_year(ds, theme, q.year)?;
        let (year, y) = (ty.year, ty.y);
        let ry = region_year(ds, &region, Some(year))?;
        if !ty.strengths.has_data(ry.r) {
            return Err(Problem::invalid(
                "region",
                format!("{} has no data in {year}: no stage strength to compare", ry.code),
            ));
        }
        let yi = a.year(y);
        let rel = relatedness_to(&yi, ry.r);
        let ranked = rank_partners(&ty.strengths, ry.r, &ty.candidates(), &rel, &Weights::default());
        let ids: Vec<&str> = theme.stages.iter().map(|s| s.id.as_str()).collect();
        let list: Vec<Value> = ranked
            .iter()
            .take(top)
            .enumerate()
            .map(|(k, p)| {
                let code = panel.regions().code(p.region as u32);
                let mut o = region_json(ds, code);
                o["score"] = num(p.score);
                o["rank"] = json!(k + 1);
                o["strength"] = num(p.strength);
                o["stages"] = stages_json(&ty, &ids, p.region);
                o["shared"] = num(p.shared);
                o["complementarity"] = num(p.complementarity);
                o["relatedness"] = num(p.relatedness);
                o["reason"] = json!(reason(&ty.strengths, ry.r, p.region, &ids));
                o
            })
            .collect();
        Ok(json!({"region": ry.code, "theme": theme.id, "year": year, "note": ry.note, "partners": list}))
    })
    .await
}

pub async fn proposals(
    State(s): State<AppState>,
    Path(theme): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> ApiResult<Response> {
    let mut size = 5usize;
    let mut year = None;
    let mut leads: Vec<String> = Vec::new();
    for (k, v) in pairs {
        match k.as_str() {
            "size" => {
                size = v
                    .parse()
                    .map_err(|_| Problem::invalid("size", format!("{v:?} is not a number")))?;
            }
            "year" => {
                year = Some(
                    v.parse::<i32>()
                        .map_err(|_| Problem::invalid("year", format!("{v:?} is not a year")))?,
                );
            }
            "lead" => leads.push(v),
            _ => {
                return Err(Problem::new(
                    StatusCode::BAD_REQUEST,
                    "malformed",
                    format!("unknown parameter {k:?} (size, lead, year)"),
                ))
            }
        }
    }
    if !(1..=20).contains(&size) {
        return Err(Problem::invalid("size", "between 1 and 20"));
    }
    let key = format!("proposals|{theme}|{size}|{leads:?}|{year:?}");
    run(s, key, move |a| {
        let theme = pick(a, &theme)?;
        let ds = a.dataset();
        let panel = ds.panel();
        let ty = theme_year(ds, theme, year)?;
        let year = ty.year;
        let mut lead_ids = Vec::new();
        for code in &leads {
            let ry = region_year(ds, code, Some(year))?;
            if !ty.strengths.has_data(ry.r) {
                return Err(Problem::invalid(
                    "lead",
                    format!("lead region {} has no data in {year}", ry.code),
                ));
            }
            if !lead_ids.contains(&ry.r) {
                lead_ids.push(ry.r);
            }
        }
        let obj = Objective::from_strengths(&ty.strengths, size);
        let p = propose(
            &obj,
            &smartspec_analysis::themes::member_state_rule(ds, 3),
            &ty.candidates(),
            &lead_ids,
            size,
        )
        .map_err(|e| Problem::invalid("size", format!("theme {}: {e}", theme.id)))?;
        // members by what the partnership loses without them, as the command line
        let contrib = p.contributions(&obj);
        let mut order: Vec<usize> = (0..p.members.len()).collect();
        order.sort_by(|&x, &y| contrib[y].total_cmp(&contrib[x]));
        let codes: Vec<&str> = order
            .iter()
            .map(|&k| panel.regions().code(p.members[k] as u32))
            .collect();
        let states = smartspec_analysis::themes::member_states(ds, &p.members);
        let method = match p.method {
            Method::Exact => "exact",
            Method::Greedy { .. } => "greedy",
        };
        Ok(json!({
            "theme": theme.id, "size": size, "year": year,
            "proposals": [{
                "members": codes.iter().map(|c| region_json(ds, c)).collect::<Vec<_>>(),
                "objective": num(p.objective), "coverage": num(p.coverage),
                "strength": num(p.strength), "method": method,
                "member_states": states.len(),
            }],
        }))
    })
    .await
}

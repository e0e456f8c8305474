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
use smartspec_analysis::themes::{stages_json, HowMany};
use smartspec_analysis::Need;
use smartspec_core::partnership::{reason, Method, Weights};
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
    let top = crate::analytics::bounded_top(q.top)?;
    let key = format!("partners|{theme}|{region}|{top}|{:?}", q.year);
    run(s, key, move |a| {
        let theme = pick(a, &theme)?;
        let ds = a.dataset();
        let panel = ds.panel();
        let pr = a.analysis().partners(theme, &region, q.year, &Weights::default())?;
        let (ry, ty, ranked) = (&pr.region, &pr.theme_year, &pr.ranked);
        let year = ty.year;
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
                o["stages"] = stages_json(ty, &ids, p.region);
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
        let pr = a
            .analysis()
            .propose(theme, &leads, year, size, 3, HowMany::One)?;
        let (year, obj, p) = (pr.theme_year.year, &pr.objective, &pr.proposals[0]);
        // members by what the partnership loses without them, as the command line
        let contrib = p.contributions(obj);
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

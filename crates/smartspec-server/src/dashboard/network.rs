//! `GET /v1/product-space` (the activity network: maximum spanning tree of
//! the proximity plus the strongest other links, about 2 × nodes links,
//! `smartspec_core::indicators::network`) and
//! `GET /v1/regions/{code}/specialisations` (RCA per activity, to highlight).

use super::activity_name;
use crate::analytics::{num, run, YearQuery};
use crate::body::Params;
use crate::problem::ApiResult;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::{json, Value};
use smartspec_core::Cell;
use smartspec_io::nace::section_of;

pub async fn product_space(
    State(s): State<AppState>,
    Params(q): Params<YearQuery>,
) -> ApiResult<Response> {
    let key = format!("product-space|{:?}", q.year);
    run(s, key, move |a| {
        let ps = a.analysis().product_space(q.year)?;
        let panel = a.dataset().panel();
        let code = |p: usize| panel.activities().code(p as u32);
        let node_json: Vec<Value> = ps
            .nodes
            .iter()
            .map(|&(p, emp)| {
                json!({"activity": code(p), "name": activity_name(code(p)),
                       "section": section_of(code(p)), "employment": num(emp)})
            })
            .collect();
        let link_json: Vec<Value> = ps
            .links
            .iter()
            .map(|l| json!({"source": code(l.a), "target": code(l.b), "proximity": num(l.weight), "tree": l.tree}))
            .collect();
        Ok(json!({"year": ps.year, "nodes": node_json, "links": link_json}))
    })
    .await
}

pub async fn specialisations(
    State(s): State<AppState>,
    Path(code): Path<String>,
    Params(q): Params<YearQuery>,
) -> ApiResult<Response> {
    let key = format!("specialisations|{code}|{:?}", q.year);
    run(s, key, move |a| {
        let ds = a.dataset();
        let panel = ds.panel();
        let ry = smartspec_analysis::region::region_year(ds, &code, q.year)?;
        let yi = a.year(ry.y);
        let threshold = a.threshold();
        let acts: Vec<Value> = (0..panel.activities().len())
            .map(|p| {
                let rca = yi.rca.get(ry.r, p);
                json!({
                    "activity": panel.activities().code(p as u32),
                    "rca": num(rca),
                    "employment": match panel.cell(ry.y, ry.r, p) { Cell::Value(v) => num(v), _ => Value::Null },
                    "specialised": rca.is_finite() && rca >= threshold,
                })
            })
            .collect();
        Ok(json!({"region": ry.code, "year": ry.year, "note": ry.note, "activities": acts}))
    })
    .await
}

//! `GET /v1/product-space` (the activity network: maximum spanning tree of
//! the proximity plus the strongest other links, about 2 × nodes links,
//! `smartspec_core::indicators::network`) and
//! `GET /v1/regions/{code}/specialisations` (RCA per activity, to highlight).

use super::activity_name;
use crate::analytics::{num, panel_year, run, YearQuery};
use crate::body::Params;
use crate::problem::ApiResult;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::{json, Value};
use smartspec_core::indicators::network::backbone;
use smartspec_core::Cell;
use smartspec_io::nace::section_of;

pub async fn product_space(
    State(s): State<AppState>,
    Params(q): Params<YearQuery>,
) -> ApiResult<Response> {
    let key = format!("product-space|{:?}", q.year);
    run(s, key, move |a| {
        let panel = a.dataset().panel();
        let (year, y) = panel_year(a.dataset(), q.year)?;
        let yi = a.year(y);
        let (na, nr) = (panel.activities().len(), panel.regions().len());
        let phi = |p: usize, q: usize| yi.proximity.get(p, q);
        // an activity no region is specialised in has no proximity: left out
        let nodes: Vec<usize> = (0..na)
            .filter(|&p| (0..na).any(|q| q != p && phi(p, q).is_finite()))
            .collect();
        let links = backbone(&nodes, phi, 2 * nodes.len());
        let code = |p: usize| panel.activities().code(p as u32);
        let node_json: Vec<Value> = nodes
            .iter()
            .map(|&p| {
                let emp: f64 = (0..nr)
                    .filter_map(|r| match panel.cell(y, r, p) {
                        Cell::Value(v) => Some(v),
                        _ => None,
                    })
                    .sum();
                json!({"activity": code(p), "name": activity_name(code(p)),
                       "section": section_of(code(p)), "employment": num(emp)})
            })
            .collect();
        let link_json: Vec<Value> = links
            .iter()
            .map(|l| json!({"source": code(l.a), "target": code(l.b), "proximity": num(l.weight), "tree": l.tree}))
            .collect();
        Ok(json!({"year": year, "nodes": node_json, "links": link_json}))
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

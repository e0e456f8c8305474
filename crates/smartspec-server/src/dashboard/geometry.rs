//! `GET /v1/geometry`: the embedded NUTS 2021 level-2 polygons, each
//! labelled with the dataset region whose values it shows
//! ([`smartspec_analysis::dataset::Geometry::feature_region`]); 422 when the
//! dataset's codes match no geometry.

use crate::analytics::{reply, Analytics};
use crate::problem::{ApiResult, Problem};
use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};
use smartspec_io::embedded;

fn internal(e: impl std::fmt::Display) -> Problem {
    Problem::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        format!("the embedded geometry cannot be read: {e}"),
    )
}

/// The FeatureCollection with `properties` = `{NUTS_ID, region, name}`.
fn collection(a: &Analytics) -> ApiResult<Value> {
    let ds = a.dataset();
    ds.require("the map", smartspec_analysis::Need::Geometry)?;
    let geometry = ds.geometry().ok_or_else(|| internal("no geometry"))?;
    let raw = embedded::nuts2_geometry_geojson().map_err(internal)?;
    let mut doc: Value = serde_json::from_slice(&raw).map_err(internal)?;
    let features = doc["features"]
        .as_array_mut()
        .ok_or_else(|| internal("no features"))?;
    for f in features.iter_mut() {
        let p = &f["properties"];
        let id = p["NUTS_ID"].as_str().unwrap_or("").to_string();
        let name = p["NAME_LATN"].as_str().unwrap_or("").to_string();
        f["properties"] = json!({
            "NUTS_ID": id,
            "region": geometry.feature_region(&id),
            "name": name,
        });
    }
    Ok(doc)
}

pub async fn geometry(State(s): State<AppState>) -> ApiResult<Response> {
    let a = s.analytics.clone();
    let bytes = crate::state::blocking(move || a.cached("geometry", || collection(&a))).await?;
    let mut r = reply(bytes);
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    Ok(r)
}

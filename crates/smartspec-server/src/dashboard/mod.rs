//! The dashboard's public analytics endpoints (the contract in
//! `docs/api.md`, "Dashboard"): the NUTS-2 geometry, choropleth values, the
//! transition screen, themes and partners, the product space and a region's
//! specialisations, innovation and skills profiles. All on the served
//! dataset, every reply cached by [`crate::analytics::Analytics::cached`];
//! numbers that are undefined are `null`, never NaN.

mod context;
mod geometry;
mod map;
mod network;
mod themes;
pub(crate) mod transition;

use crate::state::AppState;
use axum::routing::get;
use axum::Router;
use smartspec_analysis::Dataset;
use smartspec_io::nace::Nace;

/// The dashboard's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/geometry", get(geometry::geometry))
        .route("/v1/indicators", get(map::indicators))
        .route("/v1/map", get(map::map))
        .route("/v1/transition", get(transition::transition))
        .route("/v1/themes", get(themes::themes))
        .route(
            "/v1/themes/{theme}/partners/{region}",
            get(themes::partners),
        )
        .route("/v1/themes/{theme}/proposals", get(themes::proposals))
        .route("/v1/product-space", get(network::product_space))
        .route(
            "/v1/regions/{code}/specialisations",
            get(network::specialisations),
        )
        .route("/v1/regions/{code}/innovation", get(context::innovation))
        .route("/v1/regions/{code}/skills", get(context::skills))
}

/// `{"region", "name", "country"}` of a region of the dataset.
fn region_json(ds: &Dataset, code: &str) -> serde_json::Value {
    serde_json::json!({
        "region": code,
        "name": ds.region_name(code),
        "country": ds.country(code),
    })
}

/// The NACE label of a code (the code when unknown).
fn activity_name(code: &str) -> String {
    Nace::embedded().label_or_code(code).to_string()
}

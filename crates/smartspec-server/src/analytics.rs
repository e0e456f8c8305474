//! Analytics read endpoints on the embedded data, public, with their cache.
//!
//! Served here: region profile, indicators, opportunities
//! (`smartspec_core::opportunities`), peers (`smartspec_core::benchmarking`),
//! the evidence check of a priority and the bankability of a project. The
//! dashboard's endpoints (geometry, map, transition screen, themes and
//! partners, product space, innovation and skills) are in
//! [`crate::dashboard`], merged in [`routes`]; every reply goes through
//! [`Analytics::cached`].
//!
//! **Cache.** A reply is kept as serialised JSON under a key made of the
//! dataset version ([`Analytics::version`]), the endpoint and every option
//! that changes it, so that a repeated request costs a hash lookup. The
//! indicator pipeline of each year is computed once, on first use, with the
//! default (Growth Lab) conventions. At most [`CACHE_ENTRIES`] replies are
//! kept; when full the cache is emptied (simple, and the keys are few: one
//! per region × year × option set).

use crate::body::Params;
use crate::problem::{ApiResult, Problem};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};
use smartspec_core::indicators::pipeline::{Options, Preset, YearIndicators};
use smartspec_core::opportunities::{opportunities, ComplexityAxis};
use smartspec_core::{Cell, Panel};
use smartspec_io::analysis;
use smartspec_io::embedded;
use smartspec_io::nace::Nace;
use smartspec_io::nuts::{country_of, is_eu28, parent_of, NutsRegistry};
use smartspec_io::sections;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock, RwLock};

/// Most replies kept.
pub const CACHE_ENTRIES: usize = 10_000;

/// The analytics state: the per-year pipeline results and the reply cache.
pub struct Analytics {
    version: String,
    opts: Options,
    years: Vec<OnceLock<Arc<YearIndicators>>>,
    cache: RwLock<HashMap<String, Bytes>>,
}

impl Default for Analytics {
    fn default() -> Self {
        Analytics::new()
    }
}

impl Analytics {
    /// Analytics on the embedded panel.
    pub fn new() -> Analytics {
        let panel = embedded::default_panel();
        Analytics {
            version: format!(
                "{}; smartspec {}",
                embedded::SBS_NAME,
                env!("CARGO_PKG_VERSION")
            ),
            opts: Preset::GrowthLab.options(),
            years: (0..panel.years().len()).map(|_| OnceLock::new()).collect(),
            cache: RwLock::new(HashMap::new()),
        }
    }

    /// The dataset version, part of every cache key.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The pipeline's results for year index `y` (computed once).
    pub fn year(&self, y: usize) -> Arc<YearIndicators> {
        self.years[y]
            .get_or_init(|| {
                Arc::new(analysis::compute(
                    embedded::default_panel(),
                    y,
                    true,
                    &[embedded::context()],
                    &self.opts,
                ))
            })
            .clone()
    }

    /// The RCA threshold of the conventions used.
    pub fn threshold(&self) -> f64 {
        self.opts.threshold
    }

    /// The reply kept under `key`, if any.
    pub fn hit(&self, key: &str) -> Option<Bytes> {
        let key = format!("{}|{key}", self.version);
        self.cache
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
            .cloned()
    }

    /// The reply under `key`, computing and keeping it on a miss.
    pub fn cached(
        &self,
        key: &str,
        compute: impl FnOnce() -> ApiResult<Value>,
    ) -> ApiResult<Bytes> {
        if let Some(b) = self.hit(key) {
            return Ok(b);
        }
        let key = format!("{}|{key}", self.version);
        let bytes = Bytes::from(compute()?.to_string());
        let mut cache = self.cache.write().unwrap_or_else(|e| e.into_inner());
        if cache.len() >= CACHE_ENTRIES {
            cache.clear();
        }
        cache.insert(key, bytes.clone());
        Ok(bytes)
    }
}

/// The analytics routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/meta", get(meta))
        .route("/v1/regions/{code}/profile", get(profile))
        .route("/v1/regions/{code}/indicators", get(indicators))
        .route("/v1/regions/{code}/opportunities", get(opportunities_of))
        .route("/v1/regions/{code}/peers", get(peers))
        .route(
            "/v1/priorities/{id}/evidence",
            get(crate::evidence::evidence),
        )
        .route(
            "/v1/projects/{id}/bankability",
            get(crate::evidence::bankability),
        )
        .merge(crate::dashboard::routes())
}

/// The year asked (default: the embedded panel's default year) and its index.
pub fn panel_year(panel: &Panel, year: Option<i32>) -> ApiResult<(i32, usize)> {
    let year = year.unwrap_or_else(|| panel.default_year());
    let y = panel.year_index(year).ok_or_else(|| {
        Problem::invalid(
            "year",
            format!("{year} is not in the data (years {:?})", panel.years()),
        )
    })?;
    Ok((year, y))
}

/// `?year=` alone.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearQuery {
    /// The year.
    pub year: Option<i32>,
}

/// JSON for a number: `null` when undefined (never NaN or inf).
pub fn num(x: f64) -> Value {
    if x.is_finite() {
        json!(x)
    } else {
        Value::Null
    }
}

/// A cached JSON reply.
pub fn reply(bytes: Bytes) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], bytes).into_response()
}

/// A region of the embedded panel and the year of a single-region reply.
pub struct RegionYear {
    /// Code in the panel (NUTS 2013).
    pub code: String,
    /// Region id.
    pub r: usize,
    /// Year.
    pub year: i32,
    /// Year index.
    pub y: usize,
    /// Set when the code was mapped from another NUTS version.
    pub note: Option<String>,
}

/// Finds `code` (any NUTS version) and the year (default: the region's latest with data).
pub fn region_year(panel: &Panel, code: &str, year: Option<i32>) -> ApiResult<RegionYear> {
    let (code, note) = smartspec_io::nuts::locate(
        code,
        panel.regions(),
        Some(smartspec_core::NutsVersion::V2013),
    )
    .map_err(|e| Problem::not_found(e.to_string()))?;
    let r = panel
        .regions()
        .id(&code)
        .ok_or_else(|| Problem::not_found(format!("region {code} is not in the data")))?
        as usize;
    let year = match year {
        Some(y) => y,
        None => panel
            .latest_year_of(&code)
            .ok_or_else(|| Problem::not_found(format!("region {code} has no data in any year")))?,
    };
    let y = panel.year_index(year).ok_or_else(|| {
        Problem::invalid(
            "year",
            format!("{year} is not in the data (years {:?})", panel.years()),
        )
    })?;
    Ok(RegionYear {
        code,
        r,
        year,
        y,
        note,
    })
}

/// Common query options of the region endpoints.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionQuery {
    year: Option<i32>,
    top: Option<usize>,
    complexity: Option<String>,
    cosine_weight: Option<f64>,
    same_country: Option<bool>,
    other_countries: Option<bool>,
}

fn top(q: &RegionQuery) -> ApiResult<usize> {
    match q.top.unwrap_or(10) {
        0 => Err(Problem::invalid("top", "must be at least 1")),
        n if n > 500 => Err(Problem::invalid("top", "at most 500")),
        n => Ok(n),
    }
}

pub(crate) async fn run(
    s: AppState,
    key: String,
    f: impl FnOnce(&Analytics) -> ApiResult<Value> + Send + 'static,
) -> ApiResult<Response> {
    // a hit is answered on the async worker; a miss computes off it
    if let Some(b) = s.analytics.hit(&key) {
        return Ok(reply(b));
    }
    let a = s.analytics.clone();
    let bytes = crate::state::blocking(move || a.cached(&key, || f(&a))).await?;
    Ok(reply(bytes))
}

async fn meta(State(s): State<AppState>) -> Response {
    let panel = embedded::default_panel();
    axum::Json(json!({
        "dataset": s.analytics.version(),
        "years": panel.years(),
        "regions": panel.regions().len(),
        "activities": panel.activities().len(),
        "attribution": embedded::ATTRIBUTION,
        "limits": { "body_bytes": crate::BODY_LIMIT, "request_timeout_s": crate::REQUEST_TIMEOUT.as_secs() },
    }))
    .into_response()
}

fn activity(panel: &Panel, p: usize) -> (String, String) {
    let c = panel.activities().code(p as u32).to_string();
    let name = Nace::embedded().label_or_code(&c).to_string();
    (c, name)
}

async fn profile(
    State(s): State<AppState>,
    Path(code): Path<String>,
    Params(q): Params<RegionQuery>,
) -> ApiResult<Response> {
    let n = top(&q)?;
    let key = format!("profile|{code}|{:?}|{n}", q.year);
    run(s, key, move |a| {
        let panel = embedded::default_panel();
        let ry = region_year(panel, &code, q.year)?;
        let yi = a.year(ry.y);
        let registry = NutsRegistry::embedded();
        let label = |c: &str| registry.label(c).unwrap_or("").to_string();
        let mut parents = Vec::new();
        let mut p = parent_of(&ry.code);
        while let Some(c) = p {
            parents.push(json!({ "code": c, "name": label(c) }));
            p = parent_of(c);
        }
        let totals = analysis::totals(panel, ry.y, true).unwrap_or_default();
        let total = totals.get(ry.r).copied().unwrap_or(f64::NAN);
        let na = panel.activities().len();
        let mut by_emp: Vec<(usize, f64)> = (0..na)
            .filter_map(|p| match panel.cell(ry.y, ry.r, p) {
                Cell::Value(v) => Some((p, v)),
                _ => None,
            })
            .collect();
        by_emp.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        let top_activities: Vec<Value> = by_emp
            .iter()
            .take(n)
            .map(|&(p, v)| {
                let (c, name) = activity(panel, p);
                json!({ "activity": c, "name": name, "employment": v,
                        "share": num(if total > 0.0 { v / total } else { f64::NAN }) })
            })
            .collect();
        let mut lqs: Vec<(usize, f64)> = (0..na)
            .map(|p| (p, yi.rca.get(ry.r, p)))
            .filter(|(_, l)| l.is_finite())
            .collect();
        lqs.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        let top_lq: Vec<Value> = lqs
            .iter()
            .take(n)
            .map(|&(p, lq)| {
                let (c, name) = activity(panel, p);
                json!({ "activity": c, "name": name, "lq": lq,
                        "employment": num(panel.cell(ry.y, ry.r, p).value_or_zero().unwrap_or(f64::NAN)) })
            })
            .collect();
        let missing: Vec<&str> = (0..na)
            .filter(|&p| panel.cell(ry.y, ry.r, p) == Cell::Missing)
            .map(|p| panel.activities().code(p as u32))
            .collect();
        let ctx = embedded::context();
        let context_value = |ind: &str| -> Value {
            (0..ctx.years().len())
                .rev()
                .filter(|&i| ctx.years()[i] <= ry.year)
                .find_map(|i| match ctx.get(&ry.code, ind, ctx.years()[i]) {
                    Some(Cell::Value(v)) => Some(json!({ "year": ctx.years()[i], "value": v })),
                    _ => None,
                })
                .unwrap_or(Value::Null)
        };
        let sections: Vec<Value> = sections::section_shares(&ry.code, ry.year)
            .unwrap_or_default()
            .into_iter()
            .map(|x| {
                json!({ "section": x.section, "name": x.name, "employment": x.employment,
                        "share": x.share, "eu28_share": x.eu28_share })
            })
            .collect();
        let country = country_of(&ry.code);
        Ok(json!({
            "region": ry.code, "name": label(&ry.code), "note": ry.note,
            "country": country, "eu28": is_eu28(country), "parents": parents,
            "year": ry.year, "dataset": a.version(),
            "employment_total": num(total),
            "diversity": num(yi.diversity[ry.r]), "eci": num(yi.eci[ry.r]), "coi": num(yi.coi[ry.r]),
            "sections": sections,
            "top_activities": top_activities,
            "top_location_quotients": top_lq,
            "missing_activities": missing,
            "context": { "population_ths": context_value("POP_THS"), "gdp_pps_per_head": context_value("GDP_PPS_HAB") },
        }))
    })
    .await
}

async fn indicators(
    State(s): State<AppState>,
    Path(code): Path<String>,
    Params(q): Params<RegionQuery>,
) -> ApiResult<Response> {
    let key = format!("indicators|{code}|{:?}", q.year);
    run(s, key, move |a| {
        let panel = embedded::default_panel();
        let ry = region_year(panel, &code, q.year)?;
        let yi = a.year(ry.y);
        let r = ry.r;
        let spec: serde_json::Map<String, Value> = yi
            .specialisation
            .iter()
            .map(|(n, v)| (n.to_string(), num(v[r])))
            .collect();
        let acts: Vec<Value> = (0..panel.activities().len())
            .map(|p| {
                json!({
                    "activity": panel.activities().code(p as u32),
                    "rca": num(yi.rca.get(r, p)),
                    "density": num(yi.density.get(r, p)),
                    "cog": num(yi.cog.get(r, p)),
                    "pci": num(yi.pci[p]),
                    "employment": match panel.cell(ry.y, r, p) { Cell::Value(v) => num(v), _ => Value::Null },
                })
            })
            .collect();
        Ok(json!({
            "region": ry.code, "year": ry.year, "note": ry.note, "dataset": a.version(),
            "diversity": num(yi.diversity[r]), "eci": num(yi.eci[r]),
            "fitness": num(yi.fitness[r]), "coi": num(yi.coi[r]),
            "specialisation": spec, "activities": acts,
        }))
    })
    .await
}

async fn opportunities_of(
    State(s): State<AppState>,
    Path(code): Path<String>,
    Params(q): Params<RegionQuery>,
) -> ApiResult<Response> {
    let n = top(&q)?;
    let axis = match q.complexity.as_deref() {
        None | Some("pci") => ComplexityAxis::Pci,
        Some("fitness") => ComplexityAxis::Fitness,
        Some(o) => {
            return Err(Problem::invalid(
                "complexity",
                format!("{o:?}: pci or fitness"),
            ))
        }
    };
    let key = format!("opportunities|{code}|{:?}|{n}|{axis:?}", q.year);
    run(s, key, move |a| {
        let panel = embedded::default_panel();
        let ry = region_year(panel, &code, q.year)?;
        let yi = a.year(ry.y);
        if yi.diversity[ry.r].is_nan() {
            return Err(Problem::invalid("region", format!("{} has no positive value in {}", ry.code, ry.year)));
        }
        let na = panel.activities().len();
        let row = &panel.year_values(ry.y)[ry.r * na..(ry.r + 1) * na];
        let o = opportunities(&yi, ry.r, row, a.threshold(), axis, None);
        let cands: Vec<Value> = o
            .candidates
            .iter()
            .take(n)
            .enumerate()
            .map(|(k, c)| {
                let (act, name) = activity(panel, c.activity);
                json!({
                    "rank": k + 1, "activity": act, "name": name, "score": num(c.score),
                    "quadrant": c.quadrant.label(), "density": num(c.density),
                    "complexity": num(c.complexity), "cog": num(c.cog), "rca": num(c.rca),
                    "rca_gap": num(c.rca_gap), "value": num(c.value),
                    "explained_by": c.explained_by.iter().map(|(q, phi)| json!({
                        "activity": panel.activities().code(*q as u32), "proximity": num(*phi) })).collect::<Vec<_>>(),
                })
            })
            .collect();
        Ok(json!({
            "region": ry.code, "year": ry.year, "note": ry.note, "dataset": a.version(),
            "candidates": o.candidates.len(), "specialised": o.specialised,
            "excluded_missing": o.excluded_missing, "excluded_no_complexity": o.excluded_no_complexity,
            "density_cut": num(o.density_cut), "complexity_cut": num(o.complexity_cut),
            "opportunities": cands,
        }))
    })
    .await
}

async fn peers(
    State(s): State<AppState>,
    Path(code): Path<String>,
    Params(q): Params<RegionQuery>,
) -> ApiResult<Response> {
    let n = top(&q)?;
    let w = q.cosine_weight.unwrap_or(1.0);
    if !(w.is_finite() && w >= 0.0) {
        return Err(Problem::invalid(
            "cosine_weight",
            "must be zero or positive",
        ));
    }
    let (same, other) = (
        q.same_country.unwrap_or(false),
        q.other_countries.unwrap_or(false),
    );
    if same && other {
        return Err(Problem::invalid(
            "same_country",
            "same_country and other_countries exclude each other",
        ));
    }
    let key = format!("peers|{code}|{:?}|{n}|{w}|{same}|{other}", q.year);
    run(s, key, move |a| {
        let panel = embedded::default_panel();
        let ry = region_year(panel, &code, q.year)?;
        let (structure, nvars) = analysis::peer_structure(ry.y, w, &[]);
        let country = country_of(&ry.code).to_string();
        let list = structure.peers(ry.r, n, |r| {
            let c = panel.regions().code(r as u32);
            let ok = (!same || country_of(c) == country) && (!other || country_of(c) != country);
            ok && panel.latest_year_of(c).is_some()
        });
        let registry = NutsRegistry::embedded();
        let items: Vec<Value> = list
            .iter()
            .enumerate()
            .map(|(k, p)| {
                let c = panel.regions().code(p.region as u32);
                json!({
                    "rank": k + 1, "region": c, "name": registry.label(c).unwrap_or(""),
                    "country": country_of(c), "distance": num(p.distance), "cosine": num(p.cosine),
                    "differs_most": p.differences.iter().map(|(n, d)| json!({"variable": n, "sd": num(*d)})).collect::<Vec<_>>(),
                })
            })
            .collect();
        Ok(json!({
            "region": ry.code, "year": ry.year, "note": ry.note, "dataset": a.version(),
            "variables": nvars, "cosine_weight": w, "peers": items,
        }))
    })
    .await
}

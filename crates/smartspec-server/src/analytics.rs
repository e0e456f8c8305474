//! Analytics read endpoints on the served dataset, public, with their cache.
//!
//! Served here: region profile, indicators, opportunities, peers, the
//! evidence check of a priority and the bankability of a project, each the
//! JSON of one `smartspec_analysis` call (the code the command line runs).
//! The dashboard's endpoints (geometry, map, transition screen, themes and
//! partners, product space, innovation and skills) are in
//! [`crate::dashboard`], merged in [`routes`]; every reply goes through
//! [`Analytics::cached`].
//!
//! **Cache.** A reply is kept as serialised JSON under a key made of the
//! dataset version ([`Analytics::version`]), the endpoint and every option
//! that changes it, so that a repeated request costs a hash lookup. The
//! indicator pipeline of each year is computed once, on first use, with the
//! default (Growth Lab) conventions ([`smartspec_analysis::Analysis`]).
//!
//! The cache has a byte budget ([`CACHE_BYTES`] by default,
//! [`crate::Limits::cache_bytes`]), not an entry count: a reply can be a few
//! hundred bytes or a few hundred kilobytes (`peers?top=500`), and the
//! options (`cosine_weight` is any number) make the keys unbounded. It
//! counts its own bytes ([`Analytics::cache_bytes`]: each entry's key, kept
//! twice, its reply and [`ENTRY_OVERHEAD`]) and evicts the oldest entries
//! first (insertion order) to stay within the budget; a reply larger than
//! the whole budget is served but not kept.

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
use smartspec_analysis::peers::Countries;
use smartspec_analysis::{Analysis, AnalysisError, Dataset, RegionError};
use smartspec_core::indicators::pipeline::YearIndicators;
use smartspec_core::opportunities::ComplexityAxis;
use smartspec_core::Cell;
use smartspec_io::nace::Nace;
use smartspec_io::themes::ThemeSet;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};

/// Default byte budget of the reply cache: 64 MiB.
pub const CACHE_BYTES: usize = 64 << 20;

/// Bytes counted per cache entry beyond its key and reply: the map's slot
/// (key `String`, `Bytes`, hash), the eviction queue's `String` and the
/// reply's shared allocation header, rounded up.
pub const ENTRY_OVERHEAD: usize = 128;

/// The replies, their insertion order and their size.
#[derive(Default)]
struct Cache {
    map: HashMap<String, Bytes>,
    order: VecDeque<String>,
    bytes: usize,
}

fn entry_bytes(key: &str, reply: &Bytes) -> usize {
    2 * key.len() + reply.len() + ENTRY_OVERHEAD
}

/// The analytics state: the served analysis, its themes and the reply cache.
pub struct Analytics {
    analysis: &'static Analysis,
    themes: ThemeSet,
    version: String,
    cache: RwLock<Cache>,
    budget: AtomicUsize,
}

impl Default for Analytics {
    fn default() -> Self {
        Analytics::new(Analysis::embedded())
    }
}

impl Analytics {
    /// Analytics on `analysis` (the seed themes on its vocabulary).
    pub fn new(analysis: &'static Analysis) -> Analytics {
        let ds = analysis.dataset();
        let themes =
            ThemeSet::load(&[], &smartspec_analysis::themes::vocabulary(ds)).unwrap_or(ThemeSet {
                themes: Vec::new(),
                notes: vec![
                    "the seed themes do not validate on this dataset's activity codes".into(),
                ],
            });
        Analytics {
            analysis,
            themes,
            version: format!("{}; smartspec {}", ds.name(), env!("CARGO_PKG_VERSION")),
            cache: RwLock::new(Cache::default()),
            budget: AtomicUsize::new(CACHE_BYTES),
        }
    }

    /// Sets the reply cache's byte budget (evicting at once to fit it).
    pub fn set_cache_budget(&self, bytes: usize) {
        self.budget.store(bytes, Ordering::Relaxed);
        let mut c = self.cache.write().unwrap_or_else(|e| e.into_inner());
        Self::evict(&mut c, bytes);
    }

    /// The reply cache's byte budget.
    pub fn cache_budget(&self) -> usize {
        self.budget.load(Ordering::Relaxed)
    }

    /// Bytes the reply cache holds, as it counts them (see the module).
    pub fn cache_bytes(&self) -> usize {
        self.cache.read().unwrap_or_else(|e| e.into_inner()).bytes
    }

    /// Replies the cache holds.
    pub fn cache_entries(&self) -> usize {
        self.cache
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .map
            .len()
    }

    /// Drops the oldest entries until at most `budget` bytes are held.
    fn evict(c: &mut Cache, budget: usize) {
        while c.bytes > budget {
            let Some(k) = c.order.pop_front() else { break };
            if let Some(v) = c.map.remove(&k) {
                c.bytes -= entry_bytes(&k, &v);
            }
        }
    }

    /// The analysis served.
    pub fn analysis(&self) -> &'static Analysis {
        self.analysis
    }

    /// Its dataset.
    pub fn dataset(&self) -> &'static Dataset {
        self.analysis.dataset()
    }

    /// The themes (the seed themes that validate on the dataset).
    pub fn themes(&self) -> &ThemeSet {
        &self.themes
    }

    /// The dataset version, part of every cache key.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The pipeline's results for year index `y` (computed once).
    pub fn year(&self, y: usize) -> Arc<YearIndicators> {
        self.analysis.year(y)
    }

    /// The RCA threshold of the conventions used.
    pub fn threshold(&self) -> f64 {
        self.analysis.threshold()
    }

    /// The reply kept under `key`, if any.
    pub fn hit(&self, key: &str) -> Option<Bytes> {
        let key = format!("{}|{key}", self.version);
        self.cache
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .map
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
        let size = entry_bytes(&key, &bytes);
        let budget = self.cache_budget();
        if size > budget {
            return Ok(bytes);
        }
        let mut c = self.cache.write().unwrap_or_else(|e| e.into_inner());
        if c.map.contains_key(&key) {
            // computed meanwhile by another request
            return Ok(bytes);
        }
        Self::evict(&mut c, budget - size);
        c.bytes += size;
        c.order.push_back(key.clone());
        c.map.insert(key, bytes.clone());
        Ok(bytes)
    }
}

impl From<AnalysisError> for Problem {
    fn from(e: AnalysisError) -> Problem {
        let detail = e.to_string();
        match e {
            AnalysisError::Region(RegionError::Year { .. }) => Problem::invalid("year", detail),
            AnalysisError::Region(_) => Problem::not_found(detail),
            AnalysisError::Missing(_) => Problem::new(
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                "not-in-dataset",
                detail,
            ),
            AnalysisError::Invalid { field, message } => Problem::invalid(&field, message),
        }
    }
}

impl From<smartspec_analysis::dataset::Missing> for Problem {
    fn from(e: smartspec_analysis::dataset::Missing) -> Problem {
        AnalysisError::from(e).into()
    }
}

impl From<RegionError> for Problem {
    fn from(e: RegionError) -> Problem {
        AnalysisError::from(e).into()
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

/// The year asked (default: the dataset's default year) and its index.
pub fn panel_year(ds: &Dataset, year: Option<i32>) -> ApiResult<(i32, usize)> {
    Ok(smartspec_analysis::region::year(ds, year)?)
}

/// `?year=` alone.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearQuery {
    /// The year.
    pub year: Option<i32>,
}

pub use smartspec_analysis::json::{num, opt};

/// A cached JSON reply.
pub fn reply(bytes: Bytes) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], bytes).into_response()
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

/// The largest `top` of every analytics route.
pub const MAX_TOP: usize = 500;

/// `top` (default 10) within 1–[`MAX_TOP`], else 422 naming it.
pub fn bounded_top(top: Option<usize>) -> ApiResult<usize> {
    match top.unwrap_or(10) {
        n @ 1..=MAX_TOP => Ok(n),
        n => Err(Problem::invalid(
            "top",
            format!("must be 1-{MAX_TOP}, got {n}"),
        )),
    }
}

fn top(q: &RegionQuery) -> ApiResult<usize> {
    bounded_top(q.top)
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

async fn meta(
    State(s): State<AppState>,
    axum::Extension(limits): axum::Extension<Arc<crate::Limits>>,
) -> Response {
    let ds = s.analytics.dataset();
    let panel = ds.panel();
    axum::Json(json!({
        "dataset": s.analytics.version(),
        "name": ds.name(),
        "years": panel.years(),
        "default_year": ds.default_year(),
        "regions": panel.regions().len(),
        "activities": panel.activities().len(),
        "reference_area": ds.reference().label,
        "nuts_version": ds.nuts_version().map(|v| v.to_string()),
        "has_context": ds.has_context(),
        "has_geometry": ds.geometry().is_some(),
        "nace_divisions": ds.has_nace_divisions(),
        "attribution": ds.attribution(),
        "limits": {
            "body_bytes": crate::BODY_LIMIT,
            "request_timeout_ms": limits.request_timeout.as_millis() as u64,
            "header_timeout_ms": limits.header_timeout.as_millis() as u64,
            "max_connections": limits.max_connections,
            "health_slots": crate::HEALTH_SLOTS,
            "rate_limit_per_s": limits.rate_limit,
            "top_max": MAX_TOP,
            "cache": { "budget_bytes": s.analytics.cache_budget(), "bytes": s.analytics.cache_bytes(), "entries": s.analytics.cache_entries() },
        },
    }))
    .into_response()
}

/// `(code, name)` of an activity.
pub fn activity(ds: &Dataset, p: usize) -> (String, String) {
    let c = ds.panel().activities().code(p as u32).to_string();
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
        let ds = a.dataset();
        let p = a.analysis().profile(&code, q.year, n)?;
        let line = |l: &smartspec_analysis::profile::ActivityLine, lq: bool| {
            let (c, name) = activity(ds, l.activity);
            if lq {
                json!({ "activity": c, "name": name, "lq": num(l.lq), "employment": opt(l.employment) })
            } else {
                json!({ "activity": c, "name": name, "employment": opt(l.employment), "share": opt(l.share) })
            }
        };
        let context_value = |ind: &str| -> Value {
            p.context_value(ind)
                .map_or(Value::Null, |c| json!({ "year": c.year, "value": num(c.value) }))
        };
        let sections: Vec<Value> = p
            .sections
            .iter()
            .flatten()
            .map(|x| {
                json!({ "section": x.section, "name": x.name, "employment": x.employment,
                        "share": x.share, "eu28_share": x.eu28_share })
            })
            .collect();
        Ok(json!({
            "region": p.region.code, "name": p.name, "note": p.region.note,
            "country": p.country,
            "eu28": ds.nuts_version().is_some() && smartspec_analysis::screening::is_eu_region(&p.region.code),
            "in_reference": p.in_reference, "reference_area": ds.reference().label,
            "parents": p.parents.iter().map(|(c, n)| json!({ "code": c, "name": n })).collect::<Vec<_>>(),
            "year": p.region.year, "dataset": a.version(),
            "employment_total": opt(p.total.map(|t| t.value)),
            "diversity": num(p.diversity), "eci": num(p.eci), "coi": num(p.coi),
            "sections": sections,
            "top_activities": p.top_activities.iter().map(|l| line(l, false)).collect::<Vec<_>>(),
            "top_location_quotients": p.top_lq.iter().map(|l| line(l, true)).collect::<Vec<_>>(),
            "missing_activities": p.missing,
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
        let ds = a.dataset();
        let panel = ds.panel();
        let ry = smartspec_analysis::region::region_year(ds, &code, q.year)?;
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
        let ds = a.dataset();
        let ro = a.analysis().opportunities(&code, q.year, axis, None)?;
        let (ry, o) = (&ro.region, &ro.opportunities);
        let cands: Vec<Value> = o
            .candidates
            .iter()
            .take(n)
            .enumerate()
            .map(|(k, c)| {
                let (act, name) = activity(ds, c.activity);
                json!({
                    "rank": k + 1, "activity": act, "name": name, "score": num(c.score),
                    "quadrant": c.quadrant.label(), "feasibility": num(c.feasibility),
                    "below_floor": c.below_floor, "density": num(c.density),
                    "complexity": num(c.complexity), "entry_probability": num(c.entry_probability),
                    "feasibility_z": num(c.feasibility_z),
                    "value_z": num(c.value_z), "cog": num(c.cog), "rca": num(c.rca),
                    "rca_gap": num(c.rca_gap), "level": num(c.value),
                    "explained_by": c.explained_by.iter().map(|(q, phi)| json!({
                        "activity": ds.panel().activities().code(*q as u32), "proximity": num(*phi) })).collect::<Vec<_>>(),
                })
            })
            .collect();
        Ok(json!({
            "region": ry.code, "year": ry.year, "note": ry.note, "dataset": a.version(),
            "candidates": o.candidates.len(), "specialised": o.specialised,
            "excluded_missing": o.excluded_missing, "excluded_no_complexity": o.excluded_no_complexity,
            "density_cut": num(o.density_cut), "complexity_cut": num(o.complexity_cut),
            "feasibility_cut": num(o.feasibility_cut), "feasibility_axis": ro.feasibility_axis(),
            "score_formula": ro.score_formula(),
            "ranked_by_value": o.ranked_by_value, "feasibility_by_model": o.feasibility_by_model,
            "score_rule": ro.score_rule(),
            "validity": ro.validity.to_json(),
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
    let countries = match (same, other) {
        (true, _) => Countries::Same,
        (_, true) => Countries::Other,
        _ => Countries::Any,
    };
    let key = format!("peers|{code}|{:?}|{n}|{w}|{same}|{other}", q.year);
    run(s, key, move |a| {
        let ds = a.dataset();
        let found = a.analysis().peers(&code, q.year, n, countries, w, &[])?;
        let ry = &found.region;
        let items: Vec<Value> = found
            .peers
            .iter()
            .enumerate()
            .map(|(k, p)| {
                let c = ds.panel().regions().code(p.region as u32);
                json!({
                    "rank": k + 1, "region": c, "name": ds.region_name(c),
                    "country": ds.country(c), "distance": num(p.distance), "cosine": num(p.cosine),
                    "differs_most": p.differences.iter().map(|(n, d)| json!({"variable": n, "sd": num(*d)})).collect::<Vec<_>>(),
                })
            })
            .collect();
        Ok(json!({
            "region": ry.code, "year": ry.year, "note": ry.note, "dataset": a.version(),
            "variables": found.variables, "cosine_weight": w, "peers": items,
        }))
    })
    .await
}

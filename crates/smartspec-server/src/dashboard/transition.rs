//! `GET /v1/transition`: the industrial-transition screening with the
//! default criteria, the content of `smartspec transition --format json`
//! (`smartspec_analysis::screening`, the code the command line runs).

use super::region_json;
use crate::analytics::{num, run, Analytics, YearQuery};
use crate::body::Params;
use crate::problem::ApiResult;
use crate::state::AppState;
use axum::extract::State;
use axum::response::Response;
use serde_json::{json, Map, Value};
use smartspec_analysis::screening::Screening;
use smartspec_analysis::Dataset;
use smartspec_core::transition::{Direction, Tie};
use smartspec_io::criteria::DEFAULT_NAME;

fn yes_no(m: Option<bool>) -> Value {
    m.map_or(Value::Null, Value::from)
}

fn body(ds: &Dataset, s: &Screening) -> Value {
    let criteria: Vec<Value> = s
        .criteria()
        .iter()
        .map(|c| {
            json!({
                "id": c.id, "label": c.label, "measure": c.measure,
                "direction": match c.direction { Direction::Above => "above", Direction::Below => "below" },
                "threshold": c.threshold.to_string(), "weight": num(c.weight),
                "tie": match c.tie { Tie::Meets => "meets", Tie::Fails => "fails" },
            })
        })
        .collect();
    let regions: Vec<Value> = s.order().into_iter().map(|u| row(ds, s, u)).collect();
    let (scored, eu) = s.eu_coverage();
    json!({
        "year": s.year, "criteria": criteria, "regions": regions,
        "scored_eu28": scored, "eu28_regions": eu,
    })
}

/// One screened region as JSON: score, rank, criteria met and missing,
/// and each criterion's value.
fn row(ds: &Dataset, s: &Screening, u: usize) -> Value {
    let ids = |f: &dyn Fn(usize) -> bool| -> Vec<&str> {
        s.criteria()
            .iter()
            .enumerate()
            .filter(|(k, _)| f(*k))
            .map(|(_, c)| c.id.as_str())
            .collect()
    };
    let (unit, sc) = (&s.units[u], &s.scores[u]);
    let mut values = Map::new();
    for (k, c) in s.criteria().iter().enumerate() {
        let o = &sc.outcomes[k];
        let obs = o.observation.as_ref();
        values.insert(
            c.id.clone(),
            json!({
                "value": obs.map_or(Value::Null, |o| num(o.value)),
                "years": obs.map(Screening::years),
                "threshold": o.threshold.map_or(Value::Null, num),
                "met": yes_no(o.meets),
                "source": obs.map(|o| o.source.clone()),
            }),
        );
    }
    let mut r = region_json(ds, &unit.code);
    r["country"] = json!(unit.country);
    r["score"] = sc.score.map_or(Value::Null, num);
    r["rank"] = json!(sc.rank);
    r["available"] = num(100.0 * sc.available);
    r["intensity"] = sc.intensity.map_or(Value::Null, num);
    r["met"] = json!(ids(&|k| sc.outcomes[k].meets == Some(true)));
    r["missing"] = json!(ids(&|k| sc.outcomes[k].meets.is_none()));
    r["values"] = Value::Object(values);
    r
}

/// The screen that attaches its figures to new transition-pilot
/// applications (the store calls it inside the application's transaction).
pub struct Screen(pub std::sync::Arc<Analytics>);

impl smartspec_store::Screener for Screen {
    fn screening(&self, region: &str) -> Option<Value> {
        region_row(&self.0, region)
    }
}

/// The screening row of `region` in the default-year screening with the
/// shipped criteria, to attach to a transition-pilot application; `None`
/// when the dataset has no screening or the region is not screened.
pub fn region_row(a: &Analytics, region: &str) -> Option<Value> {
    let ds = a.dataset();
    let s = a.analysis().screening(None).ok()?;
    let (code, _, _) = smartspec_analysis::region::find(ds, region).ok()?;
    let u = s.unit(&code).ok()?;
    let mut row = row(ds, &s, u);
    row["year"] = json!(s.year);
    row["criteria"] = json!(DEFAULT_NAME);
    Some(row)
}

pub async fn transition(
    State(s): State<AppState>,
    Params(q): Params<YearQuery>,
) -> ApiResult<Response> {
    let key = format!("transition|{:?}", q.year);
    run(s, key, move |a| {
        let sc = a.analysis().screening(q.year)?;
        Ok(body(a.dataset(), &sc))
    })
    .await
}

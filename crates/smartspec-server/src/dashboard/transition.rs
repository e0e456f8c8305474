//! `GET /v1/transition`: the industrial-transition screening with the
//! default criteria, the content of `smartspec transition --format json`
//! (`smartspec_io::screening`, the code the command line runs).

use super::region_json;
use crate::analytics::{num, run, YearQuery};
use crate::body::Params;
use crate::problem::{ApiResult, Problem};
use crate::state::AppState;
use axum::extract::State;
use axum::response::Response;
use serde_json::{json, Map, Value};
use smartspec_core::transition::{Direction, Tie};
use smartspec_io::criteria::{default_criteria, DEFAULT_NAME};
use smartspec_io::screening::{run as screen, RunError, Screening};

/// The screening of `year` with the shipped criteria.
pub fn screening(year: Option<i32>) -> ApiResult<Screening> {
    screen(year, DEFAULT_NAME.to_string(), default_criteria(), &[]).map_err(|e| match e {
        RunError::Year { .. } => Problem::invalid("year", e.to_string()),
        RunError::Criteria(_) => Problem::new(
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            e.to_string(),
        ),
    })
}

fn yes_no(m: Option<bool>) -> Value {
    m.map_or(Value::Null, Value::from)
}

fn body(s: &Screening) -> Value {
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
    let ids = |f: &dyn Fn(usize) -> bool| -> Vec<&str> {
        s.criteria()
            .iter()
            .enumerate()
            .filter(|(k, _)| f(*k))
            .map(|(_, c)| c.id.as_str())
            .collect()
    };
    let regions: Vec<Value> = s
        .order()
        .into_iter()
        .map(|u| {
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
            let mut r = region_json(&unit.code);
            r["country"] = json!(unit.country);
            r["score"] = sc.score.map_or(Value::Null, num);
            r["rank"] = json!(sc.rank);
            r["available"] = num(100.0 * sc.available);
            r["intensity"] = sc.intensity.map_or(Value::Null, num);
            r["met"] = json!(ids(&|k| sc.outcomes[k].meets == Some(true)));
            r["missing"] = json!(ids(&|k| sc.outcomes[k].meets.is_none()));
            r["values"] = Value::Object(values);
            r
        })
        .collect();
    let (scored, eu) = s.eu_coverage();
    json!({
        "year": s.year, "criteria": criteria, "regions": regions,
        "scored_eu28": scored, "eu28_regions": eu,
    })
}

/// The screening row of `region` in the default-year screening (computed
/// once per process), to attach to a transition-pilot application; `None`
/// when the region is not screened.
pub fn region_row(region: &str) -> Option<Value> {
    static DEFAULT: std::sync::OnceLock<Option<Value>> = std::sync::OnceLock::new();
    let all = DEFAULT.get_or_init(|| screening(None).ok().map(|s| body(&s)));
    let all = all.as_ref()?;
    let row = all["regions"]
        .as_array()?
        .iter()
        .find(|r| r["region"] == region)?;
    let mut row = row.clone();
    row["year"] = all["year"].clone();
    row["criteria"] = json!(DEFAULT_NAME);
    Some(row)
}

pub async fn transition(
    State(s): State<AppState>,
    Params(q): Params<YearQuery>,
) -> ApiResult<Response> {
    let key = format!("transition|{:?}", q.year);
    run(s, key, move |_| Ok(body(&screening(q.year)?))).await
}

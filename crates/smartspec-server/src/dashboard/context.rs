//! `GET /v1/regions/{code}/innovation` and `/skills`: the profiles of
//! `smartspec_core::innovation` and `smartspec_core::skills` on the embedded
//! context data, the fields of `smartspec innovation|skills REGION --format json`.

use crate::analytics::{num, run, YearQuery};
use crate::body::Params;
use crate::problem::{ApiResult, Problem};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::{json, Value};
use smartspec_core::innovation::{self, AssessOptions, Assessment, InnovationProfile};
use smartspec_core::skills::{self, SkillsAssessment, SkillsOptions, SkillsProfile};
use smartspec_io::context_inputs::{
    embedded_innovation_inputs, embedded_skills_inputs, innovation_default_year,
    skills_default_year,
};
use smartspec_io::embedded;
use smartspec_io::nuts::{country_of, locate, NutsRegistry};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// A per-year result computed once (the assessments take seconds: the
/// Monte Carlo draws), shared by every region's reply.
fn memo<T: Send + Sync + 'static>(
    cell: &'static OnceLock<Mutex<HashMap<i32, Arc<T>>>>,
    year: i32,
    f: impl FnOnce() -> ApiResult<T>,
) -> ApiResult<Arc<T>> {
    let map = cell.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(t) = map.lock().unwrap_or_else(|e| e.into_inner()).get(&year) {
        return Ok(t.clone());
    }
    let t = Arc::new(f()?);
    map.lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(year, t.clone());
    Ok(t)
}

fn opt(x: Option<f64>) -> Value {
    x.map_or(Value::Null, num)
}

/// The innovation assessment of `year` (default: the latest year with the
/// index indicators for 70 % of EU regions), with the command line's options.
pub fn innovation_assessment(year: Option<i32>) -> ApiResult<(i32, Arc<Assessment>)> {
    let context = embedded::context();
    let year = match year {
        Some(y) if context.year_index(y).is_some() => y,
        Some(y) => {
            return Err(Problem::invalid(
                "year",
                format!(
                    "{y} is not in the context data (years {:?})",
                    context.years()
                ),
            ))
        }
        None => innovation_default_year(context).ok_or_else(|| {
            Problem::invalid(
                "year",
                "no year has the index indicators for 70 % of EU regions",
            )
        })?,
    };
    static DONE: OnceLock<Mutex<HashMap<i32, Arc<Assessment>>>> = OnceLock::new();
    let a = memo(&DONE, year, || {
        Ok(innovation::assess(
            embedded_innovation_inputs(year),
            &AssessOptions::default(),
        ))
    })?;
    Ok((year, a))
}

/// The EU28 region `code` (any NUTS version) among `regions`; 404 otherwise.
fn eu_region(code: &str, regions: &[String]) -> ApiResult<String> {
    let (found, _) = locate(
        code,
        embedded::context().regions(),
        Some(smartspec_core::NutsVersion::V2013),
    )
    .map_err(|e| Problem::not_found(e.to_string()))?;
    if regions.contains(&found) {
        Ok(found)
    } else {
        Err(Problem::not_found(format!(
            "{found} is not an EU28 NUTS-2 region; these profiles cover the {} EU28 NUTS-2 regions (NUTS 2013)",
            regions.len()
        )))
    }
}

fn innovation_json(p: &InnovationProfile) -> Value {
    let obs = |o: &Option<innovation::Observation>| {
        o.map_or(
            Value::Null,
            |o| json!({"value": num(o.value), "year": o.year}),
        )
    };
    let indicators: Vec<Value> = p
        .indicators
        .iter()
        .map(|l| {
            json!({
                "code": l.code, "name": l.name, "dataset": l.dataset, "unit": l.unit,
                "weight": num(l.weight), "value": obs(&l.value), "country": obs(&l.country),
                "eu": obs(&l.eu), "eu_source": l.eu_source.name(), "percentile": opt(l.percentile),
            })
        })
        .collect();
    json!({
        "region": p.region, "name": NutsRegistry::embedded().label(&p.region).unwrap_or(""),
        "country": country_of(&p.region), "year": p.year,
        "score": opt(p.score), "eu_score": opt(p.eu_score), "relative_to_eu": opt(p.relative_to_eu),
        "group": p.group.map(|g| g.name()), "rank": p.rank, "scored": p.scored,
        "rank_range": p.rank_range.map(|r| json!({"p05": r.p05, "median": r.median, "p95": r.p95})),
        "rank_p05": p.rank_range.map(|r| r.p05), "rank_p95": p.rank_range.map(|r| r.p95),
        "indicators": indicators, "missing": p.missing, "coverage": num(p.coverage),
        "balance": p.balance.map(|b| b.label.name()),
        "business_share_of_rd": p.balance.map_or(Value::Null, |b| num(b.business_share)),
        "rd": p.balance.map(|b| json!({"business": num(b.business), "public": num(b.public)})),
    })
}

pub async fn innovation(
    State(s): State<AppState>,
    Path(code): Path<String>,
    Params(q): Params<YearQuery>,
) -> ApiResult<Response> {
    let key = format!("innovation|{code}|{:?}", q.year);
    run(s, key, move |_| {
        let (_, a) = innovation_assessment(q.year)?;
        let found = eu_region(&code, &a.inputs.regions)?;
        let r = a
            .region_id(&found)
            .ok_or_else(|| Problem::not_found(format!("region {found} not found")))?;
        Ok(innovation_json(&a.profile(r)))
    })
    .await
}

fn skills_json(p: &SkillsProfile) -> Value {
    let supply: Vec<Value> = p
        .supply
        .iter()
        .map(|l| {
            json!({"indicator": l.name, "dataset": l.dataset, "value": opt(l.value),
                   "change": opt(l.change), "since": l.since, "eu": opt(l.eu),
                   "eu_source": l.eu.map(|_| l.eu_source.name())})
        })
        .collect();
    let sectors: Vec<Value> = p
        .sectors
        .iter()
        .map(|l| {
            json!({"sector": l.code, "sector_name": l.name, "share": opt(l.share),
                   "eu_share": opt(l.eu_share), "intensity": num(l.intensity),
                   "interval": [num(l.interval.0), num(l.interval.1)], "estimated": l.estimated})
        })
        .collect();
    json!({
        "region": p.region, "name": NutsRegistry::embedded().label(&p.region).unwrap_or(""),
        "year": p.year, "actual": opt(p.actual), "expected": opt(p.expected),
        "expected_interval": p.expected_interval.map(|(lo, hi)| [num(lo), num(hi)]),
        "gap": opt(p.gap), "gap_trend": opt(p.gap_trend),
        "verdict": p.verdict.map(|v| v.name()), "explanation": p.sentences,
        "missing": p.missing, "supply": supply, "sectors": sectors,
        "gap_history": p.gap_history.iter().map(|(y, g)| json!({"year": y, "gap": num(*g)})).collect::<Vec<_>>(),
        "regression_regions": p.regression_regions, "r2": num(p.r2), "draws": p.draws,
    })
}

pub async fn skills(
    State(s): State<AppState>,
    Path(code): Path<String>,
    Params(q): Params<YearQuery>,
) -> ApiResult<Response> {
    let key = format!("skills|{code}|{:?}", q.year);
    run(s, key, move |_| {
        let inputs = embedded_skills_inputs();
        let year = match q.year {
            Some(y) if inputs.years.contains(&y) => y,
            Some(y) => {
                return Err(Problem::invalid(
                    "year",
                    format!("{y} has no LFS sector data (years {:?})", inputs.years),
                ))
            }
            None => skills_default_year(&inputs).ok_or_else(|| {
                Problem::invalid(
                    "year",
                    "no year has sector and education data for 70 % of EU regions",
                )
            })?,
        };
        static DONE: OnceLock<Mutex<HashMap<i32, Arc<SkillsAssessment>>>> = OnceLock::new();
        let s = memo(&DONE, year, || {
            skills::assess(inputs, year, &SkillsOptions::default())
                .map_err(|e| Problem::invalid("year", e.to_string()))
        })?;
        let found = eu_region(&code, &s.inputs.regions)?;
        let r = s
            .region_id(&found)
            .ok_or_else(|| Problem::not_found(format!("region {found} not found")))?;
        Ok(skills_json(&s.profile(r)))
    })
    .await
}

//! `GET /v1/indicators` (what the map can show) and `GET /v1/map` (one
//! indicator's value for every region of the served dataset's panel).

use super::{activity_name, region_json, themes};
use crate::analytics::{num, panel_year, run, Analytics};
use crate::body::Params;
use crate::problem::{ApiResult, Problem};
use crate::state::AppState;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{json, Value};
use smartspec_analysis::screening::measures;
use smartspec_core::innovation::AssessOptions;
use smartspec_io::criteria::default_criteria;
use smartspec_io::nace::section_of;

/// A map indicator: id, label, unit, the parameter it needs, which way is better.
struct Indicator {
    id: &'static str,
    label: &'static str,
    unit: &'static str,
    needs: Option<&'static str>,
    higher_is: &'static str,
}

const INDICATORS: &[Indicator] = &[
    Indicator {
        id: "eci",
        label: "Economic complexity index",
        unit: "standard deviations",
        needs: None,
        higher_is: "more",
    },
    Indicator {
        id: "diversity",
        label: "Diversity (activities with RCA ≥ 1)",
        unit: "activities",
        needs: None,
        higher_is: "more",
    },
    Indicator {
        id: "rca",
        label: "Revealed comparative advantage (location quotient)",
        unit: "ratio",
        needs: Some("activity"),
        higher_is: "more",
    },
    Indicator {
        id: "theme_strength",
        label: "Strength in a theme (mean stage strength)",
        unit: "0-1",
        needs: Some("theme"),
        higher_is: "more",
    },
    Indicator {
        id: "transition_score",
        label: "Industrial-transition score",
        unit: "0-100",
        needs: None,
        higher_is: "neutral",
    },
    Indicator {
        id: "innovation_index",
        label: "Innovation index",
        unit: "EU = 100",
        needs: None,
        higher_is: "more",
    },
    Indicator {
        id: "gdp_per_head_eu",
        label: "GDP per head (PPS)",
        unit: "EU28 = 100",
        needs: None,
        higher_is: "more",
    },
    Indicator {
        id: "manufacturing_share",
        label: "Manufacturing share of employment",
        unit: "% of employment",
        needs: None,
        higher_is: "neutral",
    },
    Indicator {
        id: "unemployment_rate",
        label: "Unemployment rate",
        unit: "%",
        needs: None,
        higher_is: "less",
    },
];

fn indicators_json(a: &Analytics) -> Value {
    let panel = a.dataset().panel();
    let indicators: Vec<Value> = INDICATORS
        .iter()
        .map(|i| json!({"id": i.id, "label": i.label, "unit": i.unit, "needs": i.needs}))
        .collect();
    let activities: Vec<Value> = panel
        .activities()
        .iter()
        .map(|c| json!({"code": c, "name": activity_name(c), "section": section_of(c)}))
        .collect();
    let themes: Vec<Value> = a
        .themes()
        .themes
        .iter()
        .map(|t| json!({"id": t.id, "name": t.name}))
        .collect();
    json!({"indicators": indicators, "activities": activities, "themes": themes})
}

pub async fn indicators(State(s): State<AppState>) -> ApiResult<Response> {
    run(s, "dashboard-indicators".into(), |a| Ok(indicators_json(a))).await
}

/// `/v1/map` parameters.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapQuery {
    indicator: Option<String>,
    activity: Option<String>,
    theme: Option<String>,
    year: Option<i32>,
}

/// The regions mapped: the NUTS-2 regions of a NUTS panel, every region of
/// a panel with free codes.
fn mapped(ds: &smartspec_analysis::Dataset) -> Vec<(usize, &str)> {
    let nuts = ds.nuts_version().is_some();
    ds.panel()
        .regions()
        .iter()
        .enumerate()
        .filter(|(_, c)| !nuts || c.len() == 4)
        .collect()
}

/// One value per region of the dataset's panel, the year shown and notes.
fn values(a: &Analytics, ind: &Indicator, q: &MapQuery) -> ApiResult<(Vec<f64>, i32, Vec<String>)> {
    let ds = a.dataset();
    let panel = ds.panel();
    let nr = panel.regions().len();
    let mut notes = Vec::new();
    let (year, y) = panel_year(ds, q.year)?;
    if ind.id == "innovation_index" {
        let (_, why, s) = a.analysis().innovation(
            Some(year).filter(|_| q.year.is_some()),
            &AssessOptions::default(),
        )?;
        let mut v = vec![f64::NAN; nr];
        for (r, code) in panel.regions().iter().enumerate() {
            if let Some(k) = s.region_id(code) {
                v[r] = s.profile(k).relative_to_eu.unwrap_or(f64::NAN);
            }
        }
        notes.push(format!(
            "innovation index of the EU28 NUTS-2 regions (composite score, EU = 100); {why}"
        ));
        return Ok((v, year, notes));
    }
    let v = match ind.id {
        "eci" => {
            let v = a.analysis().validity(y);
            notes.extend(v.lines().into_iter().filter(|l| !l.contains("fitness")));
            if !v.usable("eci") {
                notes.push(format!("ECI fails its validity test in {year}: shown for inspection, not as a ranking of complexity"));
            }
            a.year(y).eci.clone()
        }
        "diversity" => a.year(y).diversity.clone(),
        "rca" => {
            let code = q.activity.as_deref().ok_or_else(|| {
                Problem::invalid("activity", "rca needs activity=<NACE division>, e.g. C29")
            })?;
            let p = panel.activities().id(code).ok_or_else(|| {
                Problem::not_found(format!(
                    "activity {code} is not in the data; see /v1/indicators"
                ))
            })? as usize;
            let yi = a.year(y);
            notes.push(format!("RCA of {code} {}", activity_name(code)));
            (0..nr).map(|r| yi.rca.get(r, p)).collect()
        }
        "theme_strength" => {
            let id = q.theme.as_deref().ok_or_else(|| {
                Problem::invalid(
                    "theme",
                    "theme_strength needs theme=<theme id>; see /v1/themes",
                )
            })?;
            let theme = themes::pick(a, id)?;
            let ty = smartspec_analysis::themes::theme_year(ds, theme, Some(year))?;
            notes.push(format!(
                "mean stage strength in {} ({})",
                theme.name, theme.id
            ));
            (0..nr).map(|r| ty.strengths.mean(r)).collect()
        }
        "transition_score" => {
            let s = a.analysis().screening(Some(year))?;
            notes.push("score = 100 x weight of the criteria met / weight with data (default criteria); see /v1/transition".into());
            s.scores
                .iter()
                .map(|x| x.score.unwrap_or(f64::NAN))
                .collect()
        }
        measure => {
            ds.require("the map", smartspec_analysis::Need::Context)?;
            let m = measures(ds, year, default_criteria().start);
            panel
                .regions()
                .iter()
                .map(|c| match m.measure(measure, c) {
                    Ok(Some(o)) => o.value,
                    _ => f64::NAN,
                })
                .collect()
        }
    };
    Ok((v, year, notes))
}

pub async fn map(State(s): State<AppState>, Params(q): Params<MapQuery>) -> ApiResult<Response> {
    let id = q
        .indicator
        .clone()
        .ok_or_else(|| Problem::invalid("indicator", "give indicator=<id>; see /v1/indicators"))?;
    let ind = INDICATORS.iter().find(|i| i.id == id).ok_or_else(|| {
        Problem::not_found(format!("indicator {id:?} is unknown; see /v1/indicators"))
    })?;
    let key = format!("map|{id}|{:?}|{:?}|{:?}", q.activity, q.theme, q.year);
    run(s, key, move |a| {
        let (v, year, notes) = values(a, ind, &q)?;
        let ds = a.dataset();
        let validity = match ind.id {
            "eci" => panel_year(ds, Some(year))
                .map(|(_, y)| a.analysis().validity(y).to_json())
                .unwrap_or(Value::Null),
            _ => Value::Null,
        };
        let rows: Vec<Value> = mapped(ds)
            .into_iter()
            .map(|(r, code)| {
                let mut o = region_json(ds, code);
                o["value"] = num(v[r]);
                o
            })
            .collect();
        Ok(json!({
            "indicator": ind.id, "label": ind.label, "unit": ind.unit, "year": year,
            "higher_is": ind.higher_is, "values": rows, "notes": notes, "validity": validity,
        }))
    })
    .await
}

//! The JSON of the analyses every surface shows the same way: the API's
//! replies, `diagnose --format json` and the dashboard read these, so a
//! figure has one serialisation. Numbers that are undefined are `null`,
//! never NaN.

use crate::Dataset;
use serde_json::{json, Value};
use smartspec_core::innovation::{self, InnovationProfile};
use smartspec_core::skills::SkillsProfile;

/// JSON for a number: `null` when undefined (never NaN or inf).
pub fn num(x: f64) -> Value {
    if x.is_finite() {
        json!(x)
    } else {
        Value::Null
    }
}

/// JSON for an optional number.
pub fn opt(x: Option<f64>) -> Value {
    x.map_or(Value::Null, num)
}

/// A region's innovation profile (`GET /v1/regions/{code}/innovation`).
pub fn innovation_json(ds: &Dataset, p: &InnovationProfile) -> Value {
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
        "region": p.region, "name": ds.region_name(&p.region),
        "country": ds.country(&p.region), "year": p.year,
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

/// A region's skills profile (`GET /v1/regions/{code}/skills`).
pub fn skills_json(ds: &Dataset, p: &SkillsProfile) -> Value {
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
        "region": p.region, "name": ds.region_name(&p.region),
        "year": p.year, "actual": opt(p.actual), "expected": opt(p.expected),
        "expected_interval": p.expected_interval.map(|(lo, hi)| [num(lo), num(hi)]),
        "gap": opt(p.gap), "gap_trend": opt(p.gap_trend),
        "verdict": p.verdict.map(|v| v.name()), "explanation": p.sentences,
        "missing": p.missing, "supply": supply, "sectors": sectors,
        "gap_history": p.gap_history.iter().map(|(y, g)| json!({"year": y, "gap": num(*g)})).collect::<Vec<_>>(),
        "regression_regions": p.regression_regions, "r2": num(p.r2), "draws": p.draws,
    })
}

//! The evidence check of a stored priority and the bankability score of a
//! stored project (formulas in `smartspec_core::evidence` and
//! `smartspec_core::bankability`, documented in `docs/api.md`).

use crate::analytics::num;
use crate::auth::Caller;
use crate::body::id;
use crate::problem::{ApiResult, Problem};
use crate::state::{blocking, AppState};
use axum::extract::{Path, State};
use axum::{Extension, Json};
use serde_json::{json, Value};
use smartspec_core::bankability::{
    bankability as score, partner_strength, BankabilityInput, WEIGHTS,
};
use smartspec_core::evidence::{assess, ActivityEvidence, Assessment, Thresholds};
use smartspec_store::records::{Priority, Project};
use smartspec_store::{Kind, Repository};

/// The evidence of one activity as JSON.
pub fn activity_json(e: &ActivityEvidence) -> Value {
    json!({
        "activity": e.activity, "rca": num(e.rca), "employment": num(e.employment),
        "rca_trend_per_year": num(e.rca_trend), "density": num(e.density),
        "density_percentile": num(e.density_percentile), "complexity": num(e.complexity),
    })
}

/// An assessment as JSON, with the thresholds applied.
pub fn assessment_json(a: &Assessment, t: &Thresholds) -> Value {
    json!({
        "verdict": a.verdict.label(), "measured_activities": a.measured,
        "specialised_share": num(a.specialised_share), "related_percentile": num(a.related_percentile),
        "rca_trend_per_year": num(a.trend), "complexity": num(a.complexity),
        "thresholds": { "rca": t.rca, "established_share": t.established_share,
                        "related_percentile": t.related_percentile, "rising": t.rising },
    })
}

fn record<T: serde::de::DeserializeOwned>(v: &Value) -> ApiResult<T> {
    let mut v = v.clone();
    if let Value::Object(m) = &mut v {
        for k in ["id", "created_at", "updated_at", "status"] {
            m.remove(k);
        }
    }
    serde_json::from_value(v).map_err(|e| Problem::invalid("record", e.to_string()))
}

/// `GET /v1/priorities/{id}/evidence`
pub async fn evidence(
    State(s): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<String>,
) -> ApiResult<Json<Value>> {
    let id = id(&raw)?;
    blocking(move || {
        let v = s.store.get(caller.0.as_deref(), Kind::Priority, id)?;
        let p: Priority = record(&v)?;
        let t = Thresholds::default();
        let e = s
            .analytics
            .analysis()
            .priority_evidence(&p.region, None, &p.economic_domains)?;
        let a = assess(&e.activities, &t);
        Ok(Json(json!({
            "priority": id, "region": e.region.as_ref().map_or(p.region.clone(), |r| r.code.clone()),
            "year": e.year, "note": e.region.as_ref().and_then(|r| r.note.clone()),
            "reason": e.reason,
            "trend_from": e.trend_from,
            "assessment": assessment_json(&a, &t),
            "activities": e.activities.iter().map(activity_json).collect::<Vec<_>>(),
            "unmatched_codes": e.unmatched,
        })))
    })
    .await
}

/// `GET /v1/projects/{id}/bankability`
pub async fn bankability(
    State(s): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<String>,
) -> ApiResult<Json<Value>> {
    let id = id(&raw)?;
    blocking(move || {
        let v = s.store.get(caller.0.as_deref(), Kind::Project, id)?;
        let p: Project = record(&v)?;
        // a partner is strong when its region specialises in one of the activities
        let regions: Vec<String> = p.partners.iter().map(|x| x.region.clone()).collect();
        let strong = s.analytics.analysis().partner_specialised(&p.activities, &regions);
        let partners: Vec<Value> = p
            .partners
            .iter()
            .zip(&strong)
            .map(|(x, st)| json!({ "region": x.region, "organisation": x.organisation, "strong": st }))
            .collect();
        let strength = partner_strength(&strong);
        let mut stages = p.value_chain_stages.clone();
        stages.sort_by_key(|s| *s as u8);
        stages.dedup();
        let b = score(&BankabilityInput {
            stages_covered: stages.len(),
            partner_strength: strength,
            secured_eur: p.secured_eur(),
            budget_eur: p.budget_eur,
            trl: p.trl,
        });
        Ok(Json(json!({
            "project": id, "score": num(b.score),
            "components": b.components.iter().map(|(n, v, w)| json!({"name": n, "value": num(*v), "weight": w})).collect::<Vec<_>>(),
            "weights": WEIGHTS.iter().map(|(n, w)| json!({"name": n, "weight": w})).collect::<Vec<_>>(),
            "secured_eur": p.secured_eur(), "budget_eur": p.budget_eur,
            "partners": partners,
        })))
    })
    .await
}

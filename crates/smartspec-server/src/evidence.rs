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

/// A reader for what a score needs of a record the caller may not see (a
/// published project's unpublished partnership: only its theme is read).
fn internal_reader() -> smartspec_store::User {
    smartspec_store::User {
        id: 0,
        name: "bankability".into(),
        role: smartspec_store::Role::Viewer,
        regions: Vec::new(),
    }
}

/// `GET /v1/projects/{id}/bankability`: the score, each component with its
/// value, weight and formula, the theme's stages with the activities that
/// cover them, and each partner's stage strength.
pub async fn bankability(
    State(s): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<String>,
) -> ApiResult<Json<Value>> {
    let id = id(&raw)?;
    blocking(move || {
        let v = s.store.get(caller.0.as_deref(), Kind::Project, id)?;
        let p: Project = record(&v)?;
        let reader = internal_reader();
        let pv = s.store.get(Some(&reader), Kind::Partnership, p.partnership_id)?;
        let theme_id = pv["theme"].as_str().unwrap_or("").to_string();
        let regions: Vec<String> = p.partners.iter().map(|x| x.region.clone()).collect();
        let evidence = match s.analytics.themes().get(&theme_id) {
            Some(theme) => Some(s.analytics.analysis().project_evidence(theme, &p.activities, &regions)?),
            None => None,
        };
        let (covered, total, strengths) = match &evidence {
            Some(e) => (
                e.stages.iter().filter(|st| !st.covered_by.is_empty()).count(),
                e.stages.len(),
                e.partners.clone(),
            ),
            None => (0, 0, vec![None; regions.len()]),
        };
        let b = score(&BankabilityInput {
            stages_covered: covered,
            stages_total: total,
            partner_strength: partner_strength(&strengths),
            secured_eur: p.secured_eur(),
            budget_eur: p.budget_eur,
            trl: p.trl,
        });
        let partners: Vec<Value> = p
            .partners
            .iter()
            .zip(&strengths)
            .map(|(x, st)| json!({ "region": x.region, "organisation": x.organisation, "stage_strength": st.map_or(Value::Null, num) }))
            .collect();
        let stages: Vec<Value> = evidence
            .as_ref()
            .map(|e| {
                e.stages
                    .iter()
                    .map(|st| json!({"stage": st.id, "name": st.name, "covered_by": st.covered_by}))
                    .collect()
            })
            .unwrap_or_default();
        Ok(Json(json!({
            "project": id, "score": num(b.score),
            "theme": theme_id,
            "year": evidence.as_ref().map(|e| e.year),
            "note": evidence.is_none().then(|| format!("theme {theme_id:?} is not loaded: completeness and partner strength are unknown and count 0")),
            "components": b.components.iter().zip(WEIGHTS).map(|((n, v, w), (_, _, formula))| json!({"name": n, "value": num(*v), "weight": w, "formula": formula})).collect::<Vec<_>>(),
            "stages": stages,
            // `+ 0.0` writes an empty sum (-0.0) as 0
            "secured_eur": p.secured_eur() + 0.0, "budget_eur": p.budget_eur,
            "partners": partners,
        })))
    })
    .await
}

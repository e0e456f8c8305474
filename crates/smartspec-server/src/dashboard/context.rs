//! `GET /v1/regions/{code}/innovation` and `/skills`: the profiles of
//! `smartspec_analysis::innovation` and `smartspec_analysis::skills` on the
//! served dataset, the fields of `smartspec innovation|skills REGION --format json`.

use crate::analytics::{run, YearQuery};
use crate::body::Params;
use crate::problem::ApiResult;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::json;
use smartspec_analysis::innovation::covered;
use smartspec_analysis::json::{innovation_json, skills_json};
use smartspec_core::innovation::AssessOptions;
use smartspec_core::skills::SkillsOptions;

pub async fn innovation(
    State(s): State<AppState>,
    Path(code): Path<String>,
    Params(q): Params<YearQuery>,
) -> ApiResult<Response> {
    let key = format!("innovation|{code}|{:?}", q.year);
    run(s, key, move |an| {
        let ds = an.dataset();
        let (_, _, a) = an
            .analysis()
            .innovation(q.year, &AssessOptions::default())?;
        let (found, _) = covered(ds, &code, &a.inputs.regions, "the innovation index")?;
        let r = a.region_id(&found).ok_or_else(|| {
            crate::problem::Problem::not_found(format!("region {found} not found"))
        })?;
        Ok(innovation_json(ds, &a.profile(r)))
    })
    .await
}

pub async fn skills(
    State(s): State<AppState>,
    Path(code): Path<String>,
    Params(q): Params<YearQuery>,
) -> ApiResult<Response> {
    let key = format!("skills|{code}|{:?}", q.year);
    run(s, key, move |an| {
        let ds = an.dataset();
        let sy = an.analysis().skills(q.year, &SkillsOptions::default())?;
        let a = &sy.assessment;
        let (found, _) = covered(ds, &code, &a.inputs.regions, "the skills analysis")?;
        let r = a.region_id(&found).ok_or_else(|| {
            crate::problem::Problem::not_found(format!("region {found} not found"))
        })?;
        let mut v = skills_json(ds, &a.profile(r));
        v["data_year"] = json!(sy.data_year);
        v["year"] = json!(sy.year);
        Ok(v)
    })
    .await
}

//! Create / read / update / delete for every record kind under
//! `/v1/{kind}`, the application workflow, users and the audit log. The
//! store decides permissions; this module only maps HTTP to store calls.

use crate::auth::Caller;
use crate::body::Params;
use crate::body::{id, list_query, JsonBody};
use crate::problem::{ApiResult, Problem};
use crate::state::{blocking, AppState};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use smartspec_store::{Kind, Repository, Role, Status};
use std::collections::BTreeMap;

/// The record routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/{kind}", get(list).post(create))
        .route("/v1/{kind}/{id}", get(read).put(update).delete(remove))
        .route("/v1/applications/{id}/transition", post(transition))
        .route("/v1/users", post(add_user))
        .route("/v1/me", get(me))
        .route("/v1/audit", get(audit))
}

fn kind(segment: &str) -> ApiResult<Kind> {
    Kind::from_segment(segment)
        .ok_or_else(|| Problem::not_found(format!("no collection /v1/{segment}")))
}

async fn list(
    State(s): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(segment): Path<String>,
    Params(params): Params<BTreeMap<String, String>>,
) -> ApiResult<Json<Value>> {
    let k = kind(&segment)?;
    let q = list_query(params)?;
    let page = blocking(move || Ok(s.store.list(caller.0.as_deref(), k, &q)?)).await?;
    Ok(Json(json!(page)))
}

async fn create(
    State(s): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(segment): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let k = kind(&segment)?;
    let user = caller.user()?.clone();
    let v = blocking(move || {
        let body = attach_screening(&s.analytics, k, body);
        Ok(s.store.create(&user, k, body)?)
    })
    .await?;
    Ok((StatusCode::CREATED, Json(v)))
}

/// A transition-pilot application sent without `screening` gets its
/// region's figures from the industrial-transition screen (default criteria
/// and year): score, rank, criteria met and missing, and each value.
fn attach_screening(a: &crate::analytics::Analytics, k: Kind, mut body: Value) -> Value {
    if k != Kind::Application {
        return body;
    }
    let region = body
        .get("region")
        .and_then(Value::as_str)
        .map(str::to_string);
    let absent = body.get("screening").is_none_or(Value::is_null);
    if let (Some(region), true, Some(obj)) = (region, absent, body.as_object_mut()) {
        if let Some(row) = crate::dashboard::transition::region_row(a, &region) {
            obj.insert("screening".into(), row);
        }
    }
    body
}

async fn read(
    State(s): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path((segment, raw)): Path<(String, String)>,
) -> ApiResult<Json<Value>> {
    let (k, id) = (kind(&segment)?, id(&raw)?);
    let v = blocking(move || Ok(s.store.get(caller.0.as_deref(), k, id)?)).await?;
    Ok(Json(v))
}

async fn update(
    State(s): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path((segment, raw)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let (k, id) = (kind(&segment)?, id(&raw)?);
    let user = caller.user()?.clone();
    let v = blocking(move || Ok(s.store.update(&user, k, id, body)?)).await?;
    Ok(Json(v))
}

async fn remove(
    State(s): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path((segment, raw)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let (k, id) = (kind(&segment)?, id(&raw)?);
    let user = caller.user()?.clone();
    blocking(move || Ok(s.store.delete(&user, k, id)?)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TransitionBody {
    to: Status,
}

fn parse<T: serde::de::DeserializeOwned>(v: Value) -> ApiResult<T> {
    serde_json::from_value(v)
        .map_err(|e| Problem::new(StatusCode::BAD_REQUEST, "malformed", e.to_string()))
}

async fn transition(
    State(s): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let id = id(&raw)?;
    let user = caller.user()?.clone();
    let TransitionBody { to } = parse(body)?;
    let v = blocking(move || Ok(s.store.transition(&user, id, to)?)).await?;
    Ok(Json(v))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UserBody {
    name: String,
    role: String,
    #[serde(default)]
    regions: Vec<String>,
}

async fn add_user(
    State(s): State<AppState>,
    Extension(caller): Extension<Caller>,
    JsonBody(body): JsonBody,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let user = caller.user()?.clone();
    let b: UserBody = parse(body)?;
    let role = Role::parse(&b.role).ok_or_else(|| {
        Problem::invalid(
            "role",
            format!("{:?}: admin, region_editor, expert or viewer", b.role),
        )
    })?;
    let (u, token) =
        blocking(move || Ok(s.store.add_user(Some(&user), &b.name, role, &b.regions)?)).await?;
    Ok((
        StatusCode::CREATED,
        Json(
            json!({ "user": u, "token": token, "note": "the token is shown once; only its SHA-256 is kept" }),
        ),
    ))
}

async fn me(Extension(caller): Extension<Caller>) -> ApiResult<Json<Value>> {
    Ok(Json(json!(caller.user()?)))
}

async fn audit(
    State(s): State<AppState>,
    Extension(caller): Extension<Caller>,
    Params(params): Params<BTreeMap<String, String>>,
) -> ApiResult<Json<Value>> {
    let user = caller.user()?;
    if !matches!(user.role, Role::Admin | Role::Viewer) {
        return Err(Problem::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "the audit log is read by admins and viewers",
        ));
    }
    let q = list_query(params)?;
    let page = blocking(move || Ok(s.store.audit(&q)?)).await?;
    Ok(Json(json!(page)))
}

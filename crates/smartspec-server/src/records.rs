//! Create / read / update / delete for every record kind under
//! `/v1/{kind}`, the application workflow and screening refresh, saving a
//! proposed partnership with its members, users (list, add, disable,
//! remove, rotate a token) and the audit log. The store decides permissions
//! and rules; this module only maps HTTP to store calls.

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
use smartspec_store::{Kind, Move, Repository, Role};
use std::collections::BTreeMap;

/// The record routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/{kind}", get(list).post(create))
        .route("/v1/{kind}/{id}", get(read).put(update).delete(remove))
        .route("/v1/applications/{id}/transition", post(transition))
        .route("/v1/applications/{id}/screening", post(refresh_screening))
        .route("/v1/partnerships/proposals", post(save_proposal))
        .route("/v1/users", get(list_users).post(add_user))
        .route("/v1/users/{name}", axum::routing::delete(remove_user))
        .route("/v1/users/{name}/disable", post(disable_user))
        .route("/v1/users/{name}/token", post(rotate_token))
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
    let v = blocking(move || Ok(s.store.create(&user, k, body)?)).await?;
    Ok((StatusCode::CREATED, Json(v)))
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
    let m: Move = parse(body)?;
    let v = blocking(move || Ok(s.store.transition(&user, id, &m)?)).await?;
    Ok(Json(v))
}

/// `POST /v1/applications/{id}/screening`: the screen's current figures
/// replace the attached ones (admins).
async fn refresh_screening(
    State(s): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(raw): Path<String>,
) -> ApiResult<Json<Value>> {
    let id = id(&raw)?;
    let user = caller.user()?.clone();
    let v = blocking(move || Ok(s.store.refresh_screening(&user, id)?)).await?;
    Ok(Json(v))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProposalBody {
    partnership: Value,
    #[serde(default)]
    members: Vec<Value>,
}

/// `POST /v1/partnerships/proposals`: a partnership (created `proposed`)
/// and its members in one transaction.
async fn save_proposal(
    State(s): State<AppState>,
    Extension(caller): Extension<Caller>,
    JsonBody(body): JsonBody,
) -> ApiResult<(StatusCode, Json<Value>)> {
    let user = caller.user()?.clone();
    let b: ProposalBody = parse(body)?;
    let v = blocking(move || Ok(s.store.propose(&user, b.partnership, b.members)?)).await?;
    Ok((StatusCode::CREATED, Json(v)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UserBody {
    name: String,
    role: String,
    #[serde(default)]
    regions: Vec<String>,
    #[serde(default)]
    expires: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenBody {
    #[serde(default)]
    expires: Option<String>,
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
    let (u, token) = blocking(move || {
        Ok(s.store
            .add_user_with(Some(&user), &b.name, role, &b.regions, b.expires.as_deref())?)
    })
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(
            json!({ "user": u, "token": token, "note": "the token is shown once; only its SHA-256 is kept" }),
        ),
    ))
}

/// `GET /v1/users` (admins).
async fn list_users(
    State(s): State<AppState>,
    Extension(caller): Extension<Caller>,
) -> ApiResult<Json<Value>> {
    let user = caller.user()?.clone();
    let v = blocking(move || Ok(s.store.users(Some(&user))?)).await?;
    Ok(Json(json!({ "items": v })))
}

/// `POST /v1/users/{name}/disable` (admins).
async fn disable_user(
    State(s): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(name): Path<String>,
) -> ApiResult<Json<Value>> {
    let user = caller.user()?.clone();
    let v = blocking(move || Ok(s.store.disable_user(Some(&user), &name)?)).await?;
    Ok(Json(json!(v)))
}

/// `DELETE /v1/users/{name}` (admins): removed when nothing refers to the
/// user, else disabled; the reply says which.
async fn remove_user(
    State(s): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(name): Path<String>,
) -> ApiResult<Json<Value>> {
    let user = caller.user()?.clone();
    let v = blocking(move || Ok(s.store.remove_user(Some(&user), &name)?)).await?;
    Ok(Json(json!(v)))
}

/// `POST /v1/users/{name}/token` (admins, or the user itself): revokes the
/// user's tokens and returns a new one, shown once.
async fn rotate_token(
    State(s): State<AppState>,
    Extension(caller): Extension<Caller>,
    Path(name): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let user = caller.user()?.clone();
    let b: TokenBody = parse(body)?;
    let token = blocking(move || {
        Ok(s.store
            .rotate_token(Some(&user), &name, b.expires.as_deref())?)
    })
    .await?;
    Ok(Json(
        json!({ "token": token, "note": "the token is shown once; every earlier token of the user is revoked" }),
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

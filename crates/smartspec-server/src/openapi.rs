//! The OpenAPI 3.0 document of the API, built at start from the record
//! kinds (one collection and one item path per kind) and the analytics
//! routes; served at `/openapi.json`.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};
use smartspec_store::Kind;
use std::sync::OnceLock;

fn problem_ref() -> Value {
    json!({ "description": "problem (RFC 7807)", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } })
}

/// The problems `codes`, plus those any operation may answer: 429 (the rate
/// limit) and 503 (the request timeout, the connection limit).
fn errors(codes: &[&str]) -> Map<String, Value> {
    codes
        .iter()
        .chain(&["429", "503"])
        .map(|c| (c.to_string(), problem_ref()))
        .collect()
}

fn ok(description: &str, schema: Value) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": schema } } })
}

fn param(name: &str, location: &str, schema: Value, required: bool) -> Value {
    json!({ "name": name, "in": location, "required": required, "schema": schema })
}

fn str_enum(values: &[&str]) -> Value {
    json!({ "type": "string", "enum": values })
}

fn date() -> Value {
    json!({ "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" })
}

fn object(required: &[&str], props: Value) -> Value {
    json!({ "type": "object", "additionalProperties": false, "required": required, "properties": props })
}

fn text() -> Value {
    json!({ "type": "string", "minLength": 1 })
}

fn list(item: Value) -> Value {
    json!({ "type": "array", "items": item })
}

/// The body schema of a record kind.
fn schema(kind: Kind) -> Value {
    let published = json!({ "type": "boolean" });
    let id = json!({ "type": "integer", "minimum": 1 });
    match kind {
        Kind::Priority => object(
            &["region", "title"],
            json!({
            "region": text(), "title": text(), "description": {"type": "string"},
            "economic_domains": list(text()), "scientific_domains": list(json!({"type":"string"})),
            "policy_objective": {"type": "string", "nullable": true}, "themes": list(json!({"type":"string"})),
            "source": {"type": "string", "nullable": true}, "date": date(), "published": published }),
        ),
        Kind::Partnership => object(
            &["theme", "title", "lead_regions", "status"],
            json!({
            "theme": str_enum(&smartspec_io::themes::SEED_IDS), "title": text(), "lead_regions": list(text()),
            "status": str_enum(&["proposed", "active", "closed"]), "started_on": date(), "published": published }),
        ),
        Kind::Member => object(
            &["partnership_id", "region", "role"],
            json!({
            "partnership_id": id, "region": text(), "role": text(), "committed_on": date(), "published": published }),
        ),
        Kind::Project => object(
            &[
                "partnership_id",
                "title",
                "partners",
                "budget_eur",
                "trl",
                "start",
                "end",
            ],
            json!({
            "partnership_id": id, "title": text(),
            "value_chain_stages": list(str_enum(&["research", "demonstration", "production", "deployment"])),
            "activities": list(text()),
            "partners": list(object(&["region", "organisation", "role"], json!({"region": text(), "organisation": text(), "role": text()}))),
            "budget_eur": {"type": "number", "minimum": 0}, "trl": {"type": "integer", "minimum": 1, "maximum": 9},
            "start": date(), "end": date(),
            "funding": list(object(&["instrument", "amount_eur"], json!({
                "instrument": str_enum(&["erdf", "horizon_europe", "investeu_eib", "national", "private"]),
                "amount_eur": {"type": "number", "minimum": 0}, "secured": {"type": "boolean"}}))),
            "published": published }),
        ),
        Kind::Call => object(
            &["title", "opens", "closes"],
            json!({
            "title": text(), "opens": date(), "closes": date(), "criteria": list(json!({"type":"string"})), "published": published }),
        ),
        Kind::Application => object(
            &["call_id", "region", "motivation"],
            json!({
            "call_id": id, "region": text(), "motivation": text(), "published": published }),
        ),
        Kind::ExpertTeam => object(
            &["application_id", "members"],
            json!({
            "application_id": id,
            "members": list(object(&["user"], json!({"user": text(), "expertise": list(json!({"type":"string"}))}))),
            "published": published }),
        ),
        Kind::ActionPlan => object(
            &["application_id", "actions", "status"],
            json!({
            "application_id": id,
            "actions": list(object(&["area", "description"], json!({
                "area": str_enum(&["innovation_capacity", "investment_barriers", "skills", "industrial_change"]),
                "description": text(),
                "milestones": list(object(&["title", "due"], json!({"title": text(), "due": date(), "done": {"type":"boolean"}})))}))),
            "status": str_enum(&["draft", "adopted", "in_progress", "completed"]), "published": published }),
        ),
    }
}

fn record_paths(paths: &mut Map<String, Value>, kind: Kind) {
    let seg = kind.segment();
    let body =
        json!({ "required": true, "content": { "application/json": { "schema": schema(kind) } } });
    let record = json!({ "type": "object" });
    let mut params = vec![
        param(
            "limit",
            "query",
            json!({"type": "integer", "minimum": 1, "maximum": smartspec_store::MAX_LIMIT}),
            false,
        ),
        param("cursor", "query", json!({"type": "string"}), false),
    ];
    for (f, int) in kind.filters() {
        params.push(param(
            f,
            "query",
            if *int {
                json!({"type": "integer"})
            } else {
                json!({"type": "string"})
            },
            false,
        ));
    }
    let mut list_responses = errors(&["401", "404", "422"]);
    list_responses.insert(
        "200".into(),
        ok("a page", json!({"$ref": "#/components/schemas/Page"})),
    );
    let mut create_responses = errors(&["400", "401", "403", "409", "413", "415", "422"]);
    create_responses.insert("201".into(), ok("created", record.clone()));
    paths.insert(format!("/v1/{seg}"), json!({
        "get": { "operationId": format!("list_{seg}"), "tags": [seg], "parameters": params, "responses": list_responses },
        "post": { "operationId": format!("create_{seg}"), "tags": [seg], "security": [{"bearer": []}], "requestBody": body, "responses": create_responses },
    }));
    let id = [param("id", "path", json!({"type": "integer"}), true)];
    let mut get_r = errors(&["401", "404"]);
    get_r.insert("200".into(), ok("the record", record.clone()));
    let mut put_r = errors(&["400", "401", "403", "404", "413", "415", "422"]);
    put_r.insert("200".into(), ok("updated", record));
    let mut del_r = errors(&["401", "403", "404", "409"]);
    del_r.insert("204".into(), json!({"description": "deleted"}));
    paths.insert(format!("/v1/{seg}/{{id}}"), json!({
        "parameters": id,
        "get": { "operationId": format!("get_{seg}"), "tags": [seg], "responses": get_r },
        "put": { "operationId": format!("update_{seg}"), "tags": [seg], "security": [{"bearer": []}], "requestBody": body, "responses": put_r },
        "delete": { "operationId": format!("delete_{seg}"), "tags": [seg], "security": [{"bearer": []}], "responses": del_r },
    }));
}

/// The region profile's reply (the fields the dashboard reads; more may come).
fn profile_schema() -> Value {
    let num = || json!({"type": "number", "nullable": true});
    json!({ "type": "object", "required": ["region", "name", "year", "sections", "top_activities", "top_location_quotients"],
        "properties": {
            "region": {"type": "string"}, "name": {"type": "string"}, "year": {"type": "integer"},
            "employment_total": num(), "diversity": num(), "eci": num(), "coi": num(),
            "sections": list(json!({ "type": "object", "required": ["section", "name", "employment", "share", "eu28_share"],
                "properties": { "section": {"type": "string"}, "name": {"type": "string"},
                    "employment": num(), "share": num(), "eu28_share": num() } })),
            "top_activities": list(json!({"type": "object"})),
            "top_location_quotients": list(json!({"type": "object"})) } })
}

fn get_op(id: &str, params: Vec<Value>, codes: &[&str]) -> Value {
    let mut r = errors(codes);
    r.insert("200".into(), ok("the result", json!({"type": "object"})));
    json!({ "get": { "operationId": id, "tags": ["analytics"], "parameters": params, "responses": r } })
}

/// The dashboard's endpoints (`crate::dashboard`).
fn dashboard_paths(paths: &mut Map<String, Value>) {
    let code = || param("code", "path", json!({"type": "string"}), true);
    let year = || param("year", "query", json!({"type": "integer"}), false);
    let theme = || param("theme", "path", json!({"type": "string"}), true);
    let mut geo = errors(&[]);
    geo.insert("200".into(), json!({ "description": "GeoJSON FeatureCollection of the NUTS 2021 level-2 polygons; properties NUTS_ID, region (NUTS 2013 or null), name",
        "content": { "application/geo+json": { "schema": {"type": "object"} }, "application/json": { "schema": {"type": "object"} } } }));
    paths.insert(
        "/v1/geometry".into(),
        json!({ "get": { "operationId": "geometry", "tags": ["dashboard"], "responses": geo } }),
    );
    paths.insert(
        "/v1/indicators".into(),
        get_op("map_indicators", vec![], &[]),
    );
    let indicator = str_enum(&[
        "eci",
        "diversity",
        "rca",
        "theme_strength",
        "transition_score",
        "innovation_index",
        "gdp_per_head_eu",
        "manufacturing_share",
        "unemployment_rate",
    ]);
    paths.insert(
        "/v1/map".into(),
        get_op(
            "map",
            vec![
                param("indicator", "query", indicator, true),
                param("activity", "query", json!({"type": "string"}), false),
                param("theme", "query", json!({"type": "string"}), false),
                year(),
            ],
            &["400", "404", "422"],
        ),
    );
    paths.insert(
        "/v1/transition".into(),
        get_op("transition_screen", vec![year()], &["400", "422"]),
    );
    let mut th = errors(&[]);
    th.insert(
        "200".into(),
        ok("the themes", list(json!({"type": "object"}))),
    );
    paths.insert(
        "/v1/themes".into(),
        json!({ "get": { "operationId": "themes", "tags": ["analytics"], "responses": th } }),
    );
    paths.insert(
        "/v1/themes/{theme}/partners/{region}".into(),
        get_op(
            "theme_partners",
            vec![
                theme(),
                param("region", "path", json!({"type": "string"}), true),
                param(
                    "top",
                    "query",
                    json!({"type": "integer", "minimum": 1, "maximum": crate::analytics::MAX_TOP}),
                    false,
                ),
                year(),
            ],
            &["400", "404", "422"],
        ),
    );
    paths.insert("/v1/themes/{theme}/proposals".into(), get_op("theme_proposals", vec![theme(),
        param("size", "query", json!({"type": "integer", "minimum": 1, "maximum": 20}), false),
        json!({ "name": "lead", "in": "query", "required": false, "schema": list(json!({"type": "string"})), "style": "form", "explode": true }),
        year()], &["404", "422"]));
    paths.insert(
        "/v1/product-space".into(),
        get_op("product_space", vec![year()], &["400", "422"]),
    );
    paths.insert(
        "/v1/regions/{code}/specialisations".into(),
        get_op(
            "region_specialisations",
            vec![code(), year()],
            &["400", "404", "422"],
        ),
    );
    paths.insert(
        "/v1/regions/{code}/innovation".into(),
        get_op(
            "region_innovation",
            vec![code(), year()],
            &["400", "404", "422"],
        ),
    );
    paths.insert(
        "/v1/regions/{code}/skills".into(),
        get_op(
            "region_skills",
            vec![code(), year()],
            &["400", "404", "422"],
        ),
    );
}

/// The document.
pub fn document() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| {
        let mut paths = Map::new();
        for k in Kind::ALL {
            record_paths(&mut paths, k);
        }
        let code = || param("code", "path", json!({"type": "string"}), true);
        let year = || param("year", "query", json!({"type": "integer"}), false);
        let top = || param("top", "query", json!({"type": "integer", "minimum": 1, "maximum": crate::analytics::MAX_TOP}), false);
        let mut profile = get_op("region_profile", vec![code(), year(), top()], &["400", "404", "422"]);
        profile["get"]["responses"]["200"]["content"]["application/json"]["schema"] = profile_schema();
        paths.insert("/v1/regions/{code}/profile".into(), profile);
        paths.insert("/v1/regions/{code}/indicators".into(), get_op("region_indicators", vec![code(), year()], &["400", "404", "422"]));
        paths.insert("/v1/regions/{code}/opportunities".into(), get_op("region_opportunities",
            vec![code(), year(), top(), param("complexity", "query", str_enum(&["pci", "fitness"]), false)], &["400", "404", "422"]));
        paths.insert("/v1/regions/{code}/peers".into(), get_op("region_peers", vec![code(), year(), top(),
            param("cosine_weight", "query", json!({"type": "number", "minimum": 0}), false),
            param("same_country", "query", json!({"type": "boolean"}), false),
            param("other_countries", "query", json!({"type": "boolean"}), false)], &["400", "404", "422"]));
        let id = || param("id", "path", json!({"type": "integer"}), true);
        paths.insert("/v1/priorities/{id}/evidence".into(), get_op("priority_evidence", vec![id()], &["401", "404"]));
        paths.insert("/v1/projects/{id}/bankability".into(), get_op("project_bankability", vec![id()], &["401", "404"]));
        paths.insert("/v1/meta".into(), get_op("meta", vec![], &[]));
        dashboard_paths(&mut paths);
        let mut tr = errors(&["400", "401", "403", "404", "409", "415"]);
        tr.insert("200".into(), ok("moved", json!({"type": "object"})));
        paths.insert("/v1/applications/{id}/transition".into(), json!({ "post": {
            "operationId": "transition_application", "tags": ["applications"], "security": [{"bearer": []}],
            "parameters": [id()],
            "requestBody": { "required": true, "content": { "application/json": { "schema": object(&["to", "reason"], json!({
                "to": str_enum(&["submitted", "eligible", "selected", "active", "closed"]),
                "outcome": str_enum(&["eligible", "selected", "started", "completed", "not_eligible", "not_selected", "withdrawn"]),
                "reason": text() })) } } },
            "responses": tr } }));
        let mut sr = errors(&["401", "403", "404", "415"]);
        sr.insert("200".into(), ok("the application with refreshed screening figures", json!({"type": "object"})));
        paths.insert("/v1/applications/{id}/screening".into(), json!({ "post": {
            "operationId": "refresh_screening", "tags": ["applications"], "security": [{"bearer": []}],
            "parameters": [id()],
            "requestBody": { "required": true, "content": { "application/json": { "schema": object(&[], json!({})) } } },
            "responses": sr } }));
        let mut pr = errors(&["400", "401", "403", "409", "415", "422"]);
        pr.insert("201".into(), ok("the partnership and its members", json!({"type": "object"})));
        paths.insert("/v1/partnerships/proposals".into(), json!({ "post": {
            "operationId": "save_proposal", "tags": ["partnerships"], "security": [{"bearer": []}],
            "requestBody": { "required": true, "content": { "application/json": { "schema": object(&["partnership"], json!({
                "partnership": schema(Kind::Partnership),
                "members": list(object(&["region", "role"], json!({"region": text(), "role": text(), "committed_on": date(), "published": {"type": "boolean"}}))) })) } } },
            "responses": pr } }));
        let name = || json!({"name": "name", "in": "path", "required": true, "schema": {"type": "string"}});
        let mut lr = errors(&["401", "403"]);
        lr.insert("200".into(), ok("every user", json!({"type": "object"})));
        let mut dr = errors(&["401", "403", "404", "415"]);
        dr.insert("200".into(), ok("the user, disabled", json!({"type": "object"})));
        let mut rr = errors(&["401", "403", "404"]);
        rr.insert("200".into(), ok("removed, or disabled when records refer to the user", json!({"type": "object"})));
        let mut tkr = errors(&["400", "401", "403", "404", "409", "415", "422"]);
        tkr.insert("200".into(), ok("a new token, shown once", json!({"type": "object"})));
        paths.insert("/v1/users/{name}".into(), json!({ "delete": {
            "operationId": "remove_user", "tags": ["users"], "security": [{"bearer": []}], "parameters": [name()], "responses": rr } }));
        paths.insert("/v1/users/{name}/disable".into(), json!({ "post": {
            "operationId": "disable_user", "tags": ["users"], "security": [{"bearer": []}], "parameters": [name()],
            "requestBody": { "required": true, "content": { "application/json": { "schema": object(&[], json!({})) } } },
            "responses": dr } }));
        paths.insert("/v1/users/{name}/token".into(), json!({ "post": {
            "operationId": "rotate_token", "tags": ["users"], "security": [{"bearer": []}], "parameters": [name()],
            "requestBody": { "required": true, "content": { "application/json": { "schema": object(&[], json!({"expires": text()})) } } },
            "responses": tkr } }));
        let mut ur = errors(&["400", "401", "403", "409", "415", "422"]);
        ur.insert("201".into(), ok("the user and its token, shown once", json!({"type": "object"})));
        paths.insert("/v1/users".into(), json!({ "get": {
            "operationId": "list_users", "tags": ["users"], "security": [{"bearer": []}], "responses": lr }, "post": {
            "operationId": "create_user", "tags": ["users"], "security": [{"bearer": []}],
            "requestBody": { "required": true, "content": { "application/json": { "schema": object(&["name", "role"], json!({
                "name": text(), "role": str_enum(&["admin", "region_editor", "expert", "viewer"]), "regions": list(text()), "expires": text() })) } } },
            "responses": ur } }));
        let mut me = errors(&["401"]);
        me.insert("200".into(), ok("the caller", json!({"type": "object"})));
        paths.insert("/v1/me".into(), json!({ "get": { "operationId": "me", "tags": ["users"], "security": [{"bearer": []}], "responses": me } }));
        let mut au = errors(&["401", "403", "422"]);
        au.insert("200".into(), ok("a page of the audit log", json!({"$ref": "#/components/schemas/Page"})));
        paths.insert("/v1/audit".into(), json!({ "get": { "operationId": "audit_log", "tags": ["audit"], "security": [{"bearer": []}],
            "parameters": [param("limit", "query", json!({"type": "integer", "minimum": 1, "maximum": smartspec_store::MAX_LIMIT}), false),
                param("cursor", "query", json!({"type": "string"}), false),
                param("entity", "query", json!({"type": "string"}), false),
                param("entity_id", "query", json!({"type": "integer"}), false),
                param("actor", "query", json!({"type": "string"}), false),
                param("action", "query", json!({"type": "string"}), false)],
            "responses": au } }));
        paths.insert("/health".into(), json!({ "get": { "operationId": "health", "responses": { "200": { "description": "ok", "content": { "text/plain": { "schema": {"type": "string"} } } } } } }));
        json!({
            "openapi": "3.0.3",
            "info": { "title": "smartspec API", "version": env!("CARGO_PKG_VERSION"),
                      "description": "Smart-specialisation records and analytics. See docs/api.md." },
            "paths": paths,
            "components": {
                "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
                "schemas": {
                    "Problem": { "type": "object", "required": ["type", "title", "status", "detail"], "properties": {
                        "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
                        "detail": {"type": "string"},
                        "errors": list(json!({"type": "object", "properties": {"field": {"type": "string"}, "message": {"type": "string"}}})) } },
                    "Page": { "type": "object", "required": ["items", "next_cursor"], "properties": {
                        "items": list(json!({"type": "object"})), "next_cursor": {"type": "string", "nullable": true} } },
                },
            },
        })
    })
}

/// `GET /openapi.json`
pub async fn serve() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        document().to_string(),
    )
        .into_response()
}

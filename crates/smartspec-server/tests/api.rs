//! Validation, pagination, filtering, the workflow's 409, problem+json,
//! limits, the OpenAPI document and the analytics, over real HTTP.

mod common;

use common::{Server, OTHER, OWN};
use serde_json::{json, Value};

fn fields(r: &common::Reply) -> Vec<String> {
    r.json["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["field"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn invalid_records_are_refused_with_every_field_named() {
    let s = Server::start();
    let post =
        |seg: &str, b: Value| s.call("POST", &format!("/v1/{seg}"), Some(&s.admin), Some(&b));
    let r = post(
        "priorities",
        json!({"region": "XX99", "title": "t", "economic_domains": ["C29", "Z99"], "date": "2024-02-30"}),
    );
    assert_eq!(r.status, 422, "{}", r.text);
    assert_eq!(r.content_type, "application/problem+json");
    assert_eq!(r.json["type"], "/problems/invalid");
    assert_eq!(fields(&r), ["region", "economic_domains[1]", "date"]);
    let r = post(
        "calls",
        json!({"title": "c", "opens": "2025-05-01", "closes": "2025-04-30"}),
    );
    assert_eq!((r.status, fields(&r)), (422, vec!["closes".to_string()]));
    let p = s.make(
        "partnerships",
        json!({"theme":"bioeconomy","title":"p","lead_regions":[OWN],"status":"proposed"}),
    );
    let r = post(
        "projects",
        json!({"partnership_id": p, "title": "p", "partners": [{"region": OWN, "organisation": "o", "role": "r"}],
        "budget_eur": -1.0, "trl": 0, "start": "2026-01-01", "end": "2025-12-31",
        "funding": [{"instrument": "erdf", "amount_eur": -5.0}]}),
    );
    assert_eq!(
        fields(&r),
        ["budget_eur", "trl", "end", "funding[0].amount_eur"],
        "{}",
        r.text
    );
    // a parent that does not exist
    let r = post(
        "projects",
        json!({"partnership_id": 999, "title": "p", "partners": [{"region": OWN, "organisation": "o", "role": "r"}],
        "budget_eur": 1.0, "trl": 3, "start": "2025-01-01", "end": "2025-12-31"}),
    );
    assert_eq!(
        (r.status, fields(&r)),
        (422, vec!["partnership_id".to_string()]),
        "{}",
        r.text
    );
    // an expert team member must be an expert user
    let c = s.make(
        "calls",
        json!({"title":"c","opens":"2025-01-01","closes":"2099-12-31","published":true}),
    );
    let a = s.make(
        "applications",
        json!({"call_id": c, "region": OWN, "motivation": "m"}),
    );
    let r = post(
        "expert-teams",
        json!({"application_id": a, "members": [{"user": "ed"}]}),
    );
    assert_eq!(
        (r.status, fields(&r)),
        (422, vec!["members[0].user".to_string()]),
        "{}",
        r.text
    );
    // wrong shape: unknown field, wrong type, not JSON -> 400
    assert_eq!(
        post(
            "calls",
            json!({"title": "c", "opens": "2025-01-01", "closes": "2025-02-01", "budget": 1})
        )
        .status,
        400
    );
    assert_eq!(
        post(
            "calls",
            json!({"title": 5, "opens": "2025-01-01", "closes": "2025-02-01"})
        )
        .status,
        400
    );
    let r = common::http::request(
        s.addr,
        "POST",
        "/v1/calls",
        Some(&s.admin),
        Some("{not json"),
    )
    .unwrap();
    assert_eq!(
        (r.status, r.json["type"].as_str()),
        (400, Some("/problems/malformed"))
    );
    // users: unknown region, role without regions
    let r = s.call(
        "POST",
        "/v1/users",
        Some(&s.admin),
        Some(&json!({"name": "z", "role": "region_editor", "regions": ["ZZ00"]})),
    );
    assert_eq!(
        (r.status, fields(&r)),
        (422, vec!["regions[0]".to_string()])
    );
    let r = s.call(
        "POST",
        "/v1/users",
        Some(&s.admin),
        Some(&json!({"name": "z", "role": "region_editor"})),
    );
    assert_eq!((r.status, fields(&r)), (422, vec!["regions".to_string()]));
    let r = s.call(
        "POST",
        "/v1/users",
        Some(&s.admin),
        Some(&json!({"name": "ada", "role": "viewer"})),
    );
    assert_eq!(r.status, 409, "a taken name: {}", r.text);
}

#[test]
fn body_limit_and_unknown_routes_are_problems() {
    let s = Server::start();
    let big = format!(
        "{{\"title\": \"{}\"}}",
        "x".repeat(smartspec_server::BODY_LIMIT)
    );
    let r = common::http::request(s.addr, "POST", "/v1/calls", Some(&s.admin), Some(&big)).unwrap();
    assert_eq!(
        (r.status, r.json["type"].as_str()),
        (413, Some("/problems/too-large")),
        "{}",
        r.text
    );
    let r = s.call("GET", "/v1/nowhere", None, None);
    assert_eq!(
        (r.status, r.content_type.as_str()),
        (404, "application/problem+json")
    );
    let r = s.call("GET", "/v1/priorities/abc", None, None);
    assert_eq!(r.status, 404);
    let r = s.call("PATCH", "/v1/priorities", None, None);
    assert_eq!(r.status, 405);
}

#[test]
fn pages_follow_the_cursor_and_filters_apply() {
    let s = Server::start();
    let mut ids = Vec::new();
    for i in 0..7 {
        let region = if i % 2 == 0 { OWN } else { OTHER };
        ids.push(s.make(
            "priorities",
            json!({"region": region, "title": format!("p{i}"), "published": i < 5}),
        ));
    }
    let mut seen = Vec::new();
    let mut cursor = String::new();
    let mut pages = 0;
    loop {
        let r = s.call(
            "GET",
            &format!("/v1/priorities?limit=3{cursor}"),
            Some(&s.viewer),
            None,
        );
        assert_eq!(r.status, 200, "{}", r.text);
        pages += 1;
        seen.extend(
            r.json["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v["id"].as_i64().unwrap()),
        );
        match r.json["next_cursor"].as_str() {
            Some(c) => cursor = format!("&cursor={c}"),
            None => break,
        }
    }
    assert_eq!((pages, &seen), (3, &ids));
    // filters, and anonymous callers see published records only
    let r = s.call(
        "GET",
        &format!("/v1/priorities?region={OWN}"),
        Some(&s.viewer),
        None,
    );
    let own: Vec<i64> = r.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_i64().unwrap())
        .collect();
    assert_eq!(own, [ids[0], ids[2], ids[4], ids[6]]);
    let r = s.call("GET", &format!("/v1/priorities?region={OWN}"), None, None);
    assert_eq!(r.json["items"].as_array().unwrap().len(), 3);
    assert_eq!(
        s.call("GET", &format!("/v1/priorities/{}", ids[6]), None, None)
            .status,
        404
    );
    assert_eq!(
        s.call(
            "GET",
            &format!("/v1/priorities/{}", ids[6]),
            Some(&s.viewer),
            None
        )
        .status,
        200
    );
    // bad paging or filter
    for q in [
        "limit=0",
        "limit=501",
        "limit=x",
        "cursor=-1",
        "colour=red",
        "published=maybe",
    ] {
        let r = s.call("GET", &format!("/v1/priorities?{q}"), None, None);
        assert_eq!(r.status, 422, "{q}: {}", r.text);
    }
}

#[test]
fn workflow_refuses_invalid_transitions_with_409() {
    let s = Server::start();
    let c = s.make(
        "calls",
        json!({"title":"c","opens":"2025-01-01","closes":"2099-12-31","published":true}),
    );
    let a = s.make(
        "applications",
        json!({"call_id": c, "region": OWN, "motivation": "m"}),
    );
    let go = |to: &str| {
        let outcome = match to {
            "closed" => json!("completed"),
            _ => Value::Null,
        };
        s.call(
            "POST",
            &format!("/v1/applications/{a}/transition"),
            Some(&s.admin),
            Some(&json!({"to": to, "outcome": outcome, "reason": "the panel's decision"})),
        )
    };
    assert_eq!(
        s.call(
            "GET",
            &format!("/v1/applications/{a}"),
            Some(&s.admin),
            None
        )
        .json["status"],
        "submitted"
    );
    let r = go("selected");
    assert_eq!(
        (r.status, r.json["type"].as_str()),
        (409, Some("/problems/invalid-transition"))
    );
    assert_eq!(
        r.json["detail"],
        "invalid transition from submitted to selected"
    );
    for step in ["eligible", "selected", "active"] {
        assert_eq!(go(step).status, 200, "{step}");
        assert_eq!(go(step).status, 409, "{step} twice");
    }
    assert_eq!(go("submitted").status, 409);
    let r = go("closed");
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        (r.json["outcome"].as_str(), r.json["reason"].as_str()),
        (Some("completed"), Some("the panel's decision"))
    );
    for to in ["submitted", "eligible", "selected", "active", "closed"] {
        assert_eq!(go(to).status, 409, "from closed to {to}");
    }
    assert_eq!(go("paused").status, 400);
    // a closed application is read-only: its body cannot be replaced
    let r = s.call(
        "PUT",
        &format!("/v1/applications/{a}"),
        Some(&s.admin),
        Some(&json!({"call_id": c, "region": OWN, "motivation": "n"})),
    );
    assert_eq!(
        (r.status, r.json["type"].as_str()),
        (409, Some("/problems/conflict")),
        "{}",
        r.text
    );
    // a call still referred to is not deleted
    let r = s.call("DELETE", &format!("/v1/calls/{c}"), Some(&s.admin), None);
    assert_eq!(
        (r.status, r.json["type"].as_str()),
        (409, Some("/problems/conflict"))
    );
}

#[test]
fn openapi_lists_every_route_and_analytics_answer() {
    let s = Server::start();
    let doc = s.call("GET", "/openapi.json", None, None).json;
    assert_eq!(doc["openapi"], "3.0.3");
    let paths = doc["paths"].as_object().unwrap();
    for seg in [
        "priorities",
        "partnerships",
        "partnership-members",
        "projects",
        "calls",
        "applications",
        "expert-teams",
        "action-plans",
    ] {
        assert!(paths.contains_key(&format!("/v1/{seg}")), "{seg}");
        assert!(paths.contains_key(&format!("/v1/{seg}/{{id}}")), "{seg}");
    }
    for p in [
        "/v1/regions/{code}/profile",
        "/v1/regions/{code}/indicators",
        "/v1/regions/{code}/opportunities",
        "/v1/regions/{code}/peers",
        "/v1/priorities/{id}/evidence",
        "/v1/projects/{id}/bankability",
        "/v1/applications/{id}/transition",
        "/v1/users",
        "/v1/audit",
        "/v1/me",
        "/v1/meta",
    ] {
        assert!(paths.contains_key(p), "{p}");
    }
    let r = s.call("GET", "/v1/regions/ITC1/profile?top=3", None, None);
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        (r.json["name"].as_str(), r.json["year"].as_i64()),
        (Some("Piemonte"), Some(2014))
    );
    assert_eq!(r.json["top_activities"].as_array().unwrap().len(), 3);
    // the cached reply is byte-identical
    assert_eq!(
        s.call("GET", "/v1/regions/ITC1/profile?top=3", None, None)
            .text,
        r.text
    );
    // a NUTS 2021 code is mapped, with a note
    let r = s.call("GET", "/v1/regions/PL91/profile", None, None);
    assert_eq!(
        (r.status, r.json["region"].as_str()),
        (200, Some("PL12")),
        "{}",
        r.text
    );
    let r = s.call("GET", "/v1/regions/ITC1/opportunities?top=5", None, None);
    assert_eq!(r.json["opportunities"].as_array().unwrap().len(), 5);
    let r = s.call(
        "GET",
        "/v1/regions/ITC1/peers?top=4&same_country=true",
        None,
        None,
    );
    let peers = r.json["peers"].as_array().unwrap();
    assert_eq!(peers.len(), 4);
    assert!(peers.iter().all(|p| p["country"] == "IT"));
    let r = s.call("GET", "/v1/regions/ITC1/indicators", None, None);
    assert_eq!(r.json["activities"].as_array().unwrap().len(), 68);
    assert_eq!(
        s.call("GET", "/v1/regions/QQ11/profile", None, None).status,
        404
    );
    // any text as a code is a 404, not a panic (found by schemathesis)
    for seg in ["profile", "indicators", "opportunities", "peers"] {
        let r = s.call(
            "GET",
            &format!("/v1/regions/%F0%9F%8F%BB/{seg}"),
            None,
            None,
        );
        assert_eq!(r.status, 404, "{seg}: {}", r.text);
    }
    assert_eq!(
        s.call("GET", "/v1/regions/ITC1/profile?year=1990", None, None)
            .status,
        422
    );
    assert_eq!(
        s.call(
            "GET",
            "/v1/regions/ITC1/opportunities?complexity=magic",
            None,
            None
        )
        .status,
        422
    );
    for q in ["colour=red", "top=abc", "year=1e3"] {
        let r = s.call("GET", &format!("/v1/regions/ITC1/profile?{q}"), None, None);
        assert_eq!(
            (r.status, r.content_type.as_str()),
            (400, "application/problem+json"),
            "{q}"
        );
    }
}

/// Bankability over the partnership's theme: completeness counts the
/// theme's stages the activities cover (advanced manufacturing has five:
/// materials, components, machinery, systems C29/C30, engineering M71/M72),
/// and partner strength is the matchmaking's stage strength, the same
/// numbers `/v1/themes/{theme}/partners/{region}` serves.
#[test]
fn bankability_follows_the_documented_formula() {
    let s = Server::start();
    let p = s.make(
        "partnerships",
        json!({"theme":"advanced-manufacturing","title":"p","lead_regions":[OWN],"status":"proposed"}),
    );
    let id = s.make("projects", json!({"partnership_id": p, "title": "batteries", "value_chain_stages": ["research", "production"],
        "activities": ["C29", "M72", "C"], "partners": [{"region": "DE11", "organisation": "a", "role": "coordinator"},
                                            {"region": "DE21", "organisation": "b", "role": "end user"}],
        "budget_eur": 4e6, "trl": 7, "start": "2025-01-01", "end": "2027-12-31",
        "funding": [{"instrument": "erdf", "amount_eur": 2e6, "secured": true},
                    {"instrument": "investeu_eib", "amount_eur": 1e6, "secured": true},
                    {"instrument": "private", "amount_eur": 1e6}]}));
    let r = s.call(
        "GET",
        &format!("/v1/projects/{id}/bankability"),
        Some(&s.viewer),
        None,
    );
    assert_eq!(r.status, 200, "{}", r.text);
    let b = &r.json;
    // C29 covers systems, M72 engineering; the section "C" covers nothing
    let covered: Vec<&str> = b["stages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|st| !st["covered_by"].as_array().unwrap().is_empty())
        .map(|st| st["stage"].as_str().unwrap())
        .collect();
    assert_eq!(covered, ["systems", "engineering"]);
    // each partner's best strength in those stages, as the matchmaking computes it
    let m = s.call(
        "GET",
        "/v1/themes/advanced-manufacturing/partners/ITC1?top=300",
        None,
        None,
    );
    assert_eq!(m.status, 200, "{}", m.text);
    let best = |region: &str| {
        let p = m.json["partners"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["region"] == region)
            .unwrap();
        p["stages"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|st| st["stage"] == "systems" || st["stage"] == "engineering")
            .map(|st| st["strength"].as_f64().unwrap())
            .fold(f64::MIN, f64::max)
    };
    let (de11, de21) = (best("DE11"), best("DE21"));
    assert_eq!(b["partners"][0]["stage_strength"].as_f64(), Some(de11));
    assert_eq!(b["partners"][1]["stage_strength"].as_f64(), Some(de21));
    // 0.25 * 2/5 + 0.25 * mean strength + 0.30 * 3/4 + 0.20 * 6/8
    let expected = 100.0 * (0.25 * 0.4 + 0.25 * (de11 + de21) / 2.0 + 0.30 * 0.75 + 0.20 * 0.75);
    let score = b["score"].as_f64().unwrap();
    assert!((score - expected).abs() < 1e-9, "{score} vs {expected}");
    // Stuttgart is strong in systems (0.91 in 2014, the matchmaking's figure)
    assert!(de11 > 0.9, "{de11}");
    let formulas: Vec<&str> = b["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["formula"].as_str().unwrap())
        .collect();
    assert_eq!(formulas[3], "(TRL - 1) / 8");
}

/// The evidence of a stored priority answers for every region code the
/// store accepts: a country-level priority gets "not measurable" with the
/// reason (not a 404), a NUTS-3 one is measured in its NUTS-2 region, and a
/// priority whose activities lie outside the data (A01) is "not measurable".
#[test]
fn priority_evidence_answers_for_countries_nuts3_and_unmeasured_activities() {
    let s = Server::start();
    let evidence = |region: &str, domains: &[&str]| {
        let id = s.make(
            "priorities",
            json!({"region": region, "title": "t", "economic_domains": domains}),
        );
        let r = s.call(
            "GET",
            &format!("/v1/priorities/{id}/evidence"),
            Some(&s.admin),
            None,
        );
        assert_eq!(r.status, 200, "{region}: {}", r.text);
        r.json
    };
    let j = evidence("IT", &["C10"]);
    assert_eq!(j["assessment"]["verdict"], "not measurable");
    assert!(
        j["reason"].as_str().unwrap().contains("is a country"),
        "{j}"
    );
    let j = evidence("ITC11", &["C29"]);
    assert_eq!(j["region"], "ITC1");
    assert_eq!(j["assessment"]["verdict"], "established strength");
    assert!(j["note"].as_str().unwrap().contains("NUTS-3"));
    let j = evidence("ITC1", &["A01"]);
    assert_eq!(j["assessment"]["verdict"], "not measurable");
    assert!(j["reason"].as_str().unwrap().contains("A01"));
}

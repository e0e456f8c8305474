//! The records' rules, over real HTTP: each test is one way the issue found
//! to make the records say what is not true (applicants writing their own
//! screening figures, projects planted in another region's partnership, a
//! 0-euro project, a workflow without rules, partnerships without a
//! lifecycle, spoofing user names), and shows it refused.

mod common;

use common::{Reply, Server, OTHER, OWN};
use serde_json::{json, Value};

fn fields(r: &Reply) -> Vec<String> {
    r.json["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["field"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn open_call(s: &Server) -> i64 {
    s.make(
        "calls",
        json!({"title":"pilot","opens":"2025-01-01","closes":"2099-12-31","published":true}),
    )
}

fn application(s: &Server, call: i64, region: &str) -> i64 {
    s.make(
        "applications",
        json!({"call_id": call, "region": region, "motivation": "steel"}),
    )
}

fn mv(s: &Server, token: &str, app: i64, body: Value) -> Reply {
    s.call(
        "POST",
        &format!("/v1/applications/{app}/transition"),
        Some(token),
        Some(&body),
    )
}

fn get(s: &Server, path: &str) -> Value {
    let r = s.call("GET", path, Some(&s.admin), None);
    assert_eq!(r.status, 200, "{path}: {}", r.text);
    r.json
}

#[test]
fn screening_figures_are_attached_by_the_server_and_kept_by_updates() {
    let s = Server::start();
    let c = open_call(&s);
    // an applicant's own figures are refused, naming the field
    let r = s.call(
        "POST",
        "/v1/applications",
        Some(&s.editor),
        Some(&json!({"call_id": c, "region": OWN, "motivation": "m", "screening": {"score": 100, "rank": 1}})),
    );
    assert_eq!(
        (r.status, fields(&r)),
        (422, vec!["screening".to_string()]),
        "{}",
        r.text
    );
    // the server attaches the screen's row: the same rank and score as /v1/transition
    let a = application(&s, c, "FR41");
    let fig = get(&s, &format!("/v1/applications/{a}"))["screening"].clone();
    let screen = s.call("GET", "/v1/transition", None, None).json;
    let row = screen["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["region"] == "FR41")
        .unwrap()
        .clone();
    assert_eq!(
        (fig["rank"].clone(), fig["score"].clone()),
        (row["rank"].clone(), row["score"].clone())
    );
    assert_eq!(
        (fig["year"].as_i64(), fig["attached_by"].as_str()),
        (Some(2014), Some("server"))
    );
    // a PUT without screening keeps the attached figures
    let r = s.call(
        "PUT",
        &format!("/v1/applications/{a}"),
        Some(&s.admin),
        Some(&json!({"call_id": c, "region": "FR41", "motivation": "steel and coal"})),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["screening"], fig);
    // only an admin refreshes them
    let path = format!("/v1/applications/{a}/screening");
    assert_eq!(
        s.call("POST", &path, Some(&s.editor), Some(&json!({})))
            .status,
        403
    );
    let r = s.call("POST", &path, Some(&s.admin), Some(&json!({})));
    assert_eq!(
        (r.status, r.json["screening"]["rank"].clone()),
        (200, row["rank"].clone()),
        "{}",
        r.text
    );
    assert_eq!(s.last_audit()["action"], "refresh_screening");
}

#[test]
fn the_pilot_workflow_has_rules() {
    let s = Server::start();
    // no application to a call that closed in 2000, or to an unpublished one
    let old = s.make(
        "calls",
        json!({"title":"old","opens":"2000-01-01","closes":"2000-03-01","published":true}),
    );
    let hidden = s.make(
        "calls",
        json!({"title":"draft","opens":"2025-01-01","closes":"2099-12-31"}),
    );
    for (call, says) in [(old, "closed on 2000-03-01"), (hidden, "not published")] {
        let r = s.call(
            "POST",
            "/v1/applications",
            Some(&s.editor),
            Some(&json!({"call_id": call, "region": OWN, "motivation": "m"})),
        );
        assert_eq!(
            (r.status, fields(&r)),
            (422, vec!["call_id".to_string()]),
            "{}",
            r.text
        );
        assert!(
            r.json["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains(says),
            "{}",
            r.text
        );
    }
    // one application per region and call
    let c = open_call(&s);
    let a = application(&s, c, OWN);
    let r = s.call(
        "POST",
        "/v1/applications",
        Some(&s.editor),
        Some(&json!({"call_id": c, "region": OWN, "motivation": "again"})),
    );
    assert_eq!(r.status, 409, "{}", r.text);
    assert!(
        r.text.contains("one application per region and call"),
        "{}",
        r.text
    );
    // eva is assigned; she assesses, but selecting is the admin's decision
    s.make(
        "expert-teams",
        json!({"application_id": a, "members": [{"user": "eva"}]}),
    );
    assert_eq!(
        mv(&s, &s.expert, a, json!({"to": "eligible"})).status,
        400,
        "a move needs a reason"
    );
    let r = mv(
        &s,
        &s.expert,
        a,
        json!({"to": "eligible", "reason": "criteria met"}),
    );
    assert_eq!(
        (r.status, r.json["outcome"].as_str()),
        (200, Some("eligible")),
        "{}",
        r.text
    );
    let r = mv(
        &s,
        &s.expert,
        a,
        json!({"to": "selected", "reason": "good"}),
    );
    assert_eq!(r.status, 403, "{}", r.text);
    assert!(r.text.contains("admin's decision"));
    // an action plan needs an action, and follows its application
    let plan = |status: &str, actions: Value| {
        s.call(
            "POST",
            "/v1/action-plans",
            Some(&s.editor),
            Some(&json!({"application_id": a, "status": status, "actions": actions})),
        )
    };
    let one = json!([{"area": "skills", "description": "train welders"}]);
    assert_eq!(fields(&plan("draft", json!([]))), ["actions"]);
    let r = plan("completed", one.clone());
    assert_eq!(
        (r.status, fields(&r)),
        (422, vec!["status".to_string()]),
        "{}",
        r.text
    );
    assert!(
        r.text.contains("application") && r.text.contains("eligible"),
        "{}",
        r.text
    );
    assert_eq!(plan("draft", one.clone()).status, 201);
    // closing needs an outcome that fits and a reason
    let r = mv(&s, &s.admin, a, json!({"to": "closed", "reason": "stop"}));
    assert_eq!(
        (r.status, fields(&r)),
        (422, vec!["outcome".to_string()]),
        "{}",
        r.text
    );
    let r = mv(
        &s,
        &s.admin,
        a,
        json!({"to": "closed", "outcome": "completed", "reason": "stop"}),
    );
    assert_eq!(
        (r.status, fields(&r)),
        (422, vec!["outcome".to_string()]),
        "{}",
        r.text
    );
    for (to, outcome) in [
        ("selected", None),
        ("active", None),
        ("closed", Some("completed")),
    ] {
        let r = mv(
            &s,
            &s.admin,
            a,
            json!({"to": to, "outcome": outcome, "reason": "panel"}),
        );
        assert_eq!(r.status, 200, "{to}: {}", r.text);
    }
    // read-only from selected on; a completed plan only now
    let r = s.call(
        "PUT",
        &format!("/v1/applications/{a}"),
        Some(&s.editor),
        Some(&json!({"call_id": c, "region": OWN, "motivation": "edited"})),
    );
    assert_eq!(r.status, 409, "{}", r.text);
    assert_eq!(plan("completed", one).status, 201);
    let audit = s.last_audit();
    assert_eq!(audit["entity"], "action_plan");
}

#[test]
fn projects_belong_to_the_partnerships_leads() {
    let s = Server::start();
    let theirs = s.make(
        "partnerships",
        json!({"theme":"bioeconomy","title":"DE21-led","lead_regions":[OTHER],"status":"proposed"}),
    );
    let project = |title: &str, org: &str| {
        json!({"partnership_id": theirs, "title": title,
            "partners": [{"region": OWN, "organisation": org, "role": "technology provider"},
                         {"region": OTHER, "organisation": "TUM", "role": "coordinator"}],
            "budget_eur": 2e6, "trl": 5, "start": "2026-01-01", "end": "2027-01-01"})
    };
    // the ITC1 editor cannot plant a project in DE21's partnership by naming an ITC1 partner
    let r = s.call(
        "POST",
        "/v1/projects",
        Some(&s.editor),
        Some(&project("planted", "Polito")),
    );
    assert_eq!(r.status, 403, "{}", r.text);
    // the lead's editor adds one; the partner region's editor edits its own entry only
    let r = s.call(
        "POST",
        "/v1/projects",
        Some(&s.editor_other),
        Some(&project("pilot", "Polito")),
    );
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.json["id"].as_i64().unwrap();
    let path = format!("/v1/projects/{id}");
    let r = s.call(
        "PUT",
        &path,
        Some(&s.editor),
        Some(&project("pilot", "Politecnico di Torino")),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        r.json["partners"][0]["organisation"],
        "Politecnico di Torino"
    );
    let r = s.call(
        "PUT",
        &path,
        Some(&s.editor),
        Some(&project("renamed by ITC1", "Politecnico di Torino")),
    );
    assert_eq!(r.status, 403, "{}", r.text);
    assert_eq!(s.call("DELETE", &path, Some(&s.editor), None).status, 403);
    // and the lead's editor can delete it, then its partnership
    assert_eq!(
        s.call("DELETE", &path, Some(&s.editor_other), None).status,
        204
    );
    let r = s.call(
        "DELETE",
        &format!("/v1/partnerships/{theirs}"),
        Some(&s.editor_other),
        None,
    );
    assert_eq!(r.status, 204, "{}", r.text);
}

#[test]
fn a_project_needs_a_budget_and_funding_within_it() {
    let s = Server::start();
    let p = s.make(
        "partnerships",
        json!({"theme":"bioeconomy","title":"p","lead_regions":[OWN],"status":"proposed"}),
    );
    let post = |budget: f64, funded: f64| {
        s.call(
            "POST",
            "/v1/projects",
            Some(&s.editor),
            Some(&json!({"partnership_id": p, "title": "t",
            "partners": [{"region": OWN, "organisation": "o", "role": "r"}],
            "budget_eur": budget, "trl": 5, "start": "2026-01-01", "end": "2026-01-02",
            "funding": [{"instrument": "erdf", "amount_eur": funded, "secured": true}]})),
        )
    };
    assert_eq!(fields(&post(0.0, 0.0)), ["budget_eur"]);
    assert_eq!(fields(&post(1e6, 2e6)), ["funding"]);
    assert_eq!(post(1e6, 1e6).status, 201);
}

#[test]
fn partnerships_have_a_lifecycle_and_the_member_state_rule() {
    let s = Server::start();
    let make = |status: &str, theme: &str| {
        s.call(
            "POST",
            "/v1/partnerships",
            Some(&s.editor),
            Some(&json!({"theme": theme, "title": "batteries",
            "lead_regions": [OWN], "status": status})),
        )
    };
    assert_eq!(fields(&make("proposed", "not-a-theme")), ["theme"]);
    assert_eq!(fields(&make("active", "connected-mobility")), ["status"]);
    let r = make("proposed", "connected-mobility");
    assert_eq!(r.status, 201);
    let id = r.json["id"].as_i64().unwrap();
    let put = |status: &str, started: Option<&str>| {
        s.call(
            "PUT",
            &format!("/v1/partnerships/{id}"),
            Some(&s.editor),
            Some(&json!({"theme": "connected-mobility",
            "title": "batteries", "lead_regions": [OWN], "status": status, "started_on": started})),
        )
    };
    let member = |region: &str| {
        s.call(
            "POST",
            "/v1/partnership-members",
            Some(&s.editor),
            Some(&json!({"partnership_id": id, "region": region, "role": "member"})),
        )
    };
    // IT + DE: two Member States are not enough
    assert_eq!(member(OTHER).status, 201);
    let r = member(OTHER);
    assert_eq!(r.status, 409, "the same member twice: {}", r.text);
    let r = put("active", None);
    assert_eq!(
        (r.status, fields(&r)),
        (422, vec!["status".to_string()]),
        "{}",
        r.text
    );
    assert!(r.text.contains("has 2 (DE, IT)"), "{}", r.text);
    // the UK counted while it was a Member State, not after
    assert_eq!(member("UKC1").status, 201);
    assert_eq!(put("active", Some("2021-03-01")).status, 422);
    let r = put("active", Some("2019-06-01"));
    assert_eq!(r.status, 200, "{}", r.text);
    // no way back: active → proposed is refused; closed is final
    assert_eq!(put("proposed", Some("2019-06-01")).status, 409);
    assert_eq!(put("closed", Some("2019-06-01")).status, 200);
    assert_eq!(put("active", Some("2019-06-01")).status, 409);
    assert_eq!(
        member("FR10").status,
        409,
        "a closed partnership takes no members"
    );
}

#[test]
fn a_member_region_withdraws_itself() {
    let s = Server::start();
    let p = s.make(
        "partnerships",
        json!({"theme":"bioeconomy","title":"p","lead_regions":[OWN],"status":"proposed"}),
    );
    let m = s.make(
        "partnership-members",
        json!({"partnership_id": p, "region": OTHER, "role": "member"}),
    );
    let fr = s.make(
        "partnership-members",
        json!({"partnership_id": p, "region": "FR10", "role": "member"}),
    );
    // DE21's editor may withdraw DE21, not another member, and may not edit the lead's record
    assert_eq!(
        s.call(
            "DELETE",
            &format!("/v1/partnership-members/{fr}"),
            Some(&s.editor_other),
            None
        )
        .status,
        403
    );
    let r = s.call(
        "PUT",
        &format!("/v1/partnership-members/{m}"),
        Some(&s.editor_other),
        Some(&json!({"partnership_id": p, "region": OTHER, "role": "lead"})),
    );
    assert_eq!(r.status, 403);
    let r = s.call(
        "DELETE",
        &format!("/v1/partnership-members/{m}"),
        Some(&s.editor_other),
        None,
    );
    assert_eq!(r.status, 204, "{}", r.text);
    assert_eq!(s.last_audit()["actor"], "otto");
}

#[test]
fn a_proposal_is_saved_with_its_members_in_one_transaction() {
    let s = Server::start();
    let body = |third: &str| {
        json!({"partnership": {"theme": "big-data", "title": "data spaces", "lead_regions": [OWN], "status": "proposed"},
               "members": [{"region": OTHER, "role": "member"}, {"region": "FR10", "role": "member"},
                           {"region": third, "role": "member"}]})
    };
    let before = s.audit_len();
    let r = s.call(
        "POST",
        "/v1/partnerships/proposals",
        Some(&s.editor),
        Some(&body("XX99")),
    );
    assert_eq!(
        (r.status, fields(&r)),
        (422, vec!["members[2].region".to_string()]),
        "{}",
        r.text
    );
    assert_eq!(
        s.audit_len(),
        before,
        "nothing of a refused proposal is stored"
    );
    let r = s.call(
        "POST",
        "/v1/partnerships/proposals",
        Some(&s.editor),
        Some(&body("SE11")),
    );
    assert_eq!(r.status, 201, "{}", r.text);
    let id = r.json["partnership"]["id"].as_i64().unwrap();
    let members = get(&s, &format!("/v1/partnership-members?partnership_id={id}"));
    let regions: Vec<&str> = members["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["region"].as_str().unwrap())
        .collect();
    assert_eq!(regions, [OTHER, "FR10", "SE11"]);
    assert_eq!(s.audit_len(), before + 4);
    // another region's editor cannot save a proposal led by ITC1
    let r = s.call(
        "POST",
        "/v1/partnerships/proposals",
        Some(&s.editor_other),
        Some(&body("SE11")),
    );
    assert_eq!(r.status, 403);
}

#[test]
fn accounts_are_listed_disabled_removed_and_rotated_by_admins() {
    let s = Server::start();
    let add = |name: &str| {
        s.call(
            "POST",
            "/v1/users",
            Some(&s.admin),
            Some(&json!({"name": name, "role": "viewer"})),
        )
    };
    // names that would spoof the audit log
    for name in ["evil\nname", "abc\u{202E}fdp", ""] {
        let r = add(name);
        assert_eq!(
            (r.status, fields(&r)),
            (422, vec!["name".to_string()]),
            "{name:?}: {}",
            r.text
        );
    }
    let r = add("nina");
    assert_eq!(r.status, 201);
    let nina = r.json["token"].as_str().unwrap().to_string();
    assert_eq!(
        s.call("GET", "/v1/users", Some(&s.editor), None).status,
        403
    );
    let list = get(&s, "/v1/users");
    let names: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["ada", "ed", "otto", "eva", "xavier", "vic", "nina"]);
    // rotating revokes the old token
    let r = s.call(
        "POST",
        "/v1/users/nina/token",
        Some(&s.admin),
        Some(&json!({"expires": "30d"})),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    let fresh = r.json["token"].as_str().unwrap().to_string();
    assert_eq!(s.call("GET", "/v1/me", Some(&nina), None).status, 401);
    assert_eq!(s.call("GET", "/v1/me", Some(&fresh), None).status, 200);
    assert_eq!(
        s.call(
            "POST",
            "/v1/users/ada/token",
            Some(&fresh),
            Some(&json!({}))
        )
        .status,
        403
    );
    // a user may rotate its own token
    let r = s.call(
        "POST",
        "/v1/users/vic/token",
        Some(&s.viewer),
        Some(&json!({})),
    );
    assert_eq!(r.status, 200, "{}", r.text);
    // nothing refers to nina: she is removed
    let r = s.call("DELETE", "/v1/users/nina", Some(&s.admin), None);
    assert_eq!(
        (r.status, r.json["result"].as_str()),
        (200, Some("removed")),
        "{}",
        r.text
    );
    assert_eq!(s.call("GET", "/v1/me", Some(&fresh), None).status, 401);
    // ed wrote records: he is disabled instead, and his token stops working
    s.call(
        "POST",
        "/v1/priorities",
        Some(&s.editor),
        Some(&json!({"region": OWN, "title": "t"})),
    );
    let r = s.call("DELETE", "/v1/users/ed", Some(&s.admin), None);
    assert_eq!(
        (r.status, r.json["result"].as_str()),
        (200, Some("disabled")),
        "{}",
        r.text
    );
    assert!(r.json["because"].as_str().unwrap().contains("audit"));
    assert_eq!(s.call("GET", "/v1/me", Some(&s.editor), None).status, 401);
    let list = get(&s, "/v1/users");
    let ed = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == "ed")
        .unwrap();
    assert!(ed["disabled_at"].is_string());
    assert_eq!(
        s.call("DELETE", "/v1/users/nobody", Some(&s.admin), None)
            .status,
        404
    );
}

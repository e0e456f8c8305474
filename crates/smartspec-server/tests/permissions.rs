//! The permission matrix: every role × every write endpoint × a record of
//! the editor's own region and of another region, over real HTTP. Each
//! allowed write must succeed and leave its audit entry; each refused one
//! must answer 401/403 and write nothing (the audit log does not grow).

mod common;

use common::{Server, OTHER, OWN};
use serde_json::{json, Value};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Who {
    Anonymous,
    Admin,
    Editor,
    Expert,
    Viewer,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Create,
    Update,
    Delete,
}

const KINDS: [&str; 8] = [
    "priorities",
    "partnerships",
    "partnership-members",
    "projects",
    "calls",
    "applications",
    "expert-teams",
    "action-plans",
];

/// The rules of docs/api.md, written out independently of the store's policy.
fn allowed(who: Who, kind: &str, op: Op, own: bool) -> bool {
    match who {
        Who::Anonymous | Who::Viewer => false,
        Who::Admin => true,
        Who::Editor => {
            own && matches!(
                kind,
                "priorities"
                    | "partnerships"
                    | "partnership-members"
                    | "projects"
                    | "applications"
                    | "action-plans"
            )
        }
        Who::Expert => own && kind == "action-plans" && op != Op::Delete,
    }
}

/// Fixed parents: a partnership led by each region, a call, an application
/// of each region (eva is assigned to the own region's). A region applies
/// once to a call and is a member of a partnership once, so every new
/// application takes the next call of a pool and every new member the next
/// region of a list.
struct Fixtures {
    partnership: [i64; 2],
    application: [i64; 2],
    pool: Vec<i64>,
    next_call: std::cell::Cell<usize>,
    next_member: std::cell::Cell<usize>,
    next_title: std::cell::Cell<usize>,
}

/// Member regions (NUTS 2013), none of them the editors' own.
const MEMBER_REGIONS: [&str; 60] = [
    "DE11", "DE12", "DE13", "DE14", "DE22", "DE23", "DE24", "DE25", "DE26", "DE27", "DE30", "DE40",
    "DE50", "DE60", "DE71", "DE72", "DE73", "DE80", "DE91", "DE92", "DE93", "DE94", "DEA1", "DEA2",
    "DEA3", "DEA4", "DEA5", "DEB1", "DEB2", "DEB3", "DEC0", "DED2", "DED4", "DED5", "DEE0", "DEF0",
    "DEG0", "FR10", "FR21", "FR22", "FR23", "FR24", "FR25", "FR26", "FR30", "FR41", "FR42", "FR43",
    "FR51", "FR52", "FR53", "FR61", "FR62", "FR63", "FR71", "FR72", "FR81", "FR82", "FR83", "FR94",
];

/// An open, published call.
fn open_call(title: &str) -> Value {
    json!({"title": title, "opens":"2025-01-01", "closes":"2099-12-31", "published": true})
}

fn fixtures(s: &Server) -> Fixtures {
    let p = |r: &str| {
        s.make(
            "partnerships",
            json!({"theme":"bioeconomy","title":"p","lead_regions":[r],"status":"proposed"}),
        )
    };
    let partnership = [p(OWN), p(OTHER)];
    let call = s.make("calls", open_call("c"));
    let a = |r: &str| {
        s.make(
            "applications",
            json!({"call_id": call, "region": r, "motivation": "m"}),
        )
    };
    let application = [a(OWN), a(OTHER)];
    s.make("expert-teams", json!({"application_id": application[0], "members":[{"user":"eva","expertise":["skills"]}]}));
    let pool = (0..50)
        .map(|i| s.make("calls", open_call(&format!("pool {i}"))))
        .collect();
    Fixtures {
        partnership,
        application,
        pool,
        next_call: std::cell::Cell::new(0),
        next_member: std::cell::Cell::new(0),
        next_title: std::cell::Cell::new(0),
    }
}

/// A body of `kind` belonging to the own (`own = true`) or the other region.
/// Title `"x"` is the update of the record made just before: an application
/// stays with its call.
fn body(f: &Fixtures, kind: &str, own: bool, title: &str) -> Value {
    let (r, i) = if own { (OWN, 0) } else { (OTHER, 1) };
    match kind {
        "priorities" => {
            // a region declares a title once
            let n = f.next_title.get();
            f.next_title.set(n + 1);
            json!({"region": r, "title": format!("{title} {n}")})
        }
        "partnerships" => {
            json!({"theme":"bioeconomy","title": title,"lead_regions":[r],"status":"proposed"})
        }
        "partnership-members" => {
            let n = f.next_member.get();
            f.next_member.set(n + 1);
            json!({"partnership_id": f.partnership[i], "region": MEMBER_REGIONS[n], "role": title})
        }
        "projects" => json!({"partnership_id": f.partnership[i], "title": title,
            "partners":[{"region": r, "organisation":"o", "role":"coordinator"}],
            "budget_eur": 1e6, "trl": 5, "start":"2025-01-01", "end":"2026-01-01"}),
        "calls" => json!({"title": title, "opens":"2025-01-01", "closes":"2025-03-01"}),
        "applications" => {
            let n = f.next_call.get();
            let call = if title == "x" {
                f.pool[n - 1]
            } else {
                f.next_call.set(n + 1);
                f.pool[n]
            };
            json!({"call_id": call, "region": r, "motivation": title})
        }
        "expert-teams" => {
            json!({"application_id": f.application[i], "members":[{"user":"xavier"}]})
        }
        "action-plans" => {
            json!({"application_id": f.application[i], "status": "draft", "published": title == "x",
                   "actions": [{"area": "skills", "description": "a training programme"}]})
        }
        other => panic!("{other}"),
    }
}

fn token(s: &Server, who: Who) -> Option<&str> {
    match who {
        Who::Anonymous => None,
        Who::Admin => Some(&s.admin),
        Who::Editor => Some(&s.editor),
        Who::Expert => Some(&s.expert),
        Who::Viewer => Some(&s.viewer),
    }
}

const WHO: [Who; 5] = [
    Who::Anonymous,
    Who::Admin,
    Who::Editor,
    Who::Expert,
    Who::Viewer,
];

#[test]
fn every_role_every_write_endpoint_own_and_other_region() {
    let s = Server::start();
    let f = fixtures(&s);
    let mut checked = 0;
    for kind in KINDS {
        for own in [true, false] {
            for who in WHO {
                for op in [Op::Create, Op::Update, Op::Delete] {
                    let before = s.audit_len();
                    let tok = token(&s, who);
                    let (method, path, b, ok_status) = match op {
                        Op::Create => (
                            "POST",
                            format!("/v1/{kind}"),
                            Some(body(&f, kind, own, "new")),
                            201,
                        ),
                        Op::Update => {
                            let id = s.make(kind, body(&f, kind, own, "old"));
                            (
                                "PUT",
                                format!("/v1/{kind}/{id}"),
                                Some(body(&f, kind, own, "x")),
                                200,
                            )
                        }
                        Op::Delete => {
                            let id = s.make(kind, body(&f, kind, own, "old"));
                            ("DELETE", format!("/v1/{kind}/{id}"), None, 204)
                        }
                    };
                    let before = if op == Op::Create { before } else { before + 1 };
                    let r = s.call(method, &path, tok, b.as_ref());
                    let case = format!("{who:?} {op:?} {kind} own={own}: {} {}", r.status, r.text);
                    if allowed(who, kind, op, own) {
                        assert_eq!(r.status, ok_status, "{case}");
                        assert_eq!(s.audit_len(), before + 1, "{case}: no audit entry");
                        let e = s.last_audit();
                        let name = match who {
                            Who::Admin => "ada",
                            Who::Editor => "ed",
                            Who::Expert => "eva",
                            _ => "?",
                        };
                        assert_eq!(e["actor"], name, "{case}");
                        assert_eq!(
                            e["action"],
                            match op {
                                Op::Create => "create",
                                Op::Update => "update",
                                Op::Delete => "delete",
                            },
                            "{case}"
                        );
                        let id = if op == Op::Create {
                            r.json["id"].as_i64().unwrap()
                        } else {
                            path.rsplit('/').next().unwrap().parse().unwrap()
                        };
                        assert_eq!(e["entity_id"], id, "{case}");
                    } else {
                        let expect = if who == Who::Anonymous { 401 } else { 403 };
                        assert_eq!(r.status, expect, "{case}");
                        assert_eq!(r.content_type, "application/problem+json", "{case}");
                        assert_eq!(s.audit_len(), before, "{case}: a refused write was audited");
                    }
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 8 * 2 * 5 * 3);
}

#[test]
fn transitions_and_user_creation_by_role() {
    let s = Server::start();
    let f = fixtures(&s);
    for own in [true, false] {
        for who in WHO {
            let app = s.make("applications", body(&f, "applications", own, "m"));
            if own {
                s.make(
                    "expert-teams",
                    json!({"application_id": app, "members":[{"user":"eva"}]}),
                );
            }
            let before = s.audit_len();
            let r = s.call(
                "POST",
                &format!("/v1/applications/{app}/transition"),
                token(&s, who),
                Some(&json!({"to":"eligible", "reason": "meets the call's criteria"})),
            );
            let ok = who == Who::Admin || (who == Who::Expert && own);
            let case = format!("{who:?} transition own={own}: {} {}", r.status, r.text);
            if ok {
                assert_eq!(r.status, 200, "{case}");
                assert_eq!(r.json["status"], "eligible");
                let e = s.last_audit();
                assert_eq!(
                    (e["action"].as_str(), e["entity_id"].as_i64()),
                    (Some("transition"), Some(app)),
                    "{case}"
                );
                assert_eq!(s.audit_len(), before + 1);
            } else {
                assert_eq!(
                    r.status,
                    if who == Who::Anonymous { 401 } else { 403 },
                    "{case}"
                );
                assert_eq!(s.audit_len(), before, "{case}");
            }
        }
    }
    // only the admin creates users; an editor cannot make itself (or anyone) admin
    for who in WHO {
        let before = s.audit_len();
        let name = format!("new-{who:?}");
        let r = s.call(
            "POST",
            "/v1/users",
            token(&s, who),
            Some(&json!({"name": name, "role": "admin"})),
        );
        if who == Who::Admin {
            assert_eq!(r.status, 201, "{}", r.text);
            let tok = r.json["token"].as_str().unwrap();
            assert_eq!(tok.len(), 64);
            let me = s.call("GET", "/v1/me", Some(tok), None);
            assert_eq!(me.json["role"], "admin");
            assert_eq!(s.last_audit()["entity"], "user");
            assert_eq!(s.audit_len(), before + 1);
        } else {
            assert_eq!(
                r.status,
                if who == Who::Anonymous { 401 } else { 403 },
                "{who:?}: {}",
                r.text
            );
            assert_eq!(s.audit_len(), before);
        }
    }
}

#[test]
fn no_escalation_by_moving_records_between_regions() {
    let s = Server::start();
    let f = fixtures(&s);
    // an editor cannot hand its own priority to another region...
    let own = s.make("priorities", json!({"region": OWN, "title": "mine"}));
    let r = s.call(
        "PUT",
        &format!("/v1/priorities/{own}"),
        Some(&s.editor),
        Some(&json!({"region": OTHER, "title": "mine"})),
    );
    assert_eq!(r.status, 403, "{}", r.text);
    // ...nor take over another region's
    let other = s.make("priorities", json!({"region": OTHER, "title": "theirs"}));
    let r = s.call(
        "PUT",
        &format!("/v1/priorities/{other}"),
        Some(&s.editor),
        Some(&json!({"region": OWN, "title": "theirs"})),
    );
    assert_eq!(r.status, 403, "{}", r.text);
    assert_eq!(
        s.call(
            "GET",
            &format!("/v1/priorities/{other}"),
            Some(&s.admin),
            None
        )
        .json["region"],
        OTHER
    );
    // ...nor add a member to a partnership its region does not lead
    let r = s.call(
        "POST",
        "/v1/partnership-members",
        Some(&s.editor),
        Some(&json!({"partnership_id": f.partnership[1], "region": OWN, "role": "member"})),
    );
    assert_eq!(r.status, 403, "{}", r.text);
    // the other editor is refused on the own region symmetrically
    let r = s.call(
        "DELETE",
        &format!("/v1/priorities/{own}"),
        Some(&s.editor_other),
        None,
    );
    assert_eq!(r.status, 403);
    // an expert not assigned cannot move an application; a bad token is 401, not anonymous
    let r = s.call(
        "POST",
        &format!("/v1/applications/{}/transition", f.application[0]),
        Some(&s.expert_other),
        Some(&json!({"to":"eligible", "reason": "r"})),
    );
    assert_eq!(r.status, 403, "{}", r.text);
    let r = s.call("GET", "/v1/priorities", Some("not-a-token"), None);
    assert_eq!(r.status, 401);
}

/// The endpoints the records' rules added, by role: refreshing screening
/// figures and listing users (admins), saving a proposal (admins and the
/// lead region's editor), withdrawing a membership (admins, the leads' and
/// the member region's editor). A refusal writes nothing.
#[test]
fn the_rules_endpoints_by_role() {
    let s = Server::start();
    let f = fixtures(&s);
    for who in WHO {
        let tok = token(&s, who);
        let denied = if who == Who::Anonymous { 401 } else { 403 };
        let case =
            |what: &str, r: &common::Reply| format!("{who:?} {what}: {} {}", r.status, r.text);
        // refresh the screening of the own region's application
        let before = s.audit_len();
        let r = s.call(
            "POST",
            &format!("/v1/applications/{}/screening", f.application[0]),
            tok,
            Some(&json!({})),
        );
        let ok = who == Who::Admin;
        assert_eq!(
            r.status,
            if ok { 200 } else { denied },
            "{}",
            case("refresh", &r)
        );
        assert_eq!(s.audit_len(), before + usize::from(ok));
        // list users
        let r = s.call("GET", "/v1/users", tok, None);
        assert_eq!(
            r.status,
            if ok { 200 } else { denied },
            "{}",
            case("users", &r)
        );
        // save a proposal led by the own region
        let before = s.audit_len();
        let body = json!({"partnership": {"theme": "bioeconomy", "title": format!("{who:?}"), "lead_regions": [OWN], "status": "proposed"},
                          "members": [{"region": "SE11", "role": "member"}]});
        let r = s.call("POST", "/v1/partnerships/proposals", tok, Some(&body));
        let ok = matches!(who, Who::Admin | Who::Editor);
        assert_eq!(
            r.status,
            if ok { 201 } else { denied },
            "{}",
            case("proposal", &r)
        );
        assert_eq!(s.audit_len(), before + if ok { 2 } else { 0 });
        // withdraw OTHER's membership of the own region's partnership: the
        // leads (ed) and admins may; otto (DE21's editor) is checked in rules.rs
        let m = s.make(
            "partnership-members",
            json!({"partnership_id": f.partnership[0], "region": OTHER, "role": "member"}),
        );
        let before = s.audit_len();
        let r = s.call("DELETE", &format!("/v1/partnership-members/{m}"), tok, None);
        assert_eq!(
            r.status,
            if ok { 204 } else { denied },
            "{}",
            case("withdraw", &r)
        );
        assert_eq!(s.audit_len(), before + usize::from(ok));
        if !ok {
            s.call(
                "DELETE",
                &format!("/v1/partnership-members/{m}"),
                Some(&s.admin),
                None,
            );
        }
    }
    // DE21's editor withdraws DE21, not another region
    let m = s.make(
        "partnership-members",
        json!({"partnership_id": f.partnership[0], "region": OTHER, "role": "member"}),
    );
    let fr = s.make(
        "partnership-members",
        json!({"partnership_id": f.partnership[0], "region": "FR10", "role": "member"}),
    );
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
    assert_eq!(
        s.call(
            "DELETE",
            &format!("/v1/partnership-members/{m}"),
            Some(&s.editor_other),
            None
        )
        .status,
        204
    );
}

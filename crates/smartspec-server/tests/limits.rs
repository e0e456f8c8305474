//! The server's limits over real HTTP: the header timeout against 1,000
//! half-open connections, the connection limit and its reserved `/health`
//! slots, the rate limit, JSON-only bodies without duplicate keys, bounded
//! `top`, the security headers, a write after its timeout, and the reply
//! cache's byte budget.

mod common;

use common::{http, Server, OWN};
use serde_json::{json, Value};
use smartspec_server::Limits;
use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

fn limits() -> Limits {
    Limits {
        rate_limit: 0,
        ..Limits::default()
    }
}

fn count(s: &Server, segment: &str) -> usize {
    let r = s.call(
        "GET",
        &format!("/v1/{segment}?limit=500"),
        Some(&s.admin),
        None,
    );
    assert_eq!(r.status, 200, "{}", r.text);
    r.json["items"].as_array().unwrap().len()
}

fn priority(title: &str) -> String {
    json!({"region": OWN, "title": title, "economic_domains": ["C29"]}).to_string()
}

#[test]
fn half_open_connections_are_closed_within_the_header_timeout_while_health_answers() {
    const N: usize = 1000;
    let timeout = Duration::from_secs(2);
    // every ordinary slot taken by a slow client: /health needs its reserved slot
    let s = Server::start_with(Limits {
        header_timeout: timeout,
        max_connections: N,
        ..limits()
    });
    let addr = s.addr;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (health, health_at, closed) = rt.block_on(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut readers = Vec::new();
        for _ in 0..N {
            let start = Instant::now();
            let mut c = tokio::net::TcpStream::connect(addr).await.unwrap();
            // half a request line, never finished
            c.write_all(b"GET /v1/meta HT").await.unwrap();
            let sent = Instant::now();
            readers.push(tokio::spawn(async move {
                let mut buf = [0u8; 256];
                let end = tokio::time::timeout(Duration::from_secs(20), async {
                    loop {
                        match c.read(&mut buf).await {
                            Ok(0) | Err(_) => return Instant::now(),
                            Ok(_) => {}
                        }
                    }
                })
                .await;
                (start, sent, end.ok())
            }));
        }
        let health = tokio::task::spawn_blocking(move || {
            http::request(addr, "GET", "/health", None, None).unwrap()
        })
        .await
        .unwrap();
        let health_at = Instant::now();
        let mut closed = Vec::new();
        for r in readers {
            closed.push(r.await.unwrap());
        }
        (health, health_at, closed)
    });
    assert_eq!((health.status, health.text.as_str()), (200, "ok"));
    let open = closed.iter().filter(|c| c.2.is_none()).count();
    assert_eq!(open, 0, "{open} of {N} connections still open after 20 s");
    let first_close = closed.iter().filter_map(|c| c.2).min().unwrap();
    assert!(
        health_at < first_close,
        "/health answered {:?} after the first slow connection closed",
        health_at - first_close
    );
    let mut held: Vec<Duration> = closed.iter().map(|c| c.2.unwrap() - c.1).collect();
    held.sort();
    // held for the timeout (counted from before the connect, the server's
    // clock cannot start earlier), then closed within it: 1 s of slack for
    // a loaded 2-core machine
    for (start, _, end) in &closed {
        let since_connect = end.unwrap() - *start;
        assert!(
            since_connect + Duration::from_millis(20) >= timeout,
            "closed after {since_connect:?}, before the {timeout:?} timeout"
        );
    }
    let slowest = *held.last().unwrap();
    eprintln!(
        "{N} half-open connections closed {:?} (first), {:?} (median), {slowest:?} (last) after their partial request; header timeout {timeout:?}",
        held[0],
        held[N / 2]
    );
    assert!(
        slowest <= timeout + Duration::from_secs(1),
        "slowest close {slowest:?} after its partial request (median {:?})",
        held[N / 2]
    );
    // the slots are free again
    let r = s.call("GET", "/v1/meta", None, None);
    assert_eq!(r.status, 200, "{}", r.text);
}

/// A connection that has made one keep-alive request to `/health` in an
/// ordinary slot (a reserved slot answers with `connection: close`: the
/// start-up check's connection may not have given its slot back yet).
fn kept_alive(addr: SocketAddr) -> TcpStream {
    for _ in 0..100 {
        let (c, head) = health_once(addr);
        if !head.to_ascii_lowercase().contains("connection: close") {
            return c;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("no ordinary slot");
}

fn health_once(addr: SocketAddr) -> (TcpStream, String) {
    let mut c = TcpStream::connect(addr).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    c.write_all(b"GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
        .unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 512];
    while !got.ends_with(b"\r\n\r\nok") {
        let n = c.read(&mut buf).unwrap();
        assert!(n > 0, "closed: {}", String::from_utf8_lossy(&got));
        got.extend_from_slice(&buf[..n]);
    }
    (c, String::from_utf8_lossy(&got).to_string())
}

#[test]
fn beyond_the_connection_limit_only_health_is_answered() {
    let s = Server::start_with(Limits {
        max_connections: 3,
        ..limits()
    });
    let held: Vec<TcpStream> = (0..3).map(|_| kept_alive(s.addr)).collect();
    let r = s.call("GET", "/v1/meta", None, None);
    assert_eq!(r.status, 503, "{}", r.text);
    assert_eq!(r.content_type, "application/problem+json");
    assert_eq!(r.json["type"], "/problems/too-many-connections");
    assert_eq!(r.header("retry-after"), Some("1"));
    assert_eq!(r.header("x-frame-options"), Some("DENY"));
    let r = s.call("GET", "/health", None, None);
    assert_eq!((r.status, r.text.as_str()), (200, "ok"));
    drop(held);
    // once the held connections are gone the server notices and frees their slots
    let mut status = 0;
    for _ in 0..200 {
        status = s.call("GET", "/v1/meta", None, None).status;
        if status == 200 {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(status, 200);
}

/// One request from the local address `from` (any 127/8 address).
fn call_from(from: [u8; 4], addr: SocketAddr, path: &str, token: Option<&str>) -> common::Reply {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let stream = rt.block_on(async {
        let sock = tokio::net::TcpSocket::new_v4().unwrap();
        sock.bind(SocketAddr::new(IpAddr::from(from), 0)).unwrap();
        sock.connect(addr).await.unwrap()
    });
    let mut c = stream.into_std().unwrap();
    c.set_nonblocking(false).unwrap();
    let auth = token.map_or(String::new(), |t| format!("Authorization: Bearer {t}\r\n"));
    write!(
        c,
        "GET {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n{auth}\r\n"
    )
    .unwrap();
    http::read_reply(&mut c).unwrap()
}

#[test]
fn the_rate_limit_is_per_address_and_per_token_with_retry_after() {
    // one request per second per address and per token
    let s = Server::start_with(Limits {
        rate_limit: 1,
        ..limits()
    });
    let a = s.call("GET", "/v1/meta", None, None);
    let b = s.call("GET", "/v1/meta", None, None);
    assert_eq!((a.status, b.status), (200, 429), "{}", b.text);
    assert_eq!(b.content_type, "application/problem+json");
    assert_eq!(b.json["type"], "/problems/rate-limited");
    assert_eq!(b.json["status"], 429);
    assert_eq!(b.header("retry-after"), Some("1"));
    assert!(
        b.json["detail"]
            .as_str()
            .unwrap()
            .contains("from this address"),
        "{}",
        b.text
    );
    // /health is not counted
    assert_eq!(s.call("GET", "/health", None, None).status, 200);
    // a token used from two addresses shares one bucket ...
    let t = Some(s.viewer.as_str());
    let first = call_from([127, 0, 0, 2], s.addr, "/v1/me", t);
    assert_eq!(first.status, 200, "{}", first.text);
    let second = call_from([127, 0, 0, 3], s.addr, "/v1/me", t);
    assert_eq!(second.status, 429, "{}", second.text);
    assert_eq!(second.header("retry-after"), Some("1"));
    assert!(second.json["detail"]
        .as_str()
        .unwrap()
        .contains("with this token"));
    // ... and the refused request took nothing from the address's bucket
    let anon = call_from([127, 0, 0, 3], s.addr, "/v1/meta", None);
    assert_eq!(anon.status, 200, "{}", anon.text);
}

#[test]
fn write_bodies_must_be_sent_as_json() {
    let s = Server::start();
    let body = priority("typed");
    let mut statuses = Vec::new();
    for (ct, b) in [
        ("Content-Type: text/plain", body.as_str()),
        (
            "Content-Type: application/x-www-form-urlencoded",
            "region=ITC1&title=form&economic_domains=C29",
        ),
        (
            "Content-Type: application/xml",
            "<priority><region>ITC1</region><title>xml</title></priority>",
        ),
        (
            "Content-Type: application/json; charset=latin1",
            body.as_str(),
        ),
        ("X-None: no content type", body.as_str()),
    ] {
        let r = s.raw("POST", "/v1/priorities", Some(&s.admin), &[ct], b);
        assert_eq!(r.content_type, "application/problem+json", "{ct}");
        assert_eq!(r.json["type"], "/problems/unsupported-media-type", "{ct}");
        statuses.push(r.status);
    }
    assert_eq!(statuses, [415; 5]);
    assert_eq!(count(&s, "priorities"), 0);
    for (i, ct) in [
        "Content-Type: application/json",
        "Content-Type: application/json; charset=utf-8",
        "Content-Type: Application/JSON;Charset=UTF-8",
    ]
    .into_iter()
    .enumerate()
    {
        // a region declares a title once: one title per spelling
        let r = s.raw(
            "POST",
            "/v1/priorities",
            Some(&s.admin),
            &[ct],
            &priority(&format!("typed {i}")),
        );
        assert_eq!(r.status, 201, "{ct}: {}", r.text);
    }
    // an update too
    let id = s.make("priorities", serde_json::from_str(&body).unwrap());
    let r = s.raw(
        "PUT",
        &format!("/v1/priorities/{id}"),
        Some(&s.admin),
        &["Content-Type: text/plain"],
        &priority("renamed"),
    );
    assert_eq!(r.status, 415, "{}", r.text);
    let r = s.call("GET", &format!("/v1/priorities/{id}"), Some(&s.admin), None);
    assert_eq!(r.json["title"], "typed");
    assert_eq!(count(&s, "priorities"), 4);
}

#[test]
fn duplicate_keys_are_refused_at_any_depth() {
    let s = Server::start();
    let json = ["Content-Type: application/json"];
    let r = s.raw(
        "POST",
        "/v1/priorities",
        Some(&s.admin),
        &json,
        r#"{"region":"DE21","title":"twice","region":"ITC1","economic_domains":["C29"]}"#,
    );
    assert_eq!(
        (r.status, &r.json["type"]),
        (400, &json!("/problems/malformed"))
    );
    assert!(
        r.json["detail"]
            .as_str()
            .unwrap()
            .contains(r#"duplicate key "region""#),
        "{}",
        r.text
    );
    let p = s.make(
        "partnerships",
        json!({"theme":"bioeconomy","title":"p","lead_regions":[OWN],"status":"proposed"}),
    );
    let project = |partner: &str| {
        format!(
            r#"{{"partnership_id":{p},"title":"p","partners":[{partner}],"budget_eur":1.0,"trl":3,"start":"2025-01-01","end":"2025-12-31"}}"#
        )
    };
    let r = s.raw(
        "POST",
        "/v1/projects",
        Some(&s.admin),
        &json,
        &project(r#"{"region":"ITC1","organisation":"a","role":"r","organisation":"b"}"#),
    );
    assert_eq!(r.status, 400, "{}", r.text);
    assert!(r.json["detail"]
        .as_str()
        .unwrap()
        .contains(r#"duplicate key "organisation""#));
    assert_eq!(count(&s, "priorities") + count(&s, "projects"), 0);
    // the same bodies without the second key are accepted
    let r = s.raw(
        "POST",
        "/v1/projects",
        Some(&s.admin),
        &json,
        &project(r#"{"region":"ITC1","organisation":"a","role":"r"}"#),
    );
    assert_eq!(r.status, 201, "{}", r.text);
}

#[test]
fn every_top_is_bounded_with_a_problem_naming_it() {
    let s = Server::start();
    let routes = [
        "/v1/regions/ITC1/profile",
        "/v1/regions/ITC1/opportunities",
        "/v1/regions/ITC1/peers",
        "/v1/themes/bioeconomy/partners/ITC1",
    ];
    for path in routes {
        for top in [0, 501, 1_000_000] {
            let r = s.call("GET", &format!("{path}?top={top}"), None, None);
            assert_eq!(r.status, 422, "{path}?top={top}: {}", r.text);
            assert_eq!(r.json["type"], "/problems/invalid");
            assert_eq!(r.json["errors"][0]["field"], "top", "{}", r.text);
            assert_eq!(
                r.json["errors"][0]["message"],
                format!("must be 1-500, got {top}")
            );
        }
        let r = s.call("GET", &format!("{path}?top=500"), None, None);
        assert_eq!(r.status, 200, "{path}?top=500: {}", r.text);
    }
    let r = s.call(
        "GET",
        "/v1/themes/bioeconomy/partners/ITC1?top=500",
        None,
        None,
    );
    let n = r.json["partners"].as_array().unwrap().len();
    assert!((1..=500).contains(&n), "{n}");
    // the store's page size too
    let r = s.call("GET", "/v1/priorities?limit=501", Some(&s.admin), None);
    assert_eq!(
        (r.status, &r.json["errors"][0]["field"]),
        (422, &json!("limit"))
    );
    let meta = s.call("GET", "/v1/meta", None, None);
    assert_eq!(meta.json["limits"]["top_max"], 500);
}

#[test]
fn every_response_carries_the_security_headers() {
    let s = Server::start();
    let csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
               connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    assert_eq!(smartspec_server::CONTENT_SECURITY_POLICY, csp);
    let replies = [
        s.call("GET", "/", None, None),
        s.call("GET", "/assets/app.js", None, None),
        s.call("GET", "/assets/app.css", None, None),
        s.call("GET", "/health", None, None),
        s.call("GET", "/openapi.json", None, None),
        s.call("GET", "/v1/meta", None, None),
        s.call("GET", "/v1/regions/ITC1/profile", None, None),
        s.call("GET", "/no/such/route", None, None),
        s.call("POST", "/v1/priorities", None, Some(&json!({}))),
        s.raw(
            "POST",
            "/v1/priorities",
            Some(&s.admin),
            &["Content-Type: text/plain"],
            "x",
        ),
    ];
    let statuses: Vec<u16> = replies.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 200, 200, 200, 200, 200, 200, 404, 401, 415]);
    for r in &replies {
        assert_eq!(r.header("content-security-policy"), Some(csp), "{r:?}");
        assert_eq!(r.header("x-frame-options"), Some("DENY"));
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    }
}

#[test]
fn a_write_answered_503_is_never_committed() {
    let timeout = Duration::from_millis(200);
    let s = Server::start_with(Limits {
        request_timeout: timeout,
        ..limits()
    });
    // 1. the write starts before the deadline but cannot finish by it:
    // another connection holds the database's write lock for 1.5 s (under
    // the store's 5 s busy timeout)
    let lock = rusqlite::Connection::open(&s.db).unwrap();
    lock.execute_batch("BEGIN IMMEDIATE").unwrap();
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(1500));
        lock.execute_batch("ROLLBACK").unwrap();
    });
    let r = s.raw(
        "POST",
        "/v1/priorities",
        Some(&s.admin),
        &["Content-Type: application/json"],
        &priority("slow"),
    );
    release.join().unwrap();
    // (the count waits for the store's connection, so for the write too)
    let written = count(&s, "priorities");
    assert_eq!(
        (r.status, written),
        (201, 1),
        "a reply other than the write's own outcome: {}",
        r.text
    );
    let id = r.json["id"].as_i64().unwrap();
    let got = s.call("GET", &format!("/v1/priorities/{id}"), Some(&s.admin), None);
    assert_eq!(got.json["title"], "slow");

    // 2. the deadline passes before the write starts (half the body sent):
    // 503, and the write never happens
    let body = priority("never");
    let mut c = TcpStream::connect(s.addr).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        c,
        "POST /v1/priorities HTTP/1.1\r\nHost: t\r\nConnection: close\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{}",
        s.admin,
        body.len(),
        &body[..body.len() / 2]
    )
    .unwrap();
    let mut reply = [0u8; 4096];
    let n = c.read(&mut reply).unwrap();
    let text = String::from_utf8_lossy(&reply[..n]).to_string();
    assert!(text.starts_with("HTTP/1.1 503"), "{text}");
    assert!(text.contains("/problems/timeout"), "{text}");
    assert!(text.contains("nothing was written"), "{text}");
    let _ = c.write_all(&body.as_bytes()[body.len() / 2..]);
    drop(c);
    assert_eq!(count(&s, "priorities"), 1);
}

#[test]
fn the_reply_cache_stays_within_its_byte_budget() {
    let budget = 400 * 1024;
    let s = Server::start_with(Limits {
        cache_bytes: budget,
        ..limits()
    });
    let a = &s.state.analytics;
    assert_eq!(a.cache_budget(), budget);
    let mut served = 0;
    let mut peak = 0;
    for i in 0..60 {
        // distinct keys: every cosine weight is another reply (each ~90 KB)
        let path = format!(
            "/v1/regions/ITC1/peers?top=500&cosine_weight={}",
            1.0 + i as f64 / 64.0
        );
        let r = s.call("GET", &path, None, None);
        assert_eq!(r.status, 200, "{}", r.text);
        served += r.text.len();
        peak = peak.max(a.cache_bytes());
        assert!(
            a.cache_bytes() <= budget,
            "{} bytes cached after {i} replies, budget {budget}",
            a.cache_bytes()
        );
    }
    assert!(served > 10 * budget, "only {served} bytes served");
    assert!(peak > budget / 2, "the cache was barely used: {peak} bytes");
    let entries = a.cache_entries();
    assert!((2..60).contains(&entries), "{entries} entries");
    // the latest reply is kept and answered from the cache
    let last = "/v1/regions/ITC1/peers?top=500&cosine_weight=1.921875";
    let before = a.cache_bytes();
    let r = s.call("GET", last, None, None);
    assert_eq!((r.status, a.cache_bytes()), (200, before));
    let meta: Value = s.call("GET", "/v1/meta", None, None).json;
    assert_eq!(meta["limits"]["cache"]["budget_bytes"], budget);
    let reported = meta["limits"]["cache"]["bytes"].as_u64().unwrap() as usize;
    assert!(reported <= budget && reported > 0, "{reported}");
}

//! An in-process server on 127.0.0.1:0 over a temporary database, with one
//! user per role.

#![allow(dead_code)]

pub mod http;

use serde_json::Value;
use smartspec_store::{Repository, Role};
use std::net::SocketAddr;
use std::path::PathBuf;

pub use http::Reply;

/// A running server and its users' tokens.
pub struct Server {
    pub addr: SocketAddr,
    pub admin: String,
    pub editor: String,
    pub editor_other: String,
    pub expert: String,
    pub expert_other: String,
    pub viewer: String,
    /// The database file.
    pub db: PathBuf,
    /// The served state (its analytics cache is inspected by the tests).
    pub state: smartspec_server::AppState,
    _dir: tempfile::TempDir,
    _rt: tokio::runtime::Runtime,
}

/// The region editor's region and a region it does not edit.
pub const OWN: &str = "ITC1";
pub const OTHER: &str = "DE21";

impl Server {
    /// The default limits without the rate limit (the tests send many
    /// requests from one address and token).
    pub fn start() -> Server {
        Server::start_with(smartspec_server::Limits {
            rate_limit: 0,
            ..smartspec_server::Limits::default()
        })
    }

    pub fn start_with(limits: smartspec_server::Limits) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        let state = smartspec_server::open(&db).unwrap();
        let add = |name: &str, role: Role, regions: &[&str]| {
            let regions: Vec<String> = regions.iter().map(|s| s.to_string()).collect();
            state.store.add_user(None, name, role, &regions).unwrap().1
        };
        let admin = add("ada", Role::Admin, &[]);
        let editor = add("ed", Role::RegionEditor, &[OWN]);
        let editor_other = add("otto", Role::RegionEditor, &[OTHER]);
        let expert = add("eva", Role::Expert, &[]);
        let expert_other = add("xavier", Role::Expert, &[]);
        let viewer = add("vic", Role::Viewer, &[]);
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        rt.spawn(smartspec_server::serve_with(
            listener,
            state.clone(),
            limits,
        ));
        // serving, its limits applied
        let up = http::request(addr, "GET", "/health", None, None).unwrap();
        assert_eq!(up.status, 200, "{}", up.text);
        Server {
            addr,
            admin,
            editor,
            editor_other,
            expert,
            expert_other,
            viewer,
            db,
            state,
            _dir: dir,
            _rt: rt,
        }
    }

    pub fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Reply {
        let b = body.map(|v| v.to_string());
        http::request(self.addr, method, path, token, b.as_deref()).unwrap()
    }

    /// A request with the given extra header lines (`"Name: value"`) and
    /// raw body; no Content-Type unless among `headers`.
    pub fn raw(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        headers: &[&str],
        body: &str,
    ) -> Reply {
        http::raw(self.addr, method, path, token, headers, body).unwrap()
    }

    /// Creates a record as admin and returns its id.
    pub fn make(&self, segment: &str, body: Value) -> i64 {
        let r = self.call(
            "POST",
            &format!("/v1/{segment}"),
            Some(&self.admin),
            Some(&body),
        );
        assert_eq!(r.status, 201, "creating {segment}: {}", r.text);
        r.json["id"].as_i64().unwrap()
    }

    /// Number of audit entries.
    pub fn audit_len(&self) -> usize {
        let mut n = 0;
        let mut cursor = String::new();
        loop {
            let r = self.call(
                "GET",
                &format!("/v1/audit?limit=500{cursor}"),
                Some(&self.admin),
                None,
            );
            assert_eq!(r.status, 200, "{}", r.text);
            n += r.json["items"].as_array().unwrap().len();
            match r.json["next_cursor"].as_str() {
                Some(c) => cursor = format!("&cursor={c}"),
                None => return n,
            }
        }
    }

    /// The latest audit entry.
    pub fn last_audit(&self) -> Value {
        let mut cursor = String::new();
        let mut last = Value::Null;
        loop {
            let r = self.call(
                "GET",
                &format!("/v1/audit?limit=500{cursor}"),
                Some(&self.admin),
                None,
            );
            if let Some(v) = r.json["items"].as_array().and_then(|a| a.last()) {
                last = v.clone();
            }
            match r.json["next_cursor"].as_str() {
                Some(c) => cursor = format!("&cursor={c}"),
                None => return last,
            }
        }
    }
}

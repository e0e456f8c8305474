//! Crash safety of `smartspec serve`: stream acknowledged writes, SIGKILL
//! the real server process in the middle, restart it, and find every
//! acknowledged write present and the database sound
//! (`PRAGMA integrity_check` = ok). 50 cycles here; 1,000 in the ignored
//! soak test (`cargo test -p smartspec-cli --test serve_crash -- --ignored`).

#[path = "../../smartspec-server/tests/common/http.rs"]
#[allow(dead_code)]
mod http;

use smartspec_store::{Repository, Role, SqliteStore};
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn start(db: &Path) -> (Child, SocketAddr) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_smartspec"))
        .args(["serve", "--addr", "127.0.0.1:0", "--db"])
        .arg(db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn smartspec serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("read the address line");
    let addr = line
        .trim()
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .parse()
        .expect("an address");
    (child, addr)
}

/// Every acknowledged (id, title) must be stored with that title.
fn check_present(addr: SocketAddr, token: &str, acked: &[(i64, String)]) {
    let mut stored = std::collections::HashMap::new();
    let mut cursor = String::new();
    loop {
        let r = http::request(
            addr,
            "GET",
            &format!("/v1/priorities?limit=500{cursor}"),
            Some(token),
            None,
        )
        .expect("list after restart");
        assert_eq!(r.status, 200, "{}", r.text);
        for v in r.json["items"].as_array().expect("items") {
            stored.insert(
                v["id"].as_i64().unwrap_or(-1),
                v["title"].as_str().unwrap_or("").to_string(),
            );
        }
        match r.json["next_cursor"].as_str() {
            Some(c) => cursor = format!("&cursor={c}"),
            None => break,
        }
    }
    for (id, title) in acked {
        assert_eq!(stored.get(id), Some(title), "acknowledged write {id} lost");
    }
}

fn cycles(n: usize) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("crash.db");
    let token = SqliteStore::open(&db, Box::new(smartspec_server::EmbeddedCodes))
        .expect("create db")
        .add_user(None, "writer", Role::Admin, &[])
        .expect("user")
        .1;
    let acked: Arc<Mutex<Vec<(i64, String)>>> = Arc::default();
    let mut killed_with_writes_in_flight = 0;
    for cycle in 0..n {
        let (mut child, addr) = start(&db);
        check_present(addr, &token, &acked.lock().expect("lock"));
        let stop = Arc::new(AtomicBool::new(false));
        let writer = {
            let (acked, stop, token) = (acked.clone(), stop.clone(), token.clone());
            std::thread::spawn(move || {
                let mut k = 0;
                while !stop.load(Ordering::Relaxed) {
                    let title = format!("c{cycle}-w{k}");
                    let body = format!(
                        r#"{{"region":"ITC1","title":"{title}","economic_domains":["C29"]}}"#
                    );
                    match http::request(addr, "POST", "/v1/priorities", Some(&token), Some(&body)) {
                        Ok(r) if r.status == 201 => {
                            let id = r.json["id"].as_i64().expect("id");
                            acked.lock().expect("lock").push((id, title));
                        }
                        Ok(r) => panic!("write refused: {} {}", r.status, r.text),
                        Err(_) => return true, // the server died under us
                    }
                    k += 1;
                }
                false
            })
        };
        // kill once the stream runs, after a varying number of milliseconds
        let before = acked.lock().expect("lock").len();
        let started = std::time::Instant::now();
        while acked.lock().expect("lock").len() == before
            && started.elapsed() < Duration::from_secs(10)
        {
            std::thread::sleep(Duration::from_millis(1));
        }
        std::thread::sleep(Duration::from_millis((cycle as u64 * 7) % 30));
        child.kill().expect("SIGKILL");
        child.wait().expect("reap");
        stop.store(true, Ordering::Relaxed);
        if writer.join().expect("writer") {
            killed_with_writes_in_flight += 1;
        }
        let store =
            SqliteStore::open(&db, Box::new(smartspec_server::EmbeddedCodes)).expect("reopen");
        assert_eq!(
            store.integrity_check().expect("integrity_check"),
            "ok",
            "cycle {cycle}"
        );
    }
    let (child, addr) = start(&db);
    check_present(addr, &token, &acked.lock().expect("lock"));
    let mut child = child;
    child.kill().expect("kill");
    child.wait().expect("reap");
    let total = acked.lock().expect("lock").len();
    eprintln!("{n} cycles, {total} acknowledged writes, {killed_with_writes_in_flight} kills with a write in flight");
    assert!(total >= n, "too few writes to mean anything: {total}");
    assert!(
        killed_with_writes_in_flight * 2 >= n,
        "the kill mostly missed the stream: {killed_with_writes_in_flight}"
    );
}

#[test]
fn acknowledged_writes_survive_sigkill_50_cycles() {
    cycles(50);
}

#[test]
#[ignore = "soak: 1,000 cycles, a few minutes"]
fn acknowledged_writes_survive_sigkill_1000_cycles() {
    cycles(1000);
}

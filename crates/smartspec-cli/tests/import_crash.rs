//! Crash safety of `smartspec priorities import`: the whole file is one
//! transaction, so a process killed (SIGKILL) at any moment of an import
//! leaves 0 or all of its rows, never a part, and a re-run after the kill
//! stores each row once.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

const ROWS: i64 = 30_000;

fn count(db: &Path) -> i64 {
    if !db.exists() {
        return 0;
    }
    let c = rusqlite::Connection::open(db).unwrap();
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    c.query_row("SELECT count(*) FROM priorities", [], |r| r.get(0))
        .unwrap_or(0)
}

fn import(file: &Path, db: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_smartspec"))
        .args(["priorities", "import"])
        .arg(file)
        .arg("--db")
        .arg(db)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn smartspec priorities import")
}

#[test]
fn a_killed_import_leaves_none_or_all_of_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.csv");
    let mut csv = String::from("region,title,economic_domains\n");
    for i in 0..ROWS {
        csv.push_str(&format!("ITC1,priority {i},C29;C28\n"));
    }
    std::fs::write(&file, csv).unwrap();
    // one full run, to place the kills across an import's lifetime
    let full = dir.path().join("full.db");
    let t0 = Instant::now();
    assert!(import(&file, &full).wait().unwrap().success());
    let took = t0.elapsed();
    assert_eq!(count(&full), ROWS);
    let mut killed_running = 0;
    let mut outcomes = Vec::new();
    for (i, frac) in [0.05, 0.2, 0.4, 0.6, 0.75, 0.85, 0.92, 0.97]
        .into_iter()
        .enumerate()
    {
        let db = dir.path().join(format!("k{i}.db"));
        let mut child = import(&file, &db);
        std::thread::sleep(took.mul_f64(frac));
        if child.try_wait().unwrap().is_none() {
            killed_running += 1;
        }
        child.kill().ok();
        child.wait().unwrap();
        let n = count(&db);
        assert!(
            n == 0 || n == ROWS,
            "killed at {frac} of the run: {n} of {ROWS} rows"
        );
        outcomes.push(n);
        // a re-run completes the import, each row once
        assert!(import(&file, &db).wait().unwrap().success());
        assert_eq!(count(&db), ROWS, "after the re-run");
    }
    assert!(
        killed_running >= 4,
        "only {killed_running} kills landed mid-import ({took:?})"
    );
    eprintln!("import of {ROWS} rows: {took:?}; rows left by the kills: {outcomes:?}");
}

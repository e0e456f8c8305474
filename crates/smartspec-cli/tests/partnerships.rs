//! `themes`, `partners`, `partnership propose` and `theme-map` end to end on
//! the embedded data, for the five seed themes and a user-defined one.

mod common;
use common::smartspec_env;
use serde_json::Value;
use std::path::PathBuf;

const SEED: [&str; 5] = [
    "big-data",
    "bioeconomy",
    "resource-efficiency",
    "connected-mobility",
    "advanced-manufacturing",
];

/// Runs with no user theme directory, so that the machine's own does not count.
fn run(args: &[&str]) -> std::process::Output {
    smartspec_env(args, &[("XDG_CONFIG_HOME", "/nonexistent-smartspec-test")])
}

fn json(args: &[&str]) -> Value {
    let out = run(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A fresh directory under the temp dir.
fn temp_dir(name: &str) -> PathBuf {
    // one directory per call: the tests of this file run in parallel and
    // must not remove each other's files
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let k = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let d = std::env::temp_dir().join(format!("smartspec-{name}-{}-{k}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

const HYDROGEN: &str = r#"id = "hydrogen"
name = "Hydrogen"
description = "A user theme."
sources = ["test"]

[[stages]]
id = "production"
name = "Production"
activities = ["C20", "D35"]
why = "Electrolysis and reforming."
sources = ["test"]

[[stages]]
id = "equipment"
name = "Equipment"
activities = ["C27", "C28"]
why = "Electrolysers, compressors, fuel cells."
sources = ["test"]

[[stages]]
id = "use"
name = "Use"
activities = ["C24", "H49"]
why = "Steel and transport."
sources = ["test"]
"#;

fn user_dir() -> PathBuf {
    let d = temp_dir("themes");
    std::fs::write(d.join("hydrogen.toml"), HYDROGEN).unwrap();
    d
}

fn check_partners(v: &Value, stages: usize) {
    // `partners --format json` writes the ranked list itself
    let list = v.as_array().unwrap();
    assert!(!list.is_empty());
    let mut last = f64::INFINITY;
    for (i, p) in list.iter().enumerate() {
        for k in [
            "region",
            "name",
            "country",
            "score",
            "rank",
            "strength",
            "stages",
            "shared",
            "complementarity",
            "relatedness",
            "reason",
        ] {
            assert!(p.get(k).is_some(), "missing {k} in {p}");
        }
        assert_eq!(p["rank"].as_u64(), Some(i as u64 + 1));
        let score = p["score"].as_f64().unwrap();
        assert!(score <= last + 1e-12, "not ranked by score");
        last = score;
        let st = p["stages"].as_array().unwrap();
        assert_eq!(st.len(), stages);
        // strength = mean of the stage strengths (missing counted as 0)
        let mean: f64 = st
            .iter()
            .map(|s| s["strength"].as_f64().unwrap_or(0.0))
            .sum::<f64>()
            / stages as f64;
        assert!((mean - p["strength"].as_f64().unwrap()).abs() < 1e-9);
        // score = .6 comp + .2 shared + .2 rel (rel missing as 0)
        let want = 0.6 * p["complementarity"].as_f64().unwrap()
            + 0.2 * p["shared"].as_f64().unwrap()
            + 0.2 * p["relatedness"].as_f64().unwrap_or(0.0);
        assert!((want - score).abs() < 1e-9);
        assert!(!p["reason"].as_str().unwrap().is_empty());
    }
}

#[test]
fn themes_lists_the_seed_and_user_themes() {
    let v = json(&["themes", "--format", "json"]);
    let ids: Vec<&str> = v["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["theme"].as_str().unwrap())
        .collect();
    assert_eq!(ids, SEED);
    let stages = v["stages"].as_array().unwrap();
    let primary = stages
        .iter()
        .find(|s| s["theme"] == "bioeconomy" && s["stage"] == "primary")
        .unwrap();
    assert_eq!(primary["activities"], "lfs:A");
    let dir = user_dir();
    let v = json(&[
        "themes",
        "--themes",
        dir.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(v["themes"].as_array().unwrap().len(), 6);
}

#[test]
fn validate_reports_file_and_line() {
    let dir = temp_dir("validate");
    let good = dir.join("good.toml");
    std::fs::write(&good, HYDROGEN).unwrap();
    let out = run(&["themes", "--validate", good.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout)
        .contains("theme \"hydrogen\", 3 stages, 6 activity codes: valid"));

    let bad = dir.join("bad.toml");
    std::fs::write(
        &bad,
        HYDROGEN
            .replace("[\"C27\", \"C28\"]", "[]")
            .replace("\"H49\"", "\"H99\""),
    )
    .unwrap();
    let dup = dir.join("dup.toml");
    std::fs::write(&dup, HYDROGEN).unwrap();
    let out = run(&[
        "themes",
        "--validate",
        bad.to_str().unwrap(),
        dup.to_str().unwrap(),
        good.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let b = bad.display();
    assert!(
        err.contains(&format!(
            "{b}:16: empty stage \"equipment\": no activity code"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{b}:23: stage \"use\": unknown activity code \"H99\""
        )),
        "{err}"
    );
    // dup.toml and good.toml share an id: the second is the duplicate
    assert!(
        err.contains(&format!(
            "{}:1: duplicate theme id \"hydrogen\" (also in {})",
            good.display(),
            dup.display()
        )),
        "{err}"
    );
}

#[test]
fn partners_for_every_theme_and_a_user_theme() {
    for t in SEED {
        let v = json(&["partners", "ITC1", "--theme", t, "--format", "json"]);
        assert_eq!(v.as_array().unwrap().len(), 10);
        check_partners(&v, 5);
    }
    let dir = user_dir();
    let v = json(&[
        "partners",
        "DE11",
        "--theme",
        "hydrogen",
        "--themes",
        dir.to_str().unwrap(),
        "--top",
        "1000",
        "--format",
        "json",
    ]);
    check_partners(&v, 3);
    // --top beyond the candidates lists every other region with data
    let n = v.as_array().unwrap().len();
    assert!(n > 270 && n < 283, "{n}");
}

#[test]
fn weights_change_the_partner_ranking() {
    let by = |w: [&str; 3]| -> Vec<Value> {
        let v = json(&[
            "partners",
            "FI1B",
            "--theme",
            "big-data",
            "--top",
            "1000",
            "--format",
            "json",
            "--complementarity-weight",
            w[0],
            "--shared-weight",
            w[1],
            "--relatedness-weight",
            w[2],
        ]);
        v.as_array().unwrap().clone()
    };
    let shared = by(["0", "1", "0"]);
    let comp = by(["1", "0", "0"]);
    let key =
        |l: &[Value], k: &str| -> Vec<f64> { l.iter().map(|p| p[k].as_f64().unwrap()).collect() };
    // each weighting ranks by its own term
    assert!(key(&shared, "shared")
        .windows(2)
        .all(|w| w[0] >= w[1] - 1e-12));
    assert!(key(&comp, "complementarity")
        .windows(2)
        .all(|w| w[0] >= w[1] - 1e-12));
    assert_ne!(shared[0]["region"], comp[0]["region"]);
    let out = run(&[
        "partners",
        "FI1B",
        "--theme",
        "big-data",
        "--shared-weight",
        "-1",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn propose_exact_greedy_leads_and_all() {
    let eu = |c: &str| c != "NO" && c != "CH";
    for t in SEED {
        let v = json(&["partnership", "propose", "--theme", t, "--format", "json"]);
        let p = &v["partnerships"][0];
        assert_eq!(p["method"], "exact");
        let m = p["members"].as_array().unwrap();
        assert_eq!(m.len(), 5);
        let mut states: Vec<&str> = m
            .iter()
            .map(|x| x["country"].as_str().unwrap())
            .filter(|c| eu(c))
            .collect();
        states.sort();
        states.dedup();
        assert!(states.len() >= 3);
        assert_eq!(p["member_states"].as_u64(), Some(states.len() as u64));
        assert!(p["objective"].as_f64().unwrap() > 0.0 && p["objective"].as_f64().unwrap() <= 1.0);
    }
    // leads are kept; K = 6 is greedy with its guarantee
    let v = json(&[
        "partnership",
        "propose",
        "--theme",
        "big-data",
        "--lead",
        "NL41",
        "FI1B",
        "--size",
        "6",
        "--format",
        "json",
    ]);
    let p = &v["partnerships"][0];
    assert_eq!(p["method"], "greedy");
    assert!(p["guarantee"].as_f64().unwrap() >= 1.0 - (-1f64).exp() - 1e-9);
    assert!(p["upper_bound"].as_f64().unwrap() >= p["objective"].as_f64().unwrap());
    let m = p["members"].as_array().unwrap();
    let leads: Vec<&str> = m
        .iter()
        .filter(|x| x["role"] == "lead")
        .map(|x| x["region"].as_str().unwrap())
        .collect();
    assert_eq!(leads.len(), 2);
    assert!(leads.contains(&"NL41") && leads.contains(&"FI1B"));
    // --all: disjoint
    let v = json(&[
        "partnership",
        "propose",
        "--all",
        "--theme",
        "resource-efficiency",
        "--top",
        "3",
        "--format",
        "json",
    ]);
    let ps = v["partnerships"].as_array().unwrap();
    assert_eq!(ps.len(), 3);
    let mut all: Vec<&str> = ps
        .iter()
        .flat_map(|p| {
            p["members"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x["region"].as_str().unwrap())
        })
        .collect();
    all.sort();
    let n = all.len();
    all.dedup();
    assert_eq!((n, all.len()), (15, 15));
    // objectives do not increase from one partnership to the next
    let obj: Vec<f64> = ps
        .iter()
        .map(|p| p["objective"].as_f64().unwrap())
        .collect();
    assert!(obj.windows(2).all(|w| w[0] >= w[1] - 1e-12));
    // a size below the rule is refused
    let out = run(&[
        "partnership",
        "propose",
        "--theme",
        "big-data",
        "--size",
        "2",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot span 3 Member States"));
}

#[test]
fn theme_map_and_user_theme_end_to_end() {
    let dir = user_dir();
    let svg = dir.join("h.svg");
    let out = run(&[
        "theme-map",
        "--theme",
        "hydrogen",
        "--themes",
        dir.to_str().unwrap(),
        "--svg",
        svg.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.contains("Hydrogen: regional strength in the value chain, 2014"));
    assert!(text.matches("class=\"region\"").count() > 260);
    let v = json(&[
        "partnership",
        "propose",
        "--theme",
        "hydrogen",
        "--themes",
        dir.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(v["partnerships"][0]["members"].as_array().unwrap().len(), 5);
    // Mayotte (FRA5) has no SBS data in 2014: a clear refusal, not a ranking
    let out = run(&["partners", "FRA5", "--theme", "big-data"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("region FRA5 has no data in 2014"));
    let out = run(&["partners", "ITC1", "--theme", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("unknown theme \"nope\"; themes: big-data, bioeconomy"));
}

#[test]
fn a_proposal_is_saved_as_a_record_with_its_members() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let db = db.to_str().unwrap();
    let o = run(&[
        "partnership",
        "propose",
        "--theme",
        "big-data",
        "--lead",
        "ITC1",
        "--save",
        "--db",
        db,
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["saved"], serde_json::json!([1]));
    let proposed: Vec<String> = v["partnerships"][0]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["region"].as_str().unwrap().to_string())
        .collect();
    let c = rusqlite::Connection::open(db).unwrap();
    let (status, data): (String, String) = c
        .query_row(
            "SELECT status, data FROM partnerships WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(status, "proposed");
    let p: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert_eq!(
        (p["theme"].as_str(), p["lead_regions"].clone()),
        (Some("big-data"), serde_json::json!(["ITC1"]))
    );
    let mut st = c
        .prepare("SELECT region FROM partnership_members WHERE partnership_id = 1 ORDER BY id")
        .unwrap();
    let stored: Vec<String> = st
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let mut expected: Vec<String> = proposed.into_iter().filter(|r| r != "ITC1").collect();
    let mut got = stored.clone();
    expected.sort();
    got.sort();
    assert_eq!(got, expected);
    assert_eq!(stored.len(), 4);
}

//! The external validity of complexity and the ECI sign rule, as a user
//! meets them: `indicators`' stderr and `meta.json`, `opportunities`, the
//! `--preset` / `--eci-sign` flags.
//!
//! The anchors are the figures measured on the embedded 2014 data when the
//! eigenvector was oriented by diversity (issue 16: Spearman(ECI, GDP per
//! head in PPS) = −0.47, Spearman(ECI, knowledge-intensive share) = −0.70).
//! Orienting by income flips the sign of the whole eigenvector, so the same
//! magnitudes must come back positive, and the peer preset keeps the old ones.

mod common;
use common::smartspec;
use serde_json::Value;

fn meta(args: &[&str], name: &str) -> (Value, String) {
    let dir =
        std::env::temp_dir().join(format!("smartspec-validity-{}-{name}", std::process::id()));
    let mut a = vec![
        "indicators",
        "--year",
        "2014",
        "--out",
        dir.to_str().unwrap(),
    ];
    a.extend_from_slice(args);
    let out = smartspec(&a);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let m: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("meta.json")).unwrap()).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    (m, String::from_utf8_lossy(&out.stderr).into_owned())
}

fn rho(m: &Value, measure: &str, key: &str) -> f64 {
    let v = &m["validity"][0]["measures"];
    let e = v
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["measure"] == measure)
        .unwrap();
    e[key]["spearman"].as_f64().unwrap()
}

#[test]
fn the_default_orients_eci_by_income_and_passes() {
    let (m, err) = meta(&[], "default");
    assert_eq!(m["validity"][0]["year"], 2014);
    assert_eq!(m["validity"][0]["eci_sign"]["rule"], "income");
    assert!(m["conventions"]["eci_sign"]
        .as_str()
        .unwrap()
        .starts_with("income"));
    // the magnitudes, now with the right sign
    assert!((rho(&m, "eci", "region_vs_gdp_per_head") - 0.47).abs() < 0.005);
    assert!((rho(&m, "eci", "region_vs_knowledge_intensive_share") - 0.70).abs() < 0.005);
    assert!(rho(&m, "eci", "activity_vs_gdp_of_specialised_regions") >= 0.3);
    assert_eq!(m["validity"][0]["passing"], "eci");
    assert!(err.contains("validity 2014 ECI/PCI: PASSES"), "{err}");
    // fitness is printed and fails on this panel: its region-side
    // correlation with income is near zero
    assert!(rho(&m, "fitness", "region_vs_gdp_per_head").abs() < 0.3);
    assert!(
        err.contains("validity 2014 fitness/fitness-complexity: FAILS"),
        "{err}"
    );
}

#[test]
fn the_growthlab_preset_keeps_the_diversity_rule_and_fails() {
    let (m, err) = meta(&["--preset", "growthlab"], "growthlab");
    assert_eq!(m["validity"][0]["eci_sign"]["rule"], "diversity");
    assert!((rho(&m, "eci", "region_vs_gdp_per_head") + 0.47).abs() < 0.005);
    assert!((rho(&m, "eci", "region_vs_knowledge_intensive_share") + 0.70).abs() < 0.005);
    assert!(m["validity"][0]["passing"].is_null());
    assert!(err.contains("no complexity measure passes"), "{err}");
    // --eci-sign overrides the preset's rule
    let (m, _) = meta(
        &["--preset", "growthlab", "--eci-sign", "income"],
        "override",
    );
    assert_eq!(m["validity"][0]["eci_sign"]["rule"], "income");
    assert!((rho(&m, "eci", "region_vs_gdp_per_head") - 0.47).abs() < 0.005);
    let out = smartspec(&["indicators", "--out", "/tmp/x", "--eci-sign", "gdp"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--eci-sign"));
}

#[test]
fn a_failing_axis_is_shown_but_not_ranked_by() {
    // fitness fails in 2014: Lorraine's list is ranked by feasibility alone
    // (the issue: coal B05 and tobacco C12 came first by fitness)
    let out = smartspec(&[
        "opportunities",
        "FR41",
        "--complexity",
        "fitness",
        "--top",
        "40",
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = j.to_string();
    assert!(text.contains("score = feasibility"), "{text}");
    assert_eq!(j["ranked_by_value"], false);
    let opps = j["opportunities"].as_array().unwrap();
    // the score is the feasibility term alone: the entry model's log-odds,
    // so the list is in decreasing order of the entry probability
    assert_eq!(j["feasibility_by_model"], true);
    let p: Vec<f64> = opps
        .iter()
        .map(|o| o["entry_probability"].as_f64().unwrap())
        .collect();
    assert!(
        p.windows(2).all(|w| w[0] >= w[1] - 1e-12),
        "ranked by feasibility: {p:?}"
    );
    for o in opps {
        let (score, f) = (
            o["score"].as_f64().unwrap(),
            o["feasibility_z"].as_f64().unwrap(),
        );
        assert!((score - f).abs() < 1e-12);
    }
    assert_ne!(opps[0]["activity"], "B05");
}

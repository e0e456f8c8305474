//! `smartspec indicators` and `smartspec bench` end to end.

mod common;
use common::smartspec;

use std::collections::HashMap;
use std::path::PathBuf;

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("smartspec-ind-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn read(dir: &std::path::Path, table: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(dir.join(format!("{table}.csv"))).unwrap();
    text.lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

#[test]
fn embedded_data_all_tables_and_meta() {
    let dir = temp_dir("all");
    let out = smartspec(&["indicators", "--out", dir.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for t in [
        "rca",
        "density",
        "cog",
        "diversity",
        "eci",
        "fitness",
        "coi",
        "ubiquity",
        "pci",
        "fc_complexity",
        "proximity",
        "specialisation",
        "concentration",
        "rpop",
    ] {
        let rows = read(&dir, t);
        assert!(rows.len() > 1, "{t} is empty");
        let text = std::fs::read_to_string(dir.join(format!("{t}.csv"))).unwrap();
        assert!(
            !text.contains("NaN") && !text.contains("inf"),
            "{t} holds a non-finite number"
        );
    }
    assert_eq!(
        read(&dir, "rca")[0],
        ["region", "activity", "year", "value"]
    );
    assert_eq!(read(&dir, "eci")[0], ["region", "year", "value"]);
    assert_eq!(read(&dir, "pci")[0], ["activity", "year", "value"]);
    assert_eq!(
        read(&dir, "proximity")[0],
        ["activity_a", "activity_b", "year", "value"]
    );
    assert_eq!(
        read(&dir, "specialisation")[0],
        ["region", "year", "index", "value"]
    );
    assert_eq!(
        read(&dir, "concentration")[0],
        ["activity", "year", "index", "value"]
    );
    // ECI: mean 0, population sd 1 in every year
    let mut by_year: HashMap<String, Vec<f64>> = HashMap::new();
    for r in read(&dir, "eci").iter().skip(1) {
        if let Ok(v) = r[2].parse::<f64>() {
            by_year.entry(r[1].clone()).or_default().push(v);
        }
    }
    assert_eq!(by_year.len(), 8);
    for (y, v) in &by_year {
        let n = v.len() as f64;
        let m = v.iter().sum::<f64>() / n;
        let sd = (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / n).sqrt();
        assert!(
            m.abs() < 1e-9 && (sd - 1.0).abs() < 1e-9,
            "{y}: mean {m} sd {sd}"
        );
    }
    // 2015 covers 167 regions: only those are in its tables
    assert_eq!(
        read(&dir, "diversity")
            .iter()
            .filter(|r| r[1] == "2015")
            .count(),
        167
    );
    // related + unrelated variety = entropy of the division shares (decomposition)
    let spec = read(&dir, "specialisation");
    let get = |idx: &str| {
        spec.iter()
            .find(|r| r[0] == "ITC1" && r[1] == "2014" && r[2] == idx)
            .unwrap()[3]
            .parse::<f64>()
            .unwrap()
    };
    assert!((get("related_variety") + get("unrelated_variety") - get("entropy")).abs() < 1e-9);
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("meta.json")).unwrap()).unwrap();
    assert_eq!(meta["regions_classification"], "nuts2013");
    assert_eq!(meta["years"].as_array().unwrap().len(), 8);
    assert_eq!(meta["conventions"]["rca_threshold"], 1.0);
    assert!(meta["input_hash"].as_str().unwrap().starts_with("fnv1a64:"));
}

#[test]
fn rca_of_the_table_equals_the_region_profile() {
    let dir = temp_dir("one");
    let out = smartspec(&[
        "indicators",
        "--year",
        "2014",
        "--out",
        dir.to_str().unwrap(),
        "--preset",
        "econcomplex",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rca: f64 = read(&dir, "rca")
        .iter()
        .find(|r| r[0] == "ITC1" && r[1] == "C29")
        .unwrap()[3]
        .parse()
        .unwrap();
    let profile: serde_json::Value =
        serde_json::from_slice(&smartspec(&["region", "ITC1", "--format", "json"]).stdout).unwrap();
    let lq = profile["top_location_quotients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["activity"] == "C29")
        .unwrap()["lq"]
        .as_f64()
        .unwrap();
    assert_eq!(rca, lq);
    // econcomplex preset: density on 0-100
    let max = read(&dir, "density")
        .iter()
        .skip(1)
        .filter_map(|r| r[3].parse::<f64>().ok())
        .fold(0.0, f64::max);
    assert!(max > 1.0 && max <= 100.0, "{max}");
}

#[test]
fn parquet_tables_and_bad_options() {
    let dir = temp_dir("pq");
    let out = smartspec(&[
        "indicators",
        "--years",
        "2013..2014",
        "--format",
        "parquet",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.join("rca.parquet").exists() && dir.join("proximity.parquet").exists());
    // the Parquet table reads back as a panel: rca is region,activity,year,value
    let back = smartspec(&[
        "data",
        "validate",
        dir.join("rca.parquet").to_str().unwrap(),
        "--regions",
        "nuts2013",
        "--measure",
        "signed",
    ]);
    assert!(
        back.status.success(),
        "{}",
        String::from_utf8_lossy(&back.stdout)
    );
    let bad = smartspec(&[
        "indicators",
        "--year",
        "1999",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("year 1999 is not in the data"));
    let bad = smartspec(&[
        "indicators",
        "--fitness-iterations",
        "many",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--fitness-iterations"));
}

#[test]
fn bench_reports_every_stage() {
    let out = smartspec(&[
        "bench",
        "--synthetic",
        "40,60,2",
        "--repeat",
        "2",
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for k in ["read_s", "compute_s", "peak_rss_mib"] {
        assert!(j[k].as_f64().unwrap() > 0.0, "{k}");
    }
    let stages = j["stages"].as_object().unwrap();
    let keys: Vec<&str> = stages.keys().map(|k| k.as_str()).collect();
    assert_eq!(keys.len(), 8);
    for k in [
        "rca_s",
        "mcp_s",
        "diversity_ubiquity_s",
        "proximity_s",
        "density_s",
        "eci_pci_s",
        "fitness_s",
        "coi_cog_s",
    ] {
        assert!(stages[k].as_f64().unwrap() > 0.0, "stage {k} did not run");
    }
    assert_eq!(j["regions"], 40);
    assert!(j["output_values"].as_u64().unwrap() > 2 * 40 * 60);
    // the peers' pipeline by default; the structure indices on request
    assert_eq!(j["structure_indices"], false);
    let with = smartspec(&[
        "bench",
        "--synthetic",
        "40,60,2",
        "--repeat",
        "1",
        "--structure-indices",
        "--format",
        "json",
    ]);
    let w: serde_json::Value = serde_json::from_slice(&with.stdout).unwrap();
    assert_eq!(w["structure_indices"], true);
    assert_eq!(w["output_values"], j["output_values"]);
}

#[test]
fn econgeo_preset_gives_sum_normalised_kci() {
    let dir = temp_dir("econgeo");
    let out = smartspec(&[
        "indicators",
        "--preset",
        "econgeo",
        "--year",
        "2014",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // EconGeo's KCI and TCI are v / sum(v): they sum to +1 or -1
    for t in ["eci", "pci"] {
        let s: f64 = read(&dir, t)
            .iter()
            .skip(1)
            .filter_map(|r| r[2].parse::<f64>().ok())
            .sum();
        assert!((s.abs() - 1.0).abs() < 1e-9, "{t}: {s}");
    }
    let meta = std::fs::read_to_string(dir.join("meta.json")).unwrap();
    assert!(meta.contains("EconGeo KCI/TCI"));
}

#[test]
fn econgeo_relatedness_normalisations_are_selectable() {
    let dir = temp_dir("relatedness");
    let out = smartspec(&[
        "indicators",
        "--year",
        "2014",
        "--relatedness",
        "cosine",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // cosine of co-occurrence lies in [0, 1]; density is a weighted share in [0, 1]
    for t in ["proximity", "density"] {
        let v: Vec<f64> = read(&dir, t)
            .iter()
            .skip(1)
            .filter_map(|r| r[r.len() - 1].parse::<f64>().ok())
            .collect();
        assert!(
            !v.is_empty() && v.iter().all(|x| (0.0..=1.0 + 1e-12).contains(x)),
            "{t}"
        );
    }
    let meta = std::fs::read_to_string(dir.join("meta.json")).unwrap();
    assert!(meta.contains("Cosine"), "{meta}");
    let bad = smartspec(&[
        "indicators",
        "--relatedness",
        "pearson",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(bad.status.code(), Some(2));
}

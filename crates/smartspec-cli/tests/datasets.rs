//! A user's own data through every command: datasets built with `smartspec
//! dataset build` from a Eurostat TSV and from a long CSV (real Eurostat
//! extracts, `tests/data/README.md`), the `--input` shorthand, and a panel
//! with free codes against the table of what each command needs
//! (`smartspec dataset build --help`).

mod common;

use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Output;

fn data(name: &str) -> String {
    format!("tests/data/{name}")
}

fn ok(args: &[&str]) -> Output {
    let out = common::smartspec(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn json(args: &[&str]) -> Value {
    serde_json::from_slice(&ok(args).stdout).unwrap()
}

fn refused(args: &[&str], code: i32, text: &str) {
    let out = common::smartspec(args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
    assert!(err.contains(text), "{args:?}: {err}");
}

fn gunzip(path: &str) -> String {
    let full = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")).join(path);
    let mut s = String::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(full).unwrap())
        .read_to_string(&mut s)
        .unwrap();
    s
}

/// The value of a TSV line `NACE,V16110,GEO` in `year` (columns 2015..2008).
fn tsv_value(text: &str, key: &str, year: i32) -> f64 {
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("{key}\t")))
        .unwrap();
    let col = (2015 - year) as usize + 1;
    line.split('\t').nth(col).unwrap().trim().parse().unwrap()
}

fn build(dir: &Path, args: &[&str]) {
    let d = dir.to_str().unwrap();
    let mut all = vec!["dataset", "build", d];
    all.extend_from_slice(args);
    ok(&all);
}

#[test]
fn a_dataset_from_a_eurostat_tsv_serves_every_command() {
    let tmp = tempfile::tempdir().unwrap();
    let ds = tmp.path().join("at-cz");
    let tsv = data("sbs_v16110_at_cz_dk_hu_si_sk.tsv.gz");
    let ctx = data("context_at_cz_dk_hu_si_sk.csv.gz");
    build(
        &ds,
        &["--panel", &tsv, "--context", &ctx, "--activities", "nace"],
    );
    let manifest = std::fs::read_to_string(ds.join("dataset.toml")).unwrap();
    for line in [
        "schema = 1",
        "nuts_version = \"nuts2013\"",
        "activities = \"nace\"",
        "reference_area = \"EU28 regions\"",
        "default_year = 2015",
        "role = \"panel\"",
        "role = \"context\"",
        "years = [2008, 2015]",
    ] {
        assert!(manifest.contains(line), "{line}\n{manifest}");
    }
    let d = ds.to_str().unwrap();

    // the profile reads the file's values: AT11 G47 and C10 in 2015 (the
    // dataset's default year: 35 of its 39 codes have data)
    let text = gunzip(&tsv);
    let p = json(&[
        "region",
        "AT11",
        "--dataset",
        d,
        "--format",
        "json",
        "--top",
        "68",
    ]);
    assert_eq!(p["year"], 2015);
    assert_eq!(p["country"], "AT");
    for act in ["G47", "C10"] {
        let row = p["top_activities"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["activity"] == act)
            .unwrap();
        assert_eq!(
            row["employment"].as_f64(),
            Some(tsv_value(&text, &format!("{act},V16110,AT11"), 2015))
        );
    }
    assert!(p["notes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n.as_str().unwrap().contains("reference area: EU28 regions")));

    // every command of the table, on the dataset, in its default year
    every_command(d, ["CZ01", "DK01", "AT13", "SK01", "HU10"], 2015, true);
    let partners = json(&[
        "partners",
        "AT22",
        "--theme",
        "bioeconomy",
        "--dataset",
        d,
        "--format",
        "json",
    ]);
    let list = partners.as_array().unwrap();
    assert_eq!(list.len(), 10);
    assert!(list
        .iter()
        .all(|p| p["year"] == 2015 && p["region"] != "AT22"));
    let svg = tmp.path().join("bio.svg");
    let out = ok(&[
        "theme-map",
        "--theme",
        "bioeconomy",
        "--svg",
        svg.to_str().unwrap(),
        "--dataset",
        d,
    ]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("35 regions drawn"));
    let out_dir = tmp.path().join("ind");
    ok(&[
        "indicators",
        "--out",
        out_dir.to_str().unwrap(),
        "--dataset",
        d,
    ]);
    let meta: Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("meta.json")).unwrap()).unwrap();
    assert_eq!(meta["reference_area"], "EU28 regions");
    assert_eq!(meta["default_year"], 2015);

    // a second build into the same directory is refused without --force
    refused(
        &[
            "dataset",
            "build",
            d,
            "--panel",
            &tsv,
            "--activities",
            "nace",
        ],
        2,
        "already exists; use --force",
    );
    build(
        &ds,
        &[
            "--panel",
            &tsv,
            "--context",
            &ctx,
            "--activities",
            "nace",
            "--force",
        ],
    );
    // a file changed after the build is refused, naming it
    let panel = ds.join("panel.csv.gz");
    let mut bytes = std::fs::read(&panel).unwrap();
    bytes.push(0);
    std::fs::write(&panel, bytes).unwrap();
    refused(
        &["region", "AT11", "--dataset", d],
        1,
        "panel.csv.gz: SHA-256",
    );
}

/// Runs every command of the per-command table on dataset `d` (regions of
/// it for the single-region commands) and checks the year each reports;
/// `skills`: whether the dataset has enough regions for the skills
/// regression (30), else its refusal is checked.
fn every_command(d: &str, r: [&str; 5], year: i32, skills: bool) {
    if !skills {
        refused(
            &["skills", r[3], "--dataset", d],
            2,
            "regions have both sector shares and education data (at least 30 needed)",
        );
    }
    for (args, year_key) in [
        (vec!["opportunities", r[0]], Some("year")),
        (vec!["peers", r[1]], Some("year")),
        (vec!["transition", "--top", "5"], Some("year")),
        (vec!["innovation", r[2]], Some("year")),
        (vec!["skills", r[3]], Some("year")),
        (vec!["diagnose", r[4]], Some("year")),
        (vec!["region", r[4]], Some("year")),
        (vec!["partnership", "propose", "--theme", "big-data"], None),
        (vec!["backtest"], None),
    ] {
        if args[0] == "skills" && !skills {
            continue;
        }
        let mut a = args.clone();
        a.extend(["--dataset", d, "--format", "json"]);
        let v = json(&a);
        if let Some(k) = year_key {
            assert_eq!(v[k], year, "{args:?}");
        }
    }
    let p = json(&[
        "partners",
        r[0],
        "--theme",
        "bioeconomy",
        "--dataset",
        d,
        "--format",
        "json",
    ]);
    assert!(p
        .as_array()
        .is_some_and(|l| !l.is_empty() && l.iter().all(|x| x["year"] == year)));
}

/// RCA of `region` in `activity` by hand from a long CSV, by the rule of
/// `docs/conventions.md`: `(x_ra / X_r) / (X_a / X)` with `X_r` the sum of
/// the region's published cells, and `X_a / X` over the regions that
/// publish `x_a` (confidential cells are left out of the reference shares).
fn rca_by_hand(csv_text: &str, region: &str, activity: &str, year: &str) -> f64 {
    use std::collections::HashMap;
    let mut total: HashMap<&str, f64> = HashMap::new();
    let mut cell: HashMap<&str, f64> = HashMap::new();
    for line in csv_text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if f[2] != year {
            continue;
        }
        let Ok(v) = f[3].parse::<f64>() else { continue };
        *total.entry(f[0]).or_default() += v;
        if f[1] == activity {
            cell.insert(f[0], v);
        }
    }
    let x_a: f64 = cell.values().sum();
    let x: f64 = cell.keys().map(|r| total[r]).sum();
    (cell[region] / total[region]) / (x_a / x)
}

#[test]
fn a_dataset_from_a_long_csv_and_the_input_shorthand_agree() {
    let tmp = tempfile::tempdir().unwrap();
    let ds = tmp.path().join("be-nl");
    let csv = data("sbs_be_nl_pt_ie.csv.gz");
    let ctx = data("context_be_nl_pt_ie.csv.gz");
    let read = ["--regions", "nuts2013", "--activities", "nace"];
    let mut args = vec!["--panel", csv.as_str(), "--context", ctx.as_str()];
    args.extend(read);
    build(&ds, &args);
    let d = ds.to_str().unwrap();
    let from_ds = json(&[
        "region",
        "BE21",
        "--dataset",
        d,
        "--top",
        "68",
        "--format",
        "json",
    ]);
    let mut short = vec![
        "region",
        "BE21",
        "--input",
        &csv,
        "--context",
        &ctx,
        "--top",
        "68",
        "--format",
        "json",
    ];
    short.extend(read);
    let from_input = json(&short);
    assert_eq!(from_ds["year"], 2014);
    for k in [
        "top_activities",
        "top_location_quotients",
        "employment_by_section",
        "employment_total",
        "context",
    ] {
        assert_eq!(from_ds[k], from_input[k], "{k}");
    }
    // the figures are the file's: employment of C20 in 2014, and its
    // location quotient against the four countries' regions by hand
    let text = gunzip(&csv);
    let lq = from_ds["top_location_quotients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["activity"] == "C20")
        .unwrap();
    assert_eq!(lq["employment"].as_f64(), Some(16850.0));
    let hand = rca_by_hand(&text, "BE21", "C20", "2014");
    assert!(
        (lq["lq"].as_f64().unwrap() - hand).abs() < 1e-12,
        "{lq} vs {hand}"
    );
    // only 28 regions have LFS sector and education data in 2014: too
    // few for the skills regression, refused as such
    every_command(d, ["BE21", "NL33", "PT11", "IE02", "NL41"], 2014, false);
    // innovation on the dataset ranks its own regions only
    let inn = json(&[
        "innovation",
        "--dataset",
        d,
        "--format",
        "json",
        "--draws",
        "50",
    ]);
    let regions = inn["regions"].as_array().unwrap();
    assert!(regions
        .iter()
        .all(|r| ["BE", "NL", "PT", "IE"].contains(&r["country"].as_str().unwrap())));
    assert_eq!(inn["year"], 2014);
}

/// EconGeo's `location.quotient` example (anchors F2): rows R1..R5, columns
/// I1..I5, with the published RCA matrix.
const F2: [[f64; 5]; 5] = [
    [100.0, 0.0, 0.0, 0.0, 0.0],
    [0.0, 15.0, 5.0, 70.0, 10.0],
    [0.0, 20.0, 10.0, 20.0, 50.0],
    [0.0, 25.0, 30.0, 5.0, 40.0],
    [0.0, 40.0, 55.0, 5.0, 0.0],
];

fn write_f2(dir: &Path, activities: [&str; 5]) -> PathBuf {
    let mut s = String::from("region,activity,year,value\n");
    for (r, row) in F2.iter().enumerate() {
        for (a, v) in row.iter().enumerate() {
            for year in [2013, 2014] {
                s.push_str(&format!("R{},{},{year},{v}\n", r + 1, activities[a]));
            }
        }
    }
    let path = dir.join(format!("f2-{}.csv", activities[0]));
    std::fs::write(&path, s).unwrap();
    path
}

#[test]
fn a_free_coded_panel_gets_what_it_supports_and_clear_refusals() {
    let tmp = tempfile::tempdir().unwrap();
    let f = write_f2(tmp.path(), ["I1", "I2", "I3", "I4", "I5"]);
    let f = f.to_str().unwrap();
    let free = ["--input", f, "--regions", "free"];
    let with = |args: &[&str]| -> Vec<String> {
        args.iter()
            .map(|s| s.to_string())
            .chain(free.iter().map(|s| s.to_string()))
            .collect()
    };
    let run = |args: Vec<String>| {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        common::smartspec(&a)
    };
    // region: the published RCA of R2 (I4 3.5, I2 0.75), no country, the
    // reference named as what it is
    let mut a = with(&["region", "R2", "--format", "json"]);
    a.push("--top".into());
    a.push("5".into());
    let out = run(a);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let p: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(p["country"], Value::Null);
    let lq: Vec<(String, f64)> = p["top_location_quotients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["activity"].as_str().unwrap().to_string(),
                r["lq"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(lq[0].0, "I4");
    assert!((lq[0].1 - 3.5).abs() < 1e-12, "{lq:?}");
    let i2 = lq.iter().find(|(c, _)| c == "I2").unwrap().1;
    assert!((i2 - 0.75).abs() < 1e-12);
    let notes: Vec<&str> = p["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("reference area: all 5 regions of the dataset")),
        "{notes:?}"
    );
    assert!(
        notes.iter().any(|n| n.contains("country: none")),
        "{notes:?}"
    );
    assert!(!notes.iter().any(|n| n.contains("EU28")), "{notes:?}");

    // what any panel supports
    for args in [
        with(&["opportunities", "R3", "--format", "json"]),
        with(&["peers", "R2", "--format", "json"]),
    ] {
        let out = run(args.clone());
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = run(with(&["peers", "R2", "--format", "json"]));
    let peers: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        peers["variables"], 0,
        "no context: the activity structure alone"
    );
    assert_eq!(peers["peers"].as_array().unwrap().len(), 4);
    let dir = tmp.path().join("ind");
    let out = run(with(&["indicators", "--out", dir.to_str().unwrap()]));
    assert!(out.status.success());

    // what it lacks, said with how to add it
    for (args, text) in [
        (
            with(&["partners", "R2", "--theme", "big-data"]),
            "needs activities coded as NACE Rev. 2 divisions",
        ),
        (
            with(&["partnership", "propose", "--theme", "big-data"]),
            "needs activities coded as NACE Rev. 2 divisions",
        ),
        (with(&["transition"]), "needs context indicators"),
        (with(&["innovation", "R2"]), "needs context indicators"),
        (with(&["skills", "R2"]), "needs context indicators"),
        (with(&["diagnose", "R2"]), "needs context indicators"),
    ] {
        let out = run(args.clone());
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(text) && err.contains("dataset build"),
            "{args:?}: {err}"
        );
    }
    // NACE divisions with free region codes: themes work, maps cannot
    let g = write_f2(tmp.path(), ["C10", "C11", "C20", "J62", "M72"]);
    let svg = tmp.path().join("m.svg");
    let out = common::smartspec(&[
        "theme-map",
        "--theme",
        "bioeconomy",
        "--svg",
        svg.to_str().unwrap(),
        "--input",
        g.to_str().unwrap(),
        "--regions",
        "free",
        "--activities",
        "nace",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("needs a map geometry"), "{err}");
}

#[test]
fn serve_on_a_free_coded_panel() {
    let tmp = tempfile::tempdir().unwrap();
    let f = write_f2(tmp.path(), ["I1", "I2", "I3", "I4", "I5"]);
    let server = common::Server::start(&["--regions", "free", "--input", f.to_str().unwrap()]);
    let meta = server.json("/v1/meta");
    let profile = server.get("/v1/regions/R2/profile");
    let geometry = server.get("/v1/geometry");
    let transition = server.get("/v1/transition");
    assert_eq!(meta["regions"], 5);
    assert_eq!(meta["reference_area"], "all 5 regions of the dataset");
    assert_eq!(meta["has_geometry"], false);
    assert_eq!(profile.0, 200);
    let p: Value = serde_json::from_str(&profile.1).unwrap();
    assert_eq!(p["country"], Value::Null);
    assert_eq!(p["top_location_quotients"][0]["activity"], "I4");
    assert_eq!(geometry.0, 422, "{}", geometry.1);
    assert!(geometry.1.contains("map geometry"), "{}", geometry.1);
    assert_eq!(transition.0, 422, "{}", transition.1);
    assert!(transition.1.contains("context indicators"));
}

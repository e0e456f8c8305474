//! `smartspec transition` on the embedded data, as a user runs it.

mod common;
use common::smartspec;
use std::collections::HashMap;

fn csv_rows(args: &[&str]) -> (Vec<String>, Vec<HashMap<String, String>>) {
    let out = smartspec(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
    let headers: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    let rows = rdr
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect();
    (headers, rows)
}

fn num(row: &HashMap<String, String>, col: &str) -> Option<f64> {
    row[col].parse().ok()
}

#[test]
fn default_screening_scores_nine_tenths_of_the_eu_and_ranks_consistently() {
    let (headers, rows) = csv_rows(&["transition", "--format", "csv"]);
    assert_eq!(headers[..5], ["region", "name", "country", "score", "rank"]);
    // every NUTS-2 region of the embedded panel is listed
    assert_eq!(rows.len(), 283);
    let eu: Vec<_> = rows.iter().filter(|r| r["country"] != "NO").collect();
    let scored = eu.iter().filter(|r| num(r, "score").is_some()).count();
    assert!(
        scored * 10 >= eu.len() * 9,
        "{scored} of {} scored",
        eu.len()
    );
    // ranks run 1..n over the scored regions, scores never increase
    let ranked: Vec<_> = rows.iter().filter(|r| num(r, "score").is_some()).collect();
    for (k, r) in ranked.iter().enumerate() {
        assert_eq!(r["rank"], (k + 1).to_string());
        if k > 0 {
            assert!(num(r, "score") <= num(ranked[k - 1], "score"));
        }
    }
    // each score follows from the criteria met and available (weights of config/transition.toml)
    let weights = [
        ("industrial_base", 1.0),
        ("deindustrialisation", 1.0),
        ("below_eu_income", 1.0),
        ("below_national_income", 0.5),
        ("weak_productivity", 1.0),
        ("rising_unemployment", 1.0),
        ("low_diversification", 0.5),
    ];
    for r in &ranked {
        let (mut met, mut avail) = (0.0, 0.0);
        for (id, w) in weights {
            match r[&format!("{id}_met")].as_str() {
                "yes" => {
                    met += w;
                    avail += w
                }
                "no" => avail += w,
                "" => assert!(r[id].is_empty() || r[&format!("{id}_threshold")].is_empty()),
                other => panic!("{other}"),
            }
        }
        let score = num(r, "score").unwrap();
        assert!(
            (score - 100.0 * met / avail).abs() < 1e-9,
            "{}: {score}",
            r["region"]
        );
        assert!(avail / 6.0 >= 2.0 / 3.0 - 1e-4);
    }
    // Mayotte has too little data: listed, unscored, its missing criteria named
    let yt = rows.iter().find(|r| r["region"] == "FRA5").unwrap();
    assert!(yt["score"].is_empty() && yt["rank"].is_empty());
    assert!(
        yt["missing"].contains("industrial_base"),
        "{}",
        yt["missing"]
    );
}

#[test]
fn proxies_are_labelled_and_values_carry_their_years() {
    let (_, rows) = csv_rows(&["transition", "--format", "csv"]);
    let proxy = rows
        .iter()
        .filter(|r| r["deindustrialisation_source"].contains("proxy"))
        .count();
    assert!(proxy > 0, "some regions need the LFS proxy");
    let piemonte = rows.iter().find(|r| r["region"] == "ITC1").unwrap();
    assert_eq!(piemonte["industrial_base_years"], "2008");
    assert_eq!(piemonte["deindustrialisation_years"], "2008-2014");
    assert!(piemonte["industrial_base_source"].starts_with("SBS"));
}

#[test]
fn a_user_criteria_file_and_context_file_drive_the_screening() {
    let dir = std::env::temp_dir().join(format!("smartspec-transition-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ctx = dir.join("ctx.csv");
    std::fs::write(&ctx, "region,indicator,year,value\nITC1,CLOSURES,2014,12\nITC4,CLOSURES,2014,3\nBE32,CLOSURES,2014,20\n").unwrap();
    let crit = dir.join("crit.toml");
    std::fs::write(
        &crit,
        r#"min_available = 1.0
[[criterion]]
id = "closures"
label = "plant closures above 10"
measure = "context:CLOSURES"
direction = "above"
threshold = 10
weight = 1
"#,
    )
    .unwrap();
    let (_, rows) = csv_rows(&[
        "transition",
        "--format",
        "csv",
        "--criteria",
        crit.to_str().unwrap(),
        "--context",
        ctx.to_str().unwrap(),
    ]);
    let by: HashMap<_, _> = rows.iter().map(|r| (r["region"].clone(), r)).collect();
    assert_eq!(by["BE32"]["score"], "100");
    assert_eq!(by["BE32"]["rank"], "1");
    assert_eq!(by["ITC1"]["rank"], "2");
    assert_eq!(by["ITC4"]["score"], "0");
    // regions without the indicator are not scored
    assert!(by["DE21"]["score"].is_empty());
    assert_eq!(by["DE21"]["missing"], "closures");
}

#[test]
fn bad_criteria_name_file_and_line() {
    let dir = std::env::temp_dir().join(format!("smartspec-transition-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let crit = dir.join("bad.toml");
    std::fs::write(&crit, "[[criterion]]\nid = \"a\"\nmeasure = \"gdp\"\ndirection = \"below\"\nthreshold = 100\nweight = 1\n").unwrap();
    let out = smartspec(&["transition", "--criteria", crit.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.toml:3:11: unknown measure \"gdp\""),
        "{err}"
    );
}

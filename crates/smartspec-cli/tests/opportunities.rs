//! `smartspec opportunities` end to end.

mod common;
use common::smartspec;

/// Attribute `name` of an SVG element's text.
fn attr(el: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = el.find(&key)? + key.len();
    Some(el[start..start + el[start..].find('"')?].to_string())
}

#[test]
fn piemonte_ranked_list_and_svg() {
    let svg_path = std::env::temp_dir().join(format!("smartspec-opp-{}.svg", std::process::id()));
    let out = smartspec(&[
        "opportunities",
        "ITC1",
        "--top",
        "8",
        "--format",
        "csv",
        "--svg",
        svg_path.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    assert_eq!(
        &headers.iter().take(5).collect::<Vec<_>>(),
        &["region", "name", "country", "score", "rank"]
    );
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 8);
    let scores: Vec<f64> = rows.iter().map(|r| r[3].parse().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    for (k, r) in rows.iter().enumerate() {
        assert_eq!(&r[0], "ITC1");
        assert_eq!(&r[1], "Piemonte");
        assert_eq!(r[4].parse::<usize>().unwrap(), k + 1);
        // candidates are not specialised: RCA below 1 and gap = 1 - RCA
        assert_eq!(&r[5], "2014", "the dataset's default year");
        let f = |name: &str| -> f64 { r[col(name)].parse().unwrap() };
        let (rca, gap) = (f("rca"), f("rca_gap"));
        assert!(rca < 1.0 && (gap - (1.0 - rca)).abs() < 1e-12);
        assert!(
            !r[col("explained_by")].is_empty(),
            "every candidate is explained"
        );
        // ECI/PCI pass their validity test on the embedded 2014 data, so the
        // score is the mean of the feasibility and value z-scores
        // (values printed to 2 decimals: allow the rounding)
        assert_eq!(&r[col("score_rule")], "(feasibility_z + value_z) / 2");
        // the 1 % floor: no top candidate the entry model gives under 1 %
        assert!(f("entry_probability") >= 0.01, "{r:?}");
        let mean = (f("feasibility_z") + f("value_z")) / 2.0;
        assert!(
            (f("score") - mean).abs() <= 0.011,
            "{} vs {mean}",
            f("score")
        );
    }
    // the complaint: apparel, leather and furniture (C14, C15, C31)
    // were Piemonte's "best bets"; with the ECI oriented by income none of
    // them is in the top 8
    let codes: Vec<&str> = rows.iter().map(|r| &r[col("activity")]).collect();
    for low in ["C14", "C15", "C31"] {
        assert!(!codes.contains(&low), "{codes:?}");
    }
    // the SVG: one labelled point per top candidate, positions ordered by value
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    assert!(svg.starts_with("<svg"));
    let tops: Vec<&str> = svg
        .lines()
        .filter(|l| l.contains("class=\"top\""))
        .collect();
    let labels: Vec<&str> = svg
        .lines()
        .filter(|l| l.contains("class=\"label\""))
        .collect();
    assert_eq!(tops.len(), 8);
    assert_eq!(labels.len(), 8);
    let csv_codes: Vec<String> = rows
        .iter()
        .map(|r| r[col("activity")].to_string())
        .collect();
    let svg_codes: Vec<String> = tops
        .iter()
        .map(|t| attr(t, "data-activity").unwrap())
        .collect();
    assert_eq!(csv_codes, svg_codes);
    for l in &labels {
        assert!(csv_codes.contains(&attr(l, "data-activity").unwrap()));
    }
    // x grows with feasibility (the entry probability), y falls as
    // complexity grows (SVG y points down)
    let mut pts: Vec<(f64, f64, f64, f64)> = rows
        .iter()
        .zip(&tops)
        .map(|(r, t)| {
            (
                r[col("entry_probability")].parse().unwrap(),
                r[col("complexity")].parse().unwrap(),
                attr(t, "cx").unwrap().parse().unwrap(),
                attr(t, "cy").unwrap().parse().unwrap(),
            )
        })
        .collect();
    pts.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert!(
        pts.windows(2).all(|w| w[0].2 <= w[1].2 + 1e-6),
        "cx not ordered by entry probability"
    );
    pts.sort_by(|a, b| a.1.total_cmp(&b.1));
    assert!(
        pts.windows(2).all(|w| w[0].3 >= w[1].3 - 1e-6),
        "cy not ordered by complexity"
    );
}

#[test]
fn every_region_gets_a_list_and_bad_input_is_refused() {
    let out = smartspec(&["opportunities", "PL91", "--top", "3", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["region"], "PL12");
    assert_eq!(j["opportunities"].as_array().unwrap().len(), 3);
    assert!(j["notes"][0]
        .as_str()
        .unwrap()
        .contains("PL91 (NUTS 2016) lies in PL12"));
    let out = smartspec(&["opportunities", "ITC1", "--cuts", "0.5"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--cuts"));
    let out = smartspec(&["opportunities", "XX99"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn backtest_on_the_embedded_data_reports_every_predictor() {
    let out = smartspec(&["backtest", "--bootstrap", "50", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["horizon"], 2);
    // 2015 is left out (167 regions): window 2008-2014, test origin 2012
    assert_eq!(j["test_years"], serde_json::json!([2012]));
    // trends need the year before each origin: training origins 2009, 2010
    assert_eq!(j["train_years"], serde_json::json!([2009, 2010]));
    let base = j["base_rate"].as_f64().unwrap();
    assert!(base > 0.0 && base < 0.5);
    let preds = j["predictors"].as_array().unwrap();
    let names: Vec<&str> = preds.iter().map(|p| p["name"].as_str().unwrap()).collect();
    for n in [
        "density", "cog", "pci", "gbt", "logistic", "rca", "ubiquity", "random",
    ] {
        assert!(names.contains(&n), "{n}");
    }
    for p in preds {
        let (lo, hi) = (
            p["roc_auc_ci"][0].as_f64().unwrap(),
            p["roc_auc_ci"][1].as_f64().unwrap(),
        );
        assert!(
            lo <= p["roc_auc"].as_f64().unwrap() + 1e-12
                && p["roc_auc"].as_f64().unwrap() <= hi + 1e-12
        );
        for k in ["pr_auc", "precision_at_k"] {
            let v = p[k].as_f64().unwrap();
            let ci = &p[format!("{k}_ci")];
            let (lo, hi) = (ci[0].as_f64().unwrap(), ci[1].as_f64().unwrap());
            assert!(
                lo <= v + 1e-12 && v <= hi + 1e-12,
                "{k}: {v} not in [{lo}, {hi}]"
            );
        }
    }
    // apportioned cells (flag S: London's split 2008-2012) are left out
    assert!(j["excluded_apportioned"].as_u64().unwrap() > 0);
    // each model against the strongest baseline, continuous RCA, with a
    // paired interval around its difference
    let comps = j["comparisons"].as_array().unwrap();
    assert_eq!(comps.len(), 2);
    for c in comps {
        assert_eq!(c["baseline"], "rca");
        for m in ["roc_auc_difference", "pr_auc_difference"] {
            let (v, lo, hi) = (
                c[m]["value"].as_f64().unwrap(),
                c[m]["ci"][0].as_f64().unwrap(),
                c[m]["ci"][1].as_f64().unwrap(),
            );
            assert!(lo <= v + 1e-12 && v <= hi + 1e-12, "{m}");
        }
        let met = c["roc_auc_difference"]["value"].as_f64().unwrap() >= 0.02
            && c["pr_auc_difference"]["value"].as_f64().unwrap() >= 0.02;
        assert_eq!(c["meets_target"], met);
    }
    // tuned on the validation origin 2011, never on the test origin 2012
    assert_eq!(j["tuning"]["validation_year"], 2011);
    assert_eq!(j["tuning"]["train_years"], serde_json::json!([2009]));
    // the random baseline sits near 0.5
    let random = preds.iter().find(|p| p["name"] == "random").unwrap()["roc_auc"]
        .as_f64()
        .unwrap();
    assert!((random - 0.5).abs() < 0.05, "{random}");
}

/// The examples of `backtest --help`, each run as printed.
#[test]
fn every_backtest_help_example_runs() {
    let help = smartspec(&["backtest", "--help"]);
    let text = String::from_utf8(help.stdout).unwrap();
    let examples: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("Examples:"))
        .filter_map(|l| l.trim().strip_prefix("smartspec "))
        .collect();
    assert!(examples.len() >= 3, "{text}");
    let dir = std::env::temp_dir().join(format!("smartspec-bt-ex-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for ex in examples {
        let args: Vec<&str> = ex.split_whitespace().collect();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_smartspec"))
            .args(&args)
            .current_dir(&dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{ex}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if ex.contains("--predictions") {
            // one row per test pair with every predictor's score
            let csv = std::fs::read_to_string(dir.join("pairs.csv")).unwrap();
            let head = csv.lines().next().unwrap();
            assert!(
                head.starts_with(
                    "region,activity,origin,outcome_year,event,gbt_probability,logistic_probability"
                ),
                "{head}"
            );
            assert!(csv.lines().count() > 1000);
            // both models' columns are probabilities
            for line in csv.lines().skip(1) {
                let f: Vec<&str> = line.split(',').collect();
                for v in &f[5..7] {
                    let p: f64 = v.parse().unwrap();
                    assert!((0.0..=1.0).contains(&p), "{line}");
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

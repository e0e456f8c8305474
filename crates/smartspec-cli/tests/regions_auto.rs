//! `--regions auto` on world trade with upper-case ISO3 codes: `FRA`, `DEU`
//! and a few others are NUTS-1 codes, but most codes are not NUTS codes, so
//! the panel is read with free codes and every country is in the reference
//! of RCA. Checked against the R package economiccomplexity's
//! `balassa_index` on the same data (its binary ones, shipped in the peers'
//! fixtures).

mod common;
use common::smartspec;
use std::collections::HashSet;
use std::io::Read;

const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../smartspec-core/tests/fixtures/peers/trade"
);

#[test]
fn upper_case_iso3_trade_is_not_read_as_nuts() {
    let dir = tempfile::tempdir().unwrap();
    // the peers' trade input, codes upper-cased, with a year column
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(format!("{FIXTURES}/input.csv.gz")).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    let mut csv = String::from("region,activity,year,value\n");
    for line in text.lines().skip(1) {
        let (r, rest) = line.split_once(',').unwrap();
        let (a, v) = rest.split_once(',').unwrap();
        csv.push_str(&format!("{},{a},2000,{v}\n", r.to_uppercase()));
    }
    let input = dir.path().join("trade.csv");
    std::fs::write(&input, csv).unwrap();
    let out = dir.path().join("out");
    let o = smartspec(&[
        "indicators",
        "--input",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("reading them all as free codes"), "{err}");
    let meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("meta.json")).unwrap()).unwrap();
    assert_eq!(meta["regions_classification"], "free");
    // M = 1 exactly where R's balassa_index has its ones (31,951)
    let reference: HashSet<(String, String)> = std::fs::read_to_string(format!(
        "{FIXTURES}/reference_economiccomplexity/balassa_index_binary_ones.csv"
    ))
    .unwrap()
    .lines()
    .skip(1)
    .map(|l| {
        let (c, p) = l.split_once(',').unwrap();
        (c.to_uppercase(), p.to_string())
    })
    .collect();
    assert_eq!(reference.len(), 31_951);
    let mut ones = HashSet::new();
    let rca = std::fs::read_to_string(out.join("rca.csv")).unwrap();
    for l in rca.lines().skip(1) {
        let f: Vec<&str> = l.split(',').collect();
        if f[3].parse::<f64>().is_ok_and(|v| v >= 1.0) {
            ones.insert((f[0].to_string(), f[1].to_string()));
        }
    }
    assert_eq!(ones.len(), reference.len());
    assert_eq!(ones, reference);
    // asked for explicitly, NUTS is still available (FRA is a NUTS-1 code)
    let o = smartspec(&[
        "data",
        "validate",
        input.to_str().unwrap(),
        "--regions",
        "nuts2013",
    ]);
    assert!(!o.status.success());
}

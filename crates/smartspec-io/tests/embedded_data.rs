//! The embedded default dataset: exact harmonised counts.

use smartspec_core::Cell;
use smartspec_io::embedded;
use smartspec_io::nace::{level_of, NaceLevel};
use smartspec_io::nuts::{country_of, is_eu28};

#[test]
fn default_panel_has_the_harmonised_counts() {
    let p = embedded::default_panel();
    let eu = p
        .regions()
        .iter()
        .filter(|r| is_eu28(country_of(r)))
        .count();
    let non_eu: Vec<&str> = p
        .regions()
        .iter()
        .filter(|r| !is_eu28(country_of(r)))
        .collect();
    // EU28 NUTS 2013 has 276 NUTS-2 regions; the SBS file covers all of them.
    assert_eq!(eu, 276);
    assert_eq!(
        non_eu,
        ["NO01", "NO02", "NO03", "NO04", "NO05", "NO06", "NO07"]
    );
    assert_eq!(p.activities().len(), 68);
    assert!(p
        .activities()
        .iter()
        .all(|a| level_of(a) == NaceLevel::Division));
    assert_eq!(p.activities().code(0), "B05");
    assert_eq!(p.activities().code(67), "S95");
    assert_eq!(p.years(), &[2008, 2009, 2010, 2011, 2012, 2013, 2014, 2015]);
    assert_eq!(p.default_year(), 2014);
    let cov = p.coverage();
    // 2015 covers 167 regions (PROVENANCE.md), 2014 282 of 283
    assert_eq!(cov[7].regions_with_data, 167);
    assert_eq!(cov[6].regions_with_data, 282);
    assert!(cov
        .iter()
        .all(|c| c.missing_share() > 0.0 && c.missing_share() < 0.5));
    assert_eq!(embedded::sections_panel().activities().len(), 12);
}

#[test]
fn italian_greek_and_london_codes_are_one_region_each_across_the_years() {
    let p = embedded::sbs();
    for old in [
        "ITD1", "ITE1", "EL11", "EL25", "UKI1", "UKI2", "DE41", "FI13", "FR91", "SI01",
    ] {
        assert!(!p.regions().contains(old), "{old} should have been recoded");
    }
    for (code, years) in [
        ("ITH1", 2008..=2014),
        ("EL51", 2008..=2014),
        ("UKI3", 2008..=2015),
        ("UKI7", 2008..=2015),
    ] {
        for year in years {
            match p.get(code, "C", year) {
                Some(Cell::Value(v)) => assert!(v > 0.0, "{code} {year}"),
                other => panic!("{code} {year}: {other:?}"),
            }
        }
    }
    // Piemonte in 2014, as published: manufacturing 356,089 persons employed
    assert_eq!(p.get("ITC1", "C", 2014), Some(Cell::Value(356089.0)));
    // a confidential cell stays missing with its flag
    let (mut conf, mut with_c) = (0, 0);
    for r in p.records().filter(|r| r.value.is_none()) {
        conf += 1;
        with_c += usize::from(r.flags.has_letter('c'));
    }
    assert!(conf > 0 && with_c > 0);
}

#[test]
fn context_has_gdp_and_population_in_nuts2013() {
    let c = embedded::context();
    for ind in [
        "GDP_EUR_HAB",
        "GDP_PPS_HAB",
        "GDP_MIO_EUR",
        "GDP_MIO_PPS",
        "POP_THS",
    ] {
        assert!(c.activities().contains(ind), "{ind}");
    }
    // PL12 population is the sum of PL91 and PL92 (NUTS 2016) recoded back
    assert!(matches!(c.get("PL12", "POP_THS", 2015), Some(Cell::Value(v)) if v > 5000.0));
    assert!(!c.regions().contains("PL91"));
}

#[test]
fn geometry_and_recoding_log_are_embedded() {
    let geo = embedded::nuts2_geometry_geojson().unwrap();
    let text = String::from_utf8(geo).unwrap();
    assert!(text.contains("\"FeatureCollection\"") && text.contains("ITC1"));
    let log = embedded::recoding_log();
    assert!(log.iter().any(|r| r.code == "UKI1" && r.action == "split"));
    assert!(log.iter().any(|r| r.code == "DE41" && r.action == "merged"));
    assert!(log
        .iter()
        .any(|r| r.code == "ITD1" && r.action == "renamed" && r.detail == "to ITH1"));
}

#[test]
fn every_nuts2021_polygon_of_the_data_countries_gets_a_2013_region() {
    let geo = String::from_utf8(embedded::nuts2_geometry_geojson().unwrap()).unwrap();
    let json: serde_json::Value = serde_json::from_str(&geo).unwrap();
    let panel = embedded::default_panel();
    let mut drawn = 0;
    for f in json["features"].as_array().unwrap() {
        let code = f["properties"]["NUTS_ID"].as_str().unwrap();
        let country = &code[..2];
        if !(is_eu28(country) || country == "NO") || code.ends_with('Z') {
            continue;
        }
        let mapped = embedded::map_code_2021_to_2013(code)
            .unwrap_or_else(|| panic!("{code} has no 2013 region"));
        assert!(
            panel.regions().contains(&mapped),
            "{code} -> {mapped} not in the panel"
        );
        drawn += 1;
    }
    // hand-checked cases: renamed French regions, the Polish split, London
    assert_eq!(
        embedded::map_code_2021_to_2013("FRB0").as_deref(),
        Some("FR24")
    );
    assert_eq!(
        embedded::map_code_2021_to_2013("PL91").as_deref(),
        Some("PL12")
    );
    assert_eq!(
        embedded::map_code_2021_to_2013("PL92").as_deref(),
        Some("PL12")
    );
    assert_eq!(
        embedded::map_code_2021_to_2013("UKI3").as_deref(),
        Some("UKI3")
    );
    assert!(drawn > 270, "{drawn} polygons drawn");
}

#[test]
fn the_compiled_binary_panels_equal_the_csv_files() {
    use smartspec_core::MeasureKind;
    use smartspec_io::read::read_csv_bytes;
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/embedded/");
    for (file, col, kind, panel) in [
        (
            "sbs_employment_nuts2013.csv.gz",
            "activity",
            MeasureKind::Count,
            embedded::sbs(),
        ),
        (
            "context_nuts2013.csv.gz",
            "indicator",
            MeasureKind::Signed,
            embedded::context(),
        ),
    ] {
        let bytes = std::fs::read(format!("{dir}{file}")).unwrap();
        let csv = read_csv_bytes(file, &bytes, &embedded::csv_options(col, kind))
            .unwrap()
            .panel;
        assert_eq!(csv.regions(), panel.regions(), "{file}");
        assert_eq!(csv.activities(), panel.activities());
        assert_eq!(csv.years(), panel.years());
        assert_eq!(csv.record_count(), panel.record_count());
        assert!(
            csv.records().zip(panel.records()).all(|(a, b)| a == b),
            "{file}: cells differ"
        );
    }
}

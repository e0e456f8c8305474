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

fn value(p: &smartspec_core::Panel, region: &str, indicator: &str, year: i32) -> f64 {
    match p.get(region, indicator, year) {
        Some(Cell::Value(v)) => v,
        other => panic!("{region} {indicator} {year}: {other:?}"),
    }
}

#[test]
fn context_indicators_match_the_published_figures() {
    let c = embedded::context();
    // figures checked by hand in the source files (see PROVENANCE.md)
    for (region, indicator, year, expected) in [
        ("DE21", "LFS_EMP_THS:TOTAL", 2015, 2439.3),
        ("ITC4", "LFS_EMP_THS:TOTAL", 2015, 4255.8),
        ("FR10", "EDAT_PC:ED5-8", 2015, 46.3),
        ("DE21", "EDAT_PC:ED5-8", 2015, 37.1),
        ("RO31", "EDAT_PC:ED5-8", 2015, 12.8),
        ("DE11", "GERD_PC_GDP:TOTAL", 2015, 6.17),
        ("DE91", "GERD_PC_GDP:TOTAL", 2015, 10.36),
        ("FR10", "HTEC_PC_EMP:KIS", 2015, 53.0),
        ("FR10", "EMP_RA_THS", 2015, 6232.052),
    ] {
        let v = value(c, region, indicator, year);
        assert!(
            (v - expected).abs() < 1e-6,
            "{region} {indicator} {year}: {v}"
        );
    }
    // the EU value is the source's EU28 row
    let eu = embedded::context_eu();
    assert_eq!(eu.regions().iter().collect::<Vec<_>>(), ["EU28"]);
    assert!((value(eu, "EU28", "GERD_PC_GDP:TOTAL", 2015) - 2.04).abs() < 1e-9);
    assert!(!c.regions().contains("EU28") && !c.regions().contains("EA19"));
}

#[test]
fn rates_from_newer_nuts_codes_are_averaged_by_population() {
    // tgs00010 publishes Lithuania as LT01 + LT02 (NUTS 2016) from 2016 on;
    // NUTS 2013 has one region, LT00, which gets their population-weighted
    // mean (a rate is never summed)
    let c = embedded::context();
    let lt = value(c, "LT00", "UNEMP_PC", 2017);
    assert!(lt > 6.0 && lt < 9.0, "LT00 unemployment 2017: {lt}");
    assert!(c.get("LT00", "UNEMP_PC", 2017).is_some_and(|_| c
        .get_flags("LT00", "UNEMP_PC", 2017)
        .is_some_and(|f| f.contains(smartspec_core::Flags::RECODED))));
    assert!(!c.regions().contains("LT01"));
}

#[test]
fn lfs_sectors_add_up_to_the_total() {
    let p = embedded::lfs_sectors();
    let sectors = [
        "A", "B-E", "F", "G-I", "J", "K", "L", "M_N", "NRP", "O-Q", "R-U",
    ];
    for s in sectors.iter().chain(&["TOTAL"]) {
        assert!(p.activities().contains(s), "{s}");
    }
    // PROVENANCE.md: in 2015 the sections sum to TOTAL within 0.2 for DE21 and ITC4
    for region in ["DE21", "ITC4"] {
        // an absent cell (NRP here) is zero persons
        let sum: f64 = sectors
            .iter()
            .map(|s| match p.get(region, s, 2015) {
                Some(Cell::Value(v)) => v,
                Some(Cell::Absent) => 0.0,
                other => panic!("{region} {s}: {other:?}"),
            })
            .sum();
        let total = value(p, region, "TOTAL", 2015);
        assert!(
            (sum - total).abs() <= 0.2 + 1e-9,
            "{region}: {sum} vs {total}"
        );
    }
    // LFS is published in NUTS 2010 codes: Attiki EL30 (2010) is EL30 in 2013
    assert!(p.regions().contains("EL30") && !p.regions().contains("EL11"));
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
        // the context file also holds the `EU28` rows, which are no NUTS code
        let mut opts = embedded::csv_options(col, kind);
        if col == "indicator" {
            opts.regions = smartspec_core::RegionScheme::Free;
        }
        let csv = read_csv_bytes(file, &bytes, &opts)
            .unwrap()
            .panel
            // the EU28 rows are served apart, by `context_eu`
            .select(|r| r != embedded::EU28, |_| true);
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

#[test]
fn the_population_panel_is_the_contexts_population() {
    let pop = embedded::population();
    let ctx = embedded::context();
    assert_eq!(pop.activities().iter().collect::<Vec<_>>(), ["POP_THS"]);
    assert!(!pop.regions().iter().any(|r| r == embedded::EU28));
    let mut values = 0;
    for r in ctx.regions().iter() {
        for &y in ctx.years() {
            assert_eq!(
                pop.get(r, "POP_THS", y),
                ctx.get(r, "POP_THS", y),
                "{r} {y}"
            );
            values += matches!(ctx.get(r, "POP_THS", y), Some(Cell::Value(_))) as usize;
        }
    }
    assert!(values > 2000, "{values} population values");
    // Piemonte: 4.437 million inhabitants on 1 January 2014 (Istat), the
    // annual average of nama_10r_2gdp a little lower
    assert!((value(pop, "ITC1", "POP_THS", 2014) - 4430.0).abs() < 15.0);
}

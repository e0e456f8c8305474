//! The innovation and skills inputs: embedded figures checked against the
//! source lines (fixture), derived indicators, default years, and the
//! recoding of codes from other NUTS versions.

use smartspec_analysis::context_inputs::{
    innovation_coverage_year, innovation_inputs, skills_coverage_year, skills_inputs,
};
use smartspec_analysis::Dataset;
use smartspec_core::innovation::InnovationInputs;
use smartspec_core::skills::SkillsInputs;
use smartspec_core::{Cell, DuplicatePolicy, Flags, NutsVersion, Panel, PanelBuilder};

fn embedded_innovation_inputs(year: i32) -> InnovationInputs {
    innovation_inputs(&Dataset::embedded(), year)
}

fn embedded_skills_inputs() -> SkillsInputs {
    skills_inputs(&Dataset::embedded())
}
use smartspec_io::embedded;
use smartspec_io::nuts::{harmonise, Aggregation, Crosswalk, NutsRegistry, RecodeOptions};

/// (file, region as in the source, embedded indicator, year, value) of each fixture line.
fn source_lines() -> Vec<(String, String, String, i32, f64)> {
    let text = include_str!("fixtures/context_source_lines.txt");
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let (file, raw) = line.split_once('|').unwrap();
        let f: Vec<&str> = raw.split(',').collect();
        let (geo, indicator, year, value) = match file {
            "lfst_r_lfe2en2" => (f[3], format!("LFS_EMP25_THS:{}", f[1]), f[4], f[5]),
            "lfst_r_lfe2eedu" => (f[4], format!("LFS_EMP25_EDU_THS:{}", f[3]), f[5], f[6]),
            "lfst_r_lfp2acedu" => (f[4], format!("LFS_ACT25_EDU_THS:{}", f[3]), f[5], f[6]),
            "trng_lfse_04" => (f[3], "LLL_PC".to_string(), f[4], f[5]),
            "i40" => {
                let code = match f[0] {
                    "rd_e_gerdreg" => format!("GERD_PC_GDP:{}", f[9]),
                    "edat_lfse_04" => format!("EDAT_PC:{}", f[6]),
                    _ => format!("HTEC_PC_EMP:{}", f[8]),
                };
                (f[1], code, f[2], f[12])
            }
            _ => (f[1], "PATENT_P_MHAB".to_string(), f[2], f[3]),
        };
        out.push((
            file.to_string(),
            geo.to_string(),
            indicator,
            year.parse().unwrap(),
            value.parse().unwrap(),
        ));
    }
    out
}

#[test]
fn embedded_figures_equal_the_source_lines() {
    let lines = source_lines();
    assert_eq!(lines.len(), 36);
    for (file, geo, indicator, year, value) in lines {
        // EL11 is the NUTS 2010 code of EL51 (a rename): same value
        let region = if geo == "EL11" { "EL51" } else { geo.as_str() };
        let got = embedded::context().get(region, &indicator, year);
        let Some(Cell::Value(v)) = got else {
            panic!("{file} {geo} {indicator} {year}: {got:?}")
        };
        assert!(
            (v - value).abs() < 1e-9,
            "{file} {geo} {indicator} {year}: {v} vs {value}"
        );
    }
}

#[test]
fn innovation_inputs_of_well_known_regions() {
    let inputs = embedded_innovation_inputs(2015);
    assert_eq!(
        inputs.regions.len(),
        276,
        "the EU28 NUTS-2 regions of NUTS 2013"
    );
    let get = |region: &str, code: &str| {
        let r = inputs.regions.iter().position(|x| x == region).unwrap();
        let i = inputs.indicators.iter().find(|i| i.code == code).unwrap();
        i.values[r].map(|o| (o.value, o.year))
    };
    assert_eq!(get("DE11", "GERD_PC_GDP:TOTAL"), Some((6.17, 2015)));
    assert_eq!(get("DE91", "GERD_PC_GDP:BES"), Some((8.06, 2015)));
    // public R&D = GOV + HES (source lines: 0.15 + 0.46)
    let (v, y) = get("EL51", "GERD_PC_GDP:GOV+HES").unwrap();
    assert!((v - 0.61).abs() < 1e-12 && y == 2015);
    assert_eq!(get("FR10", "EDAT_PC:ED5-8"), Some((46.3, 2015)));
    assert_eq!(get("DE11", "HTEC_PC_EMP:C_HTC_MH"), Some((19.5, 2015)));
    assert_eq!(get("DK01", "LLL_PC"), Some((35.2, 2015)));
    // patents end in 2012: the latest within three years of 2015
    assert_eq!(get("DE11", "PATENT_P_MHAB"), Some((430.743, 2012)));
    assert_eq!(get("DE11", "PATENT_P_MHAB").map(|o| o.1), Some(2012));
    // no EU28 row for patents: the population-weighted mean, said so
    let pat = inputs
        .indicators
        .iter()
        .find(|i| i.code == "PATENT_P_MHAB")
        .unwrap();
    assert_eq!(
        pat.eu_source,
        smartspec_core::innovation::EuSource::PopulationWeighted
    );
    assert_eq!(pat.eu.map(|o| o.year), Some(2012));
    let gerd = inputs
        .indicators
        .iter()
        .find(|i| i.code == "GERD_PC_GDP:TOTAL")
        .unwrap();
    assert_eq!(
        gerd.eu_source,
        smartspec_core::innovation::EuSource::Published
    );
}

#[test]
fn coverage_years_are_2015_and_the_default_year_2014() {
    // the latest years in which 70 % of EU28 regions have every index
    // indicator (within three years) and sector shares with education:
    // coverage facts of the data, printed by `data info`; every command
    // uses the dataset's default year (2014) instead
    assert_eq!(innovation_coverage_year(&Dataset::embedded()), Some(2015));
    assert_eq!(skills_coverage_year(&embedded_skills_inputs()), Some(2015));
    assert_eq!(Dataset::embedded().default_year(), 2014);
}

#[test]
fn skills_inputs_from_the_source_counts() {
    let s = embedded_skills_inputs();
    let y = s.years.iter().position(|&y| y == 2015).unwrap();
    let r = s.regions.iter().position(|x| x == "FR10").unwrap();
    let d = &s.data[y][r];
    // lfst_r_lfe2eedu FR10 2015: 795.5, 1569.6, 2433.2 (NRP left out)
    let t = d.tertiary_employment.unwrap();
    assert!((t - 2433.2 / (795.5 + 1569.6 + 2433.2)).abs() < 1e-12);
    let a = d.attainment.unwrap();
    assert!((a[2] - 2598.0 / (922.5 + 1716.8 + 2598.0)).abs() < 1e-12);
    let shares = d.shares.as_ref().unwrap();
    assert!((shares.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    // EL51 2009 comes from the NUTS 2010 code EL11; real estate is not
    // published there, so it is the residual of the total
    let y9 = s.years.iter().position(|&y| y == 2009).unwrap();
    let el = &s.data[y9][s.regions.iter().position(|x| x == "EL51").unwrap()];
    assert!(el.exact);
    assert_eq!(el.estimated, vec![6], "L (real estate) estimated");
    let known = 53.7 + 24.6 + 14.5 + 50.8 + 1.4 + 3.2 + 8.6 + 49.9 + 6.9;
    let shares = el.shares.as_ref().unwrap();
    assert!(
        (shares[6] - (213.8 - known) / 213.8).abs() < 1e-9,
        "{}",
        shares[6]
    );
}

fn panel(rows: &[(&str, f64)]) -> Panel {
    let mut b = PanelBuilder::new(DuplicatePolicy::Error);
    for (r, v) in rows {
        b.push(r, "LFS_EMP25_THS:TOTAL", 2009, Some(*v), Flags::EMPTY, 0)
            .unwrap();
    }
    b.build().unwrap()
}

fn at(p: &Panel, region: &str) -> f64 {
    match p.get(region, "LFS_EMP25_THS:TOTAL", 2009) {
        Some(Cell::Value(v)) => v,
        other => panic!("{region}: {other:?}"),
    }
}

#[test]
fn codes_of_other_nuts_versions_land_on_their_2013_regions() {
    let registry = NutsRegistry::embedded();
    let crosswalk = Crosswalk::embedded();
    // a mixed file as the LFS extracts are: EL11 and FR91 (NUTS 2010 renames),
    // UKI1 (NUTS 2010, split into UKI3 and UKI4), FR10 (valid in 2013)
    let mixed = panel(&[
        ("EL11", 213.8),
        ("FR91", 150.0),
        ("UKI1", 1000.0),
        ("FR10", 4756.7),
    ]);
    let sum = RecodeOptions {
        aggregation: Aggregation::Sum,
        ..RecodeOptions::default()
    };
    let (p, log) = harmonise(&mixed, NutsVersion::V2013, None, registry, crosswalk, sum);
    assert_eq!(at(&p, "EL51"), 213.8);
    assert_eq!(at(&p, "FRA1"), 150.0);
    assert_eq!(at(&p, "FR10"), 4756.7);
    // counts are apportioned by 2011 population (the log of data info --all:
    // UKI3 0.3374; UKI4 0.6626)
    assert!((at(&p, "UKI3") + at(&p, "UKI4") - 1000.0).abs() < 1e-9);
    assert!((at(&p, "UKI3") / 1000.0 - 0.3374).abs() < 5e-5);
    assert!(p
        .get_flags("UKI3", "LFS_EMP25_THS:TOTAL", 2009)
        .unwrap()
        .contains(Flags::SPLIT));
    assert!(p
        .get_flags("EL51", "LFS_EMP25_THS:TOTAL", 2009)
        .unwrap()
        .contains(Flags::RECODED));
    assert!(log.summary().contains("split"), "{}", log.summary());
    // a rate is copied to both parts of a split
    let mean = RecodeOptions {
        aggregation: Aggregation::Mean,
        ..RecodeOptions::default()
    };
    let (m, _) = harmonise(
        &panel(&[("UKI1", 31.5)]),
        NutsVersion::V2013,
        None,
        registry,
        crosswalk,
        mean,
    );
    assert!((at(&m, "UKI3") - 31.5).abs() < 1e-9 && (at(&m, "UKI4") - 31.5).abs() < 1e-9);
    // a native 2013 value wins over the recoded one
    let (n, _) = harmonise(
        &panel(&[("EL11", 1.0), ("EL51", 2.0)]),
        NutsVersion::V2013,
        None,
        registry,
        crosswalk,
        sum,
    );
    assert_eq!(at(&n, "EL51"), 2.0);
}

#[test]
fn the_recoding_log_lists_the_context_sources() {
    let log = embedded::recoding_log();
    for ds in [
        "context:lfst_r_lfe2en2",
        "context:lfst_r_lfe2eedu",
        "context:lfst_r_lfp2acedu",
        "context:trng_lfse_04",
        "context:i40 (",
        "context:eurostat regional indicators (",
    ] {
        assert!(
            log.iter().any(|l| l.dataset.starts_with(ds)),
            "{ds} not in the log"
        );
    }
    assert!(log.iter().any(|l| l.dataset == "context:lfst_r_lfe2en2"
        && l.code == "EL11"
        && l.detail == "to EL51"));
}

#[test]
fn every_eu_region_gets_both_profiles_without_nan() {
    use smartspec_core::innovation::{assess, AssessOptions, UncertaintyOptions};
    use smartspec_core::skills::{self, SkillsOptions};
    let opts = AssessOptions {
        uncertainty: UncertaintyOptions {
            draws: 50,
            ..UncertaintyOptions::default()
        },
        ..AssessOptions::default()
    };
    let a = assess(embedded_innovation_inputs(2015), &opts);
    let s = skills::assess(
        embedded_skills_inputs(),
        2015,
        &SkillsOptions {
            draws: 30,
            ..SkillsOptions::default()
        },
    )
    .unwrap();
    let finite = |v: Option<f64>| v.is_none_or(f64::is_finite);
    for r in 0..a.inputs.regions.len() {
        let p = a.profile(r);
        assert!(finite(p.score) && finite(p.relative_to_eu));
        assert!(p
            .indicators
            .iter()
            .all(|l| finite(l.percentile) && finite(l.value.map(|o| o.value))));
        // not scored only with fewer than 5 of the 7 indicators, and then they are listed
        assert_eq!(p.score.is_none(), p.missing.len() > 2, "{}", p.region);
        let q = s.profile(s.region_id(&p.region).unwrap());
        assert!(finite(q.gap) && finite(q.expected) && finite(q.gap_trend));
        assert!(!q.sentences.is_empty());
        assert_eq!(
            q.gap.is_none(),
            !q.missing.is_empty() && (q.actual.is_none() || q.expected.is_none())
        );
    }
    assert_eq!(a.scored, 273);
}

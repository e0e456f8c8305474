//! Recoding between NUTS versions, driven by the JRC crosswalks.

use smartspec_core::{
    Cell, DuplicatePolicy, Flags, NutsVersion, Panel, PanelBuilder, RegionScheme,
};
use smartspec_io::embedded;
use smartspec_io::nuts::{
    country_of, harmonise, is_extra_regio, level_of, recode_panel, roll_up, Aggregation, Crosswalk,
    NutsRegistry, RecodeOptions, Weight,
};
use std::collections::BTreeMap;

fn panel(version: NutsVersion, rows: &[(&str, f64)]) -> Panel {
    let mut b = PanelBuilder::new(DuplicatePolicy::Error);
    for (r, v) in rows {
        b.push(r, "X", 2014, Some(*v), Flags::EMPTY, 0).unwrap();
    }
    let mut p = b.build().unwrap();
    p.meta_mut().regions = RegionScheme::Nuts(version);
    p
}

fn value(p: &Panel, region: &str) -> f64 {
    match p.get(region, "X", 2014) {
        Some(Cell::Value(v)) => v,
        other => panic!("{region}: expected a value, got {other:?}"),
    }
}

#[test]
fn pl12_split_into_pl91_and_pl92_uses_the_pop11_weights() {
    let (p, log) = recode_panel(
        &panel(NutsVersion::V2013, &[("PL12", 1000.0)]),
        NutsVersion::V2016,
        RecodeOptions::default(),
    )
    .unwrap();
    // JRC 2013 -> 2016 rows for PL12: pop11 2891572.77738622 (PL91), 2384428.51718215 (PL92)
    let w91 = 2891572.77738622 / (2891572.77738622 + 2384428.51718215);
    assert!((value(&p, "PL91") - 1000.0 * w91).abs() < 1e-9);
    assert!((value(&p, "PL92") - 1000.0 * (1.0 - w91)).abs() < 1e-9);
    assert!(
        (value(&p, "PL91") - 548.0611).abs() < 1e-3,
        "hand-checked: 548.061"
    );
    let f = p.get_flags("PL91", "X", 2014).unwrap();
    assert!(f.contains(Flags::RECODED) && f.contains(Flags::SPLIT));
    assert_eq!(p.regions().len(), 2);
    assert!(log.summary().contains("1 split"), "{}", log.summary());
    // by area instead: 6104.06 / (6104.06 + 29454.38)
    let (a, _) = recode_panel(
        &panel(NutsVersion::V2013, &[("PL12", 1000.0)]),
        NutsVersion::V2016,
        RecodeOptions {
            weight: Weight::Area,
            ..RecodeOptions::default()
        },
    )
    .unwrap();
    assert!(
        (value(&a, "PL91") - 1000.0 * 6104.06067532986 / (6104.06067532986 + 29454.3828897556))
            .abs()
            < 1e-9
    );
}

#[test]
fn rates_merge_as_a_population_weighted_mean_and_split_unchanged() {
    let mean = RecodeOptions {
        aggregation: Aggregation::Mean,
        ..RecodeOptions::default()
    };
    // PL91 and PL92 (NUTS 2016) merge back into PL12 (NUTS 2013); JRC pop11
    // 2,891,572.78 and 2,384,428.52: (10 * 2891572.78 + 4 * 2384428.52) / 5276001.29
    let (p, _) = recode_panel(
        &panel(NutsVersion::V2016, &[("PL91", 10.0), ("PL92", 4.0)]),
        NutsVersion::V2013,
        mean,
    )
    .unwrap();
    assert!(
        (value(&p, "PL12") - 7.288_368_5).abs() < 1e-6,
        "{}",
        value(&p, "PL12")
    );
    // a rate is not apportioned: both parts of a split keep it
    let (p, _) = recode_panel(
        &panel(NutsVersion::V2013, &[("PL12", 7.5)]),
        NutsVersion::V2016,
        mean,
    )
    .unwrap();
    assert_eq!(value(&p, "PL91"), 7.5);
    assert_eq!(value(&p, "PL92"), 7.5);
}

#[test]
fn de41_and_de42_merge_into_de40_by_summing() {
    let (p, _) = recode_panel(
        &panel(NutsVersion::V2006, &[("DE41", 10.0), ("DE42", 32.5)]),
        NutsVersion::V2013,
        RecodeOptions::default(),
    )
    .unwrap();
    assert_eq!(value(&p, "DE40"), 42.5);
    assert_eq!(p.regions().len(), 1);
    assert_eq!(p.get_flags("DE40", "X", 2014).unwrap().to_string(), "R");
}

#[test]
fn renamed_codes_are_relabelled_unchanged() {
    let (p, _) = recode_panel(
        &panel(NutsVersion::V2006, &[("ITD1", 7.0)]),
        NutsVersion::V2013,
        RecodeOptions::default(),
    )
    .unwrap();
    assert_eq!(value(&p, "ITH1"), 7.0);
    let (p, _) = recode_panel(
        &panel(NutsVersion::V2010, &[("EL11", 3.0)]),
        NutsVersion::V2013,
        RecodeOptions::default(),
    )
    .unwrap();
    assert_eq!(value(&p, "EL51"), 3.0);
}

#[test]
fn slivers_below_a_tenth_of_a_percent_are_ignored() {
    // FI13 (2006) -> FI1D with 643,754.6 people and FI1C with 1: a sliver.
    let shares = Crosswalk::embedded()
        .shares(
            NutsVersion::V2006,
            NutsVersion::V2013,
            "FI13",
            Weight::Pop11,
        )
        .unwrap();
    assert_eq!(shares.len(), 1);
    assert_eq!(shares[0].code, "FI1D");
    assert_eq!(shares[0].share, 1.0);
}

#[test]
fn nuts2013_population_recoded_to_2021_is_conserved_by_country() {
    let pop = embedded::context().select(
        |r| level_of(r) == Some(2) && !is_extra_regio(r),
        |a| a == "POP_THS",
    );
    let mut pop = pop;
    pop.meta_mut().regions = RegionScheme::Nuts(NutsVersion::V2013);
    let registry = NutsRegistry::embedded();
    // every code is a NUTS 2013 NUTS-2 code
    assert!(pop
        .regions()
        .iter()
        .all(|r| registry.is_valid(NutsVersion::V2013, r)));
    let (p21, _) = recode_panel(&pop, NutsVersion::V2021, RecodeOptions::default()).unwrap();
    let y = pop.year_index(2015).unwrap();
    let by_country = |p: &Panel| {
        let mut m: BTreeMap<String, f64> = BTreeMap::new();
        for r in 0..p.regions().len() {
            if let Cell::Value(v) = p.cell(y, r, 0) {
                *m.entry(country_of(p.regions().code(r as u32)).to_string())
                    .or_default() += v;
            }
        }
        m
    };
    let (before, after) = (by_country(&pop), by_country(&p21));
    assert!(
        before.len() >= 27,
        "EU27 countries expected, got {}",
        before.len()
    );
    for (c, b) in &before {
        let a = after.get(c).copied().unwrap_or(0.0);
        assert!((a - b).abs() <= 0.001 * b, "{c}: {b} before, {a} after");
    }
    assert!(p21
        .regions()
        .iter()
        .all(|r| registry.is_valid(NutsVersion::V2021, r)));
}

#[test]
fn mixed_version_input_prefers_values_published_in_target_codes() {
    // 2010: only the old code ITD1 has a value; 2011: both, the native wins.
    let mut b = PanelBuilder::new(DuplicatePolicy::Error);
    b.push("ITD1", "X", 2010, Some(5.0), Flags::EMPTY, 0)
        .unwrap();
    b.push("ITH1", "X", 2010, None, Flags::EMPTY, 0).unwrap();
    b.push("ITD1", "X", 2011, Some(6.0), Flags::EMPTY, 0)
        .unwrap();
    b.push("ITH1", "X", 2011, Some(7.0), Flags::EMPTY, 0)
        .unwrap();
    let p = b.build().unwrap();
    let (h, log) = harmonise(
        &p,
        NutsVersion::V2013,
        None,
        NutsRegistry::embedded(),
        Crosswalk::embedded(),
        RecodeOptions::default(),
    );
    assert_eq!(h.get("ITH1", "X", 2010), Some(Cell::Value(5.0)));
    assert_eq!(h.get_flags("ITH1", "X", 2010).unwrap().to_string(), "R");
    assert_eq!(h.get("ITH1", "X", 2011), Some(Cell::Value(7.0)));
    assert!(h.get_flags("ITH1", "X", 2011).unwrap().is_empty());
    assert_eq!(log.entries[0].superseded, 1);
}

#[test]
fn roll_up_sums_children_and_missing_propagates() {
    let mut b = PanelBuilder::new(DuplicatePolicy::Error);
    b.push("ITC1", "X", 2014, Some(1.0), Flags::EMPTY, 0)
        .unwrap();
    b.push("ITC4", "X", 2014, Some(2.0), Flags::EMPTY, 0)
        .unwrap();
    b.push("ITH1", "X", 2014, Some(3.0), Flags::EMPTY, 0)
        .unwrap();
    b.push("ITH2", "X", 2014, None, Flags::CONFIDENTIAL, 0)
        .unwrap();
    b.push("IT", "X", 2014, Some(99.0), Flags::EMPTY, 0)
        .unwrap();
    let p = roll_up(&b.build().unwrap(), 1);
    assert_eq!(p.regions().iter().collect::<Vec<_>>(), ["ITC", "ITH"]);
    assert_eq!(p.get("ITC", "X", 2014), Some(Cell::Value(3.0)));
    assert_eq!(p.get("ITH", "X", 2014), Some(Cell::Missing));
}

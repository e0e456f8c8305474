//! Industrial-transition screening: the composite on hand-made cases, and
//! every fallback step of the measures.

use smartspec_core::transition::{
    screen, screen_with, Criterion, Direction, Inputs, Measures, MinShare, Observation,
    ScreeningError, Threshold, Tie, Unit, Window, MIN_AVAILABLE,
};
use smartspec_core::{DuplicatePolicy, Flags, Panel, PanelBuilder};

fn unit(code: &str, eu: bool) -> Unit {
    Unit {
        code: code.into(),
        country: code[..2].into(),
        eu,
    }
}

fn obs(value: f64, basis: &str) -> Option<Observation> {
    Some(Observation {
        value,
        year: 2014,
        from_year: None,
        source: "hand".into(),
        basis: basis.into(),
        proxy: false,
    })
}

fn criterion(
    id: &str,
    direction: Direction,
    threshold: Threshold,
    weight: f64,
    tie: Tie,
) -> Criterion {
    Criterion {
        id: id.into(),
        label: id.into(),
        measure: id.into(),
        direction,
        threshold,
        weight,
        tie,
    }
}

/// A, B, C are EU regions, N is not. Criterion c1 (weight 2): above the EU
/// median, ties meet; c2 (1): below 10, ties fail; c3 (1): above 0.
fn case(w1: f64) -> (Vec<Unit>, Vec<Criterion>, Vec<Vec<Option<Observation>>>) {
    let units = vec![
        unit("AA1", true),
        unit("BB1", true),
        unit("CC1", true),
        unit("NN1", false),
    ];
    let criteria = vec![
        criterion("c1", Direction::Above, Threshold::EuMedian, w1, Tie::Meets),
        criterion(
            "c2",
            Direction::Below,
            Threshold::Value(10.0),
            1.0,
            Tie::Fails,
        ),
        criterion(
            "c3",
            Direction::Above,
            Threshold::Value(0.0),
            1.0,
            Tie::Meets,
        ),
    ];
    let obs = vec![
        // EU median of 5, 3, 1 is 3 (N's 100 is not in the EU distribution)
        vec![obs(5.0, "x"), obs(3.0, "x"), obs(1.0, "x"), obs(100.0, "x")],
        vec![obs(8.0, "x"), obs(10.0, "x"), None, obs(12.0, "x")],
        vec![None, obs(1.0, "x"), None, obs(-1.0, "x")],
    ];
    (units, criteria, obs)
}

#[test]
fn the_score_is_the_weight_met_over_the_weight_available() {
    let (units, criteria, obs) = case(2.0);
    let s = screen(&units, &criteria, &obs, MIN_AVAILABLE).unwrap();
    // A: c1 met (5 > 3), c2 met (8 < 10), c3 missing: 3 of 3 available = 100
    assert_eq!(s[0].score, Some(100.0));
    assert_eq!(s[0].available, 0.75);
    assert_eq!(s[0].outcomes[0].threshold, Some(3.0));
    assert_eq!(s[0].outcomes[2].meets, None);
    // B: c1 tie meets, c2 tie fails, c3 met: 3 of 4 = 75
    assert_eq!(s[1].score, Some(75.0));
    assert_eq!(
        s[1].outcomes.iter().map(|o| o.meets).collect::<Vec<_>>(),
        [Some(true), Some(false), Some(true)]
    );
    // C: only c1 has data, 2 of 4 = 0.5 < 2/3: not scored, nothing invented
    assert_eq!(s[2].score, None);
    assert_eq!(s[2].rank, None);
    assert_eq!(s[2].available, 0.5);
    // N: compared with the EU median but not part of it: c1 met only = 50
    assert_eq!(s[3].score, Some(50.0));
    let ranks: Vec<_> = s.iter().map(|r| r.rank).collect();
    assert_eq!(ranks, [Some(1), Some(2), None, Some(3)]);
}

#[test]
fn changing_a_weight_changes_scores_and_the_two_thirds_rule() {
    let (units, criteria, obs) = case(0.5);
    let s = screen(&units, &criteria, &obs, MIN_AVAILABLE).unwrap();
    // total 2.5; A has c1 + c2 = 1.5 / 2.5 = 0.6 < 2/3: no longer scored
    assert_eq!(s[0].score, None);
    // B: c1 (0.5) + c3 (1) met of 2.5 = 60; N: 0.5 of 2.5 = 20
    assert!((s[1].score.unwrap() - 60.0).abs() < 1e-12);
    assert!((s[3].score.unwrap() - 20.0).abs() < 1e-12);
    assert_eq!(s[1].rank, Some(1));
    // a lower minimum scores A again
    let s = screen(&units, &criteria, &obs, MinShare::decimal(0.5)).unwrap();
    assert_eq!(s[0].score, Some(100.0));
}

#[test]
fn exactly_two_thirds_of_the_weight_is_enough() {
    // weights 1, 1, 1: A has data for c1 and c2, exactly 2/3 of the weight
    let (units, criteria, obs) = case(1.0);
    let s = screen(&units, &criteria, &obs, MIN_AVAILABLE).unwrap();
    assert_eq!(s[0].score, Some(100.0));
    // the decimal 0.6667 the shipped file used to carry excluded it
    let s = screen(&units, &criteria, &obs, MinShare::decimal(0.6667)).unwrap();
    assert_eq!(s[0].score, None);
}

#[test]
fn equal_scores_are_ordered_by_intensity_then_code() {
    let units = vec![unit("AA1", true), unit("BB1", true), unit("CC1", true)];
    let criteria = vec![criterion(
        "c",
        Direction::Above,
        Threshold::Value(0.0),
        1.0,
        Tie::Fails,
    )];
    // all three meet; B is furthest beyond the threshold
    let o = vec![vec![obs(1.0, "x"), obs(3.0, "x"), obs(1.0, "x")]];
    let s = screen(&units, &criteria, &o, MIN_AVAILABLE).unwrap();
    assert!(s.iter().all(|r| r.score == Some(100.0)));
    assert_eq!(
        s.iter().map(|r| r.rank.unwrap()).collect::<Vec<_>>(),
        [2, 1, 3]
    );
    // population sd of 1, 3, 1 is 0.9428; B is 3 / 0.9428 = 3.18 sd beyond, clipped to 3
    assert_eq!(s[1].intensity, Some(3.0));
    assert!((s[0].intensity.unwrap() - 1.0 / 0.942_809_041_582_063_4).abs() < 1e-12);
}

#[test]
fn a_proxy_is_compared_with_its_own_distribution() {
    let units = vec![
        unit("AA1", true),
        unit("BB1", true),
        unit("CC1", true),
        unit("DD1", true),
    ];
    let criteria = vec![criterion(
        "m",
        Direction::Above,
        Threshold::EuMedian,
        1.0,
        Tie::Fails,
    )];
    // SBS values 20, 30 (median 25); LFS proxy values 10, 14 (median 12)
    let o = vec![vec![
        obs(20.0, "SBS"),
        obs(30.0, "SBS"),
        obs(10.0, "LFS"),
        obs(14.0, "LFS"),
    ]];
    let s = screen(&units, &criteria, &o, MIN_AVAILABLE).unwrap();
    assert_eq!(s[2].outcomes[0].threshold, Some(12.0));
    assert_eq!(s[3].outcomes[0].meets, Some(true));
    assert_eq!(s[0].outcomes[0].meets, Some(false));
    // with every region's LFS value (alternates: 16, 40 for the SBS regions)
    // the LFS median is that of 16, 40, 10, 14 = 15, not 12 of the two
    // regions that needed the proxy: DD1 (14) no longer meets
    let alt = vec![vec![
        obs(16.0, "LFS"),
        obs(40.0, "LFS"),
        obs(10.0, "LFS"),
        obs(14.0, "LFS"),
    ]];
    let s = screen_with(&units, &criteria, &o, Some(&alt), MIN_AVAILABLE).unwrap();
    assert_eq!(s[3].outcomes[0].threshold, Some(15.0));
    assert_eq!(s[3].outcomes[0].meets, Some(false));
    // the SBS regions are still judged on SBS (median 25)
    assert_eq!(s[1].outcomes[0].threshold, Some(25.0));
}

#[test]
fn national_median_thresholds_use_the_regions_of_the_country() {
    let units = vec![unit("AT1", true), unit("AT2", true), unit("BE1", true)];
    let criteria = vec![criterion(
        "m",
        Direction::Below,
        Threshold::NationalMedian,
        1.0,
        Tie::Fails,
    )];
    let o = vec![vec![obs(1.0, "x"), obs(3.0, "x"), obs(100.0, "x")]];
    let s = screen(&units, &criteria, &o, MIN_AVAILABLE).unwrap();
    assert_eq!(s[0].outcomes[0].threshold, Some(2.0));
    assert_eq!(s[0].outcomes[0].meets, Some(true));
    // alone in its country: equal to its own median, a tie that fails
    assert_eq!(s[2].outcomes[0].meets, Some(false));
}

#[test]
fn bad_criteria_are_refused() {
    let (units, mut criteria, obs) = case(2.0);
    criteria[1].weight = -1.0;
    assert_eq!(
        screen(&units, &criteria, &obs, MIN_AVAILABLE),
        Err(ScreeningError::BadWeight("c2".into()))
    );
    criteria[1].weight = 1.0;
    criteria[2].id = "c1".into();
    assert_eq!(
        screen(&units, &criteria, &obs, MIN_AVAILABLE),
        Err(ScreeningError::DuplicateId("c1".into()))
    );
    let zero: Vec<Criterion> = case(0.0)
        .1
        .into_iter()
        .map(|mut c| {
            c.weight = 0.0;
            c
        })
        .collect();
    assert_eq!(
        screen(&units, &zero, &obs, MIN_AVAILABLE),
        Err(ScreeningError::NoWeight)
    );
    assert_eq!(
        screen(&units, &case(2.0).1, &obs, MinShare::decimal(0.0)),
        Err(ScreeningError::BadMinimum(0.0))
    );
}

// ---- measures and their fallbacks ----

type Row<'a> = (&'a str, &'a str, i32, Option<f64>);

fn panel(rows: &[Row]) -> Panel {
    let mut b = PanelBuilder::new(DuplicatePolicy::Error);
    for (r, a, y, v) in rows {
        b.push(r, a, *y, *v, Flags::EMPTY, 0).unwrap();
    }
    b.build().unwrap()
}

fn section_of(d: &str) -> Option<&str> {
    match d {
        "10" => Some("C"),
        "45" => Some("G"),
        _ => None,
    }
}

fn is_eu(r: &str) -> bool {
    !r.starts_with("NO")
}

/// AT11: SBS in 2008 and 2014. AT12: C confidential in 2014, published in
/// 2013. AT13: no SBS at all, LFS only. AT21: SBS at the start only, LFS at
/// both ends. AT22: nothing.
fn data() -> (Panel, Panel, Panel) {
    let sections = panel(&[
        ("AT11", "C", 2008, Some(40.0)),
        ("AT11", "G", 2008, Some(60.0)),
        ("AT11", "C", 2014, Some(30.0)),
        ("AT11", "G", 2014, Some(70.0)),
        ("AT12", "C", 2013, Some(20.0)),
        ("AT12", "G", 2013, Some(80.0)),
        ("AT12", "C", 2014, None),
        ("AT12", "G", 2014, Some(75.0)),
        ("AT21", "C", 2008, Some(50.0)),
        ("AT21", "G", 2008, Some(50.0)),
    ]);
    let divisions = panel(&[
        ("AT11", "10", 2008, Some(40.0)),
        ("AT11", "45", 2008, Some(60.0)),
        ("AT11", "10", 2014, Some(30.0)),
        ("AT11", "45", 2014, Some(70.0)),
        ("AT12", "10", 2013, Some(20.0)),
        ("AT12", "45", 2013, Some(80.0)),
        ("AT12", "10", 2014, None),
        ("AT12", "45", 2014, Some(75.0)),
        ("AT21", "10", 2008, Some(50.0)),
        ("AT21", "45", 2008, Some(50.0)),
        ("AT13", "45", 2010, None),
    ]);
    let context = panel(&[
        ("AT13", "LFS_EMP_THS:B-E", 2008, Some(30.0)),
        ("AT13", "LFS_EMP_THS:TOTAL", 2008, Some(100.0)),
        ("AT13", "LFS_EMP_THS:B-E", 2014, Some(25.0)),
        ("AT13", "LFS_EMP_THS:TOTAL", 2014, Some(110.0)),
        ("AT13", "LFS_EMP_THS:NRP", 2014, Some(10.0)),
        ("AT21", "LFS_EMP_THS:B-E", 2009, Some(40.0)),
        ("AT21", "LFS_EMP_THS:TOTAL", 2009, Some(100.0)),
        ("AT21", "LFS_EMP_THS:B-E", 2015, Some(36.0)),
        ("AT21", "LFS_EMP_THS:TOTAL", 2015, Some(100.0)),
        // GDP: AT11 100 mio PPS at 20 PPS/head (5 m people), AT12 300 at 30 (10 m)
        ("AT11", "GDP_MIO_PPS", 2014, Some(100.0)),
        ("AT11", "GDP_PPS_HAB", 2014, Some(20.0)),
        ("AT12", "GDP_MIO_PPS", 2014, Some(300.0)),
        ("AT12", "GDP_PPS_HAB", 2014, Some(30.0)),
        ("AT", "GDP_PPS_HAB", 2014, Some(25.0)),
        // productivity in PPS: accounts employment for AT11 (GDP 80 -> 100
        // mio PPS, 10 thousand employed), the LFS proxy for AT13; AT12 has
        // GDP in EUR only, which is not used (exchange rates)
        ("AT11", "GDP_MIO_PPS", 2008, Some(80.0)),
        ("AT11", "EMP_RA_THS", 2008, Some(10.0)),
        ("AT11", "EMP_RA_THS", 2014, Some(10.0)),
        ("AT13", "GDP_MIO_PPS", 2008, Some(1000.0)),
        ("AT13", "GDP_MIO_PPS", 2014, Some(1100.0)),
        ("AT12", "GDP_MIO_EUR", 2008, Some(1000.0)),
        ("AT12", "GDP_MIO_EUR", 2014, Some(1500.0)),
        ("AT12", "LFS_EMP_THS:TOTAL", 2008, Some(100.0)),
        ("AT12", "LFS_EMP_THS:TOTAL", 2014, Some(100.0)),
        ("AT11", "UNEMP_PC", 2009, Some(4.0)),
        ("AT11", "UNEMP_PC", 2014, Some(5.5)),
    ]);
    (sections, divisions, context)
}

fn with<T>(f: impl FnOnce(&Measures) -> T) -> T {
    let (s, d, c) = data();
    let m = Measures::new(
        Inputs {
            sections: &s,
            divisions: &d,
            context: vec![&c],
            section_of,
            is_eu,
        },
        Window::new(2014),
    );
    f(&m)
}

fn get(m: &Measures, id: &str, region: &str) -> Option<Observation> {
    m.measure(id, region).unwrap()
}

#[test]
fn manufacturing_share_falls_back_in_the_documented_order() {
    with(|m| {
        // 1. SBS in the screening year: 30 / (30 + 70)
        let o = get(m, "manufacturing_share", "AT11").unwrap();
        assert_eq!(
            (o.value, o.year, o.proxy, o.basis.as_str()),
            (30.0, 2014, false, "SBS")
        );
        // 2. C confidential in 2014: the nearest year, 2013: 20 / 100
        let o = get(m, "manufacturing_share", "AT12").unwrap();
        assert_eq!((o.value, o.year, o.proxy), (20.0, 2013, false));
        assert!(o.source.contains("nearest year"), "{}", o.source);
        // 3. no SBS: LFS B-E over total less no response, 25 / (110 - 10), a proxy
        let o = get(m, "manufacturing_share", "AT13").unwrap();
        assert_eq!(
            (o.value, o.year, o.proxy, o.basis.as_str()),
            (25.0, 2014, true, "LFS B-E")
        );
        // 4. nothing: missing, not zero
        assert_eq!(get(m, "manufacturing_share", "AT22"), None);
    });
}

#[test]
fn manufacturing_change_uses_one_source_at_both_ends() {
    with(|m| {
        // annualised: (30 - 40) points over 2008-2014
        let o = get(m, "manufacturing_change", "AT11").unwrap();
        assert_eq!(
            (o.value, o.from_year, o.year),
            (-10.0 / 6.0, Some(2008), 2014)
        );
        // LFS at both ends: (25 - 30) / 6
        let o = get(m, "manufacturing_change", "AT13").unwrap();
        assert_eq!((o.value, o.proxy), (-5.0 / 6.0, true));
        // SBS has the start (50 %) but no end: both ends from the LFS,
        // 2009 (first start year with LFS) to 2015 (nearest to 2014):
        // (36 - 40) / 6
        let o = get(m, "manufacturing_change", "AT21").unwrap();
        assert_eq!(
            (o.value, o.from_year, o.year, o.proxy),
            (-4.0 / 6.0, Some(2009), 2015, true)
        );
        // the proxy of every region, whether it needed it or not: AT11 has
        // no LFS, AT21 the LFS change above
        assert_eq!(m.proxy("manufacturing_change", "AT11"), None);
        assert_eq!(
            m.proxy("manufacturing_change", "AT21").unwrap().value,
            -4.0 / 6.0
        );
        assert_eq!(m.proxy("gdp_per_head_eu", "AT11"), None);
        let start = get(m, "manufacturing_share_start", "AT21").unwrap();
        assert_eq!((start.value, start.year), (50.0, 2008));
    });
}

#[test]
fn gdp_per_head_is_indexed_on_the_eu_and_the_country() {
    with(|m| {
        // EU28 average = (100 + 300) / (5 + 10) = 26.667 PPS; AT11 = 20 / 26.667
        let o = get(m, "gdp_per_head_eu", "AT11").unwrap();
        assert!((o.value - 75.0).abs() < 1e-12, "{}", o.value);
        let o = get(m, "gdp_per_head_national", "AT12").unwrap();
        assert!((o.value - 120.0).abs() < 1e-12);
    });
}

#[test]
fn productivity_growth_prefers_the_accounts_and_falls_back_to_a_proxy() {
    with(|m| {
        // GDP in PPS per accounts worker: (100/10) / (80/10) over 6 years
        let o = get(m, "productivity_growth", "AT11").unwrap();
        assert!((o.value - 100.0 * (1.25f64.powf(1.0 / 6.0) - 1.0)).abs() < 1e-12);
        assert!(!o.proxy && o.source.contains("PPS"));
        // GDP (PPS) / LFS employment: (1100/110) / (1000/100) = 1: no growth
        let o = get(m, "productivity_growth", "AT13").unwrap();
        assert!(o.value.abs() < 1e-12 && o.proxy);
        // GDP in EUR is never used: AT12 has no productivity growth
        assert_eq!(get(m, "productivity_growth", "AT12"), None);
    });
}

#[test]
fn confidential_divisions_are_estimated_for_variety() {
    with(|m| {
        // AT12 2014: division 10 (section C) confidential, 45 = 75; the
        // section total of C is confidential too, so no section bounds it:
        // 10 gets its share of employment over the publishing regions
        // (AT11: 30 of 30 + 70 + 75 in 2014) times AT12's published 75
        let (v, n) = m.divisions_estimated("AT12", 2014).unwrap();
        assert_eq!(n, 1);
        assert!((v[0] - 75.0 * 30.0 / 175.0).abs() < 1e-12, "{v:?}");
        assert_eq!(v[1], 75.0);
        // nothing to estimate for AT11
        assert_eq!(m.divisions_estimated("AT11", 2014).unwrap().1, 0);
    });
}

#[test]
fn structural_change_measures() {
    with(|m| {
        // Lilien: totals unchanged (100), division 10 from 40 to 30, 45 from 60 to 70
        let o = get(m, "lilien", "AT11").unwrap();
        let expected = (0.3 * (0.75f64).ln().powi(2) + 0.7 * (70.0f64 / 60.0).ln().powi(2)).sqrt();
        assert!((o.value - expected).abs() < 1e-12);
        // EU28 employment in 10 fell (40 -> 30 in AT11, the only region with
        // both years), 45 rose: AT11 had 40 % of its 2008 employment in it
        let o = get(m, "declining_share", "AT11").unwrap();
        assert_eq!(o.value, 40.0);
        let o = get(m, "unemployment_change", "AT11").unwrap();
        // annualised: (5.5 - 4.0) points over 2009-2014
        assert!((o.value - 0.3).abs() < 1e-12 && o.from_year == Some(2009));
        // a context code as a measure
        let o = get(m, "context:UNEMP_PC", "AT11").unwrap();
        assert_eq!(o.value, 5.5);
        assert!(m.measure("no_such_measure", "AT11").is_err());
    });
}

//! The skills regression recovers known sector intensities from a generated
//! panel of regions, and the profile reads the gap it was given.

use smartspec_core::skills::{assess, EuYear, RegionYear, SkillsInputs, SkillsOptions, Verdict};
use smartspec_core::synthetic::SplitMix64;

const BETA: [f64; 4] = [0.05, 0.20, 0.55, 0.90];

fn generated(regions: usize, years: &[i32], seed: u64) -> SkillsInputs {
    let mut rng = SplitMix64::new(seed);
    let data = years
        .iter()
        .map(|_| {
            (0..regions)
                .map(|r| {
                    let raw: Vec<f64> = (0..4).map(|_| 0.1 + rng.uniform()).collect();
                    let sum: f64 = raw.iter().sum();
                    let shares: Vec<f64> = raw.iter().map(|v| v / sum).collect();
                    let mut t: f64 = shares.iter().zip(BETA).map(|(s, b)| s * b).sum();
                    t += 0.005 * rng.normal();
                    if r == 0 {
                        t += 0.10; // region 0: ten points more graduates than its mix needs
                    }
                    RegionYear {
                        shares: Some(shares),
                        exact: r != 0, // and it stays out of the fit
                        tertiary_employment: Some(t),
                        attainment: Some([0.2, 0.5, 0.3]),
                        ..RegionYear::default()
                    }
                })
                .collect()
        })
        .collect();
    SkillsInputs {
        regions: (0..regions).map(|r| format!("R{r:03}")).collect(),
        years: years.to_vec(),
        sectors: ["A", "B-E", "J", "K"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        data,
        eu: vec![EuYear::default(); years.len()],
    }
}

#[test]
fn recovers_known_intensities_with_covering_intervals() {
    let inputs = generated(250, &[2013, 2014, 2015], 11);
    let opts = SkillsOptions {
        draws: 300,
        ..SkillsOptions::default()
    };
    let a = assess(inputs, 2015, &opts).unwrap();
    let fit = a.fits[a.y].as_ref().unwrap();
    assert_eq!(fit.n, 249);
    for j in 0..4 {
        assert!(
            (fit.coef[j] - BETA[j]).abs() < 0.02,
            "sector {j}: {} vs {}",
            fit.coef[j],
            BETA[j]
        );
        let (lo, hi) = a.intervals[j];
        assert!(lo <= BETA[j] && BETA[j] <= hi, "sector {j}: [{lo}, {hi}]");
    }
    let p = a.profile(0);
    let gap = p.gap.unwrap();
    assert!((gap - 10.0).abs() < 1.5, "gap {gap}");
    assert_eq!(p.verdict, Some(Verdict::Surplus));
    assert_eq!(p.gap_history.len(), 3);
    assert!(
        p.sentences[0].starts_with("Your workforce is more educated than your industry mix needs")
    );
    // a division is judged by its A*10 sector: J62 is in J (intensity ≈ 55 %)
    let fit = p.activity_fit("J62").unwrap();
    assert_eq!(fit.sector, "J");
    assert_eq!(fit.supply, Some(30.0));
    assert_eq!(fit.asks_more, Some(true));
    assert_eq!(
        p.activity_fit("C10").unwrap().asks_more,
        Some(false),
        "B-E ≈ 20 % < 30 %"
    );
}

#[test]
fn bounds_hold_when_the_truth_is_outside_them() {
    // a sector whose "true" intensity is above 1 is held at 1
    let mut inputs = generated(120, &[2015], 5);
    for d in inputs.data[0].iter_mut() {
        let s = d.shares.as_ref().unwrap();
        d.tertiary_employment = Some(1.4 * s[3] + 0.2 * s[1]);
    }
    let a = assess(
        inputs,
        2015,
        &SkillsOptions {
            draws: 50,
            ..SkillsOptions::default()
        },
    )
    .unwrap();
    let c = &a.fits[0].as_ref().unwrap().coef;
    assert!(c.iter().all(|b| (0.0..=1.0).contains(b)));
    assert_eq!(c[3], 1.0);
}

#[test]
fn too_few_regions_is_a_clear_refusal() {
    let inputs = generated(10, &[2015], 1);
    let e = assess(inputs, 2015, &SkillsOptions::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "2015: only 9 regions have both sector shares and education data (at least 30 needed)"
    );
    let e = assess(generated(40, &[2015], 1), 2010, &SkillsOptions::default()).unwrap_err();
    assert_eq!(e.to_string(), "year 2010 is not in the skills data");
}

//! Partner scores on a hand-made 4-region case, the weights, the
//! Member-State rule, and the exact search against brute force.

use smartspec_core::partnership::{
    exact, greedy, rank_partners, reason, search::EXACT_MAX, Method, Objective, ProposeError, Rule,
    Strengths, Weights,
};
use smartspec_core::synthetic::SplitMix64;

/// Three stages (upstream, processing, market). Region 0 (A) is strong
/// upstream and in processing and weak in the market; B (1) holds the
/// market; C (2) is stronger than B overall but strong where A already is;
/// D (3) is weak everywhere.
fn four_regions() -> Strengths {
    let strength = vec![
        0.8, 0.7, 0.1, // A
        0.3, 0.4, 0.9, // B
        0.9, 0.9, 0.2, // C
        0.2, 0.2, 0.2, // D
    ];
    let rca = vec![
        2.0, 1.5, 0.2, //
        0.5, 0.8, 3.0, //
        3.0, 3.0, 0.3, //
        0.4, 0.4, 0.4,
    ];
    Strengths {
        regions: 4,
        stages: 3,
        rca,
        percentile: vec![f64::NAN; 12],
        strength,
    }
}

const NAMES: [&str; 3] = ["upstream", "processing", "market"];
const REL: [f64; 4] = [f64::NAN, 0.2, 0.2, 0.1];

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn best_complement_holds_the_missing_stage_ahead_of_a_stronger_overlapping_partner() {
    let st = four_regions();
    let ranked = rank_partners(&st, 0, &[0, 1, 2, 3], &REL, &Weights::default());
    let order: Vec<usize> = ranked.iter().map(|p| p.region).collect();
    assert_eq!(order, vec![1, 2, 3]);
    let (b, c, d) = (&ranked[0], &ranked[1], &ranked[2]);
    // shared(A,B) = (min(.8,.3) + min(.7,.4) + min(.1,.9))/3 = .8/3;
    // comp(A,B) = (0 + 0 + (.9 - .1))/3 = .8/3: B lifts A's missing stage
    assert!(close(b.shared, 0.8 / 3.0) && close(b.complementarity, 0.8 / 3.0));
    // shared(A,C) = (.8 + .7 + .1)/3; comp(A,C) = (.1 + .2 + .1)/3
    assert!(close(c.shared, 1.6 / 3.0) && close(c.complementarity, 0.4 / 3.0));
    // C is the stronger region
    assert!(close(b.strength, 1.6 / 3.0) && close(c.strength, 2.0 / 3.0));
    // score = .6 comp + .2 shared + .2 rel
    assert!(close(
        b.score,
        0.6 * 0.8 / 3.0 + 0.2 * 0.8 / 3.0 + 0.2 * 0.2
    ));
    assert!(close(
        c.score,
        0.6 * 0.4 / 3.0 + 0.2 * 1.6 / 3.0 + 0.2 * 0.2
    ));
    // D: shared (.2 + .2 + .1)/3, comp (0 + 0 + .1)/3
    assert!(close(
        d.score,
        0.6 * 0.1 / 3.0 + 0.2 * 0.5 / 3.0 + 0.2 * 0.1
    ));
    assert_eq!(
        reason(&st, 0, 1, &NAMES),
        "strong in market, where you are weak"
    );
    assert_eq!(
        reason(&st, 0, 2, &NAMES),
        "shares your strength in upstream and processing"
    );
    assert_eq!(
        reason(&st, 0, 3, &NAMES),
        "specialised in no stage; strongest in upstream (0.20)"
    );
}

#[test]
fn weights_change_the_ranking_as_documented() {
    let st = four_regions();
    let rank = |w: Weights| -> Vec<usize> {
        rank_partners(&st, 0, &[1, 2, 3], &REL, &w)
            .iter()
            .map(|p| p.region)
            .collect()
    };
    // shared strength first: the overlapping, stronger C leads
    let shared = Weights {
        complementarity: 0.0,
        shared: 1.0,
        relatedness: 0.0,
    };
    assert_eq!(rank(shared), vec![2, 1, 3]);
    // equal complementarity and shared weights: shared + comp is the
    // partner's mean strength, so the ranking follows strength (C, B, D)
    let equal = Weights {
        complementarity: 1.0,
        shared: 1.0,
        relatedness: 0.0,
    };
    let r = rank_partners(&st, 0, &[1, 2, 3], &REL, &equal);
    assert_eq!(
        r.iter().map(|p| p.region).collect::<Vec<_>>(),
        vec![2, 1, 3]
    );
    assert!(r.iter().all(|p| close(p.score, p.strength / 2.0)));
    // relatedness alone: ties broken by region id, the unrelated D last
    let rel = Weights {
        complementarity: 0.0,
        shared: 0.0,
        relatedness: 1.0,
    };
    assert_eq!(rank(rel), vec![1, 2, 3]);
    // weights are relative: scaling them changes nothing
    let scaled = Weights {
        complementarity: 6.0,
        shared: 2.0,
        relatedness: 2.0,
    };
    assert_eq!(rank(scaled), vec![1, 2, 3]);
}

fn random_case(seed: u64, n: usize, stages: usize, countries: u8) -> (Vec<f64>, Rule) {
    let mut rng = SplitMix64::new(seed);
    let v: Vec<f64> = (0..n * stages).map(|_| rng.uniform()).collect();
    let country = (0..n)
        .map(|_| {
            let c = (rng.next_u64() % (countries as u64 + 1)) as u8;
            // one value in countries + 1 stands for a non-EU region
            (c < countries).then_some(c)
        })
        .collect();
    (
        v,
        Rule {
            country,
            min_countries: 3,
        },
    )
}

/// Every `k`-subset containing `leads` that meets the rule: the best value.
fn brute_force(o: &Objective, rule: &Rule, n: usize, leads: &[usize], k: usize) -> f64 {
    let mut best = f64::NEG_INFINITY;
    for mask in 0u32..(1 << n) {
        if mask.count_ones() as usize != k || leads.iter().any(|&l| mask & (1 << l) == 0) {
            continue;
        }
        let set: Vec<usize> = (0..n).filter(|&i| mask & (1 << i) != 0).collect();
        if rule.holds(&set) {
            best = best.max(o.eval(&set).0);
        }
    }
    best
}

#[test]
fn exact_search_matches_brute_force() {
    for seed in 0..40 {
        let (n, s) = (13, 4);
        let (v, rule) = random_case(seed, n, s, 4);
        for k in 3..=EXACT_MAX {
            let o = Objective::new(v.clone(), s, k);
            let all: Vec<usize> = (0..n).collect();
            let leads: Vec<usize> = if seed % 3 == 0 {
                vec![(seed as usize) % n]
            } else {
                vec![]
            };
            let want = brute_force(&o, &rule, n, &leads, k);
            match exact(&o, &rule, &all, &leads, k) {
                Ok(p) => {
                    assert!(
                        (p.objective - want).abs() < 1e-9,
                        "seed {seed} k {k}: {} vs brute force {want}",
                        p.objective
                    );
                    assert_eq!(p.members.len(), k);
                    assert!(rule.holds(&p.members));
                    assert!(leads.iter().all(|l| p.members.contains(l)));
                    assert_eq!(p.method, Method::Exact);
                    // greedy: within its guarantee and below the bound it reports
                    let g = greedy(&o, &rule, &all, &leads, k).unwrap();
                    let Method::Greedy { guarantee, .. } = g.method else {
                        panic!()
                    };
                    let f_leads = o.eval(&leads).0;
                    assert!(g.objective - f_leads >= guarantee * (want - f_leads) - 1e-9);
                    assert!(g.upper_bound >= want - 1e-9 && g.objective <= want + 1e-9);
                }
                Err(e) => assert_eq!(want, f64::NEG_INFINITY, "seed {seed} k {k}: {e}"),
            }
        }
    }
}

#[test]
fn the_member_state_rule_binds() {
    // regions 0-3 of country 0 are the strongest; 4 and 5 (countries 1 and
    // 2) are weak; 6 is outside the EU28 and strong
    let v = vec![0.9, 0.9, 0.85, 0.8, 0.1, 0.2, 0.95];
    let rule = Rule {
        country: vec![Some(0), Some(0), Some(0), Some(0), Some(1), Some(2), None],
        min_countries: 3,
    };
    let o = Objective::new(v, 1, 4);
    let all: Vec<usize> = (0..7).collect();
    let p = exact(&o, &rule, &all, &[], 4).unwrap();
    let mut m = p.members.clone();
    m.sort();
    // the non-EU region may join, but the two weak Member States must
    assert_eq!(m, vec![0, 4, 5, 6]);
    let g = greedy(&o, &rule, &all, &[], 4).unwrap();
    let mut gm = g.members.clone();
    gm.sort();
    assert_eq!(gm, vec![0, 4, 5, 6]);
    // without region 5 only two Member States are left
    let some: Vec<usize> = vec![0, 1, 2, 3, 4, 6];
    assert_eq!(
        exact(&o, &rule, &some, &[], 4),
        Err(ProposeError::RuleUnreachable {
            min: 3,
            available: 2
        })
    );
    // min_countries is a parameter
    let two = Rule {
        min_countries: 2,
        ..rule.clone()
    };
    let mut m2 = exact(&o, &two, &all, &[], 4).unwrap().members;
    m2.sort();
    assert_eq!(m2, vec![0, 1, 5, 6]);
}

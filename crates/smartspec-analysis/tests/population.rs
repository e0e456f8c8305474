//! The population behind rpop and the Hoover–Gini covers the UK and Norway
//! (the embedded data holds their `demo_r_d2jan` counts, `POP_NR`, but no
//! `POP_THS`).

use smartspec_analysis::{Analysis, Dataset};
use smartspec_core::Cell;

#[test]
fn uk_and_norway_have_a_population_in_thousands() {
    let ds = Dataset::embedded();
    let pop = ds.population(2014).unwrap();
    let regions = ds.panel().regions();
    let at = |c: &str| pop[regions.id(c).unwrap() as usize];
    for c in ["UKI3", "UKC1", "NO01"] {
        assert!(at(c).is_finite(), "{c}");
    }
    // where both exist they agree: POP_THS and POP_NR / 1000 (the average
    // population of the year against 1 January's count)
    let ctx = ds.context();
    let mut diffs = Vec::new();
    for code in regions.iter().filter(|c| c.len() == 4) {
        let get = |ind: &str| {
            ctx.iter().find_map(|p| match p.get(code, ind, 2014) {
                Some(Cell::Value(v)) => Some(v),
                _ => None,
            })
        };
        if let (Some(t), Some(n)) = (get("POP_THS"), get("POP_NR")) {
            diffs.push((t - n / 1000.0).abs() / t);
        }
    }
    // the vintages differ (POP_THS is V2021, after census revisions), so
    // the agreement is close, not exact: median under 1 %, all under 10 %
    assert!(diffs.len() > 100, "{}", diffs.len());
    let median = smartspec_core::stats::median(&diffs).unwrap();
    let max = diffs.iter().copied().fold(0.0, f64::max);
    assert!(median < 0.01 && max < 0.10, "median {median}, max {max}");
    // London's rpop is defined now
    let a = Analysis::embedded();
    let y = ds.panel().year_index(2014).unwrap();
    let yi = a.year(y);
    let rpop = yi.rpop.as_ref().unwrap();
    let r = regions.id("UKI3").unwrap() as usize;
    assert!((0..rpop.cols).any(|p| rpop.get(r, p).is_finite()));
}

//! The screening measures on the embedded data, against facts the issue
//! measured: the diversification criterion must not track confidential
//! cells.

use smartspec_analysis::screening::{is_eu_region, measures};
use smartspec_analysis::Dataset;
use smartspec_core::stats::spearman;
use smartspec_core::Cell;

#[test]
fn related_variety_does_not_track_confidential_divisions() {
    let ds = Dataset::embedded();
    let panel = ds.panel();
    let y = panel.year_index(2014).unwrap();
    let m = measures(&ds, 2014, (2008, 2010));
    let (mut rv, mut conf) = (Vec::new(), Vec::new());
    for (r, code) in panel.regions().iter().enumerate() {
        if code.len() != 4 || !is_eu_region(code) {
            continue;
        }
        let Ok(Some(o)) = m.measure("related_variety", code) else {
            continue;
        };
        if o.year != 2014 {
            continue;
        }
        let n = (0..panel.activities().len())
            .filter(|&a| panel.cell(y, r, a) == Cell::Missing)
            .count();
        rv.push(o.value);
        conf.push(n as f64);
    }
    let c = spearman(&rv, &conf).unwrap();
    eprintln!(
        "Spearman(related variety, confidential divisions) = {:+.3} over {} regions",
        c.rho, c.n
    );
    assert!(c.n > 200);
    assert!(c.rho.abs() < 0.2, "{c:?}");
}

/// A proxy is judged against the same proxy over all EU regions: on the
/// embedded data the LFS manufacturing proxy was judged against the 8
/// regions that needed it and the productivity proxy against 63.
#[test]
fn a_proxy_is_judged_against_the_proxy_of_every_eu_region() {
    let a = smartspec_analysis::Analysis::embedded();
    let s = a.screening(None).unwrap();
    let m = measures(a.dataset(), s.year, s.criteria.start);
    let mut checked = 0;
    for (c, crit) in s.criteria().iter().enumerate() {
        let all: Vec<f64> = s
            .units
            .iter()
            .filter(|u| u.eu)
            .filter_map(|u| m.proxy(&crit.measure, &u.code))
            .map(|o| o.value)
            .collect();
        for (u, sc) in s.scores.iter().enumerate() {
            let out = &sc.outcomes[c];
            if !out.observation.as_ref().is_some_and(|o| o.proxy) {
                continue;
            }
            if crit.threshold != smartspec_core::transition::Threshold::EuMedian {
                continue;
            }
            // every proxy of this criterion has one basis on the embedded data
            assert!(
                all.len() > 100,
                "{}: {} EU regions with the proxy",
                crit.id,
                all.len()
            );
            let median = smartspec_core::stats::median(&all).unwrap();
            assert_eq!(
                out.threshold,
                Some(median),
                "{} {}",
                crit.id,
                s.units[u].code
            );
            checked += 1;
        }
    }
    assert!(checked > 0);
}

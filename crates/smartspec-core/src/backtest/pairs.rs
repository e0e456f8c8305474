//! The region–activity pairs of an origin year and their features.

use super::BacktestOptions;
use crate::indicators::pipeline::YearIndicators;

/// Values of one year as a region × activity matrix (missing as NaN).
pub type Values = Vec<f64>;

/// Number of features.
pub const N_FEATURES: usize = 16;

/// Names of the model's features, in order.
pub const FEATURES: [&str; N_FEATURES] = [
    "density",
    "cog",
    "pci",
    "rca",
    "ubiquity",
    "ln_size",
    "diversity",
    "rca_change",
    "density_change",
    "value_growth",
    "activity_growth",
    "ln_rca",
    "rca_squared",
    "country_share",
    "ln_value",
    "ln_activity_total",
];

/// What a backtest (or an entry model) reads: consecutive years of one
/// panel, each through the pipeline, with the values behind them.
#[derive(Debug, Clone, Copy)]
pub struct History<'a> {
    /// The pipeline of each year.
    pub years: &'a [YearIndicators],
    /// `sizes[y][r]`: region `r`'s total in year index `y` (for ln size).
    pub sizes: &'a [Vec<f64>],
    /// The panel's values per year (missing as NaN).
    pub values: &'a [Values],
    /// A group id per region (its country), for `country_share` and the
    /// leave-one-country-out fit.
    pub country: &'a [usize],
    /// Per year, `true` where the cell was apportioned from a split region
    /// (flag `S`); `None` when no cell was.
    pub apportioned: Option<&'a [Vec<bool>]>,
}

/// One region–activity pair at an origin.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    /// Region id.
    pub region: usize,
    /// Activity id.
    pub activity: usize,
    /// Features ([`FEATURES`]).
    pub features: [f64; N_FEATURES],
    /// Whether the event (entry or exit) happened.
    pub entered: bool,
}

/// Per origin: the country counts of `country_share` and each activity's
/// growth over all regions.
pub(crate) struct OriginContext {
    members: Vec<f64>,
    held: Vec<f64>,
    activity_growth: Vec<f64>,
    activity_total: Vec<f64>,
}

impl OriginContext {
    /// The context of origin `o` (≥ 1).
    pub(crate) fn new(h: &History<'_>, o: usize) -> OriginContext {
        let a = &h.years[o];
        let (nr, na) = (a.rca.rows, a.rca.cols);
        let nc = h.country.iter().copied().max().map_or(1, |c| c + 1);
        let mut members = vec![0.0; nc];
        let mut held = vec![0.0; nc * na];
        for r in (0..nr).filter(|&r| !a.diversity[r].is_nan()) {
            members[h.country[r]] += 1.0;
            for &p in a.m.row(r) {
                held[h.country[r] * na + p as usize] += 1.0;
            }
        }
        let activity_total = (0..na)
            .map(|p| {
                (0..nr)
                    .map(|r| h.values[o][r * na + p])
                    .filter(|v| v.is_finite())
                    .sum::<f64>()
            })
            .collect();
        let activity_growth = (0..na)
            .map(|p| {
                let (mut x0, mut x1) = (0.0, 0.0);
                for r in 0..nr {
                    let (v0, v1) = (h.values[o - 1][r * na + p], h.values[o][r * na + p]);
                    if v0.is_finite() && v1.is_finite() {
                        x0 += v0;
                        x1 += v1;
                    }
                }
                if x0 > 0.0 && x1 > 0.0 {
                    (x1 / x0).ln()
                } else {
                    0.0
                }
            })
            .collect();
        OriginContext {
            members,
            held,
            activity_growth,
            activity_total,
        }
    }
}

/// The features of region `r` and activity `p` at origin `o` (≥ 1), `None`
/// when one is undefined (a missing cell, an activity nobody holds). With
/// `no_change_when_unknown`, the one-year changes (RCA, density, the
/// region's value) are 0 where the year before is missing, instead of
/// undefined: for scoring a pair, never for fitting.
pub(crate) fn features(
    h: &History<'_>,
    ctx: &OriginContext,
    o: usize,
    r: usize,
    p: usize,
    no_change_when_unknown: bool,
) -> Option<[f64; N_FEATURES]> {
    let (a, prev) = (&h.years[o], &h.years[o - 1]);
    let na = a.rca.cols;
    let rca0 = a.rca.get(r, p);
    let (v0, v1) = (h.values[o - 1][r * na + p], h.values[o][r * na + p]);
    let growth = if v0.is_finite() && v1.is_finite() {
        ((v1 + 1.0) / (v0 + 1.0)).ln()
    } else {
        f64::NAN
    };
    let c = h.country[r];
    let change = |x: f64| {
        if no_change_when_unknown && !x.is_finite() {
            0.0
        } else {
            x
        }
    };
    let f = [
        a.density.get(r, p),
        a.cog.get(r, p),
        a.pci[p],
        rca0,
        a.ubiquity[p],
        h.sizes[o][r].max(1.0).ln(),
        a.diversity[r],
        change(rca0 - prev.rca.get(r, p)),
        change(a.density.get(r, p) - prev.density.get(r, p)),
        change(growth),
        ctx.activity_growth[p],
        (rca0 + 0.01).ln(),
        rca0 * rca0,
        if ctx.members[c] > 1.0 {
            ctx.held[c * na + p] / (ctx.members[c] - 1.0)
        } else {
            0.0
        },
        (v1.max(0.0) + 1.0).ln(),
        (ctx.activity_total[p] + 1.0).ln(),
    ];
    f.iter().all(|v| v.is_finite()).then_some(f)
}

/// Whether the cell of `(r, p)` in year index `y` was apportioned.
fn apportioned(h: &History<'_>, y: usize, r: usize, p: usize) -> bool {
    let na = h.years[y].rca.cols;
    h.apportioned.is_some_and(|a| a[y][r * na + p])
}

/// Pairs at risk from origin `o` (≥ 1: trends look one year back) to
/// outcome `t`, and `after` with persistence; `regions` the balanced set.
pub(crate) fn pairs(
    h: &History<'_>,
    o: usize,
    t: usize,
    after: Option<usize>,
    regions: &[bool],
    opts: &BacktestOptions,
) -> Vec<Pair> {
    let (a, b) = (&h.years[o], &h.years[t]);
    let (nr, na) = (a.rca.rows, a.rca.cols);
    let ctx = OriginContext::new(h, o);
    let mut out = Vec::new();
    for r in (0..nr).filter(|&r| regions[r]) {
        for p in 0..na {
            let (rca0, rca1) = (a.rca.get(r, p), b.rca.get(r, p));
            // at risk: not specialised (entries) or specialised (exits)
            if !(rca0.is_finite() && rca1.is_finite())
                || (rca0 >= opts.threshold) != opts.exits
                || a.ubiquity[p].is_nan()
            {
                continue;
            }
            if !opts.include_apportioned
                && [Some(o), Some(t), after]
                    .iter()
                    .flatten()
                    .any(|&y| apportioned(h, y, r, p))
            {
                continue;
            }
            let event = |rca: f64| (rca >= opts.threshold) != opts.exits;
            let mut entered = event(rca1);
            if let Some(c) = after {
                let rca2 = h.years[c].rca.get(r, p);
                if !rca2.is_finite() {
                    continue;
                }
                entered &= event(rca2);
            }
            if let Some(features) = features(h, &ctx, o, r, p, false) {
                out.push(Pair {
                    region: r,
                    activity: p,
                    features,
                    entered,
                });
            }
        }
    }
    out
}

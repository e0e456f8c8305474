//! Recoding a panel's regions between NUTS versions, and rolling up levels.

use super::{
    country_of, is_extra_regio, level_of, parent_of, Crosswalk, NutsRegistry, Share, Weight,
};
use crate::IoError;
use smartspec_core::{Cell, CodeSet, Flags, NutsVersion, Panel, RegionScheme};
use std::collections::HashMap;

/// Options of a recoding.
#[derive(Debug, Clone, Copy, Default)]
pub struct RecodeOptions {
    /// The weight that apportions splits (default `pop11`).
    pub weight: Weight,
    /// How values meeting in one target unit combine (default: summed).
    pub aggregation: Aggregation,
}

/// How the values of source units that meet in one target unit combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Aggregation {
    /// Extensive quantities (persons, euros): a split apportions the value
    /// by the weight, a merge sums the parts.
    #[default]
    Sum,
    /// Intensive quantities (rates, shares, per-head values): each target
    /// takes the mean of the source values that intersect it, weighted by the
    /// intersections' weight (population by default):
    /// `v_t = Σ_i w_it · v_i / Σ_i w_it`. A split copies the rate to every
    /// part; a merge averages the parts by population.
    Mean,
}

/// What happened to one source code.
#[derive(Debug, Clone, PartialEq)]
pub enum RecodeAction {
    /// Valid in the target version: kept as is.
    Kept,
    /// Relabelled to one target code.
    Renamed {
        /// Target code.
        to: String,
    },
    /// Apportioned to several targets (or into a merge).
    Split {
        /// Target codes and shares.
        into: Vec<Share>,
    },
    /// Dropped, with the reason.
    Dropped {
        /// Why.
        reason: String,
    },
}

/// One line of a recoding log.
#[derive(Debug, Clone, PartialEq)]
pub struct RecodeEntry {
    /// The source code.
    pub code: String,
    /// The version it was read in (`None` when dropped before that).
    pub version: Option<NutsVersion>,
    /// What was done.
    pub action: RecodeAction,
    /// Non-absent cells the code had.
    pub cells: usize,
    /// Of those, cells superseded by a native value of the target code.
    pub superseded: usize,
}

/// What a recoding did, code by code.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecodeLog {
    /// Target version.
    pub target: Option<NutsVersion>,
    /// One entry per source code that was not simply kept.
    pub entries: Vec<RecodeEntry>,
}

impl RecodeLog {
    /// One line for the user.
    pub fn summary(&self) -> String {
        let count =
            |f: fn(&RecodeAction) -> bool| self.entries.iter().filter(|e| f(&e.action)).count();
        format!(
            "recoded regions to {}: {} renamed, {} split or merged, {} dropped",
            self.target.map_or("?".into(), |v| v.to_string()),
            count(|a| matches!(a, RecodeAction::Renamed { .. })),
            count(|a| matches!(a, RecodeAction::Split { .. })),
            count(|a| matches!(a, RecodeAction::Dropped { .. })),
        )
    }
}

/// Recodes a panel declared in one NUTS version to `target` with the embedded
/// crosswalks.
pub fn recode_panel(
    panel: &Panel,
    target: NutsVersion,
    opts: RecodeOptions,
) -> Result<(Panel, RecodeLog), IoError> {
    let RegionScheme::Nuts(source) = panel.meta().regions else {
        return Err(IoError::Request(
            "--recode-to needs region codes of a declared NUTS version (use --regions nutsYYYY or auto)".into(),
        ));
    };
    Ok(harmonise(
        panel,
        target,
        Some(source),
        NutsRegistry::embedded(),
        Crosswalk::embedded(),
        opts,
    ))
}

/// Recodes every region of `panel` to `target`.
///
/// With `source = Some(v)` every code is read as a code of `v`. With `None`
/// the panel mixes versions (as Eurostat tables extracted across a NUTS
/// revision do): a code valid in `target` is kept as it is (*native*); any
/// other code is read in the latest version where it exists and mapped
/// through the crosswalk. When a target cell gets both a native value and a
/// recoded one (a year published in both codings), the native value wins.
/// Extra-Regio codes and codes of no version are dropped and logged.
pub fn harmonise(
    panel: &Panel,
    target: NutsVersion,
    source: Option<NutsVersion>,
    registry: &NutsRegistry,
    crosswalk: &Crosswalk,
    opts: RecodeOptions,
) -> (Panel, RecodeLog) {
    let mut log = RecodeLog {
        target: Some(target),
        entries: Vec::new(),
    };
    let mut mapping: Vec<Route> = Vec::with_capacity(panel.regions().len());
    for code in panel.regions().iter() {
        let cells = count_cells(panel, code);
        let mut entry = |version, action| {
            log.entries.push(RecodeEntry {
                code: code.to_string(),
                version,
                action,
                cells,
                superseded: 0,
            })
        };
        if is_extra_regio(code) {
            entry(
                None,
                RecodeAction::Dropped {
                    reason: "Extra-Regio unit, not a region".into(),
                },
            );
            mapping.push(Route::dropped());
            continue;
        }
        let from = match source {
            Some(v) => Some(v),
            None if registry.is_valid(target, code) => Some(target),
            None => NutsVersion::ALL
                .into_iter()
                .rev()
                .find(|&v| v != target && registry.is_valid(v, code)),
        };
        let Some(from) = from else {
            entry(
                None,
                RecodeAction::Dropped {
                    reason: "not a NUTS code of any version 2006-2024".into(),
                },
            );
            mapping.push(Route::dropped());
            continue;
        };
        let shares = if from == target {
            Some(vec![Share {
                code: code.to_string(),
                share: 1.0,
            }])
        } else {
            crosswalk.shares(from, target, code, opts.weight)
        };
        match shares {
            None if registry.is_valid(target, code) => {
                mapping.push(Route::native(code));
            }
            None => {
                entry(
                    Some(from),
                    RecodeAction::Dropped {
                        reason: format!("not in the {from} -> {target} crosswalk"),
                    },
                );
                mapping.push(Route::dropped());
            }
            Some(s) if s.len() == 1 && s[0].code == code => mapping.push(Route::native(code)),
            Some(s) if s.len() == 1 => {
                entry(
                    Some(from),
                    RecodeAction::Renamed {
                        to: s[0].code.clone(),
                    },
                );
                mapping.push(Route::recoded(
                    s,
                    crosswalk,
                    from,
                    target,
                    code,
                    opts.weight,
                ));
            }
            Some(s) => {
                entry(Some(from), RecodeAction::Split { into: s.clone() });
                mapping.push(Route::recoded(
                    s,
                    crosswalk,
                    from,
                    target,
                    code,
                    opts.weight,
                ));
            }
        }
    }
    let (out, superseded) = remap(panel, &mapping, true, source.is_none(), opts.aggregation);
    for e in &mut log.entries {
        if let Some(&n) = superseded.get(&e.code) {
            e.superseded = n;
        }
    }
    let mut out = out;
    out.meta_mut().regions = RegionScheme::Nuts(target);
    (out, log)
}

/// Where one source region's cells go.
struct Route {
    /// Target codes and the share of the source's value each receives.
    shares: Vec<Share>,
    /// The source is valid in the target version (identity mapping).
    native: bool,
    /// The source's total crosswalk weight (population by default), used by
    /// [`Aggregation::Mean`]; 1 for native routes.
    weight: f64,
}

impl Route {
    fn dropped() -> Route {
        Route {
            shares: Vec::new(),
            native: false,
            weight: 0.0,
        }
    }

    fn native(code: &str) -> Route {
        Route {
            shares: vec![Share {
                code: code.to_string(),
                share: 1.0,
            }],
            native: true,
            weight: 1.0,
        }
    }

    fn recoded(
        shares: Vec<Share>,
        crosswalk: &Crosswalk,
        from: NutsVersion,
        to: NutsVersion,
        code: &str,
        weight: Weight,
    ) -> Route {
        Route {
            shares,
            native: false,
            weight: crosswalk
                .source_weight(from, to, code, weight)
                .unwrap_or(1.0),
        }
    }
}

fn count_cells(panel: &Panel, code: &str) -> usize {
    let Some(r) = panel.regions().id(code) else {
        return 0;
    };
    let mut n = 0;
    for y in 0..panel.years().len() {
        for a in 0..panel.activities().len() {
            if panel.cell(y, r as usize, a) != Cell::Absent {
                n += 1;
            }
        }
    }
    n
}

/// Aggregates regions to `level` (0–2) by code prefix: values of the units
/// below a parent are summed; a missing part makes the parent missing. Units
/// already at `level` are kept; coarser units and Extra-Regio are dropped.
pub fn roll_up(panel: &Panel, level: u8) -> Panel {
    let mapping: Vec<Route> = panel
        .regions()
        .iter()
        .map(|code| match level_of(code) {
            Some(l) if l >= level && !is_extra_regio(code) => {
                let mut c = code;
                while level_of(c) > Some(level) {
                    c = parent_of(c).unwrap_or(c);
                }
                let _ = country_of(c);
                Route::native(c)
            }
            _ => Route::dropped(),
        })
        .collect();
    remap(panel, &mapping, false, false, Aggregation::Sum).0
}

/// Sends each region's cells to its targets. A native route is an identity
/// mapping. With `mark`, non-native contributions are flagged `R` (and `S`
/// when apportioned). With `supersede` (mixed-version input), a target cell
/// takes its native value when it has one, else the combination of the
/// recoded contributions, else whatever missing marker it had; without it,
/// all contributions combine. Contributions combine by `aggregation`; a
/// missing part makes the result missing.
fn remap(
    panel: &Panel,
    mapping: &[Route],
    mark: bool,
    supersede: bool,
    aggregation: Aggregation,
) -> (Panel, HashMap<String, usize>) {
    let targets = CodeSet::from_codes(
        mapping
            .iter()
            .flat_map(|m| m.shares.iter().map(|x| x.code.as_str())),
    );
    let (nr, na, ny) = (targets.len(), panel.activities().len(), panel.years().len());
    let n = nr * na * ny;
    let mean = aggregation == Aggregation::Mean;
    // accumulators: [0] native, [1] recoded; `wsum` holds Σ w for the mean
    let mut acc = [vec![Cell::Absent; n], vec![Cell::Absent; n]];
    let mut wsum = [
        vec![0.0; if mean { n } else { 0 }],
        vec![0.0; if mean { n } else { 0 }],
    ];
    let mut fl = [vec![Flags::EMPTY; n], vec![Flags::EMPTY; n]];
    let mut superseded = HashMap::new();
    for pass in 0..2 {
        for (r, route) in mapping.iter().enumerate() {
            let slot = usize::from(!route.native);
            if (pass == 0) != route.native {
                continue;
            }
            for s in &route.shares {
                let t = targets.id(&s.code).unwrap_or(0) as usize;
                // Sum apportions by the share; Mean weighs by the
                // intersection's weight, share × the source's total weight.
                let factor = if mean {
                    s.share * route.weight
                } else {
                    s.share
                };
                for y in 0..ny {
                    for a in 0..na {
                        let src = panel.cell(y, r, a);
                        if src == Cell::Absent {
                            continue;
                        }
                        let i = (y * nr + t) * na + a;
                        if supersede && slot == 1 && matches!(acc[0][i], Cell::Value(_)) {
                            if matches!(src, Cell::Value(_)) {
                                *superseded
                                    .entry(panel.regions().code(r as u32).to_string())
                                    .or_insert(0) += 1;
                            }
                            continue;
                        }
                        let slot = if supersede { slot } else { 0 };
                        acc[slot][i] = add(acc[slot][i], src, factor);
                        if mean {
                            wsum[slot][i] += factor;
                        }
                        let mut f = fl[slot][i].union(panel.flags(y, r, a));
                        if mark && !route.native {
                            f = f.union(Flags::RECODED);
                            if s.share < 1.0 {
                                f = f.union(Flags::SPLIT);
                            }
                        }
                        fl[slot][i] = f;
                    }
                }
            }
        }
    }
    if mean {
        for slot in 0..2 {
            for (c, &w) in acc[slot].iter_mut().zip(&wsum[slot]) {
                if let Cell::Value(v) = *c {
                    *c = if w > 0.0 {
                        Cell::Value(v / w)
                    } else {
                        Cell::Missing
                    };
                }
            }
        }
    }
    let [native, recoded] = acc;
    let [native_f, recoded_f] = fl;
    let mut cells = native;
    let mut flags = native_f;
    for i in 0..n {
        let take_recoded = match (cells[i], recoded[i]) {
            (Cell::Value(_), _) => false,
            (_, Cell::Value(_)) => true,
            (Cell::Missing, _) => false,
            (Cell::Absent, _) => true,
        };
        if take_recoded {
            cells[i] = recoded[i];
            flags[i] = recoded_f[i];
        }
    }
    let keep_flags = flags.iter().any(|f| !f.is_empty());
    let panel = Panel::from_cells(
        targets,
        panel.activities().clone(),
        panel.years().to_vec(),
        &cells,
        if keep_flags { flags } else { Vec::new() },
        panel.meta().clone(),
    )
    .expect("remap builds consistent parts");
    (panel, superseded)
}

fn add(acc: Cell, src: Cell, share: f64) -> Cell {
    match (acc, src) {
        (Cell::Missing, _) | (_, Cell::Missing) => Cell::Missing,
        (Cell::Absent, Cell::Value(v)) => Cell::Value(v * share),
        (Cell::Value(x), Cell::Value(v)) => Cell::Value(x + v * share),
        (c, Cell::Absent) => c,
    }
}

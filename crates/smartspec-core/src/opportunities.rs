//! Diversification opportunities of one region: which activities it does not
//! yet specialise in are its realistic next niches.
//!
//! Following Balland, Boschma, Crespo & Rigby (2019, *Regional Studies*
//! 53(9):1252), each candidate is placed on two axes:
//!
//! * **relatedness density** `ω_rp` — how close the activity is to what the
//!   region already does (the risk or cost of entering);
//! * **complexity** — how valuable and hard to copy it is (the benefit):
//!   PCI by default, or the fitness–complexity `Q_p` (on a log scale).
//!
//! **Candidates**: activities with `M_rp = 0` whose RCA is defined. Cells that
//! are missing (confidential) are excluded and counted; activities with no
//! complexity value (nobody specialised in them) too.
//!
//! **Quadrants**, on the two axes the score uses — feasibility (below) and
//! complexity — cut at the medians of the region's candidates (or at given
//! cuts): *feasible and complex* (the best bets), *complex but less feasible*
//! (a long shot), *feasible but simple* (a safe, low-value step), *less
//! feasible and simple* (least attractive). When the complexity fails its
//! validity test it is not a value, and the candidates are only split into
//! *more* and *less feasible*.
//!
//! **Score** (the ranking) separates **feasibility** from **value**.
//! Feasibility is the probability that the region enters the activity within
//! the entry model's horizon (`backtest::EntryModel`, boosted trees on RCA,
//! density, trends and the other features of the backtest; scored as its
//! log-odds `ℓ_rp`), or the relatedness density `ω_rp` where no model could
//! be fitted (too few years); value is the complexity `C_p`. With both
//! z-scored among the region's candidates,
//! `score = (z(ℓ or ω) + z(C)) / 2`, so that the two weigh equally whatever
//! their scales. The value term is used only
//! when the complexity measure passes its external-validity test in that
//! year (`indicators::validity`: a measure that ranks poor regions' activities
//! first is not a value); otherwise `score = z(ω)` and
//! [`Opportunities::ranked_by_value`] is `false`, so the output can say so.
//! Ties are broken by COG, then by activity order.
//!
//! **Floor.** A candidate the entry model gives less than
//! [`MIN_ENTRY_PROBABILITY`] is ranked after every candidate above it,
//! whatever its complexity: on the backtest's test origin (2012 → 2014,
//! embedded data) 7 of the 3,325 region–activity pairs below 1 % entered
//! (0.2 %, against 5.7 % over all pairs), so a z-scored complexity must not
//! lift such an activity into a region's top ten.
//!
//! **Explanation**: the region's three specialisations `q` with the largest
//! terms `M_rq φ_qp` of the density — the activities it already does that
//! make `p` related.

use crate::indicators::pipeline::YearIndicators;

/// Entry probabilities below this rank a candidate after the others (see
/// the module doc).
pub const MIN_ENTRY_PROBABILITY: f64 = 0.01;

/// The quadrants of the feasibility × complexity map (halves when the
/// complexity is not a value).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quadrant {
    /// High feasibility, high complexity.
    FeasibleComplex,
    /// Low feasibility, high complexity.
    LessFeasibleComplex,
    /// High feasibility, low complexity.
    FeasibleSimple,
    /// Low feasibility, low complexity.
    LessFeasibleSimple,
    /// High feasibility; the complexity fails its validity test.
    Feasible,
    /// Low feasibility; the complexity fails its validity test.
    LessFeasible,
}

impl Quadrant {
    /// Short label.
    pub fn label(self) -> &'static str {
        match self {
            Quadrant::FeasibleComplex => "feasible and complex (best bet)",
            Quadrant::LessFeasibleComplex => "complex but less feasible (long shot)",
            Quadrant::FeasibleSimple => "feasible but simple (safe, low value)",
            Quadrant::LessFeasibleSimple => "less feasible and simple (least attractive)",
            Quadrant::Feasible => "more feasible (complexity not judged: fails validity)",
            Quadrant::LessFeasible => "less feasible (complexity not judged: fails validity)",
        }
    }
}

/// Which complexity measure is the vertical axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ComplexityAxis {
    /// PCI of the pipeline's ECI method.
    #[default]
    Pci,
    /// `ln Q_p` of fitness–complexity.
    Fitness,
}

/// One candidate activity.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Activity id in the panel.
    pub activity: usize,
    /// Relatedness density (the pipeline's scale).
    pub density: f64,
    /// Complexity on the chosen axis.
    pub complexity: f64,
    /// Complexity outlook gain (NaN when undefined).
    pub cog: f64,
    /// Current RCA.
    pub rca: f64,
    /// Distance to the threshold, `threshold − RCA`.
    pub rca_gap: f64,
    /// The region's value in the activity (employment on the embedded data).
    pub value: f64,
    /// Up to three (activity id, `φ_qp`) of the region's specialisations that
    /// contribute most to the density.
    pub explained_by: Vec<(usize, f64)>,
    /// Quadrant.
    pub quadrant: Quadrant,
    /// The feasibility on its own scale: the entry probability when the
    /// model scores every candidate, else the density.
    pub feasibility: f64,
    /// The entry probability is below [`MIN_ENTRY_PROBABILITY`]: ranked
    /// after the others.
    pub below_floor: bool,
    /// The entry model's probability of entering within its horizon (NaN
    /// without a model).
    pub entry_probability: f64,
    /// Feasibility term: z-score among the candidates of the entry model's
    /// log-odds, or of the density without a model.
    pub feasibility_z: f64,
    /// Value term: z-score of the complexity among the candidates (shown
    /// even when not used in the score).
    pub value_z: f64,
    /// Ranking score (see the module doc).
    pub score: f64,
}

/// The opportunities of one region in one year.
#[derive(Debug, Clone, PartialEq)]
pub struct Opportunities {
    /// Region id.
    pub region: usize,
    /// Year.
    pub year: i32,
    /// Candidates, best score first.
    pub candidates: Vec<Candidate>,
    /// Density cut between low and high relatedness (the median of the
    /// candidates' densities, or the given cut).
    pub density_cut: f64,
    /// Feasibility cut between more and less feasible (the median of the
    /// candidates' feasibility; the density cut when feasibility is the
    /// density).
    pub feasibility_cut: f64,
    /// Complexity cut between low and high complexity.
    pub complexity_cut: f64,
    /// Activities excluded because the cell is missing (confidential).
    pub excluded_missing: usize,
    /// Activities excluded because they have no complexity value.
    pub excluded_no_complexity: usize,
    /// Activities the region already specialises in.
    pub specialised: usize,
    /// Whether the score includes the value (complexity) term.
    pub ranked_by_value: bool,
    /// Whether feasibility is the entry model's probability (else density).
    pub feasibility_by_model: bool,
}

fn zscores(v: &[f64]) -> Vec<f64> {
    let n = v.len() as f64;
    let m = v.iter().sum::<f64>() / n;
    let sd = (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / n).sqrt();
    v.iter()
        .map(|x| if sd > 0.0 { (x - m) / sd } else { 0.0 })
        .collect()
}

/// Opportunities of region `r` from a year's indicators. `values` is the
/// region's row of the panel (for the value column); `threshold` the RCA
/// threshold; `cuts` optional (density, complexity) cuts instead of medians;
/// `value_valid` whether the complexity on `axis` passed its validity test
/// (the score uses it only then); `entry` the entry model's probability per
/// activity (NaN where undefined), the feasibility when given for every
/// candidate, else the density is.
pub fn opportunities(
    y: &YearIndicators,
    r: usize,
    values: &[f64],
    threshold: f64,
    axis: ComplexityAxis,
    cuts: Option<(f64, f64)>,
    value_valid: bool,
    entry: Option<&[f64]>,
) -> Opportunities {
    let na = y.rca.cols;
    let held: Vec<u32> = y.m.row(r).to_vec();
    let mut cands = Vec::new();
    let (mut excluded_missing, mut excluded_no_complexity) = (0, 0);
    for p in 0..na {
        if held.binary_search(&(p as u32)).is_ok() || y.ubiquity[p].is_nan() {
            continue;
        }
        let rca = y.rca.get(r, p);
        if rca.is_nan() {
            excluded_missing += 1;
            continue;
        }
        let complexity = match axis {
            ComplexityAxis::Pci => y.pci[p],
            ComplexityAxis::Fitness => y.fc_complexity[p].ln(),
        };
        if !complexity.is_finite() {
            excluded_no_complexity += 1;
            continue;
        }
        let mut contrib: Vec<(usize, f64)> = held
            .iter()
            .map(|&q| (q as usize, y.proximity.get(q as usize, p)))
            .filter(|(_, v)| *v > 0.0)
            .collect();
        contrib.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        contrib.truncate(3);
        cands.push(Candidate {
            activity: p,
            density: y.density.get(r, p),
            complexity,
            cog: y.cog.get(r, p),
            rca,
            rca_gap: threshold - rca,
            value: values[p],
            explained_by: contrib,
            quadrant: Quadrant::LessFeasibleSimple,
            feasibility: f64::NAN,
            below_floor: false,
            entry_probability: entry.map_or(f64::NAN, |e| e[p]),
            feasibility_z: 0.0,
            value_z: 0.0,
            score: 0.0,
        });
    }
    let (dcut, ccut) = cuts.unwrap_or_else(|| {
        let d: Vec<f64> = cands.iter().map(|c| c.density).collect();
        let c: Vec<f64> = cands.iter().map(|c| c.complexity).collect();
        let med = |v: &[f64]| crate::stats::median(v).unwrap_or(f64::NAN);
        (med(&d), med(&c))
    });
    let by_model = entry.is_some()
        && !cands.is_empty()
        && cands
            .iter()
            .all(|c| c.entry_probability > 0.0 && c.entry_probability < 1.0);
    let feasibility: Vec<f64> = cands
        .iter()
        .map(|c| {
            if by_model {
                let q = c.entry_probability;
                (q / (1.0 - q)).ln()
            } else {
                c.density
            }
        })
        .collect();
    // a given cut is on the feasibility's own scale
    let fcut = match cuts {
        Some((f, _)) => f,
        None if by_model => {
            let p: Vec<f64> = cands.iter().map(|c| c.entry_probability).collect();
            crate::stats::median(&p).unwrap_or(f64::NAN)
        }
        None => dcut,
    };
    let zd = zscores(&feasibility);
    let zc = zscores(&cands.iter().map(|c| c.complexity).collect::<Vec<_>>());
    for (i, c) in cands.iter_mut().enumerate() {
        c.feasibility_z = zd[i];
        c.value_z = zc[i];
        c.score = if value_valid {
            (zd[i] + zc[i]) / 2.0
        } else {
            zd[i]
        };
        c.feasibility = if by_model {
            c.entry_probability
        } else {
            c.density
        };
        c.below_floor = by_model && c.entry_probability < MIN_ENTRY_PROBABILITY;
        let feasible = c.feasibility >= fcut;
        c.quadrant = match (feasible, c.complexity >= ccut, value_valid) {
            (true, _, false) => Quadrant::Feasible,
            (false, _, false) => Quadrant::LessFeasible,
            (true, true, true) => Quadrant::FeasibleComplex,
            (false, true, true) => Quadrant::LessFeasibleComplex,
            (true, false, true) => Quadrant::FeasibleSimple,
            (false, false, true) => Quadrant::LessFeasibleSimple,
        };
    }
    let cog_key = |c: &Candidate| {
        if c.cog.is_finite() {
            c.cog
        } else {
            f64::NEG_INFINITY
        }
    };
    cands.sort_by(|a, b| {
        a.below_floor
            .cmp(&b.below_floor)
            .then(b.score.total_cmp(&a.score))
            .then(cog_key(b).total_cmp(&cog_key(a)))
            .then(a.activity.cmp(&b.activity))
    });
    Opportunities {
        region: r,
        year: y.year,
        candidates: cands,
        density_cut: dcut,
        feasibility_cut: fcut,
        complexity_cut: ccut,
        excluded_missing,
        excluded_no_complexity,
        specialised: held.len(),
        ranked_by_value: value_valid,
        feasibility_by_model: by_model,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicators::pipeline::{compute_year, Options, YearInput};
    use crate::{DuplicatePolicy, Flags, PanelBuilder};

    /// The indicators of a one-year panel of regions R1… × activities A–E,
    /// with the cell `missing` (region, activity) confidential.
    fn year_of(rows: &[[f64; 5]; 6], missing: Option<(usize, usize)>) -> YearIndicators {
        let mut b = PanelBuilder::new(DuplicatePolicy::Error);
        for (i, row) in rows.iter().enumerate() {
            for (j, v) in row.iter().enumerate() {
                let value = (missing != Some((i, j))).then_some(*v);
                let (r, a) = (format!("R{}", i + 1), ["A", "B", "C", "D", "E"][j]);
                b.push(&r, a, 2000, value, Flags::EMPTY, 0).unwrap();
            }
        }
        let p = b.build().unwrap();
        compute_year(&p, 0, &YearInput::default(), &Options::default())
    }

    #[test]
    fn candidates_quadrants_and_explanations_on_a_small_panel() {
        // 6 regions x 5 activities; R1 is specialised in A and B only.
        let rows: [[f64; 5]; 6] = [
            [50.0, 40.0, 5.0, 3.0, 1.0],
            [40.0, 45.0, 30.0, 2.0, 2.0],
            [30.0, 30.0, 40.0, 20.0, 1.0],
            [5.0, 10.0, 30.0, 40.0, 20.0],
            [2.0, 5.0, 10.0, 40.0, 50.0],
            [10.0, 2.0, 20.0, 10.0, 60.0],
        ];
        // R1's E is confidential
        let y = year_of(&rows, Some((0, 4)));
        let o = opportunities(&y, 0, &rows[0], 1.0, ComplexityAxis::Pci, None, true, None);
        // R1 holds A and B; E is confidential for R1: candidates C and D
        assert_eq!(o.specialised, 2);
        assert_eq!(o.excluded_missing, 1);
        let acts: Vec<usize> = o.candidates.iter().map(|c| c.activity).collect();
        assert_eq!(acts.len(), 2);
        assert!(acts.contains(&2) && acts.contains(&3));
        for c in &o.candidates {
            // explanations are the region's own specialisations, largest φ first
            assert!(c.explained_by.iter().all(|(q, _)| *q == 0 || *q == 1));
            assert!(c.explained_by.windows(2).all(|w| w[0].1 >= w[1].1));
            assert!((c.rca_gap - (1.0 - c.rca)).abs() < 1e-15);
        }
        // scores are sorted, and two candidates split the medians: one on each side
        assert!(o.candidates[0].score >= o.candidates[1].score);
        // C is closer to R1's portfolio (A, B) than D: higher density
        let c = o.candidates.iter().find(|c| c.activity == 2).unwrap();
        let d = o.candidates.iter().find(|c| c.activity == 3).unwrap();
        assert!(c.density > d.density);
        // without an entry model, feasibility is the density
        assert_eq!(o.feasibility_cut, o.density_cut);
        assert!(matches!(
            c.quadrant,
            Quadrant::FeasibleComplex | Quadrant::FeasibleSimple
        ));
        assert!(matches!(
            d.quadrant,
            Quadrant::LessFeasibleComplex | Quadrant::LessFeasibleSimple
        ));
        // the score is the mean of the two z-scores; with two candidates each
        // z-score is ±1
        for c in &o.candidates {
            assert!((c.feasibility_z.abs() - 1.0).abs() < 1e-12);
            assert!((c.score - (c.feasibility_z + c.value_z) / 2.0).abs() < 1e-15);
        }
        assert!(o.ranked_by_value);
        // a complexity that fails validity is shown but not ranked by: the
        // score is the feasibility term alone, C (higher density) first
        let f = opportunities(&y, 0, &rows[0], 1.0, ComplexityAxis::Pci, None, false, None);
        assert!(!f.ranked_by_value);
        assert_eq!(f.candidates[0].activity, 2);
        assert!((f.candidates[0].score - 1.0).abs() < 1e-12);
        assert!((f.candidates[1].score + 1.0).abs() < 1e-12);
        assert_eq!(
            f.candidates[0].value_z,
            o.candidates
                .iter()
                .find(|c| c.activity == 2)
                .unwrap()
                .value_z
        );
    }

    /// With an entry model, feasibility is the entry probability: the
    /// quadrants cut at its median, and a candidate under the 1 % floor
    /// ranks after the others even when its complexity lifts its score.
    #[test]
    fn the_entry_model_sets_feasibility_and_the_floor_ranks_long_shots_last() {
        let rows: [[f64; 5]; 6] = [
            [60.0, 5.0, 5.0, 3.0, 4.0],
            [40.0, 45.0, 30.0, 2.0, 2.0],
            [30.0, 30.0, 40.0, 20.0, 1.0],
            [5.0, 10.0, 30.0, 40.0, 20.0],
            [2.0, 5.0, 10.0, 40.0, 50.0],
            [10.0, 2.0, 20.0, 10.0, 60.0],
        ];
        let y = year_of(&rows, None);
        let base = opportunities(&y, 0, &rows[0], 1.0, ComplexityAxis::Pci, None, true, None);
        assert_eq!(base.candidates.len(), 4, "R1 holds A only");
        // B, the most complex candidate, gets 0.99 %; C and D 1.01-1.02 %, E 5 %
        let top = base
            .candidates
            .iter()
            .max_by(|a, b| a.complexity.total_cmp(&b.complexity))
            .unwrap()
            .activity;
        assert_eq!(top, 1);
        let entry = [0.5, 0.0099, 0.0101, 0.0102, 0.05];
        let o = opportunities(
            &y,
            0,
            &rows[0],
            1.0,
            ComplexityAxis::Pci,
            None,
            true,
            Some(&entry),
        );
        assert!(o.feasibility_by_model);
        let last = o.candidates.last().unwrap();
        assert_eq!(last.activity, top);
        assert!(last.below_floor && o.candidates[..3].iter().all(|c| !c.below_floor));
        // without the floor it would not be last: its score beats another's
        assert!(
            o.candidates[..3].iter().any(|c| c.score < last.score),
            "{o:?}"
        );
        // feasibility is the probability; the cut its median (0.0099, 0.0101, 0.0102, 0.05)
        assert_eq!(last.feasibility, 0.0099);
        assert!((o.feasibility_cut - 0.01015).abs() < 1e-15);
        for c in &o.candidates {
            let feasible = c.entry_probability >= 0.01015;
            let complex = c.complexity >= o.complexity_cut;
            let want = match (feasible, complex) {
                (true, true) => Quadrant::FeasibleComplex,
                (false, true) => Quadrant::LessFeasibleComplex,
                (true, false) => Quadrant::FeasibleSimple,
                (false, false) => Quadrant::LessFeasibleSimple,
            };
            assert_eq!(c.quadrant, want, "{c:?}");
        }
        // a complexity that fails validity only splits by feasibility
        let f = opportunities(
            &y,
            0,
            &rows[0],
            1.0,
            ComplexityAxis::Pci,
            None,
            false,
            Some(&entry),
        );
        assert!(f.candidates.iter().all(|c| c.quadrant
            == if c.entry_probability >= 0.01015 {
                Quadrant::Feasible
            } else {
                Quadrant::LessFeasible
            }));
    }
}

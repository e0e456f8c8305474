//! The structure indices of a year, computed after the complexity pipeline:
//! specialisation per region (the indices of [`super::specialisation`], the
//! density averages of [`super::relatedness::density_averages`], related
//! and unrelated variety of [`super::variety`]), concentration per activity
//! ([`super::concentration`]: Gini, locational Gini, Hoover, Hoover–Gini)
//! and RCA on population ([`super::rca::rpop`]). Regions and activities run
//! in parallel; each value is its own sum, so the results do not depend on
//! the number of threads.

use super::concentration;
use super::matrix::{Binary, Dense};
use super::pipeline::YearInput;
use super::rca::{self, Counts};
use super::relatedness;
use super::specialisation;
use super::variety;
use rayon::prelude::*;

/// Named per-region or per-activity values.
pub type Named = Vec<(&'static str, Vec<f64>)>;

/// What the structure indices read from a year's computation.
pub struct Structure<'a> {
    /// The year's values.
    pub x: Counts<'a>,
    /// RCA.
    pub rca: &'a Dense,
    /// Binary presence.
    pub m: &'a Binary,
    /// Relatedness density.
    pub density: &'a Dense,
    /// Missing cells (row-major, like the values).
    pub missing: &'a [bool],
    /// Row sums of the values.
    pub row_tot: &'a [f64],
}

impl Structure<'_> {
    /// `(specialisation, concentration, rpop)`.
    pub fn indices(&self, input: &YearInput<'_>) -> (Named, Named, Option<Dense>) {
        let (nr, na) = (self.x.regions, self.x.activities);
        let (values, missing) = (self.x.values, self.missing);
        let mut spec = specialisation::indices(self.x, self.rca);
        let (coherence, flexibility) = relatedness::density_averages(self.m, self.density);
        spec.push(("density_int_avg", coherence));
        spec.push(("density_ext_avg", flexibility));
        if let Some(g) = input.groups {
            let per_region: Vec<(f64, f64)> = (0..nr)
                .into_par_iter()
                .with_min_len(16)
                .map(|r| {
                    let row: Vec<f64> = (0..na)
                        .map(|a| {
                            let i = r * na + a;
                            if missing[i] {
                                f64::NAN
                            } else {
                                values[i]
                            }
                        })
                        .collect();
                    variety::variety(&row, g).unwrap_or((f64::NAN, f64::NAN))
                })
                .collect();
            let (rv, uv) = per_region.into_iter().unzip();
            spec.push(("related_variety", rv));
            spec.push(("unrelated_variety", uv));
        }
        let weights = input.totals.unwrap_or(self.row_tot);
        // one pass over the columns: Gini, locational Gini, Hoover and, with a
        // population, the Hoover–Gini (the activity's cumulative share against
        // cumulative population, regions ordered by x_rp / pop_r, EconGeo
        // Hoover.Gini)
        let per_activity = by_activity_blocks(values, missing, nr, na, |v| {
            let (x, w) = weighted(v, weights);
            let hoover_gini = input.population.map(|pop| {
                let (x, w) = weighted(v, pop);
                concentration::weighted_gini(&x, &w).unwrap_or(f64::NAN)
            });
            [
                concentration::gini(&x).unwrap_or(f64::NAN),
                concentration::weighted_gini(&x, &w).map_or(f64::NAN, |g| g / 2.0),
                concentration::hoover(&x, &w).unwrap_or(f64::NAN),
                hoover_gini.unwrap_or(f64::NAN),
            ]
        });
        let [gini, loc_gini, hoover, hoover_gini] =
            [0, 1, 2, 3].map(|k| per_activity.iter().map(|c| c[k]).collect::<Vec<f64>>());
        let mut conc = vec![
            ("gini", gini),
            ("locational_gini", loc_gini),
            ("hoover", hoover),
        ];
        let mut rpop = None;
        if let Some(pop) = input.population {
            conc.push(("hoover_gini", hoover_gini));
            let clean: Vec<f64> = pop
                .iter()
                .map(|p| if p.is_finite() && *p > 0.0 { *p } else { 0.0 })
                .collect();
            rpop = Some(rca::rpop(self.x, &clean));
        }
        (spec, conc, rpop)
    }
}

/// `f` of every activity's column of values (missing cells as NaN), in
/// parallel. The row-major year is read in blocks of 64 activities, each
/// copied into a small column-major buffer, so that no column is gathered
/// with strided reads and no full transposed copy is made.
fn by_activity_blocks<T: Send>(
    values: &[f64],
    missing: &[bool],
    nr: usize,
    na: usize,
    f: impl Fn(&[f64]) -> T + Sync,
) -> Vec<T> {
    const BLOCK: usize = 64;
    let blocks: Vec<Vec<T>> = (0..na.div_ceil(BLOCK))
        .into_par_iter()
        .map(|b| {
            let (a0, width) = (b * BLOCK, BLOCK.min(na - b * BLOCK));
            let mut cols = vec![0.0; width * nr];
            for r in 0..nr {
                let at = r * na + a0;
                for (k, (&v, &m)) in values[at..at + width]
                    .iter()
                    .zip(&missing[at..at + width])
                    .enumerate()
                {
                    cols[k * nr + r] = if m { f64::NAN } else { v };
                }
            }
            (0..width).map(|k| f(&cols[k * nr..(k + 1) * nr])).collect()
        })
        .collect();
    blocks.into_iter().flatten().collect()
}

/// The cells of one activity's column that are present and have a positive
/// weight, with their weights.
fn weighted(column: &[f64], weights: &[f64]) -> (Vec<f64>, Vec<f64>) {
    column
        .iter()
        .zip(weights)
        .filter(|(v, w)| !v.is_nan() && **w > 0.0)
        .map(|(&v, &w)| (v, w))
        .unzip()
}

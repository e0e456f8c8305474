//! Entries of a dataset's history: the inputs of the backtest
//! (`smartspec backtest`) and the entry model behind the feasibility of
//! opportunities, fitted once per analysis.
//!
//! The history is the panel's consecutive years through the pipeline, each
//! region's total ([`Dataset::total_values`]), the values (missing as NaN),
//! a country per region (the NUTS code's first two letters; one group for
//! other codes) and the cells apportioned from split regions (flag `S`).

use crate::{Analysis, Dataset};
use smartspec_core::backtest::{BacktestOptions, EntryModel, History};
use smartspec_core::gbt::GbtParams;
use smartspec_core::indicators::pipeline::YearIndicators;
use smartspec_core::{Flags, RegionScheme};

/// Owned inputs of a [`History`] over year indices `ys` of a dataset.
pub struct HistoryInputs {
    /// The pipelines.
    pub years: Vec<YearIndicators>,
    /// Region totals per year.
    pub sizes: Vec<Vec<f64>>,
    /// Values per year (missing as NaN).
    pub values: Vec<Vec<f64>>,
    /// Country group per region.
    pub country: Vec<usize>,
    /// Apportioned cells per year, when the panel has any.
    pub apportioned: Option<Vec<Vec<bool>>>,
}

impl HistoryInputs {
    /// The inputs of years `ys` (indices into the panel's years).
    pub fn new(a: &Analysis, ys: &[usize]) -> HistoryInputs {
        let ds = a.dataset();
        let years = a.years(ys, &|| {}).iter().map(|y| (**y).clone()).collect();
        let panel = ds.panel();
        let sizes = ys
            .iter()
            .map(|&y| ds.total_values(panel.years()[y]))
            .collect();
        let values = ys
            .iter()
            .map(|&y| {
                panel
                    .year_values(y)
                    .iter()
                    .zip(panel.year_missing(y))
                    .map(|(&v, m)| if m { f64::NAN } else { v })
                    .collect()
            })
            .collect();
        HistoryInputs {
            years,
            sizes,
            values,
            country: countries(ds),
            apportioned: apportioned(ds, ys),
        }
    }

    /// The history to pass to the backtest.
    pub fn history(&self) -> History<'_> {
        History {
            years: &self.years,
            sizes: &self.sizes,
            values: &self.values,
            country: &self.country,
            apportioned: self.apportioned.as_deref(),
        }
    }
}

/// A group id per region: its country on NUTS panels, one group otherwise.
pub fn countries(ds: &Dataset) -> Vec<usize> {
    let panel = ds.panel();
    let nuts = matches!(panel.meta().regions, RegionScheme::Nuts(_));
    let mut seen: Vec<String> = Vec::new();
    panel
        .regions()
        .iter()
        .map(|code| {
            let c = if nuts {
                smartspec_io::nuts::country_of(code).to_string()
            } else {
                String::new()
            };
            seen.iter().position(|x| *x == c).unwrap_or_else(|| {
                seen.push(c);
                seen.len() - 1
            })
        })
        .collect()
}

/// Per year of `ys`, the cells flagged `S` (apportioned); `None` when none is.
fn apportioned(ds: &Dataset, ys: &[usize]) -> Option<Vec<Vec<bool>>> {
    let panel = ds.panel();
    if !panel.has_flags() {
        return None;
    }
    let (nr, na) = (panel.regions().len(), panel.activities().len());
    let masks: Vec<Vec<bool>> = ys
        .iter()
        .map(|&y| {
            (0..nr * na)
                .map(|i| panel.flags(y, i / na, i % na).contains(Flags::SPLIT))
                .collect()
        })
        .collect();
    masks.iter().any(|m| m.iter().any(|&b| b)).then_some(masks)
}

/// The entry model of an analysis and the history it reads.
pub struct Feasibility {
    /// The history of every year of the panel.
    pub inputs: HistoryInputs,
    /// The fitted model, or why there is none (too few years, no entry).
    pub model: Result<EntryModel, String>,
}

/// The trees of the entry model: depth 1 (an additive model), 200 rounds,
/// learning rate 0.1 — the choice of `smartspec backtest`'s validation on the
/// embedded data (origin 2011; deeper trees scored lower there).
pub const ENTRY_TREES: GbtParams = GbtParams {
    trees: 200,
    depth: 1,
    learning_rate: 0.1,
    lambda: 1.0,
    min_hessian: 1.0,
    bins: 64,
};

impl Analysis {
    /// The entry model (boosted trees [`ENTRY_TREES`], horizon 2) fitted on
    /// every origin of the dataset with a known outcome; fitted once per
    /// analysis, on first use.
    pub fn feasibility(&self) -> &Feasibility {
        self.feasibility.get_or_init(|| {
            let ys: Vec<usize> = (0..self.dataset().panel().years().len()).collect();
            let inputs = HistoryInputs::new(self, &ys);
            let opts = BacktestOptions {
                threshold: self.threshold(),
                ..BacktestOptions::default()
            };
            let model = EntryModel::fit(&inputs.history(), &opts, ENTRY_TREES);
            Feasibility { inputs, model }
        })
    }
}

impl Feasibility {
    /// The probability that region `r` enters each activity within the
    /// model's horizon from year index `y` (NaN where undefined); `None`
    /// without a model or in the panel's first year (no trend).
    pub fn probabilities(&self, y: usize, r: usize) -> Option<Vec<f64>> {
        let m = self.model.as_ref().ok()?;
        let na = self.inputs.years.first()?.rca.cols;
        let acts: Vec<usize> = (0..na).collect();
        let p = m.probabilities(&self.inputs.history(), y, r, &acts);
        p.iter()
            .any(Option::is_some)
            .then(|| p.into_iter().map(|x| x.unwrap_or(f64::NAN)).collect())
    }
}

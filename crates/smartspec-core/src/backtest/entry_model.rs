//! The entry model as a feasibility score: the backtest's trees fitted once
//! on every origin of a dataset whose outcome is known, then asked for the
//! probability that a region enters an activity within the horizon.

use super::pairs::{features, pairs, History, OriginContext};
use super::BacktestOptions;
use crate::gbt::{Gbt, GbtParams};

/// A fitted entry model.
#[derive(Debug, Clone)]
pub struct EntryModel {
    model: Gbt,
    /// Horizon of the entries it predicts.
    pub horizon: usize,
    /// The origin years it was fitted on.
    pub train_years: Vec<i32>,
    /// Pairs it was fitted on.
    pub train_pairs: usize,
    /// Its hyper-parameters.
    pub params: GbtParams,
}

impl EntryModel {
    /// Fits the trees on the pairs at risk of every origin `o ≥ 1` with
    /// `o + horizon` in the history (all regions with data in both years;
    /// apportioned cells left out unless `opts.include_apportioned`).
    /// `Err` when the history is too short or has no entry.
    pub fn fit(
        h: &History<'_>,
        opts: &BacktestOptions,
        params: GbtParams,
    ) -> Result<EntryModel, String> {
        let hz = opts.horizon.max(1);
        let n = h.years.len();
        if n < hz + 2 {
            return Err(format!(
                "an entry model with horizon {hz} needs at least {} years; the data has {n}",
                hz + 2
            ));
        }
        let origins: Vec<usize> = (1..n - hz).collect();
        let plain = BacktestOptions {
            persistence: false,
            exits: false,
            ..*opts
        };
        let mut all = Vec::new();
        for &o in &origins {
            let regions: Vec<bool> = (0..h.years[o].rca.rows)
                .map(|r| {
                    [o - 1, o, o + hz]
                        .iter()
                        .all(|&y| !h.years[y].diversity[r].is_nan())
                })
                .collect();
            all.extend(pairs(h, o, o + hz, None, &regions, &plain));
        }
        let x: Vec<Vec<f64>> = all.iter().map(|p| p.features.to_vec()).collect();
        let y: Vec<bool> = all.iter().map(|p| p.entered).collect();
        let model = Gbt::fit(&x, &y, &params)
            .ok_or("no entry (or no pair at risk) in the data to fit the entry model on")?;
        Ok(EntryModel {
            model,
            horizon: hz,
            train_years: origins.iter().map(|&o| h.years[o].year).collect(),
            train_pairs: all.len(),
            params,
        })
    }

    /// The probability that region `r` enters each of `activities` within
    /// the horizon from year index `o` of `h` (≥ 1: the features look one
    /// year back; a change whose year before is missing counts as none);
    /// `None` for an activity whose features are undefined.
    pub fn probabilities(
        &self,
        h: &History<'_>,
        o: usize,
        r: usize,
        activities: &[usize],
    ) -> Vec<Option<f64>> {
        if o == 0 || o >= h.years.len() {
            return vec![None; activities.len()];
        }
        let ctx = OriginContext::new(h, o);
        activities
            .iter()
            .map(|&p| features(h, &ctx, o, r, p, true).map(|f| self.model.predict(&f)))
            .collect()
    }
}

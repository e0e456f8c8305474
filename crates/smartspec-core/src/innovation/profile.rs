//! The innovation assessment of every region, and one region's profile.

use super::balance::Balance;
use super::composite::{Composite, CompositeOptions, Group};
use super::uncertainty::{rank_ranges, RankRange, UncertaintyOptions};
use super::{EuSource, InnovationInputs, Observation, BUSINESS_RD, PUBLIC_RD};
use crate::stats::{mid_rank, sorted_finite};

/// Options of [`assess`].
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct AssessOptions {
    /// The composite.
    pub composite: CompositeOptions,
    /// The Monte Carlo.
    pub uncertainty: UncertaintyOptions,
}

/// The innovation assessment of every region.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    /// The inputs.
    pub inputs: InnovationInputs,
    /// Positions of the index's indicators in `inputs.indicators`.
    pub index: Vec<usize>,
    /// The composite over the index's indicators.
    pub composite: Composite,
    /// Rank ranges from the Monte Carlo.
    pub ranges: Vec<Option<RankRange>>,
    /// Number of scored regions.
    pub scored: usize,
    /// Options used.
    pub options: AssessOptions,
}

/// One indicator of a region's profile.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorLine {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Dataset.
    pub dataset: String,
    /// Unit.
    pub unit: String,
    /// Weight in the index (0: shown only).
    pub weight: f64,
    /// The region's value and year.
    pub value: Option<Observation>,
    /// Its country's value.
    pub country: Option<Observation>,
    /// The EU value.
    pub eu: Option<Observation>,
    /// Where the EU value comes from.
    pub eu_source: EuSource,
    /// The region's mid-rank percentile (0–100) among the regions with a value.
    pub percentile: Option<f64>,
}

/// One region's innovation profile.
#[derive(Debug, Clone, PartialEq)]
pub struct InnovationProfile {
    /// Region code.
    pub region: String,
    /// Reference year.
    pub year: i32,
    /// Composite score (min–max scale, 0–1), `None` when not scored.
    pub score: Option<f64>,
    /// The EU's score.
    pub eu_score: Option<f64>,
    /// `100 · score / EU score`.
    pub relative_to_eu: Option<f64>,
    /// RIS 2019 group.
    pub group: Option<Group>,
    /// Rank among the scored regions (1 = highest).
    pub rank: Option<usize>,
    /// Number of scored regions.
    pub scored: usize,
    /// 5–95 % rank range from the Monte Carlo.
    pub rank_range: Option<RankRange>,
    /// Every indicator.
    pub indicators: Vec<IndicatorLine>,
    /// Names of the index's indicators the region lacks.
    pub missing: Vec<String>,
    /// Share of the index's indicators the region has.
    pub coverage: f64,
    /// Business against public R&D (a proxy).
    pub balance: Option<Balance>,
}

fn values_of(obs: &[Option<Observation>]) -> Vec<f64> {
    obs.iter()
        .map(|o| o.map_or(f64::NAN, |o| o.value))
        .collect()
}

/// Assesses every region: composite, ranks, rank ranges.
pub fn assess(inputs: InnovationInputs, options: &AssessOptions) -> Assessment {
    let index: Vec<usize> = (0..inputs.indicators.len())
        .filter(|&k| inputs.indicators[k].weight > 0.0)
        .collect();
    let values: Vec<Vec<f64>> = index
        .iter()
        .map(|&k| values_of(&inputs.indicators[k].values))
        .collect();
    let eu: Vec<f64> = index
        .iter()
        .map(|&k| inputs.indicators[k].eu.map_or(f64::NAN, |o| o.value))
        .collect();
    let weights: Vec<f64> = index.iter().map(|&k| inputs.indicators[k].weight).collect();
    let composite = Composite::new(&values, &eu, &weights, &options.composite);
    let ranges = rank_ranges(
        &values,
        &weights,
        options.composite.min_share,
        &options.uncertainty,
    );
    let scored = composite.scores.iter().filter(|s| s.is_finite()).count();
    Assessment {
        inputs,
        index,
        composite,
        ranges,
        scored,
        options: *options,
    }
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

impl Assessment {
    /// The id of a region code.
    pub fn region_id(&self, code: &str) -> Option<usize> {
        self.inputs.regions.iter().position(|r| r == code)
    }

    /// Region `r`'s profile.
    pub fn profile(&self, r: usize) -> InnovationProfile {
        let inputs = &self.inputs;
        let indicators: Vec<IndicatorLine> = inputs
            .indicators
            .iter()
            .map(|ind| {
                let value = ind.values[r];
                let sorted = sorted_finite(&values_of(&ind.values));
                IndicatorLine {
                    code: ind.code.clone(),
                    name: ind.name.clone(),
                    dataset: ind.dataset.clone(),
                    unit: ind.unit.clone(),
                    weight: ind.weight,
                    value,
                    country: ind.country[r],
                    eu: ind.eu,
                    eu_source: ind.eu_source,
                    percentile: value.and_then(|o| finite(100.0 * mid_rank(&sorted, o.value))),
                }
            })
            .collect();
        let missing: Vec<String> = self
            .index
            .iter()
            .filter(|&&k| inputs.indicators[k].values[r].is_none())
            .map(|&k| inputs.indicators[k].name.clone())
            .collect();
        let value_of = |code: &str| {
            inputs
                .indicators
                .iter()
                .find(|i| i.code == code)
                .and_then(|i| i.values[r])
                .map_or(f64::NAN, |o| o.value)
        };
        let relative = finite(self.composite.relative_to_eu(r));
        InnovationProfile {
            region: inputs.regions[r].clone(),
            year: inputs.year,
            score: finite(self.composite.scores[r]),
            eu_score: finite(self.composite.eu_score),
            relative_to_eu: relative,
            group: relative.and_then(Group::of),
            rank: self.composite.ranks[r],
            scored: self.scored,
            rank_range: self.ranges[r],
            indicators,
            coverage: if self.index.is_empty() {
                0.0
            } else {
                1.0 - missing.len() as f64 / self.index.len() as f64
            },
            missing,
            balance: Balance::new(value_of(BUSINESS_RD), value_of(PUBLIC_RD)),
        }
    }
}

/// One region's profile (assesses every region, since ranks and the
/// normalisation need them all). `None` when `region` is not among the
/// inputs' regions.
pub fn profile(
    inputs: InnovationInputs,
    region: &str,
    options: &AssessOptions,
) -> Option<InnovationProfile> {
    let a = assess(inputs, options);
    a.region_id(region).map(|r| a.profile(r))
}

#[cfg(test)]
mod tests {
    use super::super::{EuSource, Indicator, InnovationInputs, Observation};
    use super::*;

    fn ind(code: &str, weight: f64, v: &[Option<f64>], eu: f64) -> Indicator {
        Indicator {
            code: code.into(),
            name: code.to_lowercase(),
            dataset: "test".into(),
            unit: "%".into(),
            weight,
            values: v
                .iter()
                .map(|x| x.map(|value| Observation { value, year: 2015 }))
                .collect(),
            country: vec![None; v.len()],
            eu: Some(Observation {
                value: eu,
                year: 2015,
            }),
            eu_source: EuSource::Published,
        }
    }

    #[test]
    fn profile_of_a_hand_made_case() {
        // three index indicators (weights 1, 1, 2) and one shown only
        let inputs = InnovationInputs {
            year: 2015,
            window: 3,
            regions: vec!["A".into(), "B".into(), "C".into(), "D".into()],
            indicators: vec![
                ind(
                    BUSINESS_RD,
                    1.0,
                    &[Some(0.0), Some(1.0), Some(2.0), Some(4.0)],
                    1.0,
                ),
                ind(
                    PUBLIC_RD,
                    1.0,
                    &[Some(2.0), None, Some(1.0), Some(0.0)],
                    1.0,
                ),
                ind("X", 2.0, &[Some(10.0), Some(20.0), None, Some(30.0)], 20.0),
                ind("SHOWN", 0.0, &[None, None, None, None], 1.0),
            ],
        };
        let opts = AssessOptions {
            composite: CompositeOptions {
                winsor: (0.0, 1.0),
                ..CompositeOptions::default()
            },
            ..AssessOptions::default()
        };
        let a = assess(inputs, &opts);
        // normalised: [0, .25, .5, 1], [1, -, .5, 0], [0, .5, -, 1]; EU .25, .5, .5
        // A = (0 + 1 + 0) / 4 = .25; B = (.25 + 2·.5) / 3; C = (.5 + .5) / 2; D = (1 + 0 + 2) / 4
        let s = &a.composite.scores;
        assert!((s[0] - 0.25).abs() < 1e-12);
        assert!((s[1] - 1.25 / 3.0).abs() < 1e-12);
        assert!((s[2] - 0.5).abs() < 1e-12);
        assert!((s[3] - 0.75).abs() < 1e-12);
        assert!((a.composite.eu_score - 1.75 / 4.0).abs() < 1e-12);
        let d = a.profile(3);
        assert_eq!(d.rank, Some(1));
        assert_eq!(d.group, Some(Group::Leader)); // 0.75 / 0.4375 = 171 %
        assert_eq!(d.balance.unwrap().business_share, 1.0);
        let b = a.profile(1);
        assert_eq!(b.missing, vec!["gerd_pc_gdp:gov+hes".to_string()]);
        assert!((b.coverage - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(b.indicators[0].percentile, Some(37.5));
        assert_eq!(b.indicators[3].value, None);
        let rr = b.rank_range.unwrap();
        assert!(rr.p05 <= rr.median && rr.median <= rr.p95);
        assert_eq!(a.scored, 4);
    }
}

//! Seeded synthetic panels for benchmarks and property tests.
//!
//! A *nested* panel, as real economies are: each region has a capability
//! `c_r ~ U(0,1)`, each activity a difficulty `d_p ~ U(0,1)`, and a cell is
//! positive when `c_r − d_p + ε` (`ε ~ N(0, 0.15²)`) is in the top
//! `positive_share` of the year's cells (default 25 %), with value
//! `⌈exp(N(0,1)) · 1000⌉`. About 14 % of cells then have RCA ≥ 1, as in the
//! peers' benchmark panels. Every region and activity gets at least one
//! positive cell. The generator is a SplitMix64 stream: the same seed gives
//! the same panel on every machine.

use crate::{DuplicatePolicy, Flags, Panel, PanelBuilder};

/// SplitMix64 (Steele, Lea & Flood 2014): a small, fast, seedable generator.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e3779b97f4a7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d049bb133111eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.uniform();
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }
}

/// A nested synthetic panel of `regions × activities × years` (codes `R0001`,
/// `P0001`, years from 2000).
pub fn nested_panel(
    regions: usize,
    activities: usize,
    years: usize,
    seed: u64,
    positive_share: f64,
) -> Panel {
    let mut rng = SplitMix64::new(seed);
    let c: Vec<f64> = (0..regions).map(|_| rng.uniform()).collect();
    let d: Vec<f64> = (0..activities).map(|_| rng.uniform()).collect();
    let rname: Vec<String> = (0..regions).map(|r| format!("R{:04}", r + 1)).collect();
    let aname: Vec<String> = (0..activities).map(|a| format!("P{:04}", a + 1)).collect();
    let mut b = PanelBuilder::new(DuplicatePolicy::Error);
    let n = regions * activities;
    for y in 0..years {
        let score: Vec<f64> = (0..n)
            .map(|i| c[i / activities] - d[i % activities] + 0.15 * rng.normal())
            .collect();
        let mut sorted = score.clone();
        let k = ((1.0 - positive_share) * n as f64) as usize;
        let k = k.min(n.saturating_sub(1));
        let (_, cut, _) = sorted.select_nth_unstable_by(k, f64::total_cmp);
        let cut = *cut;
        let mut positive: Vec<bool> = score.iter().map(|&s| s >= cut).collect();
        // every region and activity gets its best cell
        for r in 0..regions {
            let best = (0..activities)
                .max_by(|&a, &b| score[r * activities + a].total_cmp(&score[r * activities + b]))
                .unwrap_or(0);
            positive[r * activities + best] = true;
        }
        for a in 0..activities {
            let best = (0..regions)
                .max_by(|&x, &z| score[x * activities + a].total_cmp(&score[z * activities + a]))
                .unwrap_or(0);
            positive[best * activities + a] = true;
        }
        for (i, &p) in positive.iter().enumerate() {
            if p {
                let v = (rng.normal().exp() * 1000.0).ceil();
                let _ = b.push(
                    &rname[i / activities],
                    &aname[i % activities],
                    2000 + y as i32,
                    Some(v),
                    Flags::EMPTY,
                    0,
                );
            }
        }
    }
    let mut p = b
        .build()
        .unwrap_or_else(|_| unreachable!("a synthetic panel always has rows"));
    p.meta_mut().source =
        format!("synthetic nested panel {regions}x{activities}x{years}, seed {seed}");
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_panel_and_about_a_quarter_positive() {
        let a = nested_panel(40, 60, 2, 7, 0.25);
        let b = nested_panel(40, 60, 2, 7, 0.25);
        assert_eq!(a, b);
        let share = a.record_count() as f64 / (40.0 * 60.0 * 2.0);
        assert!((share - 0.25).abs() < 0.03, "{share}");
        assert_eq!(a.regions().len(), 40);
        assert_eq!(a.activities().len(), 60);
    }
}

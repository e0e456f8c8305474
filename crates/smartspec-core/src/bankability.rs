//! The bankability score of an interregional investment project: how ready it
//! is to attract finance. Four components, each in [0, 1]:
//!
//! | component | value | weight |
//! |---|---|---|
//! | value-chain completeness | stages covered / 4 (research, demonstration, production, deployment) | 0.25 |
//! | partner strength | share of the partners whose region specialises (RCA ≥ 1) in one of the project's activities, from the analytics | 0.25 |
//! | funding secured | secured funding / budget, capped at 1 (1 when the budget is 0) | 0.30 |
//! | maturity | (TRL − 1) / 8 | 0.20 |
//!
//! `score = 100 · Σ weight · component`. A component that cannot be measured
//! (partner strength of a project that names no activity, or whose partner
//! regions are outside the data) counts 0 and is reported as unknown.
//! Funding gets the largest weight because a financier looks first at the
//! gap to close; the weights are a documented choice, not an estimate.

/// What the score is computed from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BankabilityInput {
    /// Distinct value-chain stages covered (0–4).
    pub stages_covered: usize,
    /// Share of partners in a specialised region (NaN when unknown).
    pub partner_strength: f64,
    /// Funding secured, euro.
    pub secured_eur: f64,
    /// Budget needed, euro.
    pub budget_eur: f64,
    /// Technology readiness level 1–9.
    pub trl: u8,
}

/// The value-chain stages a project can cover.
pub const STAGES: usize = 4;

/// The weights: completeness, partner strength, funding, maturity.
pub const WEIGHTS: [(&str, f64); 4] = [
    ("value_chain_completeness", 0.25),
    ("partner_strength", 0.25),
    ("funding_secured", 0.30),
    ("maturity", 0.20),
];

/// The score and its components.
#[derive(Debug, Clone, PartialEq)]
pub struct Bankability {
    /// 0–100.
    pub score: f64,
    /// (name, value in [0, 1] or NaN when unknown, weight).
    pub components: Vec<(&'static str, f64, f64)>,
}

/// Partner strength: the share of the partners known to be strong
/// (`Some(true)`) among those that could be measured (`Some(_)`); NaN when
/// none could.
pub fn partner_strength(strong: &[Option<bool>]) -> f64 {
    let known: Vec<bool> = strong.iter().filter_map(|s| *s).collect();
    if known.is_empty() {
        f64::NAN
    } else {
        known.iter().filter(|&&b| b).count() as f64 / known.len() as f64
    }
}

/// Scores a project.
pub fn bankability(i: &BankabilityInput) -> Bankability {
    let completeness = (i.stages_covered.min(STAGES)) as f64 / STAGES as f64;
    let funding = if i.budget_eur > 0.0 {
        (i.secured_eur / i.budget_eur).clamp(0.0, 1.0)
    } else {
        1.0
    };
    let maturity = (f64::from(i.trl.clamp(1, 9)) - 1.0) / 8.0;
    let strength = if i.partner_strength.is_finite() {
        i.partner_strength.clamp(0.0, 1.0)
    } else {
        f64::NAN
    };
    let values = [completeness, strength, funding, maturity];
    let components: Vec<(&'static str, f64, f64)> = WEIGHTS
        .iter()
        .zip(values)
        .map(|(&(n, w), v)| (n, v, w))
        .collect();
    let score = 100.0
        * components
            .iter()
            .map(|(_, v, w)| if v.is_finite() { v * w } else { 0.0 })
            .sum::<f64>();
    Bankability { score, components }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed() {
        // 2/4 stages, 2 of 3 partners strong, 3 M of 4 M secured, TRL 7:
        // 0.25*0.5 + 0.25*(2/3) + 0.30*0.75 + 0.20*0.75 = 0.125 + 0.1667 + 0.225 + 0.15
        let b = bankability(&BankabilityInput {
            stages_covered: 2,
            partner_strength: 2.0 / 3.0,
            secured_eur: 3e6,
            budget_eur: 4e6,
            trl: 7,
        });
        assert!(
            (b.score - 66.666_666_666_666_67).abs() < 1e-9,
            "{}",
            b.score
        );
    }

    #[test]
    fn unknown_strength_counts_zero_and_caps_apply() {
        let b = bankability(&BankabilityInput {
            stages_covered: 9,
            partner_strength: f64::NAN,
            secured_eur: 10.0,
            budget_eur: 0.0,
            trl: 1,
        });
        // completeness 1 (capped), funding 1 (nothing needed), maturity 0
        assert!((b.score - 55.0).abs() < 1e-12);
        assert!(b.components[1].1.is_nan());
    }

    #[test]
    fn partner_strength_counts_only_measured_partners() {
        assert_eq!(
            partner_strength(&[Some(true), None, Some(false), Some(true)]),
            2.0 / 3.0
        );
        assert!(partner_strength(&[None, None]).is_nan());
        assert!(partner_strength(&[]).is_nan());
    }
}

//! The bankability score of an interregional investment project: how ready it
//! is to attract finance. Four components, each in [0, 1]:
//!
//! | component | value | weight |
//! |---|---|---|
//! | value-chain completeness | stages of the partnership's theme covered by the project's activities / the theme's stages | 0.25 |
//! | partner strength | mean over the partners of the region's best stage strength among the covered stages (`½·RCA/(1+RCA) + ½·percentile`, the matchmaking's strength, `partnership::strength`) | 0.25 |
//! | funding secured | secured funding / budget, capped at 1 | 0.30 |
//! | maturity | (TRL − 1) / 8 | 0.20 |
//!
//! `score = 100 · Σ weight · component`. A component that cannot be measured
//! (no stage covered, so no partner strength; partner regions outside the
//! data; a theme the server does not know) counts 0 and is reported as
//! unknown. The store refuses a budget of 0 and funding above the budget, so
//! funding cannot be gamed by a 0-euro project; a budget ≤ 0 scores 0 here.
//! Funding gets the largest weight because a financier looks first at the
//! gap to close; the weights are a documented choice, not an estimate.

/// What the score is computed from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BankabilityInput {
    /// Stages of the theme covered by the project's activities.
    pub stages_covered: usize,
    /// Stages of the theme (0: unknown theme).
    pub stages_total: usize,
    /// Mean partner stage strength, in [0, 1) (NaN when unknown).
    pub partner_strength: f64,
    /// Funding secured, euro.
    pub secured_eur: f64,
    /// Budget needed, euro.
    pub budget_eur: f64,
    /// Technology readiness level 1–9.
    pub trl: u8,
}

/// The components: name, weight and formula.
pub const WEIGHTS: [(&str, f64, &str); 4] = [
    (
        "value_chain_completeness",
        0.25,
        "theme stages covered by the project's activities / theme stages",
    ),
    (
        "partner_strength",
        0.25,
        "mean over partners of the best stage strength in the covered stages; strength = 1/2 RCA/(1+RCA) + 1/2 employment percentile",
    ),
    ("funding_secured", 0.30, "min(1, secured funding / budget)"),
    ("maturity", 0.20, "(TRL - 1) / 8"),
];

/// The score and its components.
#[derive(Debug, Clone, PartialEq)]
pub struct Bankability {
    /// 0–100.
    pub score: f64,
    /// (name, value in [0, 1] or NaN when unknown, weight).
    pub components: Vec<(&'static str, f64, f64)>,
}

/// Partner strength: the mean of the partners' strengths that could be
/// measured (`Some`); NaN when none could.
pub fn partner_strength(strengths: &[Option<f64>]) -> f64 {
    let known: Vec<f64> = strengths
        .iter()
        .filter_map(|s| s.filter(|v| v.is_finite()))
        .collect();
    if known.is_empty() {
        f64::NAN
    } else {
        known.iter().sum::<f64>() / known.len() as f64
    }
}

/// Scores a project.
pub fn bankability(i: &BankabilityInput) -> Bankability {
    let completeness = if i.stages_total > 0 {
        i.stages_covered.min(i.stages_total) as f64 / i.stages_total as f64
    } else {
        f64::NAN
    };
    let funding = if i.budget_eur > 0.0 && i.secured_eur.is_finite() {
        (i.secured_eur / i.budget_eur).clamp(0.0, 1.0)
    } else {
        0.0
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
        .map(|(&(n, w, _), v)| (n, v, w))
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
        // 2 of 4 stages, partners at strength 0.6 and 0.4, 3 M of 4 M secured, TRL 7:
        // 0.25*0.5 + 0.25*0.5 + 0.30*0.75 + 0.20*0.75 = 0.125 + 0.125 + 0.225 + 0.15
        let b = bankability(&BankabilityInput {
            stages_covered: 2,
            stages_total: 4,
            partner_strength: partner_strength(&[Some(0.6), Some(0.4)]),
            secured_eur: 3e6,
            budget_eur: 4e6,
            trl: 7,
        });
        assert!((b.score - 62.5).abs() < 1e-9, "{}", b.score);
    }

    #[test]
    fn nothing_to_finance_scores_no_funding_and_unknowns_count_zero() {
        // the gamed project: 0 euro, no activities (no stage, no strength), TRL 9
        let b = bankability(&BankabilityInput {
            stages_covered: 0,
            stages_total: 3,
            partner_strength: f64::NAN,
            secured_eur: 0.0,
            budget_eur: 0.0,
            trl: 9,
        });
        // completeness 0, strength unknown (0), funding 0, maturity 1
        assert!((b.score - 20.0).abs() < 1e-12, "{}", b.score);
        assert!(b.components[1].1.is_nan());
        // over-funding is capped; an unknown theme leaves completeness unknown
        let b = bankability(&BankabilityInput {
            stages_covered: 2,
            stages_total: 0,
            partner_strength: 0.5,
            secured_eur: 10.0,
            budget_eur: 5.0,
            trl: 1,
        });
        assert!(b.components[0].1.is_nan());
        assert!((b.score - (0.25 * 0.5 + 0.30) * 100.0).abs() < 1e-9);
    }

    #[test]
    fn partner_strength_averages_only_measured_partners() {
        assert!((partner_strength(&[Some(0.3), None, Some(0.5)]) - 0.4).abs() < 1e-12);
        assert!(partner_strength(&[None, Some(f64::NAN)]).is_nan());
        assert!(partner_strength(&[]).is_nan());
    }
}

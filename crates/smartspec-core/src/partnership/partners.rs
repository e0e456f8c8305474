//! Ranking the partners of one region in a theme.
//!
//! With `str` the stage strengths of [`super::strength`] (missing read as 0)
//! and `S` the number of stages, for region `a` and candidate partner `b`:
//!
//! * **shared strength** `shared(a, b) = (1/S) Σ_s min(str_as, str_bs)`:
//!   both strong in the same stages (scale, joint learning);
//! * **complementarity** `comp(a, b) = (1/S) Σ_s max(0, str_bs − str_as)`:
//!   how far the partner lifts the region's weaker stages (value-chain
//!   completion: the gain in the pair's coverage of the chain, as in the
//!   partnership objective of [`super::search`]);
//! * **portfolio relatedness** `rel(a, b) = (1/(|Sa|·|Sb|)) Σ_{p∈Sa} Σ_{q∈Sb}
//!   φ_pq`, the mean proximity between the activities the two regions
//!   specialise in (`M = 1`; `φ_pp = 1`, so a shared specialisation counts as
//!   fully related): how easily each can absorb what the other knows.
//!   Undefined (missing) when either has no specialisation; it then scores 0.
//! * **score** `= (w_c · comp + w_s · shared + w_r · rel) / (w_c + w_s + w_r)`,
//!   default weights `w_c = 0.6`, `w_s = 0.2`, `w_r = 0.2`.
//!
//! `min(x, y) + max(0, y − x) = y`, so `shared + comp = (1/S) Σ_s str_bs`,
//! the partner's mean strength: with
//! `w_c = w_s` the two terms only rank partners by their strength. The
//! default `w_c > w_s` ranks a partner that completes the region's chain
//! above a stronger one that only overlaps it; `w_s > w_c` does the reverse
//! (see the tests and `docs/partnerships.md`).
//!
//! The **reason** names the stages where the partner specialises (`RCA ≥ 1`)
//! and the region does not ("strong in processing, where you are weak") and
//! those both specialise in ("shares your strength in components").

use super::strength::Strengths;

/// Weights of the partner score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// Of complementarity.
    pub complementarity: f64,
    /// Of shared strength.
    pub shared: f64,
    /// Of portfolio relatedness.
    pub relatedness: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            complementarity: 0.6,
            shared: 0.2,
            relatedness: 0.2,
        }
    }
}

impl Weights {
    /// `Err` unless every weight is finite and ≥ 0 and their sum is > 0.
    pub fn check(&self) -> Result<(), String> {
        let w = [self.complementarity, self.shared, self.relatedness];
        if w.iter().any(|x| !(x.is_finite() && *x >= 0.0)) || !(w.iter().sum::<f64>() > 0.0) {
            return Err(format!(
                "weights must be zero or positive and not all zero, got complementarity {}, shared {}, relatedness {}",
                self.complementarity, self.shared, self.relatedness
            ));
        }
        Ok(())
    }
}

/// One candidate partner, scored.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerScore {
    /// Region id.
    pub region: usize,
    /// Combined score.
    pub score: f64,
    /// Its mean stage strength.
    pub strength: f64,
    /// Shared strength with the region.
    pub shared: f64,
    /// Complementarity to the region.
    pub complementarity: f64,
    /// Portfolio relatedness (NaN when undefined).
    pub relatedness: f64,
}

/// `shared(a, b)`.
pub fn shared(st: &Strengths, a: usize, b: usize) -> f64 {
    (0..st.stages)
        .map(|s| st.score_value(a, s).min(st.score_value(b, s)))
        .sum::<f64>()
        / st.stages.max(1) as f64
}

/// `comp(a, b)`: how much `b` completes `a`.
pub fn complementarity(st: &Strengths, a: usize, b: usize) -> f64 {
    (0..st.stages)
        .map(|s| (st.score_value(b, s) - st.score_value(a, s)).max(0.0))
        .sum::<f64>()
        / st.stages.max(1) as f64
}

/// Mean proximity `φ` between the specialisations `sa` and `sb` (activity
/// ids); NaN when either is empty.
pub fn portfolio_relatedness(sa: &[u32], sb: &[u32], phi: impl Fn(usize, usize) -> f64) -> f64 {
    if sa.is_empty() || sb.is_empty() {
        return f64::NAN;
    }
    let sum: f64 = sa
        .iter()
        .flat_map(|&p| sb.iter().map(move |&q| (p as usize, q as usize)))
        .map(|(p, q)| if p == q { 1.0 } else { phi(p, q) })
        .sum();
    sum / (sa.len() * sb.len()) as f64
}

/// Scores every candidate partner of `region` and ranks them, best first
/// (ties by region id). `relatedness[b]` is `rel(region, b)`.
pub fn rank_partners(
    st: &Strengths,
    region: usize,
    candidates: &[usize],
    relatedness: &[f64],
    w: &Weights,
) -> Vec<PartnerScore> {
    let total = w.complementarity + w.shared + w.relatedness;
    let mut out: Vec<PartnerScore> = candidates
        .iter()
        .filter(|&&b| b != region)
        .map(|&b| {
            let (sh, co, rel) = (
                shared(st, region, b),
                complementarity(st, region, b),
                relatedness[b],
            );
            let rel0 = if rel.is_finite() { rel } else { 0.0 };
            PartnerScore {
                region: b,
                score: (w.complementarity * co + w.shared * sh + w.relatedness * rel0) / total,
                strength: st.mean(b),
                shared: sh,
                complementarity: co,
                relatedness: rel,
            }
        })
        .collect();
    out.sort_by(|x, y| y.score.total_cmp(&x.score).then(x.region.cmp(&y.region)));
    out
}

fn list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [a] => a.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Why `b` suits `a`, in words; `stage_names` name the stages.
pub fn reason(st: &Strengths, a: usize, b: usize, stage_names: &[&str]) -> String {
    let mut by_strength: Vec<usize> = (0..st.stages).collect();
    by_strength.sort_by(|&x, &y| st.score_value(b, y).total_cmp(&st.score_value(b, x)));
    let completes: Vec<&str> = by_strength
        .iter()
        .filter(|&&s| st.specialised(b, s) && !st.specialised(a, s))
        .map(|&s| stage_names[s])
        .collect();
    let shares: Vec<&str> = by_strength
        .iter()
        .filter(|&&s| st.specialised(b, s) && st.specialised(a, s))
        .map(|&s| stage_names[s])
        .collect();
    let mut parts = Vec::new();
    if !completes.is_empty() {
        parts.push(format!(
            "strong in {}, where you are weak",
            list(&completes)
        ));
    }
    if !shares.is_empty() {
        parts.push(format!("shares your strength in {}", list(&shares)));
    }
    if parts.is_empty() {
        match by_strength.first() {
            Some(&s) if st.get(b, s).is_finite() => parts.push(format!(
                "specialised in no stage; strongest in {} ({:.2})",
                stage_names[s],
                st.get(b, s)
            )),
            _ => parts.push("no stage data".into()),
        }
    }
    parts.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relatedness_is_the_mean_proximity_of_specialisations() {
        let phi = |p: usize, q: usize| if p + q == 1 { 0.4 } else { 0.1 };
        // {0} x {0, 1}: (1 + 0.4) / 2
        assert!((portfolio_relatedness(&[0], &[0, 1], phi) - 0.7).abs() < 1e-12);
        // {0, 2} x {1}: (0.4 + 0.1) / 2
        assert!((portfolio_relatedness(&[0, 2], &[1], phi) - 0.25).abs() < 1e-12);
        assert!(portfolio_relatedness(&[], &[1], phi).is_nan());
    }

    #[test]
    fn bad_weights_are_refused() {
        assert!(Weights::default().check().is_ok());
        let w = Weights {
            complementarity: -1.0,
            ..Weights::default()
        };
        assert!(w.check().is_err());
        let z = Weights {
            complementarity: 0.0,
            shared: 0.0,
            relatedness: 0.0,
        };
        assert!(z.check().is_err());
    }
}

//! Related and unrelated variety (Frenken, Van Oort & Verburg 2007,
//! *Regional Studies* 41:685).
//!
//! With fine-activity shares `p_i` of a region (NACE divisions) grouped into
//! coarse groups `g` (NACE sections) with shares `P_g = Σ_{i∈g} p_i`:
//!
//! * **unrelated variety** `UV = Σ_g P_g log₂(1/P_g)`, the entropy between
//!   sections;
//! * **related variety** `RV = Σ_g P_g H_g`, `H_g = Σ_{i∈g} (p_i/P_g)
//!   log₂(P_g/p_i)`, the weighted entropy within sections.
//!
//! Their sum is the entropy of the division shares (the decomposition
//! theorem of entropy). Missing cells are left out of the shares; a region
//! with no published value has neither. No anchor tool computes these.

/// (related, unrelated) variety of one region from its values and each
/// value's group id.
pub fn variety(values: &[f64], group: &[usize]) -> Option<(f64, f64)> {
    let total: f64 = values.iter().filter(|v| v.is_finite()).sum();
    if !(total > 0.0) {
        return None;
    }
    let ng = group.iter().copied().max().map_or(0, |g| g + 1);
    let mut pg = vec![0.0; ng];
    for (v, &g) in values.iter().zip(group) {
        if v.is_finite() {
            pg[g] += v / total;
        }
    }
    let uv: f64 = pg.iter().filter(|&&p| p > 0.0).map(|p| -p * p.log2()).sum();
    let mut rv = 0.0;
    for (v, &g) in values.iter().zip(group) {
        let p = v / total;
        if v.is_finite() && p > 0.0 {
            // P_g * (p/P_g) * log2(P_g/p) = p * log2(P_g/p)
            rv += p * (pg[g] / p).log2();
        }
    }
    Some((rv, uv))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_two_sections() {
        // divisions C10 = C11 = 25 (section C), F41 = 50 (section F)
        // UV = 2 * 0.5 log2 2 = 1; RV = 0.5 * 1 (C split evenly) + 0.5 * 0 = 0.5
        let (rv, uv) = variety(&[25.0, 25.0, 50.0], &[0, 0, 1]).unwrap();
        assert!((uv - 1.0).abs() < 1e-15 && (rv - 0.5).abs() < 1e-15);
        // RV + UV = entropy of the division shares: 1.5 bits
        assert_eq!(variety(&[0.0, 0.0], &[0, 1]), None);
    }
}

//! Evaluation metrics of a ranking against binary outcomes.
//!
//! * **ROC-AUC**: the probability that a random positive scores above a
//!   random negative (ties count one half) — the Mann–Whitney U statistic
//!   divided by `n₊ n₋`, computed from average ranks.
//! * **PR-AUC** as *average precision* with tie groups (as scikit-learn's
//!   `average_precision_score`): `AP = Σ_n (R_n − R_{n−1}) P_n` over the
//!   distinct scores from the best, `R_n` and `P_n` the recall and precision
//!   of the items scored at least the `n`-th distinct score; a tie group is
//!   taken whole, so a constant score earns exactly the base rate and the
//!   order of tied items does not matter.
//! * **Precision@k**: the share of positives among the `k` best-scored items
//!   of one group (a region), averaged over the groups with at least one
//!   item; a tie group straddling the cut counts its expected share (its
//!   positives × the slots left / its size), as a random order of the ties
//!   would on average.

/// ROC-AUC; `None` without both classes.
pub fn roc_auc(scores: &[f64], outcome: &[bool]) -> Option<f64> {
    let n = scores.len();
    let mut idx: Vec<usize> = (0..n).collect();
    idx.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    let mut ranks = vec![0.0; n];
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n && scores[idx[j + 1]] == scores[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for k in i..=j {
            ranks[idx[k]] = avg;
        }
        i = j + 1;
    }
    let pos = outcome.iter().filter(|&&o| o).count() as f64;
    let neg = n as f64 - pos;
    if pos == 0.0 || neg == 0.0 {
        return None;
    }
    let rank_sum: f64 = ranks
        .iter()
        .zip(outcome)
        .filter(|(_, &o)| o)
        .map(|(r, _)| r)
        .sum();
    Some((rank_sum - pos * (pos + 1.0) / 2.0) / (pos * neg))
}

/// Indices sorted best score first, cut into groups of equal scores.
fn tie_groups(scores: &[f64], idx: &[usize]) -> Vec<Vec<usize>> {
    let mut order = idx.to_vec();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for i in order {
        match groups.last_mut() {
            Some(g) if scores[g[0]] == scores[i] => g.push(i),
            _ => groups.push(vec![i]),
        }
    }
    groups
}

/// Average precision with tie groups; `None` without positives.
pub fn average_precision(scores: &[f64], outcome: &[bool]) -> Option<f64> {
    let pos = outcome.iter().filter(|&&o| o).count();
    if pos == 0 {
        return None;
    }
    let idx: Vec<usize> = (0..scores.len()).collect();
    let (mut tp, mut seen, mut sum) = (0usize, 0usize, 0.0);
    for g in tie_groups(scores, &idx) {
        let hits = g.iter().filter(|&&i| outcome[i]).count();
        tp += hits;
        seen += g.len();
        sum += hits as f64 * tp as f64 / seen as f64;
    }
    Some(sum / pos as f64)
}

/// Expected precision of the `k` best of `items` when ties are ordered at
/// random: a tie group that straddles the cut counts its share of positives.
fn precision_of(scores: &[f64], outcome: &[bool], items: &[usize], k: usize) -> f64 {
    let take = k.min(items.len());
    let (mut left, mut hits) = (take as f64, 0.0);
    for g in tie_groups(scores, items) {
        if left <= 0.0 {
            break;
        }
        let pos = g.iter().filter(|&&i| outcome[i]).count() as f64;
        let n = g.len() as f64;
        hits += pos * (left.min(n) / n);
        left -= n;
    }
    hits / take as f64
}

/// Mean precision@k over groups (items with the same `group` id), ties at
/// the cut counted at their expected share.
pub fn precision_at_k(scores: &[f64], outcome: &[bool], group: &[usize], k: usize) -> Option<f64> {
    let mut by: std::collections::BTreeMap<usize, Vec<usize>> = std::collections::BTreeMap::new();
    for (i, &g) in group.iter().enumerate() {
        by.entry(g).or_default().push(i);
    }
    if by.is_empty() || k == 0 {
        return None;
    }
    let total: f64 = by
        .values()
        .map(|items| precision_of(scores, outcome, items, k))
        .sum();
    Some(total / by.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_rankings() {
        // scores 4,3,2,1 with outcomes T,F,T,F: pairs (pos>neg) = (4>3),(4>1),(2>1) of 4 -> 0.75
        let s = [4.0, 3.0, 2.0, 1.0];
        let o = [true, false, true, false];
        assert_eq!(roc_auc(&s, &o), Some(0.75));
        // AP = (1/1 + 2/3) / 2
        assert!((average_precision(&s, &o).unwrap() - (1.0 + 2.0 / 3.0) / 2.0).abs() < 1e-15);
        // perfect and reversed rankings
        assert_eq!(roc_auc(&[2.0, 1.0], &[true, false]), Some(1.0));
        assert_eq!(roc_auc(&[1.0, 2.0], &[true, false]), Some(0.0));
        // ties count one half; a constant score has AUC 0.5 and AP = base rate
        assert_eq!(roc_auc(&[1.0, 1.0, 1.0, 1.0], &o), Some(0.5));
        assert_eq!(average_precision(&[1.0; 4], &o), Some(0.5));
        assert_eq!(roc_auc(&s, &[true; 4]), None);
        // precision@1 per group: group 0 best = 4 (T) -> 1; group 1 best = 2 (T) -> 1
        assert_eq!(precision_at_k(&s, &o, &[0, 0, 1, 1], 1), Some(1.0));
        // precision@2: group 0 -> 1/2, group 1 -> 1/2
        assert_eq!(precision_at_k(&s, &o, &[0, 0, 1, 1], 2), Some(0.5));
    }

    #[test]
    fn tie_groups_are_taken_whole() {
        // scores 3, 2, 2, 1 with outcomes F, T, F, T: groups {3: F}, {2: T, F},
        // {1: T}. AP = (1/2)·(1/3) + (1/2)·(2/4) = 5/12, whichever order the
        // tied pair is in (breaking the tie in the positive's favour would
        // give (1/2 + 2/4)/2 = 1/2)
        let s = [3.0, 2.0, 2.0, 1.0];
        let o = [false, true, false, true];
        assert!((average_precision(&s, &o).unwrap() - 5.0 / 12.0).abs() < 1e-15);
        let o2 = [false, false, true, true];
        assert!((average_precision(&s, &o2).unwrap() - 5.0 / 12.0).abs() < 1e-15);
        // precision@2: the best (F) and half of the tied pair's one
        // positive: (0 + 1/2) / 2
        assert_eq!(precision_at_k(&s, &o, &[0; 4], 2), Some(0.25));
        // k beyond the group counts every item
        assert_eq!(precision_at_k(&s, &o, &[0; 4], 10), Some(0.5));
    }
}

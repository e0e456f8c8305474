//! Evaluation metrics of a ranking against binary outcomes.
//!
//! * **ROC-AUC**: the probability that a random positive scores above a
//!   random negative (ties count one half) — the Mann–Whitney U statistic
//!   divided by `n₊ n₋`, computed from average ranks.
//! * **PR-AUC** as *average precision*: the mean, over the positives, of the
//!   precision among the items scored at least as high as that positive
//!   (ties broken pessimistically, so that a constant score earns only the
//!   base rate).
//! * **Precision@k**: the share of positives among the `k` best-scored items
//!   of one group (a region), averaged over the groups with at least one item.

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

/// Average precision; `None` without positives.
pub fn average_precision(scores: &[f64], outcome: &[bool]) -> Option<f64> {
    let mut idx: Vec<usize> = (0..scores.len()).collect();
    // best first; among ties the negatives first (pessimistic)
    idx.sort_by(|&a, &b| {
        scores[b]
            .total_cmp(&scores[a])
            .then(outcome[a].cmp(&outcome[b]))
    });
    let pos = outcome.iter().filter(|&&o| o).count();
    if pos == 0 {
        return None;
    }
    let (mut hits, mut sum) = (0usize, 0.0);
    for (k, &i) in idx.iter().enumerate() {
        if outcome[i] {
            hits += 1;
            sum += hits as f64 / (k + 1) as f64;
        }
    }
    Some(sum / pos as f64)
}

/// Mean precision@k over groups (items with the same `group` id).
pub fn precision_at_k(scores: &[f64], outcome: &[bool], group: &[usize], k: usize) -> Option<f64> {
    let mut by: std::collections::BTreeMap<usize, Vec<usize>> = std::collections::BTreeMap::new();
    for (i, &g) in group.iter().enumerate() {
        by.entry(g).or_default().push(i);
    }
    if by.is_empty() || k == 0 {
        return None;
    }
    let mut total = 0.0;
    for items in by.values_mut() {
        items.sort_by(|&a, &b| {
            scores[b]
                .total_cmp(&scores[a])
                .then(outcome[a].cmp(&outcome[b]))
        });
        let take = k.min(items.len());
        total += items[..take].iter().filter(|&&i| outcome[i]).count() as f64 / take as f64;
    }
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
        assert!(
            (average_precision(&[1.0; 4], &o).unwrap() - 0.5 * (1.0 / 3.0 + 2.0 / 4.0) * 2.0 / 2.0)
                .abs()
                < 1e-15
        );
        assert_eq!(roc_auc(&s, &[true; 4]), None);
        // precision@1 per group: group 0 best = 4 (T) -> 1; group 1 best = 2 (T) -> 1
        assert_eq!(precision_at_k(&s, &o, &[0, 0, 1, 1], 1), Some(1.0));
        // precision@2: group 0 -> 1/2, group 1 -> 1/2
        assert_eq!(precision_at_k(&s, &o, &[0, 0, 1, 1], 2), Some(0.5));
    }
}

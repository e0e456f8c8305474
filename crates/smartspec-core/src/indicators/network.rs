//! The product-space network of a proximity matrix: its maximum spanning
//! tree plus the strongest other links (Hidalgo, Klinger, Barabási and
//! Hausmann 2007, *Science* 317: the tree keeps the network connected, the
//! strongest remaining links show its dense cores).
//!
//! **Tree.** Prim's algorithm on the complete graph of the `nodes` given,
//! `O(n²)` time and `O(n)` memory: start from the first node, repeatedly add
//! the outside node with the strongest link to the tree. A link whose weight
//! is not finite (NaN proximity of an activity no region exports) is absent;
//! nodes it cannot reach start a new tree, so the result is a maximum
//! spanning forest, `nodes − components` links. Ties go to the lower node
//! index, so the result is deterministic.
//!
//! **Extra links.** The non-tree links with the highest weight, until the
//! network has `target` links in total (ties at the cut are all kept out:
//! only links strictly above the weight of the first link left out are
//! added, so the cut is a weight threshold).

/// A link of the network, `a < b` (indices into the matrix).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Link {
    /// One end.
    pub a: usize,
    /// The other end.
    pub b: usize,
    /// Its weight (proximity).
    pub weight: f64,
    /// True when the link is in the maximum spanning tree.
    pub tree: bool,
}

fn link(a: usize, b: usize, weight: f64, tree: bool) -> Link {
    Link {
        a: a.min(b),
        b: a.max(b),
        weight,
        tree,
    }
}

/// The maximum spanning forest of the complete graph on `nodes` with link
/// weights `w(i, j)` (symmetric; non-finite = no link), by Prim.
pub fn maximum_spanning_tree(nodes: &[usize], w: impl Fn(usize, usize) -> f64) -> Vec<Link> {
    let n = nodes.len();
    let mut in_tree = vec![false; n];
    // best[k]: strongest link from the tree to node k, and its tree end
    let mut best: Vec<Option<(f64, usize)>> = vec![None; n];
    let mut out = Vec::with_capacity(n.saturating_sub(1));
    for _ in 0..n {
        // the outside node with the strongest link; none linked: a new root
        let next = (0..n).filter(|&k| !in_tree[k]).max_by(|&x, &y| {
            let wx = best[x].map_or(f64::NEG_INFINITY, |b| b.0);
            let wy = best[y].map_or(f64::NEG_INFINITY, |b| b.0);
            wx.total_cmp(&wy).then(y.cmp(&x))
        });
        let Some(k) = next else { break };
        in_tree[k] = true;
        if let Some((wk, from)) = best[k] {
            out.push(link(nodes[from], nodes[k], wk, true));
        }
        for j in 0..n {
            if in_tree[j] {
                continue;
            }
            let v = w(nodes[k], nodes[j]);
            if v.is_finite() && best[j].is_none_or(|b| v > b.0) {
                best[j] = Some((v, k));
            }
        }
    }
    out
}

/// The tree plus the strongest other links, about `target` links in all
/// (never fewer than the tree's): tree links first, then the others by
/// decreasing weight.
pub fn backbone(nodes: &[usize], w: impl Fn(usize, usize) -> f64, target: usize) -> Vec<Link> {
    let mut links = maximum_spanning_tree(nodes, &w);
    let in_tree: std::collections::HashSet<(usize, usize)> =
        links.iter().map(|l| (l.a, l.b)).collect();
    let mut others: Vec<Link> = Vec::new();
    for (i, &a) in nodes.iter().enumerate() {
        for &b in &nodes[i + 1..] {
            let v = w(a, b);
            let l = link(a, b, v, false);
            if v.is_finite() && !in_tree.contains(&(l.a, l.b)) {
                others.push(l);
            }
        }
    }
    others.sort_by(|x, y| {
        y.weight
            .total_cmp(&x.weight)
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    let room = target.saturating_sub(links.len());
    if room < others.len() {
        let cut = others[room].weight;
        others.retain(|l| l.weight > cut);
    }
    links.extend(others);
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    // 0–1 0.9, 0–2 0.2, 0–3 0.1, 1–2 0.8, 1–3 0.3, 2–3 0.7
    const W: [[f64; 4]; 4] = [
        [1.0, 0.9, 0.2, 0.1],
        [0.9, 1.0, 0.8, 0.3],
        [0.2, 0.8, 1.0, 0.7],
        [0.1, 0.3, 0.7, 1.0],
    ];

    fn w(i: usize, j: usize) -> f64 {
        W[i][j]
    }

    fn pairs(l: &[Link]) -> Vec<(usize, usize)> {
        let mut p: Vec<(usize, usize)> = l.iter().map(|l| (l.a, l.b)).collect();
        p.sort();
        p
    }

    #[test]
    fn the_tree_is_the_heaviest_spanning_tree() {
        let t = maximum_spanning_tree(&[0, 1, 2, 3], w);
        // by hand: 0–1 (0.9), 1–2 (0.8), 2–3 (0.7) = 2.4; any other tree is lighter
        assert_eq!(pairs(&t), [(0, 1), (1, 2), (2, 3)]);
        let total: f64 = t.iter().map(|l| l.weight).sum();
        assert!((total - 2.4).abs() < 1e-12);
        assert!(t.iter().all(|l| l.tree));
    }

    #[test]
    fn absent_links_give_a_forest() {
        let nan = |i: usize, j: usize| if i == 3 || j == 3 { f64::NAN } else { w(i, j) };
        let t = maximum_spanning_tree(&[0, 1, 2, 3], nan);
        assert_eq!(pairs(&t), [(0, 1), (1, 2)]);
        assert!(maximum_spanning_tree(&[], w).is_empty());
        assert!(maximum_spanning_tree(&[2], w).is_empty());
    }

    #[test]
    fn a_subset_of_nodes_keeps_the_matrix_indices() {
        let t = maximum_spanning_tree(&[3, 0, 2], w);
        // 0–2 0.2, 0–3 0.1, 2–3 0.7: tree 2–3, 0–2
        assert_eq!(pairs(&t), [(0, 2), (2, 3)]);
    }

    #[test]
    fn backbone_adds_the_strongest_other_links() {
        let b = backbone(&[0, 1, 2, 3], w, 4);
        assert_eq!(b.len(), 4);
        assert_eq!((b[3].a, b[3].b, b[3].tree), (1, 3, false));
        // a target below the tree keeps the tree
        assert_eq!(backbone(&[0, 1, 2, 3], w, 1).len(), 3);
        // everything
        assert_eq!(backbone(&[0, 1, 2, 3], w, 100).len(), 6);
    }

    #[test]
    fn ties_at_the_cut_are_left_out() {
        let flat = |i: usize, j: usize| if i == j { 1.0 } else { 0.5 };
        let b = backbone(&[0, 1, 2, 3], flat, 4);
        // the tree (3 links); the other three tie at the cut
        assert_eq!(b.len(), 3);
    }
}

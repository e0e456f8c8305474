//! Proposing a partnership: `K` regions maximising value-chain coverage and
//! strength under the thematic platforms' Member-State rule.
//!
//! **Objective** of a set `P` of `K` regions (strengths `str` of
//! [`super::strength`], missing read as 0, `S` stages):
//!
//! `f(P) = ½ · coverage(P) + ½ · strength(P)`, with
//! `coverage(P) = (1/S) Σ_s max_{r∈P} str_rs` (each stage as strong as its
//! strongest member: the chain is complete) and
//! `strength(P) = (1/(S·K)) Σ_{r∈P} Σ_s str_rs` (the members' mean strength).
//! `f` is monotone and submodular (a sum of stage maxima and a modular term).
//!
//! **Rule**: the members include regions of at least `min_countries`
//! (default 3) distinct EU28 Member States; other regions may join but do not
//! count.
//!
//! **Exact search** (`K ≤ 5`): depth-first branch and bound over the
//! candidates sorted by their gain on the leads, started from the greedy
//! solution. A partial set `P` with `m` places left is cut when
//! `f(P) + (sum of the m largest gains f(P ∪ {j}) − f(P))` — an upper bound
//! of any completion, by submodularity — does not beat the best set found, or
//! when the candidates left cannot bring the Member States still missing.
//!
//! **Greedy** (`K > 5`): add the candidate of largest gain, `t` times; then,
//! if the rule is not met, add for each missing Member State the candidate
//! of largest gain from a new one. `t` is the largest number of free steps
//! that leaves enough places to meet the rule (usually all of them). For a
//! monotone submodular `f`, `t` greedy steps reach
//! `f(G) − f(L) ≥ (1 − e^(−t/k)) · (f(OPT) − f(L))`, with `L` the leads and
//! `k = K − |L|` (Nemhauser, Wolsey & Fisher 1978; Krause & Golovin 2014,
//! Theorem 1.5): the `(1 − 1/e)` guarantee when `t = k`. The optimum of the
//! unconstrained problem bounds the constrained one, so the guarantee holds
//! under the rule. Every result also carries the data-dependent bound
//! `f(OPT) ≤ f(G) + Σ of the k largest gains on G` (Minoux 1978), often much
//! tighter.

use thiserror::Error;

/// Why no partnership can be proposed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ProposeError {
    /// More leads than places.
    #[error("{leads} lead region(s) do not fit in a partnership of {k}")]
    TooManyLeads {
        /// Leads.
        leads: usize,
        /// Size.
        k: usize,
    },
    /// `K` below the number of Member States required.
    #[error("a partnership of {k} region(s) cannot span {min} Member States")]
    SizeBelowRule {
        /// Size.
        k: usize,
        /// Member States required.
        min: usize,
    },
    /// Not enough candidates.
    #[error("only {available} candidate region(s) for {places} place(s)")]
    TooFewCandidates {
        /// Candidates.
        available: usize,
        /// Places to fill.
        places: usize,
    },
    /// The candidates cannot bring enough Member States.
    #[error("the rule of {min} EU28 Member States cannot be met: the leads and candidates span {available}")]
    RuleUnreachable {
        /// Required.
        min: usize,
        /// Available.
        available: usize,
    },
}

/// The Member-State rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Per region, the index (< 64) of its EU28 Member State; `None` outside the EU28.
    pub country: Vec<Option<u8>>,
    /// Distinct Member States required.
    pub min_countries: usize,
}

impl Rule {
    fn bit(&self, r: usize) -> u64 {
        self.country[r].map_or(0, |c| 1u64 << (c % 64))
    }

    fn mask(&self, set: &[usize]) -> u64 {
        set.iter().fold(0, |m, &r| m | self.bit(r))
    }

    /// True when `set` meets the rule.
    pub fn holds(&self, set: &[usize]) -> bool {
        self.mask(set).count_ones() as usize >= self.min_countries
    }
}

/// How a proposal was found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Method {
    /// Branch and bound: optimal.
    Exact,
    /// Greedy, with `t` free steps of `k` and the guarantee factor `1 − e^(−t/k)`.
    Greedy {
        /// Free greedy steps.
        steps: usize,
        /// Places besides the leads.
        places: usize,
        /// `1 − e^(−steps/places)`.
        guarantee: f64,
    },
}

/// A proposed partnership.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    /// Region ids: the leads first, then in the order chosen.
    pub members: Vec<usize>,
    /// `f(P)`.
    pub objective: f64,
    /// `coverage(P)`.
    pub coverage: f64,
    /// `strength(P)`.
    pub strength: f64,
    /// An upper bound of the optimum (= objective when exact).
    pub upper_bound: f64,
    /// Search nodes visited (exact) or gains evaluated (greedy).
    pub nodes: u64,
    /// The method.
    pub method: Method,
}

impl Proposal {
    /// Each member's contribution: what the objective loses without it,
    /// `f(P) − f(P ∖ {m})`, in member order.
    pub fn contributions(&self, obj: &Objective) -> Vec<f64> {
        self.members
            .iter()
            .map(|&m| {
                let rest: Vec<usize> = self.members.iter().copied().filter(|&x| x != m).collect();
                self.objective - obj.eval(&rest).0
            })
            .collect()
    }
}

/// The objective on a dense region × stage matrix of strengths (missing = 0).
#[derive(Debug, Clone)]
pub struct Objective {
    values: Vec<f64>,
    stages: usize,
    k: usize,
}

impl Objective {
    /// `values[r * stages + s]` = strength of `r` in `s` (finite, ≥ 0), for
    /// partnerships of `k` regions.
    pub fn new(values: Vec<f64>, stages: usize, k: usize) -> Objective {
        Objective {
            values,
            stages: stages.max(1),
            k: k.max(1),
        }
    }

    /// From [`super::strength::Strengths`].
    pub fn from_strengths(st: &super::strength::Strengths, k: usize) -> Objective {
        let v = (0..st.regions)
            .flat_map(|r| (0..st.stages).map(move |s| (r, s)))
            .map(|(r, s)| st.score_value(r, s))
            .collect();
        Objective::new(v, st.stages, k)
    }

    fn row(&self, r: usize) -> &[f64] {
        &self.values[r * self.stages..(r + 1) * self.stages]
    }

    /// `(f, coverage, strength)` of `set`.
    pub fn eval(&self, set: &[usize]) -> (f64, f64, f64) {
        let st = State::of(self, set);
        (self.value(&st), st.coverage(), st.strength(self))
    }

    fn value(&self, st: &State) -> f64 {
        0.5 * st.coverage() + 0.5 * st.strength(self)
    }

    /// `f(P ∪ {j}) − f(P)`.
    fn gain(&self, st: &State, j: usize) -> f64 {
        let row = self.row(j);
        let cov: f64 = row.iter().zip(&st.cov).map(|(v, c)| (v - c).max(0.0)).sum();
        let own: f64 = row.iter().sum();
        0.5 * cov / self.stages as f64 + 0.5 * own / (self.stages * self.k) as f64
    }
}

/// Stage maxima and the sum of strengths of a set.
#[derive(Debug, Clone)]
struct State {
    cov: Vec<f64>,
    sum: f64,
}

impl State {
    fn of(o: &Objective, set: &[usize]) -> State {
        let mut s = State {
            cov: vec![0.0; o.stages],
            sum: 0.0,
        };
        for &r in set {
            s.add(o, r);
        }
        s
    }

    fn add(&mut self, o: &Objective, r: usize) {
        for (c, v) in self.cov.iter_mut().zip(o.row(r)) {
            *c = c.max(*v);
        }
        self.sum += o.row(r).iter().sum::<f64>();
    }

    fn coverage(&self) -> f64 {
        self.cov.iter().sum::<f64>() / self.cov.len() as f64
    }

    fn strength(&self, o: &Objective) -> f64 {
        self.sum / (o.stages * o.k) as f64
    }
}

const EPS: f64 = 1e-12;

/// Sum of the `m` largest of `v`.
fn top_sum(v: &[f64], m: usize) -> f64 {
    if v.len() <= m {
        return v.iter().sum();
    }
    let mut w = v.to_vec();
    w.select_nth_unstable_by(m - 1, |a, b| b.total_cmp(a));
    w[..m].iter().sum()
}

fn checked(
    rule: &Rule,
    candidates: &[usize],
    leads: &[usize],
    k: usize,
) -> Result<Vec<usize>, ProposeError> {
    if leads.len() > k {
        return Err(ProposeError::TooManyLeads {
            leads: leads.len(),
            k,
        });
    }
    if k < rule.min_countries {
        return Err(ProposeError::SizeBelowRule {
            k,
            min: rule.min_countries,
        });
    }
    let mut cands: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|c| !leads.contains(c))
        .collect();
    cands.sort_unstable();
    cands.dedup();
    let places = k - leads.len();
    if cands.len() < places {
        return Err(ProposeError::TooFewCandidates {
            available: cands.len(),
            places,
        });
    }
    let all = rule.mask(leads) | rule.mask(&cands);
    if (all.count_ones() as usize) < rule.min_countries {
        return Err(ProposeError::RuleUnreachable {
            min: rule.min_countries,
            available: all.count_ones() as usize,
        });
    }
    Ok(cands)
}

/// Greedy with the rule, as described in the module doc.
///
/// # Errors
/// When the sizes or the rule cannot be met.
pub fn greedy(
    o: &Objective,
    rule: &Rule,
    candidates: &[usize],
    leads: &[usize],
    k: usize,
) -> Result<Proposal, ProposeError> {
    let cands = checked(rule, candidates, leads, k)?;
    let places = k - leads.len();
    let mut nodes = 0u64;
    for fill in 0..=places {
        let steps = places - fill;
        let mut set = leads.to_vec();
        let mut st = State::of(o, &set);
        let mut pick = |set: &mut Vec<usize>, st: &mut State, allowed: &dyn Fn(usize) -> bool| {
            let best = cands
                .iter()
                .copied()
                .filter(|c| !set.contains(c) && allowed(*c))
                .map(|c| (o.gain(st, c), c))
                .fold(None, |b: Option<(f64, usize)>, x| match b {
                    Some(b) if b.0 >= x.0 - EPS => Some(b),
                    _ => Some(x),
                });
            nodes += cands.len() as u64;
            best.map(|(_, c)| {
                set.push(c);
                st.add(o, c);
            })
        };
        for _ in 0..steps {
            pick(&mut set, &mut st, &|_| true);
        }
        let missing = rule
            .min_countries
            .saturating_sub(rule.mask(&set).count_ones() as usize);
        if missing > fill {
            continue;
        }
        let mut ok = true;
        for _ in 0..fill {
            let need_new = rule.mask(&set).count_ones() < rule.min_countries as u32;
            let mask = rule.mask(&set);
            let allowed = |c: usize| !need_new || rule.bit(c) & !mask != 0;
            if pick(&mut set, &mut st, &allowed).is_none() {
                ok = false;
                break;
            }
        }
        if !ok || !rule.holds(&set) {
            continue;
        }
        let upper = online_bound(o, &st, &set, &cands, places);
        let (f, coverage, strength) = (o.value(&st), st.coverage(), st.strength(o));
        return Ok(Proposal {
            members: set,
            objective: f,
            coverage,
            strength,
            upper_bound: upper.max(f),
            nodes,
            method: Method::Greedy {
                steps,
                places,
                guarantee: if places == 0 {
                    1.0
                } else {
                    1.0 - (-(steps as f64) / places as f64).exp()
                },
            },
        });
    }
    Err(ProposeError::RuleUnreachable {
        min: rule.min_countries,
        available: (rule.mask(leads) | rule.mask(&cands)).count_ones() as usize,
    })
}

/// `f(G) + Σ of the `places` largest gains on `G`` ≥ the optimum.
fn online_bound(o: &Objective, st: &State, set: &[usize], cands: &[usize], places: usize) -> f64 {
    let gains: Vec<f64> = cands
        .iter()
        .filter(|c| !set.contains(c))
        .map(|&c| o.gain(st, c))
        .collect();
    // f never exceeds the largest strength
    let cap = o.values.iter().copied().fold(0.0, f64::max);
    (o.value(st) + top_sum(&gains, places)).min(cap)
}

struct Bnb<'a> {
    o: &'a Objective,
    rule: &'a Rule,
    order: Vec<usize>,
    bits: Vec<u64>,
    suffix: Vec<u64>,
    /// `suffix_max[i * S + s]`: the largest strength in stage `s` among
    /// `order[i..]`.
    suffix_max: Vec<f64>,
    /// A candidate's own term `½ Σ_s str_js / (S·K)` (independent of the set).
    own: Vec<f64>,
    best: f64,
    best_set: Vec<usize>,
    nodes: u64,
}

/// Running sums of the `m` largest values of `v[i + 1..]`, for every `i`.
fn tails(v: &[f64], m: usize) -> Vec<f64> {
    let mut tail = vec![0.0; v.len()];
    let mut top: Vec<f64> = Vec::with_capacity(m + 1);
    for i in (0..v.len()).rev() {
        tail[i] = top.iter().sum();
        if m > 0 {
            let pos = top.partition_point(|x| *x >= v[i]);
            if pos < m {
                top.insert(pos, v[i]);
                top.truncate(m);
            }
        }
    }
    tail
}

impl Bnb<'_> {
    /// The coverage gain can at most lift each stage to its best candidate
    /// among `order[from..]`.
    fn stagewise(&self, from: usize, st: &State) -> f64 {
        let ns = self.o.stages;
        0.5 * self.suffix_max[from * ns..(from + 1) * ns]
            .iter()
            .zip(&st.cov)
            .map(|(v, c)| (v - c).max(0.0))
            .sum::<f64>()
            / ns as f64
    }

    fn search(&mut self, start: usize, set: &mut Vec<usize>, st: &State, mask: u64, m: usize) {
        self.nodes += 1;
        let n = self.order.len();
        if n - start < m {
            return;
        }
        let needed = self
            .rule
            .min_countries
            .saturating_sub(mask.count_ones() as usize);
        if needed > m || ((self.suffix[start] & !mask).count_ones() as usize) < needed {
            return;
        }
        let ns = self.o.stages;
        let f = self.o.value(st);
        // coverage gains ½ Σ_s (str_js − cov_s)⁺ / S, and own terms
        let cov: Vec<f64> = self.order[start..]
            .iter()
            .map(|&j| {
                let c: f64 = self
                    .o
                    .row(j)
                    .iter()
                    .zip(&st.cov)
                    .map(|(v, c)| (v - c).max(0.0))
                    .sum();
                0.5 * c / ns as f64
            })
            .collect();
        let own = self.own[start..].to_vec();
        if m == 1 {
            for i in 0..cov.len() {
                let b = self.bits[start + i];
                let v = f + cov[i] + own[i];
                if (needed == 1 && b & !mask == 0) || v <= self.best + EPS {
                    continue;
                }
                self.best = v;
                self.best_set = set.clone();
                self.best_set.push(self.order[start + i]);
            }
            return;
        }
        let bound = f + top_sum(&cov, m).min(self.stagewise(start, st)) + top_sum(&own, m);
        if bound <= self.best + EPS {
            return;
        }
        let (cov_tail, own_tail) = (tails(&cov, m - 1), tails(&own, m - 1));
        for i in 0..cov.len() {
            let child_cov = (cov[i] + cov_tail[i]).min(self.stagewise(start + i, st));
            if f + child_cov + own[i] + own_tail[i] <= self.best + EPS {
                continue;
            }
            let j = self.order[start + i];
            let mut child = st.clone();
            child.add(self.o, j);
            set.push(j);
            self.search(
                start + i + 1,
                set,
                &child,
                mask | self.bits[start + i],
                m - 1,
            );
            set.pop();
        }
    }
}

/// The optimal partnership by branch and bound (module doc). Practical for
/// `K ≤ 5` on a few hundred regions.
///
/// # Errors
/// When the sizes or the rule cannot be met.
pub fn exact(
    o: &Objective,
    rule: &Rule,
    candidates: &[usize],
    leads: &[usize],
    k: usize,
) -> Result<Proposal, ProposeError> {
    let cands = checked(rule, candidates, leads, k)?;
    let start = greedy(o, rule, candidates, leads, k);
    let places = k - leads.len();
    let lead_state = State::of(o, leads);
    let mut order = cands.clone();
    let g0: Vec<f64> = (0..o.values.len() / o.stages)
        .map(|j| o.gain(&lead_state, j))
        .collect();
    order.sort_by(|&a, &b| g0[b].total_cmp(&g0[a]).then(a.cmp(&b)));
    let bits: Vec<u64> = order.iter().map(|&r| rule.bit(r)).collect();
    let ns = o.stages;
    let mut suffix = vec![0u64; order.len() + 1];
    let mut suffix_max = vec![0.0f64; (order.len() + 1) * ns];
    for i in (0..order.len()).rev() {
        suffix[i] = suffix[i + 1] | bits[i];
        for s in 0..ns {
            suffix_max[i * ns + s] = suffix_max[(i + 1) * ns + s].max(o.row(order[i])[s]);
        }
    }
    let own: Vec<f64> = order
        .iter()
        .map(|&j| 0.5 * o.row(j).iter().sum::<f64>() / (ns * o.k) as f64)
        .collect();
    let (best, best_set) = match &start {
        Ok(p) => (p.objective, p.members.clone()),
        Err(_) => (f64::NEG_INFINITY, Vec::new()),
    };
    let mut b = Bnb {
        o,
        rule,
        order,
        bits,
        suffix,
        suffix_max,
        own,
        best,
        best_set,
        nodes: 0,
    };
    if places > 0 {
        let mut set = leads.to_vec();
        b.search(0, &mut set, &lead_state, rule.mask(leads), places);
    } else if rule.holds(leads) {
        b.best_set = leads.to_vec();
    }
    if b.best_set.is_empty() || !rule.holds(&b.best_set) {
        return Err(ProposeError::RuleUnreachable {
            min: rule.min_countries,
            available: (rule.mask(leads) | rule.mask(&cands)).count_ones() as usize,
        });
    }
    let (f, coverage, strength) = o.eval(&b.best_set);
    Ok(Proposal {
        members: b.best_set,
        objective: f,
        coverage,
        strength,
        upper_bound: f,
        nodes: b.nodes,
        method: Method::Exact,
    })
}

/// Largest `K` searched exactly by [`propose`].
pub const EXACT_MAX: usize = 5;

/// [`exact`] for `K ≤ EXACT_MAX`, else [`greedy`].
///
/// # Errors
/// When the sizes or the rule cannot be met.
pub fn propose(
    o: &Objective,
    rule: &Rule,
    candidates: &[usize],
    leads: &[usize],
    k: usize,
) -> Result<Proposal, ProposeError> {
    if k <= EXACT_MAX {
        exact(o, rule, candidates, leads, k)
    } else {
        greedy(o, rule, candidates, leads, k)
    }
}

/// Disjoint partnerships across all candidates: the best one (with the
/// leads), then the best among the regions left, and so on until fewer than
/// `K` regions are left, the rule can no longer be met, or `limit` are made.
pub fn propose_all(
    o: &Objective,
    rule: &Rule,
    candidates: &[usize],
    leads: &[usize],
    k: usize,
    limit: usize,
) -> Vec<Proposal> {
    let mut left: Vec<usize> = candidates.to_vec();
    let mut out = Vec::new();
    let mut leads = leads.to_vec();
    while out.len() < limit {
        match propose(o, rule, &left, &leads, k) {
            Ok(p) => {
                left.retain(|r| !p.members.contains(r));
                out.push(p);
                leads.clear();
            }
            Err(_) => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objective_is_half_coverage_half_mean_strength() {
        // 2 stages, K = 2: regions (0.8, 0.2) and (0.1, 0.6)
        let o = Objective::new(vec![0.8, 0.2, 0.1, 0.6], 2, 2);
        let (f, cov, st) = o.eval(&[0, 1]);
        assert!((cov - 0.7).abs() < 1e-12);
        assert!((st - 1.7 / 4.0).abs() < 1e-12);
        assert!((f - 0.5 * (0.7 + 0.425)).abs() < 1e-12);
    }

    #[test]
    fn a_members_contribution_is_what_the_objective_loses_without_it() {
        let o = Objective::new(vec![0.8, 0.2, 0.1, 0.6], 2, 2);
        let p = Proposal {
            members: vec![0, 1],
            objective: o.eval(&[0, 1]).0,
            coverage: 0.7,
            strength: 0.425,
            upper_bound: 0.0,
            nodes: 0,
            method: Method::Exact,
        };
        // f({0,1}) = 0.5625; f({1}) = 0.5·0.35 + 0.5·0.175 = 0.2625;
        // f({0}) = 0.5·0.5 + 0.5·0.25 = 0.375
        let c = p.contributions(&o);
        assert!((c[0] - 0.3).abs() < 1e-12, "{c:?}");
        assert!((c[1] - 0.1875).abs() < 1e-12, "{c:?}");
    }

    #[test]
    fn sizes_and_rule_are_checked() {
        let o = Objective::new(vec![0.5; 4], 1, 3);
        let rule = Rule {
            country: vec![Some(0), Some(1), Some(1), None],
            min_countries: 3,
        };
        assert_eq!(
            exact(&o, &rule, &[0, 1, 2, 3], &[], 3),
            Err(ProposeError::RuleUnreachable {
                min: 3,
                available: 2
            })
        );
        assert_eq!(
            exact(&o, &rule, &[0, 1], &[], 2),
            Err(ProposeError::SizeBelowRule { k: 2, min: 3 })
        );
        assert_eq!(
            greedy(&o, &rule, &[0, 1, 2, 3], &[0, 1, 2, 3], 3),
            Err(ProposeError::TooManyLeads { leads: 4, k: 3 })
        );
        assert_eq!(
            exact(&o, &rule, &[0, 1], &[], 3),
            Err(ProposeError::TooFewCandidates {
                available: 2,
                places: 3
            })
        );
        // all strengths zero: still a defined answer (objective 0)
        let zero = Objective::new(vec![0.0; 4], 1, 3);
        let two = Rule {
            min_countries: 2,
            ..rule.clone()
        };
        let p = exact(&zero, &two, &[0, 1, 2, 3], &[], 3).unwrap();
        assert_eq!(p.objective, 0.0);
        assert!(two.holds(&p.members));
    }
}

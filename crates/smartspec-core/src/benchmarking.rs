//! Structurally similar regions ("peers"), in the spirit of the S3
//! Platform's Regional Benchmarking tool (Navarro et al. 2014, S3 Working
//! Paper 03/2014): regions that share structural conditions which cannot be
//! changed in the short term, so that their experience is relevant.
//!
//! **Distance** between regions `a` and `b`:
//!
//! `d(a, b) = sqrt( Σ_k w_k (z_ak − z_bk)² / Σ_k w_k ) + w_c · (1 − cos(s_a, s_b))`
//!
//! where `z_·k` are the structural variables standardised over the regions
//! (mean 0, population sd 1), the sums run over the variables known for both
//! regions, `w_k` their weights, and `cos(s_a, s_b)` the cosine similarity of
//! the two regions' activity shares (their employment structure), weighted by
//! `w_c`. Lower is closer; `d(a, a) = 0` and `d(a, b) = d(b, a)`. Regions
//! sharing no variable are at distance NaN and never listed; with no
//! structural variable at all the distance is the cosine term alone.

/// One structural variable: name, value per region (NaN when unknown), weight.
#[derive(Debug, Clone, PartialEq)]
pub struct Variable {
    /// Name.
    pub name: String,
    /// Value per region.
    pub values: Vec<f64>,
    /// Weight in the distance.
    pub weight: f64,
}

/// A peer of the target region.
#[derive(Debug, Clone, PartialEq)]
pub struct Peer {
    /// Region id.
    pub region: usize,
    /// Distance to the target.
    pub distance: f64,
    /// Cosine similarity of the activity shares.
    pub cosine: f64,
    /// The variables where the two differ most: (name, z(peer) − z(target)),
    /// largest absolute difference first (at most three).
    pub differences: Vec<(String, f64)>,
}

fn standardise(v: &[f64]) -> Vec<f64> {
    let known: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect();
    let n = known.len() as f64;
    if n < 2.0 {
        return vec![f64::NAN; v.len()];
    }
    let m = known.iter().sum::<f64>() / n;
    let sd = (known.iter().map(|x| (x - m).powi(2)).sum::<f64>() / n).sqrt();
    v.iter()
        .map(|x| {
            if x.is_finite() && sd > 0.0 {
                (x - m) / sd
            } else if x.is_finite() {
                0.0
            } else {
                f64::NAN
            }
        })
        .collect()
}

fn cosine(a: &[f64], b: &[f64]) -> f64 {
    let (mut ab, mut aa, mut bb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        if x.is_finite() && y.is_finite() {
            ab += x * y;
            aa += x * x;
            bb += y * y;
        }
    }
    if aa > 0.0 && bb > 0.0 {
        ab / (aa * bb).sqrt()
    } else {
        0.0
    }
}

/// Standardised variables, ready for [`distance`].
pub struct Structure {
    z: Vec<Vec<f64>>,
    names: Vec<String>,
    weights: Vec<f64>,
    shares: Vec<Vec<f64>>,
    cosine_weight: f64,
}

impl Structure {
    /// Standardises the variables; `shares[r]` is region `r`'s vector of
    /// activity shares; `cosine_weight` is `w_c`.
    pub fn new(variables: &[Variable], shares: Vec<Vec<f64>>, cosine_weight: f64) -> Structure {
        Structure {
            z: variables.iter().map(|v| standardise(&v.values)).collect(),
            names: variables.iter().map(|v| v.name.clone()).collect(),
            weights: variables.iter().map(|v| v.weight).collect(),
            shares,
            cosine_weight,
        }
    }

    /// The distance between regions `a` and `b` (see the module doc).
    pub fn distance(&self, a: usize, b: usize) -> f64 {
        let (mut sum, mut w) = (0.0, 0.0);
        for (z, wk) in self.z.iter().zip(&self.weights) {
            let d = z[a] - z[b];
            if d.is_finite() {
                sum += wk * d * d;
                w += wk;
            }
        }
        let structural = if self.z.is_empty() {
            // no structural variable at all: the activity structure alone
            0.0
        } else if w <= 0.0 {
            return f64::NAN;
        } else {
            (sum / w).sqrt()
        };
        structural + self.cosine_weight * (1.0 - cosine(&self.shares[a], &self.shares[b]))
    }

    /// The `top` nearest regions to `target` among `candidate(r)`, nearest first.
    pub fn peers(&self, target: usize, top: usize, candidate: impl Fn(usize) -> bool) -> Vec<Peer> {
        let n = self.shares.len();
        let mut out: Vec<Peer> = (0..n)
            .filter(|&r| r != target && candidate(r))
            .filter_map(|r| {
                let d = self.distance(target, r);
                d.is_finite().then(|| {
                    let mut diffs: Vec<(String, f64)> = self
                        .z
                        .iter()
                        .zip(&self.names)
                        .filter_map(|(z, name)| {
                            let d = z[r] - z[target];
                            d.is_finite().then(|| (name.clone(), d))
                        })
                        .collect();
                    diffs.sort_by(|x, y| y.1.abs().total_cmp(&x.1.abs()));
                    diffs.truncate(3);
                    Peer {
                        region: r,
                        distance: d,
                        cosine: cosine(&self.shares[target], &self.shares[r]),
                        differences: diffs,
                    }
                })
            })
            .collect();
        out.sort_by(|x, y| {
            x.distance
                .total_cmp(&y.distance)
                .then(x.region.cmp(&y.region))
        });
        out.truncate(top);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> Structure {
        // four regions; region 3 duplicates region 0 (another code, same data)
        let vars = vec![
            Variable {
                name: "gdp".into(),
                values: vec![10.0, 20.0, 30.0, 10.0],
                weight: 1.0,
            },
            Variable {
                name: "pop".into(),
                values: vec![1.0, 5.0, f64::NAN, 1.0],
                weight: 2.0,
            },
        ];
        let shares = vec![
            vec![0.5, 0.5],
            vec![0.9, 0.1],
            vec![0.1, 0.9],
            vec![0.5, 0.5],
        ];
        Structure::new(&vars, shares, 1.0)
    }

    #[test]
    fn duplicates_are_nearest_distances_symmetric_self_excluded() {
        let s = toy();
        let p = s.peers(0, 10, |_| true);
        assert!(
            p.iter().all(|x| x.region != 0),
            "a region is not its own peer"
        );
        assert_eq!(p[0].region, 3);
        assert_eq!(p[0].distance, 0.0);
        for a in 0..4 {
            for b in 0..4 {
                assert_eq!(s.distance(a, b), s.distance(b, a));
            }
        }
        // hand check d(0, 1): gdp z = (10,20,30,10): mean 17.5, sd sqrt(68.75);
        // pop z over (1,5,1): mean 7/3, sd sqrt(32/9); cosine((.5,.5),(.9,.1)) = 1/sqrt(1.64)
        let zg = (20.0 - 10.0) / 68.75f64.sqrt();
        let zp = (5.0 - 1.0) / (32.0f64 / 9.0).sqrt();
        let want = ((1.0 * zg * zg + 2.0 * zp * zp) / 3.0).sqrt() + 1.0 - 1.0 / 1.64f64.sqrt();
        assert!((s.distance(0, 1) - want).abs() < 1e-12);
        // region 2 lacks pop: only gdp counts for it
        let zg2 = (30.0 - 10.0) / 68.75f64.sqrt();
        let want2 = zg2 + 1.0 - (0.5 * 0.1 + 0.5 * 0.9) / (0.5f64.sqrt() * 0.82f64.sqrt());
        assert!((s.distance(0, 2) - want2).abs() < 1e-12);
        assert_eq!(p[1].differences[0].0, "pop");
    }
}

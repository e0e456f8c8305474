//! The whole indicator pipeline for one year of a panel:
//! RCA → M → diversity/ubiquity → co-occurrence → proximity → density →
//! ECI/PCI → fitness → density and COI/COG, plus specialisation and concentration
//! indices, with the conventions chosen in [`Options`] and a note for every
//! degenerate case met.
//!
//! **Missing cells** (default `MissingRule::Exclude`): a missing cell has
//! RCA missing and `M = 0`, and is left out of the reference shares; with
//! `MissingRule::Zero` it is read as 0. **Degenerate inputs**: regions with a
//! zero total and activities with a zero total are dropped (their rows are
//! missing in every output) with a note; ECI, PCI, fitness, COI and COG are
//! computed on the regions and activities with at least one `M = 1`; if that
//! network is disconnected, they are not computed at all (no number that
//! looks valid is printed) and the note says how many components there are.

use super::complexity::{self, EciConvention, EciSign, FitnessIterations};
use super::econgeo;
use super::kernels;
use super::matrix::{Binary, Dense};
use super::outlook::{self, CogNormaliser};
use super::rca::{self, Counts};
use super::relatedness;
use super::structure;
use super::symmetric::Symmetric;
use crate::Panel;
use std::time::Instant;

/// How a missing cell enters the computation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MissingRule {
    /// RCA missing, not specialised, left out of reference shares (default).
    #[default]
    Exclude,
    /// Read as 0.
    Zero,
}

impl std::str::FromStr for MissingRule {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "exclude" => Ok(MissingRule::Exclude),
            "zero" => Ok(MissingRule::Zero),
            _ => Err(format!("unknown missing rule {s:?}: use exclude or zero")),
        }
    }
}

/// Which ECI/PCI method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EciMethod {
    /// Eigenvector, with its sign/scale convention.
    Eigenvector(EciConvention),
    /// Method of reflections: ECI from `k_r,steps`, PCI from `k_p,steps+1`,
    /// each z-scored with ddof 1 as in economic-complexity, no sign fix.
    Reflections(usize),
    /// EconGeo's `KCI`/`TCI`: eigenvectors of the matrices rounded to 4
    /// decimals, sum-normalised (see `econgeo`); dense, so limited to
    /// [`ECONGEO_MAX`] regions and activities.
    EconGeo,
}

/// Largest side of the dense EconGeo KCI/TCI computation.
pub const ECONGEO_MAX: usize = 3000;

/// Named sets of conventions matching a peer tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    /// py-ecomplexity / Stata `ecomplexity` / the Atlas: φ diagonal 1 (density
    /// includes the activity itself), density 0–1, eigenvector ECI with PCI on
    /// ECI's scale, COG normalised by the source activity, COI z-scored.
    GrowthLab,
    /// econcomplex: φ diagonal 0, density 0–100, PCI z-scored on its own and
    /// signed by ubiquity, COG normalised by the target, COI not standardised.
    Econcomplex,
    /// economic-complexity (Datawheel): φ diagonal 0, density 0–1, method of
    /// reflections (ECI `k_r,18`, PCI `k_p,19`, z-scored with ddof 1). Its
    /// `opportunity_gain` is a different indicator; COG here uses the target
    /// normaliser.
    Datawheel,
    /// EconGeo 1.3: φ diagonal 0, density 0–100, KCI/TCI (rounded matrices,
    /// sum-normalised). EconGeo has no COI/COG; the target form is used.
    EconGeo,
}

impl std::str::FromStr for Preset {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "growthlab" | "atlas" | "ecomplexity" => Ok(Preset::GrowthLab),
            "econcomplex" => Ok(Preset::Econcomplex),
            "datawheel" | "economic-complexity" => Ok(Preset::Datawheel),
            "econgeo" => Ok(Preset::EconGeo),
            _ => Err(format!(
                "unknown preset {s:?}: use growthlab, econcomplex, datawheel or econgeo"
            )),
        }
    }
}

impl Preset {
    /// The options of this preset.
    pub fn options(self) -> Options {
        let base = Options::default();
        match self {
            Preset::GrowthLab => base,
            Preset::Econcomplex => Options {
                proximity_diagonal: 0.0,
                density_scale: 100.0,
                eci: EciMethod::Eigenvector(EciConvention::Independent),
                cog: CogNormaliser::Target,
                ..base
            },
            Preset::Datawheel => Options {
                proximity_diagonal: 0.0,
                eci: EciMethod::Reflections(18),
                cog: CogNormaliser::Target,
                ..base
            },
            Preset::EconGeo => Options {
                proximity_diagonal: 0.0,
                density_scale: 100.0,
                eci: EciMethod::EconGeo,
                cog: CogNormaliser::Target,
                ..base
            },
        }
    }
}

/// Conventions of a run. The default is the Growth Lab / Atlas set
/// ([`Preset::GrowthLab`]): it reproduces py-ecomplexity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Binary RCA threshold (`M = RCA ≥ threshold`).
    pub threshold: f64,
    /// Proximity diagonal: 0 (self term excluded from density) or 1 (included, py-ecomplexity).
    pub proximity_diagonal: f64,
    /// Density scale: 1 (0–1) or 100 (EconGeo / econcomplex).
    pub density_scale: f64,
    /// ECI/PCI method.
    pub eci: EciMethod,
    /// How the eigenvector's sign is fixed (eigenvector method only; the
    /// other methods keep their peers' rules).
    pub eci_sign: EciSign,
    /// Fitness iterations.
    pub fitness: FitnessIterations,
    /// COG normaliser; `Source` also selects the Atlas un-centred PCI and
    /// z-scored COI, `Target` the econcomplex form.
    pub cog: CogNormaliser,
    /// Missing-cell rule.
    pub missing: MissingRule,
    /// The relatedness between activities: Hidalgo proximity (`None`,
    /// default) or one of EconGeo's normalisations of co-occurrence.
    pub relatedness: Option<relatedness::Normalisation>,
    /// Also compute the structure indices: specialisation per region
    /// (Krugman, Herfindahl, entropy, related/unrelated variety, density
    /// averages, ...), concentration per activity (Gini, locational Gini,
    /// Hoover, Hoover–Gini) and RCA on population (default `true`; `false`
    /// runs only the complexity pipeline RCA → M → diversity/ubiquity →
    /// proximity → density → ECI/PCI → fitness → COI/COG, as `smartspec
    /// bench` times it by default).
    pub structure_indices: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            threshold: 1.0,
            proximity_diagonal: 1.0,
            density_scale: 1.0,
            eci: EciMethod::Eigenvector(EciConvention::GrowthLab),
            eci_sign: EciSign::Diversity,
            fitness: FitnessIterations::Auto,
            cog: CogNormaliser::Source,
            missing: MissingRule::Exclude,
            relatedness: None,
            structure_indices: true,
        }
    }
}

impl Options {
    /// smartspec's own default: the Growth Lab conventions
    /// ([`Preset::GrowthLab`]) with the eigenvector oriented by income
    /// ([`EciSign::Income`]; by diversity where a year has fewer than
    /// [`complexity::MIN_ORIENTING_REGIONS`] regions with GDP per head). The
    /// presets keep their peers' sign rules, so comparisons with the peers
    /// stay exact.
    pub fn smartspec() -> Options {
        Options {
            eci_sign: EciSign::Income,
            ..Options::default()
        }
    }
}

/// Seconds spent in each stage.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StageTimes {
    /// RCA.
    pub rca_s: f64,
    /// Binary M.
    pub mcp_s: f64,
    /// Diversity and ubiquity.
    pub diversity_ubiquity_s: f64,
    /// Co-occurrence and proximity.
    pub proximity_s: f64,
    /// Density.
    pub density_s: f64,
    /// ECI and PCI.
    pub eci_pci_s: f64,
    /// Fitness–complexity.
    pub fitness_s: f64,
    /// COI and COG.
    pub coi_cog_s: f64,
}

impl std::ops::AddAssign for StageTimes {
    fn add_assign(&mut self, o: StageTimes) {
        self.rca_s += o.rca_s;
        self.mcp_s += o.mcp_s;
        self.diversity_ubiquity_s += o.diversity_ubiquity_s;
        self.proximity_s += o.proximity_s;
        self.density_s += o.density_s;
        self.eci_pci_s += o.eci_pci_s;
        self.fitness_s += o.fitness_s;
        self.coi_cog_s += o.coi_cog_s;
    }
}

/// Everything computed for one year. Vectors are indexed by the panel's
/// region and activity ids; NaN marks "not defined" (written as missing).
#[derive(Debug, Clone)]
pub struct YearIndicators {
    /// The year.
    pub year: i32,
    /// RCA (regions × activities).
    pub rca: Dense,
    /// Binary presence.
    pub m: Binary,
    /// Diversity per region (NaN for dropped regions).
    pub diversity: Vec<f64>,
    /// Ubiquity per activity (NaN for dropped activities).
    pub ubiquity: Vec<f64>,
    /// Proximity (activities × activities, packed symmetric).
    pub proximity: Symmetric,
    /// Relatedness density on the chosen scale.
    pub density: Dense,
    /// RCA on population (when a population was given).
    pub rpop: Option<Dense>,
    /// ECI per region.
    pub eci: Vec<f64>,
    /// PCI per activity.
    pub pci: Vec<f64>,
    /// The sign rule applied to the eigenvector (`None` for the other
    /// methods or when no ECI was computed), with the orienting correlation
    /// when it was income.
    pub eci_sign: Option<(EciSign, Option<crate::stats::Correlation>)>,
    /// Fitness per region.
    pub fitness: Vec<f64>,
    /// Fitness–complexity per activity.
    pub fc_complexity: Vec<f64>,
    /// Fitness iterations run.
    pub fitness_iterations: usize,
    /// COI per region.
    pub coi: Vec<f64>,
    /// COG (regions × activities).
    pub cog: Dense,
    /// Specialisation indices per region (name, values).
    pub specialisation: Vec<(&'static str, Vec<f64>)>,
    /// Concentration indices per activity (name, values).
    pub concentration: Vec<(&'static str, Vec<f64>)>,
    /// What happened to degenerate parts.
    pub notes: Vec<String>,
    /// Stage timings.
    pub times: StageTimes,
}

fn secs(t: Instant) -> f64 {
    t.elapsed().as_secs_f64()
}

/// What a year's computation needs besides the panel.
#[derive(Debug, Clone, Copy, Default)]
pub struct YearInput<'a> {
    /// Region totals (e.g. from NACE sections); row sums when `None`.
    pub totals: Option<&'a [f64]>,
    /// Each activity's coarse group (the NACE section of a division), for
    /// related and unrelated variety; not computed without it.
    pub groups: Option<&'a [usize]>,
    /// The regions forming the reference economy of RCA (the EU28 on NUTS
    /// data); every region when `None`.
    pub reference: Option<&'a [bool]>,
    /// Population per region (NaN or ≤ 0 when unknown), for RCA on
    /// population (`rpop`) and the Hoover–Gini; not computed without it.
    pub population: Option<&'a [f64]>,
    /// GDP per head per region (NaN when unknown), for
    /// [`EciSign::Income`]; the sign falls back to diversity without it.
    pub income: Option<&'a [f64]>,
}

/// Computes every indicator of year index `y`.
pub fn compute_year(
    panel: &Panel,
    y: usize,
    input: &YearInput<'_>,
    opts: &Options,
) -> YearIndicators {
    let totals = input.totals;
    let (nr, na) = (panel.regions().len(), panel.activities().len());
    let year = panel.years()[y];
    let mut notes = Vec::new();
    let values = panel.year_values(y);
    let missing: Vec<bool> = match opts.missing {
        MissingRule::Exclude => panel.year_missing(y).collect(),
        MissingRule::Zero => vec![false; nr * na],
    };
    let any_missing = missing.iter().any(|&m| m);
    let x = Counts {
        regions: nr,
        activities: na,
        values,
        missing: any_missing.then_some(&missing[..]),
    };
    let mut times = StageTimes::default();

    let t = Instant::now();
    let rca_m = rca::rca(x, totals, input.reference);
    times.rca_s = secs(t);
    let t = Instant::now();
    let m = rca::presence(&rca_m, opts.threshold);
    times.mcp_s = secs(t);

    let t = Instant::now();
    let row_tot = x.row_sums();
    let zero_regions: Vec<usize> = (0..nr).filter(|&r| !(row_tot[r] > 0.0)).collect();
    // column sums row by row (the same order of additions per column as a
    // column walk, without its strided reads)
    let mut col_tot = vec![0.0; na];
    for (row, miss) in values.chunks_exact(na).zip(missing.chunks_exact(na)) {
        for ((t, v), m) in col_tot.iter_mut().zip(row).zip(miss) {
            if !m {
                *t += v;
            }
        }
    }
    let zero_acts: Vec<usize> = (0..na).filter(|&a| !(col_tot[a] > 0.0)).collect();
    if !zero_regions.is_empty() {
        notes.push(format!(
            "{year}: {} region(s) with no positive value dropped",
            zero_regions.len()
        ));
    }
    if !zero_acts.is_empty() {
        notes.push(format!(
            "{year}: {} activity(ies) with no positive value dropped",
            zero_acts.len()
        ));
    }
    let mut diversity = m.row_sums();
    let mut ubiquity = m.col_sums();
    zero_regions.iter().for_each(|&r| diversity[r] = f64::NAN);
    zero_acts.iter().for_each(|&a| ubiquity[a] = f64::NAN);
    times.diversity_ubiquity_s = secs(t);

    let t = Instant::now();
    let proximity = match opts.relatedness {
        None => relatedness::proximity_packed(&m, opts.proximity_diagonal),
        Some(method) => {
            // EconGeo: normalise the co-occurrence matrix (diagonal 0); the
            // result is symmetric, stored packed like proximity
            let r = relatedness::normalise(&relatedness::cooccurrence(&m), method);
            Symmetric::from_upper(na, |i, j| {
                if i == j {
                    opts.proximity_diagonal
                } else {
                    r.get(i, j)
                }
            })
        }
    };
    times.proximity_s = secs(t);

    // complexity on the regions and activities with at least one M = 1
    let keep_r: Vec<usize> = (0..nr).filter(|&r| !m.row(r).is_empty()).collect();
    let keep_a: Vec<usize> = (0..na).filter(|&a| !m.col(a).is_empty()).collect();
    let dropped = (
        nr - keep_r.len() - zero_regions.len(),
        na - keep_a.len() - zero_acts.len(),
    );
    if dropped.0 > 0 || dropped.1 > 0 {
        notes.push(format!(
            "{year}: {} region(s) specialised in nothing and {} activity(ies) in which no region is specialised have no ECI/PCI/fitness",
            dropped.0, dropped.1
        ));
    }
    let core = m.select(&keep_r, &keep_a);
    let (n_comp, _, _) = complexity::components(&core);
    let mut eci = vec![f64::NAN; nr];
    let mut pci = vec![f64::NAN; na];
    let mut fitness = vec![f64::NAN; nr];
    let mut fc = vec![f64::NAN; na];
    let mut fitness_iterations = 0;
    let mut eci_sign = None;
    // PCI as COI/COG use it, over all activities (0 where undefined)
    let mut pci_outlook: Option<Vec<f64>> = None;
    if core.rows < 2 || core.cols < 2 {
        notes.push(format!(
            "{year}: fewer than 2 regions or activities with M = 1: no complexity indicators"
        ));
    } else if n_comp > 1 {
        notes.push(format!(
            "{year}: the region-activity network has {n_comp} disconnected components; ECI, PCI, COI and COG are undefined across components and are not reported"
        ));
    } else {
        let t = Instant::now();
        let (e, p, pu) = match opts.eci {
            EciMethod::Eigenvector(conv) => {
                let mut r = complexity::eci_pci(&core, conv);
                eci_sign = Some((EciSign::Diversity, None));
                if opts.eci_sign == EciSign::Income {
                    let by: Vec<f64> = match input.income {
                        Some(inc) => keep_r.iter().map(|&r| inc[r]).collect(),
                        None => Vec::new(),
                    };
                    match complexity::orient(&mut r, conv, &by) {
                        Some(c) => eci_sign = Some((EciSign::Income, Some(c))),
                        None => notes.push(format!(
                            "{year}: fewer than {} regions with GDP per head: ECI oriented by diversity",
                            complexity::MIN_ORIENTING_REGIONS
                        )),
                    }
                }
                let pu: Vec<f64> = match opts.cog {
                    CogNormaliser::Source => {
                        let mc = r.kc.iter().sum::<f64>() / r.kc.len() as f64;
                        let sd = (r.kc.iter().map(|x| (x - mc).powi(2)).sum::<f64>()
                            / r.kc.len() as f64)
                            .sqrt();
                        r.kp.iter().map(|x| r.sign * x / sd).collect()
                    }
                    CogNormaliser::Target => r.pci.clone(),
                };
                (r.eci, r.pci, pu)
            }
            EciMethod::Reflections(steps) => {
                let (kc, _) = complexity::reflections(&core, steps, false);
                let (_, kp) = complexity::reflections(&core, steps + 1, false);
                let (e, p) = (complexity::zscore(&kc, 1.0), complexity::zscore(&kp, 1.0));
                let pu = p.clone();
                (e, p, pu)
            }
            EciMethod::EconGeo if core.rows.max(core.cols) > ECONGEO_MAX => {
                notes.push(format!("{year}: EconGeo KCI/TCI is dense and limited to {ECONGEO_MAX} regions and activities; not computed"));
                (
                    vec![f64::NAN; core.rows],
                    vec![f64::NAN; core.cols],
                    vec![0.0; core.cols],
                )
            }
            EciMethod::EconGeo => match (econgeo::kci(&core), econgeo::tci(&core)) {
                (Some(k), Some(t)) => {
                    let pu = t.clone();
                    (k, t, pu)
                }
                _ => {
                    notes.push(format!(
                        "{year}: the rounded EconGeo matrix is singular; KCI/TCI not computed"
                    ));
                    (
                        vec![f64::NAN; core.rows],
                        vec![f64::NAN; core.cols],
                        vec![0.0; core.cols],
                    )
                }
            },
        };
        let mut full = vec![0.0; na];
        for (i, &r) in keep_r.iter().enumerate() {
            eci[r] = e[i];
        }
        for (i, &a) in keep_a.iter().enumerate() {
            pci[a] = p[i];
            full[a] = pu[i];
        }
        pci_outlook = Some(full);
        times.eci_pci_s = secs(t);

        let t = Instant::now();
        let f = complexity::fitness(&core, opts.fitness);
        fitness_iterations = f.iterations;
        for (i, &r) in keep_r.iter().enumerate() {
            fitness[r] = f.fitness[i];
        }
        for (i, &a) in keep_a.iter().enumerate() {
            fc[a] = f.complexity[i];
        }
        if opts.fitness == FitnessIterations::Auto && f.last_change >= 1e-10 {
            notes.push(format!(
                "{year}: fitness did not converge in {} iterations (last relative change {:.2e})",
                f.iterations, f.last_change
            ));
        }
        times.fitness_s = secs(t);
    }

    // density and COG in one fused pass over φ (`kernels`)
    let t = Instant::now();
    let strength = proximity.row_sums();
    let w: Vec<f64> = match (&pci_outlook, opts.cog) {
        (Some(pu), CogNormaliser::Source) => pu
            .iter()
            .zip(&strength)
            .map(|(c, s)| if *s > 0.0 { c / s } else { 0.0 })
            .collect(),
        (Some(pu), CogNormaliser::Target) => pu.clone(),
        (None, _) => vec![0.0; na],
    };
    let columns = kernels::Columns::new(&strength, opts.cog == CogNormaliser::Target);
    let (mut density, cog) = kernels::density_and_cog(&m, &proximity, &w, &columns);
    times.density_s = secs(t);

    let t = Instant::now();
    let mut coi = vec![f64::NAN; nr];
    let cog = match &pci_outlook {
        Some(pu) => {
            let raw_coi = outlook::coi(&m, &density, pu);
            let coi_keep: Vec<f64> = keep_r.iter().map(|&r| raw_coi[r]).collect();
            let coi_out = match opts.cog {
                CogNormaliser::Source => complexity::zscore(&coi_keep, 0.0),
                CogNormaliser::Target => coi_keep,
            };
            for (i, &r) in keep_r.iter().enumerate() {
                coi[r] = coi_out[i];
            }
            let mut c = cog;
            for r in (0..nr).filter(|&r| m.row(r).is_empty()) {
                c.data[r * na..(r + 1) * na]
                    .iter_mut()
                    .for_each(|v| *v = f64::NAN);
            }
            c
        }
        None => {
            let mut c = cog;
            c.data.fill(f64::NAN);
            c
        }
    };
    times.coi_cog_s = secs(t);

    if opts.density_scale != 1.0 {
        density
            .data
            .iter_mut()
            .for_each(|v| *v *= opts.density_scale);
    }
    for &r in &zero_regions {
        density.data[r * na..(r + 1) * na]
            .iter_mut()
            .for_each(|v| *v = f64::NAN);
    }

    let (specialisation, concentration, rpop) = if opts.structure_indices {
        let structure = structure::Structure {
            x,
            rca: &rca_m,
            m: &m,
            density: &density,
            missing: &missing,
            row_tot: &row_tot,
        };
        structure.indices(input)
    } else {
        (Vec::new(), Vec::new(), None)
    };

    YearIndicators {
        year,
        rca: rca_m,
        m,
        diversity,
        ubiquity,
        proximity,
        density,
        rpop,
        eci,
        pci,
        eci_sign,
        fitness,
        fc_complexity: fc,
        fitness_iterations,
        coi,
        cog,
        specialisation,
        concentration,
        notes,
        times,
    }
}

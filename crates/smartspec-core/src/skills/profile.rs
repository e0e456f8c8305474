//! The skills assessment of every region, and one region's profile.

use super::demand::{bootstrap, fit, interval, predict, Fit};
use super::nnls::LsqError;
use super::sectors::{a10_name, a10_of_nace};
use super::{SkillsInputs, GAP_THRESHOLD};
use crate::innovation::EuSource;

/// Options of [`assess`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SkillsOptions {
    /// Bootstrap draws.
    pub draws: usize,
    /// Bootstrap seed.
    pub seed: u64,
    /// Interval level.
    pub level: f64,
    /// Fewest regions a year's regression needs.
    pub min_regions: usize,
}

impl Default for SkillsOptions {
    fn default() -> Self {
        SkillsOptions {
            draws: 1000,
            seed: 42,
            level: 0.95,
            min_regions: 30,
        }
    }
}

/// Why the assessment cannot run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SkillsError {
    /// The year is not in the inputs.
    #[error("year {0} is not in the skills data")]
    Year(i32),
    /// Too few regions with sector shares and education in the year.
    #[error("{year}: only {n} regions have both sector shares and education data (at least {min} needed)")]
    TooFewRegions {
        /// Year.
        year: i32,
        /// Regions available.
        n: usize,
        /// Regions needed.
        min: usize,
    },
    /// The solver refused the data.
    #[error("regression: {0}")]
    Solver(String),
}

impl From<LsqError> for SkillsError {
    fn from(e: LsqError) -> Self {
        SkillsError::Solver(e.to_string())
    }
}

/// The skills assessment of every region.
#[derive(Debug, Clone, PartialEq)]
pub struct SkillsAssessment {
    /// The inputs.
    pub inputs: SkillsInputs,
    /// Index of the reference year.
    pub y: usize,
    /// Fit of every year (`None`: too few regions).
    pub fits: Vec<Option<Fit>>,
    /// Bootstrap draws of `β` in the reference year.
    pub draws: Vec<Vec<f64>>,
    /// Intervals of `β` in the reference year.
    pub intervals: Vec<(f64, f64)>,
    /// Options used.
    pub options: SkillsOptions,
}

fn sample(inputs: &SkillsInputs, y: usize) -> (Vec<Vec<f64>>, Vec<f64>) {
    inputs.data[y]
        .iter()
        .filter(|d| d.exact)
        .filter_map(|d| Some((d.shares.clone()?, d.tertiary_employment?)))
        .unzip()
}

/// Fits every year and bootstraps the reference `year`.
pub fn assess(
    inputs: SkillsInputs,
    year: i32,
    options: &SkillsOptions,
) -> Result<SkillsAssessment, SkillsError> {
    let y = inputs
        .years
        .iter()
        .position(|&v| v == year)
        .ok_or(SkillsError::Year(year))?;
    let fits: Vec<Option<Fit>> = (0..inputs.years.len())
        .map(|yi| {
            let (x, t) = sample(&inputs, yi);
            if t.len() < options.min_regions {
                Ok(None)
            } else {
                fit(&x, &t).map(Some)
            }
        })
        .collect::<Result<_, LsqError>>()?;
    let (x, t) = sample(&inputs, y);
    if fits[y].is_none() {
        return Err(SkillsError::TooFewRegions {
            year,
            n: t.len(),
            min: options.min_regions,
        });
    }
    let draws = bootstrap(&x, &t, options.draws, options.seed)?;
    let intervals = (0..inputs.sectors.len())
        .map(|j| interval(&draws, options.level, |d| d[j]))
        .collect();
    Ok(SkillsAssessment {
        inputs,
        y,
        fits,
        draws,
        intervals,
        options: *options,
    })
}

/// One supply indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct SupplyLine {
    /// Name.
    pub name: &'static str,
    /// Dataset.
    pub dataset: &'static str,
    /// Value, %.
    pub value: Option<f64>,
    /// Change since `since`, percentage points.
    pub change: Option<f64>,
    /// The year the change is measured from (up to five years earlier).
    pub since: Option<i32>,
    /// EU value, %.
    pub eu: Option<f64>,
    /// Where the EU value comes from.
    pub eu_source: EuSource,
}

/// One sector of the region's mix.
#[derive(Debug, Clone, PartialEq)]
pub struct SectorLine {
    /// A*10 code.
    pub code: String,
    /// Plain name.
    pub name: &'static str,
    /// Share of the region's employment 25–64, %.
    pub share: Option<f64>,
    /// The EU's share, %.
    pub eu_share: Option<f64>,
    /// Tertiary intensity `β`, %.
    pub intensity: f64,
    /// Its bootstrap interval, %.
    pub interval: (f64, f64),
    /// The region's employment in the sector was estimated.
    pub estimated: bool,
}

/// Surplus, in line or deficit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// More educated than the mix needs.
    Surplus,
    /// Within ±3 points.
    InLine,
    /// Less educated than the mix needs.
    Deficit,
}

impl Verdict {
    /// From a gap in percentage points.
    pub fn of(gap: f64) -> Verdict {
        if gap > GAP_THRESHOLD {
            Verdict::Surplus
        } else if gap < -GAP_THRESHOLD {
            Verdict::Deficit
        } else {
            Verdict::InLine
        }
    }

    /// Lower-case name.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Surplus => "surplus",
            Verdict::InLine => "in line",
            Verdict::Deficit => "deficit",
        }
    }
}

/// One region's skills profile (percent and percentage points).
#[derive(Debug, Clone, PartialEq)]
pub struct SkillsProfile {
    /// Region code.
    pub region: String,
    /// Reference year.
    pub year: i32,
    /// Supply indicators.
    pub supply: Vec<SupplyLine>,
    /// The sector mix with each sector's tertiary intensity.
    pub sectors: Vec<SectorLine>,
    /// Tertiary share of employment 25–64, %.
    pub actual: Option<f64>,
    /// Expected from the sector mix, %.
    pub expected: Option<f64>,
    /// Bootstrap interval of the expected share, %.
    pub expected_interval: Option<(f64, f64)>,
    /// `actual − expected`, points.
    pub gap: Option<f64>,
    /// The gap in every year it is known.
    pub gap_history: Vec<(i32, f64)>,
    /// Least-squares slope of the gap, points per year (≥ 3 years).
    pub gap_trend: Option<f64>,
    /// The verdict.
    pub verdict: Option<Verdict>,
    /// Plain-language explanation.
    pub sentences: Vec<String>,
    /// Inputs the region lacks.
    pub missing: Vec<String>,
    /// Regions in the reference year's regression.
    pub regression_regions: usize,
    /// R² of the reference year's regression.
    pub r2: f64,
    /// Bootstrap draws.
    pub draws: usize,
}

/// How a candidate activity's sector compares with the region's supply.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityFit {
    /// The NACE code asked.
    pub activity: String,
    /// Its A*10 sector.
    pub sector: &'static str,
    /// The sector's tertiary intensity, %.
    pub intensity: f64,
    /// The region's tertiary share of the active population 25–64, %.
    pub supply: Option<f64>,
    /// The sector asks for more graduates than the region supplies.
    pub asks_more: Option<bool>,
}

fn pct(x: Option<f64>) -> Option<f64> {
    x.map(|v| 100.0 * v)
}

fn slope(points: &[(i32, f64)]) -> Option<f64> {
    if points.len() < 3 {
        return None;
    }
    let n = points.len() as f64;
    let mx = points.iter().map(|p| f64::from(p.0)).sum::<f64>() / n;
    let my = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (f64::from(p.0) - mx).powi(2)).sum();
    let sxy: f64 = points
        .iter()
        .map(|p| (f64::from(p.0) - mx) * (p.1 - my))
        .sum();
    (sxx > 0.0).then(|| sxy / sxx)
}

impl SkillsAssessment {
    /// The reference year.
    pub fn year(&self) -> i32 {
        self.inputs.years[self.y]
    }

    /// The id of a region code.
    pub fn region_id(&self, code: &str) -> Option<usize> {
        self.inputs.regions.iter().position(|r| r == code)
    }

    /// Expected tertiary share (fraction) of region `r` in year index `y`.
    pub fn expected(&self, y: usize, r: usize) -> Option<f64> {
        let f = self.fits[y].as_ref()?;
        Some(predict(&f.coef, self.inputs.data[y][r].shares.as_ref()?))
    }

    /// Gap (points) of region `r` in year index `y`.
    pub fn gap(&self, y: usize, r: usize) -> Option<f64> {
        Some(100.0 * (self.inputs.data[y][r].tertiary_employment? - self.expected(y, r)?))
    }

    fn supply_line(
        &self,
        name: &'static str,
        dataset: &'static str,
        get: impl Fn(usize) -> Option<f64>,
        eu: Option<f64>,
        eu_source: EuSource,
    ) -> SupplyLine {
        let y = self.y;
        let year = self.year();
        let value = get(y);
        let earlier = (0..y)
            .filter(|&yi| self.inputs.years[yi] >= year - 5)
            .find_map(|yi| get(yi).map(|v| (self.inputs.years[yi], v)));
        SupplyLine {
            name,
            dataset,
            value,
            change: value.zip(earlier).map(|(v, (_, e))| v - e),
            since: earlier.filter(|_| value.is_some()).map(|(yr, _)| yr),
            eu,
            eu_source,
        }
    }

    /// Region `r`'s profile.
    pub fn profile(&self, r: usize) -> SkillsProfile {
        let (y, inputs) = (self.y, &self.inputs);
        let d = &inputs.data[y][r];
        let eu = &inputs.eu[y];
        let data = |yi: usize| &inputs.data[yi][r];
        let level = |i: usize| move |yi: usize| data(yi).attainment.map(|a| 100.0 * a[i]);
        let eu_level = |i: usize| eu.attainment.map(|a| 100.0 * a[i]);
        let supply = vec![
            self.supply_line(
                "active population 25-64 with low education (ISCED 0-2)",
                "lfst_r_lfp2acedu",
                level(0),
                eu_level(0),
                EuSource::Published,
            ),
            self.supply_line(
                "active population 25-64 with medium education (ISCED 3-4)",
                "lfst_r_lfp2acedu",
                level(1),
                eu_level(1),
                EuSource::Published,
            ),
            self.supply_line(
                "active population 25-64 with tertiary education (ISCED 5-8)",
                "lfst_r_lfp2acedu",
                level(2),
                eu_level(2),
                EuSource::Published,
            ),
            self.supply_line(
                "employed 25-64 with tertiary education",
                "lfst_r_lfe2eedu",
                |yi| pct(data(yi).tertiary_employment),
                pct(eu.tertiary_employment),
                EuSource::Published,
            ),
            self.supply_line(
                "human resources in science and technology, % of population",
                "hrst_st_rcat",
                |yi| data(yi).hrst,
                eu.hrst,
                EuSource::Published,
            ),
            self.supply_line(
                "adults 25-64 in education or training (last 4 weeks)",
                "trng_lfse_04",
                |yi| data(yi).lll,
                eu.lll.map(|l| l.0),
                eu.lll.map_or(EuSource::PopulationWeighted, |l| l.1),
            ),
        ];
        let coef = self.fits[y]
            .as_ref()
            .map(|f| f.coef.clone())
            .unwrap_or_default();
        let sectors: Vec<SectorLine> = inputs
            .sectors
            .iter()
            .enumerate()
            .map(|(j, code)| SectorLine {
                code: code.clone(),
                name: a10_name(code).unwrap_or(""),
                share: d.shares.as_ref().map(|s| 100.0 * s[j]),
                eu_share: eu.shares.as_ref().map(|s| 100.0 * s[j]),
                intensity: 100.0 * coef.get(j).copied().unwrap_or(f64::NAN),
                interval: (100.0 * self.intervals[j].0, 100.0 * self.intervals[j].1),
                estimated: d.estimated.contains(&j),
            })
            .collect();
        let expected = self.expected(y, r);
        let expected_interval = d
            .shares
            .as_ref()
            .map(|s| interval(&self.draws, self.options.level, |b| predict(b, s)))
            .filter(|(lo, hi)| lo.is_finite() && hi.is_finite())
            .map(|(lo, hi)| (100.0 * lo, 100.0 * hi));
        let gap_history: Vec<(i32, f64)> = (0..=y)
            .filter_map(|yi| self.gap(yi, r).map(|g| (inputs.years[yi], g)))
            .collect();
        let gap = self.gap(y, r);
        let mut missing = Vec::new();
        if d.shares.is_none() {
            missing.push("employment by sector (lfst_r_lfe2en2)".to_string());
        }
        if d.tertiary_employment.is_none() {
            missing.push("employment by education (lfst_r_lfe2eedu)".to_string());
        }
        for s in &supply {
            if s.value.is_none() {
                missing.push(format!("{} ({})", s.name, s.dataset));
            }
        }
        let mut p = SkillsProfile {
            region: inputs.regions[r].clone(),
            year: self.year(),
            supply,
            sectors,
            actual: pct(d.tertiary_employment),
            expected: pct(expected),
            expected_interval,
            gap,
            gap_trend: slope(&gap_history),
            gap_history,
            verdict: gap.map(Verdict::of),
            sentences: Vec::new(),
            missing,
            regression_regions: self.fits[y].as_ref().map_or(0, |f| f.n),
            r2: self.fits[y].as_ref().map_or(f64::NAN, |f| f.r2),
            draws: self.draws.len(),
        };
        p.sentences = super::explain::sentences(&p);
        p
    }
}

impl SkillsProfile {
    /// How the sector of NACE `activity` (a division such as `C29`)
    /// compares with the region's tertiary supply; `None` for a code that
    /// is not a NACE division, group, class or section.
    pub fn activity_fit(&self, activity: &str) -> Option<ActivityFit> {
        let sector = a10_of_nace(activity)?;
        let line = self.sectors.iter().find(|s| s.code == sector)?;
        let supply = self.supply.get(2).and_then(|s| s.value);
        Some(ActivityFit {
            activity: activity.to_string(),
            sector,
            intensity: line.intensity,
            supply,
            asks_more: supply.map(|s| line.intensity > s),
        })
    }
}

/// One region's profile in `year` (assesses every region: the regression
/// needs them all). `Ok(None)` when `region` is not among the inputs.
pub fn profile(
    inputs: SkillsInputs,
    region: &str,
    year: i32,
    options: &SkillsOptions,
) -> Result<Option<SkillsProfile>, SkillsError> {
    let a = assess(inputs, year, options)?;
    Ok(a.region_id(region).map(|r| a.profile(r)))
}

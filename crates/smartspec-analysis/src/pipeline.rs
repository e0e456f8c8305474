//! The indicator pipeline of a dataset, one year at a time, computed once.
//!
//! An [`Analysis`] holds a [`Dataset`] and the pipeline options
//! (smartspec's default, `Options::smartspec`: the Growth Lab conventions
//! with the ECI oriented by income, unless a command's flags say otherwise). The pipeline of
//! a year (`smartspec_core::indicators::pipeline::compute_year`: RCA,
//! presence, proximity, density, ECI/PCI, fitness, COI/COG, specialisation
//! and concentration) reads the dataset's region totals
//! ([`Dataset::totals`]), the reference area of RCA ([`Dataset::reference`]),
//! the NACE section groups of related variety and the population of RCA on
//! population; it runs on first use and is kept, so every command and
//! endpoint that asks for a year sees the same numbers. The innovation and
//! skills assessments and the screening are kept the same way
//! ([`crate::innovation`], [`crate::skills`], [`crate::screening`]), and
//! so is the external validity of each year's complexity
//! ([`crate::validity`]).

use crate::Dataset;
use rayon::prelude::*;
use smartspec_core::indicators::pipeline::{compute_year, Options, YearIndicators, YearInput};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// A dataset with its computed results.
pub struct Analysis {
    dataset: Arc<Dataset>,
    opts: Options,
    years: Vec<OnceLock<Arc<YearIndicators>>>,
    pub(crate) innovation: Memo<smartspec_core::innovation::Assessment>,
    pub(crate) skills: Memo<smartspec_core::skills::SkillsAssessment>,
    pub(crate) screening: Memo<crate::screening::Screening>,
    pub(crate) validity: Memo<crate::validity::Validity>,
    pub(crate) feasibility: OnceLock<crate::entry::Feasibility>,
    pub(crate) skills_inputs: OnceLock<Arc<smartspec_core::skills::SkillsInputs>>,
}

/// Results kept per year.
pub(crate) struct Memo<T>(Mutex<HashMap<i32, Arc<T>>>);

impl<T> Memo<T> {
    fn new() -> Self {
        Memo(Mutex::new(HashMap::new()))
    }

    /// The value of `year`, computing it (outside the lock) on a miss.
    pub(crate) fn get<E>(&self, year: i32, f: impl FnOnce() -> Result<T, E>) -> Result<Arc<T>, E> {
        if let Some(t) = self.0.lock().unwrap_or_else(|e| e.into_inner()).get(&year) {
            return Ok(t.clone());
        }
        let t = Arc::new(f()?);
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        Ok(map.entry(year).or_insert(t).clone())
    }
}

impl Analysis {
    /// `dataset` with smartspec's default conventions
    /// ([`Options::smartspec`]: the Growth Lab set, ECI oriented by income).
    pub fn new(dataset: Arc<Dataset>) -> Analysis {
        Analysis::with_options(dataset, Options::smartspec())
    }

    /// `dataset` with the given pipeline options.
    pub fn with_options(dataset: Arc<Dataset>, opts: Options) -> Analysis {
        let n = dataset.panel().years().len();
        Analysis {
            dataset,
            opts,
            years: (0..n).map(|_| OnceLock::new()).collect(),
            innovation: Memo::new(),
            skills: Memo::new(),
            screening: Memo::new(),
            validity: Memo::new(),
            feasibility: OnceLock::new(),
            skills_inputs: OnceLock::new(),
        }
    }

    /// The embedded data with the default conventions (shared, computed once).
    pub fn embedded() -> &'static Analysis {
        static A: OnceLock<Analysis> = OnceLock::new();
        A.get_or_init(|| Analysis::new(Dataset::embedded()))
    }

    /// The dataset.
    pub fn dataset(&self) -> &Dataset {
        &self.dataset
    }

    /// The shared dataset.
    pub fn dataset_arc(&self) -> Arc<Dataset> {
        self.dataset.clone()
    }

    /// The pipeline options.
    pub fn options(&self) -> &Options {
        &self.opts
    }

    /// The RCA threshold of the options.
    pub fn threshold(&self) -> f64 {
        self.opts.threshold
    }

    /// The pipeline's results for year index `y` (computed once).
    pub fn year(&self, y: usize) -> Arc<YearIndicators> {
        self.years[y]
            .get_or_init(|| Arc::new(compute(&self.dataset, y, &self.opts)))
            .clone()
    }

    /// Several years, computed in parallel where not yet known, in the
    /// order of `ys`; `done` is called after each.
    pub fn years(&self, ys: &[usize], done: &(dyn Fn() + Sync)) -> Vec<Arc<YearIndicators>> {
        ys.par_iter()
            .map(|&y| {
                let r = self.year(y);
                done();
                r
            })
            .collect()
    }
}

impl Analysis {
    /// The pipelines of `ys` (computed in parallel where not yet known),
    /// owned, in the order of `ys`: for writers that consume them without a
    /// second copy in memory.
    pub fn into_years(self, ys: &[usize], done: &(dyn Fn() + Sync)) -> Vec<YearIndicators> {
        drop(self.years(ys, done));
        let mut cells: Vec<Option<Arc<YearIndicators>>> =
            self.years.into_iter().map(OnceLock::into_inner).collect();
        ys.iter()
            .filter_map(|&y| {
                let arc = cells[y].take()?;
                Some(Arc::try_unwrap(arc).unwrap_or_else(|a| (*a).clone()))
            })
            .collect()
    }
}

/// One year of the dataset through the pipeline (uncached; see
/// [`Analysis::year`]). Region totals are passed when the dataset has its own
/// NACE sections; otherwise the pipeline's row sums are the totals.
pub fn compute(ds: &Dataset, y: usize, opts: &Options) -> YearIndicators {
    let panel = ds.panel();
    let year = panel.years()[y];
    let totals = ds.has_native_sections().then(|| ds.total_values(year));
    let pop = ds.population(year);
    let income = ds.gdp_per_head(year);
    let input = YearInput {
        totals: totals.as_deref(),
        groups: ds.section_groups(),
        reference: ds.reference().mask.as_deref(),
        population: pop.as_deref(),
        income: income.as_deref(),
    };
    compute_year(panel, y, &input, opts)
}

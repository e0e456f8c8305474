//! The innovation composite with its 1,000-draw Monte Carlo, and the skills
//! regression with its 1,000-draw bootstrap, on the embedded data (2015).
//!
//! `cargo bench -p smartspec-analysis --bench innovation`

use smartspec_analysis::context_inputs::{innovation_inputs, skills_inputs};
use smartspec_analysis::Dataset;
use smartspec_core::innovation::{assess, AssessOptions, InnovationInputs};
use smartspec_core::skills::{self, SkillsInputs, SkillsOptions};

fn embedded_innovation_inputs(year: i32) -> InnovationInputs {
    innovation_inputs(&Dataset::embedded(), year)
}

fn embedded_skills_inputs() -> SkillsInputs {
    skills_inputs(&Dataset::embedded())
}

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 10)]
fn inputs_innovation_2015() -> usize {
    embedded_innovation_inputs(2015).indicators.len()
}

#[divan::bench(sample_count = 10)]
fn composite_and_monte_carlo_1000(bencher: divan::Bencher) {
    let inputs = embedded_innovation_inputs(2015);
    bencher.bench(|| assess(inputs.clone(), &AssessOptions::default()).scored);
}

#[divan::bench(sample_count = 10)]
fn skills_regression_and_bootstrap_1000(bencher: divan::Bencher) {
    let inputs = embedded_skills_inputs();
    bencher.bench(|| {
        skills::assess(inputs.clone(), 2015, &SkillsOptions::default())
            .map(|a| a.draws.len())
            .unwrap_or(0)
    });
}

//! The innovation composite with its 1,000-draw Monte Carlo, and the skills
//! regression with its 1,000-draw bootstrap, on the embedded data (2015).
//!
//! `cargo bench -p smartspec-io --bench innovation`

use smartspec_core::innovation::{assess, AssessOptions};
use smartspec_core::skills::{self, SkillsOptions};
use smartspec_io::context_inputs::{embedded_innovation_inputs, embedded_skills_inputs};

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

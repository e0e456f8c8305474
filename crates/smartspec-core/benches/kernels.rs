//! One benchmark per kernel of the indicator pipeline, on a seeded synthetic
//! nested panel of 1,000 regions × 5,000 activities (one year, 25 % positive
//! cells), the peers' largest benchmark size.
//!
//! `cargo bench -p smartspec-core --bench kernels`

use smartspec_core::indicators::complexity::{eci_pci, fitness, EciConvention, FitnessIterations};
use smartspec_core::indicators::kernels::{density_and_cog, Columns};
use smartspec_core::indicators::matrix::Binary;
use smartspec_core::indicators::rca::{presence, rca, Counts};
use smartspec_core::indicators::relatedness::proximity_packed;
use smartspec_core::synthetic::nested_panel;
use smartspec_core::Panel;
use std::sync::OnceLock;

fn main() {
    divan::main();
}

fn panel() -> &'static Panel {
    static P: OnceLock<Panel> = OnceLock::new();
    P.get_or_init(|| nested_panel(1000, 5000, 1, 42, 0.25))
}

fn counts() -> Counts<'static> {
    let p = panel();
    Counts {
        regions: p.regions().len(),
        activities: p.activities().len(),
        values: p.year_values(0),
        missing: None,
    }
}

fn m() -> &'static Binary {
    static M: OnceLock<Binary> = OnceLock::new();
    M.get_or_init(|| presence(&rca(counts(), None, None), 1.0))
}

#[divan::bench(sample_count = 5)]
fn rca_and_presence() -> usize {
    presence(&rca(counts(), None, None), 1.0).nnz()
}

#[divan::bench(sample_count = 5)]
fn proximity_bitsets() -> usize {
    proximity_packed(m(), 1.0).n()
}

#[divan::bench(sample_count = 5)]
fn density_and_cog_fused(bencher: divan::Bencher) {
    let phi = proximity_packed(m(), 1.0);
    let w: Vec<f64> = (0..phi.n()).map(|q| (q % 7) as f64 - 3.0).collect();
    let columns = Columns::new(&phi.row_sums(), false);
    bencher.bench(|| density_and_cog(m(), &phi, &w, &columns).0.rows);
}

#[divan::bench(sample_count = 5)]
fn eci_pci_lanczos() -> f64 {
    eci_pci(m(), EciConvention::GrowthLab).lambda
}

#[divan::bench(sample_count = 5)]
fn fitness_20_iterations() -> usize {
    fitness(m(), FitnessIterations::Fixed(20)).iterations
}

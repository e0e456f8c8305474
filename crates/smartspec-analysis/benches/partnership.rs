//! `partnership propose` on the embedded data: the exact branch and bound
//! for K = 5 (and the greedy for K = 8) over the 281 NUTS-2 regions with
//! data in 2014, for each seed theme.
//!
//! `cargo bench -p smartspec-analysis --bench partnership`

use smartspec_analysis::themes::{stage_data, vocabulary};
use smartspec_analysis::Dataset;
use smartspec_core::partnership::{exact, greedy, stage_strengths, Objective, Rule, Strengths};
use smartspec_io::embedded::default_panel;
use smartspec_io::nuts::{eu28_index, eu28_mask};
use smartspec_io::themes::{seed_themes, SEED_IDS};

fn main() {
    divan::main();
}

fn strengths(id: &str) -> Strengths {
    let themes = seed_themes(&vocabulary(&Dataset::embedded())).expect("seed themes");
    let theme = themes.iter().find(|t| t.id == id).expect("theme");
    let panel = default_panel();
    let reference = eu28_mask(panel.regions().iter());
    stage_strengths(
        &stage_data(&Dataset::embedded(), theme, 2014),
        Some(&reference),
    )
}

fn rule() -> Rule {
    Rule {
        country: default_panel().regions().iter().map(eu28_index).collect(),
        min_countries: 3,
    }
}

#[divan::bench(args = SEED_IDS, sample_count = 10)]
fn propose_exact_k5(bencher: divan::Bencher, theme: &str) {
    let st = strengths(theme);
    let cands: Vec<usize> = (0..st.regions).filter(|&r| st.has_data(r)).collect();
    let (o, rule) = (Objective::from_strengths(&st, 5), rule());
    bencher.bench(|| exact(&o, &rule, &cands, &[], 5).map(|p| p.nodes));
}

#[divan::bench(args = SEED_IDS, sample_count = 10)]
fn propose_greedy_k8(bencher: divan::Bencher, theme: &str) {
    let st = strengths(theme);
    let cands: Vec<usize> = (0..st.regions).filter(|&r| st.has_data(r)).collect();
    let (o, rule) = (Objective::from_strengths(&st, 8), rule());
    bencher.bench(|| greedy(&o, &rule, &cands, &[], 8).map(|p| p.nodes));
}

//! The seed themes against the embedded data: all five validate, and the
//! bioeconomy's primary stage is the LFS share of section A.

use smartspec_analysis::themes::{stage_data, vocabulary};
use smartspec_analysis::Dataset;
use smartspec_io::embedded::default_panel;
use smartspec_io::themes::{seed_themes, SEED_IDS};

fn embedded_vocabulary() -> smartspec_io::themes::Vocabulary {
    vocabulary(&Dataset::embedded())
}

#[test]
fn the_five_seed_themes_validate_on_the_embedded_codes() {
    let themes = seed_themes(&embedded_vocabulary()).unwrap();
    let ids: Vec<&str> = themes.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, SEED_IDS);
    for t in &themes {
        assert!(t.stages.len() >= 2, "{}", t.id);
        assert!(t
            .stages
            .iter()
            .all(|s| !s.why.is_empty() && !s.sources.is_empty()));
    }
}

#[test]
fn bioeconomy_primary_stage_is_the_lfs_share_of_section_a() {
    let themes = seed_themes(&embedded_vocabulary()).unwrap();
    let bio = themes.iter().find(|t| t.id == "bioeconomy").unwrap();
    assert_eq!(bio.stages[0].activities[0].to_string(), "lfs:A");
    let stages = stage_data(&Dataset::embedded(), bio, 2014);
    let panel = default_panel();
    // lfst_r_lfe2en2, Y_GE15, 2014, thousands: ITC1 A 53.5 of TOTAL 1,773.0,
    // RO21 A 756.8 of 1,545.9; neither has an NRP row
    for (code, a, total) in [("ITC1", 53.5, 1773.0), ("RO21", 756.8, 1545.9)] {
        let r = panel.regions().id(code).unwrap() as usize;
        assert!((stages[0].employment[r] - a).abs() < 1e-9, "{code}");
        assert!((stages[0].total[r] - total).abs() < 1e-9, "{code}");
    }
    // the food stage: SBS divisions C10-C12 against section totals
    let r = panel.regions().id("ITC1").unwrap() as usize;
    assert!(stages[1].employment[r] > 0.0 && stages[1].total[r] > stages[1].employment[r]);
}

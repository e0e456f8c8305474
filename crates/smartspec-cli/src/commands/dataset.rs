//! `smartspec dataset build DIR --panel FILE [--context FILE...] [--names FILE]`

use crate::args::DatasetBuildArgs;
use anyhow::Result;
use smartspec_analysis::dataset::{build, BuildInput};
use std::process::ExitCode;

pub fn build_cmd(a: DatasetBuildArgs) -> Result<ExitCode> {
    let input = BuildInput {
        name: a.name.clone(),
        panel: a.panel.clone(),
        panel_options: crate::input::read_options(&a.read)?,
        context: a.context.clone(),
        names: a.names.clone(),
    };
    let built = build(&a.dir, &input, a.force)?;
    for n in &built.notes {
        eprintln!("{n}");
    }
    let m = built.manifest;
    let panel = m.tables_of("panel").next();
    eprintln!(
        "wrote {} ({} files): {}; regions {}; reference area: {}; default year {}; geometry: {}",
        a.dir.display(),
        m.tables.len(),
        m.name,
        m.nuts_version.as_deref().unwrap_or("free codes"),
        m.reference_area,
        m.default_year.map_or("none".into(), |y| y.to_string()),
        m.geometry.as_ref().map_or(
            "none (maps need NUTS 2013 or 2021 level-2 codes)".into(),
            |g| g.codes.clone()
        ),
    );
    if let Some(p) = panel {
        eprintln!("panel: {} rows, years {:?}", p.rows, p.years);
    }
    let contexts = m.tables_of("context").count();
    if contexts == 0 {
        eprintln!("note: no context indicators: transition, innovation, skills and diagnose need them (--context FILE)");
    }
    Ok(ExitCode::SUCCESS)
}

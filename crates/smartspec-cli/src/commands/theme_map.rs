//! `smartspec theme-map --theme T --svg FILE`

use crate::args::ThemeMapArgs;
use crate::theme_data;
use anyhow::{Context, Result};
use smartspec_analysis::themes::theme_year;
use smartspec_analysis::Need;
use smartspec_report::map::{choropleth, MapText};
use std::collections::HashMap;
use std::process::ExitCode;

pub fn run(a: ThemeMapArgs) -> Result<ExitCode> {
    let data = crate::input::data(&a.data)?;
    let ds = &data.dataset;
    ds.require("theme-map", Need::Geometry)?;
    let geometry = ds
        .geometry()
        .ok_or_else(|| anyhow::anyhow!("the dataset has no map geometry"))?;
    let set = theme_data::load("theme-map", ds, &a.dirs)?;
    let theme = theme_data::pick(&set, &a.theme)?;
    let ty = theme_year(ds, theme, a.year)?;
    let panel = ds.panel();
    let values: HashMap<String, f64> = ty
        .candidates()
        .into_iter()
        .map(|r| {
            (
                panel.regions().code(r as u32).to_string(),
                ty.strengths.mean(r),
            )
        })
        .collect();
    let title = format!(
        "{}: regional strength in the value chain, {}",
        theme.name, ty.year
    );
    let stages: Vec<&str> = theme.stages.iter().map(|s| s.id.as_str()).collect();
    let subtitle = format!(
        "Mean strength (RCA and employment scale) over {} stages: {}",
        stages.len(),
        stages.join(" · ")
    );
    let uses_lfs = theme
        .stages
        .iter()
        .any(|s| s.activities.iter().any(|c| c.source() == "lfs"));
    let source = if ds.is_embedded() && uses_lfs {
        "Source: Eurostat SBS (sbs_r_nuts06_r2), persons employed, and LFS (lfst_r_lfe2en2); smartspec"
    } else {
        ds.panel_source()
    };
    let map = choropleth(
        &values,
        &MapText {
            title: &title,
            subtitle: &subtitle,
            legend: "Theme strength",
            source,
        },
        &|code| geometry.feature_region(code),
    )?;
    std::fs::write(&a.svg, &map.svg).with_context(|| format!("writing {}", a.svg.display()))?;
    eprintln!(
        "wrote {}: {} regions drawn; not shown (outermost): {}",
        a.svg.display(),
        map.drawn,
        if map.outside.is_empty() {
            "none".to_string()
        } else {
            map.outside.join(" ")
        }
    );
    Ok(ExitCode::SUCCESS)
}

//! `smartspec indicators --out DIR`

use crate::args::{ConventionArgs, IndicatorsArgs, PresetArg, TableFormat};
use crate::input::Source;
use anyhow::{anyhow, bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use smartspec_core::indicators::complexity::{EciConvention, FitnessIterations};
use smartspec_core::indicators::outlook::CogNormaliser;
use smartspec_core::indicators::pipeline::{EciMethod, Options, Preset};
use smartspec_core::Panel;
use smartspec_io::indicator_tables::write_indicators;
use smartspec_io::write::SinkFormat;
use std::process::ExitCode;
use std::time::Instant;

pub use smartspec_io::analysis::{embedded_contexts, reference_regions, totals};

/// Library options from the convention flags.
pub fn options(c: &ConventionArgs) -> Result<Options> {
    let preset = match c.preset {
        PresetArg::Growthlab => Preset::GrowthLab,
        PresetArg::Econcomplex => Preset::Econcomplex,
        PresetArg::Datawheel => Preset::Datawheel,
        PresetArg::Econgeo => Preset::EconGeo,
    };
    let mut o = preset.options();
    if let Some(t) = c.threshold {
        if !(t.is_finite() && t > 0.0) {
            bail!("--threshold must be a positive number, got {t}");
        }
        o.threshold = t;
    }
    if let Some(d) = &c.proximity_diagonal {
        o.proximity_diagonal = if d == "1" { 1.0 } else { 0.0 };
    }
    if let Some(s) = &c.density_scale {
        o.density_scale = if s == "100" { 100.0 } else { 1.0 };
    }
    let convention = match (&c.pci_scale, o.eci) {
        (Some(s), _) if s == "own" => EciConvention::Independent,
        (Some(_), _) => EciConvention::GrowthLab,
        (None, EciMethod::Eigenvector(conv)) => conv,
        (None, _) => EciConvention::GrowthLab,
    };
    o.eci = match (c.eci_method.as_deref(), o.eci) {
        (Some("reflections"), _) | (None, EciMethod::Reflections(_)) => {
            EciMethod::Reflections(c.reflection_steps)
        }
        (Some("econgeo"), _) | (None, EciMethod::EconGeo) => EciMethod::EconGeo,
        _ => EciMethod::Eigenvector(convention),
    };
    o.fitness = match c.fitness_iterations.as_str() {
        "auto" => FitnessIterations::Auto,
        n => FitnessIterations::Fixed(
            n.parse()
                .map_err(|_| anyhow!("--fitness-iterations must be a number or auto, got {n:?}"))?,
        ),
    };
    if let Some(g) = &c.cog {
        o.cog = if g == "target" {
            CogNormaliser::Target
        } else {
            CogNormaliser::Source
        };
    }
    o.missing = c.missing.parse().map_err(|e: String| anyhow!(e))?;
    o.relatedness = match c.relatedness.as_str() {
        "proximity" => None,
        other => Some(other.parse().map_err(|e: String| anyhow!(e))?),
    };
    Ok(o)
}

/// The years to compute.
pub fn years(
    panel: &Panel,
    year: Option<i32>,
    range: Option<smartspec_core::YearRange>,
) -> Result<Vec<usize>> {
    let all = panel.years();
    let ys: Vec<usize> = match (year, range) {
        (Some(y), _) => vec![panel.year_index(y).ok_or_else(|| {
            anyhow!(
                "year {y} is not in the data (years {}-{})",
                all[0],
                all[all.len() - 1]
            )
        })?],
        (None, Some(r)) => (0..all.len()).filter(|&i| r.contains(all[i])).collect(),
        (None, None) => (0..all.len()).collect(),
    };
    if ys.is_empty() {
        bail!(
            "no year of the data lies in the range (years {}-{})",
            all[0],
            all[all.len() - 1]
        );
    }
    Ok(ys)
}

/// Every year of `ys` through the pipeline, years in parallel.
pub fn run_pipeline(
    panel: &Panel,
    ys: &[usize],
    embedded_data: bool,
    contexts: &[&Panel],
    opts: &smartspec_core::indicators::pipeline::Options,
    bar: &ProgressBar,
) -> Vec<smartspec_core::indicators::pipeline::YearIndicators> {
    use rayon::prelude::*;
    ys.par_iter()
        .map(|&y| {
            let r = smartspec_io::analysis::compute(panel, y, embedded_data, contexts, opts);
            bar.inc(1);
            r
        })
        .collect()
}

pub fn run(a: IndicatorsArgs) -> Result<ExitCode> {
    let opts = options(&a.conventions)?;
    let source = Source::load(a.input.as_deref(), &a.read)?;
    let panel = source.panel();
    let ys = years(panel, a.year, a.years)?;
    let started = Instant::now();
    let bar = ProgressBar::new(ys.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} years {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    if ys.len() < 2 {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let user_context = crate::input::load_context(&a.context)?;
    let mut contexts: Vec<&Panel> = user_context.iter().collect();
    contexts.extend(embedded_contexts(a.input.is_none()));
    let results = run_pipeline(panel, &ys, a.input.is_none(), &contexts, &opts, &bar);
    bar.finish_and_clear();
    let compute_s = started.elapsed().as_secs_f64();
    let format = match a.format {
        TableFormat::Csv => SinkFormat::Csv,
        TableFormat::Parquet => SinkFormat::Parquet,
    };
    let t = Instant::now();
    let written = write_indicators(&a.out, format, panel, &results)?;
    let write_s = t.elapsed().as_secs_f64();
    let notes: Vec<&String> = results.iter().flat_map(|r| r.notes.iter()).collect();
    for n in &notes {
        eprintln!("note: {n}");
    }
    let meta = crate::meta::indicators_meta(
        panel,
        a.input.is_none(),
        &opts,
        &results,
        &written,
        compute_s,
        write_s,
    );
    let path = a.out.join("meta.json");
    std::fs::write(&path, serde_json::to_string_pretty(&meta)? + "\n")
        .with_context(|| format!("writing {}", path.display()))?;
    let rows: usize = written.iter().map(|(_, n)| n).sum();
    eprintln!(
        "wrote {} tables ({rows} rows) and meta.json to {} for {} year(s) in {:.3} s (compute {:.3} s)",
        written.len(),
        a.out.display(),
        ys.len(),
        compute_s + write_s,
        compute_s
    );
    Ok(ExitCode::SUCCESS)
}

//! `smartspec indicators --out DIR`

use crate::args::{IndicatorsArgs, TableFormat};
use anyhow::{anyhow, bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use smartspec_analysis::Analysis;
use smartspec_core::Panel;
use smartspec_io::indicator_tables::write_indicators;
use smartspec_io::write::SinkFormat;
use std::process::ExitCode;
use std::time::Instant;

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

pub fn run(a: IndicatorsArgs) -> Result<ExitCode> {
    let opts = crate::conventions::options(&a.conventions)?;
    let data = crate::input::data(&a.data)?;
    let ds = data.dataset.clone();
    let analysis = Analysis::with_options(ds.clone(), opts);
    let panel = ds.panel();
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
    drop(analysis.years(&ys, &|| bar.inc(1)));
    bar.finish_and_clear();
    let validity: Vec<_> = ys.iter().map(|&y| analysis.validity(y)).collect();
    let results = analysis.into_years(&ys, &|| {});
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
    for line in validity.iter().flat_map(|v| v.lines()) {
        eprintln!("{line}");
    }
    let meta = crate::meta::indicators_meta(
        &ds,
        &opts,
        &results,
        &validity,
        &written,
        (compute_s, write_s),
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

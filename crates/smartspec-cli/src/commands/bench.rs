//! `smartspec bench`: the whole pipeline, timed.

use crate::args::{BenchArgs, OutputFormat};
use crate::input::load_file;
use crate::input::read_options;
use anyhow::{anyhow, Result};
use serde_json::json;
use smartspec_analysis::{Analysis, Dataset};
use smartspec_core::indicators::pipeline::StageTimes;
use smartspec_core::synthetic::nested_panel;
use smartspec_core::Panel;
use std::process::ExitCode;
use std::time::Instant;

fn median(v: Vec<f64>) -> f64 {
    smartspec_core::stats::median(&v).unwrap_or(0.0)
}

/// Peak resident set size of this process (Linux `VmHWM`), in MiB.
fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

pub fn run(a: BenchArgs) -> Result<ExitCode> {
    let mut opts = crate::conventions::options(&a.conventions)?;
    opts.structure_indices = a.structure_indices;
    let t = Instant::now();
    let owned: Option<Panel> = match (&a.input, &a.synthetic) {
        (Some(p), _) => Some(load_file(p, &read_options(&a.read)?)?.panel),
        (None, Some(spec)) => {
            let dims: Vec<usize> = spec
                .split(',')
                .map(|x| x.trim().parse::<usize>())
                .collect::<Result<_, _>>()
                .map_err(|_| {
                    anyhow!("--synthetic wants R,A,Y (three positive integers), got {spec:?}")
                })?;
            let [r, ac, y] = dims[..] else {
                return Err(anyhow!("--synthetic wants R,A,Y, got {spec:?}"));
            };
            if r < 2 || ac < 2 || y < 1 {
                return Err(anyhow!(
                    "--synthetic needs at least 2 regions, 2 activities and 1 year"
                ));
            }
            Some(nested_panel(r, ac, y, a.seed, 0.25))
        }
        (None, None) => None,
    };
    let ds = match owned {
        Some(p) => std::sync::Arc::new(Dataset::from_panels(
            p.meta().source.clone(),
            p,
            Vec::new(),
            Default::default(),
        )),
        None => Dataset::embedded(),
    };
    let panel: &Panel = ds.panel();
    let read_s = t.elapsed().as_secs_f64();
    if let Some(path) = &a.save {
        save_plain(panel, path)?;
    }
    let ys: Vec<usize> = (0..panel.years().len()).collect();
    let mut computes = Vec::new();
    let mut stage_runs: Vec<StageTimes> = Vec::new();
    let mut outputs = 0usize;
    for _ in 0..a.repeat.max(1) {
        let t = Instant::now();
        let results = Analysis::with_options(ds.clone(), opts).into_years(&ys, &|| {});
        computes.push(t.elapsed().as_secs_f64());
        let mut sum = StageTimes::default();
        for r in &results {
            sum += r.times;
            // every stage must have produced output
            outputs += r.rca.data.len()
                + r.density.data.len()
                + r.cog.data.len()
                + r.eci.len()
                + r.pci.len()
                + r.fitness.len()
                + r.coi.len()
                + r.proximity.n() * r.proximity.n();
        }
        stage_runs.push(sum);
    }
    let stage = |f: fn(&StageTimes) -> f64| median(stage_runs.iter().map(f).collect());
    let result = json!({
        "input": match (&a.input, &a.synthetic) { (Some(p), _) => p.display().to_string(), (None, Some(s)) => format!("synthetic {s} seed {}", a.seed), _ => ds.name().to_string() },
        "regions": panel.regions().len(),
        "activities": panel.activities().len(),
        "years": panel.years().len(),
        "repeat": computes.len(),
        "structure_indices": a.structure_indices,
        "read_s": read_s,
        "compute_s": median(computes.clone()),
        "stages": {
            "rca_s": stage(|s| s.rca_s),
            "mcp_s": stage(|s| s.mcp_s),
            "diversity_ubiquity_s": stage(|s| s.diversity_ubiquity_s),
            "proximity_s": stage(|s| s.proximity_s),
            "density_s": stage(|s| s.density_s),
            "eci_pci_s": stage(|s| s.eci_pci_s),
            "fitness_s": stage(|s| s.fitness_s),
            "coi_cog_s": stage(|s| s.coi_cog_s),
        },
        "output_values": outputs / a.repeat.max(1),
        "peak_rss_mib": peak_rss_mib(),
    });
    match a.format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&result)?),
        _ => {
            println!(
                "input: {} ({} regions x {} activities x {} years)",
                result["input"].as_str().unwrap_or(""),
                result["regions"],
                result["activities"],
                result["years"]
            );
            println!("read_s      {:>10.4}", read_s);
            println!(
                "compute_s   {:>10.4}  (median of {})",
                result["compute_s"].as_f64().unwrap_or(0.0),
                computes.len()
            );
            if let Some(st) = result["stages"].as_object() {
                for (k, v) in st {
                    println!("  {k:<22}{:>10.4}", v.as_f64().unwrap_or(0.0));
                }
            }
            println!(
                "peak_rss_mib{:>10.1}",
                result["peak_rss_mib"].as_f64().unwrap_or(0.0)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Long CSV without missing cells or flags (what the peer tools read).
fn save_plain(panel: &Panel, path: &std::path::Path) -> Result<()> {
    use std::io::Write;
    let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(w, "region,activity,year,value")?;
    for r in panel.records() {
        if let Some(v) = r.value {
            writeln!(w, "{},{},{},{}", r.region, r.activity, r.year, v)?;
        }
    }
    w.flush()?;
    Ok(())
}

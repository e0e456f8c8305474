//! Turning the shared reading flags into library options, and loading the
//! panel a command works on (the embedded one unless `--input`).

use crate::args::ReadArgs;
use anyhow::{anyhow, Result};
use indicatif::{ProgressBar, ProgressStyle};
use smartspec_core::Panel;
use smartspec_io::read::{parse_selection, LongColumns, ReadOptions};
use smartspec_io::{read_panel, Loaded};
use std::path::Path;
use std::time::Duration;

/// Library read options from the command-line flags.
pub fn read_options(a: &ReadArgs) -> Result<ReadOptions> {
    let delimiter = match a.delimiter.as_str() {
        "\\t" | "tab" => b'\t',
        d if d.len() == 1 => d.as_bytes()[0],
        d => return Err(anyhow!("--delimiter must be one character, got {d:?}")),
    };
    let columns = match &a.columns {
        Some(spec) => LongColumns::default()
            .with_overrides(spec)
            .map_err(|e| anyhow!(e))?,
        None => LongColumns::default(),
    };
    let select = a
        .select
        .iter()
        .map(|s| parse_selection(s).map_err(|e| anyhow!(e)))
        .collect::<Result<_>>()?;
    Ok(ReadOptions {
        columns,
        delimiter,
        regions: a.regions,
        activities: a.activities,
        kind: a.measure,
        on_duplicate: a.on_duplicate,
        select,
        recode_to: a.recode_to,
        max_problems: a.max_problems,
        ..ReadOptions::default()
    })
}

/// Reads a file with a spinner on standard error (shown only when reading
/// takes more than a second and stderr is a terminal).
pub fn load_file(path: &Path, opts: &ReadOptions) -> Result<Loaded, smartspec_io::IoError> {
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_message(format!("reading {}", path.display()));
    let started = std::time::Instant::now();
    let handle = {
        let bar = bar.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(1));
            if !bar.is_finished() {
                bar.enable_steady_tick(Duration::from_millis(120));
            }
        })
    };
    let result = read_panel(path, opts);
    bar.finish_and_clear();
    drop(handle);
    tracing::info!(
        "read {} in {:.3} s",
        path.display(),
        started.elapsed().as_secs_f64()
    );
    if let Ok(l) = &result {
        for w in l.diagnostics.warnings() {
            eprintln!("{w}");
        }
        for n in &l.notes {
            eprintln!("note: {n}");
        }
    }
    result
}

/// The panel a command works on: `--input` or the embedded default.
pub enum Source {
    /// The embedded SBS panel.
    Embedded(&'static Panel),
    /// A user file.
    File(Box<Panel>),
}

impl Source {
    /// Loads the panel.
    pub fn load(input: Option<&Path>, read: &ReadArgs) -> Result<Source> {
        match input {
            None => Ok(Source::Embedded(smartspec_io::embedded::default_panel())),
            Some(p) => Ok(Source::File(Box::new(
                load_file(p, &read_options(read)?)?.panel,
            ))),
        }
    }

    /// The panel.
    pub fn panel(&self) -> &Panel {
        match self {
            Source::Embedded(p) => p,
            Source::File(p) => p,
        }
    }
}

/// Loads `--context` files: long `region,indicator,year,value[,flag]`,
/// signed values, regions as given.
pub fn load_context(files: &[std::path::PathBuf]) -> Result<Vec<Panel>> {
    files
        .iter()
        .map(|f| {
            let opts = ReadOptions {
                columns: LongColumns {
                    activity: "indicator".into(),
                    ..LongColumns::default()
                },
                kind: smartspec_core::MeasureKind::Signed,
                ..ReadOptions::default()
            };
            Ok(load_file(f, &opts)?.panel)
        })
        .collect()
}

/// A region found in a panel, with the year a single-region command uses.
pub struct RegionYear {
    /// The region code in the panel (mapped from another NUTS version if needed).
    pub code: String,
    /// Its id.
    pub r: usize,
    /// The year: the one asked, or the region's latest year with data.
    pub year: i32,
    /// The year's index.
    pub y: usize,
    /// A note when the code was mapped.
    pub note: Option<String>,
}

/// Finds `code` in the panel (mapping codes of other NUTS versions) and the
/// year of a single-region command.
pub fn region_year(panel: &Panel, code: &str, year: Option<i32>) -> Result<RegionYear> {
    let version = match panel.meta().regions {
        smartspec_core::RegionScheme::Nuts(v) => Some(v),
        _ => None,
    };
    let (code, note) = smartspec_io::nuts::locate(code, panel.regions(), version)?;
    let r = panel
        .regions()
        .id(&code)
        .ok_or_else(|| anyhow!("region {code} not found"))? as usize;
    let year = match year {
        Some(y) => y,
        None => panel
            .latest_year_of(&code)
            .ok_or_else(|| anyhow!("region {code} has no data in any year"))?,
    };
    let y = panel
        .year_index(year)
        .ok_or_else(|| anyhow!("year {year} is not in the data (years {:?})", panel.years()))?;
    Ok(RegionYear {
        code,
        r,
        year,
        y,
        note,
    })
}

/// Finds `code` (any NUTS version) among the EU28 NUTS-2 `regions` of the
/// context data (NUTS 2013): `(code, note when mapped)`.
pub fn eu_region(code: &str, regions: &[String]) -> Result<(String, Option<String>)> {
    let context = smartspec_io::embedded::context();
    let (found, note) = smartspec_io::nuts::locate(
        code,
        context.regions(),
        Some(smartspec_core::NutsVersion::V2013),
    )?;
    if regions.contains(&found) {
        Ok((found, note))
    } else {
        Err(anyhow!(
            "{found} is not an EU28 NUTS-2 region; these profiles cover the {} EU28 NUTS-2 regions (NUTS 2013), e.g. ITC1, DE11, FR10",
            regions.len()
        ))
    }
}

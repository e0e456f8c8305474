//! Turning the shared reading flags into library options, and loading the
//! data a command works on ([`data`]: the embedded dataset unless
//! `--dataset` or `--input`).

use crate::args::{DataArgs, ReadArgs};
use anyhow::{anyhow, Result};
use indicatif::{ProgressBar, ProgressStyle};
use smartspec_analysis::Dataset;
use smartspec_core::Panel;
use smartspec_io::read::{parse_selection, LongColumns, ReadOptions};
use smartspec_io::{read_panel, Loaded};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
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

/// The data a command analyses, as `--dataset`, `--input` and `--context`
/// say, and the `--context` panels read.
pub struct Data {
    /// The dataset.
    pub dataset: Arc<Dataset>,
    /// The `--context` files given on top of a dataset (with `--input` they
    /// are its context): extra variables of `peers`.
    pub extra: Vec<Panel>,
}

impl Data {
    /// The extra context panels as references.
    pub fn extra(&self) -> Vec<&Panel> {
        self.extra.iter().collect()
    }
}

/// Loads the data of a command: `--dataset DIR`, else `--input FILE` with
/// its `--context` files, else the embedded data (with `--context` files
/// searched first).
pub fn data(a: &DataArgs) -> Result<Data> {
    let context = load_context(&a.context)?;
    if let Some(file) = &a.input {
        let panel = load_file(file, &read_options(&a.read)?)?.panel;
        let ds = Dataset::from_panels(file.display().to_string(), panel, context, HashMap::new());
        return Ok(Data {
            dataset: Arc::new(ds),
            extra: Vec::new(),
        });
    }
    let base = match &a.dataset {
        Some(dir) => Arc::new(smartspec_analysis::dataset::open(dir)?),
        None => Dataset::embedded(),
    };
    let dataset = if context.is_empty() {
        base
    } else {
        Arc::new(base.with_extra_context(context.clone()))
    };
    Ok(Data {
        dataset,
        extra: context,
    })
}

/// Loads `--context` files: long `region,indicator,year,value[,flag]`,
/// signed values, any region code.
pub fn load_context(files: &[std::path::PathBuf]) -> Result<Vec<Panel>> {
    let opts = smartspec_analysis::dataset::context_options();
    files
        .iter()
        .map(|f| Ok(load_file(f, &opts)?.panel))
        .collect()
}

/// The CLI writes as the local operator: whoever holds the database file.
pub fn operator() -> smartspec_store::User {
    smartspec_store::User {
        id: 0,
        name: "local operator".into(),
        role: smartspec_store::Role::Admin,
        regions: Vec::new(),
    }
}

/// Opens the database a records command works on (`--db`).
pub fn open_store(db: &Path) -> Result<smartspec_store::SqliteStore> {
    use anyhow::Context;
    smartspec_store::SqliteStore::open(db, Box::new(smartspec_server::EmbeddedCodes))
        .with_context(|| format!("opening the database {}", db.display()))
}

//! `smartspec dataset build DIR`: a dataset directory from a user's files,
//! written atomically, and [`open`] to read it back.
//!
//! Building reads every input (panel, context files, names) and reports
//! every problem of all of them at once, each as `FILE:LINE:COLUMN`; then
//! writes the files and `dataset.toml` into a temporary directory beside
//! `DIR` and renames it into place, so that a failed or interrupted build
//! leaves no half-written dataset. An existing `DIR` is refused unless
//! `force` is set. Opening checks the schema version and every file's
//! SHA-256 against the manifest before reading it.

use super::manifest::{GeometryEntry, Manifest, TableEntry, SCHEMA_VERSION};
use super::Dataset;
use sha2::{Digest, Sha256};
use smartspec_core::{ActivityScheme, MeasureKind, NutsVersion, Panel, RegionScheme};
use smartspec_io::read::{LongColumns, ReadOptions};
use smartspec_io::{read_panel, IoError};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Why a dataset could not be built or opened.
#[derive(Debug, Error)]
pub enum BuildError {
    /// The target exists.
    #[error("{0}: already exists; use --force to replace it")]
    Exists(String),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    File {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// Input files with problems (every file's, every problem).
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<IoError>),
    /// A names file with problems, each `FILE:LINE:COLUMN: message`.
    #[error("{}", .0.join("\n"))]
    Names(Vec<String>),
    /// `dataset.toml` cannot be read.
    #[error("{path}: {message}")]
    Manifest {
        /// The manifest file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A file differs from the manifest's hash.
    #[error("{path}: SHA-256 {found} differs from {expected} in dataset.toml: the file was changed after the build; rebuild the dataset")]
    Hash {
        /// The file.
        path: String,
        /// In the manifest.
        expected: String,
        /// Of the file.
        found: String,
    },
}

impl BuildError {
    /// The input files' problems, when that is what went wrong.
    pub fn io_errors(&self) -> &[IoError] {
        match self {
            BuildError::Invalid(v) => v,
            _ => &[],
        }
    }
}

/// What a dataset is built from.
pub struct BuildInput {
    /// Shown in outputs (default: the panel's file name).
    pub name: Option<String>,
    /// The region × activity panel file (long CSV, Eurostat TSV, Parquet).
    pub panel: PathBuf,
    /// How to read it (the `data validate` flags).
    pub panel_options: ReadOptions,
    /// Context files: long `region,indicator,year,value[,flag]`.
    pub context: Vec<PathBuf>,
    /// Region names: CSV `region,name`.
    pub names: Option<PathBuf>,
}

/// How context files are read: an `indicator` column, signed values, any
/// region code (an `EU28` row carries the EU values).
pub fn context_options() -> ReadOptions {
    ReadOptions {
        columns: LongColumns {
            activity: "indicator".into(),
            ..LongColumns::default()
        },
        kind: MeasureKind::Signed,
        regions: RegionScheme::Free,
        ..ReadOptions::default()
    }
}

fn file_err(path: &Path) -> impl Fn(std::io::Error) -> BuildError + '_ {
    move |source| BuildError::File {
        path: path.display().to_string(),
        source,
    }
}

/// Reads a names file: CSV with a header `region,name`; every problem
/// located.
pub fn read_names(path: &Path) -> Result<HashMap<String, String>, BuildError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(file_err(path))?;
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&bytes[..]);
    let mut names = HashMap::new();
    let mut problems = Vec::new();
    let mut header = true;
    for (i, rec) in rdr.records().enumerate() {
        let line = i + 1;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                problems.push(format!("{shown}:{line}:0: {e}"));
                continue;
            }
        };
        if header {
            header = false;
            let cols: Vec<&str> = rec.iter().map(str::trim).collect();
            if cols.first().map(|c| c.trim_start_matches('\u{feff}')) != Some("region")
                || cols.get(1) != Some(&"name")
            {
                problems.push(format!(
                    "{shown}:1:1: the header must be region,name, got {:?}",
                    cols.join(",")
                ));
                break;
            }
            continue;
        }
        if rec.len() != 2 {
            problems.push(format!(
                "{shown}:{line}:0: expected 2 fields (region,name), got {}",
                rec.len()
            ));
            continue;
        }
        let (code, name) = (rec[0].trim(), rec[1].trim());
        if code.is_empty() {
            problems.push(format!("{shown}:{line}:1: empty region code"));
        } else if name.chars().any(char::is_control) {
            problems.push(format!(
                "{shown}:{line}:2: the name of {code} holds a control character"
            ));
        } else if names.insert(code.to_string(), name.to_string()).is_some() {
            problems.push(format!("{shown}:{line}:1: region {code} named twice"));
        }
    }
    if problems.is_empty() {
        Ok(names)
    } else {
        Err(BuildError::Names(problems))
    }
}

fn sha256(bytes: &[u8]) -> String {
    let d = Sha256::digest(bytes);
    d.iter().map(|b| format!("{b:02x}")).collect()
}

fn vintage(path: &Path) -> String {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .map_or("unknown".into(), |t| {
            let t: chrono::DateTime<chrono::Utc> = t.into();
            format!("file modified {}", t.format("%Y-%m-%d"))
        })
}

fn gz_csv(panel: &Panel, name: &str) -> Result<Vec<u8>, IoError> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    smartspec_io::write::write_panel_csv(panel, &mut enc, name)?;
    enc.finish().map_err(|e| IoError::File {
        path: name.into(),
        source: e,
    })
}

fn years_of(p: &Panel) -> Vec<i32> {
    match (p.years().first(), p.years().last()) {
        (Some(a), Some(b)) => vec![*a, *b],
        _ => Vec::new(),
    }
}

/// A finished build: the manifest written and what the readers noticed
/// (warnings located as `FILE:LINE:COLUMN`, notes such as the NUTS version
/// picked).
#[derive(Debug)]
pub struct Built {
    /// The manifest written.
    pub manifest: Manifest,
    /// Warnings and notes of the readers, in file order.
    pub notes: Vec<String>,
}

/// Builds the dataset directory `dir` from `input`.
pub fn build(dir: &Path, input: &BuildInput, force: bool) -> Result<Built, BuildError> {
    if dir.exists() && !force {
        return Err(BuildError::Exists(dir.display().to_string()));
    }
    // read everything, keeping every file's problems
    let mut errors = Vec::new();
    let mut notes = Vec::new();
    let keep = |l: smartspec_io::Loaded, notes: &mut Vec<String>| {
        notes.extend(l.diagnostics.warnings().map(|w| w.to_string()));
        notes.extend(l.notes.iter().map(|n| format!("note: {n}")));
        l.panel
    };
    let panel = match read_panel(&input.panel, &input.panel_options) {
        Ok(l) => Some(keep(l, &mut notes)),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    let mut context = Vec::new();
    for c in &input.context {
        match read_panel(c, &context_options()) {
            Ok(l) => context.push(keep(l, &mut notes)),
            Err(e) => errors.push(e),
        }
    }
    let names = match &input.names {
        Some(p) => match read_names(p) {
            Ok(n) => n,
            Err(e) if errors.is_empty() => return Err(e),
            Err(_) => HashMap::new(),
        },
        None => HashMap::new(),
    };
    let (Some(panel), true) = (panel, errors.is_empty()) else {
        return Err(BuildError::Invalid(errors));
    };
    let name = input.name.clone().unwrap_or_else(|| {
        input
            .panel
            .file_name()
            .map_or("dataset".into(), |n| n.to_string_lossy().into_owned())
    });
    // the files, hashed as written
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut tables = Vec::new();
    let bytes = gz_csv(&panel, "panel.csv.gz").map_err(|e| BuildError::Invalid(vec![e]))?;
    tables.push(TableEntry {
        role: "panel".into(),
        file: "panel.csv.gz".into(),
        sha256: sha256(&bytes),
        source: input.panel.display().to_string(),
        vintage: vintage(&input.panel),
        years: years_of(&panel),
        rows: panel.records().count(),
    });
    files.push(("panel.csv.gz".into(), bytes));
    for (k, (c, path)) in context.iter().zip(&input.context).enumerate() {
        let file = format!("context-{}.csv.gz", k + 1);
        let bytes = gz_csv(c, &file).map_err(|e| BuildError::Invalid(vec![e]))?;
        tables.push(TableEntry {
            role: "context".into(),
            file: file.clone(),
            sha256: sha256(&bytes),
            source: path.display().to_string(),
            vintage: vintage(path),
            years: years_of(c),
            rows: c.records().count(),
        });
        files.push((file, bytes));
    }
    if let Some(p) = &input.names {
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut sorted: Vec<(&String, &String)> = names.iter().collect();
        sorted.sort();
        let write_err = |e: csv::Error| BuildError::File {
            path: "names.csv".into(),
            source: std::io::Error::other(e.to_string()),
        };
        w.write_record(["region", "name"]).map_err(write_err)?;
        for (c, n) in &sorted {
            w.write_record([c.as_str(), n.as_str()])
                .map_err(write_err)?;
        }
        let bytes = w.into_inner().map_err(|e| BuildError::File {
            path: "names.csv".into(),
            source: std::io::Error::other(e.to_string()),
        })?;
        tables.push(TableEntry {
            role: "names".into(),
            file: "names.csv".into(),
            sha256: sha256(&bytes),
            source: p.display().to_string(),
            vintage: vintage(p),
            years: Vec::new(),
            rows: sorted.len(),
        });
        files.push(("names.csv".into(), bytes));
    }
    let meta = panel.meta().clone();
    let ds = Dataset::from_panels(name.clone(), panel, context, names);
    let manifest = Manifest {
        schema: SCHEMA_VERSION,
        name,
        created_by: format!("smartspec {}", env!("CARGO_PKG_VERSION")),
        nuts_version: ds.nuts_version().map(|v| v.to_string()),
        activities: meta.activities.to_string(),
        measure: meta.kind.to_string(),
        reference_area: ds.reference().label.clone(),
        default_year: Some(ds.default_year()),
        geometry: ds.geometry().map(|g| GeometryEntry {
            file: g.file().into(),
            codes: g.mapping(),
        }),
        tables,
    };
    let text = toml::to_string(&manifest).map_err(|e| BuildError::Manifest {
        path: "dataset.toml".into(),
        message: e.to_string(),
    })?;
    files.push(("dataset.toml".into(), text.into_bytes()));
    write_atomically(dir, &files, force)?;
    Ok(Built { manifest, notes })
}

fn write_atomically(
    dir: &Path,
    files: &[(String, Vec<u8>)],
    force: bool,
) -> Result<(), BuildError> {
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(file_err(parent))?;
    let leaf = dir
        .file_name()
        .map_or("dataset".into(), |n| n.to_string_lossy().into_owned());
    let tmp = parent.join(format!(".{leaf}.partial-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir(&tmp).map_err(file_err(&tmp))?;
    for (name, bytes) in files {
        let path = tmp.join(name);
        let mut f = std::fs::File::create(&path).map_err(file_err(&path))?;
        f.write_all(bytes).map_err(file_err(&path))?;
        f.sync_all().map_err(file_err(&path))?;
    }
    if dir.exists() {
        if !force {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(BuildError::Exists(dir.display().to_string()));
        }
        let old = parent.join(format!(".{leaf}.old-{}", std::process::id()));
        std::fs::rename(dir, &old).map_err(file_err(dir))?;
        std::fs::rename(&tmp, dir).map_err(file_err(dir))?;
        let _ = std::fs::remove_dir_all(&old);
    } else {
        std::fs::rename(&tmp, dir).map_err(file_err(dir))?;
    }
    Ok(())
}

fn parse_scheme<T: std::str::FromStr<Err = String>>(
    path: &str,
    field: &str,
    text: &str,
) -> Result<T, BuildError> {
    text.parse().map_err(|e: String| BuildError::Manifest {
        path: path.into(),
        message: format!("{field}: {e}"),
    })
}

/// Opens the dataset directory `dir` (see the module doc).
pub fn open(dir: &Path) -> Result<Dataset, BuildError> {
    let mpath = dir.join("dataset.toml");
    let shown = mpath.display().to_string();
    let text = std::fs::read_to_string(&mpath).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => BuildError::Manifest {
            path: shown.clone(),
            message: "not found: a dataset directory holds dataset.toml; make one with `smartspec dataset build DIR --panel FILE`".into(),
        },
        _ => BuildError::File {
            path: shown.clone(),
            source: e,
        },
    })?;
    let m: Manifest = toml::from_str(&text).map_err(|e| BuildError::Manifest {
        path: shown.clone(),
        message: e.to_string().trim_end().to_string(),
    })?;
    if m.schema != SCHEMA_VERSION {
        return Err(BuildError::Manifest {
            path: shown,
            message: format!(
                "schema {} is not the one this smartspec reads ({SCHEMA_VERSION}); rebuild the dataset",
                m.schema
            ),
        });
    }
    let regions = match &m.nuts_version {
        Some(v) => RegionScheme::Nuts(parse_scheme::<NutsVersion>(&shown, "nuts_version", v)?),
        None => RegionScheme::Free,
    };
    let activities: ActivityScheme = parse_scheme(&shown, "activities", &m.activities)?;
    let kind: MeasureKind = parse_scheme(&shown, "measure", &m.measure)?;
    // the codes were checked when the dataset was built (a code the reader
    // kept with a warning stays), and the hashes say the files are the ones
    // built: read them as they are and restore the schemes
    for t in &m.tables {
        let path = dir.join(&t.file);
        let bytes = std::fs::read(&path).map_err(file_err(&path))?;
        let found = sha256(&bytes);
        if found != t.sha256 {
            return Err(BuildError::Hash {
                path: path.display().to_string(),
                expected: t.sha256.clone(),
                found,
            });
        }
    }
    let Some(panel_entry) = m.tables_of("panel").next() else {
        return Err(BuildError::Manifest {
            path: shown,
            message: "no table with role = \"panel\"".into(),
        });
    };
    let read = |file: &str, opts: &ReadOptions| -> Result<Panel, BuildError> {
        read_panel(&dir.join(file), opts)
            .map(|l| l.panel)
            .map_err(|e| BuildError::Invalid(vec![e]))
    };
    let mut panel = read(
        &panel_entry.file,
        &ReadOptions {
            regions: RegionScheme::Free,
            activities: ActivityScheme::Free,
            kind,
            ..ReadOptions::default()
        },
    )?;
    panel.meta_mut().source = m.name.clone();
    panel.meta_mut().regions = regions;
    panel.meta_mut().activities = activities;
    let context_read = ReadOptions {
        kind: MeasureKind::Signed,
        regions: RegionScheme::Free,
        ..ReadOptions::default()
    };
    let context = m
        .tables_of("context")
        .map(|t| {
            let mut c = read(&t.file, &context_read)?;
            // outputs name the file the user gave, not the copy
            c.meta_mut().source = t.source.clone();
            Ok(c)
        })
        .collect::<Result<Vec<_>, BuildError>>()?;
    let names = match m.tables_of("names").next() {
        Some(t) => read_names(&dir.join(&t.file))?,
        None => HashMap::new(),
    };
    let mut ds = Dataset::from_panels(m.name.clone(), panel, context, names);
    ds.set_manifest(m);
    Ok(ds)
}

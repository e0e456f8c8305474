//! `smartspec data convert IN OUT`

use crate::args::ConvertArgs;
use crate::input::{load_file, read_options};
use anyhow::{bail, Context, Result};
use smartspec_io::Format;
use std::process::ExitCode;

pub fn run(a: ConvertArgs) -> Result<ExitCode> {
    let opts = read_options(&a.read)?;
    let format = Format::from_path(&a.output);
    if !matches!(format, Some(Format::Csv) | Some(Format::Parquet)) {
        bail!("{}: output must be .csv or .parquet", a.output.display());
    }
    let loaded = load_file(&a.input, &opts)?;
    let panel = &loaded.panel;
    match format {
        Some(Format::Parquet) => smartspec_io::parquet::write_panel(panel, &a.output)?,
        _ => {
            let name = a.output.display().to_string();
            let file =
                std::fs::File::create(&a.output).with_context(|| format!("creating {name}"))?;
            smartspec_io::write::write_panel_csv(panel, std::io::BufWriter::new(file), &name)?;
        }
    }
    eprintln!(
        "wrote {}: {} rows ({} missing, flags {})",
        a.output.display(),
        panel.record_count(),
        panel.missing_count(),
        if panel.has_flags() { "kept" } else { "none" }
    );
    Ok(ExitCode::SUCCESS)
}

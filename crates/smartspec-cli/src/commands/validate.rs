//! `smartspec data validate FILE`

use crate::args::ValidateArgs;
use crate::input::{load_file, read_options};
use anyhow::Result;
use smartspec_io::IoError;
use std::process::ExitCode;

pub fn run(a: ValidateArgs) -> Result<ExitCode> {
    let opts = read_options(&a.read)?;
    match load_file(&a.file, &opts) {
        Ok(loaded) => {
            let p = &loaded.panel;
            println!(
                "{}: valid: {} rows, {} regions, {} activities, years {}-{}, {} missing cells",
                a.file.display(),
                p.record_count(),
                p.regions().len(),
                p.activities().len(),
                p.years().first().unwrap_or(&0),
                p.years().last().unwrap_or(&0),
                p.missing_count()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(IoError::Invalid(diag)) => {
            for p in diag.problems() {
                println!("{p}");
            }
            let shown = diag
                .problems()
                .iter()
                .filter(|p| p.severity == smartspec_io::Severity::Error)
                .count();
            if diag.error_count() > shown {
                println!(
                    "... {} more error(s) not shown (--max-problems)",
                    diag.error_count() - shown
                );
            }
            eprintln!(
                "{}: invalid: {} error(s)",
                a.file.display(),
                diag.error_count()
            );
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e.into()),
    }
}

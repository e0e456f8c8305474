//! `smartspec`: smart-specialisation analytics from the command line.
//!
//! A thin shell: parse the arguments, call the libraries, print. Every
//! algorithm lives in `smartspec-core`, every file format in `smartspec-io`,
//! every analysis of a dataset in `smartspec-analysis`, every chart in
//! `smartspec-report`; the commands (`commands/`) do not call each other.

mod args;
mod commands;
mod conventions;
mod input;
mod meta;
mod output;
mod profiles;
mod screening;
mod theme_data;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    smartspec_core::indicators::pages::return_large_frees();
    let cli = args::Cli::parse();
    init_tracing(cli.verbose);
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // A data error already names FILE:LINE:COLUMN; print the chain.
            eprintln!("error: {err:#}");
            use smartspec_analysis::dataset::BuildError;
            let invalid = err.chain().any(|e| {
                matches!(
                    e.downcast_ref::<smartspec_io::IoError>(),
                    Some(smartspec_io::IoError::Invalid(_))
                ) || matches!(
                    e.downcast_ref::<BuildError>(),
                    Some(
                        BuildError::Names(_)
                            | BuildError::Hash { .. }
                            | BuildError::Manifest { .. }
                    )
                ) || matches!(
                    e.downcast_ref::<smartspec_store::StoreError>(),
                    Some(
                        smartspec_store::StoreError::Invalid(_)
                            | smartspec_store::StoreError::Malformed(_)
                            | smartspec_store::StoreError::Conflict(_)
                            | smartspec_store::StoreError::UnknownUser(_)
                    )
                ) || e.downcast_ref::<BuildError>().is_some_and(|b| {
                    b.io_errors()
                        .iter()
                        .any(|x| matches!(x, smartspec_io::IoError::Invalid(_)))
                })
            });
            ExitCode::from(if invalid { 1 } else { 2 })
        }
    }
}

fn init_tracing(verbose: u8) {
    use tracing::Level;
    let level = match verbose {
        0 => Level::WARN,
        1 => Level::INFO,
        2 => Level::DEBUG,
        _ => Level::TRACE,
    };
    let _ = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .without_time()
        .try_init();
}

//! `smartspec`: smart-specialisation analytics from the command line.
//!
//! A thin shell: parse the arguments, call the libraries, print. Every
//! algorithm lives in `smartspec-core`, every file format in `smartspec-io`.

mod args;
mod commands;
mod input;
mod meta;
mod output;
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
            let invalid = err.chain().any(|e| {
                matches!(
                    e.downcast_ref::<smartspec_io::IoError>(),
                    Some(smartspec_io::IoError::Invalid(_))
                )
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

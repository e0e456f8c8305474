//! `smartspec serve`

use crate::args::ServeArgs;
use anyhow::{Context, Result};
use std::io::Write;
use std::process::ExitCode;

pub fn run(a: ServeArgs) -> Result<ExitCode> {
    let data = crate::input::data(&a.data)?;
    let analysis: &'static smartspec_analysis::Analysis =
        if data.dataset.is_embedded() && data.extra.is_empty() {
            smartspec_analysis::Analysis::embedded()
        } else {
            // the server runs until the process ends: its analysis lives as long
            Box::leak(Box::new(smartspec_analysis::Analysis::new(
                data.dataset.clone(),
            )))
        };
    let limits = smartspec_server::Limits {
        header_timeout: a.header_timeout,
        max_connections: a.max_connections as usize,
        rate_limit: a.rate_limit,
        ..smartspec_server::Limits::default()
    };
    let state = smartspec_server::open_with(&a.db.db, analysis)
        .with_context(|| format!("opening the database {}", a.db.db.display()))?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    rt.block_on(async {
        let listener = tokio::net::TcpListener::bind(&a.addr)
            .await
            .with_context(|| format!("listening on {}", a.addr))?;
        let addr = listener.local_addr()?;
        eprintln!("database: {}", a.db.db.display());
        eprintln!("dataset: {}", analysis.dataset().name());
        println!("listening on http://{addr}");
        std::io::stdout().flush()?;
        smartspec_server::serve_with(listener, state, limits)
            .await
            .context("serving")
    })?;
    Ok(ExitCode::SUCCESS)
}

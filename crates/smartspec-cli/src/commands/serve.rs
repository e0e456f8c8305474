//! `smartspec serve`

use crate::args::ServeArgs;
use anyhow::{Context, Result};
use std::io::Write;
use std::process::ExitCode;

pub fn run(a: ServeArgs) -> Result<ExitCode> {
    let state = smartspec_server::open(&a.db.db)
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
        println!("listening on http://{addr}");
        std::io::stdout().flush()?;
        smartspec_server::serve(listener, state)
            .await
            .context("serving")
    })?;
    Ok(ExitCode::SUCCESS)
}

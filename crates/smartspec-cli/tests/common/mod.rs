//! What every CLI test file shares: running the built binary from the
//! workspace root, as a user would.

use std::process::{Command, Output};

/// Runs `smartspec ARGS` from the workspace root.
pub fn smartspec(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_smartspec"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .expect("run smartspec")
}

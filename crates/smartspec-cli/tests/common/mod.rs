//! What every CLI test file shares: running the built binary from the
//! workspace root, as a user would.

use std::process::{Command, Output};

/// Runs `smartspec ARGS` from the workspace root.
#[allow(dead_code)] // each test file uses one of the two
pub fn smartspec(args: &[&str]) -> Output {
    smartspec_env(args, &[])
}

/// Runs `smartspec ARGS` with extra environment variables.
#[allow(dead_code)]
pub fn smartspec_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_smartspec"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .expect("run smartspec")
}

//! `dixit eval` (placeholder until its issue lands).

use std::process::ExitCode;

/// Arguments of `dixit eval`.
#[derive(clap::Args)]
pub struct Args {}

/// Runs the command.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`dixit eval` is not implemented yet")
}

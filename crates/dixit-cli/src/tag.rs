//! `dixit tag` (placeholder until its issue lands).

use std::process::ExitCode;

/// Arguments of `dixit tag`.
#[derive(clap::Args)]
pub struct Args {}

/// Runs the command.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`dixit tag` is not implemented yet")
}

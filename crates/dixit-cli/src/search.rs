//! `dixit search` (placeholder until its issue lands).

use std::process::ExitCode;

/// Arguments of `dixit search`.
#[derive(clap::Args)]
pub struct Args {}

/// Runs the command.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`dixit search` is not implemented yet")
}

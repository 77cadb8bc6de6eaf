//! `dixit extract FILE...`

use std::process::ExitCode;

/// Arguments of `dixit extract`.
#[derive(clap::Args)]
pub struct Args {
    /// Markdown or text files.
    #[arg(required = true)]
    pub files: Vec<std::path::PathBuf>,
}

/// Runs the command.
pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    Ok(ExitCode::SUCCESS)
}

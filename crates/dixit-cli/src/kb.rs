//! `dixit kb`: compile the bundled knowledge base from open data.

use anyhow::Context as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `dixit kb`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: KbCommand,
}

#[derive(clap::Subcommand)]
enum KbCommand {
    /// Compile `shared/data/kb` into the compact TSV files of `data/kb`.
    Build {
        /// Source folder (nosdeputes2/, rne/, gouvernements/, …).
        #[arg(long, default_value = "../shared/data/kb")]
        from: PathBuf,
        /// Output folder (also holds the hand-written supplement.tsv).
        #[arg(long, default_value = "data/kb")]
        out: PathBuf,
        /// Supplement file (default: <out>/supplement.tsv).
        #[arg(long)]
        supplement: Option<PathBuf>,
    },
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        KbCommand::Build {
            from,
            out,
            supplement,
        } => {
            let supplement = supplement.unwrap_or_else(|| out.join("supplement.tsv"));
            let stats = dixit_kb::build::compile_with(&from, &supplement, &out)
                .with_context(|| format!("building the KB from {}", from.display()))?;
            println!(
                "persons {} offices {} media {} organizations {} first names {} homonyms {} ({} bytes) → {}",
                stats.persons,
                stats.offices,
                stats.media,
                stats.organizations,
                stats.first_names,
                stats.homonyms,
                stats.bytes,
                out.display()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

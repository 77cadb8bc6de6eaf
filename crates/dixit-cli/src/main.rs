//! `dixit`: French press intelligence from the command line.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

mod eval;
mod export;
mod extract;
mod ingest;
mod kb;
mod parse;
mod search;
mod tag;
mod train;

/// Who said what, about whom, through which outlet, and when — from French news.
#[derive(Parser)]
#[command(name = "dixit", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract quotes, speakers, persons, organisations and media from articles.
    Extract(extract::Args),
    /// Score extraction or NER output against gold files.
    Eval(eval::Args),
    /// Build the bundled knowledge base from open data.
    Kb(kb::Args),
    /// Train a model (NER from CoNLL files, syntax from CoNLL-U treebanks).
    Train(train::Args),
    /// Tag CoNLL tokens with the NER model.
    Tag(tag::Args),
    /// Part of speech, morphology, lemmas and dependency parse (UD) of text or CoNLL-U.
    Parse(parse::Args),
    /// Ingest articles, feeds and archives into the store.
    Ingest(ingest::Args),
    /// Search stored quotes.
    Search(search::Args),
    /// Export quotes, persons or the graph.
    Export(export::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Kb(args) => kb::run(args),
        Command::Train(args) => train::run(args),
        Command::Tag(args) => tag::run(args),
        Command::Parse(args) => parse::run(args),
        Command::Ingest(args) => ingest::run(args),
        Command::Search(args) => search::run(args),
        Command::Export(args) => export::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("dixit: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

//! `dixit`: French press intelligence from the command line.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

mod check;
mod eval;
mod export;
mod extract;
mod ingest;
mod kb;
mod parse;
mod schema;
mod search;
mod serve;
mod tag;
mod train;
mod view;

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
    /// Search stored quotes (or stories) with the query language.
    #[command(after_long_help = search::HELP)]
    Search(search::Args),
    /// Export quotes, persons or the graph.
    Export(export::Args),
    /// Print the JSON Schema of the records `dixit extract` writes.
    Schema(schema::Args),
    /// Serve the web app and JSON API over a store (`--demo`: over the bundled examples).
    Serve(serve::Args),
    /// Check a store's integrity (and repair what can be repaired).
    #[command(after_long_help = check::HELP)]
    Check(check::Args),
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
        Command::Schema(args) => schema::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Check(args) => check::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("dixit: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

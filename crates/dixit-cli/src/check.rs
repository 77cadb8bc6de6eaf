//! `dixit check [--repair]`: integrity checks of a store.

use crate::ingest::StoreArgs;
use dixit_store::CheckReport;
use std::process::ExitCode;

/// What `check --help` tells after the options.
pub const HELP: &str = "Checks a store: the engine's own integrity check (SQLite), the full-text \
index against the stored rows and texts, orphan rows, search statistics (PostgreSQL) and \
counts. Reads only, unless --repair is given.

Exit status: 0 when no problem is found (or all were repaired), 1 when problems remain, \
2 on an error (missing store, unreadable file).";

/// Arguments of `dixit check`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub store: StoreArgs,
    /// Repair what can be repaired without losing stored data (rebuilds the full-text
    /// index and statistics, removes orphan rows); opening for writing also upgrades
    /// a store written by an older dixit.
    #[arg(long)]
    pub repair: bool,
    /// Print the report as one JSON object.
    #[arg(long)]
    pub json: bool,
}

fn print(report: &CheckReport, repair_hint: &str) {
    let c = &report.counts;
    println!(
        "store {}: {} stories, {} appearances, {} quotes, {} persons, {} media, {} organizations",
        report.location, c.articles, c.appearances, c.quotes, c.persons, c.media, c.organizations
    );
    for check in &report.checks {
        println!("checked: {check}");
    }
    for p in &report.repaired {
        println!("repaired: {}", p.message);
    }
    for p in &report.problems {
        let tag = if p.repairable { "repairable" } else { "damage" };
        println!("problem ({tag}): {}", p.message);
    }
    if report.is_ok() {
        println!("ok: no problem found");
    } else if report.is_repairable() {
        println!(
            "{} problem(s), all repairable: run `dixit check --repair {repair_hint}`",
            report.problems.len()
        );
    } else {
        println!(
            "{} problem(s); the file itself is damaged: restore a backup or re-ingest into a new store",
            report.problems.len()
        );
    }
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let location = args.store.location()?;
    let report = if args.repair {
        args.store.open()?.repair()?
    } else {
        args.store.open_read_only()?.check()?
    };
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        let hint = match &location {
            dixit_store::Location::Dir(d) => format!("--data {}", d.display()),
            dixit_store::Location::Postgres(_) => format!("--store {}", location.describe()),
        };
        print(&report, &hint);
    }
    Ok(if report.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

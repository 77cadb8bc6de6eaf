//! `dixit serve`: the web app and JSON API over a store (or over the bundled examples
//! with `--demo`).

use crate::ingest::StoreArgs;
use anyhow::{Context, bail};
use dixit_server::Config;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

/// Arguments of `dixit serve`.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub store: StoreArgs,
    /// Address to listen on (loopback by default: the store is not meant for the whole network).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Ingest the bundled example articles into a temporary store and serve them.
    #[arg(long)]
    pub demo: bool,
    /// Read connections, i.e. queries running at once [default: one per core, two at least].
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub workers: Option<u16>,
    /// Seconds a rendered page is reused before the store is asked whether it changed
    /// (0: no page cache).
    #[arg(long, default_value_t = 5)]
    pub cache_secs: u64,
}

/// Runs the command.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    // Kept alive until the server stops: dropping it deletes the demo store.
    let mut _demo_dir = None;
    let location = if args.demo {
        if args.store.data.is_some() || args.store.store.is_some() {
            bail!("--demo serves a temporary store: leave out --data and --store");
        }
        let dir = tempfile::Builder::new()
            .prefix("dixit-demo-")
            .tempdir()
            .context("cannot create a temporary directory")?;
        let location = dixit_server::demo::build(dir.path())
            .context("cannot build the demo store from the bundled examples")?;
        _demo_dir = Some(dir);
        location
    } else {
        args.store.location()?
    };
    if let dixit_store::Location::Dir(d) = &location
        && !dixit_store::sqlite_path(d).exists()
    {
        bail!(
            "no store in {} (run `dixit ingest --data {} FILES…` first, or `dixit serve --demo`)",
            d.display(),
            d.display()
        );
    }
    if let Some(warning) = dixit_server::prepare_store(&location)
        .with_context(|| format!("cannot open store {}", location.describe()))?
    {
        eprintln!("dixit serve: {warning}");
    }
    if !dixit_server::is_loopback(&args.addr) {
        eprintln!(
            "dixit serve: warning: listening on {} makes the store readable from the network",
            args.addr
        );
    }
    let mut config = Config::new(location.clone());
    if let Some(w) = args.workers {
        config.workers = w.into();
    }
    config.cache_ttl = (args.cache_secs > 0).then(|| Duration::from_secs(args.cache_secs));
    let what = location.describe();
    dixit_server::run_blocking(config, args.addr, |addr| {
        println!("dixit: serving {what} at http://{addr}/  (Ctrl-C to stop)");
    })
    .with_context(|| format!("cannot serve on {}", args.addr))?;
    Ok(ExitCode::SUCCESS)
}

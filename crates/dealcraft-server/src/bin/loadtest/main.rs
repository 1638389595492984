//! Load test for the workshop server: N concurrent clients submit real session logs as fast as
//! they can; prints submissions per second and latency percentiles.
//!
//! `cargo run --release -p dealcraft-server --bin loadtest -- --clients 50 --seconds 10`
//! starts its own server on loopback with a fresh database; `--addr` and `--code` aim it at a
//! running `dealcraft serve` instead. `--projectors 8` adds projectors that follow the board's
//! events; `--kill 5` SIGKILLs a server process five times under load and counts acknowledged
//! attempts missing from the database; `--board 100000` times the board of a big workshop.

mod bench;
mod clients;
mod kill;
mod setup;

use clap::Parser;
use dealcraft_server::{Config, Server};

#[derive(Parser)]
#[command(about = "Load-test a Dealcraft workshop server with concurrent submissions")]
pub struct Args {
    /// Concurrent clients, each with its own connection.
    #[arg(long, default_value_t = 50)]
    clients: usize,
    /// How long to run (each kill cycle, with --kill).
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// A running server to test (`host:port`); without it a server is started here.
    #[arg(long, requires = "code")]
    addr: Option<String>,
    /// The running server's workshop code.
    #[arg(long)]
    code: Option<String>,
    /// Server replay workers, when the server is started here.
    #[arg(long, default_value_t = dealcraft_server::default_workers())]
    workers: usize,
    /// Projectors following `/api/events` and fetching the board on each event, meanwhile.
    #[arg(long, default_value_t = 0)]
    projectors: usize,
    /// Run the server as a child process and SIGKILL it this many times under load; then
    /// count the acknowledged attempts missing from the database (there must be none).
    #[arg(long, conflicts_with = "addr")]
    kill: Option<u32>,
    /// Time `/api/board` on a workshop filled with this many attempts.
    #[arg(long, conflicts_with_all = ["addr", "kill"])]
    board: Option<usize>,
    /// With --board: how many players made those attempts (default: one each).
    #[arg(long, requires = "board")]
    players: Option<usize>,
    /// Serve this database's workshop until killed (the child of --kill and of tests).
    #[arg(long, hide = true, requires = "code")]
    serve_db: Option<std::path::PathBuf>,
    /// With --serve-db: the open-files limit to serve under.
    #[arg(long, hide = true)]
    nofile: Option<u64>,
    /// With --serve-db: the largest file the server may write, in bytes (a full disk).
    #[arg(long, hide = true)]
    fsize: Option<u64>,
}

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn main() -> Result<()> {
    let args = Args::parse();
    if let Some(db) = &args.serve_db {
        return setup::serve_child(db, &args);
    }
    if let Some(cycles) = args.kill {
        return kill::run(&args, cycles);
    }
    if let Some(attempts) = args.board {
        return bench::run(attempts, args.players.unwrap_or(attempts));
    }
    run(&args)
}

/// A server on a fresh workshop in `db`.
fn start(args: &Args, db: &std::path::Path) -> Result<Server> {
    let id = setup::workshop(db)?;
    let mut config = Config::new("127.0.0.1:0".parse()?, db.into(), id, setup::CODE);
    config.workers = args.workers;
    // Every client here is one address: a projector holds two connections.
    config.limits.per_address = args.clients + 2 * args.projectors + 8;
    Ok(Server::start(config)?)
}

/// The plain load test: clients (and projectors) against one server for `--seconds`.
fn run(args: &Args) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("load.db");
    let (server, address, code) = match (&args.addr, &args.code) {
        (Some(addr), Some(code)) => (None, addr.clone(), code.clone()),
        _ => {
            let server = start(args, &db)?;
            let addr = server.addr().to_string();
            (Some(server), addr, setup::CODE.to_owned())
        }
    };
    let logs = setup::logs(&address, &code)?;
    println!(
        "{} clients and {} projectors for {} s against {address} ({} replay workers, logs of ~{} moves)",
        args.clients,
        args.projectors,
        args.seconds,
        if server.is_some() {
            args.workers.to_string()
        } else {
            "remote".into()
        },
        logs.moves()
    );
    let projectors = clients::projectors(&address, args.projectors, args.seconds);
    let run = clients::submit(&address, &code, &logs, args.clients, args.seconds, "load");
    let fetched = projectors.join();
    run.print();
    if args.projectors > 0 {
        println!("projectors: {fetched} board fetches");
    }
    if let Some(server) = server {
        let stats = server.stats();
        server.stop();
        println!(
            "{} transactions for {} writes: {:.1} attempts per commit",
            stats.batches,
            stats.attempts,
            stats.attempts as f64 / stats.batches.max(1) as f64
        );
        setup::check_stored(&db, &run.acked)?;
    }
    if run.errors > 0 {
        return Err(format!("{} submissions failed", run.errors).into());
    }
    Ok(())
}

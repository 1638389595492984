//! Load test for the workshop server: N concurrent clients submit real session logs as fast as
//! they can; prints submissions per second and latency percentiles.
//!
//! `cargo run --release -p dealcraft-server --bin loadtest -- --clients 50 --seconds 10`
//! starts its own server on loopback with a fresh database; `--addr` and `--code` aim it at a
//! running `dealcraft serve` instead.

use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use dealcraft_core::bots::{self, BotKind};
use dealcraft_core::{SessionLog, bundled, score};
use dealcraft_server::{Client, Config, Server};
use dealcraft_store::{NewWorkshop, Store};

#[derive(Parser)]
#[command(about = "Load-test a Dealcraft workshop server with concurrent submissions")]
struct Args {
    /// Concurrent clients, each with its own connection.
    #[arg(long, default_value_t = 50)]
    clients: usize,
    /// How long to run.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// A running server to test (`host:port`); without it a server is started here.
    #[arg(long, requires = "code")]
    addr: Option<String>,
    /// The running server's workshop code.
    #[arg(long)]
    code: Option<String>,
    /// Server request workers, when the server is started here.
    #[arg(long, default_value_t = dealcraft_server::default_workers())]
    workers: usize,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let dir = tempfile::tempdir()?;
    let (server, address, code) = match (&args.addr, &args.code) {
        (Some(addr), Some(code)) => (None, addr.clone(), code.clone()),
        _ => {
            let db = dir.path().join("load.db");
            let id = "fleet-telematics";
            let loaded = bundled::load(id).ok_or("bundled scenario missing")?;
            let w = Store::open(&db)?.create_workshop(&NewWorkshop {
                name: "load test".into(),
                scenario_source: bundled::source(id)
                    .ok_or("bundled scenario missing")?
                    .into(),
                scenario: id.into(),
                scenario_hash: loaded.hash,
                rubric: bundled::default_rubric(),
                seed: 1,
                roster: Vec::new(),
            })?;
            let server = Server::start(Config {
                workers: args.workers,
                ..Config::new("127.0.0.1:0".parse()?, db, w.id, "load-test")
            })?;
            let addr = server.addr().to_string();
            (Some(server), addr, "load-test".to_owned())
        }
    };

    // Real logs of the workshop's session, played by each bot: the server replays every one.
    let joined = Client::new(&address, &code).join()?;
    let scenario = Arc::new(joined.scenario.scenario);
    let logs: Arc<Vec<(SessionLog, u32)>> = Arc::new(
        [
            BotKind::Textbook,
            BotKind::Pushy,
            BotKind::Discounter,
            BotKind::Random,
        ]
        .into_iter()
        .map(|bot| {
            let s = bots::play(
                bot,
                scenario.clone(),
                joined.info.rubric.clone(),
                joined.info.seed,
            );
            (s.log(&joined.info.scenario_hash), score(&s).overall)
        })
        .collect(),
    );
    let moves: usize = logs.iter().map(|(l, _)| l.moves.len()).sum::<usize>() / logs.len();

    println!(
        "{} clients for {} s against {address} ({} server workers, logs of ~{moves} moves)",
        args.clients,
        args.seconds,
        if server.is_some() {
            args.workers.to_string()
        } else {
            "remote".into()
        }
    );
    let start = Instant::now();
    let until = start + Duration::from_secs(args.seconds);
    let threads: Vec<_> = (0..args.clients)
        .map(|i| {
            let client = Client::new(&address, &code);
            let logs = logs.clone();
            std::thread::spawn(move || {
                let mut latencies = Vec::new();
                let mut errors = 0usize;
                let mut n = i;
                while Instant::now() < until {
                    let (log, overall) = &logs[n % logs.len()];
                    // A new player each time: the same log from the same player would be the
                    // same attempt (a retry), and nothing would be written.
                    let player = format!("load-{i:03}-{n}");
                    n += 1;
                    let t = Instant::now();
                    match client.submit(&player, log, Some(*overall)) {
                        Ok(_) => latencies.push(t.elapsed()),
                        Err(e) => {
                            errors += 1;
                            if errors == 1 {
                                eprintln!("{player}: {e}");
                            }
                        }
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut errors = 0;
    for t in threads {
        let (l, e) = t.join().map_err(|_| "a client thread panicked")?;
        latencies.extend(l);
        errors += e;
    }
    let elapsed = start.elapsed().as_secs_f64();
    latencies.sort();
    let pct = |p: f64| -> f64 {
        if latencies.is_empty() {
            return 0.0;
        }
        let i = ((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len()) - 1;
        latencies[i].as_secs_f64() * 1000.0
    };
    println!(
        "{} submissions in {elapsed:.1} s: {:.0} per second, {errors} errors",
        latencies.len(),
        latencies.len() as f64 / elapsed
    );
    println!(
        "latency ms: p50 {:.1}  p90 {:.1}  p99 {:.1}  max {:.1}",
        pct(0.50),
        pct(0.90),
        pct(0.99),
        pct(1.0)
    );
    if let Some(server) = server {
        server.stop();
        let store = Store::open(&dir.path().join("load.db"))?;
        let stored = store.attempts(&Default::default())?.len();
        println!(
            "stored {stored} attempts (integrity {})",
            store.integrity_check()?
        );
        if stored != latencies.len() {
            return Err(format!("{} accepted but {stored} stored", latencies.len()).into());
        }
    }
    if errors > 0 {
        return Err(format!("{errors} submissions failed").into());
    }
    Ok(())
}

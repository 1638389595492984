//! Dealcraft's LAN workshop server: players fetch the workshop (scenario, rubric, seed) with its
//! code and submit their session logs; the server replays every log with the core and stores the
//! score it computed itself, so nobody can post a score they did not play. `/` is a live
//! scoreboard page for a projector, fed by server-sent events.
//!
//! How it is put together: [`listen`] accepts connections (deadlines, per-address caps),
//! [`routes`] hands each request to [`api`] (the rules), one writer thread stores verified
//! attempts in batches (group commit), and the board lives in memory.

pub mod api;
pub mod client;
pub mod code;
mod limits;
mod listen;
pub mod lockout;
mod routes;
mod scoreboard;
mod writer;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::thread::JoinHandle;

use dealcraft_store::{Filter, LiveBoard, Store, StoreError};
use thiserror::Error;

pub use api::{Accepted, MAX_BODY, WorkshopInfo};
pub use client::{Client, ClientError};
pub use limits::Limits;
pub use scoreboard::EVENT_GAP;

/// The scoreboard page: plain HTML and a little JS that listens to `/api/events`.
pub const PAGE: &str = include_str!("scoreboard.html");

#[derive(Debug, Error)]
pub enum ServerError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("the workshop's scenario no longer loads:\n{0}")]
    Scenario(String),
    #[error("cannot listen on {addr}: {message}")]
    Bind { addr: SocketAddr, message: String },
    #[error(
        "the workshop code must be 4 to 64 printable ASCII characters (letters, digits, - _ ...) without spaces"
    )]
    BadCode,
}

pub struct Config {
    pub addr: SocketAddr,
    pub db: PathBuf,
    pub workshop: i64,
    pub code: String,
    /// Threads that replay submissions. Replays are CPU work: one more than the cores.
    pub workers: usize,
    /// The token the trainer's requests (`/api/admin/...`) carry; `None` makes a fresh one.
    /// It is never stored.
    pub trainer_token: Option<String>,
    pub limits: Limits,
    /// A trainer's assignment file (its text) handed to everyone who joins with the code.
    pub assignment: Option<String>,
}

impl Config {
    /// A server for `workshop` in `db` with the code players give, and the usual limits.
    pub fn new(addr: SocketAddr, db: PathBuf, workshop: i64, code: &str) -> Config {
        Config {
            addr,
            db,
            workshop,
            code: code.to_owned(),
            workers: default_workers(),
            trainer_token: None,
            limits: Limits::default(),
            assignment: None,
        }
    }
}

/// How much the server's writer has done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    /// Transactions committed.
    pub batches: u64,
    /// Submissions written in them (a retry of a stored attempt included).
    pub attempts: u64,
}

pub struct Server {
    addr: SocketAddr,
    token: String,
    stats: Arc<writer::WriteStats>,
    stop: tokio::sync::watch::Sender<bool>,
    thread: Option<JoinHandle<std::io::Result<()>>>,
    writer: Option<JoinHandle<()>>,
}

/// What every request handler shares.
struct Shared {
    workshop: api::Workshop,
    lockouts: lockout::Lockouts,
    board: Arc<scoreboard::Scoreboard>,
    writer: writer::Writer,
    token: String,
    limits: Limits,
    assignment: Option<String>,
}

impl Server {
    /// Loads the workshop and its board from the store, binds and starts serving on background
    /// threads.
    pub fn start(config: Config) -> Result<Server, ServerError> {
        let code = config.code.trim().to_owned();
        // ASCII only: clients send it in an HTTP header.
        if !(4..=64).contains(&code.len()) || !code.chars().all(|c| c.is_ascii_graphic()) {
            return Err(ServerError::BadCode);
        }
        let store = Store::open(&config.db)?;
        let (workshop, board) = load(&store, config.workshop, &code)?;
        let board = Arc::new(board);
        let stats = Arc::<writer::WriteStats>::default();
        let token = config.trainer_token.clone().unwrap_or_else(code::new_token);
        let bind_err = |e: std::io::Error| ServerError::Bind {
            addr: config.addr,
            message: e.to_string(),
        };
        // Bound here, not in the runtime thread, so a taken port is an error of `start`.
        let listener = std::net::TcpListener::bind(config.addr).map_err(bind_err)?;
        listener.set_nonblocking(true).map_err(bind_err)?;
        let addr = listener.local_addr().map_err(bind_err)?;
        let runtime = runtime(config.workers).map_err(bind_err)?;
        let (writer, writer_thread) =
            writer::Writer::start(store, board.clone(), config.limits.batch, stats.clone());
        let shared = Arc::new(Shared {
            workshop,
            lockouts: lockout::Lockouts::new(config.limits.clone()),
            board,
            writer,
            token: token.clone(),
            limits: config.limits,
            assignment: config.assignment,
        });
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let thread = std::thread::spawn(move || {
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener)?;
                listen::serve(listener, shared, stopped).await;
                Ok(())
            })
        });
        Ok(Server {
            addr,
            token,
            stats,
            stop,
            thread: Some(thread),
            writer: Some(writer_thread),
        })
    }

    /// The address actually bound (the port is chosen by the OS when 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The token for the trainer's requests (`X-Trainer-Token`).
    pub fn trainer_token(&self) -> &str {
        &self.token
    }

    pub fn stats(&self) -> Stats {
        Stats {
            batches: self.stats.batches.load(Ordering::Relaxed),
            attempts: self.stats.attempts.load(Ordering::Relaxed),
        }
    }

    /// Serves until the process ends.
    pub fn wait(mut self) -> std::io::Result<()> {
        let served = match self.thread.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(std::io::Error::other("the server thread panicked")),
            None => Ok(()),
        };
        // The runtime is gone, and with it every handle on the writer: it finishes its batch.
        if let Some(w) = self.writer.take() {
            let _ = w.join();
        }
        served
    }

    /// Stops accepting requests, lets the ones in flight finish, and returns.
    pub fn stop(self) {
        self.stop.send_replace(true);
        let _ = self.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.send_replace(true);
    }
}

/// Two threads move bytes; `workers` blocking threads replay submissions and render boards.
fn runtime(workers: usize) -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(workers.max(1))
        .enable_all()
        .build()
}

/// The workshop as served, and its board as it stands.
fn load(
    store: &Store,
    id: i64,
    code: &str,
) -> Result<(api::Workshop, scoreboard::Scoreboard), ServerError> {
    let w = store.workshop(id)?;
    // Attempts scored under older rules are replayed on the workshop's scenario and
    // re-scored, so the board ranks everyone under the same rules.
    store.rescore(&|_, _| None)?;
    let loaded = w
        .load_scenario()
        .map_err(|d| ServerError::Scenario(d.to_string()))?;
    let filter = Filter {
        workshop: Some(w.id),
        ..Filter::default()
    };
    let live = LiveBoard::from_attempts(store.attempts(&filter)?);
    let header = scoreboard::Header {
        id: w.id,
        name: w.name.clone(),
        scenario: loaded.scenario.id.clone(),
        seed: w.seed,
        title: loaded.scenario.title.clone(),
    };
    let workshop = api::Workshop {
        id: w.id,
        name: w.name,
        code_key: code::normalize(code),
        scenario: Arc::new(loaded.scenario),
        scenario_source: w.scenario_source,
        scenario_hash: loaded.hash,
        rubric: w.rubric,
        seed: w.seed,
    };
    Ok((workshop, scoreboard::Scoreboard::new(header, live)))
}

/// Replay workers for a machine: one per core, and one more so a core never waits while a
/// worker parses a body or hands its attempt over (3 beat 2 on 2 cores: p99 41 against 60 ms).
pub fn default_workers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get()) + 1
}

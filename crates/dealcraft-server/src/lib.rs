//! Dealcraft's LAN workshop server: players fetch the workshop (scenario, rubric, seed) with its
//! code and submit their session logs; the server replays every log with the core and stores the
//! score it computed itself, so nobody can post a score they did not play. `/` is a live
//! scoreboard page for a projector.
//!
//! The HTTP rules live in [`api`] as plain functions; this file only moves bytes between axum
//! and them.

pub mod api;
pub mod client;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use dealcraft_store::{Store, StoreError};
use thiserror::Error;

pub use api::{Accepted, MAX_BODY, WorkshopInfo};
pub use client::{Client, ClientError};

/// How long a client may take to send a request body.
pub const BODY_DEADLINE: std::time::Duration = std::time::Duration::from_secs(20);

/// The scoreboard page: plain HTML and a little JS that polls `/api/board`.
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
    /// Threads that replay and store requests, each with its own database connection. Replays
    /// are CPU work and writes wait on the disk, so a few more than the cores.
    pub workers: usize,
}

pub struct Server {
    addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<std::io::Result<()>>>,
}

/// What every request handler shares.
struct Shared {
    workshop: api::Workshop,
    db: PathBuf,
    /// Idle database connections; a request borrows one for its duration.
    idle: Mutex<Vec<Store>>,
}

impl Shared {
    fn with_store<T>(&self, f: impl FnOnce(&Store) -> T) -> Result<T, StoreError> {
        let store = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let store = match store {
            Some(s) => s,
            None => Store::open(&self.db)?,
        };
        let out = f(&store);
        self.idle
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(store);
        Ok(out)
    }
}

impl Server {
    /// Loads the workshop from the store, binds and starts serving on background threads.
    pub fn start(config: Config) -> Result<Server, ServerError> {
        let code = config.code.trim().to_owned();
        // ASCII only: clients send it in an HTTP header.
        if !(4..=64).contains(&code.len()) || !code.chars().all(|c| c.is_ascii_graphic()) {
            return Err(ServerError::BadCode);
        }
        let store = Store::open(&config.db)?;
        let w = store.workshop(config.workshop)?;
        // Attempts scored under older rules are replayed on the workshop's scenario and
        // re-scored, so the board ranks everyone under the same rules.
        store.rescore(&|_, _| None)?;
        let loaded = w
            .load_scenario()
            .map_err(|d| ServerError::Scenario(d.to_string()))?;
        let shared = Arc::new(Shared {
            workshop: api::Workshop {
                id: w.id,
                name: w.name,
                code,
                scenario: Arc::new(loaded.scenario),
                scenario_source: w.scenario_source,
                scenario_hash: loaded.hash,
                rubric: w.rubric,
                seed: w.seed,
                write_lock: Default::default(),
                wrong_codes: Default::default(),
            },
            db: config.db.clone(),
            idle: Mutex::new(vec![store]),
        });
        let bind_err = |e: std::io::Error| ServerError::Bind {
            addr: config.addr,
            message: e.to_string(),
        };
        // Bound here, not in the runtime thread, so a taken port is an error of `start`.
        let listener = std::net::TcpListener::bind(config.addr).map_err(bind_err)?;
        listener.set_nonblocking(true).map_err(bind_err)?;
        let addr = listener.local_addr().map_err(bind_err)?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .max_blocking_threads(config.workers.max(1))
            // Timers too: axum sleeps after a failed accept, and bodies have a deadline.
            .enable_all()
            .build()
            .map_err(bind_err)?;
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let app = axum::Router::new().fallback(route).with_state(shared);
        let thread = std::thread::spawn(move || {
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener)?;
                let app = app.into_make_service_with_connect_info::<SocketAddr>();
                axum::serve(listener, app)
                    .with_graceful_shutdown(async {
                        let _ = stopped.await;
                    })
                    .await
            })
        });
        Ok(Server {
            addr,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// The address actually bound (the port is chosen by the OS when 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves until the process ends.
    pub fn wait(mut self) -> std::io::Result<()> {
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(std::io::Error::other("the server thread panicked")),
            None => Ok(()),
        }
    }

    /// Stops accepting requests, lets the ones in flight finish, and returns.
    pub fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = self.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Every request goes through here to [`api::handle`], on a blocking thread: replays are CPU
/// work and writes wait on the disk.
async fn route(
    axum::extract::State(shared): axum::extract::State<Arc<Shared>>,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<SocketAddr>,
    request: axum::extract::Request,
) -> axum::response::Response {
    let (parts, body) = request.into_parts();
    // A client that stops sending mid-body must not hold a connection forever.
    let body = match tokio::time::timeout(BODY_DEADLINE, axum::body::to_bytes(body, MAX_BODY)).await
    {
        Ok(Ok(bytes)) => api::Body::Bytes(bytes.to_vec()),
        Ok(Err(_)) => api::Body::TooLarge,
        Err(_) => api::Body::TimedOut,
    };
    let reply = tokio::task::spawn_blocking(move || {
        let code = parts
            .headers
            .get("x-workshop-code")
            .and_then(|v| v.to_str().ok());
        let request = api::Request {
            method: parts.method.as_str(),
            path: parts.uri.path(),
            query: parts.uri.query().unwrap_or(""),
            code,
            peer: Some(peer.ip()),
            body,
        };
        shared
            .with_store(|store| api::handle(&shared.workshop, store, request))
            .unwrap_or_else(|e| api::Reply::error(500, e.to_string()))
    })
    .await
    .unwrap_or_else(|e| api::Reply::error(500, format!("the request failed: {e}")));
    axum::response::Response::builder()
        .status(reply.status)
        .header("content-type", reply.content_type)
        .header("cache-control", "no-store")
        .body(axum::body::Body::from(reply.body))
        .unwrap_or_default()
}

/// Request workers for a machine: replays use the cores, writes wait on the disk.
pub fn default_workers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get()) * 2
}

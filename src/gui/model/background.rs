//! Work that waits on the network or the disk, off the UI thread: the threads it runs on and
//! the answers it sends back.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex};

use bevy::prelude::*;
use dealcraft_core::{LoadedScenario, Session};
use dealcraft_server::Accepted;
use dealcraft_store::Workshop;

use super::super::waker::Waker;

/// Work finished off the UI thread.
pub enum Done {
    Joined {
        address: String,
        code: String,
        player: String,
        result: Result<Box<(dealcraft_server::WorkshopInfo, Arc<LoadedScenario>)>, String>,
    },
    /// The server's answer for session number `session` (see [`super::Play::number`]).
    Submitted {
        session: u64,
        result: Result<Accepted, String>,
    },
    /// Session number `session` was written as an attempt: its id and workshop rank.
    Recorded {
        session: u64,
        result: Result<(i64, Option<usize>), String>,
    },
    /// A file was written (a session log, a CSV export): its path.
    Saved(Result<PathBuf, String>),
    /// A hot-seat workshop was created: its id.
    WorkshopCreated(Result<i64, String>),
    /// A hot-seat workshop's session may start for `player`.
    WorkshopReady {
        player: String,
        result: Result<Box<(Workshop, LoadedScenario)>, String>,
    },
    /// A recorded attempt was replayed: its scenario, session and re-scoring note.
    Reopened {
        id: i64,
        result: Result<Box<Reopened>, String>,
    },
}

/// A recorded attempt played again.
pub struct Reopened {
    pub loaded: Arc<LoadedScenario>,
    pub session: Session,
    pub rescored: Option<String>,
}

type Job = Box<dyn FnOnce() -> Option<Done> + Send>;

/// The threads background work runs on; results come back through one channel, waking the idle
/// app, so the UI thread never blocks on the network or the disk.
#[derive(Resource)]
pub struct Background {
    tx: Sender<Done>,
    pub(super) rx: Mutex<Receiver<Done>>,
    /// Disk work, in the order it was asked for: the last write of a file wins.
    disk: Sender<(Job, Option<Waker>)>,
    /// A join in flight.
    pub joining: bool,
}

impl Default for Background {
    fn default() -> Self {
        let (tx, rx) = std::sync::mpsc::channel();
        let (disk, jobs) = std::sync::mpsc::channel::<(Job, Option<Waker>)>();
        let answers = tx.clone();
        std::thread::Builder::new()
            .name("dealcraft-disk".into())
            .spawn(move || {
                // Ends when the app (and with it the sender) is gone.
                for (job, waker) in jobs {
                    if let Some(done) = job() {
                        let _ = answers.send(done);
                    }
                    if let Some(w) = waker {
                        w.wake();
                    }
                }
            })
            .ok();
        Background {
            tx,
            rx: Mutex::new(rx),
            disk,
            joining: false,
        }
    }
}

impl Background {
    /// Runs network work on a thread of its own.
    pub fn spawn(&self, waker: Option<Waker>, job: impl FnOnce() -> Done + Send + 'static) {
        let tx = self.tx.clone();
        std::thread::spawn(move || {
            let _ = tx.send(job());
            if let Some(w) = waker {
                w.wake();
            }
        });
    }

    /// Queues disk work (a file, the database) behind the disk work asked for before it.
    pub fn disk(&self, waker: Option<Waker>, job: impl FnOnce() -> Option<Done> + Send + 'static) {
        let _ = self.disk.send((Box::new(job), waker));
    }

    /// The answers that arrived since the last call.
    pub(super) fn answers(&self) -> Vec<Done> {
        let rx = self.rx.lock().unwrap_or_else(|e| e.into_inner());
        rx.try_iter().collect()
    }
}

//! Shared set-up for the server tests: a workshop in a temporary database, served on loopback.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use dealcraft_core::bots::{self, BotKind};
use dealcraft_core::{Session, bundled};
use dealcraft_server::{Config, Server};
use dealcraft_store::{NewWorkshop, Store};

pub const CODE: &str = "blue-fox-42";
pub const TOKEN: &str = "trainer-secret-token";
pub const SCENARIO: &str = "fleet-telematics";
pub const SEED: u64 = 2026;

pub struct Running {
    pub server: Option<Server>,
    pub db: PathBuf,
    pub workshop: i64,
    _dir: tempfile::TempDir,
}

impl Running {
    pub fn addr(&self) -> SocketAddr {
        self.server.as_ref().unwrap().addr()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr())
    }

    pub fn attempts(&self) -> usize {
        Store::open(&self.db)
            .unwrap()
            .attempts(&Default::default())
            .unwrap()
            .len()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(s) = self.server.take() {
            s.stop();
        }
    }
}

/// The server's settings in these tests: the usual limits, a known trainer token.
pub fn config(db: &std::path::Path, workshop: i64) -> Config {
    Config {
        trainer_token: Some(TOKEN.into()),
        workers: 2,
        ..Config::new("127.0.0.1:0".parse().unwrap(), db.into(), workshop, CODE)
    }
}

pub fn start() -> Running {
    start_with(|c| c)
}

/// A server whose settings `change` adjusts.
pub fn start_with(change: impl FnOnce(Config) -> Config) -> Running {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("workshop.db");
    let store = Store::open(&db).unwrap();
    let loaded = bundled::load(SCENARIO).unwrap();
    let w = store
        .create_workshop(&NewWorkshop {
            name: "Tuesday cohort".into(),
            scenario_source: bundled::source(SCENARIO).unwrap().into(),
            scenario: SCENARIO.into(),
            scenario_hash: loaded.hash,
            rubric: bundled::default_rubric(),
            seed: SEED,
            roster: Vec::new(),
        })
        .unwrap();
    let server = Server::start(change(config(&db, w.id))).unwrap();
    Running {
        server: Some(server),
        db,
        workshop: w.id,
        _dir: dir,
    }
}

/// A finished session of the workshop, played by a bot.
pub fn played(bot: BotKind) -> Session {
    let loaded = bundled::load(SCENARIO).unwrap();
    bots::play(
        bot,
        Arc::new(loaded.scenario),
        bundled::default_rubric(),
        SEED,
    )
}

pub fn hash() -> String {
    bundled::load(SCENARIO).unwrap().hash
}

//! Dealcraft's learning records: every recorded attempt as xAPI 1.0.3 statements, sent to any
//! Learning Record Store (LRS) through an outbox that loses nothing.
//!
//! An attempt becomes four statements with the ADL verbs cmi5 uses: `initialized`,
//! `completed`, `passed` or `failed` (score, pass mark, stages, critical errors and the whole
//! replayable log) and `terminated`; a completed certification track becomes one `passed`
//! statement. Ids are UUID v5 of the attempt, so building and sending them again never makes a
//! duplicate. [`push::push`] queues them in the store's outbox and sends what waits; an LRS that
//! is down or refuses keeps them queued with its answer.
//!
//! ```
//! use std::sync::Arc;
//! use dealcraft_core::{bots, bundled};
//! use dealcraft_store::{NewAttempt, Store};
//! use dealcraft_xapi::{Catalog, Config};
//!
//! let store = Store::open_in_memory().unwrap();
//! let loaded = bundled::load("clinic-scheduling").unwrap();
//! let session = bots::play(bots::BotKind::Textbook, Arc::new(loaded.scenario), bundled::default_rubric(), 7);
//! let id = store.record(&NewAttempt::from_session("Ann", &session, &loaded.hash, None)).unwrap();
//! let config = Config::default();
//! let find = bundled::find;
//! let catalog = Catalog { config: &config, scenario: &find, tracks: &[] };
//! let built = catalog.attempt(&store.attempt(id).unwrap(), None);
//! let verbs: Vec<&str> = built.statements.iter().map(|(_, s)| s["verb"]["id"].as_str().unwrap()).collect();
//! assert_eq!(verbs[2], "http://adlnet.gov/expapi/verbs/passed");
//! assert_eq!(built.statements[2].1["result"]["success"], true);
//! ```

pub mod config;
pub mod export;
pub mod ids;
pub mod lrs;
pub mod push;
#[doc(hidden)]
pub mod ralph;
pub mod statements;

use thiserror::Error;

pub use config::Config;
pub use lrs::Lrs;
pub use statements::Catalog;

#[derive(Debug, Error)]
pub enum XapiError {
    #[error("{0}")]
    Config(String),
    #[error("{0}")]
    Store(#[from] dealcraft_store::StoreError),
    #[error("the learning record store: {0}")]
    Lrs(String),
}

//! Dealcraft's simulation core: scenarios, the virtual client, scoring, session logs and bots.
//!
//! The core has no Bevy and does no IO beyond parsing strings; the desktop app, the CLI, the
//! workshop server and the analyzer are thin adapters over it. A session is deterministic given
//! (scenario, rubric, seed, moves).
//!
//! ```
//! use std::sync::Arc;
//! use dealcraft_core::{bundled, bots, Rubric, score};
//!
//! let loaded = bundled::load("fleet-telematics").expect("bundled scenarios are valid");
//! let session = bots::play(bots::BotKind::Textbook, Arc::new(loaded.scenario), Rubric::default(), 7);
//! let card = score(&session);
//! assert!(card.overall <= 100);
//! ```

pub mod analysis;
pub mod bots;
pub mod bundled;
pub mod diag;
pub mod emit;
pub mod ending;
pub mod field_docs;
pub mod interpret;
pub mod log;
pub mod moves;
pub mod negotiation;
pub mod parallel;
pub mod parse;
pub mod phrases;
pub mod rubric;
pub mod scenario;
pub mod scoring;
pub mod search;
pub mod session;
pub mod template;
pub mod track;
pub mod validate;
pub mod vocab;

pub use diag::{Diagnostic, Severity};
pub use log::{ReplayError, SessionLog};
pub use moves::{Move, Stage};
pub use parse::{
    Diagnostics, LoadedAssignment, LoadedRubric, LoadedScenario, LoadedTrack, load_assignment,
    load_rubric, load_scenario, load_track,
};
pub use rubric::Rubric;
pub use scenario::Scenario;
pub use scoring::{Finding, Scorecard, StageScore, score};
pub use session::{Event, MoveError, Outcome, Session};
pub use track::{Assignment, Track};

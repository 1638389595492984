//! Session logs: scenario id and hash, rubric, seed and moves — enough to replay and re-score a
//! session anywhere, byte for byte.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::moves::Move;
use crate::rubric::Rubric;
use crate::scenario::Scenario;
use crate::session::{MoveError, Session};

/// Log format version, bumped when old logs would replay differently.
pub const LOG_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionLog {
    pub version: u32,
    pub scenario: String,
    /// SHA-256 of the scenario file the session was played on.
    pub scenario_hash: String,
    pub rubric: Rubric,
    pub seed: u64,
    pub moves: Vec<Move>,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ReplayError {
    #[error("the log is version {found}; this build reads version {LOG_VERSION}")]
    Version { found: u32 },
    #[error("the log is for scenario `{log}`, not `{given}`")]
    WrongScenario { log: String, given: String },
    #[error(
        "scenario `{id}` has changed since the log was made (hash {found}, log has {expected})"
    )]
    HashMismatch {
        id: String,
        expected: String,
        found: String,
    },
    #[error("move {turn} ({mv}) was refused: {error}")]
    Move {
        turn: u32,
        mv: String,
        error: MoveError,
    },
}

impl Session {
    /// The log of this session so far.
    pub fn log(&self, scenario_hash: &str) -> SessionLog {
        SessionLog {
            version: LOG_VERSION,
            scenario: self.scenario().id.clone(),
            scenario_hash: scenario_hash.to_owned(),
            rubric: self.rubric().clone(),
            seed: self.seed(),
            moves: self.moves().to_vec(),
        }
    }
}

impl SessionLog {
    /// Plays the log again on `scenario`, whose file hashes to `hash`.
    pub fn replay(&self, scenario: Arc<Scenario>, hash: &str) -> Result<Session, ReplayError> {
        self.replay_prefix(scenario, hash, self.moves.len())
    }

    /// Plays the first `n` moves: "retry from this turn" starts here.
    pub fn replay_prefix(
        &self,
        scenario: Arc<Scenario>,
        hash: &str,
        n: usize,
    ) -> Result<Session, ReplayError> {
        if self.version != LOG_VERSION {
            return Err(ReplayError::Version {
                found: self.version,
            });
        }
        if scenario.id != self.scenario {
            return Err(ReplayError::WrongScenario {
                log: self.scenario.clone(),
                given: scenario.id.clone(),
            });
        }
        if hash != self.scenario_hash {
            return Err(ReplayError::HashMismatch {
                id: self.scenario.clone(),
                expected: self.scenario_hash.clone(),
                found: hash.to_owned(),
            });
        }
        let mut session = Session::new(scenario, self.rubric.clone(), self.seed);
        for (i, mv) in self.moves.iter().take(n).enumerate() {
            session
                .apply(mv.clone())
                .map_err(|error| ReplayError::Move {
                    turn: i as u32 + 1,
                    mv: mv.to_string(),
                    error,
                })?;
        }
        Ok(session)
    }

    /// The log as pretty RON, the format `dealcraft play --log` writes.
    pub fn to_ron(&self) -> String {
        let config = ron::ser::PrettyConfig::new().depth_limit(2);
        ron::ser::to_string_pretty(self, config).unwrap_or_default()
    }

    /// Reads a log written as RON or JSON.
    pub fn parse(text: &str) -> Result<SessionLog, String> {
        if text.trim_start().starts_with('{') {
            serde_json::from_str(text).map_err(|e| format!("{}:{}: {e}", e.line(), e.column()))
        } else {
            ron::Options::default()
                .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
                .from_str(text)
                .map_err(|e| e.to_string())
        }
    }
}

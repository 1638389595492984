//! Session logs: scenario id and hash, rubric, seed and moves — enough to replay and re-score a
//! session anywhere, byte for byte.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::moves::Move;
use crate::rubric::Rubric;
use crate::scenario::{Lang, Scenario};
use crate::scoring::{SCORING_VERSION, score};
use crate::session::{MoveError, Session};

/// Log format version, bumped when the format changes so old logs would not read. Changes to
/// the client model or the scoring rules are [`SCORING_VERSION`]'s business: an old log still
/// replays, and is re-scored.
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
    /// The scoring version the session was scored with; logs from before versions were kept
    /// were scored with version 1.
    #[serde(default = "first_scoring_version")]
    pub scoring_version: u32,
    /// The overall score the session was given when the log was written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overall: Option<u32>,
    /// Played in coach mode, with the client's hidden meters shown: never a workshop attempt.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub coached: bool,
    /// What the trainee typed, by turn: the seller's lines of typed turns. Logs from before
    /// typed turns have none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub said: BTreeMap<u32, String>,
}

fn first_scoring_version() -> u32 {
    1
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
    /// The log of this session so far, with its score under this build's rules.
    pub fn log(&self, scenario_hash: &str) -> SessionLog {
        SessionLog {
            version: LOG_VERSION,
            scenario: self.scenario().id.clone(),
            scenario_hash: scenario_hash.to_owned(),
            rubric: self.rubric().clone(),
            seed: self.seed(),
            moves: self.moves().to_vec(),
            scoring_version: SCORING_VERSION,
            overall: Some(score(self).overall),
            coached: false,
            said: self.said().clone(),
        }
    }
}

impl SessionLog {
    /// Whether the log was scored under older rules than this build's: replaying it re-scores
    /// it.
    pub fn is_older(&self) -> bool {
        self.scoring_version < SCORING_VERSION
    }

    /// "re-scored under v2 (was 85)" for a log scored under older rules, given the score it had
    /// (the log's own, or one stored with it).
    pub fn rescore_note(&self, was: Option<u32>, lang: Lang) -> Option<String> {
        if !self.is_older() {
            return None;
        }
        let was = was.or(self.overall);
        Some(match (lang, was) {
            (Lang::En, Some(w)) => format!("re-scored under v{SCORING_VERSION} (was {w})"),
            (Lang::En, None) => format!(
                "re-scored under v{SCORING_VERSION} (scored under v{} before)",
                self.scoring_version
            ),
            (Lang::Ru, Some(w)) => format!("пересчитано по правилам v{SCORING_VERSION} (было {w})"),
            (Lang::Ru, None) => format!(
                "пересчитано по правилам v{SCORING_VERSION} (раньше — по v{})",
                self.scoring_version
            ),
        })
    }

    /// Plays the log again on `scenario`, whose file hashes to `hash`. A log scored under older
    /// rules may take another path under these (a client that now leaves sooner, an objection
    /// that no longer comes up): replay stops at the first move the session now refuses, and
    /// the session is re-scored as far as it went.
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
            let played = match self.said.get(&(i as u32 + 1)) {
                Some(text) => session.apply_said(mv.clone(), text),
                None => session.apply(mv.clone()),
            };
            match played {
                Ok(_) => {}
                // Under newer rules the same moves can take another path (the client leaves
                // sooner, an objection never comes up): the session is re-scored as far as it
                // goes.
                Err(_) if self.is_older() => break,
                Err(error) => {
                    return Err(ReplayError::Move {
                        turn: i as u32 + 1,
                        mv: mv.to_string(),
                        error,
                    });
                }
            }
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

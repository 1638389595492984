//! Copied attempts: the same moves (scenario, seed, rubric and move list) that another player
//! recorded first. The score is earned honestly either way, so a copy stays on the board, marked
//! for the trainer to see.

use dealcraft_core::SessionLog;
use dealcraft_core::moves::Move;
use dealcraft_core::rubric::Rubric;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The attempt a board row repeats move for move: its player and when it was recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CopyOf {
    pub player: String,
    /// Unix seconds.
    pub recorded_at: i64,
}

/// What makes two attempts the same play, hashed: SHA-256 of the scenario (id and file hash),
/// seed, rubric and moves as JSON, first 16 bytes in hex. The outcome and score follow from
/// these, and the coach flag or claimed score do not change the play.
pub fn moves_hash(log: &SessionLog) -> String {
    #[derive(Serialize)]
    struct Play<'a> {
        scenario: &'a str,
        scenario_hash: &'a str,
        seed: u64,
        rubric: &'a Rubric,
        moves: &'a [Move],
    }
    let play = Play {
        scenario: &log.scenario,
        scenario_hash: &log.scenario_hash,
        seed: log.seed,
        rubric: &log.rubric,
        moves: &log.moves,
    };
    // Serialising these plain types to JSON cannot fail.
    let json = serde_json::to_vec(&play).unwrap_or_default();
    Sha256::digest(&json)[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

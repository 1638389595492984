//! Copied attempts: the same moves (scenario, seed, rubric and move list) that another player
//! recorded first. The score is earned honestly either way, so a copy stays on the board, marked
//! for the trainer to see.

use std::collections::HashMap;

use dealcraft_core::SessionLog;
use dealcraft_core::moves::Move;
use dealcraft_core::rubric::Rubric;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::AttemptSummary;

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

/// The first attempt of each play among `attempts` (in recording order).
pub(crate) struct Originals<'a>(HashMap<&'a str, &'a AttemptSummary>);

impl<'a> Originals<'a> {
    pub(crate) fn of(attempts: &'a [AttemptSummary]) -> Originals<'a> {
        let mut first = HashMap::new();
        for a in attempts {
            if let Some(hash) = &a.moves_hash {
                first.entry(hash.as_str()).or_insert(a);
            }
        }
        Originals(first)
    }

    /// The earlier attempt `a` copies: the first with its moves, when another player made it.
    pub(crate) fn copy_of(&self, a: &AttemptSummary) -> Option<CopyOf> {
        let first = self.0.get(a.moves_hash.as_deref()?)?;
        let other = first.id != a.id && !crate::names::same_player(&first.player, &a.player);
        other.then(|| CopyOf {
            player: first.player.clone(),
            recorded_at: first.recorded_at,
        })
    }
}

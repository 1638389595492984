//! Helpers the engine tests share: the fleet client, sessions on it, and moves.

#![allow(dead_code, reason = "each test file uses its own share of the helpers")]

use std::sync::Arc;

use dealcraft_core::moves::{Move, QuestionKind};
use dealcraft_core::scenario::Scenario;
use dealcraft_core::{Rubric, Session, bundled};

pub fn scenario() -> Scenario {
    bundled::load("fleet-telematics").expect("bundled").scenario
}

pub fn session_with(sc: Scenario, seed: u64) -> Session {
    Session::new(Arc::new(sc), Rubric::default(), seed)
}

pub fn ask(kind: QuestionKind, need: Option<&str>) -> Move {
    Move::Ask {
        kind,
        need: need.map(Into::into),
    }
}

/// Plays every move, failing the test with the engine's reason if one is refused.
pub fn play(s: &mut Session, moves: &[Move]) {
    for mv in moves {
        s.apply(mv.clone()).unwrap_or_else(|e| panic!("{mv}: {e}"));
    }
}

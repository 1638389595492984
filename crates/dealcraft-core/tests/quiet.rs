//! A quiet session (no words built) plays, draws and scores exactly as a speaking one, and a
//! quiet scorecard has the same rules, turns and points: the fast path the analyzer and the
//! exploit search use gives bit-identical results.

use std::sync::Arc;

use dealcraft_core::bots::{BotKind, play, play_quietly};
use dealcraft_core::scoring::score_quietly;
use dealcraft_core::{Rubric, bundled, score};

const SEEDS: u64 = 150;

#[test]
fn quiet_sessions_match_speaking_ones_move_for_move_and_point_for_point() {
    let mut compared = 0;
    for loaded in bundled::all() {
        let sc = Arc::new(loaded.expect("bundled").scenario);
        for kind in BotKind::ALL {
            for seed in 0..SEEDS {
                let loud = play(kind, sc.clone(), Rubric::default(), seed);
                let quiet = play_quietly(kind, sc.clone(), Rubric::default(), seed);
                assert_eq!(quiet.moves(), loud.moves(), "{} {kind} {seed}", sc.id);
                assert_eq!(quiet.turns(), loud.turns(), "{} {kind} {seed}", sc.id);
                assert_eq!(quiet.client(), loud.client());
                assert_eq!(quiet.outcome(), loud.outcome());
                assert!(quiet.transcript().is_empty() && !loud.transcript().is_empty());
                let (q, l) = (score_quietly(&quiet), score(&loud));
                assert!(q.findings().all(|f| f.text.is_empty() && f.tip.is_none()));
                assert_eq!(q.overall, l.overall);
                assert_eq!(q.stages_score, l.stages_score);
                let points = |c: &dealcraft_core::Scorecard| {
                    c.findings()
                        .map(|f| (f.rule, f.turn, f.points))
                        .collect::<Vec<_>>()
                };
                assert_eq!(points(&q), points(&l), "{} {kind} {seed}", sc.id);
                compared += 1;
            }
        }
    }
    assert!(compared >= 6 * 4 * SEEDS as usize);
}

//! The live board and group commit: a board kept in memory equals the one built from the
//! store, and a batch keeps every rule of a single write.

use std::sync::Arc;

use dealcraft_core::bots::{self, BotKind};
use dealcraft_core::bundled;
use dealcraft_store::{Filter, LiveBoard, NewAttempt, NewWorkshop, Store, StoreError};

const BOTS: [BotKind; 4] = [
    BotKind::Textbook,
    BotKind::Pushy,
    BotKind::Discounter,
    BotKind::Random,
];

/// One finished attempt per bot and seed, on a real scenario.
fn attempts(scenario: &str, seeds: u64) -> Vec<NewAttempt> {
    let loaded = bundled::load(scenario).unwrap();
    let sc = Arc::new(loaded.scenario);
    let mut out = Vec::new();
    for seed in 0..seeds {
        for bot in BOTS {
            let s = bots::play(bot, sc.clone(), bundled::default_rubric(), seed);
            out.push(NewAttempt::from_session("x", &s, &loaded.hash, None));
        }
    }
    out
}

/// A small generator, so the test is the same on every run without a dependency.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

#[test]
fn the_live_board_equals_the_board_built_from_the_store() {
    let pool = [attempts("fleet-telematics", 4), attempts("cnc-retrofit", 2)].concat();
    // Names differing only in case are one player; ties, repeats and coached attempts included.
    let names = ["Ann", "ann", "Bo", "Cy", "Dee", "BO", "Eve", "Fay"];
    for round in 0..6u64 {
        let store = Store::open_in_memory().unwrap();
        let mut live = LiveBoard::default();
        let mut rng = Lcg(round);
        for n in 0..(10 + 15 * round as usize) {
            let mut a = pool[rng.next(pool.len())].clone();
            a.player = names[rng.next(names.len())].to_owned();
            a = a.coached(n % 7 == 3);
            let rec = store.record_batch(std::slice::from_ref(&a)).unwrap();
            let rec = rec.into_iter().next().unwrap().unwrap();
            if rec.new {
                live.add(a.summary(rec.id, &rec.player, rec.recorded_at));
            }
            let want = store.board(&Filter::default()).unwrap();
            assert_eq!(live.board(), want, "round {round}, after {n} attempts");
            for row in &want.rows {
                assert_eq!(live.rank(&row.player), Some(row.rank), "{}", row.player);
            }
            // The first rows alone are the first rows of the whole board.
            let top = live.snapshot().top(3);
            assert_eq!(
                top.rows,
                want.rows.iter().take(3).cloned().collect::<Vec<_>>()
            );
            assert_eq!(
                (top.stages, top.funnel),
                (want.stages.clone(), want.funnel.clone())
            );
        }
        // Loaded from the store in one go, it is the same board again.
        let loaded = LiveBoard::from_attempts(store.attempts(&Filter::default()).unwrap());
        assert_eq!(loaded.board(), live.board());
    }
}

#[test]
fn a_batch_is_one_transaction_that_keeps_the_rules_of_a_single_write() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("batch.db")).unwrap();
    let loaded = bundled::load("fleet-telematics").unwrap();
    let w = store
        .create_workshop(&NewWorkshop {
            name: "W".into(),
            scenario_source: bundled::source("fleet-telematics").unwrap().into(),
            scenario: "fleet-telematics".into(),
            scenario_hash: loaded.hash,
            rubric: bundled::default_rubric(),
            seed: 0,
            roster: Vec::new(),
        })
        .unwrap();
    let pool = attempts("fleet-telematics", 1);
    let named = |i: usize, name: &str| {
        let mut a = pool[i].clone();
        a.player = name.into();
        a.workshop = Some(w.id);
        a
    };
    let batch = vec![
        named(0, "Ann"),
        named(1, "Bo"),
        // The same log from the same player (in another case) is the same attempt.
        named(0, "ann"),
        named(1, "\u{200B}"),
        named(2, "Cy").coached(true),
        named(2, "Cy"),
    ];
    let out = store.record_batch(&batch).unwrap();
    let ok: Vec<_> = out.iter().map(|r| r.as_ref().ok().cloned()).collect();
    let (ann, bo, again, cy) = (
        ok[0].clone().unwrap(),
        ok[1].clone().unwrap(),
        ok[2].clone().unwrap(),
        ok[5].clone().unwrap(),
    );
    assert!(ann.new && bo.new && cy.new && !again.new);
    assert_eq!((again.id, again.player.as_str()), (ann.id, "Ann"));
    assert!(
        matches!(out[3], Err(StoreError::BadName(_))),
        "{:?}",
        out[3]
    );
    assert!(matches!(out[4], Err(StoreError::CoachedInWorkshop)));
    assert_eq!(store.attempts(&Filter::default()).unwrap().len(), 3);
    // A batch sent again finds every attempt already stored.
    let out = store.record_batch(&batch[..2]).unwrap();
    assert!(out.iter().all(|r| !r.as_ref().unwrap().new));
    let back = store.attempt(ann.id).unwrap();
    assert_eq!(back.log, batch[0].log);
    assert_eq!(back.summary.stages.len(), batch[0].card.stages.len());
    assert_eq!(
        store
            .same_attempt(Some(w.id), "Ann", &batch[0].log)
            .unwrap(),
        Some(ann.id)
    );
}

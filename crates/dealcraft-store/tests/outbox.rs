//! Verdicts and the LRS outbox: each attempt keeps passed or failed (older databases get theirs
//! when opened), and statements wait in the outbox until the LRS takes them, never twice.

use std::sync::Arc;
use std::time::Duration;

use dealcraft_core::bots::{self, BotKind};
use dealcraft_core::{Session, bundled};
use dealcraft_store::{Filter, NewAttempt, Store, backoff};

fn session(bot: BotKind, seed: u64) -> (Session, String) {
    let loaded = bundled::load("fleet-telematics").unwrap();
    let s = bots::play(
        bot,
        Arc::new(loaded.scenario),
        bundled::default_rubric(),
        seed,
    );
    (s, loaded.hash)
}

fn attempt(player: &str, bot: BotKind, seed: u64) -> NewAttempt {
    let (s, hash) = session(bot, seed);
    NewAttempt::from_session(player, &s, &hash, None)
}

#[test]
fn an_attempt_keeps_its_verdict_duration_and_critical_errors() {
    let store = Store::open_in_memory().unwrap();
    let good = attempt("Ann", BotKind::Textbook, 1).took(Duration::from_secs(754));
    let id = store.record(&good).unwrap();
    store.record(&attempt("Ann", BotKind::Pushy, 1)).unwrap();
    let all = store.attempts(&Filter::default()).unwrap();
    assert_eq!(all[0].id, id);
    assert_eq!(
        (all[0].passed, all[0].pass_mark, all[0].duration_ms),
        (Some(true), Some(70), Some(754_000))
    );
    assert_eq!((all[1].passed, all[1].duration_ms), (Some(false), None));
    // The board shows the verdict of each player's best, in JSON and CSV.
    let board = store.board(&Filter::default()).unwrap();
    assert_eq!(board.rows[0].passed, Some(true));
    let csv = board.to_csv();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let at = header.iter().position(|h| *h == "result").unwrap();
    assert_eq!(header[at - 1], "pass_mark");
    assert_eq!(
        csv.lines().nth(1).unwrap().split(',').nth(at),
        Some("passed")
    );
    let history = dealcraft_store::attempts_csv(&all);
    assert!(
        history.lines().nth(2).unwrap().contains(",70,failed,"),
        "{history}"
    );
}

#[test]
fn a_version_3_database_gets_each_attempts_verdict_from_what_it_stored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v3.db");
    let good = attempt("Ann", BotKind::Textbook, 2);
    let poor = attempt("Bo", BotKind::Pushy, 2);
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        let tx = conn.transaction().unwrap();
        for n in 1..=3 {
            tx.execute_batch(dealcraft_store::schema_step(n)).unwrap();
        }
        tx.pragma_update(None, "user_version", 3).unwrap();
        tx.commit().unwrap();
        conn.execute(
            "INSERT INTO players (id, name, created_at) VALUES (1, 'Ann', 0), (2, 'Bo', 0), (3, 'Cy', 0)",
            [],
        )
        .unwrap();
        // Ann's textbook play, Bo's pushy play, and Cy's textbook play with a critical error
        // on record (as if sold below the floor), each with its stage scores.
        for (id, player, a, critical) in [
            (1, 1, &good, false),
            (2, 2, &poor, false),
            (3, 3, &good, true),
        ] {
            conn.execute(
                "INSERT INTO attempts (id, player_id, scenario, scenario_hash, rubric, seed, log,
                     outcome, turns, overall, recorded_at, scoring_version)
                 VALUES (?1, ?2, 'fleet-telematics', ?3, 'default', 2, ?4, 'deal', 40, ?5, 0, ?6)",
                rusqlite::params![
                    id,
                    player,
                    a.log.scenario_hash,
                    a.log.to_ron(),
                    a.card.overall,
                    dealcraft_core::scoring::SCORING_VERSION
                ],
            )
            .unwrap();
            for s in &a.card.stages {
                conn.execute(
                    "INSERT INTO attempt_stages VALUES (?1, ?2, ?3, ?4, ?5)",
                    rusqlite::params![id, s.stage.key(), s.score, s.weight, s.reached],
                )
                .unwrap();
            }
            if critical {
                conn.execute(
                    "INSERT INTO findings VALUES (?1, 0, 'negotiation', 'critical.below_floor', 30, 0, 'below the floor', NULL)",
                    [id],
                )
                .unwrap();
            }
        }
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), 4);
    let all = store.attempts(&Filter::default()).unwrap();
    let verdicts: Vec<_> = all
        .iter()
        .map(|a| (a.player.as_str(), a.passed, a.pass_mark))
        .collect();
    assert_eq!(
        verdicts,
        [
            ("Ann", Some(true), Some(70)),
            ("Bo", Some(false), Some(70)),
            ("Cy", Some(false), Some(70))
        ]
    );
    assert_eq!(all[2].critical, ["critical.below_floor"]);
    assert!(
        good.card.overall >= 70,
        "the critical error alone failed Cy"
    );
}

fn statements(tag: &str, n: usize) -> Vec<(String, String)> {
    (0..n)
        .map(|i| (format!("{tag}-{i}"), format!("{{\"n\": {i}}}")))
        .collect()
}

#[test]
fn statements_wait_in_order_until_sent_and_are_queued_once() {
    let store = Store::open_in_memory().unwrap();
    let a = store.record(&attempt("Ann", BotKind::Textbook, 1)).unwrap();
    let b = store.record(&attempt("Bo", BotKind::Pushy, 1)).unwrap();
    assert_eq!(store.unqueued_attempts(10).unwrap(), [a, b]);
    let counts = store.outbox_counts(None).unwrap();
    assert_eq!((counts.attempts_waiting, counts.statements_waiting), (2, 0));

    assert_eq!(
        store
            .queue_statements(Some(a), "reg-a", &statements("a", 4))
            .unwrap(),
        4
    );
    // Queued again (a crash before it was marked, a second push): nothing new.
    assert_eq!(
        store
            .queue_statements(Some(a), "reg-a", &statements("a", 4))
            .unwrap(),
        0
    );
    assert_eq!(store.unqueued_attempts(10).unwrap(), [b]);
    let waiting = store.outbox_waiting(None, 100).unwrap();
    let ids: Vec<&str> = waiting.iter().map(|r| r.statement_id.as_str()).collect();
    assert_eq!(ids, ["a-0", "a-1", "a-2", "a-3"]);

    store.outbox_sent(&["a-0".into(), "a-1".into()]).unwrap();
    let counts = store.outbox_counts(Some("ann")).unwrap();
    assert_eq!(
        counts.attempts_waiting, 1,
        "Ann's attempt still has two to send"
    );
    store.outbox_sent(&["a-2".into(), "a-3".into()]).unwrap();
    assert_eq!(
        store.outbox_counts(Some("Ann")).unwrap().attempts_waiting,
        0
    );
    assert_eq!(
        store.outbox_counts(None).unwrap().attempts_waiting,
        1,
        "Bo's"
    );
    assert_eq!(store.outbox_counts(None).unwrap().sent, 4);
    assert!(store.has_statement("a-3").unwrap());
}

#[test]
fn a_failed_send_keeps_the_answer_and_waits_longer_each_time() {
    let store = Store::open_in_memory().unwrap();
    let a = store.record(&attempt("Ann", BotKind::Textbook, 1)).unwrap();
    store
        .queue_statements(Some(a), "reg", &statements("s", 2))
        .unwrap();
    let ids = vec!["s-0".to_owned(), "s-1".to_owned()];
    store
        .outbox_failed(&ids, 503, "Service Unavailable")
        .unwrap();
    let now = jiff::Timestamp::now().as_second();
    // A background sender waits; a push by hand tries at once.
    assert!(store.outbox_waiting(Some(now), 10).unwrap().is_empty());
    assert_eq!(
        store
            .outbox_waiting(Some(now + backoff(1)), 10)
            .unwrap()
            .len(),
        2
    );
    store
        .outbox_failed(&ids[..1], 0, "connection refused")
        .unwrap();
    assert_eq!(
        store
            .outbox_waiting(Some(now + backoff(1)), 10)
            .unwrap()
            .len(),
        1
    );
    let failing = store.outbox_failing(10).unwrap();
    assert_eq!(failing.len(), 2);
    assert_eq!(
        (
            failing[0].tries,
            failing[0].status,
            failing[0].answer.as_deref()
        ),
        (2, Some(0), Some("connection refused"))
    );
    assert_eq!(failing[1].status, Some(503));
    let counts = store.outbox_counts(None).unwrap();
    assert_eq!((counts.statements_waiting, counts.failing), (2, 2));
    store.outbox_sent(&ids).unwrap();
    assert!(store.outbox_failing(10).unwrap().is_empty());
    // A new LRS: everything goes again.
    assert_eq!(store.outbox_send_again().unwrap(), 2);
    assert_eq!(store.outbox_waiting(None, 10).unwrap().len(), 2);
}

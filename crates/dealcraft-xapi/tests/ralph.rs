//! Against a real Ralph LRS (`scripts/ralph-lrs`, from the `.venv-lrs` that `.ci/run` makes):
//! every statement validates against Ralph's xAPI model, pushed statements read back the same,
//! a refused statement is reported with Ralph's answer, and stopping the LRS in the middle of a
//! push loses nothing and duplicates nothing once it is back.
//!
//! Without the virtual environment these tests print why and pass, unless
//! `DEALCRAFT_REQUIRE_LRS` is set (CI sets it): then they fail.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use dealcraft_core::bots::{self, BotKind};
use dealcraft_core::{bundled, score};
use dealcraft_store::{NewAttempt, NewWorkshop, Store};
use dealcraft_xapi::config::PlayerId;
use dealcraft_xapi::export::{self, Selection};
use dealcraft_xapi::ralph::{self, LocalLrs};
use dealcraft_xapi::{Catalog, Config, Lrs, push};
use serde_json::{Value, json};

fn record(store: &Store, player: &str, scenario: &str, bot: BotKind, seed: u64) -> i64 {
    let loaded = bundled::load(scenario).unwrap();
    let s = bots::play(
        bot,
        Arc::new(loaded.scenario),
        bundled::default_rubric(),
        seed,
    );
    let mut attempt = NewAttempt::from_session(player, &s, &loaded.hash, None);
    if seed.is_multiple_of(2) {
        attempt = attempt.took(Duration::from_millis(seed * 61_333));
    }
    store.record(&attempt).unwrap()
}

#[test]
fn every_statement_validates_against_ralphs_xapi_model() {
    let Some(venv) = ralph::venv("every_statement_validates_against_ralphs_xapi_model") else {
        return;
    };
    let store = Store::open_in_memory().unwrap();
    let mut seed = 0;
    for id in bundled::ids() {
        for bot in [
            BotKind::Textbook,
            BotKind::Pushy,
            BotKind::Discounter,
            BotKind::Random,
        ] {
            seed += 1;
            let player = if seed % 3 == 0 {
                "Ann Lee"
            } else {
                "Борис"
            };
            record(&store, player, &id, bot, seed);
        }
    }
    // A workshop attempt, and a session with a critical error.
    let loaded = bundled::load("solar-farm").unwrap();
    let w = store
        .create_workshop(&NewWorkshop {
            name: "Q1 cohort".into(),
            scenario_source: bundled::source("solar-farm").unwrap().into(),
            scenario: "solar-farm".into(),
            scenario_hash: loaded.hash.clone(),
            rubric: bundled::default_rubric(),
            seed: 4,
            roster: vec!["Cy".into()],
        })
        .unwrap();
    let sc = Arc::new(loaded.scenario);
    let s = bots::play(BotKind::Textbook, sc.clone(), bundled::default_rubric(), 4);
    store
        .record(&NewAttempt::from_session(
            "Cy",
            &s,
            &loaded.hash,
            Some(w.id),
        ))
        .unwrap();
    let critical = (1..300)
        .map(|seed| bots::play(BotKind::Random, sc.clone(), bundled::default_rubric(), seed))
        .find(|s| !score(s).critical.is_empty())
        .expect("some random play has a critical error");
    store
        .record(&NewAttempt::from_session(
            "Dee",
            &critical,
            &loaded.hash,
            None,
        ))
        .unwrap();
    let config = Config {
        players: BTreeMap::from([(
            "Ann Lee".to_owned(),
            PlayerId {
                account: None,
                email: Some("ann.lee@example.com".into()),
            },
        )]),
        ..Config::default()
    };
    let tracks = bundled::tracks();
    let catalog = Catalog {
        config: &config,
        scenario: &bundled::find,
        tracks: &tracks,
    };
    let mut statements = export::statements(&store, &catalog, &Selection::default()).unwrap();
    // A completed track's statement too.
    let track = &tracks[0];
    let progress = track.progress(&[]);
    assert!(catalog.track_passed("Ann Lee", track, &progress).is_none());
    let done: Vec<_> = track
        .scenarios
        .iter()
        .enumerate()
        .map(|(i, e)| dealcraft_core::track::TrackAttempt {
            scenario: e.scenario.clone(),
            recorded_at: 1_800_000_000 + i as i64,
            overall: 95,
            stages: Vec::new(),
            critical: Vec::new(),
            passed: true,
            coached: false,
        })
        .collect();
    let passed = catalog
        .track_passed("Ann Lee", track, &track.progress(&done))
        .expect("every scenario passed");
    statements.push(passed.statements[0].1.clone());
    assert!(statements.len() > 100);
    let invalid = ralph::invalid_statements(&venv, &statements);
    assert!(invalid.is_empty(), "{}", invalid.join("\n"));
    // The check itself can fail: an empty name is refused.
    let mut broken = statements[0].clone();
    broken["actor"]["name"] = json!("");
    assert_eq!(ralph::invalid_statements(&venv, &[broken]).len(), 1);
}

fn all_statements(lrs: &Lrs) -> Vec<Value> {
    lrs.statements(&[("limit", "100")]).unwrap()
}

#[test]
fn pushed_statements_read_back_as_built_and_a_second_push_sends_nothing() {
    let Some(venv) = ralph::venv("pushed_statements_read_back_as_built") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let local = LocalLrs::start(&venv, dir.path());
    let config = local.config();
    let lrs = Lrs::new(&config);
    let store = Store::open_in_memory().unwrap();
    let ids: Vec<i64> = (1..=3)
        .map(|seed| {
            let bot = if seed == 2 {
                BotKind::Textbook
            } else {
                BotKind::Pushy
            };
            record(&store, "Ann", "fleet-telematics", bot, seed)
        })
        .collect();
    let catalog = Catalog {
        config: &config,
        scenario: &bundled::find,
        tracks: &[],
    };
    let report = push::push(&store, &lrs, &catalog).unwrap();
    assert_eq!((report.queued_attempts, report.sent), (3, 12), "{report:?}");
    assert!(report.stopped.is_none() && report.refused.is_empty());
    assert_eq!(report.waiting.attempts_waiting, 0);
    for id in ids {
        let attempt = store.attempt(id).unwrap();
        let built = catalog.attempt(&attempt, None);
        let back = lrs
            .statements(&[("registration", &built.registration.to_string())])
            .unwrap();
        let back_ids: BTreeSet<String> = back
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_owned())
            .collect();
        let built_ids: BTreeSet<String> = built
            .statements
            .iter()
            .map(|(id, _)| id.to_string())
            .collect();
        assert_eq!(back_ids, built_ids);
        let verdict = back
            .iter()
            .find(|s| s["result"]["score"].is_object())
            .expect("the verdict statement");
        assert_eq!(verdict["result"]["score"]["raw"], attempt.summary.overall);
        assert_eq!(
            verdict["result"]["success"],
            attempt.summary.passed.unwrap()
        );
    }
    let again = push::push(&store, &lrs, &catalog).unwrap();
    assert_eq!((again.queued_statements, again.sent), (0, 0));
    assert_eq!(all_statements(&lrs).len(), 12);
}

#[test]
fn a_statement_the_lrs_refuses_is_reported_with_its_answer_and_the_rest_get_through() {
    let Some(venv) = ralph::venv("a_statement_the_lrs_refuses_is_reported") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let local = LocalLrs::start(&venv, dir.path());
    let config = Config {
        batch: 10,
        ..local.config()
    };
    let lrs = Lrs::new(&config);
    let store = Store::open_in_memory().unwrap();
    record(&store, "Ann", "clinic-scheduling", BotKind::Textbook, 1);
    let catalog = Catalog {
        config: &config,
        scenario: &bundled::find,
        tracks: &[],
    };
    let mut report = push::Report::default();
    push::queue(&store, &catalog, &mut report).unwrap();
    // A statement with no actor, queued by hand (as an older build might have made one).
    let bad = json!({
        "id": "3c1d5e1a-0d0e-4b7a-9a55-8e2b6f3e0001",
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
        "object": {"id": "https://dealcraft.invalid/xapi/scenarios/x"},
    });
    store
        .queue_statements(
            None,
            "hand-made",
            &[(
                "3c1d5e1a-0d0e-4b7a-9a55-8e2b6f3e0001".into(),
                bad.to_string(),
            )],
        )
        .unwrap();
    push::send(&store, &lrs, config.batch, None, &mut report).unwrap();
    assert_eq!(report.sent, 4);
    assert_eq!(report.refused.len(), 1, "{report:?}");
    let refused = &report.refused[0];
    assert!((400..500).contains(&refused.status), "{refused:?}");
    assert!(
        refused.answer.contains("actor"),
        "Ralph says what is wrong: {}",
        refused.answer
    );
    // It stays queued, with the answer, for the report and the next push.
    let failing = store.outbox_failing(10).unwrap();
    assert_eq!(failing.len(), 1);
    assert_eq!(failing[0].answer.as_deref(), Some(refused.answer.as_str()));
    assert_eq!(all_statements(&lrs).len(), 4);
}

#[test]
fn stopping_the_lrs_mid_push_loses_nothing_and_duplicates_nothing() {
    let Some(venv) = ralph::venv("stopping_the_lrs_mid_push_loses_nothing") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut local = LocalLrs::start(&venv, &dir.path().join("lrs"));
    // Small batches, so the push takes long enough to be interrupted.
    let config = Config {
        batch: 2,
        ..local.config()
    };
    let db = dir.path().join("dealcraft.db");
    let store = Store::open(&db).unwrap();
    let attempts = 50;
    for seed in 0..attempts {
        let bot = [BotKind::Textbook, BotKind::Pushy, BotKind::Random][seed as usize % 3];
        record(
            &store,
            &format!("P{}", seed % 7),
            "horeca-coffee",
            bot,
            seed,
        );
    }
    let total = attempts as usize * 4;
    // Push on another thread; stop the LRS once some statements are in it.
    let pusher = {
        let (db, config) = (db.clone(), config.clone());
        std::thread::spawn(move || {
            let store = Store::open(&db).unwrap();
            let lrs = Lrs::new(&config);
            let catalog = Catalog {
                config: &config,
                scenario: &bundled::find,
                tracks: &[],
            };
            push::push(&store, &lrs, &catalog).unwrap()
        })
    };
    let deadline = Instant::now() + Duration::from_secs(120);
    while store.outbox_counts(None).unwrap().sent < 10 {
        assert!(Instant::now() < deadline, "the push never got going");
        if pusher.is_finished() {
            let report = pusher.join().unwrap();
            panic!(
                "the push ended before the LRS could be stopped: {report:?}\n{}",
                local.log()
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    local.stop();
    let first = pusher.join().unwrap();
    let stopped = first.stopped.clone().expect("the push saw the LRS go away");
    assert!(stopped.starts_with("no answer"), "{stopped}");
    assert!(first.sent >= 10 && first.sent < total, "{first:?}");
    let waiting = store.outbox_counts(None).unwrap();
    assert_eq!(
        waiting.sent + waiting.statements_waiting,
        total,
        "nothing lost"
    );
    assert!(waiting.failing > 0, "the failed batch keeps its answer");

    local.restart();
    let lrs = Lrs::new(&config);
    let catalog = Catalog {
        config: &config,
        scenario: &bundled::find,
        tracks: &[],
    };
    let second = push::push(&store, &lrs, &catalog).unwrap();
    assert!(second.stopped.is_none(), "{second:?}\n{}", local.log());
    assert_eq!(second.waiting.statements_waiting, 0);
    assert_eq!(second.waiting.attempts_waiting, 0);
    let stored = all_statements(&lrs);
    let ids: BTreeSet<&str> = stored.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(stored.len(), total, "every statement once");
    assert_eq!(ids.len(), total, "no id twice");
    let built: BTreeSet<String> = export::statements(&store, &catalog, &Selection::default())
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        ids,
        built.iter().map(String::as_str).collect(),
        "exactly the attempts' statements"
    );
}

//! Statements built from recorded attempts: the cmi5 verbs in order, stable ids, the verdict
//! with its evidence, the replayable log, actors as the settings name them, workshops and tracks
//! as parents, and exports by date and player.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use dealcraft_core::bots::{self, BotKind};
use dealcraft_core::track::Track;
use dealcraft_core::{SessionLog, bundled, score};
use dealcraft_store::{NewAttempt, NewWorkshop, Store};
use dealcraft_xapi::config::PlayerId;
use dealcraft_xapi::export::{self, Selection};
use dealcraft_xapi::{Catalog, Config};
use serde_json::Value;

fn record(store: &Store, player: &str, scenario: &str, bot: BotKind, seed: u64) -> i64 {
    let loaded = bundled::load(scenario).unwrap();
    let s = bots::play(
        bot,
        Arc::new(loaded.scenario),
        bundled::default_rubric(),
        seed,
    );
    let attempt = NewAttempt::from_session(player, &s, &loaded.hash, None)
        .took(Duration::from_millis(754_250));
    store.record(&attempt).unwrap()
}

fn config() -> Config {
    Config {
        activity_base: "https://training.example.com/dealcraft".into(),
        home_page: "https://lms.example.com".into(),
        players: BTreeMap::from([
            (
                "Ann".to_owned(),
                PlayerId {
                    account: Some("emp-42".into()),
                    email: None,
                },
            ),
            (
                "Bo".to_owned(),
                PlayerId {
                    account: None,
                    email: Some("bo@example.com".into()),
                },
            ),
        ]),
        ..Config::default()
    }
}

fn verbs(statements: &[(uuid::Uuid, Value)]) -> Vec<String> {
    statements
        .iter()
        .map(|(_, s)| {
            s["verb"]["id"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[test]
fn an_attempt_is_four_statements_in_cmi5_order_with_stable_ids() {
    let config = config();
    let catalog = Catalog {
        config: &config,
        scenario: &bundled::find,
        tracks: &[],
    };
    let store = Store::open_in_memory().unwrap();
    let good = record(&store, "Ann", "fleet-telematics", BotKind::Textbook, 3);
    let poor = record(&store, "Ann", "fleet-telematics", BotKind::Pushy, 3);
    let built = catalog.attempt(&store.attempt(good).unwrap(), None);
    assert_eq!(
        verbs(&built.statements),
        ["initialized", "completed", "passed", "terminated"]
    );
    let failed = catalog.attempt(&store.attempt(poor).unwrap(), None);
    assert_eq!(verbs(&failed.statements)[2], "failed");
    assert_ne!(built.registration, failed.registration);
    for (id, st) in &built.statements {
        assert_eq!(st["id"], id.to_string());
        assert_eq!(
            st["context"]["registration"],
            built.registration.to_string()
        );
        assert_eq!(
            st["object"]["id"],
            "https://training.example.com/dealcraft/scenarios/fleet-telematics"
        );
        assert_eq!(st["actor"]["account"]["name"], "emp-42");
        assert_eq!(
            st["actor"]["account"]["homePage"],
            "https://lms.example.com"
        );
    }
    // Started 12:34.25 before it was recorded; the others at the end.
    let t = |i: usize| jiff::Timestamp::from_str_ish(&built.statements[i].1["timestamp"]);
    assert_eq!(t(2).as_second() - t(0).as_second(), 754);
    // The same play by the same player, stored elsewhere (the workshop server), is the same
    // attempt: the same ids.
    let other = Store::open_in_memory().unwrap();
    let again = record(&other, "ann", "fleet-telematics", BotKind::Textbook, 3);
    let rebuilt = catalog.attempt(&other.attempt(again).unwrap(), None);
    let ids = |b: &dealcraft_xapi::statements::Built| {
        b.statements.iter().map(|(id, _)| *id).collect::<Vec<_>>()
    };
    assert_eq!(ids(&rebuilt), ids(&built));
}

/// `Timestamp::from_str` on a JSON string.
trait FromStrIsh {
    fn from_str_ish(v: &Value) -> jiff::Timestamp;
}

impl FromStrIsh for jiff::Timestamp {
    fn from_str_ish(v: &Value) -> jiff::Timestamp {
        v.as_str().unwrap().parse().unwrap()
    }
}

#[test]
fn the_verdict_statement_carries_the_score_the_reasons_and_a_replayable_log() {
    let config = config();
    let catalog = Catalog {
        config: &config,
        scenario: &bundled::find,
        tracks: &[],
    };
    let store = Store::open_in_memory().unwrap();
    let id = record(&store, "Bo", "clinic-scheduling", BotKind::Pushy, 5);
    let attempt = store.attempt(id).unwrap();
    let built = catalog.attempt(&attempt, None);
    let st = &built.statements[2].1;
    assert_eq!(st["actor"]["mbox"], "mailto:bo@example.com");
    assert!(st["actor"].get("account").is_none(), "one identifier only");
    let r = &st["result"];
    let overall = attempt.summary.overall;
    assert_eq!(r["score"]["raw"], overall);
    assert_eq!(r["score"]["scaled"], f64::from(overall) / 100.0);
    assert_eq!(
        (r["score"]["min"].clone(), r["score"]["max"].clone()),
        (0.into(), 100.into())
    );
    assert_eq!(r["success"], false);
    assert_eq!(r["completion"], true);
    assert_eq!(r["duration"], "PT12M34.25S");
    let ext = |name: &str| {
        &r["extensions"][format!("https://training.example.com/dealcraft/extensions/{name}")]
    };
    assert_eq!(ext("pass-mark")["overall"], 70);
    assert_eq!(ext("fail-reasons")[0]["kind"], "overall");
    assert_eq!(
        ext("stages")["needs"]["score"],
        attempt
            .summary
            .stages
            .iter()
            .find(|s| s.stage == dealcraft_core::Stage::Needs)
            .unwrap()
            .score
    );
    let cx = |name: &str| {
        &st["context"]["extensions"]
            [format!("https://training.example.com/dealcraft/extensions/{name}")]
    };
    assert_eq!(
        cx("seed"),
        "5",
        "a seed as text: 64 bits do not fit a JSON number"
    );
    assert_eq!(cx("scenario-hash"), attempt.summary.scenario_hash.as_str());
    assert_eq!(cx("rubric")["name"], "default");
    // The log in the record replays to the same score anywhere.
    let log = SessionLog::parse(cx("log").as_str().unwrap()).unwrap();
    let sc = bundled::find(&log.scenario, &log.scenario_hash).unwrap();
    let replayed = log.replay(sc, &log.scenario_hash).unwrap();
    assert_eq!(score(&replayed).overall, overall);
    assert_eq!(cx("moves").as_array().unwrap().len(), log.moves.len());
    // The other statements do not repeat the log.
    assert!(
        built.statements[0].1["context"]["extensions"]
            .as_object()
            .unwrap()
            .keys()
            .all(|k| !k.ends_with("/log"))
    );
    // Names and descriptions in both languages.
    let def = &st["object"]["definition"];
    assert_eq!(def["name"]["en"], "Online booking for a dental practice");
    assert!(
        def["name"]["ru"]
            .as_str()
            .unwrap()
            .starts_with("Встреча по продаже")
    );
    assert!(
        def["description"]["ru"]
            .as_str()
            .unwrap()
            .contains("сложность: лёгкая")
    );
    assert_eq!(
        def["type"],
        "http://adlnet.gov/expapi/activities/simulation"
    );
}

#[test]
fn a_critical_error_is_listed_and_fails_the_attempt() {
    let config = Config::default();
    let catalog = Catalog {
        config: &config,
        scenario: &bundled::find,
        tracks: &[],
    };
    let store = Store::open_in_memory().unwrap();
    // Some bot sessions sell below the floor or at a loss: find one.
    let loaded = bundled::load("solar-farm").unwrap();
    let sc = Arc::new(loaded.scenario);
    let session =
        (1..200)
            .map(|seed| {
                bots::play(
                    BotKind::Discounter,
                    sc.clone(),
                    bundled::default_rubric(),
                    seed,
                )
            })
            .chain((1..200).map(|seed| {
                bots::play(BotKind::Random, sc.clone(), bundled::default_rubric(), seed)
            }))
            .find(|s| !score(s).critical.is_empty());
    let Some(session) = session else {
        panic!("no bot session with a critical error on solar-farm");
    };
    let id = store
        .record(&NewAttempt::from_session(
            "Cy",
            &session,
            &loaded.hash,
            None,
        ))
        .unwrap();
    let built = catalog.attempt(&store.attempt(id).unwrap(), None);
    let st = &built.statements[2].1;
    assert_eq!(st["verb"]["id"], "http://adlnet.gov/expapi/verbs/failed");
    let critical =
        &st["result"]["extensions"]["https://dealcraft.invalid/xapi/extensions/critical"];
    assert!(
        critical[0]["rule"]
            .as_str()
            .unwrap()
            .starts_with("critical."),
        "{critical}"
    );
    assert_eq!(
        st["result"]["extensions"]["https://dealcraft.invalid/xapi/extensions/fail-reasons"][0]["kind"],
        "critical"
    );
    assert!(st["result"].get("duration").is_none(), "not measured");
    assert_eq!(
        st["actor"]["account"]["name"], "Cy",
        "an unmapped player is named as in Dealcraft"
    );
}

fn track() -> Track {
    dealcraft_core::load_track(
        "t.ron",
        r#"Track(id: "two", title: {"en": "Two", "ru": "Два"}, order: AnyOrder,
            scenarios: [(scenario: "clinic-scheduling"), (scenario: "solar-farm")])"#
            .as_bytes(),
    )
    .unwrap()
    .track
}

#[test]
fn workshops_and_tracks_are_parents_and_a_completed_track_is_passed_once() {
    let config = Config::default();
    let tracks = [track()];
    let catalog = Catalog {
        config: &config,
        scenario: &bundled::find,
        tracks: &tracks,
    };
    let store = Store::open_in_memory().unwrap();
    let loaded = bundled::load("clinic-scheduling").unwrap();
    let w = store
        .create_workshop(&NewWorkshop {
            name: "Tuesday cohort".into(),
            scenario_source: bundled::source("clinic-scheduling").unwrap().into(),
            scenario: "clinic-scheduling".into(),
            scenario_hash: loaded.hash.clone(),
            rubric: bundled::default_rubric(),
            seed: 9,
            roster: vec!["Ann".into()],
        })
        .unwrap();
    let s = bots::play(
        BotKind::Textbook,
        Arc::new(loaded.scenario),
        bundled::default_rubric(),
        9,
    );
    let id = store
        .record(&NewAttempt::from_session(
            "Ann",
            &s,
            &loaded.hash,
            Some(w.id),
        ))
        .unwrap();
    let built = catalog.attempt(&store.attempt(id).unwrap(), Some(&w));
    let parents = built.statements[0].1["context"]["contextActivities"]["parent"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(parents.len(), 2, "{parents:?}");
    assert!(
        parents[0]["id"]
            .as_str()
            .unwrap()
            .starts_with("https://dealcraft.invalid/xapi/workshops/")
    );
    assert_eq!(parents[0]["definition"]["name"]["en"], "Tuesday cohort");
    assert_eq!(
        parents[1]["id"],
        "https://dealcraft.invalid/xapi/tracks/two"
    );

    let all = |store: &Store| {
        export::statements(store, &catalog, &Selection::default())
            .unwrap()
            .into_iter()
            .filter(|s| s["object"]["id"] == "https://dealcraft.invalid/xapi/tracks/two")
            .collect::<Vec<_>>()
    };
    assert!(all(&store).is_empty(), "one of two scenarios passed");
    record(&store, "Ann", "solar-farm", BotKind::Textbook, 1);
    let done = all(&store);
    assert_eq!(done.len(), 1);
    assert_eq!(
        done[0]["verb"]["id"],
        "http://adlnet.gov/expapi/verbs/passed"
    );
    assert_eq!(done[0]["object"]["definition"]["name"]["ru"], "Два");
    assert_eq!(done[0]["result"]["success"], true);
}

#[test]
fn an_export_chooses_by_date_and_player() {
    let config = Config::default();
    let catalog = Catalog {
        config: &config,
        scenario: &bundled::find,
        tracks: &[],
    };
    let store = Store::open_in_memory().unwrap();
    record(&store, "Ann", "clinic-scheduling", BotKind::Textbook, 1);
    record(&store, "Bo", "clinic-scheduling", BotKind::Pushy, 1);
    let everything = export::statements(&store, &catalog, &Selection::default()).unwrap();
    assert_eq!(everything.len(), 8);
    let ann = Selection {
        player: Some("ann".into()),
        ..Selection::default()
    };
    assert_eq!(export::statements(&store, &catalog, &ann).unwrap().len(), 4);
    let later = Selection {
        since: Some(i64::MAX),
        ..Selection::default()
    };
    assert!(
        export::statements(&store, &catalog, &later)
            .unwrap()
            .is_empty()
    );
}

//! Store tests: round trips, boards, concurrent writers and a writer killed mid-write.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::Arc;

use dealcraft_core::bots::{self, BotKind};
use dealcraft_core::{Session, Stage, bundled};
use dealcraft_store::{Filter, NewAttempt, NewWorkshop, Store, StoredFinding};

fn session(id: &str, bot: BotKind, seed: u64) -> (Session, String) {
    let loaded = bundled::load(id).unwrap();
    let session = bots::play(
        bot,
        Arc::new(loaded.scenario),
        bundled::default_rubric(),
        seed,
    );
    (session, loaded.hash)
}

fn attempt(player: &str, bot: BotKind, seed: u64) -> NewAttempt {
    let (s, hash) = session("fleet-telematics", bot, seed);
    NewAttempt::from_session(player, &s, &hash, None)
}

#[test]
fn an_attempt_round_trips_with_log_scores_and_findings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/folder/dealcraft.db");
    let (s, hash) = session("cnc-retrofit", BotKind::Textbook, 11);
    let new = NewAttempt::from_session("  Ann  ", &s, &hash, None);
    let id = {
        let store = Store::open(&path).unwrap();
        store.record(&new).unwrap()
    };
    // A fresh connection reads back exactly what was written.
    let store = Store::open(&path).unwrap();
    let back = store.attempt(id).unwrap();
    assert_eq!(back.summary.player, "Ann");
    assert_eq!(back.summary.scenario, "cnc-retrofit");
    assert_eq!(back.summary.scenario_hash, hash);
    assert_eq!(back.summary.seed, 11);
    assert_eq!(back.summary.overall, new.card.overall);
    assert_eq!(back.summary.outcome, s.outcome().unwrap().key());
    assert_eq!(back.log, s.log(&hash));
    let stages: Vec<(Stage, u32)> = back
        .summary
        .stages
        .iter()
        .map(|st| (st.stage, st.score))
        .collect();
    let want: Vec<(Stage, u32)> = new
        .card
        .stages
        .iter()
        .map(|st| (st.stage, st.score))
        .collect();
    assert_eq!(stages, want);
    let findings: Vec<_> = new
        .card
        .stages
        .iter()
        .flat_map(|st| st.findings.iter().map(StoredFinding::from))
        .collect();
    assert_eq!(back.findings, findings);
    assert!(!findings.is_empty());
    // The stored log replays to the stored score.
    let replayed = back
        .log
        .replay(
            Arc::new(bundled::load("cnc-retrofit").unwrap().scenario),
            &hash,
        )
        .unwrap();
    assert_eq!(
        dealcraft_core::score(&replayed).overall,
        back.summary.overall
    );
    assert_eq!(store.schema_version().unwrap(), 2);
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn seeds_keep_all_64_bits() {
    let store = Store::open_in_memory().unwrap();
    let (s, hash) = session("clinic-scheduling", BotKind::Pushy, u64::MAX - 3);
    let id = store
        .record(&NewAttempt::from_session("Bo", &s, &hash, None))
        .unwrap();
    assert_eq!(store.attempt(id).unwrap().summary.seed, u64::MAX - 3);
}

#[test]
fn bad_names_are_refused_and_nothing_is_written() {
    let store = Store::open_in_memory().unwrap();
    for name in ["", "   ", "a\nb", &"x".repeat(41)] {
        let err = store
            .record(&attempt(name, BotKind::Random, 1))
            .unwrap_err();
        assert!(err.to_string().contains("player name"), "{err}");
    }
    assert!(store.attempts(&Filter::default()).unwrap().is_empty());
    assert!(store.players().unwrap().is_empty());
}

#[test]
fn the_board_ranks_best_attempts_with_stage_columns_and_a_funnel() {
    let store = Store::open_in_memory().unwrap();
    let weak = attempt("Ann", BotKind::Random, 3);
    let strong = attempt("Ann", BotKind::Textbook, 3);
    let mid = attempt("Bo", BotKind::Discounter, 3);
    assert!(strong.card.overall > mid.card.overall && mid.card.overall > weak.card.overall);
    for a in [&weak, &strong, &mid] {
        store.record(a).unwrap();
    }
    let board = store.board(&Filter::default()).unwrap();
    assert_eq!(board.rows.len(), 2, "one row per player");
    assert_eq!(board.rows[0].player, "Ann");
    assert_eq!(board.rows[0].overall, strong.card.overall);
    assert_eq!(board.rows[0].attempts, 2);
    assert_eq!(board.rows[1].player, "Bo");
    assert_eq!(board.rows[1].rank, 2);
    let needs = board
        .stages
        .iter()
        .position(|&s| s == Stage::Needs)
        .unwrap();
    assert_eq!(
        board.rows[0].stages[needs],
        Some(strong.card.score_of(Stage::Needs))
    );
    // The funnel counts every attempt, not only the best.
    assert_eq!(board.funnel.attempts, 3);
    let contact = board
        .stages
        .iter()
        .position(|&s| s == Stage::Contact)
        .unwrap();
    let reached_contact = [&weak, &strong, &mid]
        .iter()
        .filter(|a| a.card.stage(Stage::Contact).is_some_and(|s| s.reached))
        .count();
    assert_eq!(board.funnel.reached[contact], reached_contact);
    let deals = [&weak, &strong, &mid]
        .iter()
        .filter(|a| a.outcome == "deal")
        .count();
    assert_eq!(board.funnel.deals, deals);

    let csv = board.to_csv();
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("rank,player,overall,preparation,contact,needs"),
        "{header}"
    );
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with(&format!("1,Ann,{},", strong.card.overall))
    );

    let only_bo = store
        .board(&Filter {
            player: Some("bo".into()),
            ..Filter::default()
        })
        .unwrap();
    assert_eq!(only_bo.rows.len(), 1);
    assert_eq!(only_bo.funnel.attempts, 1);
}

#[test]
fn names_with_commas_and_quotes_survive_csv() {
    let store = Store::open_in_memory().unwrap();
    store
        .record(&attempt("Smith, \"Jo\"", BotKind::Textbook, 5))
        .unwrap();
    let csv = store.board(&Filter::default()).unwrap().to_csv();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[1], "Smith, \"Jo\"");
}

#[test]
fn workshops_keep_their_scenario_rubric_seed_and_attempts() {
    let store = Store::open_in_memory().unwrap();
    let loaded = bundled::load("horeca-coffee").unwrap();
    let rubric = bundled::rubric("consultative").unwrap().rubric;
    let w = store
        .create_workshop(&NewWorkshop {
            name: "Monday cohort".into(),
            scenario_source: bundled::source("horeca-coffee").unwrap().to_owned(),
            scenario: loaded.scenario.id.clone(),
            scenario_hash: loaded.hash.clone(),
            rubric: rubric.clone(),
            seed: 42,
            roster: vec!["Ann".into(), "Bo".into()],
        })
        .unwrap();
    let back = store.workshop(w.id).unwrap();
    assert_eq!(back, w);
    assert_eq!(back.rubric, rubric);
    assert_eq!(back.seed, 42);
    assert_eq!(back.roster, ["Ann", "Bo"]);
    let session = bots::play(
        BotKind::Textbook,
        Arc::new(loaded.scenario.clone()),
        rubric,
        42,
    );
    store
        .record(&NewAttempt::from_session(
            "Ann",
            &session,
            &loaded.hash,
            Some(w.id),
        ))
        .unwrap();
    store.record(&attempt("Cy", BotKind::Textbook, 1)).unwrap();
    let board = store
        .board(&Filter {
            workshop: Some(w.id),
            ..Filter::default()
        })
        .unwrap();
    assert_eq!(
        board.rows.len(),
        1,
        "attempts outside the workshop stay off its board"
    );
    assert!(store.workshop(w.id + 1).is_err());
    assert_eq!(store.workshops().unwrap().len(), 1);
}

/// Set by the parent test: this process is a child writer, not a test run.
const CHILD_DB: &str = "DEALCRAFT_STORE_CHILD_DB";

/// The child's body: write attempts forever, printing each id once its transaction committed.
#[test]
#[ignore = "run only as a child process by the concurrency tests"]
fn child_writer() {
    let Ok(db) = std::env::var(CHILD_DB) else {
        return;
    };
    let player = std::env::var("DEALCRAFT_STORE_CHILD_NAME").unwrap();
    let limit: usize = std::env::var("DEALCRAFT_STORE_CHILD_COUNT")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(usize::MAX);
    let store = Store::open(std::path::Path::new(&db)).unwrap();
    let mut out = std::io::stdout().lock();
    for seed in 0..limit {
        let id = store
            .record(&attempt(&player, BotKind::Textbook, seed as u64))
            .unwrap();
        writeln!(out, "committed {id} {seed}").unwrap();
        out.flush().unwrap();
    }
}

fn spawn_writer(db: &std::path::Path, name: &str, count: Option<usize>) -> std::process::Child {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "child_writer",
        "--exact",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ])
    .env(CHILD_DB, db)
    .env("DEALCRAFT_STORE_CHILD_NAME", name)
    .stdout(Stdio::piped())
    .stderr(Stdio::null());
    if let Some(n) = count {
        cmd.env("DEALCRAFT_STORE_CHILD_COUNT", n.to_string());
    }
    cmd.spawn().unwrap()
}

fn committed_ids(line: &str) -> Option<(i64, u64)> {
    // libtest prints "test child_writer ... " without a newline before the child's first line.
    let at = line.find("committed ")?;
    let mut parts = line[at + "committed ".len()..].split(' ');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

#[test]
fn two_processes_write_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shared.db");
    let per = 40;
    let children: Vec<_> = ["Ann", "Bo"]
        .iter()
        .map(|name| spawn_writer(&db, name, Some(per)))
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "a writer failed");
        let ids = String::from_utf8(out.stdout).unwrap();
        assert_eq!(ids.lines().filter_map(committed_ids).count(), per);
    }
    let store = Store::open(&db).unwrap();
    let all = store.attempts(&Filter::default()).unwrap();
    assert_eq!(all.len(), 2 * per);
    for name in ["Ann", "Bo"] {
        let mine = all.iter().filter(|a| a.player == name).count();
        assert_eq!(mine, per, "{name}'s attempts");
    }
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn a_writer_killed_mid_write_loses_no_committed_attempt() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("killed.db");
    let mut child = spawn_writer(&db, "Ann", None);
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut committed = Vec::new();
    // Let it commit a few, then kill it while it is busy writing the next.
    while committed.len() < 25 {
        let line = lines.next().unwrap().unwrap();
        committed.extend(committed_ids(&line));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    // Lines already printed when the kill landed are committed too.
    committed.extend(
        lines
            .map_while(Result::ok)
            .filter_map(|l| committed_ids(&l)),
    );

    let store = Store::open(&db).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    for &(id, seed) in &committed {
        let a = store.attempt(id).unwrap();
        let want = attempt("Ann", BotKind::Textbook, seed);
        assert_eq!(a.summary.overall, want.card.overall, "attempt {id}");
        assert_eq!(a.log, want.log, "attempt {id}");
        assert_eq!(
            a.summary.stages.len(),
            want.card.stages.len(),
            "attempt {id}"
        );
    }
    // Anything past the last printed id is a whole attempt or absent: never half written.
    for a in store.attempts(&Filter::default()).unwrap() {
        let full = store.attempt(a.id).unwrap();
        assert!(
            !full.summary.stages.is_empty(),
            "attempt {} has no stages",
            a.id
        );
    }
    // And the database takes new writes after the crash.
    store.record(&attempt("Bo", BotKind::Pushy, 1)).unwrap();
}

#[test]
fn a_damaged_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("not-a.db");
    std::fs::write(
        &db,
        "this is a text file, not a database, and it is long enough",
    )
    .unwrap();
    let err = Store::open(&db).err().unwrap().to_string();
    assert!(err.contains("not-a.db"), "{err}");
}

#[test]
fn equal_scores_share_a_rank_and_rank_agrees_with_the_board() {
    let store = Store::open_in_memory().unwrap();
    // The same bot and seed score the same: Ann and Bo tie, Cy is below.
    store.record(&attempt("Ann", BotKind::Textbook, 9)).unwrap();
    store.record(&attempt("Bo", BotKind::Textbook, 9)).unwrap();
    store.record(&attempt("Cy", BotKind::Random, 9)).unwrap();
    let board = store.board(&Filter::default()).unwrap();
    let ranks: Vec<(String, usize)> = board
        .rows
        .iter()
        .map(|r| (r.player.clone(), r.rank))
        .collect();
    assert_eq!(
        ranks,
        [("Ann".into(), 1), ("Bo".into(), 1), ("Cy".into(), 3)]
    );
    for row in &board.rows {
        assert_eq!(store.rank(None, &row.player).unwrap(), Some(row.rank));
    }
    assert_eq!(store.rank(None, "Nobody").unwrap(), None);
}

#[test]
fn names_are_one_player_whatever_their_case_and_invisible_characters_are_refused() {
    let store = Store::open_in_memory().unwrap();
    store.record(&attempt("Ann", BotKind::Random, 1)).unwrap();
    store.record(&attempt("ann", BotKind::Textbook, 1)).unwrap();
    assert_eq!(store.players().unwrap(), ["Ann"]);
    let board = store.board(&Filter::default()).unwrap();
    assert_eq!(board.rows.len(), 1);
    assert_eq!(board.rows[0].attempts, 2);
    assert_eq!(store.rank(None, "ANN").unwrap(), Some(1));
    for sneaky in ["An\u{200B}n", "\u{202E}nnA", "Ann\u{FEFF}"] {
        assert!(
            store.record(&attempt(sneaky, BotKind::Random, 1)).is_err(),
            "{sneaky:?}"
        );
    }
}

#[test]
fn csv_never_starts_a_cell_with_a_formula() {
    let store = Store::open_in_memory().unwrap();
    store
        .record(&attempt("=HYPERLINK(\"x\")", BotKind::Textbook, 2))
        .unwrap();
    store.record(&attempt("-1+2", BotKind::Random, 2)).unwrap();
    let csv = store.board(&Filter::default()).unwrap().to_csv();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let names: Vec<String> = reader.records().map(|r| r.unwrap()[1].to_owned()).collect();
    assert_eq!(names, ["'=HYPERLINK(\"x\")", "'-1+2"]);
    let all = dealcraft_store::attempts_csv(&store.attempts(&Filter::default()).unwrap());
    assert!(all.contains("'=HYPERLINK"), "{all}");
}

#[test]
fn the_same_log_by_the_same_player_is_found_again() {
    let store = Store::open_in_memory().unwrap();
    let a = attempt("Ann", BotKind::Textbook, 4);
    assert_eq!(store.same_attempt(None, "Ann", &a.log).unwrap(), None);
    let id = store.record(&a).unwrap();
    assert_eq!(store.same_attempt(None, "ANN", &a.log).unwrap(), Some(id));
    assert_eq!(store.same_attempt(None, "Bo", &a.log).unwrap(), None);
    assert_eq!(store.same_attempt(Some(1), "Ann", &a.log).unwrap(), None);
}

#[test]
fn coached_attempts_never_reach_a_workshop_or_a_board() {
    let store = Store::open_in_memory().unwrap();
    let loaded = bundled::load("clinic-scheduling").unwrap();
    let w = store
        .create_workshop(&NewWorkshop {
            name: "Friday".into(),
            scenario_source: bundled::source("clinic-scheduling").unwrap().to_owned(),
            scenario: loaded.scenario.id.clone(),
            scenario_hash: loaded.hash.clone(),
            rubric: bundled::default_rubric(),
            seed: 5,
            roster: Vec::new(),
        })
        .unwrap();
    let (s, hash) = session("clinic-scheduling", BotKind::Textbook, 5);
    let coached = NewAttempt::from_session("Ann", &s, &hash, Some(w.id)).coached(true);
    let err = store.record(&coached).unwrap_err();
    assert!(err.to_string().contains("coach mode"), "{err}");
    assert!(store.attempts(&Filter::default()).unwrap().is_empty());
    // Practice in coach mode is kept in the history, off the board and out of the ranks.
    let practice = NewAttempt::from_session("Ann", &s, &hash, None).coached(true);
    let id = store.record(&practice).unwrap();
    let back = store.attempt(id).unwrap();
    assert!(back.summary.coached && back.log.coached);
    assert!(store.board(&Filter::default()).unwrap().rows.is_empty());
    assert_eq!(store.rank(None, "Ann").unwrap(), None);
    store
        .record(&NewAttempt::from_session("Bo", &s, &hash, None))
        .unwrap();
    let board = store.board(&Filter::default()).unwrap();
    assert_eq!(board.rows.len(), 1);
    assert_eq!(board.rows[0].player, "Bo");
}

#[test]
fn each_attempt_keeps_the_scoring_version_it_was_scored_under() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    // A database from before versions were kept: only the first schema step.
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(dealcraft_store::first_schema_step())
            .unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute_batch(
            "INSERT INTO players (id, name, created_at) VALUES (1, 'Ann', 0);
             INSERT INTO attempts (player_id, workshop_id, scenario, scenario_hash, rubric,
                 seed, log, outcome, price, turns, overall, recorded_at)
             VALUES (1, NULL, 'fleet-telematics', 'x', 'default', 1, '', 'deal', 1, 40, 85, 0);",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let old = &store.attempts(&Filter::default()).unwrap()[0];
    assert_eq!((old.scoring_version, old.coached), (1, false));
    let id = store.record(&attempt("Bo", BotKind::Textbook, 3)).unwrap();
    let new = store.attempt(id).unwrap();
    assert_eq!(
        new.summary.scoring_version,
        dealcraft_core::scoring::SCORING_VERSION
    );
    assert_eq!(new.log.scoring_version, new.summary.scoring_version);
    assert_eq!(new.log.overall, Some(new.summary.overall));
}

#[test]
fn attempts_from_older_rules_are_re_scored_and_keep_their_old_score() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    // A log written by the build before scoring version 2, on the fleet scenario as it was.
    let log = include_str!("../../dealcraft-core/tests/logs/v1/fleet-telematics-textbook-1.ron");
    let old_source = include_str!("../../../scenarios/previous/fleet-telematics.1.ron");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(dealcraft_store::first_schema_step())
            .unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute(
            "INSERT INTO players (id, name, created_at) VALUES (1, 'Ann', 0), (2, 'Bo', 0)",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO workshops (id, name, scenario, scenario_hash, scenario_source, rubric,
                 seed, roster, created_at)
             VALUES (1, 'Old', 'fleet-telematics', 'h', ?1, '(name: \"default\")', 1, '[]', 0)",
            [old_source],
        )
        .unwrap();
        for (player, workshop) in [(1, None), (2, Some(1))] {
            conn.execute(
                "INSERT INTO attempts (player_id, workshop_id, scenario, scenario_hash, rubric,
                     seed, log, outcome, price, turns, overall, recorded_at)
                 VALUES (?1, ?2, 'fleet-telematics', 'h', 'default', 1, ?3, 'deal', 1, 40, 97, 0)",
                rusqlite::params![player, workshop, log],
            )
            .unwrap();
        }
    }
    let store = Store::open(&path).unwrap();
    // Nothing found for the solo attempt: it stays under the old rules, and says so.
    let kept = store.rescore(&|_, _| None).unwrap();
    assert_eq!(
        (kept.attempts, kept.left),
        (1, 1),
        "the workshop's own copy replays"
    );
    let done = store
        .rescore(&|id, hash| bundled::load_exact(id, hash).map(|l| Arc::new(l.scenario)))
        .unwrap();
    assert_eq!((done.attempts, done.left), (1, 0));
    for a in store.attempts(&Filter::default()).unwrap() {
        assert_eq!(a.scoring_version, dealcraft_core::scoring::SCORING_VERSION);
        assert_eq!(a.previous_overall, Some(97));
        let back = store.attempt(a.id).unwrap();
        let loaded = bundled::load_exact("fleet-telematics", &back.log.scenario_hash).unwrap();
        let replayed = back
            .log
            .replay(Arc::new(loaded.scenario), &loaded.hash)
            .unwrap();
        assert_eq!(a.overall, dealcraft_core::score(&replayed).overall);
        assert!(!back.findings.is_empty() && !a.stages.is_empty());
    }
    // Nothing left to do the second time.
    assert_eq!(store.rescore(&|_, _| None).unwrap().attempts, 0);
}

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
    assert_eq!(store.schema_version().unwrap(), 4);
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
    if let Ok(start) = std::env::var(CHILD_START) {
        return race(&db, &player, limit, start.parse().unwrap());
    }
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

/// Set by the racing test: the Unix time in milliseconds at which the children open the first
/// database together.
const CHILD_START: &str = "DEALCRAFT_STORE_CHILD_START";
/// Set by the racing test: every round opens the same database instead of a new one.
const CHILD_ONE_DB: &str = "DEALCRAFT_STORE_CHILD_ONE_DB";
/// Milliseconds between two databases of the race.
const SLOT_MS: u128 = 60;

fn unix_ms() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis()
}

/// A racing child: plays its attempt first, then for each of `rounds` new databases
/// (`DB-0`, `DB-1`, ...) waits for that round's instant, opens (creates) the database and
/// records the attempt, so the children's opens land together. Prints each failure, exits 1.
fn race(db: &str, player: &str, rounds: usize, start: u128) {
    let mine = attempt(player, BotKind::Pushy, 1);
    let mut failed = false;
    for round in 0..rounds {
        let at = start + round as u128 * SLOT_MS;
        // Sleep most of the wait, spin the last moment: the opens must line up closely.
        while unix_ms() + 2 < at {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        while unix_ms() < at {
            std::hint::spin_loop();
        }
        let path = if std::env::var_os(CHILD_ONE_DB).is_some() {
            db.to_owned()
        } else {
            format!("{db}-{round}")
        };
        let written = Store::open(std::path::Path::new(&path)).and_then(|s| s.record(&mine));
        if let Err(e) = written {
            println!("round {round}: {player}: {e}");
            failed = true;
        }
    }
    std::process::exit(i32::from(failed));
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
    let done = store.rescore(&bundled::find).unwrap();
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

/// Runs `racers` child processes that each open and write `rounds` databases (or one database
/// `rounds` times) in lockstep; returns the failures they printed.
fn race_processes(db: &std::path::Path, rounds: usize, racers: usize, one_db: bool) -> Vec<String> {
    // Time for every child to start and play its attempt before the first round.
    let start = unix_ms() + 1500;
    let children: Vec<_> = (0..racers)
        .map(|i| {
            Command::new(std::env::current_exe().unwrap())
                .args(["child_writer", "--exact", "--ignored", "--nocapture"])
                .env(CHILD_DB, db)
                .env("DEALCRAFT_STORE_CHILD_NAME", format!("P{i}"))
                .env("DEALCRAFT_STORE_CHILD_COUNT", rounds.to_string())
                .env(CHILD_START, start.to_string())
                .envs(one_db.then_some((CHILD_ONE_DB, "1")))
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut failures = Vec::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        failures.extend(
            text.lines()
                .filter_map(|l| Some(&l[l.find("round ")?..]))
                .map(String::from),
        );
        if failures.is_empty() {
            assert!(out.status.success(), "a racer failed: {text}");
        }
    }
    failures
}

#[test]
fn processes_creating_and_writing_one_new_database_at_once_all_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("race.db");
    let (rounds, racers) = (40, 4);
    let failures = race_processes(&db, rounds, racers, false);
    assert!(
        failures.is_empty(),
        "{} of {} opens failed:\n{}",
        failures.len(),
        rounds * racers,
        failures.join("\n")
    );
    for round in 0..rounds {
        let store = Store::open(&dir.path().join(format!("race.db-{round}"))).unwrap();
        assert_eq!(
            store.attempts(&Filter::default()).unwrap().len(),
            racers,
            "round {round}"
        );
    }
}

#[test]
fn processes_opening_and_writing_one_database_over_and_over_all_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shared.db");
    Store::open(&db).unwrap();
    let (rounds, racers) = (150, 4);
    let failures = race_processes(&db, rounds, racers, true);
    assert!(
        failures.is_empty(),
        "{} of {} opens failed:\n{}",
        failures.len(),
        rounds * racers,
        failures.join("\n")
    );
    let store = Store::open(&db).unwrap();
    assert_eq!(
        store.attempts(&Filter::default()).unwrap().len(),
        rounds * racers
    );
}

#[test]
fn opening_a_database_another_process_is_creating_waits_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    // This process is half-way through creating the file: a write transaction is open on it,
    // still in the journal mode every new file starts in.
    let creator = rusqlite::Connection::open(&db).unwrap();
    creator
        .execute_batch("BEGIN IMMEDIATE; CREATE TABLE being_made (x INTEGER);")
        .unwrap();
    let child = spawn_writer(&db, "Ann", Some(1));
    std::thread::sleep(std::time::Duration::from_millis(700));
    creator.execute_batch("ROLLBACK").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "the child gave up instead of waiting");
    let store = Store::open(&db).unwrap();
    assert_eq!(store.attempts(&Filter::default()).unwrap().len(), 1);
}

/// The names of the table: blank or invisible characters, empty names.
#[test]
fn blank_invisible_and_empty_names_are_refused_with_the_reason() {
    let store = Store::open_in_memory().unwrap();
    let cases = [
        ("\u{3164}", "blank character (U+3164)"),
        ("\u{3164}\u{3164}\u{3164}", "blank character (U+3164)"),
        ("\u{2800}\u{2800}", "blank character (U+2800)"),
        ("\u{00AD}", "formatting character (U+00AD)"),
        ("Ann\u{00AD}", "formatting character (U+00AD)"),
        ("\u{061C}", "formatting character (U+061C)"),
        ("A\u{061C}nn", "formatting character (U+061C)"),
        ("", "player name is empty"),
        (" \t ", "player name is empty"),
    ];
    for (name, why) in cases {
        let err = store.check_player(name).unwrap_err().to_string();
        assert!(err.contains(why), "{name:?}: {err}");
        let err = store
            .record(&attempt(name, BotKind::Random, 1))
            .unwrap_err()
            .to_string();
        assert!(err.contains(why), "{name:?}: {err}");
    }
    assert!(store.players().unwrap().is_empty());
}

#[test]
fn a_name_that_looks_like_a_taken_one_is_refused_and_names_it() {
    let store = Store::open_in_memory().unwrap();
    store
        .record(&attempt("Baseline", BotKind::Textbook, 1))
        .unwrap();
    // "Bаseline" with a Cyrillic "а", and other look-alikes of it.
    for twin in ["B\u{0430}seline", "B\u{0410}SELINE", "Basel\u{0456}ne"] {
        let err = store.check_player(twin).unwrap_err().to_string();
        assert!(err.contains("looks like \"Baseline\""), "{twin}: {err}");
        let err = store
            .record(&attempt(twin, BotKind::Textbook, 2))
            .unwrap_err()
            .to_string();
        assert!(err.contains("\"Baseline\""), "{twin}: {err}");
    }
    // The same name in another case is the same player, as before.
    assert_eq!(store.check_player(" BASELINE ").unwrap(), "BASELINE");
    store
        .record(&attempt("baseline", BotKind::Random, 3))
        .unwrap();
    assert_eq!(store.players().unwrap(), ["Baseline"]);
    // A different name that merely shares letters is a new player.
    store
        .record(&attempt("Vaseline", BotKind::Random, 3))
        .unwrap();
    assert_eq!(store.players().unwrap(), ["Baseline", "Vaseline"]);
}

#[test]
fn names_are_stored_in_nfc_so_both_spellings_are_one_player() {
    let store = Store::open_in_memory().unwrap();
    store
        .record(&attempt("Zoe\u{0308}", BotKind::Random, 1))
        .unwrap();
    store
        .record(&attempt("Zo\u{00EB}", BotKind::Textbook, 1))
        .unwrap();
    assert_eq!(store.players().unwrap(), ["Zo\u{00EB}"]);
    assert_eq!(store.board(&Filter::default()).unwrap().rows[0].attempts, 2);
}

#[test]
fn forty_wide_characters_are_one_name_and_boards_shorten_it() {
    let store = Store::open_in_memory().unwrap();
    let wide = "\u{FDFD}".repeat(40);
    store.record(&attempt(&wide, BotKind::Textbook, 1)).unwrap();
    assert!(store.check_player(&"\u{FDFD}".repeat(41)).is_err());
    let board = store.board(&Filter::default()).unwrap();
    assert_eq!(board.rows[0].player, wide, "stored whole");
    let shown = dealcraft_store::ellipsize(&board.rows[0].player, 20);
    assert_eq!(shown.chars().count(), 20);
    assert!(shown.ends_with('…'));
    // Wide characters count two columns each.
    assert_eq!(dealcraft_store::ellipsize("李小龙李小龙", 7), "李小龙…");
    assert_eq!(dealcraft_store::ellipsize("Ann", 20), "Ann");
}

/// Records `log`'s session again under `player`, as a copied log posted to a server would be.
fn posted_as(player: &str, a: &NewAttempt) -> NewAttempt {
    NewAttempt {
        player: player.into(),
        ..a.clone()
    }
}

#[test]
fn the_same_moves_under_other_names_are_marked_as_copies_of_the_first() {
    let store = Store::open_in_memory().unwrap();
    let winning = attempt("Baseline", BotKind::Textbook, 7);
    let first = store.record(&winning).unwrap();
    let others = ["Cy", "Dee", "Eve", "Fay", "Gus", "Hal"];
    for name in others {
        store.record(&posted_as(name, &winning)).unwrap();
    }
    // Baseline plays the same moves again: their own play, not a copy.
    store.record(&winning).unwrap();
    // An honest player with other moves.
    store.record(&attempt("Ida", BotKind::Pushy, 7)).unwrap();
    let board = store.board(&Filter::default()).unwrap();
    assert_eq!(board.rows.len(), 8);
    let baseline_at = store.attempt(first).unwrap().summary.recorded_at;
    for row in &board.rows {
        match row.player.as_str() {
            "Baseline" | "Ida" => assert_eq!(row.copy_of, None, "{}", row.player),
            name => {
                let copy = row.copy_of.as_ref().expect(name);
                assert_eq!(copy.player, "Baseline");
                assert_eq!(copy.recorded_at, baseline_at);
                // The indexed lookup agrees with the board.
                assert_eq!(store.copy_of(row.attempt).unwrap().as_ref(), Some(copy));
            }
        }
    }
    assert_eq!(store.copy_of(first).unwrap(), None);
    // A board of one player still says whose moves they copied.
    let only_cy = Filter {
        player: Some("cy".into()),
        ..Filter::default()
    };
    let cy = &store.board(&only_cy).unwrap().rows[0];
    assert_eq!(cy.copy_of.as_ref().unwrap().player, "Baseline");

    let json = serde_json::to_value(&board).unwrap();
    let cy = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["player"] == "Cy")
        .unwrap();
    assert_eq!(cy["copy_of"]["player"], "Baseline");
    assert_eq!(cy["copy_of"]["recorded_at"], baseline_at);

    let csv = board.to_csv();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let at = header.iter().position(|h| h == "copy_of").unwrap();
    assert_eq!(header.get(at + 1), Some("copy_of_recorded_at"));
    for row in reader.records() {
        let row = row.unwrap();
        let original = ["Baseline", "Ida"].contains(&&row[1]);
        assert_eq!(&row[at], if original { "" } else { "Baseline" }, "{row:?}");
    }
}

#[test]
fn a_copy_is_only_a_copy_within_its_workshop() {
    let store = Store::open_in_memory().unwrap();
    let loaded = bundled::load("fleet-telematics").unwrap();
    let new = NewWorkshop {
        name: "Tuesday".into(),
        scenario_source: bundled::source("fleet-telematics").unwrap().to_owned(),
        scenario: loaded.scenario.id.clone(),
        scenario_hash: loaded.hash.clone(),
        rubric: bundled::default_rubric(),
        seed: 7,
        roster: Vec::new(),
    };
    let w = store.create_workshop(&new).unwrap();
    let solo = attempt("Baseline", BotKind::Textbook, 7);
    store.record(&solo).unwrap();
    let copied = NewAttempt {
        player: "Cy".into(),
        workshop: Some(w.id),
        ..solo.clone()
    };
    let id = store.record(&copied).unwrap();
    let filter = Filter {
        workshop: Some(w.id),
        ..Filter::default()
    };
    assert_eq!(store.board(&filter).unwrap().rows[0].copy_of, None);
    assert_eq!(store.copy_of(id).unwrap(), None);
}

#[test]
fn migration_3_hashes_the_moves_and_skeletons_the_names_already_stored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v2.db");
    let a = attempt("Baseline", BotKind::Textbook, 5);
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        for n in 1..=2 {
            conn.execute_batch(dealcraft_store::schema_step(n)).unwrap();
        }
        conn.pragma_update(None, "user_version", 2).unwrap();
        conn.execute(
            "INSERT INTO players (id, name, created_at) VALUES (1, 'Baseline', 0), (2, 'Cy', 0)",
            [],
        )
        .unwrap();
        for (player, at) in [(1, 100), (2, 200)] {
            conn.execute(
                "INSERT INTO attempts (player_id, scenario, scenario_hash, rubric, seed, log,
                     outcome, turns, overall, recorded_at, scoring_version)
                 VALUES (?1, 'fleet-telematics', ?2, 'default', 5, ?3, 'deal', 40, 90, ?4, ?5)",
                rusqlite::params![
                    player,
                    a.log.scenario_hash,
                    a.log.to_ron(),
                    at,
                    dealcraft_core::scoring::SCORING_VERSION
                ],
            )
            .unwrap();
        }
    }
    let store = Store::open(&path).unwrap();
    assert!(store.schema_version().unwrap() >= 3);
    let all = store.attempts(&Filter::default()).unwrap();
    let hash = dealcraft_store::moves_hash(&a.log);
    assert!(
        all.iter()
            .all(|x| x.moves_hash.as_deref() == Some(hash.as_str()))
    );
    let board = store.board(&Filter::default()).unwrap();
    let cy = board.rows.iter().find(|r| r.player == "Cy").unwrap();
    assert_eq!(cy.copy_of.as_ref().unwrap().player, "Baseline");
    assert_eq!(cy.copy_of.as_ref().unwrap().recorded_at, 100);
    let err = store.check_player("B\u{0430}seline").unwrap_err();
    assert!(err.to_string().contains("Baseline"), "{err}");
}

/// Overwrites 4 KiB in the middle of the file with pseudo-random bytes (the same every run).
fn damage(path: &std::path::Path) {
    use std::io::{Seek, SeekFrom};
    let len = std::fs::metadata(path).unwrap().len();
    assert!(len > 64 * 1024, "a database of some size: {len} bytes");
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let noise: Vec<u8> = (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    let mut file = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    file.seek(SeekFrom::Start(len / 2 - 2048)).unwrap();
    file.write_all(&noise).unwrap();
}

/// A database of `n` attempts written by a child process: this process has not opened it yet,
/// so its first open here runs the check at open (done once per file and process).
fn written_by_a_child(dir: &std::path::Path, name: &str, n: usize) -> std::path::PathBuf {
    let db = dir.join(name);
    let out = spawn_writer(&db, "Ann", Some(n))
        .wait_with_output()
        .unwrap();
    assert!(out.status.success());
    db
}

#[test]
fn random_bytes_in_the_middle_of_a_database_are_one_clear_error_at_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = written_by_a_child(dir.path(), "damaged.db", 30);
    damage(&db);
    let err = Store::open(&db)
        .err()
        .expect("a damaged file does not open");
    assert!(
        matches!(err, dealcraft_store::StoreError::Corrupt { .. }),
        "{err:?}"
    );
    let text = err.to_string();
    for part in [
        db.to_str().unwrap(),
        "is damaged",
        "dealcraft db check",
        "dealcraft db restore",
    ] {
        assert!(text.contains(part), "{part:?} in {text}");
    }
    let health = dealcraft_store::check_file(&db).unwrap();
    assert!(!health.is_sound());
}

#[test]
fn text_that_is_not_utf8_is_the_same_clear_error_and_check_file_finds_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bad-text.db");
    let store = Store::open(&db).unwrap();
    store.record(&attempt("Ann", BotKind::Textbook, 1)).unwrap();
    // Bytes SQLite's own checks accept: a name that is not UTF-8.
    let raw = rusqlite::Connection::open(&db).unwrap();
    raw.execute("UPDATE players SET name = CAST(X'41FF6E' AS TEXT)", [])
        .unwrap();
    let err = store.players().unwrap_err().to_string();
    assert!(
        err.contains("bad-text.db") && err.contains("not UTF-8"),
        "{err}"
    );
    let err = store.board(&Filter::default()).unwrap_err().to_string();
    assert!(err.contains("dealcraft db restore"), "{err}");
    let health = dealcraft_store::check_file(&db).unwrap();
    assert_eq!(
        health.problems,
        ["table players, row 1: text that is not UTF-8"]
    );
}

#[test]
fn a_backup_is_a_checked_copy_and_restoring_it_keeps_the_damaged_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = written_by_a_child(dir.path(), "main.db", 30);
    let backup = dir.path().join("backup.db");
    {
        let store = Store::open(&db).unwrap();
        let health = store.backup_to(&backup).unwrap();
        assert!(health.is_sound());
        assert_eq!(health.attempts, Some(30));
        let again = store.backup_to(&backup).unwrap_err().to_string();
        assert!(again.contains("already exists"), "{again}");
    }
    damage(&db);
    let damaged = std::fs::read(&db).unwrap();
    // A damaged backup is refused before anything is touched.
    let bad_backup = dir.path().join("bad-backup.db");
    std::fs::write(&bad_backup, &damaged).unwrap();
    let err = dealcraft_store::restore_file(&db, &bad_backup).unwrap_err();
    assert!(err.to_string().contains("nothing was restored"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), damaged);

    let done = dealcraft_store::restore_file(&db, &backup).unwrap();
    assert_eq!(done.attempts, 30);
    let kept = done.kept.unwrap();
    assert!(kept.to_str().unwrap().contains("main.db.before-restore-"));
    assert_eq!(
        std::fs::read(&kept).unwrap(),
        damaged,
        "the damaged file is kept"
    );
    assert!(dealcraft_store::check_file(&db).unwrap().is_sound());
    let store = Store::open(&db).unwrap();
    assert_eq!(store.attempts(&Filter::default()).unwrap().len(), 30);
    store.record(&attempt("Bo", BotKind::Pushy, 1)).unwrap();
}

#[test]
fn a_roster_cannot_hold_look_alike_or_invisible_names() {
    let store = Store::open_in_memory().unwrap();
    let loaded = bundled::load("clinic-scheduling").unwrap();
    let workshop = |roster: &[&str]| NewWorkshop {
        name: "Friday".into(),
        scenario_source: bundled::source("clinic-scheduling").unwrap().to_owned(),
        scenario: loaded.scenario.id.clone(),
        scenario_hash: loaded.hash.clone(),
        rubric: bundled::default_rubric(),
        seed: 5,
        roster: roster.iter().map(|n| n.to_string()).collect(),
    };
    let err = store
        .create_workshop(&workshop(&["Baseline", "B\u{0430}seline"]))
        .unwrap_err();
    assert!(err.to_string().contains("looks like \"Baseline\""), "{err}");
    let err = store
        .create_workshop(&workshop(&["Ann", "\u{3164}"]))
        .unwrap_err();
    assert!(err.to_string().contains("U+3164"), "{err}");
    assert!(store.workshops().unwrap().is_empty());
    let w = store
        .create_workshop(&workshop(&[" Zoe\u{0308} ", "Bo"]))
        .unwrap();
    assert_eq!(w.roster, ["Zo\u{00EB}", "Bo"]);
}

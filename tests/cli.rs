//! End-to-end tests of the `dealcraft` command line: validate, play (bot, script, interactive,
//! JSON, log) and replay, run as a user runs them.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn dealcraft(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dealcraft"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

fn with_stdin(args: &[&str], input: &str) -> Output {
    in_home_with_stdin(None, args, input)
}

/// Runs with `input` typed at the prompts, and the data folder in `home` when given.
fn in_home_with_stdin(home: Option<&Path>, args: &[&str], input: &str) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dealcraft"));
    if let Some(home) = home {
        cmd.env("DEALCRAFT_HOME", home);
    }
    let mut child = cmd
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

#[test]
fn validate_accepts_the_bundled_scenarios_and_rubrics() {
    let o = dealcraft(&["validate", "scenarios", "rubrics"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("0 error(s)"), "{}", stdout(&o));
}

#[test]
fn validate_reports_file_line_column_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("scenarios/fleet-telematics.ron").unwrap();
    let broken = text.replacen("objections: [", "objectons: [", 1);
    let line = broken
        .lines()
        .position(|l| l.contains("objectons"))
        .unwrap()
        + 1;
    let path = dir.path().join("broken.ron");
    std::fs::write(&path, broken).unwrap();
    let good = dir.path().join("good.ron");
    std::fs::write(&good, text).unwrap();
    let o = dealcraft(&["validate", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let expected = format!(
        "{}:{line}:5: error: unknown field `objectons`",
        path.display()
    );
    assert!(out.contains(&expected), "{out}");
    assert!(out.contains("did you mean `objections`?"), "{out}");
    assert!(
        out.contains(&format!("{}: ok", good.display())),
        "the good file is still checked: {out}"
    );
    let missing = dealcraft(&["validate", "no/such/file.ron"]);
    assert_eq!(missing.status.code(), Some(1));
}

#[test]
fn play_json_has_every_stage_and_the_transcript() {
    let o = dealcraft(&[
        "play",
        "fleet-telematics",
        "--bot",
        "textbook",
        "--seed",
        "3",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["scenario"], "fleet-telematics");
    assert_eq!(v["seed"], 3);
    assert_eq!(v["outcome"], "deal");
    let overall = v["overall"].as_u64().unwrap();
    assert!(overall <= 100);
    let stages = v["stages"].as_object().unwrap();
    let keys: Vec<&str> = stages.keys().map(String::as_str).collect();
    for key in [
        "preparation",
        "contact",
        "needs",
        "presentation",
        "objections",
        "negotiation",
        "close",
        "follow_up",
    ] {
        assert!(keys.contains(&key), "{key} missing from {keys:?}");
        assert!(stages[key]["score"].as_u64().unwrap() <= 100);
        assert!(stages[key]["findings"].is_array());
    }
    assert!(!keys.contains(&"debt"), "not a credit sale");
    assert!(v["transcript"].as_array().unwrap().len() > 20);
}

#[test]
fn a_logged_session_replays_identically() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("session.ron");
    let played = dealcraft(&[
        "play",
        "fleet-telematics",
        "--bot",
        "random",
        "--seed",
        "11",
        "--json",
        "--log",
        log.to_str().unwrap(),
    ]);
    assert!(played.status.success(), "{}", stderr(&played));
    let replayed = dealcraft(&["replay", log.to_str().unwrap(), "--json"]);
    assert!(replayed.status.success(), "{}", stderr(&replayed));
    assert_eq!(json(&played), json(&replayed));
    assert!(
        !stderr(&replayed).contains("re-scored"),
        "{}",
        stderr(&replayed)
    );

    // A log as scoring version 1 wrote it (no version, no score) is re-scored, and says so.
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.contains("scoring_version: 2"), "{text}");
    let old: String = text
        .lines()
        .filter(|l| !l.contains("scoring_version") && !l.contains("overall"))
        .collect::<Vec<_>>()
        .join("\n");
    let old_log = dir.path().join("old.ron");
    std::fs::write(&old_log, old).unwrap();
    let o = dealcraft(&["replay", old_log.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("re-scored under v2"), "{}", stderr(&o));

    // A log whose scenario changed since is refused with a clear reason.
    let text = std::fs::read_to_string(&log).unwrap();
    let tampered = dir.path().join("tampered.ron");
    let hash_start = text.find("scenario_hash: \"").unwrap() + 16;
    let mut bad = text.clone();
    bad.replace_range(hash_start..hash_start + 4, "0000");
    std::fs::write(&tampered, bad).unwrap();
    let o = dealcraft(&["replay", tampered.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("has changed since the log was made"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_script_plays_its_moves_and_an_illegal_move_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("script.ron");
    std::fs::write(
        &script,
        "// Open, ask, and leave.\n[Greet(Direct), SetAgenda, Ask(kind: Situation), Ask(kind: Problem, need: Some(\"safety\")), End]\n",
    )
    .unwrap();
    let o = dealcraft(&[
        "play",
        "fleet-telematics",
        "--script",
        script.to_str().unwrap(),
        "--seed",
        "1",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["outcome"], "no_deal");
    assert_eq!(v["turns"], 5);

    std::fs::write(
        &script,
        "[Greet(Direct), Handle(objection: \"price\", technique: Evidence)]",
    )
    .unwrap();
    let o = dealcraft(&[
        "play",
        "fleet-telematics",
        "--script",
        script.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("move 2"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("has not raised `price`"),
        "{}",
        stderr(&o)
    );

    std::fs::write(&script, "[Greet(Direct), SetAgenda").unwrap();
    let o = dealcraft(&[
        "play",
        "fleet-telematics",
        "--script",
        script.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("script.ron:1:"), "{}", stderr(&o));
}

#[test]
fn interactive_play_reads_numbers_and_ron_moves_and_survives_bad_input() {
    // Prepare is move 1 in the menu: answer its prompts, then greet in RON, then junk, then quit.
    let input = "1\n48000\n40000\ndriver\nGreet(Direct)\nbanana\n999\nq\n";
    let o = with_stdin(
        &["play", "fleet-telematics", "--seed", "2", "--coach"],
        input,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Dossier:"), "{out}");
    assert!(out.contains("[coach] trust"), "{out}");
    assert!(out.contains("not a move"), "{out}");
    assert!(out.contains("no move 999"), "{out}");
    assert!(out.contains("Karen Doyle:"), "{out}");
    assert!(out.contains("Outcome: no_deal"), "{out}");
    // A sound plan without must-have terms: everything but the 10 points for terms.
    assert!(out.contains("preparation    90/100"), "{out}");
    // End of input ends the meeting cleanly too.
    let o = with_stdin(&["play", "fleet-telematics", "--seed", "2"], "");
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn json_is_refused_for_interactive_play() {
    let o = with_stdin(&["play", "fleet-telematics", "--json"], "q\n");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--json needs --bot or --script"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).is_empty(), "nothing was played");
}

#[test]
fn unknown_scenarios_and_bots_get_clear_errors() {
    let o = dealcraft(&["play", "no-such-scenario"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bundled ones are: "), "{}", stderr(&o));
    assert!(stderr(&o).contains("fleet-telematics"), "{}", stderr(&o));
    let o = dealcraft(&["play", "fleet-telematics", "--bot", "clever"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown bot `clever`"),
        "{}",
        stderr(&o)
    );
    assert!(Path::new(env!("CARGO_BIN_EXE_dealcraft")).exists());
}

#[test]
fn list_shows_the_bundled_library() {
    let o = dealcraft(&["play", "--list"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("fleet-telematics"));
}

#[test]
fn analyze_json_reports_every_bot_with_numbers_and_flags() {
    let o = dealcraft(&["analyze", "fleet-telematics", "--runs", "5", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Not a terminal: no progress bar in the way of tools.
    assert!(!stderr(&o).contains('\r'), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["runs"], 5);
    assert_eq!(v["seed"], 1);
    assert_eq!(v["playthroughs"], 20);
    let sc = &v["scenarios"]["fleet-telematics"];
    assert!(sc["flags"].is_array(), "{sc}");
    for bot in ["random", "textbook", "pushy", "discounter"] {
        let b = &sc["bots"][bot];
        assert_eq!(b["sessions"], 5, "{bot}: {b}");
        let close = b["close_rate"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&close), "{bot}: {close}");
        for key in ["overall", "turns"] {
            assert!(
                b[key]["mean"].is_number() && b[key]["sd"].is_number(),
                "{bot}.{key}"
            );
        }
        for stage in ["preparation", "needs", "negotiation", "follow_up"] {
            assert!(b["stages"][stage]["mean"].is_number(), "{bot}.{stage}");
            assert!(b["stages"][stage]["reached"].is_number(), "{bot}.{stage}");
        }
        assert!(b["stages"].get("debt").is_none(), "not a credit sale");
        assert!(b.get("price_share").is_some(), "{bot}");
    }
    assert_eq!(sc["bots"]["textbook"]["close_rate"], 1.0);
    assert!(sc["bots"]["textbook"]["price_share"]["mean"].is_number());
    assert!(
        sc["bots"]["pushy"]["price_share"].is_null(),
        "pushy never deals"
    );
}

#[test]
fn analyze_gives_the_same_report_on_any_thread_count() {
    let args = |t| {
        [
            "analyze",
            "solar-farm",
            "--runs",
            "3",
            "--seed",
            "9",
            "--json",
            "--threads",
            t,
        ]
    };
    let one = dealcraft(&args("1"));
    let four = dealcraft(&args("4"));
    assert!(
        one.status.success() && four.status.success(),
        "{}",
        stderr(&one)
    );
    assert_eq!(stdout(&one), stdout(&four));
}

#[test]
fn analyze_prints_a_table_with_flags_and_the_throughput() {
    let o = dealcraft(&[
        "analyze",
        "fleet-telematics",
        "office-furniture-nozopa",
        "--runs",
        "3",
        "--bots",
        "textbook,pushy",
        "--threads",
        "2",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for needle in [
        "3 runs per bot (seeds 1–3), rubric default",
        "fleet-telematics — Telematics for a trucking fleet",
        "office-furniture-nozopa — ",
        "close",
        "overall",
        "negot",
        "turns",
        "textbook",
        "pushy",
        "12 playthroughs in ",
        " per second on 2 threads",
    ] {
        assert!(out.contains(needle), "`{needle}` missing:\n{out}");
    }
    assert!(!out.contains("random"), "only the bots asked for:\n{out}");
}

#[test]
fn analyze_refuses_unknown_scenarios_and_bots_with_exit_2() {
    let o = dealcraft(&["analyze", "no-such-scenario", "--runs", "1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bundled ones are: "), "{}", stderr(&o));
    let o = dealcraft(&["analyze", "fleet-telematics", "--bots", "textbook,clever"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown bot `clever`"),
        "{}",
        stderr(&o)
    );
    let o = dealcraft(&["analyze"]);
    assert_eq!(o.status.code(), Some(2), "a scenario or --all is required");
}

#[test]
fn analyze_all_covers_every_bundled_scenario() {
    let o = dealcraft(&[
        "analyze", "--all", "--runs", "1", "--bots", "textbook", "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    let ids: Vec<&str> = v["scenarios"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert!(ids.len() >= 6, "{ids:?}");
    assert!(ids.contains(&"fleet-telematics") && ids.contains(&"solar-farm"));
}

#[test]
fn new_writes_a_template_that_validates_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    for lang in ["en", "ru"] {
        let path = dir.path().join(format!("bakery-{lang}.ron"));
        let file = path.to_str().unwrap();
        let o = dealcraft(&["new", "bakery-stock", "--lang", lang, "--out", file]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stdout(&o).contains(file), "{}", stdout(&o));
        let v = dealcraft(&["validate", file]);
        assert!(v.status.success(), "{}{}", stdout(&v), stderr(&v));
        assert!(
            stdout(&v).contains("0 error(s), 0 warning(s)"),
            "{}",
            stdout(&v)
        );
        let played = dealcraft(&["play", file, "--bot", "textbook", "--seed", "1", "--json"]);
        assert!(played.status.success(), "{}", stderr(&played));
        assert_eq!(json(&played)["outcome"], "deal");

        // A second `new` to the same file leaves it alone.
        std::fs::write(&path, "// mine\n").unwrap();
        let again = dealcraft(&["new", "bakery-stock", "--lang", lang, "--out", file]);
        assert_eq!(again.status.code(), Some(2));
        assert!(
            stderr(&again).contains("already exists"),
            "{}",
            stderr(&again)
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "// mine\n");
    }
    // Without --out it writes ID.ron in the current folder.
    let o = Command::new(env!("CARGO_BIN_EXE_dealcraft"))
        .args(["new", "corner-shop"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(dir.path().join("corner-shop.ron")).unwrap();
    assert!(text.contains("id: \"corner-shop\""));
    assert!(text.contains("docs/scenario-format.md"));

    let o = dealcraft(&["new", "Corner Shop"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("is not a scenario id"),
        "{}",
        stderr(&o)
    );
    let o = dealcraft(&["new", "x", "--lang", "de"]);
    assert_eq!(o.status.code(), Some(2));
}

fn in_home(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dealcraft"))
        .args(args)
        .env("DEALCRAFT_HOME", home)
        .output()
        .expect("the binary runs")
}

#[test]
fn play_with_a_player_records_and_scores_shows_the_board() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    for (player, bot) in [("Ann", "textbook"), ("Bo", "pushy"), ("Ann", "random")] {
        let o = in_home(
            h,
            &[
                "play",
                "fleet-telematics",
                "--bot",
                bot,
                "--seed",
                "3",
                "--player",
                player,
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stderr(&o).contains("Recorded attempt"), "{}", stderr(&o));
    }
    assert!(
        h.join("dealcraft.db").is_file(),
        "default db in the data folder"
    );

    let o = in_home(h, &["scores"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let table = stdout(&o);
    let lines: Vec<&str> = table.lines().collect();
    assert!(
        lines[0].contains("needs") && lines[0].contains("negot"),
        "{table}"
    );
    assert!(lines[1].trim_start().starts_with("1  Ann"), "{table}");
    assert!(
        lines[1].trim_end().ends_with('2'),
        "Ann tried twice: {table}"
    );
    assert!(lines[2].trim_start().starts_with("2  Bo"), "{table}");
    assert!(table.contains("Funnel of 3 attempts"), "{table}");

    let o = in_home(h, &["scores", "--format", "json"]);
    let v = json(&o);
    let textbook = in_home(
        h,
        &[
            "play",
            "fleet-telematics",
            "--bot",
            "textbook",
            "--seed",
            "3",
            "--json",
        ],
    );
    assert_eq!(v["board"]["rows"][0]["overall"], json(&textbook)["overall"]);

    let o = in_home(h, &["scores", "--format", "csv", "--player", "bo"]);
    let csv = stdout(&o);
    assert!(csv.starts_with("rank,player,overall,preparation"), "{csv}");
    assert_eq!(csv.lines().count(), 2, "{csv}");

    let o = in_home(h, &["scores", "--attempts", "--format", "csv"]);
    assert_eq!(stdout(&o).lines().count(), 4, "{}", stdout(&o));

    // Another scenario: the board splits per scenario, and CSV asks which one.
    in_home(
        h,
        &[
            "play",
            "clinic-scheduling",
            "--bot",
            "textbook",
            "--player",
            "Cy",
        ],
    );
    let o = in_home(h, &["scores"]);
    assert!(stdout(&o).contains("clinic-scheduling\n"), "{}", stdout(&o));
    let o = in_home(h, &["scores", "--format", "csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--scenario"), "{}", stderr(&o));
}

#[test]
fn a_bad_player_name_or_database_is_an_error_before_playing() {
    let home = tempfile::tempdir().unwrap();
    let o = in_home(
        home.path(),
        &[
            "play",
            "fleet-telematics",
            "--bot",
            "textbook",
            "--player",
            " ",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("player name"), "{}", stderr(&o));
    let not_db = home.path().join("notes.txt");
    std::fs::write(&not_db, "these are my notes, not a database at all").unwrap();
    let o = in_home(
        home.path(),
        &[
            "play",
            "fleet-telematics",
            "--bot",
            "textbook",
            "--player",
            "Ann",
            "--db",
            not_db.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("notes.txt"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&not_db).unwrap(),
        "these are my notes, not a database at all",
        "the file is untouched"
    );
}

#[test]
fn a_workshop_is_served_joined_and_scored_by_replay() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let o = in_home(
        h,
        &[
            "workshop",
            "new",
            "--scenario",
            "solar-farm",
            "--seed",
            "77",
            "--name",
            "Cohort 5",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("Workshop 1: Cohort 5"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&in_home(h, &["workshop", "list"])).contains("seed 77"));

    let mut server = Command::new(env!("CARGO_BIN_EXE_dealcraft"))
        .args([
            "serve",
            "--workshop",
            "1",
            "--code",
            "sun-77",
            "--addr",
            "127.0.0.1:0",
        ])
        .env("DEALCRAFT_HOME", h)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(server.stdout.take().unwrap());
    let mut addr = String::new();
    while addr.is_empty() {
        let mut line = String::new();
        assert!(
            std::io::BufRead::read_line(&mut out, &mut line).unwrap() > 0,
            "serve ended early"
        );
        if let Some(rest) = line.strip_prefix("Scoreboard for the projector: http://") {
            addr = rest.trim().trim_end_matches('/').to_owned();
        }
    }
    let player = tempfile::tempdir().unwrap();
    // A workshop is played by hand; a bot may not play it for you.
    let o = in_home(
        player.path(),
        &[
            "play", "--server", &addr, "--code", "sun-77", "--player", "Dee", "--bot", "textbook",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot be used with"), "{}", stderr(&o));
    // Greet, set the agenda, then end the meeting: a short but real session.
    let o = in_home_with_stdin(
        Some(player.path()),
        &[
            "play", "--server", &addr, "--code", "sun-77", "--player", "Dee",
        ],
        "Greet(Direct)\nSetAgenda\nq\n",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("`solar-farm`, seed 77"),
        "the workshop's scenario and seed: {}",
        stderr(&o)
    );
    // The player's own record of the session, and the score the server gave it.
    let mine = json(&in_home(player.path(), &["scores", "--format", "json"]));
    let played = &mine["board"]["rows"][0];
    assert_eq!(played["player"], "Dee");
    assert_eq!(played["turns"], 3, "greeting, agenda, end");
    assert!(
        stderr(&o).contains(&format!("scored it {}", played["overall"])),
        "{}",
        stderr(&o)
    );
    let wrong = in_home(
        player.path(),
        &[
            "play", "--server", &addr, "--code", "nope", "--player", "Eve",
        ],
    );
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        stderr(&wrong).contains("wrong workshop code"),
        "{}",
        stderr(&wrong)
    );

    let _ = server.kill();
    let _ = server.wait();
    // The trainer's database holds the server's replayed score; the player's holds their own.
    let board = json(&in_home(
        h,
        &["scores", "--workshop", "1", "--format", "json"],
    ));
    assert_eq!(board["board"]["rows"][0]["player"], "Dee");
    assert_eq!(board["board"]["rows"][0]["overall"], played["overall"]);
    assert_eq!(board["board"]["rows"].as_array().unwrap().len(), 1);
}

#[test]
fn a_hot_seat_workshop_is_played_in_the_terminal_with_its_seed_and_rubric() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    // Integration tests run in the package folder, so the rubric's relative path works.
    let o = in_home(
        h,
        &[
            "workshop",
            "new",
            "--scenario",
            "clinic-scheduling",
            "--seed",
            "31",
            "--rubric",
            "rubrics/consultative.ron",
            "--roster",
            "Ann,Bo",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let id = stdout(&o)
        .strip_prefix("Workshop ")
        .and_then(|r| r.split(':').next())
        .unwrap()
        .to_owned();
    assert!(
        stdout(&o).contains("rubric `consultative`"),
        "{}",
        stdout(&o)
    );
    for player in ["Ann", "Bo"] {
        let o = in_home_with_stdin(
            Some(h),
            &["play", "--workshop", &id, "--player", player],
            "Greet(Warm)\nq\n",
        );
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("seed 31, rubric `consultative`"),
            "{}",
            stderr(&o)
        );
        assert!(
            stderr(&o).contains("on the workshop's board"),
            "{}",
            stderr(&o)
        );
    }
    let board = json(&in_home(
        h,
        &["scores", "--workshop", &id, "--format", "json"],
    ));
    assert_eq!(board["board"]["rows"].as_array().unwrap().len(), 2);
    let attempts = json(&in_home(
        h,
        &[
            "scores",
            "--workshop",
            &id,
            "--attempts",
            "--format",
            "json",
        ],
    ));
    for a in attempts["attempts"].as_array().unwrap() {
        assert_eq!(a["seed"], 31);
        assert_eq!(a["rubric"], "consultative");
    }
    // A bot may not play a workshop for a player.
    let o = in_home(
        h,
        &[
            "play",
            "--workshop",
            &id,
            "--player",
            "Cy",
            "--bot",
            "textbook",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn coach_mode_is_refused_for_workshop_and_server_attempts() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let o = in_home(h, &["workshop", "new", "--scenario", "clinic-scheduling"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let id = stdout(&o)
        .strip_prefix("Workshop ")
        .and_then(|r| r.split(':').next())
        .unwrap()
        .to_owned();
    for args in [
        vec!["play", "--workshop", &id, "--player", "Ann", "--coach"],
        vec![
            "play",
            "--server",
            "127.0.0.1:9",
            "--code",
            "ABCD-EFGH",
            "--player",
            "Ann",
            "--coach",
        ],
    ] {
        let o = in_home_with_stdin(Some(h), &args, "q\n");
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("coach mode"), "{}", stderr(&o));
    }
    // Practice with the coach is recorded, marked, and left off the board.
    let o = in_home_with_stdin(
        Some(h),
        &["play", "clinic-scheduling", "--player", "Ann", "--coach"],
        "Greet(Warm)\nEnd\n",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("not on the boards"), "{}", stderr(&o));
    let board = json(&in_home(
        h,
        &[
            "scores",
            "--scenario",
            "clinic-scheduling",
            "--format",
            "json",
        ],
    ));
    assert!(board["board"]["rows"].as_array().unwrap().is_empty());
    let attempts = json(&in_home(
        h,
        &[
            "scores",
            "--attempts",
            "--scenario",
            "clinic-scheduling",
            "--format",
            "json",
        ],
    ));
    assert_eq!(attempts["attempts"][0]["coached"], true);
}

#[test]
fn analyze_search_reports_each_bad_practice_against_textbook_and_writes_scripts() {
    let dir = tempfile::tempdir().unwrap();
    let scripts = dir.path().join("exploits");
    let o = dealcraft(&[
        "analyze",
        "fleet-telematics",
        "--runs",
        "5",
        "--search",
        "--budget",
        "1500",
        "--scripts",
        scripts.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("exploit search (150"), "{out}");
    for rule in [
        "critical.below_floor",
        "habit.first_counter",
        "habit.no_next_steps",
    ] {
        assert!(out.contains(rule), "{rule} missing:\n{out}");
    }
    // Every script replays to the score the table printed for it.
    let mut replayed = 0;
    for entry in std::fs::read_dir(&scripts).unwrap() {
        let path = entry.unwrap().path();
        let head = std::fs::read_to_string(&path).unwrap();
        let score: u32 = head
            .split("scores ")
            .nth(1)
            .and_then(|r| r.split(' ').next())
            .unwrap()
            .parse()
            .unwrap();
        let o = dealcraft(&[
            "play",
            "fleet-telematics",
            "--seed",
            "1",
            "--script",
            path.to_str().unwrap(),
            "--json",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(json(&o)["overall"], score, "{}", path.display());
        replayed += 1;
    }
    assert!(replayed >= 8, "{replayed} scripts");
    // JSON carries the search per scenario.
    let o = dealcraft(&[
        "analyze",
        "clinic-scheduling",
        "--runs",
        "3",
        "--search",
        "--budget",
        "300",
        "--json",
    ]);
    let v = json(&o);
    let search = &v["scenarios"]["clinic-scheduling"]["search"];
    assert!(search["sessions"].as_u64().unwrap() >= 300, "{search}");
    assert!(search["exploits"].as_array().unwrap().len() >= 13);
}

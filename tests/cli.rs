//! End-to-end tests of the `dealcraft` command line: validate, play (bot, script, interactive,
//! JSON, log) and replay, run as a user runs them.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{json, stderr, stdout};
use serde_json::Value;

fn dealcraft(args: &[&str]) -> Output {
    common::run(None, args, None)
}

fn with_stdin(args: &[&str], input: &str) -> Output {
    common::run(None, args, Some(input))
}

/// Runs with `input` typed at the prompts, and the data folder in `home` when given.
fn in_home_with_stdin(home: Option<&Path>, args: &[&str], input: &str) -> Output {
    common::run(home, args, Some(input))
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

    // A field a move does not have is refused, naming the fields it does have.
    std::fs::write(
        &script,
        "[Greet(Direct), Ask(kind: Problem, needs: \"safety\")]",
    )
    .unwrap();
    let o = dealcraft(&[
        "play",
        "fleet-telematics",
        "--script",
        script.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("script.ron:1:36: error: unknown field `needs` in `Ask`"),
        "{err}"
    );
    assert!(
        err.contains("did you mean `need`? `Ask` has `kind`, `need`"),
        "{err}"
    );
}

#[test]
fn every_debrief_starts_with_why_the_meeting_ended() {
    // The pushy bot wears the client out; the text debrief and the JSON say so the same way.
    let args = ["play", "fleet-telematics", "--bot", "pushy", "--seed", "5"];
    let o = dealcraft(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let line = out
        .lines()
        .find(|l| l.starts_with("The client ran out of patience and left at turn"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(line.contains("cost the most patience"), "{line}");
    let next = out.lines().skip_while(|l| *l != line).nth(1).unwrap();
    assert!(next.starts_with("Outcome: client_left"), "{out}");
    let v = json(&dealcraft(&[&args[..], &["--json"]].concat()));
    assert_eq!(v["ending"]["kind"], "out_of_patience");
    assert_eq!(v["ending"]["text"], line);

    // A deal says where its price sits between the floor and the best price.
    let v = json(&dealcraft(&[
        "play",
        "fleet-telematics",
        "--bot",
        "textbook",
        "--seed",
        "3",
        "--json",
    ]));
    assert_eq!(v["ending"]["kind"], "deal");
    let text = v["ending"]["text"].as_str().unwrap();
    assert!(text.starts_with("A deal at "), "{text}");
    assert!(text.contains("% of the zone of agreement"), "{text}");
}

/// Text with «quoted» scenario content, `code`, the currency code and what follows it taken
/// out: what is left is the app's own words.
fn own_words(text: &str, currency: &str) -> String {
    let mut out = String::new();
    let (mut quoted, mut code) = (0, false);
    for c in text.replace(currency, "").chars() {
        match c {
            '«' => quoted += 1,
            '»' => quoted -= 1,
            '`' => code = !code,
            _ if quoted == 0 && !code => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn a_russian_scenario_is_debriefed_in_russian_unless_asked_otherwise() {
    for (id, bot, seed) in [
        ("horeca-coffee", "textbook", "2"),
        ("horeca-coffee", "random", "4"),
        ("office-furniture-nozopa", "pushy", "1"),
        ("office-furniture-nozopa", "discounter", "3"),
    ] {
        let o = dealcraft(&["play", id, "--bot", bot, "--seed", seed]);
        assert!(o.status.success(), "{}", stderr(&o));
        let out = stdout(&o);
        let debrief = &out[out.find("\nИтог: ").unwrap_or_else(|| panic!("{out}"))..];
        assert!(debrief.contains("Общий балл"), "{debrief}");
        for line in debrief.lines() {
            assert!(
                !own_words(line, "RUB")
                    .chars()
                    .any(|c| c.is_ascii_alphabetic()),
                "{id} {bot}: Latin letters in the Russian debrief: {line:?}"
            );
        }
        // The trainee's choice wins: findings and labels in English, the dialogue as written.
        let o = dealcraft(&["play", id, "--bot", bot, "--seed", seed, "--lang", "en"]);
        let out = stdout(&o);
        assert!(out.contains("\nOutcome: "), "{out}");
        assert!(out.contains("] You: "), "{out}");
        assert!(!out.contains("Итог"), "{out}");
    }
    let o = dealcraft(&[
        "play",
        "horeca-coffee",
        "--bot",
        "pushy",
        "--json",
        "--seed",
        "1",
    ]);
    let json: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let text = json["stages"]["contact"]["findings"][0]["text"]
        .as_str()
        .unwrap();
    assert!(text.chars().any(|c| ('а'..='я').contains(&c)), "{text}");
    let o = dealcraft(&["play", "fleet-telematics", "--bot", "pushy", "--lang", "de"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("use `en` or `ru`"), "{}", stderr(&o));
}

#[test]
fn an_english_scenario_is_debriefed_in_english_unless_asked_otherwise() {
    for (id, bot) in [("fleet-telematics", "pushy"), ("cnc-retrofit", "random")] {
        let o = dealcraft(&["play", id, "--bot", bot, "--seed", "3"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let out = stdout(&o);
        assert!(out.contains("\nOutcome: "), "{out}");
        assert!(
            !out.chars()
                .any(|c| matches!(c, 'а'..='я' | 'А'..='Я' | 'ё')),
            "{id}: Cyrillic in an English debrief:\n{out}"
        );
        let o = dealcraft(&["play", id, "--bot", bot, "--seed", "3", "--lang", "ru"]);
        let out = stdout(&o);
        assert!(out.contains("\nИтог: "), "{out}");
        assert!(out.contains("Общий балл"), "{out}");
    }
}

#[test]
fn analyze_flags_follow_each_scenarios_language() {
    let o = dealcraft(&[
        "analyze",
        "fleet-telematics",
        "horeca-coffee",
        "--runs",
        "2",
        "--bots",
        "random,textbook",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let ru = &out[out.find("horeca-coffee — ").unwrap()..];
    let en = &out[out.find("fleet-telematics — ").unwrap()..out.find("horeca-coffee — ").unwrap()];
    assert!(
        en.contains("stage presentation score never varies for random"),
        "{en}"
    );
    assert!(
        ru.contains("оценка этапа «Презентация» у бота «случайный» не меняется: всегда 0 в 2 встречах, дошедших до него"),
        "{ru}"
    );
    // The table speaks the scenario's language too.
    assert!(
        ru.contains("бот") && ru.contains("потр") && ru.contains("  по учебнику "),
        "{ru}"
    );
    assert!(
        en.contains("bot") && en.contains("needs") && en.contains("  textbook "),
        "{en}"
    );
    let o = dealcraft(&[
        "analyze",
        "horeca-coffee",
        "--runs",
        "2",
        "--bots",
        "random",
        "--lang",
        "en",
    ]);
    assert!(
        stdout(&o).contains("stage presentation score never varies for random"),
        "{}",
        stdout(&o)
    );
    // JSON: the same words for tools, the `kind` a key in every language.
    let o = dealcraft(&[
        "analyze",
        "fleet-telematics",
        "horeca-coffee",
        "--runs",
        "2",
        "--bots",
        "random",
        "--json",
    ]);
    let json: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let flag = |id: &str| {
        json["scenarios"][id]["flags"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["kind"] == "stage_never_varies")
            .unwrap_or_else(|| panic!("{id}: {json}"))
            .clone()
    };
    let ru = flag("horeca-coffee")["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(ru.starts_with("оценка этапа «"), "{ru}");
    let advice = flag("horeca-coffee")["advice"].as_str().unwrap().to_owned();
    assert!(advice.starts_with("обычно это нормально"), "{advice}");
    let en = flag("fleet-telematics")["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(en.starts_with("stage "), "{en}");
}

#[test]
fn interactive_play_reads_numbers_and_ron_moves_and_survives_bad_input() {
    // Prepare is move 1 in the menu: answer its prompts (the must-have terms by id and by
    // number), then greet in RON, then junk, then quit.
    let input = "1\n48000\n40000\ndriver\ncontract, 2\nGreet(Direct)\nbanana\n999\nq\n";
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
    // Prepare asks for the must-have terms, listing them: a sound plan with them scores 100.
    assert!(out.contains("must-have terms"), "{out}");
    assert!(
        out.contains("1. contract (contract length): 1 year / 3 years"),
        "{out}"
    );
    assert!(out.contains("preparation   100/100"), "{out}");
    // The debrief starts with why the meeting ended.
    assert!(
        out.contains("You ended the meeting at turn 3 without a deal.\nOutcome: no_deal"),
        "{out}"
    );
    // End of input ends the meeting cleanly too.
    let o = with_stdin(&["play", "fleet-telematics", "--seed", "2"], "");
    assert!(o.status.success(), "{}", stderr(&o));
    // A Russian client: the prompts, the menu and the debrief in Russian.
    let input = "1\n7400000\n6360000\nэкспрессивный\nGreet(Enthusiastic)\nq\n";
    let o = with_stdin(&["play", "horeca-coffee", "--seed", "2"], input);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for needle in [
        "Досье:",
        "настроение: ",
        "  Контакт:",
        "энергичное приветствие — Greet(Enthusiastic)",
        "целевая цена: ",
        "стиль клиента (драйвер, экспрессивный, дружелюбный, аналитик): ",
        "> Вы: ",
        "\nТимур Галиев: ",
        "(встреча окончена: без сделки)",
        "Итог: Без сделки",
    ] {
        assert!(out.contains(needle), "`{needle}` missing:\n{out}");
    }
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

    let (mut server, addr) = common::serve(
        h,
        &[
            "--workshop",
            "1",
            "--code",
            "sun-77",
            "--addr",
            "127.0.0.1:0",
        ],
    );
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
    // A Russian scenario's table is in Russian.
    let o = dealcraft(&[
        "analyze",
        "horeca-coffee",
        "--runs",
        "2",
        "--search",
        "--budget",
        "200",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("поиск лазеек (201 встреча,"),
        "{}",
        stdout(&o)
    );
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

/// `play --bot BOT --seed SEED --player NAME` recorded in `db`.
fn play_as(db: &Path, name: &str, bot: &str, seed: &str) -> Output {
    dealcraft(&[
        "play",
        "fleet-telematics",
        "--bot",
        bot,
        "--seed",
        seed,
        "--player",
        name,
        "--db",
        db.to_str().unwrap(),
    ])
}

#[test]
fn blank_and_look_alike_names_are_refused_before_playing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("names.db");
    assert!(play_as(&db, "Baseline", "textbook", "3").status.success());
    let cases = [
        ("\u{3164}", "blank character (U+3164)"),
        ("\u{2800}\u{2800}\u{2800}", "blank character (U+2800)"),
        ("Ann\u{00AD}", "formatting character (U+00AD)"),
        ("\u{061C}Ann", "formatting character (U+061C)"),
        ("  ", "player name is empty"),
        ("B\u{0430}seline", "looks like \"Baseline\""),
    ];
    for (name, why) in cases {
        let o = play_as(&db, name, "pushy", "3");
        assert_eq!(o.status.code(), Some(2), "{name:?}");
        assert!(stderr(&o).contains(why), "{name:?}: {}", stderr(&o));
        assert!(
            stdout(&o).is_empty(),
            "no session was played: {}",
            stdout(&o)
        );
    }
    // The same name in another case is still the same player.
    assert!(play_as(&db, "BASELINE", "pushy", "3").status.success());
    let o = dealcraft(&["scores", "--format", "json", "--db", db.to_str().unwrap()]);
    let rows = json(&o)["board"]["rows"].as_array().unwrap().clone();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["attempts"], 2);
}

#[test]
fn boards_shorten_long_names_and_mark_copies() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("copies.db");
    let wide = "\u{FDFD}".repeat(40);
    // The textbook bot plays the same moves on the same seed: everyone after Baseline copies.
    for name in ["Baseline", wide.as_str(), "Cy"] {
        assert!(play_as(&db, name, "textbook", "5").status.success());
    }
    assert!(play_as(&db, "Dee", "pushy", "5").status.success());
    let d = db.to_str().unwrap();

    let table = stdout(&dealcraft(&["scores", "--db", d]));
    let lines: Vec<&str> = table.lines().collect();
    // Every row's columns line up with the header's, up to "tries", however long the name.
    let width = dealcraft_store::display_width;
    for line in &lines[1..5] {
        let columns = line.split("  same moves as").next().unwrap();
        assert_eq!(width(columns), width(lines[0]), "{table}");
    }
    let wide_line = lines.iter().find(|l| l.contains('\u{FDFD}')).unwrap();
    assert!(wide_line.contains('…'), "{table}");
    assert!(
        wide_line.chars().filter(|&c| c == '\u{FDFD}').count() < 24,
        "{table}"
    );
    let copies = lines
        .iter()
        .filter(|l| l.contains("same moves as Baseline, "))
        .count();
    assert_eq!(copies, 2, "{table}");
    assert!(
        !lines[1..]
            .iter()
            .any(|l| l.contains("Dee") && l.contains("same moves"))
    );

    let v = json(&dealcraft(&["scores", "--format", "json", "--db", d]));
    let rows = v["board"]["rows"].as_array().unwrap();
    let cy = rows.iter().find(|r| r["player"] == "Cy").unwrap();
    assert_eq!(cy["copy_of"]["player"], "Baseline");
    assert!(cy["copy_of"]["recorded_at"].as_i64().unwrap() > 0);
    let dee = rows.iter().find(|r| r["player"] == "Dee").unwrap();
    assert!(dee["copy_of"].is_null());

    let csv = stdout(&dealcraft(&["scores", "--format", "csv", "--db", d]));
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .ends_with(",copy_of,copy_of_recorded_at"),
        "{csv}"
    );
    let cy_line = csv.lines().find(|l| l.contains(",Cy,")).unwrap();
    assert!(cy_line.contains(",Baseline,"), "{csv}");
}

/// A real database of `n` attempts at `path`, closed.
fn database_with_attempts(path: &Path, n: u64) {
    use std::sync::Arc;
    let store = dealcraft_store::Store::open(path).unwrap();
    let loaded = dealcraft_core::bundled::load("fleet-telematics").unwrap();
    let scenario = Arc::new(loaded.scenario);
    for seed in 0..n {
        let s = dealcraft_core::bots::play(
            dealcraft_core::bots::BotKind::Textbook,
            scenario.clone(),
            dealcraft_core::bundled::default_rubric(),
            seed,
        );
        let a = dealcraft_store::NewAttempt::from_session("Ann", &s, &loaded.hash, None);
        store.record(&a).unwrap();
    }
}

/// Overwrites 4 KiB in the middle of the file with pseudo-random bytes (the same every run).
fn damage(path: &Path) {
    use std::io::{Seek, SeekFrom};
    let len = std::fs::metadata(path).unwrap().len();
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
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

/// Runs the binary, killing it if it still runs after `secs` (a server that should not start).
fn with_deadline(args: &[&str], secs: u64) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dealcraft"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() && start.elapsed().as_secs() < secs {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    child.wait_with_output().unwrap()
}

#[test]
fn every_command_on_a_damaged_database_fails_with_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("league.db");
    database_with_attempts(&db, 30);
    let d = db.to_str().unwrap();
    assert!(
        dealcraft(&[
            "workshop",
            "new",
            "--scenario",
            "fleet-telematics",
            "--db",
            d
        ])
        .status
        .success()
    );
    damage(&db);
    let runs = [
        dealcraft(&["scores", "--db", d]),
        dealcraft(&["workshop", "list", "--db", d]),
        dealcraft(&[
            "play",
            "fleet-telematics",
            "--bot",
            "textbook",
            "--player",
            "Bo",
            "--db",
            d,
        ]),
        with_deadline(
            &[
                "serve",
                "--workshop",
                "1",
                "--code",
                "tuesday-42",
                "--addr",
                "127.0.0.1:0",
                "--db",
                d,
            ],
            20,
        ),
    ];
    for (o, what) in runs
        .iter()
        .zip(["scores", "workshop list", "play --player", "serve"])
    {
        let err = stderr(o);
        assert_eq!(o.status.code(), Some(2), "{what}: {err}");
        assert!(
            err.contains(&format!("database {d} is damaged")),
            "{what}: {err}"
        );
        assert!(
            err.contains("dealcraft db check") && err.contains("dealcraft db restore"),
            "{what}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "one error: {err}");
    }
    let o = dealcraft(&["db", "check", "--db", d]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("is damaged"), "{}", stdout(&o));
}

#[test]
fn db_check_backup_and_restore_bring_a_damaged_database_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("league.db");
    let backup = dir.path().join("league-backup.db");
    database_with_attempts(&db, 30);
    let (d, b) = (db.to_str().unwrap(), backup.to_str().unwrap());
    let o = dealcraft(&["db", "check", "--db", d]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    // The latest schema: what a new database is migrated to.
    let schema = dealcraft_store::Store::open_in_memory()
        .unwrap()
        .schema_version()
        .unwrap();
    assert!(
        stdout(&o).contains(&format!("sound (schema {schema}, 30 attempts)")),
        "{}",
        stdout(&o)
    );
    let o = dealcraft(&["db", "backup", b, "--db", d]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("30 attempts"), "{}", stdout(&o));
    let o = dealcraft(&["db", "backup", b, "--db", d]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));

    damage(&db);
    let damaged = std::fs::read(&db).unwrap();
    let o = dealcraft(&["db", "restore", b, "--db", d]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("30 attempts"), "{}", stdout(&o));
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_str().unwrap().contains("league.db.before-restore-"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(
        std::fs::read(&kept[0]).unwrap(),
        damaged,
        "the damaged file is kept"
    );
    assert!(
        stdout(&o).contains(kept[0].to_str().unwrap()),
        "{}",
        stdout(&o)
    );
    let o = dealcraft(&["scores", "--attempts", "--format", "csv", "--db", d]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 31);

    // A damaged backup is refused and nothing is touched.
    std::fs::write(&backup, &damaged).unwrap();
    let before = std::fs::read(&db).unwrap();
    let o = dealcraft(&["db", "restore", b, "--db", d]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("nothing was restored"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

/// Whether this process runs as root, which file permissions do not stop.
#[cfg(unix)]
fn is_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// Runs the binary with `args` as a user that file permissions apply to: `nobody` when this
/// test runs as root (as CI does), else this user. `None` when `nobody` cannot run the binary
/// from where it was built nor through a hard link in `dir`.
#[cfg(unix)]
fn unprivileged(dir: &Path, args: &[&str]) -> Option<Output> {
    use std::os::unix::process::CommandExt;
    let built = Path::new(env!("CARGO_BIN_EXE_dealcraft")).to_owned();
    if !is_root() {
        return Some(Command::new(built).args(args).output().unwrap());
    }
    let linked = dir.join("dealcraft-bin");
    for bin in [built.clone(), linked.clone()] {
        if bin == linked && std::fs::hard_link(&built, &linked).is_err() {
            break;
        }
        let run = Command::new(&bin).args(args).uid(65534).gid(65534).output();
        match run {
            Ok(o) if o.status.code() != Some(126) => return Some(o),
            _ => continue,
        }
    }
    None
}

#[cfg(unix)]
#[test]
fn a_read_only_database_is_refused_before_the_session_starts() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shared.db");
    database_with_attempts(&db, 2);
    let mode = |path: &Path, bits: u32| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(bits)).unwrap();
    };
    let d = db.to_str().unwrap();
    let args = [
        "play",
        "fleet-telematics",
        "--bot",
        "textbook",
        "--player",
        "Bo",
        "--db",
        d,
    ];
    // The file read-only in a writable folder (the case: the session was played, then
    // lost), then the file and its folder both read-only.
    for (file_bits, dir_bits) in [(0o444, 0o777), (0o444, 0o555)] {
        mode(&db, file_bits);
        mode(dir.path(), dir_bits);
        let Some(o) = unprivileged(dir.path(), &args) else {
            mode(dir.path(), 0o755);
            eprintln!("skipped: the unprivileged user cannot run the binary here");
            return;
        };
        mode(dir.path(), 0o755);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(
            err.contains(&format!("database {d} cannot be written")),
            "{err}"
        );
        assert!(err.contains("writable"), "{err}");
        assert!(
            stdout(&o).is_empty(),
            "no session was played: {}",
            stdout(&o)
        );
    }
    mode(&db, 0o644);
    let o = dealcraft(&["scores", "--attempts", "--format", "csv", "--db", d]);
    assert_eq!(stdout(&o).lines().count(), 3, "nothing was written");
}

#[cfg(unix)]
#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("board.db");
    database_with_attempts(&db, 3);
    let d = db.to_str().unwrap();
    let commands: [&[&str]; 8] = [
        &["scores", "--db", d],
        &["scores", "--attempts", "--format", "csv", "--db", d],
        &["workshop", "list", "--db", d],
        &["db", "check", "--db", d],
        &["play", "--list"],
        &[
            "play",
            "fleet-telematics",
            "--bot",
            "textbook",
            "--seed",
            "2",
        ],
        &["validate", "scenarios"],
        &["analyze", "clinic-scheduling", "--runs", "2"],
    ];
    for args in commands {
        // The reader is gone before the first line is written: every write fails.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let o = Command::new(env!("CARGO_BIN_EXE_dealcraft"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let err = stderr(&o);
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe"),
            "{args:?}: {err}"
        );
        let quiet = o.status.success() || o.status.signal() == Some(SIGPIPE);
        assert!(quiet, "{args:?}: {:?} {err}", o.status);
    }
    // The server keeps serving with its output closed.
    assert!(
        dealcraft(&[
            "workshop",
            "new",
            "--scenario",
            "fleet-telematics",
            "--db",
            d
        ])
        .status
        .success()
    );
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let serve = [
        "serve",
        "--workshop",
        "1",
        "--code",
        "pipes-0",
        "--addr",
        &addr,
        "--db",
        d,
    ];
    let mut server = Command::new(env!("CARGO_BIN_EXE_dealcraft"))
        .args(serve)
        .stdout(writer)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    let mut answered = false;
    while !answered && start.elapsed().as_secs() < 20 && server.try_wait().unwrap().is_none() {
        answered = std::net::TcpStream::connect(&addr).is_ok()
            && http_get(&addr, "/api/board").contains("board");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let alive = server.try_wait().unwrap().is_none();
    let _ = server.kill();
    let _ = server.wait();
    assert!(
        answered && alive,
        "serve stopped when its output was closed"
    );
    // The issue's own command line.
    let line = format!(
        "'{}' scores --attempts --db '{d}' | head -1",
        env!("CARGO_BIN_EXE_dealcraft")
    );
    let o = Command::new("sh").args(["-c", &line]).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 1);
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
}

/// SIGPIPE's number on Linux and the BSDs.
#[cfg(unix)]
const SIGPIPE: i32 = 13;

/// Starts `dealcraft serve` on workshop 1 of `home`'s database; returns it and its address.
fn serve_workshop(home: &Path, code: &str) -> (std::process::Child, String) {
    let args = [
        "serve",
        "--workshop",
        "1",
        "--code",
        code,
        "--addr",
        "127.0.0.1:0",
    ];
    let mut server = Command::new(env!("CARGO_BIN_EXE_dealcraft"))
        .args(args)
        .env("DEALCRAFT_HOME", home)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let out = std::io::BufReader::new(server.stdout.take().unwrap());
    let mut lines = std::io::BufRead::lines(out).map_while(Result::ok);
    let addr = lines.find_map(|line| {
        let rest = line.strip_prefix("Scoreboard for the projector: http://")?;
        Some(rest.trim().trim_end_matches('/').to_owned())
    });
    // Read the rest too, so the output stays open while the server runs.
    std::thread::spawn(move || lines.for_each(drop));
    match addr {
        Some(addr) => (server, addr),
        None => {
            let _ = server.wait();
            panic!("serve ended before it printed its address");
        }
    }
}

/// The body of `GET path` from the server at `addr`.
fn http_get(addr: &str, path: &str) -> String {
    use std::io::Read;
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    body.to_owned()
}

#[test]
fn the_same_log_posted_under_seven_names_is_marked_on_the_servers_board() {
    use std::sync::Arc;
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let new = [
        "workshop",
        "new",
        "--scenario",
        "fleet-telematics",
        "--seed",
        "2026",
    ];
    assert!(in_home(h, &new).status.success());
    let (mut server, addr) = serve_workshop(h, "copy-cat-2026");
    let client = dealcraft_server::Client::new(&addr, "copy-cat-2026");
    let joined = client.join().unwrap();
    let session = dealcraft_core::bots::play(
        dealcraft_core::bots::BotKind::Textbook,
        Arc::new(joined.scenario.scenario),
        joined.info.rubric.clone(),
        joined.info.seed,
    );
    let log = session.log(&joined.info.scenario_hash);
    let names = ["Baseline", "Cy", "Dee", "Eve", "Fay", "Gus", "Hal"];
    for name in names {
        let accepted = client.submit(name, &log, None).unwrap();
        assert_eq!(
            accepted.rank, 1,
            "{name}: the same moves earn the same score"
        );
    }
    // The server refuses the names too, with the reason.
    for (name, why) in [
        ("B\u{0430}seline", "looks like \"Baseline\""),
        ("\u{3164}", "U+3164"),
    ] {
        let err = client.submit(name, &log, None).unwrap_err().to_string();
        assert!(err.contains(why), "{name:?}: {err}");
    }
    let board: Value = serde_json::from_str(&http_get(&addr, "/api/board")).unwrap();
    let rows = board["board"]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 7);
    for row in rows {
        if row["player"] == "Baseline" {
            assert!(row["copy_of"].is_null(), "{row}");
        } else {
            assert_eq!(row["copy_of"]["player"], "Baseline", "{row}");
            assert!(row["copy_of"]["recorded_at"].as_i64().is_some(), "{row}");
        }
    }
    let csv = http_get(&addr, "/api/board.csv");
    // `copy_of` is the second last column.
    let marked = csv
        .lines()
        .filter(|l| l.rsplit(',').nth(1) == Some("Baseline"))
        .count();
    assert_eq!(marked, 6, "{csv}");
    let _ = server.kill();
    let _ = server.wait();
    let table = stdout(&in_home(h, &["scores", "--workshop", "1"]));
    let copies = table
        .lines()
        .filter(|l| l.contains("same moves as Baseline"))
        .count();
    assert_eq!(copies, 6, "{table}");
}

#[test]
fn interactive_collection_shows_the_week_and_what_is_owed() {
    use dealcraft_core::bots::{Bot, BotKind};
    use dealcraft_core::{Move, Rubric, Session, bundled};
    // The textbook bot's moves on a credit sale, typed in as RON, up to the first collection move.
    let sc = std::sync::Arc::new(bundled::load("cnc-retrofit").unwrap().scenario);
    let mut s = Session::new(sc.clone(), Rubric::default(), 4);
    let mut bot = Bot::new(BotKind::Textbook, 4);
    let mut input = String::new();
    loop {
        let mv = bot.next_move(&s);
        input.push_str(&format!("{mv}\n"));
        let collect = matches!(mv, Move::Collect(_));
        s.apply(mv).unwrap();
        if collect {
            break;
        }
    }
    input.push_str("q\n");
    let o = with_stdin(&["play", "cnc-retrofit", "--seed", "4"], &input);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let debt = sc.debt.as_ref().unwrap();
    let expected = format!("collection: week 1 of {} next", debt.weeks);
    assert!(out.contains(&expected), "{out}");
    assert!(
        out.contains(&format!("due in week {}", debt.due_week)),
        "{out}"
    );
    assert!(
        out.contains(&format!("collection: week 2 of {} next", debt.weeks)),
        "{out}"
    );
}

#[test]
fn a_log_of_a_trainers_own_scenario_replays_with_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("my-client.ron");
    let text = dealcraft_core::template::template("my-client", dealcraft_core::scenario::Lang::En);
    std::fs::write(&scenario, text).unwrap();
    let log = dir.path().join("mine.ron");
    let (sc, lg) = (scenario.to_str().unwrap(), log.to_str().unwrap());
    let o = dealcraft(&["play", sc, "--bot", "textbook", "--seed", "2", "--log", lg]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Without the file: a clear error with the command that works (as the README shows it).
    let o = dealcraft(&["replay", lg]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(&format!("dealcraft replay {lg} --scenario my-client.ron")),
        "{}",
        stderr(&o)
    );
    let o = dealcraft(&["replay", lg, "--scenario", sc]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("Overall:"), "{}", stdout(&o));
}

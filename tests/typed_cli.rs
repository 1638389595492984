//! End-to-end tests of typed turns on the command line: `dealcraft interpret` (text, JSON,
//! `--eval`) and `dealcraft play --say`, whose log replays with the typed lines.

mod common;

use std::process::Output;

use common::{json, stdout};

fn dealcraft(args: &[&str], input: &str) -> Output {
    let home = std::env::temp_dir().join("dealcraft-typed-cli");
    common::run(Some(&home), args, Some(input))
}

#[test]
fn interpret_json_gives_the_move_its_confidence_and_two_alternatives() {
    let o = dealcraft(
        &[
            "interpret",
            "fleet-telematics",
            "What does all that wasted diesel cost you a year?",
            "--json",
        ],
        "",
    );
    assert!(o.status.success());
    let v = json(&o);
    assert_eq!(
        v["move"],
        r#"Ask(kind:Implication,need:Some("fuel-costs"))"#
    );
    let c = v["confidence"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&c));
    let alts = v["alternatives"].as_array().unwrap();
    assert_eq!(alts.len(), 2);
    for a in alts {
        assert!(a["move"].is_string());
        assert!(a["confidence"].as_f64().unwrap() <= c);
    }
}

#[test]
fn interpret_reads_russian_prices_and_terms() {
    let o = dealcraft(
        &[
            "interpret",
            "horeca-coffee",
            "Могу дать 6 900 000, но с предоплатой 100 %.",
            "--lang",
            "ru",
        ],
        "",
    );
    assert!(o.status.success());
    assert!(
        stdout(&o).starts_with("Offer(price:6900000"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_turn_nothing_fits_is_an_error_object_with_exit_0() {
    let o = dealcraft(&["interpret", "fleet-telematics", "qqq zzz", "--json"], "");
    assert!(o.status.success());
    let v = json(&o);
    let e = v["error"].as_str().unwrap();
    assert!(e.starts_with("I did not understand"), "{e}");
    assert!(v.get("move").is_none());
}

#[test]
fn interpret_eval_reports_accuracy_per_language_and_confusions() {
    let o = dealcraft(
        &[
            "interpret",
            "fleet-telematics",
            "--eval",
            "tests/utterances/en-fleet-telematics.jsonl",
            "--json",
        ],
        "",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v = json(&o);
    let en = &v["languages"]["en"];
    assert_eq!(en["lines"], 113);
    let kind = en["kind_accuracy"].as_f64().unwrap();
    let full = en["full_accuracy"].as_f64().unwrap();
    assert!(kind > 0.5 && full <= kind, "{en}");
    assert!(v["confused"].as_array().is_some());
    let text = dealcraft(
        &[
            "interpret",
            "fleet-telematics",
            "--eval",
            "tests/utterances/en-fleet-telematics.jsonl",
        ],
        "",
    );
    let out = stdout(&text);
    assert!(out.contains("en: 113 lines, kind "), "{out}");
}

#[test]
fn a_bad_labelled_line_names_its_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.jsonl");
    std::fs::write(
        &path,
        "{\"text\": \"hi\", \"move\": \"SmallTalk\"}\n{\"text\": \"x\", \"move\": \"Fly(High)\"}\n",
    )
    .unwrap();
    let o = dealcraft(
        &[
            "interpret",
            "fleet-telematics",
            "--eval",
            path.to_str().unwrap(),
        ],
        "",
    );
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad.jsonl:2:"), "{err}");
    assert!(err.contains("Fly(High)"), "{err}");
}

#[test]
fn play_say_reads_back_asks_when_unsure_and_logs_the_typed_lines() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("typed.ron");
    let greeting =
        "Hello Karen, thanks for seeing me, I'll be brief and get straight to the point.";
    // The plan (no must-have terms); a greeting (confirmed, or its first reading picked); gibberish, then Enter
    // (nothing played); then the meeting ends.
    let input = format!("46000\n38000\ndriver\n\n{greeting}\n1\nqqq zzz\n\nq\n");
    let o = dealcraft(
        &[
            "play",
            "fleet-telematics",
            "--say",
            "--seed",
            "5",
            "--log",
            log.to_str().unwrap(),
        ],
        &input,
    );
    let out = stdout(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("greeting"), "{out}");
    assert!(out.contains("I did not understand"), "{out}");
    assert!(out.contains(&format!("You: {greeting}")), "{out}");
    assert!(!out.contains("You: qqq zzz"), "{out}");
    let replayed = dealcraft(&["replay", log.to_str().unwrap(), "--json"], "");
    assert!(replayed.status.success());
    let v = json(&replayed);
    let lines: Vec<&str> = v["transcript"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l["text"].as_str())
        .collect();
    assert!(lines.contains(&greeting), "{lines:?}");
}

#[test]
fn play_say_ends_quietly_when_the_input_ends_before_a_plan() {
    let o = dealcraft(
        &["play", "fleet-telematics", "--say", "--seed", "5"],
        "46000\n",
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

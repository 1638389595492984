//! Printing a finished session: the transcript and the scorecard, as text or as one JSON object.

use dealcraft_core::scoring::{CRITICAL_CAP, Finding, HABIT_COST};
use dealcraft_core::session::Speaker;
use dealcraft_core::{Session, score};
use serde_json::{Value, json};

/// The `--json` object: scenario, seed, outcome, overall, critical errors, habits, stages
/// (score, reached and why not, findings), transcript.
pub fn to_json(session: &Session) -> Value {
    let card = score(session);
    let stages: serde_json::Map<String, Value> = card
        .stages
        .iter()
        .map(|s| {
            (
                s.stage.key().to_owned(),
                json!({
                    "score": s.score,
                    "weight": s.weight,
                    "reached": s.reached,
                    "not_reached": s.not_reached,
                    "findings": s.findings,
                }),
            )
        })
        .collect();
    json!({
        "scenario": session.scenario().id,
        "seed": session.seed(),
        "rubric": session.rubric().name,
        "outcome": session.outcome().map_or("in_progress", |o| o.key()),
        "deal": session.outcome(),
        "turns": session.moves().len(),
        "scoring_version": card.version,
        "overall": card.overall,
        "pass": card.pass,
        "stages_score": card.stages_score,
        "critical": card.critical,
        "habits": card.habits,
        "stages": stages,
        "path": session.path(),
        "transcript": session.transcript(),
    })
}

pub fn speaker_label(session: &Session, speaker: Speaker) -> String {
    match speaker {
        Speaker::Seller => "You".to_owned(),
        Speaker::Client => session.scenario().client.name.clone(),
        Speaker::Narrator => "·".to_owned(),
    }
}

pub fn print_transcript(session: &Session) {
    let mut turn = 0;
    for line in session.transcript() {
        if line.turn != turn {
            turn = line.turn;
            println!();
        }
        println!(
            "[{:>3}] {}: {}",
            line.turn,
            speaker_label(session, line.speaker),
            line.text
        );
    }
}

pub fn print_scorecard(session: &Session) {
    let card = score(session);
    let outcome = session.outcome().map_or("in progress", |o| o.key());
    println!();
    println!("Outcome: {outcome}    Overall: {}/100", card.overall);
    let mark = card.pass.mark.overall;
    if card.pass.passed {
        println!("PASSED (pass mark {mark})");
    } else {
        let reasons: Vec<String> = card
            .pass
            .reasons
            .iter()
            .map(|r| r.text(dealcraft_core::scenario::Lang::En))
            .collect();
        println!("FAILED (pass mark {mark}): {}", reasons.join("; "));
    }
    for f in &card.critical {
        println!(
            "  CRITICAL ({}): {}; the overall score is capped at {CRITICAL_CAP}",
            turn_of(f),
            f.text
        );
        print_tip(f);
    }
    for f in &card.habits {
        println!("  habit ({}): {}  (−{HABIT_COST})", turn_of(f), f.text);
        print_tip(f);
    }
    if !card.critical.is_empty() || !card.habits.is_empty() {
        println!("  stages before these: {}/100", card.stages_score);
    }
    let path: Vec<&str> = session.path().iter().map(|s| s.key()).collect();
    println!("Path: {}", path.join(" → "));
    for s in &card.stages {
        println!();
        let reached = if s.reached { "" } else { "  not reached" };
        println!(
            "{:<13} {:>3}/100  (weight {}){reached}",
            s.stage.key(),
            s.score,
            s.weight
        );
        for f in &s.findings {
            let turn = f.turn.map_or("     ".to_owned(), |t| format!("t{t:<3} "));
            println!("  {turn}{:>+4}  {}", f.points, f.text);
            print_tip(f);
        }
    }
}

fn turn_of(f: &Finding) -> String {
    f.turn
        .map_or("the whole session".into(), |t| format!("turn {t}"))
}

fn print_tip(f: &Finding) {
    if let Some(tip) = &f.tip {
        println!("              tip: {tip}");
    }
}

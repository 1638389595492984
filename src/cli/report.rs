//! Printing a finished session: the transcript and the scorecard, as text or as one JSON object.

use dealcraft_core::session::Speaker;
use dealcraft_core::{Session, score};
use serde_json::{Value, json};

/// The `--json` object: scenario, seed, outcome, overall, stages (score, findings), transcript.
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
        "overall": card.overall,
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
    let path: Vec<&str> = session.path().iter().map(|s| s.key()).collect();
    println!("Path: {}", path.join(" → "));
    for s in &card.stages {
        println!();
        println!(
            "{:<13} {:>3}/100  (weight {})",
            s.stage.key(),
            s.score,
            s.weight
        );
        for f in &s.findings {
            let turn = f.turn.map_or("     ".to_owned(), |t| format!("t{t:<3} "));
            println!("  {turn}{:>+4}  {}", f.points, f.text);
            if let Some(tip) = &f.tip {
                println!("              tip: {tip}");
            }
        }
    }
}

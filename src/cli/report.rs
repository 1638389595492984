//! Printing a finished session: the transcript and the scorecard, as text or as one JSON object,
//! in the scenario's language or the one asked for.

use dealcraft_core::scenario::Lang;
use dealcraft_core::scoring::{CRITICAL_CAP, Finding, HABIT_COST, score_in};
use dealcraft_core::session::Speaker;
use dealcraft_core::vocab::{self, t};
use dealcraft_core::{Session, ending};
use serde_json::{Value, json};

/// The `--json` object: scenario, seed, outcome, why it ended, overall, critical errors, habits,
/// stages (score, reached and why not, findings in `lang`), transcript. Keys stay English.
pub fn to_json(session: &Session, lang: Lang) -> Value {
    let card = score_in(session, lang);
    let why = ending::of(session);
    let mut ending = serde_json::to_value(&why).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut ending {
        let text = why.text(lang, &session.scenario().product.currency);
        map.insert("text".into(), Value::String(text));
    }
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
        "ending": ending,
        "turns": session.moves().len(),
        "scoring_version": card.version,
        "overall": card.overall,
        "stages_score": card.stages_score,
        "critical": card.critical,
        "habits": card.habits,
        "stages": stages,
        "path": session.path(),
        "transcript": session.transcript(),
    })
}

pub fn speaker_label(session: &Session, speaker: Speaker, lang: Lang) -> String {
    match speaker {
        Speaker::Seller => t(lang, "You", "Вы").to_owned(),
        Speaker::Client => session.scenario().client.name.clone(),
        Speaker::Narrator => "·".to_owned(),
    }
}

pub fn print_transcript(session: &Session, lang: Lang) {
    let mut turn = 0;
    for line in session.transcript() {
        if line.turn != turn {
            turn = line.turn;
            println!();
        }
        println!(
            "[{:>3}] {}: {}",
            line.turn,
            speaker_label(session, line.speaker, lang),
            line.text
        );
    }
}

pub fn print_scorecard(session: &Session, lang: Lang) {
    let card = score_in(session, lang);
    let key = session.outcome().map_or("in_progress", |o| o.key());
    let currency = &session.scenario().product.currency;
    println!();
    println!("{}", ending::of(session).text(lang, currency));
    match lang {
        // English keeps the outcome's key, which scripts read.
        Lang::En => println!("Outcome: {key}    Overall: {}/100", card.overall),
        Lang::Ru => println!(
            "Итог: {}    Общий балл: {}/100",
            vocab::outcome(lang, key),
            card.overall
        ),
    }
    for f in &card.critical {
        println!(
            "  {} ({}): {}; {} {CRITICAL_CAP}",
            t(lang, "CRITICAL", "КРИТИЧЕСКАЯ ОШИБКА"),
            turn_of(f, lang),
            f.text,
            t(lang, "the overall score is capped at", "общий балл не выше")
        );
        print_tip(f, lang);
    }
    for f in &card.habits {
        println!(
            "  {} ({}): {}  (−{HABIT_COST})",
            t(lang, "habit", "вредная привычка"),
            turn_of(f, lang),
            f.text
        );
        print_tip(f, lang);
    }
    if !card.critical.is_empty() || !card.habits.is_empty() {
        println!(
            "  {}: {}/100",
            t(lang, "stages before these", "баллы этапов до этих поправок"),
            card.stages_score
        );
    }
    let path: Vec<&str> = session
        .path()
        .iter()
        .map(|s| t(lang, s.key(), vocab::stage(lang, *s)))
        .collect();
    println!("{}: {}", t(lang, "Path", "Путь"), path.join(" → "));
    for s in &card.stages {
        println!();
        let reached = if s.reached {
            ""
        } else {
            t(lang, "  not reached", "  этап не пройден")
        };
        println!(
            "{:<13} {:>3}/100  ({} {}){reached}",
            t(lang, s.stage.key(), vocab::stage(lang, s.stage)),
            s.score,
            t(lang, "weight", "вес"),
            s.weight
        );
        for f in &s.findings {
            let turn = match (f.turn, lang) {
                (None, Lang::En) => "     ".to_owned(),
                (None, Lang::Ru) => "       ".to_owned(),
                (Some(n), Lang::En) => format!("t{n:<3} "),
                (Some(n), Lang::Ru) => format!("ход {n:<3}"),
            };
            println!("  {turn}{:>+4}  {}", f.points, f.text);
            print_tip(f, lang);
        }
    }
}

fn turn_of(f: &Finding, lang: Lang) -> String {
    match f.turn {
        Some(n) => format!("{} {n}", t(lang, "turn", "ход")),
        None => t(lang, "the whole session", "вся встреча").to_owned(),
    }
}

fn print_tip(f: &Finding, lang: Lang) {
    if let Some(tip) = &f.tip {
        println!("              {}: {tip}", t(lang, "tip", "совет"));
    }
}

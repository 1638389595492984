//! `dealcraft play --say`: each turn typed in the trainee's own words, read by the interpreter,
//! shown back ("I read this as: ...") and played only once confirmed.

use std::io::BufRead;

use dealcraft_core::Session;
use dealcraft_core::interpret::{Interpreter, Reading, describe, did_you_mean, read_as};
use dealcraft_core::moves::Move;
use dealcraft_core::parse::parse_move;
use dealcraft_core::scenario::Lang;
use dealcraft_core::vocab::t;

use super::{ask_plan, prompt, show, show_state};

/// What the trainee answered to a reading.
enum Answer {
    Play(Move),
    /// Type the turn again (this text, or ask for a new one when empty).
    Retype(Option<String>),
    Quit,
}

pub fn run(
    session: &mut Session,
    input: &mut impl BufRead,
    coach: bool,
    lang: Lang,
) -> Result<(), String> {
    let sc = session.scenario().clone();
    let reader = Interpreter::new(&sc);
    println!(
        "\n{}",
        t(
            lang,
            "Say what you would say, in English or Russian. Enter confirms the reading, 2 or 3 \
             picks another, anything else is read as a new turn; `q` ends the meeting.",
            "Скажите, что сказали бы клиенту, по-русски или по-английски. Enter подтверждает \
             прочтение, 2 или 3 выбирают другое, остальное читается как новая реплика; `q` — \
             завершить встречу.",
        )
    );
    if session
        .legal_moves()
        .iter()
        .any(|m| matches!(m, Move::Prepare(_)))
    {
        println!(
            "\n{}",
            t(
                lang,
                "First, your plan for the meeting.",
                "Сначала план встречи."
            )
        );
        loop {
            // Out of input before a plan: the meeting ends, as it does at the turn prompt.
            if input.fill_buf().map_err(|e| e.to_string())?.is_empty() {
                let _ = session.apply(Move::End);
                return Ok(());
            }
            if let Some(plan) = ask_plan(input, &sc, lang)? {
                let events = session
                    .apply(Move::Prepare(plan))
                    .map_err(|e| e.to_string())?;
                show(session, &events, lang);
                break;
            }
        }
    }
    let mut pending: Option<String> = None;
    while !session.is_over() {
        let text = match pending.take() {
            Some(t) => t,
            None => {
                show_state(session, coach, lang);
                let Some(line) = prompt(input, "you> ")? else {
                    let _ = session.apply(Move::End);
                    break;
                };
                line.trim().to_owned()
            }
        };
        if text.is_empty() {
            continue;
        }
        if text == "q" {
            let events = session.apply(Move::End).map_err(|e| e.to_string())?;
            show(session, &events, lang);
            break;
        }
        // A move in script syntax is played as written, for those who know it.
        if let Ok(mv) = parse_move(&text) {
            play(session, mv, None, lang);
            continue;
        }
        let reading = reader.read(&text, None, Some(session));
        match confirm(session, input, &reading)? {
            Answer::Play(mv) => play(session, mv, Some(&text), lang),
            Answer::Retype(next) => pending = next,
            Answer::Quit => {
                let _ = session.apply(Move::End);
                break;
            }
        }
    }
    Ok(())
}

/// Shows the reading and its two alternatives (or "did you mean ..." when the turn was not
/// understood) and asks which to play; nothing is played without an answer.
fn confirm(
    session: &Session,
    input: &mut impl BufRead,
    reading: &Reading,
) -> Result<Answer, String> {
    let sc = session.scenario();
    let lang = reading.lang;
    let choices: Vec<&Move> = match reading.best() {
        Some(best) => {
            println!("  {}", read_as(&best.mv, sc, lang));
            for (i, alt) in reading.alternatives().iter().enumerate() {
                println!("    {}. {}", i + 2, describe(&alt.mv, sc, lang));
            }
            std::iter::once(&best.mv)
                .chain(reading.alternatives().iter().map(|c| &c.mv))
                .collect()
        }
        None => {
            println!("  {}", did_you_mean(reading, sc, lang));
            for (i, alt) in reading.alternatives().iter().enumerate() {
                println!("    {}. {}", i + 1, describe(&alt.mv, sc, lang));
            }
            reading.alternatives().iter().map(|c| &c.mv).collect()
        }
    };
    let understood = reading.best().is_some();
    let ask = match understood {
        true => "  Enter confirms> ",
        false => "  number, or say it again> ",
    };
    let Some(line) = prompt(input, ask)? else {
        return Ok(Answer::Quit);
    };
    let line = line.trim();
    // Choices count from 1: the reading itself (also Enter), then its alternatives.
    match (line, line.parse::<usize>()) {
        ("", _) if understood => Ok(Answer::Play(choices[0].clone())),
        ("", _) => Ok(Answer::Retype(None)),
        (_, Ok(n)) if (1..=choices.len()).contains(&n) => Ok(Answer::Play(choices[n - 1].clone())),
        (other, _) => Ok(Answer::Retype(Some(other.to_owned()))),
    }
}

fn play(session: &mut Session, mv: Move, said: Option<&str>, lang: Lang) {
    let result = match said {
        Some(text) => session.apply_said(mv, text),
        None => session.apply(mv),
    };
    match result {
        Ok(events) => show(session, &events, lang),
        Err(e) => println!("  {}: {e}", t(lang, "refused", "отклонено")),
    }
}

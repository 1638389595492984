//! Typed turns: a whole session typed in English and in Russian, read by the interpreter in
//! the session's context, reaches a deal; the typed lines are the seller's lines; its log
//! replays to the same transcript and scores; and old logs without typed lines still read.

use std::sync::Arc;

use dealcraft_core::bots::{Bot, BotKind};
use dealcraft_core::interpret::{Interpreter, examples};
use dealcraft_core::scenario::Lang;
use dealcraft_core::session::Speaker;
use dealcraft_core::{Outcome, Rubric, Session, SessionLog, bundled, score};

/// A trainee who knows what to do (the textbook bot decides) and says it in words: each turn
/// is the first example line the interpreter reads, in context, as the intended move.
fn typed_session(id: &str, lang: Lang, seed: u64) -> (Session, String) {
    let loaded = bundled::load(id).unwrap();
    let sc = Arc::new(loaded.scenario);
    let reader = Interpreter::new(&sc);
    let mut session = Session::new(sc.clone(), Rubric::default(), seed);
    let mut bot = Bot::new(BotKind::Textbook, seed);
    // The plan is made on the preparation screen, not typed.
    let plan = bot.next_move(&session);
    session.apply(plan).unwrap();
    while !session.is_over() {
        let mv = bot.next_move(&session);
        let line = examples::typed_line(&reader, &session, &mv, lang).unwrap_or_else(|| {
            let read: Vec<String> = examples::lines(&mv, &sc, lang)
                .iter()
                .map(|l| {
                    let r = reader.read(l, Some(lang), Some(&session));
                    format!(
                        "{l:?} -> {:?}",
                        r.candidates.first().map(|c| c.mv.to_string())
                    )
                })
                .collect();
            panic!(
                "turn {}: nothing typed reads as {mv}: {read:#?}",
                session.next_turn()
            )
        });
        session.apply_said(mv, &line).unwrap();
    }
    (session, loaded.hash)
}

fn check(id: &str, lang: Lang, seed: u64) {
    let (typed, hash) = typed_session(id, lang, seed);
    assert!(
        matches!(typed.outcome(), Some(Outcome::Deal { .. })),
        "{id}: {:?}",
        typed.outcome()
    );
    // Every turn after the plan was typed, and what was typed is what the seller says.
    assert_eq!(typed.said().len(), typed.moves().len() - 1);
    for (turn, text) in typed.said() {
        let seller: Vec<&str> = typed
            .transcript()
            .iter()
            .filter(|l| l.turn == *turn && l.speaker == Speaker::Seller)
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(seller, [text.as_str()], "turn {turn}");
    }
    // Typing changes the words, never the play: the same moves picked from the palette score
    // the same.
    let mut picked = Session::new(typed.scenario_arc().clone(), Rubric::default(), seed);
    for mv in typed.moves() {
        picked.apply(mv.clone()).unwrap();
    }
    assert_eq!(score(&picked), score(&typed));
    assert_eq!(picked.client(), typed.client());
    // The log keeps the typed lines and replays to the identical transcript and scores.
    let log = typed.log(&hash);
    let text = log.to_ron();
    let back = SessionLog::parse(&text).unwrap();
    assert_eq!(back, log);
    let replayed = back.replay(typed.scenario_arc().clone(), &hash).unwrap();
    assert_eq!(replayed.transcript(), typed.transcript());
    assert_eq!(score(&replayed), score(&typed));
    let json = serde_json::to_string(&log).unwrap();
    assert_eq!(SessionLog::parse(&json).unwrap(), log);
}

#[test]
fn a_fleet_telematics_session_typed_in_english_reaches_a_deal_and_replays() {
    check("fleet-telematics", Lang::En, 7);
}

#[test]
fn a_coffee_session_typed_in_russian_reaches_a_deal_and_replays() {
    check("horeca-coffee", Lang::Ru, 7);
}

#[test]
fn a_typed_move_with_no_stock_seller_line_still_shows_the_text() {
    let sc = Arc::new(bundled::load("fleet-telematics").unwrap().scenario);
    let mut s = Session::new(sc, Rubric::default(), 1);
    s.apply_said(dealcraft_core::Move::SetAgenda, "  Plan: you, then me.  ")
        .unwrap();
    let first = &s.transcript()[0];
    assert_eq!(
        (first.speaker, first.text.as_str()),
        (Speaker::Seller, "Plan: you, then me.")
    );
    // Blank text is no typed line: the stock line is said.
    s.apply_said(dealcraft_core::Move::SmallTalk, "   ")
        .unwrap();
    assert!(!s.said().contains_key(&2));
    assert!(
        s.transcript()
            .iter()
            .any(|l| l.turn == 2 && l.speaker == Speaker::Seller)
    );
}

//! Golden transcripts: a scripted session on every bundled scenario, seeded, compared line by
//! line with its stored snapshot (`tests/snapshots/`), scores and findings included, the
//! findings in the scenario's language.
//!
//! The scripts live in `tests/scripts/ID.ron`. When a change alters a transcript on purpose,
//! review the diff and accept it with `INSTA_UPDATE=always cargo test -p dealcraft-core --test golden`.

use std::fmt::Write;
use std::path::Path;
use std::sync::Arc;

use dealcraft_core::parse::parse_moves;
use dealcraft_core::scoring::score_in;
use dealcraft_core::session::Speaker;
use dealcraft_core::{Rubric, Session, bundled};

const SEED: u64 = 2026;

fn render(session: &Session) -> String {
    let mut out = String::new();
    for line in session.transcript() {
        let who = match line.speaker {
            Speaker::Seller => "seller",
            Speaker::Client => "client",
            Speaker::Narrator => "·",
        };
        writeln!(out, "{:>3} {who:<6} {}", line.turn, line.text).unwrap();
    }
    let card = score_in(session, session.scenario().language);
    let outcome = session.outcome().map_or("in_progress", |o| o.key());
    writeln!(out, "\noutcome {outcome}, overall {}", card.overall).unwrap();
    for f in card.critical.iter().chain(&card.habits) {
        let turn = f.turn.map_or("-".to_owned(), |t| t.to_string());
        writeln!(out, "  {:+} t{turn} {}: {}", f.points, f.rule, f.text).unwrap();
    }
    let path: Vec<&str> = session.path().iter().map(|s| s.key()).collect();
    writeln!(out, "path {}", path.join(" > ")).unwrap();
    for s in &card.stages {
        writeln!(out, "\n{} {}", s.stage.key(), s.score).unwrap();
        for f in &s.findings {
            let turn = f.turn.map_or("-".to_owned(), |t| t.to_string());
            writeln!(out, "  {:+} t{turn} {}: {}", f.points, f.rule, f.text).unwrap();
        }
    }
    out
}

#[test]
fn every_bundled_scenario_plays_its_script_to_the_same_transcript() {
    let scripts = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scripts");
    for loaded in bundled::all() {
        let loaded = loaded.expect("bundled scenarios are valid");
        let id = loaded.scenario.id.clone();
        let path = scripts.join(format!("{id}.ron"));
        let bytes = std::fs::read(&path).unwrap_or_else(|_| {
            panic!(
                "every bundled scenario needs a script: {} is missing",
                path.display()
            )
        });
        let moves =
            parse_moves(&path.display().to_string(), &bytes).unwrap_or_else(|d| panic!("{d}"));
        let mut session = Session::new(Arc::new(loaded.scenario), Rubric::default(), SEED);
        for (i, mv) in moves.into_iter().enumerate() {
            let shown = mv.to_string();
            session
                .apply(mv)
                .unwrap_or_else(|e| panic!("{id}: script move {} ({shown}) refused: {e}", i + 1));
        }
        assert!(
            session.is_over(),
            "{id}: the script plays the session to its end"
        );
        insta::assert_snapshot!(id.as_str(), render(&session));
    }
}

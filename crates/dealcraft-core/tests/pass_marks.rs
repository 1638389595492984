//! Pass marks on real sessions: textbook play passes, poor play fails, a critical error fails
//! even under a pass mark it scores above, and tracks and assignments load with located errors.

use std::collections::BTreeMap;
use std::sync::Arc;

use dealcraft_core::bots::{BotKind, play};
use dealcraft_core::moves::{Move, Stage};
use dealcraft_core::scoring::{DEFAULT_PASS_MARK, FailReason, PassMark, PassSource};
use dealcraft_core::{Rubric, Scenario, Session, bundled, load_assignment, load_track, score};

fn scenario(id: &str) -> Arc<Scenario> {
    Arc::new(bundled::load(id).expect("bundled").scenario)
}

#[test]
fn textbook_play_passes_and_poor_play_fails_the_default_mark() {
    for id in bundled::ids() {
        let sc = scenario(&id);
        let good = score(&play(BotKind::Textbook, sc.clone(), Rubric::default(), 3));
        assert_eq!(good.pass.source, PassSource::Default);
        assert_eq!(good.pass.mark.overall, DEFAULT_PASS_MARK);
        assert!(good.pass.passed, "{id}: textbook {} fails", good.overall);
        let pushy = score(&play(BotKind::Pushy, sc, Rubric::default(), 3));
        assert!(
            !pushy.pass.passed,
            "{id}: pushy passes with {}",
            pushy.overall
        );
        assert_eq!(
            pushy.pass.reasons[0],
            FailReason::Overall {
                score: pushy.overall,
                mark: DEFAULT_PASS_MARK
            }
        );
    }
}

#[test]
fn a_stage_minimum_fails_a_high_overall_score() {
    // The discounter scores well overall on the clinic but gives the price away.
    let sc = scenario("clinic-scheduling");
    let rubric = Rubric {
        pass: Some(PassMark {
            overall: 60,
            stages: BTreeMap::from([(Stage::Negotiation, 40)]),
        }),
        ..Rubric::default()
    };
    let card = score(&play(BotKind::Discounter, sc, rubric, 1));
    assert!(card.overall >= 60, "overall {}", card.overall);
    assert_eq!(card.pass.source, PassSource::Rubric);
    assert!(!card.pass.passed);
    assert!(
        card.pass.reasons.iter().any(|r| matches!(
            r,
            FailReason::Stage {
                stage: Stage::Negotiation,
                min: 40,
                ..
            }
        )),
        "{:?}",
        card.pass.reasons
    );
}

#[test]
fn any_critical_error_fails_whatever_the_pass_mark() {
    let sc = scenario("fleet-telematics");
    let rubric = Rubric {
        pass: Some(PassMark {
            overall: 0,
            stages: BTreeMap::new(),
        }),
        ..Rubric::default()
    };
    // Textbook play until the first offer, which is half the floor: a deal at a loss.
    let mut s = Session::new(sc.clone(), rubric, 2);
    let mut bot = dealcraft_core::bots::Bot::new(BotKind::Textbook, 2);
    let mut offered = false;
    while !s.is_over() {
        let mut mv = bot.next_move(&s);
        if !offered && matches!(mv, Move::Offer { .. }) {
            offered = true;
            mv = Move::Offer {
                price: sc.product.floor_price / 2,
                terms: BTreeMap::new(),
            };
        }
        s.apply(mv).expect("legal");
    }
    let card = score(&s);
    assert!(!card.critical.is_empty(), "a deal below the floor");
    assert!(!card.pass.passed);
    assert!(matches!(card.pass.reasons[0], FailReason::Critical { .. }));
}

#[test]
fn bundled_tracks_load_and_name_bundled_scenarios() {
    let tracks = bundled::tracks();
    assert!(!tracks.is_empty());
    let ids = bundled::ids();
    for t in &tracks {
        for e in &t.scenarios {
            assert!(
                ids.contains(&e.scenario),
                "{}: {} is not bundled",
                t.id,
                e.scenario
            );
        }
        assert!(t.title.contains_key("en") && t.title.contains_key("ru"));
    }
}

#[test]
fn a_bad_due_date_and_an_empty_track_point_at_their_lines() {
    let text = "Assignment(\n    id: \"q1\",\n    title: \"Q1\",\n    due: \"11.12.2026\",\n    track: Track(id: \"t\", title: {\"en\": \"T\"}, scenarios: []),\n)\n";
    let err = load_assignment("a.ron", text.as_bytes())
        .unwrap_err()
        .to_string();
    assert!(err.contains("a.ron:4:"), "{err}");
    assert!(err.contains("`11.12.2026` is not a date"), "{err}");
    assert!(err.contains("a.ron:5:"), "{err}");
    assert!(err.contains("the track lists no scenarios"), "{err}");
    let err = load_track("t.ron", b"Track(id: \"t\", titel: {})")
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown field `titel`"), "{err}");
    assert!(err.contains("did you mean `title`?"), "{err}");
}

#[test]
fn an_assignment_is_for_its_players_or_everyone() {
    let text = "Assignment(id: \"q1\", title: \"Q1\", due: \"2026-12-11\", players: [\"Ann\"], scenarios: [\"solar-farm\", \"solar-farm\"])";
    let a = load_assignment("a.ron", text.as_bytes())
        .unwrap()
        .assignment;
    let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    assert!(a.is_for("ann", same) && !a.is_for("Bo", same));
    assert_eq!(a.scenario_ids(), ["solar-farm"]);
    assert_eq!(a.due_date().unwrap().to_string(), "2026-12-11");
}

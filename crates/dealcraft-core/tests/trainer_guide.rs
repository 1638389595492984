//! The trainer's guide (`docs/*.md`) against the code: the question templates a topic is put
//! into, the stage names a `Stage(..)` trigger takes, the collection moves, no pointers to
//! documents trainers do not have. (The numbers of the client model are checked in
//! `session/tuning.rs`, which owns them.)

use std::path::Path;

use dealcraft_core::moves::{DebtAction, QuestionKind, Stage};
use dealcraft_core::phrases::{self, Phrase};
use dealcraft_core::scenario::{Lang, Trigger};
use dealcraft_core::{load_scenario, template, validate};

fn doc(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../docs")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_format_shows_every_question_a_topic_is_put_into() {
    let guide = doc("scenario-format.md");
    for lang in [Lang::En, Lang::Ru] {
        for kind in QuestionKind::ALL {
            for template in phrases::variants(lang, Phrase::AskAbout(kind)) {
                assert!(
                    guide.contains(template),
                    "docs/scenario-format.md lacks the {lang:?} {kind:?} question \"{template}\""
                );
            }
        }
    }
    assert!(guide.contains("reads in the singular"));
}

#[test]
fn the_stage_names_a_trigger_takes_are_the_ones_the_validator_accepts() {
    let guide = doc("scenario-format.md");
    let text = template::template("t", Lang::En);
    let mut sc = load_scenario("t.ron", text.as_bytes()).unwrap().scenario;
    for stage in Stage::ALL {
        sc.objections[0].trigger = Trigger::Stage(stage);
        let ron = ron::to_string(&sc).unwrap();
        let accepted = validate::scenario("t.ron", &ron, &sc)
            .iter()
            .all(|d| !d.is_error());
        let listed = guide.contains(&format!("`Stage({stage:?})`"));
        assert_eq!(
            accepted, listed,
            "Stage({stage:?}): accepted {accepted}, listed as valid in the guide {listed}"
        );
    }
}

#[test]
fn the_format_lists_every_collection_move() {
    let guide = doc("scenario-format.md");
    for action in DebtAction::ALL {
        assert!(
            guide.contains(&format!("| `Collect({action:?})` |")),
            "docs/scenario-format.md has no row for Collect({action:?})"
        );
    }
    assert!(guide.contains("the first is week 1"));
}

#[test]
fn no_trainer_document_points_at_the_design_notes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs");
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        assert!(
            !text.contains("DESIGN"),
            "{} refers to the design notes, which trainers do not have",
            entry.path().display()
        );
    }
}

#[test]
fn the_analyze_guide_states_the_textbook_walk_away_rule() {
    use dealcraft_core::bots::{Bot, BotKind};
    use dealcraft_core::{Move, Rubric, Session, bundled};
    let guide = doc("analyze.md")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(guide.contains(
        "walk-away price of the floor price plus a fifth of the gap between floor and list price"
    ));
    // The worked example is the fleet client's, as the textbook bot plans it.
    let sc = std::sync::Arc::new(bundled::load("fleet-telematics").unwrap().scenario);
    let (list, floor) = (sc.product.list_price, sc.product.floor_price);
    let s = Session::new(sc, Rubric::default(), 1);
    let Move::Prepare(plan) = Bot::new(BotKind::Textbook, 1).next_move(&s) else {
        panic!("the textbook bot plans first");
    };
    assert_eq!(plan.walk_away_price, floor + (list - floor) / 5);
    let money = |m: u64| dealcraft_core::session::format_money(m, "");
    let example = format!(
        "for a list price of {} and a floor of {}, that is {} + {} / 5 = {}",
        money(list),
        money(floor),
        money(floor),
        money(list - floor),
        money(plan.walk_away_price)
    );
    assert!(guide.contains(&example), "analyze.md lacks: {example}");
}

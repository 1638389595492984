//! A scenario's own seller lines: they replace the phrasebook for every move kind, the lines of
//! a need, objection or term come first, each resolving technique may have its own `resolved`
//! line, and `{price}` and `{term}` name the price just offered. Quiet sessions still play the
//! same, and such a scenario validates cleanly.

mod common;

use std::collections::BTreeMap;
use std::sync::Arc;

use dealcraft_core::bots::{BotKind, play, play_quietly};
use dealcraft_core::moves::{
    AfterSale, CloseTechnique, ContactStyle, DebtAction, Move, QuestionKind, Technique,
};
use dealcraft_core::phrases::Phrase;
use dealcraft_core::scenario::{Scenario, Subject};
use dealcraft_core::session::Speaker;
use dealcraft_core::{Rubric, Session, bundled, load_scenario};

use common::{play as play_moves, scenario, session_with};

/// Two variants, marked `§` so a test can tell them from the phrasebook's.
fn own(what: &str) -> Vec<String> {
    vec![format!("§ {what} (one)"), format!("§ {what} (two)")]
}

/// The scenario with its own seller lines for every move kind, need, objection, term and
/// feature, each using every placeholder its list allows.
fn with_own_lines(mut sc: Scenario) -> Scenario {
    let s = &mut sc.seller;
    for c in ContactStyle::ALL {
        s.greet.insert(c, own("greeting"));
    }
    s.set_agenda = own("agenda");
    s.small_talk = own("small talk");
    for k in QuestionKind::ALL {
        s.ask.insert(k, own("open question"));
        s.ask_about.insert(k, own("about {topic}"));
    }
    s.summarize = own("so: {topic}");
    s.present = own("{feature} for {topic}");
    for t in Technique::ALL {
        s.handle.insert(t, own("on {objection} at {price}, {term}"));
    }
    s.offer = own("offer of {price}");
    s.accept_counter = own("agreed at {price} with {term}");
    s.walk_away = own("no deal");
    for c in CloseTechnique::ALL {
        s.close.insert(c, own("shall we, for {topic}?"));
    }
    s.next_steps = own("next steps");
    for a in AfterSale::ALL {
        s.follow_up.insert(a, own("after the sale"));
    }
    for d in DebtAction::ALL {
        s.collect.insert(d, own("about the {amount} owed"));
    }
    s.end = own("goodbye");
    for f in &mut sc.product.features {
        f.pitch = own("{feature}, for {topic}");
    }
    for t in &mut sc.product.terms {
        t.seller = own("{price} if {term}");
    }
    for n in &mut sc.needs {
        n.seller
            .insert(QuestionKind::Problem, own("{topic} hurts?"));
    }
    for o in &mut sc.objections {
        o.seller
            .insert(Technique::Evidence, own("proof on {objection}"));
        o.lines.raise = own("{objection}: {price}? {term}?");
        o.lines.resolved_by = o
            .resolves
            .iter()
            .map(|t| (*t, own("{objection} settled")))
            .collect();
    }
    sc.negotiation.counter_lines = own("{price} then, with {term}");
    sc
}

fn bundled_scenarios() -> Vec<Scenario> {
    bundled::all()
        .into_iter()
        .map(|l| l.expect("bundled scenarios are valid").scenario)
        .collect()
}

#[test]
fn own_lines_replace_every_stock_seller_line_and_every_placeholder_is_filled() {
    let mut sessions = 0;
    for sc in bundled_scenarios() {
        let sc = Arc::new(with_own_lines(sc));
        for kind in BotKind::ALL {
            for seed in 0..12 {
                let session = play(kind, sc.clone(), Rubric::default(), seed);
                for line in session.transcript() {
                    assert!(
                        !line.text.contains(['{', '}']),
                        "{} {kind} {seed}: a placeholder left in {:?}",
                        sc.id,
                        line.text
                    );
                    if line.speaker == Speaker::Seller {
                        assert!(
                            line.text.starts_with('§'),
                            "{} {kind} {seed}: a stock seller line {:?}",
                            sc.id,
                            line.text
                        );
                    }
                }
                let quiet = play_quietly(kind, sc.clone(), Rubric::default(), seed);
                assert_eq!(quiet.moves(), session.moves(), "{} {kind} {seed}", sc.id);
                assert_eq!(quiet.turns(), session.turns(), "{} {kind} {seed}", sc.id);
                sessions += 1;
            }
        }
    }
    assert_eq!(sessions, 6 * 4 * 12);
}

#[test]
fn a_scenario_with_every_kind_of_own_line_validates_cleanly() {
    for sc in bundled_scenarios() {
        let sc = with_own_lines(sc);
        let text = ron::ser::to_string_pretty(&sc, ron::ser::PrettyConfig::default())
            .expect("a scenario serializes");
        let loaded = load_scenario("own-lines.ron", text.as_bytes())
            .unwrap_or_else(|d| panic!("{}: {d}", sc.id));
        assert_eq!(loaded.scenario, sc);
        let placeholders: Vec<_> = loaded
            .warnings
            .iter()
            .filter(|w| w.message.contains('{'))
            .collect();
        assert!(placeholders.is_empty(), "{}: {placeholders:?}", sc.id);
    }
}

#[test]
fn the_lines_of_a_need_objection_or_term_come_before_the_move_kinds() {
    let mut sc = scenario();
    sc.seller
        .ask_about
        .insert(QuestionKind::Problem, vec!["kind".into()]);
    sc.needs[1]
        .seller
        .insert(QuestionKind::Problem, vec!["need".into()]);
    sc.seller
        .handle
        .insert(Technique::Evidence, vec!["kind".into()]);
    sc.objections[0]
        .seller
        .insert(Technique::Evidence, vec!["objection".into()]);
    sc.seller.offer = vec!["kind".into()];
    sc.product.terms[1].seller = vec!["payment term".into()];
    let lines = |phrase, about| sc.seller_lines(phrase, about).to_vec();
    let ask = Phrase::AskAbout(QuestionKind::Problem);
    let need = |i| Subject {
        need: Some(i),
        ..Subject::default()
    };
    assert_eq!(lines(ask, need(1)), ["need"]);
    assert_eq!(
        lines(ask, need(0)),
        ["kind"],
        "a need without its own lines"
    );
    let objection = |i| Subject {
        objection: Some(i),
        ..Subject::default()
    };
    assert_eq!(
        lines(Phrase::Handle(Technique::Evidence), objection(0)),
        ["objection"]
    );
    assert_eq!(
        lines(Phrase::Handle(Technique::Evidence), objection(1)),
        ["kind"]
    );
    assert!(lines(Phrase::Handle(Technique::Reframe), objection(0)).is_empty());
    let offer = |terms: &[usize]| {
        sc.seller_lines(
            Phrase::Offer,
            Subject {
                terms: Some(terms),
                ..Subject::default()
            },
        )
        .to_vec()
    };
    assert_eq!(
        offer(&[0, 1]),
        ["payment term"],
        "payment set away from its default"
    );
    assert_eq!(
        offer(&[1, 0]),
        ["kind"],
        "the contract term has no lines of its own"
    );
    assert_eq!(offer(&[0, 0]), ["kind"]);
    assert!(lines(Phrase::SetAgenda, Subject::default()).is_empty());
}

/// The fleet client after the greeting and an offer of 45 000 EUR with annual payment.
fn offered(sc: Scenario) -> Session {
    let mut s = session_with(sc, 3);
    play_moves(
        &mut s,
        &[
            Move::Greet(ContactStyle::Direct),
            Move::Offer {
                price: 45_000,
                terms: BTreeMap::from([("payment".into(), 1)]),
            },
        ],
    );
    s
}

fn said(s: &Session, speaker: Speaker) -> Vec<String> {
    s.transcript()
        .iter()
        .filter(|l| l.speaker == speaker)
        .map(|l| l.text.clone())
        .collect()
}

#[test]
fn an_objection_raised_by_an_offer_names_its_price_and_terms() {
    let mut sc = scenario();
    assert_eq!(sc.objections[0].id, "price");
    sc.objections[0].lines.raise = vec!["{price} with {term}? No.".into()];
    let client = said(&offered(sc), Speaker::Client);
    assert!(
        client.contains(&"45 000 EUR with payment: annual upfront? No.".to_owned()),
        "{client:?}"
    );
}

#[test]
fn an_offer_states_its_terms_unless_its_line_says_them() {
    let mut sc = scenario();
    sc.seller.offer = vec!["My figure: {price}.".into()];
    let seller = said(&offered(sc.clone()), Speaker::Seller);
    assert!(
        seller.contains(&"My figure: 45 000 EUR (payment: annual upfront).".to_owned()),
        "{seller:?}"
    );
    sc.seller.offer = vec!["My figure: {price}, {term}.".into()];
    let seller = said(&offered(sc), Speaker::Seller);
    assert!(
        seller.contains(&"My figure: 45 000 EUR, payment: annual upfront.".to_owned()),
        "{seller:?}"
    );
}

#[test]
fn offers_and_counters_use_the_scenario_and_term_lines() {
    let mut sc = scenario();
    sc.seller.offer = vec!["My figure: {price}.".into()];
    sc.product.terms[1].seller = vec!["{price}, paid {term}.".into()];
    sc.negotiation.counter_lines = vec!["{price} for {term}, then.".into()];
    let s = offered(sc);
    let seller = said(&s, Speaker::Seller);
    assert!(
        seller.contains(&"45 000 EUR, paid payment: annual upfront.".to_owned()),
        "{seller:?}"
    );
    let counter = said(&s, Speaker::Client)
        .into_iter()
        .find(|l| l.ends_with(" for payment: annual upfront, then."));
    assert!(counter.is_some(), "{:?}", said(&s, Speaker::Client));
}

#[test]
fn each_resolving_technique_may_have_its_own_resolved_line() {
    let mut sc = scenario();
    let price = &mut sc.objections[0];
    assert!(price.resolves.contains(&Technique::Evidence));
    assert!(price.resolves.contains(&Technique::Reframe));
    price.lines.resolved = vec!["resolved, generally".into()];
    price.lines.resolved_by = BTreeMap::from([(
        Technique::Evidence,
        vec!["the figures on {objection} convince me".into()],
    )]);
    for (technique, expected) in [
        (Technique::Evidence, "the figures on the price convince me"),
        (Technique::Reframe, "resolved, generally"),
    ] {
        let mut s = offered(sc.clone());
        play_moves(
            &mut s,
            &[Move::Handle {
                objection: "price".into(),
                technique,
            }],
        );
        let client = said(&s, Speaker::Client);
        assert!(
            client.contains(&expected.to_owned()),
            "{technique:?}: {client:?}"
        );
    }
}

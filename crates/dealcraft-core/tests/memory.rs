//! The client remembers: anchors, repeated offers and questions, concessions given away, value
//! shown after the price, needs it said it does not have; and the engine defects of issue 10,
//! each with the play that showed it.

mod common;

use std::collections::BTreeMap;

use common::{ask, play, scenario, session_with};
use dealcraft_core::Session;
use dealcraft_core::moves::{CloseTechnique, ContactStyle, Move, QuestionKind, Technique, Terms};
use dealcraft_core::negotiation;
use dealcraft_core::scenario::{Need, NeedLines, Scenario};
use dealcraft_core::session::{CloseResult, Effect, Outcome, PresentFit, QuestionResult};

/// The fleet client without objections, so price talk is only price talk.
fn quiet() -> Scenario {
    let mut sc = scenario();
    sc.objections.clear();
    sc
}

fn offer(price: u64) -> Move {
    Move::Offer {
        price,
        terms: BTreeMap::new(),
    }
}

fn last_effect(s: &Session) -> &Effect {
    &s.turns().last().expect("a turn").effect
}

fn said_last(s: &Session) -> String {
    let turn = s.turns().last().expect("a turn").turn;
    s.transcript()
        .iter()
        .filter(|l| l.turn == turn)
        .map(|l| l.text.clone())
        .collect::<Vec<_>>()
        .join(" / ")
}

#[test]
fn the_same_offer_again_holds_the_client_and_costs_patience_and_trust() {
    let mut s = session_with(quiet(), 3);
    play(&mut s, &[Move::Greet(ContactStyle::Direct), offer(48000)]);
    let first = *s.client().negotiation.client_offers.last().unwrap();
    let (trust, patience) = (s.client().trust, s.client().patience);
    play(&mut s, &[offer(48000)]);
    assert!(matches!(
        last_effect(&s),
        Effect::Offered {
            repeat: true,
            accepted: false,
            ..
        }
    ));
    assert_eq!(
        *s.client().negotiation.client_offers.last().unwrap(),
        first,
        "a repeated offer gets the same counter: the client does not move either"
    );
    assert!(s.client().trust < trust);
    assert!(
        patience - s.client().patience > 1.0,
        "more than a plain turn's patience"
    );
    assert!(said_last(&s).contains("48 000"), "{}", said_last(&s));
    // Holding the list price round after round runs into the client's deadline, not a deal.
    for _ in 0..10 {
        if s.is_over() {
            break;
        }
        s.apply(offer(48000)).unwrap();
    }
    assert!(
        matches!(
            s.outcome(),
            Some(Outcome::Deadline { .. } | Outcome::ClientLeft { .. })
        ),
        "{:?}",
        s.outcome()
    );
}

#[test]
fn asking_more_than_a_price_already_quoted_costs_trust_and_the_client_never_pays_more() {
    let mut s = session_with(quiet(), 3);
    play(&mut s, &[Move::Greet(ContactStyle::Direct), offer(37000)]);
    let trust = s.client().trust;
    play(&mut s, &[offer(48000)]);
    assert!(matches!(
        last_effect(&s),
        Effect::Offered { raised: true, .. }
    ));
    assert!(
        trust - s.client().trust >= 0.1,
        "trust {trust} -> {}",
        s.client().trust
    );
    assert!(said_last(&s).contains("37 000"), "{}", said_last(&s));
    let counters = &s.client().negotiation.client_offers;
    assert!(
        counters.iter().all(|&c| c <= 37000),
        "the client never offers more than the lowest quote: {counters:?}"
    );
    // The close names the last offer; the client still holds the seller to its first quote.
    play(&mut s, &[Move::Close(CloseTechnique::Direct)]);
    assert!(s.client().negotiation.agreed.is_none());
}

/// Four rounds of price talk: the seller's offers, each answered by a counter.
fn counters_after(s: &mut Session, prices: &[(u64, Terms)]) -> Vec<u64> {
    for (price, terms) in prices {
        s.apply(Move::Offer {
            price: *price,
            terms: terms.clone(),
        })
        .unwrap();
    }
    s.client().negotiation.client_effective.clone()
}

#[test]
fn concessions_given_away_make_the_client_push_harder_than_traded_ones() {
    let sc = quiet();
    let three_years = Terms::from([("contract".into(), 1)]);
    let mut given = session_with(sc.clone(), 5);
    let mut traded = session_with(sc, 5);
    for s in [&mut given, &mut traded] {
        s.apply(Move::Greet(ContactStyle::Direct)).unwrap();
    }
    // The same prices; one seller asks for a longer contract with the first concession, the
    // other gives a big step and then concedes again before the client has moved.
    let given_counters = counters_after(
        &mut given,
        &[(48000, BTreeMap::new()), (44000, BTreeMap::new())],
    );
    let traded_counters = counters_after(
        &mut traded,
        &[(48000, BTreeMap::new()), (44000, three_years.clone())],
    );
    assert!(matches!(
        given.turns().last().unwrap().effect,
        Effect::Offered { free: true, .. }
    ));
    assert!(matches!(
        traded.turns().last().unwrap().effect,
        Effect::Offered {
            free: false,
            traded: true,
            ..
        }
    ));
    assert!(given.client().negotiation.free_concessions >= 2);
    assert!(
        given_counters.last() < traded_counters.last(),
        "given {given_counters:?} vs traded {traded_counters:?}"
    );
}

#[test]
fn value_shown_after_the_price_raises_the_budget_less() {
    let sc = quiet();
    let discover_and_present = [
        ask(QuestionKind::Problem, None),
        ask(QuestionKind::Implication, Some("fuel-costs")),
        ask(QuestionKind::NeedPayoff, Some("fuel-costs")),
        Move::Present {
            feature: "fuel-analytics".into(),
            need: Some("fuel-costs".into()),
        },
    ];
    let mut value_first = session_with(sc.clone(), 6);
    play(&mut value_first, &[Move::Greet(ContactStyle::Direct)]);
    play(&mut value_first, &discover_and_present);
    play(&mut value_first, &[offer(48000)]);
    let mut price_first = session_with(sc, 6);
    play(
        &mut price_first,
        &[Move::Greet(ContactStyle::Direct), offer(48000)],
    );
    play(&mut price_first, &discover_and_present);
    assert!(
        (value_first.client().interest - price_first.client().interest).abs() < 0.02,
        "the same value was shown"
    );
    assert!(
        price_first.reservation_price() < value_first.reservation_price(),
        "price first {} vs value first {}",
        price_first.reservation_price(),
        value_first.reservation_price()
    );
}

#[test]
fn an_open_question_asked_again_after_nothing_more_irritates() {
    let mut s = session_with(scenario(), 2);
    s.apply(Move::Greet(ContactStyle::Direct)).unwrap();
    // Implication questions never open a topic: the first one draws "nothing new", fairly.
    s.apply(ask(QuestionKind::Implication, None)).unwrap();
    assert!(matches!(
        last_effect(&s),
        Effect::Question {
            result: QuestionResult::Nothing,
            ..
        }
    ));
    let trust = s.client().trust;
    s.apply(ask(QuestionKind::Implication, None)).unwrap();
    assert!(matches!(
        last_effect(&s),
        Effect::Question {
            result: QuestionResult::Repeat,
            ..
        }
    ));
    assert!(s.client().trust < trust);
}

/// The fleet client with a topic that works fine for them: tracking, which the live-ETA
/// feature also covers.
fn with_satisfied_tracking() -> Scenario {
    let mut sc = quiet();
    sc.needs.retain(|n| n.id != "tracking");
    sc.needs.insert(
        0,
        Need {
            id: "tracking".into(),
            topic: "vehicle tracking".into(),
            importance: 3,
            known: Default::default(),
            revealed_by: vec![QuestionKind::Situation],
            satisfied: true,
            lines: NeedLines {
                problem: vec!["Tracking works fine; our GPS does that well.".into()],
                ..Default::default()
            },
            seller: Default::default(),
        },
    );
    for f in &mut sc.product.features {
        if f.id == "live-eta" && !f.addresses.contains(&"tracking".to_owned()) {
            f.addresses.push("tracking".into());
        }
    }
    sc
}

#[test]
fn a_need_the_client_says_it_does_not_have_cannot_be_sold_to() {
    let mut s = session_with(with_satisfied_tracking(), 1);
    play(
        &mut s,
        &[
            Move::Greet(ContactStyle::Direct),
            ask(QuestionKind::Situation, None),
        ],
    );
    assert!(s.known_needs().iter().any(|(id, ..)| *id == "tracking"));
    play(&mut s, &[ask(QuestionKind::Problem, Some("tracking"))]);
    assert!(matches!(
        last_effect(&s),
        Effect::Question {
            result: QuestionResult::Denied { .. },
            ..
        }
    ));
    assert!(said_last(&s).contains("works fine"), "{}", said_last(&s));
    // An open problem question names real pains only.
    play(&mut s, &[ask(QuestionKind::Problem, None)]);
    assert!(
        s.known_needs().iter().any(|(id, ..)| *id == "fuel-costs"),
        "the open problem question skipped the satisfied topic"
    );
    let (trust, interest) = (s.client().trust, s.client().interest);
    play(
        &mut s,
        &[Move::Present {
            feature: "live-eta".into(),
            need: Some("tracking".into()),
        }],
    );
    assert!(matches!(
        last_effect(&s),
        Effect::Presented {
            fit: PresentFit::Denied,
            ..
        }
    ));
    assert!(s.client().trust < trust && s.client().interest < interest);
}

#[test]
fn the_reservation_never_exceeds_the_scenarios_stated_maximum() {
    // Full interest plus an upward jitter used to let deals close above `reservation.1`.
    let mut sc = quiet();
    sc.client.interest = 1.0;
    let most = sc.negotiation.reservation.1;
    let mut above = 0;
    for seed in 0..200 {
        let s = session_with(sc.clone(), seed);
        if s.reservation_price() > most {
            above += 1;
        }
    }
    assert_eq!(above, 0, "seeds with a reservation above {most}");
}

#[test]
fn a_giveaway_price_is_accepted_and_no_price_objection_follows_it() {
    let mut s = session_with(scenario(), 1);
    play(&mut s, &[Move::Greet(ContactStyle::Direct), offer(1)]);
    assert_eq!(
        s.client().negotiation.agreed.as_ref().map(|a| a.price),
        Some(1),
        "the engine lets the trainee make the mistake"
    );
    assert!(
        !s.open_objections().iter().any(|(id, _)| *id == "price"),
        "a client who just accepted a price does not call it too high"
    );
}

#[test]
fn a_close_cannot_outrun_the_clients_patience() {
    // An agreed price and a willing client, then trial closes (a plain turn's patience each)
    // until less than one turn of patience is left: the close used to sign anyway and leave
    // patience below zero.
    let mut sc = quiet();
    sc.client.interest = 0.9;
    let mut s = session_with(sc, 1);
    play(&mut s, &[Move::Greet(ContactStyle::Direct), offer(30000)]);
    assert!(s.client().negotiation.agreed.is_some());
    while s.client().patience > 0.3 + 1e-9 {
        s.apply(Move::Close(CloseTechnique::Trial)).unwrap();
    }
    assert!(s.client().patience > 0.0);
    s.apply(Move::Close(CloseTechnique::Direct)).unwrap();
    assert!(
        s.client().patience >= 0.0,
        "patience {}",
        s.client().patience
    );
    assert!(
        matches!(s.outcome(), Some(Outcome::ClientLeft { .. })),
        "{:?}",
        s.outcome()
    );
    assert!(matches!(
        last_effect(&s),
        Effect::CloseAttempt {
            result: CloseResult::OutOfPatience,
            ..
        }
    ));
}

#[test]
fn conceding_an_objection_teaches_the_client_to_push() {
    let mut s = session_with(scenario(), 1);
    play(&mut s, &[Move::Greet(ContactStyle::Direct), offer(48000)]);
    assert!(s.open_objections().iter().any(|(id, _)| *id == "price"));
    let before = s.client().negotiation.free_concessions;
    play(
        &mut s,
        &[Move::Handle {
            objection: "price".into(),
            technique: Technique::Concede,
        }],
    );
    assert_eq!(s.client().negotiation.free_concessions, before + 1);
}

#[test]
fn effective_prices_value_terms_as_the_client_does() {
    let sc = scenario();
    let list = sc.product.list_price;
    let three_years = [1, 0];
    assert_eq!(
        negotiation::effective_price(&sc, list, &three_years),
        list as i64 + 1500,
        "a three-year contract costs this client 1 500"
    );
}

//! Unit tests of the client model: SPIN discovery, presentation, objections, closing,
//! negotiation, patience, debt collection and determinism, on the fleet-telematics scenario.

mod common;

use std::collections::BTreeMap;

use common::{ask, play, scenario, session_with};
use dealcraft_core::Session;
use dealcraft_core::moves::{
    CloseTechnique, ContactStyle, DebtAction, Move, Plan, QuestionKind, Technique, Terms,
};
use dealcraft_core::scenario::{Debt, Knowledge, Scenario, SocialStyle, Trigger};
use dealcraft_core::session::{
    CloseResult, Effect, Event, MoveError, ObjectionStatus, Outcome, Phase, QuestionResult,
};

fn session() -> Session {
    session_with(scenario(), 1)
}

fn need_level(s: &Session, id: &str) -> Knowledge {
    let (i, _) = s.scenario().need(id).unwrap();
    s.client().needs[i].level
}

/// Greets, sets the agenda and makes `safety` explicit with its payoff stated.
fn discover_safety(s: &mut Session) {
    play(
        s,
        &[
            Move::Greet(ContactStyle::Direct),
            Move::SetAgenda,
            ask(QuestionKind::Situation, None),
            ask(QuestionKind::Problem, Some("safety")),
            ask(QuestionKind::Implication, Some("safety")),
            ask(QuestionKind::NeedPayoff, Some("safety")),
        ],
    );
}

#[test]
fn a_greeting_in_the_clients_style_builds_more_trust() {
    let mut good = session();
    let mut bad = session();
    let start = good.client().trust;
    good.apply(Move::Greet(ContactStyle::Direct)).unwrap();
    bad.apply(Move::Greet(ContactStyle::Warm)).unwrap();
    assert!(good.client().trust > start + 0.1);
    assert!(bad.client().trust < start);
    assert!(
        bad.client().patience < good.client().patience,
        "a mismatch also costs patience"
    );
}

#[test]
fn spin_questions_move_a_need_step_by_step() {
    let mut s = session();
    play(
        &mut s,
        &[
            Move::Greet(ContactStyle::Direct),
            ask(QuestionKind::Situation, None),
        ],
    );
    assert_eq!(
        need_level(&s, "safety"),
        Knowledge::Hinted,
        "the first need revealed by situation questions"
    );
    assert_eq!(
        need_level(&s, "fuel-costs"),
        Knowledge::Hidden,
        "fuel only comes up with a problem question"
    );
    let interest = s.client().interest;
    play(&mut s, &[ask(QuestionKind::Problem, Some("safety"))]);
    assert_eq!(need_level(&s, "safety"), Knowledge::Implied);
    play(&mut s, &[ask(QuestionKind::Implication, Some("safety"))]);
    assert_eq!(need_level(&s, "safety"), Knowledge::Explicit);
    assert!(s.client().interest > interest);
    play(&mut s, &[ask(QuestionKind::NeedPayoff, Some("safety"))]);
    let (i, _) = s.scenario().need("safety").unwrap();
    assert!(s.client().needs[i].payoff);
    // An open problem question surfaces the pain that only problem questions reveal.
    play(&mut s, &[ask(QuestionKind::Problem, None)]);
    assert_eq!(need_level(&s, "fuel-costs"), Knowledge::Implied);
}

#[test]
fn an_implication_question_before_the_problem_is_admitted_is_too_early() {
    let mut s = session();
    play(
        &mut s,
        &[
            Move::Greet(ContactStyle::Direct),
            ask(QuestionKind::Situation, None),
        ],
    );
    let patience = s.client().patience;
    play(&mut s, &[ask(QuestionKind::Implication, Some("safety"))]);
    assert_eq!(need_level(&s, "safety"), Knowledge::Hinted);
    assert!(matches!(
        s.turns().last().unwrap().effect,
        Effect::Question {
            result: QuestionResult::TooEarly,
            ..
        }
    ));
    assert!(
        s.client().patience < patience - 1.0,
        "a wasted question costs more than time"
    );
}

#[test]
fn asking_about_a_topic_the_client_never_mentioned_is_refused() {
    let mut s = session();
    s.apply(Move::Greet(ContactStyle::Direct)).unwrap();
    let before = s.transcript().len();
    let err = s
        .apply(ask(QuestionKind::Problem, Some("fuel-costs")))
        .unwrap_err();
    assert_eq!(err, MoveError::NeedNotKnown("fuel-costs".into()));
    assert_eq!(
        s.transcript().len(),
        before,
        "a refused move changes nothing"
    );
    assert_eq!(s.moves().len(), 1);
    assert!(matches!(
        s.apply(ask(QuestionKind::Problem, Some("nope"))),
        Err(MoveError::UnknownNeed(_))
    ));
}

#[test]
fn presenting_to_an_explicit_need_is_worth_more_than_a_feature_dump() {
    let mut tied = session();
    discover_safety(&mut tied);
    let mut dumped = session();
    discover_safety(&mut dumped);
    let base = tied.client().interest;
    tied.apply(Move::Present {
        feature: "driver-coaching".into(),
        need: Some("safety".into()),
    })
    .unwrap();
    dumped
        .apply(Move::Present {
            feature: "live-eta".into(),
            need: None,
        })
        .unwrap();
    let tied_gain = tied.client().interest - base;
    let dumped_gain = dumped.client().interest - base;
    assert!(
        tied_gain > 3.0 * dumped_gain.max(0.0),
        "tied {tied_gain} vs dumped {dumped_gain}"
    );
    // A feature that does not answer the need it is tied to irritates.
    let mut wrong = session();
    discover_safety(&mut wrong);
    let patience = wrong.client().patience;
    wrong
        .apply(Move::Present {
            feature: "live-eta".into(),
            need: Some("safety".into()),
        })
        .unwrap();
    assert!(wrong.client().interest < base);
    assert!(wrong.client().patience < patience - 2.0);
}

#[test]
fn a_price_mention_raises_the_price_objection_and_a_resolving_technique_settles_it() {
    let mut s = session();
    discover_safety(&mut s);
    let events = s
        .apply(Move::Offer {
            price: 48000,
            terms: BTreeMap::new(),
        })
        .unwrap();
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::ObjectionRaised { objection, .. } if objection == "price"))
    );
    assert!(
        events
            .iter()
            .any(|e| matches!(e, Event::ClientOffer { .. }))
    );
    assert_eq!(s.open_objections().first().map(|o| o.0), Some("price"));
    let (i, _) = s.scenario().objection("price").unwrap();
    let trust = s.client().trust;
    s.apply(Move::Handle {
        objection: "price".into(),
        technique: Technique::FeelFeltFound,
    })
    .unwrap();
    assert!(
        s.client().trust < trust,
        "feel-felt-found backfires with this driver"
    );
    assert_eq!(s.client().objections[i].strength, 3);
    s.apply(Move::Handle {
        objection: "price".into(),
        technique: Technique::Evidence,
    })
    .unwrap();
    assert_eq!(
        s.client().objections[i].status,
        ObjectionStatus::Raised,
        "strength 3 needs more than one answer"
    );
    s.apply(Move::Handle {
        objection: "price".into(),
        technique: Technique::Reframe,
    })
    .unwrap();
    assert_eq!(s.client().objections[i].status, ObjectionStatus::Resolved);
    assert!(matches!(
        s.apply(Move::Handle {
            objection: "price".into(),
            technique: Technique::Reframe
        }),
        Err(MoveError::ObjectionNotRaised(_))
    ));
}

#[test]
fn closing_with_an_open_objection_or_without_value_fails() {
    // No value built: the client is not convinced.
    let mut s = session();
    play(
        &mut s,
        &[
            Move::Greet(ContactStyle::Direct),
            Move::Close(CloseTechnique::Direct),
        ],
    );
    // The board objection is triggered by the first close and blocks it.
    assert!(matches!(
        s.turns().last().unwrap().effect,
        Effect::CloseAttempt {
            result: CloseResult::ObjectionOpen,
            ..
        }
    ));
    s.apply(Move::Handle {
        objection: "board".into(),
        technique: Technique::Reframe,
    })
    .unwrap();
    s.apply(Move::Close(CloseTechnique::Direct)).unwrap();
    assert!(matches!(
        s.turns().last().unwrap().effect,
        Effect::CloseAttempt {
            result: CloseResult::NotConvinced,
            ..
        }
    ));
    assert_eq!(s.phase(), Phase::Meeting);
}

#[test]
fn the_client_concedes_monotonically_accepts_a_good_offer_and_walks_away_at_its_deadline() {
    let mut sc = scenario();
    // Keep objections out of the way of the price talk.
    sc.objections.clear();
    let mut s = session_with(sc.clone(), 4);
    s.apply(Move::Greet(ContactStyle::Direct)).unwrap();
    let mut last = 0;
    // The seller moves each round (more than a token step), so the client keeps conceding too.
    let mut price = 60000;
    for _ in 0..sc.negotiation.deadline {
        s.apply(Move::Offer {
            price,
            terms: BTreeMap::new(),
        })
        .unwrap();
        price -= 500;
        let counter = *s.client().negotiation.client_offers.last().unwrap();
        assert!(counter >= last, "never takes back a concession");
        last = counter;
    }
    assert_eq!(
        last,
        s.reservation_price(),
        "the last counter is the reservation price"
    );
    s.apply(Move::Offer {
        price,
        terms: BTreeMap::new(),
    })
    .unwrap();
    assert!(matches!(s.outcome(), Some(Outcome::Deadline { .. })));

    // An offer no higher than the client's next counter is accepted at once.
    let mut s = session_with(sc, 4);
    s.apply(Move::Greet(ContactStyle::Direct)).unwrap();
    s.apply(Move::Offer {
        price: 60000,
        terms: BTreeMap::new(),
    })
    .unwrap();
    let counter = s.client().negotiation.client_offers[0];
    s.apply(Move::Offer {
        price: counter,
        terms: BTreeMap::new(),
    })
    .unwrap();
    assert_eq!(
        s.client().negotiation.agreed.as_ref().map(|a| a.price),
        Some(counter)
    );
}

#[test]
fn terms_the_client_dislikes_make_a_price_harder_to_accept() {
    let mut sc = scenario();
    sc.objections.clear();
    let mut a = session_with(sc.clone(), 2);
    let mut b = session_with(sc, 2);
    for s in [&mut a, &mut b] {
        s.apply(Move::Greet(ContactStyle::Direct)).unwrap();
        s.apply(Move::Offer {
            price: 60000,
            terms: BTreeMap::new(),
        })
        .unwrap();
    }
    let counter = a.client().negotiation.client_offers[0];
    a.apply(Move::Offer {
        price: counter,
        terms: BTreeMap::new(),
    })
    .unwrap();
    let three_years = Terms::from([("contract".into(), 1)]);
    b.apply(Move::Offer {
        price: counter,
        terms: three_years,
    })
    .unwrap();
    assert!(a.client().negotiation.agreed.is_some());
    assert!(
        b.client().negotiation.agreed.is_none(),
        "a 3-year lock-in costs the client 1 500"
    );
}

#[test]
fn an_irritated_client_leaves() {
    let mut s = session();
    s.apply(Move::Greet(ContactStyle::Direct)).unwrap();
    let mut turns = 0;
    while !s.is_over() {
        s.apply(Move::SmallTalk).unwrap();
        turns += 1;
        assert!(
            turns < 30,
            "small talk with a driver must run out her patience"
        );
    }
    assert!(matches!(s.outcome(), Some(Outcome::ClientLeft { .. })));
    assert_eq!(s.apply(Move::SetAgenda), Err(MoveError::Over));
}

#[test]
fn preparation_comes_first_and_after_sale_moves_come_after_the_deal() {
    let mut s = session();
    s.apply(Move::Greet(ContactStyle::Direct)).unwrap();
    let plan = Plan {
        target_price: 48000,
        walk_away_price: 40000,
        style: SocialStyle::Driver,
        must_have: vec![],
    };
    assert_eq!(
        s.apply(Move::Prepare(plan)),
        Err(MoveError::PrepareNotFirst)
    );
    assert_eq!(
        s.apply(Move::FollowUp(dealcraft_core::moves::AfterSale::Training)),
        Err(MoveError::NoDealYet)
    );
}

fn textbook_deal(sc: Scenario, seed: u64) -> Session {
    let mut s = session_with(sc, seed);
    let mut bot = dealcraft_core::bots::Bot::new(dealcraft_core::bots::BotKind::Textbook, seed);
    while s.phase() != Phase::AfterSale && !s.is_over() {
        let mv = bot.next_move(&s);
        s.apply(mv).unwrap();
    }
    assert_eq!(s.phase(), Phase::AfterSale, "textbook play closes the deal");
    s
}

#[test]
fn debt_collection_follows_the_rules_of_the_credit_sale() {
    let mut sc = scenario();
    sc.debt = Some(Debt {
        share: 1.0,
        due_week: 2,
        weeks: 6,
        reliability: 0.6,
        lines: Default::default(),
    });
    // Agreeing a schedule and reminding before the due date gets paid far more often than
    // escalating at once.
    let (mut polite, mut harsh, mut owed) = (0u64, 0u64, 0u64);
    for seed in 0..100 {
        let mut s = textbook_deal(sc.clone(), seed);
        play(
            &mut s,
            &[
                Move::Collect(DebtAction::AgreeSchedule),
                Move::Collect(DebtAction::Remind),
            ],
        );
        while s.client().debt.as_ref().is_some_and(|d| !d.closed) {
            s.apply(Move::Collect(DebtAction::Call)).unwrap();
        }
        polite += s.client().debt.as_ref().unwrap().paid;
        owed += s.client().debt.as_ref().unwrap().total;
        let mut s = textbook_deal(sc.clone(), seed);
        s.apply(Move::Collect(DebtAction::Escalate)).unwrap();
        assert!(matches!(
            s.turns().last().unwrap().effect,
            Effect::Collected { offended: true, .. }
        ));
        while s.client().debt.as_ref().is_some_and(|d| !d.closed) {
            s.apply(Move::Collect(DebtAction::Wait)).unwrap();
        }
        harsh += s.client().debt.as_ref().unwrap().paid;
    }
    assert!(
        polite * 10 >= owed * 9,
        "polite collection recovers 90 %: {polite} of {owed}"
    );
    assert!(polite >= harsh * 2, "polite {polite} vs harsh {harsh}");
    let mut s = textbook_deal(sc, 1);
    s.apply(Move::End).unwrap();
    assert!(
        s.client().debt.as_ref().unwrap().closed,
        "ending the account writes off the rest"
    );
    assert_eq!(
        s.apply(Move::Collect(DebtAction::Remind)),
        Err(MoveError::Over)
    );
}

#[test]
fn collecting_without_a_credit_sale_is_refused() {
    let s = textbook_deal(scenario(), 3);
    let mut s = s;
    assert_eq!(
        s.apply(Move::Collect(DebtAction::Remind)),
        Err(MoveError::NoCredit)
    );
}

#[test]
fn a_random_objection_fires_by_the_seed_alone() {
    let mut sc = scenario();
    for o in &mut sc.objections {
        o.trigger = Trigger::Random(0.3);
    }
    let run = |seed| {
        let mut s = session_with(sc.clone(), seed);
        s.apply(Move::Greet(ContactStyle::Direct)).unwrap();
        for _ in 0..6 {
            let _ = s.apply(Move::SetAgenda);
        }
        s.turns().iter().map(|t| t.raised).collect::<Vec<_>>()
    };
    assert_eq!(run(5), run(5));
    assert!(
        (0..20)
            .map(run)
            .collect::<std::collections::BTreeSet<_>>()
            .len()
            > 1,
        "seeds differ"
    );
}

#[test]
fn same_seed_and_moves_give_the_same_session_and_seeds_read_differently() {
    let moves = {
        let mut s = session();
        discover_safety(&mut s);
        s.moves().to_vec()
    };
    let transcript = |seed| {
        let mut s = session_with(scenario(), seed);
        play(&mut s, &moves);
        s.transcript().to_vec()
    };
    assert_eq!(transcript(9), transcript(9));
    assert_ne!(transcript(9), transcript(10));
}

#[test]
fn one_place_decides_which_prices_are_legal() {
    let s = session();
    let limits = s.price_limits();
    let list = s.scenario().product.list_price;
    assert_eq!(
        *limits.end(),
        list * dealcraft_core::session::MAX_PRICE_FACTOR
    );
    let offer = |price| Move::Offer {
        price,
        terms: BTreeMap::new(),
    };
    assert_eq!(s.check_move(&offer(1)), Ok(()));
    assert_eq!(s.check_move(&offer(*limits.end())), Ok(()));
    assert_eq!(s.check_move(&offer(0)), Err(MoveError::ZeroPrice));
    assert_eq!(
        s.check_move(&offer(limits.end() + 1)),
        Err(MoveError::PriceOutOfRange(limits.end() + 1))
    );
    // Every move the session lists as legal passes the same check the engine applies.
    for mv in s.legal_moves() {
        assert_eq!(s.check_move(&mv), Ok(()), "{mv}");
    }
}

#[test]
fn legal_moves_counted_and_built_one_by_one_match_the_list() {
    for loaded in dealcraft_core::bundled::all() {
        let sc = std::sync::Arc::new(loaded.unwrap().scenario);
        for seed in 0..20 {
            let s = dealcraft_core::bots::play(
                dealcraft_core::bots::BotKind::Random,
                sc.clone(),
                dealcraft_core::Rubric::default(),
                seed,
            );
            // Replay the session and check the listing at every turn.
            let mut r = session_with((*sc).clone(), seed);
            for mv in s.moves() {
                let all = r.legal_moves();
                assert_eq!(r.legal_move_count(true), all.len());
                let others: Vec<&Move> = all
                    .iter()
                    .filter(|m| !matches!(m, Move::End | Move::WalkAway))
                    .collect();
                assert_eq!(r.legal_move_count(false), others.len());
                for (i, m) in all.iter().enumerate() {
                    assert_eq!(r.legal_move(i, true).as_ref(), Some(m));
                }
                for (i, m) in others.iter().enumerate() {
                    assert_eq!(r.legal_move(i, false).as_ref(), Some(*m));
                }
                r.apply(mv.clone()).unwrap();
            }
        }
    }
}

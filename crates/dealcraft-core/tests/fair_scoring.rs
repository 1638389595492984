//! Scoring that says what happened: trades beat giving price away, narrowing steps beat one big
//! jump, company penalties survive the clamp, findings never contradict the session, and each
//! critical error and habit is named where it happened.

use std::collections::BTreeMap;
use std::sync::Arc;

use dealcraft_core::bots::{Bot, BotKind};
use dealcraft_core::moves::{Move, Plan, Terms};
use dealcraft_core::rubric::Rule as CompanyRule;
use dealcraft_core::scenario::SocialStyle;
use dealcraft_core::scoring::{CRITICAL_CAP, Rule, Scorecard};
use dealcraft_core::{Rubric, Scenario, Session, Stage, bundled, score};

fn scenario(id: &str) -> Arc<Scenario> {
    Arc::new(bundled::load(id).expect("bundled").scenario)
}

/// Textbook play, with the seller's offers replaced by `offers` in turn (then by accepting the
/// client's counter), so two sessions differ only in how the price was negotiated.
fn negotiated(sc: &Arc<Scenario>, rubric: Rubric, seed: u64, offers: &[(u64, Terms)]) -> Session {
    let mut s = Session::new(sc.clone(), rubric, seed);
    let mut bot = Bot::new(BotKind::Textbook, seed);
    let mut next = offers.iter();
    while !s.is_over() {
        let mut mv = bot.next_move(&s);
        if matches!(
            mv,
            Move::Offer { .. } | Move::AcceptCounter | Move::WalkAway
        ) && s.client().negotiation.agreed.is_none()
        {
            mv = match next.next() {
                Some((price, terms)) => Move::Offer {
                    price: *price,
                    terms: terms.clone(),
                },
                None => Move::AcceptCounter,
            };
        }
        s.apply(mv).expect("legal");
    }
    s
}

fn negotiation(card: &Scorecard) -> u32 {
    card.score_of(Stage::Negotiation)
}

#[test]
fn trading_terms_for_price_scores_above_conceding_price_alone() {
    let sc = scenario("fleet-telematics");
    let terms = Terms::from([("contract".into(), 1), ("payment".into(), 1)]);
    let none = BTreeMap::new;
    let mut wins = 0;
    for seed in 1..=10 {
        let traded = negotiated(
            &sc,
            Rubric::default(),
            seed,
            &[
                (48000, none()),
                (46000, terms.clone()),
                (45000, terms.clone()),
            ],
        );
        let given = negotiated(
            &sc,
            Rubric::default(),
            seed,
            &[(48000, none()), (46000, none()), (45000, none())],
        );
        let (t, g) = (score(&traded), score(&given));
        assert!(
            negotiation(&t) > negotiation(&g),
            "seed {seed}: traded {} vs given {}",
            negotiation(&t),
            negotiation(&g)
        );
        assert!(
            t.breaks(Rule::NegotiationMutualValue) && t.overall >= g.overall,
            "seed {seed}: traded {} {:?} vs given {} {:?}",
            t.overall,
            traded.outcome(),
            g.overall,
            given.outcome()
        );
        wins += 1;
    }
    assert_eq!(wins, 10);
}

#[test]
fn a_narrowing_schedule_scores_above_one_big_jump() {
    let sc = scenario("fleet-telematics");
    let none = BTreeMap::new;
    for seed in 1..=10 {
        let narrowing = negotiated(
            &sc,
            Rubric::default(),
            seed,
            &[
                (48000, none()),
                (46000, none()),
                (44800, none()),
                (44000, none()),
            ],
        );
        let jump = negotiated(
            &sc,
            Rubric::default(),
            seed,
            &[(48000, none()), (44000, none())],
        );
        let (n, j) = (score(&narrowing), score(&jump));
        assert!(
            j.breaks(Rule::NegotiationBigConcession),
            "a 4 000 step of 48 000 is big"
        );
        assert!(
            negotiation(&n) > negotiation(&j),
            "seed {seed}: narrowing {} vs one jump {}",
            negotiation(&n),
            negotiation(&j)
        );
    }
}

#[test]
fn a_company_penalty_is_never_lost_in_the_clamp() {
    // Pushy play scores 0 in negotiation-free stages; a rule on a stage already at 0 used to
    // cost nothing.
    let sc = scenario("fleet-telematics");
    let strict = Rubric {
        name: "strict".into(),
        rules: vec![CompanyRule::RequireAgenda {
            penalty: 50,
            critical: false,
        }],
        ..Rubric::default()
    };
    let mut checked = 0;
    for seed in 1..=20 {
        let plain =
            dealcraft_core::bots::play(BotKind::Random, sc.clone(), Rubric::default(), seed);
        let ruled = dealcraft_core::bots::play(BotKind::Random, sc.clone(), strict.clone(), seed);
        let (p, r) = (score(&plain), score(&ruled));
        let broken = r.breaks(Rule::CompanyRequireAgenda);
        let contact = p.score_of(Stage::Contact);
        if broken && contact < 50 && p.stages_score > 5 {
            // The contact stage had less than the penalty to lose; the rest comes off overall.
            assert!(
                r.stages_score < p.stages_score,
                "seed {seed}: {} vs {}",
                r.stages_score,
                p.stages_score
            );
            checked += 1;
        }
    }
    assert!(checked > 0, "no session put the rule to the test");
}

#[test]
fn a_company_rule_marked_critical_caps_the_score() {
    let sc = scenario("solar-farm");
    let rubric = Rubric {
        name: "no-deep-discounts".into(),
        rules: vec![CompanyRule::MaxDiscount {
            percent: 5.0,
            penalty: 0,
            critical: true,
        }],
        ..Rubric::default()
    };
    let s = dealcraft_core::bots::play(BotKind::Discounter, sc, rubric, 1);
    let card = score(&s);
    // The discounter gives 12 % and more away: a critical error for this company.
    assert!(
        card.critical
            .iter()
            .any(|f| f.rule == Rule::CompanyMaxDiscount)
    );
    assert!(card.overall <= CRITICAL_CAP);
    assert!(card.stages_score > CRITICAL_CAP);
}

#[test]
fn an_agreed_price_never_reads_as_no_price_agreed() {
    // Accept the client's counter, then never ask for the order.
    let sc = scenario("fleet-telematics");
    let mut s = Session::new(sc, Rubric::default(), 2);
    let mut bot = Bot::new(BotKind::Textbook, 2);
    while !s.is_over() {
        let mv = bot.next_move(&s);
        let mv = match mv {
            Move::Close(_) if s.client().negotiation.agreed.is_some() => Move::End,
            Move::Offer { .. } if !s.client().negotiation.client_offers.is_empty() => {
                Move::AcceptCounter
            }
            mv => mv,
        };
        s.apply(mv).expect("legal");
    }
    let agreed = s
        .client()
        .negotiation
        .agreed
        .clone()
        .expect("a price was agreed");
    let card = score(&s);
    let texts: Vec<&str> = card.findings().map(|f| f.text.as_str()).collect();
    assert!(
        !texts.contains(&"no price was agreed"),
        "findings contradict the session: {texts:?}"
    );
    let price = dealcraft_core::session::format_money(agreed.price, "EUR");
    assert!(
        texts
            .iter()
            .any(|t| t.contains(&price) && t.contains("never signed")),
        "{texts:?}"
    );
}

#[test]
fn a_target_above_list_that_the_client_paid_is_not_called_unreachable() {
    let sc = scenario("clinic-scheduling");
    let list = sc.product.list_price;
    let mut s = Session::new(sc.clone(), Rubric::default(), 1);
    s.apply(Move::Prepare(Plan {
        target_price: list + list / 10,
        walk_away_price: sc.product.floor_price,
        style: SocialStyle::Amiable,
        must_have: Vec::new(),
    }))
    .unwrap();
    let card = score(&s);
    let prep = card.stage(Stage::Preparation).unwrap();
    for f in &prep.findings {
        let said = format!("{} {}", f.text, f.tip.clone().unwrap_or_default());
        assert!(!said.contains("cannot be reached"), "{said}");
    }
}

#[test]
fn critical_errors_and_habits_name_their_turn() {
    // The exploit search's plays: every critical error and habit it finds points at a turn
    // of its session, so the debrief can link to it.
    let sc = scenario("fleet-telematics");
    let opts = dealcraft_core::search::Options {
        budget: 1500,
        ..Default::default()
    };
    let report = dealcraft_core::search::search(sc.clone(), Rubric::default(), &opts, &|_, _| {});
    for e in report.exploits.iter().filter(|e| e.overall.is_some()) {
        let mut s = Session::new(sc.clone(), Rubric::default(), opts.seed);
        for mv in &e.moves {
            s.apply(mv.clone()).unwrap();
        }
        let card = score(&s);
        let f = card
            .critical
            .iter()
            .chain(&card.habits)
            .find(|f| f.rule == e.rule)
            .expect("filed under a rule it breaks");
        let turn = f.turn.expect("a turn to link to");
        assert!(turn as usize <= s.moves().len(), "{}: turn {turn}", e.rule);
    }
}

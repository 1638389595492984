//! The plays a trainee would try to top a scoreboard with bad selling (issue 10's table), replayed
//! against textbook play on the same client and seed: none may come near it.
//!
//! Each play is textbook play with one bad habit spliced in, so the gap is the habit's price.

use std::sync::Arc;

use dealcraft_core::bots::{Bot, BotKind};
use dealcraft_core::moves::{CloseTechnique, Move, QuestionKind};
use dealcraft_core::scoring::Scorecard;
use dealcraft_core::session::Phase;
use dealcraft_core::{Rubric, Scenario, Session, Stage, bundled, score};

const SEEDS: std::ops::Range<u64> = 1..21;

fn scenario(id: &str) -> Arc<Scenario> {
    Arc::new(bundled::load(id).expect("bundled").scenario)
}

fn zone_scenarios() -> Vec<Arc<Scenario>> {
    bundled::ids()
        .iter()
        .map(|id| scenario(id))
        .filter(|s| s.has_zone_of_agreement() && !s.negotiation.walk_away_is_the_lesson)
        .collect()
}

/// Plays textbook moves, except where `twist` returns its own move for the session as it stands.
/// Moves the engine refuses are skipped, so a twist cannot stall the session.
fn play_with(
    sc: &Arc<Scenario>,
    seed: u64,
    mut twist: impl FnMut(&Session, &Move) -> Option<Move>,
) -> Session {
    let mut s = Session::new(sc.clone(), Rubric::default(), seed);
    let mut bot = Bot::new(BotKind::Textbook, seed);
    while !s.is_over() && s.moves().len() < 190 {
        let book = bot.next_move(&s);
        let mv = twist(&s, &book).unwrap_or(book.clone());
        if s.apply(mv).is_err() {
            s.apply(book).expect("textbook moves are legal");
        }
    }
    s
}

fn textbook(sc: &Arc<Scenario>, seed: u64) -> Scorecard {
    score(&play_with(sc, seed, |_, _| None))
}

fn offers(s: &Session) -> usize {
    s.moves()
        .iter()
        .filter(|m| matches!(m, Move::Offer { .. }))
        .count()
}

/// For each seed: (textbook overall, the play's overall).
fn compare(sc: &Arc<Scenario>, play: impl Fn(&Arc<Scenario>, u64) -> Session) -> Vec<(u32, u32)> {
    SEEDS
        .map(|seed| (textbook(sc, seed).overall, score(&play(sc, seed)).overall))
        .collect()
}

fn report(name: &str, id: &str, rows: &[(u32, u32)]) -> String {
    let mean = |f: fn(&(u32, u32)) -> u32| {
        rows.iter().map(|r| f64::from(f(r))).sum::<f64>() / rows.len() as f64
    };
    format!(
        "{name} on {id}: textbook {:.1}, play {:.1}, play max {}",
        mean(|r| r.0),
        mean(|r| r.1),
        rows.iter().map(|r| r.1).max().unwrap_or(0)
    )
}

/// Every stage by the book, then the first offer is a price of 1.
fn sell_for_one(sc: &Arc<Scenario>, seed: u64) -> Session {
    play_with(sc, seed, |s, book| {
        (matches!(book, Move::Offer { .. }) && offers(s) == 0).then(|| Move::Offer {
            price: 1,
            terms: Default::default(),
        })
    })
}

#[test]
fn selling_for_one_is_a_critical_error_on_every_client() {
    for id in bundled::ids() {
        let sc = scenario(&id);
        for seed in SEEDS {
            let s = sell_for_one(&sc, seed);
            let card = score(&s);
            assert!(
                card.overall <= 40,
                "{id} seed {seed}: selling for 1 scored {}",
                card.overall
            );
        }
    }
}

#[test]
fn a_loss_deal_on_the_no_zopa_client_scores_far_below_walking_away() {
    let sc = scenario("office-furniture-nozopa");
    for seed in SEEDS {
        let walk = textbook(&sc, seed).overall;
        let loss = play_with(&sc, seed, |s, _| {
            (!s.client().negotiation.client_offers.is_empty()
                && s.client().negotiation.agreed.is_none())
            .then_some(Move::AcceptCounter)
        });
        assert!(
            matches!(
                loss.outcome(),
                Some(dealcraft_core::Outcome::Deal { .. }) | None
            ),
            "seed {seed}: the loss play should close a deal"
        );
        let loss = score(&loss).overall;
        assert!(walk >= 85, "seed {seed}: the right walk-away scored {walk}");
        assert!(loss <= 40, "seed {seed}: a deal at a loss scored {loss}");
        assert!(
            walk >= loss + 35,
            "seed {seed}: walk-away {walk} vs loss {loss}"
        );
    }
}

/// Quote just under the floor before any question, then play the book and insist on the list
/// price when it comes to negotiating.
fn bait_and_switch(sc: &Arc<Scenario>, seed: u64) -> Session {
    let bait = sc.product.floor_price * 98 / 100;
    play_with(sc, seed, |s, book| {
        let quoted = offers(s) > 0;
        if !quoted && s.greeted() && s.moves().iter().any(|m| matches!(m, Move::SetAgenda)) {
            return Some(Move::Offer {
                price: bait,
                terms: Default::default(),
            });
        }
        matches!(
            book,
            Move::Offer { .. } | Move::WalkAway | Move::AcceptCounter
        )
        .then(|| Move::Offer {
            price: sc.product.list_price,
            terms: Default::default(),
        })
    })
}

#[test]
fn bait_and_switch_is_a_critical_error() {
    for sc in zone_scenarios() {
        for seed in SEEDS {
            let card = score(&bait_and_switch(&sc, seed));
            assert!(
                card.overall <= 40,
                "{} seed {seed}: quote under the floor then list scored {}",
                sc.id,
                card.overall
            );
        }
    }
}

#[test]
fn repeating_the_list_price_is_not_rewarded() {
    let mut out = Vec::new();
    for sc in zone_scenarios() {
        let rows = compare(&sc, |sc, seed| {
            play_with(sc, seed, |s, book| {
                (matches!(book, Move::Offer { .. }) && offers(s) < 6).then(|| Move::Offer {
                    price: sc.product.list_price,
                    terms: Default::default(),
                })
            })
        });
        out.push(report("list price six times", &sc.id, &rows));
        check_margin("list price six times", &sc.id, &rows, 5);
    }
    println!("{}", out.join("\n"));
}

#[test]
fn the_same_open_question_again_and_again_is_not_rewarded() {
    for sc in zone_scenarios() {
        let rows = compare(&sc, |sc, seed| {
            let mut asked = 0;
            play_with(sc, seed, |s, _| {
                (s.greeted() && asked < 8).then(|| {
                    asked += 1;
                    Move::Ask {
                        kind: QuestionKind::Situation,
                        need: None,
                    }
                })
            })
        });
        println!("{}", report("one open question eight times", &sc.id, &rows));
        check_margin("one open question eight times", &sc.id, &rows, 5);
    }
}

#[test]
fn pitching_every_feature_before_any_need_is_not_rewarded() {
    for sc in zone_scenarios() {
        let rows = compare(&sc, |sc, seed| {
            play_with(sc, seed, |s, _| {
                let agenda = s.moves().iter().any(|m| matches!(m, Move::SetAgenda));
                if !agenda {
                    return None;
                }
                sc.product
                    .features
                    .iter()
                    .map(|f| Move::Present {
                        feature: f.id.as_str().into(),
                        need: None,
                    })
                    .find(|mv| !s.moves().contains(mv))
            })
        });
        println!("{}", report("feature dump", &sc.id, &rows));
        check_margin("feature dump", &sc.id, &rows, 5);
    }
}

#[test]
fn a_stage_never_entered_scores_zero_and_says_so() {
    for sc in zone_scenarios() {
        for seed in SEEDS {
            // Ask for the order at the list price without ever negotiating.
            let s = play_with(&sc, seed, |_, book| {
                matches!(
                    book,
                    Move::Offer { .. } | Move::AcceptCounter | Move::WalkAway
                )
                .then_some(Move::Close(CloseTechnique::Direct))
            });
            assert!(!s.path().contains(&Stage::Negotiation));
            let card = score(&s);
            let neg = card
                .stage(Stage::Negotiation)
                .expect("every client has one");
            assert!(
                !neg.reached && neg.score == 0,
                "{} seed {seed}: negotiation {} (reached {})",
                sc.id,
                neg.score,
                neg.reached
            );
        }
    }
}

fn check_margin(name: &str, id: &str, rows: &[(u32, u32)], margin: u32) {
    for (seed, (book, play)) in SEEDS.zip(rows) {
        assert!(
            play + margin <= *book,
            "{name} on {id}, seed {seed}: {play} is within {margin} of textbook {book}"
        );
    }
}

#[test]
fn textbook_itself_closes_and_scores_high_where_a_deal_is_possible() {
    for sc in zone_scenarios() {
        for seed in SEEDS {
            let s = play_with(&sc, seed, |_, _| None);
            assert_eq!(s.phase(), Phase::Over);
            let card = score(&s);
            assert!(
                card.overall >= 90,
                "{} seed {seed}: {}",
                sc.id,
                card.overall
            );
        }
    }
}

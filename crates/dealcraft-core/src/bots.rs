//! Bots that play sessions: the proof that scoring discriminates, and the analyzer's players.
//!
//! `textbook` does what a good salesperson does; `random` picks any legal move; `pushy` pitches
//! and closes at once; `discounter` plays well but gives price away early and often. Bots read
//! the session as a trainee would; where a trainee would read the client's cues (their social
//! style from the dossier, the real reason behind an objection once clarified), they read the
//! scenario.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::moves::{
    AfterSale, CloseTechnique, DebtAction, Id, Move, Plan, QuestionKind, Technique, Terms,
};
use crate::rubric::Rubric;
use crate::scenario::{Knowledge, Scenario, SocialStyle};
use crate::session::{CloseResult, Effect, HandleResult, Phase, Session};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BotKind {
    Random,
    Textbook,
    Pushy,
    Discounter,
}

impl BotKind {
    pub const ALL: [BotKind; 4] = [
        BotKind::Random,
        BotKind::Textbook,
        BotKind::Pushy,
        BotKind::Discounter,
    ];

    pub fn name(self) -> &'static str {
        match self {
            BotKind::Random => "random",
            BotKind::Textbook => "textbook",
            BotKind::Pushy => "pushy",
            BotKind::Discounter => "discounter",
        }
    }
}

impl fmt::Display for BotKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for BotKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        BotKind::ALL
            .into_iter()
            .find(|b| b.name() == s)
            .ok_or_else(|| {
                format!("unknown bot `{s}`; bots are random, textbook, pushy, discounter")
            })
    }
}

/// A bot with its own seeded generator, separate from the session's.
pub struct Bot {
    kind: BotKind,
    rng: ChaCha8Rng,
}

impl Bot {
    pub fn new(kind: BotKind, seed: u64) -> Bot {
        // A different stream from the session's so the bot's choices do not shift the client's.
        Bot {
            kind,
            rng: ChaCha8Rng::seed_from_u64(seed ^ 0x5DEE_CE66_D1CE_B0B5),
        }
    }

    pub fn kind(&self) -> BotKind {
        self.kind
    }

    /// The bot's next move; always legal for the session as it stands.
    pub fn next_move(&mut self, s: &Session) -> Move {
        match self.kind {
            BotKind::Random => self.random(s),
            BotKind::Textbook => textbook(s, Haggle::Patient),
            BotKind::Discounter => textbook(s, Haggle::Generous),
            BotKind::Pushy => pushy(s),
        }
    }

    fn random(&mut self, s: &Session) -> Move {
        random_move(s, &mut self.rng, true)
    }
}

/// Any legal move, with prices and plans filled in at random; `End` and `WalkAway` get 3 % of
/// the choices (a random trainee still rarely gives up), none when `may_end` is false.
pub fn random_move(s: &Session, rng: &mut impl Rng, may_end: bool) -> Move {
    let sc = s.scenario();
    // Counting and building only the pick keeps this cheap: it runs on every random turn.
    let others = s.legal_move_count(false);
    let endings = !(others > 0 && (!may_end || rng.random::<f64>() >= 0.03));
    let n = if endings {
        s.legal_move_count(true)
    } else {
        others
    };
    let i = rng.random_range(0..n.max(1));
    let (floor, list) = (sc.product.floor_price, sc.product.list_price);
    match s.legal_move(i, endings).unwrap_or(Move::End) {
        Move::Prepare(_) => {
            let lo = floor / 2;
            let target = rng.random_range(lo..=list + list / 10);
            let walk = rng.random_range(lo..=target);
            let style = SocialStyle::ALL[rng.random_range(0..4)];
            Move::Prepare(Plan {
                target_price: target,
                walk_away_price: walk,
                style,
                must_have: Vec::new(),
            })
        }
        Move::Offer { .. } => Move::Offer {
            price: rng.random_range((floor * 8 / 10).max(1)..=list + list / 10),
            terms: Default::default(),
        },
        mv => mv,
    }
}

/// Plays a whole session with a bot.
pub fn play(kind: BotKind, scenario: Arc<Scenario>, rubric: Rubric, seed: u64) -> Session {
    finish(kind, Session::new(scenario, rubric, seed), seed)
}

/// Plays a whole session with a bot without building any text ([`Session::quietly`]): the
/// same moves, state and score as [`play`], faster. For analysis and search.
pub fn play_quietly(kind: BotKind, scenario: Arc<Scenario>, rubric: Rubric, seed: u64) -> Session {
    finish(kind, Session::new(scenario, rubric, seed).quietly(), seed)
}

/// Lets the bot play `session` to its end.
pub fn finish(kind: BotKind, mut session: Session, seed: u64) -> Session {
    let mut bot = Bot::new(kind, seed);
    while !session.is_over() {
        let mv = bot.next_move(&session);
        if session.apply(mv).is_err() {
            // A bot bug must not hang the analyzer: end the session instead.
            let _ = session.apply(Move::End);
        }
    }
    session
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Haggle {
    /// Open at list, concede in small shrinking steps, trade terms, hold the walk-away.
    Patient,
    /// Open with a discount, split the difference, take the first acceptable counter.
    Generous,
}

fn preferred_close(style: SocialStyle) -> CloseTechnique {
    match style {
        SocialStyle::Driver => CloseTechnique::Direct,
        SocialStyle::Expressive => CloseTechnique::Alternative,
        SocialStyle::Amiable | SocialStyle::Analytical => CloseTechnique::Summary,
    }
}

fn walk_away_price(sc: &Scenario) -> u64 {
    let (floor, list) = (sc.product.floor_price, sc.product.list_price);
    floor + (list - floor.min(list)) / 5
}

fn textbook(s: &Session, haggle: Haggle) -> Move {
    let sc = s.scenario();
    let style = sc.client.style;

    if s.phase() == Phase::Preparing {
        let must_have = sc
            .product
            .terms
            .iter()
            .filter(|t| t.options.iter().any(|o| o.seller_value > 0))
            .map(|t| Id::new(&t.id))
            .collect();
        return Move::Prepare(Plan {
            target_price: sc.product.list_price,
            walk_away_price: walk_away_price(sc),
            style,
            must_have,
        });
    }
    if s.phase() == Phase::AfterSale {
        return after_sale(s);
    }
    // Contact: greet in their style, rapport if they like it, then the agenda.
    if !s.greeted() {
        return Move::Greet(style.preferred_contact());
    }
    if style.likes_small_talk() && s.small_talk_count() == 0 {
        return Move::SmallTalk;
    }
    if !s.agenda_set() {
        return Move::SetAgenda;
    }
    let done = s.talk();
    // An open objection comes first: acknowledge, clarify, answer.
    if let Some(mv) = handle_objection(s) {
        return mv;
    }
    // Needs: walk each known topic along SPIN, then look for new topics.
    for (i, st) in s.client().needs.iter().enumerate() {
        let kind = match st.level {
            Knowledge::Hinted if !st.denied => QuestionKind::Problem,
            Knowledge::Implied => QuestionKind::Implication,
            Knowledge::Explicit if !st.payoff => QuestionKind::NeedPayoff,
            _ => continue,
        };
        return Move::Ask {
            kind,
            need: Some(Id::new(&sc.needs[i].id)),
        };
    }
    for (kind, exhausted) in [
        (QuestionKind::Situation, done.situation_exhausted),
        (QuestionKind::Problem, done.problem_exhausted),
    ] {
        if !exhausted {
            return Move::Ask { kind, need: None };
        }
    }
    let known = s.client().needs.iter().any(|n| n.level > Knowledge::Hidden);
    if !done.useful_summary && known {
        return Move::Summarize;
    }
    // Presentation: the best feature for each explicit need, once.
    for (i, st) in s.client().needs.iter().enumerate() {
        if st.level == Knowledge::Explicit && !st.presented {
            let id = &sc.needs[i].id;
            let best = sc
                .product
                .features
                .iter()
                .filter(|f| f.addresses.contains(id))
                .max_by_key(|f| (f.evidence, std::cmp::Reverse(f.addresses.len())));
            if let Some(f) = best
                && !s.presented(&f.id, Some(id))
            {
                return Move::Present {
                    feature: Id::new(&f.id),
                    need: Some(Id::new(id)),
                };
            }
        }
    }
    if !done.trial_close {
        return Move::Close(CloseTechnique::Trial);
    }
    let neg = &s.client().negotiation;
    if neg.agreed.is_none() {
        return haggle_move(s, haggle);
    }
    // The price is agreed and nothing is open: ask for the commitment.
    if let Some(t) = s.turns().last()
        && matches!(
            t.effect,
            Effect::CloseAttempt {
                result: CloseResult::NotConvinced,
                ..
            }
        )
    {
        return Move::End;
    }
    Move::Close(preferred_close(style))
}

fn handle_objection(s: &Session) -> Option<Move> {
    let sc = s.scenario();
    let (id, _) = s.first_open_objection()?;
    let (i, o) = sc.objection(id)?;
    let st = &s.client().objections[i];
    let objection = Id::new(id);
    if !st.acknowledged && !o.backfires.contains(&Technique::Acknowledge) {
        return Some(Move::Handle {
            objection,
            technique: Technique::Acknowledge,
        });
    }
    if !st.clarified && !o.backfires.contains(&Technique::Clarify) {
        return Some(Move::Handle {
            objection,
            technique: Technique::Clarify,
        });
    }
    // Once clarified, the real concern tells which answer fits; never concede if avoidable.
    let tried_without_effect = |t: Technique| {
        s.turns().iter().any(|r| matches!(r.effect, Effect::Handled { objection: j, technique, result: HandleResult::NoEffect } if j == i && technique == t))
    };
    let answer = o
        .resolves
        .iter()
        .chain(&o.weakens)
        .copied()
        .filter(|t| t.is_answer() && !tried_without_effect(*t))
        .min_by_key(|t| *t == Technique::Concede)
        .unwrap_or(Technique::Evidence);
    Some(Move::Handle {
        objection,
        technique: answer,
    })
}

fn haggle_move(s: &Session, haggle: Haggle) -> Move {
    let sc = s.scenario();
    let neg = &s.client().negotiation;
    let list = sc.product.list_price;
    let walk = walk_away_price(sc);
    let counter = neg.client_offers.last().copied();
    let last = neg.seller_offers.last().map(|(p, _)| *p);
    match haggle {
        Haggle::Patient => {
            let Some(prev) = last else {
                return Move::Offer {
                    price: list,
                    terms: Default::default(),
                };
            };
            let round = neg.seller_offers.len() as u64;
            let step = list * (5u64.saturating_sub(round).max(1)) / 100;
            let mut next = prev.saturating_sub(step).max(walk);
            if let Some(c) = counter {
                let near = next.saturating_sub(c) <= list / 50;
                if c >= walk && near {
                    return Move::AcceptCounter;
                }
                if next <= walk && prev <= walk {
                    return if c >= walk {
                        Move::AcceptCounter
                    } else {
                        Move::WalkAway
                    };
                }
                // Late in the talk, move towards the client by up to the last step again
                // (never a bigger one) rather than jump to its number.
                if neg.round >= 4 && c >= walk {
                    let last_step = match neg.seller_offers.as_slice() {
                        [.., (a, _), (b, _)] => a.saturating_sub(*b),
                        _ => step,
                    };
                    next = prev
                        .saturating_sub(last_step.max(step))
                        .max((prev + c) / 2)
                        .max(walk);
                }
            }
            // Every concession buys a term the company values.
            let terms = if round < 1 {
                Terms::new()
            } else {
                seller_best(sc)
            };
            Move::Offer { price: next, terms }
        }
        Haggle::Generous => {
            let floor = sc.product.floor_price;
            let Some(prev) = last else {
                return Move::Offer {
                    price: (list * 88 / 100).max(floor),
                    terms: Default::default(),
                };
            };
            match counter {
                Some(c) if c >= floor => Move::AcceptCounter,
                Some(c) => Move::Offer {
                    price: ((prev + c) / 2).max(floor),
                    terms: Default::default(),
                },
                None => Move::Offer {
                    price: prev * 9 / 10,
                    terms: Default::default(),
                },
            }
        }
    }
}

/// The option of each term that is worth most to the seller over the client, for terms the
/// company values.
fn seller_best(sc: &Scenario) -> Terms {
    sc.product
        .terms
        .iter()
        .filter_map(|t| {
            let (i, best) = t
                .options
                .iter()
                .enumerate()
                .max_by_key(|(_, o)| o.seller_value - o.client_value)?;
            (best.seller_value > 0).then(|| (Id::new(&t.id), i))
        })
        .collect()
}

fn after_sale(s: &Session) -> Move {
    let sc = s.scenario();
    // Matched in place: comparing whole moves costs a call each, on every turn.
    let did = |p: &dyn Fn(&Move) -> bool| s.moves().iter().any(p);
    if !did(&|m| matches!(m, Move::NextSteps)) {
        return Move::NextSteps;
    }
    let wanted: &[AfterSale] = if sc.follow_up.expects.is_empty() {
        &[AfterSale::AskFeedback, AfterSale::Training]
    } else {
        &sc.follow_up.expects
    };
    if let Some(&a) = wanted
        .iter()
        .find(|a| !did(&|m| matches!(m, Move::FollowUp(b) if b == *a)))
    {
        return Move::FollowUp(a);
    }
    if let (Some(debt), Some(rules)) = (&s.client().debt, &sc.debt)
        && !debt.closed
    {
        let next_week = debt.week + 1;
        let action = if !debt.schedule_agreed {
            DebtAction::AgreeSchedule
        } else if next_week <= rules.due_week {
            DebtAction::Remind
        } else if debt.reminders >= 2
            && next_week > rules.due_week + 2
            && !did(&|m| matches!(m, Move::Collect(DebtAction::Escalate)))
        {
            DebtAction::Escalate
        } else if next_week > rules.due_week + 1 && !debt.installments {
            DebtAction::Installments
        } else {
            DebtAction::Call
        };
        return Move::Collect(action);
    }
    Move::End
}

fn pushy(s: &Session) -> Move {
    let sc = s.scenario();
    if s.phase() == Phase::AfterSale {
        let upsold = s
            .moves()
            .iter()
            .any(|m| matches!(m, Move::FollowUp(AfterSale::Upsell)));
        return if upsold {
            Move::End
        } else {
            Move::FollowUp(AfterSale::Upsell)
        };
    }
    if !s.greeted() {
        return Move::Greet(crate::moves::ContactStyle::Direct);
    }
    // Every feature at once, whether or not anyone asked.
    for f in &sc.product.features {
        if !s.presented(&f.id, None) {
            return Move::Present {
                feature: Id::new(&f.id),
                need: None,
            };
        }
    }
    let neg = &s.client().negotiation;
    let last_close_failed_on_price = s.turns().last().is_some_and(|t| {
        matches!(
            t.effect,
            Effect::CloseAttempt {
                result: CloseResult::PriceRejected,
                ..
            }
        )
    });
    if neg.agreed.is_none() && last_close_failed_on_price {
        // Holds the list price and pushes again.
        return Move::Offer {
            price: sc.product.list_price,
            terms: Default::default(),
        };
    }
    if let Some((id, _)) = s.first_open_objection() {
        let last_was_handle = matches!(s.moves().last(), Some(Move::Handle { .. }));
        if !last_was_handle {
            return Move::Handle {
                objection: Id::new(id),
                technique: Technique::Reframe,
            };
        }
    }
    let closes = s
        .moves()
        .iter()
        .filter(|m| matches!(m, Move::Close(_)))
        .count();
    Move::Close(if closes % 2 == 0 {
        CloseTechnique::Assumptive
    } else {
        CloseTechnique::Direct
    })
}

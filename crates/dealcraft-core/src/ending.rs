//! Why a session ended, said once at the top of every debrief: the client ran out of patience,
//! haggling reached the client's deadline, someone walked away, or a deal, and where its price
//! sits in the zone of agreement. The app, the CLI and `--json` all show [`Ending::text`].
//!
//! ```
//! use std::sync::Arc;
//! use dealcraft_core::{bots, bundled, ending, Rubric};
//! use dealcraft_core::scenario::Lang;
//!
//! let sc = Arc::new(bundled::load("fleet-telematics").unwrap().scenario);
//! let session = bots::play(bots::BotKind::Pushy, sc, Rubric::default(), 5);
//! let why = ending::of(&session);
//! assert!(why.text(Lang::En, "EUR").starts_with("The client ran out of patience"));
//! ```

use serde::Serialize;

use crate::negotiation;
use crate::scenario::Lang;
use crate::session::tuning::TURN_COST;
use crate::session::{MAX_TURNS, Outcome, Session, format_money};

/// How many of the turns that cost the most patience the line names.
const COSTLY_TURNS: usize = 3;

/// Why a session ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Ending {
    /// The session is not over.
    InProgress,
    /// The client's patience ran out and it left. `costly`: the turns whose moves cost the most
    /// patience beyond the time every turn takes, in turn order.
    OutOfPatience { turn: u32, costly: Vec<u32> },
    /// The client had made its last counter-offer (`deadline` of them) and walked away.
    Deadline { turn: u32, deadline: u32 },
    /// The trainee walked away. `most`: the most the client would have paid at that point;
    /// `floor`: the seller's floor price.
    WalkedAway { turn: u32, most: u64, floor: u64 },
    /// The meeting ended without a deal: the trainee ended it, or it reached the move limit.
    NoDeal { turn: u32, limit: bool },
    /// A deal. `value`: what it is worth to the seller, terms included; `share`: where that sits
    /// in the zone of agreement (0 at the floor price, 1 at the best price), `None` when there is
    /// no zone.
    Deal {
        turn: u32,
        price: u64,
        value: i64,
        share: Option<f64>,
        floor: u64,
        best: u64,
    },
}

/// Why `session` ended (or that it has not).
pub fn of(session: &Session) -> Ending {
    let sc = session.scenario();
    let floor = sc.product.floor_price;
    match session.outcome() {
        None => Ending::InProgress,
        Some(&Outcome::ClientLeft { turn }) => Ending::OutOfPatience {
            turn,
            costly: costly_turns(session),
        },
        Some(&Outcome::Deadline { turn }) => Ending::Deadline {
            turn,
            deadline: sc.negotiation.deadline,
        },
        Some(&Outcome::WalkedAway { turn }) => Ending::WalkedAway {
            turn,
            most: session.reservation_price(),
            floor,
        },
        Some(&Outcome::NoDeal { turn }) => Ending::NoDeal {
            turn,
            limit: turn >= MAX_TURNS,
        },
        Some(Outcome::Deal { price, terms, turn }) => {
            let value = negotiation::seller_value(sc, *price, terms);
            Ending::Deal {
                turn: *turn,
                price: *price,
                value,
                share: sc.zone_share(value),
                floor,
                best: sc.best_price(),
            }
        }
    }
}

/// The meeting turns whose moves cost more patience than time alone, the costliest first
/// (ties by turn), then put in turn order.
fn costly_turns(session: &Session) -> Vec<u32> {
    let mut before = session.client().patience_max;
    let mut costs: Vec<(f64, u32)> = Vec::new();
    for t in session.turns() {
        let cost = before - t.patience;
        before = t.patience;
        if cost > TURN_COST + 1e-9 {
            costs.push((cost, t.turn));
        }
    }
    costs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut turns: Vec<u32> = costs.iter().take(COSTLY_TURNS).map(|c| c.1).collect();
    turns.sort_unstable();
    turns
}

/// "3", "3 and 7", "3, 7 and 9" (или «3 и 7»).
fn list(turns: &[u32], and: &str) -> String {
    let words: Vec<String> = turns.iter().map(u32::to_string).collect();
    match words.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {and} {last}", rest.join(", ")),
    }
}

impl Ending {
    /// The line at the top of a debrief, in `lang`, with prices in `currency`.
    pub fn text(&self, lang: Lang, currency: &str) -> String {
        let money = |m: u64| format_money(m, currency);
        let en = lang == Lang::En;
        match self {
            Ending::InProgress if en => "The meeting is still going on.".into(),
            Ending::InProgress => "Встреча ещё идёт.".into(),
            Ending::OutOfPatience { turn, costly } => {
                let head = if en {
                    format!("The client ran out of patience and left at turn {turn}")
                } else {
                    format!("У клиента кончилось терпение, и он ушёл на ходу {turn}")
                };
                match (costly.len(), en) {
                    (0, _) => format!("{head}."),
                    (1, true) => format!("{head}; turn {} cost the most patience.", costly[0]),
                    (_, true) => format!(
                        "{head}; turns {} cost the most patience.",
                        list(costly, "and")
                    ),
                    (1, false) => {
                        format!("{head}; больше всего терпения отнял ход {}.", costly[0])
                    }
                    (_, false) => format!(
                        "{head}; больше всего терпения отняли ходы {}.",
                        list(costly, "и")
                    ),
                }
            }
            Ending::Deadline { turn, deadline } if en => format!(
                "Haggling ran out: the client had made its {deadline} counter-offers and walked away at turn {turn}."
            ),
            Ending::Deadline { turn, deadline } => format!(
                "Торг зашёл в тупик: клиент сделал все {deadline} встречных предложений и ушёл на ходу {turn}."
            ),
            Ending::WalkedAway { turn, most, floor } => match (most >= floor, en) {
                (true, true) => format!(
                    "You walked away at turn {turn}, though the client would have paid up to {} (your floor: {}).",
                    money(*most),
                    money(*floor)
                ),
                (false, true) => format!(
                    "You walked away at turn {turn}: rightly, the client could pay at most {}, below your floor of {}.",
                    money(*most),
                    money(*floor)
                ),
                (true, false) => format!(
                    "Вы отказались от сделки на ходу {turn}, хотя клиент заплатил бы до {} (ваш минимум: {}).",
                    money(*most),
                    money(*floor)
                ),
                (false, false) => format!(
                    "Вы отказались от сделки на ходу {turn} — верно: клиент мог заплатить не больше {}, ниже вашего минимума {}.",
                    money(*most),
                    money(*floor)
                ),
            },
            Ending::NoDeal { turn, limit: true } if en => {
                format!("The meeting reached the limit of {turn} moves without a deal.")
            }
            Ending::NoDeal { turn, limit: true } => {
                format!("Встреча дошла до предела в {turn} ходов без сделки.")
            }
            Ending::NoDeal { turn, .. } if en => {
                format!("You ended the meeting at turn {turn} without a deal.")
            }
            Ending::NoDeal { turn, .. } => {
                format!("Вы завершили встречу на ходу {turn} без сделки.")
            }
            Ending::Deal {
                turn,
                price,
                value,
                share,
                floor,
                best,
            } => deal_text(
                lang,
                &money,
                (*turn, *price, *value),
                *share,
                (*floor, *best),
            ),
        }
    }
}

fn deal_text(
    lang: Lang,
    money: &dyn Fn(u64) -> String,
    (turn, price, value): (u32, u64, i64),
    share: Option<f64>,
    (floor, best): (u64, u64),
) -> String {
    let en = lang == Lang::En;
    let worth = if value == price as i64 {
        String::new()
    } else {
        let v = if value < 0 {
            format!("-{}", money(value.unsigned_abs()))
        } else {
            money(value.unsigned_abs())
        };
        if en {
            format!(", worth {v} with its terms")
        } else {
            format!(", с учётом условий {v}")
        }
    };
    let head = if en {
        format!("A deal at {}{worth} at turn {turn}", money(price))
    } else {
        format!("Сделка за {}{worth} на ходу {turn}", money(price))
    };
    let (floor, best) = (money(floor), money(best));
    match (share, en) {
        (None, true) => format!("{head}, where no price worked for both sides."),
        (None, false) => format!("{head}, хотя зоны согласия не было."),
        (Some(s), true) if s < 0.0 => format!("{head}: below your floor of {floor}."),
        (Some(s), false) if s < 0.0 => format!("{head}: ниже вашего минимума {floor}."),
        (Some(s), true) => format!(
            "{head}: {:.0} % of the zone of agreement, from your floor ({floor}) to the best price ({best}).",
            s * 100.0
        ),
        (Some(s), false) => format!(
            "{head}: {:.0} % зоны согласия, от вашего минимума ({floor}) до лучшей цены ({best}).",
            s * 100.0
        ),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::bots::{self, BotKind};
    use crate::moves::Move;
    use crate::{Rubric, bundled};

    fn fleet() -> Arc<crate::Scenario> {
        Arc::new(bundled::load("fleet-telematics").unwrap().scenario)
    }

    #[test]
    fn a_client_who_leaves_is_said_to_have_run_out_of_patience() {
        let s = bots::play(BotKind::Pushy, fleet(), Rubric::default(), 5);
        let Ending::OutOfPatience { turn, costly } = of(&s) else {
            panic!("{:?}", s.outcome());
        };
        assert_eq!(Some(&Outcome::ClientLeft { turn }), s.outcome());
        assert!(!costly.is_empty() && costly.len() <= COSTLY_TURNS);
        // The turns named cost more than time alone.
        for t in &costly {
            let i = (*t - 1) as usize;
            let before = if i == 0 {
                s.client().patience_max
            } else {
                s.turns()[i - 1].patience
            };
            assert!(before - s.turns()[i].patience > TURN_COST);
        }
        let text = of(&s).text(Lang::En, "EUR");
        assert!(text.contains(&format!("left at turn {turn}")), "{text}");
        assert!(of(&s).text(Lang::Ru, "EUR").contains("кончилось терпение"));
    }

    #[test]
    fn a_deal_says_where_its_price_sits_in_the_zone() {
        let s = bots::play(BotKind::Textbook, fleet(), Rubric::default(), 3);
        let Ending::Deal {
            price,
            value,
            share: Some(share),
            ..
        } = of(&s)
        else {
            panic!("{:?}", s.outcome());
        };
        let sc = s.scenario();
        let expected = (value as f64 - sc.product.floor_price as f64)
            / (sc.best_price() as f64 - sc.product.floor_price as f64);
        assert!((share - expected).abs() < 1e-9);
        let text = of(&s).text(Lang::En, "EUR");
        assert!(text.starts_with(&format!("A deal at {}", format_money(price, "EUR"))));
        assert!(
            text.contains(&format!("{:.0} % of the zone of agreement", share * 100.0)),
            "{text}"
        );
    }

    #[test]
    fn walking_away_and_ending_say_so() {
        let mut s = Session::new(fleet(), Rubric::default(), 1);
        s.apply(Move::WalkAway).unwrap_or_default();
        let mut e = Session::new(fleet(), Rubric::default(), 1);
        e.apply(Move::End).unwrap();
        assert_eq!(
            of(&e).text(Lang::En, "EUR"),
            "You ended the meeting at turn 1 without a deal."
        );
        assert_eq!(
            of(&Session::new(fleet(), Rubric::default(), 1)),
            Ending::InProgress
        );
        let nozopa = Arc::new(bundled::load("office-furniture-nozopa").unwrap().scenario);
        let w = bots::play(BotKind::Textbook, nozopa, Rubric::default(), 1);
        let text = of(&w).text(Lang::En, "руб.");
        assert!(text.starts_with("You walked away at turn"), "{text}");
        assert!(text.contains("rightly"), "{text}");
    }

    #[test]
    fn a_deadline_names_the_counter_offers() {
        // Real but small concessions from list price, until the client stops haggling.
        let sc = fleet();
        let mut s = Session::new(sc.clone(), Rubric::default(), 1);
        s.apply(Move::Greet(crate::moves::ContactStyle::Direct))
            .unwrap();
        let mut price = sc.product.list_price;
        while !s.is_over() {
            s.apply(Move::Offer {
                price,
                terms: Default::default(),
            })
            .unwrap();
            price -= sc.product.list_price / 100;
        }
        let Some(&Outcome::Deadline { turn }) = s.outcome() else {
            panic!("{:?}", s.outcome());
        };
        assert_eq!(
            of(&s).text(Lang::En, "EUR"),
            format!(
                "Haggling ran out: the client had made its {} counter-offers and walked away at turn {turn}.",
                sc.negotiation.deadline
            )
        );
    }
}

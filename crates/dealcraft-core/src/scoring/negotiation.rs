//! Scoring the negotiation: how well the trainee priced the deal.

use crate::moves::Stage;
use crate::negotiation::seller_value;
use crate::scenario::Scenario;
use crate::session::{BIG_CONCESSION_SHARE, CloseResult, Effect, Outcome, Session, TurnRecord};

use super::findings::add;
use super::{Findings, Rule, first_turn, turns_where};

/// A deal's price and the indices of its terms.
type Deal<'a> = (u64, &'a [usize]);

/// One move of the trainee's that came down from the price named before it.
struct Concession {
    turn: u32,
    amount: i64,
    /// Above `BIG_CONCESSION_SHARE` of the list price.
    big: bool,
    /// Nothing came back for it: no term, and the client had not moved.
    free: bool,
    /// The first offer's discount from the list price.
    opening: bool,
}

/// Adds the stage's findings; false when the trainee never made an offer, accepted a counter
/// or walked away (a price named only when asking for the order is not negotiating).
pub(super) fn score(s: &Session, turns: &[TurnRecord], f: &mut Findings) -> bool {
    let sc = s.scenario();
    let neg = &s.client().negotiation;
    let walked = first_turn(turns, |t| matches!(t.effect, Effect::WalkedAway));
    let deal = match s.outcome() {
        Some(Outcome::Deal { price, terms, .. }) => Some((*price, terms.as_slice())),
        _ => None,
    };
    let offers = turns_where(turns, |t| matches!(t.effect, Effect::Offered { .. }));
    if !s.path().contains(&Stage::Negotiation) {
        return not_negotiated(deal.is_some(), neg.price_mentioned, f);
    }
    // Without a zone of agreement the lesson is to walk away; the usual rules would mislead.
    if sc.negotiation.walk_away_is_the_lesson || !sc.has_zone_of_agreement() {
        let agreed = neg.agreed.as_ref().map(|a| a.price);
        no_zone(sc, deal, (walked, agreed), &offers, f);
        return true;
    }
    match deal {
        Some((price, terms)) => agreed(s, price, terms, f),
        None => no_deal(s, walked, f),
    }
    if offers.is_empty() {
        never_offered(turns, f);
    } else {
        anchor(s, &offers, f);
        let concessions = concessions(s, turns);
        steps(&concessions, f);
        trade(&concessions, f);
    }
    mutual_value(sc, deal, f);
    repeated_offers(turns, f);
    if let Some(turn) = took_first_counter(s, turns) {
        first_counter(turn, f);
    }
    true
}

/// Negotiating without a single offer: walking away or taking a counter at once.
fn never_offered(turns: &[TurnRecord], f: &mut Findings) {
    let turn = first_turn(turns, |t| t.mv.stage() == Some(Stage::Negotiation));
    add!(
        f,
        Rule::NegotiationAnchor,
        turn,
        0,
        f.t(
            "you never made an offer of your own",
            "вы так и не сделали собственного предложения",
        ),
        Some(f.t(
            "name your price first: the first number anchors the talk",
            "назовите свою цену первым: первая цифра задаёт якорь переговорам",
        )),
    );
}

/// The turn the trainee accepted the client's first counter: its only price so far, however
/// many times it said it.
pub(super) fn took_first_counter(s: &Session, turns: &[TurnRecord]) -> Option<u32> {
    let t = turns
        .iter()
        .find(|t| matches!(t.effect, Effect::AcceptedCounter { .. }))?;
    let mut prices = s.client().negotiation.client_effective.clone();
    prices.dedup();
    (prices.len() <= 1).then_some(t.turn)
}

/// The trainee's concessions, in order: each offer below the price named before it (the first
/// below the list price), and taking a counter below the last price named.
fn concessions(s: &Session, turns: &[TurnRecord]) -> Vec<Concession> {
    let list = s.scenario().product.list_price;
    let mut named = list;
    let mut out = Vec::new();
    for t in turns {
        match t.effect {
            Effect::Offered {
                price,
                concession,
                big,
                free,
                ..
            } => {
                if concession > 0 {
                    out.push(Concession {
                        turn: t.turn,
                        amount: concession,
                        big,
                        free,
                        opening: out.is_empty() && named == list,
                    });
                }
                named = price;
            }
            Effect::AcceptedCounter { price } if price < named => {
                let amount = (named - price) as i64;
                out.push(Concession {
                    turn: t.turn,
                    amount,
                    big: amount as f64 > BIG_CONCESSION_SHARE * list as f64,
                    // Meeting the client's own number answers its move.
                    free: false,
                    opening: false,
                });
            }
            _ => {}
        }
    }
    out
}

/// The stage was never entered: say why.
fn not_negotiated(deal: bool, price_named: bool, f: &mut Findings) -> bool {
    let text = match (deal, price_named) {
        (true, _) => f.t(
            "you never negotiated: the client took the price you named when you asked for the order",
            "вы так и не провели переговоры: клиент принял цену, названную при закрытии",
        ),
        (false, true) => f.t(
            "you never negotiated: the price came up only when you asked for the order",
            "вы так и не провели переговоры: цена прозвучала, только когда вы попросили о решении",
        ),
        (false, false) => f.t("you never talked price", "вы так и не заговорили о цене"),
    };
    f.unreached(
        text,
        f.t(
            "make an offer once the client sees the value, and trade towards a deal that works for both",
            "когда клиент увидит ценность, сделайте предложение и ведите торг к сделке, выгодной обеим сторонам",
        ),
    )
}

/// No zone of agreement: walking away earns the points, a deal below the floor loses them.
fn no_zone(
    sc: &Scenario,
    deal: Option<Deal>,
    (walked, agreed): (Option<u32>, Option<u64>),
    offers: &[&TurnRecord],
    f: &mut Findings,
) {
    match (deal, walked) {
        (_, Some(turn)) => match agreed {
            Some(price) => reneged(turn, price, f),
            None => walked_away(turn, sc.product.floor_price, offers, f),
        },
        (Some((price, terms)), None) => loss(sc, price, terms, f),
        (None, None) => held_the_floor(sc.product.floor_price, offers, f),
    }
}

/// No deal and no walk-away: the floor was kept, if no offer went below it.
fn held_the_floor(floor: u64, offers: &[&TurnRecord], f: &mut Findings) {
    let below = offers
        .iter()
        .find(|t| matches!(t.effect, Effect::Offered { price, .. } if price < floor));
    match below {
        None => add!(
            f,
            Rule::NegotiationNoLoss,
            None,
            20,
            f.t(
                "you did not sell at a loss",
                "вы не стали продавать себе в убыток",
            ),
            Some(f.t(
                "say clearly that there is no deal instead of letting it drift",
                "прямо скажите, что сделки не будет, а не пускайте переговоры на самотёк",
            )),
        ),
        Some(t) => add!(
            f,
            Rule::NegotiationNoLoss,
            Some(t.turn),
            0,
            f.t(
                "you offered below the floor; only the client's answer kept you from a loss",
                "вы предложили цену ниже минимальной; от убытка вас спас только ответ клиента",
            ),
            Some(f.t(
                "never offer what you cannot sell for",
                "никогда не предлагайте цену, по которой не можете продать",
            )),
        ),
    }
}

/// Agreeing a price below the floor, then walking away from it: breaking one's word.
fn reneged(turn: u32, price: u64, f: &mut Findings) {
    let m_price = f.money(price);
    add!(f,
        Rule::NegotiationWalkAway,
        Some(turn),
        0,
        f.t(
            format!("you agreed {m_price} and then walked away from your own agreement"),
            format!("вы согласились на {m_price}, а затем отказались от собственного согласия"),
        ),
        Some(f.t(
            "never agree to a price you cannot honour; walk away before, not after",
            "не соглашайтесь на цену, которую не сможете выдержать; отказывайтесь до согласия, а не после",
        )),
    );
}

/// Walking away where there was no deal to be had, best after one firm offer.
fn walked_away(turn: u32, floor: u64, offers: &[&TurnRecord], f: &mut Findings) {
    add!(
        f,
        Rule::NegotiationWalkAway,
        Some(turn),
        70,
        f.t(
            "you saw there was no deal to be had and walked away",
            "вы поняли, что сделки здесь не получится, и отказались от неё",
        ),
        None,
    );
    let first = offers.first().and_then(|t| match t.effect {
        Effect::Offered { price, .. } => Some((t.turn, price)),
        _ => None,
    });
    let (turn, points, text, tip) = match first {
        None => (
            None,
            15,
            f.t(
                "you walked away without testing the client's budget",
                "вы отказались от сделки, не проверив бюджет клиента",
            ),
            Some(f.t(
                "make one firm offer first: it shows where the client stands",
                "сначала сделайте одно твёрдое предложение: оно покажет позицию клиента",
            )),
        ),
        Some((turn, price)) if price < floor => (
            Some(turn),
            0,
            f.t(
                "you tested the client with an offer below your own floor",
                "вы прощупывали клиента предложением ниже собственной минимальной цены",
            ),
            Some(f.t(
                "test with a firm offer you could live with, at or above the floor",
                "прощупывайте твёрдым предложением, на которое сами готовы пойти: не ниже минимальной цены",
            )),
        ),
        Some((turn, _)) => (
            Some(turn),
            30,
            f.t(
                "you tested the market with a firm offer before walking away",
                "прежде чем отказаться от сделки, вы прощупали клиента твёрдым предложением",
            ),
            None,
        ),
    };
    add!(f, Rule::NegotiationTested, turn, points, text, tip);
}

/// A deal where there was no zone of agreement: a loss, unless terms lifted it to the floor.
fn loss(sc: &Scenario, price: u64, terms: &[usize], f: &mut Findings) {
    let floor = sc.product.floor_price;
    let m_floor = f.money(floor);
    let value = seller_value(sc, price, terms);
    let m_price = f.money(price);
    if value >= floor as i64 {
        add!(f,
            Rule::NegotiationLoss,
            None,
            20,
            f.t(
                format!("you agreed {m_price}, which with its terms reaches the floor {m_floor}"),
                format!(
                    "вы согласились на {m_price}; с учётом условий это не ниже минимальной цены {m_floor}"
                ),
            ),
            None,
        );
        return;
    }
    add!(f,
        Rule::NegotiationLoss,
        None,
        -30,
        f.t(
            format!("you agreed {m_price}; this client could never pay the floor price {m_floor}"),
            format!(
                "вы согласились на {m_price}, хотя этот клиент никогда не смог бы заплатить минимальную цену {m_floor}"
            ),
        ),
        Some(f.t(
            "when no price works for both sides, walking away is the right answer",
            "когда ни одна цена не устраивает обе стороны, правильный ответ — отказаться от сделки",
        )),
    );
}

/// A deal: its value to the seller between the floor and the best reachable price.
fn agreed(s: &Session, price: u64, terms: &[usize], f: &mut Findings) {
    let sc = s.scenario();
    let (floor, best) = (sc.product.floor_price, sc.best_price());
    let m_floor = f.money(floor);
    let value = seller_value(sc, price, terms);
    let share = if best > floor {
        (value - floor as i64) as f64 / (best - floor) as f64
    } else {
        1.0
    };
    let points = (50.0 * share.clamp(0.0, 1.0)).round() as i32;
    let (m_value, m_best) = (f.money_signed(value), f.money(best));
    let way = 100.0 * share.clamp(0.0, 1.0);
    add!(f,
        Rule::NegotiationPrice,
        None,
        points,
        f.t(
            format!(
                "the deal is worth {m_value}: {way:.0} % of the way from floor {m_floor} to the best reachable {m_best}"
            ),
            format!(
                "сделка стоит {m_value}: это {way:.0} % пути от минимальной цены {m_floor} до лучшей достижимой {m_best}"
            ),
        ),
        if share < 0.5 {
            Some(f.t(
                "hold your price: every concession should buy you something",
                "держите цену: каждая уступка должна что-то вам приносить",
            ))
        } else {
            None
        },
    );
    if value < floor as i64 {
        add!(
            f,
            Rule::NegotiationBelowFloor,
            None,
            -20,
            f.t(
                format!("the deal is below the company's floor price {m_floor}"),
                format!("сделка ниже минимальной цены компании {m_floor}"),
            ),
            Some(f.t(
                "never go below the floor",
                "никогда не опускайтесь ниже минимальной цены",
            )),
        );
    }
    walk_away_kept(s, price, f);
}

/// The price against the walk-away price planned in preparation.
fn walk_away_kept(s: &Session, price: u64, f: &mut Findings) {
    if let Some(plan) = s.plan() {
        if price < plan.walk_away_price {
            let walk_away = f.money(plan.walk_away_price);
            add!(
                f,
                Rule::NegotiationWalkAwayKept,
                None,
                0,
                f.t(
                    format!("you went below your own walk-away price {walk_away}"),
                    format!("вы опустились ниже собственной нижней границы {walk_away}"),
                ),
                Some(f.t(
                    "respect the limits you set in preparation",
                    "соблюдайте границы, которые установили при подготовке",
                )),
            );
        } else {
            add!(
                f,
                Rule::NegotiationWalkAwayKept,
                None,
                10,
                f.t(
                    "the deal respects the walk-away price you planned",
                    "сделка не нарушает запланированную вами нижнюю границу",
                ),
                None,
            );
        }
    } else {
        add!(
            f,
            Rule::NegotiationWalkAwayKept,
            None,
            5,
            f.t(
                "you closed without a planned walk-away price",
                "вы заключили сделку без заранее определённой нижней границы",
            ),
            Some(f.t(
                "set limits before the meeting",
                "определите границы до встречи",
            )),
        );
    }
}

/// No deal in a negotiation that could have had one.
fn no_deal(s: &Session, walked: Option<u32>, f: &mut Findings) {
    let text = match (walked, s.outcome()) {
        (Some(_), _) => f
            .t(
                "you walked away from a deal that was possible",
                "вы отказались от сделки, которая была возможна",
            )
            .to_owned(),
        (_, Some(Outcome::Deadline { .. })) => f
            .t(
                "the client ran out of patience with the haggling",
                "торг исчерпал терпение клиента",
            )
            .to_owned(),
        _ => match &s.client().negotiation.agreed {
            Some(a) => {
                let price = f.money(a.price);
                f.t(
                    format!("the price was agreed at {price}, but the deal was never signed"),
                    format!("цена {price} была согласована, но сделка так и не подписана"),
                )
            }
            None => f
                .t("no price was agreed", "о цене договориться не удалось")
                .to_owned(),
        },
    };
    add!(
        f,
        Rule::NegotiationPrice,
        walked,
        0,
        text,
        Some(f.t(
            "build value first: a client who sees value pays more and moves faster",
            "сначала покажите ценность: клиент, который её видит, платит больше и решает быстрее",
        )),
    );
}

/// The first price named: high enough to anchor the talk.
fn anchor(s: &Session, offers: &[&TurnRecord], f: &mut Findings) {
    let sc = s.scenario();
    // The first price named: an offer, or the list price at a close.
    let first_price = offers.iter().find_map(|t| match t.effect {
        Effect::Offered { price, .. } => Some(price),
        _ => None,
    });
    let list = sc.product.list_price;
    let anchor_ok = first_price.is_none_or(|p| {
        p as f64 >= 0.95 * list as f64 || s.plan().is_some_and(|pl| p >= pl.target_price)
    });
    if anchor_ok {
        add!(
            f,
            Rule::NegotiationAnchor,
            offers.first().map(|t| t.turn),
            10,
            f.t(
                "you opened high and anchored the talk",
                "вы начали с высокой цены и задали переговорам якорь",
            ),
            None,
        );
    } else {
        let (opened, m_list) = (f.money(first_price.unwrap_or(0)), f.money(list));
        add!(f,
            Rule::NegotiationAnchor,
            offers.first().map(|t| t.turn),
            0,
            f.t(
                format!("you opened at {opened}, well below the list price {m_list}"),
                format!("вы начали с {opened} — заметно ниже прайсовой цены {m_list}"),
            ),
            Some(f.t(
                "open at or near the list price; you can only come down",
                "начинайте с прайсовой цены или близкой к ней: снизить цену можно, поднять — уже нет",
            )),
        );
    }
}

/// Concessions that narrow: none above 6 % of the list price, none bigger than the one before.
fn steps(concessions: &[Concession], f: &mut Findings) {
    let mut steps_ok = true;
    for c in concessions.iter().filter(|c| c.big) {
        steps_ok = false;
        let m_c = f.money_signed(c.amount);
        add!(
            f,
            Rule::NegotiationBigConcession,
            Some(c.turn),
            -10,
            f.t(
                format!("a concession of {m_c} in one step"),
                format!("уступка в {m_c} за один шаг"),
            ),
            Some(f.t(
                "concede in small, shrinking steps",
                "уступайте небольшими и всё меньшими шагами",
            )),
        );
    }
    let grew = concessions.windows(2).find(|w| w[1].amount > w[0].amount);
    match grew {
        Some(w) if steps_ok => {
            let (before, after) = (f.money_signed(w[0].amount), f.money_signed(w[1].amount));
            add!(f,
                Rule::NegotiationSmallSteps,
                Some(w[1].turn),
                0,
                f.t(
                    format!("your steps grew: {after} after {before}"),
                    format!("ваши уступки росли: {after} после {before}"),
                ),
                Some(f.t(
                    "each step smaller than the last tells the client you are near your limit",
                    "каждая следующая уступка меньше предыдущей — так клиент видит, что вы у своего предела",
                )),
            );
        }
        None if steps_ok => add!(
            f,
            Rule::NegotiationSmallSteps,
            None,
            10,
            if concessions.is_empty() {
                f.t("you held your price", "вы удержали свою цену")
            } else {
                f.t(
                    "you conceded in small, narrowing steps",
                    "вы уступали небольшими, всё меньшими шагами",
                )
            },
            None,
        ),
        _ => {}
    }
}

/// Every concession bought something: a term for the company, or a move of the client's.
fn trade(concessions: &[Concession], f: &mut Findings) {
    let free: Vec<&Concession> = concessions.iter().filter(|c| c.free).collect();
    if free.is_empty() {
        let text = if concessions.is_empty() {
            f.t("you gave nothing away", "вы не сделали ни одной уступки")
        } else {
            f.t(
                "every concession bought something back",
                "каждая ваша уступка что-то вам принесла",
            )
        };
        add!(f, Rule::NegotiationTrade, None, 10, text, None);
        return;
    }
    for c in free {
        // Built only inside `add!`, which a quiet card skips.
        let text = || {
            let m_c = f.money_signed(c.amount);
            if c.opening {
                f.t(
                    format!("you opened {m_c} below the list price: a discount nobody asked for"),
                    format!("вы начали на {m_c} ниже прайса: скидка, о которой никто не просил"),
                )
            } else {
                f.t(
                    format!("you came down {m_c} without asking for anything back"),
                    format!("вы уступили {m_c}, ничего не попросив взамен"),
                )
            }
        };
        add!(
            f,
            Rule::NegotiationFreeConcession,
            Some(c.turn),
            -5,
            text(),
            Some(f.t(
                "trade, don't give: \"if you sign for two years, I can ...\"",
                "не дарите, а обменивайте: «если вы подпишете договор на два года, я смогу ...»",
            )),
        );
    }
}

/// A deal that carries terms the company values: value created, not only price split.
fn mutual_value(sc: &Scenario, deal: Option<Deal>, f: &mut Findings) {
    let tradable = sc
        .product
        .terms
        .iter()
        .any(|t| t.options.iter().any(|o| o.seller_value > 0));
    if !tradable {
        add!(
            f,
            Rule::NegotiationMutualValue,
            None,
            10,
            f.t(
                "there were no terms to trade here; price was the whole deal",
                "здесь нечего было обменивать, кроме цены",
            ),
            None,
        );
        return;
    }
    let gained = deal.map_or(0, |(_, terms)| seller_value(sc, 0, terms));
    if gained > 0 {
        let m = f.money_signed(gained);
        add!(
            f,
            Rule::NegotiationMutualValue,
            None,
            10,
            f.t(
                format!("the deal's terms are worth {m} to your company"),
                format!("условия сделки приносят вашей компании {m}"),
            ),
            None,
        );
    } else {
        add!(
            f,
            Rule::NegotiationMutualValue,
            None,
            0,
            f.t(
                "the deal has no term your company values",
                "в сделке нет ни одного условия, ценного для вашей компании",
            ),
            Some(f.t(
                "trade price for terms that cost the client little and are worth a lot to you",
                "обменивайте цену на условия, которые мало стоят клиенту и много значат для вас",
            )),
        );
    }
}

/// The same offer again, or asking for the order again at a price just refused: the client
/// holds, and loses patience.
fn repeated_offers(turns: &[TurnRecord], f: &mut Findings) {
    for t in turns.iter().filter(|t| named_again(t)) {
        add!(f,
            Rule::NegotiationRepeatedOffer,
            Some(t.turn),
            -5,
            f.t(
                "the same offer again: the client did not move either",
                "то же предложение ещё раз: клиент тоже не сдвинулся",
            ),
            Some(f.t(
                "give a new reason, or move on terms; repeating a number is not negotiating",
                "приведите новый довод или измените условия: повторять цифру — не значит торговаться",
            )),
        );
    }
}

/// A turn that named the same price again (or moved it by a token amount).
pub(super) fn named_again(t: &TurnRecord) -> bool {
    matches!(
        t.effect,
        Effect::Offered { repeat: true, .. }
            | Effect::CloseAttempt {
                result: CloseResult::PriceRepeated,
                ..
            }
    )
}

/// Accepting the client's first counter-offer.
fn first_counter(turn: u32, f: &mut Findings) {
    add!(
        f,
        Rule::NegotiationFirstCounter,
        Some(turn),
        -10,
        f.t(
            "you accepted the client's first counter-offer",
            "вы приняли первое же встречное предложение клиента",
        ),
        Some(f.t(
            "a first counter is an opening move; counter it",
            "первое встречное предложение — лишь начальный ход; ответьте на него своим",
        )),
    );
}

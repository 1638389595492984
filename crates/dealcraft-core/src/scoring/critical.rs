//! Critical errors: plays no other stage can make up for, each capping the overall score.
//!
//! The built-in ones (a deal below the floor or at a loss, bait-and-switch, pitching to a need
//! the client said it does not have) always apply; a rubric adds its own by marking company
//! rules `critical`, and can never remove these.

use crate::negotiation::seller_value;
use crate::session::{Effect, Outcome, PresentFit, Session, TurnRecord};

use super::findings::add;
use super::{Findings, Rule};

/// The session's critical errors, in the order a debrief should lead with them.
pub(super) fn find(s: &Session, turns: &[TurnRecord], f: &mut Findings) {
    deal_at_a_loss(s, f);
    bait_and_switch(turns, f);
    unwanted_need(s, turns, f);
}

/// A deal worth less to the company than its floor: a price below the floor that no term makes
/// up for, or terms given away that take a price above the floor below it.
fn deal_at_a_loss(s: &Session, f: &mut Findings) {
    let Some(Outcome::Deal { price, terms, turn }) = s.outcome() else {
        return;
    };
    let sc = s.scenario();
    let floor = sc.product.floor_price;
    let value = seller_value(sc, *price, terms);
    if value >= floor as i64 {
        return;
    }
    let (m_price, m_floor, m_value) = (f.money(*price), f.money(floor), f.money_signed(value));
    if *price < floor {
        add!(f,
            Rule::CriticalBelowFloor,
            Some(*turn),
            0,
            f.t(
                format!("you sold at {m_price}, below the company's floor price {m_floor}: a deal at a loss"),
                format!("вы продали за {m_price} — ниже минимальной цены компании {m_floor}: сделка в убыток"),
            ),
            Some(f.t(
                "the floor is the least your company can sell for; below it, walk away",
                "минимальная цена — это предел для вашей компании; ниже неё откажитесь от сделки",
            )),
        );
    } else {
        add!(f,
            Rule::CriticalLoss,
            Some(*turn),
            0,
            f.t(
                format!("the terms you gave away bring the deal's value to {m_value}, below the floor {m_floor}"),
                format!("уступленные условия снижают ценность сделки до {m_value} — ниже минимальной цены {m_floor}"),
            ),
            Some(f.t(
                "count what each term costs your company before you give it",
                "прежде чем уступить условие, посчитайте, во что оно обходится компании",
            )),
        );
    }
}

/// Asking more, for no better a deal, after quoting less.
fn bait_and_switch(turns: &[TurnRecord], f: &mut Findings) {
    let Some((turn, price, lowest)) = turns.iter().find_map(|t| match t.effect {
        Effect::Offered {
            raised: true,
            price,
            lowest_before,
            ..
        } => Some((t.turn, price, lowest_before.unwrap_or(price))),
        _ => None,
    }) else {
        return;
    };
    let (m_price, m_lowest) = (f.money(price), f.money(lowest));
    add!(
        f,
        Rule::CriticalBaitAndSwitch,
        Some(turn),
        0,
        f.t(
            format!("you asked {m_price} after quoting {m_lowest}: the client feels baited"),
            format!("вы запросили {m_price}, уже назвав {m_lowest}: клиент чувствует подвох"),
        ),
        Some(f.t(
            "a price once quoted is a promise; ask for more only with more in the deal",
            "названная цена — это обещание; просите больше, только добавив что-то в сделку",
        )),
    );
}

/// A feature pitched to a need the client had said it does not have.
fn unwanted_need(s: &Session, turns: &[TurnRecord], f: &mut Findings) {
    let sc = s.scenario();
    for t in turns {
        let Effect::Presented {
            feature,
            need: Some(n),
            fit: PresentFit::Denied,
        } = t.effect
        else {
            continue;
        };
        let (name, topic) = (&sc.product.features[feature].name, &sc.needs[n].topic);
        add!(f,
            Rule::CriticalUnwantedNeed,
            Some(t.turn),
            0,
            f.t(
                format!("you pitched \"{name}\" for \"{topic}\" after the client said that works fine"),
                format!("вы предложили «{name}» для «{topic}», хотя клиент сказал, что с этим всё в порядке"),
            ),
            Some(f.t(
                "when a client says something is not a problem, believe them and move on",
                "если клиент говорит, что проблемы нет, поверьте ему и двигайтесь дальше",
            )),
        );
        return;
    }
}

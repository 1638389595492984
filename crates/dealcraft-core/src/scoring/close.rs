//! Scoring the close: asking for the commitment at the right time, in the client's style.

use crate::moves::{CloseTechnique, Move};
use crate::scenario::{Lang, SocialStyle};
use crate::session::{CloseResult, Effect, MIN_INTEREST_TO_BUY, Session, TurnRecord};

use crate::vocab::{Case, en, ru};

use super::findings::add;
use super::{Findings, Rule, first_turn, turns_where};

/// Adds the stage's findings; false when the trainee never asked for the commitment.
pub(super) fn score(s: &Session, turns: &[TurnRecord], f: &mut Findings) -> bool {
    let closes = turns_where(turns, |t| matches!(t.mv, Move::Close(_)));
    if closes.is_empty() {
        return f.unreached(
            f.t(
                "you never asked for the commitment",
                "вы так и не попросили клиента принять решение",
            ),
            f.t(
                "when the client is ready, ask for the deal",
                "когда клиент готов, предложите заключить сделку",
            ),
        );
    }
    let deal = closes.iter().find(|t| {
        matches!(
            t.effect,
            Effect::CloseAttempt {
                result: CloseResult::Deal,
                ..
            }
        )
    });
    match deal {
        Some(t) => deal_made(s, turns, t, f),
        None => add!(
            f,
            Rule::CloseDeal,
            None,
            0,
            f.t("no commitment", "решение клиента не получено"),
            Some(f.t(
                "close when objections are settled and the client sees value",
                "переходите к закрытию, когда возражения сняты и клиент видит ценность",
            )),
        ),
    }
    trial(&closes, deal.map(|d| d.turn), f);
    premature(&closes, f);
    true
}

/// The commitment given: the technique that got it and the next steps after it.
fn deal_made(s: &Session, turns: &[TurnRecord], t: &TurnRecord, f: &mut Findings) {
    add!(
        f,
        Rule::CloseDeal,
        Some(t.turn),
        50,
        f.t(
            "you asked for the commitment and got it",
            "вы попросили клиента принять решение и получили согласие",
        ),
        None,
    );
    if let Move::Close(tech) = t.mv {
        technique(tech, s.scenario().client.style, t.turn, f);
    }
    next_steps(turns, f);
}

/// The closing technique that got the deal, against the client's style.
fn technique(tech: CloseTechnique, style: SocialStyle, turn: u32, f: &mut Findings) {
    // Built only inside `add!`, which a quiet card skips.
    let tech_en = || en::close(tech).to_lowercase();
    let tech_ru = || ru::close_phrase(tech, Case::Nom);
    let (s_en, s_ru) = (en::style_people(style), ru::style_people(style, Case::Dat));
    if tech.suits(style) {
        add!(
            f,
            Rule::CloseTechnique,
            Some(turn),
            15,
            f.t(
                format!("the {} suits {s_en}", tech_en()),
                format!("{} подходит {s_ru}", tech_ru()),
            ),
            None,
        );
    } else {
        add!(
            f,
            Rule::CloseTechnique,
            Some(turn),
            5,
            f.t(
                format!("the {} is not the best fit for {s_en}", tech_en()),
                format!(
                    "{} — не лучший приём для {}",
                    tech_ru(),
                    ru::style_people(style, Case::Gen)
                ),
            ),
            Some(close_tip(f.lang, style)),
        );
    }
}

/// Next steps explained after the deal.
fn next_steps(turns: &[TurnRecord], f: &mut Findings) {
    match first_turn(turns, |u| {
        matches!(u.effect, Effect::NextSteps { after_deal: true })
    }) {
        Some(turn) => add!(
            f,
            Rule::CloseNextSteps,
            Some(turn),
            25,
            f.t(
                "you explained the next steps after the deal",
                "после сделки вы объяснили следующие шаги",
            ),
            None,
        ),
        None => add!(
            f,
            Rule::CloseNextSteps,
            None,
            0,
            f.t(
                "you never explained what happens next",
                "вы не объяснили, что будет дальше",
            ),
            Some(f.t(
                "after the yes, say what happens next and when",
                "после «да» скажите, что будет дальше и когда",
            )),
        ),
    }
}

/// A trial close before the deal (or before the end, without one).
fn trial(closes: &[&TurnRecord], deal: Option<u32>, f: &mut Findings) {
    let before = |u: &TurnRecord| deal.is_none_or(|d| u.turn < d);
    if let Some(t) = closes.iter().find(|t| {
        matches!(
            t.effect,
            Effect::CloseAttempt {
                technique: CloseTechnique::Trial,
                ..
            }
        ) && before(t)
    }) {
        add!(
            f,
            Rule::CloseTrial,
            Some(t.turn),
            10,
            f.t(
                "you tested readiness with a trial close",
                "вы проверили готовность клиента пробным закрытием",
            ),
            None,
        );
    }
}

/// Asking for the deal before the client was ready.
fn premature(closes: &[&TurnRecord], f: &mut Findings) {
    for t in closes {
        let Effect::CloseAttempt { result, .. } = t.effect else {
            continue;
        };
        // A concern the close itself brings up, once the client sees the value, is the close
        // doing its job, not a mistake.
        if result == CloseResult::ObjectionOpen
            && t.open_objections == 0
            && t.interest >= MIN_INTEREST_TO_BUY
        {
            continue;
        }
        let (points, text, tip) = match result {
            CloseResult::NotConvinced => (
                -10,
                f.t(
                    "you asked for the deal before the client saw enough value",
                    "вы предложили сделку раньше, чем клиент увидел достаточную ценность",
                ),
                f.t(
                    "discover and present to explicit needs before closing",
                    "перед закрытием выявите явные потребности и проведите презентацию под них",
                ),
            ),
            CloseResult::ObjectionOpen => (
                -10,
                f.t(
                    "you asked for the deal with an objection still open",
                    "вы предложили сделку, не сняв возражение",
                ),
                f.t(
                    "settle every objection before closing; a trial close finds them safely",
                    "снимите все возражения до закрытия; пробное закрытие безопасно их выявляет",
                ),
            ),
            CloseResult::OutOfPatience => (
                -10,
                f.t(
                    "you asked for the deal when the client had no patience left",
                    "вы предложили сделку, когда у клиента уже не осталось терпения",
                ),
                f.t(
                    "watch the client's patience: every wasted turn costs some",
                    "следите за терпением клиента: каждый впустую потраченный ход его расходует",
                ),
            ),
            CloseResult::PriceRejected | CloseResult::PriceRepeated => (
                -5,
                f.t(
                    "you asked for the deal at a price the client would not pay",
                    "вы предложили сделку по цене, которую клиент не готов платить",
                ),
                f.t(
                    "agree the price before you close",
                    "согласуйте цену до закрытия",
                ),
            ),
            CloseResult::DoubtReturned => (
                -5,
                f.t(
                    "an old doubt came back at the close",
                    "при закрытии вернулось прежнее сомнение клиента",
                ),
                f.t(
                    "build more trust; resolved doubts return when trust is low",
                    "укрепляйте доверие: при низком доверии снятые сомнения возвращаются",
                ),
            ),
            _ => continue,
        };
        add!(
            f,
            Rule::ClosePremature,
            Some(t.turn),
            points,
            text,
            Some(tip)
        );
    }
}

/// Which closing techniques suit a client of this style.
fn close_tip(lang: Lang, style: SocialStyle) -> &'static str {
    use SocialStyle::*;
    match (lang, style) {
        (Lang::En, Driver) => "drivers like a direct question or a choice of options",
        (Lang::En, Expressive) => {
            "expressive people like a choice of options or an assumptive close"
        }
        (Lang::En, Amiable | Analytical) => "sum up the agreed value, then ask",
        (Lang::Ru, Driver) => "клиентам-драйверам подходят прямой вопрос или выбор из вариантов",
        (Lang::Ru, Expressive) => {
            "экспрессивным клиентам подходят выбор из вариантов или закрытие «как о решённом»"
        }
        (Lang::Ru, Amiable | Analytical) => {
            "подведите итог согласованной ценности и только потом задайте вопрос"
        }
    }
}

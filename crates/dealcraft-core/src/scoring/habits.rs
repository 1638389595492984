//! Bad habits: named practices a good salesperson avoids, each costing overall points on top of
//! what its stage loses, so no play that shows one can match one that does not.

use crate::moves::{CloseTechnique, Move, Technique};
use crate::session::{
    CloseResult, Effect, Outcome, PresentFit, QuestionResult, Session, TurnRecord,
};

use super::findings::add;
use super::negotiation::{named_again, took_first_counter};
use super::{Findings, HABIT_COST, Rule, first_turn};

/// Presentations with no need behind them that make a feature dump.
const FEATURE_DUMP: usize = 3;
/// Questions already answered that make question spam.
const QUESTION_SPAM: usize = 3;
/// Concessions given away that make a habit of it.
const FREE_CONCESSIONS: usize = 2;
/// Repeats of an unchanged price in a row (three namings of it) that make a habit of it.
const REPEATED_OFFERS: usize = 2;

/// Adds a finding for each habit the session shows, each costing [`HABIT_COST`].
pub(super) fn find(s: &Session, turns: &[TurnRecord], f: &mut Findings) {
    let cost = -(HABIT_COST as i32);
    let found = [
        (Rule::HabitPriceBeforeValue, price_before_value(turns)),
        (Rule::HabitFeatureDump, nth(turns, FEATURE_DUMP, unanchored)),
        (Rule::HabitQuestionSpam, nth(turns, QUESTION_SPAM, answered)),
        (Rule::HabitConcededObjection, first_turn(turns, conceded)),
        (
            Rule::HabitClosedOverObjection,
            first_turn(turns, closed_over_objection),
        ),
        (Rule::HabitFirstCounter, took_first_counter(s, turns)),
        (
            Rule::HabitFreeConcessions,
            nth(turns, FREE_CONCESSIONS, free),
        ),
        (Rule::HabitRepeatedOffer, repeated_in_a_row(turns)),
        (Rule::HabitNoNextSteps, no_next_steps(s, turns)),
    ];
    for (rule, turn) in found {
        if let Some(turn) = turn {
            let (text, tip) = words(rule, f);
            add!(f, rule, Some(turn), cost, text, Some(tip));
        }
    }
}

/// The turn of the `n`th record that matches.
fn nth(turns: &[TurnRecord], n: usize, pred: fn(&TurnRecord) -> bool) -> Option<u32> {
    turns.iter().filter(|t| pred(t)).nth(n - 1).map(|t| t.turn)
}

/// The first price named (an offer, or asking for the order without one) before any feature
/// was presented to a need the client had said out loud.
fn price_before_value(turns: &[TurnRecord]) -> Option<u32> {
    let named = first_turn(turns, |t| match t.effect {
        Effect::Offered { .. } => true,
        Effect::CloseAttempt { technique, result } => {
            technique != CloseTechnique::Trial
                && matches!(
                    result,
                    CloseResult::Deal | CloseResult::PriceRejected | CloseResult::OutOfPatience
                )
        }
        _ => false,
    })?;
    let valued = first_turn(turns, |t| {
        matches!(
            t.effect,
            Effect::Presented {
                fit: PresentFit::Explicit | PresentFit::Payoff,
                ..
            }
        )
    });
    valued.is_none_or(|v| v > named).then_some(named)
}

fn unanchored(t: &TurnRecord) -> bool {
    matches!(
        t.effect,
        Effect::Presented {
            fit: PresentFit::Unanchored,
            ..
        }
    )
}

fn answered(t: &TurnRecord) -> bool {
    matches!(
        t.effect,
        Effect::Question {
            result: QuestionResult::Repeat,
            ..
        }
    )
}

fn conceded(t: &TurnRecord) -> bool {
    matches!(
        t.mv,
        Move::Handle {
            technique: Technique::Concede,
            ..
        }
    )
}

/// Asking for the order over an objection the client had already raised (one the close
/// itself brings up is the close doing its job).
fn closed_over_objection(t: &TurnRecord) -> bool {
    t.open_objections > 0
        && matches!(
            t.effect,
            Effect::CloseAttempt {
                result: CloseResult::ObjectionOpen,
                ..
            }
        )
}

fn free(t: &TurnRecord) -> bool {
    matches!(t.effect, Effect::Offered { free: true, .. })
}

/// The turn a price was named the same for the third time running (offers, and asking for the
/// order at a price just refused).
fn repeated_in_a_row(turns: &[TurnRecord]) -> Option<u32> {
    let mut run = 0;
    for t in turns {
        if named_again(t) {
            run += 1;
            if run >= REPEATED_OFFERS {
                return Some(t.turn);
            }
        } else if matches!(t.effect, Effect::Offered { .. }) {
            run = 0;
        }
    }
    None
}

fn no_next_steps(s: &Session, turns: &[TurnRecord]) -> Option<u32> {
    let Some(Outcome::Deal { turn, .. }) = s.outcome() else {
        return None;
    };
    // Only once the trainee has moved on: right after the yes there is still time.
    let explained = turns
        .iter()
        .any(|t| matches!(t.effect, Effect::NextSteps { after_deal: true }));
    (!explained && s.is_over()).then_some(*turn)
}

/// A habit's finding text and tip.
fn words(rule: Rule, f: &Findings) -> (&'static str, &'static str) {
    match rule {
        Rule::HabitPriceBeforeValue => (
            f.t("you named a price before the client had seen what it buys", "вы назвали цену раньше, чем клиент увидел, за что платит"),
            f.t("value before price: present to the needs the client stated, then talk money", "сначала ценность, потом цена: презентуйте под высказанные потребности и только потом говорите о деньгах"),
        ),
        Rule::HabitFeatureDump => (
            f.t("you pitched feature after feature with no need behind them", "вы презентовали свойство за свойством, не опираясь на потребности"),
            f.t("a pitch lands only on a need the client has said out loud", "презентация работает только на потребность, которую клиент высказал"),
        ),
        Rule::HabitQuestionSpam => (
            f.t("you kept asking what the client had already answered", "вы снова и снова спрашивали о том, на что клиент уже ответил"),
            f.t("listen to the answer and follow it up; a question repeated tells the client you did not", "слушайте ответ и развивайте его; повторный вопрос говорит клиенту, что вы не слушали"),
        ),
        Rule::HabitConcededObjection => (
            f.t("you gave in on an objection instead of answering it", "вы уступили по возражению вместо того, чтобы ответить на него"),
            f.t("acknowledge, clarify, then answer with evidence or a new angle; giving in teaches the client to push", "признайте, уточните и ответьте фактами или под другим углом; уступка учит клиента давить"),
        ),
        Rule::HabitClosedOverObjection => (
            f.t("you asked for the order while the client's objection was still open", "вы попросили о решении, когда возражение клиента ещё не было снято"),
            f.t("answer the concern first; a close over it reads as not listening", "сначала ответьте на опасение: закрытие поверх него выглядит как глухота"),
        ),
        Rule::HabitFirstCounter => (
            f.t("you took the client's first counter-offer", "вы приняли первое же встречное предложение клиента"),
            f.t("a first counter is an opening move; answer it with your own", "первое встречное предложение — лишь начальный ход; ответьте своим"),
        ),
        Rule::HabitFreeConcessions => (
            f.t("you kept giving discounts without asking for anything back", "вы раз за разом давали скидки, ничего не прося взамен"),
            f.t("trade, don't give: every concession should buy a term or a move from the client", "не дарите, а обменивайте: каждая уступка должна приносить условие или встречный шаг клиента"),
        ),
        Rule::HabitRepeatedOffer => (
            f.t("you made the same offer again and again", "вы раз за разом повторяли одно и то же предложение"),
            f.t("holding firm means giving reasons, not repeating a number", "твёрдость — это доводы, а не повторение одной и той же цифры"),
        ),
        _ => (
            f.t("you never said what happens after the yes", "вы так и не сказали, что будет после «да»"),
            f.t("after the yes, say what happens next and when", "после «да» скажите, что будет дальше и когда"),
        ),
    }
}

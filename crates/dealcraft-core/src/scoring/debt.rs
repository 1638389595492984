//! Scoring the debt collection after a credit sale.

use crate::moves::DebtAction;
use crate::session::{DebtState, Effect, Session, TurnRecord};

use super::findings::add;
use super::{Findings, Rule};

/// One collection move as the session recorded it.
struct Act {
    turn: u32,
    action: DebtAction,
    week: u32,
    overdue: bool,
    /// An escalation too early (not yet overdue, or fewer than two reminders): it offends.
    offended: bool,
}

/// Adds the stage's findings; false without a credit sale, or without a collection move after it.
pub(super) fn score(s: &Session, turns: &[TurnRecord], f: &mut Findings) -> bool {
    let (Some(state), Some(rules)) = (&s.client().debt, &s.scenario().debt) else {
        return f.unreached(
            f.t(
                "there was no credit sale to collect",
                "продажи с отсрочкой платежа не было, взыскивать нечего",
            ),
            f.t("close the deal first", "сначала закройте сделку"),
        );
    };
    let acts: Vec<Act> = turns
        .iter()
        .filter_map(|t| match t.effect {
            Effect::Collected {
                action,
                week,
                overdue,
                offended,
                ..
            } => Some(Act {
                turn: t.turn,
                action,
                week,
                overdue,
                offended,
            }),
            _ => None,
        })
        .collect();
    if acts.is_empty() {
        return f.unreached(
            f.t(
                "you never worked on collecting the debt",
                "вы так и не занялись взысканием долга",
            ),
            f.t(
                "agree the payment schedule right after the deal",
                "согласуйте график платежей сразу после сделки",
            ),
        );
    }
    recovered(state, f);
    schedule(&acts, rules.due_week, f);
    reminder(&acts, rules.due_week, f);
    contact(&acts, f);
    escalated_early(&acts, f);
    true
}

/// The share of the debt collected.
fn recovered(state: &DebtState, f: &mut Findings) {
    let share = if state.total == 0 {
        1.0
    } else {
        state.paid as f64 / state.total as f64
    };
    let collected = 100.0 * share;
    add!(
        f,
        Rule::DebtRecovered,
        None,
        (60.0 * share).round() as i32,
        f.t(
            format!("{collected:.0} % of the debt was collected"),
            format!("собрано {collected:.0} % долга"),
        ),
        if share < 1.0 {
            Some(f.t(
                "keep communication open and agree clear rules",
                "поддерживайте связь с клиентом и договаривайтесь о чётких правилах",
            ))
        } else {
            None
        },
    );
}

/// A payment schedule agreed by the due week.
fn schedule(acts: &[Act], due_week: u32, f: &mut Findings) {
    match acts
        .iter()
        .find(|a| a.action == DebtAction::AgreeSchedule && a.week <= due_week)
    {
        Some(a) => add!(
            f,
            Rule::DebtSchedule,
            Some(a.turn),
            15,
            f.t(
                "you agreed clear payment rules before the due date",
                "вы согласовали чёткие правила оплаты до срока платежа",
            ),
            None,
        ),
        None => add!(
            f,
            Rule::DebtSchedule,
            None,
            0,
            f.t(
                "no payment schedule was agreed in time",
                "график платежей не был вовремя согласован",
            ),
            Some(f.t(
                "put dates and rules in writing right after the sale",
                "зафиксируйте даты и правила письменно сразу после продажи",
            )),
        ),
    }
}

/// A reminder or a call by the due week.
fn reminder(acts: &[Act], due_week: u32, f: &mut Findings) {
    match acts
        .iter()
        .find(|a| matches!(a.action, DebtAction::Remind | DebtAction::Call) && a.week <= due_week)
    {
        Some(a) => add!(
            f,
            Rule::DebtReminder,
            Some(a.turn),
            10,
            f.t(
                "you reminded the client before the due date",
                "вы напомнили клиенту об оплате до срока",
            ),
            None,
        ),
        None => add!(
            f,
            Rule::DebtReminder,
            None,
            0,
            f.t(
                "no reminder before the due date",
                "до срока платежа не было ни одного напоминания",
            ),
            Some(f.t(
                "a friendly reminder before the date prevents most delays",
                "дружелюбное напоминание до срока предотвращает большинство задержек",
            )),
        ),
    }
}

/// Some contact, and no silent week while the debt was overdue.
fn contact(acts: &[Act], f: &mut Findings) {
    let silent = acts
        .iter()
        .filter(|a| a.action == DebtAction::Wait && a.overdue)
        .count();
    let contacted = acts.iter().any(|a| a.action != DebtAction::Wait);
    if !contacted {
        add!(
            f,
            Rule::DebtContact,
            None,
            0,
            f.t(
                "you never got in touch about the money",
                "вы так и не связались с клиентом по поводу оплаты",
            ),
            Some(f.t(
                "agree the rules, remind before the date, call when it is late",
                "согласуйте правила, напомните до срока, позвоните при просрочке",
            )),
        );
    } else if silent == 0 {
        add!(
            f,
            Rule::DebtContact,
            None,
            15,
            f.t(
                "you kept in touch while money was owed",
                "вы поддерживали связь с клиентом, пока оставался долг",
            ),
            None,
        );
    } else {
        add!(
            f,
            Rule::DebtContact,
            None,
            0,
            f.t(
                format!("{silent} silent week(s) while the debt was overdue"),
                format!("недель без связи с клиентом при просроченном долге: {silent}"),
            ),
            Some(f.t(
                "keep communication open while anything is overdue",
                "не прерывайте связь, пока есть просрочка",
            )),
        );
    }
}

/// Each escalation that came too early.
fn escalated_early(acts: &[Act], f: &mut Findings) {
    for a in acts.iter().filter(|a| a.offended) {
        add!(
            f,
            Rule::DebtEscalatedEarly,
            Some(a.turn),
            -20,
            f.t(
                "you escalated before reminding and calling",
                "вы перешли к претензии, не напомнив и не позвонив клиенту",
            ),
            Some(f.t(
                "escalate only after reminders and a call",
                "переходите к претензии только после напоминаний и звонка",
            )),
        );
    }
}

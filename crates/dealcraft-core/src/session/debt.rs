//! Debt collection after a credit sale: one week per move, and whether the client pays.

use std::sync::Arc;

use rand::Rng;

use crate::moves::DebtAction;
use crate::phrases::Phrase;
use crate::scenario::Debt;

use super::events::{Effect, Speaker};
use super::state::DebtState;
use super::tuning::*;
use super::{Event, Session, Turn};

/// What one week's action did to the relationship.
struct Week {
    number: u32,
    overdue: bool,
    /// An escalation before the client was reminded enough: it takes offence.
    offended: bool,
    /// An escalation after reminders: it is taken seriously.
    firm: bool,
}

impl Session {
    pub(super) fn collect(&mut self, action: DebtAction, ctx: &mut Turn) -> Effect {
        let sc = Arc::clone(&self.scenario);
        let (Some(rules), Some(mut debt)) = (sc.debt.as_ref(), self.client.debt.clone()) else {
            return Effect::Ended;
        };
        debt.week += 1;
        let remaining = debt.total - debt.paid;
        let amount = self.money(remaining);
        self.seller(ctx, Phrase::Collect(action), &[("amount", &amount)]);
        let week = self.collection_action(action, rules, &mut debt, ctx);
        let paid = self.payment(rules, &debt, &week, remaining);
        debt.paid += paid;
        self.payment_reply(action, rules, &debt, &week, paid, ctx);
        self.close_account(rules, &mut debt, ctx);
        self.client.debt = Some(debt);
        Effect::Collected {
            action,
            week: week.number,
            paid,
            overdue: week.overdue,
            offended: week.offended,
        }
    }

    /// The action itself: a schedule, a reminder, installments, an escalation, or nothing.
    fn collection_action(
        &mut self,
        action: DebtAction,
        rules: &Debt,
        debt: &mut DebtState,
        ctx: &mut Turn,
    ) -> Week {
        let mut week = Week {
            number: debt.week,
            overdue: debt.week > rules.due_week,
            offended: false,
            firm: false,
        };
        match action {
            DebtAction::AgreeSchedule if !debt.schedule_agreed => {
                debt.schedule_agreed = true;
                self.stock(ctx, Phrase::DebtScheduleAgreed, &[]);
            }
            DebtAction::Remind | DebtAction::Call => {
                debt.reminders += 1;
                if action == DebtAction::Call {
                    self.add_trust(CALL_TRUST);
                }
            }
            DebtAction::Installments => debt.installments = true,
            DebtAction::Escalate
                if week.overdue && debt.reminders >= REMINDERS_BEFORE_ESCALATING =>
            {
                week.firm = true;
            }
            DebtAction::Escalate => {
                week.offended = true;
                debt.offended = true;
                self.add_trust(ESCALATE_EARLY_TRUST);
                let text = self.client_line(&rules.lines.offended, Phrase::DebtOffended, &[]);
                ctx.say(&mut self.transcript, Speaker::Client, text);
            }
            DebtAction::AgreeSchedule | DebtAction::Wait => {}
        }
        if action != DebtAction::Wait {
            debt.last_contact_week = Some(week.number);
        }
        week
    }

    /// What the client pays this week: nothing before the due week, then by a draw whose odds
    /// the relationship sets.
    fn payment(&mut self, rules: &Debt, debt: &DebtState, week: &Week, remaining: u64) -> u64 {
        if week.number < rules.due_week {
            return 0;
        }
        let n = week.number;
        let recent = debt.last_contact_week.is_some_and(|w| n - w <= 1);
        let mut p = rules.reliability.clamp(0.0, 1.0) + PAY_TRUST_WEIGHT * self.client.trust
            - PAY_BASE_OFFSET;
        if debt.schedule_agreed {
            p += PAY_SCHEDULE_BONUS;
        }
        if recent {
            p += PAY_RECENT_CONTACT_BONUS;
        } else if debt
            .last_contact_week
            .is_none_or(|w| n - w > PAY_SILENT_WEEKS)
        {
            // Out of sight, out of mind: a creditor who never calls is paid last.
            p -= PAY_SILENT_MALUS;
        }
        if debt.installments {
            p += PAY_INSTALLMENTS_BONUS;
        }
        if week.firm {
            p += PAY_FIRM_BONUS;
        }
        if debt.offended {
            // A client threatened before being reminded pays others first.
            p -= PAY_OFFENDED_MALUS;
        }
        let draw: f64 = self.rng.random();
        match (draw < p, debt.installments) {
            (false, _) => 0,
            (true, true) => remaining.min(debt.total.div_ceil(INSTALLMENTS)),
            (true, false) => remaining,
        }
    }

    /// The client's answer: a payment, a stall, or a note that it heard.
    fn payment_reply(
        &mut self,
        action: DebtAction,
        rules: &Debt,
        debt: &DebtState,
        week: &Week,
        paid: u64,
        ctx: &mut Turn,
    ) {
        if paid > 0 {
            let m = self.money(paid);
            let text = self.client_line(&rules.lines.pays, Phrase::DebtPays, &[("amount", &m)]);
            ctx.say(&mut self.transcript, Speaker::Client, text);
            ctx.event(|| Event::Paid {
                amount: paid,
                remaining: debt.total - debt.paid,
            });
        } else if week.overdue && !week.offended {
            let text = self.client_line(&rules.lines.stalls, Phrase::DebtStalls, &[]);
            ctx.say(&mut self.transcript, Speaker::Client, text);
        } else if matches!(
            action,
            DebtAction::Remind | DebtAction::Call | DebtAction::Installments
        ) {
            self.stock(ctx, Phrase::DebtNoted, &[]);
        }
    }

    /// Settled, or written off when the collection weeks run out.
    fn close_account(&mut self, rules: &Debt, debt: &mut DebtState, ctx: &mut Turn) {
        let left = debt.total - debt.paid;
        if left == 0 {
            debt.closed = true;
            self.narrate(ctx, Phrase::DebtSettled, &[]);
        } else if debt.week >= rules.weeks {
            debt.closed = true;
            let m = self.money(left);
            self.narrate(ctx, Phrase::DebtWrittenOff, &[("amount", &m)]);
        }
    }
}

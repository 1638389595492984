//! Debt collection after a credit sale: one week per move, and whether the client pays.

use rand::Rng;

use crate::moves::DebtAction;
use crate::phrases::Phrase;

use super::events::{Effect, Speaker};
use super::tuning::*;
use super::{Event, Session, Turn};

impl Session {
    pub(super) fn collect(&mut self, action: DebtAction, ctx: &mut Turn) -> Effect {
        let Some(rules) = self.scenario.debt.clone() else {
            return Effect::Ended;
        };
        let Some(mut debt) = self.client.debt.clone() else {
            return Effect::Ended;
        };
        debt.week += 1;
        let week = debt.week;
        let remaining = debt.total - debt.paid;
        let overdue = week > rules.due_week;
        let amount = self.money(remaining);
        self.seller(ctx, Phrase::Collect(action), &[("amount", &amount)]);
        let mut offended = false;
        let mut firm = false;
        match action {
            DebtAction::AgreeSchedule => {
                if !debt.schedule_agreed {
                    debt.schedule_agreed = true;
                    self.stock(ctx, Phrase::DebtScheduleAgreed, &[]);
                }
            }
            DebtAction::Remind | DebtAction::Call => {
                debt.reminders += 1;
                if action == DebtAction::Call {
                    self.add_trust(CALL_TRUST);
                }
            }
            DebtAction::Installments => debt.installments = true,
            DebtAction::Escalate => {
                if overdue && debt.reminders >= REMINDERS_BEFORE_ESCALATING {
                    firm = true;
                } else {
                    offended = true;
                    debt.offended = true;
                    self.add_trust(ESCALATE_EARLY_TRUST);
                    let lines = rules.lines.offended.clone();
                    let text = self.client_line(&lines, Phrase::DebtOffended, &[]);
                    ctx.say(&mut self.transcript, Speaker::Client, text);
                }
            }
            DebtAction::Wait => {}
        }
        if action != DebtAction::Wait {
            debt.last_contact_week = Some(week);
        }
        let mut paid = 0;
        if week >= rules.due_week {
            let recent = debt.last_contact_week.is_some_and(|w| week - w <= 1);
            let mut p = rules.reliability.clamp(0.0, 1.0) + PAY_TRUST_WEIGHT * self.client.trust
                - PAY_BASE_OFFSET;
            if debt.schedule_agreed {
                p += PAY_SCHEDULE_BONUS;
            }
            if recent {
                p += PAY_RECENT_CONTACT_BONUS;
            } else if debt
                .last_contact_week
                .is_none_or(|w| week - w > PAY_SILENT_WEEKS)
            {
                // Out of sight, out of mind: a creditor who never calls is paid last.
                p -= PAY_SILENT_MALUS;
            }
            if debt.installments {
                p += PAY_INSTALLMENTS_BONUS;
            }
            if firm {
                p += PAY_FIRM_BONUS;
            }
            if debt.offended {
                // A client threatened before being reminded pays others first.
                p -= PAY_OFFENDED_MALUS;
            }
            let draw: f64 = self.rng.random();
            if draw < p {
                paid = if debt.installments {
                    remaining.min(debt.total.div_ceil(INSTALLMENTS))
                } else {
                    remaining
                };
            }
        }
        debt.paid += paid;
        let left = debt.total - debt.paid;
        if paid > 0 {
            let m = self.money(paid);
            let lines = rules.lines.pays.clone();
            let text = self.client_line(&lines, Phrase::DebtPays, &[("amount", &m)]);
            ctx.say(&mut self.transcript, Speaker::Client, text);
            ctx.events.push(Event::Paid {
                amount: paid,
                remaining: left,
            });
        } else if overdue && !offended {
            let lines = rules.lines.stalls.clone();
            let text = self.client_line(&lines, Phrase::DebtStalls, &[]);
            ctx.say(&mut self.transcript, Speaker::Client, text);
        } else if matches!(
            action,
            DebtAction::Remind | DebtAction::Call | DebtAction::Installments
        ) {
            self.stock(ctx, Phrase::DebtNoted, &[]);
        }
        if left == 0 {
            debt.closed = true;
            self.narrate(ctx, Phrase::DebtSettled, &[]);
        } else if week >= rules.weeks {
            debt.closed = true;
            let m = self.money(left);
            self.narrate(ctx, Phrase::DebtWrittenOff, &[("amount", &m)]);
        }
        self.client.debt = Some(debt);
        Effect::Collected {
            action,
            week,
            paid,
            overdue,
            offended,
        }
    }
}

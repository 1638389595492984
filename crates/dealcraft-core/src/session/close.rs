//! The close: asking for the commitment, and what stops the client saying yes.

use rand::Rng;

use crate::moves::CloseTechnique;
use crate::negotiation;
use crate::phrases::Phrase;
use crate::scenario::{Knowledge, Lang, Trigger};

use super::events::{CloseResult, Effect, Speaker};
use super::state::{Agreement, DebtState, ObjectionStatus, Outcome, Phase};
use super::tuning::*;
use super::{Event, MIN_INTEREST_TO_BUY, Session, Turn};

impl Session {
    pub(super) fn next_steps(&mut self, ctx: &mut Turn) -> Effect {
        let after_deal = self.phase == Phase::AfterSale;
        self.seller(ctx, Phrase::NextSteps, &[]);
        self.stock(ctx, Phrase::NextStepsAck, &[]);
        if !after_deal {
            ctx.cost += WASTE_COST;
        }
        Effect::NextSteps { after_deal }
    }

    pub(super) fn close(&mut self, technique: CloseTechnique, ctx: &mut Turn) -> Effect {
        let topic = self
            .scenario
            .needs
            .iter()
            .zip(&self.client.needs)
            .filter(|(_, s)| s.level == Knowledge::Explicit)
            .map(|(n, _)| n.topic.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let topic = if topic.is_empty() {
            match self.scenario.language {
                Lang::En => "what we discussed".to_owned(),
                Lang::Ru => "то, что мы обсудили".to_owned(),
            }
        } else {
            topic
        };
        self.seller(ctx, Phrase::Close(technique), &[("topic", &topic)]);
        self.close_attempted = true;
        let trial = technique == CloseTechnique::Trial;
        let style = self.scenario.client.style;

        // A concern the client has not voiced yet surfaces when the commitment comes up.
        if let Some(o) = self.latent_with(|t| matches!(t, Trigger::Close)) {
            self.raise_objection(o, false, ctx);
            if !trial {
                self.failed_close(ctx);
            }
            return self.close_effect(
                technique,
                if trial {
                    CloseResult::TrialHesitant
                } else {
                    CloseResult::ObjectionOpen
                },
            );
        }
        if let Some((id, topic)) = self
            .open_objections()
            .first()
            .map(|(i, t)| (i.to_string(), t.to_string()))
        {
            let _ = id;
            if trial {
                self.stock(ctx, Phrase::TrialHesitant, &[]);
                return self.close_effect(technique, CloseResult::TrialHesitant);
            }
            self.stock(ctx, Phrase::CloseObjectionOpen, &[("objection", &topic)]);
            self.failed_close(ctx);
            return self.close_effect(technique, CloseResult::ObjectionOpen);
        }
        if self.client.interest < MIN_INTEREST_TO_BUY {
            self.stock(
                ctx,
                if trial {
                    Phrase::TrialHesitant
                } else {
                    Phrase::CloseNotConvinced
                },
                &[],
            );
            if trial {
                return self.close_effect(technique, CloseResult::TrialHesitant);
            }
            self.failed_close(ctx);
            return self.close_effect(technique, CloseResult::NotConvinced);
        }
        if trial {
            self.stock(ctx, Phrase::TrialPositive, &[]);
            return self.close_effect(technique, CloseResult::TrialPositive);
        }
        // Old doubts may come back: the less trust, the likelier.
        let doubt = (0..self.scenario.objections.len()).find(|&i| {
            let (o, s) = (&self.scenario.objections[i], &self.client.objections[i]);
            o.returns && s.status == ObjectionStatus::Resolved && !s.returned
        });
        if let Some(i) = doubt {
            let draw: f64 = self.rng.random();
            if draw > self.client.trust {
                self.client.objections[i].returned = true;
                self.client.objections[i].strength = 1;
                self.raise_objection(i, true, ctx);
                self.failed_close(ctx);
                return self.close_effect(technique, CloseResult::DoubtReturned);
            }
        }
        let agreement = match self.client.negotiation.agreed.clone() {
            Some(a) => a,
            None => {
                // Asking for the order names a price: the last one offered, or the list price.
                self.client.negotiation.price_mentioned = true;
                let (price, terms) = self
                    .client
                    .negotiation
                    .seller_offers
                    .last()
                    .cloned()
                    .unwrap_or_else(|| (self.scenario.product.list_price, self.default_terms()));
                let effective = negotiation::effective_price(&self.scenario, price, &terms);
                if effective > self.next_client_offer() as i64 {
                    let money = self.money(price);
                    self.stock(ctx, Phrase::ClosePriceNo, &[("price", &money)]);
                    ctx.cost += WASTE_COST;
                    self.client_counter(&terms, ctx);
                    return self.close_effect(technique, CloseResult::PriceRejected);
                }
                self.agree(price, terms.clone(), ctx);
                Agreement { price, terms }
            }
        };
        if technique.suits(style) {
            self.add_trust(CLOSE_SUITS_TRUST);
        }
        let lines = self.scenario.lines.deal.clone();
        let text = self.client_line(&lines, Phrase::Deal, &[]);
        ctx.say(&mut self.transcript, Speaker::Client, text);
        ctx.events.push(Event::DealClosed {
            price: agreement.price,
        });
        self.outcome = Some(Outcome::Deal {
            price: agreement.price,
            terms: agreement.terms.clone(),
            turn: ctx.turn,
        });
        self.phase = Phase::AfterSale;
        if let Some(debt) = &self.scenario.debt {
            let total = (agreement.price as f64 * debt.share.clamp(0.0, 1.0)).round() as u64;
            self.client.debt = Some(DebtState {
                total,
                paid: 0,
                week: 0,
                schedule_agreed: false,
                reminders: 0,
                installments: false,
                offended: false,
                last_contact_week: None,
                closed: total == 0,
            });
        }
        self.close_effect(technique, CloseResult::Deal)
    }

    pub(super) fn close_effect(&self, technique: CloseTechnique, result: CloseResult) -> Effect {
        Effect::CloseAttempt { technique, result }
    }

    pub(super) fn failed_close(&mut self, ctx: &mut Turn) {
        ctx.cost += IRRITATION_COST;
        let presumptuous = self.client.trust < PRESUMPTUOUS_BELOW;
        self.add_trust(if presumptuous {
            PRESUMPTUOUS_CLOSE_TRUST
        } else {
            FAILED_CLOSE_TRUST
        });
    }
}

//! The close: asking for the commitment, and what stops the client saying yes.

use std::sync::Arc;

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
        let topic = self.agreed_value_topics();
        self.seller(ctx, Phrase::Close(technique), &[("topic", &topic)]);
        self.close_attempted = true;
        let result = match self.readiness(technique, ctx) {
            Some(result) => result,
            None => match self.price_for_close(ctx) {
                Err(result) => result,
                // A client with no patience left signs nothing; it leaves at the end of the turn.
                Ok(_) if self.client.patience - TURN_COST - ctx.cost <= 0.0 => {
                    CloseResult::OutOfPatience
                }
                Ok(agreement) => {
                    if technique.suits(self.scenario.client.style) {
                        self.add_trust(CLOSE_SUITS_TRUST);
                    }
                    self.sign(agreement, ctx);
                    CloseResult::Deal
                }
            },
        };
        Effect::CloseAttempt { technique, result }
    }

    /// The explicit needs, for "as we agreed on ..."; something general when there are none.
    fn agreed_value_topics(&self) -> String {
        if self.quiet {
            return String::new();
        }
        let topics = self
            .scenario
            .needs
            .iter()
            .zip(&self.client.needs)
            .filter(|(_, s)| s.level == Knowledge::Explicit)
            .map(|(n, _)| n.topic.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        if !topics.is_empty() {
            return topics;
        }
        match self.scenario.language {
            Lang::En => "what we discussed".to_owned(),
            Lang::Ru => "то, что мы обсудили".to_owned(),
        }
    }

    /// What stops the client before price comes into it, or the answer to a trial close; `None`
    /// when the client is ready to talk terms.
    fn readiness(&mut self, technique: CloseTechnique, ctx: &mut Turn) -> Option<CloseResult> {
        let trial = technique == CloseTechnique::Trial;
        // A concern the client has not voiced yet surfaces when the commitment comes up.
        if let Some(o) = self.latent_with(|t| matches!(t, Trigger::Close)) {
            self.raise_objection(o, false, ctx);
            if trial {
                return Some(CloseResult::TrialHesitant);
            }
            self.failed_close(ctx);
            return Some(CloseResult::ObjectionOpen);
        }
        let sc = Arc::clone(&self.scenario);
        let open = (0..sc.objections.len())
            .find(|&i| self.client.objections[i].status == ObjectionStatus::Raised);
        if let Some(i) = open {
            if trial {
                self.stock(ctx, Phrase::TrialHesitant, &[]);
                return Some(CloseResult::TrialHesitant);
            }
            let topic = sc.objections[i].topic.as_str();
            self.stock(ctx, Phrase::CloseObjectionOpen, &[("objection", topic)]);
            self.failed_close(ctx);
            return Some(CloseResult::ObjectionOpen);
        }
        if self.client.interest < MIN_INTEREST_TO_BUY {
            if trial {
                self.stock(ctx, Phrase::TrialHesitant, &[]);
                return Some(CloseResult::TrialHesitant);
            }
            self.stock(ctx, Phrase::CloseNotConvinced, &[]);
            self.failed_close(ctx);
            return Some(CloseResult::NotConvinced);
        }
        if trial {
            self.stock(ctx, Phrase::TrialPositive, &[]);
            return Some(CloseResult::TrialPositive);
        }
        self.doubt_returns(ctx)
            .then_some(CloseResult::DoubtReturned)
    }

    /// Old doubts may come back at the close: the less trust, the likelier.
    fn doubt_returns(&mut self, ctx: &mut Turn) -> bool {
        let doubt = (0..self.scenario.objections.len()).find(|&i| {
            let (o, s) = (&self.scenario.objections[i], &self.client.objections[i]);
            o.returns && s.status == ObjectionStatus::Resolved && !s.returned
        });
        let Some(i) = doubt else {
            return false;
        };
        let draw: f64 = self.rng.random();
        if draw <= self.client.trust {
            return false;
        }
        self.client.objections[i].returned = true;
        self.client.objections[i].strength = 1;
        self.raise_objection(i, true, ctx);
        self.failed_close(ctx);
        true
    }

    /// The agreed price, or the one asking for the order names (the last offer, else the list
    /// price) if the client takes it; otherwise the client says no and counters.
    fn price_for_close(&mut self, ctx: &mut Turn) -> Result<Agreement, CloseResult> {
        if let Some(agreed) = self.client.negotiation.agreed.clone() {
            return Ok(agreed);
        }
        self.name_price();
        let (price, terms) = self
            .client
            .negotiation
            .seller_offers
            .last()
            .cloned()
            .unwrap_or_else(|| (self.scenario.product.list_price, self.default_terms()));
        let effective = negotiation::effective_price(&self.scenario, price, &terms);
        let named = self.client.negotiation.last_named.clone();
        self.remember_quote(price, &terms, effective);
        if effective > self.next_client_offer(false) as i64 {
            // Asking again at the price the client just refused is not a new move.
            if named.is_some_and(|(p, t)| p == price && t == terms) {
                self.no_real_move(price, 0, ctx);
                self.client_counter(&terms, true, ctx);
                return Err(CloseResult::PriceRepeated);
            }
            let money = self.money(price);
            self.stock(ctx, Phrase::ClosePriceNo, &[("price", &money)]);
            ctx.cost += WASTE_COST;
            self.client_counter(&terms, false, ctx);
            return Err(CloseResult::PriceRejected);
        }
        self.agree(price, terms.clone(), ctx);
        Ok(Agreement { price, terms })
    }

    /// The client signs: the deal, and for a credit sale the debt to collect.
    fn sign(&mut self, agreement: Agreement, ctx: &mut Turn) {
        let sc = Arc::clone(&self.scenario);
        let text = self.client_line(&sc.lines.deal, Phrase::Deal, &[]);
        ctx.say(&mut self.transcript, Speaker::Client, text);
        ctx.event(|| Event::DealClosed {
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

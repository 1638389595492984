//! Negotiation moves: the seller's offers, the client's counters and the agreed price.

use std::collections::BTreeMap;

use crate::negotiation;
use crate::phrases::Phrase;

use super::events::{Effect, Speaker};
use super::state::{Agreement, Outcome};
use super::{Event, Session, Turn};

impl Session {
    /// The client's current reservation price (hidden; coach mode and analysis only).
    pub fn reservation_price(&self) -> u64 {
        let base = negotiation::reservation_for(&self.scenario.negotiation, self.client.interest);
        let exact = (base as f64 * self.client.reservation_jitter).round() as u64;
        negotiation::round_down(exact, self.scenario.product.list_price)
    }

    /// Default option index of every term, in scenario order.
    pub fn default_terms(&self) -> Vec<usize> {
        self.scenario
            .product
            .terms
            .iter()
            .map(|t| t.default)
            .collect()
    }

    pub(super) fn accept_counter(&mut self, ctx: &mut Turn) -> Effect {
        let price = self
            .client
            .negotiation
            .client_offers
            .last()
            .copied()
            .unwrap_or(0);
        let terms = self
            .client
            .negotiation
            .seller_offers
            .last()
            .map_or_else(|| self.default_terms(), |(_, t)| t.clone());
        let agreed = self.price_with_terms(price, &terms);
        self.seller(ctx, Phrase::AcceptCounter, &[("price", &agreed)]);
        self.agree(price, terms, ctx);
        Effect::AcceptedCounter { price }
    }

    pub(super) fn walk_away(&mut self, ctx: &mut Turn) -> Effect {
        self.seller(ctx, Phrase::WalkAway, &[]);
        self.stock(ctx, Phrase::WalkAwayReply, &[]);
        self.finish(Outcome::WalkedAway { turn: ctx.turn }, ctx);
        Effect::WalkedAway
    }

    pub(super) fn term_vector(&self, chosen: &BTreeMap<String, usize>) -> Vec<usize> {
        self.scenario
            .product
            .terms
            .iter()
            .map(|t| chosen.get(&t.id).copied().unwrap_or(t.default))
            .collect()
    }

    /// The client's next counter-offer: never below one it already made.
    pub(super) fn next_client_offer(&self) -> u64 {
        let n = &self.scenario.negotiation;
        let reservation = self.reservation_price().max(n.opening);
        let exact = negotiation::client_offer(
            n.opening,
            reservation,
            self.client.negotiation.round + 1,
            n.deadline.max(1),
            n.beta,
            n.kappa,
        );
        // People name round numbers.
        let next = negotiation::round_down(exact, self.scenario.product.list_price).max(n.opening);
        next.max(
            self.client
                .negotiation
                .client_effective
                .last()
                .copied()
                .unwrap_or(0),
        )
    }

    /// A price with the terms that differ from the defaults: "45 000 EUR (contract: 3 years)".
    pub(super) fn price_with_terms(&self, price: u64, terms: &[usize]) -> String {
        let named: Vec<String> = self
            .scenario
            .product
            .terms
            .iter()
            .zip(terms)
            .filter(|(t, i)| **i != t.default)
            .filter_map(|(t, &i)| t.options.get(i).map(|o| format!("{}: {}", t.name, o.label)))
            .collect();
        let money = self.money(price);
        if named.is_empty() {
            money
        } else {
            format!("{money} ({})", named.join(", "))
        }
    }

    pub(super) fn offer(&mut self, price: u64, terms: Vec<usize>, ctx: &mut Turn) -> Effect {
        let money = self.money(price);
        let offered = self.price_with_terms(price, &terms);
        self.seller(ctx, Phrase::Offer, &[("price", &offered)]);
        let neg = &self.client.negotiation;
        let previous = neg.seller_offers.last().cloned();
        let concession = previous.as_ref().map_or(0, |(p, _)| {
            (i128::from(*p) - i128::from(price)).clamp(i128::from(i64::MIN), i128::from(i64::MAX))
                as i64
        });
        // A trade: the price comes down while a term moves the seller's way.
        let traded = concession > 0
            && previous.as_ref().is_some_and(|(_, old)| {
                negotiation::seller_value(&self.scenario, 0, &terms)
                    > negotiation::seller_value(&self.scenario, 0, old)
            });
        self.client.negotiation.price_mentioned = true;
        self.client
            .negotiation
            .seller_offers
            .push((price, terms.clone()));
        let next = self.next_client_offer();
        let effective = negotiation::effective_price(&self.scenario, price, &terms);
        if effective <= next as i64 {
            self.stock(ctx, Phrase::AcceptOffer, &[("price", &money)]);
            self.agree(price, terms, ctx);
            return Effect::Offered {
                price,
                accepted: true,
                counter: None,
                concession,
                traded,
            };
        }
        let counter = self.client_counter(&terms, ctx);
        Effect::Offered {
            price,
            accepted: false,
            counter,
            concession,
            traded,
        }
    }

    /// The client counters, or walks away once past its deadline.
    pub(super) fn client_counter(&mut self, terms: &[usize], ctx: &mut Turn) -> Option<u64> {
        let effective = self.next_client_offer();
        // The counter is for the terms on the table: what costs the client comes off the price.
        let bonus =
            effective as i64 - negotiation::effective_price(&self.scenario, effective, terms);
        let next = (effective as i64 + bonus).max(1) as u64;
        let deadline = self.scenario.negotiation.deadline.max(1);
        if self.client.negotiation.round >= deadline {
            self.stock(ctx, Phrase::Deadline, &[]);
            self.finish(Outcome::Deadline { turn: ctx.turn }, ctx);
            return None;
        }
        self.client.negotiation.round += 1;
        self.client.negotiation.client_offers.push(next);
        self.client.negotiation.client_effective.push(effective);
        let money = self.money(next);
        let lines = self.scenario.negotiation.counter_lines.clone();
        let text = self.client_line(&lines, Phrase::Counter, &[("price", &money)]);
        ctx.say(&mut self.transcript, Speaker::Client, text);
        ctx.events.push(Event::ClientOffer { price: next });
        Some(next)
    }

    pub(super) fn agree(&mut self, price: u64, terms: Vec<usize>, ctx: &mut Turn) {
        self.client.negotiation.agreed = Some(Agreement { price, terms });
        ctx.events.push(Event::PriceAgreed { price });
    }
}

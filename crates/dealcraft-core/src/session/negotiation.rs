//! Negotiation moves: the seller's offers, the client's counters and the agreed price.

use crate::moves::Terms;
use std::sync::Arc;

use crate::negotiation;
use crate::phrases::Phrase;

use super::events::{Effect, Speaker};
use super::lines::About;
use super::state::{Agreement, Outcome};
use super::tuning::*;
use super::{Event, Session, Turn};

/// What an offer says to the client, next to the offers before it.
struct OfferReading {
    /// How far the price came down from the price named before (the list price at first).
    concession: i64,
    /// The price came down while a term moved the seller's way.
    traded: bool,
    /// The step is big enough to show there is much more room.
    big: bool,
    /// A concession with nothing asked in return.
    free: bool,
    /// The same price and terms as the price named before, or a token step from it.
    repeat: bool,
    /// Dearer for the client than a price already quoted.
    raised: bool,
}

impl Session {
    /// The client's current reservation price (hidden; coach mode and analysis only).
    pub fn reservation_price(&self) -> u64 {
        let base = negotiation::reservation_for(&self.scenario.negotiation, self.budget_interest());
        let exact = (base as f64 * self.client.reservation_jitter).round() as u64;
        // The jitter varies the client, never beyond the most the scenario says it can pay.
        let most = self.scenario.negotiation.reservation.1;
        negotiation::round_down(exact, self.scenario.product.list_price).min(most)
    }

    /// The interest the client's budget follows: value shown after the price was first named
    /// counts only in part, since the client has already fixed its figure.
    fn budget_interest(&self) -> f64 {
        let now = self.client.interest;
        match self.client.negotiation.interest_at_price {
            Some(then) if now > then => then + VALUE_AFTER_PRICE * (now - then),
            _ => now,
        }
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
        self.seller_about(ctx, Phrase::AcceptCounter, About::offer(price, &terms), &[]);
        self.agree(price, terms, ctx);
        Effect::AcceptedCounter { price }
    }

    pub(super) fn walk_away(&mut self, ctx: &mut Turn) -> Effect {
        self.seller(ctx, Phrase::WalkAway, &[]);
        self.stock(ctx, Phrase::WalkAwayReply, &[]);
        self.finish(Outcome::WalkedAway { turn: ctx.turn }, ctx);
        Effect::WalkedAway
    }

    pub(super) fn term_vector(&self, chosen: &Terms) -> Vec<usize> {
        self.scenario
            .product
            .terms
            .iter()
            .map(|t| chosen.get(t.id.as_str()).copied().unwrap_or(t.default))
            .collect()
    }

    /// The client's next counter-offer if it concedes now (`hold`: it does not move).
    ///
    /// It never goes below a counter already made, never above the lowest price the seller
    /// has quoted (that price is the client's anchor), and it moves less for every concession
    /// the seller gave away without anything in return.
    pub(super) fn next_client_offer(&self, hold: bool) -> u64 {
        let n = &self.scenario.negotiation;
        let neg = &self.client.negotiation;
        let reservation = self.reservation_price().max(n.opening);
        let time = neg.concession_time + u32::from(!hold);
        let exact = negotiation::client_offer(
            n.opening,
            reservation,
            time,
            n.deadline.max(1),
            n.beta,
            n.kappa,
        );
        let push = (f64::from(neg.free_concessions) * PUSH_PER_FREE_CONCESSION).min(MAX_PUSH);
        let pushed = n.opening + ((exact - exact.min(n.opening)) as f64 * (1.0 - push)) as u64;
        // People name round numbers.
        let mut next =
            negotiation::round_down(pushed, self.scenario.product.list_price).max(n.opening);
        next = next.max(neg.client_effective.last().copied().unwrap_or(0));
        if let Some(anchor) = neg.anchor {
            next = next.min(anchor.max(1) as u64);
        }
        next
    }

    /// A price with the terms that differ from the defaults: "45 000 EUR (contract: 3 years)".
    pub(super) fn price_with_terms(&self, price: u64, terms: &[usize]) -> String {
        if self.quiet {
            return String::new();
        }
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
        self.seller_about(ctx, Phrase::Offer, About::offer(price, &terms), &[]);
        let effective = negotiation::effective_price(&self.scenario, price, &terms);
        let read = self.read_offer(price, &terms, effective);
        let lowest_before = self.client.negotiation.lowest_quote;
        self.name_price();
        let neg = &mut self.client.negotiation;
        neg.seller_offers.push((price, terms.clone()));
        if read.free {
            neg.free_concessions += 1 + u32::from(read.big);
        }
        if read.raised {
            self.price_raised(ctx);
        } else if read.repeat {
            self.no_real_move(price, read.concession, ctx);
        }
        self.remember_quote(price, &terms, effective);
        let hold = read.raised || read.repeat;
        let accepted = effective <= self.next_client_offer(hold) as i64;
        let counter = if accepted {
            let money = self.money(price);
            self.stock(ctx, Phrase::AcceptOffer, &[("price", &money)]);
            self.agree(price, terms, ctx);
            None
        } else {
            self.client_counter(&terms, hold, ctx)
        };
        Effect::Offered {
            price,
            accepted,
            counter,
            concession: read.concession,
            traded: read.traded,
            big: read.big,
            free: read.free,
            repeat: read.repeat,
            raised: read.raised,
            lowest_before,
        }
    }

    /// The same offer again, or one changed by a token amount: the client does not move
    /// either, and loses patience.
    pub(super) fn no_real_move(&mut self, price: u64, concession: i64, ctx: &mut Turn) {
        ctx.cost += IRRITATION_COST;
        self.add_trust(REPEAT_OFFER_TRUST);
        if concession > 0 {
            let step = self.money(concession.unsigned_abs());
            self.stock(ctx, Phrase::TokenConcession, &[("price", &step)]);
        } else {
            let previous = self.money(price);
            self.stock(ctx, Phrase::OfferRepeated, &[("price", &previous)]);
        }
    }

    /// How the client reads an offer against the price named before it (an offer, or the
    /// price asking for the order named), or against the list price for the first one.
    fn read_offer(&self, price: u64, terms: &[usize], effective: i64) -> OfferReading {
        let neg = &self.client.negotiation;
        let list = self.scenario.product.list_price;
        let defaults = self.default_terms();
        let (before, old_terms) = neg
            .last_named
            .as_ref()
            .map_or((list, defaults.as_slice()), |(p, t)| (*p, t.as_slice()));
        let concession = (i128::from(before) - i128::from(price))
            .clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64;
        let same_terms = old_terms == terms;
        // A trade: the price comes down while a term moves the seller's way.
        let traded = concession > 0
            && negotiation::seller_value(&self.scenario, 0, terms)
                > negotiation::seller_value(&self.scenario, 0, old_terms);
        let big = concession as f64 > BIG_CONCESSION_SHARE * list as f64;
        // A step of a few units is no step: the client treats it as the same offer.
        let token = concession > 0
            && same_terms
            && (concession as f64) < TOKEN_CONCESSION_SHARE * list as f64;
        // Conceding again before the client has moved is negotiating against yourself.
        let client_moved = match neg.client_effective.as_slice() {
            [] => false,
            [_] => true,
            [.., a, b] => b > a,
        };
        OfferReading {
            concession,
            traded,
            big,
            free: concession > 0 && !traded && !token && (big || !client_moved),
            repeat: neg.last_named.is_some() && same_terms && (concession == 0 || token),
            // A trade may ask worse terms for a lower price; a raise asks a higher price for
            // no better a deal.
            raised: neg.lowest_quote.is_some_and(|p| price > p)
                && neg.anchor.is_some_and(|a| effective > a),
        }
    }

    /// The first time a price is named, the client fixes its budget on the value seen so far.
    pub(super) fn name_price(&mut self) {
        let neg = &mut self.client.negotiation;
        neg.price_mentioned = true;
        if neg.interest_at_price.is_none() {
            neg.interest_at_price = Some(self.client.interest);
        }
    }

    /// The client keeps the price just named, the lowest price named and the cheapest deal
    /// offered.
    pub(super) fn remember_quote(&mut self, price: u64, terms: &[usize], effective: i64) {
        let neg = &mut self.client.negotiation;
        neg.last_named = Some((price, terms.to_vec()));
        neg.anchor = Some(neg.anchor.map_or(effective, |a| a.min(effective)));
        neg.lowest_quote = Some(neg.lowest_quote.map_or(price, |p| p.min(price)));
    }

    /// Asking more than a price already quoted: the client feels baited.
    fn price_raised(&mut self, ctx: &mut Turn) {
        ctx.cost += IRRITATION_COST;
        self.add_trust(PRICE_RAISED_TRUST);
        let lowest = self.client.negotiation.lowest_quote.unwrap_or(0);
        let quoted = self.money(lowest);
        self.stock(ctx, Phrase::PriceRaised, &[("price", &quoted)]);
    }

    /// The client counters, or walks away once past its deadline.
    pub(super) fn client_counter(
        &mut self,
        terms: &[usize],
        hold: bool,
        ctx: &mut Turn,
    ) -> Option<u64> {
        let effective = self.next_client_offer(hold);
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
        if !hold {
            self.client.negotiation.concession_time += 1;
        }
        self.client.negotiation.client_offers.push(next);
        self.client.negotiation.client_effective.push(effective);
        let sc = Arc::clone(&self.scenario);
        let lines = &sc.negotiation.counter_lines;
        let text = self.client_line_about(lines, Phrase::Counter, &[], About::price(next, terms));
        ctx.say(&mut self.transcript, Speaker::Client, text);
        ctx.event(|| Event::ClientOffer { price: next });
        Some(next)
    }

    pub(super) fn agree(&mut self, price: u64, terms: Vec<usize>, ctx: &mut Turn) {
        self.client.negotiation.agreed = Some(Agreement { price, terms });
        ctx.event(|| Event::PriceAgreed { price });
    }
}

//! Objections: when the client raises them and how each technique answers them.

use std::sync::Arc;

use rand::Rng;

use crate::moves::{Move, Technique};
use crate::phrases::Phrase;
use crate::scenario::Trigger;

use super::events::{Effect, HandleResult, Speaker};
use super::lines::About;
use super::state::ObjectionStatus;
use super::tuning::*;
use super::{Event, Session, Turn};

impl Session {
    pub(super) fn handle(&mut self, o: usize, technique: Technique, ctx: &mut Turn) -> Effect {
        let sc = Arc::clone(&self.scenario);
        let objection = &sc.objections[o];
        self.seller_about(
            ctx,
            Phrase::Handle(technique),
            About::objection(o),
            &[("objection", &objection.topic)],
        );
        let was_clarified = self.client.objections[o].clarified;
        let result = self.technique_result(o, technique);
        // A backfire earns no credit for listening.
        if result != HandleResult::Backfired {
            self.listened(o, technique);
        }
        if technique == Technique::Concede && result != HandleResult::Backfired {
            // Giving in teaches the client that pushing works.
            self.client.negotiation.free_concessions += 1;
        }
        let args = [("objection", objection.topic.as_str())];
        // Asked what lies behind it, the client first gives the real reason.
        let reason_given = technique == Technique::Clarify
            && !was_clarified
            && !objection.lines.clarify.is_empty()
            && matches!(result, HandleResult::Resolved | HandleResult::Weakened);
        if reason_given {
            let text = self.client_line_about(
                &objection.lines.clarify,
                Phrase::Clarified,
                &args,
                About::objection(o),
            );
            ctx.say(&mut self.transcript, Speaker::Client, text);
        }
        if !(reason_given && result == HandleResult::Weakened) {
            self.react_to_answer(o, technique, result, &args, ctx);
        }
        let state = &self.client.objections[o];
        ctx.event(|| Event::ObjectionChanged {
            objection: objection.id.clone(),
            status: state.status,
            strength: state.strength,
        });
        Effect::Handled {
            objection: o,
            technique,
            result,
        }
    }

    /// What a technique does to the objection's strength.
    fn technique_result(&mut self, o: usize, technique: Technique) -> HandleResult {
        let objection = &self.scenario.objections[o];
        let state = &mut self.client.objections[o];
        let step = if objection.backfires.contains(&technique) {
            state.strength = (state.strength + 1).min(MAX_STRENGTH);
            return HandleResult::Backfired;
        } else if objection.resolves.contains(&technique) {
            RESOLVE_STRENGTH
        } else if objection.weakens.contains(&technique) {
            WEAKEN_STRENGTH
        } else if (technique == Technique::Acknowledge && !state.acknowledged)
            || (technique == Technique::Clarify && !state.clarified)
        {
            return HandleResult::Prepared;
        } else {
            return HandleResult::NoEffect;
        };
        state.strength -= step;
        if state.strength <= 0 {
            state.status = ObjectionStatus::Resolved;
            HandleResult::Resolved
        } else {
            HandleResult::Weakened
        }
    }

    /// Acknowledging and clarifying the first time show the client it was heard.
    fn listened(&mut self, o: usize, technique: Technique) {
        let state = &mut self.client.objections[o];
        match technique {
            Technique::Acknowledge if !state.acknowledged => {
                state.acknowledged = true;
                self.add_trust(ACKNOWLEDGE_TRUST);
            }
            Technique::Clarify if !state.clarified => {
                state.clarified = true;
                self.add_trust(CLARIFY_TRUST);
            }
            _ => {}
        }
    }

    fn react_to_answer(
        &mut self,
        o: usize,
        technique: Technique,
        result: HandleResult,
        args: &[(&str, &str)],
        ctx: &mut Turn,
    ) {
        let sc = Arc::clone(&self.scenario);
        let lines = &sc.objections[o].lines;
        let about = About::objection(o);
        let text = match result {
            HandleResult::Backfired => {
                self.add_trust(BACKFIRE_TRUST);
                self.add_interest(BACKFIRE_INTEREST);
                ctx.cost += WASTE_COST;
                self.client_line_about(&lines.backfire, Phrase::Backfire, args, about)
            }
            HandleResult::Resolved => {
                self.add_trust(RESOLVED_TRUST);
                self.add_interest(RESOLVED_INTEREST);
                // The technique's own words when it has some.
                let own = match lines.resolved_by.get(&technique) {
                    Some(by) if !by.is_empty() => by,
                    _ => &lines.resolved,
                };
                self.client_line_about(own, Phrase::Resolved, args, about)
            }
            HandleResult::Weakened => {
                self.client_line_about(&lines.weakened, Phrase::Weakened, args, about)
            }
            HandleResult::Prepared if technique == Technique::Clarify => {
                self.client_line_about(&lines.clarify, Phrase::Clarified, args, about)
            }
            HandleResult::Prepared => self.pick_phrase(Phrase::Acknowledged, args),
            HandleResult::NoEffect => {
                ctx.cost += WASTE_COST;
                self.pick_phrase(Phrase::NoEffect, args)
            }
        };
        ctx.say(&mut self.transcript, Speaker::Client, text);
    }

    /// After each meeting move: raise at most one latent objection whose trigger fires.
    pub(super) fn check_triggers(&mut self, mv: &Move, ctx: &mut Turn) -> Option<usize> {
        if !self.greeted {
            return None;
        }
        // Draw for every random trigger each turn, in order, so the sequence of draws depends on
        // the moves alone and not on which objection happened to fire; the first that fires wins.
        let turn = ctx.turn;
        let mut found = None;
        for i in 0..self.scenario.objections.len() {
            if self.client.objections[i].status != ObjectionStatus::Latent {
                continue;
            }
            let fires = match self.scenario.objections[i].trigger {
                Trigger::Random(p) => self.rng.random::<f64>() < p,
                // A client who has just agreed a price does not call it too high.
                Trigger::PriceMention => {
                    let neg = &self.client.negotiation;
                    neg.price_mentioned && neg.agreed.is_none()
                }
                Trigger::Stage(s) => self.path.contains(&s) || mv.stage() == Some(s),
                Trigger::LowTrust(x) => self.client.trust < x,
                Trigger::AfterTurn(n) => turn >= n,
                Trigger::Close => false,
            };
            if fires && found.is_none() {
                found = Some(i);
            }
        }
        let found = found?;
        self.raise_objection(found, false, ctx);
        Some(found)
    }

    pub(super) fn latent_with(&self, pred: impl Fn(&Trigger) -> bool) -> Option<usize> {
        (0..self.scenario.objections.len()).find(|&i| {
            self.client.objections[i].status == ObjectionStatus::Latent
                && pred(&self.scenario.objections[i].trigger)
        })
    }

    pub(super) fn raise_objection(&mut self, i: usize, doubt: bool, ctx: &mut Turn) {
        let sc = Arc::clone(&self.scenario);
        let o = &sc.objections[i];
        let s = &mut self.client.objections[i];
        s.status = ObjectionStatus::Raised;
        s.raised_turn = Some(ctx.turn);
        let lines = if doubt && !o.lines.doubt.is_empty() {
            &o.lines.doubt
        } else {
            &o.lines.raise
        };
        let text = self.client_line_about(
            lines,
            Phrase::CloseObjectionOpen,
            &[("objection", &o.topic)],
            About::objection(i),
        );
        ctx.say(&mut self.transcript, Speaker::Client, text);
        ctx.event(|| Event::ObjectionRaised {
            objection: o.id.clone(),
            doubt,
        });
    }
}

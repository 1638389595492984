//! After-sale follow-up: what the client welcomes and what annoys them.

use std::sync::Arc;

use crate::moves::{AfterSale, Move};
use crate::phrases::Phrase;

use super::events::{Effect, Reaction, Speaker};
use super::tuning::*;
use super::{Session, Turn};

impl Session {
    pub(super) fn follow_up(&mut self, action: AfterSale, ctx: &mut Turn) -> Effect {
        self.seller(ctx, Phrase::FollowUp(action), &[]);
        let repeat = self
            .turns
            .iter()
            .any(|t| matches!(t.mv, Move::FollowUp(a) if a == action));
        let sc = Arc::clone(&self.scenario);
        let fu = &sc.follow_up;
        let reaction = if fu.dislikes.contains(&action) {
            Reaction::Annoyed
        } else if repeat {
            Reaction::Neutral
        } else if fu.expects.contains(&action) {
            Reaction::Good
        } else {
            Reaction::Neutral
        };
        match reaction {
            Reaction::Good => self.add_trust(FOLLOW_UP_GOOD_TRUST),
            Reaction::Annoyed => self.add_trust(FOLLOW_UP_ANNOYED_TRUST),
            Reaction::Neutral => {}
        }
        let own = if reaction == Reaction::Neutral && repeat {
            Vec::new()
        } else {
            fu.lines.get(&action).cloned().unwrap_or_default()
        };
        let phrase = match reaction {
            Reaction::Good => Phrase::FollowUpGood,
            Reaction::Neutral => Phrase::FollowUpNeutral,
            Reaction::Annoyed => Phrase::FollowUpAnnoyed,
        };
        let text = self.client_line(&own, phrase, &[]);
        ctx.say(&mut self.transcript, Speaker::Client, text);
        Effect::FollowedUp { action, reaction }
    }
}

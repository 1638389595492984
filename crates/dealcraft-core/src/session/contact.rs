//! Contact moves: the greeting, the agenda and small talk, judged against the client's style.

use std::sync::Arc;

use crate::moves::ContactStyle;
use crate::phrases::Phrase;

use super::events::{Effect, Fit, Speaker};
use super::tuning::*;
use super::{Session, Turn};

impl Session {
    pub(super) fn greet(&mut self, style: ContactStyle, ctx: &mut Turn) -> Effect {
        let client_style = self.scenario.client.style;
        let fit = if style.suits() == client_style {
            Fit::Match
        } else if style.suits().is_adjacent(client_style) {
            Fit::Adjacent
        } else {
            Fit::Mismatch
        };
        let repeat = self.greeted;
        self.greeted = true;
        self.seller(ctx, Phrase::Greet(style), &[]);
        if repeat {
            ctx.cost += WASTE_COST;
            self.stock(ctx, Phrase::GreetAgain, &[]);
            return Effect::Greeted { fit, repeat };
        }
        let (delta, phrase) = match fit {
            Fit::Match => (GREET_MATCH_TRUST, Phrase::GreetGood),
            Fit::Adjacent => (GREET_ADJACENT_TRUST, Phrase::GreetNeutral),
            Fit::Mismatch => (GREET_MISMATCH_TRUST, Phrase::GreetBad),
        };
        self.add_trust(delta);
        if fit == Fit::Mismatch {
            ctx.cost += WASTE_COST;
        }
        let sc = Arc::clone(&self.scenario);
        let lines: &[String] = if fit == Fit::Mismatch {
            &[]
        } else {
            &sc.lines.greeting
        };
        let text = self.client_line(lines, phrase, &[]);
        ctx.say(&mut self.transcript, Speaker::Client, text);
        Effect::Greeted { fit, repeat }
    }

    pub(super) fn set_agenda(&mut self, ctx: &mut Turn) -> Effect {
        let repeat = self.agenda;
        self.agenda = true;
        let liked = self.scenario.client.style.likes_agenda();
        self.seller(ctx, Phrase::SetAgenda, &[]);
        if repeat {
            ctx.cost += WASTE_COST;
            self.stock(ctx, Phrase::NothingNew, &[]);
        } else {
            self.add_trust(if liked {
                AGENDA_LIKED_TRUST
            } else {
                AGENDA_TRUST
            });
            let phrase = if liked {
                Phrase::AgendaLiked
            } else {
                Phrase::AgendaNeutral
            };
            self.stock(ctx, phrase, &[]);
        }
        Effect::Agenda { liked, repeat }
    }

    pub(super) fn small_talk(&mut self, ctx: &mut Turn) -> Effect {
        self.small_talk += 1;
        let style = self.scenario.client.style;
        let liked = style.likes_small_talk() && self.small_talk <= SMALL_TALK_WELCOME;
        let excessive = self.small_talk > SMALL_TALK_WELCOME;
        self.seller(ctx, Phrase::SmallTalk, &[]);
        if liked {
            self.add_trust(SMALL_TALK_TRUST);
            let sc = Arc::clone(&self.scenario);
            let text = self.client_line(&sc.lines.small_talk, Phrase::SmallTalkLiked, &[]);
            ctx.say(&mut self.transcript, Speaker::Client, text);
        } else {
            self.add_trust(if excessive {
                SMALL_TALK_EXCESS_TRUST
            } else {
                SMALL_TALK_UNWANTED_TRUST
            });
            ctx.cost += if style.likes_small_talk() {
                WASTE_COST
            } else {
                IRRITATION_COST
            };
            self.stock(ctx, Phrase::SmallTalkImpatient, &[]);
        }
        Effect::SmallTalk { liked, excessive }
    }
}

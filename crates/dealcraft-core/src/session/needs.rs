//! Needs discovery: SPIN questions that bring needs out step by step, and summaries.

use crate::moves::QuestionKind;
use crate::phrases::Phrase;
use crate::scenario::Knowledge;

use super::events::{Effect, QuestionResult, Speaker};
use super::tuning::*;
use super::{Event, Session, Turn};

impl Session {
    pub(super) fn ask(
        &mut self,
        kind: QuestionKind,
        need: Option<usize>,
        ctx: &mut Turn,
    ) -> Effect {
        let topic = need.map(|i| self.scenario.needs[i].topic.clone());
        match &topic {
            Some(t) => self.seller(ctx, Phrase::AskAbout(kind), &[("topic", t)]),
            None => self.seller(ctx, Phrase::AskOpen(kind), &[]),
        }
        let repeat = !self.asked.insert((kind, need));
        let situations = self
            .asked
            .iter()
            .filter(|(k, _)| *k == QuestionKind::Situation)
            .count();
        if kind == QuestionKind::Situation && situations > SITUATION_QUESTIONS_WELCOME {
            // Too many fact-finding questions bore buyers (Rackham).
            ctx.cost += BORED_COST;
        }
        let result = match need {
            None => self.open_question(kind),
            Some(i) => self.topic_question(kind, i),
        };
        // "Anything else?" is a fair question; asking the same thing about a topic is not.
        let result = match result {
            QuestionResult::Nothing if repeat && need.is_some() => QuestionResult::Repeat,
            r => r,
        };
        let args_topic = topic.unwrap_or_default();
        match result {
            QuestionResult::Revealed { need, to, .. } => {
                let n = &self.scenario.needs[need];
                let (lines, gain) = match to {
                    Knowledge::Hinted => (n.lines.situation.clone(), 0.0),
                    Knowledge::Implied => (n.lines.problem.clone(), IMPLIED_INTEREST),
                    _ => (n.lines.implication.clone(), EXPLICIT_INTEREST),
                };
                let id = n.id.clone();
                let topic = n.topic.clone();
                let share = self.share(need);
                self.add_interest(gain * share);
                self.add_trust(ANSWERED_TRUST);
                let phrase = if to == Knowledge::Hinted {
                    Phrase::NothingNew
                } else {
                    Phrase::PresentGood
                };
                let text = self.client_line(&lines, phrase, &[("topic", &topic)]);
                ctx.say(&mut self.transcript, Speaker::Client, text);
                ctx.events.push(Event::NeedChanged {
                    need: id,
                    level: to,
                });
            }
            QuestionResult::Payoff { need } => {
                let n = &self.scenario.needs[need];
                let lines = n.lines.need_payoff.clone();
                let topic = n.topic.clone();
                let share = self.share(need);
                self.add_interest(PAYOFF_INTEREST * share);
                self.add_trust(ANSWERED_TRUST);
                let text = self.client_line(&lines, Phrase::PresentGood, &[("topic", &topic)]);
                ctx.say(&mut self.transcript, Speaker::Client, text);
            }
            QuestionResult::Nothing => {
                ctx.cost += WASTE_COST;
                let phrase = if need.is_some() && kind == QuestionKind::Problem {
                    Phrase::NoPain
                } else {
                    Phrase::NothingNew
                };
                self.stock(ctx, phrase, &[("topic", &args_topic)]);
            }
            QuestionResult::Repeat => {
                ctx.cost += IRRITATION_COST;
                self.stock(ctx, Phrase::AlreadySaid, &[("topic", &args_topic)]);
            }
            QuestionResult::TooEarly => {
                ctx.cost += WASTE_COST;
                self.stock(ctx, Phrase::NotAProblemYet, &[("topic", &args_topic)]);
            }
        }
        Effect::Question { kind, need, result }
    }

    /// An open question brings up the first hidden need that this kind of question reveals.
    pub(super) fn open_question(&mut self, kind: QuestionKind) -> QuestionResult {
        if !matches!(kind, QuestionKind::Situation | QuestionKind::Problem) {
            return QuestionResult::Nothing;
        }
        let found = self
            .scenario
            .needs
            .iter()
            .zip(&self.client.needs)
            .position(|(n, s)| s.level == Knowledge::Hidden && n.revealed_by.contains(&kind));
        match found {
            Some(i) => {
                let to = if kind == QuestionKind::Problem {
                    Knowledge::Implied
                } else {
                    Knowledge::Hinted
                };
                self.raise_need(i, to)
            }
            None => QuestionResult::Nothing,
        }
    }

    /// A question about a known topic moves its need one step along SPIN.
    pub(super) fn topic_question(&mut self, kind: QuestionKind, i: usize) -> QuestionResult {
        let level = self.client.needs[i].level;
        match (kind, level) {
            (QuestionKind::Situation, _) => QuestionResult::Nothing,
            (QuestionKind::Problem, Knowledge::Hinted) => self.raise_need(i, Knowledge::Implied),
            (QuestionKind::Problem, _) => QuestionResult::Nothing,
            (
                QuestionKind::Implication | QuestionKind::NeedPayoff,
                Knowledge::Hinted | Knowledge::Hidden,
            ) => QuestionResult::TooEarly,
            (QuestionKind::Implication, Knowledge::Implied)
            | (QuestionKind::NeedPayoff, Knowledge::Implied) => {
                self.raise_need(i, Knowledge::Explicit)
            }
            (QuestionKind::Implication, Knowledge::Explicit) => QuestionResult::Nothing,
            (QuestionKind::NeedPayoff, Knowledge::Explicit) => {
                if self.client.needs[i].payoff {
                    QuestionResult::Nothing
                } else {
                    self.client.needs[i].payoff = true;
                    QuestionResult::Payoff { need: i }
                }
            }
        }
    }

    pub(super) fn raise_need(&mut self, i: usize, to: Knowledge) -> QuestionResult {
        let from = self.client.needs[i].level;
        self.client.needs[i].level = to;
        QuestionResult::Revealed { need: i, from, to }
    }

    pub(super) fn summarize(&mut self, ctx: &mut Turn) -> Effect {
        let known: Vec<usize> = (0..self.scenario.needs.len())
            .filter(|&i| self.client.needs[i].level >= Knowledge::Implied)
            .collect();
        let topics = known
            .iter()
            .map(|&i| self.scenario.needs[i].topic.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        self.seller(ctx, Phrase::Summarize, &[("topic", &topics)]);
        let useful = known.len() > self.known_at_last_summary;
        if useful {
            self.known_at_last_summary = known.len();
            self.add_trust(SUMMARY_TRUST);
            self.add_interest(SUMMARY_INTEREST);
            self.stock(ctx, Phrase::SummaryGood, &[]);
        } else {
            ctx.cost += WASTE_COST;
            self.stock(ctx, Phrase::SummaryEmpty, &[]);
        }
        Effect::Summary { useful }
    }
}

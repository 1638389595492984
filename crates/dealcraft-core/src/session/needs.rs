//! Needs discovery: SPIN questions that bring needs out step by step, and summaries.

use std::sync::Arc;

use crate::moves::QuestionKind;
use crate::phrases::Phrase;
use crate::scenario::Knowledge;

use super::events::{Effect, QuestionResult, Speaker};
use super::lines::About;
use super::tuning::*;
use super::{Event, Session, Turn};

impl Session {
    pub(super) fn ask(
        &mut self,
        kind: QuestionKind,
        need: Option<usize>,
        ctx: &mut Turn,
    ) -> Effect {
        let sc = Arc::clone(&self.scenario);
        let topic = need.map(|i| sc.needs[i].topic.as_str());
        match (need, topic) {
            (Some(i), Some(t)) => {
                self.seller_about(ctx, Phrase::AskAbout(kind), About::need(i), &[("topic", t)])
            }
            _ => self.seller(ctx, Phrase::AskOpen(kind), &[]),
        }
        let asked_before = !self.asked.insert((kind, need));
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
        // "Anything else?" is fair once; asking again what the client already answered is not.
        let answered = match need {
            Some(_) => asked_before,
            None => self.open_question_answered(kind),
        };
        let result = match result {
            QuestionResult::Nothing if answered => QuestionResult::Repeat,
            r => r,
        };
        self.answer(kind, need, result, topic.unwrap_or_default(), ctx);
        Effect::Question { kind, need, result }
    }

    /// Whether an open question of this kind already drew "nothing else".
    fn open_question_answered(&self, kind: QuestionKind) -> bool {
        self.turns.iter().any(|t| {
            matches!(t.effect, Effect::Question { kind: k, need: None, result: QuestionResult::Nothing | QuestionResult::Repeat } if k == kind)
        })
    }

    /// The client's answer and how it moves trust, interest and patience.
    fn answer(
        &mut self,
        kind: QuestionKind,
        need: Option<usize>,
        result: QuestionResult,
        topic: &str,
        ctx: &mut Turn,
    ) {
        let args = [("topic", topic)];
        match result {
            QuestionResult::Revealed { need, to, .. } => self.need_revealed(need, to, ctx),
            QuestionResult::Payoff { need } => {
                let sc = Arc::clone(&self.scenario);
                self.add_interest(PAYOFF_INTEREST * self.share(need));
                self.add_trust(ANSWERED_TRUST);
                let lines = &sc.needs[need].lines.need_payoff;
                let text = self.client_line(lines, Phrase::PresentGood, &args);
                ctx.say(&mut self.transcript, Speaker::Client, text);
            }
            QuestionResult::Denied { need } => {
                // Checking is fair: the client says plainly that this works for them.
                self.client.needs[need].denied = true;
                let sc = Arc::clone(&self.scenario);
                let text = self.client_line(&sc.needs[need].lines.problem, Phrase::NoPain, &args);
                ctx.say(&mut self.transcript, Speaker::Client, text);
            }
            QuestionResult::Nothing => {
                ctx.cost += WASTE_COST;
                let phrase = if need.is_some() && kind == QuestionKind::Problem {
                    Phrase::NoPain
                } else {
                    Phrase::NothingNew
                };
                self.stock(ctx, phrase, &args);
            }
            QuestionResult::Repeat => {
                ctx.cost += IRRITATION_COST;
                self.add_trust(REPEAT_QUESTION_TRUST);
                let phrase = if need.is_some() {
                    Phrase::AlreadySaid
                } else {
                    Phrase::AlreadyToldEverything
                };
                self.stock(ctx, phrase, &args);
            }
            QuestionResult::TooEarly => {
                ctx.cost += WASTE_COST;
                self.stock(ctx, Phrase::NotAProblemYet, &args);
            }
        }
    }

    /// A need came one step out into the open: the client's words, and interest by its weight.
    fn need_revealed(&mut self, need: usize, to: Knowledge, ctx: &mut Turn) {
        let sc = Arc::clone(&self.scenario);
        let n = &sc.needs[need];
        let (lines, gain) = match to {
            Knowledge::Hinted => (&n.lines.situation, 0.0),
            Knowledge::Implied => (&n.lines.problem, IMPLIED_INTEREST),
            _ => (&n.lines.implication, EXPLICIT_INTEREST),
        };
        let topic = n.topic.as_str();
        self.add_interest(gain * self.share(need));
        self.add_trust(ANSWERED_TRUST);
        let phrase = if to == Knowledge::Hinted {
            Phrase::NothingNew
        } else {
            Phrase::PresentGood
        };
        let text = self.client_line(lines, phrase, &[("topic", topic)]);
        ctx.say(&mut self.transcript, Speaker::Client, text);
        ctx.event(|| Event::NeedChanged {
            need: n.id.clone(),
            level: to,
        });
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
            .position(|(n, s)| {
                // Asked what hurts, the client names real pains only.
                let pain = kind == QuestionKind::Situation || !n.satisfied;
                s.level == Knowledge::Hidden && n.revealed_by.contains(&kind) && pain
            });
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
            (QuestionKind::Problem, Knowledge::Hinted) if self.scenario.needs[i].satisfied => {
                if self.client.needs[i].denied {
                    QuestionResult::Nothing
                } else {
                    QuestionResult::Denied { need: i }
                }
            }
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
        let topics = if self.quiet {
            String::new()
        } else {
            known
                .iter()
                .map(|&i| self.scenario.needs[i].topic.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
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

//! Scoring: a session's scorecard, each stage 0–100 made of findings.
//!
//! Each finding names a [`Rule`], a turn, points and a tip. A stage's score is the sum of its findings' points, clamped to 0–100; the positive findings of
//! a stage add up to 100 for a textbook performance. The overall score weighs the stages the
//! scenario has with the rubric's weights. Scoring reads only the session's turn records, so the
//! same log always gives the same findings. [`Rule::ALL`] lists every rule, as does
//! `docs/scoring.md`.
//!
//! Each stage is scored in its own module (`needs.rs`, `negotiation.rs`, ...), the rubric's
//! company rules in `company.rs`.
//!
//! Findings' text and tips come in English ([`score`]) or in another language ([`score_in`]);
//! the rules, turns and points do not depend on the language.

use serde::Serialize;

use crate::moves::Stage;
use crate::scenario::{Lang, Scenario};
use crate::session::{Session, TurnRecord};

mod close;
mod company;
mod contact;
mod debt;
mod findings;
mod follow_up;
mod names;
mod needs;
mod negotiation;
mod objections;
mod preparation;
mod presentation;
pub mod rules;

use findings::Findings;
pub use rules::Rule;

/// One reason for points won or lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub stage: Stage,
    /// The rule; JSON and other outputs write its key, e.g. `needs.discovery`.
    pub rule: Rule,
    /// The turn it refers to, when one turn earned or lost it.
    pub turn: Option<u32>,
    pub points: i32,
    pub text: String,
    pub tip: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageScore {
    pub stage: Stage,
    pub score: u32,
    pub weight: u32,
    pub reached: bool,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scorecard {
    pub overall: u32,
    pub stages: Vec<StageScore>,
}

impl Scorecard {
    pub fn stage(&self, stage: Stage) -> Option<&StageScore> {
        self.stages.iter().find(|s| s.stage == stage)
    }

    /// A stage's score, 0 where the scenario does not have the stage.
    pub fn score_of(&self, stage: Stage) -> u32 {
        self.stage(stage).map_or(0, |s| s.score)
    }
}

/// Scores a session as it stands (finished or not), with findings in English.
pub fn score(session: &Session) -> Scorecard {
    score_in(session, Lang::En)
}

/// Scores a session as [`score`] does, with the findings' text and tips in `lang`: the same
/// findings (rules, turns, points, order) in every language.
pub fn score_in(session: &Session, lang: Lang) -> Scorecard {
    let sc = session.scenario();
    let turns = session.turns();
    let weights = &session.rubric().weights;
    let mut stages = Vec::new();
    for stage in scored_stages(sc) {
        let mut f = Findings::new(stage, lang, &sc.product.currency);
        let reached = match stage {
            Stage::Preparation => preparation::score(session, &mut f),
            Stage::Contact => contact::score(session, turns, &mut f),
            Stage::Needs => needs::score(session, turns, &mut f),
            Stage::Presentation => presentation::score(session, turns, &mut f),
            Stage::Objections => objections::score(session, turns, &mut f),
            Stage::Negotiation => negotiation::score(session, turns, &mut f),
            Stage::Close => close::score(session, turns, &mut f),
            Stage::FollowUp => follow_up::score(session, turns, &mut f),
            Stage::Debt => debt::score(session, turns, &mut f),
        };
        if reached {
            company::rubric_rules(session, turns, &mut f);
        }
        let score = if reached {
            f.list.iter().map(|x| x.points).sum::<i32>().clamp(0, 100) as u32
        } else {
            0
        };
        stages.push(StageScore {
            stage,
            score,
            weight: weights.get(stage),
            reached,
            findings: f.list,
        });
    }
    Scorecard {
        overall: weighted_overall(&stages),
        stages,
    }
}

/// The stage scores' average weighted by the rubric, rounded; 0 when every weight is 0.
fn weighted_overall(stages: &[StageScore]) -> u32 {
    let total_weight: u32 = stages.iter().map(|s| s.weight).sum();
    if total_weight == 0 {
        return 0;
    }
    let sum: u64 = stages
        .iter()
        .map(|s| u64::from(s.weight) * u64::from(s.score))
        .sum();
    ((sum as f64) / f64::from(total_weight)).round() as u32
}

/// The stages a scenario has: objections only with objections, debt only for credit sales.
pub fn scored_stages(sc: &Scenario) -> Vec<Stage> {
    sc.stages()
        .into_iter()
        .filter(|s| *s != Stage::Objections || !sc.objections.is_empty())
        .collect()
}

/// The turn of the first record that matches.
fn first_turn(turns: &[TurnRecord], pred: impl Fn(&TurnRecord) -> bool) -> Option<u32> {
    turns.iter().find(|t| pred(t)).map(|t| t.turn)
}

//! Scoring: a session's scorecard, each stage 0–100 made of findings.
//!
//! Each finding names a [`Rule`], a turn, points and a tip. A stage's score is the sum of its
//! findings' points, clamped to 0–100; the positive findings of a stage add up to 100 for a
//! textbook performance; a company rule's penalty is taken after the clamp and never lost in it.
//! The overall score weighs the stages the scenario has with the rubric's weights, takes
//! [`HABIT_COST`] for each bad habit, and is capped at [`CRITICAL_CAP`] by any critical error.
//! Scoring reads only the session's turn records, so the same log always gives the same
//! findings. [`Rule::ALL`] lists every rule, as does `docs/scoring.md`.
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
mod critical;
mod debt;
mod findings;
mod follow_up;
mod habits;
mod needs;
mod negotiation;
mod objections;
mod pass;
mod preparation;
mod presentation;
pub mod rules;

use findings::Findings;
pub use pass::{DEFAULT_PASS_MARK, FailReason, PassMark, PassSource, Verdict};
pub use rules::{Rule, RuleKind};

/// The version of the rules that turn a log into a score. A log or a stored attempt records the
/// version it was scored with; scoring it again under a newer version is a re-score.
///
/// 1: the first rules. 2: critical errors and bad habits, a client that remembers, negotiation
/// scored for mutual value, an unentered negotiation not scored.
pub const SCORING_VERSION: u32 = 2;
/// The most a session with a critical error can score overall: well under a pass.
pub const CRITICAL_CAP: u32 = 40;
/// What each bad habit takes from the overall score.
pub const HABIT_COST: u32 = 10;

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
    /// False when the session never entered the stage: it scores 0 and says why.
    pub reached: bool,
    /// Why the stage was not reached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_reached: Option<String>,
    pub findings: Vec<Finding>,
    /// What the stage adds to the overall score per unit of weight: its score, or less when
    /// company penalties took it below 0.
    #[serde(skip)]
    contribution: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Scorecard {
    /// The [`SCORING_VERSION`] the card was made under.
    pub version: u32,
    pub overall: u32,
    /// The stages' weighted average, before habits and caps.
    pub stages_score: u32,
    /// Critical errors: any one caps the overall score at [`CRITICAL_CAP`]. A debrief leads
    /// with them.
    pub critical: Vec<Finding>,
    /// Bad habits, each taking [`HABIT_COST`] from the overall score.
    pub habits: Vec<Finding>,
    pub stages: Vec<StageScore>,
    /// Passed or failed against the pass mark of the rubric, the scenario or the default.
    pub pass: Verdict,
}

impl Scorecard {
    pub fn stage(&self, stage: Stage) -> Option<&StageScore> {
        self.stages.iter().find(|s| s.stage == stage)
    }

    /// A stage's score, 0 where the scenario does not have the stage.
    pub fn score_of(&self, stage: Stage) -> u32 {
        self.stage(stage).map_or(0, |s| s.score)
    }

    /// Whether a finding of this rule is on the card: in a stage, a habit or a critical error.
    pub fn breaks(&self, rule: Rule) -> bool {
        self.findings().any(|f| f.rule == rule)
    }

    /// Every finding: critical errors, habits, then the stages'.
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.critical
            .iter()
            .chain(&self.habits)
            .chain(self.stages.iter().flat_map(|s| &s.findings))
    }
}

/// Scores a session as it stands (finished or not), with findings in English.
pub fn score(session: &Session) -> Scorecard {
    score_in(session, Lang::En)
}

/// Scores a session as [`score`] does, with the findings' text and tips in `lang`: the same
/// findings (rules, turns, points, order) in every language.
pub fn score_in(session: &Session, lang: Lang) -> Scorecard {
    score_with(session, lang, false)
}

/// Scores a session as [`score`] does without building any words: every finding's rule, turn
/// and points, with empty text and no tips. For the analyzer and the exploit search.
pub fn score_quietly(session: &Session) -> Scorecard {
    score_with(session, Lang::En, true)
}

fn score_with(session: &Session, lang: Lang, quiet: bool) -> Scorecard {
    let sc = session.scenario();
    let turns = session.turns();
    let stages: Vec<StageScore> = scored_stages(sc)
        .into_iter()
        .map(|stage| score_stage(session, turns, stage, (lang, quiet)))
        .collect();
    let mut critical = Findings::new(Stage::Negotiation, lang, sc);
    critical.quiet = quiet;
    critical::find(session, turns, &mut critical);
    company::critical_rules(session, turns, &mut critical);
    let mut habits = Findings::new(Stage::Negotiation, lang, sc);
    habits.quiet = quiet;
    habits::find(session, turns, &mut habits);
    let stages_score = weighted(&stages);
    let after_habits = stages_score.saturating_sub(HABIT_COST * habits.list.len() as u32);
    let overall = if critical.list.is_empty() {
        after_habits
    } else {
        after_habits.min(CRITICAL_CAP)
    };
    let (mark, source) = PassMark::resolve(session.rubric(), sc);
    let pass = Verdict::of(mark, source, overall, &stages, &critical.list);
    Scorecard {
        version: SCORING_VERSION,
        overall,
        stages_score,
        critical: critical.list,
        habits: habits.list,
        stages,
        pass,
    }
}

fn score_stage(
    session: &Session,
    turns: &[TurnRecord],
    stage: Stage,
    (lang, quiet): (Lang, bool),
) -> StageScore {
    let sc = session.scenario();
    let mut f = Findings::new(stage, lang, sc);
    f.quiet = quiet;
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
    let not_reached = (!reached)
        .then(|| f.list.first().map(|x| x.text.clone()))
        .flatten();
    let own = if reached {
        f.list.iter().map(|x| x.points).sum::<i32>().clamp(0, 100)
    } else {
        0
    };
    // Company rules apply whether or not the stage was reached: skipping a stage must not
    // dodge its rules.
    let before = f.list.len();
    company::rubric_rules(session, turns, &mut f);
    let penalty = f.list[before..].iter().map(|x| x.points).sum::<i32>();
    let contribution = own + penalty;
    StageScore {
        stage,
        score: contribution.max(0) as u32,
        weight: session.rubric().weights.get(stage),
        reached,
        not_reached,
        findings: f.list,
        contribution,
    }
}

/// The stages' average weighted by the rubric, rounded, within 0–100; 0 when every weight is 0.
/// A stage that company penalties took below 0 counts below 0, so no penalty is lost.
fn weighted(stages: &[StageScore]) -> u32 {
    let total_weight: u32 = stages.iter().map(|s| s.weight).sum();
    if total_weight == 0 {
        return 0;
    }
    let sum: i64 = stages
        .iter()
        .map(|s| i64::from(s.weight) * i64::from(s.contribution))
        .sum();
    ((sum as f64) / f64::from(total_weight))
        .round()
        .clamp(0.0, 100.0) as u32
}

/// The scoring rule a company rule's findings name (`rubric.max_discount`, ...).
pub fn company_rule(rule: &crate::rubric::Rule) -> Rule {
    company::scoring_rule(rule)
}

/// The stages a scenario has: objections only with objections, debt only for credit sales.
pub fn scored_stages(sc: &Scenario) -> Vec<Stage> {
    sc.stages()
        .into_iter()
        .filter(|s| *s != Stage::Objections || !sc.objections.is_empty())
        .collect()
}

/// The records that match, with room for every turn from the start: collecting through a filter
/// would grow the list several times, and scoring runs once per analyzed session.
fn turns_where(turns: &[TurnRecord], pred: impl Fn(&TurnRecord) -> bool) -> Vec<&TurnRecord> {
    let mut out = Vec::with_capacity(turns.len());
    out.extend(turns.iter().filter(|t| pred(t)));
    out
}

/// The turn of the first record that matches.
fn first_turn(turns: &[TurnRecord], pred: impl Fn(&TurnRecord) -> bool) -> Option<u32> {
    turns.iter().find(|t| pred(t)).map(|t| t.turn)
}

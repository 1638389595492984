//! Scoring: every stage gets 0–100 made of findings, each naming a rule, a turn, points and a tip.
//!
//! A stage's score is the sum of its findings' points, clamped to 0–100; the positive findings of
//! a stage add up to 100 for a textbook performance. The overall score weighs the stages the
//! scenario has with the rubric's weights. Scoring reads only the session's turn records, so the
//! same log always gives the same findings. `docs/scoring.md` lists every rule.

use serde::Serialize;

use crate::moves::{AfterSale, CloseTechnique, DebtAction, Move, QuestionKind, Stage, Technique};
use crate::negotiation;
use crate::rubric::Rule;
use crate::scenario::{Knowledge, Scenario};
use crate::session::{
    CloseResult, Effect, Fit, HandleResult, ObjectionStatus, Outcome, PresentFit, QuestionResult,
    Reaction, Session, TurnRecord,
};

/// One reason for points won or lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub stage: Stage,
    /// Stable rule key, e.g. `needs.discovery` or `rubric.max_discount`.
    pub rule: String,
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

/// Scores a session as it stands (finished or not).
pub fn score(session: &Session) -> Scorecard {
    let sc = session.scenario();
    let turns = session.turns();
    let weights = &session.rubric().weights;
    let mut stages = Vec::new();
    for stage in scored_stages(sc) {
        let mut f = Findings::new(stage);
        let reached = match stage {
            Stage::Preparation => preparation(session, &mut f),
            Stage::Contact => contact(session, turns, &mut f),
            Stage::Needs => needs(session, turns, &mut f),
            Stage::Presentation => presentation(session, turns, &mut f),
            Stage::Objections => objections(session, turns, &mut f),
            Stage::Negotiation => negotiation_stage(session, turns, &mut f),
            Stage::Close => close(session, turns, &mut f),
            Stage::FollowUp => follow_up(session, turns, &mut f),
            Stage::Debt => debt(session, turns, &mut f),
        };
        if reached {
            rubric_rules(session, turns, &mut f);
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
    let total_weight: u32 = stages.iter().map(|s| s.weight).sum();
    let overall = if total_weight == 0 {
        0
    } else {
        let sum: u64 = stages
            .iter()
            .map(|s| u64::from(s.weight) * u64::from(s.score))
            .sum();
        ((sum as f64) / f64::from(total_weight)).round() as u32
    };
    Scorecard { overall, stages }
}

/// The stages a scenario has: objections only with objections, debt only for credit sales.
pub fn scored_stages(sc: &Scenario) -> Vec<Stage> {
    sc.stages()
        .into_iter()
        .filter(|s| *s != Stage::Objections || !sc.objections.is_empty())
        .collect()
}

struct Findings {
    stage: Stage,
    list: Vec<Finding>,
}

impl Findings {
    fn new(stage: Stage) -> Self {
        Findings {
            stage,
            list: Vec::new(),
        }
    }

    fn add(
        &mut self,
        rule: &str,
        turn: Option<u32>,
        points: i32,
        text: impl Into<String>,
        tip: Option<&str>,
    ) {
        self.list.push(Finding {
            stage: self.stage,
            rule: rule.to_owned(),
            turn,
            points,
            text: text.into(),
            tip: tip.map(str::to_owned),
        });
    }

    /// A stage the session never reached: one finding that says why.
    fn unreached(&mut self, text: &str, tip: &str) -> bool {
        self.add(
            &format!("{}.not_reached", self.stage.key()),
            None,
            0,
            text,
            Some(tip),
        );
        false
    }
}

fn first_turn(turns: &[TurnRecord], pred: impl Fn(&TurnRecord) -> bool) -> Option<u32> {
    turns.iter().find(|t| pred(t)).map(|t| t.turn)
}

fn preparation(s: &Session, f: &mut Findings) -> bool {
    let sc = s.scenario();
    let Some(plan) = s.plan() else {
        return f.unreached(
            "you went into the meeting without a plan",
            "set a target price, a walk-away price and read the client's style before you start",
        );
    };
    let (floor, list) = (sc.product.floor_price, sc.product.list_price);
    f.add(
        "preparation.plan",
        Some(1),
        10,
        "you prepared before the meeting",
        None,
    );
    let midpoint = floor + (list.saturating_sub(floor)) / 2;
    if plan.target_price > list {
        f.add(
            "preparation.target",
            Some(1),
            10,
            format!(
                "your target {} is above the list price {list}",
                plan.target_price
            ),
            Some("a target above list cannot be reached; aim at the list price"),
        );
    } else if plan.target_price >= midpoint {
        f.add(
            "preparation.target",
            Some(1),
            30,
            format!("an ambitious, reachable target: {}", plan.target_price),
            None,
        );
    } else {
        f.add(
            "preparation.target",
            Some(1),
            10,
            format!(
                "a modest target: {} is in the lower half between floor {floor} and list {list}",
                plan.target_price
            ),
            Some("aim high: set the target at least halfway from floor to list"),
        );
    }
    if plan.walk_away_price < floor {
        f.add("preparation.walk_away", Some(1), -10, format!("your walk-away {} is below the company's floor {floor}: you planned to accept a loss", plan.walk_away_price), Some("never plan below the floor price"));
    } else if plan.walk_away_price > plan.target_price {
        f.add(
            "preparation.walk_away",
            Some(1),
            0,
            "your walk-away price is above your target",
            Some("the walk-away price is the least you accept; keep it at or below the target"),
        );
    } else {
        f.add(
            "preparation.walk_away",
            Some(1),
            30,
            format!(
                "a clear walk-away price of {}, at or above the floor",
                plan.walk_away_price
            ),
            None,
        );
    }
    let style = sc.client.style;
    let (style_points, terms_points) = if sc.product.terms.is_empty() {
        (30, 0)
    } else {
        (20, 10)
    };
    if plan.style == style {
        f.add(
            "preparation.style",
            Some(1),
            style_points,
            format!("you read the client as {style:?}, which is right"),
            None,
        );
    } else if plan.style.is_adjacent(style) {
        f.add(
            "preparation.style",
            Some(1),
            style_points / 4,
            format!(
                "you read the client as {:?}; they are {style:?}",
                plan.style
            ),
            Some(
                "read the dossier again: how fast do they decide, how much do they show feelings?",
            ),
        );
    } else {
        f.add(
            "preparation.style",
            Some(1),
            0,
            format!(
                "you read the client as {:?}; they are {style:?}",
                plan.style
            ),
            Some(
                "read the dossier again: how fast do they decide, how much do they show feelings?",
            ),
        );
    }
    if terms_points > 0 {
        let useful = plan.must_have.iter().any(|id| {
            sc.term(id)
                .is_some_and(|(_, t)| t.options.iter().any(|o| o.seller_value > 0))
        });
        if useful {
            f.add(
                "preparation.terms",
                Some(1),
                terms_points,
                "you decided which terms you want in the deal",
                None,
            );
        } else {
            f.add(
                "preparation.terms",
                Some(1),
                0,
                "you chose no term worth something to your company",
                Some("pick the terms you will ask for in return for any concession"),
            );
        }
    }
    true
}

fn contact(s: &Session, turns: &[TurnRecord], f: &mut Findings) -> bool {
    let style = s.scenario().client.style;
    let meeting: Vec<&TurnRecord> = turns
        .iter()
        .filter(|t| !matches!(t.mv, Move::Prepare(_)))
        .collect();
    let Some(first) = meeting.first() else {
        return f.unreached(
            "the meeting never started",
            "greet the client to open the meeting",
        );
    };
    if !meeting.iter().any(|t| t.mv.stage() == Some(Stage::Contact)) {
        f.add(
            "contact.skipped",
            Some(first.turn),
            0,
            "you never made contact: no greeting, no agenda, no rapport",
            Some("open with a greeting in the client's style"),
        );
        return true;
    }
    if matches!(first.mv, Move::Greet(_)) {
        f.add(
            "contact.opening",
            Some(first.turn),
            10,
            "you opened the meeting with a greeting",
            None,
        );
    } else {
        f.add(
            "contact.opening",
            Some(first.turn),
            -10,
            format!("you opened with {} before greeting", first.mv),
            Some("first impressions count: greet before anything else"),
        );
    }
    let first_question = first_turn(turns, |t| {
        matches!(t.mv, Move::Ask { .. } | Move::Present { .. })
    });
    let before_business = |t: &TurnRecord| first_question.is_none_or(|q| t.turn < q);
    match turns.iter().find_map(|t| match t.effect {
        Effect::Greeted { fit, repeat: false } => Some((t.turn, fit, &t.mv)),
        _ => None,
    }) {
        Some((turn, Fit::Match, _)) => f.add(
            "contact.style",
            Some(turn),
            45,
            format!("your greeting suited the client's {style:?} style"),
            None,
        ),
        Some((turn, Fit::Adjacent, mv)) => f.add(
            "contact.style",
            Some(turn),
            20,
            format!("{mv} half-suited the client's {style:?} style"),
            Some(style_tip(style)),
        ),
        Some((turn, Fit::Mismatch, mv)) => f.add(
            "contact.style",
            Some(turn),
            0,
            format!("{mv} did not suit the client's {style:?} style"),
            Some(style_tip(style)),
        ),
        None => f.add(
            "contact.style",
            None,
            0,
            "you never greeted the client",
            Some("greet the client in their style"),
        ),
    }
    match first_turn(turns, |t| {
        matches!(t.mv, Move::SetAgenda) && before_business(t)
    }) {
        Some(turn) => f.add(
            "contact.agenda",
            Some(turn),
            20,
            "you proposed an agenda before getting down to business",
            None,
        ),
        None => f.add(
            "contact.agenda",
            None,
            0,
            "you set no agenda",
            Some("say what the meeting will cover; it shows respect for the client's time"),
        ),
    }
    let talks: Vec<u32> = turns
        .iter()
        .filter(|t| matches!(t.mv, Move::SmallTalk))
        .map(|t| t.turn)
        .collect();
    if style.likes_small_talk() {
        match talks
            .iter()
            .find(|&&t| first_question.is_none_or(|q| t < q))
        {
            Some(&turn) => f.add(
                "contact.rapport",
                Some(turn),
                25,
                format!("you built rapport first, as {style:?} people like"),
                None,
            ),
            None => f.add(
                "contact.rapport",
                None,
                0,
                "you went to business without building rapport",
                Some("people-oriented clients want a little personal talk first"),
            ),
        }
    } else if talks.is_empty() {
        f.add(
            "contact.rapport",
            None,
            25,
            format!(
                "you respected the time of a {} person and skipped small talk",
                style_name(style)
            ),
            None,
        );
    } else {
        f.add(
            "contact.rapport",
            Some(talks[0]),
            0,
            format!("small talk bores {style:?} people"),
            Some("task-oriented clients want to get to the point"),
        );
    }
    for &turn in talks.iter().skip(2) {
        f.add(
            "contact.too_much_small_talk",
            Some(turn),
            -10,
            "more small talk than the client wanted",
            Some("two exchanges of rapport are plenty"),
        );
    }
    true
}

/// The style as a lowercase word, for sentences.
fn style_name(style: crate::scenario::SocialStyle) -> &'static str {
    use crate::scenario::SocialStyle::*;
    match style {
        Driver => "driver",
        Expressive => "expressive",
        Amiable => "amiable",
        Analytical => "analytical",
    }
}

fn style_tip(style: crate::scenario::SocialStyle) -> &'static str {
    use crate::scenario::SocialStyle::*;
    match style {
        Driver => "drivers want it direct and brief",
        Expressive => "expressives respond to energy and enthusiasm",
        Amiable => "amiables want warmth and a personal touch",
        Analytical => "analyticals want precision and structure",
    }
}

fn needs(s: &Session, turns: &[TurnRecord], f: &mut Findings) -> bool {
    let sc = s.scenario();
    let asks: Vec<&TurnRecord> = turns
        .iter()
        .filter(|t| matches!(t.mv, Move::Ask { .. }))
        .collect();
    if asks.is_empty() {
        return f.unreached(
            "you asked the client no questions",
            "ask situation and problem questions to find out what they need",
        );
    }
    let total = f64::from(sc.total_importance().max(1));
    let mut got = 0.0;
    let mut explicit = 0;
    for (need, state) in sc.needs.iter().zip(&s.client().needs) {
        let factor = match state.level {
            Knowledge::Explicit => {
                explicit += 1;
                1.0
            }
            Knowledge::Implied => 0.5,
            Knowledge::Hinted => 0.15,
            Knowledge::Hidden => 0.0,
        };
        got += f64::from(need.importance) * factor;
        if state.level < Knowledge::Explicit && need.importance >= 3 {
            let tip = match state.level {
                Knowledge::Hidden => "an open problem question might have brought it up",
                Knowledge::Hinted => "ask a problem question about it to see if it hurts",
                _ => "an implication question turns an admitted problem into a need",
            };
            f.add(
                "needs.missed",
                None,
                0,
                format!(
                    "need \"{}\" (importance {}) stayed {:?}",
                    need.topic, need.importance, state.level
                )
                .to_lowercase(),
                Some(tip),
            );
        }
    }
    let discovery = (55.0 * got / total).round() as i32;
    f.add(
        "needs.discovery",
        None,
        discovery,
        format!(
            "{explicit} of {} needs made explicit ({:.0} % of their weight uncovered)",
            sc.needs.len(),
            100.0 * got / total
        ),
        if discovery < 40 {
            Some("follow SPIN: situation, problem, implication, need-payoff")
        } else {
            None
        },
    );
    let productive = |kind: QuestionKind| {
        asks.iter().find(|t| {
            matches!(t.effect, Effect::Question { kind: k, result: QuestionResult::Revealed { .. } | QuestionResult::Payoff { .. }, .. } if k == kind)
        })
    };
    if let Some(t) = productive(QuestionKind::Problem) {
        f.add(
            "needs.problem_question",
            Some(t.turn),
            5,
            "a problem question uncovered a pain",
            None,
        );
    }
    match productive(QuestionKind::Implication) {
        Some(t) => f.add(
            "needs.implication_question",
            Some(t.turn),
            10,
            "an implication question made the client feel the cost of a problem",
            None,
        ),
        None => f.add(
            "needs.implication_question",
            None,
            0,
            "you asked no implication question that worked",
            Some("ask what a problem costs them: it turns pains into needs"),
        ),
    }
    match productive(QuestionKind::NeedPayoff) {
        Some(t) => f.add(
            "needs.need_payoff_question",
            Some(t.turn),
            5,
            "a need-payoff question got the client to state the value in their words",
            None,
        ),
        None => f.add(
            "needs.need_payoff_question",
            None,
            0,
            "the client never said in their own words what a solution is worth",
            Some("ask \"what would it mean for you if ...?\""),
        ),
    }
    match first_turn(turns, |t| {
        matches!(t.effect, Effect::Summary { useful: true })
    }) {
        Some(turn) => f.add(
            "needs.summary",
            Some(turn),
            15,
            "you summed up what you heard (active listening)",
            None,
        ),
        None => f.add(
            "needs.summary",
            None,
            0,
            "you never summed up what the client told you",
            Some("summarise the needs back to the client before presenting"),
        ),
    }
    let first_present = first_turn(turns, |t| matches!(t.mv, Move::Present { .. }));
    if first_present.is_none_or(|p| asks[0].turn < p) {
        f.add(
            "needs.listen_first",
            Some(asks[0].turn),
            10,
            "you asked before you pitched",
            None,
        );
    } else {
        f.add(
            "needs.listen_first",
            first_present,
            -10,
            "you pitched before asking a single question",
            Some("discover needs first; a pitch without them is noise"),
        );
    }
    let mut penalty = 0;
    for t in &asks {
        let (points, text, tip) = match t.effect {
            Effect::Question {
                result: QuestionResult::Repeat,
                ..
            } => (
                -5,
                "you asked the same question again",
                "listen to the answer; the client remembers what they said",
            ),
            Effect::Question {
                result: QuestionResult::TooEarly,
                ..
            } => (
                -3,
                "an implication or payoff question about a topic the client has not called a problem",
                "first ask a problem question about the topic",
            ),
            _ => continue,
        };
        if penalty + points < -20 {
            break;
        }
        penalty += points;
        f.add(
            "needs.question_quality",
            Some(t.turn),
            points,
            text,
            Some(tip),
        );
    }
    true
}

fn presentation(s: &Session, turns: &[TurnRecord], f: &mut Findings) -> bool {
    let sc = s.scenario();
    let shows: Vec<&TurnRecord> = turns
        .iter()
        .filter(|t| matches!(t.mv, Move::Present { .. }))
        .collect();
    if shows.is_empty() {
        return f.unreached(
            "you never presented the product",
            "tie a feature to each need the client made explicit",
        );
    }
    let total = f64::from(sc.total_importance().max(1));
    // Each need counts once, at its best presentation.
    let mut best = vec![0.0f64; sc.needs.len()];
    for t in &shows {
        if let Effect::Presented {
            need: Some(i), fit, ..
        } = t.effect
        {
            let w = match fit {
                PresentFit::Payoff | PresentFit::Explicit => 1.0,
                PresentFit::Implied => 0.5,
                _ => 0.0,
            };
            if let Some(b) = best.get_mut(i) {
                *b = b.max(w);
            }
        }
    }
    let covered: f64 = best
        .iter()
        .zip(&sc.needs)
        .map(|(b, n)| b * f64::from(n.importance))
        .sum();
    let coverage = (60.0 * covered / total).round() as i32;
    f.add(
        "presentation.coverage",
        None,
        coverage,
        format!(
            "your presentation answered {:.0} % of what the client needs, by weight",
            100.0 * covered / total
        ),
        if coverage < 40 {
            Some("present a feature to every explicit need")
        } else {
            None
        },
    );
    let fresh: Vec<&&TurnRecord> = shows
        .iter()
        .filter(|t| {
            !matches!(
                t.effect,
                Effect::Presented {
                    fit: PresentFit::Repeat,
                    ..
                }
            )
        })
        .collect();
    let anchored = fresh
        .iter()
        .filter(|t| {
            matches!(
                t.effect,
                Effect::Presented {
                    fit: PresentFit::Explicit | PresentFit::Payoff,
                    ..
                }
            )
        })
        .count();
    let anchoring = (25.0 * anchored as f64 / fresh.len().max(1) as f64).round() as i32;
    f.add(
        "presentation.anchoring",
        None,
        anchoring,
        format!(
            "{anchored} of {} presentations were tied to a need the client had said out loud",
            fresh.len()
        ),
        if anchored < fresh.len() {
            Some("present only to explicit needs: value lands where the client feels the need")
        } else {
            None
        },
    );
    match first_turn(turns, |t| {
        matches!(
            t.effect,
            Effect::Presented {
                fit: PresentFit::Payoff,
                ..
            }
        )
    }) {
        Some(turn) => f.add(
            "presentation.payoff",
            Some(turn),
            15,
            "you presented to a benefit the client had put in their own words",
            None,
        ),
        None => f.add(
            "presentation.payoff",
            None,
            0,
            "no presentation built on a benefit the client stated",
            Some("a need-payoff question before presenting makes the pitch land"),
        ),
    }
    if let Some(t) = shows.first().filter(|t| t.explicit_needs == 0) {
        f.add(
            "presentation.premature",
            Some(t.turn),
            -10,
            "you presented before any need was explicit",
            Some("ask an implication question first"),
        );
    }
    let mut dump = 0;
    for t in &shows {
        match t.effect {
            Effect::Presented {
                fit: PresentFit::Irrelevant,
                feature,
                need: Some(n),
            } => f.add(
                "presentation.irrelevant",
                Some(t.turn),
                -8,
                format!(
                    "\"{}\" does not answer \"{}\"",
                    sc.product.features[feature].name, sc.needs[n].topic
                ),
                Some("check which need a feature serves before you present it"),
            ),
            Effect::Presented {
                fit: PresentFit::Unanchored,
                ..
            } if dump > -20 => {
                dump -= 4;
                f.add(
                    "presentation.feature_dump",
                    Some(t.turn),
                    -4,
                    "a feature presented without a need behind it",
                    Some("tie each feature to something the client said"),
                );
            }
            Effect::Presented {
                fit: PresentFit::Repeat,
                ..
            } => f.add(
                "presentation.repeat",
                Some(t.turn),
                -3,
                "you presented the same thing twice",
                None,
            ),
            _ => {}
        }
    }
    true
}

fn objections(s: &Session, turns: &[TurnRecord], f: &mut Findings) -> bool {
    let sc = s.scenario();
    let raised: Vec<usize> = (0..sc.objections.len())
        .filter(|&i| s.client().objections[i].raised_turn.is_some())
        .collect();
    if raised.is_empty() {
        return f.unreached("the client raised no objection", "objections come with price talk, closing and low trust; a short meeting may never reach them");
    }
    let n = raised.len() as f64;
    for &i in &raised {
        let o = &sc.objections[i];
        let st = &s.client().objections[i];
        let handles: Vec<&TurnRecord> = turns
            .iter()
            .filter(|t| matches!(&t.effect, Effect::Handled { objection, .. } if *objection == i))
            .collect();
        let resolved_at = handles
            .iter()
            .rev()
            .find(|t| {
                matches!(
                    t.effect,
                    Effect::Handled {
                        result: HandleResult::Resolved,
                        ..
                    }
                )
            })
            .map(|t| t.turn);
        let share = |p: f64| (p / n).round() as i32;
        match st.status {
            ObjectionStatus::Resolved => f.add(
                "objections.resolved",
                resolved_at,
                share(70.0),
                format!("you resolved \"{}\"", o.topic),
                None,
            ),
            _ if handles.iter().any(|t| {
                matches!(
                    t.effect,
                    Effect::Handled {
                        result: HandleResult::Weakened,
                        ..
                    }
                )
            }) =>
            {
                f.add(
                    "objections.weakened",
                    None,
                    share(25.0),
                    format!("you weakened \"{}\" but did not resolve it", o.topic),
                    Some("follow a partial answer with evidence or a reframe"),
                )
            }
            _ => f.add(
                "objections.unresolved",
                st.raised_turn,
                0,
                format!("\"{}\" was left unanswered", o.topic),
                Some("never leave an objection hanging: acknowledge, clarify, answer"),
            ),
        }
        match handles.first().map(|t| &t.mv) {
            Some(Move::Handle {
                technique: Technique::Acknowledge | Technique::Clarify,
                ..
            }) => f.add(
                "objections.acknowledge_first",
                handles.first().map(|t| t.turn),
                share(20.0),
                format!("you heard \"{}\" out before answering", o.topic),
                None,
            ),
            Some(_) => f.add(
                "objections.acknowledge_first",
                handles.first().map(|t| t.turn),
                0,
                format!(
                    "you answered \"{}\" without acknowledging it first",
                    o.topic
                ),
                Some("acknowledge the concern before you answer it"),
            ),
            None => {}
        }
        if st.clarified {
            f.add(
                "objections.clarify",
                None,
                share(10.0),
                format!("you asked what lay behind \"{}\"", o.topic),
                None,
            );
        }
        for t in &handles {
            match t.effect {
                Effect::Handled {
                    result: HandleResult::Backfired,
                    technique,
                    ..
                } => f.add(
                    "objections.backfire",
                    Some(t.turn),
                    -10,
                    format!("{technique:?} made \"{}\" worse", o.topic),
                    Some("match the technique to the concern and to the person"),
                ),
                Effect::Handled {
                    technique: Technique::Concede,
                    result: HandleResult::Resolved | HandleResult::Weakened,
                    ..
                } => f.add(
                    "objections.conceded",
                    Some(t.turn),
                    -10,
                    format!("you gave in on \"{}\" instead of answering it", o.topic),
                    Some("answer with value before you concede anything"),
                ),
                _ => {}
            }
        }
        let wasted = handles
            .iter()
            .filter(|t| {
                matches!(
                    t.effect,
                    Effect::Handled {
                        result: HandleResult::NoEffect,
                        ..
                    }
                )
            })
            .take(5);
        for t in wasted {
            f.add(
                "objections.no_effect",
                Some(t.turn),
                -3,
                format!("that answer did nothing for \"{}\"", o.topic),
                None,
            );
        }
    }
    true
}

fn negotiation_stage(s: &Session, turns: &[TurnRecord], f: &mut Findings) -> bool {
    let sc = s.scenario();
    let neg = &s.client().negotiation;
    let walked = first_turn(turns, |t| matches!(t.effect, Effect::WalkedAway));
    let deal = match s.outcome() {
        Some(Outcome::Deal { price, terms, .. }) => Some((*price, terms.clone())),
        _ => None,
    };
    let offers: Vec<&TurnRecord> = turns
        .iter()
        .filter(|t| matches!(t.effect, Effect::Offered { .. }))
        .collect();
    if offers.is_empty() && walked.is_none() && deal.is_none() && neg.client_offers.is_empty() {
        return f.unreached(
            "you never talked price",
            "name your price confidently once the client sees the value",
        );
    }
    let floor = sc.product.floor_price;
    let no_zone = sc.negotiation.walk_away_is_the_lesson || !sc.has_zone_of_agreement();
    if no_zone {
        match (&deal, walked) {
            (_, Some(turn)) => {
                f.add(
                    "negotiation.walk_away",
                    Some(turn),
                    70,
                    "you saw there was no deal to be had and walked away",
                    None,
                );
                if offers.is_empty() {
                    f.add(
                        "negotiation.tested",
                        None,
                        15,
                        "you walked away without testing the client's budget",
                        Some("make one firm offer first: it shows where the client stands"),
                    );
                } else {
                    f.add(
                        "negotiation.tested",
                        Some(offers[0].turn),
                        30,
                        "you tested the market with a firm offer before walking away",
                        None,
                    );
                }
            }
            (Some((price, terms)), None) => {
                let value = negotiation::seller_value(sc, *price, terms);
                f.add(
                    "negotiation.loss",
                    None,
                    if value < floor as i64 { -30 } else { 20 },
                    format!(
                        "you agreed {price}; this client could never pay the floor price {floor}"
                    ),
                    Some("when no price works for both sides, walking away is the right answer"),
                );
            }
            (None, None) => f.add(
                "negotiation.no_loss",
                None,
                20,
                "you did not sell at a loss",
                Some("say clearly that there is no deal instead of letting it drift"),
            ),
        }
        return true;
    }
    let best = sc.best_price();
    match &deal {
        Some((price, terms)) => {
            let value = negotiation::seller_value(sc, *price, terms);
            let share = if best > floor {
                (value - floor as i64) as f64 / (best - floor) as f64
            } else {
                1.0
            };
            let points = (60.0 * share.clamp(0.0, 1.0)).round() as i32;
            f.add("negotiation.price", None, points, format!("the deal is worth {value}: {:.0} % of the way from floor {floor} to the best reachable {best}", 100.0 * share.clamp(0.0, 1.0)), if share < 0.5 { Some("hold your price: every concession should buy you something") } else { None });
            if value < floor as i64 {
                f.add(
                    "negotiation.below_floor",
                    None,
                    -20,
                    format!("the deal is below the company's floor price {floor}"),
                    Some("never go below the floor"),
                );
            }
            if let Some(plan) = s.plan() {
                if *price < plan.walk_away_price {
                    f.add(
                        "negotiation.walk_away_kept",
                        None,
                        0,
                        format!(
                            "you went below your own walk-away price {}",
                            plan.walk_away_price
                        ),
                        Some("respect the limits you set in preparation"),
                    );
                } else {
                    f.add(
                        "negotiation.walk_away_kept",
                        None,
                        10,
                        "the deal respects the walk-away price you planned",
                        None,
                    );
                }
            } else {
                f.add(
                    "negotiation.walk_away_kept",
                    None,
                    5,
                    "you closed without a planned walk-away price",
                    Some("set limits before the meeting"),
                );
            }
        }
        None => {
            let text = match (walked, s.outcome()) {
                (Some(_), _) => "you walked away from a deal that was possible",
                (_, Some(Outcome::Deadline { .. })) => {
                    "the client ran out of patience with the haggling"
                }
                _ => "no price was agreed",
            };
            f.add(
                "negotiation.price",
                walked,
                0,
                text,
                Some("build value first: a client who sees value pays more and moves faster"),
            );
        }
    }
    // The first price named: an offer, or the list price at a close.
    let first_price = offers.iter().find_map(|t| match t.effect {
        Effect::Offered { price, .. } => Some(price),
        _ => None,
    });
    let list = sc.product.list_price;
    let anchor_ok = first_price.is_none_or(|p| {
        p as f64 >= 0.95 * list as f64 || s.plan().is_some_and(|pl| p >= pl.target_price)
    });
    if anchor_ok {
        f.add(
            "negotiation.anchor",
            offers.first().map(|t| t.turn),
            10,
            "you opened high and anchored the talk",
            None,
        );
    } else {
        f.add(
            "negotiation.anchor",
            offers.first().map(|t| t.turn),
            0,
            format!(
                "you opened at {}, well below the list price {list}",
                first_price.unwrap_or(0)
            ),
            Some("open at or near the list price; you can only come down"),
        );
    }
    let concessions: Vec<(u32, i64, bool)> = offers
        .iter()
        .filter_map(|t| match t.effect {
            Effect::Offered {
                concession, traded, ..
            } if concession > 0 => Some((t.turn, concession, traded)),
            _ => None,
        })
        .collect();
    let big = list as f64 * 0.06;
    let mut steps_ok = true;
    for &(turn, c, _) in &concessions {
        if c as f64 > big {
            steps_ok = false;
            f.add(
                "negotiation.big_concession",
                Some(turn),
                -10,
                format!("a concession of {c} in one step"),
                Some("concede in small, shrinking steps"),
            );
        }
    }
    if steps_ok {
        f.add(
            "negotiation.small_steps",
            None,
            10,
            "you conceded in small steps",
            None,
        );
    }
    if concessions.is_empty() || concessions.iter().any(|c| c.2) {
        f.add(
            "negotiation.trade",
            concessions.iter().find(|c| c.2).map(|c| c.0),
            10,
            if concessions.is_empty() {
                "you gave nothing away"
            } else {
                "you traded a concession for a term you value"
            },
            None,
        );
    } else {
        f.add(
            "negotiation.trade",
            Some(concessions[0].0),
            0,
            "you gave discounts without asking for anything back",
            Some("trade, don't give: \"if you sign for two years, I can ...\""),
        );
    }
    // No counter follows an accepted one, so the count of counters is the count before it.
    if let Some(t) = turns
        .iter()
        .find(|t| matches!(t.effect, Effect::AcceptedCounter { .. }))
        && neg.client_offers.len() <= 1
    {
        f.add(
            "negotiation.first_counter",
            Some(t.turn),
            -10,
            "you accepted the client's first counter-offer",
            Some("a first counter is an opening move; counter it"),
        );
    }
    true
}

fn close(s: &Session, turns: &[TurnRecord], f: &mut Findings) -> bool {
    let style = s.scenario().client.style;
    let closes: Vec<&TurnRecord> = turns
        .iter()
        .filter(|t| matches!(t.mv, Move::Close(_)))
        .collect();
    if closes.is_empty() {
        return f.unreached(
            "you never asked for the commitment",
            "when the client is ready, ask for the deal",
        );
    }
    let deal = closes.iter().find(|t| {
        matches!(
            t.effect,
            Effect::CloseAttempt {
                result: CloseResult::Deal,
                ..
            }
        )
    });
    match deal {
        Some(t) => {
            f.add(
                "close.deal",
                Some(t.turn),
                50,
                "you asked for the commitment and got it",
                None,
            );
            if let Move::Close(tech) = t.mv {
                if tech.suits(style) {
                    f.add(
                        "close.technique",
                        Some(t.turn),
                        15,
                        format!("{tech:?} close: it suits {style:?} people"),
                        None,
                    );
                } else {
                    f.add(
                        "close.technique",
                        Some(t.turn),
                        5,
                        format!("{tech:?} close: not the best fit for {style:?} people"),
                        Some(close_tip(style)),
                    );
                }
            }
            match first_turn(turns, |u| {
                matches!(u.effect, Effect::NextSteps { after_deal: true })
            }) {
                Some(turn) => f.add(
                    "close.next_steps",
                    Some(turn),
                    25,
                    "you explained the next steps after the deal",
                    None,
                ),
                None => f.add(
                    "close.next_steps",
                    None,
                    0,
                    "you never explained what happens next",
                    Some("after the yes, say what happens next and when"),
                ),
            }
        }
        None => f.add(
            "close.deal",
            None,
            0,
            "no commitment",
            Some("close when objections are settled and the client sees value"),
        ),
    }
    let before = |u: &TurnRecord| deal.is_none_or(|d| u.turn < d.turn);
    if let Some(t) = closes.iter().find(|t| {
        matches!(
            t.effect,
            Effect::CloseAttempt {
                technique: CloseTechnique::Trial,
                ..
            }
        ) && before(t)
    }) {
        f.add(
            "close.trial",
            Some(t.turn),
            10,
            "you tested readiness with a trial close",
            None,
        );
    }
    for t in &closes {
        let Effect::CloseAttempt { result, .. } = t.effect else {
            continue;
        };
        let (points, text, tip) = match result {
            CloseResult::NotConvinced => (
                -10,
                "you asked for the deal before the client saw enough value",
                "discover and present to explicit needs before closing",
            ),
            CloseResult::ObjectionOpen => (
                -10,
                "you asked for the deal with an objection still open",
                "settle every objection before closing; a trial close finds them safely",
            ),
            CloseResult::PriceRejected => (
                -5,
                "you asked for the deal at a price the client would not pay",
                "agree the price before you close",
            ),
            CloseResult::DoubtReturned => (
                -5,
                "an old doubt came back at the close",
                "build more trust; resolved doubts return when trust is low",
            ),
            _ => continue,
        };
        f.add("close.premature", Some(t.turn), points, text, Some(tip));
    }
    true
}

fn close_tip(style: crate::scenario::SocialStyle) -> &'static str {
    use crate::scenario::SocialStyle::*;
    match style {
        Driver => "drivers like a direct question or a choice of options",
        Expressive => "expressives like a choice of options or an assumptive close",
        Amiable | Analytical => "sum up the agreed value, then ask",
    }
}

fn follow_up(s: &Session, turns: &[TurnRecord], f: &mut Findings) -> bool {
    if !matches!(s.outcome(), Some(Outcome::Deal { .. })) {
        return f.unreached("there was no deal, so no follow-up", "close the deal first");
    }
    let acts: Vec<(u32, AfterSale, Reaction)> = turns
        .iter()
        .filter_map(|t| match t.effect {
            Effect::FollowedUp { action, reaction } => Some((t.turn, action, reaction)),
            _ => None,
        })
        .collect();
    if acts.is_empty() {
        return f.unreached(
            "you closed the deal but never followed up",
            "ask for feedback, offer training, keep in touch",
        );
    }
    let expects = &s.scenario().follow_up.expects;
    if expects.is_empty() {
        if let Some(&(turn, action, _)) = acts.iter().find(|a| a.2 != Reaction::Annoyed) {
            f.add(
                "follow_up.done",
                Some(turn),
                80,
                format!("you followed up ({action:?})"),
                None,
            );
        }
    } else {
        let each = 80 / expects.len() as i32;
        for want in expects {
            match acts.iter().find(|a| a.1 == *want) {
                Some(&(turn, ..)) => f.add(
                    "follow_up.expected",
                    Some(turn),
                    each,
                    format!("{want:?}: just what this client wanted"),
                    None,
                ),
                None => f.add(
                    "follow_up.expected",
                    None,
                    0,
                    format!("the client would have valued {want:?}"),
                    Some("ask what the client needs after the sale"),
                ),
            }
        }
    }
    let annoyed: Vec<&(u32, AfterSale, Reaction)> =
        acts.iter().filter(|a| a.2 == Reaction::Annoyed).collect();
    if annoyed.is_empty() && acts[0].1 != AfterSale::Upsell {
        f.add(
            "follow_up.tact",
            None,
            20,
            "your follow-up put the client first",
            None,
        );
    } else if acts[0].1 == AfterSale::Upsell {
        f.add(
            "follow_up.tact",
            Some(acts[0].0),
            0,
            "you tried to sell more before looking after the client",
            Some("support and feedback first; upsell later"),
        );
    }
    for &&(turn, action, _) in &annoyed {
        f.add(
            "follow_up.annoyed",
            Some(turn),
            -20,
            format!("{action:?} annoyed this client"),
            Some("read what this client values after the sale"),
        );
    }
    true
}

fn debt(s: &Session, turns: &[TurnRecord], f: &mut Findings) -> bool {
    let (Some(state), Some(rules)) = (&s.client().debt, &s.scenario().debt) else {
        return f.unreached(
            "there was no credit sale to collect",
            "close the deal first",
        );
    };
    let acts: Vec<(u32, DebtAction, u32, bool, bool, u64)> = turns
        .iter()
        .filter_map(|t| match t.effect {
            Effect::Collected {
                action,
                week,
                overdue,
                offended,
                paid,
            } => Some((t.turn, action, week, overdue, offended, paid)),
            _ => None,
        })
        .collect();
    if acts.is_empty() {
        return f.unreached(
            "you never worked on collecting the debt",
            "agree the payment schedule right after the deal",
        );
    }
    let share = if state.total == 0 {
        1.0
    } else {
        state.paid as f64 / state.total as f64
    };
    f.add(
        "debt.recovered",
        None,
        (60.0 * share).round() as i32,
        format!("{:.0} % of the debt was collected", 100.0 * share),
        if share < 1.0 {
            Some("keep communication open and agree clear rules")
        } else {
            None
        },
    );
    match acts
        .iter()
        .find(|a| a.1 == DebtAction::AgreeSchedule && a.2 <= rules.due_week)
    {
        Some(a) => f.add(
            "debt.schedule",
            Some(a.0),
            15,
            "you agreed clear payment rules before the due date",
            None,
        ),
        None => f.add(
            "debt.schedule",
            None,
            0,
            "no payment schedule was agreed in time",
            Some("put dates and rules in writing right after the sale"),
        ),
    }
    match acts
        .iter()
        .find(|a| matches!(a.1, DebtAction::Remind | DebtAction::Call) && a.2 <= rules.due_week)
    {
        Some(a) => f.add(
            "debt.reminder",
            Some(a.0),
            10,
            "you reminded the client before the due date",
            None,
        ),
        None => f.add(
            "debt.reminder",
            None,
            0,
            "no reminder before the due date",
            Some("a friendly reminder before the date prevents most delays"),
        ),
    }
    let silent = acts
        .iter()
        .filter(|a| a.1 == DebtAction::Wait && a.3)
        .count();
    let contacted = acts.iter().any(|a| a.1 != DebtAction::Wait);
    if !contacted {
        f.add(
            "debt.contact",
            None,
            0,
            "you never got in touch about the money",
            Some("agree the rules, remind before the date, call when it is late"),
        );
    } else if silent == 0 {
        f.add(
            "debt.contact",
            None,
            15,
            "you kept in touch while money was owed",
            None,
        );
    } else {
        f.add(
            "debt.contact",
            None,
            0,
            format!("{silent} silent week(s) while the debt was overdue"),
            Some("keep communication open while anything is overdue"),
        );
    }
    for a in acts.iter().filter(|a| a.4) {
        f.add(
            "debt.escalated_early",
            Some(a.0),
            -20,
            "you escalated before reminding and calling",
            Some("escalate only after reminders and a call"),
        );
    }
    true
}

fn rubric_rules(s: &Session, turns: &[TurnRecord], f: &mut Findings) {
    let sc = s.scenario();
    for rule in &s.rubric().rules {
        if rule.stage() != f.stage {
            continue;
        }
        let penalty = -(rule.penalty().min(100) as i32);
        let broken: Option<(Option<u32>, String)> = match rule {
            Rule::MaxDiscount { percent, .. } => match s.outcome() {
                Some(Outcome::Deal { price, turn, .. }) => {
                    let limit = sc.product.list_price as f64 * (1.0 - percent / 100.0);
                    ((*price as f64) < limit).then(|| (Some(*turn), format!("company rule: no more than {percent} % off the list price; you agreed {price}")))
                }
                _ => None,
            },
            Rule::RequireAgenda { .. } => {
                let agenda = first_turn(turns, |t| matches!(t.mv, Move::SetAgenda));
                let business = first_turn(turns, |t| {
                    matches!(t.mv, Move::Ask { .. } | Move::Present { .. })
                });
                match (agenda, business) {
                    (Some(a), Some(b)) if a < b => None,
                    (Some(_), None) => None,
                    _ => Some((
                        business,
                        "company rule: always set an agenda before business".to_owned(),
                    )),
                }
            }
            Rule::NeedsBeforePresenting { .. } => turns
                .iter()
                .find(|t| matches!(t.mv, Move::Present { .. }) && t.explicit_needs == 0)
                .map(|t| {
                    (
                        Some(t.turn),
                        "company rule: present nothing before a need is explicit".to_owned(),
                    )
                }),
            Rule::MinExplicitNeeds { count, .. } => {
                let n = s
                    .client()
                    .needs
                    .iter()
                    .filter(|n| n.level == Knowledge::Explicit)
                    .count() as u32;
                (n < *count).then(|| {
                    (
                        None,
                        format!("company rule: make at least {count} needs explicit; you made {n}"),
                    )
                })
            }
            Rule::RequireNextSteps { .. } => (matches!(s.outcome(), Some(Outcome::Deal { .. }))
                && !turns
                    .iter()
                    .any(|t| matches!(t.effect, Effect::NextSteps { after_deal: true })))
            .then(|| {
                (
                    None,
                    "company rule: explain the next steps after every deal".to_owned(),
                )
            }),
            Rule::RequireSummary { .. } => (!turns
                .iter()
                .any(|t| matches!(t.effect, Effect::Summary { useful: true })))
            .then(|| {
                (
                    None,
                    "company rule: sum up the client's needs at least once".to_owned(),
                )
            }),
        };
        if let Some((turn, text)) = broken {
            f.add(
                rule.key(),
                turn,
                penalty,
                text,
                Some("your company's sales rules apply to every deal"),
            );
        }
    }
}

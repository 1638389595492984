//! Scoring the company rules a rubric adds: each broken one takes its penalty from its stage.

use crate::moves::Move;
use crate::negotiation::seller_value;
use crate::rubric;
use crate::scenario::Knowledge;
use crate::session::{Effect, Outcome, Session, TurnRecord};

use super::findings::add;
use super::{Findings, Rule, first_turn};

/// A broken rule: the turn that broke it, when one turn did, and what the finding says.
type Broken = Option<(Option<u32>, String)>;

/// Adds a finding for each company rule of this stage that the session broke.
pub(super) fn rubric_rules(s: &Session, turns: &[TurnRecord], f: &mut Findings) {
    for rule in &s.rubric().rules {
        if rule.stage() != f.stage {
            continue;
        }
        let penalty = -(rule.penalty().min(100) as i32);
        if let Some((turn, text)) = broken(s, turns, rule, f) {
            add!(
                f,
                scoring_rule(rule),
                turn,
                penalty,
                text,
                Some(f.t(
                    "your company's sales rules apply to every deal",
                    "правила продаж вашей компании действуют в каждой сделке",
                )),
            );
        }
    }
}

/// Adds a critical error for each company rule marked `critical` that the session broke.
pub(super) fn critical_rules(s: &Session, turns: &[TurnRecord], f: &mut Findings) {
    for rule in s.rubric().rules.iter().filter(|r| r.is_critical()) {
        if let Some((turn, text)) = broken(s, turns, rule, f) {
            add!(f,
                scoring_rule(rule),
                turn,
                0,
                text,
                Some(f.t(
                    "your company treats this rule as critical: breaking it caps the score",
                    "ваша компания считает это правило критическим: его нарушение ограничивает оценку",
                )),
            );
        }
    }
}

/// The scoring rule a company rule's findings name.
pub(super) fn scoring_rule(rule: &rubric::Rule) -> Rule {
    match rule {
        rubric::Rule::MaxDiscount { .. } => Rule::CompanyMaxDiscount,
        rubric::Rule::RequireAgenda { .. } => Rule::CompanyRequireAgenda,
        rubric::Rule::NeedsBeforePresenting { .. } => Rule::CompanyNeedsBeforePresenting,
        rubric::Rule::MinExplicitNeeds { .. } => Rule::CompanyMinExplicitNeeds,
        rubric::Rule::RequireNextSteps { .. } => Rule::CompanyRequireNextSteps,
        rubric::Rule::RequireSummary { .. } => Rule::CompanyRequireSummary,
    }
}

fn broken(s: &Session, turns: &[TurnRecord], rule: &rubric::Rule, f: &Findings) -> Broken {
    match rule {
        rubric::Rule::MaxDiscount { percent, .. } => max_discount(s, *percent, f),
        rubric::Rule::RequireAgenda { .. } => require_agenda(turns, f),
        rubric::Rule::NeedsBeforePresenting { .. } => needs_before_presenting(turns, f),
        rubric::Rule::MinExplicitNeeds { count, .. } => min_explicit_needs(s, *count, f),
        rubric::Rule::RequireNextSteps { .. } => require_next_steps(s, turns, f),
        rubric::Rule::RequireSummary { .. } => require_summary(turns, f),
    }
}

/// A deal more than `percent` below the list price.
fn max_discount(s: &Session, percent: f64, f: &Findings) -> Broken {
    let sc = s.scenario();
    match s.outcome() {
        Some(Outcome::Deal { price, terms, turn }) => {
            let limit = sc.product.list_price as f64 * (1.0 - percent / 100.0);
            let m_price = f.money(*price);
            // Terms the company values count towards the price, as in the negotiation score.
            let value = seller_value(sc, *price, terms);
            ((value as f64) < limit).then(|| {
                (
                    Some(*turn),
                    f.t(
                        format!(
                            "company rule: no more than {percent} % off the list price; you agreed {m_price}"
                        ),
                        format!(
                            "правило компании: скидка не больше {percent} % от прайсовой цены; вы согласились на {m_price}"
                        ),
                    ),
                )
            })
        }
        _ => None,
    }
}

/// No agenda before the first question or presentation.
fn require_agenda(turns: &[TurnRecord], f: &Findings) -> Broken {
    let agenda = first_turn(turns, |t| matches!(t.mv, Move::SetAgenda));
    let business = first_turn(turns, |t| {
        matches!(t.mv, Move::Ask { .. } | Move::Present { .. })
    });
    match (agenda, business) {
        (Some(a), Some(b)) if a < b => None,
        (Some(_), None) => None,
        _ => Some((
            business,
            f.t(
                "company rule: always set an agenda before business",
                "правило компании: всегда обозначайте повестку, прежде чем переходить к делу",
            )
            .to_owned(),
        )),
    }
}

/// A presentation before any need was explicit.
fn needs_before_presenting(turns: &[TurnRecord], f: &Findings) -> Broken {
    turns
        .iter()
        .find(|t| matches!(t.mv, Move::Present { .. }) && t.explicit_needs == 0)
        .map(|t| {
            (
                Some(t.turn),
                f.t(
                    "company rule: present nothing before a need is explicit",
                    "правило компании: ничего не презентуйте, пока нет явной потребности",
                )
                .to_owned(),
            )
        })
}

/// Fewer than `count` explicit needs at the end.
fn min_explicit_needs(s: &Session, count: u32, f: &Findings) -> Broken {
    let n = s
        .client()
        .needs
        .iter()
        .filter(|n| n.level == Knowledge::Explicit)
        .count() as u32;
    (n < count).then(|| {
            (
                None,
                f.t(
                    format!(
                        "company rule: make at least {count} needs explicit; you made {n}"
                    ),
                    format!(
                        "правило компании: явных потребностей должно быть не меньше {count}; у вас — {n}"
                    ),
                ),
            )
        })
}

/// A deal without next steps after it.
fn require_next_steps(s: &Session, turns: &[TurnRecord], f: &Findings) -> Broken {
    (matches!(s.outcome(), Some(Outcome::Deal { .. }))
        && !turns
            .iter()
            .any(|t| matches!(t.effect, Effect::NextSteps { after_deal: true })))
    .then(|| {
        (
            None,
            f.t(
                "company rule: explain the next steps after every deal",
                "правило компании: после каждой сделки объясняйте следующие шаги",
            )
            .to_owned(),
        )
    })
}

/// No summary that named a newly admitted need.
fn require_summary(turns: &[TurnRecord], f: &Findings) -> Broken {
    (!turns
        .iter()
        .any(|t| matches!(t.effect, Effect::Summary { useful: true })))
    .then(|| {
        (
            None,
            f.t(
                "company rule: sum up the client's needs at least once",
                "правило компании: хотя бы раз подытожьте потребности клиента",
            )
            .to_owned(),
        )
    })
}

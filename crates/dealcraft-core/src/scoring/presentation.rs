//! Scoring the presentation: features tied to the needs the client stated.

use crate::moves::Move;
use crate::scenario::Scenario;
use crate::session::{Effect, PresentFit, Session, TurnRecord};

use super::findings::add;
use super::{Findings, Rule, first_turn, turns_where};

/// Adds the stage's findings; false when the trainee presented nothing.
pub(super) fn score(s: &Session, turns: &[TurnRecord], f: &mut Findings) -> bool {
    let sc = s.scenario();
    let shows = turns_where(turns, |t| matches!(t.mv, Move::Present { .. }));
    if shows.is_empty() {
        return f.unreached(
            f.t(
                "you never presented the product",
                "вы так и не презентовали продукт",
            ),
            f.t(
                "tie a feature to each need the client made explicit",
                "привяжите свойство продукта к каждой явной потребности клиента",
            ),
        );
    }
    coverage(sc, &shows, f);
    anchoring(&shows, f);
    payoff(turns, f);
    premature(&shows, f);
    mistakes(sc, &shows, f);
    true
}

/// The importance-weighted share of needs a presentation answered.
fn coverage(sc: &Scenario, shows: &[&TurnRecord], f: &mut Findings) {
    let total = f64::from(sc.total_importance().max(1));
    // Each need counts once, at its best presentation.
    let mut best = vec![0.0f64; sc.needs.len()];
    for t in shows {
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
    let answered = 100.0 * covered / total;
    add!(
        f,
        Rule::PresentationCoverage,
        None,
        coverage,
        f.t(
            format!(
                "your presentation answered {answered:.0} % of what the client needs, by weight"
            ),
            format!(
                "ваша презентация ответила на {answered:.0} % потребностей клиента с учётом их веса"
            ),
        ),
        if coverage < 40 {
            Some(f.t(
                "present a feature to every explicit need",
                "покажите свойство продукта для каждой явной потребности",
            ))
        } else {
            None
        },
    );
}

/// The share of presentations, repeats aside, tied to an explicit need.
fn anchoring(shows: &[&TurnRecord], f: &mut Findings) {
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
    let n_fresh = fresh.len();
    add!(f,
        Rule::PresentationAnchoring,
        None,
        anchoring,
        f.t(
            format!(
                "{anchored} of {n_fresh} presentations were tied to a need the client had said out loud"
            ),
            format!(
                "презентаций, привязанных к потребности, которую клиент высказал вслух: {anchored} из {n_fresh}"
            ),
        ),
        if anchored < fresh.len() {
            Some(f.t(
                "present only to explicit needs: value lands where the client feels the need",
                "презентуйте только под явные потребности: ценность доходит до клиента там, где он ощущает потребность",
            ))
        } else {
            None
        },
    );
}

/// A presentation to a need whose value the client stated.
fn payoff(turns: &[TurnRecord], f: &mut Findings) {
    match first_turn(turns, |t| {
        matches!(
            t.effect,
            Effect::Presented {
                fit: PresentFit::Payoff,
                ..
            }
        )
    }) {
        Some(turn) => {
            add!(f,
            Rule::PresentationPayoff,
            Some(turn),
            15,
            f.t(
                "you presented to a benefit the client had put in their own words",
                "вы построили презентацию на выгоде, которую клиент сформулировал своими словами",
            ),
            None,
        )
        }
        None => add!(
            f,
            Rule::PresentationPayoff,
            None,
            0,
            f.t(
                "no presentation built on a benefit the client stated",
                "ни одна презентация не опиралась на выгоду, названную клиентом",
            ),
            Some(f.t(
                "a need-payoff question before presenting makes the pitch land",
                "направляющий вопрос перед презентацией делает её убедительной",
            )),
        ),
    }
}

/// A first presentation before any need was explicit.
fn premature(shows: &[&TurnRecord], f: &mut Findings) {
    if let Some(t) = shows.first().filter(|t| t.explicit_needs == 0) {
        add!(
            f,
            Rule::PresentationPremature,
            Some(t.turn),
            -10,
            f.t(
                "you presented before any need was explicit",
                "вы начали презентацию раньше, чем появилась хоть одна явная потребность",
            ),
            Some(f.t(
                "ask an implication question first",
                "сначала задайте извлекающий вопрос",
            )),
        );
    }
}

/// Irrelevant features, features without a need (at most −20) and repeats.
fn mistakes(sc: &Scenario, shows: &[&TurnRecord], f: &mut Findings) {
    let mut dump = 0;
    for t in shows {
        match t.effect {
            Effect::Presented {
                fit: PresentFit::Irrelevant,
                feature,
                need: Some(n),
            } => {
                let (name, topic) = (&sc.product.features[feature].name, &sc.needs[n].topic);
                add!(f,
                    Rule::PresentationIrrelevant,
                    Some(t.turn),
                    -8,
                    f.t(
                        format!("\"{name}\" does not answer \"{topic}\""),
                        format!("«{name}» не отвечает на потребность «{topic}»"),
                    ),
                    Some(f.t(
                        "check which need a feature serves before you present it",
                        "прежде чем презентовать свойство, проверьте, какой потребности оно отвечает",
                    )),
                )
            }
            Effect::Presented {
                fit: PresentFit::Unanchored,
                ..
            } if dump > -20 => {
                dump -= 4;
                add!(
                    f,
                    Rule::PresentationFeatureDump,
                    Some(t.turn),
                    -4,
                    f.t(
                        "a feature presented without a need behind it",
                        "свойство продукта презентовано без потребности, на которую оно отвечает",
                    ),
                    Some(f.t(
                        "tie each feature to something the client said",
                        "привязывайте каждое свойство к словам клиента",
                    )),
                );
            }
            Effect::Presented {
                fit: PresentFit::Repeat,
                ..
            } => add!(
                f,
                Rule::PresentationRepeat,
                Some(t.turn),
                -3,
                f.t(
                    "you presented the same thing twice",
                    "вы дважды презентовали одно и то же",
                ),
                None,
            ),
            _ => {}
        }
    }
}

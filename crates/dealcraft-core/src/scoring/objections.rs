//! Scoring the objections: how the trainee answered each one the client raised.

use crate::moves::{Move, Technique};
use crate::session::{Effect, HandleResult, ObjectionState, ObjectionStatus, Session, TurnRecord};

use crate::vocab::{en, ru};

use super::findings::add;
use super::{Findings, Rule, turns_where};

/// Adds the stage's findings; false when the client raised none.
pub(super) fn score(s: &Session, turns: &[TurnRecord], f: &mut Findings) -> bool {
    let sc = s.scenario();
    let raised: Vec<usize> = (0..sc.objections.len())
        .filter(|&i| s.client().objections[i].raised_turn.is_some())
        .collect();
    if raised.is_empty() {
        return f.unreached(
            f.t(
                "the client raised no objection",
                "клиент не высказал ни одного возражения",
            ),
            f.t(
                "objections come with price talk, closing and low trust; a short meeting may never reach them",
                "возражения появляются при обсуждении цены, при закрытии и при низком доверии; короткая встреча может до них не дойти",
            ),
        );
    }
    let n = raised.len() as f64;
    for &i in &raised {
        objection(s, turns, i, n, f);
    }
    true
}

/// One objection's findings; the positive ones are shares of 100 split among the `n` raised.
fn objection(s: &Session, turns: &[TurnRecord], i: usize, n: f64, f: &mut Findings) {
    let topic = &s.scenario().objections[i].topic;
    let st = &s.client().objections[i];
    let handles = turns_where(
        turns,
        |t| matches!(&t.effect, Effect::Handled { objection, .. } if *objection == i),
    );
    result(st, topic, &handles, n, f);
    first_answer(topic, &handles, n, f);
    if st.clarified {
        add!(
            f,
            Rule::ObjectionsClarify,
            None,
            share(10.0, n),
            f.t(
                format!("you asked what lay behind \"{topic}\""),
                format!("вы выяснили, что стоит за возражением «{topic}»"),
            ),
            None,
        );
    }
    bad_answers(topic, &handles, f);
    wasted_answers(topic, &handles, f);
}

/// A share of `points` for one of `n` objections.
fn share(points: f64, n: f64) -> i32 {
    (points / n).round() as i32
}

/// Resolved, weakened only, or left unresolved.
fn result(st: &ObjectionState, topic: &str, handles: &[&TurnRecord], n: f64, f: &mut Findings) {
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
    match st.status {
        ObjectionStatus::Resolved => add!(
            f,
            Rule::ObjectionsResolved,
            resolved_at,
            share(70.0, n),
            f.t(
                format!("you resolved \"{topic}\""),
                format!("вы сняли возражение «{topic}»"),
            ),
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
            add!(f,
                Rule::ObjectionsWeakened,
                None,
                share(25.0, n),
                f.t(
                    format!("you weakened \"{topic}\" but did not resolve it"),
                    format!("вы ослабили возражение «{topic}», но не сняли его"),
                ),
                Some(f.t(
                    "follow a partial answer with evidence or a reframe",
                    "после частичного ответа приведите доказательства или переформулируйте возражение",
                )),
            )
        }
        _ => add!(
            f,
            Rule::ObjectionsUnresolved,
            st.raised_turn,
            0,
            f.t(
                format!("\"{topic}\" was left unanswered"),
                format!("возражение «{topic}» осталось без ответа"),
            ),
            Some(f.t(
                "never leave an objection hanging: acknowledge, clarify, answer",
                "не оставляйте возражение без ответа: признайте его, уточните, ответьте",
            )),
        ),
    }
}

/// The first answer: acknowledging or clarifying comes before answering.
fn first_answer(topic: &str, handles: &[&TurnRecord], n: f64, f: &mut Findings) {
    match handles.first().map(|t| &t.mv) {
        Some(Move::Handle {
            technique: Technique::Acknowledge | Technique::Clarify,
            ..
        }) => add!(
            f,
            Rule::ObjectionsAcknowledgeFirst,
            handles.first().map(|t| t.turn),
            share(20.0, n),
            f.t(
                format!("you heard \"{topic}\" out before answering"),
                format!("вы выслушали возражение «{topic}», прежде чем отвечать"),
            ),
            None,
        ),
        Some(_) => add!(
            f,
            Rule::ObjectionsAcknowledgeFirst,
            handles.first().map(|t| t.turn),
            0,
            f.t(
                format!("you answered \"{topic}\" without acknowledging it first"),
                format!("вы ответили на возражение «{topic}», не признав его сначала"),
            ),
            Some(f.t(
                "acknowledge the concern before you answer it",
                "прежде чем отвечать, покажите, что понимаете опасение клиента",
            )),
        ),
        None => {}
    }
}

/// Answers that made the objection worse or gave in to it.
fn bad_answers(topic: &str, handles: &[&TurnRecord], f: &mut Findings) {
    for t in handles {
        match t.effect {
            Effect::Handled {
                result: HandleResult::Backfired,
                technique,
                ..
            } => add!(
                f,
                Rule::ObjectionsBackfire,
                Some(t.turn),
                -10,
                f.t(
                    format!("{} made \"{topic}\" worse", en::technique_word(technique)),
                    format!(
                        "приём «{}» только усилил возражение «{topic}»",
                        ru::technique_word(technique)
                    ),
                ),
                Some(f.t(
                    "match the technique to the concern and to the person",
                    "подбирайте приём и под суть опасения, и под характер клиента",
                )),
            ),
            Effect::Handled {
                technique: Technique::Concede,
                result: HandleResult::Resolved | HandleResult::Weakened,
                ..
            } => {
                add!(f,
                Rule::ObjectionsConceded,
                Some(t.turn),
                -10,
                f.t(
                    format!("you gave in on \"{topic}\" instead of answering it"),
                    format!(
                        "вы уступили по возражению «{topic}» вместо того, чтобы ответить на него"
                    ),
                ),
                Some(f.t(
                    "answer with value before you concede anything",
                    "прежде чем уступать, ответьте аргументами о ценности",
                )),
            )
            }
            _ => {}
        }
    }
}

/// Answers that did nothing, at most five counted.
fn wasted_answers(topic: &str, handles: &[&TurnRecord], f: &mut Findings) {
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
        add!(
            f,
            Rule::ObjectionsNoEffect,
            Some(t.turn),
            -3,
            f.t(
                format!("that answer did nothing for \"{topic}\""),
                format!("этот ответ никак не повлиял на возражение «{topic}»"),
            ),
            None,
        );
    }
}

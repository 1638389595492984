//! Scoring the needs: how well the trainee's questions uncovered what the client needs.

use crate::moves::{Move, QuestionKind};
use crate::scenario::{Knowledge, Need};
use crate::session::{Effect, QuestionResult, Session, TurnRecord};

use crate::vocab::{en, ru};

use super::findings::add;
use super::{Findings, Rule, first_turn, turns_where};

/// Adds the stage's findings; false when the trainee asked no question.
pub(super) fn score(s: &Session, turns: &[TurnRecord], f: &mut Findings) -> bool {
    let asks = turns_where(turns, |t| matches!(t.mv, Move::Ask { .. }));
    if asks.is_empty() {
        return f.unreached(
            f.t(
                "you asked the client no questions",
                "вы не задали клиенту ни одного вопроса",
            ),
            f.t(
                "ask situation and problem questions to find out what they need",
                "задавайте ситуационные и проблемные вопросы, чтобы выяснить потребности клиента",
            ),
        );
    }
    discovery(s, f);
    problem_question(&asks, f);
    implication_question(&asks, f);
    need_payoff_question(&asks, f);
    summary(turns, f);
    listen_first(turns, &asks, f);
    question_quality(&asks, f);
    true
}

/// The importance-weighted share of needs uncovered; a note for each important one missed.
fn discovery(s: &Session, f: &mut Findings) {
    let sc = s.scenario();
    let total = f64::from(sc.total_importance().max(1));
    let mut got = 0.0;
    let mut explicit = 0;
    // A satisfied topic is not a need: it counts for nothing, found or not.
    let real = sc
        .needs
        .iter()
        .zip(&s.client().needs)
        .filter(|(n, _)| !n.satisfied);
    for (need, state) in real {
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
            missed(need, state.level, f);
        }
    }
    let discovery = (55.0 * got / total).round() as i32;
    let n_needs = sc.needs.iter().filter(|n| !n.satisfied).count();
    let uncovered = 100.0 * got / total;
    add!(f,
        Rule::NeedsDiscovery,
        None,
        discovery,
        f.t(
            format!(
                "{explicit} of {n_needs} needs made explicit ({uncovered:.0} % of their weight uncovered)"
            ),
            format!(
                "явных потребностей: {explicit} из {n_needs} (раскрыто {uncovered:.0} % их веса)"
            ),
        ),
        if discovery < 40 {
            Some(f.t(
                "follow SPIN: situation, problem, implication, need-payoff",
                "следуйте модели СПИН: ситуационные, проблемные, извлекающие, направляющие вопросы",
            ))
        } else {
            None
        },
    );
}

/// A note on an important need that never became explicit, with what would have brought it out.
fn missed(need: &Need, level: Knowledge, f: &mut Findings) {
    let tip = match level {
        Knowledge::Hidden => f.t(
            "an open problem question might have brought it up",
            "открытый проблемный вопрос мог бы её выявить",
        ),
        Knowledge::Hinted => f.t(
            "ask a problem question about it to see if it hurts",
            "задайте по этой теме проблемный вопрос, чтобы понять, насколько она болезненна",
        ),
        _ => f.t(
            "an implication question turns an admitted problem into a need",
            "извлекающий вопрос превращает признанную проблему в явную потребность",
        ),
    };
    add!(
        f,
        Rule::NeedsMissed,
        None,
        0,
        f.t(
            format!(
                "need \"{}\" (importance {}) stayed {}",
                need.topic,
                need.importance,
                en::knowledge(level)
            ),
            format!(
                "потребность «{}» (важность {}) осталась {}",
                need.topic,
                need.importance,
                ru::knowledge_stayed(level)
            ),
        ),
        Some(tip),
    );
}

/// The first question of this kind that revealed a need or the value of meeting it.
fn productive<'a>(asks: &[&'a TurnRecord], kind: QuestionKind) -> Option<&'a TurnRecord> {
    asks.iter().copied().find(|t| {
        matches!(
            t.effect,
            Effect::Question {
                kind: k,
                result: QuestionResult::Revealed { .. } | QuestionResult::Payoff { .. },
                ..
            } if k == kind
        )
    })
}

/// A problem question that uncovered a pain.
fn problem_question(asks: &[&TurnRecord], f: &mut Findings) {
    if let Some(t) = productive(asks, QuestionKind::Problem) {
        add!(
            f,
            Rule::NeedsProblemQuestion,
            Some(t.turn),
            5,
            f.t(
                "a problem question uncovered a pain",
                "проблемный вопрос выявил болевую точку",
            ),
            None,
        );
    }
}

/// An implication question that made a need explicit.
fn implication_question(asks: &[&TurnRecord], f: &mut Findings) {
    match productive(asks, QuestionKind::Implication) {
        Some(t) => add!(
            f,
            Rule::NeedsImplicationQuestion,
            Some(t.turn),
            10,
            f.t(
                "an implication question made the client feel the cost of a problem",
                "извлекающий вопрос помог клиенту ощутить цену проблемы",
            ),
            None,
        ),
        None => {
            add!(f,
            Rule::NeedsImplicationQuestion,
            None,
            0,
            f.t(
                "you asked no implication question that worked",
                "ни один ваш извлекающий вопрос не сработал",
            ),
            Some(f.t(
                "ask what a problem costs them: it turns pains into needs",
                "спросите, во что клиенту обходится проблема: так боль превращается в потребность",
            )),
        )
        }
    }
}

/// A need-payoff question that got the client to state a need's value.
fn need_payoff_question(asks: &[&TurnRecord], f: &mut Findings) {
    match productive(asks, QuestionKind::NeedPayoff) {
        Some(t) => add!(
            f,
            Rule::NeedsNeedPayoffQuestion,
            Some(t.turn),
            5,
            f.t(
                "a need-payoff question got the client to state the value in their words",
                "направляющий вопрос помог клиенту своими словами назвать ценность решения",
            ),
            None,
        ),
        None => add!(
            f,
            Rule::NeedsNeedPayoffQuestion,
            None,
            0,
            f.t(
                "the client never said in their own words what a solution is worth",
                "клиент так и не сказал своими словами, чего стоит для него решение",
            ),
            Some(f.t(
                "ask \"what would it mean for you if ...?\"",
                "спросите: «что это будет значить для вас, если ...?»",
            )),
        ),
    }
}

/// A summary that named a newly admitted need.
fn summary(turns: &[TurnRecord], f: &mut Findings) {
    match first_turn(turns, |t| {
        matches!(t.effect, Effect::Summary { useful: true })
    }) {
        Some(turn) => add!(
            f,
            Rule::NeedsSummary,
            Some(turn),
            15,
            f.t(
                "you summed up what you heard (active listening)",
                "вы подытожили услышанное (активное слушание)",
            ),
            None,
        ),
        None => add!(
            f,
            Rule::NeedsSummary,
            None,
            0,
            f.t(
                "you never summed up what the client told you",
                "вы ни разу не подытожили то, что рассказал клиент",
            ),
            Some(f.t(
                "summarise the needs back to the client before presenting",
                "перед презентацией перескажите клиенту его потребности своими словами",
            )),
        ),
    }
}

/// The first question before the first presentation.
fn listen_first(turns: &[TurnRecord], asks: &[&TurnRecord], f: &mut Findings) {
    let first_present = first_turn(turns, |t| matches!(t.mv, Move::Present { .. }));
    if first_present.is_none_or(|p| asks[0].turn < p) {
        add!(
            f,
            Rule::NeedsListenFirst,
            Some(asks[0].turn),
            10,
            f.t(
                "you asked before you pitched",
                "вы сначала задавали вопросы и только потом презентовали",
            ),
            None,
        );
    } else {
        add!(
            f,
            Rule::NeedsListenFirst,
            first_present,
            -10,
            f.t(
                "you pitched before asking a single question",
                "вы начали презентацию, не задав ни одного вопроса",
            ),
            Some(f.t(
                "discover needs first; a pitch without them is noise",
                "сначала выявите потребности: презентация без них — просто шум",
            )),
        );
    }
}

/// Repeated questions and implication or payoff questions asked too early, at most −20 in all.
fn question_quality(asks: &[&TurnRecord], f: &mut Findings) {
    let mut penalty = 0;
    for t in asks {
        let (points, text, tip) = match t.effect {
            Effect::Question {
                result: QuestionResult::Repeat,
                ..
            } => (
                -5,
                f.t(
                    "you asked the same question again",
                    "вы повторно задали тот же вопрос",
                ),
                f.t(
                    "listen to the answer; the client remembers what they said",
                    "слушайте ответы: клиент помнит свои слова",
                ),
            ),
            Effect::Question {
                result: QuestionResult::TooEarly,
                ..
            } => (
                -3,
                f.t(
                    "an implication or payoff question about a topic the client has not called a problem",
                    "извлекающий или направляющий вопрос по теме, которую клиент ещё не назвал проблемой",
                ),
                f.t(
                    "first ask a problem question about the topic",
                    "сначала задайте по этой теме проблемный вопрос",
                ),
            ),
            _ => continue,
        };
        if penalty + points < -20 {
            break;
        }
        penalty += points;
        add!(
            f,
            Rule::NeedsQuestionQuality,
            Some(t.turn),
            points,
            text,
            Some(tip),
        );
    }
}

//! Scoring the contact: how the meeting opened, before any business.

use crate::moves::{Move, Stage};
use crate::scenario::{Lang, SocialStyle};
use crate::session::{Effect, Fit, Session, TurnRecord};
use crate::vocab::{Case, en, ru};

use super::findings::add;
use super::{Findings, Rule, first_turn, turns_where};

/// Adds the stage's findings; false when the meeting never started.
pub(super) fn score(s: &Session, turns: &[TurnRecord], f: &mut Findings) -> bool {
    let style = s.scenario().client.style;
    let meeting = turns_where(turns, |t| !matches!(t.mv, Move::Prepare(_)));
    let Some(first) = meeting.first() else {
        return f.unreached(
            f.t("the meeting never started", "встреча так и не началась"),
            f.t(
                "greet the client to open the meeting",
                "начните встречу с приветствия",
            ),
        );
    };
    if !meeting.iter().any(|t| t.mv.stage() == Some(Stage::Contact)) {
        add!(
            f,
            Rule::ContactSkipped,
            Some(first.turn),
            0,
            f.t(
                "you never made contact: no greeting, no agenda, no rapport",
                "вы так и не установили контакт: ни приветствия, ни повестки, ни личного общения",
            ),
            Some(f.t(
                "open with a greeting in the client's style",
                "начните с приветствия в стиле клиента",
            )),
        );
        // Reached all the same, so the company rules still apply.
        return true;
    }
    opening(first, f);
    let first_business = first_turn(turns, |t| {
        matches!(t.mv, Move::Ask { .. } | Move::Present { .. })
    });
    greeting(turns, style, f);
    agenda(turns, first_business, f);
    let talks: Vec<u32> = turns
        .iter()
        .filter(|t| matches!(t.mv, Move::SmallTalk))
        .map(|t| t.turn)
        .collect();
    rapport(&talks, style, first_business, f);
    too_much_small_talk(&talks, f);
    true
}

/// The first move of the meeting: a greeting, or anything else.
fn opening(first: &TurnRecord, f: &mut Findings) {
    if matches!(first.mv, Move::Greet(_)) {
        add!(
            f,
            Rule::ContactOpening,
            Some(first.turn),
            10,
            f.t(
                "you opened the meeting with a greeting",
                "вы начали встречу с приветствия",
            ),
            None,
        );
    } else {
        add!(
            f,
            Rule::ContactOpening,
            Some(first.turn),
            -10,
            f.t(
                format!(
                    "you opened with {} before greeting",
                    f.move_words(&first.mv, Case::Gen)
                ),
                format!(
                    "вы начали встречу с {}, а не с приветствия",
                    f.move_words(&first.mv, Case::Gen)
                ),
            ),
            Some(f.t(
                "first impressions count: greet before anything else",
                "первое впечатление важно: сначала поздоровайтесь",
            )),
        );
    }
}

/// The first greeting's fit with the client's style.
fn greeting(turns: &[TurnRecord], style: SocialStyle, f: &mut Findings) {
    let (s_en, s_ru) = (en::style_word(style), ru::style_person(style, Case::Dat));
    match turns.iter().find_map(|t| match t.effect {
        Effect::Greeted { fit, repeat: false } => Some((t.turn, fit, &t.mv)),
        _ => None,
    }) {
        Some((turn, Fit::Match, _)) => add!(
            f,
            Rule::ContactStyle,
            Some(turn),
            45,
            f.t(
                format!("your greeting suited the client's {s_en} style"),
                format!("ваше приветствие подошло {s_ru}"),
            ),
            None,
        ),
        Some((turn, Fit::Adjacent, mv)) => add!(
            f,
            Rule::ContactStyle,
            Some(turn),
            20,
            f.t(
                format!(
                    "{} half-suited the client's {s_en} style",
                    f.move_words(mv, Case::Nom)
                ),
                format!(
                    "{} лишь отчасти подходит {s_ru}",
                    f.move_words(mv, Case::Nom)
                ),
            ),
            Some(style_tip(f.lang, style)),
        ),
        Some((turn, Fit::Mismatch, mv)) => add!(
            f,
            Rule::ContactStyle,
            Some(turn),
            0,
            f.t(
                format!(
                    "{} did not suit the client's {s_en} style",
                    f.move_words(mv, Case::Nom)
                ),
                format!("{} не подходит {s_ru}", f.move_words(mv, Case::Nom)),
            ),
            Some(style_tip(f.lang, style)),
        ),
        None => add!(
            f,
            Rule::ContactStyle,
            None,
            0,
            f.t(
                "you never greeted the client",
                "вы так и не поздоровались с клиентом",
            ),
            Some(f.t(
                "greet the client in their style",
                "поздоровайтесь с клиентом в его стиле",
            )),
        ),
    }
}

/// An agenda before the first question or presentation.
fn agenda(turns: &[TurnRecord], first_business: Option<u32>, f: &mut Findings) {
    let before_business = |t: &TurnRecord| first_business.is_none_or(|q| t.turn < q);
    match first_turn(turns, |t| {
        matches!(t.mv, Move::SetAgenda) && before_business(t)
    }) {
        Some(turn) => add!(
            f,
            Rule::ContactAgenda,
            Some(turn),
            20,
            f.t(
                "you proposed an agenda before getting down to business",
                "вы предложили повестку, прежде чем перейти к делу",
            ),
            None,
        ),
        None => {
            add!(f,
            Rule::ContactAgenda,
            None,
            0,
            f.t("you set no agenda", "вы не обозначили повестку встречи"),
            Some(f.t(
                "say what the meeting will cover; it shows respect for the client's time",
                "скажите, что вы обсудите на встрече: это показывает уважение ко времени клиента",
            )),
        )
        }
    }
}

/// Small talk before business for people-oriented clients, none for task-oriented ones.
fn rapport(talks: &[u32], style: SocialStyle, first_business: Option<u32>, f: &mut Findings) {
    if style.likes_small_talk() {
        match talks
            .iter()
            .find(|&&t| first_business.is_none_or(|q| t < q))
        {
            Some(&turn) => add!(
                f,
                Rule::ContactRapport,
                Some(turn),
                25,
                f.t(
                    format!(
                        "you built rapport first, as {} like",
                        en::style_people(style)
                    ),
                    format!(
                        "вы сначала наладили личный контакт — {} это ценят",
                        ru::style_people(style, Case::Nom)
                    ),
                ),
                None,
            ),
            None => {
                add!(f,
                Rule::ContactRapport,
                None,
                0,
                f.t(
                    "you went to business without building rapport",
                    "вы перешли к делу, не наладив личного контакта",
                ),
                Some(f.t(
                    "people-oriented clients want a little personal talk first",
                    "клиентам, ориентированным на людей, сначала нужен небольшой личный разговор",
                )),
            )
            }
        }
    } else if talks.is_empty() {
        add!(
            f,
            Rule::ContactRapport,
            None,
            25,
            f.t(
                format!(
                    "you respected the time of {} and skipped small talk",
                    en::style_person(style)
                ),
                format!(
                    "вы берегли время {} и обошлись без светской беседы",
                    ru::style_person(style, Case::Gen)
                ),
            ),
            None,
        );
    } else {
        add!(
            f,
            Rule::ContactRapport,
            Some(talks[0]),
            0,
            f.t(
                format!("small talk bores {}", en::style_people(style)),
                format!(
                    "{} светская беседа неинтересна",
                    ru::style_people(style, Case::Dat)
                ),
            ),
            Some(f.t(
                "task-oriented clients want to get to the point",
                "клиенты, ориентированные на задачу, хотят сразу перейти к делу",
            )),
        );
    }
}

/// Each small talk beyond the second.
fn too_much_small_talk(talks: &[u32], f: &mut Findings) {
    for &turn in talks.iter().skip(2) {
        add!(
            f,
            Rule::ContactTooMuchSmallTalk,
            Some(turn),
            -10,
            f.t(
                "more small talk than the client wanted",
                "светской беседы больше, чем нужно клиенту",
            ),
            Some(f.t(
                "two exchanges of rapport are plenty",
                "для личного контакта вполне достаточно двух реплик",
            )),
        );
    }
}

/// How to greet a client of this style.
fn style_tip(lang: Lang, style: SocialStyle) -> &'static str {
    use SocialStyle::*;
    match (lang, style) {
        (Lang::En, Driver) => "drivers want it direct and brief",
        (Lang::En, Expressive) => "expressive people respond to energy and enthusiasm",
        (Lang::En, Amiable) => "amiable people want warmth and a personal touch",
        (Lang::En, Analytical) => "analytical people want precision and structure",
        (Lang::Ru, Driver) => "клиентам-драйверам нужны прямота и краткость",
        (Lang::Ru, Expressive) => "экспрессивные клиенты откликаются на энергию и энтузиазм",
        (Lang::Ru, Amiable) => "дружелюбным клиентам важны теплота и личное внимание",
        (Lang::Ru, Analytical) => "клиентам-аналитикам нужны точность и структура",
    }
}

//! Scoring the contact: how the meeting opened, before any business.

use crate::moves::{Move, Stage};
use crate::scenario::SocialStyle;
use crate::session::{Effect, Fit, Session, TurnRecord};

use super::findings::add;
use super::names::{move_ru, style_name, style_ru, style_tip};
use super::{Findings, Rule, first_turn};

/// Adds the stage's findings; false when the meeting never started.
pub(super) fn score(s: &Session, turns: &[TurnRecord], f: &mut Findings) -> bool {
    let style = s.scenario().client.style;
    let meeting: Vec<&TurnRecord> = turns
        .iter()
        .filter(|t| !matches!(t.mv, Move::Prepare(_)))
        .collect();
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
                format!("you opened with {} before greeting", first.mv),
                format!(
                    "вы начали встречу не с приветствия, а с хода: {}",
                    move_ru(&first.mv, f)
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
    let s_ru = style_ru(style);
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
                format!("your greeting suited the client's {style:?} style"),
                format!("ваше приветствие подошло клиенту типа «{s_ru}»"),
            ),
            None,
        ),
        Some((turn, Fit::Adjacent, mv)) => add!(
            f,
            Rule::ContactStyle,
            Some(turn),
            20,
            f.t(
                format!("{mv} half-suited the client's {style:?} style"),
                format!(
                    "{} лишь отчасти подходит клиенту типа «{s_ru}»",
                    move_ru(mv, f)
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
                format!("{mv} did not suit the client's {style:?} style"),
                format!("{} не подходит клиенту типа «{s_ru}»", move_ru(mv, f)),
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
    let s_ru = style_ru(style);
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
                    format!("you built rapport first, as {style:?} people like"),
                    format!("вы сначала наладили личный контакт — клиенты типа «{s_ru}» это ценят"),
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
                    "you respected the time of a {} person and skipped small talk",
                    style_name(style)
                ),
                format!("вы берегли время клиента типа «{s_ru}» и обошлись без светской беседы"),
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
                format!("small talk bores {style:?} people"),
                format!("клиентам типа «{s_ru}» светская беседа неинтересна"),
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

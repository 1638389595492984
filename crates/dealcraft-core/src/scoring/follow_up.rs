//! Scoring the follow-up: what the trainee did for the client after the deal.

use crate::moves::AfterSale;
use crate::session::{Effect, Outcome, Reaction, Session, TurnRecord};

use crate::vocab::{en, ru};

use super::findings::add;
use super::{Findings, Rule};

/// One follow-up action: its turn, the action and how the client took it.
type Act = (u32, AfterSale, Reaction);

/// Adds the stage's findings; false without a deal, or without an action after it.
pub(super) fn score(s: &Session, turns: &[TurnRecord], f: &mut Findings) -> bool {
    if !matches!(s.outcome(), Some(Outcome::Deal { .. })) {
        return f.unreached(
            f.t(
                "there was no deal, so no follow-up",
                "сделки не было, поэтому нет и сопровождения",
            ),
            f.t("close the deal first", "сначала закройте сделку"),
        );
    }
    let acts: Vec<Act> = turns
        .iter()
        .filter_map(|t| match t.effect {
            Effect::FollowedUp { action, reaction } => Some((t.turn, action, reaction)),
            _ => None,
        })
        .collect();
    if acts.is_empty() {
        return f.unreached(
            f.t(
                "you closed the deal but never followed up",
                "вы заключили сделку, но так и не занялись сопровождением клиента",
            ),
            f.t(
                "ask for feedback, offer training, keep in touch",
                "попросите отзыв, предложите обучение, поддерживайте связь",
            ),
        );
    }
    let expects = &s.scenario().follow_up.expects;
    if expects.is_empty() {
        done(&acts, f);
    } else {
        expected(&acts, expects, f);
    }
    let annoyed: Vec<&Act> = acts.iter().filter(|a| a.2 == Reaction::Annoyed).collect();
    tact(&acts, &annoyed, f);
    annoyed_client(&annoyed, f);
    true
}

/// A client who expects nothing in particular: any welcome action earns the points.
fn done(acts: &[Act], f: &mut Findings) {
    if let Some(&(turn, action, _)) = acts.iter().find(|a| a.2 != Reaction::Annoyed) {
        add!(
            f,
            Rule::FollowUpDone,
            Some(turn),
            80,
            f.t(
                format!(
                    "you followed up after the deal ({})",
                    en::after_sale_word(action)
                ),
                format!(
                    "вы поддержали клиента после сделки ({})",
                    ru::after_sale_word(action)
                ),
            ),
            None,
        );
    }
}

/// The actions the scenario expects, each a share of the points.
fn expected(acts: &[Act], expects: &[AfterSale], f: &mut Findings) {
    let each = 80 / expects.len() as i32;
    for want in expects {
        let (want_en, want_ru) = (en::after_sale_word(*want), ru::after_sale_word(*want));
        match acts.iter().find(|a| a.1 == *want) {
            Some(&(turn, ..)) => add!(
                f,
                Rule::FollowUpExpected,
                Some(turn),
                each,
                f.t(
                    format!("{want_en}: just what this client wanted"),
                    format!("{want_ru} — именно то, что было нужно этому клиенту"),
                ),
                None,
            ),
            None => add!(
                f,
                Rule::FollowUpExpected,
                None,
                0,
                f.t(
                    format!("the client would have valued {want_en}"),
                    format!("клиент оценил бы такой шаг: {want_ru}"),
                ),
                Some(f.t(
                    "ask what the client needs after the sale",
                    "спросите, что нужно клиенту после покупки",
                )),
            ),
        }
    }
}

/// The first action put the client first, and nothing annoyed.
fn tact(acts: &[Act], annoyed: &[&Act], f: &mut Findings) {
    if annoyed.is_empty() && acts[0].1 != AfterSale::Upsell {
        add!(
            f,
            Rule::FollowUpTact,
            None,
            20,
            f.t(
                "your follow-up put the client first",
                "в сопровождении вы поставили интересы клиента на первое место",
            ),
            None,
        );
    } else if acts[0].1 == AfterSale::Upsell {
        add!(
            f,
            Rule::FollowUpTact,
            Some(acts[0].0),
            0,
            f.t(
                "you tried to sell more before looking after the client",
                "вы попытались продать ещё, прежде чем позаботиться о клиенте",
            ),
            Some(f.t(
                "support and feedback first; upsell later",
                "сначала поддержка и отзыв, допродажа — потом",
            )),
        );
    }
}

/// Each action the client dislikes.
fn annoyed_client(annoyed: &[&Act], f: &mut Findings) {
    for &&(turn, action, _) in annoyed {
        add!(
            f,
            Rule::FollowUpAnnoyed,
            Some(turn),
            -20,
            f.t(
                format!("{} annoyed this client", en::after_sale_word(action)),
                format!(
                    "действие «{}» вызвало раздражение у этого клиента",
                    ru::after_sale_word(action)
                ),
            ),
            Some(f.t(
                "read what this client values after the sale",
                "поймите, что этот клиент ценит после покупки",
            )),
        );
    }
}

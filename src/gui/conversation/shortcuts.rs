//! Letter keys for the common moves, without modifiers (Ctrl+A stays select-all). Ending the
//! meeting has no key: it is one confirmed click.

use bevy_egui::egui;
use dealcraft_core::Session;
use dealcraft_core::moves::{CloseTechnique, Move, QuestionKind};
use dealcraft_core::session::Phase;

use super::super::model::UiAction;
use super::inputs::ConvUi;

pub const SHORTCUTS: [(egui::Key, &str); 8] = [
    (egui::Key::A, "A"),
    (egui::Key::T, "T"),
    (egui::Key::S, "S"),
    (egui::Key::P, "P"),
    (egui::Key::U, "U"),
    (egui::Key::R, "R"),
    (egui::Key::N, "N"),
    (egui::Key::O, "O"),
];

fn shortcut_move(key: egui::Key, conv: &ConvUi) -> Option<Move> {
    use egui::Key;
    Some(match key {
        Key::A => Move::SetAgenda,
        Key::T => Move::SmallTalk,
        Key::S => Move::Ask {
            kind: QuestionKind::Situation,
            need: None,
        },
        Key::P => Move::Ask {
            kind: QuestionKind::Problem,
            need: None,
        },
        Key::U => Move::Summarize,
        Key::R => Move::Close(CloseTechnique::Trial),
        Key::N => Move::NextSteps,
        Key::O => Move::Offer {
            price: conv.price,
            terms: conv.terms.clone(),
        },
        _ => return None,
    })
}

/// The moves whose keys were pressed this frame.
pub fn shortcuts(ctx: &egui::Context, session: &Session, conv: &ConvUi) -> Vec<UiAction> {
    // Keys typed into a field or a menu are not moves.
    if ctx.egui_wants_keyboard_input() || egui::Popup::is_any_open(ctx) {
        return Vec::new();
    }
    let meeting = session.phase() != Phase::AfterSale;
    ctx.input_mut(|i| {
        SHORTCUTS
            .iter()
            .filter_map(|(key, _)| {
                shortcut_move(*key, conv).filter(|_| i.consume_key(egui::Modifiers::NONE, *key))
            })
            .filter(|mv| meeting || matches!(mv, Move::NextSteps))
            .map(UiAction::Play)
            .collect()
    })
}

//! The conversation screen: its layout, with one file per panel (status, transcript, the move
//! palette and its sections) and the keys for common moves.

mod after_sale;
mod buttons;
mod hints;
mod inputs;
mod moves;
mod negotiation;
mod shortcuts;
mod status;
mod transcript;
mod typing;

use bevy::prelude::*;
use bevy_egui::{EguiPrimaryContextPass, egui};

pub use inputs::ConvUi;
pub use moves::moves_panel;
pub use status::status_panel;
pub use transcript::transcript_panel;
pub use typing::{Typing, typing_panel};

use super::Screen;
use super::i18n::t;
use super::model::{Play, TranscriptFocus, UiAction};
use super::widgets::Chrome;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ConvUi>()
        .init_resource::<Typing>()
        .add_systems(OnEnter(Screen::Conversation), reset)
        .add_systems(
            EguiPrimaryContextPass,
            draw.run_if(in_state(Screen::Conversation)),
        );
}

fn reset(play: Res<Play>, mut conv: ResMut<ConvUi>, mut typing: ResMut<Typing>) {
    if let Some(session) = &play.session {
        *conv = ConvUi::for_session(session);
    }
    typing.reset();
}

fn draw(
    mut chrome: Chrome,
    mut focus: ResMut<TranscriptFocus>,
    mut conv: ResMut<ConvUi>,
    mut typing: ResMut<Typing>,
) -> Result {
    let mut root = chrome.begin(Screen::Conversation)?;
    let lang = chrome.lang(Screen::Conversation);
    // Coach mode is practice only: a workshop board compares play without the hidden meters.
    let coach = (chrome.settings.coach || chrome.play.context.is_draft())
        && chrome.play.context.allows_coach();
    let coach_refused = chrome.settings.coach && !coach;
    let focus = focus.take();
    let Chrome {
        contexts,
        play,
        out,
        ..
    } = &mut chrome;
    // Once the meters have been seen, the session counts as coached.
    if coach && !play.coached {
        out.write(UiAction::SawMeters);
    }
    let Some(session) = &play.session else {
        out.write(UiAction::Open(Screen::Library));
        return Ok(());
    };
    out.write_batch(shortcuts::shortcuts(contexts.ctx_mut()?, session, &conv));
    egui::Panel::top("status").show(&mut root, |ui| {
        status_panel(ui, session, coach, lang);
        if coach_refused {
            ui.label(
                egui::RichText::new(t(
                    lang,
                    "Coach mode is off in workshops: the board compares play without the hidden meters.",
                    "В мастерской режим тренера выключен: таблица сравнивает игру без скрытых показателей.",
                ))
                .italics(),
            );
        }
    });
    egui::Panel::right("moves")
        .resizable(true)
        .default_size(400.0)
        .min_size(320.0)
        .show(&mut root, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                out.write_batch(moves_panel(ui, session, &mut conv, lang));
            });
        });
    egui::Panel::bottom("typing").show(&mut root, |ui| {
        out.write_batch(typing_panel(ui, session, &mut typing, lang));
    });
    egui::CentralPanel::default().show(&mut root, |ui| transcript_panel(ui, session, focus, lang));
    Ok(())
}

#[cfg(test)]
pub(super) mod tests {
    use std::sync::Arc;

    use dealcraft_core::{Rubric, Session, bundled};

    /// A fresh fleet-telematics session, the one every panel test starts from.
    pub fn session() -> Session {
        let sc = bundled::load("fleet-telematics").unwrap().scenario;
        Session::new(Arc::new(sc), Rubric::default(), 3)
    }
}

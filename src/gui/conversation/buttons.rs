//! The palette's building blocks: move buttons the session may grey out, stage sections and
//! the confirmed "end" button.

use bevy_egui::egui;
use dealcraft_core::moves::Move;
use dealcraft_core::{Session, Stage};

use super::super::i18n::{self, UiLang, t};
use super::super::model::UiAction;
use super::inputs::ConvUi;

/// The palette's clicks so far, and the session that says which moves are legal now: a button
/// the engine would refuse is greyed out with the engine's reason, so the palette never repeats
/// the rules.
pub struct Picks<'s> {
    pub session: &'s Session,
    pub actions: Vec<UiAction>,
}

impl<'s> Picks<'s> {
    pub fn new(session: &'s Session) -> Self {
        Picks {
            session,
            actions: Vec::new(),
        }
    }

    pub fn push(&mut self, action: UiAction) {
        self.actions.push(action);
    }
}

/// A move button, greyed out with the reason when the session would refuse the move.
pub fn play_button(
    ui: &mut egui::Ui,
    text: impl Into<egui::WidgetText>,
    mv: Move,
    out: &mut Picks,
) {
    move_button(ui, text, None, mv, out);
}

/// A move button with an explanation on hover, for the sales jargon.
pub fn explained(
    ui: &mut egui::Ui,
    text: impl Into<egui::WidgetText>,
    hint: &str,
    mv: Move,
    out: &mut Picks,
) {
    move_button(ui, text, Some(hint), mv, out);
}

fn move_button(
    ui: &mut egui::Ui,
    text: impl Into<egui::WidgetText>,
    hint: Option<&str>,
    mv: Move,
    out: &mut Picks,
) {
    let legal = out.session.check_move(&mv);
    let mut response = ui.add_enabled(legal.is_ok(), egui::Button::new(text));
    if let Some(hint) = hint {
        response = response.on_hover_text(hint);
    }
    if let Err(why) = &legal {
        response = response.on_disabled_hover_text(why.to_string());
    }
    if response.clicked() {
        out.push(UiAction::Play(mv));
    }
}

/// A collapsible section for one stage, highlighted when it is the current one.
pub fn section(
    ui: &mut egui::Ui,
    lang: UiLang,
    stage: Stage,
    current: Option<Stage>,
    body: impl FnOnce(&mut egui::Ui),
) {
    let mut title = egui::RichText::new(i18n::stage(lang, stage)).strong();
    if current == Some(stage) {
        title = title.color(egui::Color32::from_rgb(30, 90, 170));
    }
    egui::CollapsingHeader::new(title)
        .id_salt(stage.key())
        .default_open(true)
        .show(ui, body);
}

/// Ending cannot be undone, so it takes a second click.
pub fn end_button(
    ui: &mut egui::Ui,
    conv: &mut ConvUi,
    lang: UiLang,
    label: &str,
    out: &mut Picks,
) {
    if !conv.confirm_end {
        if ui.button(label).clicked() {
            conv.confirm_end = true;
        }
        return;
    }
    ui.horizontal(|ui| {
        ui.label(t(
            lang,
            "End it now? This cannot be undone.",
            "Завершить? Это нельзя отменить.",
        ));
        if ui.button(t(lang, "Yes, end", "Да, завершить")).clicked() {
            conv.confirm_end = false;
            out.push(UiAction::Play(Move::End));
        }
        if ui.button(t(lang, "No", "Нет")).clicked() {
            conv.confirm_end = false;
        }
    });
}

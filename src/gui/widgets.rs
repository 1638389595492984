//! Pieces every screen shares: the root `Ui`, the top bar and the notice line.

use bevy_egui::egui::{self, LayerId, Ui, UiBuilder};

use super::Screen;
use super::i18n::{UiLang, t};
use super::model::UiAction;

/// A `Ui` covering the whole window, for top-level panels (egui 0.36 shows panels in a `Ui`).
pub fn root_ui(ctx: &egui::Context) -> Ui {
    Ui::new(
        ctx.clone(),
        "dealcraft-root".into(),
        UiBuilder::new()
            .layer_id(LayerId::background())
            .max_rect(ctx.viewport_rect()),
    )
}

/// The bar on top of every screen: the app's name, navigation and the last notice.
pub fn top_bar(ui: &mut Ui, lang: UiLang, screen: Screen, notice: Option<&str>) -> Vec<UiAction> {
    let mut out = Vec::new();
    egui::Panel::top("top-bar").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.heading("Dealcraft");
            ui.separator();
            let library = ui.selectable_label(
                screen == Screen::Library,
                t(lang, "📚 Library", "📚 Библиотека"),
            );
            if library.clicked() && screen != Screen::Library {
                out.push(UiAction::Open(Screen::Library));
            }
            let settings = ui.selectable_label(
                screen == Screen::Settings,
                t(lang, "⚙ Settings", "⚙ Настройки"),
            );
            if settings.clicked() && screen != Screen::Settings {
                out.push(UiAction::Open(Screen::Settings));
            }
            if let Some(text) = notice {
                ui.separator();
                ui.colored_label(egui::Color32::from_rgb(160, 80, 0), text);
            }
        });
    });
    out
}

/// A score as a coloured number: red, amber, green.
pub fn score_color(score: u32) -> egui::Color32 {
    match score {
        0..=49 => egui::Color32::from_rgb(190, 40, 40),
        50..=74 => egui::Color32::from_rgb(200, 130, 0),
        _ => egui::Color32::from_rgb(30, 140, 60),
    }
}

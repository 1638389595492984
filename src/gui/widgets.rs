//! Pieces every screen shares: the root `Ui`, the top bar and the notice line.

use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy_egui::EguiContexts;
use bevy_egui::egui::{self, LayerId, Ui, UiBuilder};

use super::Screen;
use super::i18n::{UiLang, t};
use super::model::{Notice, Play, Settings, UiAction};

/// What every screen's draw system needs: egui, settings, the session, and where actions go.
#[derive(SystemParam)]
pub struct Chrome<'w, 's> {
    pub contexts: EguiContexts<'w, 's>,
    pub settings: Res<'w, Settings>,
    pub notice: Res<'w, Notice>,
    pub play: Res<'w, Play>,
    pub out: MessageWriter<'w, UiAction>,
}

impl Chrome<'_, '_> {
    /// The language of a screen: on a session's screens (preparation, conversation, debrief)
    /// the scenario's unless the trainee chose one; elsewhere the trainee's.
    pub fn lang(&self, screen: Screen) -> UiLang {
        let scenario = self.play.scenario.as_ref().map(|l| l.scenario.language);
        match screen {
            Screen::Preparation | Screen::Conversation | Screen::Debrief => {
                self.settings.lang_for(scenario)
            }
            _ => self.settings.lang,
        }
    }

    /// The root `Ui` of a screen, with the top bar already drawn.
    pub fn begin(&mut self, screen: Screen) -> Result<Ui> {
        self.begin_in(screen, self.lang(screen))
    }

    /// The root `Ui` of a screen whose language its own content decides (a scenario's balance).
    pub fn begin_in(&mut self, screen: Screen, lang: UiLang) -> Result<Ui> {
        let ctx = self.contexts.ctx_mut()?.clone();
        let mut root = root_ui(&ctx);
        let actions = top_bar(
            &mut root,
            lang,
            screen,
            self.notice.0.as_deref(),
            self.play.resume_screen(),
        );
        self.out.write_batch(actions);
        Ok(root)
    }
}

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

/// The bar on top of every screen: the app's name, navigation (back to a running meeting or its
/// debrief, too) and the last notice.
pub fn top_bar(
    ui: &mut Ui,
    lang: UiLang,
    screen: Screen,
    notice: Option<&str>,
    resume: Option<Screen>,
) -> Vec<UiAction> {
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
            let history = ui.selectable_label(
                screen == Screen::History,
                t(lang, "📈 History", "📈 История"),
            );
            if history.clicked() && screen != Screen::History {
                out.push(UiAction::Open(Screen::History));
            }
            let workshop = ui.selectable_label(
                screen == Screen::Workshop,
                t(lang, "👥 Workshop", "👥 Тренинг"),
            );
            if workshop.clicked() && screen != Screen::Workshop {
                out.push(UiAction::Open(Screen::Workshop));
            }
            let editor =
                ui.selectable_label(screen == Screen::Editor, t(lang, "✏ Editor", "✏ Редактор"));
            if editor.clicked() && screen != Screen::Editor {
                out.push(UiAction::Edit(None));
            }
            let settings = ui.selectable_label(
                screen == Screen::Settings,
                t(lang, "⚙ Settings", "⚙ Настройки"),
            );
            if settings.clicked() && screen != Screen::Settings {
                out.push(UiAction::Open(Screen::Settings));
            }
            if let Some(back) = resume.filter(|s| *s != screen) {
                let label = match back {
                    Screen::Debrief => t(lang, "📋 Back to the debrief", "📋 К разбору"),
                    _ => t(lang, "💬 Back to the meeting", "💬 К встрече"),
                };
                if ui.button(label).clicked() {
                    out.push(UiAction::Open(back));
                }
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

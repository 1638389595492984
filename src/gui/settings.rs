//! The settings screen: UI language, coach or exam mode, player name and UI scale; saved on change.

use bevy::prelude::*;
use bevy_egui::{EguiPrimaryContextPass, egui};

use super::Screen;
use super::files;
use super::i18n::{UiLang, t};
use super::model::{Background, Settings, UiAction};
use super::widgets::Chrome;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.run_if(in_state(Screen::Settings)),
    )
    .add_systems(Update, save.run_if(resource_changed::<Settings>));
}

/// Saves the settings off the UI thread, in order with other writes.
fn save(settings: Res<Settings>, data: Option<Res<files::DataDir>>, background: Res<Background>) {
    if let Some(data) = data
        && !settings.is_added()
    {
        let (dir, settings) = (data.0.clone(), settings.clone());
        background.disk(None, move || {
            files::save_settings(&dir, &settings);
            None
        });
    }
}

fn draw(mut chrome: Chrome, db: Res<super::model::Db>) -> Result {
    let mut root = chrome.begin(Screen::Settings)?;
    let Chrome { settings, out, .. } = &mut chrome;
    egui::CentralPanel::default().show(&mut root, |ui| {
        out.write_batch(panel(ui, settings));
        ui.weak(db.describe())
            .on_hover_text(t(
                settings.lang,
                "every finished session is kept here; `dealcraft scores` reads it; start with --db FILE for another",
                "здесь хранится каждая завершённая встреча; её читает `dealcraft scores`; другая — через --db FILE",
            ));
    });
    Ok(())
}

/// The settings form; every change is an action, applied and saved by the app.
pub fn panel(ui: &mut egui::Ui, settings: &Settings) -> Vec<UiAction> {
    let mut out = Vec::new();
    let lang = settings.lang;
    ui.heading(t(lang, "Settings", "Настройки"));
    egui::Grid::new("settings")
        .num_columns(2)
        .spacing([24.0, 12.0])
        .show(ui, |ui| {
            ui.label(t(lang, "Language", "Язык"));
            ui.horizontal(|ui| {
                if ui.radio(lang == UiLang::En, "English").clicked() {
                    out.push(UiAction::SetLang(UiLang::En));
                }
                if ui.radio(lang == UiLang::Ru, "Русский").clicked() {
                    out.push(UiAction::SetLang(UiLang::Ru));
                }
            });
            ui.end_row();
            ui.label("");
            // Choosing a language above turns this off; ticking it gives sessions back to the
            // scenario's language.
            let mut follow = !settings.lang_chosen;
            let text = t(
                lang,
                "Sessions speak the scenario's language",
                "Встречи — на языке сценария",
            );
            if ui.checkbox(&mut follow, text).changed() {
                out.push(UiAction::FollowScenarioLang(follow));
            }
            ui.end_row();
            ui.label(t(lang, "Mode", "Режим"));
            ui.vertical(|ui| {
                if ui
                    .radio(
                        settings.coach,
                        t(
                            lang,
                            "Coach: show the client's trust, interest and patience",
                            "Тренер: показывать доверие, интерес и терпение клиента",
                        ),
                    )
                    .clicked()
                {
                    out.push(UiAction::SetCoach(true));
                }
                if ui
                    .radio(
                        !settings.coach,
                        t(
                            lang,
                            "Exam: hide them, as in a real meeting",
                            "Экзамен: скрывать, как на настоящей встрече",
                        ),
                    )
                    .clicked()
                {
                    out.push(UiAction::SetCoach(false));
                }
            });
            ui.end_row();
            ui.label(t(lang, "Player name", "Имя игрока"));
            let mut name = settings.player.clone();
            if ui.text_edit_singleline(&mut name).changed() {
                out.push(UiAction::SetPlayer(name));
            }
            ui.end_row();
            ui.label(t(lang, "UI scale", "Масштаб"));
            let mut scale = settings.scale;
            // Applied when the slider is let go, so the UI does not rescale under the pointer.
            let slider = ui.add(egui::Slider::new(&mut scale, 0.75..=2.0).step_by(0.05));
            if slider.drag_stopped() || (slider.changed() && !slider.dragged()) {
                out.push(UiAction::SetScale(scale));
            }
            ui.end_row();
        });
    ui.add_space(12.0);
    ui.weak(format!(
        "{} {}",
        t(lang, "Your scenario folder:", "Папка ваших сценариев:"),
        files::user_scenarios().display()
    ));
    out
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;

    #[test]
    fn choosing_russian_and_exam_mode_sends_actions() {
        let settings = Settings::default();
        let mut harness = Harness::new_ui_state(
            |ui, out: &mut Vec<UiAction>| out.extend(panel(ui, &settings)),
            Vec::new(),
        );
        harness.run();
        harness.get_by_label("Русский").click();
        harness.run();
        harness.get_by_label_contains("Exam: hide them").click();
        harness.run();
        let out = harness.state();
        assert!(out.contains(&UiAction::SetLang(UiLang::Ru)), "{out:?}");
        assert!(out.contains(&UiAction::SetCoach(false)), "{out:?}");
    }

    #[test]
    fn sessions_can_go_back_to_the_scenarios_language() {
        let settings = Settings {
            lang: UiLang::En,
            lang_chosen: true,
            ..Settings::default()
        };
        let mut harness = Harness::new_ui_state(
            |ui, out: &mut Vec<UiAction>| out.extend(panel(ui, &settings)),
            Vec::new(),
        );
        harness.run();
        harness
            .get_by_label("Sessions speak the scenario's language")
            .click();
        harness.run();
        assert_eq!(harness.state(), &[UiAction::FollowScenarioLang(true)]);
    }

    #[test]
    fn the_form_speaks_russian() {
        let settings = Settings {
            lang: UiLang::Ru,
            ..Settings::default()
        };
        let mut harness = Harness::new_ui_state(
            |ui, out: &mut Vec<UiAction>| out.extend(panel(ui, &settings)),
            Vec::new(),
        );
        harness.run();
        harness.get_by_label("Настройки");
        harness.get_by_label("Масштаб");
    }
}

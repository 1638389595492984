//! The library screen: scenario cards to pick from, a search, and the files that failed to load.

use bevy::prelude::*;
use bevy_egui::{EguiPrimaryContextPass, egui};
use dealcraft_core::scenario::{Difficulty, Lang};

use super::Screen;
use super::i18n::{self, UiLang, t};
use super::model::{Library, UiAction};
use super::widgets::{self, Chrome};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<LibraryUi>().add_systems(
        EguiPrimaryContextPass,
        draw.run_if(in_state(Screen::Library)),
    );
}

/// What the user typed and chose on the library screen.
#[derive(Resource, Debug, Default, Clone)]
pub struct LibraryUi {
    pub search: String,
    pub difficulty: Option<Difficulty>,
    pub language: Option<Lang>,
}

fn draw(mut chrome: Chrome, library: Res<Library>, mut state: ResMut<LibraryUi>) -> Result {
    let mut root = chrome.begin(Screen::Library)?;
    let lang = chrome.settings.lang;
    egui::CentralPanel::default().show(&mut root, |ui| {
        chrome
            .out
            .write_batch(panel(ui, &library, &mut state, lang));
    });
    Ok(())
}

const CARD_WIDTH: f32 = 330.0;

/// The library: filters, cards and the error list.
pub fn panel(
    ui: &mut egui::Ui,
    library: &Library,
    state: &mut LibraryUi,
    lang: UiLang,
) -> Vec<UiAction> {
    let mut out = Vec::new();
    ui.horizontal(|ui| {
        ui.label(t(lang, "Search:", "Поиск:"));
        ui.add(
            egui::TextEdit::singleline(&mut state.search)
                .desired_width(220.0)
                .hint_text(t(
                    lang,
                    "client, company, industry",
                    "клиент, компания, отрасль",
                )),
        );
        egui::ComboBox::from_id_salt("difficulty")
            .selected_text(state.difficulty.map_or(
                t(lang, "any difficulty", "любая сложность"),
                |d| i18n::difficulty(lang, d),
            ))
            .show_ui(ui, |ui| {
                ui.selectable_value(
                    &mut state.difficulty,
                    None,
                    t(lang, "any difficulty", "любая сложность"),
                );
                for d in [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard] {
                    ui.selectable_value(&mut state.difficulty, Some(d), i18n::difficulty(lang, d));
                }
            });
        egui::ComboBox::from_id_salt("language")
            .selected_text(match state.language {
                None => t(lang, "any language", "любой язык"),
                Some(Lang::En) => "English",
                Some(Lang::Ru) => "Русский",
            })
            .show_ui(ui, |ui| {
                ui.selectable_value(
                    &mut state.language,
                    None,
                    t(lang, "any language", "любой язык"),
                );
                ui.selectable_value(&mut state.language, Some(Lang::En), "English");
                ui.selectable_value(&mut state.language, Some(Lang::Ru), "Русский");
            });
    });
    ui.add_space(8.0);
    let broken: Vec<_> = library
        .entries
        .iter()
        .filter(|e| e.error.is_some())
        .collect();
    // Trainers see broken files first: the error is what they are working on.
    if !broken.is_empty() {
        errors(ui, &broken, lang);
        ui.add_space(8.0);
    }
    egui::ScrollArea::vertical()
        .id_salt("cards")
        .show(ui, |ui| {
            let needle = state.search.to_lowercase();
            let shown: Vec<&super::model::Entry> = library
                .entries
                .iter()
                .filter(|entry| {
                    let Some(loaded) = &entry.loaded else {
                        return false;
                    };
                    let sc = &loaded.scenario;
                    let haystack = format!(
                        "{} {} {} {} {}",
                        sc.title, sc.client.name, sc.client.company, sc.industry, sc.id
                    )
                    .to_lowercase();
                    (needle.is_empty() || haystack.contains(&needle))
                        && state.difficulty.is_none_or(|d| d == sc.difficulty)
                        && state.language.is_none_or(|l| l == sc.language)
                })
                .collect();
            if shown.is_empty() {
                ui.weak(t(
                    lang,
                    "No scenario matches.",
                    "Ни один сценарий не подходит.",
                ));
            }
            // As many cards per row as fit.
            let per_row = ((ui.available_width() + 8.0) / (CARD_WIDTH + 32.0))
                .floor()
                .max(1.0) as usize;
            for row in shown.chunks(per_row) {
                ui.horizontal(|ui| {
                    for entry in row {
                        let best = entry
                            .loaded
                            .as_ref()
                            .and_then(|l| library.best.get(&l.scenario.id).copied());
                        card(ui, entry, best, lang, &mut out);
                    }
                });
            }
        });
    out
}

/// The files that failed to load, each with its full diagnostics.
fn errors(ui: &mut egui::Ui, broken: &[&super::model::Entry], lang: UiLang) {
    ui.label(
        egui::RichText::new(t(lang, "⚠ Files with errors", "⚠ Файлы с ошибками"))
            .strong()
            .color(egui::Color32::from_rgb(180, 90, 0)),
    );
    egui::ScrollArea::both()
        .id_salt("errors")
        .max_height(220.0)
        .show(ui, |ui| {
            for (i, entry) in broken.iter().enumerate() {
                let note = if entry.loaded.is_some() {
                    t(
                        lang,
                        "the last good version stays playable",
                        "играется последняя рабочая версия",
                    )
                } else {
                    t(
                        lang,
                        "not playable until fixed",
                        "недоступен, пока не исправлен",
                    )
                };
                egui::CollapsingHeader::new(format!("{} — {note}", entry.name))
                    .id_salt(("error", i, &entry.name))
                    .default_open(true)
                    .show(ui, |ui| {
                        let text = entry.error.as_deref().unwrap_or_default();
                        ui.add(
                            egui::Label::new(egui::RichText::new(text).monospace())
                                .wrap_mode(egui::TextWrapMode::Extend),
                        );
                    });
            }
        });
}

fn card(
    ui: &mut egui::Ui,
    entry: &super::model::Entry,
    best: Option<u32>,
    lang: UiLang,
    out: &mut Vec<UiAction>,
) {
    let Some(loaded) = &entry.loaded else { return };
    let sc = &loaded.scenario;
    egui::Frame::group(ui.style())
        .inner_margin(12.0)
        .show(ui, |ui| {
            ui.set_width(CARD_WIDTH);
            ui.set_min_height(170.0);
            ui.vertical(|ui| {
                ui.label(egui::RichText::new(&sc.title).heading().size(18.0));
                ui.label(format!("{}, {}", sc.client.name, sc.client.role));
                ui.label(egui::RichText::new(&sc.client.company).italics());
                if !sc.summary.is_empty() {
                    ui.add(egui::Label::new(egui::RichText::new(&sc.summary).small()).truncate())
                        .on_hover_text(&sc.summary);
                }
                ui.label(format!(
                    "{} · {} · {}",
                    sc.industry,
                    i18n::difficulty(lang, sc.difficulty),
                    match sc.language {
                        Lang::En => "English",
                        Lang::Ru => "Русский",
                    }
                ));
                ui.horizontal(|ui| {
                    match best {
                        Some(b) => {
                            ui.label(t(lang, "Best:", "Лучший:"));
                            ui.colored_label(widgets::score_color(b), format!("{b}/100"));
                        }
                        None => {
                            ui.weak(t(lang, "not played yet", "ещё не сыграно"));
                        }
                    }
                    if entry.error.is_some() {
                        ui.colored_label(
                            egui::Color32::from_rgb(200, 120, 0),
                            t(lang, "⚠ file has errors", "⚠ в файле ошибки"),
                        );
                    }
                });
                ui.horizontal(|ui| {
                    if ui.button(t(lang, "▶ Play", "▶ Играть")).clicked() {
                        out.push(UiAction::Pick(sc.id.clone()));
                    }
                    if ui
                        .button(t(lang, "⚖ Balance", "⚖ Баланс"))
                        .on_hover_text(t(
                            lang,
                            "let bots play this client many times: is it winnable but not trivial?",
                            "боты сыграют с клиентом много раз: можно ли выиграть и не слишком ли легко?",
                        ))
                        .clicked()
                    {
                        out.push(UiAction::Balance(sc.id.clone()));
                    }
                    if ui
                        .button(t(lang, "✏ Edit", "✏ Изменить"))
                        .on_hover_text(t(
                            lang,
                            "change this client in the editor, with every check as you type",
                            "изменить клиента в редакторе, с проверками по ходу ввода",
                        ))
                        .clicked()
                    {
                        out.push(UiAction::Edit(Some(sc.id.clone())));
                    }
                });
            });
        });
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use dealcraft_core::bundled;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;
    use crate::gui::model::{Entry, Origin};

    fn library() -> Library {
        let mut library = Library::default();
        for ((name, _), loaded) in bundled::SCENARIOS.iter().zip(bundled::all()) {
            library.upsert(
                Origin::Bundled((*name).into()),
                (*name).into(),
                Ok(Arc::new(loaded.unwrap())),
            );
        }
        library.entries.push(Entry {
            origin: Origin::File("broken.ron".into()),
            name: "broken.ron".into(),
            loaded: None,
            error: Some("broken.ron:3:5: error: unknown field `objectons`".into()),
        });
        library.best.insert("fleet-telematics".into(), 87);
        library
    }

    #[test]
    fn cards_filters_and_errors() {
        let library = library();
        let mut harness = Harness::new_ui_state(
            |ui, (state, out): &mut (LibraryUi, Vec<UiAction>)| {
                out.extend(panel(ui, &library, state, UiLang::En))
            },
            (LibraryUi::default(), Vec::new()),
        );
        harness.run();
        harness.get_by_label("Telematics for a trucking fleet");
        harness.get_by_label("87/100");
        harness.get_by_label_contains("unknown field `objectons`");
        // Play on the first card picks its scenario.
        harness.get_all_by_label("▶ Play").next().unwrap().click();
        harness.run();
        assert_eq!(
            harness.state().1.first(),
            Some(&UiAction::Pick("clinic-scheduling".into()))
        );
    }

    #[test]
    fn search_narrows_the_cards() {
        let library = library();
        let state = LibraryUi {
            search: "dairy".into(),
            ..Default::default()
        };
        let mut harness = Harness::new_ui_state(
            |ui, (state, out): &mut (LibraryUi, Vec<UiAction>)| {
                out.extend(panel(ui, &library, state, UiLang::En))
            },
            (state, Vec::new()),
        );
        harness.run();
        assert_eq!(
            harness.get_all_by_label("▶ Play").count(),
            1,
            "only the dairy farm matches"
        );
        assert!(
            harness
                .query_by_label("Telematics for a trucking fleet")
                .is_none()
        );
    }
}

//! The library screen: scenario cards to pick from, a search, and the files that failed to load.

use bevy::prelude::*;
use bevy_egui::{EguiPrimaryContextPass, egui};
use dealcraft_core::Assignment;
use dealcraft_core::scenario::{Difficulty, Lang};
use dealcraft_core::track::{EntryState, TrackAttempt};

use super::Screen;
use super::i18n::{self, UiLang, t};
use super::learning::LearningState;
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
    /// The path typed in "Open assignment".
    pub assignment_file: String,
    pub difficulty: Option<Difficulty>,
    pub language: Option<Lang>,
}

fn draw(
    mut chrome: Chrome,
    library: Res<Library>,
    mut state: ResMut<LibraryUi>,
    learning: Res<LearningState>,
) -> Result {
    let mut root = chrome.begin(Screen::Library)?;
    let lang = chrome.settings.lang;
    let player = chrome.settings.player_name();
    let today = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::system())
        .date();
    egui::CentralPanel::default().show(&mut root, |ui| {
        let mut out = assignments(ui, &library, &learning, &player, today, lang);
        open_assignment(ui, &mut state, lang, &mut out);
        out.extend(panel(ui, &library, &mut state, lang));
        chrome.out.write_batch(out);
    });
    Ok(())
}

/// "Assigned to you, due Friday": the player's assignments, soonest due first, above everything
/// else, each scenario with where the player stands on it.
pub fn assignments(
    ui: &mut egui::Ui,
    library: &Library,
    learning: &LearningState,
    player: &str,
    today: jiff::civil::Date,
    lang: UiLang,
) -> Vec<UiAction> {
    let mut out = Vec::new();
    // A broken track or assignment file: the trainee should tell the trainer.
    for problem in &learning.learning.problems {
        ui.colored_label(egui::Color32::from_rgb(200, 120, 0), format!("⚠ {problem}"));
    }
    for a in learning.learning.assignments_for(player) {
        egui::Frame::group(ui.style())
            .inner_margin(10.0)
            .fill(ui.visuals().faint_bg_color)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal_wrapped(|ui| {
                    let head = format!(
                        "📌 {}, {}",
                        t(lang, "Assigned to you", "Назначено вам"),
                        due(a, today, lang)
                    );
                    ui.label(egui::RichText::new(head).strong().size(16.0));
                    ui.label(egui::RichText::new(&a.title).strong());
                    if !a.from.is_empty() {
                        ui.weak(format!("— {}", a.from));
                    }
                });
                if !a.note.is_empty() {
                    ui.label(egui::RichText::new(&a.note).italics());
                }
                let progress = a.track.as_ref().map(|t| t.progress(&learning.mine));
                if let (Some(track), Some(p)) = (&a.track, &progress) {
                    ui.label(format!(
                        "{}: {} {} {}",
                        track.title_in(lang.code()),
                        p.passed(),
                        t(lang, "of", "из"),
                        p.entries.len()
                    ));
                }
                ui.horizontal_wrapped(|ui| {
                    for id in a.scenario_ids() {
                        let state = progress
                            .as_ref()
                            .and_then(|p| p.entries.iter().find(|e| e.scenario == id))
                            .map(|e| e.state.clone())
                            .unwrap_or_else(|| own_state(&learning.mine, id));
                        let known = library
                            .entries
                            .iter()
                            .any(|e| e.loaded.as_ref().is_some_and(|l| l.scenario.id == id));
                        ui.label(entry_state(id, &state, lang));
                        if !known {
                            ui.colored_label(
                                egui::Color32::from_rgb(200, 120, 0),
                                t(lang, "⚠ not in your library", "⚠ нет в библиотеке"),
                            );
                        } else if matches!(state, EntryState::Open { .. })
                            && ui.small_button(t(lang, "▶ Play", "▶ Играть")).clicked()
                        {
                            out.push(UiAction::Pick(id.to_owned()));
                        }
                        ui.add_space(10.0);
                    }
                });
            });
        ui.add_space(6.0);
    }
    out
}

/// A scenario asked for outside a track: passed once any attempt of the player's passed.
fn own_state(mine: &[TrackAttempt], id: &str) -> EntryState {
    match mine.iter().find(|a| a.scenario == id && a.passed) {
        Some(a) => EntryState::Passed {
            at: a.recorded_at,
            overall: a.overall,
        },
        None => EntryState::Open { left: None },
    }
}

/// "due Friday", "due today", "due 2026-12-24", "overdue since 2026-12-01".
pub fn due(a: &Assignment, today: jiff::civil::Date, lang: UiLang) -> String {
    let Some(date) = a.due_date() else {
        return a.due.clone();
    };
    let days = (date - today).get_days();
    match (lang, days) {
        (UiLang::En, 0) => "due today".into(),
        (UiLang::Ru, 0) => "срок — сегодня".into(),
        (UiLang::En, 1) => "due tomorrow".into(),
        (UiLang::Ru, 1) => "срок — завтра".into(),
        (UiLang::En, d) if d < 0 => format!("overdue since {date}"),
        (UiLang::Ru, d) if d < 0 => format!("срок прошёл {date}"),
        (UiLang::En, 2..=6) => format!("due {:?}", date.weekday()),
        (UiLang::Ru, 2..=6) => format!("срок — {}", weekday_ru(date.weekday())),
        (UiLang::En, _) => format!("due {date}"),
        (UiLang::Ru, _) => format!("срок — {date}"),
    }
}

fn weekday_ru(d: jiff::civil::Weekday) -> &'static str {
    use jiff::civil::Weekday as W;
    match d {
        W::Monday => "понедельник",
        W::Tuesday => "вторник",
        W::Wednesday => "среда",
        W::Thursday => "четверг",
        W::Friday => "пятница",
        W::Saturday => "суббота",
        W::Sunday => "воскресенье",
    }
}

/// A scenario's state on a track, in a few words.
pub fn entry_state(id: &str, state: &EntryState, lang: UiLang) -> String {
    match (state, lang) {
        (EntryState::Passed { overall, .. }, UiLang::En) => format!("✔ {id} passed ({overall})"),
        (EntryState::Passed { overall, .. }, UiLang::Ru) => format!("✔ {id} сдан ({overall})"),
        (EntryState::Open { left: Some(n) }, UiLang::En) => {
            format!("○ {id}: {n} attempts left")
        }
        (EntryState::Open { left: Some(n) }, UiLang::Ru) => {
            format!("○ {id}: осталось попыток {n}")
        }
        (EntryState::Open { left: None }, UiLang::En) => format!("○ {id}: to pass"),
        (EntryState::Open { left: None }, UiLang::Ru) => format!("○ {id}: сдать"),
        (EntryState::Locked, UiLang::En) => format!("🔒 {id}"),
        (EntryState::Locked, UiLang::Ru) => format!("🔒 {id}"),
        (EntryState::OutOfAttempts, UiLang::En) => format!("✖ {id}: out of attempts"),
        (EntryState::OutOfAttempts, UiLang::Ru) => format!("✖ {id}: попытки кончились"),
    }
}

/// "Open assignment": a path to a file from the trainer, as `dealcraft assign open`.
fn open_assignment(
    ui: &mut egui::Ui,
    state: &mut LibraryUi,
    lang: UiLang,
    out: &mut Vec<UiAction>,
) {
    ui.horizontal(|ui| {
        ui.label(t(lang, "Open assignment:", "Открыть задание:"));
        ui.add(
            egui::TextEdit::singleline(&mut state.assignment_file)
                .desired_width(360.0)
                .hint_text(t(
                    lang,
                    "path to the .ron file from your trainer",
                    "путь к файлу .ron от тренера",
                )),
        );
        let ready = !state.assignment_file.trim().is_empty();
        if ui
            .add_enabled(ready, egui::Button::new(t(lang, "Open", "Открыть")))
            .clicked()
        {
            out.push(UiAction::OpenAssignment(std::mem::take(
                &mut state.assignment_file,
            )));
        }
    });
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

    fn assigned() -> LearningState {
        let text = r#"Assignment(id: "q1", title: "Before the Q1 push", from: "Maria", due: "2026-12-11",
            players: ["Ann Lee"], scenarios: ["fleet-telematics", "no-such-client"], note: "Exam mode.")"#;
        let a = dealcraft_core::load_assignment("q1.ron", text.as_bytes()).unwrap();
        let mut l = LearningState::default();
        l.learning.assignments.push(a.assignment);
        l
    }

    #[test]
    fn an_assignment_comes_first_with_its_due_day_and_each_scenario() {
        // Monday 2026-12-07: the assignment is due on Friday.
        let today = jiff::civil::date(2026, 12, 7);
        let mut harness = Harness::new_ui_state(
            |ui, (l, out): &mut (LearningState, Vec<UiAction>)| {
                out.extend(assignments(ui, &library(), l, "ann lee", today, UiLang::En))
            },
            (assigned(), Vec::new()),
        );
        harness.run();
        harness.get_by_label("📌 Assigned to you, due Friday");
        harness.get_by_label("Before the Q1 push");
        harness.get_by_label("○ fleet-telematics: to pass");
        harness.get_by_label("⚠ not in your library");
        harness.get_by_label("▶ Play").click();
        harness.run();
        assert_eq!(
            harness.state().1,
            [UiAction::Pick("fleet-telematics".into())]
        );

        // A passed attempt marks its scenario passed; another player sees nothing.
        let mut l = assigned();
        l.mine.push(TrackAttempt {
            scenario: "fleet-telematics".into(),
            recorded_at: 1_800_000_000,
            overall: 88,
            stages: Vec::new(),
            critical: Vec::new(),
            passed: true,
            coached: false,
        });
        let mut harness = Harness::new_ui_state(
            |ui, l: &mut LearningState| {
                assignments(ui, &library(), l, "Ann Lee", today, UiLang::Ru);
            },
            l,
        );
        harness.run();
        harness.get_by_label("📌 Назначено вам, срок — пятница");
        harness.get_by_label("✔ fleet-telematics сдан (88)");
        let mut harness = Harness::new_ui_state(
            |ui, l: &mut LearningState| {
                assignments(ui, &library(), l, "Bo", today, UiLang::En);
            },
            assigned(),
        );
        harness.run();
        assert!(harness.query_by_label_contains("Assigned to you").is_none());
    }

    #[test]
    fn a_broken_assignment_file_is_shown_with_its_error() {
        let data = tempfile::tempdir().unwrap();
        let dir = crate::learning::assignments_dir(data.path());
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("bad.ron"), "Assignment(id: \"bad\", title: \"x\")").unwrap();
        let mut l = LearningState::default();
        l.learning = crate::learning::Learning::load(data.path());
        assert_eq!(l.learning.problems.len(), 1);
        let today = jiff::civil::date(2026, 12, 7);
        let mut harness = Harness::new_ui_state(
            |ui, l: &mut LearningState| {
                assignments(ui, &library(), l, "Ann", today, UiLang::En);
            },
            l,
        );
        harness.run();
        assert!(harness.query_by_label_contains("bad.ron:1:").is_some());
    }

    #[test]
    fn due_dates_read_as_days() {
        let l = assigned();
        let a = &l.learning.assignments[0];
        let on = |y, m, d| due(a, jiff::civil::date(y, m, d), UiLang::En);
        assert_eq!(on(2026, 12, 11), "due today");
        assert_eq!(on(2026, 12, 10), "due tomorrow");
        assert_eq!(on(2026, 12, 1), "due 2026-12-11");
        assert_eq!(on(2026, 12, 12), "overdue since 2026-12-11");
    }
}

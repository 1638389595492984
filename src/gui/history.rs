//! History: every recorded attempt, the progress of each stage over time as a chart, and the way
//! back into any attempt's debrief.

use bevy::prelude::*;
use bevy_egui::{EguiPrimaryContextPass, egui};
use dealcraft_store::{AttemptSummary, Filter};
use egui_plot::{HoverPosition, Legend, Line, Plot, PlotPoints};

use super::Screen;
use super::i18n::{self, UiLang, t};
use super::learning::LearningState;
use super::learning::{FAIL_RED, PASS_GREEN, verdict_label};
use super::model::{Db, Stored, UiAction};
use super::widgets::{Chrome, score_color};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<HistoryUi>()
        .add_systems(OnEnter(Screen::History), reload)
        // Off this screen there is nothing to refresh: entering it reads the database anyway.
        .add_systems(
            Update,
            reload.run_if(on_message::<Stored>.and_then(in_state(Screen::History))),
        )
        .add_systems(
            EguiPrimaryContextPass,
            draw.run_if(in_state(Screen::History)),
        );
}

/// The attempts as last read from the database, and the filters the user chose.
#[derive(Resource, Debug, Default)]
pub struct HistoryUi {
    pub attempts: Vec<AttemptSummary>,
    pub error: Option<String>,
    /// `None`: everyone.
    pub player: Option<String>,
    /// `None`: every scenario.
    pub scenario: Option<String>,
    /// Set once the player filter was given its default (the settings' player).
    chosen: bool,
}

fn reload(db: Res<Db>, mut ui: ResMut<HistoryUi>) {
    match db.with(|store| store.attempts(&Filter::default())) {
        Ok(attempts) => {
            ui.attempts = attempts;
            ui.error = None;
        }
        Err(e) => ui.error = Some(e),
    }
}

fn draw(mut chrome: Chrome, mut state: ResMut<HistoryUi>, learning: Res<LearningState>) -> Result {
    let mut root = chrome.begin(Screen::History)?;
    let lang = chrome.settings.lang;
    if !state.chosen {
        state.chosen = true;
        // The name attempts are recorded under ("Player" when none is set).
        let me = chrome.settings.player_name();
        if state.attempts.iter().any(|a| a.player == me) {
            state.player = Some(me);
        }
    }
    egui::CentralPanel::default().show(&mut root, |ui| {
        chrome
            .out
            .write_batch(panel(ui, &mut state, &learning, lang));
    });
    Ok(())
}

/// Filters, the progress chart and the list of attempts, newest first.
pub fn panel(
    ui: &mut egui::Ui,
    state: &mut HistoryUi,
    learning: &LearningState,
    lang: UiLang,
) -> Vec<UiAction> {
    let mut out = Vec::new();
    ui.heading(t(lang, "History", "История"));
    if let Some(e) = &state.error {
        ui.colored_label(egui::Color32::from_rgb(190, 40, 40), e);
        return out;
    }
    waiting_line(ui, learning, lang, &mut out);
    let mut players: Vec<&str> = state.attempts.iter().map(|a| a.player.as_str()).collect();
    players.sort_unstable();
    players.dedup();
    let mut scenarios: Vec<&str> = state.attempts.iter().map(|a| a.scenario.as_str()).collect();
    scenarios.sort_unstable();
    scenarios.dedup();
    let everyone = t(lang, "everyone", "все");
    let every = t(lang, "every scenario", "все сценарии");
    let (mut player, mut scenario) = (state.player.clone(), state.scenario.clone());
    ui.horizontal(|ui| {
        ui.label(t(lang, "Player", "Игрок"));
        egui::ComboBox::from_id_salt("history-player")
            .selected_text(player.as_deref().unwrap_or(everyone))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut player, None, everyone);
                for p in &players {
                    ui.selectable_value(&mut player, Some((*p).to_owned()), *p);
                }
            });
        ui.label(t(lang, "Scenario", "Сценарий"));
        egui::ComboBox::from_id_salt("history-scenario")
            .selected_text(scenario.as_deref().unwrap_or(every))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut scenario, None, every);
                for s in &scenarios {
                    ui.selectable_value(&mut scenario, Some((*s).to_owned()), *s);
                }
            });
    });
    state.player = player;
    state.scenario = scenario;

    let shown: Vec<&AttemptSummary> = state
        .attempts
        .iter()
        .filter(|a| state.player.as_ref().is_none_or(|p| &a.player == p))
        .filter(|a| state.scenario.as_ref().is_none_or(|s| &a.scenario == s))
        .collect();
    if shown.is_empty() {
        ui.add_space(20.0);
        ui.label(t(
            lang,
            "No attempts yet. Every finished session is kept here, with its scores and debrief.",
            "Попыток пока нет. Каждая завершённая встреча сохраняется здесь с оценками и разбором.",
        ));
        return out;
    }
    if let Some(player) = &state.player {
        tracks(ui, learning, &state.attempts, player, lang);
    }
    progress_chart(ui, &shown, lang);
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("history-list")
        .show(ui, |ui| {
            egui::Grid::new("history-grid")
                .striped(true)
                .num_columns(8)
                .spacing([14.0, 6.0])
                .show(ui, |ui| {
                    for h in [
                        t(lang, "When", "Когда"),
                        t(lang, "Player", "Игрок"),
                        t(lang, "Scenario", "Сценарий"),
                        t(lang, "Score", "Балл"),
                        t(lang, "Pass", "Зачёт"),
                        t(lang, "Result", "Итог"),
                        t(lang, "Weakest stage", "Слабый этап"),
                        "",
                    ] {
                        ui.label(egui::RichText::new(h).strong());
                    }
                    ui.end_row();
                    for a in shown.iter().rev() {
                        ui.label(crate::local_time(a.recorded_at));
                        ui.label(&a.player);
                        ui.label(&a.scenario);
                        let score = ui.label(
                            egui::RichText::new(a.overall.to_string())
                                .strong()
                                .color(score_color(a.overall)),
                        );
                        if let Some(was) = a.previous_overall {
                            score.on_hover_text(format!(
                                "{} {was}",
                                t(
                                    lang,
                                    "re-scored under the current rules; it was",
                                    "пересчитано по текущим правилам; было"
                                )
                            ));
                        }
                        verdict_label(ui, a.passed, a.pass_mark, lang);
                        ui.label(i18n::outcome(lang, &a.outcome));
                        match a.stages.iter().min_by_key(|s| s.score) {
                            Some(s) => {
                                ui.label(format!("{} {}", i18n::stage(lang, s.stage), s.score))
                            }
                            None => ui.label("—"),
                        };
                        if ui
                            .button(t(lang, "📋 Debrief", "📋 Разбор"))
                            .on_hover_text(t(
                                lang,
                                "replay this attempt and open its debrief",
                                "переиграть попытку и открыть её разбор",
                            ))
                            .clicked()
                        {
                            out.push(UiAction::OpenAttempt(a.id));
                        }
                        ui.end_row();
                    }
                });
        });
    out
}

/// "3 results waiting to be sent" to the learning record store, and "Send now".
fn waiting_line(ui: &mut egui::Ui, l: &LearningState, lang: UiLang, out: &mut Vec<UiAction>) {
    let n = l.waiting.attempts_waiting;
    ui.horizontal(|ui| {
        match (&l.lrs, &l.lrs_problem) {
            (Some(endpoint), _) => {
                if n == 0 {
                    ui.label(format!(
                        "☁ {} {endpoint}",
                        t(lang, "every result is in the LRS at", "все результаты в LRS:")
                    ));
                } else {
                    let text = match lang {
                        UiLang::En => format!("☁ {n} results waiting to be sent to {endpoint}"),
                        UiLang::Ru => format!("☁ результатов ждут отправки в {endpoint}: {n}"),
                    };
                    ui.label(egui::RichText::new(text).strong());
                    let button = egui::Button::new(t(lang, "Send now", "Отправить"));
                    if ui.add_enabled(!l.sending, button).clicked() {
                        out.push(UiAction::SendResults);
                    }
                }
                if l.sending {
                    ui.spinner();
                }
            }
            (None, Some(problem)) => {
                ui.colored_label(FAIL_RED, format!("☁ {problem}"));
            }
            (None, None) if n > 0 => {
                let text = match lang {
                    UiLang::En => format!(
                        "☁ {n} results not sent to a learning record store (none is set up: docs/lms.md)"
                    ),
                    UiLang::Ru => format!(
                        "☁ результатов не отправлено в LRS: {n} (LRS не настроен, см. docs/lms.md)"
                    ),
                };
                ui.weak(text);
            }
            (None, None) => {}
        }
    });
    if let Some(line) = &l.last_push {
        ui.weak(format!(
            "{}: {line}",
            t(lang, "last send", "последняя отправка")
        ));
    }
}

/// The player's progress along each certification track.
fn tracks(
    ui: &mut egui::Ui,
    l: &LearningState,
    attempts: &[AttemptSummary],
    player: &str,
    lang: UiLang,
) {
    if l.learning.tracks.is_empty() {
        return;
    }
    let mine: Vec<_> = attempts
        .iter()
        .filter(|a| dealcraft_store::same_player(&a.player, player))
        .map(AttemptSummary::for_track)
        .collect();
    ui.add_space(4.0);
    ui.label(egui::RichText::new(t(lang, "Certification tracks", "Сертификация")).strong());
    for track in &l.learning.tracks {
        let p = track.progress(&mine);
        ui.horizontal_wrapped(|ui| {
            let title = track.title_in(lang.code());
            let summary = match (p.completed_at(), p.score()) {
                (Some(at), Some(score)) => {
                    let text = match lang {
                        UiLang::En => {
                            format!("🏅 completed {}, score {score}", crate::local_time(at))
                        }
                        UiLang::Ru => {
                            format!("🏅 пройдено {}, балл {score}", crate::local_time(at))
                        }
                    };
                    egui::RichText::new(text).color(PASS_GREEN).strong()
                }
                _ => egui::RichText::new(format!(
                    "{} {} {}",
                    p.passed(),
                    t(lang, "of", "из"),
                    p.entries.len()
                )),
            };
            ui.label(egui::RichText::new(title).strong());
            ui.label(summary);
            for e in &p.entries {
                ui.label(super::library::entry_state(&e.scenario, &e.state, lang));
            }
        });
    }
    // Room for the chart's legend, which rises above a short chart.
    ui.add_space(16.0);
}

/// One line per stage (and a thick one for the overall score) over the attempts, in order.
fn progress_chart(ui: &mut egui::Ui, shown: &[&AttemptSummary], lang: UiLang) {
    let stages = dealcraft_store::stages_of(shown.iter().copied());
    // Whole attempts only, and a few slots even for the first attempt.
    let last = shown.len().max(4) as f64;
    Plot::new("history-progress")
        .height(240.0)
        .legend(Legend::default().position(egui_plot::Corner::LeftBottom))
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
        .include_y(100.0)
        .include_x(0.5)
        .include_x(last + 0.5)
        .x_axis_formatter(|mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 1.0 {
                format!("{i}")
            } else {
                String::new()
            }
        })
        .x_axis_label(t(lang, "attempt", "попытка"))
        .label_formatter(move |hover| match hover {
            // The attempt behind a point: when, which client, how it ended.
            HoverPosition::NearDataPoint {
                plot_name,
                position,
                ..
            } => {
                let i = position.x.round() as usize;
                let a = shown.get(i.checked_sub(1)?)?;
                Some(format!(
                    "{plot_name}: {:.0}\n#{i} · {} · {}\n{}",
                    position.y,
                    crate::local_time(a.recorded_at),
                    a.scenario,
                    i18n::outcome(lang, &a.outcome)
                ))
            }
            HoverPosition::Elsewhere { .. } => None,
        })
        .show(ui, |plot| {
            for stage in stages {
                let points: Vec<[f64; 2]> = shown
                    .iter()
                    .enumerate()
                    .filter_map(|(i, a)| {
                        let s = a.stages.iter().find(|s| s.stage == stage)?;
                        Some([i as f64 + 1.0, f64::from(s.score)])
                    })
                    .collect();
                plot.line(Line::new(i18n::stage(lang, stage), PlotPoints::from(points)).width(1.5));
            }
            let overall: Vec<[f64; 2]> = shown
                .iter()
                .enumerate()
                .map(|(i, a)| [i as f64 + 1.0, f64::from(a.overall)])
                .collect();
            let black = egui::Color32::from_rgb(20, 20, 20);
            let name = t(lang, "Overall", "Итог");
            plot.line(
                Line::new(name, PlotPoints::from(overall.clone()))
                    .width(4.0)
                    .color(black),
            );
            // Markers, so a single attempt shows too.
            plot.points(
                egui_plot::Points::new(name, PlotPoints::from(overall))
                    .radius(5.0)
                    .color(black),
            );
        });
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use dealcraft_core::bots::{BotKind, play};
    use dealcraft_core::bundled;
    use dealcraft_store::{NewAttempt, Store};
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;

    fn attempts() -> Vec<AttemptSummary> {
        let store = Store::open_in_memory().unwrap();
        let loaded = bundled::load("clinic-scheduling").unwrap();
        for (player, bot) in [("Ann", BotKind::Random), ("Ann", BotKind::Textbook)] {
            let s = play(
                bot,
                Arc::new(loaded.scenario.clone()),
                bundled::default_rubric(),
                4,
            );
            store
                .record(&NewAttempt::from_session(player, &s, &loaded.hash, None))
                .unwrap();
        }
        store.attempts(&Filter::default()).unwrap()
    }

    #[test]
    fn lists_attempts_newest_first_and_opens_a_debrief() {
        let mut state = HistoryUi {
            attempts: attempts(),
            ..Default::default()
        };
        let newest = state.attempts[1].clone();
        let mut harness = Harness::new_ui_state(
            |ui, (state, out): &mut (HistoryUi, Vec<UiAction>)| {
                out.extend(panel(ui, state, &LearningState::default(), UiLang::En))
            },
            (std::mem::take(&mut state), Vec::new()),
        );
        harness.run();
        harness.get_by_label(&newest.overall.to_string());
        harness.get_by_label("Overall");
        // The first "Debrief" button is the newest attempt's.
        harness
            .get_all_by_label("📋 Debrief")
            .next()
            .unwrap()
            .click();
        harness.run();
        assert_eq!(harness.state().1, [UiAction::OpenAttempt(newest.id)]);
    }

    #[test]
    fn an_empty_history_says_what_will_appear() {
        let mut harness = Harness::new_ui_state(
            |ui, state: &mut HistoryUi| {
                panel(ui, state, &LearningState::default(), UiLang::Ru);
            },
            HistoryUi::default(),
        );
        harness.run();
        harness.get_by_label("История");
        assert!(
            harness
                .query_by_label_contains("Попыток пока нет")
                .is_some()
        );
    }

    #[test]
    fn shows_passed_or_failed_what_waits_for_the_lrs_and_track_progress() {
        let attempts = attempts();
        let verdicts: Vec<Option<bool>> = attempts.iter().map(|a| a.passed).collect();
        assert_eq!(
            verdicts,
            [Some(false), Some(true)],
            "random fails, textbook passes"
        );
        let mut learning = LearningState::default();
        learning.lrs = Some("http://lrs.example/xAPI".into());
        learning.waiting.attempts_waiting = 2;
        learning.learning.tracks = bundled::tracks();
        let track = learning.learning.tracks[0].clone();
        let mine: Vec<_> = attempts.iter().map(AttemptSummary::for_track).collect();
        let progress = track.progress(&mine);
        let state = HistoryUi {
            attempts,
            player: Some("Ann".into()),
            chosen: true,
            ..Default::default()
        };
        let mut harness = Harness::new_ui_state(
            |ui, (state, learning, out): &mut (HistoryUi, LearningState, Vec<UiAction>)| {
                out.extend(panel(ui, state, learning, UiLang::En))
            },
            (state, learning, Vec::new()),
        );
        harness.run();
        harness.get_by_label("✔ passed");
        harness.get_by_label("✖ failed");
        harness.get_by_label("☁ 2 results waiting to be sent to http://lrs.example/xAPI");
        harness.get_by_label("Objection handling, level 1");
        harness.get_by_label(&format!("{} of 3", progress.passed()));
        for e in &progress.entries {
            harness.get_by_label(&super::super::library::entry_state(
                &e.scenario,
                &e.state,
                UiLang::En,
            ));
        }
        harness.get_by_label("Send now").click();
        harness.run();
        assert_eq!(harness.state().2, [UiAction::SendResults]);
    }

    #[test]
    fn without_an_lrs_waiting_results_say_how_to_set_one_up() {
        let mut learning = LearningState::default();
        learning.waiting.attempts_waiting = 3;
        let state = HistoryUi {
            attempts: attempts(),
            ..Default::default()
        };
        let mut harness = Harness::new_ui_state(
            |ui, (state, learning): &mut (HistoryUi, LearningState)| {
                panel(ui, state, learning, UiLang::En);
            },
            (state, learning),
        );
        harness.run();
        assert!(
            harness
                .query_by_label_contains("3 results not sent to a learning record store")
                .is_some()
        );
        assert!(harness.query_by_label("Send now").is_none());
    }
}

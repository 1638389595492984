//! The balance report of a scenario: the analyzer's bots play it many times in the background,
//! with a progress bar, then a table per bot and the flags a trainer should look at.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy_egui::{EguiPrimaryContextPass, egui};
use dealcraft_core::analysis::{self, Analysis, ScenarioReport};
use dealcraft_core::bundled;

use super::Screen;
use super::i18n::{self, UiLang, t};
use super::model::{BalanceOf, Library};
use super::waker::Waker;
use super::widgets::{Chrome, score_color};

/// Running analyses: part of the app's logic, so headless tests run them too.
pub(super) fn jobs_plugin(app: &mut App) {
    app.init_resource::<BalanceUi>()
        .add_systems(Update, (start_job, collect_job));
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        EguiPrimaryContextPass,
        draw.run_if(in_state(Screen::Balance)),
    );
}

/// Runs offered on the screen: a quick look, the CLI's default, a thorough check.
pub const RUNS: [usize; 3] = [20, 50, 200];

/// The report shown, the run in progress and the user's choices.
#[derive(Resource, Default)]
pub struct BalanceUi {
    pub runs: usize,
    /// Set by the Run button; the job starts on the next update.
    pub start: bool,
    pub job: Option<Job>,
    /// The scenario id the report is about, and the report.
    pub report: Option<(String, Analysis)>,
    pub error: Option<String>,
}

/// An analysis running on its own threads.
pub struct Job {
    pub scenario: String,
    pub done: Arc<AtomicUsize>,
    pub total: usize,
    started: Instant,
    /// Filled by the job's thread just before it wakes the app, so the woken frame finds it.
    result: Arc<Mutex<Option<Analysis>>>,
    handle: JoinHandle<()>,
}

fn start_job(
    mut state: ResMut<BalanceUi>,
    of: Res<BalanceOf>,
    library: Res<Library>,
    waker: Option<Res<Waker>>,
) {
    if !state.start || state.job.is_some() {
        return;
    }
    state.start = false;
    let Some(id) = of.0.clone() else { return };
    let Some(loaded) = library.find(&id).cloned() else {
        state.error = Some(format!("no scenario `{id}`"));
        return;
    };
    let opts = analysis::Options {
        runs: state.runs.max(1),
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        rubric: bundled::default_rubric(),
        ..analysis::Options::default()
    };
    let total = opts.runs * opts.bots.len();
    let done = Arc::new(AtomicUsize::new(0));
    let counter = done.clone();
    let waker = waker.map(|w| w.clone());
    let scenario = Arc::new(loaded.scenario.clone());
    // Wake the idle app for the progress bar, at most ten times a second.
    let last_wake = std::sync::Mutex::new(Instant::now());
    let result = Arc::new(Mutex::new(None));
    let slot = result.clone();
    let handle = std::thread::spawn(move || {
        let report = analysis::analyze(&[scenario], &opts, &|n, _| {
            counter.store(n, Ordering::Relaxed);
            if let Some(w) = &waker
                && let Ok(mut last) = last_wake.try_lock()
                && last.elapsed() > Duration::from_millis(100)
            {
                *last = Instant::now();
                w.wake_at(Instant::now());
            }
        });
        *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(report);
        if let Some(w) = &waker {
            w.wake_at(Instant::now());
        }
    });
    state.error = None;
    state.job = Some(Job {
        scenario: id,
        done,
        total,
        started: Instant::now(),
        result,
        handle,
    });
}

fn collect_job(mut state: ResMut<BalanceUi>) {
    let Some(job) = &state.job else { return };
    let report = job.result.lock().unwrap_or_else(|e| e.into_inner()).take();
    if let Some(report) = report {
        let job = state.job.take().expect("checked above");
        state.report = Some((job.scenario, report));
    } else if job.handle.is_finished() {
        // Finished without a report: the thread panicked.
        state.job = None;
        state.error = Some("the analysis failed".into());
    }
}

fn draw(
    mut chrome: Chrome,
    mut state: ResMut<BalanceUi>,
    of: Res<BalanceOf>,
    library: Res<Library>,
) -> Result {
    let of_scenario = of.0.as_deref().and_then(|id| library.find(id));
    // The flags speak the scenario's language, as `analyze` does, unless the trainee chose one.
    let lang = chrome
        .settings
        .lang_for(of_scenario.map(|l| l.scenario.language));
    let mut root = chrome.begin_in(Screen::Balance, lang)?;
    let title = of_scenario.map(|l| l.scenario.title.clone());
    let scenario = of.0.clone();
    egui::CentralPanel::default().show(&mut root, |ui| {
        panel(ui, &mut state, scenario.as_deref(), title.as_deref(), lang);
    });
    // Keep the progress bar moving while a job runs (the job also wakes the idle app).
    if state.job.is_some() {
        chrome
            .contexts
            .ctx_mut()?
            .request_repaint_after(Duration::from_millis(200));
    }
    Ok(())
}

/// Choices, progress and the report for `scenario`.
pub fn panel(
    ui: &mut egui::Ui,
    state: &mut BalanceUi,
    scenario: Option<&str>,
    title: Option<&str>,
    lang: UiLang,
) {
    if state.runs == 0 {
        state.runs = RUNS[1];
    }
    let Some(id) = scenario else {
        ui.label(t(
            lang,
            "Choose a scenario's ⚖ Balance in the library.",
            "Выберите «⚖ Баланс» у сценария в библиотеке.",
        ));
        return;
    };
    ui.heading(format!(
        "{} — {}",
        t(lang, "Balance", "Баланс"),
        title.unwrap_or(id)
    ));
    ui.label(
        egui::RichText::new(t(
            lang,
            "Four bots play the client over many seeds: random moves, the textbook cycle, a pushy \
             pitcher who skips discovery, and a discounter who gives the price away. A well \
             balanced client rewards the textbook and punishes the others.",
            "Четыре бота играют с клиентом на многих сидах: случайные ходы, цикл по учебнику, \
             напористый продавец без выявления потребностей и «скидочник», отдающий цену. \
             Хорошо настроенный клиент вознаграждает учебник и наказывает остальных.",
        ))
        .weak(),
    );
    ui.horizontal(|ui| {
        ui.label(t(lang, "Seeds per bot:", "Сидов на бота:"));
        for n in RUNS {
            ui.selectable_value(&mut state.runs, n, n.to_string());
        }
        let running = state.job.is_some();
        if ui
            .add_enabled(!running, egui::Button::new(t(lang, "▶ Run", "▶ Запустить")))
            .clicked()
        {
            state.start = true;
        }
        if let Some(job) = state.job.as_ref().filter(|j| j.scenario != id) {
            ui.label(format!(
                "{} `{}`…",
                t(lang, "still analysing", "ещё идёт анализ"),
                job.scenario
            ));
        }
    });
    if let Some(job) = state.job.as_ref().filter(|j| j.scenario == id) {
        let done = job.done.load(Ordering::Relaxed);
        ui.add(
            egui::ProgressBar::new(done as f32 / job.total.max(1) as f32)
                .text(format!(
                    "{done} / {} {} · {:.0} s",
                    job.total,
                    t(lang, "sessions", "встреч"),
                    job.started.elapsed().as_secs_f32()
                ))
                .animate(true),
        );
    }
    if let Some(e) = &state.error {
        ui.colored_label(egui::Color32::from_rgb(190, 40, 40), e);
    }
    let Some((for_id, report)) = &state.report else {
        return;
    };
    if for_id != id {
        return;
    }
    let Some(sc) = report.scenarios.first() else {
        return;
    };
    ui.separator();
    ui.label(format!(
        "{} {} {}, {} {}",
        report.playthroughs(),
        t(lang, "sessions, seeds from", "встреч, сиды с"),
        report.seed,
        t(lang, "rubric", "рубрика"),
        report.rubric
    ));
    bot_table(ui, sc, lang);
    ui.separator();
    if sc.flags.is_empty() {
        ui.colored_label(
            egui::Color32::from_rgb(30, 120, 60),
            t(
                lang,
                "✔ No flags: the textbook wins, the shortcuts do not, and every need and objection comes up.",
                "✔ Замечаний нет: учебник выигрывает, обходные пути — нет, все потребности и возражения встречаются.",
            ),
        );
        return;
    }
    ui.label(egui::RichText::new(t(lang, "Flags", "Замечания")).strong());
    egui::ScrollArea::vertical()
        .id_salt("balance-flags")
        .show(ui, |ui| {
            for f in &sc.flags {
                let (icon, color) = if f.is_warning() {
                    ("⚠", egui::Color32::from_rgb(190, 110, 0))
                } else {
                    ("ℹ", egui::Color32::GRAY)
                };
                ui.colored_label(color, format!("{icon} {}", f.text(lang.core())));
                ui.label(egui::RichText::new(format!("    {}", f.advice_in(lang.core()))).weak());
            }
        });
}

/// A row per bot: close rate, overall score, each stage's mean, the price reached and turns.
pub fn bot_table(ui: &mut egui::Ui, sc: &ScenarioReport, lang: UiLang) {
    egui::ScrollArea::horizontal()
        .id_salt("balance-table")
        .show(ui, |ui| {
            egui::Grid::new("balance-grid")
                .striped(true)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    let mut head = vec![
                        t(lang, "Bot", "Бот").to_owned(),
                        t(lang, "Deals", "Сделки").to_owned(),
                        t(lang, "Overall", "Итог").to_owned(),
                    ];
                    head.extend(sc.stages.iter().map(|s| i18n::stage(lang, *s).to_owned()));
                    head.push(t(lang, "Price in zone", "Цена в зоне").to_owned());
                    head.push(t(lang, "Turns", "Ходов").to_owned());
                    for h in head {
                        ui.label(egui::RichText::new(h).strong());
                    }
                    ui.end_row();
                    for b in &sc.bots {
                        ui.label(dealcraft_core::vocab::bot(lang.core(), b.bot));
                        ui.label(format!("{:.0} %", b.close_rate * 100.0));
                        ui.label(
                            egui::RichText::new(format!(
                                "{:.0} ± {:.0}",
                                b.overall.mean, b.overall.sd
                            ))
                            .strong()
                            .color(score_color(b.overall.mean.round() as u32)),
                        );
                        for s in &sc.stages {
                            match b.stages.get(s) {
                                Some(st) => ui.label(
                                    egui::RichText::new(format!("{:.0}", st.score.mean))
                                        .color(score_color(st.score.mean.round() as u32)),
                                ),
                                None => ui.label("—"),
                            };
                        }
                        ui.label(
                            b.price_share
                                .as_ref()
                                .map_or("—".to_owned(), |p| format!("{:.0} %", p.mean * 100.0)),
                        );
                        ui.label(format!("{:.0}", b.turns.mean));
                        ui.end_row();
                    }
                });
        });
}

#[cfg(test)]
mod tests {
    use dealcraft_core::bots::BotKind;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;

    #[test]
    fn shows_a_row_per_bot_and_the_flags_with_advice() {
        let loaded = bundled::load("office-furniture-nozopa").unwrap();
        let opts = analysis::Options {
            runs: 5,
            ..analysis::Options::default()
        };
        let report = analysis::analyze(&[Arc::new(loaded.scenario)], &opts, &|_, _| {});
        let flags: Vec<String> = report.scenarios[0]
            .flags
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(
            !flags.is_empty(),
            "a scenario without a deal zone is flagged"
        );
        let state = BalanceUi {
            runs: 5,
            report: Some(("office-furniture-nozopa".into(), report)),
            ..Default::default()
        };
        let mut harness = Harness::new_ui_state(
            |ui, state: &mut BalanceUi| {
                panel(
                    ui,
                    state,
                    Some("office-furniture-nozopa"),
                    Some("Office"),
                    UiLang::En,
                )
            },
            state,
        );
        harness.run();
        harness.get_by_label("Balance — Office");
        for bot in BotKind::ALL {
            harness.get_by_label(&bot.to_string());
        }
        harness.get_by_label_contains(&flags[0]);
        harness.get_by_label("▶ Run").click();
        harness.run();
        assert!(harness.state().start, "Run asks for a job");
    }
}

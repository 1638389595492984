//! The editor's Balance: the analyzer's bots and then the exploit search play the draft on their
//! own thread, with progress; the flags come back each with a jump to the field to change.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use bevy_egui::egui;
use dealcraft_core::analysis::{self, Analysis, Flag};
use dealcraft_core::{LoadedScenario, Stage, bundled, search};

use super::form;
use crate::gui::balance::bot_table;
use crate::gui::i18n::{UiLang, t};
use crate::gui::waker::Waker;

/// Seeds per bot offered: a quick look, the CLI's default.
pub const RUNS: [usize; 2] = [20, 50];
/// Sessions the exploit search plays (the CLI's default is 20 000; a draft wants an answer soon).
pub const BUDGET: usize = 3000;

/// What a balance run found.
pub struct Report {
    /// The draft's text it was run on: a report on an older draft says so.
    pub text: String,
    pub analysis: Analysis,
    pub search: search::Report,
    pub flags: Vec<Flag>,
}

/// A balance run on its own thread.
pub struct Job {
    /// Sessions the bots have played, then sessions the search has played.
    pub bots: Arc<AtomicUsize>,
    pub searched: Arc<AtomicUsize>,
    pub bots_total: usize,
    pub budget: usize,
    pub started: Instant,
    result: Arc<Mutex<Option<Report>>>,
    handle: JoinHandle<()>,
}

/// The Balance tab's state.
pub struct Balance {
    pub runs: usize,
    pub budget: usize,
    pub job: Option<Job>,
    pub report: Option<Report>,
    pub error: Option<String>,
}

impl Default for Balance {
    fn default() -> Self {
        Balance {
            runs: RUNS[0],
            budget: BUDGET,
            job: None,
            report: None,
            error: None,
        }
    }
}

impl Balance {
    /// Starts a run on `draft` (its text, and the scenario it loaded as).
    pub fn start(&mut self, text: String, loaded: Arc<LoadedScenario>, waker: Option<Waker>) {
        let scenario = Arc::new(loaded.scenario.clone());
        let rubric = bundled::default_rubric();
        let opts = analysis::Options {
            runs: self.runs.max(1),
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            rubric: rubric.clone(),
            ..analysis::Options::default()
        };
        let search_opts = search::Options {
            budget: self.budget.max(1),
            ..search::Options::default()
        };
        let bots_total = opts.runs * opts.bots.len();
        let budget = search_opts.budget;
        let (bots, searched) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let (b, s) = (bots.clone(), searched.clone());
        let result = Arc::new(Mutex::new(None));
        let slot = result.clone();
        // Wake the idle app for the progress bars, at most ten times a second.
        let last = Mutex::new(Instant::now());
        let wake = move |force: bool| {
            if let Some(w) = &waker
                && let Ok(mut at) = last.try_lock()
                && (force || at.elapsed() > Duration::from_millis(100))
            {
                *at = Instant::now();
                w.wake_at(Instant::now());
            }
        };
        let handle = std::thread::spawn(move || {
            let analysis = analysis::analyze(std::slice::from_ref(&scenario), &opts, &|n, _| {
                b.store(n, Ordering::Relaxed);
                wake(false);
            });
            let search = search::search(scenario, rubric, &search_opts, &|n, _| {
                s.store(n, Ordering::Relaxed);
                wake(false);
            });
            let mut flags = analysis.scenarios[0].flags.clone();
            flags.extend(analysis::search_flags(&search));
            *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(Report {
                text,
                analysis,
                search,
                flags,
            });
            wake(true);
        });
        self.error = None;
        self.job = Some(Job {
            bots,
            searched,
            bots_total,
            budget,
            started: Instant::now(),
            result,
            handle,
        });
    }

    /// Takes the report of a finished run; true when the run is over.
    pub fn collect(&mut self) -> bool {
        let Some(job) = &self.job else { return false };
        let report = job.result.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(report) = report {
            self.report = Some(report);
            self.job = None;
            true
        } else if job.handle.is_finished() {
            self.job = None;
            self.error = Some("the balance run failed".into());
            true
        } else {
            false
        }
    }
}

/// The field a flag asks the trainer to change, to jump to.
pub fn field_of(flag: &Flag) -> Option<String> {
    Some(match flag {
        Flag::NoDeal => "negotiation.reservation".into(),
        Flag::RandomAlwaysDeals { .. } | Flag::TextbookRarelyCloses { .. } => {
            "client.patience".into()
        }
        Flag::TextbookNotAboveRandom { .. } | Flag::TextbookNotAbovePushy { .. } => "needs".into(),
        Flag::TextbookNotAboveDiscounter { .. } => "negotiation.kappa".into(),
        Flag::NeedNeverExplicit { need } => format!("needs[{need}].revealed_by"),
        Flag::ObjectionNeverRaised { objection } => format!("objections[{objection}].trigger"),
        Flag::StageNeverVaries { stage, .. } => stage_field(*stage).into(),
        Flag::BotBeatsTextbook { .. } => "negotiation".into(),
        Flag::ExploitNearTextbook { rule, .. } => stage_field(rule.stage()).into(),
        Flag::CleanPlayBeatsTextbook { .. } => return None,
    })
}

/// The part of the scenario that decides how a stage plays.
fn stage_field(stage: Stage) -> &'static str {
    match stage {
        Stage::Preparation => "client.dossier",
        Stage::Contact => "client.style",
        Stage::Needs => "needs",
        Stage::Presentation => "product.features",
        Stage::Objections => "objections",
        Stage::Negotiation | Stage::Close => "negotiation",
        Stage::FollowUp => "follow_up",
        Stage::Debt => "debt",
    }
}

/// What the Balance tab asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Ask {
    Run,
    Jump(String),
}

/// Choices, progress, the bots' table, the flags with their jumps, and the exploits found.
/// `current`: the draft's text now; `ready`: it has no errors.
pub fn panel(
    ui: &mut egui::Ui,
    state: &mut Balance,
    current: &str,
    ready: bool,
    lang: UiLang,
) -> Vec<Ask> {
    let mut out = Vec::new();
    ui.label(
        egui::RichText::new(t(
            lang,
            "Four bots play the draft over many seeds (random moves, the textbook cycle, a pushy pitcher, a discounter), then the exploit search looks for bad selling that scores well. A balanced client rewards the textbook and punishes the rest.",
            "Четыре бота играют черновик на многих сидах (случайные ходы, учебник, напористый продавец, «скидочник»), затем поиск эксплойтов ищет плохие продажи с высоким баллом. Хорошо настроенный клиент вознаграждает учебник и наказывает остальных.",
        ))
        .weak(),
    );
    ui.horizontal(|ui| {
        ui.label(t(lang, "Seeds per bot:", "Сидов на бота:"));
        for n in RUNS {
            ui.selectable_value(&mut state.runs, n, n.to_string());
        }
        ui.label(t(lang, "search sessions:", "партий поиска:"));
        ui.add(
            egui::DragValue::new(&mut state.budget)
                .range(100..=100_000)
                .speed(100.0),
        );
        let can = ready && state.job.is_none();
        let run = ui
            .add_enabled(can, egui::Button::new(t(lang, "⚖ Run", "⚖ Запустить")))
            .on_disabled_hover_text(t(
                lang,
                "fix the errors first: a draft with errors cannot be played",
                "сначала исправьте ошибки: черновик с ошибками нельзя сыграть",
            ));
        if run.clicked() {
            out.push(Ask::Run);
        }
    });
    if let Some(job) = &state.job {
        let bots = job.bots.load(Ordering::Relaxed);
        let searched = job.searched.load(Ordering::Relaxed);
        ui.add(
            egui::ProgressBar::new(bots as f32 / job.bots_total.max(1) as f32).text(format!(
                "{} {bots} / {}",
                t(lang, "bots:", "боты:"),
                job.bots_total
            )),
        );
        ui.add(
            egui::ProgressBar::new(searched as f32 / job.budget.max(1) as f32)
                .text(format!(
                    "{} {searched} / {} · {:.0} s",
                    t(lang, "exploit search:", "поиск эксплойтов:"),
                    job.budget,
                    job.started.elapsed().as_secs_f32()
                ))
                .animate(true),
        );
    }
    if let Some(e) = &state.error {
        ui.colored_label(form::ERROR, e);
    }
    let Some(report) = &state.report else {
        return out;
    };
    if report.text != current {
        ui.colored_label(
            form::WARNING,
            t(
                lang,
                "The draft changed since this report: run it again to see the effect.",
                "Черновик изменился после этого отчёта: запустите снова, чтобы увидеть результат.",
            ),
        );
    }
    ui.separator();
    if let Some(sc) = report.analysis.scenarios.first() {
        bot_table(ui, sc, lang);
    }
    ui.separator();
    flags(ui, &report.flags, lang, &mut out);
    ui.separator();
    exploits(ui, &report.search, lang);
    out
}

fn flags(ui: &mut egui::Ui, flags: &[Flag], lang: UiLang, out: &mut Vec<Ask>) {
    if flags.is_empty() {
        ui.colored_label(
            egui::Color32::from_rgb(30, 120, 60),
            t(
                lang,
                "✔ No flags: the textbook wins, the shortcuts do not, every need and objection comes up, and no bad practice scores near good selling.",
                "✔ Замечаний нет: учебник выигрывает, обходные пути — нет, все потребности и возражения встречаются, и плохие практики не получают почти столько же, сколько хорошие продажи.",
            ),
        );
        return;
    }
    ui.label(egui::RichText::new(t(lang, "Flags", "Замечания")).strong());
    for f in flags {
        let (icon, color) = if f.is_warning() {
            ("⚠", form::WARNING)
        } else {
            ("ℹ", egui::Color32::GRAY)
        };
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(color, format!("{icon} {}", f.text(lang.core())));
            if let Some(field) = field_of(f)
                && ui
                    .small_button(format!("➡ {field}"))
                    .on_hover_text(t(
                        lang,
                        "go to the field to change",
                        "к полю, которое стоит изменить",
                    ))
                    .clicked()
            {
                out.push(Ask::Jump(field));
            }
        });
        ui.label(egui::RichText::new(format!("    {}", f.advice_in(lang.core()))).weak());
    }
}

fn exploits(ui: &mut egui::Ui, report: &search::Report, lang: UiLang) {
    ui.label(
        egui::RichText::new(format!(
            "{} ({} {}): {} {}, {} {}",
            t(lang, "Exploit search", "Поиск эксплойтов"),
            report.sessions,
            t(lang, "sessions", "партий"),
            t(lang, "textbook", "учебник"),
            report.textbook,
            t(lang, "best clean play", "лучшая чистая игра"),
            report.best_clean
        ))
        .strong(),
    );
    egui::Grid::new("exploits").striped(true).show(ui, |ui| {
        ui.label(t(lang, "breaks", "нарушает"));
        ui.label(t(lang, "best", "лучший"));
        ui.label(t(lang, "below textbook", "ниже учебника"));
        ui.end_row();
        for e in &report.exploits {
            ui.label(egui::RichText::new(e.rule.key()).monospace());
            match e.overall {
                Some(o) => {
                    ui.label(o.to_string());
                    let gap = i64::from(report.textbook) - i64::from(o);
                    let text = egui::RichText::new(gap.to_string());
                    if e.is_near(report.textbook) {
                        ui.label(text.color(form::ERROR).strong());
                    } else {
                        ui.label(text);
                    }
                }
                None => {
                    ui.label("–");
                    ui.weak(t(lang, "none found", "не найдено"));
                }
            }
            ui.end_row();
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gui::editor::draft::Draft;
    use dealcraft_core::scenario::Lang;

    #[test]
    fn every_flag_kind_that_names_a_part_of_the_scenario_jumps_to_a_field_of_it() {
        let need = Flag::NeedNeverExplicit {
            need: "fuel".into(),
        };
        assert_eq!(field_of(&need).as_deref(), Some("needs[fuel].revealed_by"));
        let o = Flag::ObjectionNeverRaised {
            objection: "price".into(),
        };
        assert_eq!(field_of(&o).as_deref(), Some("objections[price].trigger"));
        assert_eq!(
            field_of(&Flag::NoDeal).as_deref(),
            Some("negotiation.reservation")
        );
    }

    #[test]
    fn a_run_plays_the_bots_and_the_search_and_reports_flags() {
        let draft = Draft::from_template(Lang::En);
        let loaded = draft.loaded().expect("no errors");
        let mut b = Balance {
            runs: 4,
            budget: 200,
            ..Balance::default()
        };
        b.start(draft.text.clone(), loaded, None);
        let deadline = Instant::now() + Duration::from_secs(120);
        while !b.collect() {
            assert!(Instant::now() < deadline, "the run did not finish");
            std::thread::sleep(Duration::from_millis(20));
        }
        let report = b.report.as_ref().unwrap();
        assert_eq!(report.analysis.scenarios[0].bots.len(), 4);
        assert!(report.search.sessions >= 200);
        assert_eq!(report.text, draft.text);
        for f in &report.flags {
            if let Some(field) = field_of(f) {
                let top = field.split(['.', '[']).next().unwrap();
                assert!(
                    [
                        "client",
                        "needs",
                        "objections",
                        "negotiation",
                        "product",
                        "follow_up",
                        "debt"
                    ]
                    .contains(&top),
                    "{field}"
                );
            }
        }
    }
}

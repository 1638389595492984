//! What the app knows about the trainee's learning: the tracks and assignments of the data folder
//! (read at start, again when an assignment is opened), the results waiting for the learning
//! record store, and "Send now" (`dealcraft lrs push`, off the UI thread).

use std::path::Path;
use std::sync::{Arc, Mutex};

use bevy::prelude::*;
use bevy_egui::egui;
use dealcraft_core::track::TrackAttempt;
use dealcraft_store::{Filter, OutboxCounts};
use dealcraft_xapi::Config;

use super::files::DataDir;
use super::i18n::{UiLang, t};
use super::model::{Db, Notice, Settings, Stored, UiAction};
use super::waker::Waker;
use crate::learning::{self, Learning};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<LearningState>()
        .add_systems(Startup, load)
        .add_systems(Update, (act, finished, count.run_if(on_message::<Stored>)));
}

/// The tracks, assignments and LRS state the Library and History show.
#[derive(Resource, Default)]
pub struct LearningState {
    pub learning: Learning,
    /// The LRS's endpoint when `lrs.ron` can send.
    pub lrs: Option<String>,
    /// Why `lrs.ron` cannot send (`None` with no `lrs` too: there is no settings file).
    pub lrs_problem: Option<String>,
    pub waiting: OutboxCounts,
    /// The settings' player's attempts, as tracks read them: the Library's assignments.
    pub mine: Vec<TrackAttempt>,
    /// A push in flight; its report lands here.
    pub sending: bool,
    done: Arc<Mutex<Option<String>>>,
    /// What the last push did, in a line.
    pub last_push: Option<String>,
    config: Option<Config>,
}

impl LearningState {
    /// Reads the data folder's tracks, assignments and LRS settings.
    pub fn read(data: &Path) -> LearningState {
        let (config, lrs_problem) = learning::lrs_settings(data);
        LearningState {
            learning: Learning::load(data),
            lrs: config.as_ref().map(|c| c.endpoint.clone()),
            lrs_problem,
            config,
            ..LearningState::default()
        }
    }
}

fn load(
    data: Option<Res<DataDir>>,
    db: Res<Db>,
    settings: Res<Settings>,
    mut state: ResMut<LearningState>,
) {
    if let Some(data) = data {
        *state = LearningState::read(&data.0);
    }
    state.count(&db, &settings.player_name());
}

/// After a change to the database or the data folder (an attempt recorded, an assignment taken
/// from a workshop server): the tracks and assignments again, and what waits for the LRS.
fn count(
    data: Option<Res<DataDir>>,
    db: Res<Db>,
    settings: Res<Settings>,
    mut state: ResMut<LearningState>,
) {
    if let Some(data) = data {
        state.learning = Learning::load(&data.0);
    }
    state.count(&db, &settings.player_name());
}

impl LearningState {
    /// Reads what waits for the LRS, and `player`'s attempts.
    fn count(&mut self, db: &Db, player: &str) {
        self.waiting = db.with(|s| s.outbox_counts(None)).unwrap_or_default();
        let filter = Filter {
            player: Some(player.to_owned()),
            ..Filter::default()
        };
        self.mine = db
            .with(|s| s.attempts(&filter))
            .unwrap_or_default()
            .iter()
            .map(dealcraft_store::AttemptSummary::for_track)
            .collect();
    }
}

fn act(
    mut actions: MessageReader<UiAction>,
    data: Option<Res<DataDir>>,
    db: Res<Db>,
    settings: Res<Settings>,
    waker: Option<Res<Waker>>,
    mut state: ResMut<LearningState>,
    mut notice: ResMut<Notice>,
) {
    for action in actions.read() {
        match action {
            UiAction::OpenAssignment(file) => {
                let Some(data) = &data else { continue };
                match learning::open_assignment(&data.0, Path::new(file.trim())) {
                    Ok((a, _)) => {
                        notice.0 = Some(format!("✔ {} ({})", a.title, a.due));
                        *state = LearningState::read(&data.0);
                        state.count(&db, &settings.player_name());
                    }
                    Err(e) => notice.0 = Some(e),
                }
            }
            UiAction::SendResults if !state.sending => {
                // Its own connection: the app goes on recording while the LRS is slow.
                let (Some(config), Some(path)) = (state.config.clone(), db.path.clone()) else {
                    continue;
                };
                state.sending = true;
                let tracks = state.learning.tracks.clone();
                let done = state.done.clone();
                let waker = waker.as_deref().cloned();
                std::thread::spawn(move || {
                    let line = match dealcraft_store::Store::open(&path)
                        .map_err(|e| e.to_string())
                        .and_then(|store| learning::push_all(&store, &config, &tracks))
                    {
                        Ok(r) => describe(&r),
                        Err(e) => e,
                    };
                    *done.lock().unwrap_or_else(|p| p.into_inner()) = Some(line);
                    if let Some(w) = waker {
                        w.wake();
                    }
                });
            }
            UiAction::SetPlayer(name) => state.count(&db, name.trim()),
            _ => {}
        }
    }
}

/// A push's report in a line, with the LRS's answer when it failed.
fn describe(r: &dealcraft_xapi::push::Report) -> String {
    let mut line = format!("sent {}", r.sent);
    if let Some(why) = &r.stopped {
        line += &format!("; the LRS failed: {why}");
    }
    if let Some(f) = r.refused.first() {
        line += &format!(
            "; refused ({} statements), HTTP {}: {}",
            r.refused.len(),
            f.status,
            f.answer
        );
    }
    line
}

fn finished(db: Res<Db>, mut state: ResMut<LearningState>, mut stored: MessageWriter<Stored>) {
    if !state.sending {
        return;
    }
    let Some(line) = state.done.lock().unwrap_or_else(|p| p.into_inner()).take() else {
        return;
    };
    state.sending = false;
    state.last_push = Some(line);
    state.waiting = db.with(|s| s.outbox_counts(None)).unwrap_or_default();
    stored.write(Stored);
}

pub(super) const PASS_GREEN: egui::Color32 = egui::Color32::from_rgb(30, 130, 60);
pub(super) const FAIL_RED: egui::Color32 = egui::Color32::from_rgb(190, 40, 40);

/// "✔ passed" or "✖ failed" in a History or board cell, the pass mark on hover.
pub(super) fn verdict_label(
    ui: &mut egui::Ui,
    passed: Option<bool>,
    mark: Option<u32>,
    lang: UiLang,
) {
    let mark = mark.map_or(String::new(), |m| format!(" {m}"));
    match passed {
        Some(true) => ui.colored_label(PASS_GREEN, format!("✔ {}", t(lang, "passed", "сдано"))),
        Some(false) => ui.colored_label(FAIL_RED, format!("✖ {}", t(lang, "failed", "не сдано"))),
        None => ui.label("—"),
    }
    .on_hover_text(format!("{}{mark}", t(lang, "pass mark", "проходной балл")));
}

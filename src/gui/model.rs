//! The app's state and the actions the UI sends: the one place where screens change and moves
//! reach the core, so the UI, the demo and the tests drive the app the same way.

use std::path::PathBuf;
use std::sync::Arc;

use bevy::prelude::*;
use dealcraft_core::moves::{Move, Plan};
use dealcraft_core::{LoadedScenario, Scorecard, Session, bundled, score};

use super::Screen;
use super::files;
use super::i18n::UiLang;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Settings>()
        .init_resource::<Library>()
        .init_resource::<Play>()
        .init_resource::<Notice>()
        .init_resource::<TranscriptFocus>()
        .init_resource::<super::preparation::PrepUi>()
        .add_message::<UiAction>()
        .add_systems(PreUpdate, apply_actions);
}

/// What a screen asks the app to do.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum UiAction {
    /// Go to a screen.
    Open(Screen),
    /// Choose a scenario from the library: on to its preparation.
    Pick(String),
    /// Start the meeting, with the plan made in preparation (or without one).
    Start(Option<Plan>),
    /// Play a move in the running session.
    Play(Move),
    /// Replay the session up to (not including) this turn and continue from there.
    RetryFrom(u32),
    /// Scroll the transcript to a turn.
    FocusTurn(u32),
    /// Write the session log to the logs folder.
    SaveLog,
    /// Change settings.
    SetLang(UiLang),
    SetCoach(bool),
    SetScale(f32),
    SetPlayer(String),
}

/// Preferences, kept in the data folder between runs.
#[derive(Resource, Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    pub lang: UiLang,
    /// Coach mode shows the client's hidden meters; exam mode hides them.
    pub coach: bool,
    pub player: String,
    pub scale: f32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            lang: UiLang::En,
            coach: true,
            player: String::new(),
            scale: 1.0,
        }
    }
}

/// Where a scenario came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Embedded in the binary, by file name.
    Bundled(String),
    File(PathBuf),
}

/// One scenario in the library: the last version that loaded, and the current error if the
/// file is broken now.
#[derive(Debug, Clone)]
pub struct Entry {
    pub origin: Origin,
    /// The file name, shown with errors.
    pub name: String,
    pub loaded: Option<Arc<LoadedScenario>>,
    pub error: Option<String>,
}

#[derive(Resource, Debug, Default)]
pub struct Library {
    pub entries: Vec<Entry>,
    /// Best overall score per scenario id, kept in the data folder.
    pub best: std::collections::BTreeMap<String, u32>,
}

impl Library {
    pub fn find(&self, id: &str) -> Option<&Arc<LoadedScenario>> {
        // A user file with the same id as a bundled one takes precedence.
        self.entries
            .iter()
            .rev()
            .filter_map(|e| e.loaded.as_ref())
            .find(|l| l.scenario.id == id)
    }

    /// Updates or adds the entry for an origin.
    pub fn upsert(
        &mut self,
        origin: Origin,
        name: String,
        result: Result<Arc<LoadedScenario>, String>,
    ) {
        let entry = match self.entries.iter_mut().position(|e| e.origin == origin) {
            Some(i) => &mut self.entries[i],
            None => {
                self.entries.push(Entry {
                    origin,
                    name,
                    loaded: None,
                    error: None,
                });
                self.entries.last_mut().expect("just pushed")
            }
        };
        match result {
            Ok(loaded) => {
                entry.loaded = Some(loaded);
                entry.error = None;
            }
            // The last good version stays playable.
            Err(e) => entry.error = Some(e),
        }
    }
}

/// The session being played or debriefed.
#[derive(Resource, Debug, Default)]
pub struct Play {
    pub scenario: Option<Arc<LoadedScenario>>,
    pub session: Option<Session>,
    pub seed: u64,
    /// A seed fixed from the command line; otherwise each session gets a fresh one.
    pub fixed_seed: Option<u64>,
    /// The scorecard, once the session is over.
    pub card: Option<Scorecard>,
    /// Rebuilt with "retry from this turn": its score is not a best score.
    pub retried: bool,
}

impl Play {
    /// The screen that shows the current session: the meeting while it runs, then its debrief.
    pub fn resume_screen(&self) -> Option<Screen> {
        let session = self.session.as_ref()?;
        if !session.is_over() {
            Some(Screen::Conversation)
        } else if self.card.is_some() {
            Some(Screen::Debrief)
        } else {
            None
        }
    }
}

/// A turn the transcript should scroll to, once.
#[derive(Resource, Debug, Default)]
pub struct TranscriptFocus(pub Option<u32>);

impl TranscriptFocus {
    pub fn take(&mut self) -> Option<u32> {
        self.0.take()
    }
}

/// A one-line message for the user: a refused move, a saved file.
#[derive(Resource, Debug, Default)]
pub struct Notice(pub Option<String>);

#[expect(clippy::too_many_arguments, reason = "a system's parameters")]
fn apply_actions(
    mut actions: MessageReader<UiAction>,
    mut next: ResMut<NextState<Screen>>,
    mut play: ResMut<Play>,
    mut settings: ResMut<Settings>,
    mut library: ResMut<Library>,
    mut notice: ResMut<Notice>,
    mut focus: ResMut<TranscriptFocus>,
    mut prep: ResMut<super::preparation::PrepUi>,
    data: Option<Res<files::DataDir>>,
) {
    let data = data.as_deref().map(|d| d.0.as_path());
    for action in actions.read() {
        match action.clone() {
            UiAction::Open(screen) => next.set(screen),
            UiAction::Pick(id) => match library.find(&id).cloned() {
                Some(loaded) => {
                    play.scenario = Some(loaded);
                    play.session = None;
                    play.card = None;
                    notice.0 = None;
                    next.set(Screen::Preparation);
                }
                None => notice.0 = Some(format!("no scenario `{id}`")),
            },
            UiAction::Start(plan) => {
                let Some(loaded) = play.scenario.clone() else {
                    continue;
                };
                let seed = play.fixed_seed.unwrap_or_else(crate::fresh_seed);
                let mut session = Session::new(
                    Arc::new(loaded.scenario.clone()),
                    bundled::default_rubric(),
                    seed,
                );
                if let Some(plan) = plan
                    && let Err(e) = session.apply(Move::Prepare(plan))
                {
                    notice.0 = Some(e.to_string());
                }
                play.seed = seed;
                play.session = Some(session);
                play.card = None;
                play.retried = false;
                focus.0 = None;
                next.set(Screen::Conversation);
            }
            UiAction::Play(mv) => {
                let Some(session) = play.session.as_mut() else {
                    continue;
                };
                match session.apply(mv) {
                    Ok(_) => notice.0 = None,
                    Err(e) => notice.0 = Some(e.to_string()),
                }
                if session.is_over() {
                    finish(&mut play, &mut library, data);
                    next.set(Screen::Debrief);
                }
            }
            UiAction::RetryFrom(turn) => {
                let (Some(session), Some(loaded)) = (play.session.as_ref(), play.scenario.as_ref())
                else {
                    continue;
                };
                // Redoing the plan means going back to preparation, with the old plan filled in.
                if turn <= 1 {
                    if let Some(plan) = session.plan() {
                        *prep = super::preparation::PrepUi::from_plan(plan);
                        prep.keep = true;
                    }
                    play.session = None;
                    play.card = None;
                    next.set(Screen::Preparation);
                    continue;
                }
                let log = session.log(&loaded.hash);
                let keep = (turn - 1) as usize;
                match log.replay_prefix(session.scenario_arc().clone(), &loaded.hash, keep) {
                    Ok(again) => {
                        play.session = Some(again);
                        play.card = None;
                        play.retried = true;
                        focus.0 = None;
                        notice.0 = None;
                        next.set(Screen::Conversation);
                    }
                    Err(e) => notice.0 = Some(e.to_string()),
                }
            }
            UiAction::FocusTurn(turn) => focus.0 = Some(turn),
            UiAction::SaveLog => {
                if let (Some(session), Some(loaded)) =
                    (play.session.as_ref(), play.scenario.as_ref())
                {
                    notice.0 = Some(match data {
                        Some(dir) => match files::save_log(dir, &session.log(&loaded.hash)) {
                            Ok(path) => format!("saved {}", path.display()),
                            Err(e) => e,
                        },
                        None => "no data folder to save to".to_owned(),
                    });
                }
            }
            UiAction::SetLang(lang) => settings.lang = lang,
            UiAction::SetCoach(coach) => settings.coach = coach,
            UiAction::SetScale(scale) => settings.scale = scale.clamp(0.75, 2.0),
            UiAction::SetPlayer(name) => settings.player = name,
        }
    }
}

/// Scores a finished session and records a new best score.
fn finish(play: &mut Play, library: &mut Library, data: Option<&std::path::Path>) {
    let Some(session) = play.session.as_ref() else {
        return;
    };
    let card = score(session);
    let id = session.scenario().id.clone();
    let best = library.best.entry(id).or_insert(0);
    // A session rebuilt from a later turn is practice, not a result.
    if !play.retried && card.overall > *best {
        *best = card.overall;
        if let Some(dir) = data {
            files::save_best(dir, &library.best);
        }
    }
    play.card = Some(card);
}

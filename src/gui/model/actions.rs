//! What a screen asks the app to do, and the short `match` that hands each request to its
//! handler.

use bevy::prelude::*;
use dealcraft_core::moves::{Move, Plan};

use super::super::Screen;
use super::super::i18n::UiLang;
use super::state::{Context, WorkshopForm};
use super::world::Model;

/// What a screen asks the app to do.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum UiAction {
    /// The coach's meters were shown: the session is recorded as coached.
    SawMeters,
    /// Go to a screen.
    Open(Screen),
    /// Choose a scenario from the library: on to its preparation.
    Pick(String),
    /// The debrief's "play again": the same scenario, player and workshop.
    PlayAgain,
    /// Start the meeting, with the plan made in preparation (or without one).
    Start(Option<Plan>),
    /// Play a move in the running session.
    Play(Move),
    /// Play a typed turn, confirmed as `mv`: the typed words are the seller's line.
    Say {
        mv: Move,
        text: String,
    },
    /// Replay the session up to (not including) this turn and continue from there.
    RetryFrom(u32),
    /// Scroll the transcript to a turn.
    FocusTurn(u32),
    /// Write the session log to the logs folder.
    SaveLog,
    /// Change settings.
    SetLang(UiLang),
    /// Sessions speak their scenario's language (`true`) or the chosen one.
    FollowScenarioLang(bool),
    SetCoach(bool),
    SetScale(f32),
    SetPlayer(String),
    /// Open a recorded attempt's debrief again.
    OpenAttempt(i64),
    /// Create a hot-seat workshop.
    CreateWorkshop(WorkshopForm),
    /// A workshop player's turn: on to the preparation of the workshop's scenario.
    PlayWorkshop {
        workshop: i64,
        player: String,
    },
    /// Join a workshop on a server.
    Join {
        address: String,
        code: String,
        player: String,
    },
    /// Send the finished session to the workshop server again (after a failure).
    Resubmit,
    /// Save a workshop's board as CSV in the data folder.
    ExportCsv(i64),
    /// Show a workshop on the Workshop screen.
    ShowWorkshop(Option<i64>),
    /// Open the balance report of a scenario.
    Balance(String),
    /// Open the scenario editor, on a library scenario by id (or as it was).
    Edit(Option<String>),
    /// Take an assignment file (a path), as `dealcraft assign open` (`src/gui/learning.rs`).
    OpenAssignment(String),
    /// Send the results waiting to the learning record store (`src/gui/learning.rs`).
    SendResults,
}

pub(super) fn apply_actions(mut actions: MessageReader<UiAction>, mut model: Model) {
    for action in actions.read() {
        model.apply(action.clone());
    }
}

impl Model<'_> {
    fn apply(&mut self, action: UiAction) {
        match action {
            UiAction::Open(screen) => self.open(screen),
            UiAction::Pick(id) => self.pick(&id),
            UiAction::PlayAgain => self.play_again(),
            UiAction::Start(plan) => self.start(plan),
            UiAction::Play(mv) => self.play_move(mv, None),
            UiAction::Say { mv, text } => self.play_move(mv, Some(&text)),
            UiAction::RetryFrom(turn) => self.retry_from(turn),
            UiAction::FocusTurn(turn) => self.focus.0 = Some(turn),
            UiAction::SaveLog => self.save_log(),
            UiAction::SetLang(lang) => {
                self.settings.lang = lang;
                self.settings.lang_chosen = true;
            }
            UiAction::FollowScenarioLang(follow) => self.settings.lang_chosen = !follow,
            UiAction::SetCoach(coach) => self.settings.coach = coach,
            UiAction::SawMeters => self.play.coached = true,
            UiAction::SetScale(scale) => self.settings.scale = scale.clamp(0.75, 2.0),
            UiAction::SetPlayer(name) => self.settings.player = name,
            UiAction::OpenAttempt(id) => self.open_attempt(id),
            UiAction::CreateWorkshop(form) => self.create_workshop(form),
            UiAction::PlayWorkshop { workshop, player } => self.play_workshop(workshop, player),
            UiAction::Join {
                address,
                code,
                player,
            } => self.join(address, code, player),
            UiAction::Resubmit => self.submit(),
            UiAction::ShowWorkshop(id) => self.shown.0 = id,
            UiAction::Balance(id) => {
                self.balance.0 = Some(id);
                self.open(Screen::Balance);
            }
            UiAction::ExportCsv(id) => self.export_csv(id),
            // The editor opens the scenario itself (`editor::open_requested`).
            UiAction::Edit(_) => self.open(Screen::Editor),
            // Handled by the learning plugin.
            UiAction::OpenAssignment(_) | UiAction::SendResults => {}
        }
    }

    /// A scenario from the library: practice, so it leaves any workshop.
    fn pick(&mut self, id: &str) {
        match self.library.find(id).cloned() {
            Some(loaded) => {
                self.play.prepare(loaded, Context::Solo);
                self.say(None);
                self.open(Screen::Preparation);
            }
            None => self.say(Some(format!("no scenario `{id}`"))),
        }
    }

    /// The same scenario again, for the same player and workshop.
    fn play_again(&mut self) {
        if let Some(loaded) = self.play.scenario.clone() {
            let context = self.play.context.clone();
            self.play.prepare(loaded, context);
            self.say(None);
            self.open(Screen::Preparation);
        }
    }
}

//! The app's state and the actions the UI sends: the one place where screens change and moves
//! reach the core, so the UI, the demo and the tests drive the app the same way.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender};
use std::sync::{Arc, Mutex};

use bevy::prelude::*;
use dealcraft_core::moves::{Move, Plan};
use dealcraft_core::{LoadedScenario, Rubric, Scorecard, Session, bundled, score};
use dealcraft_server::{Accepted, Client};
use dealcraft_store::{NewAttempt, NewWorkshop, Store};

use super::Screen;
use super::files;
use super::i18n::UiLang;
use super::redraw::Waker;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<Settings>()
        .init_resource::<Library>()
        .init_resource::<Play>()
        .init_resource::<Notice>()
        .init_resource::<TranscriptFocus>()
        .init_resource::<super::preparation::PrepUi>()
        .init_resource::<Db>()
        .init_resource::<Background>()
        .init_resource::<ShownWorkshop>()
        .init_resource::<BalanceOf>()
        .add_message::<UiAction>()
        .add_message::<Stored>()
        .add_systems(PreUpdate, (receive_background, apply_actions).chain());
}

/// The attempts database; `None` in tests and when it cannot be opened (then `error` says why,
/// as it does when the file opened but cannot be written).
#[derive(Resource, Default)]
pub struct Db {
    /// Shared with the thread that writes finished attempts.
    pub store: Option<Arc<Mutex<Store>>>,
    pub error: Option<String>,
    pub path: Option<PathBuf>,
}

impl Db {
    pub fn open(path: &std::path::Path) -> Db {
        let (store, error) = match Store::open(path) {
            // A read-only file still shows the history; the settings screen says why nothing
            // new will be kept.
            Ok(store) => {
                let warning = store.check_writable().err().map(|e| e.to_string());
                (Some(Arc::new(Mutex::new(store))), warning)
            }
            Err(e) => (None, Some(e.to_string())),
        };
        if let Some(store) = &store {
            // Attempts scored under older rules are re-scored off the UI thread, so History and
            // boards compare like with like.
            let store = store.clone();
            std::thread::spawn(move || {
                let store = store.lock().unwrap_or_else(|e| e.into_inner());
                let _ = store.rescore(&|id, hash| {
                    bundled::load_exact(id, hash).map(|l| Arc::new(l.scenario))
                });
            });
        }
        Db {
            store,
            error,
            path: Some(path.to_owned()),
        }
    }

    /// Where attempts go, for the settings screen.
    pub fn describe(&self) -> String {
        match (&self.path, &self.error) {
            (_, Some(e)) => format!("⚠ {e}"),
            (Some(p), None) => format!("🗄 {}", p.display()),
            (None, None) => "🗄 —".into(),
        }
    }

    /// Runs `f` on the store; a missing store is an error message for the notice line.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&Store) -> Result<T, dealcraft_store::StoreError>,
    ) -> Result<T, String> {
        let Some(store) = &self.store else {
            return Err(self
                .error
                .clone()
                .unwrap_or_else(|| "no attempts database".into()));
        };
        let store = store.lock().unwrap_or_else(|e| e.into_inner());
        f(&store).map_err(|e| e.to_string())
    }
}

/// The scenario the Balance screen reports on.
#[derive(Resource, Debug, Default)]
pub struct BalanceOf(pub Option<String>);

/// The workshop the Workshop screen shows.
#[derive(Resource, Debug, Default)]
pub struct ShownWorkshop(pub Option<i64>);

/// Sent when the database changed, so screens showing it reload.
#[derive(Message, Debug, Clone, Copy)]
pub struct Stored;

/// Work finished off the UI thread: a workshop server's answer, or a recorded attempt.
pub enum Done {
    Joined {
        address: String,
        code: String,
        player: String,
        result: Result<Box<(dealcraft_server::WorkshopInfo, Arc<LoadedScenario>)>, String>,
    },
    /// The server's answer for session number `session` (see [`Play::number`]).
    Submitted {
        session: u64,
        result: Result<Accepted, String>,
    },
    /// Session number `session` was written as an attempt: its id and workshop rank.
    Recorded {
        session: u64,
        result: Result<(i64, Option<usize>), String>,
    },
}

/// Work that may wait on the network or the disk runs on its own thread; the results come back
/// through this channel, waking the idle app, so the UI thread never blocks on either.
#[derive(Resource)]
pub struct Background {
    tx: Sender<Done>,
    rx: Mutex<Receiver<Done>>,
    /// A join in flight.
    pub joining: bool,
}

impl Default for Background {
    fn default() -> Self {
        let (tx, rx) = std::sync::mpsc::channel();
        Background {
            tx,
            rx: Mutex::new(rx),
            joining: false,
        }
    }
}

impl Background {
    fn spawn(&self, waker: Option<Waker>, job: impl FnOnce() -> Done + Send + 'static) {
        let tx = self.tx.clone();
        std::thread::spawn(move || {
            let _ = tx.send(job());
            if let Some(w) = waker {
                w.wake_at(std::time::Instant::now());
            }
        });
    }
}

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
}

/// A new workshop as typed on the Workshop screen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WorkshopForm {
    pub scenario: String,
    /// A bundled rubric by name; empty for the default.
    pub rubric: String,
    pub seed: u64,
    pub name: String,
    pub roster: Vec<String>,
}

/// Who the session is for and where its result goes.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Context {
    /// Practice: recorded under the player's name from the settings.
    #[default]
    Solo,
    /// A hot-seat workshop on this machine.
    Workshop {
        id: i64,
        name: String,
        player: String,
        seed: u64,
        rubric: Rubric,
    },
    /// A draft from the scenario editor, tried out: coach mode, never recorded or ranked.
    Draft,
    /// A workshop on a server: the result is submitted there and replayed.
    Server {
        address: String,
        code: String,
        name: String,
        player: String,
        seed: u64,
        rubric: Rubric,
    },
}

impl Context {
    /// Whether coach mode may show the client's hidden meters: in practice only, never in a
    /// workshop, whose board compares fair play.
    pub fn allows_coach(&self) -> bool {
        matches!(self, Context::Solo | Context::Draft)
    }

    /// Whether the session tries out an editor draft: the meters always show, nothing is kept.
    pub fn is_draft(&self) -> bool {
        matches!(self, Context::Draft)
    }

    /// The seed and rubric a workshop fixes.
    fn fixed(&self) -> Option<(u64, Rubric)> {
        match self {
            Context::Solo | Context::Draft => None,
            Context::Workshop { seed, rubric, .. } | Context::Server { seed, rubric, .. } => {
                Some((*seed, rubric.clone()))
            }
        }
    }

    pub fn player(&self) -> Option<&str> {
        match self {
            Context::Solo | Context::Draft => None,
            Context::Workshop { player, .. } | Context::Server { player, .. } => Some(player),
        }
    }
}

/// Where the server submission of the finished session stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Submission {
    #[default]
    None,
    Pending,
    Accepted(Accepted),
    Failed(String),
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

impl Settings {
    /// The name attempts are recorded under.
    pub fn player_name(&self) -> String {
        let name = self.player.trim();
        if name.is_empty() {
            "Player".to_owned()
        } else {
            name.chars().take(dealcraft_store::MAX_NAME).collect()
        }
    }
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
    pub context: Context,
    /// The attempt this session was recorded as (or reopened from).
    pub recorded: Option<i64>,
    /// The player's rank on the hot-seat workshop board after this session.
    pub rank: Option<usize>,
    /// "re-scored under v2 (was 85)" for a reopened attempt scored under older rules.
    pub rescored: Option<String>,
    /// The hidden meters were shown at some point of this session: it is recorded as coached,
    /// even if coach mode was switched off before the end.
    pub coached: bool,
    pub submission: Submission,
    /// Numbers sessions, so a result from a background thread is matched to its session.
    pub number: u64,
}

impl Play {
    /// A new session on `scenario` for `context`, from its preparation.
    pub(super) fn prepare(&mut self, scenario: Arc<LoadedScenario>, context: Context) {
        self.scenario = Some(scenario);
        self.context = context;
        self.begin(None, false);
    }

    /// Puts `session` in place of the current one, under a new number: the previous session's
    /// scorecard, submission and any late answer for it no longer apply.
    fn begin(&mut self, session: Option<Session>, retried: bool) {
        self.session = session;
        self.card = None;
        self.rescored = None;
        self.coached = false;
        self.retried = retried;
        self.submission = Submission::None;
        self.number += 1;
    }

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
    db: Res<Db>,
    mut background: ResMut<Background>,
    waker: Option<Res<Waker>>,
    mut stored: MessageWriter<Stored>,
    mut shown: ResMut<ShownWorkshop>,
    mut balance: ResMut<BalanceOf>,
) {
    let data = data.as_deref().map(|d| d.0.as_path());
    for action in actions.read() {
        match action.clone() {
            UiAction::Open(screen) => next.set(screen),
            // The library is practice: it leaves any workshop.
            UiAction::Pick(id) => match library.find(&id).cloned() {
                Some(loaded) => {
                    play.prepare(loaded, Context::Solo);
                    notice.0 = None;
                    next.set(Screen::Preparation);
                }
                None => notice.0 = Some(format!("no scenario `{id}`")),
            },
            // The same scenario again, for the same player and workshop.
            UiAction::PlayAgain => {
                if let Some(loaded) = play.scenario.clone() {
                    let context = play.context.clone();
                    play.prepare(loaded, context);
                    notice.0 = None;
                    next.set(Screen::Preparation);
                }
            }
            UiAction::Start(plan) => {
                let Some(loaded) = play.scenario.clone() else {
                    continue;
                };
                let (seed, rubric) = play.context.fixed().unwrap_or_else(|| {
                    (
                        play.fixed_seed.unwrap_or_else(crate::fresh_seed),
                        bundled::default_rubric(),
                    )
                });
                let mut session = Session::new(Arc::new(loaded.scenario.clone()), rubric, seed);
                if let Some(plan) = plan
                    && let Err(e) = session.apply(Move::Prepare(plan))
                {
                    notice.0 = Some(e.to_string());
                }
                play.seed = seed;
                play.begin(Some(session), false);
                play.recorded = None;
                play.rank = None;
                focus.0 = None;
                next.set(Screen::Conversation);
            }
            UiAction::Play(mv) => {
                let Some(session) = play.session.as_mut() else {
                    continue;
                };
                let was_over = session.is_over();
                match session.apply(mv) {
                    Ok(_) => notice.0 = None,
                    Err(e) => notice.0 = Some(e.to_string()),
                }
                // Only the move that ended the meeting finishes it: a refused move after the
                // end must not record or submit it again.
                if !was_over && session.is_over() {
                    finish(&mut play, &mut library, data);
                    record(&play, &settings, &db, &background, waker.as_deref());
                    // A session rewound with "retry from here" is practice: never submitted.
                    if matches!(play.context, Context::Server { .. }) && !play.retried {
                        submit(&mut play, &background, waker.as_deref());
                    }
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
                        // Practice: the original's server verdict is not the rewound session's.
                        play.begin(Some(again), true);
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
            UiAction::SawMeters => play.coached = true,
            UiAction::SetScale(scale) => settings.scale = scale.clamp(0.75, 2.0),
            UiAction::SetPlayer(name) => settings.player = name,
            UiAction::OpenAttempt(id) => match reopen(id, &db, &library, settings.lang.core()) {
                Ok((loaded, session, rescored)) => {
                    let card = score(&session);
                    play.seed = session.seed();
                    play.scenario = Some(loaded);
                    // Already recorded: its "play again" and retries are practice.
                    play.begin(Some(session), true);
                    play.rescored = rescored;
                    play.card = Some(card);
                    play.recorded = Some(id);
                    play.rank = None;
                    play.context = Context::Solo;
                    focus.0 = None;
                    notice.0 = None;
                    next.set(Screen::Debrief);
                }
                Err(e) => notice.0 = Some(e),
            },
            UiAction::CreateWorkshop(form) => {
                let made = library
                    .find(&form.scenario)
                    .cloned()
                    .ok_or_else(|| format!("no scenario `{}`", form.scenario))
                    .and_then(|loaded| {
                        let source = scenario_source(&library, &loaded)?;
                        let rubric = if form.rubric.is_empty() {
                            bundled::default_rubric()
                        } else {
                            bundled::rubric(&form.rubric)
                                .ok_or_else(|| format!("no rubric `{}`", form.rubric))?
                                .rubric
                        };
                        db.with(|store| {
                            store.create_workshop(&NewWorkshop {
                                name: form.name.trim().to_owned(),
                                scenario_source: source,
                                scenario: loaded.scenario.id.clone(),
                                scenario_hash: loaded.hash.clone(),
                                rubric,
                                seed: form.seed,
                                roster: form.roster.clone(),
                            })
                        })
                    });
                match made {
                    Ok(w) => {
                        notice.0 = None;
                        stored.write(Stored);
                        shown.0 = Some(w.id);
                    }
                    Err(e) => notice.0 = Some(e),
                }
            }
            UiAction::PlayWorkshop { workshop, player } => {
                // Before the session: a look-alike name or a read-only file would lose it.
                let checked = db.with(|store| {
                    store.check_player(&player)?;
                    store.check_writable()
                });
                if let Err(e) = checked {
                    notice.0 = Some(e);
                    continue;
                }
                let started = db.with(|store| store.workshop(workshop)).and_then(|w| {
                    let loaded = w.load_scenario().map_err(|d| d.to_string())?;
                    Ok((w, loaded))
                });
                match started {
                    Ok((w, loaded)) => {
                        let context = Context::Workshop {
                            id: w.id,
                            name: w.name,
                            player,
                            seed: w.seed,
                            rubric: w.rubric,
                        };
                        play.prepare(Arc::new(loaded), context);
                        notice.0 = None;
                        *prep = super::preparation::PrepUi::default();
                        next.set(Screen::Preparation);
                    }
                    Err(e) => notice.0 = Some(e),
                }
            }
            UiAction::Join {
                address,
                code,
                player,
            } => {
                if let Err(e) = dealcraft_store::check_name(&player) {
                    notice.0 = Some(e.to_string());
                    continue;
                }
                background.joining = true;
                notice.0 = None;
                background.spawn(waker.as_deref().cloned(), move || {
                    let client = Client::new(&address, &code);
                    let result = client
                        .join()
                        .map(|j| Box::new((j.info, Arc::new(j.scenario))))
                        .map_err(|e| e.to_string());
                    Done::Joined {
                        address,
                        code,
                        player,
                        result,
                    }
                });
            }
            UiAction::Resubmit => submit(&mut play, &background, waker.as_deref()),
            UiAction::ShowWorkshop(id) => shown.0 = id,
            // The editor opens the scenario itself (`editor::open_requested`).
            UiAction::Edit(_) => next.set(Screen::Editor),
            UiAction::Balance(id) => {
                balance.0 = Some(id);
                next.set(Screen::Balance);
            }
            UiAction::ExportCsv(id) => {
                let Some(dir) = data else {
                    notice.0 = Some("no data folder to save to".into());
                    continue;
                };
                notice.0 = Some(
                    db.with(|store| {
                        store.board(&dealcraft_store::Filter {
                            workshop: Some(id),
                            ..Default::default()
                        })
                    })
                    .and_then(|board| {
                        files::save_csv(dir, &format!("workshop-{id}"), &board.to_csv())
                    })
                    .map_or_else(|e| e, |path| format!("saved {}", path.display())),
                );
            }
        }
    }
}

/// Applies what background work finished: server answers, recorded attempts.
fn receive_background(
    mut background: ResMut<Background>,
    mut play: ResMut<Play>,
    mut notice: ResMut<Notice>,
    mut next: ResMut<NextState<Screen>>,
    mut prep: ResMut<super::preparation::PrepUi>,
    mut stored: MessageWriter<Stored>,
) {
    let answers: Vec<Done> = {
        let rx = background.rx.lock().unwrap_or_else(|e| e.into_inner());
        rx.try_iter().collect()
    };
    for answer in answers {
        match answer {
            Done::Joined {
                address,
                code,
                player,
                result,
            } => {
                background.joining = false;
                match result {
                    Ok(joined) => {
                        let (info, loaded) = *joined;
                        let context = Context::Server {
                            address,
                            code,
                            name: info.name,
                            player,
                            seed: info.seed,
                            rubric: info.rubric,
                        };
                        play.prepare(loaded, context);
                        notice.0 = None;
                        *prep = super::preparation::PrepUi::default();
                        next.set(Screen::Preparation);
                    }
                    Err(e) => notice.0 = Some(e),
                }
            }
            // A late answer for an earlier session is not this session's.
            Done::Submitted { session, result } if session == play.number => {
                play.submission = match result {
                    Ok(accepted) => Submission::Accepted(accepted),
                    Err(e) => Submission::Failed(e),
                };
            }
            Done::Recorded { session, result } => {
                // Written either way: screens showing the database reload.
                stored.write(Stored);
                match result {
                    Ok((id, rank)) if session == play.number => {
                        play.recorded = Some(id);
                        play.rank = rank;
                    }
                    Ok(_) => {}
                    Err(e) => notice.0 = Some(format!("the attempt was not saved: {e}")),
                }
            }
            Done::Submitted { .. } => {}
        }
    }
}

/// Sends the finished session to the workshop server; the answer arrives in `receive_network`.
fn submit(play: &mut Play, background: &Background, waker: Option<&Waker>) {
    let (
        Context::Server {
            address,
            code,
            player,
            ..
        },
        Some(session),
        Some(loaded),
        Some(card),
    ) = (
        &play.context,
        play.session.as_ref(),
        play.scenario.as_ref(),
        play.card.as_ref(),
    )
    else {
        return;
    };
    let client = Client::new(address, code);
    let player = player.clone();
    let log = session.log(&loaded.hash);
    let claimed = card.overall;
    play.submission = Submission::Pending;
    let session = play.number;
    background.spawn(waker.cloned(), move || Done::Submitted {
        session,
        result: client
            .submit(&player, &log, Some(claimed))
            .map_err(|e| e.to_string()),
    });
}

/// Writes a finished session to the database on a background thread (a commit waits for the
/// disk, and for other writers), under the workshop player's name or the settings' player name.
fn record(
    play: &Play,
    settings: &Settings,
    db: &Db,
    background: &Background,
    waker: Option<&Waker>,
) {
    // A retried session is practice, as for best scores; a draft is not a scenario yet.
    if play.retried || play.context.is_draft() {
        return;
    }
    let (Some(store), Some(session), Some(loaded), Some(card)) =
        (&db.store, &play.session, &play.scenario, &play.card)
    else {
        return;
    };
    let player = play
        .context
        .player()
        .map(str::to_owned)
        .unwrap_or_else(|| settings.player_name());
    let workshop = match &play.context {
        Context::Workshop { id, .. } => Some(*id),
        _ => None,
    };
    // Coach mode is for practice: a workshop session is always played without it.
    let coached = (play.coached || settings.coach) && play.context.allows_coach();
    let attempt =
        NewAttempt::scored(&player, session, &loaded.hash, workshop, card.clone()).coached(coached);
    let store = store.clone();
    let number = play.number;
    background.spawn(waker.cloned(), move || {
        let store = store.lock().unwrap_or_else(|e| e.into_inner());
        let result = store.record(&attempt).and_then(|id| {
            let rank = match workshop {
                Some(w) => store.rank(Some(w), &attempt.player)?,
                None => None,
            };
            Ok((id, rank))
        });
        Done::Recorded {
            session: number,
            result: result.map_err(|e| e.to_string()),
        }
    });
}

/// Replays a recorded attempt on the library's copy of its scenario, if that is the same file;
/// with a note when it was scored under older rules.
fn reopen(
    id: i64,
    db: &Db,
    library: &Library,
    lang: dealcraft_core::scenario::Lang,
) -> Result<(Arc<LoadedScenario>, Session, Option<String>), String> {
    let attempt = db.with(|store| store.attempt(id))?;
    let loaded = library
        .entries
        .iter()
        .filter_map(|e| e.loaded.as_ref())
        .find(|l| l.scenario.id == attempt.log.scenario && l.hash == attempt.log.scenario_hash)
        .cloned()
        // A bundled scenario changed since keeps its earlier versions for old attempts.
        .or_else(|| {
            bundled::load_exact(&attempt.log.scenario, &attempt.log.scenario_hash).map(Arc::new)
        })
        .ok_or_else(|| {
            format!(
                "scenario `{}` has changed since attempt {id} was played; its scores are in the \
                 history, but it cannot be replayed",
                attempt.log.scenario
            )
        })?;
    let session = attempt
        .log
        .replay(Arc::new(loaded.scenario.clone()), &loaded.hash)
        .map_err(|e| e.to_string())?;
    let rescored = attempt.log.rescore_note(
        Some(
            attempt
                .summary
                .previous_overall
                .unwrap_or(attempt.summary.overall),
        ),
        lang,
    );
    Ok((loaded, session, rescored))
}

/// The text of a library scenario's file, for a workshop to keep.
fn scenario_source(library: &Library, loaded: &LoadedScenario) -> Result<String, String> {
    let entry = library
        .entries
        .iter()
        .find(|e| e.loaded.as_ref().is_some_and(|l| l.hash == loaded.hash))
        .ok_or("the scenario is no longer in the library")?;
    match &entry.origin {
        Origin::Bundled(_) => bundled::source(&loaded.scenario.id)
            .map(str::to_owned)
            .ok_or_else(|| "bundled scenario text missing".into()),
        Origin::File(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            // The file may have changed on disk since it was loaded.
            if dealcraft_core::parse::content_hash(text.as_bytes()) != loaded.hash {
                return Err(format!(
                    "{} changed on disk; wait for it to reload and try again",
                    path.display()
                ));
            }
            Ok(text)
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
    // A session rebuilt from a later turn is practice, not a result; a draft is neither.
    if !play.retried && !play.context.is_draft() && card.overall > *best {
        *best = card.overall;
        if let Some(dir) = data {
            files::save_best(dir, &library.best);
        }
    }
    play.card = Some(card);
}

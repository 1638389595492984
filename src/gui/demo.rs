//! Automation: `dealcraft demo --screenshots DIR` drives a scripted session through the real UI
//! and saves a screenshot of every screen; `--exit-after-frames N` exits after N frames.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy::render::view::screenshot::{Capturing, Screenshot, ScreenshotCaptured, save_to_disk};
use dealcraft_core::Session;
use dealcraft_core::bots::{Bot, BotKind};
use dealcraft_core::interpret::examples;
use dealcraft_core::moves::{CloseTechnique, Plan};
use dealcraft_core::scenario::Lang;

use super::Screen;
use super::conversation::Typing;
use super::editor::{EditorAction, EditorUi};
use super::i18n::UiLang;
use super::model::{Notice, Play, ShownWorkshop, UiAction, WorkshopForm};

/// Where the demo saves its screenshots, and which scenario it plays.
#[derive(Resource, Debug, Clone)]
pub struct DemoConfig {
    pub dir: PathBuf,
    pub scenario: String,
}

/// Exit after this many frames (start-up benchmarks).
#[derive(Resource, Debug, Clone, Copy)]
pub struct ExitAfterFrames(pub u32);

/// The demo gives up after this long, so CI never hangs on it.
const TIMEOUT: Duration = Duration::from_secs(360);

pub(super) fn frames_plugin(app: &mut App) {
    app.add_systems(
        Last,
        exit_after_frames.run_if(resource_exists::<ExitAfterFrames>),
    );
}

fn exit_after_frames(
    limit: Res<ExitAfterFrames>,
    mut frames: Local<u32>,
    mut exit: MessageWriter<AppExit>,
) {
    *frames += 1;
    if *frames >= limit.0 {
        exit.write(AppExit::Success);
    }
}

#[derive(Debug, Clone)]
enum Step {
    Wait(u32),
    Act(UiAction),
    /// Start the meeting with the plan a good salesperson would make.
    StartWithPlan,
    /// Fail unless this screen is showing (so a screenshot shows what its name says).
    Expect(Screen),
    /// Wait until this screen shows (after work done in the background).
    Until(Screen),
    /// Run the balance report of the demo's scenario and wait for it.
    Balance,
    /// Start the shown workshop's session for this player.
    PlayWorkshop(&'static str),
    /// Let the textbook bot play until the condition holds (or the session ends).
    BotUntil(fn(&Session) -> bool),
    /// Play the move this makes of the session as it stands.
    Play(fn(&Session) -> dealcraft_core::Move),
    /// Fix the seed of the sessions that follow (`None`: a fresh one each).
    Seed(Option<u64>),
    /// Type what the textbook bot would do, in words, in the typed-turn field, and confirm
    /// each reading, until the condition holds (or the session ends).
    TypedUntil(Lang, fn(&Session) -> bool),
    /// Type the next turn and let it be read, without confirming.
    TypeNext(Lang),
    /// Confirm the reading shown.
    Confirm,
    /// Fail unless the session ended in a deal.
    ExpectDeal,
    Shot(&'static str),
    /// Ask the editor for something, as its buttons do.
    Editor(EditorAction),
    /// Change the editor's draft, as typing into its form does.
    EditDraft(fn(&mut dealcraft_core::scenario::Scenario)),
    /// Wait until the editor's balance run has reported.
    EditorBalanced,
    /// Wait for every screenshot to be written, check them, and exit.
    Finish,
}

#[derive(Resource)]
struct Demo {
    steps: Vec<Step>,
    at: usize,
    wait: u32,
    started: Instant,
    bot: Option<Bot>,
    shots: Vec<PathBuf>,
    blank: Vec<String>,
}

pub(super) fn plugin(app: &mut App) {
    let config = app.world().resource::<DemoConfig>().clone();
    let steps = vec![
        Step::Wait(20),
        Step::Shot("01-library.png"),
        Step::Act(UiAction::Pick(config.scenario.clone())),
        Step::Wait(10),
        Step::Expect(Screen::Preparation),
        Step::Shot("02-preparation.png"),
        Step::StartWithPlan,
        Step::Wait(5),
        // Play until the client has raised an objection and made a counter-offer.
        Step::BotUntil(|s| {
            !s.client().negotiation.client_offers.is_empty() && !s.open_objections().is_empty()
        }),
        Step::Wait(10),
        Step::Expect(Screen::Conversation),
        Step::Shot("03-conversation.png"),
        Step::BotUntil(|s| s.is_over()),
        Step::Wait(10),
        Step::Expect(Screen::Debrief),
        Step::Shot("04-debrief.png"),
        Step::Act(UiAction::Open(Screen::History)),
        Step::Wait(10),
        Step::Expect(Screen::History),
        Step::Shot("05-history.png"),
        // A hot-seat workshop: two players take their turns, then the board.
        Step::Act(UiAction::CreateWorkshop(WorkshopForm {
            scenario: config.scenario.clone(),
            rubric: "default".into(),
            seed: 2026,
            name: "Demo cohort".into(),
            roster: vec!["Ann Lee".into(), "Boris".into(), "Chen".into()],
        })),
        Step::Wait(5),
        Step::PlayWorkshop("Ann Lee"),
        Step::Until(Screen::Preparation),
        Step::StartWithPlan,
        Step::Wait(5),
        Step::BotUntil(|s| s.is_over()),
        Step::Wait(5),
        Step::PlayWorkshop("Boris"),
        Step::Until(Screen::Preparation),
        Step::Act(UiAction::Start(None)),
        Step::Wait(5),
        Step::BotUntil(|s| s.moves().len() > 14),
        Step::Act(UiAction::Play(dealcraft_core::Move::End)),
        Step::Wait(10),
        Step::Expect(Screen::Debrief),
        Step::Shot("06-workshop-debrief.png"),
        Step::Act(UiAction::Open(Screen::Workshop)),
        Step::Wait(10),
        Step::Expect(Screen::Workshop),
        Step::Shot("07-workshop.png"),
        Step::Act(UiAction::Balance(config.scenario.clone())),
        Step::Wait(5),
        Step::Balance,
        Step::Wait(10),
        Step::Expect(Screen::Balance),
        Step::Shot("08-balance.png"),
        // The editor on the same scenario: a value out of range, its error beside the field.
        Step::Act(UiAction::Edit(Some(config.scenario.clone()))),
        Step::Wait(10),
        Step::Expect(Screen::Editor),
        Step::EditDraft(|sc| sc.client.trust = 1.5),
        Step::Editor(EditorAction::Jump("client.trust".into())),
        Step::Wait(10),
        Step::Shot("13-editor-live-error.png"),
        Step::EditDraft(|sc| sc.client.trust = 0.3),
        Step::Wait(5),
        Step::Editor(EditorAction::Balance),
        Step::Wait(5),
        Step::EditorBalanced,
        Step::Wait(10),
        Step::Expect(Screen::Editor),
        Step::Shot("14-editor-balance.png"),
        // Practice, selling at half the floor: the debrief leads with the critical error.
        Step::Act(UiAction::Pick(config.scenario.clone())),
        Step::Wait(10),
        Step::StartWithPlan,
        Step::Wait(5),
        Step::BotUntil(|s| {
            s.moves()
                .contains(&dealcraft_core::Move::Close(CloseTechnique::Trial))
        }),
        Step::Play(|s| dealcraft_core::Move::Offer {
            price: s.scenario().product.floor_price / 2,
            terms: Default::default(),
        }),
        Step::Wait(5),
        Step::BotUntil(|s| s.is_over()),
        Step::Wait(10),
        Step::Expect(Screen::Debrief),
        Step::Shot("10-debrief-critical.png"),
        // A Russian client, the UI language never chosen: the debrief speaks Russian throughout.
        Step::Act(UiAction::Pick("horeca-coffee".into())),
        Step::Wait(10),
        Step::Expect(Screen::Preparation),
        Step::StartWithPlan,
        Step::Wait(5),
        // A businesslike greeting for an expressive client: a finding to read.
        Step::Play(|_| dealcraft_core::Move::Greet(dealcraft_core::moves::ContactStyle::Direct)),
        Step::Wait(5),
        Step::BotUntil(|s| s.is_over()),
        Step::Wait(10),
        Step::Expect(Screen::Debrief),
        Step::Shot("12-debrief-ru.png"),
        // A trainer's assignment, opened as a trainee would: first in the Library; the track's
        // progress in History.
        Step::Act(UiAction::OpenAssignment(demo_assignment(&config.dir))),
        Step::Act(UiAction::Open(Screen::Library)),
        Step::Wait(10),
        Step::Expect(Screen::Library),
        Step::Shot("15-library-assignment.png"),
        Step::Act(UiAction::Open(Screen::History)),
        Step::Wait(10),
        Step::Expect(Screen::History),
        Step::Shot("16-history-tracks.png"),
        // A whole meeting typed in English, then one in Russian, each to a deal.
        Step::Seed(Some(7)),
        Step::Act(UiAction::Pick("fleet-telematics".into())),
        Step::Wait(10),
        Step::StartWithPlan,
        Step::Wait(5),
        Step::TypedUntil(Lang::En, |s| s.moves().len() > 8),
        Step::TypeNext(Lang::En),
        Step::Wait(10),
        Step::Expect(Screen::Conversation),
        Step::Shot("17-typed-en-reading.png"),
        Step::Confirm,
        Step::Wait(2),
        Step::TypedUntil(Lang::En, |s| s.is_over()),
        Step::Wait(10),
        Step::Expect(Screen::Debrief),
        Step::ExpectDeal,
        Step::Shot("18-typed-en-deal.png"),
        Step::Act(UiAction::SetLang(UiLang::Ru)),
        Step::Act(UiAction::Pick("horeca-coffee".into())),
        Step::Wait(10),
        Step::StartWithPlan,
        Step::Wait(5),
        Step::TypedUntil(Lang::Ru, |s| s.moves().len() > 8),
        Step::TypeNext(Lang::Ru),
        Step::Wait(10),
        Step::Expect(Screen::Conversation),
        Step::Shot("19-typed-ru-reading.png"),
        Step::Confirm,
        Step::Wait(2),
        Step::TypedUntil(Lang::Ru, |s| s.is_over()),
        Step::Wait(10),
        Step::Expect(Screen::Debrief),
        Step::ExpectDeal,
        Step::Shot("20-typed-ru-deal.png"),
        Step::Seed(None),
        Step::Act(UiAction::SetLang(UiLang::Ru)),
        Step::Act(UiAction::Open(Screen::Settings)),
        Step::Wait(10),
        Step::Expect(Screen::Settings),
        Step::Shot("09-settings-ru.png"),
        Step::Finish,
    ];
    let _ = std::fs::create_dir_all(&config.dir);
    app.insert_resource(Demo {
        steps,
        at: 0,
        wait: 0,
        started: Instant::now(),
        bot: None,
        shots: Vec::new(),
        blank: Vec::new(),
    })
    .add_systems(Update, run_demo);
}

/// Writes the demo's assignment (the bundled track and one more scenario, due in four days)
/// beside the screenshots; returns its path.
fn demo_assignment(dir: &std::path::Path) -> String {
    let due = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::system())
        .date()
        .checked_add(jiff::Span::new().days(4))
        .map_or_else(|_| "2099-01-01".to_owned(), |d| d.to_string());
    let text = format!(
        r#"Assignment(
    id: "demo-objections",
    title: "Objection handling before the Q1 push",
    from: "Maria Petrova",
    due: "{due}",
    track: Track(
        id: "objection-handling-1",
        title: {{"en": "Objection handling, level 1", "ru": "Работа с возражениями, уровень 1"}},
        order: InOrder,
        attempts: Some(3),
        pass: (overall: 70, stages: {{objections: 60}}),
        scenarios: [(scenario: "clinic-scheduling"), (scenario: "fleet-telematics"), (scenario: "cnc-retrofit")],
    ),
    scenarios: ["solar-farm"],
    note: "Play in exam mode: coached attempts do not count.",
)"#
    );
    let path = dir.join("demo-assignment.ron");
    let _ = std::fs::create_dir_all(dir);
    let _ = std::fs::write(&path, text);
    path.display().to_string()
}

/// A sensible plan for the demo's scenario: the textbook bot's first move.
fn demo_plan(play: &Play) -> Option<Plan> {
    let loaded = play.scenario.as_ref()?;
    let session = Session::new(
        std::sync::Arc::new(loaded.scenario.clone()),
        dealcraft_core::Rubric::default(),
        1,
    );
    match Bot::new(BotKind::Textbook, 1).next_move(&session) {
        dealcraft_core::Move::Prepare(plan) => Some(plan),
        _ => None,
    }
}

#[expect(clippy::too_many_arguments, reason = "a system's parameters")]
fn run_demo(
    mut commands: Commands,
    mut demo: ResMut<Demo>,
    config: Res<DemoConfig>,
    mut play: ResMut<Play>,
    mut typing: ResMut<Typing>,
    state: Res<State<Screen>>,
    notice: Res<Notice>,
    shown: Res<ShownWorkshop>,
    mut balance: ResMut<super::balance::BalanceUi>,
    mut editor: ResMut<EditorUi>,
    mut editor_actions: MessageWriter<EditorAction>,
    capturing: Query<(), With<Capturing>>,
    mut actions: MessageWriter<UiAction>,
    mut exit: MessageWriter<AppExit>,
) {
    if demo.started.elapsed() > TIMEOUT {
        error!("demo: timed out at step {}", demo.at);
        exit.write(AppExit::from_code(3));
        return;
    }
    if demo.wait > 0 {
        demo.wait -= 1;
        return;
    }
    let Some(step) = demo.steps.get(demo.at).cloned() else {
        return;
    };
    match step {
        Step::Wait(n) => demo.wait = n,
        Step::Expect(screen) => {
            if *state.get() != screen {
                error!(
                    "demo: expected the {screen:?} screen, found {:?} ({})",
                    state.get(),
                    notice.0.as_deref().unwrap_or("no notice")
                );
                exit.write(AppExit::from_code(5));
                demo.at = demo.steps.len();
                return;
            }
        }
        Step::Balance => {
            if balance.report.is_none() {
                if balance.job.is_none() {
                    balance.runs = 20;
                    balance.start = true;
                }
                demo.wait = 5;
                return;
            }
        }
        Step::Until(screen) => {
            if *state.get() != screen {
                demo.wait = 2;
                return;
            }
        }
        Step::PlayWorkshop(player) => {
            // The workshop is written in the background; the demo's timeout ends a wait for
            // one that never comes.
            let Some(workshop) = shown.0 else {
                demo.wait = 2;
                return;
            };
            actions.write(UiAction::PlayWorkshop {
                workshop,
                player: player.into(),
            });
        }
        Step::StartWithPlan => {
            actions.write(UiAction::Start(demo_plan(&play)));
        }
        Step::Act(action) => {
            actions.write(action);
        }
        Step::Seed(seed) => play.fixed_seed = seed,
        Step::TypedUntil(lang, done) => {
            let Some(session) = &play.session else { return };
            if let Some(action) = typing.confirm() {
                actions.write(action);
                demo.wait = 1;
                return;
            }
            if session.is_over() {
                demo.bot = None;
            } else if !done(session) {
                if !type_next(&mut demo, &mut typing, session, lang) {
                    exit.write(AppExit::from_code(8));
                    demo.at = demo.steps.len();
                }
                demo.wait = 1;
                return;
            }
        }
        Step::TypeNext(lang) => {
            let Some(session) = &play.session else { return };
            if !type_next(&mut demo, &mut typing, session, lang) {
                exit.write(AppExit::from_code(8));
                demo.at = demo.steps.len();
                return;
            }
        }
        Step::ExpectDeal => {
            let outcome = play.session.as_ref().and_then(|s| s.outcome());
            if !matches!(outcome, Some(dealcraft_core::Outcome::Deal { .. })) {
                error!("demo: expected a deal, the session ended {outcome:?}");
                exit.write(AppExit::from_code(9));
                demo.at = demo.steps.len();
                return;
            }
        }
        Step::Confirm => {
            if let Some(action) = typing.confirm() {
                actions.write(action);
            }
        }
        Step::Editor(action) => {
            // A quick search: the demo runs a debug build within CI's time.
            editor.balance.budget = 1000;
            editor_actions.write(action);
        }
        Step::EditDraft(change) => {
            let Some(draft) = editor.draft.as_mut() else {
                error!("demo: the editor has no draft");
                exit.write(AppExit::from_code(6));
                demo.at = demo.steps.len();
                return;
            };
            change(&mut draft.scenario);
        }
        Step::EditorBalanced => {
            if editor.balance.report.is_none() {
                demo.wait = 5;
                return;
            }
        }
        Step::Play(make) => {
            let Some(session) = &play.session else { return };
            actions.write(UiAction::Play(make(session)));
        }
        Step::BotUntil(done) => {
            let Some(session) = &play.session else { return };
            if done(session) || session.is_over() {
                demo.bot = None;
            } else {
                let seed = session.seed();
                let bot = demo
                    .bot
                    .get_or_insert_with(|| Bot::new(BotKind::Textbook, seed));
                let mv = bot.next_move(session);
                actions.write(UiAction::Play(mv));
                // One move per frame pair, so every move is drawn.
                demo.wait = 1;
                return;
            }
        }
        Step::Shot(name) => {
            let path = config.dir.join(name);
            let _ = std::fs::remove_file(&path);
            let label = name.to_owned();
            commands
                .spawn(Screenshot::primary_window())
                .observe(save_to_disk(path.clone()))
                .observe(
                    move |captured: On<ScreenshotCaptured>, mut demo: ResMut<Demo>| {
                        if is_blank(&captured.image.data) {
                            demo.blank.push(label.clone());
                        }
                    },
                );
            demo.shots.push(path);
            demo.wait = 3;
        }
        Step::Finish => {
            let missing: Vec<String> = demo
                .shots
                .iter()
                .filter(|p| std::fs::metadata(p).map_or(true, |m| m.len() == 0))
                .map(|p| p.display().to_string())
                .collect();
            if !capturing.is_empty() || !missing.is_empty() {
                // Screenshots are written a few frames after they are taken.
                demo.wait = 5;
                return;
            }
            if demo.blank.is_empty() {
                info!(
                    "demo: {} screenshots saved in {}",
                    demo.shots.len(),
                    config.dir.display()
                );
                exit.write(AppExit::Success);
            } else {
                error!("demo: blank screenshots: {}", demo.blank.join(", "));
                exit.write(AppExit::from_code(4));
            }
            demo.at = demo.steps.len();
            return;
        }
    }
    demo.at += 1;
}

/// Types, in the typed-turn field, words for the move the textbook bot would make, and lets
/// them be read; false (with an error) when no example line reads as that move.
fn type_next(demo: &mut Demo, typing: &mut Typing, session: &Session, lang: Lang) -> bool {
    let seed = session.seed();
    let bot = demo
        .bot
        .get_or_insert_with(|| Bot::new(BotKind::Textbook, seed));
    let mv = bot.next_move(session);
    let reader = typing.reader(session);
    match examples::typed_line(&reader, session, &mv, lang) {
        Some(line) => {
            typing.on = true;
            typing.text = line;
            typing.read(session);
            true
        }
        None => {
            error!("demo: nothing typed reads as {mv}");
            false
        }
    }
}

/// A screenshot is blank when every pixel has the same colour.
fn is_blank(data: &Option<Vec<u8>>) -> bool {
    let Some(bytes) = data else { return true };
    let mut pixels = bytes.chunks_exact(4);
    let Some(first) = pixels.next() else {
        return true;
    };
    pixels.all(|p| p == first)
}

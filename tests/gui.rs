//! Headless tests of the desktop app's logic: `MinimalPlugins` + states + assets + the app's
//! plugin, driven by the same `UiAction` messages the screens send.

use std::path::Path;
use std::time::{Duration, Instant};

use bevy::asset::AssetPlugin;
use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use dealcraft::gui::model::{
    Db, Library, Notice, Origin, Play, ShownWorkshop, Submission, UiAction, WorkshopForm,
};
use dealcraft::gui::scenarios::ScenarioFolders;
use dealcraft::gui::{self, Screen};
use dealcraft_core::moves::{ContactStyle, Move, Plan};
use dealcraft_core::scenario::SocialStyle;

fn app(folders: Vec<std::path::PathBuf>, watch: bool) -> App {
    let mut app = App::new();
    let folders = ScenarioFolders(folders);
    folders.register(&mut app);
    app.insert_resource(folders);
    app.add_plugins((
        MinimalPlugins,
        StatesPlugin,
        AssetPlugin {
            watch_for_changes_override: Some(watch),
            ..default()
        },
        gui::plugin,
    ));
    app.world_mut().resource_mut::<Play>().fixed_seed = Some(7);
    app.update();
    app
}

fn send(app: &mut App, action: UiAction) {
    app.world_mut().write_message(action);
    // One update applies the action, the next runs the state transition.
    app.update();
    app.update();
}

fn screen(app: &App) -> Screen {
    *app.world().resource::<State<Screen>>().get()
}

#[test]
fn the_library_holds_every_bundled_scenario() {
    let app = app(Vec::new(), false);
    let library = app.world().resource::<Library>();
    let bundled = library
        .entries
        .iter()
        .filter(|e| matches!(e.origin, Origin::Bundled(_)))
        .count();
    assert_eq!(bundled, dealcraft_core::bundled::SCENARIOS.len());
    assert!(library.find("fleet-telematics").is_some());
    assert_eq!(screen(&app), Screen::Library);
}

#[test]
fn a_session_runs_from_library_to_debrief_and_retries_from_a_turn() {
    let mut app = app(Vec::new(), false);
    send(&mut app, UiAction::Pick("fleet-telematics".into()));
    assert_eq!(screen(&app), Screen::Preparation);
    let plan = Plan {
        target_price: 48000,
        walk_away_price: 40000,
        style: SocialStyle::Driver,
        must_have: vec![],
    };
    send(&mut app, UiAction::Start(Some(plan)));
    assert_eq!(screen(&app), Screen::Conversation);
    send(&mut app, UiAction::Play(Move::Greet(ContactStyle::Direct)));
    send(&mut app, UiAction::Play(Move::SetAgenda));
    {
        let play = app.world().resource::<Play>();
        let session = play.session.as_ref().unwrap();
        assert_eq!(session.moves().len(), 3, "plan, greeting, agenda");
        assert_eq!(session.seed(), 7);
    }
    // A refused move leaves the session as it was and tells the user why.
    send(&mut app, UiAction::Play(Move::AcceptCounter));
    assert_eq!(
        app.world()
            .resource::<Play>()
            .session
            .as_ref()
            .unwrap()
            .moves()
            .len(),
        3
    );
    assert!(
        app.world()
            .resource::<Notice>()
            .0
            .as_deref()
            .unwrap()
            .contains("counter-offer")
    );

    send(&mut app, UiAction::Play(Move::End));
    assert_eq!(screen(&app), Screen::Debrief);
    assert!(app.world().resource::<Play>().card.is_some());
    assert_eq!(
        app.world()
            .resource::<Library>()
            .best
            .get("fleet-telematics")
            .copied(),
        app.world()
            .resource::<Play>()
            .card
            .as_ref()
            .map(|c| c.overall)
    );

    send(&mut app, UiAction::RetryFrom(1));
    assert_eq!(
        screen(&app),
        Screen::Preparation,
        "retrying the plan goes back to preparation"
    );
    assert_eq!(
        app.world()
            .resource::<dealcraft::gui::preparation::PrepUi>()
            .target,
        48000,
        "with the old plan filled in"
    );
    send(
        &mut app,
        UiAction::Start(Some(Plan {
            target_price: 48000,
            walk_away_price: 40000,
            style: SocialStyle::Driver,
            must_have: vec![],
        })),
    );
    send(&mut app, UiAction::Play(Move::Greet(ContactStyle::Direct)));
    send(&mut app, UiAction::Play(Move::SetAgenda));
    send(&mut app, UiAction::Play(Move::End));
    send(&mut app, UiAction::RetryFrom(3));
    assert_eq!(screen(&app), Screen::Conversation);
    let play = app.world().resource::<Play>();
    let session = play.session.as_ref().unwrap();
    assert_eq!(session.moves().len(), 2, "turns before 3 are kept");
    assert!(!session.is_over());
}

#[test]
fn settings_and_navigation() {
    let mut app = app(Vec::new(), false);
    send(&mut app, UiAction::Open(Screen::Settings));
    assert_eq!(screen(&app), Screen::Settings);
    send(
        &mut app,
        UiAction::SetLang(dealcraft::gui::i18n::UiLang::Ru),
    );
    send(&mut app, UiAction::SetScale(9.0));
    let settings = app.world().resource::<dealcraft::gui::model::Settings>();
    assert_eq!(settings.lang, dealcraft::gui::i18n::UiLang::Ru);
    assert_eq!(settings.scale, 2.0, "the scale is clamped");
    send(&mut app, UiAction::Pick("no-such-scenario".into()));
    assert_eq!(screen(&app), Screen::Settings);
    assert!(app.world().resource::<Notice>().0.is_some());
}

fn wait_for(app: &mut App, what: &str, done: impl Fn(&Library) -> bool) {
    let start = Instant::now();
    while !done(app.world().resource::<Library>()) {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
        app.update();
    }
}

fn title_of(library: &Library, path: &Path) -> Option<String> {
    library
        .entries
        .iter()
        .find(|e| e.origin == Origin::File(path.to_owned()))
        .and_then(|e| e.loaded.as_ref())
        .map(|l| l.scenario.title.clone())
}

#[test]
fn an_edited_scenario_file_is_reloaded_and_a_broken_edit_keeps_the_last_good_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hot.ron");
    let original = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/fleet-telematics.ron"),
    )
    .unwrap()
    .replace("id: \"fleet-telematics\"", "id: \"hot-test\"");
    std::fs::write(&path, &original).unwrap();
    let mut app = app(vec![dir.path().to_owned()], true);
    wait_for(&mut app, "the new file", |l| title_of(l, &path).is_some());
    assert!(app.world().resource::<Library>().find("hot-test").is_some());

    // Give the watcher a moment to start before editing.
    std::thread::sleep(Duration::from_millis(500));
    std::fs::write(
        &path,
        original.replace("Telematics for a trucking fleet", "Edited title"),
    )
    .unwrap();
    wait_for(&mut app, "the edit", |l| {
        title_of(l, &path).as_deref() == Some("Edited title")
    });

    std::fs::write(
        &path,
        original
            .replace("Telematics for a trucking fleet", "Broken")
            .replace("objections: [", "objectons: ["),
    )
    .unwrap();
    wait_for(&mut app, "the error", |l| {
        l.entries
            .iter()
            .any(|e| e.origin == Origin::File(path.clone()) && e.error.is_some())
    });
    let library = app.world().resource::<Library>();
    let entry = library
        .entries
        .iter()
        .find(|e| e.origin == Origin::File(path.clone()))
        .unwrap();
    assert!(
        entry
            .error
            .as_deref()
            .unwrap()
            .contains("did you mean `objections`?"),
        "{:?}",
        entry.error
    );
    assert_eq!(
        title_of(library, &path).as_deref(),
        Some("Edited title"),
        "the last good version stays"
    );

    // A file added later is found by the rescan.
    let later = dir.path().join("later.ron");
    std::fs::write(
        &later,
        original.replace("id: \"hot-test\"", "id: \"later-test\""),
    )
    .unwrap();
    wait_for(&mut app, "the added file", |l| {
        l.find("later-test").is_some()
    });
}

/// Plays the running session to its end with a bot, through the same actions as the screens.
fn finish_with_bot(app: &mut App, kind: dealcraft_core::bots::BotKind) {
    let mut bot = dealcraft_core::bots::Bot::new(kind, 1);
    for _ in 0..500 {
        let mv = {
            let play = app.world().resource::<Play>();
            let session = play.session.as_ref().unwrap();
            if session.is_over() {
                return;
            }
            bot.next_move(session)
        };
        send(app, UiAction::Play(mv));
    }
    panic!("the session did not end");
}

fn with_db(app: &mut App) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    app.insert_resource(Db::open(&dir.path().join("dealcraft.db")));
    dir
}

fn stored(dir: &tempfile::TempDir) -> dealcraft_store::Store {
    dealcraft_store::Store::open(&dir.path().join("dealcraft.db")).unwrap()
}

#[test]
fn a_finished_session_is_recorded_and_its_debrief_reopens() {
    let mut app = app(Vec::new(), false);
    let dir = with_db(&mut app);
    send(&mut app, UiAction::SetPlayer("Ann".into()));
    send(&mut app, UiAction::Pick("clinic-scheduling".into()));
    send(&mut app, UiAction::Start(None));
    finish_with_bot(&mut app, dealcraft_core::bots::BotKind::Textbook);
    assert_eq!(screen(&app), Screen::Debrief);
    // The attempt is written on a background thread.
    wait_until(&mut app, "the record", |app| {
        app.world().resource::<Play>().recorded.is_some()
    });
    let (id, overall) = {
        let play = app.world().resource::<Play>();
        (
            play.recorded.expect("recorded"),
            play.card.as_ref().unwrap().overall,
        )
    };
    let attempts = stored(&dir).attempts(&Default::default()).unwrap();
    assert_eq!(attempts.len(), 1);
    assert_eq!((attempts[0].id, attempts[0].overall), (id, overall));
    assert_eq!(attempts[0].player, "Ann");

    // Away and back through the history's "Debrief" button.
    send(&mut app, UiAction::Open(Screen::History));
    send(&mut app, UiAction::OpenAttempt(id));
    // The attempt is read and replayed on a background thread.
    wait_until(&mut app, "the reopened debrief", |app| {
        screen(app) == Screen::Debrief
    });
    let play = app.world().resource::<Play>();
    assert_eq!(play.card.as_ref().unwrap().overall, overall);
    assert!(play.retried, "a reopened attempt is not recorded again");
    assert_eq!(stored(&dir).attempts(&Default::default()).unwrap().len(), 1);
}

#[test]
fn a_hot_seat_workshop_records_each_player_with_the_workshops_seed() {
    let mut app = app(Vec::new(), false);
    let dir = with_db(&mut app);
    send(
        &mut app,
        UiAction::CreateWorkshop(WorkshopForm {
            scenario: "fleet-telematics".into(),
            rubric: "consultative".into(),
            seed: 4242,
            name: "Cohort 1".into(),
            roster: vec!["Ann".into(), "Bo".into()],
        }),
    );
    // The workshop is written on a background thread.
    wait_until(&mut app, "the new workshop", |app| {
        app.world().resource::<ShownWorkshop>().0.is_some()
    });
    let id = app
        .world()
        .resource::<ShownWorkshop>()
        .0
        .expect("the new workshop is shown");
    for (player, bot) in [
        ("Ann", dealcraft_core::bots::BotKind::Textbook),
        ("Bo", dealcraft_core::bots::BotKind::Pushy),
    ] {
        send(
            &mut app,
            UiAction::PlayWorkshop {
                workshop: id,
                player: player.into(),
            },
        );
        wait_until(&mut app, "the workshop's preparation", |app| {
            screen(app) == Screen::Preparation
        });
        send(&mut app, UiAction::Start(None));
        assert_eq!(
            app.world()
                .resource::<Play>()
                .session
                .as_ref()
                .unwrap()
                .seed(),
            4242,
            "the workshop's seed, not the app's fixed seed"
        );
        finish_with_bot(&mut app, bot);
        wait_until(&mut app, "the record", |app| {
            app.world().resource::<Play>().recorded.is_some()
        });
    }
    assert_eq!(app.world().resource::<Play>().rank, Some(2), "Bo is second");
    assert_eq!(
        app.world()
            .resource::<Play>()
            .session
            .as_ref()
            .unwrap()
            .rubric()
            .name,
        dealcraft_core::bundled::rubric("consultative")
            .unwrap()
            .rubric
            .name,
        "the workshop's rubric"
    );
    let board = stored(&dir)
        .board(&dealcraft_store::Filter {
            workshop: Some(id),
            ..Default::default()
        })
        .unwrap();
    let names: Vec<&str> = board.rows.iter().map(|r| r.player.as_str()).collect();
    assert_eq!(names, ["Ann", "Bo"]);

    // A move after the end is refused and records nothing more.
    send(&mut app, UiAction::Play(Move::End));
    assert_eq!(stored(&dir).attempts(&Default::default()).unwrap().len(), 2);
    // "Play again" stays in the workshop; the library is practice outside it.
    send(&mut app, UiAction::PlayAgain);
    assert!(matches!(
        app.world().resource::<Play>().context,
        dealcraft::gui::model::Context::Workshop { .. }
    ));
    send(&mut app, UiAction::Pick("fleet-telematics".into()));
    assert_eq!(
        app.world().resource::<Play>().context,
        dealcraft::gui::model::Context::Solo
    );
}

#[test]
fn joining_a_server_plays_its_workshop_and_the_server_scores_the_replay() {
    use dealcraft_core::bundled;
    let server_dir = tempfile::tempdir().unwrap();
    let server_db = server_dir.path().join("server.db");
    let w = dealcraft_store::Store::open(&server_db)
        .unwrap()
        .create_workshop(&dealcraft_store::NewWorkshop {
            name: "LAN cohort".into(),
            scenario_source: bundled::source("solar-farm").unwrap().into(),
            scenario: "solar-farm".into(),
            scenario_hash: bundled::load("solar-farm").unwrap().hash,
            rubric: bundled::default_rubric(),
            seed: 99,
            roster: Vec::new(),
        })
        .unwrap();
    // The server hands out a trainer's assignment with the workshop.
    let assignment = "Assignment(id: \"lan\", title: \"Solar for the cohort\", due: \"2026-12-11\", \
                      scenarios: [\"solar-farm\"])";
    let server = dealcraft_server::Server::start(dealcraft_server::Config {
        assignment: Some(assignment.into()),
        ..dealcraft_server::Config::new(
            "127.0.0.1:0".parse().unwrap(),
            server_db.clone(),
            w.id,
            "lan-code",
        )
    })
    .unwrap();

    let mut app = app(Vec::new(), false);
    let _dir = with_db(&mut app);
    let data = tempfile::tempdir().unwrap();
    app.insert_resource(dealcraft::gui::files::DataDir(data.path().to_owned()));
    // A wrong code is reported and nothing starts.
    send(
        &mut app,
        UiAction::Join {
            address: server.addr().to_string(),
            code: "nope".into(),
            player: "Dee".into(),
        },
    );
    wait_until(&mut app, "the refusal", |app| {
        app.world().resource::<Notice>().0.is_some()
    });
    assert!(
        app.world()
            .resource::<Notice>()
            .0
            .as_ref()
            .unwrap()
            .contains("wrong workshop code")
    );
    assert_eq!(screen(&app), Screen::Library);

    send(
        &mut app,
        UiAction::Join {
            address: server.addr().to_string(),
            code: "lan-code".into(),
            player: "Dee".into(),
        },
    );
    wait_until(&mut app, "the join", |app| {
        screen(app) == Screen::Preparation
    });
    // The assignment is taken, as if the trainee had opened the file.
    assert_eq!(
        std::fs::read_to_string(data.path().join("assignments/lan.ron")).unwrap(),
        assignment
    );
    assert_eq!(
        app.world().resource::<Notice>().0.as_deref(),
        Some("📌 Solar for the cohort (2026-12-11)")
    );
    send(&mut app, UiAction::Start(None));
    assert_eq!(
        app.world()
            .resource::<Play>()
            .session
            .as_ref()
            .unwrap()
            .seed(),
        99
    );
    finish_with_bot(&mut app, dealcraft_core::bots::BotKind::Textbook);
    wait_until(&mut app, "the server's answer", |app| {
        !matches!(
            app.world().resource::<Play>().submission,
            Submission::Pending | Submission::None
        )
    });
    let play = app.world().resource::<Play>();
    let Submission::Accepted(accepted) = &play.submission else {
        panic!("{:?}", play.submission);
    };
    assert_eq!(accepted.overall, play.card.as_ref().unwrap().overall);
    assert_eq!(accepted.rank, 1);

    // Rewinding to turn 3 and playing on is practice: nothing more reaches the server.
    send(&mut app, UiAction::RetryFrom(3));
    assert_eq!(screen(&app), Screen::Conversation);
    finish_with_bot(&mut app, dealcraft_core::bots::BotKind::Textbook);
    assert_eq!(app.world().resource::<Play>().submission, Submission::None);
    server.stop();
    let on_server = dealcraft_store::Store::open(&server_db)
        .unwrap()
        .attempts(&Default::default())
        .unwrap();
    assert_eq!(on_server.len(), 1);
    assert_eq!(on_server[0].player, "Dee");
}

fn wait_until(app: &mut App, what: &str, done: impl Fn(&App) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !done(app) {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
        app.update();
    }
    app.update();
}

#[test]
fn the_balance_report_runs_in_the_background_and_arrives() {
    use dealcraft::gui::balance::BalanceUi;
    let mut app = app(Vec::new(), false);
    send(&mut app, UiAction::Balance("clinic-scheduling".into()));
    assert_eq!(screen(&app), Screen::Balance);
    {
        let mut state = app.world_mut().resource_mut::<BalanceUi>();
        state.runs = 10;
        state.start = true;
    }
    app.update();
    assert!(app.world().resource::<BalanceUi>().job.is_some(), "started");
    wait_until(&mut app, "the report", |app| {
        app.world().resource::<BalanceUi>().report.is_some()
    });
    let state = app.world().resource::<BalanceUi>();
    let (id, report) = state.report.as_ref().unwrap();
    assert_eq!(id, "clinic-scheduling");
    assert_eq!(report.playthroughs(), 40, "4 bots × 10 seeds");
    // The same report as the CLI's analyzer for the same options.
    let loaded = dealcraft_core::bundled::load("clinic-scheduling").unwrap();
    let direct = dealcraft_core::analysis::analyze(
        &[std::sync::Arc::new(loaded.scenario)],
        &dealcraft_core::analysis::Options {
            runs: 10,
            rubric: dealcraft_core::bundled::default_rubric(),
            ..Default::default()
        },
        &|_, _| {},
    );
    assert_eq!(
        report.scenarios[0].bots[1].overall.mean,
        direct.scenarios[0].bots[1].overall.mean
    );
    assert!(state.job.is_none());
}

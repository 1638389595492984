//! The desktop app: Bevy + bevy_egui, a `Screen` state and one plugin per screen.
//!
//! Screens send `UiAction` messages; `model` applies them to the session and the state, so the
//! UI, the scripted demo and the headless tests drive the app through the same path.

pub mod balance;
mod conversation;
mod debrief;
mod demo;
pub mod editor;
pub mod files;
mod history;
pub mod i18n;
mod library;
pub mod model;
pub mod preparation;
mod redraw;
pub mod scenarios;
mod settings;
mod theme;
mod waker;
mod widgets;
mod workshop;

use std::path::PathBuf;
use std::process::ExitCode;

use bevy::prelude::*;
use bevy::window::WindowResizeConstraints;
use bevy::winit::WinitSettings;
use bevy_egui::EguiPlugin;

pub use demo::DemoConfig;
use scenarios::ScenarioFolders;

/// The app's screens.
#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    #[default]
    Library,
    Preparation,
    Conversation,
    Debrief,
    History,
    Workshop,
    Balance,
    Editor,
    Settings,
}

/// How the app was started.
#[derive(Debug, Clone, Default)]
pub struct GuiOptions {
    /// An extra folder of scenario files to load and watch.
    pub scenarios: Option<PathBuf>,
    /// Play every session with this seed instead of a fresh one.
    pub seed: Option<u64>,
    /// Exit after this many rendered frames (start-up benchmarks).
    pub exit_after_frames: Option<u32>,
    /// Drive a scripted session through the UI and save screenshots.
    pub demo: Option<DemoConfig>,
    /// The attempts database (default: in the data folder).
    pub db: Option<PathBuf>,
}

/// Opens the window and runs until it is closed.
pub fn run(opts: GuiOptions) -> ExitCode {
    let mut app = App::new();
    let mut folders = vec![files::user_scenarios()];
    folders.extend(opts.scenarios.clone());
    let folders = ScenarioFolders(folders);
    // Asset sources must exist before the asset plugin starts.
    folders.register(&mut app);
    app.insert_resource(folders);
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: "Dealcraft".into(),
                    resolution: (1280, 800).into(),
                    resize_constraints: WindowResizeConstraints {
                        min_width: 960.0,
                        min_height: 600.0,
                        ..default()
                    },
                    ..default()
                }),
                ..default()
            })
            .set(AssetPlugin {
                // Hot reload of the trainer's scenario files.
                watch_for_changes_override: Some(true),
                ..default()
            }),
    );
    app.add_plugins(EguiPlugin::default());
    let continuous = opts.demo.is_some() || opts.exit_after_frames.is_some();
    app.insert_resource(if continuous {
        WinitSettings::game()
    } else {
        WinitSettings::desktop_app()
    });
    let data = files::data_dir();
    app.insert_resource(files::load_settings::<model::Settings>(&data).loaded());
    let db = opts.db.clone().unwrap_or_else(crate::paths::default_db);
    app.add_plugins((plugin, ui_plugin));
    app.world_mut().resource_mut::<model::Library>().best = files::load_best(&data);
    app.world_mut().resource_mut::<model::Play>().fixed_seed = opts.seed;
    app.insert_resource(files::DataDir(data));
    app.insert_resource(model::Db::open(&db));
    if let Some(n) = opts.exit_after_frames {
        app.insert_resource(demo::ExitAfterFrames(n));
    }
    if let Some(config) = opts.demo {
        app.insert_resource(config);
        app.add_plugins(demo::plugin);
    }
    match app.run() {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(code) => ExitCode::from(code.get()),
    }
}

/// The app's logic without any UI: state, library, scenario assets, actions.
pub fn plugin(app: &mut App) {
    app.init_state::<Screen>().add_plugins((
        model::plugin,
        scenarios::plugin,
        balance::jobs_plugin,
        editor::logic_plugin,
    ));
}

/// The screens, drawn with egui.
pub fn ui_plugin(app: &mut App) {
    app.add_plugins((
        theme::plugin,
        redraw::plugin,
        library::plugin,
        preparation::plugin,
        conversation::plugin,
        debrief::plugin,
        history::plugin,
        balance::plugin,
        editor::plugin,
        workshop::plugin,
        settings::plugin,
        demo::frames_plugin,
    ));
}

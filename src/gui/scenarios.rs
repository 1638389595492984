//! Scenarios as Bevy assets: the bundled set, the trainer's folders, hot reload, and errors that
//! keep the last good version playable.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use bevy::asset::io::{AssetSourceBuilder, AssetSourceId, Reader};
use bevy::asset::{AssetLoadError, AssetLoadFailedEvent, AssetLoader, AssetPath, LoadContext};
use bevy::prelude::*;
use bevy::time::common_conditions::on_timer;
use dealcraft_core::{LoadedScenario, bundled, load_scenario};
use thiserror::Error;

use super::model::{Library, Origin};
use super::waker::Waker;

/// The folders scanned for scenario files, each an asset source of its own.
#[derive(Resource, Debug, Clone, Default)]
pub struct ScenarioFolders(pub Vec<PathBuf>);

impl ScenarioFolders {
    fn source(i: usize) -> String {
        format!("scenarios{i}")
    }

    /// Registers one asset source per folder; must run before the asset plugin is added.
    pub fn register(&self, app: &mut App) {
        for (i, dir) in self.0.iter().enumerate() {
            let _ = std::fs::create_dir_all(dir);
            let path = std::path::absolute(dir).unwrap_or_else(|_| dir.clone());
            app.register_asset_source(
                Self::source(i),
                AssetSourceBuilder::platform_default(&path.to_string_lossy(), None),
            );
        }
    }
}

/// A scenario file that parsed and validated.
#[derive(Asset, TypePath, Debug)]
pub struct ScenarioAsset(pub Arc<LoadedScenario>);

/// Why a scenario file did not load: the validator's diagnostics, ready to show.
#[derive(Debug, Error)]
#[error("{0}")]
pub struct ScenarioLoadError(pub String);

#[derive(Default, TypePath)]
pub struct ScenarioLoader;

impl AssetLoader for ScenarioLoader {
    type Asset = ScenarioAsset;
    type Settings = ();
    type Error = ScenarioLoadError;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _settings: &(),
        load_context: &mut LoadContext<'_>,
    ) -> Result<ScenarioAsset, ScenarioLoadError> {
        let mut bytes = Vec::new();
        reader
            .read_to_end(&mut bytes)
            .await
            .map_err(|e| ScenarioLoadError(e.to_string()))?;
        let name = load_context.path().path().display().to_string();
        load_scenario(&name, &bytes)
            .map(|l| ScenarioAsset(Arc::new(l)))
            .map_err(|d| ScenarioLoadError(d.to_string()))
    }

    fn extensions(&self) -> &[&str] {
        &["ron"]
    }
}

/// Handles of the files being watched, with their paths on disk.
#[derive(Resource, Debug, Default)]
struct Watched(Vec<(PathBuf, Handle<ScenarioAsset>)>);

/// Set by the folder watcher when a file in a scenario folder changed; cleared by the rescan.
#[derive(Resource, Debug, Default, Clone)]
struct FolderChanged(Arc<AtomicBool>);

/// Watches the scenario folders so that an edit wakes the idle app (the asset server's own
/// watcher reloads the file, but does not wake the event loop).
#[derive(Resource)]
struct FolderWatcher(
    #[expect(dead_code, reason = "held only to keep the watcher running")]
    Option<notify::RecommendedWatcher>,
);

pub(super) fn plugin(app: &mut App) {
    app.init_asset::<ScenarioAsset>()
        .init_asset_loader::<ScenarioLoader>()
        .init_resource::<Watched>()
        .init_resource::<ScenarioFolders>()
        .init_resource::<FolderChanged>()
        .add_systems(Startup, (load_bundled, scan_folders))
        // New and deleted files are found by a rescan; edits to known ones arrive through the
        // asset server's file watcher.
        .add_systems(
            Update,
            (
                watch_folders.run_if(not(resource_exists::<FolderWatcher>)),
                scan_folders.run_if(on_timer(Duration::from_secs(2)).or_eager(folder_changed)),
                (take_loaded, take_failed).chain(),
            ),
        );
}

fn load_bundled(mut library: ResMut<Library>) {
    for ((name, _), result) in bundled::SCENARIOS.iter().zip(bundled::all()) {
        library.upsert(
            Origin::Bundled((*name).to_owned()),
            (*name).to_owned(),
            result.map(Arc::new).map_err(|d| d.to_string()),
        );
    }
}

fn folder_changed(changed: Res<FolderChanged>) -> bool {
    changed.0.swap(false, Ordering::Relaxed)
}

/// Starts the folder watcher once the event loop can be woken (never in headless tests).
fn watch_folders(
    mut commands: Commands,
    folders: Res<ScenarioFolders>,
    changed: Res<FolderChanged>,
    waker: Option<Res<Waker>>,
) {
    use notify::Watcher;
    let Some(waker) = waker.map(|w| w.clone()) else {
        return;
    };
    let flag = changed.0.clone();
    let watcher = notify::recommended_watcher(move |_event: notify::Result<notify::Event>| {
        flag.store(true, Ordering::Relaxed);
        // After the asset server's 300 ms debounce, so that the reload is there to be shown.
        let now = Instant::now();
        waker.wake_at(now + Duration::from_millis(500));
        waker.wake_at(now + Duration::from_millis(1500));
    });
    match watcher {
        Ok(mut watcher) => {
            for dir in &folders.0 {
                if let Err(e) = watcher.watch(dir, notify::RecursiveMode::NonRecursive) {
                    warn!("cannot watch {}: {e}", dir.display());
                }
            }
            commands.insert_resource(FolderWatcher(Some(watcher)));
        }
        Err(e) => {
            warn!("no file watcher: {e}; scenario edits show up at the next redraw");
            commands.insert_resource(FolderWatcher(None));
        }
    }
}

/// Editor lock files and other dot files are not scenarios.
fn is_scenario_file(path: &Path) -> bool {
    let hidden = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_none_or(|n| n.starts_with('.'));
    !hidden && path.extension().is_some_and(|e| e == "ron") && path.is_file()
}

fn scan_folders(
    folders: Res<ScenarioFolders>,
    server: Res<AssetServer>,
    mut watched: ResMut<Watched>,
    mut library: ResMut<Library>,
) {
    // Files deleted or renamed since the last scan leave the library.
    let gone: Vec<PathBuf> = watched
        .0
        .iter()
        .map(|(p, _)| p.clone())
        .filter(|p| !p.exists())
        .collect();
    if !gone.is_empty() {
        watched.0.retain(|(p, _)| !gone.contains(p));
        library
            .entries
            .retain(|e| !matches!(&e.origin, Origin::File(p) if gone.contains(p)));
    }
    for (i, dir) in folders.0.iter().enumerate() {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| is_scenario_file(p))
            .collect();
        files.sort();
        for path in files {
            if watched.0.iter().any(|(p, _)| *p == path) {
                continue;
            }
            let Some(name) = path.file_name() else {
                continue;
            };
            let asset_path = AssetPath::from_path(Path::new(name))
                .with_source(AssetSourceId::from(ScenarioFolders::source(i)))
                .into_owned();
            let handle = server.load::<ScenarioAsset>(asset_path);
            watched.0.push((path, handle));
        }
    }
}

fn path_of(watched: &Watched, id: AssetId<ScenarioAsset>) -> Option<PathBuf> {
    watched
        .0
        .iter()
        .find(|(_, h)| h.id() == id)
        .map(|(p, _)| p.clone())
}

fn take_loaded(
    mut events: MessageReader<AssetEvent<ScenarioAsset>>,
    assets: Res<Assets<ScenarioAsset>>,
    watched: Res<Watched>,
    mut library: ResMut<Library>,
) {
    for event in events.read() {
        let (AssetEvent::LoadedWithDependencies { id } | AssetEvent::Modified { id }) = event
        else {
            continue;
        };
        let (Some(asset), Some(path)) = (assets.get(*id), path_of(&watched, *id)) else {
            continue;
        };
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        library.upsert(Origin::File(path), name, Ok(asset.0.clone()));
    }
}

fn take_failed(
    mut events: MessageReader<AssetLoadFailedEvent<ScenarioAsset>>,
    watched: Res<Watched>,
    mut library: ResMut<Library>,
) {
    for event in events.read() {
        let Some(path) = path_of(&watched, event.id) else {
            continue;
        };
        let text = match &event.error {
            AssetLoadError::AssetLoaderError(e) => e
                .error()
                .downcast_ref::<ScenarioLoadError>()
                .map_or_else(|| e.error().to_string(), |s| s.0.clone()),
            other => other.to_string(),
        };
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        library.upsert(Origin::File(path), name, Err(text));
    }
}

//! The trainee's learning files, shared by the CLI, the app and the workshop server: the
//! certification tracks this machine knows (bundled, the data folder's `tracks/`, and those of
//! the assignments taken), the assignments taken (`assignments/`), and the catalog that turns
//! attempts into xAPI statements.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use dealcraft_core::track::TrackProgress;
use dealcraft_core::{Assignment, Scenario, Track, bundled, load_assignment, load_track};
use dealcraft_store::{Filter, Store};
use dealcraft_xapi::{Catalog, Config, Lrs, push};

/// Where the data folder keeps tracks.
pub fn tracks_dir(data: &Path) -> PathBuf {
    data.join("tracks")
}

/// Where the data folder keeps the assignments taken.
pub fn assignments_dir(data: &Path) -> PathBuf {
    data.join("assignments")
}

/// What was read from the data folder, with the files that did not read (each message names the
/// file, line and column).
#[derive(Debug, Clone, Default)]
pub struct Learning {
    pub tracks: Vec<Track>,
    pub assignments: Vec<Assignment>,
    pub problems: Vec<String>,
}

impl Learning {
    /// Reads the bundled tracks, then the data folder's tracks and assignments. A track of the
    /// data folder replaces a bundled one with the same id; an assignment's track replaces both.
    pub fn load(data: &Path) -> Learning {
        let mut out = Learning {
            tracks: bundled::tracks(),
            ..Learning::default()
        };
        for path in ron_files(&tracks_dir(data)) {
            match std::fs::read(&path)
                .map_err(|e| e.to_string())
                .and_then(|b| {
                    load_track(&path.display().to_string(), &b).map_err(|d| d.to_string())
                }) {
                Ok(l) => out.add_track(l.track),
                Err(e) => out.problems.push(e),
            }
        }
        for path in ron_files(&assignments_dir(data)) {
            match read_assignment(&path) {
                Ok(a) => {
                    if let Some(t) = &a.track {
                        out.add_track(t.clone());
                    }
                    out.assignments.push(a);
                }
                Err(e) => out.problems.push(e),
            }
        }
        // Soonest due first: the Library shows them in this order.
        out.assignments
            .sort_by(|a, b| a.due.cmp(&b.due).then(a.id.cmp(&b.id)));
        out
    }

    fn add_track(&mut self, track: Track) {
        self.tracks.retain(|t| t.id != track.id);
        self.tracks.push(track);
    }

    /// The assignments for `player`, soonest due first.
    pub fn assignments_for(&self, player: &str) -> Vec<&Assignment> {
        self.assignments
            .iter()
            .filter(|a| a.is_for(player, dealcraft_store::same_player))
            .collect()
    }

    /// `player`'s progress on every track.
    pub fn progress(
        &self,
        store: &Store,
        player: &str,
    ) -> Result<Vec<(Track, TrackProgress)>, String> {
        let attempts: Vec<_> = store
            .attempts(&Filter {
                player: Some(player.to_owned()),
                ..Filter::default()
            })
            .map_err(|e| e.to_string())?
            .iter()
            .map(dealcraft_store::AttemptSummary::for_track)
            .collect();
        Ok(self
            .tracks
            .iter()
            .map(|t| (t.clone(), t.progress(&attempts)))
            .collect())
    }
}

/// Checks an assignment file and copies it into the data folder's `assignments/`, as
/// `ID.ron` (an assignment with the same id is replaced). Returns it and where it went.
pub fn open_assignment(data: &Path, file: &Path) -> Result<(Assignment, PathBuf), String> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    take_assignment(data, &file.display().to_string(), &bytes)
}

/// Checks assignment text (`name` names it in errors) and keeps it in the data folder.
pub fn take_assignment(
    data: &Path,
    name: &str,
    bytes: &[u8],
) -> Result<(Assignment, PathBuf), String> {
    let assignment = load_assignment(name, bytes)
        .map(|l| l.assignment)
        .map_err(|d| d.to_string())?;
    let dir = assignments_dir(data);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let dest = dir.join(format!("{}.ron", assignment.id));
    std::fs::write(&dest, bytes).map_err(|e| format!("cannot write {}: {e}", dest.display()))?;
    Ok((assignment, dest))
}

/// Reads and checks an assignment file.
pub fn read_assignment(path: &Path) -> Result<Assignment, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    load_assignment(&path.display().to_string(), &bytes)
        .map(|l| l.assignment)
        .map_err(|d| d.to_string())
}

fn ron_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "ron"));
    files.sort();
    files
}

/// Finds the scenario an attempt was played on, for its statements: the bundled file with that
/// hash, else a workshop's copy with that hash, else the bundled scenario with that id.
pub struct ScenarioFinder {
    workshops: HashMap<String, String>,
    /// By `(id, hash)`: each scenario is parsed once per push, not once per attempt.
    cache: Mutex<HashMap<(String, String), Found>>,
}

type Found = Option<Arc<Scenario>>;

impl ScenarioFinder {
    pub fn new(store: &Store) -> ScenarioFinder {
        let workshops = store
            .workshops()
            .unwrap_or_default()
            .into_iter()
            .map(|w| (w.scenario_hash.clone(), w.scenario_source.clone()))
            .collect();
        ScenarioFinder {
            workshops,
            cache: Mutex::new(HashMap::new()),
        }
    }

    pub fn find(&self, id: &str, hash: &str) -> Option<Arc<Scenario>> {
        let key = (id.to_owned(), hash.to_owned());
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        cache
            .entry(key)
            .or_insert_with(|| {
                let exact = bundled::load_exact(id, hash).or_else(|| {
                    self.workshops.get(hash).and_then(|text| {
                        dealcraft_core::load_scenario("workshop", text.as_bytes()).ok()
                    })
                });
                exact
                    .or_else(|| bundled::load(id))
                    .map(|l| Arc::new(l.scenario))
            })
            .clone()
    }
}

/// Queues and sends everything waiting to the LRS of `config`: `dealcraft lrs push` and the
/// app's "Send now".
pub fn push_all(store: &Store, config: &Config, tracks: &[Track]) -> Result<push::Report, String> {
    let finder = ScenarioFinder::new(store);
    let find = |id: &str, hash: &str| finder.find(id, hash);
    let catalog = Catalog {
        config,
        scenario: &find,
        tracks,
    };
    push::push(store, &Lrs::new(config), &catalog).map_err(|e| e.to_string())
}

/// The LRS settings of the data folder, for the app: the settings when they can send, else
/// why not (`None`: there is no settings file, the user has no LRS).
pub fn lrs_settings(data: &Path) -> (Option<Config>, Option<String>) {
    let path = Config::path(data);
    match Config::load(&path) {
        Ok(l) if l.missing => (None, None),
        Ok(l) => match l.config.check_sending(&path) {
            Ok(()) => (Some(l.config), None),
            Err(e) => (None, Some(e.to_string())),
        },
        Err(e) => (None, Some(e.to_string())),
    }
}

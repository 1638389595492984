//! The app's files in the user's data folder: settings, best scores, saved session logs and the
//! folder for the trainer's own scenarios.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use bevy::prelude::Resource;
use dealcraft_core::SessionLog;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The data folder the app reads and writes; absent in tests, which then write nothing.
#[derive(Resource, Debug, Clone)]
pub struct DataDir(pub PathBuf);

pub use crate::paths::data_dir;

/// Where trainers drop their own scenario files.
pub fn user_scenarios() -> PathBuf {
    data_dir().join("scenarios")
}

/// The settings saved last time, or the defaults (any type the settings screen keeps).
pub fn load_settings<S: DeserializeOwned + Default>(dir: &Path) -> S {
    std::fs::read_to_string(dir.join("settings.ron"))
        .ok()
        .and_then(|text| ron::from_str(&text).ok())
        .unwrap_or_default()
}

/// Saves settings; a failure only costs the preference, so it is logged, not shown.
pub fn save_settings(dir: &Path, settings: &impl Serialize) {
    let text = ron::ser::to_string_pretty(settings, Default::default()).unwrap_or_default();
    if let Err(e) = write(&dir.join("settings.ron"), &text) {
        bevy::log::warn!("cannot save settings: {e}");
    }
}

pub fn load_best(dir: &Path) -> BTreeMap<String, u32> {
    std::fs::read_to_string(dir.join("best.ron"))
        .ok()
        .and_then(|text| ron::from_str(&text).ok())
        .unwrap_or_default()
}

pub fn save_best(dir: &Path, best: &BTreeMap<String, u32>) {
    let text = ron::ser::to_string_pretty(best, Default::default()).unwrap_or_default();
    if let Err(e) = write(&dir.join("best.ron"), &text) {
        bevy::log::warn!("cannot save best scores: {e}");
    }
}

/// Writes a session log to `logs/SCENARIO-SEED-TURNS.ron`; returns its path.
pub fn save_log(dir: &Path, log: &SessionLog) -> Result<PathBuf, String> {
    let name = format!("{}-{}-{}.ron", log.scenario, log.seed, log.moves.len());
    let path = dir.join("logs").join(name);
    write(&path, &log.to_ron()).map_err(|e| format!("cannot save {}: {e}", path.display()))?;
    Ok(path)
}

/// Saves an export (a workshop board) as `exports/NAME.csv`.
pub fn save_csv(dir: &Path, name: &str, csv: &str) -> Result<PathBuf, String> {
    let path = dir.join("exports").join(format!("{name}.csv"));
    write(&path, csv).map_err(|e| format!("cannot save {}: {e}", path.display()))?;
    Ok(path)
}

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    // Write aside and rename, so a crash never leaves half a file.
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)
}

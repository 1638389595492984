//! The scenarios and rubrics shipped inside the binary, so the app works from any folder.

use std::sync::Arc;

use crate::Scenario;
use crate::parse::{
    Diagnostics, LoadedRubric, LoadedScenario, content_hash, load_rubric, load_scenario, load_track,
};
use crate::track::Track;

// `SCENARIOS`, `PREVIOUS`, `RUBRICS` and `TRACKS`: `(file name, contents)` of every file in
// `scenarios/`, `scenarios/previous/`, `rubrics/` and `tracks/`, in name order, written by build.rs.
include!(concat!(env!("OUT_DIR"), "/bundled_files.rs"));

/// Every bundled scenario, parsed; the bundled files are tested to be valid.
pub fn all() -> Vec<Result<LoadedScenario, Diagnostics>> {
    SCENARIOS
        .iter()
        .map(|(name, text)| load_scenario(&format!("scenarios/{name}"), text.as_bytes()))
        .collect()
}

/// A bundled scenario by id.
pub fn load(id: &str) -> Option<LoadedScenario> {
    all().into_iter().flatten().find(|l| l.scenario.id == id)
}

/// The bundled scenario `id` exactly as it was when its file hashed to `hash`: the current
/// version, or an earlier one kept so that old logs still replay.
pub fn load_exact(id: &str, hash: &str) -> Option<LoadedScenario> {
    // Hashing a file costs far less than parsing it: parse only the files with that hash.
    SCENARIOS
        .iter()
        .chain(PREVIOUS)
        .filter(|(_, text)| content_hash(text.as_bytes()) == hash)
        .filter_map(|(name, text)| {
            load_scenario(&format!("scenarios/{name}"), text.as_bytes()).ok()
        })
        .find(|l| l.scenario.id == id)
}

/// [`load_exact`] shared, as re-scoring and the statements builder look scenarios up.
pub fn find(id: &str, hash: &str) -> Option<Arc<Scenario>> {
    load_exact(id, hash).map(|l| Arc::new(l.scenario))
}

/// The ids of the bundled scenarios.
pub fn ids() -> Vec<String> {
    all().into_iter().flatten().map(|l| l.scenario.id).collect()
}

/// A bundled rubric by name (`default`, ...).
pub fn rubric(name: &str) -> Option<LoadedRubric> {
    RUBRICS
        .iter()
        .find(|(file, _)| file.trim_end_matches(".ron") == name)
        .and_then(|(file, text)| load_rubric(&format!("rubrics/{file}"), text.as_bytes()).ok())
}

/// The bundled `default` rubric: the one every session uses unless a trainer names another.
pub fn default_rubric() -> crate::Rubric {
    rubric("default").map_or_else(crate::Rubric::default, |r| r.rubric)
}

/// The text of a bundled scenario file by scenario id: what a workshop hands to its players.
pub fn source(id: &str) -> Option<&'static str> {
    SCENARIOS
        .iter()
        .map(|(_, text)| *text)
        .find(|text| load_scenario("bundled", text.as_bytes()).is_ok_and(|l| l.scenario.id == id))
}

/// The names of the bundled rubrics (`default`, ...), in file order.
pub fn rubric_names() -> Vec<&'static str> {
    RUBRICS
        .iter()
        .map(|(file, _)| file.trim_end_matches(".ron"))
        .collect()
}

/// The bundled certification tracks; the bundled files are tested to be valid.
pub fn tracks() -> Vec<Track> {
    TRACKS
        .iter()
        .filter_map(|(file, text)| load_track(&format!("tracks/{file}"), text.as_bytes()).ok())
        .map(|l| l.track)
        .collect()
}

//! Finding scenarios and rubrics: a path on disk or the id of a bundled one.

use std::path::Path;

use dealcraft_core::{LoadedRubric, LoadedScenario, Rubric, bundled, load_rubric, load_scenario};

/// A scenario by path, or by bundled id when no such file exists.
pub fn scenario(name: &str) -> Result<LoadedScenario, String> {
    let path = Path::new(name);
    if path.is_file() {
        return scenario_file(path);
    }
    bundled::load(name).ok_or_else(|| {
        format!(
            "no scenario file or bundled scenario `{name}`; bundled ones are: {}",
            bundled::ids().join(", ")
        )
    })
}

/// A scenario as [`scenario`] finds it, with its file's text (what a workshop stores).
pub fn scenario_with_text(name: &str) -> Result<(LoadedScenario, String), String> {
    let path = Path::new(name);
    if path.is_file() {
        // One read: the text kept and the hash checked must be of the same bytes.
        let bytes =
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let loaded = loaded_from(path, &bytes)?;
        let text = String::from_utf8(bytes)
            .map_err(|_| format!("{} is not UTF-8 text", path.display()))?;
        return Ok((loaded, text));
    }
    let loaded = scenario(name)?;
    let text = bundled::source(&loaded.scenario.id)
        .ok_or_else(|| format!("bundled scenario `{name}` has no text"))?;
    Ok((loaded, text.to_owned()))
}

pub fn scenario_file(path: &Path) -> Result<LoadedScenario, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    loaded_from(path, &bytes)
}

fn loaded_from(path: &Path, bytes: &[u8]) -> Result<LoadedScenario, String> {
    let loaded = load_scenario(&path.display().to_string(), bytes).map_err(|d| d.to_string())?;
    for w in &loaded.warnings {
        eprint!("{w}");
    }
    Ok(loaded)
}

/// A rubric file, or the default rubric.
pub fn rubric(path: Option<&Path>) -> Result<Rubric, String> {
    let Some(path) = path else {
        return Ok(bundled::default_rubric());
    };
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let LoadedRubric { rubric, warnings } =
        load_rubric(&path.display().to_string(), &bytes).map_err(|d| d.to_string())?;
    for w in &warnings {
        eprint!("{w}");
    }
    Ok(rubric)
}

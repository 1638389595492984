//! Where the app keeps its files: one data folder for settings, logs, scenarios and the database.

use std::path::PathBuf;

/// `$DEALCRAFT_HOME`, else `$XDG_DATA_HOME/dealcraft`, else `~/.local/share/dealcraft`.
pub fn data_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("DEALCRAFT_HOME") {
        return PathBuf::from(home);
    }
    if let Some(xdg) = std::env::var_os("XDG_DATA_HOME") {
        return PathBuf::from(xdg).join("dealcraft");
    }
    let home = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE"));
    home.map_or_else(
        || PathBuf::from(".dealcraft"),
        |h| PathBuf::from(h).join(".local/share/dealcraft"),
    )
}

/// The attempts database, unless `--db` names another.
pub fn default_db() -> PathBuf {
    data_dir().join("dealcraft.db")
}

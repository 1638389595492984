//! `dealcraft db check|backup|restore`: look after the attempts database file.

use std::path::Path;
use std::process::ExitCode;

use dealcraft_store::{Health, Store};

/// What `dealcraft db` can do.
#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Check the whole database file (SQLite's integrity_check, foreign keys, every text);
    /// exits 1 when it is damaged.
    Check,
    /// Copy the database into a new FILE with SQLite's online backup (players may go on
    /// playing meanwhile), then check the copy. Never overwrites a file.
    Backup {
        /// The new file to write.
        file: std::path::PathBuf,
    },
    /// Put the backup FILE in the database's place after checking it. The file it replaces is
    /// kept beside it as DB.before-restore-TIME. Close the app and stop `serve` first.
    Restore {
        /// A backup written by `dealcraft db backup`.
        file: std::path::PathBuf,
    },
}

pub fn run(db: &Path, action: Action) -> Result<ExitCode, String> {
    match action {
        Action::Check => check(db),
        Action::Backup { file } => {
            if !db.is_file() {
                return Err(format!("no database at {}", db.display()));
            }
            let store = Store::open(db).map_err(|e| e.to_string())?;
            let health = store.backup_to(&file).map_err(|e| e.to_string())?;
            println!(
                "Backed up {} to {} ({}); checked: sound.",
                db.display(),
                file.display(),
                counted(&health)
            );
            println!(
                "To put it back: dealcraft db restore {} --db {}",
                file.display(),
                db.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Action::Restore { file } => {
            let done = dealcraft_store::restore_file(db, &file).map_err(|e| e.to_string())?;
            println!(
                "Restored {} from {} ({} attempts).",
                db.display(),
                file.display(),
                done.attempts
            );
            if let Some(kept) = done.kept {
                println!("The file it replaced is kept as {}.", kept.display());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn check(db: &Path) -> Result<ExitCode, String> {
    let health = dealcraft_store::check_file(db).map_err(|e| e.to_string())?;
    if health.is_sound() {
        println!("{}: sound ({}).", db.display(), counted(&health));
        return Ok(ExitCode::SUCCESS);
    }
    println!("{} is damaged:", db.display());
    for problem in &health.problems {
        println!("  {problem}");
    }
    println!(
        "Restore your last backup with `dealcraft db restore BACKUP --db {}`; the damaged file \
         is kept beside it.",
        db.display()
    );
    Ok(ExitCode::from(1))
}

fn counted(health: &Health) -> String {
    match health.attempts {
        Some(n) => format!("schema {}, {n} attempts", health.schema_version),
        None => format!("schema {}, no attempts table", health.schema_version),
    }
}

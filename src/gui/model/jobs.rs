//! The bodies of background jobs: each takes what it needs by value and returns its answer.

use std::path::PathBuf;
use std::sync::Arc;

use dealcraft_core::scenario::Lang;
use dealcraft_core::{LoadedScenario, SessionLog, bundled};
use dealcraft_server::Client;
use dealcraft_store::{NewAttempt, NewWorkshop};

use super::super::files;
use super::background::{Done, Reopened};
use super::db::DbHandle;
use super::state::{Origin, WorkshopForm};

/// Joins a workshop on a server and downloads its scenario.
pub fn join(address: String, code: String, player: String) -> Done {
    let client = Client::new(&address, &code);
    let result = client
        .join()
        .map(|j| Box::new((j.info, Arc::new(j.scenario))))
        .map_err(|e| e.to_string());
    Done::Joined {
        address,
        code,
        player,
        result,
    }
}

/// Sends a finished session's log to the workshop server, which replays and scores it.
pub fn submit(client: Client, player: String, log: SessionLog, claimed: u32, session: u64) -> Done {
    Done::Submitted {
        session,
        result: client
            .submit(&player, &log, Some(claimed))
            .map_err(|e| e.to_string()),
    }
}

/// Writes a finished session as an attempt, with the player's rank on a workshop board.
pub fn record(db: DbHandle, attempt: NewAttempt, workshop: Option<i64>, session: u64) -> Done {
    let result = db.with(|store| {
        let id = store.record(&attempt)?;
        let rank = match workshop {
            Some(w) => store.rank(Some(w), &attempt.player)?,
            None => None,
        };
        Ok((id, rank))
    });
    Done::Recorded { session, result }
}

/// Writes a session log to the logs folder.
pub fn save_log(dir: PathBuf, log: SessionLog) -> Done {
    Done::Saved(files::save_log(&dir, &log))
}

/// Saves a workshop's board as CSV in the exports folder.
pub fn export_csv(db: DbHandle, dir: PathBuf, id: i64) -> Done {
    Done::Saved(
        db.with(|store| {
            store.board(&dealcraft_store::Filter {
                workshop: Some(id),
                ..Default::default()
            })
        })
        .and_then(|board| files::save_csv(&dir, &format!("workshop-{id}"), &board.to_csv())),
    )
}

/// Creates a hot-seat workshop that keeps the scenario's text, read from where it came from.
pub fn create_workshop(
    db: DbHandle,
    form: WorkshopForm,
    loaded: Arc<LoadedScenario>,
    origin: Origin,
) -> Done {
    let made = scenario_source(&loaded, &origin).and_then(|source| {
        let rubric = if form.rubric.is_empty() {
            bundled::default_rubric()
        } else {
            bundled::rubric(&form.rubric)
                .ok_or_else(|| format!("no rubric `{}`", form.rubric))?
                .rubric
        };
        db.with(|store| {
            store.create_workshop(&NewWorkshop {
                name: form.name.trim().to_owned(),
                scenario_source: source,
                scenario: loaded.scenario.id.clone(),
                scenario_hash: loaded.hash.clone(),
                rubric,
                seed: form.seed,
                roster: form.roster.clone(),
            })
        })
    });
    Done::WorkshopCreated(made.map(|w| w.id))
}

/// Checks that `player` may play hot-seat workshop `id` (a look-alike name or a read-only file
/// would lose the session) and loads its scenario.
pub fn workshop_ready(db: DbHandle, id: i64, player: String) -> Done {
    let result = db
        .with(|store| {
            store.check_player(&player)?;
            store.check_writable()?;
            store.workshop(id)
        })
        .and_then(|w| {
            let loaded = w.load_scenario().map_err(|d| d.to_string())?;
            Ok(Box::new((w, loaded)))
        });
    Done::WorkshopReady { player, result }
}

/// Replays a recorded attempt on the library's copy of its scenario, if that is the same file,
/// or on the bundled version it was played on; with a note when it was scored under older rules,
/// in the language the trainee chose (`chosen`) or else the scenario's.
pub fn reopen(
    db: DbHandle,
    id: i64,
    library: Vec<Arc<LoadedScenario>>,
    chosen: Option<Lang>,
) -> Done {
    let result = db.with(|store| store.attempt(id)).and_then(|attempt| {
        let log = &attempt.log;
        let loaded = library
            .into_iter()
            .find(|l| l.scenario.id == log.scenario && l.hash == log.scenario_hash)
            // A bundled scenario changed since keeps its earlier versions for old attempts.
            .or_else(|| bundled::load_exact(&log.scenario, &log.scenario_hash).map(Arc::new))
            .ok_or_else(|| {
                format!(
                    "scenario `{}` has changed since attempt {id} was played; its scores are in \
                     the history, but it cannot be replayed",
                    log.scenario
                )
            })?;
        let session = log
            .replay(Arc::new(loaded.scenario.clone()), &loaded.hash)
            .map_err(|e| e.to_string())?;
        let was = attempt
            .summary
            .previous_overall
            .unwrap_or(attempt.summary.overall);
        let lang = chosen.unwrap_or(loaded.scenario.language);
        let rescored = log.rescore_note(Some(was), lang);
        Ok(Box::new(Reopened {
            loaded,
            session,
            rescored,
        }))
    });
    Done::Reopened { id, result }
}

/// The text of a library scenario's file, for a workshop to keep.
fn scenario_source(loaded: &LoadedScenario, origin: &Origin) -> Result<String, String> {
    match origin {
        Origin::Bundled(_) => bundled::source(&loaded.scenario.id)
            .map(str::to_owned)
            .ok_or_else(|| "bundled scenario text missing".into()),
        Origin::File(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            // The file may have changed on disk since it was loaded.
            if dealcraft_core::parse::content_hash(text.as_bytes()) != loaded.hash {
                return Err(format!(
                    "{} changed on disk; wait for it to reload and try again",
                    path.display()
                ));
            }
            Ok(text)
        }
    }
}

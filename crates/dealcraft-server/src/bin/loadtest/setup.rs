//! The load test's workshop, its session logs, the server child process and the final check
//! that every acknowledged attempt is in the database.

use std::path::Path;
use std::sync::Arc;

use dealcraft_core::bots::{self, BotKind};
use dealcraft_core::{SessionLog, bundled, score};
use dealcraft_server::{Client, Config, Server};
use dealcraft_store::{NewWorkshop, Store};

use crate::{Args, Result};

pub const CODE: &str = "load-test";
const SCENARIO: &str = "fleet-telematics";

/// Makes the load test's workshop in a fresh database; returns its id.
pub fn workshop(db: &Path) -> Result<i64> {
    let loaded = bundled::load(SCENARIO).ok_or("bundled scenario missing")?;
    let w = Store::open(db)?.create_workshop(&NewWorkshop {
        name: "load test".into(),
        scenario_source: bundled::source(SCENARIO)
            .ok_or("bundled scenario missing")?
            .into(),
        scenario: SCENARIO.into(),
        scenario_hash: loaded.hash,
        rubric: bundled::default_rubric(),
        seed: 1,
        roster: Vec::new(),
    })?;
    Ok(w.id)
}

/// Real logs of the workshop's session, one per bot, with the score each claims.
pub struct Logs(pub Vec<(SessionLog, u32)>);

impl Logs {
    pub fn moves(&self) -> usize {
        self.0.iter().map(|(l, _)| l.moves.len()).sum::<usize>() / self.0.len().max(1)
    }
}

/// Plays the workshop fetched from the server with each bot: the server replays every one.
pub fn logs(address: &str, code: &str) -> Result<Arc<Logs>> {
    let joined = Client::new(address, code).join()?;
    let scenario = Arc::new(joined.scenario.scenario);
    let played = [
        BotKind::Textbook,
        BotKind::Pushy,
        BotKind::Discounter,
        BotKind::Random,
    ]
    .into_iter()
    .map(|bot| {
        let s = bots::play(
            bot,
            scenario.clone(),
            joined.info.rubric.clone(),
            joined.info.seed,
        );
        (s.log(&joined.info.scenario_hash), score(&s).overall)
    })
    .collect();
    Ok(Arc::new(Logs(played)))
}

/// Serves the first workshop of `db` until the process is killed, under the limits asked for.
pub fn serve_child(db: &Path, args: &Args) -> Result<()> {
    limits(args)?;
    let id = Store::open(db)?
        .workshops()?
        .last()
        .ok_or("no workshop")?
        .id;
    let code = args.code.as_deref().unwrap_or(CODE);
    let server = Server::start(Config {
        workers: args.workers,
        ..Config::new("127.0.0.1:0".parse()?, db.into(), id, code)
    })?;
    println!(
        "listening {} token {}",
        server.addr(),
        server.trainer_token()
    );
    server.wait()?;
    Ok(())
}

#[cfg(target_os = "linux")]
fn limits(args: &Args) -> Result<()> {
    limit(libc::RLIMIT_NOFILE, args.nofile)?;
    if args.fsize.is_some() {
        // Writing past the limit must fail with an error, not kill the process.
        // SAFETY: ignoring a signal touches no memory of ours.
        unsafe { libc::signal(libc::SIGXFSZ, libc::SIG_IGN) };
    }
    limit(libc::RLIMIT_FSIZE, args.fsize)
}

#[cfg(not(target_os = "linux"))]
fn limits(args: &Args) -> Result<()> {
    match args.nofile.or(args.fsize) {
        Some(_) => Err("--nofile and --fsize work on Linux only".into()),
        None => Ok(()),
    }
}

#[cfg(target_os = "linux")]
fn limit(resource: libc::__rlimit_resource_t, value: Option<u64>) -> Result<()> {
    let Some(v) = value else { return Ok(()) };
    let lim = libc::rlimit {
        rlim_cur: v,
        rlim_max: v,
    };
    // SAFETY: setrlimit only reads the struct we pass.
    if unsafe { libc::setrlimit(resource, &lim) } != 0 {
        return Err(std::io::Error::last_os_error().into());
    }
    Ok(())
}

/// Every acknowledged attempt is in the database, as the player it was acknowledged for;
/// returns how many are missing (an error if any are).
pub fn check_stored(db: &Path, acked: &[(String, i64)]) -> Result<usize> {
    let store = Store::open(db)?;
    let stored: std::collections::HashMap<i64, String> = store
        .attempts(&Default::default())?
        .into_iter()
        .map(|a| (a.id, a.player))
        .collect();
    let missing = acked
        .iter()
        .filter(|(player, id)| {
            stored
                .get(id)
                .is_none_or(|p| !p.eq_ignore_ascii_case(player))
        })
        .count();
    println!(
        "{} acknowledged, {} stored, {missing} acknowledged attempts missing (integrity {})",
        acked.len(),
        stored.len(),
        store.integrity_check()?
    );
    if missing > 0 {
        return Err(format!("{missing} acknowledged attempts are missing").into());
    }
    Ok(missing)
}

//! `--kill`: the server runs as a child process and is SIGKILLed under load, again and again;
//! afterwards every acknowledged attempt must be in the database.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::{Args, Result, clients, setup};

pub fn run(args: &Args, cycles: u32) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("killed.db");
    setup::workshop(&db)?;
    let mut acked = Vec::new();
    let mut logs = None;
    for cycle in 0..cycles {
        let (mut child, address) = spawn(&db, args.workers)?;
        let logs = match &logs {
            Some(l) => std::sync::Arc::clone(l),
            None => logs.insert(setup::logs(&address, setup::CODE)?).clone(),
        };
        // The kill lands half-way, while every client has a submission in flight.
        let killer = std::thread::spawn({
            let wait = Duration::from_millis(args.seconds * 500);
            move || {
                std::thread::sleep(wait);
                let _ = child.kill(); // SIGKILL on Unix
                let _ = child.wait();
            }
        });
        let run = clients::submit(
            &address,
            setup::CODE,
            &logs,
            args.clients,
            args.seconds,
            &format!("kill{cycle}"),
        );
        let _ = killer.join();
        println!(
            "cycle {}: {} acknowledged before and around the kill, {} refused or cut off",
            cycle + 1,
            run.acked.len(),
            run.errors
        );
        acked.extend(run.acked);
    }
    setup::check_stored(&db, &acked)?;
    Ok(())
}

/// Starts `loadtest --serve-db` on `db`; returns it with the address it listens on.
pub fn spawn(db: &std::path::Path, workers: usize) -> Result<(Child, String)> {
    let mut child = Command::new(std::env::current_exe()?)
        .arg("--serve-db")
        .arg(db)
        .args(["--code", setup::CODE, "--workers", &workers.to_string()])
        .stdout(Stdio::piped())
        .spawn()?;
    let mut line = String::new();
    BufReader::new(child.stdout.take().ok_or("no stdout")?).read_line(&mut line)?;
    let address = line
        .strip_prefix("listening ")
        .and_then(|rest| rest.split_whitespace().next())
        .ok_or_else(|| format!("the server did not start: {line}"))?;
    Ok((child, address.to_owned()))
}

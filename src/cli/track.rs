//! `dealcraft track list|progress` and `dealcraft assign open|list`: certification tracks and
//! the assignments a trainer hands out (docs/tracks.md).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use dealcraft_core::track::{EntryState, TrackProgress};
use dealcraft_store::Store;

use crate::learning::{self, Learning};

#[derive(Debug, clap::Subcommand)]
pub enum TrackAction {
    /// The tracks this machine knows: bundled, the data folder's, and the assignments'.
    List,
    /// A player's progress along each track.
    Progress {
        #[arg(long)]
        player: String,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum AssignAction {
    /// Check an assignment file from a trainer and take it (copied into the data folder).
    Open { file: PathBuf },
    /// Take the assignment a workshop server hands out (`serve --assignment`).
    Fetch {
        /// The server, `host:port`.
        #[arg(long)]
        server: String,
        /// The workshop's code.
        #[arg(long)]
        code: String,
    },
    /// The assignments taken, soonest due first (only a player's with --player).
    List {
        #[arg(long)]
        player: Option<String>,
    },
}

fn learning(data: &Path) -> Learning {
    let l = Learning::load(data);
    for p in &l.problems {
        eprintln!("warning: {p}");
    }
    l
}

pub fn track(db: &Path, data: &Path, action: TrackAction) -> Result<ExitCode, String> {
    let l = learning(data);
    match action {
        TrackAction::List => {
            for t in &l.tracks {
                let ids: Vec<&str> = t.scenarios.iter().map(|e| e.scenario.as_str()).collect();
                println!("{:<28} {} ({})", t.id, t.title_in("en"), ids.join(", "));
            }
        }
        TrackAction::Progress { player } => {
            let store = Store::open(db).map_err(|e| format!("{}: {e}", db.display()))?;
            for (t, p) in l.progress(&store, &player)? {
                println!("{}: {}", t.title_in("en"), summary(&p));
                for e in &p.entries {
                    println!("  {:<24} {}", e.scenario, entry(&e.state, e.tries));
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One line for a track: passed N of M, or completed on a day with a score.
pub fn summary(p: &TrackProgress) -> String {
    match (p.completed_at(), p.score()) {
        (Some(at), Some(score)) => {
            format!("completed {} with {score}", crate::local_time(at))
        }
        _ if p.out_of_attempts() => format!(
            "{} of {} passed; out of attempts",
            p.passed(),
            p.entries.len()
        ),
        _ => format!("{} of {} passed", p.passed(), p.entries.len()),
    }
}

fn entry(state: &EntryState, tries: u32) -> String {
    match state {
        EntryState::Passed { at, overall } => {
            format!("passed with {overall} on {}", crate::local_time(*at))
        }
        EntryState::Open { left: Some(n) } => format!("open, {n} attempts left ({tries} used)"),
        EntryState::Open { left: None } => format!("open ({tries} attempts so far)"),
        EntryState::Locked => "locked until the one before is passed".into(),
        EntryState::OutOfAttempts => format!("out of attempts ({tries} used)"),
    }
}

pub fn assign(data: &Path, action: AssignAction) -> Result<ExitCode, String> {
    match action {
        AssignAction::Open { file } => {
            let (a, dest) = learning::open_assignment(data, &file)?;
            println!(
                "Assignment \"{}\" (due {}) taken: {}",
                a.title,
                a.due,
                dest.display()
            );
        }
        AssignAction::Fetch { server, code } => {
            let joined = dealcraft_server::Client::new(&server, &code)
                .join()
                .map_err(|e| e.to_string())?;
            let text = joined.info.assignment.ok_or_else(|| {
                format!("the workshop server at {server} hands out no assignment")
            })?;
            let name = format!("the assignment from {server}");
            let (a, dest) = learning::take_assignment(data, &name, text.as_bytes())?;
            println!(
                "Assignment \"{}\" (due {}) taken: {}",
                a.title,
                a.due,
                dest.display()
            );
        }
        AssignAction::List { player } => {
            let l = learning(data);
            let list = match &player {
                Some(p) => l.assignments_for(p),
                None => l.assignments.iter().collect(),
            };
            if list.is_empty() {
                println!("No assignments.");
            }
            for a in list {
                let who = if a.players.is_empty() {
                    "everyone".to_owned()
                } else {
                    a.players.join(", ")
                };
                println!(
                    "due {}  {}  (from {}, for {who}): {}",
                    a.due,
                    a.title,
                    if a.from.is_empty() { "?" } else { &a.from },
                    a.scenario_ids().join(", ")
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

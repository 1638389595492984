//! `dealcraft export --xapi` and `dealcraft lrs push|status|check`: the attempts as xAPI
//! statements, and sending them to the learning record store named in `lrs.ron`.

use std::path::Path;
use std::process::ExitCode;

use dealcraft_store::Store;
use dealcraft_xapi::config::Loaded;
use dealcraft_xapi::export::Selection;
use dealcraft_xapi::{Catalog, Config, Lrs, push};

use crate::learning::{Learning, ScenarioFinder, push_all};

/// What `dealcraft lrs` can do.
#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Queue the statements of every attempt not sent yet (and of every track completed), then
    /// send everything waiting to the LRS of `lrs.ron`. What the LRS does not take stays
    /// queued, and is listed with its answer; exits 1 when anything is left.
    Push,
    /// What is waiting to be sent, and the LRS's last answer to what failed.
    Status,
    /// Check that the LRS of `lrs.ron` answers and takes the key and secret.
    Check,
}

/// Reads `lrs.ron` (or `$DEALCRAFT_LRS_CONFIG`), printing its warnings.
pub fn config(data: &Path) -> Result<Loaded, String> {
    let loaded = Config::load(&Config::path(data)).map_err(|e| e.to_string())?;
    for w in &loaded.warnings {
        eprintln!("warning: {w}");
    }
    Ok(loaded)
}

fn open(db: &Path) -> Result<Store, String> {
    if !db.is_file() {
        return Err(format!(
            "no database at {}: play an attempt first (dealcraft play ... --player NAME)",
            db.display()
        ));
    }
    Store::open(db).map_err(|e| format!("{}: {e}", db.display()))
}

/// `dealcraft export --xapi`: every chosen attempt's statements as one JSON array on stdout.
pub fn export(
    db: &Path,
    data: &Path,
    since: Option<&str>,
    player: Option<String>,
) -> Result<ExitCode, String> {
    let since = since.map(parse_since).transpose()?;
    let loaded = config(data)?;
    let store = open(db)?;
    let learning = Learning::load(data);
    let finder = ScenarioFinder::new(&store);
    let find = |id: &str, hash: &str| finder.find(id, hash);
    let catalog = Catalog {
        config: &loaded.config,
        scenario: &find,
        tracks: &learning.tracks,
    };
    let statements =
        dealcraft_xapi::export::statements(&store, &catalog, &Selection { since, player })
            .map_err(|e| e.to_string())?;
    let text = serde_json::to_string_pretty(&statements).map_err(|e| e.to_string())?;
    println!("{text}");
    eprintln!("{} statements.", statements.len());
    Ok(ExitCode::SUCCESS)
}

/// `--since`: a day (`2026-12-01`, from its start in local time) or an RFC 3339 time.
fn parse_since(text: &str) -> Result<i64, String> {
    if let Ok(t) = text.parse::<jiff::Timestamp>() {
        return Ok(t.as_second());
    }
    let day: jiff::civil::Date = text.parse().map_err(|_| {
        format!("--since {text}: write a day as 2026-12-01, or a time as 2026-12-01T09:00:00Z")
    })?;
    day.to_zoned_datetime(jiff::tz::TimeZone::system())
        .map(|z| z.timestamp().as_second())
        .map_err(|e| format!("--since {text}: {e}"))
}

pub fn run(db: &Path, data: &Path, action: Action) -> Result<ExitCode, String> {
    let loaded = config(data)?;
    match action {
        Action::Push => {
            if loaded.missing {
                return Err(format!(
                    "no LRS settings at {}: write the endpoint, key and secret there \
                     (docs/lms.md shows the file)",
                    loaded.path.display()
                ));
            }
            loaded
                .config
                .check_sending(&loaded.path)
                .map_err(|e| e.to_string())?;
            let store = open(db)?;
            let learning = Learning::load(data);
            for p in &learning.problems {
                eprintln!("warning: {p}");
            }
            let report = push_all(&store, &loaded.config, &learning.tracks)?;
            print_report(&loaded.config, &report);
            let left = report.waiting.statements_waiting > 0;
            Ok(if left {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        Action::Status => {
            let store = open(db)?;
            let counts = store.outbox_counts(None).map_err(|e| e.to_string())?;
            let unqueued = store
                .unqueued_attempts(usize::MAX >> 1)
                .map_err(|e| e.to_string())?;
            println!(
                "{} results waiting to be sent ({} statements queued, {} not queued yet); {} statements sent.",
                counts.attempts_waiting,
                counts.statements_waiting,
                unqueued.len(),
                counts.sent
            );
            let failing = store.outbox_failing(20).map_err(|e| e.to_string())?;
            for row in &failing {
                println!(
                    "  {} (tried {} times): {}",
                    row.statement_id,
                    row.tries,
                    answer_text(row.status, row.answer.as_deref())
                );
            }
            if counts.failing > failing.len() {
                println!("  ... and {} more", counts.failing - failing.len());
            }
            if loaded.missing {
                println!("No LRS settings yet: {}", loaded.path.display());
            } else {
                println!("LRS: {}", loaded.config.endpoint);
            }
            Ok(ExitCode::SUCCESS)
        }
        Action::Check => {
            loaded
                .config
                .check_sending(&loaded.path)
                .map_err(|e| e.to_string())?;
            let said = Lrs::new(&loaded.config)
                .check()
                .map_err(|e| format!("{}: {e}", loaded.config.endpoint))?;
            println!(
                "{}: answers, takes the key and secret ({said}).",
                loaded.config.endpoint
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The workshop server's forwarding: every few seconds, queue the attempts it recorded (each
/// verified by replay before it was stored) and send what is due. An LRS that is down is tried
/// again with backoff; nothing is lost meanwhile, the outbox is in the database.
pub fn forward(db: &Path, config: &Config, data: &Path) {
    let learning = Learning::load(data);
    let lrs = Lrs::new(config);
    let mut last_failure = String::new();
    let store = match Store::open(db) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("LRS forwarding stopped: {}: {e}", db.display());
            return;
        }
    };
    loop {
        std::thread::sleep(std::time::Duration::from_secs(5));
        let finder = ScenarioFinder::new(&store);
        let find = |id: &str, hash: &str| finder.find(id, hash);
        let catalog = Catalog {
            config,
            scenario: &find,
            tracks: &learning.tracks,
        };
        let now = jiff::Timestamp::now().as_second();
        match push::push_due(&store, &lrs, &catalog, now) {
            Ok(r) => {
                if r.sent > 0 {
                    println!(
                        "LRS: sent {} statements; {} waiting.",
                        r.sent, r.waiting.statements_waiting
                    );
                }
                let failure = r.stopped.clone().or_else(|| {
                    r.refused
                        .first()
                        .map(|f| answer_text(Some(f.status), Some(&f.answer)))
                });
                if let Some(why) = failure
                    && why != last_failure
                {
                    eprintln!(
                        "LRS: {} statements waiting, the LRS said: {why}",
                        r.waiting.statements_waiting
                    );
                    last_failure = why;
                }
            }
            Err(e) => eprintln!("LRS forwarding: {e}"),
        }
    }
}

fn answer_text(status: Option<u16>, answer: Option<&str>) -> String {
    match (status, answer) {
        (Some(0) | None, a) => format!("no answer: {}", a.unwrap_or("")),
        (Some(s), Some(a)) if !a.is_empty() => format!("HTTP {s}: {a}"),
        (Some(s), _) => format!("HTTP {s}"),
    }
}

fn print_report(config: &Config, r: &push::Report) {
    if r.queued_attempts > 0 || r.tracks_completed > 0 {
        println!(
            "Queued {} statements: {} attempts, {} tracks completed.",
            r.queued_statements, r.queued_attempts, r.tracks_completed
        );
    }
    for (id, why) in &r.damaged {
        println!("Attempt {id} cannot be sent: {why}");
    }
    print!("Sent {} statements to {}", r.sent, config.endpoint);
    if r.already_there > 0 {
        print!(" ({} more it already had)", r.already_there);
    }
    println!(".");
    for f in &r.refused {
        println!(
            "Refused {} (attempt {}): {}",
            f.statement_id,
            f.registration,
            answer_text(Some(f.status), Some(&f.answer))
        );
    }
    if let Some(why) = &r.stopped {
        println!("Stopped: the LRS failed ({why}); the rest stays queued for the next push.");
    }
    let w = &r.waiting;
    if w.statements_waiting == 0 {
        println!("Nothing waiting.");
    } else {
        println!(
            "{} results waiting to be sent ({} statements); `dealcraft lrs push` tries again.",
            w.attempts_waiting, w.statements_waiting
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_takes_a_day_or_a_time() {
        assert_eq!(parse_since("2026-12-01T09:00:00Z").unwrap(), 1_796_115_600);
        let day = parse_since("2026-12-01").unwrap();
        assert!((1_796_115_600 - 86_400..=1_796_115_600 + 86_400).contains(&day));
        let err = parse_since("01.12.2026").unwrap_err();
        assert!(err.contains("2026-12-01"), "{err}");
    }
}

//! Sending through the outbox: queue the statements of every attempt not queued yet (and of
//! every track just completed), then send what waits, batch by batch, marking each statement
//! sent only once the LRS has taken it. A failure leaves everything queued, with the LRS's answer.

use std::collections::HashMap;

use dealcraft_store::{Filter, OutboxCounts, OutboxRow, Store, Workshop};
use serde::Serialize;

use crate::XapiError;
use crate::lrs::{Answer, Lrs};
use crate::statements::Catalog;

/// A statement the LRS did not take, with what it said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    pub statement_id: String,
    pub registration: String,
    /// The LRS's HTTP status; 0: it never answered.
    pub status: u16,
    pub answer: String,
}

/// What a push did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Attempts whose statements were queued now.
    pub queued_attempts: usize,
    /// Statements queued now (a completed track's included).
    pub queued_statements: usize,
    /// Tracks completed whose `passed` statement was queued now.
    pub tracks_completed: usize,
    /// Attempts whose log no longer reads: nothing can be built for them.
    pub damaged: Vec<(i64, String)>,
    /// Statements the LRS took.
    pub sent: usize,
    /// Statements the LRS already had under the same id (sent before, by this machine or a
    /// workshop server): taken as delivered.
    pub already_there: usize,
    /// Statements the LRS refused, each with its answer; they stay queued.
    pub refused: Vec<Failure>,
    /// Set when the LRS could not be reached or failed (5xx, no answer): the push stopped and
    /// everything not sent stays queued for the next one.
    pub stopped: Option<String>,
    /// What is still waiting afterwards.
    pub waiting: OutboxCounts,
}

/// Builds and queues the statements of every attempt not queued yet, and of every track a
/// player has completed since the last push.
pub fn queue(store: &Store, catalog: &Catalog, report: &mut Report) -> Result<(), XapiError> {
    let mut workshops: HashMap<i64, Option<Workshop>> = HashMap::new();
    loop {
        let ids = store.unqueued_attempts(200)?;
        if ids.is_empty() {
            break;
        }
        for id in ids {
            let attempt = match store.attempt(id) {
                Ok(a) => a,
                Err(e @ dealcraft_store::StoreError::Damaged(_)) => {
                    // Marked as queued with nothing to send, so it is reported once.
                    store.queue_statements(Some(id), &format!("damaged-{id}"), &[])?;
                    report.damaged.push((id, e.to_string()));
                    continue;
                }
                Err(e) => return Err(e.into()),
            };
            let workshop = attempt.summary.workshop.and_then(|w| {
                workshops
                    .entry(w)
                    .or_insert_with(|| store.workshop(w).ok())
                    .clone()
            });
            let built = catalog.attempt(&attempt, workshop.as_ref());
            let statements: Vec<(String, String)> = built
                .statements
                .iter()
                .map(|(id, st)| (id.to_string(), st.to_string()))
                .collect();
            report.queued_statements +=
                store.queue_statements(Some(id), &built.registration.to_string(), &statements)?;
            report.queued_attempts += 1;
        }
    }
    queue_tracks(store, catalog, report)
}

/// Queues the `passed` statement of every track each player has completed (once: the
/// statement's id is the player's and the track's).
fn queue_tracks(store: &Store, catalog: &Catalog, report: &mut Report) -> Result<(), XapiError> {
    if catalog.tracks.is_empty() {
        return Ok(());
    }
    for player in store.players()? {
        let filter = Filter {
            player: Some(player.clone()),
            ..Filter::default()
        };
        let attempts: Vec<_> = store
            .attempts(&filter)?
            .iter()
            .map(dealcraft_store::AttemptSummary::for_track)
            .collect();
        for track in catalog.tracks {
            let Some(built) = catalog.track_passed(&player, track, &track.progress(&attempts))
            else {
                continue;
            };
            let (id, st) = &built.statements[0];
            if store.has_statement(&id.to_string())? {
                continue;
            }
            report.queued_statements += store.queue_statements(
                None,
                &built.registration.to_string(),
                &[(id.to_string(), st.to_string())],
            )?;
            report.tracks_completed += 1;
        }
    }
    Ok(())
}

/// Sends what waits, `batch` statements a request. With `due`, only statements whose next try
/// has come (a background sender); without, everything (the user asked).
pub fn send(
    store: &Store,
    lrs: &Lrs,
    batch: usize,
    due: Option<i64>,
    report: &mut Report,
) -> Result<(), XapiError> {
    let rows = store.outbox_waiting(due, i64::MAX as usize)?;
    for chunk in rows.chunks(batch.max(1)) {
        let bodies: Vec<&str> = chunk.iter().map(|r| r.body.as_str()).collect();
        let answer = lrs.post(&bodies);
        if answer.ok() {
            store.outbox_sent(&ids(chunk))?;
            report.sent += chunk.len();
            continue;
        }
        if stops(&answer) {
            store.outbox_failed(&ids(chunk), answer.status, &answer.text)?;
            report.stopped = Some(answer.describe());
            return Ok(());
        }
        // The LRS refused the batch: one statement may be the reason. Send them one by one,
        // so the others get through and the refused one is named.
        for row in chunk {
            let one = lrs.post(&[row.body.as_str()]);
            if one.ok() {
                store.outbox_sent(std::slice::from_ref(&row.statement_id))?;
                report.sent += 1;
            } else if one.status == 409 {
                store.outbox_sent(std::slice::from_ref(&row.statement_id))?;
                report.already_there += 1;
            } else {
                store.outbox_failed(
                    std::slice::from_ref(&row.statement_id),
                    one.status,
                    &one.text,
                )?;
                if stops(&one) {
                    report.stopped = Some(one.describe());
                    return Ok(());
                }
                report.refused.push(failure(row, &one));
            }
        }
    }
    Ok(())
}

/// Answers after which sending more now is pointless: no answer, an LRS error, throttling,
/// wrong credentials or a wrong endpoint. Anything else is about the statements sent.
fn stops(a: &Answer) -> bool {
    matches!(a.status, 0 | 401 | 403 | 404 | 405 | 408 | 429) || a.status >= 500
}

fn ids(rows: &[OutboxRow]) -> Vec<String> {
    rows.iter().map(|r| r.statement_id.clone()).collect()
}

fn failure(row: &OutboxRow, a: &Answer) -> Failure {
    Failure {
        statement_id: row.statement_id.clone(),
        registration: row.registration.clone(),
        status: a.status,
        answer: a.text.clone(),
    }
}

/// Queues what is new, then sends everything waiting: `dealcraft lrs push`.
pub fn push(store: &Store, lrs: &Lrs, catalog: &Catalog) -> Result<Report, XapiError> {
    let mut report = Report::default();
    queue(store, catalog, &mut report)?;
    send(store, lrs, catalog.config.batch, None, &mut report)?;
    report.waiting = store.outbox_counts(None)?;
    Ok(report)
}

/// Queues what is new, then sends only what is due (statements that failed wait their backoff):
/// the workshop server's forwarding, run every few seconds.
pub fn push_due(
    store: &Store,
    lrs: &Lrs,
    catalog: &Catalog,
    now: i64,
) -> Result<Report, XapiError> {
    let mut report = Report::default();
    queue(store, catalog, &mut report)?;
    send(store, lrs, catalog.config.batch, Some(now), &mut report)?;
    report.waiting = store.outbox_counts(None)?;
    Ok(report)
}

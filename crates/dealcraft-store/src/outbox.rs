//! The outbox of statements for a learning record store (LRS): each attempt's xAPI statements
//! are queued in one transaction, stay here until the LRS has taken them, and carry the LRS's
//! last answer while it has not. An LRS that is down, slow or refusing loses nothing.
//!
//! The store keeps statements as opaque JSON with their ids; building them is
//! `dealcraft-xapi`'s job, sending them too.

use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use serde::Serialize;

use crate::{Result, Store, names, now, open};

/// One queued statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboxRow {
    pub statement_id: String,
    /// The attempt's (or the track's) registration: its statements go together, in `seq` order.
    pub registration: String,
    pub seq: u32,
    /// The statement as JSON.
    pub body: String,
    /// Unix seconds.
    pub queued_at: i64,
    /// Sends that failed so far.
    pub tries: u32,
    /// The LRS's last HTTP status (0: no answer at all), while the statement is not sent.
    pub status: Option<u16>,
    /// What the LRS (or the network) said last.
    pub answer: Option<String>,
}

/// How much is waiting to be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct OutboxCounts {
    /// Attempts whose statements are not all in the LRS: not queued yet, or queued and unsent.
    pub attempts_waiting: usize,
    /// Statements queued and not sent yet (a completed track's included).
    pub statements_waiting: usize,
    /// Of those, statements that failed at least once: the LRS refused or could not be reached.
    pub failing: usize,
    /// Statements the LRS has taken.
    pub sent: usize,
}

/// Seconds to wait before trying a statement again after its `tries`-th failure: 30 s, doubling,
/// at most 6 hours. `dealcraft lrs push` tries everything at once regardless.
pub fn backoff(tries: u32) -> i64 {
    let doubled = 30_i64 << tries.saturating_sub(1).min(20);
    doubled.min(6 * 3600)
}

const COLUMNS: &str = "statement_id, registration, seq, body, queued_at, tries, status, answer";

fn row(r: &rusqlite::Row) -> rusqlite::Result<OutboxRow> {
    Ok(OutboxRow {
        statement_id: r.get(0)?,
        registration: r.get(1)?,
        seq: r.get(2)?,
        body: r.get(3)?,
        queued_at: r.get(4)?,
        tries: r.get(5)?,
        status: r.get(6)?,
        answer: r.get(7)?,
    })
}

impl Store {
    /// Attempts with no statements queued yet, oldest first, at most `limit`.
    pub fn unqueued_attempts(&self, limit: usize) -> Result<Vec<i64>> {
        self.guard(|| {
            let mut stmt = self.conn.prepare_cached(
                "SELECT a.id FROM attempts a LEFT JOIN lrs_queued q ON q.attempt_id = a.id
                 WHERE q.attempt_id IS NULL ORDER BY a.recorded_at, a.id LIMIT ?1",
            )?;
            Ok(stmt
                .query_map([limit as i64], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<i64>>>()?)
        })
    }

    /// Queues `statements` (id, JSON) under `registration` in one transaction, with `attempt`
    /// marked as queued (`None` for a track's statement). A statement already queued, sent or
    /// not, is left as it is: queueing twice never sends twice. Returns how many were new.
    pub fn queue_statements(
        &self,
        attempt: Option<i64>,
        registration: &str,
        statements: &[(String, String)],
    ) -> Result<usize> {
        self.guard(|| {
            open::retry_busy(|| {
                let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
                let at = now();
                if let Some(id) = attempt {
                    tx.execute(
                        "INSERT OR IGNORE INTO lrs_queued (attempt_id, registration, queued_at)
                         VALUES (?1, ?2, ?3)",
                        params![id, registration, at],
                    )?;
                }
                let mut new = 0;
                {
                    let mut insert = tx.prepare_cached(
                        "INSERT OR IGNORE INTO lrs_outbox
                             (statement_id, registration, seq, body, queued_at)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                    )?;
                    for (seq, (id, body)) in statements.iter().enumerate() {
                        new += insert.execute(params![id, registration, seq as i64, body, at])?;
                    }
                }
                tx.commit()?;
                Ok(new)
            })
        })
    }

    /// Whether a statement with this id is queued (sent or not).
    pub fn has_statement(&self, id: &str) -> Result<bool> {
        self.guard(|| {
            Ok(self
                .conn
                .query_row(
                    "SELECT 1 FROM lrs_outbox WHERE statement_id = ?1",
                    [id],
                    |_| Ok(()),
                )
                .optional()?
                .is_some())
        })
    }

    /// Statements not sent yet, in the order they were queued and each registration's in its
    /// own order, at most `limit`. With `due_at`, only those whose next try has come by then
    /// (a background sender); without, all of them (the user asked).
    pub fn outbox_waiting(&self, due_at: Option<i64>, limit: usize) -> Result<Vec<OutboxRow>> {
        self.guard(|| {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM lrs_outbox
                 WHERE sent_at IS NULL AND (?1 IS NULL OR next_try_at <= ?1)
                 ORDER BY queued_at, registration, seq LIMIT ?2"
            ))?;
            Ok(stmt
                .query_map(params![due_at, limit as i64], row)?
                .collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// Marks statements as taken by the LRS.
    pub fn outbox_sent(&self, ids: &[String]) -> Result<()> {
        let at = now();
        self.in_transaction(|tx| {
            let mut stmt = tx.prepare_cached(
                "UPDATE lrs_outbox SET sent_at = ?2, status = NULL, answer = NULL
                 WHERE statement_id = ?1",
            )?;
            for id in ids {
                stmt.execute(params![id, at])?;
            }
            Ok(())
        })
    }

    /// Records a failed send: the LRS's status (0 when it never answered) and answer; the
    /// statement waits [`backoff`] before a background sender tries it again.
    pub fn outbox_failed(&self, ids: &[String], status: u16, answer: &str) -> Result<()> {
        let at = now();
        self.in_transaction(|tx| {
            let mut tries =
                tx.prepare_cached("SELECT tries FROM lrs_outbox WHERE statement_id = ?1")?;
            let mut stmt = tx.prepare_cached(
                "UPDATE lrs_outbox SET tries = ?2, next_try_at = ?3, status = ?4, answer = ?5
                 WHERE statement_id = ?1",
            )?;
            for id in ids {
                let before: Option<u32> = tries.query_row([id], |r| r.get(0)).optional()?;
                let Some(before) = before else { continue };
                let after = before + 1;
                stmt.execute(params![id, after, at + backoff(after), status, answer])?;
            }
            Ok(())
        })
    }

    /// Runs `f` in one IMMEDIATE transaction, retried while another process holds the lock.
    fn in_transaction(&self, f: impl Fn(&Transaction) -> Result<()>) -> Result<()> {
        self.guard(|| {
            open::retry_busy(|| {
                let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
                f(&tx)?;
                tx.commit()?;
                Ok(())
            })
        })
    }

    /// What is waiting, for everyone or for one player (their attempts; statements of tracks
    /// are counted for everyone only).
    pub fn outbox_counts(&self, player: Option<&str>) -> Result<OutboxCounts> {
        self.guard(|| {
            let player = player.map(names::normalize);
            let attempts_waiting: i64 = self.conn.query_row(
                "SELECT COUNT(*) FROM attempts a JOIN players p ON p.id = a.player_id
                 LEFT JOIN lrs_queued q ON q.attempt_id = a.id
                 WHERE (?1 IS NULL OR p.name = ?1 COLLATE NOCASE)
                     AND (q.attempt_id IS NULL OR EXISTS (SELECT 1 FROM lrs_outbox o
                         WHERE o.registration = q.registration AND o.sent_at IS NULL))",
                [&player],
                |r| r.get(0),
            )?;
            let (statements_waiting, failing, sent): (i64, i64, i64) = self.conn.query_row(
                "SELECT COALESCE(SUM(sent_at IS NULL), 0),
                        COALESCE(SUM(sent_at IS NULL AND tries > 0), 0),
                        COALESCE(SUM(sent_at IS NOT NULL), 0)
                 FROM lrs_outbox",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            Ok(OutboxCounts {
                attempts_waiting: attempts_waiting as usize,
                statements_waiting: statements_waiting as usize,
                failing: failing as usize,
                sent: sent as usize,
            })
        })
    }

    /// Statements that failed at least once and are still waiting, with the LRS's last answer.
    pub fn outbox_failing(&self, limit: usize) -> Result<Vec<OutboxRow>> {
        self.guard(|| {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM lrs_outbox WHERE sent_at IS NULL AND tries > 0
                 ORDER BY queued_at, registration, seq LIMIT ?1"
            ))?;
            Ok(stmt
                .query_map([limit as i64], row)?
                .collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }

    /// Marks every statement as not sent, for a new LRS to receive them all (an LRS that
    /// already has one answers that it does, and nothing is stored twice).
    pub fn outbox_send_again(&self) -> Result<usize> {
        self.guard(|| {
            Ok(self.conn.execute(
                "UPDATE lrs_outbox SET sent_at = NULL, tries = 0, next_try_at = 0,
                     status = NULL, answer = NULL WHERE sent_at IS NOT NULL",
                [],
            )?)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_30_seconds_up_to_6_hours() {
        assert_eq!(backoff(1), 30);
        assert_eq!(backoff(2), 60);
        assert_eq!(backoff(5), 480);
        assert_eq!(backoff(30), 6 * 3600);
    }
}

//! Group commit: many attempts written in one transaction, so a busy workshop server pays for
//! one disk flush per batch instead of one per attempt.

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};

use crate::{
    NewAttempt, Result, Store, StoreError, insert_attempt, moves_hash, names, now, open, player_id,
    write_scores,
};

/// What [`Store::record_batch`] did with one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub id: i64,
    /// False when the same player had already sent exactly this log (before or earlier in the
    /// batch): a retry is the same attempt, and nothing was written.
    pub new: bool,
    /// The player's name as the store keeps it: the first spelling it saw ("Ann" for "ann").
    pub player: String,
    /// Unix seconds, as stored.
    pub recorded_at: i64,
}

impl Store {
    /// Writes `attempts` in ONE transaction: all of them are committed, or none.
    ///
    /// The outer error means the transaction failed (disk full, I/O) and nothing was written.
    /// Inside, each attempt has its own result: a refused one (a bad or look-alike name, a
    /// coached session in a workshop) is left out without failing the others. As with
    /// [`Store::same_attempt`], the same log from the same player in the same workshop is the
    /// attempt already stored.
    pub fn record_batch(&self, attempts: &[NewAttempt]) -> Result<Vec<Result<Recorded>>> {
        self.guard(|| {
            // IMMEDIATE and retried on BUSY, as `record`: another process may be writing.
            open::retry_busy(|| {
                let mut tx =
                    Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
                let at = now();
                let mut out = Vec::with_capacity(attempts.len());
                for attempt in attempts {
                    // A savepoint each, so a refusal half-way through one attempt undoes only it.
                    let sp = tx.savepoint()?;
                    match record_one(&sp, attempt, at) {
                        Ok(done) => {
                            sp.commit()?;
                            out.push(Ok(done));
                        }
                        Err(refused @ (StoreError::BadName(_) | StoreError::CoachedInWorkshop)) => {
                            out.push(Err(refused))
                        }
                        // The database itself failed: the whole batch goes.
                        Err(e) => return Err(e),
                    }
                }
                tx.commit()?;
                Ok(out)
            })
        })
    }
}

fn record_one(conn: &Connection, attempt: &NewAttempt, at: i64) -> Result<Recorded> {
    let name = names::clean(&attempt.player)?;
    if attempt.log.coached && attempt.workshop.is_some() {
        return Err(StoreError::CoachedInWorkshop);
    }
    let log_text = attempt.log.to_ron();
    let hash = moves_hash(&attempt.log);
    let player = player_id(conn, &name)?;
    let stored: String =
        conn.query_row("SELECT name FROM players WHERE id = ?1", [player], |r| {
            r.get(0)
        })?;
    if let Some((id, recorded_at)) = same_attempt(conn, player, attempt.workshop, &log_text, &hash)?
    {
        return Ok(Recorded {
            id,
            new: false,
            player: stored,
            recorded_at,
        });
    }
    let id = insert_attempt(conn, player, attempt, &log_text, &hash, at)?;
    write_scores(conn, id, &attempt.card)?;
    Ok(Recorded {
        id,
        new: true,
        player: stored,
        recorded_at: at,
    })
}

/// The player's attempt with exactly this log in this workshop, and when it was stored. The
/// moves index finds the few candidates; the log itself decides.
fn same_attempt(
    conn: &Connection,
    player: i64,
    workshop: Option<i64>,
    log: &str,
    hash: &str,
) -> Result<Option<(i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, recorded_at FROM attempts
         WHERE moves_hash = ?4 AND player_id = ?1 AND workshop_id IS ?2 AND log = ?3 LIMIT 1",
    )?;
    Ok(stmt
        .query_row(params![player, workshop, log, hash], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?)
}

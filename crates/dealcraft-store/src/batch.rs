//! Group commit: many attempts written in one transaction, so a busy workshop server pays for
//! one disk flush per batch instead of one per attempt.

use rusqlite::{OptionalExtension, params};

use crate::{NewAttempt, Result, Store, StoreError, check_name, now, player_id, seed_to_sql};

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
    /// Inside, each attempt has its own result: a refused one (a bad name, a coached session in
    /// a workshop) is left out without failing the others. As with [`Store::same_attempt`], the
    /// same log from the same player in the same workshop is the attempt already stored.
    pub fn record_batch(&self, attempts: &[NewAttempt]) -> Result<Vec<Result<Recorded>>> {
        let mut tx = self.conn.unchecked_transaction()?;
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
                // The database itself failed: the whole batch goes.
                Err(e @ (StoreError::Sql(_) | StoreError::Open { .. })) => return Err(e),
                Err(refused) => out.push(Err(refused)),
            }
        }
        tx.commit()?;
        Ok(out)
    }
}

fn record_one(conn: &rusqlite::Connection, attempt: &NewAttempt, at: i64) -> Result<Recorded> {
    check_name(&attempt.player)?;
    if attempt.log.coached && attempt.workshop.is_some() {
        return Err(StoreError::CoachedInWorkshop);
    }
    let log_text = attempt.log.to_ron();
    let player = player_id(conn, &attempt.player)?;
    let name: String = conn.query_row("SELECT name FROM players WHERE id = ?1", [player], |r| {
        r.get(0)
    })?;
    if let Some(id) = same_attempt(conn, player, attempt.workshop, &log_text)? {
        let recorded_at = conn.query_row(
            "SELECT recorded_at FROM attempts WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?;
        return Ok(Recorded {
            id,
            new: false,
            player: name,
            recorded_at,
        });
    }
    let id = insert(conn, player, attempt, &log_text, at)?;
    crate::write_scores(conn, id, &attempt.card)?;
    Ok(Recorded {
        id,
        new: true,
        player: name,
        recorded_at: at,
    })
}

/// The player's attempt with exactly this log in this workshop. The `+` keeps SQLite on the
/// per-player index: the workshop index would scan every attempt of a big workshop.
fn same_attempt(
    conn: &rusqlite::Connection,
    player: i64,
    workshop: Option<i64>,
    log: &str,
) -> Result<Option<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id FROM attempts WHERE player_id = ?1 AND +workshop_id IS ?2 AND log = ?3 LIMIT 1",
    )?;
    Ok(stmt
        .query_row(params![player, workshop, log], |r| r.get(0))
        .optional()?)
}

fn insert(
    conn: &rusqlite::Connection,
    player: i64,
    attempt: &NewAttempt,
    log_text: &str,
    at: i64,
) -> Result<i64> {
    let log = &attempt.log;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO attempts (player_id, workshop_id, scenario, scenario_hash, rubric, seed,
             log, outcome, price, turns, overall, recorded_at, scoring_version, coached,
             stages_score)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?;
    stmt.execute(params![
        player,
        attempt.workshop,
        log.scenario,
        log.scenario_hash,
        log.rubric.name,
        seed_to_sql(log.seed),
        log_text,
        attempt.outcome,
        attempt.price.map(|p| p as i64),
        attempt.turns,
        attempt.card.overall,
        at,
        attempt.card.version,
        log.coached,
        attempt.card.stages_score,
    ])?;
    Ok(conn.last_insert_rowid())
}

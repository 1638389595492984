//! Re-scoring attempts recorded under older scoring rules, so a board never ranks scores from
//! two sets of rules against each other; each keeps the score it had before.

use std::sync::Arc;

use dealcraft_core::scoring::{SCORING_VERSION, score};
use dealcraft_core::{Outcome, Scenario, SessionLog, load_scenario};
use rusqlite::{Transaction, TransactionBehavior, params};

use crate::{Result, Store, verdict_columns, write_scores};

/// What [`Store::rescore`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rescored {
    /// Attempts now scored under the current rules.
    pub attempts: usize,
    /// Attempts still under older rules: their scenario version could not be found, or their
    /// log no longer replays.
    pub left: usize,
}

impl Store {
    /// Replays every attempt scored under an older [`SCORING_VERSION`] and stores its score
    /// under the current rules, keeping the old overall score as `previous_overall`. A
    /// workshop attempt is replayed on the workshop's own copy of its scenario; any other on
    /// what `find(id, hash)` returns (the bundled scenarios, the app's library). The log
    /// stays as the trainee played it.
    pub fn rescore(&self, find: &dyn Fn(&str, &str) -> Option<Arc<Scenario>>) -> Result<Rescored> {
        self.guard(|| self.rescore_all(find))
    }

    fn rescore_all(&self, find: &dyn Fn(&str, &str) -> Option<Arc<Scenario>>) -> Result<Rescored> {
        let old: Vec<(i64, Option<i64>, String, u32)> = {
            let mut stmt = self.conn.prepare(
                "SELECT id, workshop_id, log, overall FROM attempts WHERE scoring_version < ?1",
            )?;
            stmt.query_map([SCORING_VERSION], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<rusqlite::Result<_>>()?
        };
        let mut done = Rescored::default();
        for (id, workshop, text, overall) in old {
            let log = SessionLog::parse(&text).ok();
            let scenario = log.as_ref().and_then(|log| {
                workshop
                    .and_then(|w| self.workshop_scenario(w, &log.scenario_hash))
                    .or_else(|| find(&log.scenario, &log.scenario_hash))
            });
            let replayed = log
                .zip(scenario)
                .and_then(|(log, sc)| log.replay(sc, &log.scenario_hash).ok());
            match replayed {
                Some(session) => {
                    self.store_rescore(id, &session, overall)?;
                    done.attempts += 1;
                }
                None => done.left += 1,
            }
        }
        Ok(done)
    }

    fn workshop_scenario(&self, workshop: i64, hash: &str) -> Option<Arc<Scenario>> {
        let w = self.workshop(workshop).ok()?;
        let loaded = load_scenario("workshop", w.scenario_source.as_bytes()).ok()?;
        (loaded.hash == hash).then(|| Arc::new(loaded.scenario))
    }

    /// Writes one attempt's new score in one transaction, its old overall kept.
    fn store_rescore(&self, id: i64, session: &dealcraft_core::Session, was: u32) -> Result<()> {
        let card = score(session);
        let price = match session.outcome() {
            Some(Outcome::Deal { price, .. }) => Some(*price as i64),
            _ => None,
        };
        let outcome = session.outcome().map_or("unfinished", Outcome::key);
        let (passed, pass_mark, critical) = verdict_columns(&card);
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE attempts SET overall = ?2, stages_score = ?3, scoring_version = ?4,
                 previous_overall = COALESCE(previous_overall, ?5), outcome = ?6, price = ?7,
                 turns = ?8, passed = ?9, pass_mark = ?10, critical = ?11
             WHERE id = ?1",
            params![
                id,
                card.overall,
                card.stages_score,
                card.version,
                was,
                outcome,
                price,
                session.moves().len() as u32,
                passed,
                pass_mark,
                critical
            ],
        )?;
        tx.execute("DELETE FROM attempt_stages WHERE attempt_id = ?1", [id])?;
        tx.execute("DELETE FROM findings WHERE attempt_id = ?1", [id])?;
        write_scores(&tx, id, &card)?;
        tx.commit()?;
        Ok(())
    }
}

//! Versioned schema migrations, tracked in SQLite's `user_version`.

use dealcraft_core::{SessionLog, bundled};
use rusqlite::{Connection, params};

use crate::{Result, StoreError, copies, names, verdict};

/// One schema version: SQL, then Rust that fills what SQL cannot compute, in one transaction.
pub(crate) struct Step {
    pub sql: &'static str,
    pub fill: Option<fn(&Connection) -> Result<()>>,
}

const fn sql(sql: &'static str) -> Step {
    Step { sql, fill: None }
}

/// Each step moves the schema one version up; never edit a released step, append a new one.
pub(crate) const MIGRATIONS: &[Step] = &[
    // 1: players, attempts with their logs, per-stage scores, findings, workshops.
    sql("CREATE TABLE players (
         id INTEGER PRIMARY KEY,
         -- 'Ann' and 'ann' are one player, as on the board.
         name TEXT NOT NULL UNIQUE COLLATE NOCASE,
         created_at INTEGER NOT NULL
     );
     CREATE TABLE workshops (
         id INTEGER PRIMARY KEY,
         name TEXT NOT NULL,
         scenario TEXT NOT NULL,
         scenario_hash TEXT NOT NULL,
         scenario_source TEXT NOT NULL,
         rubric TEXT NOT NULL,
         seed INTEGER NOT NULL,
         roster TEXT NOT NULL,
         created_at INTEGER NOT NULL
     );
     CREATE TABLE attempts (
         id INTEGER PRIMARY KEY,
         player_id INTEGER NOT NULL REFERENCES players(id),
         workshop_id INTEGER REFERENCES workshops(id),
         scenario TEXT NOT NULL,
         scenario_hash TEXT NOT NULL,
         rubric TEXT NOT NULL,
         seed INTEGER NOT NULL,
         log TEXT NOT NULL,
         outcome TEXT NOT NULL,
         price INTEGER,
         turns INTEGER NOT NULL,
         overall INTEGER NOT NULL,
         recorded_at INTEGER NOT NULL
     );
     CREATE INDEX attempts_by_workshop ON attempts (workshop_id);
     CREATE INDEX attempts_by_player ON attempts (player_id);
     CREATE TABLE attempt_stages (
         attempt_id INTEGER NOT NULL REFERENCES attempts(id),
         stage TEXT NOT NULL,
         score INTEGER NOT NULL,
         weight INTEGER NOT NULL,
         reached INTEGER NOT NULL,
         PRIMARY KEY (attempt_id, stage)
     ) WITHOUT ROWID;
     CREATE TABLE findings (
         attempt_id INTEGER NOT NULL REFERENCES attempts(id),
         seq INTEGER NOT NULL,
         stage TEXT NOT NULL,
         rule TEXT NOT NULL,
         turn INTEGER,
         points INTEGER NOT NULL,
         text TEXT NOT NULL,
         tip TEXT,
         PRIMARY KEY (attempt_id, seq)
     ) WITHOUT ROWID;"),
    // 2: the scoring version each attempt was scored under (and its score before a re-score),
    // the stages' score before habits and caps, and coach-mode attempts.
    sql(
        "ALTER TABLE attempts ADD COLUMN scoring_version INTEGER NOT NULL DEFAULT 1;
     ALTER TABLE attempts ADD COLUMN previous_overall INTEGER;
     ALTER TABLE attempts ADD COLUMN stages_score INTEGER;
     ALTER TABLE attempts ADD COLUMN coached INTEGER NOT NULL DEFAULT 0;",
    ),
    // 3: the hash of each attempt's play, to mark copies, and each player name's confusable
    // skeleton, to refuse look-alike names; both indexed, both computed in Rust.
    Step {
        sql: "ALTER TABLE attempts ADD COLUMN moves_hash TEXT;
              CREATE INDEX attempts_by_moves ON attempts (moves_hash);
              ALTER TABLE players ADD COLUMN skeleton TEXT;
              CREATE INDEX players_by_skeleton ON players (skeleton);",
        fill: Some(fill_hashes_and_skeletons),
    },
    // 4: each attempt's verdict against its pass mark (and its critical errors, so a track can
    // judge it against another mark), how long it took, and the outbox of xAPI statements for
    // a learning record store: which attempts are queued, and each statement until it is sent.
    Step {
        sql: "ALTER TABLE attempts ADD COLUMN passed INTEGER;
              ALTER TABLE attempts ADD COLUMN pass_mark INTEGER;
              ALTER TABLE attempts ADD COLUMN critical TEXT NOT NULL DEFAULT '';
              ALTER TABLE attempts ADD COLUMN duration_ms INTEGER;
              CREATE TABLE lrs_queued (
                  attempt_id INTEGER PRIMARY KEY REFERENCES attempts(id),
                  registration TEXT NOT NULL,
                  queued_at INTEGER NOT NULL
              );
              CREATE INDEX lrs_queued_by_registration ON lrs_queued (registration);
              CREATE TABLE lrs_outbox (
                  statement_id TEXT PRIMARY KEY,
                  registration TEXT NOT NULL,
                  -- the order of its registration's statements: initialized first
                  seq INTEGER NOT NULL,
                  body TEXT NOT NULL,
                  queued_at INTEGER NOT NULL,
                  tries INTEGER NOT NULL DEFAULT 0,
                  next_try_at INTEGER NOT NULL DEFAULT 0,
                  sent_at INTEGER,
                  -- the LRS's last HTTP status (0: no answer) and what it said, until sent
                  status INTEGER,
                  answer TEXT
              );
              CREATE INDEX lrs_outbox_unsent ON lrs_outbox (sent_at, registration);",
        fill: Some(fill_verdicts),
    },
];

/// Fills step 4's verdicts for the rows already there, from what was stored: the overall and
/// stage scores, the critical errors among the findings, and the pass mark of the log's rubric,
/// else of the bundled scenario it was played on, else the default.
fn fill_verdicts(conn: &Connection) -> Result<()> {
    let mut rows = conn.prepare("SELECT id, log, overall FROM attempts")?;
    let rows: Vec<(i64, String, u32)> = rows
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut marks = std::collections::HashMap::new();
    for (id, text, overall) in rows {
        let Ok(log) = SessionLog::parse(&text) else {
            continue;
        };
        let mark = match &log.rubric.pass {
            Some(p) => p.clone(),
            None => marks
                .entry((log.scenario.clone(), log.scenario_hash.clone()))
                .or_insert_with(|| {
                    bundled::load_exact(&log.scenario, &log.scenario_hash)
                        .and_then(|l| l.scenario.pass)
                        .unwrap_or_default()
                })
                .clone(),
        };
        let critical = verdict::critical_of(conn, id, &log.rubric)?;
        let stages = verdict::stages_of(conn, id)?;
        let passed = mark
            .judge(overall, stages, critical.iter().map(String::as_str))
            .is_empty();
        conn.execute(
            "UPDATE attempts SET passed = ?2, pass_mark = ?3, critical = ?4 WHERE id = ?1",
            params![id, passed, mark.overall, critical.join(",")],
        )?;
    }
    Ok(())
}

/// Fills step 3's columns for the rows already there. A log that no longer parses keeps no
/// hash: it is never marked as a copy.
fn fill_hashes_and_skeletons(conn: &Connection) -> Result<()> {
    let mut logs = conn.prepare("SELECT id, log FROM attempts")?;
    let mut hash = conn.prepare("UPDATE attempts SET moves_hash = ?2 WHERE id = ?1")?;
    let rows = logs.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (id, text) = row?;
        let moves = SessionLog::parse(&text)
            .ok()
            .map(|log| copies::moves_hash(&log));
        hash.execute(params![id, moves])?;
    }
    let mut players = conn.prepare("SELECT id, name FROM players")?;
    let mut skeleton = conn.prepare("UPDATE players SET skeleton = ?2 WHERE id = ?1")?;
    let rows = players.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (id, name) = row?;
        skeleton.execute(params![id, names::skeleton(&name)])?;
    }
    Ok(())
}

pub(crate) fn migrate(conn: &mut Connection, shown: &str) -> Result<()> {
    migrate_with(conn, shown, MIGRATIONS)
}

/// Applies the steps the database has not seen yet, each in its own transaction.
pub(crate) fn migrate_with(conn: &mut Connection, shown: &str, steps: &[Step]) -> Result<()> {
    let known = steps.len() as i64;
    // Most opens find the schema current: check without taking the write lock.
    let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if current == known {
        return Ok(());
    }
    loop {
        // IMMEDIATE takes the write lock first, so two processes opening a new file at once
        // cannot both run step 1.
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > known {
            return Err(StoreError::TooNew {
                path: shown.to_owned(),
                found: version,
                known,
            });
        }
        if version == known {
            return Ok(());
        }
        let step = &steps[version as usize];
        tx.execute_batch(step.sql)?;
        if let Some(fill) = step.fill {
            fill(&tx)?;
        }
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_only_the_missing_steps_in_order() {
        let mut conn = Connection::open_in_memory().unwrap();
        let v1 = [sql("CREATE TABLE t (a INTEGER);")];
        migrate_with(&mut conn, "mem", &v1).unwrap();
        conn.execute("INSERT INTO t (a) VALUES (1)", []).unwrap();
        let v2 = [
            sql(v1[0].sql),
            sql("ALTER TABLE t ADD COLUMN b TEXT DEFAULT 'x';"),
        ];
        migrate_with(&mut conn, "mem", &v2).unwrap();
        let (a, b): (i64, String) = conn
            .query_row("SELECT a, b FROM t", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        assert_eq!(
            (a, b.as_str()),
            (1, "x"),
            "step 1 kept its data, step 2 ran once"
        );
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, 2);
        // Running again is a no-op (step 2 would fail if run twice: duplicate column).
        migrate_with(&mut conn, "mem", &v2).unwrap();
    }

    #[test]
    fn refuses_a_newer_database() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", 7).unwrap();
        let err = migrate_with(&mut conn, "my.db", MIGRATIONS).unwrap_err();
        assert!(err.to_string().contains("schema version 7"), "{err}");
        assert!(err.to_string().contains("my.db"), "{err}");
    }
}

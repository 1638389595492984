//! Dealcraft's store: every finished attempt (log, outcome, per-stage scores, findings), the
//! players who made them and the workshops they belong to, in one SQLite file.
//!
//! Each attempt is written in one transaction; the database runs in WAL mode with
//! `synchronous=FULL`, so several app instances and a workshop server can write at once and a
//! crash never loses a committed attempt.
//!
//! ```
//! use std::sync::Arc;
//! use dealcraft_core::{bots, bundled};
//! use dealcraft_store::{Filter, NewAttempt, Store};
//!
//! let store = Store::open_in_memory().unwrap();
//! let loaded = bundled::load("clinic-scheduling").unwrap();
//! let rubric = bundled::default_rubric();
//! let session = bots::play(bots::BotKind::Textbook, Arc::new(loaded.scenario), rubric, 7);
//! let id = store.record(&NewAttempt::from_session("Ann", &session, &loaded.hash, None)).unwrap();
//! let board = store.board(&Filter::default()).unwrap();
//! assert_eq!(board.rows[0].attempt, id);
//! ```

mod batch;
mod board;
mod live;
mod rescore;
mod schema;

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use dealcraft_core::scoring::{Finding, Scorecard, score};
use dealcraft_core::{Diagnostics, LoadedScenario, Rubric, Session, SessionLog, Stage};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use thiserror::Error;

pub use batch::Recorded;
pub use board::{Board, BoardRow, Cell, Funnel, NOT_REACHED, attempts_csv, stages_of};
pub use live::{LiveBoard, LiveSnapshot};
pub use rescore::Rescored;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("database {path}: {source}")]
    Open {
        path: String,
        source: rusqlite::Error,
    },
    #[error(
        "database {path} has schema version {found}, newer than this build knows ({known}); update Dealcraft"
    )]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("no attempt {0}")]
    NoAttempt(i64),
    #[error("no workshop {0}")]
    NoWorkshop(i64),
    #[error("stored data is damaged: {0}")]
    Damaged(String),
    #[error("player name must be 1 to {max} characters without control or invisible characters", max = MAX_NAME)]
    BadName,
    #[error(
        "a session played in coach mode cannot count in a workshop: the coach shows the client's hidden state"
    )]
    CoachedInWorkshop,
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// The first schema step as released, for tests that build a database from before a migration.
#[doc(hidden)]
pub fn first_schema_step() -> &'static str {
    schema::MIGRATIONS[0]
}

/// Longest player or workshop name, in characters.
pub const MAX_NAME: usize = 40;

/// A finished (or abandoned) session, ready to be written.
#[derive(Debug, Clone)]
pub struct NewAttempt {
    pub player: String,
    pub workshop: Option<i64>,
    pub log: SessionLog,
    pub outcome: String,
    pub price: Option<u64>,
    pub turns: u32,
    pub card: Scorecard,
}

impl NewAttempt {
    /// Scores `session` and takes its log; `hash` is the scenario file's content hash.
    pub fn from_session(
        player: &str,
        session: &Session,
        hash: &str,
        workshop: Option<i64>,
    ) -> NewAttempt {
        NewAttempt::scored(player, session, hash, workshop, score(session))
    }

    /// Marks the attempt as played in coach mode: kept in the history, never on a board.
    pub fn coached(mut self, coached: bool) -> NewAttempt {
        self.log.coached = coached;
        self
    }

    /// As [`NewAttempt::from_session`], with a scorecard already computed (it may be in Russian).
    pub fn scored(
        player: &str,
        session: &Session,
        hash: &str,
        workshop: Option<i64>,
        card: Scorecard,
    ) -> NewAttempt {
        let outcome = session.outcome();
        NewAttempt {
            player: player.trim().to_owned(),
            workshop,
            log: session.log(hash),
            outcome: outcome.map_or("unfinished", |o| o.key()).to_owned(),
            price: match outcome {
                Some(dealcraft_core::Outcome::Deal { price, .. }) => Some(*price),
                _ => None,
            },
            turns: session.moves().len() as u32,
            card,
        }
    }
}

/// One attempt as listed in a history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttemptSummary {
    pub id: i64,
    pub player: String,
    pub workshop: Option<i64>,
    pub scenario: String,
    pub scenario_hash: String,
    pub rubric: String,
    pub seed: u64,
    pub outcome: String,
    pub price: Option<u64>,
    pub turns: u32,
    pub overall: u32,
    /// Per-stage scores, in cycle order; only stages the scenario scores.
    pub stages: Vec<StageResult>,
    /// Unix seconds.
    pub recorded_at: i64,
    /// The scoring version `overall` was given under.
    pub scoring_version: u32,
    /// Played in coach mode: shown in the history, left off every board.
    pub coached: bool,
    /// The overall score it had before it was re-scored under newer rules.
    pub previous_overall: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StageResult {
    pub stage: Stage,
    pub score: u32,
    pub weight: u32,
    pub reached: bool,
}

/// One attempt with everything needed to show its debrief again.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attempt {
    pub summary: AttemptSummary,
    pub log: SessionLog,
    pub findings: Vec<StoredFinding>,
}

/// A finding as it was recorded. The rule stays the key it was written with, since an older
/// build may have written a rule this one no longer has; `dealcraft_core::scoring::Rule::from_key`
/// reads it back where it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredFinding {
    pub stage: Stage,
    pub rule: String,
    pub turn: Option<u32>,
    pub points: i32,
    pub text: String,
    pub tip: Option<String>,
}

impl From<&Finding> for StoredFinding {
    fn from(f: &Finding) -> Self {
        StoredFinding {
            stage: f.stage,
            rule: f.rule.key().to_owned(),
            turn: f.turn,
            points: f.points,
            text: f.text.clone(),
            tip: f.tip.clone(),
        }
    }
}

/// A workshop: everyone plays the same scenario file with the same seed and rubric.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Workshop {
    pub id: i64,
    pub name: String,
    pub scenario: String,
    pub scenario_hash: String,
    /// The scenario file's text, so the workshop can be replayed even if the file changes.
    pub scenario_source: String,
    pub rubric: Rubric,
    pub seed: u64,
    /// Hot-seat players in turn order; empty for a server workshop (anyone with the code joins).
    pub roster: Vec<String>,
    pub created_at: i64,
}

impl Workshop {
    /// Parses the scenario text the workshop kept: what every player of it plays.
    pub fn load_scenario(&self) -> std::result::Result<LoadedScenario, Diagnostics> {
        dealcraft_core::load_scenario(
            &format!("workshop {} scenario", self.id),
            self.scenario_source.as_bytes(),
        )
    }
}

/// What a new workshop is made of.
#[derive(Debug, Clone)]
pub struct NewWorkshop {
    pub name: String,
    pub scenario_source: String,
    pub scenario: String,
    pub scenario_hash: String,
    pub rubric: Rubric,
    pub seed: u64,
    pub roster: Vec<String>,
}

/// Which attempts a board or history covers.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub workshop: Option<i64>,
    pub player: Option<String>,
    pub scenario: Option<String>,
}

pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (or creates) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store> {
        let shown = path.display().to_string();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            // The data folder may not exist on a fresh machine; SQLite would say "unable to open".
            let _ = std::fs::create_dir_all(dir);
        }
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: shown.clone(),
            source,
        })?;
        Store::setup(conn, &shown)
    }

    pub fn open_in_memory() -> Result<Store> {
        Store::setup(Connection::open_in_memory()?, ":memory:")
    }

    fn setup(conn: Connection, shown: &str) -> Result<Store> {
        let open_err = |source| StoreError::Open {
            path: shown.to_owned(),
            source,
        };
        // Writers queue on the lock for a while instead of failing at once.
        conn.busy_timeout(Duration::from_secs(10))
            .map_err(open_err)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(open_err)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(open_err)?;
        let mut store = Store { conn };
        schema::migrate(&mut store.conn, shown)?;
        Ok(store)
    }

    /// The schema version the database is at.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// `PRAGMA integrity_check`: "ok" when the file is sound.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    /// Writes an attempt, its stage scores and findings in one transaction; returns its id.
    pub fn record(&self, attempt: &NewAttempt) -> Result<i64> {
        check_name(&attempt.player)?;
        if attempt.log.coached && attempt.workshop.is_some() {
            return Err(StoreError::CoachedInWorkshop);
        }
        let tx = self.conn.unchecked_transaction()?;
        let player = player_id(&tx, &attempt.player)?;
        let log = &attempt.log;
        tx.execute(
            "INSERT INTO attempts (player_id, workshop_id, scenario, scenario_hash, rubric, seed,
                 log, outcome, price, turns, overall, recorded_at, scoring_version, coached,
                 stages_score)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            params![
                player,
                attempt.workshop,
                log.scenario,
                log.scenario_hash,
                log.rubric.name,
                seed_to_sql(log.seed),
                log.to_ron(),
                attempt.outcome,
                attempt.price.map(|p| p as i64),
                attempt.turns,
                attempt.card.overall,
                now(),
                attempt.card.version,
                log.coached,
                attempt.card.stages_score,
            ],
        )?;
        let id = tx.last_insert_rowid();
        write_scores(&tx, id, &attempt.card)?;
        tx.commit()?;
        Ok(id)
    }

    /// Attempts matching `filter`, oldest first.
    pub fn attempts(&self, filter: &Filter) -> Result<Vec<AttemptSummary>> {
        self.select(filter, None)
    }

    fn select(&self, filter: &Filter, id: Option<i64>) -> Result<Vec<AttemptSummary>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT a.id, p.name, a.workshop_id, a.scenario, a.scenario_hash, a.rubric, a.seed,
                    a.outcome, a.price, a.turns, a.overall, a.recorded_at, a.scoring_version,
                    a.coached, a.previous_overall
             FROM attempts a JOIN players p ON p.id = a.player_id
             WHERE {SELECTED} ORDER BY a.recorded_at, a.id"
        ))?;
        let params = (
            filter.workshop,
            filter.player.as_deref(),
            filter.scenario.as_deref(),
            id,
        );
        let mut rows = stmt
            .query_map(params, summary_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // All stage rows in one query: one per attempt made boards O(n) queries.
        let mut stages = self.conn.prepare_cached(&format!(
            "SELECT s.attempt_id, s.stage, s.score, s.weight, s.reached
             FROM attempt_stages s JOIN attempts a ON a.id = s.attempt_id
             JOIN players p ON p.id = a.player_id
             WHERE {SELECTED}"
        ))?;
        let mut by_attempt: HashMap<i64, Vec<StageResult>> = HashMap::new();
        let found = stages.query_map(params, |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get::<_, bool>(4)?,
            ))
        })?;
        for row in found {
            let (id, key, score, weight, reached) = row?;
            let stage = Stage::from_key(&key)
                .ok_or_else(|| StoreError::Damaged(format!("unknown stage `{key}`")))?;
            by_attempt.entry(id).or_default().push(StageResult {
                stage,
                score,
                weight,
                reached,
            });
        }
        for s in &mut rows {
            s.stages = by_attempt.remove(&s.id).unwrap_or_default();
            s.stages.sort_by_key(|st| st.stage);
        }
        Ok(rows)
    }

    /// A player's place on the board for `workshop`: one more than the players whose best is
    /// higher, as [`Board`] ranks them.
    pub fn rank(&self, workshop: Option<i64>, player: &str) -> Result<Option<usize>> {
        let rank: Option<i64> = self
            .conn
            .query_row(
                "WITH best AS (
                     SELECT a.player_id, MAX(a.overall) AS top FROM attempts a
                     WHERE a.workshop_id IS ?1 AND a.coached = 0 GROUP BY a.player_id)
                 SELECT 1 + (SELECT COUNT(*) FROM best b WHERE b.top > mine.top)
                 FROM best mine JOIN players p ON p.id = mine.player_id
                 WHERE p.name = ?2 COLLATE NOCASE",
                params![workshop, player.trim()],
                |r| r.get(0),
            )
            .optional()?;
        Ok(rank.map(|r| r as usize))
    }

    /// One attempt with its log and findings.
    pub fn attempt(&self, id: i64) -> Result<Attempt> {
        let mut one = self.select(&Filter::default(), Some(id))?;
        let summary = one.pop().ok_or(StoreError::NoAttempt(id))?;
        let log_text: String =
            self.conn
                .query_row("SELECT log FROM attempts WHERE id = ?1", [id], |r| r.get(0))?;
        let log = SessionLog::parse(&log_text).map_err(StoreError::Damaged)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT stage, rule, turn, points, text, tip FROM findings
             WHERE attempt_id = ?1 ORDER BY seq",
        )?;
        let findings = stmt
            .query_map([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    StoredFinding {
                        stage: Stage::Preparation,
                        rule: r.get(1)?,
                        turn: r.get(2)?,
                        points: r.get(3)?,
                        text: r.get(4)?,
                        tip: r.get(5)?,
                    },
                ))
            })?
            .map(|row| {
                let (key, mut f) = row?;
                f.stage = Stage::from_key(&key)
                    .ok_or_else(|| StoreError::Damaged(format!("unknown stage `{key}`")))?;
                Ok(f)
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Attempt {
            summary,
            log,
            findings,
        })
    }

    /// Creates a workshop; returns it with its id.
    pub fn create_workshop(&self, new: &NewWorkshop) -> Result<Workshop> {
        check_name(&new.name)?;
        for name in &new.roster {
            check_name(name)?;
        }
        let rubric = ron::ser::to_string(&new.rubric)
            .map_err(|e| StoreError::Damaged(format!("rubric: {e}")))?;
        let roster = serde_json::to_string(&new.roster)
            .map_err(|e| StoreError::Damaged(format!("roster: {e}")))?;
        self.conn.execute(
            "INSERT INTO workshops (name, scenario, scenario_hash, scenario_source, rubric, seed,
                 roster, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                new.name.trim(),
                new.scenario,
                new.scenario_hash,
                new.scenario_source,
                rubric,
                seed_to_sql(new.seed),
                roster,
                now()
            ],
        )?;
        self.workshop(self.conn.last_insert_rowid())
    }

    pub fn workshop(&self, id: i64) -> Result<Workshop> {
        self.conn
            .query_row(
                &format!("SELECT {WORKSHOP_COLUMNS} FROM workshops WHERE id = ?1"),
                [id],
                workshop_from_row,
            )
            .optional()?
            .ok_or(StoreError::NoWorkshop(id))?
    }

    /// All workshops, newest first.
    pub fn workshops(&self) -> Result<Vec<Workshop>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {WORKSHOP_COLUMNS} FROM workshops ORDER BY id DESC"
        ))?;
        stmt.query_map([], workshop_from_row)?
            .map(|r| r?)
            .collect::<Result<Vec<_>>>()
    }

    /// Player names with at least one attempt, alphabetically.
    pub fn players(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT name FROM players p WHERE EXISTS
                 (SELECT 1 FROM attempts a WHERE a.player_id = p.id)
             ORDER BY name COLLATE NOCASE",
        )?;
        Ok(stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?)
    }

    /// The board for `filter`: each player's best attempt, with per-stage columns and the funnel.
    /// Attempts played in coach mode are left off.
    pub fn board(&self, filter: &Filter) -> Result<Board> {
        let fair = self.attempts(filter)?.into_iter().filter(|a| !a.coached);
        Ok(Board::from_attempts(fair.collect()))
    }

    /// The attempt with exactly this log by this player in this workshop, if one was stored:
    /// a submission sent twice (a retry after a timeout) is the same attempt.
    pub fn same_attempt(
        &self,
        workshop: Option<i64>,
        player: &str,
        log: &SessionLog,
    ) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row(
                "SELECT a.id FROM attempts a JOIN players p ON p.id = a.player_id
                 WHERE a.workshop_id IS ?1 AND p.name = ?2 AND a.log = ?3 LIMIT 1",
                params![workshop, player.trim(), log.to_ron()],
                |r| r.get(0),
            )
            .optional()?)
    }
}

/// The attempts a [`Filter`] (?1 workshop, ?2 player, ?3 scenario) and an optional id (?4)
/// select, over `attempts a JOIN players p`.
const SELECTED: &str = "(?1 IS NULL OR a.workshop_id = ?1)
    AND (?2 IS NULL OR p.name = ?2 COLLATE NOCASE)
    AND (?3 IS NULL OR a.scenario = ?3)
    AND (?4 IS NULL OR a.id = ?4)";

const WORKSHOP_COLUMNS: &str =
    "id, name, scenario, scenario_hash, scenario_source, rubric, seed, roster, created_at";

fn summary_from_row(r: &rusqlite::Row) -> rusqlite::Result<AttemptSummary> {
    Ok(AttemptSummary {
        id: r.get(0)?,
        player: r.get(1)?,
        workshop: r.get(2)?,
        scenario: r.get(3)?,
        scenario_hash: r.get(4)?,
        rubric: r.get(5)?,
        seed: seed_from_sql(r.get(6)?),
        outcome: r.get(7)?,
        price: r.get::<_, Option<i64>>(8)?.map(|p| p as u64),
        turns: r.get(9)?,
        overall: r.get(10)?,
        stages: Vec::new(),
        recorded_at: r.get(11)?,
        scoring_version: r.get(12)?,
        coached: r.get(13)?,
        previous_overall: r.get(14)?,
    })
}

fn workshop_from_row(r: &rusqlite::Row) -> rusqlite::Result<Result<Workshop>> {
    let rubric: String = r.get(5)?;
    let roster: String = r.get(7)?;
    let id: i64 = r.get(0)?;
    let rubric = match ron::from_str::<Rubric>(&rubric) {
        Ok(rubric) => rubric,
        Err(e) => {
            return Ok(Err(StoreError::Damaged(format!(
                "workshop {id} rubric: {e}"
            ))));
        }
    };
    let roster = match serde_json::from_str::<Vec<String>>(&roster) {
        Ok(roster) => roster,
        Err(e) => {
            return Ok(Err(StoreError::Damaged(format!(
                "workshop {id} roster: {e}"
            ))));
        }
    };
    Ok(Ok(Workshop {
        id,
        name: r.get(1)?,
        scenario: r.get(2)?,
        scenario_hash: r.get(3)?,
        scenario_source: r.get(4)?,
        rubric,
        seed: seed_from_sql(r.get(6)?),
        roster,
        created_at: r.get(8)?,
    }))
}

/// Writes a scorecard's stage scores and findings for attempt `id`: critical errors and habits
/// first, as a debrief shows them, then each stage's.
fn write_scores(conn: &Connection, id: i64, card: &Scorecard) -> Result<()> {
    let mut stage_row = conn.prepare_cached(
        "INSERT INTO attempt_stages (attempt_id, stage, score, weight, reached)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut finding_row = conn.prepare_cached(
        "INSERT INTO findings (attempt_id, seq, stage, rule, turn, points, text, tip)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for st in &card.stages {
        stage_row.execute(params![id, st.stage.key(), st.score, st.weight, st.reached])?;
    }
    for (seq, f) in card.findings().enumerate() {
        finding_row.execute(params![
            id,
            seq as i64,
            f.stage.key(),
            f.rule.key(),
            f.turn,
            f.points,
            f.text,
            f.tip
        ])?;
    }
    Ok(())
}

fn player_id(conn: &Connection, name: &str) -> Result<i64> {
    conn.execute(
        "INSERT INTO players (name, created_at) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING",
        params![name, now()],
    )?;
    Ok(
        conn.query_row("SELECT id FROM players WHERE name = ?1", [name], |r| {
            r.get(0)
        })?,
    )
}

/// Checks a player or workshop name: the board shows it, so it must be short and printable,
/// without invisible characters that would let one name pass for another.
pub fn check_name(name: &str) -> Result<()> {
    let name = name.trim();
    let len = name.chars().count();
    let invisible = |c: char| {
        c.is_control()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}')
    };
    if len == 0 || len > MAX_NAME || name.chars().any(invisible) {
        return Err(StoreError::BadName);
    }
    Ok(())
}

// SQLite integers are signed; seeds use all 64 bits, so they are stored bit for bit.
fn seed_to_sql(seed: u64) -> i64 {
    seed as i64
}

fn seed_from_sql(v: i64) -> u64 {
    v as u64
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

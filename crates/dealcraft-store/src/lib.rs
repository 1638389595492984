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
mod copies;
mod live;
mod maintenance;
mod names;
mod open;
mod outbox;
mod rescore;
mod schema;
mod verdict;

use std::collections::HashMap;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use dealcraft_core::scoring::{Finding, Scorecard, score};
use dealcraft_core::{Diagnostics, LoadedScenario, Rubric, Session, SessionLog, Stage};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use serde::Serialize;
use thiserror::Error;

pub use batch::Recorded;
pub use board::{
    Board, BoardRow, Cell, Funnel, NOT_REACHED, attempts_csv, display_width, ellipsize, result,
    stages_of,
};
pub use copies::{CopyOf, moves_hash};
pub use live::{LiveBoard, LiveSnapshot};
pub use maintenance::{Health, Restored, check_file, restore_file};
pub use names::{MAX_NAME, NameError, same_player};
pub use open::QUICK_CHECK_BUDGET;
pub use outbox::{OutboxCounts, OutboxRow, backoff};
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
    #[error(
        "database {path} is damaged ({detail}); `dealcraft db check --db {path}` lists what is \
         wrong, and `dealcraft db restore BACKUP --db {path}` puts a backup in its place, keeping \
         the damaged file beside it"
    )]
    Corrupt { path: String, detail: String },
    #[error(
        "database {path} cannot be written ({detail}); make the file and its folder writable, \
         or choose another file with --db"
    )]
    ReadOnly { path: String, detail: String },
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("no attempt {0}")]
    NoAttempt(i64),
    #[error("no workshop {0}")]
    NoWorkshop(i64),
    #[error("stored data is damaged: {0}")]
    Damaged(String),
    #[error("{0}")]
    BadName(#[from] NameError),
    #[error(
        "a session played in coach mode cannot count in a workshop: the coach shows the client's hidden state"
    )]
    CoachedInWorkshop,
    #[error("no database at {0}")]
    Missing(String),
    #[error("{0} already exists; a backup never overwrites a file, so name a new one")]
    Exists(String),
    #[error("{path} is not a sound Dealcraft database ({detail}); nothing was restored")]
    BadBackup { path: String, detail: String },
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// The first schema step as released, for tests that build a database from before a migration.
#[doc(hidden)]
pub fn first_schema_step() -> &'static str {
    schema::MIGRATIONS[0].sql
}

/// Schema step `n` (1-based) as released, for tests that build an older database.
#[doc(hidden)]
pub fn schema_step(n: usize) -> &'static str {
    schema::MIGRATIONS[n - 1].sql
}

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
    /// How long the session took, by the clock, where the player's program measured it.
    pub duration_ms: Option<u64>,
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

    /// Records how long the session took (from the start of the meeting to its end).
    pub fn took(mut self, duration: std::time::Duration) -> NewAttempt {
        self.duration_ms = Some(duration.as_millis().min(u128::from(u32::MAX)) as u64);
        self
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
            player: names::normalize(player),
            workshop,
            log: session.log(hash),
            outcome: outcome.map_or("unfinished", |o| o.key()).to_owned(),
            price: match outcome {
                Some(dealcraft_core::Outcome::Deal { price, .. }) => Some(*price),
                _ => None,
            },
            turns: session.moves().len() as u32,
            card,
            duration_ms: None,
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
    /// [`moves_hash`] of its log: attempts with the same hash are the same play.
    pub moves_hash: Option<String>,
    /// Passed or failed against its pass mark; `None` only where its log no longer reads.
    pub passed: Option<bool>,
    /// The overall score it needed to pass.
    pub pass_mark: Option<u32>,
    /// The rule keys of its critical errors (each one fails the attempt).
    pub critical: Vec<String>,
    /// How long the session took by the clock, where that was measured.
    pub duration_ms: Option<u64>,
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
    /// The file as errors name it.
    path: String,
}

impl Store {
    /// Opens (or creates) the database at `path` and brings its schema up to date. Other
    /// processes opening or creating it at the same time are waited for; a damaged file is
    /// [`StoreError::Corrupt`] (checked once per process, within [`QUICK_CHECK_BUDGET`]).
    pub fn open(path: &Path) -> Result<Store> {
        let shown = path.display().to_string();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            // The data folder may not exist on a fresh machine; SQLite would say "unable to open".
            let _ = std::fs::create_dir_all(dir);
        }
        let conn = open::connect(path, &shown)?;
        Ok(Store { conn, path: shown })
    }

    pub fn open_in_memory() -> Result<Store> {
        let conn = open::setup(Connection::open_in_memory()?, ":memory:", None)?;
        Ok(Store {
            conn,
            path: ":memory:".into(),
        })
    }

    /// Runs `f`, naming the file in an error that is about the file: damage, or read-only.
    fn guard<T>(&self, f: impl FnOnce() -> Result<T>) -> Result<T> {
        f().map_err(|e| open::in_file(&self.path, e))
    }

    /// Fails with [`StoreError::ReadOnly`] unless an attempt could be recorded now: call it
    /// before a session, so nobody plays a whole session that cannot be kept.
    pub fn check_writable(&self) -> Result<()> {
        open::check_writable(&self.conn, &self.path)
    }

    /// The schema version the database is at.
    pub fn schema_version(&self) -> Result<i64> {
        self.guard(|| {
            Ok(self
                .conn
                .pragma_query_value(None, "user_version", |r| r.get(0))?)
        })
    }

    /// `PRAGMA integrity_check`: "ok" when the file is sound.
    pub fn integrity_check(&self) -> Result<String> {
        self.guard(|| {
            Ok(self
                .conn
                .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
        })
    }

    /// Checks a name for a new attempt: [`check_name`]'s rules, and not confusable with another
    /// player's name here (the same name in another ASCII case is the same player). Returns the
    /// name as it will be stored.
    pub fn check_player(&self, name: &str) -> Result<String> {
        self.guard(|| {
            let name = names::clean(name)?;
            find_player(&self.conn, &name)?;
            Ok(name)
        })
    }

    /// Writes an attempt, its stage scores and findings in one transaction; returns its id.
    pub fn record(&self, attempt: &NewAttempt) -> Result<i64> {
        self.guard(|| {
            let name = names::clean(&attempt.player)?;
            if attempt.log.coached && attempt.workshop.is_some() {
                return Err(StoreError::CoachedInWorkshop);
            }
            // IMMEDIATE takes the write lock first: a read that later turns into a write could
            // fail at once when another process wrote in between.
            open::retry_busy(|| {
                let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
                let player = player_id(&tx, &name)?;
                let log = attempt.log.to_ron();
                let id =
                    insert_attempt(&tx, player, attempt, &log, &moves_hash(&attempt.log), now())?;
                write_scores(&tx, id, &attempt.card)?;
                tx.commit()?;
                Ok(id)
            })
        })
    }

    /// Attempts matching `filter`, oldest first.
    pub fn attempts(&self, filter: &Filter) -> Result<Vec<AttemptSummary>> {
        self.guard(|| self.select(filter, None))
    }

    fn select(&self, filter: &Filter, id: Option<i64>) -> Result<Vec<AttemptSummary>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT a.id, p.name, a.workshop_id, a.scenario, a.scenario_hash, a.rubric, a.seed,
                    a.outcome, a.price, a.turns, a.overall, a.recorded_at, a.scoring_version,
                    a.coached, a.previous_overall, a.moves_hash, a.passed, a.pass_mark,
                    a.critical, a.duration_ms
             FROM attempts a JOIN players p ON p.id = a.player_id
             WHERE {SELECTED} ORDER BY a.recorded_at, a.id"
        ))?;
        let player = filter.player.as_deref().map(names::normalize);
        let params = (
            filter.workshop,
            player.as_deref(),
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
        self.guard(|| self.rank_of(workshop, &names::normalize(player)))
    }

    fn rank_of(&self, workshop: Option<i64>, player: &str) -> Result<Option<usize>> {
        let rank: Option<i64> = self
            .conn
            .query_row(
                "WITH best AS (
                     SELECT a.player_id, MAX(a.overall) AS top FROM attempts a
                     WHERE a.workshop_id IS ?1 AND a.coached = 0 GROUP BY a.player_id)
                 SELECT 1 + (SELECT COUNT(*) FROM best b WHERE b.top > mine.top)
                 FROM best mine JOIN players p ON p.id = mine.player_id
                 WHERE p.name = ?2 COLLATE NOCASE",
                params![workshop, player],
                |r| r.get(0),
            )
            .optional()?;
        Ok(rank.map(|r| r as usize))
    }

    /// One attempt with its log and findings.
    pub fn attempt(&self, id: i64) -> Result<Attempt> {
        self.guard(|| self.attempt_with_log(id))
    }

    fn attempt_with_log(&self, id: i64) -> Result<Attempt> {
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
        self.guard(|| self.insert_workshop(new))
    }

    fn insert_workshop(&self, new: &NewWorkshop) -> Result<Workshop> {
        check_name(&new.name)?;
        self.check_roster(&new.roster)?;
        let rubric = ron::ser::to_string(&new.rubric)
            .map_err(|e| StoreError::Damaged(format!("rubric: {e}")))?;
        let roster: Vec<String> = new.roster.iter().map(|n| names::normalize(n)).collect();
        let roster = serde_json::to_string(&roster)
            .map_err(|e| StoreError::Damaged(format!("roster: {e}")))?;
        self.conn.execute(
            "INSERT INTO workshops (name, scenario, scenario_hash, scenario_source, rubric, seed,
                 roster, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                names::normalize(&new.name),
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
        self.guard(|| {
            self.conn
                .query_row(
                    &format!("SELECT {WORKSHOP_COLUMNS} FROM workshops WHERE id = ?1"),
                    [id],
                    workshop_from_row,
                )
                .optional()?
                .ok_or(StoreError::NoWorkshop(id))?
        })
    }

    /// A hot-seat roster: every name valid, none confusable with another player's name here or
    /// with another name of the roster.
    fn check_roster(&self, roster: &[String]) -> Result<()> {
        for (i, name) in roster.iter().enumerate() {
            self.check_player(name)?;
            let look = names::skeleton(name);
            if let Some(twin) = roster[..i].iter().find(|n| names::skeleton(n) == look) {
                return Err(NameError::Confusable {
                    name: names::normalize(name),
                    taken: names::normalize(twin),
                }
                .into());
            }
        }
        Ok(())
    }

    /// All workshops, newest first.
    pub fn workshops(&self) -> Result<Vec<Workshop>> {
        self.guard(|| {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT {WORKSHOP_COLUMNS} FROM workshops ORDER BY id DESC"
            ))?;
            stmt.query_map([], workshop_from_row)?
                .map(|r| r?)
                .collect::<Result<Vec<_>>>()
        })
    }

    /// Player names with at least one attempt, alphabetically.
    pub fn players(&self) -> Result<Vec<String>> {
        self.guard(|| {
            let mut stmt = self.conn.prepare_cached(
                "SELECT name FROM players p WHERE EXISTS
                     (SELECT 1 FROM attempts a WHERE a.player_id = p.id)
                 ORDER BY name COLLATE NOCASE",
            )?;
            Ok(stmt
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?)
        })
    }

    /// The board for `filter`: each player's best attempt, with per-stage columns and the funnel.
    /// Attempts played in coach mode are left off. Each row says whether its attempt copies an
    /// earlier one by another player, even when `filter` names one player.
    pub fn board(&self, filter: &Filter) -> Result<Board> {
        let fair = self.attempts(filter)?.into_iter().filter(|a| !a.coached);
        let mut board = Board::from_attempts(fair.collect());
        if filter.player.is_some() {
            // The other players' attempts were filtered out: ask the index.
            for row in &mut board.rows {
                row.copy_of = self.copy_of(row.attempt)?;
            }
        }
        Ok(board)
    }

    /// The attempt that attempt `id` copies, as its board row shows it: the first attempt of the
    /// same workshop (or of no workshop) with the same moves, when another player made it. One
    /// indexed lookup, for boards kept up to date one attempt at a time.
    pub fn copy_of(&self, id: i64) -> Result<Option<CopyOf>> {
        self.guard(|| {
            let first = self
                .conn
                .query_row(
                    "SELECT p.name, o.recorded_at, o.player_id = a.player_id
                     FROM attempts a
                     JOIN attempts o ON o.moves_hash = a.moves_hash
                         AND o.workshop_id IS a.workshop_id AND o.coached = 0
                     JOIN players p ON p.id = o.player_id
                     WHERE a.id = ?1
                     ORDER BY o.recorded_at, o.id LIMIT 1",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, bool>(2)?)),
                )
                .optional()?;
            Ok(first.and_then(|(player, recorded_at, same)| {
                (!same).then_some(CopyOf {
                    player,
                    recorded_at,
                })
            }))
        })
    }

    /// The attempt with exactly this log by this player in this workshop, if one was stored:
    /// a submission sent twice (a retry after a timeout) is the same attempt.
    pub fn same_attempt(
        &self,
        workshop: Option<i64>,
        player: &str,
        log: &SessionLog,
    ) -> Result<Option<i64>> {
        self.guard(|| {
            // The moves index finds the few candidates; the log itself decides.
            Ok(self
                .conn
                .query_row(
                    "SELECT a.id FROM attempts a JOIN players p ON p.id = a.player_id
                     WHERE a.moves_hash = ?4 AND a.workshop_id IS ?1 AND p.name = ?2
                         AND a.log = ?3 LIMIT 1",
                    params![
                        workshop,
                        names::normalize(player),
                        log.to_ron(),
                        moves_hash(log)
                    ],
                    |r| r.get(0),
                )
                .optional()?)
        })
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
        moves_hash: r.get(15)?,
        passed: r.get(16)?,
        pass_mark: r.get(17)?,
        critical: split_keys(&r.get::<_, String>(18)?),
        duration_ms: r.get::<_, Option<i64>>(19)?.map(|d| d.max(0) as u64),
    })
}

/// Rule keys stored comma-separated.
fn split_keys(text: &str) -> Vec<String> {
    text.split(',')
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .collect()
}

/// An attempt's verdict as stored: passed, the overall pass mark, its critical errors.
fn verdict_columns(card: &Scorecard) -> (bool, u32, String) {
    let critical: Vec<&str> = card.critical.iter().map(|f| f.rule.key()).collect();
    (card.pass.passed, card.pass.mark.overall, critical.join(","))
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

/// Inserts the attempt's row for player `player`; returns its id.
fn insert_attempt(
    conn: &Connection,
    player: i64,
    attempt: &NewAttempt,
    log_text: &str,
    moves_hash: &str,
    at: i64,
) -> Result<i64> {
    let log = &attempt.log;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO attempts (player_id, workshop_id, scenario, scenario_hash, rubric, seed,
             log, outcome, price, turns, overall, recorded_at, scoring_version, coached,
             stages_score, moves_hash, passed, pass_mark, critical, duration_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
             ?18, ?19, ?20)",
    )?;
    let (passed, pass_mark, critical) = verdict_columns(&attempt.card);
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
        moves_hash,
        passed,
        pass_mark,
        critical,
        attempt.duration_ms.map(|d| d as i64),
    ])?;
    Ok(conn.last_insert_rowid())
}

/// The id of the player called `name` (already [`names::clean`]), added if new.
fn player_id(conn: &Connection, name: &str) -> Result<i64> {
    if let Some(id) = find_player(conn, name)? {
        return Ok(id);
    }
    conn.execute(
        "INSERT INTO players (name, created_at, skeleton) VALUES (?1, ?2, ?3)",
        params![name, now(), names::skeleton(name)],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The player called `name`, in any ASCII case; `None` for a new name, and
/// [`NameError::Confusable`] for a name that only looks like a taken one.
fn find_player(conn: &Connection, name: &str) -> Result<Option<i64>> {
    let same = conn
        .query_row("SELECT id FROM players WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .optional()?;
    if same.is_some() {
        return Ok(same);
    }
    let mut stmt = conn.prepare_cached("SELECT id, name FROM players WHERE skeleton = ?1")?;
    let alike = stmt
        .query_map([names::skeleton(name)], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    // A name stored before names were normalised is still its player's.
    if let Some((id, _)) = alike.iter().find(|(_, n)| names::same_player(n, name)) {
        return Ok(Some(*id));
    }
    match alike.into_iter().next() {
        Some((_, taken)) => Err(NameError::Confusable {
            name: name.to_owned(),
            taken,
        }
        .into()),
        None => Ok(None),
    }
}

/// Checks a player or workshop name on its own: NFC, not empty after trimming, at most
/// [`MAX_NAME`] characters, no control, format, invisible or blank characters. Whether it looks
/// like a name already taken is [`Store::check_player`]'s question.
pub fn check_name(name: &str) -> Result<()> {
    names::clean(name)?;
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

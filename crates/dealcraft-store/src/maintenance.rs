//! Looking after the database file: a full check, an online backup and a restore that keeps the
//! file it replaces. `dealcraft db check|backup|restore` are thin wrappers over these.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::Backup;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};

use crate::open::{BUSY_WAIT, one_line, opening};
use crate::{Result, Store, StoreError};

/// At most this many problems are listed; a badly damaged file would list thousands.
const MAX_PROBLEMS: usize = 50;

/// What [`check_file`] found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Health {
    /// Empty when the file is sound.
    pub problems: Vec<String>,
    pub schema_version: i64,
    /// Attempts stored; `None` when the file has no attempts table (not a Dealcraft database).
    pub attempts: Option<i64>,
}

impl Health {
    pub fn is_sound(&self) -> bool {
        self.problems.is_empty()
    }
}

/// A full check of the file at `path`, read-only: SQLite's `integrity_check`, foreign keys, and
/// every stored text being UTF-8 (which SQLite's checks do not look at). A file that is not a
/// database at all is one problem, not an error.
pub fn check_file(path: &Path) -> Result<Health> {
    let shown = path.display().to_string();
    if !path.is_file() {
        return Err(StoreError::Missing(shown));
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| opening(&shown, e))?;
    conn.busy_timeout(BUSY_WAIT)?;
    let mut health = Health::default();
    match integrity(&conn) {
        Ok(problems) => health.problems = problems,
        Err(e) => {
            health.problems.push(e.to_string());
            return Ok(health);
        }
    }
    if health.is_sound() {
        health.problems = text_problems(&conn).unwrap_or_else(|e| vec![e.to_string()]);
    }
    health.schema_version = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap_or(0);
    health.attempts = conn
        .query_row("SELECT COUNT(*) FROM attempts", [], |r| r.get(0))
        .ok();
    Ok(health)
}

/// `integrity_check` and `foreign_key_check`: one line per problem.
fn integrity(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("PRAGMA integrity_check({MAX_PROBLEMS})"))?;
    let mut found: Vec<String> = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<_>>()?;
    found.retain(|p| p != "ok");
    let mut problems: Vec<String> = found.iter().map(|p| one_line(p)).collect();
    let mut keys = conn.prepare("PRAGMA foreign_key_check")?;
    let broken = keys.query_map([], |r| {
        Ok(format!(
            "table {} row {} refers to a missing row of {}",
            r.get::<_, String>(0)?,
            r.get::<_, Option<i64>>(1)?.unwrap_or(0),
            r.get::<_, String>(2)?
        ))
    })?;
    for line in broken.take(MAX_PROBLEMS) {
        problems.push(line?);
    }
    Ok(problems)
}

/// Every text value in every table that is not valid UTF-8.
fn text_problems(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut tables = conn.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'")?;
    let names: Vec<String> = tables
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut problems = Vec::new();
    for table in names {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\""))?;
        let columns = stmt.column_count();
        let mut rows = stmt.query([])?;
        let mut n = 0;
        while let Some(row) = rows.next()? {
            n += 1;
            for i in 0..columns {
                if let ValueRef::Text(bytes) = row.get_ref(i)?
                    && std::str::from_utf8(bytes).is_err()
                {
                    problems.push(format!("table {table}, row {n}: text that is not UTF-8"));
                }
            }
            if problems.len() >= MAX_PROBLEMS {
                return Ok(problems);
            }
        }
    }
    Ok(problems)
}

impl Store {
    /// Copies the database into the new file `to` with SQLite's online backup (others may go on
    /// writing meanwhile), then checks the copy. Never overwrites a file.
    pub fn backup_to(&self, to: &Path) -> Result<Health> {
        let shown = to.display().to_string();
        if to.exists() {
            return Err(StoreError::Exists(shown));
        }
        {
            let mut copy = Connection::open(to).map_err(|e| opening(&shown, e))?;
            let backup = Backup::new(&self.conn, &mut copy)?;
            backup.run_to_completion(256, Duration::from_millis(2), None)?;
        }
        let health = check_file(to)?;
        match health.problems.first() {
            Some(problem) => Err(StoreError::Corrupt {
                path: shown,
                detail: problem.clone(),
            }),
            None => Ok(health),
        }
    }
}

/// What [`restore_file`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// Where the file that was at the database's place now is (with its `-wal` and `-shm`).
    pub kept: Option<PathBuf>,
    pub attempts: i64,
}

/// Puts the backup `from` in the place of the database `db`, after checking the backup in full.
/// The file it replaces is renamed aside, never deleted. Close the app and stop `serve` first:
/// a process that still has the old file open would go on writing to the renamed one.
pub fn restore_file(db: &Path, from: &Path) -> Result<Restored> {
    let from_shown = from.display().to_string();
    let health = check_file(from)?;
    let refuse = |detail: String| StoreError::BadBackup {
        path: from_shown.clone(),
        detail,
    };
    if let Some(problem) = health.problems.first() {
        return Err(refuse(problem.clone()));
    }
    let Some(attempts) = health.attempts else {
        return Err(refuse("it has no attempts table".into()));
    };
    // Copied beside the database first, so a failed copy leaves the database where it was.
    let incoming = PathBuf::from(format!("{}.restoring", db.display()));
    let shown = incoming.display().to_string();
    let _ = std::fs::remove_file(&incoming);
    {
        let source = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| opening(&from_shown, e))?;
        let mut target = Connection::open(&incoming).map_err(|e| opening(&shown, e))?;
        let copy = Backup::new(&source, &mut target)?;
        copy.run_to_completion(256, Duration::from_millis(2), None)?;
    }
    let kept = db.exists().then(|| set_aside(db)).transpose()?;
    std::fs::rename(&incoming, db).map_err(|source| StoreError::Io {
        path: db.display().to_string(),
        source,
    })?;
    // Opening brings an older backup's schema up to date, and checks the result.
    Store::open(db)?;
    Ok(Restored { kept, attempts })
}

/// Renames `db` (and its `-wal` and `-shm`) to `DB.before-restore-TIME` (UTC); returns the new
/// name.
fn set_aside(db: &Path) -> Result<PathBuf> {
    let stamp = jiff::Timestamp::now()
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string();
    let base = format!("{}.before-restore-{stamp}", db.display());
    let mut kept = PathBuf::from(&base);
    let mut n = 1;
    while kept.exists() {
        n += 1;
        kept = PathBuf::from(format!("{base}-{n}"));
    }
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| StoreError::Io { path, source }
    };
    std::fs::rename(db, &kept).map_err(io(db))?;
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", db.display()));
        if side.exists() {
            let to = PathBuf::from(format!("{}{suffix}", kept.display()));
            std::fs::rename(&side, to).map_err(io(&side))?;
        }
    }
    Ok(kept)
}

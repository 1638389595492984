//! Opening a database safely: waiting for other processes instead of failing with "database is
//! locked", refusing a damaged file with one clear error, and finding a read-only one early.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rusqlite::types::Type;
use rusqlite::{Connection, ErrorCode, Transaction, TransactionBehavior};

use crate::{Result, StoreError, schema};

/// How long a step waits for other connections: SQLite's busy handler, and [`retry_busy`] for
/// the steps SQLite fails at once.
pub(crate) const BUSY_WAIT: Duration = Duration::from_secs(10);

/// How long the check at open may read before it lets the rest of a large file go unchecked
/// (damage there is still reported, by [`StoreError::Corrupt`], when it is read).
pub const QUICK_CHECK_BUDGET: Duration = Duration::from_millis(300);

/// Files this process has checked; later connections to them (a server's pool) skip the check.
static CHECKED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Opens the file ready for use: busy timeout, a bounded integrity check, WAL,
/// `synchronous=FULL`, foreign keys and the current schema.
pub(crate) fn connect(path: &Path, shown: &str) -> Result<Connection> {
    retry_busy(|| {
        let conn = Connection::open(path).map_err(|e| opening(shown, e))?;
        setup(conn, shown, Some(path))
    })
}

/// Everything [`connect`] does after SQLite opened the file (`file` is `None` in memory).
pub(crate) fn setup(mut conn: Connection, shown: &str, file: Option<&Path>) -> Result<Connection> {
    let err = |e| opening(shown, e);
    // Writers queue on the lock for a while instead of failing at once.
    conn.busy_timeout(BUSY_WAIT).map_err(err)?;
    if let Some(path) = file.filter(|p| !checked(p)) {
        if let Some(problem) = quick_check(&mut conn).map_err(err)? {
            return Err(StoreError::Corrupt {
                path: shown.to_owned(),
                detail: problem,
            });
        }
        mark_checked(path);
    }
    // Changing the journal mode fails at once while another process creates the file, so it
    // is only asked for when the file is not in WAL mode yet.
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .map_err(err)?;
    if !mode.eq_ignore_ascii_case("wal") {
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(err)?;
    }
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(err)?;
    conn.pragma_update(None, "foreign_keys", true)
        .map_err(err)?;
    schema::migrate(&mut conn, shown).map_err(|e| in_file(shown, e))?;
    Ok(conn)
}

/// Runs `f` again while SQLite answers BUSY or LOCKED without waiting in its busy handler (a
/// journal mode change or a first write racing another process creating the file), for up to
/// [`BUSY_WAIT`] in all.
pub(crate) fn retry_busy<T>(mut f: impl FnMut() -> Result<T>) -> Result<T> {
    let deadline = Instant::now() + BUSY_WAIT;
    let mut pause = Duration::from_millis(2);
    loop {
        match f() {
            Err(e) if is_busy(&e) && Instant::now() < deadline => {
                // A little jitter, so two processes that collided do not retry in step.
                let nanos = SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map_or(0, |d| d.subsec_nanos());
                std::thread::sleep(pause + Duration::from_micros(u64::from(nanos % 2000)));
                pause = (pause * 2).min(Duration::from_millis(100));
            }
            other => return other,
        }
    }
}

fn is_busy(e: &StoreError) -> bool {
    let source = match e {
        StoreError::Open { source, .. } | StoreError::Sql(source) => source,
        _ => return false,
    };
    matches!(
        source.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

fn checked(path: &Path) -> bool {
    let done = CHECKED.lock().unwrap_or_else(|e| e.into_inner());
    done.iter().any(|p| p == path)
}

fn mark_checked(path: &Path) {
    let mut done = CHECKED.lock().unwrap_or_else(|e| e.into_inner());
    done.push(path.to_owned());
}

/// `PRAGMA quick_check`, stopped after [`QUICK_CHECK_BUDGET`]: the first problem found, if any.
fn quick_check(conn: &mut Connection) -> rusqlite::Result<Option<String>> {
    let start = Instant::now();
    conn.progress_handler(10_000, Some(move || start.elapsed() > QUICK_CHECK_BUDGET))?;
    let found = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get::<_, String>(0));
    conn.progress_handler(0, None::<fn() -> bool>)?;
    match found {
        Ok(verdict) if verdict == "ok" => Ok(None),
        Ok(problem) => Ok(Some(one_line(&problem))),
        Err(e) if e.sqlite_error_code() == Some(ErrorCode::OperationInterrupted) => Ok(None),
        Err(e) => Err(e),
    }
}

/// An `integrity_check` report on one line, without its "*** in database main ***" banner.
pub(crate) fn one_line(report: &str) -> String {
    let lines: Vec<&str> = report
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("***"))
        .collect();
    lines.join("; ")
}

/// Fails with [`StoreError::ReadOnly`] unless an attempt could be written now: it begins a write
/// transaction, writes the schema version back unchanged, and rolls back.
pub(crate) fn check_writable(conn: &Connection, shown: &str) -> Result<()> {
    if conn.is_readonly(rusqlite::MAIN_DB)? {
        return Err(StoreError::ReadOnly {
            path: shown.to_owned(),
            detail: "the file is opened read-only: its permissions do not allow writing".into(),
        });
    }
    retry_busy(|| {
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        tx.pragma_update(None, "user_version", version)?;
        tx.rollback()?;
        Ok(())
    })
    .map_err(|e| in_file(shown, e))
}

/// An error from opening `shown`: damage and read-only files get their own errors.
pub(crate) fn opening(shown: &str, e: rusqlite::Error) -> StoreError {
    match in_file(shown, StoreError::Sql(e)) {
        StoreError::Sql(source) => StoreError::Open {
            path: shown.to_owned(),
            source,
        },
        named => named,
    }
}

/// Names the file in an error that is about the file rather than the query: damage (including
/// text that is not UTF-8, which SQLite's checks do not see) or a file that cannot be written.
pub(crate) fn in_file(shown: &str, e: StoreError) -> StoreError {
    let StoreError::Sql(source) = e else {
        return e;
    };
    let path = shown.to_owned();
    match source.sqlite_error_code() {
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => StoreError::Corrupt {
            path,
            detail: source.to_string(),
        },
        Some(ErrorCode::ReadOnly) => StoreError::ReadOnly {
            path,
            detail: source.to_string(),
        },
        _ => match source {
            rusqlite::Error::Utf8Error(_, inner) => StoreError::Corrupt {
                path,
                detail: format!("stored text is not UTF-8: {inner}"),
            },
            rusqlite::Error::FromSqlConversionFailure(_, Type::Text, inner) => {
                StoreError::Corrupt {
                    path,
                    detail: format!("stored text is not UTF-8: {inner}"),
                }
            }
            source => StoreError::Sql(source),
        },
    }
}

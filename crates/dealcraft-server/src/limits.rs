//! The numbers that keep slow, idle and code-guessing clients from hurting the real ones, with
//! the values `dealcraft serve` uses.

use std::time::Duration;

/// Connection and lockout limits. [`Limits::default`] is what `dealcraft serve` uses; tests
/// shorten the times.
#[derive(Debug, Clone)]
pub struct Limits {
    /// A client must send a request's whole header within this time, and a kept-alive
    /// connection with no new request is closed after it: slow or idle connections give their
    /// socket back.
    pub header_timeout: Duration,
    /// How long a client may take to send a request body.
    pub body_deadline: Duration,
    /// Open connections one address may hold; more are closed at once. A workshop client uses
    /// one, a browser about six.
    pub per_address: usize,
    /// Open connections in all; `None` sizes it from the process's file limit.
    pub connections: Option<usize>,
    /// Wrong workshop codes one address may send within [`Limits::wrong_code_window`] before
    /// it is locked out.
    pub wrong_codes: u32,
    pub wrong_code_window: Duration,
    /// The first lockout; each further lockout of the same address doubles it, up to
    /// [`Limits::longest_lockout`].
    pub lockout: Duration,
    pub longest_lockout: Duration,
    /// Attempts written in one transaction at most.
    pub batch: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_timeout: Duration::from_secs(10),
            body_deadline: Duration::from_secs(20),
            per_address: 64,
            connections: None,
            wrong_codes: 20,
            wrong_code_window: Duration::from_secs(60),
            lockout: Duration::from_secs(60),
            longest_lockout: Duration::from_secs(60 * 60),
            batch: 512,
        }
    }
}

/// File descriptors kept free for the database, the runtime and the terminal.
const SPARE_FDS: usize = 64;

impl Limits {
    /// The cap on open connections: as set, or the file limit less what the server needs.
    pub fn connections(&self) -> usize {
        self.connections
            .unwrap_or_else(|| open_files().saturating_sub(SPARE_FDS).clamp(16, 16_384))
    }
}

/// The process's soft limit on open files.
#[cfg(unix)]
fn open_files() -> usize {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the struct we pass.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) } != 0 {
        return 1024;
    }
    usize::try_from(lim.rlim_cur).unwrap_or(usize::MAX)
}

#[cfg(not(unix))]
fn open_files() -> usize {
    // Windows sockets are not bound by a C runtime file limit.
    16_384
}

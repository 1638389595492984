//! Slow and idle connections: hundreds of connections from one address that send their headers
//! a byte at a time are capped and closed after the header deadline, while a player on another
//! address is served at once, also when the server has few file descriptors.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{connect_from, request_from, start_with, submission};
use dealcraft_core::bots::BotKind;

const ATTACKER: &str = "127.0.0.2";
const PLAYER: &str = "127.0.0.1";

/// Connections that send a request header one byte at a time and never finish it.
struct Slowloris {
    open: Vec<(TcpStream, Option<Instant>)>,
    started: Instant,
}

impl Slowloris {
    fn open(to: SocketAddr, n: usize) -> Slowloris {
        let open = (0..n)
            .filter_map(|_| connect_from(ATTACKER, to).ok())
            .map(|mut s| {
                let _ = s.write_all(b"GET /api/board HTTP/1.1\r\nHost: x\r\nX-Slow: ");
                s.set_nonblocking(true).unwrap();
                (s, None)
            })
            .collect();
        Slowloris {
            open,
            started: Instant::now(),
        }
    }

    /// One more byte on every connection; notes when each was closed by the server.
    fn trickle(&mut self) {
        for (s, closed) in self.open.iter_mut().filter(|(_, c)| c.is_none()) {
            let _ = s.write_all(b"a");
            let mut buf = [0u8; 512];
            match s.read(&mut buf) {
                Err(e) if e.kind() == ErrorKind::WouldBlock => {}
                // A 408 or nothing, then the end: closed either way.
                _ => *closed = Some(Instant::now()),
            }
        }
    }

    fn still_open(&self) -> usize {
        self.open.iter().filter(|(_, c)| c.is_none()).count()
    }

    /// How long the last one took to be closed.
    fn last_closed(&self) -> Option<Duration> {
        self.open
            .iter()
            .map(|(_, c)| c.map(|t| t - self.started))
            .max()
            .flatten()
    }
}

/// A board request and a submission from the player's address: both must succeed quickly.
fn player_is_served(to: SocketAddr, name: &str) -> Duration {
    let t = Instant::now();
    let (status, _, body) = request_from(PLAYER, to, "GET", "/api/board", &[], "");
    assert_eq!(status, 200, "{body}");
    let sub = submission(name, BotKind::Pushy);
    let (status, _, body) = request_from(PLAYER, to, "POST", "/api/attempts", &[], &sub);
    assert_eq!(status, 201, "{body}");
    t.elapsed()
}

#[test]
fn slow_connections_are_capped_and_closed_while_players_are_served() {
    let deadline = Duration::from_secs(2);
    let srv = start_with(|mut c| {
        c.limits.header_timeout = deadline;
        c.limits.per_address = 32;
        c
    });
    let mut slow = Slowloris::open(srv.addr(), 300);
    assert!(slow.open.len() >= 250, "only {} connected", slow.open.len());
    std::thread::sleep(Duration::from_millis(300));
    slow.trickle();
    // Over the per-address cap: closed at once.
    assert!(slow.still_open() <= 32, "{} still open", slow.still_open());
    let mut slowest = Duration::ZERO;
    for i in 0..10 {
        slowest = slowest.max(player_is_served(srv.addr(), &format!("Player {i}")));
        slow.trickle();
    }
    assert!(
        slowest < Duration::from_secs(3),
        "a player waited {slowest:?}"
    );
    let until = Instant::now() + deadline + Duration::from_secs(3);
    while slow.still_open() > 0 && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(200));
        slow.trickle();
    }
    assert_eq!(
        slow.still_open(),
        0,
        "slow connections outlived the header deadline"
    );
    let last = slow.last_closed().unwrap();
    assert!(
        last < deadline + Duration::from_secs(2),
        "the last closed after {last:?}"
    );
}

#[test]
fn an_idle_kept_alive_connection_is_closed_after_the_deadline() {
    let srv = start_with(|mut c| {
        c.limits.header_timeout = Duration::from_secs(1);
        c
    });
    let mut s = TcpStream::connect(srv.addr()).unwrap();
    s.write_all(b"GET /api/board HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let t = Instant::now();
    let mut all = Vec::new();
    // The answer comes, then (no second request) the server closes the connection.
    let _ = s.read_to_end(&mut all);
    assert!(String::from_utf8_lossy(&all).starts_with("HTTP/1.1 200"));
    let idle = t.elapsed();
    assert!(idle < Duration::from_secs(3), "held open for {idle:?}");
}

/// Run by the next test as a child process: a server with 256 file descriptors.
#[test]
fn child_server_with_few_descriptors() {
    let Ok(dir) = std::env::var("DEALCRAFT_CHILD_SERVER") else {
        return;
    };
    let limit = libc::rlimit {
        rlim_cur: 256,
        rlim_max: 256,
    };
    // SAFETY: setrlimit only reads the struct.
    assert_eq!(unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &limit) }, 0);
    let srv = common::start_in(std::path::Path::new(&dir), |c| c);
    println!("listening {}", srv.addr());
    // Serve until the parent closes our stdin.
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
}

#[test]
fn five_hundred_slow_connections_do_not_starve_a_server_with_256_descriptors() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_server_with_few_descriptors",
            "--nocapture",
        ])
        .env("DEALCRAFT_CHILD_SERVER", dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let addr = common::listening(child.stdout.take().unwrap());
    let mut slow = Slowloris::open(addr, 500);
    slow.trickle();
    let mut served = 0;
    for i in 0..20 {
        let t = Instant::now();
        let (status, _, _) = request_from(PLAYER, addr, "GET", "/api/board", &[], "");
        served += usize::from(status == 200 && t.elapsed() < Duration::from_secs(2));
        if i % 5 == 0 {
            player_is_served(addr, &format!("P{i}"));
        }
        slow.trickle();
    }
    drop(child.stdin.take());
    let _ = child.wait();
    assert_eq!(served, 20, "board requests served quickly, of 20");
}

//! Shared set-up for the server tests: a workshop in a temporary database, served on loopback.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use dealcraft_core::bots::{self, BotKind};
use dealcraft_core::{Session, bundled};
use dealcraft_server::{Config, Server};
use dealcraft_store::{NewWorkshop, Store};

pub const CODE: &str = "blue-fox-42";
pub const TOKEN: &str = "trainer-secret-token";
pub const SCENARIO: &str = "fleet-telematics";
pub const SEED: u64 = 2026;

pub struct Running {
    pub server: Option<Server>,
    pub db: PathBuf,
    pub workshop: i64,
    _dir: Option<tempfile::TempDir>,
}

impl Running {
    pub fn addr(&self) -> SocketAddr {
        self.server.as_ref().unwrap().addr()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr())
    }

    pub fn attempts(&self) -> usize {
        Store::open(&self.db)
            .unwrap()
            .attempts(&Default::default())
            .unwrap()
            .len()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(s) = self.server.take() {
            s.stop();
        }
    }
}

/// The server's settings in these tests: the usual limits, a known trainer token.
pub fn config(db: &std::path::Path, workshop: i64) -> Config {
    Config {
        trainer_token: Some(TOKEN.into()),
        workers: 2,
        ..Config::new("127.0.0.1:0".parse().unwrap(), db.into(), workshop, CODE)
    }
}

pub fn start() -> Running {
    start_with(|c| c)
}

/// A server whose settings `change` adjusts.
pub fn start_with(change: impl FnOnce(Config) -> Config) -> Running {
    let dir = tempfile::tempdir().unwrap();
    let mut running = start_in(dir.path(), change);
    running._dir = Some(dir);
    running
}

/// A server on a new workshop database in `dir`.
pub fn start_in(dir: &std::path::Path, change: impl FnOnce(Config) -> Config) -> Running {
    let (db, id) = workshop_db(dir);
    let server = Server::start(change(config(&db, id))).unwrap();
    Running {
        server: Some(server),
        db,
        workshop: id,
        _dir: None,
    }
}

/// A new database in `dir` with the tests' workshop; returns the file and the workshop id.
pub fn workshop_db(dir: &std::path::Path) -> (PathBuf, i64) {
    let db = dir.join("workshop.db");
    let store = Store::open(&db).unwrap();
    let loaded = bundled::load(SCENARIO).unwrap();
    let w = store
        .create_workshop(&NewWorkshop {
            name: "Tuesday cohort".into(),
            scenario_source: bundled::source(SCENARIO).unwrap().into(),
            scenario: SCENARIO.into(),
            scenario_hash: loaded.hash,
            rubric: bundled::default_rubric(),
            seed: SEED,
            roster: Vec::new(),
        })
        .unwrap();
    (db, w.id)
}

/// A finished session of the workshop, played by a bot.
pub fn played(bot: BotKind) -> Session {
    let loaded = bundled::load(SCENARIO).unwrap();
    bots::play(
        bot,
        Arc::new(loaded.scenario),
        bundled::default_rubric(),
        SEED,
    )
}

pub fn hash() -> String {
    bundled::load(SCENARIO).unwrap().hash
}

/// A TCP connection from `from` (127.0.0.2 plays a second machine: Linux routes all of
/// 127.0.0.0/8 to the loopback interface).
pub fn connect_from(from: &str, to: SocketAddr) -> std::io::Result<std::net::TcpStream> {
    use socket2::{Domain, Socket, Type};
    let s = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    s.bind(&SocketAddr::new(from.parse().unwrap(), 0).into())?;
    s.connect_timeout(&to.into(), std::time::Duration::from_secs(5))?;
    Ok(s.into())
}

/// One HTTP/1.1 request from `from`: returns the status, the header block and the body.
pub fn request_from(
    from: &str,
    to: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String, String) {
    use std::io::{Read, Write};
    let mut s = connect_from(from, to).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {to}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    s.write_all(format!("{head}\r\n{body}").as_bytes()).unwrap();
    let mut reply = String::new();
    s.read_to_string(&mut reply).unwrap();
    let (head, body) = reply.split_once("\r\n\r\n").unwrap_or((&reply, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_owned(), body.to_owned())
}

/// A header's value in a header block.
pub fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// A submission body for `player` with a bot's log.
pub fn submission(player: &str, bot: BotKind) -> String {
    serde_json::json!({"code": CODE, "player": player, "log": played(bot).log(&hash())}).to_string()
}

/// Reads a child's stdout up to its "listening ADDR" line.
pub fn listening(out: impl std::io::Read + Send + 'static) -> SocketAddr {
    use std::io::BufRead;
    let mut lines = std::io::BufReader::new(out).lines();
    loop {
        let line = lines
            .next()
            .expect("the child ended before listening")
            .unwrap();
        if let Some(at) = line.find("listening ") {
            let rest = &line[at + "listening ".len()..];
            // Keep reading, so the child never writes into a closed pipe.
            std::thread::spawn(move || lines.for_each(drop));
            return rest.split_whitespace().next().unwrap().parse().unwrap();
        }
    }
}

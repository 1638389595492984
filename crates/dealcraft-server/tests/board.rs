//! The board from memory: the same JSON as the store's board, an ETag with `304 Not Modified`,
//! an event on each accepted submission, group commit under concurrent submissions, and
//! projectors that do not hold submissions up.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::{CODE, hash, played, request_from, start, submission};
use dealcraft_core::bots::BotKind;
use dealcraft_core::score;
use dealcraft_server::Client;
use dealcraft_store::{Filter, Store};
use serde_json::{Value, json};

const HERE: &str = "127.0.0.1";

fn get(srv: &common::Running, path: &str, etag: Option<&str>) -> (u16, String, String) {
    let headers: Vec<(&str, &str)> = etag.map(|e| ("If-None-Match", e)).into_iter().collect();
    request_from(HERE, srv.addr(), "GET", path, &headers, "")
}

fn etag(head: &str) -> String {
    common::header(head, "etag").expect("an ETag").to_owned()
}

#[test]
fn the_board_is_the_stores_board_with_an_etag_and_304_until_it_changes() {
    let srv = start();
    let client = Client::new(&srv.addr().to_string(), CODE);
    for (name, bot) in [
        ("Ann", BotKind::Textbook),
        ("Bo", BotKind::Pushy),
        ("ann", BotKind::Random),
    ] {
        client
            .submit(name, &played(bot).log(&hash()), None)
            .unwrap();
    }
    let (status, head, body) = get(&srv, "/api/board", None);
    assert_eq!(status, 200);
    // Exactly what the board was when it was read from the database on every request.
    let store = Store::open(&srv.db).unwrap();
    let filter = Filter {
        workshop: Some(srv.workshop),
        ..Filter::default()
    };
    let want = json!({
        "workshop": {"id": srv.workshop, "name": "Tuesday cohort", "scenario": "fleet-telematics",
                     "title": dealcraft_core::bundled::load(common::SCENARIO).unwrap().scenario.title, "seed": common::SEED},
        "board": serde_json::to_value(store.board(&filter).unwrap()).unwrap(),
    });
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap(), want);
    let tag = etag(&head);
    let (status, head304, body304) = get(&srv, "/api/board", Some(&tag));
    assert_eq!((status, body304.as_str()), (304, ""));
    assert_eq!(etag(&head304), tag);
    // The CSV has its own tag, and its own 304.
    let (status, csv_head, csv) = get(&srv, "/api/board.csv", None);
    assert_eq!(status, 200);
    assert_eq!(csv, store.board(&filter).unwrap().to_csv());
    let csv_tag = etag(&csv_head);
    assert_ne!(csv_tag, tag);
    assert_eq!(get(&srv, "/api/board.csv", Some(&csv_tag)).0, 304);
    // A projector asks for the best rows only: the same board, cut, with its own tag.
    let (status, top_head, top) = get(&srv, "/api/board?top=1", None);
    assert_eq!(status, 200);
    let top: Value = serde_json::from_str(&top).unwrap();
    let all: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(top["board"]["rows"], json!([all["board"]["rows"][0]]));
    assert_eq!(top["board"]["funnel"], all["board"]["funnel"]);
    assert_eq!(top["workshop"], all["workshop"]);
    let top_tag = etag(&top_head);
    assert_ne!(top_tag, tag);
    assert_eq!(get(&srv, "/api/board?top=1", Some(&top_tag)).0, 304);
    // A new result changes the board: the old tag gets the new board.
    client
        .submit("Cy", &played(BotKind::Discounter).log(&hash()), None)
        .unwrap();
    let (status, head, body) = get(&srv, "/api/board", Some(&tag));
    assert_eq!(status, 200);
    assert_ne!(etag(&head), tag);
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["board"]["funnel"]["attempts"], 4);
    assert_eq!(
        v["board"],
        serde_json::to_value(store.board(&filter).unwrap()).unwrap()
    );
    assert_eq!(get(&srv, "/api/board.csv", Some(&csv_tag)).0, 200);
}

/// Reads server-sent events from `/api/events`: each `event:` line with its `data:`.
struct Events(BufReader<TcpStream>);

impl Events {
    fn open(srv: &common::Running) -> Events {
        let mut s = TcpStream::connect(srv.addr()).unwrap();
        s.write_all(b"GET /api/events HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap();
        s.set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        Events(BufReader::new(s))
    }

    /// The next event's data within `wait`, if one came.
    fn next(&mut self, wait: Duration) -> Option<String> {
        let until = Instant::now() + wait;
        let mut line = String::new();
        let mut event = false;
        while Instant::now() < until {
            line.clear();
            if self.0.read_line(&mut line).is_err() {
                continue;
            }
            if line.starts_with("event: board") {
                event = true;
            } else if let Some(data) = line.strip_prefix("data: ").filter(|_| event) {
                return Some(data.trim().to_owned());
            }
        }
        None
    }
}

#[test]
fn each_accepted_submission_is_announced_as_an_event() {
    let srv = start();
    let mut events = Events::open(&srv);
    let first = events
        .next(Duration::from_secs(5))
        .expect("an event on connecting");
    assert_eq!(first, r#"{"version":0}"#);
    // A refused submission changes nothing, and is not announced.
    let forged = Client::new(&srv.addr().to_string(), CODE).submit(
        "Mallory",
        &played(BotKind::Random).log(&hash()),
        Some(100),
    );
    assert!(forged.is_err());
    assert_eq!(events.next(Duration::from_millis(800)), None);
    let session = played(BotKind::Textbook);
    Client::new(&srv.addr().to_string(), CODE)
        .submit("Ann", &session.log(&hash()), Some(score(&session).overall))
        .unwrap();
    let next = events
        .next(Duration::from_secs(5))
        .expect("an event after the submission");
    assert_eq!(next, r#"{"version":1}"#);
    // The event stream says what it is.
    let (_, head, _) = {
        let mut s = TcpStream::connect(srv.addr()).unwrap();
        s.write_all(b"GET /api/events HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut head = String::new();
        let mut r = BufReader::new(s);
        while r.read_line(&mut head).is_ok() && !head.ends_with("\r\n\r\n") {}
        (0, head, ())
    };
    let kind = common::header(&head, "content-type").unwrap_or("");
    assert_eq!(kind, "text/event-stream");
}

#[test]
fn concurrent_submissions_are_each_committed_before_they_are_acknowledged() {
    let srv = start();
    let logs: Vec<_> = [
        BotKind::Textbook,
        BotKind::Pushy,
        BotKind::Discounter,
        BotKind::Random,
    ]
    .map(|b| played(b).log(&hash()))
    .to_vec();
    let addr = srv.addr().to_string();
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(50));
    let threads: Vec<_> = (0..50)
        .map(|i| {
            // Players 0 and 1 send the same log under one name at once: one attempt.
            let log = logs[if i < 2 { 0 } else { i % 4 }].clone();
            let (addr, barrier) = (addr.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                // Players 0 and 1 send the same log twice at once: one attempt.
                let name = if i < 2 {
                    "Twin".to_owned()
                } else {
                    format!("P{i:02}")
                };
                let log = if i < 2 { log.clone() } else { log };
                Client::new(&addr, CODE).submit(&name, &log, None).unwrap()
            })
        })
        .collect();
    let accepted: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert_eq!(
        accepted[0].attempt, accepted[1].attempt,
        "the same attempt twice"
    );
    assert_eq!(srv.attempts(), 49);
    let stats = srv.server.as_ref().unwrap().stats();
    assert_eq!(stats.attempts, 50);
    assert!(stats.batches <= 50, "{stats:?}");
    // Each answer's rank is the rank the board gives that player now or gave before the rest
    // came in: never better than the final board's.
    let store = Store::open(&srv.db).unwrap();
    let board = store.board(&Filter::default()).unwrap();
    for a in &accepted {
        let row = board.rows.iter().find(|r| r.player == a.player).unwrap();
        assert_eq!(row.attempt, a.attempt);
        assert!(
            a.rank <= row.rank,
            "{}: {} vs {}",
            a.player,
            a.rank,
            row.rank
        );
    }
    println!("{stats:?}");
}

#[test]
fn eight_projectors_on_a_board_of_a_thousand_do_not_hold_up_submissions() {
    let srv = start();
    let client = Client::new(&srv.addr().to_string(), CODE);
    fill(&srv, 1059);
    let until = Instant::now() + Duration::from_secs(4);
    let projectors: Vec<_> = (0..8)
        .map(|_| {
            let addr = srv.addr();
            std::thread::spawn(move || {
                let mut n = 0;
                while Instant::now() < until {
                    let (status, _, _) = request_from(HERE, addr, "GET", "/api/board", &[], "");
                    assert_eq!(status, 200);
                    n += 1;
                }
                n
            })
        })
        .collect();
    let mut slowest = Duration::ZERO;
    for i in 0..10 {
        let t = Instant::now();
        let s = played(BotKind::Pushy);
        client
            .submit(&format!("Live {i}"), &s.log(&hash()), None)
            .unwrap();
        slowest = slowest.max(t.elapsed());
    }
    let polls: usize = projectors.into_iter().map(|t| t.join().unwrap()).sum();
    assert!(polls > 8, "the projectors got {polls} boards");
    assert!(
        slowest < Duration::from_secs(2),
        "a submission took {slowest:?}"
    );
}

/// Puts `n` attempts on the board through the server, in parallel.
fn fill(srv: &common::Running, n: usize) {
    let bodies: Vec<String> = [BotKind::Textbook, BotKind::Pushy, BotKind::Discounter]
        .iter()
        .map(|b| submission("{}", *b))
        .collect();
    let addr = srv.addr();
    std::thread::scope(|s| {
        for t in 0..4 {
            let bodies = &bodies;
            s.spawn(move || {
                for i in (t..n).step_by(4) {
                    let body = bodies[i % 3].replace("\"{}\"", &format!("\"Filler {i}\""));
                    let (status, _, b) =
                        request_from(HERE, addr, "POST", "/api/attempts", &[], &body);
                    assert_eq!(status, 201, "{b}");
                }
            });
        }
    });
}

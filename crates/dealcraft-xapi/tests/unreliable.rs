//! An LRS that is slow or fails (a stand-in on a local socket): nothing is lost, the answer is
//! kept, and a background sender waits before it tries again.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use dealcraft_core::bots::{self, BotKind};
use dealcraft_core::bundled;
use dealcraft_store::{NewAttempt, Store, backoff};
use dealcraft_xapi::{Catalog, Config, Lrs, push};

/// A server that answers every request with `status` and `body`, after `delay`.
fn stand_in(status: u16, body: &'static str, delay: Duration) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap_or(0);
                    }
                }
                let mut body_in = vec![0; length];
                let _ = reader.read_exact(&mut body_in);
                std::thread::sleep(delay);
                let mut stream = stream;
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            });
        }
    });
    format!("http://{addr}/xAPI/")
}

fn store_with_one_attempt() -> Store {
    let store = Store::open_in_memory().unwrap();
    let loaded = bundled::load("clinic-scheduling").unwrap();
    let s = bots::play(
        BotKind::Textbook,
        Arc::new(loaded.scenario),
        bundled::default_rubric(),
        1,
    );
    store
        .record(&NewAttempt::from_session("Ann", &s, &loaded.hash, None))
        .unwrap();
    store
}

fn push_to(endpoint: String, timeout_secs: u64, store: &Store) -> push::Report {
    let config = Config {
        endpoint,
        key: "k".into(),
        secret: "s".into(),
        timeout_secs,
        ..Config::default()
    };
    let catalog = Catalog {
        config: &config,
        scenario: &bundled::find,
        tracks: &[],
    };
    push::push(store, &Lrs::new(&config), &catalog).unwrap()
}

#[test]
fn an_lrs_that_answers_503_keeps_everything_queued_with_its_answer() {
    let store = store_with_one_attempt();
    let endpoint = stand_in(503, "busy, try later", Duration::ZERO);
    let report = push_to(endpoint, 5, &store);
    assert_eq!(report.sent, 0);
    assert_eq!(report.stopped.as_deref(), Some("HTTP 503: busy, try later"));
    assert_eq!(report.waiting.statements_waiting, 4);
    assert_eq!(report.waiting.attempts_waiting, 1);
    let failing = store.outbox_failing(10).unwrap();
    assert_eq!(failing.len(), 4, "one batch of four, all kept");
    assert_eq!(failing[0].status, Some(503));
    // A background sender leaves them until the backoff has passed; a push by hand does not.
    let now = jiff::Timestamp::now().as_second();
    assert!(store.outbox_waiting(Some(now), 10).unwrap().is_empty());
    assert_eq!(
        store
            .outbox_waiting(Some(now + backoff(1)), 10)
            .unwrap()
            .len(),
        4
    );
}

#[test]
fn a_slow_lrs_times_out_and_loses_nothing() {
    let store = store_with_one_attempt();
    let endpoint = stand_in(200, "[]", Duration::from_secs(5));
    let report = push_to(endpoint, 1, &store);
    let stopped = report.stopped.expect("timed out");
    assert!(stopped.starts_with("no answer"), "{stopped}");
    assert!(
        stopped.to_lowercase().contains("timeout") || stopped.to_lowercase().contains("timed out"),
        "{stopped}"
    );
    assert_eq!(report.waiting.statements_waiting, 4);
}

#[test]
fn wrong_credentials_stop_the_push_at_once() {
    let store = store_with_one_attempt();
    let endpoint = stand_in(
        401,
        "{\"detail\":\"Invalid authentication credentials\"}",
        Duration::ZERO,
    );
    let report = push_to(endpoint, 5, &store);
    assert!(report.stopped.unwrap().starts_with("HTTP 401"));
    assert!(report.refused.is_empty(), "the statements are not at fault");
}

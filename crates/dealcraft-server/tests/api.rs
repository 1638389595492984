//! The workshop server on loopback: the happy path and every kind of bad request, each of which
//! must get a 4xx with a clear message and change nothing.

mod common;

use common::{CODE, SEED, hash, played, start};
use dealcraft_core::bots::BotKind;
use dealcraft_core::{Move, score};
use dealcraft_server::{Client, ClientError};
use serde_json::{Value, json};

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// Posts raw bytes; returns the status and the JSON body.
fn post(url: &str, body: &[u8]) -> (u16, Value) {
    let mut r = agent()
        .post(url)
        .header("Content-Type", "application/json")
        .send(body)
        .unwrap();
    let status = r.status().as_u16();
    let text = r.body_mut().read_to_string().unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

fn get(url: &str, code: Option<&str>) -> (u16, String) {
    let mut req = agent().get(url);
    if let Some(code) = code {
        req = req.header("X-Workshop-Code", code);
    }
    let mut r = req.call().unwrap();
    (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
}

fn error_of(v: &Value) -> &str {
    v["error"]
        .as_str()
        .unwrap_or_else(|| panic!("no error message in {v}"))
}

#[test]
fn a_player_joins_plays_and_the_server_scores_the_replay() {
    let srv = start();
    let client = Client::new(&srv.addr().to_string(), CODE);
    let joined = client.join().unwrap();
    assert_eq!(joined.info.seed, SEED);
    assert_eq!(joined.info.scenario_id, "fleet-telematics");
    assert_eq!(joined.info.scenario_hash, hash());
    let session = played(BotKind::Textbook);
    let card = score(&session);
    let ok = client
        .submit("Ann", &session.log(&hash()), Some(card.overall))
        .unwrap();
    assert_eq!(ok.overall, card.overall);
    assert_eq!(ok.rank, 1);
    assert_eq!(srv.attempts(), 1);
    // Sent again (a retry after a timeout): the same attempt, not a second one.
    let again = client
        .submit("Ann", &session.log(&hash()), Some(card.overall))
        .unwrap();
    assert_eq!(again.attempt, ok.attempt);
    assert_eq!(srv.attempts(), 1);

    // A weaker player ranks below; the board says so.
    let weak = played(BotKind::Pushy);
    let ok2 = client.submit("Bo", &weak.log(&hash()), None).unwrap();
    assert_eq!(ok2.rank, 2);
    let (status, body) = get(&srv.url("/api/board"), None);
    assert_eq!(status, 200);
    let board: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(board["board"]["rows"][0]["player"], "Ann");
    assert_eq!(board["board"]["rows"][1]["player"], "Bo");
    assert_eq!(board["board"]["funnel"]["attempts"], 2);
    let (status, csv) = get(&srv.url("/api/board.csv"), None);
    assert_eq!(status, 200);
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .starts_with(&format!("1,Ann,{}", card.overall))
    );
    // The log may also be sent as the RON text `dealcraft play --log` writes.
    let body = json!({"code": CODE, "player": "Cy", "log": session.log(&hash()).to_ron()});
    // (Cy has not sent this log before, so it is stored: 201.)
    let (status, v) = post(&srv.url("/api/attempts"), body.to_string().as_bytes());
    assert_eq!(status, 201, "{v}");
    assert_eq!(v["overall"], card.overall);
}

#[test]
fn a_forged_score_is_refused_and_nothing_is_stored() {
    let srv = start();
    let client = Client::new(&srv.addr().to_string(), CODE);
    let weak = played(BotKind::Random);
    let real = score(&weak).overall;
    let err = client
        .submit("Mallory", &weak.log(&hash()), Some(100))
        .unwrap_err();
    match err {
        ClientError::Refused { status, message } => {
            assert_eq!(status, 422);
            assert!(
                message.contains("claimed score 100") && message.contains(&real.to_string()),
                "{message}"
            );
        }
        e => panic!("{e}"),
    }
    assert_eq!(srv.attempts(), 0);
}

#[test]
fn every_bad_request_gets_a_4xx_with_a_message_and_changes_nothing() {
    let srv = start();
    let url = srv.url("/api/attempts");
    let good = played(BotKind::Textbook).log(&hash());
    let submission = |log: Value| json!({"code": CODE, "player": "Ann", "log": log});
    let log_json = serde_json::to_value(&good).unwrap();
    let with = |field: &str, value: Value| {
        let mut l = log_json.clone();
        l[field] = value;
        submission(l).to_string().into_bytes()
    };
    // An unfinished session: the first three moves only.
    let mut short = good.clone();
    short.moves.truncate(3);
    // A move the engine refuses (an offer before anything else is fine, but a close at move 1
    // after the session ended is not): append moves after the end.
    let mut extra = good.clone();
    extra.moves.push(Move::SmallTalk);

    let cases: Vec<(&str, Vec<u8>, u16, &str)> = vec![
        ("malformed JSON", b"{\"code\": ".to_vec(), 400, "line 1"),
        ("not a submission", b"[1, 2, 3]".to_vec(), 400, "expected"),
        (
            "wrong code",
            json!({"code": "nope", "player": "Ann", "log": log_json})
                .to_string()
                .into_bytes(),
            403,
            "wrong workshop code",
        ),
        (
            "unknown scenario",
            with("scenario", json!("no-such-scenario")),
            422,
            "unknown scenario `no-such-scenario`",
        ),
        (
            "changed scenario hash",
            with("scenario_hash", json!("0".repeat(64))),
            409,
            "has changed",
        ),
        ("another seed", with("seed", json!(7)), 422, "seed 7"),
        (
            "another rubric",
            with("rubric", json!({"name": "lenient"})),
            422,
            "rubric `lenient`",
        ),
        (
            "unfinished session",
            submission(serde_json::to_value(&short).unwrap())
                .to_string()
                .into_bytes(),
            422,
            "not finished",
        ),
        (
            "moves after the end",
            submission(serde_json::to_value(&extra).unwrap())
                .to_string()
                .into_bytes(),
            422,
            "does not replay",
        ),
        (
            "log that does not parse",
            submission(json!("(version: 1, scenario: "))
                .to_string()
                .into_bytes(),
            400,
            "does not parse",
        ),
        (
            "empty player name",
            json!({"code": CODE, "player": " ", "log": log_json})
                .to_string()
                .into_bytes(),
            422,
            "player name",
        ),
        (
            "oversized body",
            vec![b' '; dealcraft_server::MAX_BODY + 10],
            413,
            "larger than",
        ),
    ];
    for (what, body, want, text) in cases {
        let (status, v) = post(&url, &body);
        assert_eq!(status, want, "{what}: {v}");
        assert!(error_of(&v).contains(text), "{what}: {v}");
    }
    assert_eq!(srv.attempts(), 0, "no bad request stored anything");

    // Fetching the workshop needs the code too.
    let (status, body) = get(&srv.url("/api/workshop"), None);
    assert_eq!(status, 401, "{body}");
    let (status, body) = get(&srv.url("/api/workshop"), Some("wrong"));
    assert_eq!(status, 403, "{body}");
    let (status, _) = get(&srv.url(&format!("/api/workshop?code={CODE}")), None);
    assert_eq!(status, 200);
    let (status, body) = get(&srv.url("/nope"), None);
    assert_eq!(status, 404, "{body}");
    let (status, body) = get(&srv.url("/api/attempts"), None);
    assert_eq!(status, 405, "{body}");
    // And after all that, a good submission still works.
    let (status, v) = post(&url, submission(log_json).to_string().as_bytes());
    assert_eq!(status, 201, "{v}");
    assert_eq!(srv.attempts(), 1);
}

#[test]
fn the_page_is_served_at_the_root() {
    let srv = start();
    let (status, body) = get(&srv.url("/"), None);
    assert_eq!(status, 200);
    assert!(body.contains("/api/board"), "the page polls the board");
}

#[test]
fn a_bad_code_or_address_is_refused_at_start() {
    let srv = start();
    let config = |code: &str, addr: std::net::SocketAddr| {
        dealcraft_server::Config::new(addr, srv.db.clone(), srv.workshop, code)
    };
    let err = dealcraft_server::Server::start(config("a b", "127.0.0.1:0".parse().unwrap()))
        .err()
        .unwrap();
    assert!(err.to_string().contains("code"), "{err}");
    // The port is taken by the running server.
    let err = dealcraft_server::Server::start(config(CODE, srv.addr()))
        .err()
        .unwrap();
    assert!(err.to_string().contains("cannot listen"), "{err}");
}

#[test]
fn guessing_codes_gets_an_address_refused_for_a_while() {
    let srv = start();
    let url = srv.url("/api/workshop");
    for i in 0..dealcraft_server::Limits::default().wrong_codes {
        let (status, body) = get(&url, Some(&format!("guess-{i}")));
        assert_eq!(status, 403, "{body}");
    }
    // Now even the right code is refused from this address.
    let (status, body) = get(&url, Some(CODE));
    assert_eq!(status, 429, "{body}");
    assert!(body.contains("too many wrong workshop codes"), "{body}");
    let session = played(BotKind::Textbook);
    let err = Client::new(&srv.addr().to_string(), CODE)
        .submit("Ann", &session.log(&hash()), None)
        .unwrap_err();
    assert!(err.to_string().contains("429"), "{err}");
    assert_eq!(srv.attempts(), 0);
    // The board stays public.
    assert_eq!(get(&srv.url("/api/board"), None).0, 200);
}

#[test]
fn a_stalled_body_times_out_and_a_non_ascii_code_is_refused_at_start() {
    use std::io::{Read, Write};
    let srv = start();
    let err = dealcraft_server::Server::start(dealcraft_server::Config::new(
        "127.0.0.1:0".parse().unwrap(),
        srv.db.clone(),
        srv.workshop,
        "вторник-42",
    ))
    .err()
    .unwrap();
    assert!(err.to_string().contains("ASCII"), "{err}");
    // Promise 100 bytes, send 10, then nothing: the server answers 408 rather than wait forever.
    let mut s = std::net::TcpStream::connect(srv.addr()).unwrap();
    s.write_all(
        b"POST /api/attempts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
          Content-Length: 100\r\n\r\n{\"code\": 1",
    )
    .unwrap();
    s.set_read_timeout(Some(
        dealcraft_server::Limits::default().body_deadline + std::time::Duration::from_secs(10),
    ))
    .unwrap();
    let mut reply = String::new();
    let _ = s.read_to_string(&mut reply);
    assert!(reply.starts_with("HTTP/1.1 408"), "{reply}");
}

#[test]
fn a_coached_session_is_refused_and_nothing_is_stored() {
    let srv = start();
    let client = Client::new(&srv.addr().to_string(), CODE);
    let mut log = played(BotKind::Textbook).log(&hash());
    log.coached = true;
    match client.submit("Ann", &log, None).unwrap_err() {
        ClientError::Refused { status, message } => {
            assert_eq!(status, 422);
            assert!(message.contains("coach mode"), "{message}");
        }
        e => panic!("{e}"),
    }
    assert_eq!(srv.attempts(), 0);
}

#[test]
fn a_log_scored_under_older_rules_is_re_scored_not_refused() {
    let srv = start();
    let client = Client::new(&srv.addr().to_string(), CODE);
    let session = played(BotKind::Textbook);
    let now = score(&session).overall;
    let mut log = session.log(&hash());
    // As an older build wrote it: version 1, with the score it showed then.
    log.scoring_version = 1;
    log.overall = None;
    let was = if now == 85 { 86 } else { 85 };
    let ok = client.submit("Ann", &log, Some(was)).unwrap();
    assert_eq!(ok.overall, now);
    assert_eq!(
        ok.rescored.as_deref(),
        Some(format!("re-scored under v2 (was {was})").as_str())
    );
    assert_eq!(srv.attempts(), 1);
    // Under the current rules the same mismatch is a wrong claim.
    let current = session.log(&hash());
    assert!(client.submit("Bo", &current, Some(was)).is_err());
}

//! The HTTP API as plain functions from a request to a reply, so every rule is testable without
//! sockets: fetch the workshop, submit a log (replayed and re-scored here), read the board.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use dealcraft_core::scenario::Lang;
use dealcraft_core::{Rubric, Scenario, Scorecard, Session, SessionLog, score};
use dealcraft_store::{Filter, NewAttempt, Store, StoreError};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// Wrong codes one address may send per [`WRONG_CODE_WINDOW`] before it is refused (429) even
/// with the right one, so a short code cannot be guessed by trying them all.
pub const MAX_WRONG_CODES: u32 = 20;
pub const WRONG_CODE_WINDOW: Duration = Duration::from_secs(60);

/// Largest accepted request body. A 300-move log is about 20 KiB of JSON.
pub const MAX_BODY: usize = 256 * 1024;

/// The workshop being served, parsed once at start.
pub struct Workshop {
    pub id: i64,
    pub name: String,
    pub code: String,
    pub scenario: Arc<Scenario>,
    pub scenario_source: String,
    pub scenario_hash: String,
    pub rubric: Rubric,
    pub seed: u64,
    /// Wrong codes per client address, to stop guessing: see [`MAX_WRONG_CODES`].
    pub wrong_codes: std::sync::Mutex<HashMap<IpAddr, (u32, Instant)>>,
    /// Writers take turns here rather than in SQLite's busy handler, which sleeps in steps of
    /// up to 100 ms and made the slowest submissions wait seconds under load.
    pub write_lock: std::sync::Mutex<()>,
}

pub struct Request<'a> {
    pub method: &'a str,
    /// Path without the query string.
    pub path: &'a str,
    pub query: &'a str,
    /// The `X-Workshop-Code` header, if sent.
    pub code: Option<&'a str>,
    /// The client's address, when known.
    pub peer: Option<IpAddr>,
    pub body: Body,
}

pub enum Body {
    Bytes(Vec<u8>),
    TooLarge,
    /// The client did not send the whole body in time.
    TimedOut,
}

#[derive(Debug, PartialEq)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

impl Reply {
    fn json(status: u16, value: &impl Serialize) -> Reply {
        Reply {
            status,
            content_type: "application/json; charset=utf-8",
            body: serde_json::to_vec(value).unwrap_or_default(),
        }
    }

    pub(crate) fn error(status: u16, message: impl Into<String>) -> Reply {
        Reply::json(status, &json!({ "error": message.into() }))
    }
}

/// What a player's client posts to `/api/attempts`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    pub code: String,
    pub player: String,
    /// The session log, as a JSON object or as the RON text `dealcraft play --log` writes.
    pub log: LogBody,
    /// The overall score the client showed; refused when the replay disagrees.
    #[serde(default)]
    pub claimed_overall: Option<u32>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(untagged)]
pub enum LogBody {
    Json(SessionLog),
    Text(String),
}

/// What `/api/workshop` returns: everything a client needs to play the workshop's session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkshopInfo {
    pub id: i64,
    pub name: String,
    pub scenario_id: String,
    pub scenario_title: String,
    pub scenario_hash: String,
    /// The scenario file's text: the client loads it and checks the hash.
    pub scenario: String,
    pub rubric: Rubric,
    pub seed: u64,
}

/// What a successful submission returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Accepted {
    pub attempt: i64,
    pub player: String,
    pub overall: u32,
    pub outcome: String,
    /// The player's place on the board after this attempt.
    pub rank: usize,
    /// "re-scored under v2 (was 85)" when the log was scored under older rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rescored: Option<String>,
}

pub fn handle(w: &Workshop, store: &Store, req: Request) -> Reply {
    match (req.method, req.path) {
        ("GET", "/") | ("GET", "/index.html") => Reply {
            status: 200,
            content_type: "text/html; charset=utf-8",
            body: crate::PAGE.as_bytes().to_vec(),
        },
        ("GET", "/api/board") => board(w, store),
        ("GET", "/api/board.csv") => match store.board(&filter(w)) {
            Ok(b) => Reply {
                status: 200,
                content_type: "text/csv; charset=utf-8",
                body: b.to_csv().into_bytes(),
            },
            Err(e) => store_error(e),
        },
        ("GET", "/api/workshop") => {
            let code = req
                .code
                .map(str::to_owned)
                .or_else(|| query_code(req.query));
            if let Err(reply) = check_code(w, req.peer, code.as_deref()) {
                return reply;
            }
            Reply::json(
                200,
                &WorkshopInfo {
                    id: w.id,
                    name: w.name.clone(),
                    scenario_id: w.scenario.id.clone(),
                    scenario_title: w.scenario.title.clone(),
                    scenario_hash: w.scenario_hash.clone(),
                    scenario: w.scenario_source.clone(),
                    rubric: w.rubric.clone(),
                    seed: w.seed,
                },
            )
        }
        ("POST", "/api/attempts") => submit(w, store, req.peer, req.body),
        (_, "/" | "/index.html" | "/api/board" | "/api/board.csv" | "/api/workshop") => {
            Reply::error(
                405,
                format!("{} is not allowed on {}", req.method, req.path),
            )
        }
        (_, "/api/attempts") => Reply::error(405, "submit with POST"),
        _ => Reply::error(404, format!("no such page: {}", req.path)),
    }
}

fn filter(w: &Workshop) -> Filter {
    Filter {
        workshop: Some(w.id),
        ..Filter::default()
    }
}

fn board(w: &Workshop, store: &Store) -> Reply {
    let board = match store.board(&filter(w)) {
        Ok(b) => b,
        Err(e) => return store_error(e),
    };
    Reply::json(
        200,
        &json!({
            "workshop": {
                "id": w.id,
                "name": w.name,
                "scenario": w.scenario.id,
                "title": w.scenario.title,
                "seed": w.seed,
            },
            "board": board,
        }),
    )
}

fn submit(w: &Workshop, store: &Store, peer: Option<IpAddr>, body: Body) -> Reply {
    let bytes = match body {
        Body::Bytes(b) => b,
        Body::TooLarge => {
            return Reply::error(
                413,
                format!("the body is larger than {} KiB", MAX_BODY / 1024),
            );
        }
        Body::TimedOut => return Reply::error(408, "the body did not arrive in time"),
    };
    let sub: Submission = match serde_json::from_slice(&bytes) {
        Ok(s) => s,
        Err(e) => {
            return Reply::error(
                400,
                format!(
                    "the body is not a valid submission (line {}, column {}): {e}; expected \
                     {{\"code\": \"...\", \"player\": \"...\", \"log\": {{...}}}}",
                    e.line(),
                    e.column()
                ),
            );
        }
    };
    if let Err(reply) = check_code(w, peer, Some(&sub.code)) {
        return reply;
    }
    let log = match sub.log {
        LogBody::Json(log) => log,
        LogBody::Text(text) => match SessionLog::parse(&text) {
            Ok(log) => log,
            Err(e) => return Reply::error(400, format!("the log does not parse: {e}")),
        },
    };
    let (session, card, rescored) = match verify(w, &log, sub.claimed_overall) {
        Ok(verified) => verified,
        Err(reply) => return reply,
    };
    let attempt = NewAttempt::scored(&sub.player, &session, &w.scenario_hash, Some(w.id), card);
    let written = {
        let _turn = w.write_lock.lock().unwrap_or_else(|e| e.into_inner());
        // A retry of a submission that was stored (the client timed out) is the same attempt.
        match store.same_attempt(Some(w.id), &attempt.player, &attempt.log) {
            Ok(Some(id)) => Ok((id, 200)),
            Ok(None) => store.record(&attempt).map(|id| (id, 201)),
            Err(e) => Err(e),
        }
    };
    let (id, status) = match written {
        Ok(written) => written,
        Err(e) => return store_error(e),
    };
    let rank = store
        .rank(Some(w.id), &attempt.player)
        .ok()
        .flatten()
        .unwrap_or(0);
    Reply::json(
        status,
        &Accepted {
            attempt: id,
            player: attempt.player,
            overall: attempt.card.overall,
            outcome: attempt.outcome,
            rank,
            rescored,
        },
    )
}

/// Checks a log against the workshop and replays it: the finished session, its scorecard, and
/// a note when the log was scored under older rules. Every refusal is a 4xx with its reason.
fn verify(
    w: &Workshop,
    log: &SessionLog,
    claimed: Option<u32>,
) -> Result<(Session, Scorecard, Option<String>), Reply> {
    check_log(w, log)?;
    // The replay checks the version and the scenario hash, then every move.
    let session = match log.replay(w.scenario.clone(), &w.scenario_hash) {
        Ok(s) => s,
        Err(e @ dealcraft_core::ReplayError::HashMismatch { .. }) => {
            return Err(Reply::error(409, format!("{e}; fetch the workshop again")));
        }
        Err(e) => return Err(Reply::error(422, format!("the log does not replay: {e}"))),
    };
    if !session.is_over() {
        return Err(Reply::error(
            422,
            format!(
                "the session is not finished after {} moves; submit it when it ends",
                log.moves.len()
            ),
        ));
    }
    let card = score(&session);
    // A log from older rules is re-scored, never called forged.
    let rescored = log.rescore_note(claimed, Lang::En);
    if let Some(claimed) = claimed
        && claimed != card.overall
        && rescored.is_none()
    {
        return Err(Reply::error(
            422,
            format!(
                "the claimed score {claimed} does not match the replay, which scores {}",
                card.overall
            ),
        ));
    }
    Ok((session, card, rescored))
}

/// The log is for this workshop: its scenario, seed and rubric, and played without the coach.
fn check_log(w: &Workshop, log: &SessionLog) -> Result<(), Reply> {
    if log.scenario != w.scenario.id {
        return Err(Reply::error(
            422,
            format!(
                "this workshop plays `{}`; the log is for unknown scenario `{}`",
                w.scenario.id, log.scenario
            ),
        ));
    }
    if log.seed != w.seed {
        return Err(Reply::error(
            422,
            format!(
                "the log was played with seed {}; this workshop's seed is {}",
                log.seed, w.seed
            ),
        ));
    }
    if log.coached {
        return Err(Reply::error(
            422,
            "the session was played in coach mode, which shows the client's hidden state; \
             play it again without the coach to count on the board",
        ));
    }
    if log.rubric != w.rubric {
        return Err(Reply::error(
            422,
            format!(
                "the log was scored with rubric `{}`; this workshop uses `{}`",
                log.rubric.name, w.rubric.name
            ),
        ));
    }
    Ok(())
}

fn store_error(e: StoreError) -> Reply {
    match e {
        StoreError::BadName(_) => Reply::error(422, e.to_string()),
        e => Reply::error(500, e.to_string()),
    }
}

fn check_code(w: &Workshop, peer: Option<IpAddr>, given: Option<&str>) -> Result<(), Reply> {
    let mut wrong = w.wrong_codes.lock().unwrap_or_else(|e| e.into_inner());
    let now = Instant::now();
    wrong.retain(|_, (_, since)| now.duration_since(*since) < WRONG_CODE_WINDOW);
    if let Some(ip) = peer
        && wrong.get(&ip).is_some_and(|(n, _)| *n >= MAX_WRONG_CODES)
    {
        return Err(Reply::error(
            429,
            "too many wrong workshop codes from this address; wait a minute and check the code",
        ));
    }
    match given {
        None => Err(Reply::error(
            401,
            "send the workshop code in the X-Workshop-Code header or as ?code=",
        )),
        Some(code) if same(code.trim(), &w.code) => Ok(()),
        Some(_) => {
            if let Some(ip) = peer {
                wrong.entry(ip).or_insert((0, now)).0 += 1;
            }
            Err(Reply::error(403, "wrong workshop code"))
        }
    }
}

/// Compares without stopping at the first difference, so timing does not leak the code.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn query_code(query: &str) -> Option<String> {
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned())
}

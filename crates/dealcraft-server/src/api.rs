//! The workshop API's rules as plain functions, testable without sockets: what a player fetches,
//! how a submission is read, checked against the code and replayed.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use dealcraft_core::scenario::Lang;
use dealcraft_core::{Rubric, Scenario, Scorecard, Session, SessionLog, score};
use dealcraft_store::{NewAttempt, StoreError};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::code;
use crate::lockout::Lockouts;

/// Largest accepted request body. A 300-move log is about 20 KiB of JSON.
pub const MAX_BODY: usize = 256 * 1024;

/// The workshop being served, parsed once at start.
pub struct Workshop {
    pub id: i64,
    pub name: String,
    /// The code as compared: see [`code::normalize`].
    pub code_key: String,
    pub scenario: Arc<Scenario>,
    pub scenario_source: String,
    pub scenario_hash: String,
    pub rubric: Rubric,
    pub seed: u64,
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
    /// More headers, such as `Retry-After`.
    pub headers: Vec<(&'static str, String)>,
}

impl Reply {
    pub fn json(status: u16, value: &impl Serialize) -> Reply {
        Reply {
            status,
            content_type: "application/json; charset=utf-8",
            body: serde_json::to_vec(value).unwrap_or_default(),
            headers: Vec::new(),
        }
    }

    pub fn error(status: u16, message: impl Into<String>) -> Reply {
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
    // Boxed: a log is much larger than the text variant.
    Json(Box<SessionLog>),
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
    /// The trainer's assignment file, when the server hands one out (`serve --assignment`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignment: Option<String>,
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

/// What `/api/workshop` returns.
pub fn workshop_info(w: &Workshop) -> WorkshopInfo {
    WorkshopInfo {
        id: w.id,
        name: w.name.clone(),
        scenario_id: w.scenario.id.clone(),
        scenario_title: w.scenario.title.clone(),
        scenario_hash: w.scenario_hash.clone(),
        scenario: w.scenario_source.clone(),
        rubric: w.rubric.clone(),
        seed: w.seed,
        assignment: None,
    }
}

/// A submission that passed every check and replayed: what the writer stores.
pub struct Verified {
    pub attempt: NewAttempt,
    pub rescored: Option<String>,
}

/// Reads a submission, checks the code and replays the log: everything but the write.
pub fn prepare(
    w: &Workshop,
    lockouts: &Lockouts,
    peer: Option<IpAddr>,
    body: Body,
) -> Result<Verified, Reply> {
    let bytes = match body {
        Body::Bytes(b) => b,
        Body::TooLarge => {
            return Err(Reply::error(
                413,
                format!("the body is larger than {} KiB", MAX_BODY / 1024),
            ));
        }
        Body::TimedOut => return Err(Reply::error(408, "the body did not arrive in time")),
    };
    let sub: Submission = serde_json::from_slice(&bytes).map_err(|e| {
        Reply::error(
            400,
            format!(
                "the body is not a valid submission (line {}, column {}): {e}; expected \
                 {{\"code\": \"...\", \"player\": \"...\", \"log\": {{...}}}}",
                e.line(),
                e.column()
            ),
        )
    })?;
    check_code(w, lockouts, peer, Some(&sub.code))?;
    let log = match sub.log {
        LogBody::Json(log) => *log,
        LogBody::Text(text) => SessionLog::parse(&text)
            .map_err(|e| Reply::error(400, format!("the log does not parse: {e}")))?,
    };
    let (session, card, rescored) = verify(w, &log, sub.claimed_overall)?;
    let attempt = NewAttempt::scored(&sub.player, &session, &w.scenario_hash, Some(w.id), card);
    // Refused here rather than in the writer's batch: the answer comes sooner.
    dealcraft_store::check_name(&attempt.player).map_err(store_error)?;
    Ok(Verified { attempt, rescored })
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

pub fn store_error(e: StoreError) -> Reply {
    match e {
        StoreError::BadName(_) => Reply::error(422, e.to_string()),
        e => Reply::error(500, e.to_string()),
    }
}

/// Checks the workshop code from `peer`: a locked-out address is refused even with the right
/// code (or guessing would go on), and wrong codes count towards a lockout of that address only.
pub fn check_code(
    w: &Workshop,
    lockouts: &Lockouts,
    peer: Option<IpAddr>,
    given: Option<&str>,
) -> Result<(), Reply> {
    let now = Instant::now();
    if let Some(left) = peer.and_then(|ip| lockouts.locked(ip, now)) {
        return Err(locked(left));
    }
    let Some(given) = given else {
        return Err(Reply::error(
            401,
            "send the workshop code in the X-Workshop-Code header or as ?code=",
        ));
    };
    if code::same(&code::normalize(given.trim()), &w.code_key) {
        if let Some(ip) = peer {
            lockouts.right(ip);
        }
        return Ok(());
    }
    match peer.and_then(|ip| lockouts.wrong(ip, now)) {
        Some(lasts) => Err(Reply::error(
            403,
            format!(
                "wrong workshop code; too many from this address, which is now locked out for {} s",
                lasts.as_secs()
            ),
        )),
        None => Err(Reply::error(403, "wrong workshop code")),
    }
}

fn locked(left: Duration) -> Reply {
    let secs = left.as_secs_f64().ceil() as u64;
    let mut reply = Reply::error(
        429,
        format!(
            "too many wrong workshop codes from this address; try again in {secs} s, or ask the \
             trainer to lift the lockout"
        ),
    );
    reply.headers.push(("retry-after", secs.to_string()));
    reply
}

pub fn query_code(query: &str) -> Option<String> {
    form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned())
}

//! Requests to handlers: the board and events from memory, submissions through the replay and
//! the writer, the trainer's lockout view. Every refusal is a JSON `{"error": ...}`.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::response::sse::{KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use hyper::HeaderMap;
use serde_json::json;

use crate::Shared;
use crate::api::{self, Accepted, Reply};
use crate::scoreboard::TOP;

/// Paths that exist, for telling a wrong method (405) from a wrong path (404).
const PATHS: &[&str] = &[
    "/",
    "/index.html",
    "/api/board",
    "/api/board.csv",
    "/api/events",
    "/api/workshop",
    "/api/admin/lockouts",
];

pub(crate) async fn route(
    shared: Arc<Shared>,
    peer: SocketAddr,
    request: hyper::Request<hyper::body::Incoming>,
) -> Response {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path();
    let lift = path.strip_prefix("/api/admin/lockouts/");
    match (parts.method.as_str(), path) {
        ("GET", "/" | "/index.html") => page(),
        ("GET", "/api/board") => board(&shared, &parts, Shape::Json).await,
        ("GET", "/api/board.csv") => board(&shared, &parts, Shape::Csv).await,
        ("GET", "/api/events") => events(&shared),
        ("GET", "/api/workshop") => workshop(&shared, peer.ip(), &parts),
        ("POST", "/api/attempts") => submit(shared, peer.ip(), Body::new(body)).await,
        ("GET", "/api/admin/lockouts") => lockouts(&shared, &parts.headers),
        ("DELETE", _) if lift.is_some() => lift_lockout(&shared, &parts.headers, lift),
        (_, "/api/attempts") => reply(Reply::error(405, "submit with POST")),
        (method, path) if PATHS.contains(&path) || lift.is_some() => reply(Reply::error(
            405,
            format!("{method} is not allowed on {path}"),
        )),
        (_, path) => reply(Reply::error(404, format!("no such page: {path}"))),
    }
}

pub(crate) fn reply(r: Reply) -> Response {
    let mut builder = Response::builder()
        .status(r.status)
        .header("content-type", r.content_type)
        .header("cache-control", "no-store");
    for (name, value) in r.headers {
        builder = builder.header(name, value);
    }
    builder.body(Body::from(r.body)).unwrap_or_default()
}

fn page() -> Response {
    reply(Reply {
        status: 200,
        content_type: "text/html; charset=utf-8",
        body: crate::PAGE.as_bytes().to_vec(),
        headers: Vec::new(),
    })
}

#[derive(Clone, Copy)]
enum Shape {
    Json,
    Csv,
}

/// `?top=N`: only the first N rows, as a projector shows them.
fn top(query: Option<&str>) -> Option<usize> {
    form_urlencoded::parse(query?.as_bytes())
        .find(|(k, _)| k == "top")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .map(|n| n.clamp(*TOP.start(), *TOP.end()))
}

/// The board from memory, with an ETag; `304 Not Modified` when the client has it already.
async fn board(
    shared: &Arc<Shared>,
    parts: &hyper::http::request::Parts,
    shape: Shape,
) -> Response {
    let s = shared.clone();
    let top = top(parts.uri.query()).filter(|_| matches!(shape, Shape::Json));
    // Rendering a big board after a change is CPU work.
    let rendered = tokio::task::spawn_blocking(move || {
        let r = s.board.current();
        match (shape, top) {
            (Shape::Csv, _) => (r.csv_etag(), r.csv()),
            (Shape::Json, Some(n)) => (r.top_etag(n), r.top(n)),
            (Shape::Json, None) => (r.etag.clone(), r.json()),
        }
    })
    .await;
    let Ok((etag, body)) = rendered else {
        return reply(Reply::error(500, "the board could not be rendered"));
    };
    let content_type = match shape {
        Shape::Csv => "text/csv; charset=utf-8",
        Shape::Json => "application/json; charset=utf-8",
    };
    let builder = Response::builder()
        .header("etag", &etag)
        // Cached, but asked again every time: the ETag makes that cheap.
        .header("cache-control", "no-cache");
    if matches_etag(&parts.headers, &etag) {
        return builder.status(304).body(Body::empty()).unwrap_or_default();
    }
    builder
        .status(200)
        .header("content-type", content_type)
        .body(Body::from(body))
        .unwrap_or_default()
}

/// `If-None-Match`: a list of tags (weak or strong), or `*`.
fn matches_etag(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all("if-none-match")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == "*" || t == etag)
}

fn events(shared: &Shared) -> Response {
    let mut response = Sse::new(shared.board.events())
        .keep_alive(KeepAlive::default())
        .into_response();
    // A reverse proxy must pass events on at once, not buffer them.
    response
        .headers_mut()
        .insert("x-accel-buffering", "no".parse().expect("a valid header"));
    response
}

fn workshop(shared: &Shared, ip: IpAddr, parts: &hyper::http::request::Parts) -> Response {
    let code = parts
        .headers
        .get("x-workshop-code")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| api::query_code(parts.uri.query().unwrap_or("")));
    match api::check_code(
        &shared.workshop,
        &shared.lockouts,
        Some(ip),
        code.as_deref(),
    ) {
        Ok(()) => {
            let mut info = api::workshop_info(&shared.workshop);
            info.assignment = shared.assignment.clone();
            reply(Reply::json(200, &info))
        }
        Err(r) => reply(r),
    }
}

/// Reads, checks and replays the submission on a blocking thread, then hands it to the writer
/// and answers once its batch is committed.
async fn submit(shared: Arc<Shared>, ip: IpAddr, body: Body) -> Response {
    let deadline = shared.limits.body_deadline;
    // A client that stops sending mid-body must not hold a connection forever.
    let body = match tokio::time::timeout(deadline, axum::body::to_bytes(body, api::MAX_BODY)).await
    {
        Ok(Ok(bytes)) => api::Body::Bytes(bytes.to_vec()),
        Ok(Err(_)) => api::Body::TooLarge,
        Err(_) => api::Body::TimedOut,
    };
    let s = shared.clone();
    let verified =
        tokio::task::spawn_blocking(move || api::prepare(&s.workshop, &s.lockouts, Some(ip), body))
            .await
            .unwrap_or_else(|e| Err(Reply::error(500, format!("the request failed: {e}"))));
    let verified = match verified {
        Ok(v) => v,
        Err(r) => return reply(r),
    };
    let player = verified.attempt.player.clone();
    let (overall, outcome) = (
        verified.attempt.card.overall,
        verified.attempt.outcome.clone(),
    );
    match shared.writer.write(verified.attempt).await {
        Ok(w) => reply(Reply::json(
            if w.recorded.new { 201 } else { 200 },
            &Accepted {
                attempt: w.recorded.id,
                player,
                overall,
                outcome,
                rank: w.rank,
                rescored: verified.rescored,
            },
        )),
        Err(r) => reply(r),
    }
}

/// The trainer's requests carry the token `dealcraft serve` printed.
fn trainer(shared: &Shared, headers: &HeaderMap) -> Result<(), Reply> {
    match headers.get("x-trainer-token").and_then(|v| v.to_str().ok()) {
        None => Err(Reply::error(
            401,
            "send the trainer token that `dealcraft serve` printed in the X-Trainer-Token header",
        )),
        Some(t) if crate::code::same(t.trim(), &shared.token) => Ok(()),
        Some(_) => Err(Reply::error(403, "wrong trainer token")),
    }
}

fn lockouts(shared: &Shared, headers: &HeaderMap) -> Response {
    if let Err(r) = trainer(shared, headers) {
        return reply(r);
    }
    let list = shared.lockouts.list(Instant::now());
    reply(Reply::json(200, &json!({ "lockouts": list })))
}

fn lift_lockout(shared: &Shared, headers: &HeaderMap, addr: Option<&str>) -> Response {
    if let Err(r) = trainer(shared, headers) {
        return reply(r);
    }
    // IPv6 colons may come percent-encoded, and in brackets.
    let text = addr.unwrap_or("").replace("%3A", ":").replace("%3a", ":");
    let Ok(ip) = text.trim_matches(['[', ']']).parse::<IpAddr>() else {
        return reply(Reply::error(
            400,
            format!("`{text}` is not an IP address (e.g. 192.168.1.23 or ::1)"),
        ));
    };
    if shared.lockouts.lift(ip) {
        reply(Reply::json(200, &json!({ "lifted": ip })))
    } else {
        reply(Reply::error(
            404,
            format!("{ip} has no lockout and no wrong codes"),
        ))
    }
}

//! The workshop's board in memory: updated by the writer after each committed batch, rendered
//! to JSON (and CSV) once per change, served with an ETag, and announced to projectors over
//! server-sent events.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use axum::body::Bytes;
use axum::response::sse::Event;
use dealcraft_store::{Board, LiveBoard, LiveSnapshot, NewAttempt, Recorded, StoreError};
use serde::Serialize;
use tokio::sync::watch;

/// Event streams wait at least this long between two events: a burst of submissions is one
/// "board changed", and projectors fetch the board a few times a second at most.
pub const EVENT_GAP: Duration = Duration::from_millis(250);

/// The workshop as the board's JSON names it.
#[derive(Debug, Clone, Serialize)]
pub struct Header {
    pub id: i64,
    pub name: String,
    pub scenario: String,
    pub seed: u64,
    pub title: String,
}

/// `/api/board`'s body: the same fields as ever.
#[derive(Serialize)]
struct BoardJson<'a> {
    board: &'a Board,
    workshop: &'a Header,
}

/// The board at one version; each shape is rendered the first time it is asked for.
pub struct Rendered {
    pub version: u64,
    pub etag: String,
    snapshot: LiveSnapshot,
    header: Header,
    board: OnceLock<Board>,
    json: OnceLock<Bytes>,
    csv: OnceLock<Bytes>,
    /// The first rows only, by how many: what a projector asks for (`?top=200`).
    tops: Mutex<HashMap<usize, Bytes>>,
}

/// The most rows `?top=` may ask for, and the fewest.
pub const TOP: std::ops::RangeInclusive<usize> = 1..=10_000;

impl Rendered {
    fn board(&self) -> &Board {
        self.board.get_or_init(|| self.snapshot.board())
    }

    pub fn json(&self) -> Bytes {
        self.json
            .get_or_init(|| to_json(self.board(), &self.header).into())
            .clone()
    }

    pub fn csv_etag(&self) -> String {
        format!("{}c\"", self.etag.trim_end_matches('"'))
    }

    pub fn csv(&self) -> Bytes {
        self.csv
            .get_or_init(|| self.board().to_csv().into_bytes().into())
            .clone()
    }

    pub fn top_etag(&self, n: usize) -> String {
        format!("{}t{n}\"", self.etag.trim_end_matches('"'))
    }

    /// The board's JSON with its first `n` rows only, built without the rest: a projector's
    /// request costs the same on a board of 100 or 100 000 players.
    pub fn top(&self, n: usize) -> Bytes {
        let mut tops = lock(&self.tops);
        if let Some(json) = tops.get(&n) {
            return json.clone();
        }
        let json: Bytes = to_json(&self.snapshot.top(n), &self.header).into();
        tops.insert(n, json.clone());
        json
    }
}

pub struct Scoreboard {
    header: Header,
    live: Mutex<LiveBoard>,
    rendered: Mutex<Option<Arc<Rendered>>>,
    /// Tells ETags of this run from an earlier run's: versions start again at each start.
    run: String,
    changed: watch::Sender<u64>,
    closing: watch::Sender<bool>,
}

fn to_json(board: &Board, workshop: &Header) -> Vec<u8> {
    serde_json::to_vec(&BoardJson { board, workshop }).unwrap_or_default()
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Scoreboard {
    pub fn new(header: Header, live: LiveBoard) -> Scoreboard {
        let version = live.version();
        Scoreboard {
            header,
            live: Mutex::new(live),
            rendered: Mutex::new(None),
            run: crate::code::new_token()[..8].to_owned(),
            changed: watch::Sender::new(version),
            closing: watch::Sender::new(false),
        }
    }

    /// Adds the new attempts of a committed batch; returns each player's rank (None for an
    /// attempt the batch refused).
    pub fn take(
        &self,
        attempts: &[NewAttempt],
        written: &[Result<Recorded, StoreError>],
    ) -> Vec<Option<usize>> {
        let mut live = lock(&self.live);
        for (a, w) in attempts.iter().zip(written) {
            if let Ok(r) = w
                && r.new
            {
                live.add(a.summary(r.id, &r.player, r.recorded_at));
            }
        }
        let ranks = written
            .iter()
            .map(|w| w.as_ref().ok().and_then(|r| live.rank(&r.player)))
            .collect();
        let version = live.version();
        drop(live);
        self.changed.send_if_modified(|v| {
            let moved = *v != version;
            *v = version;
            moved
        });
        ranks
    }

    /// The board as it is now, rendered once per version and shape. Rendering can block for
    /// a while on a big board: run it on a blocking thread.
    pub fn current(&self) -> Arc<Rendered> {
        let version = lock(&self.live).version();
        let mut slot = lock(&self.rendered);
        if let Some(r) = slot.as_ref().filter(|r| r.version == version) {
            return r.clone();
        }
        // Under the lock the writer uses only to copy the best attempts' handles.
        let snapshot = lock(&self.live).snapshot();
        let rendered = Arc::new(Rendered {
            version: snapshot.version,
            etag: format!("\"{}-{}\"", self.run, snapshot.version),
            snapshot,
            header: self.header.clone(),
            board: OnceLock::new(),
            json: OnceLock::new(),
            csv: OnceLock::new(),
            tops: Mutex::default(),
        });
        *slot = Some(rendered.clone());
        rendered
    }

    /// "board changed" events: one at once, then one after each change, at most one per
    /// [`EVENT_GAP`]. Ends when the server stops.
    pub fn events(&self) -> impl futures_util::Stream<Item = Result<Event, Infallible>> + use<> {
        let changed = self.changed.subscribe();
        let closing = self.closing.subscribe();
        futures_util::stream::unfold(
            (changed, closing, true),
            |(mut changed, mut closing, first)| async move {
                if !first {
                    tokio::time::sleep(EVENT_GAP).await;
                    tokio::select! {
                        moved = changed.changed() => moved.ok()?,
                        _ = closing.wait_for(|c| *c) => return None,
                    }
                }
                let version = *changed.borrow_and_update();
                let event = Event::default()
                    .event("board")
                    .data(format!("{{\"version\":{version}}}"));
                Some((Ok(event), (changed, closing, false)))
            },
        )
    }

    /// Ends every event stream, so a stopping server is not held open by projectors.
    pub fn close(&self) {
        self.closing.send_replace(true);
    }
}

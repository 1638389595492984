//! The single writer: one thread owns the database connection, takes verified attempts from a
//! queue and writes everything waiting in ONE transaction (group commit). Each submission is
//! answered only once its batch has committed, so an acknowledged attempt survives a crash.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread::JoinHandle;

use dealcraft_store::{NewAttempt, Recorded, Store};
use tokio::sync::{mpsc, oneshot};

use crate::api::{Reply, store_error};
use crate::scoreboard::Scoreboard;

/// Submissions waiting for the writer at most; past it, submitters wait their turn.
const QUEUE: usize = 4096;

/// A stored attempt, as the submitter is told.
pub struct Written {
    pub recorded: Recorded,
    /// The player's place on the board after the batch.
    pub rank: usize,
}

struct Job {
    attempt: NewAttempt,
    reply: oneshot::Sender<Result<Written, Reply>>,
}

/// How much the writer has done: batches are transactions.
#[derive(Debug, Default)]
pub struct WriteStats {
    pub batches: AtomicU64,
    pub attempts: AtomicU64,
}

/// The submitting side of the writer.
#[derive(Clone)]
pub struct Writer {
    queue: mpsc::Sender<Job>,
}

impl Writer {
    /// Starts the writer thread on `store`. It ends when every [`Writer`] is dropped.
    pub fn start(
        store: Store,
        board: Arc<Scoreboard>,
        batch: usize,
        stats: Arc<WriteStats>,
    ) -> (Writer, JoinHandle<()>) {
        let (queue, jobs) = mpsc::channel(QUEUE);
        let thread = std::thread::Builder::new()
            .name("dealcraft-writer".into())
            .spawn(move || run(&store, jobs, &board, batch.max(1), &stats))
            .expect("cannot start the writer thread");
        (Writer { queue }, thread)
    }

    /// Queues `attempt` and waits until its batch is committed (or refused).
    pub async fn write(&self, attempt: NewAttempt) -> Result<Written, Reply> {
        let (reply, answer) = oneshot::channel();
        let stopped = || Reply::error(503, "the server is stopping; send the attempt again");
        self.queue
            .send(Job { attempt, reply })
            .await
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

fn run(
    store: &Store,
    mut jobs: mpsc::Receiver<Job>,
    board: &Scoreboard,
    batch: usize,
    stats: &WriteStats,
) {
    while let Some(first) = jobs.blocking_recv() {
        // Whatever queued up during the last commit goes into this one.
        let mut waiting = vec![first];
        while waiting.len() < batch {
            match jobs.try_recv() {
                Ok(job) => waiting.push(job),
                Err(_) => break,
            }
        }
        write_batch(store, board, waiting, stats);
    }
}

fn write_batch(store: &Store, board: &Scoreboard, jobs: Vec<Job>, stats: &WriteStats) {
    let (attempts, replies): (Vec<NewAttempt>, Vec<_>) =
        jobs.into_iter().map(|j| (j.attempt, j.reply)).unzip();
    let written = match store.record_batch(&attempts) {
        Ok(written) => written,
        Err(e) => {
            // Nothing of the batch was committed: every submitter hears so and may retry.
            let message = format!("the attempt was not stored ({e}); send it again");
            for reply in replies {
                let _ = reply.send(Err(Reply::error(500, message.clone())));
            }
            return;
        }
    };
    stats.batches.fetch_add(1, Ordering::Relaxed);
    stats
        .attempts
        .fetch_add(attempts.len() as u64, Ordering::Relaxed);
    let ranks = board.take(&attempts, &written);
    for ((w, rank), reply) in written.into_iter().zip(ranks).zip(replies) {
        let answer = w.map_err(store_error).map(|recorded| Written {
            recorded,
            rank: rank.unwrap_or(0),
        });
        let _ = reply.send(answer);
    }
}

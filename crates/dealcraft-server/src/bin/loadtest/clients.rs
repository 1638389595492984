//! The load itself: submitting clients with their latencies, and projectors that follow the
//! board's events.

use std::io::{BufRead, BufReader, Write};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use dealcraft_server::Client;

use crate::setup::Logs;

/// What the clients saw.
#[derive(Default)]
pub struct Run {
    pub latencies: Vec<Duration>,
    pub errors: usize,
    /// Every acknowledged attempt: (player, attempt id).
    pub acked: Vec<(String, i64)>,
    pub elapsed: f64,
}

/// `clients` threads submit for `seconds`, each under a new player name every time (the same
/// log from the same player would be a retry of one attempt, and nothing would be written).
pub fn submit(
    address: &str,
    code: &str,
    logs: &Arc<Logs>,
    clients: usize,
    seconds: u64,
    tag: &str,
) -> Run {
    let start = Instant::now();
    let until = start + Duration::from_secs(seconds);
    let threads: Vec<_> = (0..clients)
        .map(|i| {
            let client = Client::new(address, code);
            let (logs, tag) = (logs.clone(), tag.to_owned());
            std::thread::spawn(move || client_loop(&client, &logs, &format!("{tag}-{i:03}"), until))
        })
        .collect();
    let mut run = Run::default();
    for t in threads {
        if let Ok(one) = t.join() {
            run.latencies.extend(one.latencies);
            run.errors += one.errors;
            run.acked.extend(one.acked);
        }
    }
    run.elapsed = start.elapsed().as_secs_f64();
    run.latencies.sort();
    run
}

fn client_loop(client: &Client, logs: &Logs, me: &str, until: Instant) -> Run {
    let mut run = Run::default();
    let mut n = 0;
    while Instant::now() < until {
        let (log, overall) = &logs.0[n % logs.0.len()];
        let player = format!("{me}-{n}");
        n += 1;
        let t = Instant::now();
        match client.submit(&player, log, Some(*overall)) {
            Ok(ok) => {
                run.latencies.push(t.elapsed());
                run.acked.push((player, ok.attempt));
            }
            Err(e) => {
                run.errors += 1;
                if run.errors == 1 {
                    eprintln!("{player}: {e}");
                }
                // A killed server refuses at once: do not spin.
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
    run
}

impl Run {
    /// The `p`th fraction's latency in ms.
    pub fn pct(&self, p: f64) -> f64 {
        let l = &self.latencies;
        if l.is_empty() {
            return 0.0;
        }
        let i = ((l.len() as f64 * p).ceil() as usize).clamp(1, l.len()) - 1;
        l[i].as_secs_f64() * 1000.0
    }

    pub fn print(&self) {
        println!(
            "{} submissions in {:.1} s: {:.0} per second, {} errors",
            self.latencies.len(),
            self.elapsed,
            self.latencies.len() as f64 / self.elapsed,
            self.errors
        );
        println!(
            "latency ms: p50 {:.1}  p90 {:.1}  p99 {:.1}  max {:.1}",
            self.pct(0.50),
            self.pct(0.90),
            self.pct(0.99),
            self.pct(1.0)
        );
    }
}

/// Projector threads; `join` gives how many boards they fetched.
pub struct Projectors(Vec<JoinHandle<usize>>);

impl Projectors {
    pub fn join(self) -> usize {
        self.0.into_iter().filter_map(|t| t.join().ok()).sum()
    }
}

/// `n` projectors: each follows `/api/events` and fetches the best 200 rows of the board (with
/// the ETag) on every event, as the scoreboard page does.
pub fn projectors(address: &str, n: usize, seconds: u64) -> Projectors {
    let until = Instant::now() + Duration::from_secs(seconds);
    Projectors(
        (0..n)
            .map(|_| {
                let address = address.to_owned();
                std::thread::spawn(move || project(&address, until).unwrap_or(0))
            })
            .collect(),
    )
}

fn project(address: &str, until: Instant) -> std::io::Result<usize> {
    let mut events = std::net::TcpStream::connect(address)?;
    write!(
        events,
        "GET /api/events HTTP/1.1\r\nHost: {address}\r\n\r\n"
    )?;
    events.set_read_timeout(Some(Duration::from_millis(200)))?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut lines = BufReader::new(events);
    let (mut etag, mut fetched, mut line) = (String::new(), 0, String::new());
    while Instant::now() < until {
        line.clear();
        match lines.read_line(&mut line) {
            Ok(0) => break,
            Ok(_) if line.starts_with("event: board") => {
                let r = agent
                    .get(format!("http://{address}/api/board?top=200"))
                    .header("If-None-Match", &etag)
                    .call();
                if let Ok(mut r) = r {
                    etag = r
                        .headers()
                        .get("etag")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("")
                        .to_owned();
                    let _ = r.body_mut().read_to_vec();
                    fetched += 1;
                }
            }
            _ => {}
        }
    }
    Ok(fetched)
}

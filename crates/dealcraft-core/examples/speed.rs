//! Engine speed: `cargo run --release -p dealcraft-core --example speed [RUNS] [THREADS]` plays
//! every bundled scenario with every bot, as `dealcraft analyze --all` does, on one thread and on
//! all (or on THREADS only), and prints sessions per second.

use std::sync::Arc;
use std::time::Instant;

use dealcraft_core::analysis::{self, Options};
use dealcraft_core::bundled;

fn main() {
    let runs = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    let scenarios: Vec<_> = bundled::all()
        .into_iter()
        .map(|l| Arc::new(l.expect("bundled").scenario))
        .collect();
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let counts = match std::env::args().nth(2).and_then(|a| a.parse().ok()) {
        Some(t) => vec![t],
        None => vec![1, cores],
    };
    for threads in counts {
        let opts = Options {
            runs,
            threads,
            ..Options::default()
        };
        let start = Instant::now();
        let report = analysis::analyze(&scenarios, &opts, &|_, _| {});
        let secs = start.elapsed().as_secs_f64();
        let n = report.playthroughs();
        println!(
            "analyze --all --runs {runs}: {n} sessions in {secs:.2} s, {:.0} per second on {threads} thread(s)",
            n as f64 / secs
        );
    }
}

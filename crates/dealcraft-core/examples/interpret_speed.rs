//! Interpreter speed: `cargo run --release -p dealcraft-core --example interpret_speed` builds
//! the interpreter of every bundled scenario (trained at start-up) and reads every labelled
//! line of `tests/utterances/`, and prints the time to build one and to read one sentence.

use std::path::Path;
use std::time::Instant;

use dealcraft_core::bundled;
use dealcraft_core::interpret::{Interpreter, eval};

fn main() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/utterances");
    let mut lines: Vec<String> = Vec::new();
    for entry in std::fs::read_dir(&corpus).expect("tests/utterances") {
        let path = entry.expect("a file").path();
        if path.extension().is_some_and(|e| e == "jsonl") {
            let source = std::fs::read_to_string(&path).expect("readable");
            let parsed = eval::parse(&path.display().to_string(), &source).expect("labelled");
            lines.extend(parsed.into_iter().map(|l| l.text));
        }
    }
    let mut slowest_build = 0.0f64;
    let mut total_build = 0.0;
    let mut times: Vec<f64> = Vec::new();
    let scenarios: Vec<_> = bundled::all().into_iter().flatten().collect();
    for loaded in &scenarios {
        let start = Instant::now();
        let reader = Interpreter::new(&loaded.scenario);
        let built = start.elapsed().as_secs_f64() * 1000.0;
        slowest_build = slowest_build.max(built);
        total_build += built;
        for text in &lines {
            let start = Instant::now();
            let reading = reader.read(text, None, None);
            let took = start.elapsed().as_secs_f64() * 1000.0;
            std::hint::black_box(reading);
            times.push(took);
        }
        println!("{:<28} built in {built:6.1} ms", loaded.scenario.id);
    }
    println!(
        "build: {:.1} ms on average, {slowest_build:.1} ms at most (aim: <= 50 ms)",
        total_build / scenarios.len().max(1) as f64
    );
    times.sort_by(f64::total_cmp);
    let n = times.len().max(1);
    let at = |q: f64| {
        times
            .get(((n - 1) as f64 * q) as usize)
            .copied()
            .unwrap_or(0.0)
    };
    println!(
        "read: {:.3} ms per sentence on average, median {:.3}, 99th percentile {:.3}, at most \
         {:.3} ms, over {} readings (aim: <= 1 ms)",
        times.iter().sum::<f64>() / n as f64,
        at(0.5),
        at(0.99),
        at(1.0),
        times.len()
    );
}

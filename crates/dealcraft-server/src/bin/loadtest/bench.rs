//! `--board N`: how long `/api/board` takes on a workshop of N attempts, from memory.

use std::time::{Duration, Instant};

use dealcraft_core::bots::{self, BotKind};
use dealcraft_core::{bundled, score};
use dealcraft_server::{Client, Config, Server};
use dealcraft_store::{NewAttempt, Store};

use crate::{Result, setup};

pub fn run(attempts: usize, players: usize) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("board.db");
    let id = setup::workshop(&db)?;
    let t = Instant::now();
    fill(&db, id, attempts, players.max(1))?;
    println!(
        "{attempts} attempts by {} players written in {:.1} s",
        players.max(1),
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let server = Server::start(Config::new("127.0.0.1:0".parse()?, db, id, setup::CODE))?;
    println!("server start (loads the board): {:.0} ms", ms(t.elapsed()));
    let url = format!("http://{}/api/board", server.addr());
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let (first, size, etag) = get(&agent, &url, "")?;
    println!("/api/board first (renders): {first:.1} ms, {size} bytes");
    let warm = median((0..20).map(|_| get(&agent, &url, "").map(|g| g.0)))?;
    let not_modified = median((0..20).map(|_| get(&agent, &url, &etag).map(|g| g.0)))?;
    println!(
        "/api/board again: median {warm:.1} ms; with If-None-Match (304): median {not_modified:.2} ms"
    );
    let csv = format!("{url}.csv");
    let (csv_first, csv_size, _) = get(&agent, &csv, "")?;
    let csv_warm = median((0..20).map(|_| get(&agent, &csv, "").map(|g| g.0)))?;
    println!(
        "/api/board.csv first: {csv_first:.1} ms ({csv_size} bytes), then median {csv_warm:.1} ms"
    );
    let logs = setup::logs(&server.addr().to_string(), setup::CODE)?;
    let (log, overall) = &logs.0[0];
    let t = Instant::now();
    Client::new(&server.addr().to_string(), setup::CODE).submit("one-more", log, Some(*overall))?;
    let submitted = ms(t.elapsed());
    let (after, _, _) = get(&agent, &url, &etag)?;
    println!(
        "one more submission: {submitted:.1} ms; the board after it (renders again): {after:.1} ms"
    );
    server.stop();
    Ok(())
}

/// Writes `attempts` attempts in batches, spread over `players` players.
fn fill(db: &std::path::Path, workshop: i64, attempts: usize, players: usize) -> Result<()> {
    let loaded = bundled::load("fleet-telematics").ok_or("bundled scenario missing")?;
    let sc = std::sync::Arc::new(loaded.scenario);
    let pool: Vec<NewAttempt> = [
        BotKind::Textbook,
        BotKind::Pushy,
        BotKind::Discounter,
        BotKind::Random,
    ]
    .into_iter()
    .map(|bot| {
        let s = bots::play(bot, sc.clone(), bundled::default_rubric(), 1);
        NewAttempt::scored("x", &s, &loaded.hash, Some(workshop), score(&s))
    })
    .collect();
    let store = Store::open(db)?;
    let all: Vec<NewAttempt> = (0..attempts)
        .map(|i| {
            let mut a = pool[i % pool.len()].clone();
            a.player = format!("player-{}", i % players);
            // A distinct log text each, so no attempt is a retry of another.
            a.log.overall = Some(i as u32);
            a
        })
        .collect();
    for chunk in all.chunks(2000) {
        store.record_batch(chunk)?;
    }
    Ok(())
}

/// GET with `If-None-Match`; returns (ms, body bytes, ETag).
fn get(agent: &ureq::Agent, url: &str, etag: &str) -> Result<(f64, usize, String)> {
    let t = Instant::now();
    let mut r = agent.get(url).header("If-None-Match", etag).call()?;
    let body = r.body_mut().with_config().limit(1 << 30).read_to_vec()?;
    let tag = r
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    Ok((ms(t.elapsed()), body.len(), tag))
}

fn median(times: impl Iterator<Item = Result<f64>>) -> Result<f64> {
    let mut all = times.collect::<Result<Vec<f64>>>()?;
    all.sort_by(f64::total_cmp);
    Ok(all[all.len() / 2])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

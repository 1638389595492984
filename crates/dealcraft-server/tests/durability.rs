//! No acknowledged attempt is ever lost: not when the server process is SIGKILLed under load
//! (group commit answers only after the batch's commit), and not when the disk fills up (the
//! batch fails, its submitters hear so, and the server goes on serving).

mod common;

use std::process::{Command, Stdio};

use common::{CODE, listening, request_from, workshop_db};
use dealcraft_core::bots::BotKind;
use dealcraft_store::Store;

const LOADTEST: &str = env!("CARGO_BIN_EXE_loadtest");

#[test]
fn sigkill_under_load_loses_no_acknowledged_attempt() {
    let out = Command::new(LOADTEST)
        .args([
            "--kill",
            "2",
            "--clients",
            "8",
            "--seconds",
            "4",
            "--workers",
            "2",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(" 0 acknowledged attempts missing (integrity ok)"),
        "{stdout}"
    );
    // Something was acknowledged in each cycle, or the test proves nothing.
    let acked: Vec<usize> = stdout
        .lines()
        .filter_map(|l| l.split(": ").nth(1)?.split(' ').next()?.parse().ok())
        .collect();
    assert!(acked.len() == 2 && acked.iter().all(|n| *n > 0), "{stdout}");
}

#[test]
fn a_full_disk_fails_submissions_loudly_and_loses_no_acknowledged_one() {
    let dir = tempfile::tempdir().unwrap();
    let (db, workshop) = workshop_db(dir.path());
    // The server may write files of 256 KiB at most: its write-ahead log soon fills up.
    let mut child = Command::new(LOADTEST)
        .arg("--serve-db")
        .arg(&db)
        .args(["--code", CODE, "--fsize", &(256 * 1024).to_string()])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let addr = listening(child.stdout.take().unwrap());
    let body = common::submission("{}", BotKind::Textbook);
    let (mut acked, mut refused) = (Vec::new(), 0);
    for i in 0..150 {
        let player = format!("Player {i}");
        let (status, _, reply) = request_from(
            "127.0.0.1",
            addr,
            "POST",
            "/api/attempts",
            &[],
            &body.replace("\"{}\"", &format!("\"{player}\"")),
        );
        match status {
            201 => acked.push((
                player,
                serde_json::from_str::<serde_json::Value>(&reply).unwrap()["attempt"]
                    .as_i64()
                    .unwrap(),
            )),
            500 => {
                assert!(reply.contains("not stored"), "{reply}");
                refused += 1;
            }
            s => panic!("{s}: {reply}"),
        }
    }
    // The board is still served from memory.
    assert_eq!(
        request_from("127.0.0.1", addr, "GET", "/api/board", &[], "").0,
        200
    );
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        refused > 0,
        "the disk never filled up ({} stored)",
        acked.len()
    );
    assert!(!acked.is_empty());
    let store = Store::open(&db).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let filter = dealcraft_store::Filter {
        workshop: Some(workshop),
        ..Default::default()
    };
    let stored = store.attempts(&filter).unwrap();
    for (player, id) in &acked {
        assert!(
            stored.iter().any(|a| a.id == *id && &a.player == player),
            "{player} ({id}) is missing"
        );
    }
}

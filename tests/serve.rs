//! `dealcraft serve` without `--code`: it makes a code that is hard to guess and easy to read
//! aloud, and prints the trainer token with how to see and lift lockouts.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn serve_makes_a_strong_readable_code_and_prints_the_trainer_token() {
    let home = tempfile::tempdir().unwrap();
    let mut server = Command::new(env!("CARGO_BIN_EXE_dealcraft"))
        .args([
            "serve",
            "--scenario",
            "fleet-telematics",
            "--addr",
            "127.0.0.1:0",
        ])
        .env("DEALCRAFT_HOME", home.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(server.stdout.take().unwrap()).lines();
    let (mut addr, mut code, mut token, mut printed) = (None, None, None, String::new());
    while token.is_none() {
        let line = lines.next().expect("serve ended early").unwrap();
        printed.push_str(&line);
        printed.push('\n');
        if let Some(rest) = line.strip_prefix("Players join with address ") {
            let (a, c) = rest.trim_end_matches(':').split_once(" and code ").unwrap();
            (addr, code) = (Some(a.to_owned()), Some(c.to_owned()));
        }
        if let Some((_, t)) = line.split_once("it works until the server stops): ") {
            token = Some(t.to_owned());
        }
    }
    // Then how to see and lift lockouts.
    while !printed.contains("/api/admin/lockouts") {
        printed.push_str(&lines.next().expect("serve ended early").unwrap());
    }
    let (addr, code, token) = (addr.unwrap(), code.unwrap(), token.unwrap());
    // Three groups of four base32 characters: 60 bits.
    let groups: Vec<&str> = code.split('-').collect();
    assert_eq!(groups.len(), 3, "{code}");
    assert!(groups.iter().all(|g| g.len() == 4), "{code}");
    assert!(
        code.chars()
            .all(|c| c == '-' || "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(c)),
        "{code}"
    );
    // Typed as heard: lower case, with spaces.
    let heard = code.to_lowercase().replace('-', " ");
    let joined = dealcraft_server::Client::new(&addr, &heard).join().unwrap();
    assert_eq!(joined.info.scenario_id, "fleet-telematics");
    let status = |t: &str| {
        use std::io::{Read, Write};
        let mut s = std::net::TcpStream::connect(&addr).unwrap();
        let head = format!(
            "GET /api/admin/lockouts HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Trainer-Token: {t}\r\n\r\n"
        );
        s.write_all(head.as_bytes()).unwrap();
        let mut reply = String::new();
        s.read_to_string(&mut reply).unwrap();
        reply.split(' ').nth(1).unwrap_or("").to_owned()
    };
    assert_eq!(status(&token), "200");
    assert_eq!(status("not-the-token"), "403");
    let _ = server.kill();
    let _ = server.wait();
    // The token is nowhere in the database.
    let db = std::fs::read(home.path().join("dealcraft.db")).unwrap();
    assert!(!db.windows(token.len()).any(|w| w == token.as_bytes()));
}

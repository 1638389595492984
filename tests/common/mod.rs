//! What the command-line tests share: running the `dealcraft` binary as a user does, and
//! reading what it printed.
// Each test file uses a part of this.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// Runs `dealcraft` in the repository with `args`, its data folder in `home` when given, and
/// `input` typed at its prompts when given (else its input is closed).
pub fn run(home: Option<&Path>, args: &[&str], input: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dealcraft"));
    cmd.args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("DEALCRAFT_LRS_CONFIG");
    if let Some(home) = home {
        cmd.env("DEALCRAFT_HOME", home);
    }
    let Some(input) = input else {
        return cmd.output().expect("the binary runs");
    };
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // A command that refuses its arguments exits before it reads: a closed pipe is its answer,
    // not a failure of the test.
    let _ = child
        .stdin
        .take()
        .expect("piped")
        .write_all(input.as_bytes());
    child.wait_with_output().expect("the binary ends")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Standard output, then standard error.
pub fn text(o: &Output) -> String {
    format!("{}{}", stdout(o), stderr(o))
}

pub fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

/// Starts `dealcraft serve` with `args` (which should listen on port 0) and its data folder in
/// `home`; returns the server and the address it printed for the projector.
pub fn serve(home: &Path, args: &[&str]) -> (std::process::Child, String) {
    let mut server = Command::new(env!("CARGO_BIN_EXE_dealcraft"))
        .arg("serve")
        .args(args)
        .env("DEALCRAFT_HOME", home)
        .env_remove("DEALCRAFT_LRS_CONFIG")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary runs");
    let mut out = std::io::BufReader::new(server.stdout.take().expect("piped"));
    let mut addr = String::new();
    while addr.is_empty() {
        let mut line = String::new();
        assert!(
            std::io::BufRead::read_line(&mut out, &mut line).expect("readable") > 0,
            "serve ended early"
        );
        if let Some(rest) = line.strip_prefix("Scoreboard for the projector: http://") {
            addr = rest.trim().trim_end_matches('/').to_owned();
        }
    }
    (server, addr)
}

//! A local Ralph LRS for tests and for trying Dealcraft's LRS support on one machine: started
//! with `scripts/ralph-lrs` from a Python virtual environment (`.venv-lrs`, made by `.ci/run`),
//! and Ralph's own statement model to validate statements against.
//!
//! Tests that need Ralph call [`venv`]: without a virtual environment they are skipped with a
//! printed reason, unless `DEALCRAFT_REQUIRE_LRS` is set (CI sets it), when they fail.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::lrs::Lrs;

/// The workspace root (this crate lives in `crates/dealcraft-xapi`).
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The virtual environment with Ralph: `$DEALCRAFT_LRS_VENV`, else `.venv-lrs` in the
/// workspace. `None` (after saying why on stderr) when it is missing and
/// `DEALCRAFT_REQUIRE_LRS` is not set; a panic when it is missing and it is.
pub fn venv(test: &str) -> Option<PathBuf> {
    let venv = std::env::var_os("DEALCRAFT_LRS_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join(".venv-lrs"));
    if venv.join("bin/ralph").exists() {
        return Some(venv);
    }
    let why = format!(
        "no Ralph in {} (make it: python3 -m venv .venv-lrs && .venv-lrs/bin/pip install \
         'ralph-malph[cli,lrs]==5.1.0' requests)",
        venv.display()
    );
    if std::env::var_os("DEALCRAFT_REQUIRE_LRS").is_some() {
        panic!("{test}: DEALCRAFT_REQUIRE_LRS is set but there is {why}");
    }
    eprintln!("skipping {test}: {why}");
    None
}

/// Statements that Ralph's xAPI model refuses, with its messages: empty when all validate.
/// Each is checked with `BaseXapiStatement.model_validate`, as Ralph checks what it stores
/// (`ralph validate` itself only knows Ralph's own profiles).
pub fn invalid_statements(venv: &Path, statements: &[serde_json::Value]) -> Vec<String> {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("statements.json");
    std::fs::write(&file, serde_json::to_string(statements).unwrap_or_default())
        .expect("write the statements to validate");
    let script = r#"
import json, sys
from ralph.models.xapi.base.statements import BaseXapiStatement
bad = 0
for i, s in enumerate(json.load(open(sys.argv[1]))):
    try:
        BaseXapiStatement.model_validate(s)
    except Exception as e:
        bad += 1
        print(f"statement {i} ({s.get('verb', {}).get('id')}): {e}")
print(f"checked {i + 1}")
"#;
    let out = Command::new(venv.join("bin/python"))
        .arg("-c")
        .arg(script)
        .arg(&file)
        .output()
        .expect("run the venv's python");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success() && text.contains("checked"),
        "validation did not run: {}{}",
        text,
        String::from_utf8_lossy(&out.stderr)
    );
    text.lines()
        .filter(|l| l.starts_with("statement "))
        .map(str::to_owned)
        .collect()
}

/// A Ralph LRS on this machine, stopped when dropped.
pub struct LocalLrs {
    venv: PathBuf,
    dir: PathBuf,
    pub port: u16,
    child: Option<Child>,
}

pub const USER: &str = "dealcraft";
pub const PASSWORD: &str = "test-secret";

impl LocalLrs {
    /// Starts Ralph on a free port, keeping its statements under `dir`.
    pub fn start(venv: &Path, dir: &Path) -> LocalLrs {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        let mut lrs = LocalLrs {
            venv: venv.to_owned(),
            dir: dir.to_owned(),
            port,
            child: None,
        };
        lrs.restart();
        lrs
    }

    /// The settings that reach it.
    pub fn config(&self) -> Config {
        Config {
            endpoint: self.endpoint(),
            key: USER.into(),
            secret: PASSWORD.into(),
            timeout_secs: 10,
            ..Config::default()
        }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/xAPI/", self.port)
    }

    /// What Ralph wrote to its standard error since it was last started.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("ralph.log")).unwrap_or_default()
    }

    /// Stops the server as an administrator would (SIGTERM: requests in flight are answered,
    /// new connections refused), killing it if it has not gone within 10 s; its statements stay
    /// in its folder. Not SIGKILL: Ralph's filesystem backend appends statements to one file,
    /// and a kill in the middle of a write leaves half a line that fails every later request
    /// with 500 (a limit of that test backend, not of a real LRS's database).
    pub fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        let _ = child.wait();
    }

    /// Starts it again on the same port and folder, and waits until it answers.
    pub fn restart(&mut self) {
        self.stop();
        let _ = std::fs::create_dir_all(&self.dir);
        let log = std::fs::File::create(self.dir.join("ralph.log")).ok();
        let child = Command::new(workspace().join("scripts/ralph-lrs"))
            .args([
                &self.port.to_string(),
                &self.dir.display().to_string(),
                USER,
                PASSWORD,
            ])
            .env("RALPH_VENV", &self.venv)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log.map_or_else(Stdio::null, Stdio::from))
            .spawn()
            .expect("start scripts/ralph-lrs");
        self.child = Some(child);
        let lrs = Lrs::new(&self.config());
        let deadline = Instant::now() + Duration::from_secs(60);
        while lrs.check().is_err() {
            if let Some(child) = &mut self.child
                && let Ok(Some(status)) = child.try_wait()
            {
                let log = std::fs::read_to_string(self.dir.join("ralph.log")).unwrap_or_default();
                panic!("Ralph exited ({status}):\n{log}");
            }
            assert!(
                Instant::now() < deadline,
                "Ralph did not answer on port {} within 60 s",
                self.port
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for LocalLrs {
    fn drop(&mut self) {
        self.stop();
    }
}

//! The scoreboard page in a real headless Chromium (driven through chromedriver's WebDriver
//! API): a result submitted after the page loaded appears without a reload.
//!
//! Needs Debian's `chromium` and `chromium-driver`; `.ci/run` installs them.

mod common;

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{CODE, hash, played, start};
use dealcraft_core::bots::BotKind;
use dealcraft_core::score;
use dealcraft_server::Client;
use serde_json::{Value, json};

struct Driver {
    child: Child,
    base: String,
    session: String,
    agent: ureq::Agent,
    _profile: tempfile::TempDir,
}

impl Driver {
    fn start() -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver is not installed (apt-get install chromium chromium-driver)");
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while agent.get(format!("{base}/status")).call().is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                         "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync",
                         "--disable-dev-shm-usage", "--window-size=1600,900",
                         format!("--user-data-dir={}", profile.path().display())]
            }
        }}});
        let mut driver = Driver {
            child,
            base,
            session: String::new(),
            agent,
            _profile: profile,
        };
        let v = driver.call("POST", "/session", Some(caps));
        driver.session = v["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {v}"))
            .to_owned();
        driver
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{path}", self.base);
        let mut r = match method {
            "POST" => self
                .agent
                .post(&url)
                .send_json(body.unwrap_or(json!({})))
                .unwrap(),
            _ => self.agent.get(&url).call().unwrap(),
        };
        let v: Value = r.body_mut().read_json().unwrap();
        assert!(
            r.status().is_success(),
            "{method} {path}: {}",
            v["value"]["message"]
        );
        v["value"].clone()
    }

    fn go(&self, url: &str) {
        self.call(
            "POST",
            &format!("/session/{}/url", self.session),
            Some(json!({ "url": url })),
        );
    }

    fn js(&self, script: &str) -> Value {
        self.call(
            "POST",
            &format!("/session/{}/execute/sync", self.session),
            Some(json!({ "script": script, "args": [] })),
        )
    }

    /// Polls `script` until `ok` holds for its value; panics with the last value on timeout.
    fn wait_for(&self, script: &str, ok: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let v = self.js(script);
            if ok(&v) {
                return v;
            }
            assert!(Instant::now() < deadline, "timed out; last value: {v}");
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self
                .agent
                .delete(format!("{}/session/{}", self.base, self.session))
                .call();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn the_scoreboard_shows_a_new_result_without_a_reload() {
    let srv = start();
    let driver = Driver::start();
    driver.go(&srv.url("/"));
    // The page has loaded the (empty) board.
    driver.wait_for("return document.getElementById('title').textContent", |v| {
        v == "Tuesday cohort"
    });
    let empty = driver.js("return !document.getElementById('empty').hidden");
    assert_eq!(empty, json!(true), "the empty board says so");
    // A marker that a reload would wipe.
    driver.js("window.__stillHere = 'yes'; return null");

    let session = played(BotKind::Textbook);
    let overall = score(&session).overall;
    Client::new(&srv.addr().to_string(), CODE)
        .submit("Ann Lee", &session.log(&hash()), Some(overall))
        .unwrap();

    let row = driver.wait_for(
        "const r = document.querySelector('#board tbody tr');
         return r ? Array.from(r.cells).map(c => c.textContent) : null",
        |v| v.is_array(),
    );
    assert_eq!(row[0], "1");
    assert_eq!(row[1], "Ann Lee");
    assert_eq!(row[2], overall.to_string());
    assert_eq!(
        driver.js("return window.__stillHere"),
        json!("yes"),
        "no reload"
    );
    let funnel = driver.js("return document.getElementById('funnel').textContent");
    assert!(funnel.as_str().unwrap().contains("1 attempt"), "{funnel}");
    let headers = driver
        .js("return Array.from(document.querySelectorAll('#board th')).map(c => c.textContent)");
    assert!(
        headers.as_array().unwrap().iter().any(|h| h == "Needs"),
        "one column per stage: {headers}"
    );
    // A name that looks like HTML is shown as text.
    let weak = played(BotKind::Pushy);
    Client::new(&srv.addr().to_string(), CODE)
        .submit("<b>Bo</b>", &weak.log(&hash()), None)
        .unwrap();
    driver.wait_for(
        "return document.querySelectorAll('#board tbody tr').length",
        |v| v == 2,
    );
    let second =
        driver.js("return document.querySelectorAll('#board tbody tr')[1].cells[1].textContent");
    assert_eq!(second, json!("<b>Bo</b>"));
}

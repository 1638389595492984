//! The scoreboard page in a real headless Chromium (driven through chromedriver's WebDriver
//! API): a result submitted after the page loaded appears without a reload, and a board of 100
//! players with long and very wide names stays readable (a screenshot goes to
//! `$DEALCRAFT_SCREENSHOTS` when it is set, as in the CI demo).
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

    /// A PNG of the window.
    fn screenshot(&self) -> Vec<u8> {
        let v = self.call(
            "GET",
            &format!("/session/{}/screenshot", self.session),
            None,
        );
        base64(v.as_str().expect("a base64 screenshot"))
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

/// Standard base64, as WebDriver sends screenshots.
fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let digits: Vec<u8> = text
        .bytes()
        .filter(|c| *c != b'=' && !c.is_ascii_whitespace())
        .map(value)
        .collect();
    digits
        .chunks(4)
        .flat_map(|c| {
            let n = c
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, d)| n | u32::from(*d) << (18 - 6 * i));
            let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
            bytes.into_iter().take(c.len().saturating_sub(1))
        })
        .collect()
}

/// 100 players: plain names, 40-character ones, 40 × U+FDFD (one very wide glyph each) and
/// wide CJK names.
fn hundred_names() -> Vec<String> {
    let words = [
        "Amber", "Birch", "Cedar", "Dune", "Ember", "Fjord", "Grove", "Heath", "Iris", "Juniper",
    ];
    (0..100)
        .map(|i| {
            let base = format!("{} {}", words[i % 10], words[(i / 10) % 10]);
            match i % 10 {
                1 => format!("{base} the Negotiator of Large Fleets {i:02}")
                    .chars()
                    .take(40)
                    .collect(),
                4 => "\u{FDFD}".repeat(39) + &char::from(b'a' + (i / 10) as u8).to_string(),
                7 => format!(
                    "山田太郎株式会社営業部第{}課の鈴木一郎と佐藤花子と高橋健太と田中美咲と伊藤翔",
                    i / 10
                )
                .chars()
                .take(40)
                .collect(),
                _ => base,
            }
        })
        .collect()
}

#[test]
fn a_board_of_100_players_with_long_and_wide_names_stays_readable() {
    let srv = start();
    let client = Client::new(&srv.addr().to_string(), CODE);
    let logs: Vec<_> = [
        BotKind::Textbook,
        BotKind::Pushy,
        BotKind::Discounter,
        BotKind::Random,
    ]
    .map(|b| played(b).log(&hash()))
    .to_vec();
    let names = hundred_names();
    for (i, name) in names.iter().enumerate() {
        // Every kind of name among the best, so the screenshot shows them all.
        client.submit(name, &logs[(i / 10) % 4], None).unwrap();
    }
    let driver = Driver::start();
    driver.go(&srv.url("/"));
    driver.wait_for(
        "return document.querySelectorAll('#board tbody tr').length",
        |v| v == 100,
    );
    let png = driver.screenshot();
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");
    let dir = std::env::var_os("DEALCRAFT_SCREENSHOTS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("11-scoreboard-100-players.png"), &png).unwrap();
    // Nothing runs off the right edge, and every row is one line high.
    let widths = driver.js("return [document.documentElement.scrollWidth, window.innerWidth]");
    assert!(
        widths[0].as_f64() <= widths[1].as_f64(),
        "the board is wider than the window: {widths}"
    );
    let edges = driver.js(
        "return [document.getElementById('board').getBoundingClientRect().right,
                 document.querySelector('aside').getBoundingClientRect().left]",
    );
    assert!(
        edges[0].as_f64() <= edges[1].as_f64(),
        "the board runs into the funnel: {edges}"
    );
    let heights = driver.js(
        "return Array.from(document.querySelectorAll('#board tbody tr')).map(r => r.getBoundingClientRect().height)",
    );
    let heights: Vec<f64> = heights
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_f64().unwrap())
        .collect();
    let (lo, hi) = heights
        .iter()
        .fold((f64::MAX, 0f64), |(lo, hi), h| (lo.min(*h), hi.max(*h)));
    assert!(hi <= lo * 1.2, "rows from {lo} to {hi} px high");
    // A long name is cut with an ellipsis and shown whole on hover.
    let cut = driver.js(
        "return Array.from(document.querySelectorAll('#board td.name span'))
           .map(s => [s.title, s.textContent, s.scrollWidth > s.clientWidth,
                      getComputedStyle(s).textOverflow])",
    );
    let cut = cut.as_array().unwrap();
    for row in cut {
        assert_eq!(row[0], row[1], "the title is the whole name");
        assert_eq!(row[3], "ellipsis");
    }
    let long = cut.iter().filter(|r| r[2] == json!(true)).count();
    assert!(long >= 20, "only {long} names were cut");
}

//! A Learning Record Store over HTTP: post statements, read them back. Any xAPI 1.0.3 LRS with
//! HTTP basic auth (Ralph, Learning Locker, SCORM Cloud, an LMS's own LRS).

use std::time::Duration;

use base64::Engine;
use serde_json::Value;

use crate::XapiError;
use crate::config::Config;

/// The xAPI version every request names.
pub const XAPI_VERSION: &str = "1.0.3";

/// The most of an answer kept to report: enough for any error message.
const ANSWER_CHARS: usize = 600;

/// What the LRS said to a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The HTTP status; 0 when no answer came (refused, timed out, no such host).
    pub status: u16,
    /// The body (cut to a few hundred characters), or the network error.
    pub text: String,
}

impl Answer {
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The answer as a report line: `503: Service Unavailable`, or the network error.
    pub fn describe(&self) -> String {
        if self.status == 0 {
            format!("no answer: {}", self.text)
        } else if self.text.is_empty() {
            format!("HTTP {}", self.status)
        } else {
            format!("HTTP {}: {}", self.status, self.text)
        }
    }
}

pub struct Lrs {
    /// The endpoint without its trailing `/`.
    endpoint: String,
    auth: String,
    agent: ureq::Agent,
}

impl Lrs {
    pub fn new(config: &Config) -> Lrs {
        let credentials = format!("{}:{}", config.key, config.secret);
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(config.timeout_secs.max(1))))
            .build()
            .into();
        Lrs {
            endpoint: config.endpoint.trim().trim_end_matches('/').to_owned(),
            auth: format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(credentials)
            ),
            agent,
        }
    }

    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Posts statements given as JSON texts, in one request.
    pub fn post(&self, statements: &[&str]) -> Answer {
        let body = format!("[{}]", statements.join(","));
        let sent = self
            .agent
            .post(format!("{}/statements", self.endpoint))
            .header("Authorization", &self.auth)
            .header("X-Experience-API-Version", XAPI_VERSION)
            .header("Content-Type", "application/json")
            .send(body);
        answer(sent)
    }

    /// Every statement matching `query` (`registration`, `since`, ...), following the LRS's
    /// `more` links page by page.
    pub fn statements(&self, query: &[(&str, &str)]) -> Result<Vec<Value>, XapiError> {
        let mut out = Vec::new();
        let mut url = format!("{}/statements", self.endpoint);
        let mut first = true;
        loop {
            let mut request = self
                .agent
                .get(&url)
                .header("Authorization", &self.auth)
                .header("X-Experience-API-Version", XAPI_VERSION);
            if first {
                for (k, v) in query {
                    request = request.query(*k, *v);
                }
            }
            let a = answer(request.call());
            if !a.ok() {
                return Err(XapiError::Lrs(a.describe()));
            }
            let page: Value = serde_json::from_str(&a.text)
                .map_err(|e| XapiError::Lrs(format!("not a statement result: {e}")))?;
            if let Some(list) = page["statements"].as_array() {
                out.extend(list.iter().cloned());
            }
            match page["more"].as_str().filter(|m| !m.is_empty()) {
                Some(more) => {
                    url = self.resolve(more);
                    first = false;
                }
                None => return Ok(out),
            }
        }
    }

    /// A `more` link: relative to the LRS's host, or absolute.
    fn resolve(&self, more: &str) -> String {
        if more.starts_with("http://") || more.starts_with("https://") {
            return more.to_owned();
        }
        let after_scheme = self.endpoint.find("://").map_or(0, |i| i + 3);
        let host_end = self.endpoint[after_scheme..]
            .find('/')
            .map_or(self.endpoint.len(), |i| after_scheme + i);
        format!("{}{more}", &self.endpoint[..host_end])
    }

    /// Checks that the LRS answers and takes the key and secret: its `about` resource, then an
    /// authenticated read of one statement.
    pub fn check(&self) -> Result<String, XapiError> {
        let about = answer(self.agent.get(format!("{}/about", self.endpoint)).call());
        let read = answer(
            self.agent
                .get(format!("{}/statements", self.endpoint))
                .query("limit", "1")
                .header("Authorization", &self.auth)
                .header("X-Experience-API-Version", XAPI_VERSION)
                .call(),
        );
        match read.status {
            200..300 => Ok(match serde_json::from_str::<Value>(&about.text) {
                Ok(v) if about.ok() => format!("xAPI versions {}", v["version"]),
                _ => "it answers".to_owned(),
            }),
            401 | 403 => Err(XapiError::Lrs(format!(
                "the LRS refused the key and secret ({})",
                read.describe()
            ))),
            _ => Err(XapiError::Lrs(read.describe())),
        }
    }
}

fn answer(sent: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
    match sent {
        Err(e) => Answer {
            status: 0,
            text: e.to_string(),
        },
        Ok(mut response) => {
            let status = response.status().as_u16();
            let text = response
                .body_mut()
                .with_config()
                .limit(64 * 1024 * 1024)
                .read_to_string()
                .unwrap_or_else(|e| format!("(the answer could not be read: {e})"));
            let text = if (200..300).contains(&status) {
                text
            } else {
                cut(&text)
            };
            Answer { status, text }
        }
    }
}

/// An error body cut to [`ANSWER_CHARS`], on one line.
fn cut(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= ANSWER_CHARS {
        return one_line;
    }
    let mut out: String = one_line.chars().take(ANSWER_CHARS).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_links_resolve_against_the_host() {
        let config = Config {
            endpoint: "http://127.0.0.1:8100/xAPI/".into(),
            ..Config::default()
        };
        let lrs = Lrs::new(&config);
        assert_eq!(lrs.endpoint(), "http://127.0.0.1:8100/xAPI");
        assert_eq!(
            lrs.resolve("/xAPI/statements/?pit_id=x"),
            "http://127.0.0.1:8100/xAPI/statements/?pit_id=x"
        );
        assert_eq!(lrs.resolve("https://other/x"), "https://other/x");
    }

    #[test]
    fn an_unreachable_lrs_is_status_0_with_the_reason() {
        let config = Config {
            // Port 9 (discard) is closed on a test machine: the connection is refused.
            endpoint: "http://127.0.0.1:9/xAPI".into(),
            timeout_secs: 5,
            ..Config::default()
        };
        let a = Lrs::new(&config).post(&["{}"]);
        assert_eq!(a.status, 0);
        assert!(a.describe().starts_with("no answer: "), "{}", a.describe());
    }

    #[test]
    fn long_answers_are_cut_to_one_line() {
        let long = "word\n".repeat(500);
        let c = cut(&long);
        assert!(c.ends_with('…') && !c.contains('\n'));
        assert_eq!(c.chars().count(), ANSWER_CHARS + 1);
    }
}

//! A client for the workshop server: what the desktop app, `dealcraft play --server` and the load
//! test use to fetch a workshop and submit a finished session.

use std::time::Duration;

use dealcraft_core::{LoadedScenario, SessionLog, load_scenario};
use serde::de::DeserializeOwned;
use serde_json::json;
use thiserror::Error;

use crate::api::{Accepted, WorkshopInfo};

#[derive(Debug, Error)]
pub enum ClientError {
    #[error("cannot reach the workshop server at {base}: {message}")]
    Unreachable { base: String, message: String },
    /// The server refused the request; `message` is its explanation.
    #[error("the server refused ({status}): {message}")]
    Refused { status: u16, message: String },
    #[error("the server sent something unexpected: {0}")]
    Protocol(String),
    #[error("the workshop's scenario does not load here:\n{0}")]
    Scenario(String),
}

/// A workshop fetched from a server, with its scenario parsed and hash-checked.
pub struct Joined {
    pub info: WorkshopInfo,
    /// The scenario as parsed from `info.scenario`, with its (checked) hash.
    pub scenario: LoadedScenario,
}

#[derive(Clone)]
pub struct Client {
    base: String,
    code: String,
    agent: ureq::Agent,
}

impl Client {
    /// `address` is `host:port` or an `http://` URL.
    pub fn new(address: &str, code: &str) -> Client {
        let address = address.trim().trim_end_matches('/');
        let base = if address.starts_with("http://") || address.starts_with("https://") {
            address.to_owned()
        } else {
            format!("http://{address}")
        };
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(15)))
            // The server closes a connection idle for 10 s: never reuse one that old.
            .max_idle_age(Duration::from_secs(5))
            .build()
            .into();
        Client {
            base,
            code: code.trim().to_owned(),
            agent,
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// Fetches the workshop and loads its scenario, checking it hashes as the server says.
    pub fn join(&self) -> Result<Joined, ClientError> {
        let info: WorkshopInfo = self.read(
            self.agent
                .get(format!("{}/api/workshop", self.base))
                .header("X-Workshop-Code", &self.code)
                .call(),
        )?;
        let scenario = load_scenario(
            &format!("{}/api/workshop", self.base),
            info.scenario.as_bytes(),
        )
        .map_err(|d| ClientError::Scenario(d.to_string()))?;
        if scenario.hash != info.scenario_hash {
            return Err(ClientError::Protocol(format!(
                "the scenario hashes to {}, the server says {}",
                scenario.hash, info.scenario_hash
            )));
        }
        Ok(Joined { info, scenario })
    }

    /// Submits a finished session's log; the server replays it and answers with its own score.
    pub fn submit(
        &self,
        player: &str,
        log: &SessionLog,
        claimed_overall: Option<u32>,
    ) -> Result<Accepted, ClientError> {
        let body = json!({
            "code": self.code,
            "player": player,
            "log": log,
            "claimed_overall": claimed_overall,
        });
        self.read(
            self.agent
                .post(format!("{}/api/attempts", self.base))
                .send_json(&body),
        )
    }

    fn read<T: DeserializeOwned>(
        &self,
        sent: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<T, ClientError> {
        let mut response = sent.map_err(|e| ClientError::Unreachable {
            base: self.base.clone(),
            message: e.to_string(),
        })?;
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .read_to_string()
            .map_err(|e| ClientError::Protocol(e.to_string()))?;
        if !(200..300).contains(&status) {
            let message = serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|v| v["error"].as_str().map(str::to_owned))
                .unwrap_or(text);
            return Err(ClientError::Refused { status, message });
        }
        serde_json::from_str(&text).map_err(|e| ClientError::Protocol(e.to_string()))
    }
}

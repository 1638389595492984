//! The LRS settings file (`lrs.ron` in the data folder): where statements go, the credentials,
//! and how players and activities are named. Credentials live only here: never on the command
//! line, never in the database.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::XapiError;

/// Names the file when `DEALCRAFT_LRS_CONFIG` does not point elsewhere.
pub const FILE_NAME: &str = "lrs.ron";

/// Where activities live when the settings name no base: an address that is clearly not yours.
pub const DEFAULT_BASE: &str = "https://dealcraft.invalid/xapi";

/// The settings file, written `Lrs(...)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Lrs", deny_unknown_fields, default)]
pub struct Config {
    /// The LRS's xAPI endpoint, e.g. `https://lrs.example.com/xAPI/`; statements go to
    /// `ENDPOINT/statements`.
    pub endpoint: String,
    /// The LRS's key (basic-auth user) and secret (password).
    pub key: String,
    pub secret: String,
    /// The IRI every activity and extension of Dealcraft's lives under: scenarios are
    /// `BASE/scenarios/ID`, tracks `BASE/tracks/ID`.
    pub activity_base: String,
    /// The home page of the system players' accounts belong to (the LMS, the company's
    /// directory): each actor is `account: {homePage, name}`.
    pub home_page: String,
    /// How each player is named in the LRS, by their name in Dealcraft: an account id, or an
    /// email. Players not listed are `account: {homePage, name: THEIR NAME}`.
    pub players: BTreeMap<String, PlayerId>,
    /// Statements per request.
    pub batch: usize,
    /// Seconds to wait for the LRS on each request.
    pub timeout_secs: u64,
}

/// A player's identity in the LRS.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PlayerId {
    /// Their account name (an employee id) under `home_page`.
    pub account: Option<String>,
    /// Their email: the actor becomes `mbox: "mailto:..."` instead of an account.
    pub email: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            endpoint: String::new(),
            key: String::new(),
            secret: String::new(),
            activity_base: DEFAULT_BASE.into(),
            home_page: "https://dealcraft.invalid".into(),
            players: BTreeMap::new(),
            batch: 50,
            timeout_secs: 30,
        }
    }
}

/// The settings as loaded, with anything the user should hear about them.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub config: Config,
    pub path: PathBuf,
    /// Set when the file was not there: the defaults apply (enough to export, not to send).
    pub missing: bool,
    pub warnings: Vec<String>,
}

impl Config {
    /// Where the settings are: `$DEALCRAFT_LRS_CONFIG`, else `lrs.ron` in `data_dir`.
    pub fn path(data_dir: &Path) -> PathBuf {
        std::env::var_os("DEALCRAFT_LRS_CONFIG")
            .map(PathBuf::from)
            .unwrap_or_else(|| data_dir.join(FILE_NAME))
    }

    /// Reads the settings at `path`; a missing file gives the defaults, marked as missing.
    pub fn load(path: &Path) -> Result<Loaded, XapiError> {
        let shown = path.display().to_string();
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Loaded {
                    config: Config::default(),
                    path: path.to_owned(),
                    missing: true,
                    warnings: Vec::new(),
                });
            }
            Err(e) => return Err(XapiError::Config(format!("{shown}: cannot read: {e}"))),
        };
        let config = Config::parse(&shown, &text)?;
        let mut warnings = Vec::new();
        if let Some(w) = readable_by_others(path) {
            warnings.push(w);
        }
        Ok(Loaded {
            config,
            path: path.to_owned(),
            missing: false,
            warnings,
        })
    }

    /// Parses and checks settings text; `file` names it in errors (`FILE:LINE:COLUMN: ...`).
    pub fn parse(file: &str, text: &str) -> Result<Config, XapiError> {
        let config: Config = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(text)
            .map_err(|e| {
                XapiError::Config(format!(
                    "{file}:{}:{}: {}",
                    e.span.start.line, e.span.start.col, e.code
                ))
            })?;
        config.check(file)?;
        Ok(config)
    }

    fn check(&self, file: &str) -> Result<(), XapiError> {
        let bad = |what: String| Err(XapiError::Config(format!("{file}: {what}")));
        if !is_absolute_iri(&self.activity_base) {
            return bad(format!(
                "activity_base `{}` must be an absolute address such as \
                 \"https://training.example.com/dealcraft\"",
                self.activity_base
            ));
        }
        if !is_absolute_iri(&self.home_page) {
            return bad(format!(
                "home_page `{}` must be an absolute address such as \"https://lms.example.com\"",
                self.home_page
            ));
        }
        let web = ["http://", "https://"];
        if !self.endpoint.is_empty() && !web.iter().any(|w| self.endpoint.starts_with(w)) {
            return bad(format!(
                "endpoint `{}` must start with http:// or https://",
                self.endpoint
            ));
        }
        if self.batch == 0 || self.batch > 1000 {
            return bad(format!("batch {} must be 1 to 1000", self.batch));
        }
        for (name, id) in &self.players {
            if let Some(email) = &id.email
                && (email.starts_with("mailto:") || !email.contains('@'))
            {
                return bad(format!(
                    "player `{name}`: email `{email}` must be a plain address, like \"ann@example.com\""
                ));
            }
            if id.account.as_deref().is_some_and(|a| a.trim().is_empty()) {
                return bad(format!("player `{name}`: an empty account"));
            }
        }
        Ok(())
    }

    /// What is missing to send: the endpoint, key and secret.
    pub fn check_sending(&self, path: &Path) -> Result<(), XapiError> {
        let missing: Vec<&str> = [
            ("endpoint", &self.endpoint),
            ("key", &self.key),
            ("secret", &self.secret),
        ]
        .into_iter()
        .filter(|(_, v)| v.trim().is_empty())
        .map(|(k, _)| k)
        .collect();
        if missing.is_empty() {
            return Ok(());
        }
        Err(XapiError::Config(format!(
            "{}: no {} to send to a learning record store; docs/lms.md shows the file",
            path.display(),
            missing.join(", ")
        )))
    }

    /// The base without a trailing `/`.
    pub fn base(&self) -> &str {
        self.activity_base.trim_end_matches('/')
    }

    /// A player's identity, by their name as the store keeps it (ASCII case ignored).
    pub fn player(&self, name: &str) -> Option<&PlayerId> {
        self.players
            .iter()
            .find(|(n, _)| n.trim().eq_ignore_ascii_case(name.trim()))
            .map(|(_, id)| id)
    }
}

/// `scheme://host...`: what activity ids and home pages must be.
fn is_absolute_iri(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once("://") else {
        return false;
    };
    !scheme.is_empty()
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        && !rest.is_empty()
        && !text
            .chars()
            .any(|c| c.is_whitespace() || "<>\"{}|\\^`".contains(c))
}

/// A warning when others on this machine can read the secret.
#[cfg(unix)]
fn readable_by_others(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode();
    (mode & 0o077 != 0).then(|| {
        format!(
            "{} holds the LRS secret but other users can read it; run `chmod 600 {}`",
            path.display(),
            path.display()
        )
    })
}

#[cfg(not(unix))]
fn readable_by_others(_: &Path) -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_file_reads_and_a_typo_names_its_line() {
        let text = r#"Lrs(
            endpoint: "http://127.0.0.1:8100/xAPI/",
            key: "k",
            secret: "s",
            activity_base: "https://training.example.com/dealcraft/",
            home_page: "https://lms.example.com",
            players: {"Ann Lee": (account: "emp-42"), "Bo": (email: "bo@example.com")},
        )"#;
        let c = Config::parse("lrs.ron", text).unwrap();
        assert_eq!(c.base(), "https://training.example.com/dealcraft");
        assert_eq!(
            c.player("ann lee").unwrap().account.as_deref(),
            Some("emp-42")
        );
        assert_eq!(c.batch, 50, "defaults fill what is left out");
        let err = Config::parse("lrs.ron", "Lrs(\n  endpont: \"x\")").unwrap_err();
        assert!(err.to_string().starts_with("lrs.ron:2:"), "{err}");
        assert!(err.to_string().contains("endpont"), "{err}");
    }

    #[test]
    fn addresses_and_emails_are_checked() {
        let err = Config::parse("f", "(activity_base: \"dealcraft\")").unwrap_err();
        assert!(err.to_string().contains("absolute address"), "{err}");
        let err =
            Config::parse("f", "(players: {\"Ann\": (email: \"mailto:a@b.c\")})").unwrap_err();
        assert!(err.to_string().contains("plain address"), "{err}");
        let err = Config::parse("f", "(endpoint: \"lrs.example.com\")").unwrap_err();
        assert!(err.to_string().contains("http://"), "{err}");
    }

    #[test]
    fn sending_needs_endpoint_key_and_secret() {
        let c = Config::parse("f", "(endpoint: \"http://x/xAPI\")").unwrap();
        let err = c.check_sending(Path::new("lrs.ron")).unwrap_err();
        assert!(err.to_string().contains("no key, secret"), "{err}");
    }

    /// Every settings file shown in docs/lms.md reads as shown (the core's docs test checks only
    /// their RON syntax: the settings are this crate's).
    #[test]
    fn the_settings_files_in_the_docs_read() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/lms.md");
        let doc = std::fs::read_to_string(&path).unwrap();
        let blocks: Vec<&str> = doc
            .split("```ron syntax\n")
            .skip(1)
            .filter_map(|rest| rest.split("```").next())
            .filter(|b| b.trim_start().starts_with("Lrs("))
            .collect();
        assert_eq!(blocks.len(), 2, "the local and the company settings");
        for b in blocks {
            let c = Config::parse("docs/lms.md", b).unwrap_or_else(|e| panic!("{e}\n{b}"));
            assert!(c.check_sending(Path::new("lrs.ron")).is_ok(), "{b}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_secret_others_can_read_is_a_warning() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lrs.ron");
        std::fs::write(&path, "(key: \"k\", secret: \"s\")").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(Config::load(&path).unwrap().warnings[0].contains("chmod 600"));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(Config::load(&path).unwrap().warnings.is_empty());
        let none = Config::load(&dir.path().join("none.ron")).unwrap();
        assert!(none.missing);
    }
}

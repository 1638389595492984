//! Reading RON files into typed values, turning every failure into a located diagnostic.

use std::fmt;

use ron::error::Error as RonError;
use ron::extensions::Extensions;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use crate::diag::{Diagnostic, Severity, did_you_mean};
use crate::rubric::Rubric;
use crate::scenario::Scenario;
use crate::validate;

/// Files larger than this are refused before parsing: no scenario needs more.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// A non-empty list of diagnostics that made a file unusable (errors first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// A scenario that parsed and validated, with its warnings and content hash.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    pub scenario: Scenario,
    pub warnings: Vec<Diagnostic>,
    /// Hex SHA-256 of the file's bytes: identifies the exact version in logs.
    pub hash: String,
}

#[derive(Debug, Clone)]
pub struct LoadedRubric {
    pub rubric: Rubric,
    pub warnings: Vec<Diagnostic>,
}

/// Hex SHA-256 of a file's bytes.
pub fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Parses and validates a scenario file. `file` names it in diagnostics.
pub fn load_scenario(file: &str, bytes: &[u8]) -> Result<LoadedScenario, Diagnostics> {
    let source = decode(file, bytes)?;
    let scenario: Scenario = parse_ron(file, &source)?;
    let diags = validate::scenario(file, &source, &scenario);
    let (errors, warnings): (Vec<_>, Vec<_>) = diags.into_iter().partition(Diagnostic::is_error);
    if !errors.is_empty() {
        return Err(Diagnostics(errors.into_iter().chain(warnings).collect()));
    }
    Ok(LoadedScenario {
        scenario,
        warnings,
        hash: content_hash(bytes),
    })
}

/// Parses and validates a rubric file.
pub fn load_rubric(file: &str, bytes: &[u8]) -> Result<LoadedRubric, Diagnostics> {
    let source = decode(file, bytes)?;
    let rubric: Rubric = parse_ron(file, &source)?;
    let diags = validate::rubric(file, &source, &rubric);
    let (errors, warnings): (Vec<_>, Vec<_>) = diags.into_iter().partition(Diagnostic::is_error);
    if !errors.is_empty() {
        return Err(Diagnostics(errors.into_iter().chain(warnings).collect()));
    }
    Ok(LoadedRubric { rubric, warnings })
}

/// Checks size and encoding; strips a byte-order mark.
fn decode(file: &str, bytes: &[u8]) -> Result<String, Diagnostics> {
    let one = |source: &str, offset: usize, msg: String, hint: &str| {
        Diagnostics(vec![Diagnostic::at_offset(
            Severity::Error,
            file,
            source,
            offset,
            msg,
            Some(hint.to_owned()),
        )])
    };
    if bytes.len() > MAX_FILE_BYTES {
        return Err(one(
            "",
            0,
            format!(
                "the file is {} bytes; the limit is {MAX_FILE_BYTES}",
                bytes.len()
            ),
            "a scenario is text of a few kilobytes: is this the right file?",
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) if s.trim().is_empty() => Err(one(
            s,
            0,
            "the file is empty".into(),
            "a scenario starts with `(` and names `id`, `title`, `client`, ... (see `dealcraft new`)",
        )),
        Ok(s) => Ok(s.to_owned()),
        Err(e) => {
            // Show the valid part: the position is exact, the line lossy past the bad byte.
            let lossy = String::from_utf8_lossy(bytes).into_owned();
            Err(one(
                &lossy,
                e.valid_up_to(),
                "the file is not valid UTF-8 text".into(),
                "save the file as UTF-8 (it may be binary, or in a legacy encoding such as Windows-1251)",
            ))
        }
    }
}

/// RON options shared by scenarios and rubrics: `Some(..)` may be left out around options.
fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

fn parse_ron<T: DeserializeOwned>(file: &str, source: &str) -> Result<T, Diagnostics> {
    ron_options().from_str(source).map_err(|e| {
        let (message, hint) = explain(&e.code);
        let start = e.span.start;
        Diagnostics(vec![Diagnostic::at_line_col(
            Severity::Error,
            file,
            source,
            start.line,
            start.col,
            message,
            hint,
        )])
    })
}

/// A message and a hint for each RON error, in the trainer's terms.
fn explain(code: &RonError) -> (String, Option<String>) {
    let one_of = |expected: &[&str]| {
        let list: Vec<String> = expected.iter().map(|e| format!("`{e}`")).collect();
        format!("expected one of {}", list.join(", "))
    };
    let within = |outer: &Option<String>| {
        outer
            .as_ref()
            .map(|o| format!(" in `{o}`"))
            .unwrap_or_default()
    };
    match code {
        RonError::NoSuchStructField {
            expected,
            found,
            outer,
        } => (
            format!("unknown field `{found}`{}", within(outer)),
            Some(match did_you_mean(found, expected.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => one_of(expected),
            }),
        ),
        RonError::MissingStructField { field, outer } => (
            format!("missing field `{field}`{}", within(outer)),
            Some(format!("add `{field}: ...` before the closing `)`")),
        ),
        RonError::DuplicateStructField { field, outer } => (
            format!("field `{field}` is given twice{}", within(outer)),
            Some("keep one of them".into()),
        ),
        RonError::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => (
            format!("unknown value `{found}`{}", within(outer)),
            Some(match did_you_mean(found, expected.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? ({})", one_of(expected)),
                None => one_of(expected),
            }),
        ),
        RonError::InvalidValueForType { expected, found } => {
            (format!("expected {expected}, found {found}"), None)
        }
        RonError::ExpectedDifferentLength { expected, found } => (
            format!("expected {expected}, found {found} element(s)"),
            None,
        ),
        RonError::Eof => (
            "unexpected end of file".into(),
            Some("a `(`, `[` or `{` is probably not closed, or a value is missing".into()),
        ),
        RonError::ExpectedComma => (
            "expected a comma".into(),
            Some("separate fields and list items with `,`".into()),
        ),
        RonError::ExpectedStringEnd => (
            "this string is not closed".into(),
            Some("add the closing `\"`".into()),
        ),
        RonError::ExceededRecursionLimit => (
            "the file is nested too deeply".into(),
            Some("a scenario needs only a few levels of brackets".into()),
        ),
        RonError::IntegerOutOfBounds => (
            "this number is out of range".into(),
            Some(
                "prices and counts are whole numbers of at most 19 digits and never negative"
                    .into(),
            ),
        ),
        RonError::TrailingCharacters => (
            "unexpected text after the end of the scenario".into(),
            Some("the whole scenario is one `( ... )`; remove what follows it".into()),
        ),
        RonError::ExpectedInteger => ("expected a whole number".into(), None),
        RonError::ExpectedFloat => (
            "expected a number".into(),
            Some("write decimals with a dot: `0.4`".into()),
        ),
        RonError::ExpectedString => ("expected a string in double quotes".into(), None),
        other => {
            let text = other.to_string();
            let mut chars = text.chars();
            let lower = match chars.next() {
                Some(c) => c.to_lowercase().chain(chars).collect(),
                None => text,
            };
            (lower, None)
        }
    }
}

/// Parses a script: a RON list of moves, e.g. `[Greet(Direct), SetAgenda, Ask(kind: Problem)]`.
pub fn parse_moves(file: &str, bytes: &[u8]) -> Result<Vec<crate::moves::Move>, Diagnostics> {
    let source = decode(file, bytes)?;
    parse_ron(file, &source)
}

/// Parses one move written in RON, e.g. `Offer(price: 45000)`.
pub fn parse_move(text: &str) -> Result<crate::moves::Move, String> {
    ron_options().from_str(text).map_err(|e| explain(&e.code).0)
}

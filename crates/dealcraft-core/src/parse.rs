//! Reading RON files into typed values, turning every failure into a located diagnostic.

use std::fmt;

use ron::error::Error as RonError;
use ron::extensions::Extensions;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use crate::diag::{Diagnostic, Severity, did_you_mean, line_col, offset_of};
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
        Ok(s)
            if s.trim_start().starts_with('/')
                && lex(s)
                    .iter()
                    .zip(s.bytes())
                    .all(|(k, b)| *k == Lex::Comment || b.is_ascii_whitespace()) =>
        {
            // Otherwise RON reports a missing `(` at the end of the last comment.
            let first = s.len() - s.trim_start().len();
            Err(one(
                s,
                first,
                "the file has only comments, no scenario".into(),
                "a scenario starts with `(` and names `id`, `title`, `client`, ... (see `dealcraft new`)",
            ))
        }
        Ok(s) => Ok(s.to_owned()),
        Err(e) => {
            // Show the text as it was probably meant: the position is the first bad byte either way.
            if let Some(text) = windows_1251(bytes) {
                // One character per byte: the n-th byte is the n-th character.
                let offset = text
                    .char_indices()
                    .nth(e.valid_up_to())
                    .map_or(text.len(), |(i, _)| i);
                return Err(one(
                    &text,
                    offset,
                    "the file is not UTF-8: it looks like Russian text saved as Windows-1251"
                        .into(),
                    "save it again as UTF-8 (in Notepad: Save as → Encoding: UTF-8)",
                ));
            }
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

/// The text of `bytes` read as Windows-1251, if it looks like Cyrillic text in that encoding:
/// non-ASCII bytes are mostly letters (А–я, Ё, ё) that come in runs, as words do. One
/// replacement character per undecodable byte keeps offsets and columns in step.
fn windows_1251(bytes: &[u8]) -> Option<String> {
    let letter = |b: u8| b >= 0xC0 || b == 0xA8 || b == 0xB8;
    let high: Vec<usize> = (0..bytes.len()).filter(|&i| bytes[i] >= 0x80).collect();
    let letters = high.iter().filter(|&&i| letter(bytes[i])).count();
    let in_runs = high
        .iter()
        .filter(|&&i| {
            (i > 0 && letter(bytes[i - 1])) || bytes.get(i + 1).is_some_and(|&b| letter(b))
        })
        .count();
    if high.len() < 4 || letters * 10 < high.len() * 9 || in_runs * 2 < high.len() {
        return None;
    }
    let text = bytes
        .iter()
        .map(|&b| match b {
            0..=0x7F => char::from(b),
            0xA8 => 'Ё',
            0xB8 => 'ё',
            0xAB => '«',
            0xBB => '»',
            0xB9 => '№',
            0x96 => '–',
            0x97 => '—',
            0xC0..=0xFF => char::from_u32(0x410 + u32::from(b - 0xC0)).unwrap_or('\u{FFFD}'),
            _ => '\u{FFFD}',
        })
        .collect();
    Some(text)
}

/// RON options shared by scenarios and rubrics: `Some(..)` may be left out around options.
fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

fn parse_ron<T: DeserializeOwned>(file: &str, source: &str) -> Result<T, Diagnostics> {
    ron_options().from_str(source).map_err(|e| {
        let start = offset_of(source, e.span.start.line, e.span.start.col);
        let (offset, message, hint) = refine(&e.code, source, start);
        Diagnostics(vec![Diagnostic::at_offset(
            Severity::Error,
            file,
            source,
            offset,
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
        } => {
            // Name every field there is: a script's `Ask(needs: ..)` must not pass for `Ask`.
            let fields: Vec<String> = expected.iter().map(|e| format!("`{e}`")).collect();
            let has = match outer {
                Some(o) => format!("`{o}` has {}", fields.join(", ")),
                None => format!("the fields are {}", fields.join(", ")),
            };
            (
                format!("unknown field `{found}`{}", within(outer)),
                Some(match suggest(found, expected) {
                    Some(s) => format!("did you mean `{s}`? {has}"),
                    None => has,
                }),
            )
        }
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
            Some(match suggest(found, expected) {
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
        RonError::ExpectedDifferentStructName { expected, found } => (
            format!("expected `{expected}`, found `{found}`"),
            Some(format!("did you mean `{expected}`?")),
        ),
        RonError::ExpectedNamedStructLike(name) if !name.is_empty() => {
            (format!("expected `(` to start `{name}`"), None)
        }
        RonError::ExpectedStructLike | RonError::ExpectedNamedStructLike(_) => {
            ("expected `(`".into(), None)
        }
        RonError::ExpectedStructLikeEnd | RonError::ExpectedOptionEnd => {
            ("expected the closing `)`".into(), None)
        }
        RonError::ExpectedArray => ("expected a list in `[ ]`".into(), None),
        RonError::ExpectedArrayEnd => ("expected the closing `]`".into(), None),
        RonError::ExpectedMap => ("expected a map in `{ }`".into(), None),
        RonError::ExpectedMapEnd => ("expected the closing `}`".into(), None),
        RonError::ExpectedMapColon => (
            "expected `:` after the field name".into(),
            Some("write each field as `name: value`".into()),
        ),
        RonError::ExpectedBoolean => ("expected `true` or `false`".into(), None),
        RonError::ExpectedIdentifier => ("expected a name".into(), None),
        RonError::SuggestRawIdentifier(name) | RonError::InvalidIdentifier(name) => {
            (format!("`{name}` is not a valid name"), None)
        }
        RonError::UnexpectedChar(c) => (format!("unexpected `{c}`"), None),
        RonError::UnclosedBlockComment => (
            "this comment is never closed".into(),
            Some("end it with `*/`".into()),
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

/// The expected name `found` was probably meant as: the same but for case, or a near typo.
fn suggest(found: &str, expected: &[&'static str]) -> Option<&'static str> {
    expected
        .iter()
        .copied()
        .find(|e| e.eq_ignore_ascii_case(found))
        .or_else(|| did_you_mean(found, expected.iter().copied()))
}

/// What a byte of the source is part of, for finding things by their text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lex {
    Code,
    /// A string literal, quotes included.
    Str,
    /// A `//` or `/* */` comment.
    Comment,
}

/// Classifies every byte of `source`; an unclosed string or comment runs to the end.
pub(crate) fn lex(source: &str) -> Vec<Lex> {
    let b = source.as_bytes();
    let mut out = vec![Lex::Code; b.len()];
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < b.len() {
        let start = i;
        let kind = match (b[i], b.get(i + 1)) {
            (b'"', _) => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                Lex::Str
            }
            (b'r', Some(b'"' | b'#')) if i == 0 || !ident(b[i - 1]) => {
                let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
                if b.get(i + 1 + hashes) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let close: Vec<u8> = std::iter::once(b'"')
                    .chain(std::iter::repeat_n(b'#', hashes))
                    .collect();
                let body = i + 2 + hashes;
                i = b[body..]
                    .windows(close.len())
                    .position(|w| w == close.as_slice())
                    .map_or(b.len(), |p| body + p + close.len());
                Lex::Str
            }
            (b'/', Some(b'/')) => {
                i = b[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(b.len(), |p| i + p);
                Lex::Comment
            }
            (b'/', Some(b'*')) => {
                let mut depth = 0;
                while i < b.len() {
                    if b[i..].starts_with(b"/*") {
                        depth += 1;
                        i += 2;
                    } else if b[i..].starts_with(b"*/") {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
                Lex::Comment
            }
            _ => {
                i += 1;
                continue;
            }
        };
        i = i.min(b.len());
        out[start..i].fill(kind);
    }
    out
}

/// Offsets of the brackets opened before `upto` and not yet closed, outermost first.
fn open_brackets(kinds: &[Lex], b: &[u8], upto: usize) -> Vec<usize> {
    let mut open = Vec::new();
    for i in 0..upto {
        if kinds[i] != Lex::Code {
            continue;
        }
        match b[i] {
            b'(' | b'[' | b'{' => open.push(i),
            b')' | b']' | b'}' => {
                open.pop();
            }
            _ => {}
        }
    }
    open
}

fn closer(open: u8) -> char {
    match open {
        b'(' => ')',
        b'[' => ']',
        _ => '}',
    }
}

/// Moves RON's position to the token a person would look at, and words the problem in terms
/// of what is written there: RON reports where its cursor stopped, often on the blank before a
/// token or on the token after the real mistake.
fn refine(code: &RonError, source: &str, at: usize) -> (usize, String, Option<String>) {
    let (message, hint) = explain(code);
    let kinds = lex(source);
    let b = source.as_bytes();
    let at = at.min(b.len());
    let blank = |i: usize| kinds[i] == Lex::Comment || b[i].is_ascii_whitespace();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let where_ = |i: usize| {
        let (line, column) = line_col(source, i);
        format!("line {line}, column {column}")
    };
    // The next token from `at`, and the end of the token before it.
    let next = (at..b.len()).find(|&i| !blank(i)).unwrap_or(b.len());
    let prev = (0..at).rev().find(|&i| !blank(i)).map_or(0, |i| i + 1);
    // The field whose value starts at `i`: `name:` just before it.
    let field_before = |i: usize| {
        let colon = (0..i).rev().find(|&j| !blank(j))?;
        if b[colon] != b':' {
            return None;
        }
        let end = (0..colon).rev().find(|&j| !blank(j))? + 1;
        let start = (0..end).rev().find(|&j| !ident(b[j])).map_or(0, |j| j + 1);
        (start < end).then(|| &source[start..end])
    };
    // The text of a short one-line string literal starting at `i`, to quote back.
    let string_at = |i: usize| {
        let inner = source.get(i + 1..)?.split(['"', '\n']).next()?;
        (b.get(i) == Some(&b'"') && inner.chars().count() <= 40).then_some(inner)
    };
    let token_at = |i: usize| {
        let end = (i..b.len()).find(|&j| !ident(b[j])).unwrap_or(b.len());
        &source[i..end]
    };

    match code {
        RonError::ExpectedStringEnd => return (at, message, hint),
        RonError::UnclosedBlockComment => {
            return (source[..at].rfind("/*").unwrap_or(at), message, hint);
        }
        // Whatever RON expected, nothing follows: the file ends too early. Shown after the last
        // token, with the innermost bracket still open.
        _ if matches!(code, RonError::Eof) || next == b.len() => {
            let (message, hint) = explain(&RonError::Eof);
            let hint = open_brackets(&kinds, b, b.len()).last().map_or(hint, |&o| {
                Some(format!(
                    "the `{}` at {} is never closed",
                    char::from(b[o]),
                    where_(o)
                ))
            });
            let end = (0..b.len()).rev().find(|&i| !blank(i)).map_or(0, |i| i + 1);
            return (end, message, hint);
        }
        _ => {}
    }

    // A closing bracket that does not match the innermost open one: the real mistake is the
    // missing closer, so name the bracket it should close.
    if next < b.len()
        && kinds[next] == Lex::Code
        && matches!(b[next], b')' | b']' | b'}')
        && let Some(&o) = open_brackets(&kinds, b, next).last()
        && closer(b[o]) != char::from(b[next])
    {
        return (
            next,
            format!(
                "expected `{}` before this `{}`: the `{}` at {} is not closed",
                closer(b[o]),
                char::from(b[next]),
                char::from(b[o]),
                where_(o)
            ),
            Some(format!("add `{}` after its last item", closer(b[o]))),
        );
    }

    // A string that runs over a line break before a syntax error has probably lost its
    // closing quote: the rest of the line and the next lines were read as text.
    let syntax = matches!(
        code,
        RonError::ExpectedComma
            | RonError::ExpectedMapColon
            | RonError::ExpectedIdentifier
            | RonError::SuggestRawIdentifier(_)
            | RonError::InvalidIdentifier(_)
            | RonError::UnexpectedChar(_)
            | RonError::ExpectedStructLikeEnd
            | RonError::ExpectedArrayEnd
            | RonError::ExpectedMapEnd
            | RonError::TrailingCharacters
    );
    if syntax && prev > 0 && kinds[prev - 1] == Lex::Str && b[prev - 1] == b'"' {
        let start = (0..prev)
            .rev()
            .find(|&i| kinds[i] != Lex::Str)
            .map_or(0, |i| i + 1);
        if source[start..prev].contains('\n') {
            let (line, _) = line_col(source, prev);
            return (
                start,
                format!("this string runs on to line {line}: is its closing `\"` missing?"),
                Some("add `\"` where the text ends".into()),
            );
        }
    }

    // «text», “text” or „text“: typographic quotes where RON wants straight ones.
    if let Some(q) = source[next..]
        .chars()
        .next()
        .filter(|c| TYPOGRAPHIC_QUOTES.contains(c))
    {
        let message = match code {
            RonError::ExpectedString => format!("expected a string in double quotes, found `{q}`"),
            _ => format!("unexpected `{q}`"),
        };
        return (
            next,
            message,
            Some(
                "write text in straight double quotes: \"like this\"; «», “” and „“ may appear inside the text"
                    .into(),
            ),
        );
    }
    // `4 800 000`: digits grouped with spaces, as Russian and French write thousands.
    if let Some((start, end)) = spaced_number(source, prev) {
        let text = &source[start..end];
        let meant: String = text.chars().filter(char::is_ascii_digit).collect();
        return (
            start,
            format!("`{text}` is not a number"),
            Some(format!(
                "write numbers without spaces between the digits: `{meant}`"
            )),
        );
    }

    match code {
        // `0,5` or `48,000`: the number ended at the comma and what follows is no field name.
        RonError::SuggestRawIdentifier(x) | RonError::InvalidIdentifier(x)
            if x.bytes().all(|c| c.is_ascii_digit())
                && prev > 1
                && b[prev - 1] == b','
                && digit(prev - 2) =>
        {
            let start = (0..prev - 1)
                .rev()
                .find(|&i| !(digit(i) || b[i] == b'.'))
                .map_or(0, |i| i + 1);
            let mut end = prev - 1;
            while end < b.len() && (digit(end) || (b[end] == b',' && digit(end + 1))) {
                end += 1;
            }
            let text = &source[start..end];
            let meant = if x.len() == 3 {
                text.replace(',', "")
            } else {
                text.replacen(',', ".", 1)
            };
            (
                start,
                format!("`{text}` is not a number"),
                Some(format!(
                    "write decimals with a dot and no thousands separators: `{meant}`"
                )),
            )
        }
        // `2.5` where a whole number belongs: the number ended at the dot.
        RonError::ExpectedComma if b.get(at) == Some(&b'.') && at > 0 && digit(at - 1) => {
            let start = (0..at).rev().find(|&i| !digit(i)).map_or(0, |i| i + 1);
            let end = (at + 1..b.len()).find(|&i| !digit(i)).unwrap_or(b.len());
            let field = field_before(start).map_or("this field".into(), |f| format!("`{f}`"));
            (
                start,
                format!("expected a whole number, found `{}`", &source[start..end]),
                Some(format!(
                    "{field} counts in whole steps: write `{}`",
                    &source[start..at]
                )),
            )
        }
        RonError::ExpectedComma => {
            let hint =
                if prev > 0 && kinds[prev - 1] == Lex::Str && !source[prev..next].contains('\n') {
                    Some("if the text itself contains `\"`, write it as `\\\"`".into())
                } else {
                    hint
                };
            (prev, message, hint)
        }
        RonError::IntegerOutOfBounds => {
            let negative = next > 0 && b[next - 1] == b'-';
            let start = if negative { next - 1 } else { next };
            let end = (next..b.len()).find(|&i| !digit(i)).unwrap_or(b.len());
            // A tuple's items (`reservation: (a, b)`) go by the tuple's field.
            let name = field_before(start).or_else(|| {
                open_brackets(&kinds, b, start)
                    .last()
                    .and_then(|&o| field_before(o))
            });
            let field = name.map_or("this field".into(), |f| format!("`{f}`"));
            if negative {
                (
                    start,
                    format!("{field} cannot be negative"),
                    Some("prices, counts and turns are whole numbers, 0 or more".into()),
                )
            } else {
                (
                    start,
                    format!("{} is too large for {field}", &source[next..end]),
                    Some(integer_limit(name.unwrap_or_default())),
                )
            }
        }
        RonError::ExpectedInteger | RonError::ExpectedFloat if b.get(next) == Some(&b'"') => {
            let inner = string_at(next).unwrap_or_default().trim();
            let hint = if inner.parse::<f64>().is_ok() {
                format!("write numbers without quotes: `{inner}`")
            } else if matches!(code, RonError::ExpectedFloat) {
                "this field takes a number such as `0.4`, without quotes".into()
            } else {
                "this field takes a whole number such as `3`, without quotes".into()
            };
            (next, message, Some(hint))
        }
        RonError::ExpectedString if b.get(next) == Some(&b'\'') => (
            next,
            message,
            Some("text goes in double quotes: \"like this\"".into()),
        ),
        RonError::ExpectedIdentifier if b.get(next) == Some(&b'"') => match string_at(next) {
            Some(inner) => (
                next,
                format!("expected a name, found the string \"{inner}\""),
                Some(format!("names of values go without quotes: `{inner}`")),
            ),
            None => (
                next,
                "expected a name, found a string".into(),
                Some("names of values go without quotes".into()),
            ),
        },
        RonError::ExpectedArray if next < b.len() && ident(b[next]) => (
            next,
            message,
            Some(format!(
                "even one item goes in brackets: `[{}]`",
                token_at(next)
            )),
        ),
        RonError::ExpectedNamedStructLike(name)
            if next == (0..b.len()).find(|&i| !blank(i)).unwrap_or(b.len()) =>
        {
            let hint = match b.get(next) {
                Some(b'{') => format!(
                    "this looks like JSON; a RON file is written `{name}(field: value, ...)`, with field names unquoted"
                ),
                Some(b'[') => format!("a file holds one `{name}( ... )`, not a list"),
                _ => format!("the file starts with `{name}(`"),
            };
            (next, message, Some(hint))
        }
        RonError::ExpectedStructLike | RonError::ExpectedNamedStructLike(_) => {
            let hint = field_before(next).map(|f| format!("write `{f}: ( ... )`"));
            (next, message, hint)
        }
        _ => (next, message, hint),
    }
}

/// Quotes a word processor puts around text, which RON does not take as string quotes.
const TYPOGRAPHIC_QUOTES: [char; 7] = ['«', '»', '“', '”', '„', '‘', '’'];

/// Spaces a number's digit groups may be separated by: a plain space and the no-break spaces a
/// word processor puts in `4 800 000`.
const DIGIT_GROUP_SPACES: [char; 4] = [' ', '\u{A0}', '\u{202F}', '\u{2009}'];

/// The span of a number written in space-separated groups of three (`4 800 000`), when the
/// token ending at `prev` is a number and a group of digits follows after spaces only.
fn spaced_number(source: &str, prev: usize) -> Option<(usize, usize)> {
    let b = source.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    if prev == 0 || !digit(prev - 1) {
        return None;
    }
    let start = (0..prev).rev().find(|&i| !digit(i)).map_or(0, |i| i + 1);
    // The groups that follow: spaces, then exactly three digits, as long as they go on.
    let mut end = prev;
    let mut at = prev;
    loop {
        let gap = source[at..]
            .char_indices()
            .find(|(_, c)| !DIGIT_GROUP_SPACES.contains(c))
            .map_or(source.len() - at, |(i, _)| i);
        let from = at + gap;
        let digits = (from..b.len()).take_while(|&i| digit(i)).count();
        if gap == 0 || digits != 3 {
            break;
        }
        end = from + digits;
        at = end;
    }
    (end > prev).then_some((start, end))
}

/// What a whole-number field takes, for "N is too large": the limit the validator will hold the
/// value to, or the type's.
fn integer_limit(field: &str) -> String {
    use crate::validate::MAX_PRICE;
    let max_price = crate::session::format_money(MAX_PRICE, "");
    match field {
        "list_price" | "floor_price" => format!(
            "`{field}` takes a whole number of currency units up to {max_price}; for larger deals count in thousands"
        ),
        "opening" | "reservation" | "price" => format!(
            "`{field}` is a price in whole currency units, near the list price (which is at most {max_price})"
        ),
        "client_value" | "seller_value" => format!(
            "`{field}` is an amount of money, from −{max_price} to {max_price}"
        ),
        "importance" | "strength" => format!("`{field}` takes 1 to 5"),
        "patience" => "`patience` counts turns: 3 or more; 20 is a typical client, above 200 the client never leaves".into(),
        "deadline" => "`deadline` takes 1 to 50 counter-offers".into(),
        "due_week" | "weeks" => format!("`{field}` counts weeks, at most 52"),
        "default" => "`default` is the index of an option, counted from 0".into(),
        _ => "whole numbers here have at most 19 digits".into(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lex_tells_code_from_strings_and_comments() {
        let src = "(a: \"x \\\" // y\", /* b /* c */ d */ e: r#\"\"q\"#) // f";
        let kinds = lex(src);
        let kind_of = |needle: &str| kinds[src.find(needle).unwrap()];
        assert_eq!(kind_of("a:"), Lex::Code);
        assert_eq!(kind_of("// y"), Lex::Str);
        assert_eq!(kind_of("d */"), Lex::Comment);
        assert_eq!(kind_of("e:"), Lex::Code);
        assert_eq!(kind_of("q"), Lex::Str);
        assert_eq!(kind_of(")"), Lex::Code);
        assert_eq!(kind_of("f"), Lex::Comment);
    }

    #[test]
    fn windows_1251_is_recognised_but_latin_1_is_not() {
        let cyrillic = b"title: \"\xca\xee\xf4\xe5\xec\xe0\xf8\xe8\xed\xfb\"";
        assert_eq!(
            windows_1251(cyrillic).as_deref(),
            Some("title: \"Кофемашины\"")
        );
        assert_eq!(
            windows_1251(b"caf\xe9, cr\xe8me, na\xefve, d\xe9j\xe0"),
            None
        );
    }
}

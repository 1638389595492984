//! Diagnostics for scenario and rubric files: where a problem is, what was expected, and a hint.

use std::fmt;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use serde::Serialize;

/// How bad a diagnostic is: errors make a file unusable, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// One problem found in a source file, with a 1-based line and column (in characters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
    /// The offending source line with a caret under the column, ready to print.
    pub snippet: String,
    /// The field the problem is about, for forms that show it beside the field:
    /// `client.patience`, `needs[fuel-costs].importance`, `product.features[x].addresses`.
    /// Only semantic checks know it; syntax errors have none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl Diagnostic {
    /// A diagnostic at a byte offset of `source`.
    pub fn at_offset(
        severity: Severity,
        file: &str,
        source: &str,
        offset: usize,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Self {
        let offset = floor_char_boundary(source, offset.min(source.len()));
        let (line, column) = line_col(source, offset);
        let message = message.into();
        let snippet = render_snippet(severity, file, source, offset, &message, hint.as_deref());
        Diagnostic {
            severity,
            file: file.to_owned(),
            line,
            column,
            message,
            hint,
            snippet,
            field: None,
        }
    }

    /// The same diagnostic, about `field` (see [`Diagnostic::field`]).
    pub fn with_field(mut self, field: Option<String>) -> Self {
        self.field = field;
        self
    }

    /// A diagnostic at a 1-based line and character column of `source`.
    pub fn at_line_col(
        severity: Severity,
        file: &str,
        source: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Self {
        let offset = offset_of(source, line, column);
        Self::at_offset(severity, file, source, offset, message, hint)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// `FILE:LINE:COLUMN: error: message`, then the source line with a caret and the hint.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(
            f,
            "{}:{}:{}: {level}: {}",
            self.file, self.line, self.column, self.message
        )?;
        write!(f, "{}", self.snippet)
    }
}

/// 1-based line and character column of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let before = &source[..floor_char_boundary(source, offset.min(source.len()))];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Byte offset of a 1-based line and character column, clamped to the source.
pub fn offset_of(source: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line.max(1) {
        match source[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return source.len(),
        }
    }
    let line_end = source[start..]
        .find('\n')
        .map_or(source.len(), |i| start + i);
    source[start..line_end]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line_end, |(i, _)| start + i)
}

fn floor_char_boundary(source: &str, mut offset: usize) -> usize {
    while offset > 0 && !source.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Renders the source line at `offset` with a caret, through annotate-snippets.
fn render_snippet(
    severity: Severity,
    file: &str,
    source: &str,
    offset: usize,
    message: &str,
    hint: Option<&str>,
) -> String {
    // Only the offending line is shown, so very long files cost nothing to render.
    let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[offset..]
        .find('\n')
        .map_or(source.len(), |i| offset + i);
    let line_text = &source[line_start..line_end];
    let (line_no, _) = line_col(source, offset);
    let local = offset - line_start;
    // A caret one character wide, or one past the end of the line.
    let end = line_text[local..]
        .chars()
        .next()
        .map_or(local, |c| local + c.len_utf8());
    let level = match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let mut group = level.primary_title(message).element(
        Snippet::source(line_text)
            .line_start(line_no)
            .path(file)
            .annotation(AnnotationKind::Primary.span(local..end)),
    );
    if let Some(hint) = hint {
        group = group.element(Level::HELP.message(hint));
    }
    let rendered = Renderer::plain().render(&[group]);
    // The first line repeats the message, which Display already printed.
    match rendered.split_once('\n') {
        Some((_, rest)) => format!("{rest}\n"),
        None => String::new(),
    }
}

/// The closest of `candidates` to `found`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    found: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(found, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let src = "ab\nпривет x\n";
        let x = src.find('x').unwrap();
        assert_eq!(line_col(src, x), (2, 8));
        assert_eq!(offset_of(src, 2, 8), x);
    }

    #[test]
    fn offset_past_the_end_is_clamped() {
        let src = "one\ntwo";
        assert_eq!(offset_of(src, 9, 1), src.len());
        assert_eq!(offset_of(src, 2, 99), src.len());
    }

    #[test]
    fn display_has_location_caret_and_hint() {
        let src = "(\n  objectons: [],\n)";
        let d = Diagnostic::at_line_col(
            Severity::Error,
            "x.ron",
            src,
            2,
            3,
            "unknown field `objectons`",
            Some("did you mean `objections`?".into()),
        );
        let text = d.to_string();
        assert!(
            text.starts_with("x.ron:2:3: error: unknown field `objectons`\n"),
            "{text}"
        );
        assert!(text.contains("objectons: [],"), "{text}");
        assert!(text.contains('^'), "{text}");
        assert!(text.contains("did you mean `objections`?"), "{text}");
    }

    #[test]
    fn did_you_mean_finds_typos_only() {
        let fields = ["needs", "objections", "negotiation"];
        assert_eq!(did_you_mean("objectons", fields), Some("objections"));
        assert_eq!(did_you_mean("zzz", fields), None);
    }
}

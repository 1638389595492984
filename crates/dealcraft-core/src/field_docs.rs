//! The trainer's guide to each field of the scenario format, read from the tables of
//! `docs/scenario-format.md` when the crate is built, so a form (the app's editor) shows beside a
//! field the very text the guide has. A table belongs to the record named in the comment
//! `<!-- fields: Need -->` just above it.
//!
//! ```
//! use dealcraft_core::field_docs;
//!
//! let doc = field_docs::doc("Client", "patience").unwrap();
//! assert_eq!(doc.default, "`20`");
//! assert!(field_docs::plain(doc.meaning).contains("irritation budget"));
//! ```

use std::sync::OnceLock;

const GUIDE: &str = include_str!("../../../docs/scenario-format.md");

/// One row of a field table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDoc {
    /// The record type, as the core names it: `Client`, `Need`, `ObjectionLines`.
    pub record: &'static str,
    pub field: &'static str,
    /// The columns as written in the guide (markdown).
    pub ty: &'static str,
    pub default: &'static str,
    pub meaning: &'static str,
}

/// Every documented field, in the order of the guide.
pub fn all() -> &'static [FieldDoc] {
    static DOCS: OnceLock<Vec<FieldDoc>> = OnceLock::new();
    DOCS.get_or_init(|| parse(GUIDE))
}

/// The guide's row for a field of a record.
pub fn doc(record: &str, field: &str) -> Option<&'static FieldDoc> {
    all()
        .iter()
        .find(|d| d.record == record && d.field == field)
}

fn parse(guide: &'static str) -> Vec<FieldDoc> {
    let mut out = Vec::new();
    let mut record: Option<&'static str> = None;
    for line in guide.lines() {
        let t = line.trim();
        if let Some(name) = t
            .strip_prefix("<!-- fields:")
            .and_then(|r| r.strip_suffix("-->"))
        {
            record = Some(name.trim());
            continue;
        }
        let Some(rec) = record else { continue };
        if !t.starts_with('|') {
            if !t.is_empty() || out.iter().any(|d: &FieldDoc| d.record == rec) {
                record = None;
            }
            continue;
        }
        let cells: Vec<&'static str> = t.trim_matches('|').split(" | ").map(str::trim).collect();
        let [names, ty, default, meaning] = cells[..] else {
            continue;
        };
        if names == "field" || names.starts_with("---") {
            continue;
        }
        for name in names.split(", ") {
            out.push(FieldDoc {
                record: rec,
                field: name.trim().trim_matches('`'),
                ty,
                default,
                meaning,
            });
        }
    }
    out
}

/// Markdown as plain text for a label: no backticks, bold or emphasis marks, links as their
/// words.
pub fn plain(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        match (after.find("]("), after.find(']')) {
            (Some(close), Some(first)) if close == first => {
                let end = after[close + 2..].find(')').map(|e| close + 2 + e + 1);
                match end {
                    Some(end) => {
                        out.push_str(&rest[..open]);
                        out.push_str(&after[..close]);
                        rest = &after[end..];
                    }
                    None => break,
                }
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.replace("**", "")
        .replace('`', "")
        .replace(" *", " ")
        .replace("* ", " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_of_the_guide_is_read() {
        for record in [
            "Scenario",
            "Client",
            "Product",
            "Feature",
            "Term",
            "TermOption",
            "Need",
            "NeedLines",
            "Objection",
            "ObjectionLines",
            "Negotiation",
            "FollowUp",
            "Debt",
            "DebtLines",
            "ClientLines",
        ] {
            assert!(
                all().iter().any(|d| d.record == record),
                "no <!-- fields: {record} --> table in docs/scenario-format.md"
            );
        }
        // A row naming several fields gives each its own entry.
        assert!(doc("Client", "name").is_some() && doc("Client", "company").is_some());
        assert!(
            doc("NeedLines", "present")
                .unwrap()
                .meaning
                .contains("Without it")
        );
    }

    #[test]
    fn plain_text_drops_markdown() {
        assert_eq!(
            plain("see [what each move costs](#what-each-move-costs); **a** `b`"),
            "see what each move costs; a b"
        );
        assert_eq!(plain("[a, b] and `[x]`"), "[a, b] and [x]");
    }
}

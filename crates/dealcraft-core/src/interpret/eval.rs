//! Accuracy on a labelled file: one `{"text": ..., "move": "<script syntax>"}` per line, read
//! and compared with its label: the kind (variant and sub-kind), and the whole move.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::moves::Move;
use crate::parse::parse_move;
use crate::scenario::Lang;

use super::Interpreter;
use super::kind::Kind;

/// A labelled turn.
#[derive(Debug, Clone, PartialEq)]
pub struct Labelled {
    /// 1-based line in its file.
    pub line: usize,
    pub text: String,
    pub mv: Move,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    text: String,
    #[serde(rename = "move")]
    mv: String,
}

/// Reads a labelled file; a bad line is an error naming its file, line and column.
pub fn parse(file: &str, source: &str) -> Result<Vec<Labelled>, String> {
    let mut out = Vec::new();
    for (i, raw) in source.lines().enumerate() {
        let line = i + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let row: Row = serde_json::from_str(raw).map_err(|e| {
            format!(
                "{file}:{line}:{}: {e}; expected {{\"text\": \"...\", \"move\": \"<script syntax>\"}}",
                e.column()
            )
        })?;
        let mv = parse_move(&row.mv).map_err(|e| {
            let col = raw.find(&row.mv).map_or(1, |c| c + 1);
            format!("{file}:{line}:{col}: `{}` is not a move: {e}", row.mv)
        })?;
        if Kind::of(&mv).is_none() {
            return Err(format!("{file}:{line}: a plan is not a turn to type"));
        }
        out.push(Labelled {
            line,
            text: row.text,
            mv,
        });
    }
    Ok(out)
}

/// The three parts of the labelled corpus in `tests/utterances/`, told apart by file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    /// `X.jsonl`, `X.second.jsonl`, `X.third.jsonl`: the interpreter learns from them.
    Development,
    /// `X.heldout.jsonl`: never learned from.
    HeldOut,
    /// `X.blind.jsonl`: never learned from, written apart from everything else.
    Blind,
}

impl Part {
    /// The part a labelled file belongs to, by its name.
    pub fn of(file_name: &str) -> Part {
        if file_name.contains(".heldout.") {
            Part::HeldOut
        } else if file_name.contains(".blind.") {
            Part::Blind
        } else {
            Part::Development
        }
    }

    /// The bundled scenario a labelled file is typed on: `en-fleet-telematics.blind.jsonl` is
    /// typed on `fleet-telematics`.
    pub fn scenario_of(file_name: &str) -> Option<&str> {
        file_name.get(3..)?.split('.').next()
    }
}

/// Counts for one language.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    pub total: usize,
    /// The kind (variant and sub-kind) was right.
    pub kind: usize,
    /// The whole move was right: kind, need, feature, objection, price and terms.
    pub full: usize,
    /// The best reading was not clear enough to offer: the trainee would be asked.
    pub unsure: usize,
}

impl Counts {
    pub fn kind_accuracy(&self) -> f64 {
        self.kind as f64 / self.total.max(1) as f64
    }
    pub fn full_accuracy(&self) -> f64 {
        self.full as f64 / self.total.max(1) as f64
    }
}

/// A turn read wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct Miss {
    pub line: usize,
    pub text: String,
    pub expected: Move,
    pub read: Option<Move>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub by_lang: BTreeMap<Lang, Counts>,
    /// (expected kind, read kind) and how often, most frequent first.
    pub confused: Vec<(String, String, usize)>,
    pub misses: Vec<Miss>,
}

/// Reads every line (in `lang`, or each in the language of its letters) without a session,
/// as `dealcraft interpret --eval` does.
pub fn evaluate(reader: &Interpreter, lines: &[Labelled], lang: Option<Lang>) -> Report {
    let mut report = Report::default();
    let mut confused: BTreeMap<(String, String), usize> = BTreeMap::new();
    for l in lines {
        let lang = lang.unwrap_or_else(|| reader.lang_of(&l.text));
        let reading = reader.read(&l.text, Some(lang), None);
        let read = reading.candidates.first().map(|c| c.mv.clone());
        let counts = report.by_lang.entry(lang).or_default();
        counts.total += 1;
        counts.unsure += usize::from(!reading.understood);
        let (want, got) = (Kind::of(&l.mv), read.as_ref().and_then(Kind::of));
        if want == got {
            counts.kind += 1;
        } else {
            let name = |k: Option<Kind>| k.map_or("nothing".to_owned(), |k| k.to_string());
            *confused.entry((name(want), name(got))).or_default() += 1;
        }
        if read.as_ref() == Some(&l.mv) {
            counts.full += 1;
        } else {
            report.misses.push(Miss {
                line: l.line,
                text: l.text.clone(),
                expected: l.mv.clone(),
                read,
            });
        }
    }
    let mut confused: Vec<(String, String, usize)> =
        confused.into_iter().map(|((a, b), n)| (a, b, n)).collect();
    confused.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| (&a.0, &a.1).cmp(&(&b.0, &b.1))));
    report.confused = confused;
    report
}

impl Report {
    /// Adds another file's report.
    pub fn merge(&mut self, other: Report) {
        for (lang, c) in other.by_lang {
            let mine = self.by_lang.entry(lang).or_default();
            mine.total += c.total;
            mine.kind += c.kind;
            mine.full += c.full;
            mine.unsure += c.unsure;
        }
        let mut confused: BTreeMap<(String, String), usize> = BTreeMap::new();
        for (a, b, n) in self.confused.drain(..).chain(other.confused) {
            *confused.entry((a, b)).or_default() += n;
        }
        self.confused = confused.into_iter().map(|((a, b), n)| (a, b, n)).collect();
        self.confused
            .sort_by(|a, b| b.2.cmp(&a.2).then_with(|| (&a.0, &a.1).cmp(&(&b.0, &b.1))));
        self.misses.extend(other.misses);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_labelled_file_names_its_part_and_scenario() {
        assert_eq!(Part::of("en-fleet-telematics.jsonl"), Part::Development);
        assert_eq!(Part::of("ru-horeca-coffee.third.jsonl"), Part::Development);
        assert_eq!(Part::of("en-solar-farm.heldout.jsonl"), Part::HeldOut);
        assert_eq!(Part::of("ru-solar-farm.blind.jsonl"), Part::Blind);
        assert_eq!(
            Part::scenario_of("ru-cnc-retrofit.second.jsonl"),
            Some("cnc-retrofit")
        );
        assert_eq!(Part::scenario_of("x"), None);
    }
}

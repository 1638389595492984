//! `dealcraft interpret`: how a typed turn reads as a move, or the interpreter's accuracy on a
//! labelled file.

use std::path::Path;
use std::process::ExitCode;

use dealcraft_core::interpret::{Interpreter, Reading, eval};
use dealcraft_core::scenario::Lang;

use super::source;

/// The language of typed text on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    En,
    Ru,
}

impl LangArg {
    pub fn core(self) -> Lang {
        match self {
            LangArg::En => Lang::En,
            LangArg::Ru => Lang::Ru,
        }
    }
}

pub fn run(
    scenario: &str,
    text: Option<&str>,
    lang: Option<LangArg>,
    json: bool,
    eval_file: Option<&Path>,
) -> Result<ExitCode, String> {
    let loaded = source::scenario(scenario)?;
    let reader = Interpreter::new(&loaded.scenario);
    let lang = lang.map(LangArg::core);
    match (text, eval_file) {
        (Some(_), Some(_)) => Err("give a text to read or --eval FILE, not both".into()),
        (None, None) => Err(
            "give a text to read, e.g. `dealcraft interpret fleet-telematics \
             \"what does fuel cost you?\"`, or --eval FILE.jsonl"
                .into(),
        ),
        (Some(text), None) => {
            let reading = reader.read(text, lang, None);
            if json {
                println!("{}", reading_json(&reading));
            } else {
                print!("{}", reading_text(&reading));
            }
            Ok(ExitCode::SUCCESS)
        }
        (None, Some(path)) => {
            let source = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let lines = eval::parse(&path.display().to_string(), &source)?;
            let report = eval::evaluate(&reader, &lines, lang);
            if json {
                println!("{}", report_json(&report));
            } else {
                print!("{}", report_text(&path.display().to_string(), &report));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// "I did not understand; did you mean …" with the readings that came closest.
pub fn not_understood(reading: &Reading) -> String {
    let guesses: Vec<String> = reading
        .alternatives()
        .iter()
        .map(|c| c.mv.to_string())
        .collect();
    match guesses.is_empty() {
        true => "I did not understand".to_owned(),
        false => format!(
            "I did not understand; did you mean {}?",
            guesses.join(" or ")
        ),
    }
}

fn reading_text(reading: &Reading) -> String {
    let Some(best) = reading.best() else {
        return format!("{}\n", not_understood(reading));
    };
    let mut out = format!("{}  (confidence {:.2})\n", best.mv, best.confidence);
    for alt in reading.alternatives() {
        out += &format!("  or {}  ({:.2})\n", alt.mv, alt.confidence);
    }
    out
}

fn reading_json(reading: &Reading) -> serde_json::Value {
    let Some(best) = reading.best() else {
        return serde_json::json!({ "error": not_understood(reading) });
    };
    let alternatives: Vec<serde_json::Value> = reading
        .alternatives()
        .iter()
        .map(|c| serde_json::json!({ "move": c.mv.to_string(), "confidence": round(c.confidence) }))
        .collect();
    serde_json::json!({
        "move": best.mv.to_string(),
        "confidence": round(best.confidence),
        "alternatives": alternatives,
    })
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn report_text(file: &str, report: &eval::Report) -> String {
    let mut out = format!("{file}\n");
    for (lang, c) in &report.by_lang {
        out += &format!(
            "  {}: {} lines, kind {:.1} % ({}), full {:.1} % ({}), {} not clear enough to offer\n",
            lang.code(),
            c.total,
            100.0 * c.kind_accuracy(),
            c.kind,
            100.0 * c.full_accuracy(),
            c.full,
            c.unsure
        );
    }
    if !report.confused.is_empty() {
        out += "  most confused (expected -> read):\n";
        for (want, got, n) in report.confused.iter().take(10) {
            out += &format!("    {n:>3}  {want} -> {got}\n");
        }
    }
    out
}

fn report_json(report: &eval::Report) -> serde_json::Value {
    let langs: serde_json::Map<String, serde_json::Value> = report
        .by_lang
        .iter()
        .map(|(lang, c)| {
            let v = serde_json::json!({
                "lines": c.total,
                "kind_accuracy": round(c.kind_accuracy()),
                "full_accuracy": round(c.full_accuracy()),
                "unsure": c.unsure,
            });
            (lang.code().to_owned(), v)
        })
        .collect();
    let confused: Vec<serde_json::Value> = report
        .confused
        .iter()
        .map(|(want, got, n)| serde_json::json!({ "expected": want, "read": got, "count": n }))
        .collect();
    serde_json::json!({ "languages": langs, "confused": confused })
}

//! Interpreter accuracy per part of `tests/utterances/`: `cargo run --release -p dealcraft-core
//! --example accuracy [misses]` prints kind and full accuracy per language for the development
//! lines (learned from), the held-out lines and the blind lines; with `misses`, the development
//! lines it still reads wrong (never the others, so nobody tunes against them).

use std::collections::BTreeMap;
use std::path::Path;

use dealcraft_core::bundled;
use dealcraft_core::interpret::{Interpreter, eval};

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/utterances");
    let misses = std::env::args().nth(1).is_some_and(|a| a == "misses");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/utterances")
        .map(|e| e.expect("a file").path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    names.sort();
    let mut readers: BTreeMap<String, Interpreter> = BTreeMap::new();
    let mut parts: BTreeMap<eval::Part, eval::Report> = BTreeMap::new();
    for path in names {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let part = eval::Part::of(name);
        let id = eval::Part::scenario_of(name)
            .expect("a file named LANG-SCENARIO...")
            .to_owned();
        let reader = readers.entry(id.clone()).or_insert_with(|| {
            Interpreter::new(&bundled::load(&id).expect("a bundled scenario").scenario)
        });
        let source = std::fs::read_to_string(&path).expect("readable");
        let lines = eval::parse(name, &source).expect("labelled");
        let report = eval::evaluate(reader, &lines, None);
        if misses && part == eval::Part::Development {
            for m in &report.misses {
                let read = m.read.as_ref().map(|m| m.to_string()).unwrap_or_default();
                println!(
                    "{name}:{} {:?}\n   want {}\n   read {read}",
                    m.line, m.text, m.expected
                );
            }
        }
        parts.entry(part).or_default().merge(report);
    }
    for (part, report) in &parts {
        for (lang, c) in &report.by_lang {
            println!(
                "{:<12} {}: {:>3} lines, kind {:5.1} %, full {:5.1} %, not clear {}",
                format!("{part:?}"),
                lang.code(),
                c.total,
                100.0 * c.kind_accuracy(),
                100.0 * c.full_accuracy(),
                c.unsure
            );
        }
    }
}

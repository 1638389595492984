//! Temporary: dev-set accuracy while developing.
use dealcraft_core::bundled;
use dealcraft_core::interpret::{Interpreter, eval};

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/utterances");
    let show = std::env::args().nth(1).unwrap_or_default();
    let mut total = eval::Report::default();
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for path in names {
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if !name.ends_with(".jsonl") || name.contains("heldout") {
            continue;
        }
        let scenario = name.trim_end_matches(".jsonl")[3..].to_owned();
        let sc = bundled::load(&scenario).unwrap().scenario;
        let reader = Interpreter::new(&sc);
        let lines = eval::parse(&name, &std::fs::read_to_string(&path).unwrap()).unwrap();
        let report = eval::evaluate(&reader, &lines, None);
        if show == "misses" {
            for m in &report.misses {
                println!(
                    "{name}:{} {:?}\n   want {}\n   got  {}",
                    m.line,
                    m.text,
                    m.expected,
                    m.read.as_ref().map(|m| m.to_string()).unwrap_or_default()
                );
            }
        }
        total.merge(report);
    }
    for (lang, c) in &total.by_lang {
        println!(
            "{lang:?}: {} lines, kind {:.1}%, full {:.1}%, unsure {}",
            c.total,
            100.0 * c.kind_accuracy(),
            100.0 * c.full_accuracy(),
            c.unsure
        );
    }
    for (a, b, n) in total.confused.iter().take(25) {
        println!("  {n:>3} {a} -> {b}");
    }
}

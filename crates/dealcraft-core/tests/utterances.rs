//! The interpreter's accuracy on the labelled utterances in `tests/utterances/`, per language,
//! on the lines it was developed on and on the held-out lines. Issue 11 aims at 90 % of turns
//! read as the right kind and 80 % as the whole right move; that is not reached yet (an ignored
//! test says so), and the floors below keep what is reached from slipping.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dealcraft_core::bundled;
use dealcraft_core::interpret::{Interpreter, eval};
use dealcraft_core::scenario::Lang;

/// Issue 11's aim: (kind, full) accuracy per language.
const TARGET: (f64, f64) = (0.90, 0.80);

/// What the interpreter reaches now, less a line or two: (kind, full) for English and Russian,
/// on the development and the held-out lines.
const FLOOR_DEVELOPMENT: [(f64, f64); 2] = [(0.92, 0.82), (0.92, 0.82)];
const FLOOR_HELD_OUT: [(f64, f64); 2] = [(0.86, 0.77), (0.84, 0.72)];

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/utterances")
}

/// Every labelled file whose name says `heldout` or not, as (scenario id, lines).
fn files(heldout: bool) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(corpus())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .filter(|p| p.to_string_lossy().contains(".heldout.") == heldout)
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let id = name[3..].split('.').next().unwrap().to_owned();
            (id, p)
        })
        .collect();
    out.sort();
    out
}

/// Reads every file with its scenario's interpreter and adds up the report.
fn report(heldout: bool) -> eval::Report {
    let mut total = eval::Report::default();
    let mut readers: BTreeMap<String, Interpreter> = BTreeMap::new();
    for (id, path) in files(heldout) {
        let sc = bundled::load(&id)
            .unwrap_or_else(|| panic!("{}: no bundled scenario {id}", path.display()))
            .scenario;
        let reader = readers.entry(id).or_insert_with(|| Interpreter::new(&sc));
        let source = std::fs::read_to_string(&path).unwrap();
        let lines = eval::parse(&path.display().to_string(), &source).unwrap();
        total.merge(eval::evaluate(reader, &lines, None));
    }
    total
}

fn check(heldout: bool, floors: [(f64, f64); 2]) {
    let report = report(heldout);
    let mut failed = Vec::new();
    for (lang, (kind, full)) in [Lang::En, Lang::Ru].into_iter().zip(floors) {
        let c = report.by_lang.get(&lang).copied().unwrap_or_default();
        eprintln!(
            "{} ({}): {} lines, kind {:.1} %, full {:.1} %",
            lang.code(),
            if heldout { "held out" } else { "development" },
            c.total,
            100.0 * c.kind_accuracy(),
            100.0 * c.full_accuracy()
        );
        if c.total == 0 || c.kind_accuracy() < kind || c.full_accuracy() < full {
            failed.push(lang.code());
        }
    }
    // The held-out lines' misses stay unseen, so nobody tunes against them.
    for m in report.misses.iter().filter(|_| !heldout) {
        eprintln!(
            "  {:>3} {:?}\n      want {}\n      read {}",
            m.line,
            m.text,
            m.expected,
            m.read.as_ref().map_or("nothing".into(), |m| m.to_string())
        );
    }
    assert!(failed.is_empty(), "below target in {failed:?}");
}

#[test]
fn the_development_lines_read_no_worse_than_before() {
    check(false, FLOOR_DEVELOPMENT);
}

#[test]
fn the_held_out_lines_read_no_worse_than_before() {
    check(true, FLOOR_HELD_OUT);
}

#[test]
#[ignore = "issue 11's 90 % kind and 80 % full accuracy are not reached yet"]
fn the_issue_targets_hold_on_the_held_out_lines() {
    check(true, [TARGET; 2]);
}

#[test]
fn the_corpus_has_three_hundred_lines_per_language_over_every_kind() {
    let mut per_lang: BTreeMap<&str, usize> = BTreeMap::new();
    let mut kinds: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for heldout in [false, true] {
        for (id, path) in files(heldout) {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let lang = &name[..2];
            let source = std::fs::read_to_string(&path).unwrap();
            let lines = eval::parse(&name, &source).unwrap();
            *per_lang
                .entry(if lang == "en" { "en" } else { "ru" })
                .or_default() += lines.len();
            for l in lines {
                let kind = dealcraft_core::interpret::Kind::of(&l.mv)
                    .unwrap()
                    .to_string();
                *kinds
                    .entry(format!("{lang} {kind}"))
                    .or_default()
                    .entry(id.clone())
                    .or_default() += 1;
            }
        }
    }
    for lang in ["en", "ru"] {
        assert!(per_lang[lang] >= 300, "{lang}: {} lines", per_lang[lang]);
        for kind in dealcraft_core::interpret::Kind::all() {
            let scenarios = kinds.get(&format!("{lang} {kind}")).map_or(0, |s| s.len());
            assert!(
                scenarios >= 2,
                "{lang}: {kind} is labelled on {scenarios} scenario(s), not two"
            );
        }
    }
}

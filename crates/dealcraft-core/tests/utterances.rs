//! The interpreter's accuracy on the labelled utterances in `tests/utterances/`, per language,
//! on the lines it learns from and on the lines it never saw (held out and blind). Issue 11 aims
//! at 90 % of turns read as the right kind and 80 % as the whole right move on the unseen lines;
//! the floors below keep what is reached from slipping.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dealcraft_core::bundled;
use dealcraft_core::interpret::eval::{self, Part};
use dealcraft_core::interpret::{Interpreter, learned};
use dealcraft_core::scenario::Lang;

/// Issue 11's aim: (kind, full) accuracy per language.
const TARGET: (f64, f64) = (0.90, 0.80);

/// What the interpreter reaches now, less a line or two: (kind, full) for English and Russian.
/// The development lines are learned from, so their kinds read perfectly; the held-out and the
/// blind lines are the real measure.
const FLOOR_DEVELOPMENT: [(f64, f64); 2] = [(0.99, 0.84), (0.99, 0.80)];
const FLOOR_UNSEEN: [(f64, f64); 2] = [(0.92, 0.82), (0.92, 0.80)];

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/utterances")
}

/// Every labelled file of these parts, as (scenario id, path).
fn files(parts: &[Part]) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(corpus())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .filter(|p| parts.contains(&Part::of(&p.file_name().unwrap().to_string_lossy())))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (Part::scenario_of(&name).unwrap().to_owned(), p)
        })
        .collect();
    out.sort();
    out
}

/// The interpreter of each scenario these files are typed on.
fn readers(files: &[(String, PathBuf)]) -> BTreeMap<String, Interpreter> {
    let mut readers = BTreeMap::new();
    for (id, _) in files {
        readers.entry(id.clone()).or_insert_with(|| {
            let sc = bundled::load(id)
                .unwrap_or_else(|| panic!("no bundled scenario {id}"))
                .scenario;
            Interpreter::new(&sc)
        });
    }
    readers
}

fn lines(path: &Path) -> Vec<eval::Labelled> {
    let source = std::fs::read_to_string(path).unwrap();
    eval::parse(&path.display().to_string(), &source).unwrap()
}

/// Reads every file of these parts with its scenario's interpreter and adds up the report.
fn report(parts: &[Part]) -> eval::Report {
    let mut total = eval::Report::default();
    let files = files(parts);
    let readers = readers(&files);
    for (id, path) in &files {
        total.merge(eval::evaluate(&readers[id], &lines(path), None));
    }
    total
}

fn check(parts: &[Part], floors: [(f64, f64); 2]) {
    let report = report(parts);
    let mut failed = Vec::new();
    for (lang, (kind, full)) in [Lang::En, Lang::Ru].into_iter().zip(floors) {
        let c = report.by_lang.get(&lang).copied().unwrap_or_default();
        eprintln!(
            "{} ({parts:?}): {} lines, kind {:.1} %, full {:.1} %",
            lang.code(),
            c.total,
            100.0 * c.kind_accuracy(),
            100.0 * c.full_accuracy()
        );
        if c.total == 0 || c.kind_accuracy() < kind || c.full_accuracy() < full {
            failed.push(lang.code());
        }
    }
    // Only the development lines' misses are shown, so nobody tunes against the others.
    for m in report
        .misses
        .iter()
        .filter(|_| parts == [Part::Development])
    {
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
    check(&[Part::Development], FLOOR_DEVELOPMENT);
}

#[test]
fn the_unseen_lines_read_no_worse_than_before() {
    check(&[Part::HeldOut, Part::Blind], FLOOR_UNSEEN);
}

#[test]
fn the_issue_targets_hold_on_the_unseen_lines() {
    check(&[Part::HeldOut, Part::Blind], [TARGET; 2]);
}

/// `bank/learned.txt` is what the development lines give with today's interpreter; with
/// `DEALCRAFT_BLESS=1` this test writes it.
#[test]
fn the_learned_examples_are_those_of_the_development_lines() {
    let files = files(&[Part::Development]);
    let readers = readers(&files);
    let corpus: Vec<(&Interpreter, Vec<eval::Labelled>)> = files
        .iter()
        .map(|(id, path)| (&readers[id], lines(path)))
        .collect();
    let text = learned::generate(corpus.iter().map(|(r, l)| (*r, l.as_slice())));
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/interpret/bank/learned.txt");
    if std::env::var_os("DEALCRAFT_BLESS").is_some() {
        std::fs::write(&file, &text).unwrap();
        return;
    }
    let current = std::fs::read_to_string(&file).unwrap();
    assert!(
        current == text,
        "{} is out of date: run DEALCRAFT_BLESS=1 cargo test -p dealcraft-core --test utterances",
        file.display()
    );
}

#[test]
fn the_corpus_has_three_hundred_lines_per_language_over_every_kind() {
    let mut per_lang: BTreeMap<&str, usize> = BTreeMap::new();
    let mut kinds: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for (id, path) in files(&[Part::Development, Part::HeldOut, Part::Blind]) {
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

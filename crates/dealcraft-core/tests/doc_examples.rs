//! Every ```` ```ron ```` block in `docs/*.md` is checked against the code, so the trainer guide
//! cannot fall behind the file formats.
//!
//! What a block must be is said by the words after `ron` on its opening fence:
//!
//! - nothing (```` ```ron ````): a complete file. It is a rubric when its first line of code
//!   starts with `Rubric`, as `dealcraft validate` decides, a track or an assignment when it
//!   starts with `Track` or `Assignment`, and a scenario otherwise; it must load without errors
//!   through `load_rubric`, `load_track`, `load_assignment` or `load_scenario`, a scenario without
//!   warnings. So a block that is none of these fails: nothing is skipped silently.
//! - `fragment=Need`: one value of the named core type (the list is in [`fragment`]);
//!   `fragment=[Trigger]` is a list of them. It must deserialize as that type. Rubric fragments
//!   (`Weights`, `Rule`) are also validated inside a rubric, as a file would be.
//! - `syntax`: RON shown for its grammar only, with made-up field names; it must parse as RON.
//!
//! Every field a block writes must survive a round trip through the typed value, which catches a
//! field the type would drop silently. Then coverage: every
//! field of the scenario and rubric records and every rule and trigger variant must appear in
//! some example, and there must be at least one complete scenario and one complete rubric.
//!
//! Failures name the markdown file and the line of the opening fence. Diagnostics point into the
//! markdown file itself: each block is padded with blank lines before it is parsed.

use std::collections::BTreeSet;
use std::path::Path;

use dealcraft_core::moves::{AfterSale, QuestionKind, Stage, Technique};
use dealcraft_core::rubric::{Rubric, Rule, Weights};
use dealcraft_core::scenario::{
    Client, ClientLines, Debt, DebtLines, Difficulty, Feature, FollowUp, Knowledge, Need,
    NeedLines, Negotiation, Objection, ObjectionLines, Product, Scenario, SellerLines, SocialStyle,
    Term, TermOption, Trigger,
};
use dealcraft_core::scoring::PassMark;
use dealcraft_core::track::{Assignment, Order, Track, TrackEntry};
use dealcraft_core::{load_assignment, load_rubric, load_scenario, load_track};
use ron::Value;
use ron::extensions::Extensions;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A scenario's `phrases`: example phrases per move kind.
type Phrases = std::collections::BTreeMap<dealcraft_core::interpret::Kind, Vec<String>>;

/// Where each record type sits inside its parent: (parent, field, type of the field's value).
/// Coverage is checked for every type named here.
const NESTED: &[(&str, &str, &str)] = &[
    ("Scenario", "client", "Client"),
    ("Scenario", "product", "Product"),
    ("Product", "features", "Feature"),
    ("Product", "terms", "Term"),
    ("Term", "options", "TermOption"),
    ("Scenario", "needs", "Need"),
    ("Need", "lines", "NeedLines"),
    ("Scenario", "objections", "Objection"),
    ("Objection", "lines", "ObjectionLines"),
    ("Scenario", "negotiation", "Negotiation"),
    ("Scenario", "follow_up", "FollowUp"),
    ("Scenario", "debt", "Debt"),
    ("Debt", "lines", "DebtLines"),
    ("Scenario", "lines", "ClientLines"),
    ("Scenario", "seller", "SellerLines"),
    ("Rubric", "weights", "Weights"),
    ("Rubric", "rules", "Rule"),
    ("Scenario", "pass", "PassMark"),
    ("Rubric", "pass", "PassMark"),
    ("Track", "scenarios", "TrackEntry"),
    ("Track", "pass", "PassMark"),
    ("TrackEntry", "pass", "PassMark"),
    ("Assignment", "track", "Track"),
];

/// Every rule variant; `Rule::name` stops compiling when one is added, so add it to `all` too.
fn rule_names() -> Vec<&'static str> {
    let all = [
        Rule::MaxDiscount {
            percent: 0.0,
            penalty: 0,
            critical: false,
        },
        Rule::RequireAgenda {
            penalty: 0,
            critical: false,
        },
        Rule::NeedsBeforePresenting {
            penalty: 0,
            critical: false,
        },
        Rule::MinExplicitNeeds {
            count: 0,
            penalty: 0,
            critical: false,
        },
        Rule::RequireNextSteps {
            penalty: 0,
            critical: false,
        },
        Rule::RequireSummary {
            penalty: 0,
            critical: false,
        },
    ];
    all.iter().map(Rule::name).collect()
}

/// Every objection trigger; as with rules, a new variant breaks the match.
fn trigger_names() -> Vec<&'static str> {
    let all = [
        Trigger::PriceMention,
        Trigger::Stage(Stage::Contact),
        Trigger::LowTrust(0.0),
        Trigger::Random(0.0),
        Trigger::AfterTurn(0),
        Trigger::Close,
    ];
    all.iter()
        .map(|t| match t {
            Trigger::PriceMention => "PriceMention",
            Trigger::Stage(_) => "Stage",
            Trigger::LowTrust(_) => "LowTrust",
            Trigger::Random(_) => "Random",
            Trigger::AfterTurn(_) => "AfterTurn",
            Trigger::Close => "Close",
        })
        .collect()
}

/// A fenced ```` ```ron ```` block.
struct Block {
    file: String,
    /// The line of the opening fence, from 1.
    line: usize,
    /// The words after `ron` on the fence.
    words: Vec<String>,
    text: String,
}

impl Block {
    fn at(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }

    /// The block's text, `head` on the fence's line and `tail` after it, padded with blank
    /// lines so that positions in it are lines of the markdown file.
    fn placed(&self, head: &str, tail: &str) -> String {
        format!("{}{head}\n{}{tail}", "\n".repeat(self.line - 1), self.text)
    }
}

/// What the examples showed, for the coverage checks.
#[derive(Default)]
struct Seen {
    /// (type, field) of every field the typed values have.
    fields: BTreeSet<(String, String)>,
    /// (type, field) of every field an example writes.
    shown: BTreeSet<(String, String)>,
    types: BTreeSet<String>,
    /// Each example re-serialized, its strings removed: which variants were written.
    words: BTreeSet<String>,
    scenarios: usize,
    rubrics: usize,
    /// Tracks and assignments.
    files: usize,
    fragments: usize,
    syntax: usize,
}

fn ron_options() -> ron::Options {
    // As `parse.rs` reads files: `Some(..)` may be left out.
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

/// The ```` ```ron ```` blocks of a markdown file, or why the file cannot be read.
fn ron_blocks(file: &str, markdown: &str) -> Result<Vec<Block>, String> {
    let mut out = Vec::new();
    // (fence character, fence length, indent, block being read)
    let mut open: Option<(char, usize, usize, Block)> = None;
    for (i, line) in markdown.lines().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some((ch, len, ind, block)) = &mut open {
            let t = trimmed.trim_end();
            if t.len() >= *len && t.chars().all(|c| c == *ch) {
                if let Some((_, _, _, b)) = open.take() {
                    out.push(b);
                }
                continue;
            }
            let strip = line.len() - line.trim_start_matches(' ').len();
            block.text.push_str(&line[strip.min(*ind)..]);
            block.text.push('\n');
            continue;
        }
        let Some(ch) = trimmed.chars().next().filter(|c| *c == '`' || *c == '~') else {
            continue;
        };
        let len = trimmed.chars().take_while(|c| *c == ch).count();
        if len < 3 {
            continue;
        }
        let words: Vec<String> = trimmed[len..]
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        open = Some((
            ch,
            len,
            indent,
            Block {
                file: file.to_owned(),
                line: i + 1,
                words,
                text: String::new(),
            },
        ));
    }
    if let Some((_, _, _, b)) = open {
        return Err(format!("{}: this code block is never closed", b.at()));
    }
    // `ron,ignore` and the like count too, so that they fail instead of being skipped.
    out.retain(|b| {
        b.words
            .first()
            .is_some_and(|w| w.to_ascii_lowercase().starts_with("ron"))
    });
    Ok(out)
}

/// Whether the first line of code starts with `Rubric`, as `dealcraft validate` decides.
fn looks_like_rubric(text: &str) -> bool {
    starts_with(text, "Rubric")
}

/// Whether the first line of code starts with `word` (`Track`, `Assignment`).
fn starts_with(text: &str, word: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("//"))
        .is_some_and(|l| l.starts_with(word))
}

fn check(b: &Block, seen: &mut Seen) -> Result<(), String> {
    if !b.words[0].eq_ignore_ascii_case("ron") {
        return Err(format!(
            "{}: write `ron` and then the words, separated by spaces: ```ron fragment=Need",
            b.at()
        ));
    }
    match &b.words[1..] {
        [] if starts_with(&b.text, "Track") => {
            let loaded = load_track(&b.file, b.placed("", "").as_bytes())
                .map_err(|d| format!("{}: the track example does not load:\n{d}", b.at()))?;
            seen.files += 1;
            round_trip(b, "Track", &loaded.track, seen)
        }
        [] if starts_with(&b.text, "Assignment") => {
            let loaded = load_assignment(&b.file, b.placed("", "").as_bytes())
                .map_err(|d| format!("{}: the assignment example does not load:\n{d}", b.at()))?;
            seen.files += 1;
            round_trip(b, "Assignment", &loaded.assignment, seen)
        }
        [] if looks_like_rubric(&b.text) => {
            let loaded = load_rubric(&b.file, b.placed("", "").as_bytes())
                .map_err(|d| format!("{}: the rubric example does not load:\n{d}", b.at()))?;
            seen.rubrics += 1;
            round_trip(b, "Rubric", &loaded.rubric, seen)
        }
        [] => {
            let loaded = load_scenario(&b.file, b.placed("", "").as_bytes()).map_err(|d| {
                format!(
                    "{}: the example is not a valid scenario (a rubric starts with `Rubric(`; \
                     mark a part of a file `fragment=TYPE`):\n{d}",
                    b.at()
                )
            })?;
            // A complete example is one to copy: it has its own words for every moment.
            if !loaded.warnings.is_empty() {
                let list: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
                return Err(format!(
                    "{}: the complete scenario has warnings:\n{}",
                    b.at(),
                    list.join("")
                ));
            }
            seen.scenarios += 1;
            round_trip(b, "Scenario", &loaded.scenario, seen)
        }
        [w] if w == "syntax" => {
            ron_options()
                .from_str::<Value>(&b.placed("", ""))
                .map_err(|e| ron_error(b, "syntax", &e))?;
            seen.syntax += 1;
            Ok(())
        }
        [w] if w.starts_with("fragment=") => {
            fragment(b, &w["fragment=".len()..], seen)?;
            seen.fragments += 1;
            Ok(())
        }
        other => Err(format!(
            "{}: unknown words `{}` after ```ron: use nothing (a complete scenario or rubric), \
             `fragment=TYPE` or `syntax`",
            b.at(),
            other.join(" ")
        )),
    }
}

/// Checks a `fragment=TYPE` block: `TYPE` or `[TYPE]`.
fn fragment(b: &Block, spec: &str, seen: &mut Seen) -> Result<(), String> {
    let (name, list) = match spec.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
        Some(inner) => (inner, true),
        None => (spec, false),
    };
    macro_rules! by_name {
        ($($t:ident),* $(,)?) => {
            match name {
                $(stringify!($t) => if list {
                    typed::<Vec<$t>>(b, spec, name, seen)
                } else {
                    typed::<$t>(b, spec, name, seen)
                },)*
                _ => Err(format!(
                    "{}: unknown type `{name}` in `fragment={spec}`; known types: {}",
                    b.at(),
                    [$(stringify!($t)),*].join(", ")
                )),
            }
        };
    }
    by_name!(
        Scenario,
        Client,
        Product,
        Feature,
        Term,
        TermOption,
        Need,
        NeedLines,
        Objection,
        ObjectionLines,
        Trigger,
        Negotiation,
        FollowUp,
        Debt,
        DebtLines,
        ClientLines,
        Phrases,
        SellerLines,
        Rubric,
        Weights,
        Rule,
        Knowledge,
        SocialStyle,
        Difficulty,
        Technique,
        QuestionKind,
        AfterSale,
        PassMark,
        Track,
        TrackEntry,
        Order,
        Assignment,
    )?;
    // A rule or weights fragment must also pass the rubric's own checks (penalty, cap, ...).
    let wrap = match (name, list) {
        ("Weights", false) => Some(("Rubric(name: \"fragment\", weights:", ")")),
        ("Rule", false) => Some(("Rubric(name: \"fragment\", rules: [", "])")),
        ("Rule", true) => Some(("Rubric(name: \"fragment\", rules:", ")")),
        _ => None,
    };
    if let Some((head, tail)) = wrap {
        load_rubric(&b.file, b.placed(head, tail).as_bytes()).map_err(|d| {
            format!(
                "{}: the `fragment={spec}` example fails the rubric checks:\n{d}",
                b.at()
            )
        })?;
    }
    Ok(())
}

/// A RON error at its place in the markdown file.
fn ron_error(b: &Block, words: &str, e: &ron::error::SpannedError) -> String {
    format!(
        "{}: the `{words}` example does not parse: {}:{}:{}: {}",
        b.at(),
        b.file,
        e.span.start.line,
        e.span.start.col,
        e.code
    )
}

fn typed<T: DeserializeOwned + Serialize>(
    b: &Block,
    spec: &str,
    name: &str,
    seen: &mut Seen,
) -> Result<(), String> {
    let value: T = ron_options()
        .from_str(&b.placed("", ""))
        .map_err(|e| ron_error(b, &format!("fragment={spec}"), &e))?;
    round_trip(b, name, &value, seen)
}

/// Compares the fields the example writes with the fields of its typed value, and records both.
fn round_trip<T: Serialize>(b: &Block, ty: &str, value: &T, seen: &mut Seen) -> Result<(), String> {
    let written: Value = ron_options()
        .from_str(&b.text)
        .map_err(|e| format!("{}: not RON: {e}", b.at()))?;
    let text = ron::to_string(value).map_err(|e| format!("{}: cannot serialize: {e}", b.at()))?;
    let typed: Value = ron::from_str(&text).map_err(|e| format!("{}: {e}", b.at()))?;
    record(&typed, Some(ty), seen);
    seen.words.extend(identifiers(&text));
    let mut lost = Vec::new();
    compare(&written, &typed, Some(ty), "", &mut lost, seen);
    if lost.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}: the example writes fields the code does not read (renamed or removed?): {}",
            b.at(),
            lost.join(", ")
        ))
    }
}

fn child(ty: Option<&str>, field: &str) -> Option<&'static str> {
    let ty = ty?;
    NESTED
        .iter()
        .find(|(parent, f, _)| *parent == ty && *f == field)
        .map(|(_, _, c)| *c)
}

fn unwrap_option(v: &Value) -> &Value {
    match v {
        Value::Option(Some(inner)) => unwrap_option(inner),
        other => other,
    }
}

/// Every field of a typed value, by record type.
fn record(v: &Value, ty: Option<&str>, seen: &mut Seen) {
    match unwrap_option(v) {
        Value::Map(map) => {
            if let Some(t) = ty {
                seen.types.insert(t.to_owned());
            }
            for (k, v) in map.iter() {
                // Maps keyed by values (the follow-up lines) have no fields.
                let Value::String(field) = k else { continue };
                if let Some(t) = ty {
                    seen.fields.insert((t.to_owned(), field.clone()));
                }
                record(v, child(ty, field), seen);
            }
        }
        Value::Seq(items) => items.iter().for_each(|v| record(v, ty, seen)),
        _ => {}
    }
}

/// Walks what the example wrote next to its typed value: a written field missing from the
/// typed value was dropped by the code.
fn compare(
    written: &Value,
    typed: &Value,
    ty: Option<&str>,
    path: &str,
    lost: &mut Vec<String>,
    seen: &mut Seen,
) {
    match (unwrap_option(written), unwrap_option(typed)) {
        (Value::Map(w), Value::Map(t)) => {
            for (k, wv) in w.iter() {
                let Value::String(field) = k else { continue };
                let here = format!("{path}{field}");
                let Some(tv) = t.get(k) else {
                    lost.push(format!("`{here}`"));
                    continue;
                };
                if let Some(ty) = ty {
                    seen.shown.insert((ty.to_owned(), field.clone()));
                }
                compare(wv, tv, child(ty, field), &format!("{here}."), lost, seen);
            }
        }
        (Value::Seq(w), Value::Seq(t)) => {
            for (wv, tv) in w.iter().zip(t) {
                compare(wv, tv, ty, path, lost, seen);
            }
        }
        _ => {}
    }
}

/// The names in RON text outside string literals: variants, fields, `Some`.
fn identifiers(ron_text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut chars = ron_text.chars();
    while let Some(c) = chars.next() {
        if c == '"' {
            // Skip the string; `\"` does not end it.
            while let Some(s) = chars.next() {
                match s {
                    '\\' => {
                        chars.next();
                    }
                    '"' => break,
                    _ => {}
                }
            }
        } else if c.is_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    out.extend((!word.is_empty()).then_some(word));
    out
}

#[test]
fn every_ron_example_in_the_docs_is_valid() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs");
    let mut files: Vec<_> = std::fs::read_dir(&docs)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", docs.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no markdown files in {}", docs.display());

    let mut seen = Seen::default();
    let mut failures = Vec::new();
    for path in &files {
        let name = format!("docs/{}", path.file_name().unwrap().to_string_lossy());
        let markdown = std::fs::read_to_string(path).unwrap();
        match ron_blocks(&name, &markdown) {
            Ok(blocks) => {
                for b in &blocks {
                    if let Err(e) = check(b, &mut seen) {
                        failures.push(e);
                    }
                }
            }
            Err(e) => failures.push(e),
        }
    }

    // A broken example hides its fields: coverage is meaningful once every example passes.
    if failures.is_empty() {
        coverage(&seen, &mut failures);
    }

    let total = seen.scenarios + seen.rubrics + seen.files + seen.fragments + seen.syntax;
    eprintln!(
        "{total} examples checked: {} scenario(s), {} rubric(s), {} track(s) and assignment(s), \
         {} fragment(s), {} syntax",
        seen.scenarios, seen.rubrics, seen.files, seen.fragments, seen.syntax
    );
    assert!(
        failures.is_empty(),
        "{} problem(s) with the RON examples in docs/:\n\n{}\n",
        failures.len(),
        failures.join("\n\n")
    );
}

/// At least one complete file of each kind, and an example of every field, rule and trigger.
fn coverage(seen: &Seen, failures: &mut Vec<String>) {
    if seen.scenarios == 0 {
        failures.push("no complete scenario example in docs/*.md".into());
    }
    if seen.rubrics == 0 {
        failures.push("no complete rubric example in docs/*.md".into());
    }
    let types =
        NESTED
            .iter()
            .map(|(_, _, t)| *t)
            .chain(["Scenario", "Rubric", "Track", "Assignment"]);
    for ty in types {
        if !seen.types.contains(ty) {
            failures.push(format!("no example shows a `{ty}` with its fields"));
        }
    }
    for (ty, field) in seen.fields.difference(&seen.shown) {
        failures.push(format!(
            "field `{field}` of `{ty}` has no example: write it in a complete file or a \
             `fragment={ty}` block"
        ));
    }
    // Every field of the scenario format has its row in a field table, which forms show beside
    // the field (`field_docs`), and every row is a real field.
    // Rubrics, tracks and assignments have their own guides (rubric-format.md, tracks.md).
    let rubric_types = [
        "Rubric",
        "Weights",
        "Rule",
        "Track",
        "TrackEntry",
        "Assignment",
    ];
    for (ty, field) in &seen.fields {
        if !rubric_types.contains(&ty.as_str())
            && dealcraft_core::field_docs::doc(ty, field).is_none()
        {
            failures.push(format!(
                "field `{field}` of `{ty}` has no row in a `<!-- fields: {ty} -->` table of \
                 docs/scenario-format.md"
            ));
        }
    }
    for d in dealcraft_core::field_docs::all() {
        if !seen
            .fields
            .contains(&(d.record.to_owned(), d.field.to_owned()))
        {
            failures.push(format!(
                "docs/scenario-format.md documents `{}` of `{}`, which is no field",
                d.field, d.record
            ));
        }
    }
    let orders = [Order::InOrder, Order::AnyOrder].map(|o| match o {
        Order::InOrder => "InOrder",
        Order::AnyOrder => "AnyOrder",
    });
    for name in rule_names()
        .into_iter()
        .chain(trigger_names())
        .chain(orders)
    {
        if !seen.words.contains(name) {
            failures.push(format!("no example uses `{name}`"));
        }
    }
}

//! Broken scenario and rubric files, each a realistic mistake of a trainer, and the first
//! diagnostic each must produce: the exact line and column, the gist of the message and of the
//! hint. Also: loading never panics on huge, deeply nested or truncated input.
//!
//! The corpus is `tests/corpus/broken/`; files whose name starts with `rubric-` are rubrics.
//! Every file there must have a row in `CASES`, so a new file cannot go untested.

use std::collections::BTreeSet;
use std::path::PathBuf;

use dealcraft_core::{Diagnostic, Diagnostics, Severity, load_rubric, load_scenario};

const FLEET: &str = include_str!("../../../scenarios/fleet-telematics.ron");
const DEFAULT_RUBRIC: &str = include_str!("../../../rubrics/default.ron");

/// (file, line, column, a substring of the message, a substring of the hint or "" for any).
/// Lines and columns are 1-based; columns count characters.
const CASES: &[(&str, usize, usize, &str, &str)] = &[
    // The file as a whole.
    (
        "empty.ron",
        1,
        1,
        "the file is empty",
        "a scenario starts with `(`",
    ),
    (
        "whitespace-only.ron",
        1,
        1,
        "the file is empty",
        "a scenario starts with `(`",
    ),
    (
        "comment-only.ron",
        1,
        1,
        "only comments",
        "a scenario starts with `(`",
    ),
    // The first bad byte, counted in characters of the valid text before it.
    (
        "invalid-utf8.ron",
        10,
        27,
        "not valid UTF-8",
        "save the file as UTF-8",
    ),
    // Cyrillic in Windows-1251: recognised, and the line shown as it was meant.
    (
        "windows-1251-russian.ron",
        4,
        13,
        "Windows-1251",
        "save it again as UTF-8",
    ),
    (
        "json-quoted-keys.ron",
        2,
        1,
        "expected `(` to start `Scenario`",
        "looks like JSON",
    ),
    (
        "list-of-scenarios.ron",
        2,
        1,
        "expected `(` to start `Scenario`",
        "not a list",
    ),
    (
        "wrong-struct-name.ron",
        2,
        1,
        "found `Scenaro`",
        "did you mean `Scenario`?",
    ),
    // Field names.
    (
        "field-typo-objectons.ron",
        190,
        5,
        "unknown field `objectons` in `Scenario`",
        "did you mean `objections`?",
    ),
    (
        "field-typo-nested.ron",
        15,
        9,
        "unknown field `scepticizm` in `Client`",
        "did you mean `scepticism`?",
    ),
    (
        "bom-field-typo.ron",
        4,
        5,
        "unknown field `titel`",
        "did you mean `title`?",
    ),
    // Columns count characters, not bytes, after Cyrillic text on the same line.
    (
        "russian-utf8-typo.ron",
        11,
        42,
        "unknown field `stlye` in `Client`",
        "did you mean `style`?",
    ),
    (
        "duplicate-field-title.ron",
        5,
        5,
        "field `title` is given twice",
        "keep one of them",
    ),
    // RON reports a missing field at the `)` that closes its struct.
    (
        "missing-field-industry.ron",
        309,
        1,
        "missing field `industry` in `Scenario`",
        "add `industry: ...`",
    ),
    (
        "missing-field-trigger.ron",
        252,
        9,
        "missing field `trigger` in `Objection`",
        "add `trigger: ...`",
    ),
    (
        "equals-instead-of-colon.ron",
        6,
        16,
        "expected `:` after the field name",
        "`name: value`",
    ),
    // Values of enums.
    (
        "enum-unknown-style.ron",
        13,
        16,
        "unknown value `Drivr` in `SocialStyle`",
        "did you mean `Driver`?",
    ),
    (
        "enum-wrong-case-language.ron",
        5,
        15,
        "unknown value `EN` in `Lang`",
        "did you mean `en`?",
    ),
    (
        "enum-unknown-trigger.ron",
        194,
        22,
        "unknown value `Price` in `Trigger`",
        "did you mean `PriceMention`?",
    ),
    (
        "enum-unknown-technique.ron",
        240,
        33,
        "unknown value `Evidense` in `Technique`",
        "did you mean `Evidence`?",
    ),
    (
        "enum-in-quotes.ron",
        13,
        16,
        "found the string \"Driver\"",
        "without quotes: `Driver`",
    ),
    // Punctuation: a missing comma is shown where it belongs, after the previous value.
    (
        "missing-comma.ron",
        14,
        21,
        "expected a comma",
        "separate fields and list items with `,`",
    ),
    (
        "missing-comma-list.ron",
        298,
        52,
        "expected a comma",
        "separate fields and list items with `,`",
    ),
    (
        "crlf-missing-comma.ron",
        7,
        26,
        "expected a comma",
        "with `,`",
    ),
    (
        "quote-inside-string.ron",
        21,
        35,
        "expected a comma",
        "write it as `\\\"`",
    ),
    // An unclosed string swallows the line break; the error is shown where the string starts.
    (
        "unclosed-string.ron",
        11,
        15,
        "this string runs on to line 12",
        "add `\"` where the text ends",
    ),
    (
        "unclosed-string-eof.ron",
        307,
        13,
        "this string is not closed",
        "add the closing `\"`",
    ),
    // «» from a word processor where RON wants straight quotes (issue 14).
    (
        "guillemet-quotes.ron",
        4,
        12,
        "expected a string in double quotes, found `«`",
        "straight double quotes",
    ),
    (
        "single-quoted-string.ron",
        12,
        18,
        "expected a string in double quotes",
        "double quotes",
    ),
    // Brackets: the end of the file, naming the bracket left open.
    (
        "unclosed-bracket-eof.ron",
        309,
        7,
        "unexpected end of file",
        "the `(` at line 2, column 9 is never closed",
    ),
    (
        "unclosed-list.ron",
        24,
        5,
        "the `[` at line 18, column 18 is not closed",
        "add `]`",
    ),
    (
        "unclosed-block-comment.ron",
        275,
        5,
        "this comment is never closed",
        "`*/`",
    ),
    (
        "trailing-text.ron",
        312,
        1,
        "unexpected text after the end of the scenario",
        "remove what follows it",
    ),
    // Types.
    (
        "wrong-type-string-for-number.ron",
        29,
        21,
        "expected a whole number",
        "without quotes: `48000`",
    ),
    (
        "wrong-type-word-for-share.ron",
        15,
        21,
        "expected a number",
        "such as `0.4`",
    ),
    (
        "decimal-comma.ron",
        15,
        21,
        "`0,5` is not a number",
        "`0.5`",
    ),
    // Thousands grouped with spaces, as Russian and French write them (issue 14).
    (
        "thousands-with-spaces.ron",
        29,
        21,
        "`4 800 000` is not a number",
        "`4800000`",
    ),
    // Twenty digits: the limit is named, not only "too large".
    (
        "price-twenty-digits.ron",
        29,
        21,
        "48000000000000000000 is too large for `list_price`",
        "up to 1 000 000 000 000",
    ),
    // A range written high to low: one clear error, not a misleading "no zone" after it.
    (
        "reservation-high-to-low.ron",
        293,
        9,
        "reservation (52000, 34000) is written high to low",
        "`reservation: (34000, 52000)`",
    ),
    (
        "price-with-thousands-separator.ron",
        29,
        21,
        "`48,000` is not a number",
        "`48000`",
    ),
    (
        "negative-price.ron",
        30,
        22,
        "`floor_price` cannot be negative",
        "0 or more",
    ),
    (
        "importance-too-large.ron",
        169,
        25,
        "300 is too large for `importance`",
        "",
    ),
    (
        "importance-fraction.ron",
        169,
        25,
        "expected a whole number, found `2.5`",
        "write `2`",
    ),
    (
        "reservation-not-a-pair.ron",
        277,
        22,
        "expected `(`",
        "`reservation: ( ... )`",
    ),
    (
        "list-without-brackets.ron",
        94,
        26,
        "expected a list",
        "`[Problem]`",
    ),
    (
        "bool-as-word.ron",
        198,
        22,
        "expected `true` or `false`",
        "",
    ),
    // Meaning: the validator's checks, located by searching the source.
    (
        "bad-id.ron",
        3,
        5,
        "id `Fleet Telematics` must use only",
        "for example",
    ),
    (
        "feature-unknown-need.ron",
        35,
        29,
        "addresses unknown need `fuel-cost`",
        "did you mean `fuel-costs`?",
    ),
    (
        "floor-above-list.ron",
        30,
        9,
        "the floor price 50000 is above the list price 48000",
        "lowest price",
    ),
    (
        "need-never-revealed.ron",
        144,
        13,
        "need `compliance` can never be revealed",
        "revealed_by: [Situation, Problem]",
    ),
    (
        "need-satisfied-but-implied.ron",
        195,
        13,
        "is `satisfied` but starts as `Implied`",
        "starts `Hidden` or `Hinted`",
    ),
    (
        "need-revealed-by-implication.ron",
        94,
        13,
        "lists `Implication` in `revealed_by`",
        "only open `Situation` and `Problem`",
    ),
    (
        "need-importance-out-of-range.ron",
        169,
        13,
        "importance 7 of need `customer-eta` is outside 1–5",
        "",
    ),
    // The second of two needs with one id: the first is fine where it is.
    (
        "duplicate-need-id.ron",
        167,
        17,
        "two needs share the id `safety`",
        "",
    ),
    (
        "objection-empty-resolves.ron",
        258,
        13,
        "objection `board` has no technique that resolves it",
        "resolves: [Evidence]",
    ),
    // Lines: placeholders, and words that can never be said.
    (
        "placeholder-typo.ron",
        299,
        35,
        "unknown placeholder `{prcie}` in a `counter_lines` line",
        "did you mean `{price}`?",
    ),
    (
        "placeholder-not-filled-there.ron",
        328,
        50,
        "`{price}` is not filled in a seller `greet` `Direct` line",
        "this line can use no placeholders",
    ),
    (
        "term-without-terms.ron",
        281,
        48,
        "`{term}` names the terms of a deal",
        "add `terms` to the product",
    ),
    (
        "resolved-by-never-resolves.ron",
        231,
        32,
        "`resolved_by` lines for `Acknowledge`, which never resolves it",
        "list `Acknowledge` in `resolves` or `weakens`",
    ),
    (
        "technique-resolves-and-backfires.ron",
        197,
        40,
        "lists `Evidence` both as working and as backfiring",
        "remove `Evidence`",
    ),
    (
        "no-zone-of-agreement.ron",
        277,
        9,
        "no zone of agreement",
        "walk_away_is_the_lesson: true",
    ),
    (
        "opening-above-reservation.ron",
        276,
        9,
        "the opening offer 40000",
        "",
    ),
    (
        "scepticism-out-of-range.ron",
        15,
        9,
        "`scepticism` is 50; it must be between 0 and 1",
        "`scepticism: 0.5`",
    ),
    // A commented-out line of the same name is not mistaken for the field.
    (
        "commented-out-field.ron",
        16,
        9,
        "`scepticism` is 1.5",
        "from 0 to 1",
    ),
    ("trust-negative.ron", 16, 9, "`trust` is -0.2", ""),
    (
        "patience-too-low.ron",
        14,
        9,
        "patience 2 leaves no room",
        "at least 3",
    ),
    (
        "term-default-out-of-range.ron",
        82,
        17,
        "term `payment` has 2 option(s); default 2 does not exist",
        "count from 0",
    ),
    (
        "objection-stage-followup.ron",
        219,
        13,
        "triggered by stage `FollowUp`, outside the meeting",
        "Contact to Close",
    ),
    (
        "objection-low-trust-percent.ron",
        239,
        13,
        "trigger value 20",
        "`LowTrust(0.2)`",
    ),
    // Rubrics.
    (
        "rubric-all-weights-zero.ron",
        4,
        5,
        "every stage weight is zero",
        "weights are relative",
    ),
    (
        "rubric-unknown-rule.ron",
        17,
        9,
        "unknown value `MaxDiscont` in `Rule`",
        "did you mean `MaxDiscount`?",
    ),
    (
        "rubric-weight-typo.ron",
        10,
        9,
        "unknown field `negociation` in `Weights`",
        "did you mean `negotiation`?",
    ),
    (
        "rubric-missing-name.ron",
        15,
        1,
        "missing field `name` in `Rubric`",
        "add `name: ...`",
    ),
    (
        "rubric-rule-missing-penalty.ron",
        16,
        34,
        "missing field `penalty` in `MinExplicitNeeds`",
        "",
    ),
    (
        "rubric-rule-unknown-field.ron",
        16,
        49,
        "unknown field `cap` in `MaxDiscount`",
        "",
    ),
    (
        "rubric-penalty-too-high.ron",
        17,
        24,
        "penalty 150 is over 100",
        "",
    ),
    (
        "rubric-discount-percent-out-of-range.ron",
        16,
        21,
        "discount cap 150 must be between 0 and 100",
        "`percent: 15.0`",
    ),
];

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/broken")
}

/// Loads a file as a scenario, or as a rubric when its name says so.
fn load(name: &str, bytes: &[u8]) -> Result<(), Diagnostics> {
    if name.starts_with("rubric-") {
        load_rubric(name, bytes).map(drop)
    } else {
        load_scenario(name, bytes).map(drop)
    }
}

/// Problems with how a diagnostic is located and printed, whatever it says.
fn shape_problems(d: &Diagnostic, source_lines: usize) -> Vec<String> {
    let mut out = Vec::new();
    if d.line == 0 || d.line > source_lines + 1 || d.column == 0 {
        out.push(format!(
            "position {}:{} outside the file's {source_lines} line(s)",
            d.line, d.column
        ));
    }
    let text = d.to_string();
    let level = if d.severity == Severity::Error {
        "error"
    } else {
        "warning"
    };
    let head = format!("{}:{}:{}: {level}:", d.file, d.line, d.column);
    if !text.starts_with(&head) {
        out.push(format!("display does not start with `{head}`:\n{text}"));
    }
    if !text.contains('^') {
        out.push(format!("display has no caret:\n{text}"));
    }
    out
}

#[test]
fn every_corpus_file_is_in_the_table() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(corpus_dir())
        .expect("the corpus folder exists")
        .map(|e| {
            e.expect("a readable entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let in_table: BTreeSet<String> = CASES.iter().map(|c| c.0.to_owned()).collect();
    assert_eq!(in_table.len(), CASES.len(), "a file appears twice in CASES");
    let untested: Vec<_> = on_disk.difference(&in_table).collect();
    let missing: Vec<_> = in_table.difference(&on_disk).collect();
    assert!(
        untested.is_empty(),
        "corpus files without a row in CASES: {untested:?}"
    );
    assert!(
        missing.is_empty(),
        "rows in CASES without a corpus file: {missing:?}"
    );
}

#[test]
fn each_broken_file_reports_its_first_error_where_expected() {
    let mut failures = Vec::new();
    for &(file, line, column, message, hint) in CASES {
        let bytes = std::fs::read(corpus_dir().join(file)).expect("the corpus file exists");
        let diags = match load(file, &bytes) {
            Ok(()) => {
                failures.push(format!("{file}: loaded without errors"));
                continue;
            }
            Err(d) => d,
        };
        let first = &diags.0[0];
        let mut problems = Vec::new();
        if first.severity != Severity::Error {
            problems.push("the first diagnostic is not an error".to_owned());
        }
        if (first.line, first.column) != (line, column) {
            problems.push(format!(
                "at {}:{}, expected {line}:{column}",
                first.line, first.column
            ));
        }
        if !first.message.contains(message) {
            problems.push(format!("message {:?} lacks {message:?}", first.message));
        }
        let got_hint = first.hint.as_deref().unwrap_or("");
        if !got_hint.contains(hint) {
            problems.push(format!("hint {got_hint:?} lacks {hint:?}"));
        }
        let lines = String::from_utf8_lossy(&bytes).lines().count();
        problems.extend(shape_problems(first, lines));
        let all = diags.to_string();
        if !all.starts_with(&format!("{file}:{line}:{column}: error:")) {
            problems.push(format!("the printed diagnostics start elsewhere:\n{all}"));
        }
        if !problems.is_empty() {
            failures.push(format!("{file}:\n  {}\n{first}", problems.join("\n  ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} corpus files misreported:\n\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

/// Loads `bytes` both as a scenario and as a rubric; each must fail with located diagnostics.
fn assert_rejected_and_located(what: &str, bytes: &[u8]) {
    let lines = String::from_utf8_lossy(bytes).lines().count();
    for name in [format!("{what}.ron"), format!("rubric-{what}.ron")] {
        let diags = match load(&name, bytes) {
            Ok(()) => panic!("{name}: loaded without errors"),
            Err(d) => d,
        };
        assert!(!diags.0.is_empty(), "{name}: no diagnostics");
        assert!(diags.0[0].is_error(), "{name}: the first is not an error");
        for d in &diags.0 {
            let problems = shape_problems(d, lines);
            assert!(problems.is_empty(), "{name}: {}", problems.join("\n"));
        }
    }
}

/// Deterministic pseudo-random bytes (xorshift), so a failure can be reproduced.
fn noise(len: usize, seed: u64, alphabet: Option<&[u8]>) -> Vec<u8> {
    let mut x = seed;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            match alphabet {
                Some(a) => a[(x % a.len() as u64) as usize],
                None => (x >> 24) as u8,
            }
        })
        .collect()
}

const FIVE_MB: usize = 5 * 1024 * 1024;

#[test]
fn many_megabyte_files_are_rejected_without_panicking() {
    // A valid scenario over and over: text after the end of the first one.
    let repeated = FLEET.repeat(FIVE_MB / FLEET.len() + 1);
    assert_rejected_and_located("repeated-scenario", repeated.as_bytes());

    // One scenario with thousands of copies of its needs: it parses, and every copy breaks a
    // rule (the ids repeat). The report stays short.
    let needs_start =
        FLEET.find("    needs: [\n").expect("fleet has needs") + "    needs: [\n".len();
    let needs_end = FLEET
        .find("    ],\n    objections:")
        .expect("needs end before objections");
    let needs = &FLEET[needs_start..needs_end];
    let many = format!(
        "{}{}{}",
        &FLEET[..needs_start],
        needs.repeat(FIVE_MB / needs.len() + 1),
        &FLEET[needs_end..]
    );
    assert!(many.len() > FIVE_MB);
    match load_scenario("many-needs.ron", many.as_bytes()) {
        Ok(_) => panic!("thousands of needs with the same ids loaded"),
        Err(d) => {
            assert!(d.0.len() < 1000, "{} diagnostics", d.0.len());
            assert!(
                d.0[0].message.contains("two needs share the id"),
                "{}",
                d.0[0]
            );
            let lines = many.lines().count();
            for x in &d.0 {
                let problems = shape_problems(x, lines);
                assert!(problems.is_empty(), "{}", problems.join("\n"));
            }
        }
    }

    // Binary noise, and noise made of RON's punctuation: from the first byte, and after the
    // start of a valid scenario so the parser is deep inside it when the noise begins.
    let punctuation = b"()[]{}:,\"'/*\\ \n\tabc019.-r#";
    let prefix = &FLEET.as_bytes()[..3000];
    for (what, seed, alphabet) in [
        ("binary-noise", 7, None),
        ("ron-noise", 11, Some(&punctuation[..])),
    ] {
        let noise = noise(FIVE_MB, seed, alphabet);
        assert_rejected_and_located(what, &noise);
        let after = [prefix, &noise[..]].concat();
        assert_rejected_and_located(&format!("fleet-then-{what}"), &after);
    }

    // Over the size limit: refused before parsing.
    let huge = vec![b' '; dealcraft_core::parse::MAX_FILE_BYTES + 1];
    let err = load_scenario("huge.ron", &huge).expect_err("too large");
    assert!(err.0[0].message.contains("the limit is"), "{}", err.0[0]);
}

#[test]
fn deep_nesting_is_rejected_without_panicking() {
    const DEPTH: usize = 100_000;
    for (what, text) in [
        ("square", "[".repeat(DEPTH)),
        ("round", "(".repeat(DEPTH)),
        ("curly", "{".repeat(DEPTH)),
        ("mixed", "([{".repeat(DEPTH / 3)),
        (
            "closed",
            format!("{}{}", "[".repeat(DEPTH), "]".repeat(DEPTH)),
        ),
        ("after-name", format!("Scenario(id: {}", "(".repeat(DEPTH))),
        (
            "in-a-list",
            FLEET.replacen("dossier: [", &format!("dossier: [{}", "[".repeat(DEPTH)), 1),
        ),
        (
            "in-a-map",
            FLEET.replacen(
                "lines: {",
                &format!("lines: {{{}", "Some(".repeat(DEPTH)),
                1,
            ),
        ),
    ] {
        assert_rejected_and_located(&format!("deep-{what}"), text.as_bytes());
    }
}

#[test]
fn every_truncation_of_a_valid_scenario_is_rejected_and_located() {
    assert!(load_scenario("fleet-telematics.ron", FLEET.as_bytes()).is_ok());
    let whole = FLEET.trim_end();
    for cut in (0..FLEET.len()).step_by(97) {
        let part = &FLEET.as_bytes()[..cut];
        if part.trim_ascii_end() == whole.as_bytes() {
            continue; // only the final newline is gone
        }
        let name = format!("fleet-telematics-{cut}.ron");
        let diags = match load_scenario(&name, part) {
            Ok(_) => panic!("{name}: a truncated scenario loaded"),
            Err(d) => d,
        };
        let lines = String::from_utf8_lossy(part).lines().count();
        let problems = shape_problems(&diags.0[0], lines);
        assert!(problems.is_empty(), "{name}: {}", problems.join("\n"));
    }
    for cut in (0..DEFAULT_RUBRIC.trim_end().len()).step_by(7) {
        let name = format!("rubric-default-{cut}.ron");
        let part = &DEFAULT_RUBRIC.as_bytes()[..cut];
        let diags = load_rubric(&name, part)
            .map(drop)
            .expect_err("a truncated rubric");
        let lines = String::from_utf8_lossy(part).lines().count();
        let problems = shape_problems(&diags.0[0], lines);
        assert!(problems.is_empty(), "{name}: {}", problems.join("\n"));
    }
}

#[test]
fn a_reservation_written_high_to_low_is_one_error_only() {
    let bytes = std::fs::read(corpus_dir().join("reservation-high-to-low.ron")).unwrap();
    let diags = load_scenario("reservation-high-to-low.ron", &bytes).unwrap_err();
    let errors: Vec<&Diagnostic> = diags.0.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{diags}");
    assert_eq!(errors[0].field.as_deref(), Some("negotiation.reservation"));
    // The same file with the pair the right way round loads.
    let fixed = String::from_utf8(bytes)
        .unwrap()
        .replace("(52000, 34000)", "(34000, 52000)");
    assert!(load_scenario("fixed.ron", fixed.as_bytes()).is_ok());
}

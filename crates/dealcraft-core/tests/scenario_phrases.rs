//! A scenario's own example phrases (`phrases: { Kind: [...] }`): they teach the interpreter the
//! trade's words, and `validate` reports phrases that cannot be used, with their line.

use dealcraft_core::interpret::Interpreter;
use dealcraft_core::{Severity, emit, load_scenario};

const FLEET: &str = include_str!("../../../scenarios/fleet-telematics.ron");

/// The fleet scenario with `phrases` added before its closing parenthesis.
fn with_phrases(phrases: &str) -> String {
    let end = FLEET.rfind(')').unwrap();
    format!("{}    phrases: {phrases},\n)", &FLEET[..end])
}

#[test]
fn a_scenarios_phrases_teach_the_interpreter_its_words() {
    let text = "Zorbing the fleet, then?";
    let want = "Close(Trial)";
    let confidence = |r: &dealcraft_core::interpret::Reading| {
        r.candidates
            .iter()
            .find(|c| c.mv.to_string() == want)
            .map_or(0.0, |c| c.confidence)
    };
    let plain = load_scenario("fleet.ron", FLEET.as_bytes()).unwrap();
    let before = Interpreter::new(&plain.scenario).read(text, None, None);
    let src = with_phrases(
        r#"{ Close(Trial): ["Zorbing the trucks, then?", "So, zorbing it is?", "Ready for zorbing?"] }"#,
    );
    let taught = load_scenario("fleet.ron", src.as_bytes()).unwrap();
    assert!(
        !taught.warnings.iter().any(|w| w.message.contains("phrase")),
        "{:?}",
        taught.warnings
    );
    let after = Interpreter::new(&taught.scenario).read(text, None, None);
    assert!(
        !before.understood || confidence(&before) < 0.5,
        "{before:?}"
    );
    assert_eq!(
        after.best().map(|c| c.mv.to_string()),
        Some(want.to_owned())
    );
    assert!(confidence(&after) > confidence(&before) + 0.2);
}

#[test]
fn validate_reports_unusable_phrases_where_they_are() {
    let src = with_phrases(
        r#"{ Collect(Remind): ["Please pay the invoice."], Ask(Problem): ["  ", "123 456"] }"#,
    );
    let err = load_scenario("fleet.ron", src.as_bytes()).unwrap_err();
    let line_of = |needle: &str| src[..src.find(needle).unwrap()].matches('\n').count() + 1;
    let debt = err
        .0
        .iter()
        .find(|d| d.message.contains("no `debt`"))
        .expect("debt phrases without debt are an error");
    assert_eq!(debt.severity, Severity::Error);
    assert_eq!(debt.line, line_of("Collect(Remind)"));
    assert!(err.0.iter().any(|d| d.message.contains("an empty phrase")));
    let figures = err
        .0
        .iter()
        .find(|d| d.message.contains("no English or Russian words"))
        .expect("a phrase without words is reported");
    assert_eq!(figures.severity, Severity::Warning);
    assert_eq!(figures.line, line_of("\"123 456\""));
}

#[test]
fn an_unknown_move_kind_in_phrases_is_an_error_naming_the_kinds() {
    let src = with_phrases(r#"{ Prepare: ["Let me plan."] }"#);
    let err = load_scenario("fleet.ron", src.as_bytes()).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("Prepare"), "{text}");
}

#[test]
fn the_editors_save_keeps_the_phrases() {
    let src = with_phrases(
        r#"{ Ask(Problem): ["Are the reefers running warm?"], Handle(Evidence): ["Вот выгрузка за месяц."] }"#,
    );
    let sc = load_scenario("fleet.ron", src.as_bytes()).unwrap().scenario;
    assert_eq!(sc.phrases.len(), 2);
    let written = emit::scenario(&sc);
    let again = load_scenario("again.ron", written.as_bytes())
        .unwrap()
        .scenario;
    assert_eq!(again, sc);
}

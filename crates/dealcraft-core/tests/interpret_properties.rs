//! Property tests of the interpreter: any text, typed at any point of a session on any bundled
//! scenario, never panics, reads the same twice, and offers only moves the session accepts.

use std::sync::{Arc, OnceLock};

use dealcraft_core::interpret::Interpreter;
use dealcraft_core::{LoadedScenario, Rubric, Session, bundled};
use proptest::prelude::*;

/// Every bundled scenario with its interpreter, built once for all cases.
fn readers() -> &'static [(LoadedScenario, Interpreter)] {
    static READERS: OnceLock<Vec<(LoadedScenario, Interpreter)>> = OnceLock::new();
    READERS.get_or_init(|| {
        bundled::all()
            .into_iter()
            .map(|r| {
                let loaded = r.expect("bundled scenarios are valid");
                let reader = Interpreter::new(&loaded.scenario);
                (loaded, reader)
            })
            .collect()
    })
}

/// What a trainee might type, and what they should not but could: sales words in both
/// languages, prices in every form, stray symbols, and any text at all.
fn arb_text() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        Just("price".to_owned()),
        Just("45k".to_owned()),
        Just("4,8 млн".to_owned()),
        Just("четыре миллиона восемьсот".to_owned()),
        Just("трёхлетний".to_owned()),
        Just("999999999999999999999999 000".to_owned()),
        Just("with 60-day payment".to_owned()),
        Just("fuel costs".to_owned()),
        Just("Karen".to_owned()),
        Just("сервис".to_owned()),
        Just("?".to_owned()),
        Just("—".to_owned()),
        "[a-zA-Zа-яА-ЯёЁ0-9 ,.?!%€£$₽-]{0,40}",
    ];
    prop_oneof![
        prop::collection::vec(word, 0..12).prop_map(|w| w.join(" ")),
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn any_text_at_any_point_reads_to_moves_the_session_accepts(
        which in any::<prop::sample::Index>(),
        seed in any::<u64>(),
        picks in prop::collection::vec(any::<prop::sample::Index>(), 0..40),
        text in arb_text(),
    ) {
        let (loaded, reader) = which.get(readers());
        let mut session =
            Session::new(Arc::new(loaded.scenario.clone()), Rubric::default(), seed);
        for pick in picks {
            if session.is_over() {
                break;
            }
            let legal = session.legal_moves();
            session.apply(pick.get(&legal).clone()).expect("a legal move");
        }
        let without = reader.read(&text, None, None);
        prop_assert_eq!(&without, &reader.read(&text, None, None));
        let reading = reader.read(&text, None, Some(&session));
        prop_assert_eq!(&reading, &reader.read(&text, None, Some(&session)));
        prop_assert!(reading.candidates.len() <= dealcraft_core::interpret::READINGS);
        for c in &reading.candidates {
            prop_assert!((0.0..=1.0).contains(&c.confidence), "{}", c.confidence);
            prop_assert!(
                session.check_move(&c.mv).is_ok(),
                "{:?} read as {} which the session refuses",
                text,
                c.mv
            );
        }
        if let Some(best) = reading.best() {
            prop_assert!(best.confidence >= dealcraft_core::interpret::MIN_CONFIDENCE);
        }
    }
}

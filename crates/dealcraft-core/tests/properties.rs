//! Property tests: any moves on any bundled scenario never panic, keep scores in 0–100 and
//! replay exactly from the log; any bytes fed to the scenario loader never panic.

use std::collections::BTreeMap;
use std::sync::Arc;

use dealcraft_core::moves::{
    AfterSale, CloseTechnique, ContactStyle, DebtAction, Id, Move, Plan, QuestionKind, Technique,
};
use dealcraft_core::scenario::SocialStyle;
use dealcraft_core::{
    LoadedScenario, Rubric, Session, SessionLog, bundled, load_rubric, load_scenario, score,
};
use proptest::prelude::*;

fn scenarios() -> Vec<LoadedScenario> {
    bundled::all()
        .into_iter()
        .map(|r| r.expect("bundled scenarios are valid"))
        .collect()
}

/// Checks the invariants of a played session: scores in range and an exact replay.
fn check(session: &Session, hash: &str) -> Result<(), TestCaseError> {
    let card = score(session);
    prop_assert!(card.overall <= 100);
    for s in &card.stages {
        prop_assert!(s.score <= 100, "{} scored {}", s.stage, s.score);
    }
    let log = session.log(hash);
    let text = log.to_ron();
    let parsed = SessionLog::parse(&text).map_err(TestCaseError::fail)?;
    prop_assert_eq!(&parsed, &log);
    let again = parsed
        .replay(session.scenario_arc().clone(), hash)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(again.transcript(), session.transcript());
    prop_assert_eq!(again.outcome(), session.outcome());
    prop_assert_eq!(score(&again), card);
    Ok(())
}

fn arb_id() -> impl Strategy<Value = Id> {
    let id: BoxedStrategy<String> = prop_oneof![
        // Ids that exist in some bundled scenario, and ones that exist nowhere.
        Just("price".to_owned()),
        Just("fuel-costs".to_owned()),
        Just("safety".to_owned()),
        Just("fuel-analytics".to_owned()),
        Just("board".to_owned()),
        Just("contract".to_owned()),
        "[a-z-]{0,12}",
    ]
    .boxed();
    id.prop_map(Id::from)
}

fn arb_move() -> impl Strategy<Value = Move> {
    let kind = prop::sample::select(QuestionKind::ALL.to_vec());
    let technique = prop::sample::select(Technique::ALL.to_vec());
    let close = prop::sample::select(CloseTechnique::ALL.to_vec());
    let contact = prop::sample::select(ContactStyle::ALL.to_vec());
    let after = prop::sample::select(AfterSale::ALL.to_vec());
    let debt = prop::sample::select(DebtAction::ALL.to_vec());
    let style = prop::sample::select(SocialStyle::ALL.to_vec());
    prop_oneof![
        (
            any::<u64>(),
            any::<u64>(),
            style,
            prop::collection::vec(arb_id(), 0..3)
        )
            .prop_map(
                |(target_price, walk_away_price, style, must_have)| Move::Prepare(Plan {
                    target_price,
                    walk_away_price,
                    style,
                    must_have
                })
            ),
        contact.prop_map(Move::Greet),
        Just(Move::SetAgenda),
        Just(Move::SmallTalk),
        (kind, prop::option::of(arb_id())).prop_map(|(kind, need)| Move::Ask { kind, need }),
        Just(Move::Summarize),
        (arb_id(), prop::option::of(arb_id()))
            .prop_map(|(feature, need)| Move::Present { feature, need }),
        (arb_id(), technique).prop_map(|(objection, technique)| Move::Handle {
            objection,
            technique
        }),
        (
            any::<u64>(),
            prop::collection::btree_map(arb_id(), 0usize..4, 0..3)
        )
            .prop_map(|(price, terms)| Move::Offer { price, terms }),
        (0u64..200_000).prop_map(|price| Move::Offer {
            price,
            terms: BTreeMap::new()
        }),
        Just(Move::AcceptCounter),
        Just(Move::WalkAway),
        close.prop_map(Move::Close),
        Just(Move::NextSteps),
        after.prop_map(Move::FollowUp),
        debt.prop_map(Move::Collect),
        Just(Move::End),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Arbitrary moves, legal or not: refused ones change nothing, nothing panics.
    #[test]
    fn any_moves_never_panic_and_replay_exactly(
        which in any::<prop::sample::Index>(),
        seed in any::<u64>(),
        moves in prop::collection::vec(arb_move(), 0..80),
    ) {
        let all = scenarios();
        let loaded = which.get(&all);
        let mut session = Session::new(Arc::new(loaded.scenario.clone()), Rubric::default(), seed);
        for mv in moves {
            let before = (session.moves().len(), session.transcript().len());
            if session.apply(mv).is_err() {
                prop_assert_eq!(before, (session.moves().len(), session.transcript().len()));
            }
        }
        check(&session, &loaded.hash)?;
    }

    /// Moves drawn from `legal_moves` are always accepted, and sessions stay consistent.
    #[test]
    fn legal_moves_are_accepted(
        which in any::<prop::sample::Index>(),
        seed in any::<u64>(),
        picks in prop::collection::vec((any::<prop::sample::Index>(), 1u64..300_000), 0..150),
    ) {
        let all = scenarios();
        let loaded = which.get(&all);
        let mut session = Session::new(Arc::new(loaded.scenario.clone()), Rubric::default(), seed);
        for (pick, price) in picks {
            if session.is_over() {
                break;
            }
            let legal = session.legal_moves();
            prop_assert!(!legal.is_empty());
            let mv = match pick.get(&legal).clone() {
                Move::Offer { terms, .. } => Move::Offer { price, terms },
                mv => mv,
            };
            let shown = mv.to_string();
            prop_assert!(session.apply(mv).is_ok(), "legal move refused: {}", shown);
        }
        check(&session, &loaded.hash)?;
    }

    /// Arbitrary bytes never panic the loader; every error is located.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4000)) {
        let errors = [load_scenario("fuzz.ron", &bytes).err(), load_rubric("fuzz.ron", &bytes).err()];
        for diags in errors.into_iter().flatten() {
            prop_assert!(!diags.0.is_empty());
            for d in &diags.0 {
                prop_assert!(d.line >= 1 && d.column >= 1);
            }
        }
    }

    /// Bundled scenarios with random edits: deletions, insertions, duplications, flipped bytes.
    #[test]
    fn mutated_scenarios_never_panic(
        which in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..64, any::<u8>(), 0u8..4), 1..8),
    ) {
        let files = bundled::SCENARIOS;
        let (_, text) = files[which.index(files.len())];
        let mut bytes = text.as_bytes().to_vec();
        for (at, len, byte, kind) in edits {
            let i = at.index(bytes.len().max(1)).min(bytes.len());
            let end = (i + len).min(bytes.len());
            match kind {
                0 => { bytes.drain(i..end); }
                1 => bytes.splice(i..i, std::iter::repeat_n(byte, len)).for_each(drop),
                2 => { let chunk = bytes[i..end].to_vec(); bytes.splice(i..i, chunk).for_each(drop); }
                _ => if let Some(b) = bytes.get_mut(i) { *b ^= byte.max(1); },
            }
        }
        if let Err(diags) = load_scenario("mutated.ron", &bytes) {
            let text = diags.to_string();
            prop_assert!(text.contains("mutated.ron:"), "{}", text);
        }
    }
}

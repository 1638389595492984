//! Findings in Russian: `score_in(.., Ru)` gives the same findings as `score` (rules, turns,
//! points, order), every text and tip translated, with no English left outside quoted scenario
//! content.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use dealcraft_core::bots::{BotKind, play};
use dealcraft_core::moves::{
    AfterSale, CloseTechnique, ContactStyle, DebtAction, QuestionKind, Technique,
};
use dealcraft_core::parse::parse_moves;
use dealcraft_core::scenario::Lang;
use dealcraft_core::scoring::score_in;
use dealcraft_core::{Move, Rubric, Scenario, Scorecard, Session, bundled, score};

const SEEDS: u64 = 12;

/// Moves the bots rarely play, to mix into the golden scripts.
fn odd_moves(sc: &Scenario) -> Vec<Move> {
    let mut out = vec![
        Move::SmallTalk,
        Move::SetAgenda,
        Move::Summarize,
        Move::NextSteps,
    ];
    out.extend(ContactStyle::ALL.map(Move::Greet));
    out.extend(CloseTechnique::ALL.map(Move::Close));
    out.extend(AfterSale::ALL.map(Move::FollowUp));
    out.extend(DebtAction::ALL.map(Move::Collect));
    out.extend(QuestionKind::ALL.map(|kind| Move::Ask { kind, need: None }));
    for o in &sc.objections {
        out.extend(Technique::ALL.map(|technique| Move::Handle {
            objection: o.id.as_str().into(),
            technique,
        }));
    }
    for (f, n) in sc.product.features.iter().zip(sc.needs.iter().rev()) {
        out.push(Move::Present {
            feature: f.id.as_str().into(),
            need: Some(n.id.as_str().into()),
        });
    }
    let (list, floor) = (sc.product.list_price, sc.product.floor_price);
    for price in [list * 7 / 10, list * 9 / 10, floor * 9 / 10, floor] {
        out.push(Move::Offer {
            price,
            terms: BTreeMap::new(),
        });
    }
    out.extend([Move::AcceptCounter, Move::WalkAway]);
    out
}

/// A script played as far as it goes; refused moves are skipped.
fn replay(sc: &Arc<Scenario>, script: &[Move], rubric: &Rubric) -> Session {
    let mut session = Session::new(sc.clone(), rubric.clone(), 7);
    for mv in script {
        if session.is_over() {
            break;
        }
        let _ = session.apply(mv.clone());
    }
    session
}

/// A golden script with odd moves mixed in at random; refused moves are skipped.
fn mixed(sc: &Arc<Scenario>, script: &[Move], rubric: &Rubric, seed: u64) -> Session {
    let odd = odd_moves(sc);
    let mut rng = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = |n: usize| {
        rng = rng
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (rng >> 33) as usize % n
    };
    let mut session = Session::new(sc.clone(), rubric.clone(), seed);
    for mv in script {
        while next(4) == 0 && !session.is_over() {
            let _ = session.apply(odd[next(odd.len())].clone());
        }
        if session.is_over() {
            break;
        }
        let _ = session.apply(mv.clone());
    }
    while !session.is_over() && next(3) != 0 {
        let _ = session.apply(odd[next(odd.len())].clone());
    }
    session
}

/// Every session the test scores: each bot over a few seeds under both bundled rubrics, the
/// golden script of each scenario and that script with odd moves mixed in.
fn sessions() -> Vec<Session> {
    let rubrics = [
        Rubric::default(),
        bundled::rubric("consultative")
            .expect("the consultative rubric is bundled")
            .rubric,
    ];
    let scripts = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/scripts");
    let mut out = Vec::new();
    for loaded in bundled::all() {
        let sc = Arc::new(loaded.expect("bundled scenarios are valid").scenario);
        for rubric in &rubrics {
            for kind in BotKind::ALL {
                for seed in 0..SEEDS {
                    out.push(play(kind, sc.clone(), rubric.clone(), seed));
                }
            }
        }
        let path = scripts.join(format!("{}.ron", sc.id));
        let bytes = std::fs::read(&path).expect("every bundled scenario has a script");
        let moves =
            parse_moves(&path.display().to_string(), &bytes).unwrap_or_else(|d| panic!("{d}"));
        let mut session = Session::new(sc.clone(), rubrics[1].clone(), 2026);
        for mv in moves.clone() {
            session.apply(mv).expect("the golden script plays");
        }
        out.push(session);
        for seed in 0..SEEDS * 4 {
            out.push(mixed(&sc, &moves, &rubrics[(seed % 2) as usize], seed));
        }
        // The same client with no particular wishes after the sale.
        let mut relaxed = (*sc).clone();
        relaxed.follow_up.expects.clear();
        let relaxed = Arc::new(relaxed);
        for (i, odd) in odd_moves(&sc).into_iter().enumerate() {
            for at in (i % 4..moves.len() + 1).step_by(4) {
                let mut script = moves[..at].to_vec();
                script.extend([odd.clone(), odd.clone(), odd.clone()]);
                script.extend_from_slice(&moves[at..]);
                let sc = if at % 8 < 4 { &sc } else { &relaxed };
                out.push(replay(sc, &script, &rubrics[at % 2]));
            }
        }
    }
    out
}

/// The text with «quoted» scenario content and the currency code taken out.
fn outside_quotes(text: &str, currency: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '«' => depth += 1,
            '»' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    if currency.is_empty() {
        out
    } else {
        out.replace(currency, "")
    }
}

fn check(session: &Session, en: &Scorecard, ru: &Scorecard) {
    let id = &session.scenario().id;
    let currency = &session.scenario().product.currency;
    assert_eq!(en.overall, ru.overall, "{id}");
    assert_eq!(en.stages.len(), ru.stages.len(), "{id}");
    for (e, r) in en.stages.iter().zip(&ru.stages) {
        assert_eq!(
            (e.stage, e.score, e.weight, e.reached),
            (r.stage, r.score, r.weight, r.reached),
            "{id}"
        );
        assert_eq!(e.findings.len(), r.findings.len(), "{id} {}", e.stage);
        for (fe, fr) in e.findings.iter().zip(&r.findings) {
            assert_eq!(
                (fe.stage, &fe.rule, fe.turn, fe.points, fe.tip.is_some()),
                (fr.stage, &fr.rule, fr.turn, fr.points, fr.tip.is_some()),
                "{id}: the same finding in both languages"
            );
            assert_ne!(fe.text, fr.text, "{id} {}: text not translated", fe.rule);
            let left = outside_quotes(&fr.text, currency);
            assert!(
                !left.chars().any(|c| c.is_ascii_alphabetic()),
                "{id} {}: English left in the Russian text {:?}",
                fr.rule,
                fr.text
            );
            assert!(
                fr.text.chars().any(|c| ('а'..='я').contains(&c)),
                "{id} {}: {:?} is not Russian",
                fr.rule,
                fr.text
            );
            if let (Some(te), Some(tr)) = (&fe.tip, &fr.tip) {
                assert_ne!(te, tr, "{id} {}: tip not translated", fe.rule);
                assert!(
                    !tr.chars().any(|c| c.is_ascii_alphabetic()),
                    "{id} {}: English left in the Russian tip {tr:?}",
                    fr.rule
                );
            }
        }
    }
}

#[test]
fn russian_findings_match_english_ones_rule_for_rule() {
    let mut rules = std::collections::BTreeSet::new();
    for session in sessions() {
        let en = score(&session);
        assert_eq!(
            en,
            score_in(&session, Lang::En),
            "score is score_in English"
        );
        let ru = score_in(&session, Lang::Ru);
        check(&session, &en, &ru);
        for s in &ru.stages {
            rules.extend(s.findings.iter().map(|f| f.rule));
        }
    }
    // The sessions reach most rules, so most of the translations are checked.
    assert!(
        rules.len() >= 65,
        "only {} rules reached: {rules:?}",
        rules.len()
    );
}

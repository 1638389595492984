//! The rule table: every rule has its own key, `docs/scoring.md` lists the rules as the code
//! does, every stage rule is produced by some session and every critical error and bad habit
//! by the exploit search, so none is dead code.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use dealcraft_core::bots::{Bot, BotKind, play};
use dealcraft_core::moves::{AfterSale, DebtAction, Technique};
use dealcraft_core::scoring::rules::rules_table_markdown;
use dealcraft_core::scoring::{Rule, RuleKind};
use dealcraft_core::search;
use dealcraft_core::{Move, Rubric, Scenario, Session, Stage, bundled, score};

const SEEDS: u64 = 16;

#[test]
fn every_key_names_its_rule_and_no_two_rules_share_one() {
    let mut keys = BTreeSet::new();
    for rule in Rule::ALL {
        assert_eq!(Rule::from_key(rule.key()), Some(rule), "{rule:?}");
        assert!(
            keys.insert(rule.key()),
            "two rules share the key {}",
            rule.key()
        );
        assert_eq!(rule.to_string(), rule.key());
        assert_eq!(
            serde_json::to_string(&rule).unwrap(),
            format!("\"{}\"", rule.key())
        );
        assert!(
            !rule.points().is_empty() && !rule.checks().is_empty(),
            "{rule}"
        );
        // A table cell cannot hold a `|` or a line break.
        for cell in [rule.points(), rule.checks()] {
            assert!(!cell.contains(['|', '\n']), "{rule}: {cell:?}");
        }
    }
    assert_eq!(Rule::from_key("needs.nothing"), None);
    for stage in Stage::ALL {
        let rule = Rule::not_reached(stage);
        assert_eq!(rule.stage(), stage);
        assert_eq!(rule.key(), format!("{}.not_reached", stage.key()));
    }
}

#[test]
fn the_scoring_doc_carries_the_generated_rule_table() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/scoring.md");
    let doc = std::fs::read_to_string(&path).expect("docs/scoring.md is readable");
    let (begin, end) = ("<!-- rules:begin -->\n", "\n<!-- rules:end -->");
    let start = doc
        .find(begin)
        .expect("docs/scoring.md has a rules:begin line")
        + begin.len();
    let stop = doc[start..].find(end).expect("a rules:end line follows") + start;
    let table = rules_table_markdown();
    assert!(
        doc[start..stop].trim() == table.trim(),
        "the rule table in docs/scoring.md is out of date; put this between the markers:\n\n{table}"
    );
}

/// Rules no bot produces on the bundled scenarios, and why. Each is produced by a steered
/// session in [`steered_sessions`] instead.
const BOTS_NEVER_PRODUCE: [(Rule, &str); 8] = [
    (
        Rule::ContactTooMuchSmallTalk,
        "bots make small talk at most twice (random, rarely, more over many seeds)",
    ),
    (
        Rule::ObjectionsConceded,
        "conceding resolves no bundled objection; a scenario's `resolves` or `weakens` may list it",
    ),
    (
        Rule::NegotiationBelowFloor,
        "bots never agree below the floor (random's low offers never reach a deal)",
    ),
    (
        Rule::NegotiationRepeatedOffer,
        "bots never make the same offer twice in a row",
    ),
    (
        Rule::NegotiationLoss,
        "only office-furniture-nozopa has no zone of agreement, and bots walk away there",
    ),
    (
        Rule::FollowUpDone,
        "every bundled scenario lists the follow-up its client `expects`",
    ),
    (
        Rule::FollowUpAnnoyed,
        "only pushy upsells, and it never gets a deal to follow up",
    ),
    (
        Rule::DebtEscalatedEarly,
        "bots escalate a debt only once it is overdue and reminded twice",
    ),
];

#[test]
fn every_stage_rule_is_produced_by_some_session() {
    let mut by_bots = BTreeSet::new();
    for loaded in bundled::all() {
        let sc = Arc::new(loaded.expect("bundled scenarios are valid").scenario);
        for kind in BotKind::ALL {
            for seed in 0..SEEDS {
                by_bots.extend(rules_of(&play(kind, sc.clone(), Rubric::default(), seed)));
            }
        }
    }
    let exceptions: BTreeSet<Rule> = BOTS_NEVER_PRODUCE.iter().map(|(r, _)| *r).collect();
    // Unreached stages and company rules are left out: any empty session or rubric shows them.
    let expected = Rule::of_kind(RuleKind::Stage)
        .filter(|r| !r.key().ends_with(".not_reached") && !exceptions.contains(r));
    let missing: Vec<Rule> = expected.filter(|r| !by_bots.contains(r)).collect();
    assert!(
        missing.is_empty(),
        "no bot session produced {missing:?}; if no session can, the rule is dead code, \
         otherwise list it in BOTS_NEVER_PRODUCE with the reason"
    );
    for (rule, session) in steered_sessions() {
        assert!(
            rules_of(&session).contains(&rule),
            "the session steered towards {rule} did not produce it"
        );
    }
}

fn rules_of(session: &Session) -> BTreeSet<Rule> {
    score(session).findings().map(|f| f.rule).collect()
}

/// Critical errors and habits no bundled client lets a play break, and why.
const SEARCH_NEVER_BREAKS: [(Rule, &str); 0] = [];

#[test]
fn the_exploit_search_breaks_every_critical_error_and_habit_somewhere() {
    let mut broken = BTreeSet::new();
    for id in bundled::ids() {
        let sc = Arc::new(scenario(&id));
        let opts = search::Options {
            budget: 3000,
            ..search::Options::default()
        };
        let report = search::search(sc, Rubric::default(), &opts, &|_, _| {});
        for e in report.exploits.iter().filter(|e| e.overall.is_some()) {
            // The archived play replays to the rule it is filed under.
            let mut s = Session::new(Arc::new(scenario(&id)), Rubric::default(), opts.seed);
            for mv in &e.moves {
                s.apply(mv.clone()).expect("an exploit's moves are legal");
            }
            assert!(
                score(&s).breaks(e.rule),
                "{id}: the play filed under {} does not break it",
                e.rule
            );
            broken.insert(e.rule);
        }
    }
    let exceptions: BTreeSet<Rule> = SEARCH_NEVER_BREAKS.iter().map(|(r, _)| *r).collect();
    let missing: Vec<Rule> = search::targets()
        .into_iter()
        .filter(|r| !broken.contains(r) && !exceptions.contains(r))
        .collect();
    assert!(missing.is_empty(), "the search never broke {missing:?}");
}

fn scenario(id: &str) -> Scenario {
    bundled::load(id).expect("bundled scenario").scenario
}

/// The textbook bot's session with some of its moves replaced by `steer`.
fn steered(sc: Scenario, steer: impl Fn(&Session, Move) -> Move) -> Session {
    let mut session = Session::new(Arc::new(sc), Rubric::default(), 7);
    let mut bot = Bot::new(BotKind::Textbook, 7);
    for _ in 0..500 {
        if session.is_over() {
            break;
        }
        let mv = steer(&session, bot.next_move(&session));
        let shown = mv.to_string();
        session
            .apply(mv)
            .unwrap_or_else(|e| panic!("steered move {shown} refused: {e}"));
    }
    session
}

fn count(s: &Session, pred: impl Fn(&Move) -> bool) -> usize {
    s.moves().iter().filter(|m| pred(m)).count()
}

/// A session for each rule of [`BOTS_NEVER_PRODUCE`], steered to produce it.
fn steered_sessions() -> Vec<(Rule, Session)> {
    let small_talk = steered(scenario("fleet-telematics"), |s, mv| {
        if s.greeted() && count(s, |m| *m == Move::SmallTalk) < 3 {
            Move::SmallTalk
        } else {
            mv
        }
    });
    let mut yielding = scenario("fleet-telematics");
    for o in &mut yielding.objections {
        o.backfires.retain(|t| *t != Technique::Concede);
        o.resolves.push(Technique::Concede);
    }
    let conceded = steered(yielding, |_, mv| match mv {
        Move::Handle { objection, .. } => Move::Handle {
            objection,
            technique: Technique::Concede,
        },
        mv => mv,
    });
    // Offering the least the client would ever pay, then taking its counter: below the floor
    // in both scenarios.
    let cheap = |s: &Session, mv: Move| match mv {
        Move::Offer { .. } | Move::WalkAway | Move::AcceptCounter
            if s.client().negotiation.seller_offers.is_empty() =>
        {
            Move::Offer {
                price: s.scenario().negotiation.reservation.0,
                terms: Default::default(),
            }
        }
        Move::Offer { .. } | Move::WalkAway if s.client().negotiation.agreed.is_none() => {
            Move::AcceptCounter
        }
        mv => mv,
    };
    let below_floor = steered(scenario("fleet-telematics"), cheap);
    let loss = steered(scenario("office-furniture-nozopa"), cheap);
    let mut relaxed = scenario("fleet-telematics");
    relaxed.follow_up.expects.clear();
    let done = steered(relaxed, |_, mv| mv);
    let annoyed = steered(scenario("fleet-telematics"), |s, mv| match mv {
        Move::FollowUp(_) if count(s, |m| matches!(m, Move::FollowUp(_))) == 0 => {
            Move::FollowUp(AfterSale::Upsell)
        }
        mv => mv,
    });
    let repeated = steered(scenario("fleet-telematics"), |s, mv| match mv {
        Move::Offer { .. } if count(s, |m| matches!(m, Move::Offer { .. })) < 2 => Move::Offer {
            price: s.scenario().product.list_price,
            terms: Default::default(),
        },
        mv => mv,
    });
    let escalated = steered(scenario("solar-farm"), |s, mv| match mv {
        Move::Collect(_) if count(s, |m| matches!(m, Move::Collect(_))) == 0 => {
            Move::Collect(DebtAction::Escalate)
        }
        mv => mv,
    });
    vec![
        (Rule::ContactTooMuchSmallTalk, small_talk),
        (Rule::ObjectionsConceded, conceded),
        (Rule::NegotiationBelowFloor, below_floor),
        (Rule::NegotiationRepeatedOffer, repeated),
        (Rule::NegotiationLoss, loss),
        (Rule::FollowUpDone, done),
        (Rule::FollowUpAnnoyed, annoyed),
        (Rule::DebtEscalatedEarly, escalated),
    ]
}

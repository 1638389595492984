//! The proof that scoring discriminates: on every bundled scenario, over 50 seeds, textbook play
//! clearly beats random, pushy and discount-giving play (DESIGN §4, issue 2 item 6).

use std::sync::Arc;

use dealcraft_core::bots::{BotKind, play};
use dealcraft_core::{Rubric, Stage, bundled, score};

const SEEDS: u64 = 50;

struct Means {
    overall: f64,
    negotiation: f64,
}

fn means(kind: BotKind, scenario: &Arc<dealcraft_core::Scenario>) -> Means {
    let (mut overall, mut negotiation) = (0.0, 0.0);
    for seed in 0..SEEDS {
        let card = score(&play(kind, scenario.clone(), Rubric::default(), seed));
        overall += f64::from(card.overall);
        negotiation += f64::from(card.score_of(Stage::Negotiation));
    }
    Means {
        overall: overall / SEEDS as f64,
        negotiation: negotiation / SEEDS as f64,
    }
}

#[test]
fn textbook_beats_every_weaker_strategy_on_every_bundled_scenario() {
    let mut failures = Vec::new();
    let mut table = String::new();
    let scenarios: Vec<_> = bundled::all()
        .into_iter()
        .map(|r| r.expect("bundled scenarios are valid"))
        .collect();
    let count = scenarios.len();
    for loaded in scenarios {
        let id = loaded.scenario.id.clone();
        let sc = Arc::new(loaded.scenario);
        let [random, textbook, pushy, discounter] = BotKind::ALL.map(|k| means(k, &sc));
        table.push_str(&format!(
            "{id:<24} textbook {:5.1} (neg {:5.1})  random {:5.1}  pushy {:5.1}  discounter {:5.1} (neg {:5.1})\n",
            textbook.overall, textbook.negotiation, random.overall, pushy.overall, discounter.overall, discounter.negotiation
        ));
        if textbook.overall < random.overall + 25.0 {
            failures.push(format!(
                "{id}: textbook {:.1} does not beat random {:.1} by 25",
                textbook.overall, random.overall
            ));
        }
        if textbook.overall < pushy.overall + 15.0 {
            failures.push(format!(
                "{id}: textbook {:.1} does not beat pushy {:.1} by 15",
                textbook.overall, pushy.overall
            ));
        }
        if textbook.negotiation < discounter.negotiation + 20.0 {
            failures.push(format!(
                "{id}: discounter's negotiation {:.1} is within 20 of textbook's {:.1}",
                discounter.negotiation, textbook.negotiation
            ));
        }
        if textbook.overall <= discounter.overall {
            failures.push(format!(
                "{id}: discounter {:.1} is not below textbook {:.1} overall",
                discounter.overall, textbook.overall
            ));
        }
    }
    println!("{table}");
    assert!(count >= 6, "at least six bundled scenarios, found {count}");
    assert!(failures.is_empty(), "{}\n{table}", failures.join("\n"));
}

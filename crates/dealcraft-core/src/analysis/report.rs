//! What the analyzer reports: per bot and scenario, the numbers, and the whole run as JSON.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Value, json};

use crate::bots::BotKind;
use crate::moves::Stage;
use crate::scenario::Lang;

use super::Flag;

/// Mean, standard deviation (over the runs, not a sample estimate), minimum and maximum.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Stat {
    pub mean: f64,
    pub sd: f64,
    pub min: f64,
    pub max: f64,
}

impl Stat {
    /// Zeros for no values.
    pub fn of(values: &[f64]) -> Stat {
        if values.is_empty() {
            return Stat::default();
        }
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
        Stat {
            mean,
            sd: var.sqrt(),
            min: values.iter().copied().fold(f64::INFINITY, f64::min),
            max: values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        }
    }

    pub fn varies(&self) -> bool {
        self.max > self.min
    }
}

/// One stage's scores for one bot.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct StageStat {
    /// Over every session; a stage the session never reached counts 0.
    #[serde(flatten)]
    pub score: Stat,
    /// Sessions that reached the stage: the funnel.
    pub reached: usize,
    /// Over the sessions that reached it only.
    pub when_reached: Stat,
}

/// One bot's sessions on one scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BotReport {
    pub bot: BotKind,
    pub sessions: usize,
    pub deals: usize,
    /// Share of sessions that ended in a deal, 0–1.
    pub close_rate: f64,
    pub overall: Stat,
    /// Every stage the scenario has, in cycle order.
    pub stages: BTreeMap<Stage, StageStat>,
    /// Over deals only: `(deal value − floor) / (best price − floor)`, where the deal value counts
    /// its terms' worth to the seller. 1 is the best reachable price, 0 the floor, below 0 a loss.
    /// `None` without deals or without a zone of agreement.
    pub price_share: Option<Stat>,
    /// Moves per session, the plan included.
    pub turns: Stat,
    /// Sessions per outcome (`deal`, `client_left`, `walked_away`, `deadline`, `no_deal`).
    pub outcomes: BTreeMap<String, usize>,
    /// Per need id: sessions in which the client said the need out loud.
    pub needs_explicit: BTreeMap<String, usize>,
    /// Per objection id: sessions in which the client raised it.
    pub objections_raised: BTreeMap<String, usize>,
}

/// Every bot on one scenario, and what looks wrong.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioReport {
    pub id: String,
    pub title: String,
    /// The stages the scenario is scored on, in cycle order.
    pub stages: Vec<Stage>,
    pub bots: Vec<BotReport>,
    pub flags: Vec<Flag>,
}

impl ScenarioReport {
    pub fn bot(&self, kind: BotKind) -> Option<&BotReport> {
        self.bots.iter().find(|b| b.bot == kind)
    }
}

/// The whole run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    pub runs: usize,
    pub seed: u64,
    pub rubric: String,
    pub bots: Vec<BotKind>,
    pub scenarios: Vec<ScenarioReport>,
}

impl Analysis {
    /// Sessions played in all.
    pub fn playthroughs(&self) -> usize {
        self.runs * self.bots.len() * self.scenarios.len()
    }

    /// The report as one JSON object for tools: scenarios by id, bots by name, flags with their
    /// message and advice in English.
    pub fn to_json(&self) -> Value {
        self.to_json_in(&[])
    }

    /// The report as [`Analysis::to_json`] gives it, the flags of `scenarios[i]` in `langs[i]`
    /// (English past the end of `langs`).
    pub fn to_json_in(&self, langs: &[Lang]) -> Value {
        let scenarios: serde_json::Map<String, Value> = self
            .scenarios
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let lang = langs.get(i).copied().unwrap_or_default();
                let bots: serde_json::Map<String, Value> = s
                    .bots
                    .iter()
                    .map(|b| {
                        let mut v = serde_json::to_value(b).expect("plain data serializes");
                        if let Some(o) = v.as_object_mut() {
                            o.remove("bot");
                        }
                        (b.bot.name().to_owned(), v)
                    })
                    .collect();
                let flags: Vec<Value> = s
                    .flags
                    .iter()
                    .map(|f| {
                        let mut v = serde_json::to_value(f).expect("plain data serializes");
                        if let Some(o) = v.as_object_mut() {
                            o.insert("message".into(), f.text(lang).into());
                            o.insert("advice".into(), f.advice_in(lang).into());
                        }
                        v
                    })
                    .collect();
                (
                    s.id.clone(),
                    json!({
                        "title": s.title,
                        "stages": s.stages,
                        "bots": bots,
                        "flags": flags,
                    }),
                )
            })
            .collect();
        json!({
            "runs": self.runs,
            "seed": self.seed,
            "rubric": self.rubric,
            "bots": self.bots,
            "playthroughs": self.playthroughs(),
            "scenarios": scenarios,
        })
    }
}

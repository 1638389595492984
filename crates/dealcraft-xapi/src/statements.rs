//! Building xAPI 1.0.3 statements: for each attempt `initialized`, `completed`, `passed` or
//! `failed`, and `terminated` (the verbs and order cmi5 uses), and `passed` for a completed
//! track. `docs/lms.md` shows one statement and lists every extension.

use std::sync::Arc;

use dealcraft_core::scenario::{Difficulty, Lang, Scenario};
use dealcraft_core::scoring::{FailReason, PassMark, Rule, RuleKind};
use dealcraft_core::track::{Track, TrackProgress};
use dealcraft_store::{Attempt, Workshop};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::config::Config;
use crate::ids;

/// ADL verbs, as cmi5 uses them.
pub const VERBS: [(&str, &str, &str); 5] = [
    ("initialized", "initialized", "начал"),
    ("completed", "completed", "завершил"),
    ("passed", "passed", "сдал"),
    ("failed", "failed", "не сдал"),
    ("terminated", "terminated", "закончил"),
];

/// The activity type of a scenario: a simulated sales meeting.
pub const SIMULATION: &str = "http://adlnet.gov/expapi/activities/simulation";
/// The activity type of a track: a certificate made of scenarios.
pub const COURSE: &str = "http://adlnet.gov/expapi/activities/course";

/// What statements are built from besides the attempt: the settings, and where to find the
/// scenario it was played on and the tracks it belongs to.
pub struct Catalog<'a> {
    pub config: &'a Config,
    /// The scenario with this id and file hash, or any version with this id.
    pub scenario: &'a dyn Fn(&str, &str) -> Option<Arc<Scenario>>,
    pub tracks: &'a [Track],
}

/// An attempt's statements, in the order they are sent.
#[derive(Debug, Clone)]
pub struct Built {
    pub registration: Uuid,
    /// `(id, statement)`.
    pub statements: Vec<(Uuid, Value)>,
}

impl Catalog<'_> {
    fn iri(&self, path: &str) -> String {
        format!("{}/{path}", self.config.base())
    }

    fn ext(&self, name: &str) -> String {
        self.iri(&format!("extensions/{name}"))
    }

    /// The actor: the mapped account or email, else an account named as the player.
    fn actor(&self, player: &str) -> Value {
        let id = self.config.player(player);
        if let Some(email) = id.and_then(|p| p.email.as_deref()) {
            return json!({"objectType": "Agent", "name": player, "mbox": format!("mailto:{email}")});
        }
        let account = id.and_then(|p| p.account.as_deref()).unwrap_or(player);
        json!({
            "objectType": "Agent",
            "name": player,
            "account": {"homePage": self.config.home_page, "name": account},
        })
    }

    /// The scenario as an activity, its name and description in English and Russian.
    fn scenario_activity(&self, id: &str, scenario: Option<&Scenario>) -> Value {
        let mut definition = json!({"type": SIMULATION});
        match scenario {
            Some(sc) => {
                definition["name"] = names(sc);
                definition["description"] = descriptions(sc);
                definition["extensions"] = json!({
                    self.ext("difficulty"): format!("{:?}", sc.difficulty).to_lowercase(),
                    self.ext("industry"): sc.industry,
                    self.ext("language"): sc.language.code(),
                });
            }
            None => definition["name"] = json!({"en": id, "ru": id}),
        }
        json!({
            "objectType": "Activity",
            "id": self.iri(&format!("scenarios/{id}")),
            "definition": definition,
        })
    }

    fn track_activity(&self, t: &Track) -> Value {
        let mut definition = json!({"type": COURSE, "name": t.title});
        if !t.description.is_empty() {
            definition["description"] = json!(t.description);
        }
        json!({
            "objectType": "Activity",
            "id": self.iri(&format!("tracks/{}", t.id)),
            "definition": definition,
        })
    }

    fn workshop_activity(&self, w: &Workshop) -> Value {
        let id = ids::workshop_id(&w.name, w.created_at, &w.scenario_hash, w.seed);
        json!({
            "objectType": "Activity",
            "id": self.iri(&format!("workshops/{id}")),
            "definition": {
                "type": "http://adlnet.gov/expapi/activities/meeting",
                "name": {"en": w.name, "ru": w.name},
            },
        })
    }

    /// Dealcraft itself, the grouping of every statement.
    fn app_activity(&self) -> Value {
        json!({
            "objectType": "Activity",
            "id": self.config.base(),
            "definition": {
                "type": "http://adlnet.gov/expapi/activities/product",
                "name": {"en": "Dealcraft sales-cycle training", "ru": "Dealcraft: тренажёр цикла продаж"},
            },
        })
    }

    /// Builds an attempt's four statements. `workshop` is the attempt's workshop, if any.
    pub fn attempt(&self, a: &Attempt, workshop: Option<&Workshop>) -> Built {
        let s = &a.summary;
        let hash = s
            .moves_hash
            .clone()
            .unwrap_or_else(|| dealcraft_store::moves_hash(&a.log));
        let registration = ids::attempt_registration(&s.player, &hash);
        let scenario = (self.scenario)(&s.scenario, &s.scenario_hash);
        let object = self.scenario_activity(&s.scenario, scenario.as_deref());
        let end = s.recorded_at;
        let start = end - s.duration_ms.map_or(0, |d| (d / 1000) as i64);
        let context = self.attempt_context(a, registration, workshop, scenario.as_deref());
        let duration = s.duration_ms.map(iso_duration);
        let passed = s.passed.unwrap_or(false);
        let verdict = if passed { "passed" } else { "failed" };
        let mut plan = vec![("initialized", start, None)];
        // An attempt is stored once its meeting is over: the client agreed, left or was left.
        plan.push((
            "completed",
            end,
            Some(with_duration(json!({"completion": true}), &duration)),
        ));
        plan.push((verdict, end, Some(self.result(a, &duration))));
        plan.push(("terminated", end, Some(with_duration(json!({}), &duration))));
        let statements = plan
            .into_iter()
            .map(|(verb, at, result)| {
                let id = ids::statement_id(registration, verb);
                let mut st = json!({
                    "id": id.to_string(),
                    "actor": self.actor(&s.player),
                    "verb": verb_json(verb),
                    "object": object,
                    "context": context,
                    "timestamp": timestamp(at),
                });
                if let Some(result) =
                    result.filter(|r| r.as_object().is_some_and(|o| !o.is_empty()))
                {
                    st["result"] = result;
                }
                if verb == verdict {
                    // The decision-level record travels once, with the verdict.
                    st["context"]["extensions"][self.ext("log")] = json!(a.log.to_ron());
                    st["context"]["extensions"][self.ext("moves")] = json!(a.log.moves);
                }
                (id, st)
            })
            .collect();
        Built {
            registration,
            statements,
        }
    }

    fn attempt_context(
        &self,
        a: &Attempt,
        registration: Uuid,
        workshop: Option<&Workshop>,
        scenario: Option<&Scenario>,
    ) -> Value {
        let s = &a.summary;
        let mut parents: Vec<Value> = workshop
            .map(|w| self.workshop_activity(w))
            .into_iter()
            .collect();
        parents.extend(
            self.tracks
                .iter()
                .filter(|t| t.scenarios.iter().any(|e| e.scenario == s.scenario))
                .map(|t| self.track_activity(t)),
        );
        let mut activities = json!({"grouping": [self.app_activity()]});
        if !parents.is_empty() {
            activities["parent"] = json!(parents);
        }
        json!({
            "registration": registration.to_string(),
            "platform": format!("Dealcraft {}", env!("CARGO_PKG_VERSION")),
            "language": scenario.map_or("en", |sc| sc.language.code()),
            "revision": s.scenario_hash.chars().take(12).collect::<String>(),
            "contextActivities": activities,
            "extensions": {
                self.ext("seed"): s.seed.to_string(),
                self.ext("scenario-hash"): s.scenario_hash,
                self.ext("rubric"): a.log.rubric,
                self.ext("scoring-version"): s.scoring_version,
                self.ext("coached"): s.coached,
            },
        })
    }

    /// The verdict statement's result: the score, pass or fail, and why.
    fn result(&self, a: &Attempt, duration: &Option<String>) -> Value {
        let s = &a.summary;
        let stages: Map<String, Value> = s
            .stages
            .iter()
            .map(|st| {
                (
                    st.stage.key().to_owned(),
                    json!({"score": st.score, "weight": st.weight, "reached": st.reached}),
                )
            })
            .collect();
        // Critical errors are the 0-point findings of the rules the store marked critical
        // (company rules keep a penalty finding in their stage too); habits are `habit.*`.
        let listed = |keep: &dyn Fn(&dealcraft_store::StoredFinding) -> bool| -> Vec<Value> {
            a.findings
                .iter()
                .filter(|f| keep(f))
                .map(|f| json!({"rule": f.rule, "turn": f.turn, "text": f.text}))
                .collect()
        };
        let critical = listed(&|f| f.points == 0 && s.critical.contains(&f.rule));
        let habits =
            listed(&|f| Rule::from_key(&f.rule).is_some_and(|r| r.kind() == RuleKind::Habit));
        let mark = self.pass_mark(a);
        let reasons: Vec<Value> = mark
            .judge(
                s.overall,
                s.stages.iter().map(|st| (st.stage, st.score)),
                s.critical.iter().map(String::as_str),
            )
            .iter()
            .map(|r| json!({"kind": reason_kind(r), "text": r.text(Lang::En)}))
            .collect();
        let mut result = json!({
            "score": {
                "scaled": f64::from(s.overall.min(100)) / 100.0,
                "raw": s.overall,
                "min": 0,
                "max": 100,
            },
            "success": s.passed.unwrap_or(false),
            "completion": true,
            "extensions": {
                self.ext("outcome"): s.outcome,
                self.ext("price"): s.price,
                self.ext("turns"): s.turns,
                self.ext("stages"): stages,
                self.ext("critical"): critical,
                self.ext("habits"): habits,
                self.ext("pass-mark"): mark,
                self.ext("fail-reasons"): reasons,
            },
        });
        if let Some(d) = duration {
            result["duration"] = json!(d);
        }
        result
    }

    /// The pass mark the attempt was judged against, as exactly as the store knows it: the
    /// log's rubric, else the stored overall mark (stage minimums from the scenario's).
    fn pass_mark(&self, a: &Attempt) -> PassMark {
        if let Some(p) = &a.log.rubric.pass {
            return p.clone();
        }
        let scenario = (self.scenario)(&a.summary.scenario, &a.summary.scenario_hash);
        let mut mark = scenario.and_then(|sc| sc.pass.clone()).unwrap_or_default();
        if let Some(overall) = a.summary.pass_mark {
            mark.overall = overall;
        }
        mark
    }

    /// The `passed` statement of `player`'s completed track, or `None` while it is not.
    pub fn track_passed(
        &self,
        player: &str,
        track: &Track,
        progress: &TrackProgress,
    ) -> Option<Built> {
        let at = progress.completed_at()?;
        let registration = ids::track_registration(player, &track.id);
        let id = ids::statement_id(registration, "passed");
        let mut result = json!({"success": true, "completion": true});
        if let Some(score) = progress.score() {
            result["score"] = json!({
                "scaled": f64::from(score.min(100)) / 100.0, "raw": score, "min": 0, "max": 100,
            });
        }
        let scenarios: Vec<Value> = progress
            .entries
            .iter()
            .map(|e| json!({"scenario": e.scenario, "state": e.state, "tries": e.tries}))
            .collect();
        result["extensions"] = json!({self.ext("track-scenarios"): scenarios});
        let statement = json!({
            "id": id.to_string(),
            "actor": self.actor(player),
            "verb": verb_json("passed"),
            "object": self.track_activity(track),
            "result": result,
            "context": {
                "registration": registration.to_string(),
                "platform": format!("Dealcraft {}", env!("CARGO_PKG_VERSION")),
                "contextActivities": {"grouping": [self.app_activity()]},
            },
            "timestamp": timestamp(at),
        });
        Some(Built {
            registration,
            statements: vec![(id, statement)],
        })
    }
}

fn reason_kind(r: &FailReason) -> &'static str {
    match r {
        FailReason::Critical { .. } => "critical",
        FailReason::Overall { .. } => "overall",
        FailReason::Stage { .. } => "stage",
    }
}

fn verb_json(verb: &str) -> Value {
    let (_, en, ru) = VERBS
        .iter()
        .find(|(v, _, _)| *v == verb)
        .copied()
        .unwrap_or((verb, verb, verb));
    json!({
        "id": format!("http://adlnet.gov/expapi/verbs/{verb}"),
        "display": {"en-US": en, "ru-RU": ru},
    })
}

fn with_duration(mut result: Value, duration: &Option<String>) -> Value {
    if let Some(d) = duration {
        result["duration"] = json!(d);
    }
    result
}

/// Unix seconds as an RFC 3339 UTC timestamp.
fn timestamp(secs: i64) -> String {
    jiff::Timestamp::from_second(secs)
        .map_or_else(|_| "1970-01-01T00:00:00Z".into(), |t| t.to_string())
}

/// Milliseconds as an ISO 8601 duration, to the hundredth of a second as xAPI keeps it:
/// `PT1H2M3.45S`.
pub fn iso_duration(ms: u64) -> String {
    let hundredths = ms / 10;
    let (h, rest) = (hundredths / 360_000, hundredths % 360_000);
    let (m, rest) = (rest / 6000, rest % 6000);
    let (s, cs) = (rest / 100, rest % 100);
    let mut out = String::from("PT");
    if h > 0 {
        out += &format!("{h}H");
    }
    if m > 0 {
        out += &format!("{m}M");
    }
    if cs > 0 {
        out += &format!("{s}.{cs:02}S");
    } else if s > 0 || (h == 0 && m == 0) {
        out += &format!("{s}S");
    }
    out
}

/// The scenario's title in its own language, and a plain name in the other one.
fn names(sc: &Scenario) -> Value {
    let (company, product) = (&sc.client.company, &sc.product.name);
    let mut map = Map::new();
    map.insert(
        "en".into(),
        json!(format!("Sales meeting: {product} for {company}")),
    );
    map.insert(
        "ru".into(),
        json!(format!("Встреча по продаже: {product} для «{company}»")),
    );
    map.insert(sc.language.code().into(), json!(sc.title));
    Value::Object(map)
}

/// The card's summary in the scenario's language, and a description of the meeting in both.
fn descriptions(sc: &Scenario) -> Value {
    let c = &sc.client;
    let (en_level, ru_level) = match sc.difficulty {
        Difficulty::Easy => ("easy", "лёгкая"),
        Difficulty::Medium => ("medium", "средняя"),
        Difficulty::Hard => ("hard", "трудная"),
    };
    let mut map = Map::new();
    map.insert(
        "en".into(),
        json!(format!(
            "Sell {} to {}, {} at {} ({}); difficulty: {en_level}.",
            sc.product.name, c.name, c.role, c.company, sc.industry
        )),
    );
    map.insert(
        "ru".into(),
        json!(format!(
            "Продать {} клиенту: {}, {}, «{}» ({}); сложность: {ru_level}.",
            sc.product.name, c.name, c.role, c.company, sc.industry
        )),
    );
    if !sc.summary.trim().is_empty() {
        map.insert(sc.language.code().into(), json!(sc.summary));
    }
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_iso_8601() {
        assert_eq!(iso_duration(0), "PT0S");
        assert_eq!(iso_duration(754_000), "PT12M34S");
        assert_eq!(iso_duration(3_723_450), "PT1H2M3.45S");
        assert_eq!(iso_duration(3_600_000), "PT1H");
    }

    #[test]
    fn verbs_are_the_adl_ones() {
        let v = verb_json("passed");
        assert_eq!(v["id"], "http://adlnet.gov/expapi/verbs/passed");
        assert_eq!(v["display"]["en-US"], "passed");
    }
}

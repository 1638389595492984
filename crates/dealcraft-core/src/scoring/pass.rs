//! Pass marks: the overall score and per-stage minimums an attempt must reach to pass, and the
//! verdict a scorecard gets against them. Any critical error fails, whatever the scores.
//!
//! A rubric's pass mark, when it sets one, applies to every scenario scored with it; otherwise
//! the scenario's own; otherwise [`DEFAULT_PASS_MARK`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::moves::Stage;
use crate::rubric::Rubric;
use crate::scenario::{Lang, Scenario};

use super::{Finding, StageScore};

/// The overall score an attempt needs when neither its rubric nor its scenario sets a pass mark.
pub const DEFAULT_PASS_MARK: u32 = 70;

/// What an attempt must reach to pass: `overall: 70, stages: {needs: 50}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PassMark {
    /// The least overall score (0–100) that passes.
    pub overall: u32,
    /// The least score each named stage must reach (0–100); stages not named have no minimum.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub stages: BTreeMap<Stage, u32>,
}

impl Default for PassMark {
    fn default() -> Self {
        PassMark {
            overall: DEFAULT_PASS_MARK,
            stages: BTreeMap::new(),
        }
    }
}

/// Where an attempt's pass mark came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PassSource {
    Rubric,
    Scenario,
    /// Neither set one: [`DEFAULT_PASS_MARK`].
    Default,
    /// A certification track's entry for the scenario.
    Track,
}

impl PassMark {
    /// The pass mark for a session on `scenario` scored with `rubric`, and where it came from.
    pub fn resolve(rubric: &Rubric, scenario: &Scenario) -> (PassMark, PassSource) {
        match (&rubric.pass, &scenario.pass) {
            (Some(p), _) => (p.clone(), PassSource::Rubric),
            (None, Some(p)) => (p.clone(), PassSource::Scenario),
            (None, None) => (PassMark::default(), PassSource::Default),
        }
    }

    /// Judges scores against this mark: the overall score, each stage's minimum (a stage the
    /// scenario does not have is not asked for) and critical errors.
    pub fn judge<'a>(
        &self,
        overall: u32,
        stages: impl IntoIterator<Item = (Stage, u32)>,
        critical: impl IntoIterator<Item = &'a str>,
    ) -> Vec<FailReason> {
        let mut reasons: Vec<FailReason> = critical
            .into_iter()
            .map(|rule| FailReason::Critical {
                rule: rule.to_owned(),
            })
            .collect();
        if overall < self.overall {
            reasons.push(FailReason::Overall {
                score: overall,
                mark: self.overall,
            });
        }
        for (stage, score) in stages {
            if let Some(&min) = self.stages.get(&stage)
                && score < min
            {
                reasons.push(FailReason::Stage { stage, score, min });
            }
        }
        reasons
    }
}

/// Why an attempt failed; an attempt with none passed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FailReason {
    /// A critical error, by rule key (`critical.below_floor`): it fails on its own.
    Critical {
        rule: String,
    },
    Overall {
        score: u32,
        mark: u32,
    },
    Stage {
        stage: Stage,
        score: u32,
        min: u32,
    },
}

impl FailReason {
    /// One line for a debrief or a terminal.
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (FailReason::Critical { rule }, Lang::En) => {
                format!("a critical error ({rule}) fails the attempt")
            }
            (FailReason::Critical { rule }, Lang::Ru) => {
                format!("критическая ошибка ({rule}) — попытка не засчитана")
            }
            (FailReason::Overall { score, mark }, Lang::En) => {
                format!("overall {score}, below the pass mark {mark}")
            }
            (FailReason::Overall { score, mark }, Lang::Ru) => {
                format!("итог {score} ниже проходного балла {mark}")
            }
            (FailReason::Stage { stage, score, min }, Lang::En) => {
                format!("{stage} {score}, below its minimum {min}")
            }
            (FailReason::Stage { stage, score, min }, Lang::Ru) => {
                format!("этап «{stage}»: {score}, ниже минимума {min}")
            }
        }
    }
}

/// An attempt's result against its pass mark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub passed: bool,
    pub mark: PassMark,
    pub source: PassSource,
    /// Empty when it passed; critical errors first.
    pub reasons: Vec<FailReason>,
}

impl Verdict {
    /// Judges a scorecard's parts against `mark`.
    pub fn of(
        mark: PassMark,
        source: PassSource,
        overall: u32,
        stages: &[StageScore],
        critical: &[Finding],
    ) -> Verdict {
        let reasons = mark.judge(
            overall,
            stages.iter().map(|s| (s.stage, s.score)),
            critical.iter().map(|f| f.rule.key()),
        );
        Verdict {
            passed: reasons.is_empty(),
            mark,
            source,
            reasons,
        }
    }

    /// "passed" or "failed", as boards and statements write it.
    pub fn key(&self) -> &'static str {
        if self.passed { "passed" } else { "failed" }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark() -> PassMark {
        PassMark {
            overall: 70,
            stages: [(Stage::Needs, 50)].into_iter().collect(),
        }
    }

    #[test]
    fn the_overall_mark_and_stage_minimums_both_count() {
        let m = mark();
        assert!(m.judge(70, [(Stage::Needs, 50)], []).is_empty());
        assert_eq!(
            m.judge(69, [(Stage::Needs, 80)], []),
            [FailReason::Overall {
                score: 69,
                mark: 70
            }]
        );
        assert_eq!(
            m.judge(90, [(Stage::Needs, 49), (Stage::Close, 0)], []),
            [FailReason::Stage {
                stage: Stage::Needs,
                score: 49,
                min: 50
            }],
            "a stage without a minimum never fails"
        );
    }

    #[test]
    fn any_critical_error_fails_even_a_perfect_score() {
        let m = PassMark {
            overall: 0,
            stages: BTreeMap::new(),
        };
        let reasons = m.judge(100, [], ["critical.below_floor"]);
        assert_eq!(
            reasons,
            [FailReason::Critical {
                rule: "critical.below_floor".into()
            }]
        );
        assert!(reasons[0].text(Lang::En).contains("critical.below_floor"));
    }

    #[test]
    fn a_pass_mark_reads_from_ron_with_stage_keys() {
        let m: PassMark = ron::from_str("(overall: 75, stages: {needs: 50, follow_up: 20})")
            .expect("stage keys as outputs write them");
        assert_eq!(m.overall, 75);
        assert_eq!(m.stages.get(&Stage::FollowUp), Some(&20));
        let m: PassMark = ron::from_str("(overall: 60, stages: {Needs: 40})").unwrap();
        assert_eq!(
            m.stages.get(&Stage::Needs),
            Some(&40),
            "as scenario files write stages"
        );
        assert!(ron::from_str::<PassMark>("(overall: 60, minimum: 3)").is_err());
    }

    #[test]
    fn the_rubric_wins_over_the_scenario_and_the_default_applies_last() {
        let loaded = crate::bundled::load("clinic-scheduling").unwrap();
        let mut scenario = loaded.scenario;
        let mut rubric = Rubric::default();
        assert_eq!(
            PassMark::resolve(&rubric, &scenario),
            (PassMark::default(), PassSource::Default)
        );
        scenario.pass = Some(PassMark {
            overall: 55,
            stages: BTreeMap::new(),
        });
        assert_eq!(PassMark::resolve(&rubric, &scenario).0.overall, 55);
        rubric.pass = Some(mark());
        assert_eq!(
            PassMark::resolve(&rubric, &scenario),
            (mark(), PassSource::Rubric)
        );
    }
}

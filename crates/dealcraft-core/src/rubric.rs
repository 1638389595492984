//! The trainer's rubric: stage weights and the company's sales rules, the "sales philosophy".

use serde::{Deserialize, Serialize};

use crate::moves::Stage;
use crate::scoring::PassMark;

/// Stage weights and company rules. Missing weights take the defaults of DESIGN §4.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    pub name: String,
    #[serde(default)]
    pub weights: Weights,
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// The pass mark for every scenario scored with this rubric; without one, each scenario's
    /// own (or the default) applies. Left out of logs when unset, so older logs stay the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pass: Option<PassMark>,
}

impl Default for Rubric {
    fn default() -> Self {
        Rubric {
            name: "default".into(),
            weights: Weights::default(),
            rules: Vec::new(),
            pass: None,
        }
    }
}

/// The weight of each stage in the overall score; only their ratios matter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Weights {
    pub preparation: u32,
    pub contact: u32,
    pub needs: u32,
    pub presentation: u32,
    pub objections: u32,
    pub negotiation: u32,
    pub close: u32,
    pub follow_up: u32,
    pub debt: u32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            preparation: 5,
            contact: 10,
            needs: 25,
            presentation: 15,
            objections: 15,
            negotiation: 15,
            close: 10,
            follow_up: 5,
            debt: 10,
        }
    }
}

impl Weights {
    pub fn get(&self, stage: Stage) -> u32 {
        match stage {
            Stage::Preparation => self.preparation,
            Stage::Contact => self.contact,
            Stage::Needs => self.needs,
            Stage::Presentation => self.presentation,
            Stage::Objections => self.objections,
            Stage::Negotiation => self.negotiation,
            Stage::Close => self.close,
            Stage::FollowUp => self.follow_up,
            Stage::Debt => self.debt,
        }
    }
}

/// A company rule. Each one, when broken, adds a finding that takes `penalty` points from the
/// stage it belongs to. A rule marked `critical: true` is also a critical error: a session that
/// breaks it has its overall score capped, as for a deal below the floor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Rule {
    /// Negotiation: never agree a price more than `percent` below the list price.
    MaxDiscount {
        percent: f64,
        penalty: u32,
        #[serde(default, skip_serializing_if = "is_false")]
        critical: bool,
    },
    /// Contact: always propose an agenda before the first question.
    RequireAgenda {
        penalty: u32,
        #[serde(default, skip_serializing_if = "is_false")]
        critical: bool,
    },
    /// Presentation: present nothing until at least one need is explicit.
    NeedsBeforePresenting {
        penalty: u32,
        #[serde(default, skip_serializing_if = "is_false")]
        critical: bool,
    },
    /// Needs: make at least `count` needs explicit.
    MinExplicitNeeds {
        count: u32,
        penalty: u32,
        #[serde(default, skip_serializing_if = "is_false")]
        critical: bool,
    },
    /// Close: always explain the next steps after a deal.
    RequireNextSteps {
        penalty: u32,
        #[serde(default, skip_serializing_if = "is_false")]
        critical: bool,
    },
    /// Needs: sum up what you heard at least once.
    RequireSummary {
        penalty: u32,
        #[serde(default, skip_serializing_if = "is_false")]
        critical: bool,
    },
}

// Logs and stored workshops written before `critical` existed stay byte-identical.
fn is_false(b: &bool) -> bool {
    !b
}

impl Rule {
    /// The variant's name as a rubric file writes it.
    pub fn name(&self) -> &'static str {
        match self {
            Rule::MaxDiscount { .. } => "MaxDiscount",
            Rule::RequireAgenda { .. } => "RequireAgenda",
            Rule::NeedsBeforePresenting { .. } => "NeedsBeforePresenting",
            Rule::MinExplicitNeeds { .. } => "MinExplicitNeeds",
            Rule::RequireNextSteps { .. } => "RequireNextSteps",
            Rule::RequireSummary { .. } => "RequireSummary",
        }
    }

    pub fn stage(&self) -> Stage {
        match self {
            Rule::MaxDiscount { .. } => Stage::Negotiation,
            Rule::RequireAgenda { .. } => Stage::Contact,
            Rule::NeedsBeforePresenting { .. } => Stage::Presentation,
            Rule::MinExplicitNeeds { .. } | Rule::RequireSummary { .. } => Stage::Needs,
            Rule::RequireNextSteps { .. } => Stage::Close,
        }
    }

    pub fn penalty(&self) -> u32 {
        match self {
            Rule::MaxDiscount { penalty, .. }
            | Rule::RequireAgenda { penalty, .. }
            | Rule::NeedsBeforePresenting { penalty, .. }
            | Rule::MinExplicitNeeds { penalty, .. }
            | Rule::RequireNextSteps { penalty, .. }
            | Rule::RequireSummary { penalty, .. } => *penalty,
        }
    }

    /// Whether breaking it caps the overall score like the built-in critical errors.
    pub fn is_critical(&self) -> bool {
        match self {
            Rule::MaxDiscount { critical, .. }
            | Rule::RequireAgenda { critical, .. }
            | Rule::NeedsBeforePresenting { critical, .. }
            | Rule::MinExplicitNeeds { critical, .. }
            | Rule::RequireNextSteps { critical, .. }
            | Rule::RequireSummary { critical, .. } => *critical,
        }
    }
}

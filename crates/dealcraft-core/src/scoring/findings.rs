//! The list of findings one stage builds up while it is scored.

use crate::moves::Stage;
use crate::scenario::Lang;
use crate::session::format_money;

use super::rules::RuleKind;
use super::{Finding, Rule};

/// A stage's findings so far, with what their text needs: the language and the currency.
pub(super) struct Findings {
    pub(super) stage: Stage,
    pub(super) lang: Lang,
    currency: String,
    pub(super) list: Vec<Finding>,
}

impl Findings {
    pub(super) fn new(stage: Stage, lang: Lang, currency: &str) -> Self {
        Findings {
            stage,
            lang,
            currency: currency.to_owned(),
            list: Vec::new(),
        }
    }

    /// The English or the Russian of a text, by the language being scored in.
    pub(super) fn t<T>(&self, en: T, ru: T) -> T {
        match self.lang {
            Lang::En => en,
            Lang::Ru => ru,
        }
    }

    /// An amount of money in the scenario's currency: `48 000 EUR`.
    pub(super) fn money(&self, amount: u64) -> String {
        format_money(amount, &self.currency)
    }

    /// A value that may fall below zero (a deal whose terms cost more than its price).
    pub(super) fn money_signed(&self, amount: i64) -> String {
        if amount < 0 {
            format!("-{}", self.money(amount.unsigned_abs()))
        } else {
            self.money(amount.unsigned_abs())
        }
    }

    pub(super) fn add(
        &mut self,
        rule: Rule,
        turn: Option<u32>,
        points: i32,
        text: impl Into<String>,
        tip: Option<&str>,
    ) {
        // A stage rule counts towards its own stage only; a mismatch is a bug in a stage module.
        debug_assert!(
            rule.kind() != RuleKind::Stage || rule.stage() == self.stage,
            "{rule} added to {}",
            self.stage
        );
        self.list.push(Finding {
            stage: rule.stage(),
            rule,
            turn,
            points,
            text: text.into(),
            tip: tip.map(str::to_owned),
        });
    }

    /// A stage the session never reached: one finding that says why.
    pub(super) fn unreached(&mut self, text: &str, tip: &str) -> bool {
        self.add(Rule::not_reached(self.stage), None, 0, text, Some(tip));
        false
    }
}

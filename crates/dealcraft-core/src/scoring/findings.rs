//! The list of findings one stage builds up while it is scored.

use crate::moves::{Move, Stage};
use crate::scenario::{Lang, Scenario};
use crate::session::format_money;
use crate::vocab::{self, Case};

use super::rules::RuleKind;
use super::{Finding, Rule};

/// A stage's findings so far, with what their text needs: the language and the scenario (its
/// currency and names).
pub(super) struct Findings<'a> {
    pub(super) stage: Stage,
    pub(super) lang: Lang,
    sc: &'a Scenario,
    pub(super) list: Vec<Finding>,
    /// Findings without words (rules, turns and points only): the analyzer's fast path.
    pub(super) quiet: bool,
}

/// Adds a finding to `f`, building its text and tip only when the card will show them: a
/// quiet card evaluates neither expression.
macro_rules! add {
    ($f:ident, $rule:expr, $turn:expr, $points:expr, $text:expr, $tip:expr $(,)?) => {{
        let (rule, turn, points) = ($rule, $turn, $points);
        if $f.quiet {
            $f.add_bare(rule, turn, points);
        } else {
            let (text, tip) = ($text, $tip);
            $f.add(rule, turn, points, text, tip);
        }
    }};
}
pub(super) use add;

impl<'a> Findings<'a> {
    pub(super) fn new(stage: Stage, lang: Lang, sc: &'a Scenario) -> Self {
        Findings {
            stage,
            lang,
            sc,
            // Room for a stage's usual findings, so scoring rarely reallocates.
            list: Vec::with_capacity(8),
            quiet: false,
        }
    }

    /// The English or the Russian of a text, by the language being scored in.
    pub(super) fn t<T>(&self, en: T, ru: T) -> T {
        match self.lang {
            Lang::En => en,
            Lang::Ru => ru,
        }
    }

    /// An amount of money in the scenario's currency: `48 000 EUR` (nothing on a quiet card).
    pub(super) fn money(&self, amount: u64) -> String {
        if self.quiet {
            return String::new();
        }
        format_money(amount, &self.sc.product.currency)
    }

    /// A move in a sentence, in the case a Russian sentence needs it (English has none):
    /// "a warm greeting", «тёплого приветствия».
    pub(super) fn move_words(&self, mv: &Move, case: Case) -> String {
        match self.lang {
            Lang::En => vocab::en::move_phrase(mv, self.sc),
            Lang::Ru => vocab::ru::move_phrase(mv, self.sc, case),
        }
    }

    /// A value that may fall below zero (a deal whose terms cost more than its price).
    pub(super) fn money_signed(&self, amount: i64) -> String {
        if amount < 0 {
            format!("-{}", self.money(amount.unsigned_abs()))
        } else {
            self.money(amount.unsigned_abs())
        }
    }

    /// A finding without words, for a quiet card.
    pub(super) fn add_bare(&mut self, rule: Rule, turn: Option<u32>, points: i32) {
        self.push(rule, turn, points, String::new(), None);
    }

    pub(super) fn add(
        &mut self,
        rule: Rule,
        turn: Option<u32>,
        points: i32,
        text: impl Into<String>,
        tip: Option<&str>,
    ) {
        let text = text.into();
        // Scenario names with their own «» inside a quoted place: „“ within «».
        let text = match self.lang {
            Lang::Ru if text.contains('«') => vocab::ru::nest_quotes(&text),
            _ => text,
        };
        self.push(rule, turn, points, text, tip.map(str::to_owned));
    }

    fn push(
        &mut self,
        rule: Rule,
        turn: Option<u32>,
        points: i32,
        text: String,
        tip: Option<String>,
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
            text,
            tip,
        });
    }

    /// A stage the session never reached: one finding that says why.
    pub(super) fn unreached(&mut self, text: &str, tip: &str) -> bool {
        let rule = Rule::not_reached(self.stage);
        add!(self, rule, None, 0, text, Some(tip));
        false
    }
}

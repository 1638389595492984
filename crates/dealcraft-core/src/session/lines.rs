//! The words: picking a line variant by the seed, filling it in, and saying it.

use rand::Rng;

use crate::phrases::{self, Phrase};

use super::events::Speaker;
use super::{Session, Turn};

// A quiet session (`Session::quietly`) draws every variant from the generator exactly as a
// speaking one does, so both play the same, but builds no text.
impl Session {
    pub(super) fn money(&self, amount: u64) -> String {
        if self.quiet {
            return String::new();
        }
        format_money(amount, &self.scenario.product.currency)
    }

    pub(super) fn pick<S: AsRef<str>>(&mut self, lines: &[S]) -> String {
        if lines.is_empty() {
            return String::new();
        }
        let i = self.rng.random_range(0..lines.len());
        if self.quiet {
            return String::new();
        }
        lines[i].as_ref().to_owned()
    }

    /// A line's placeholders filled; nothing for a quiet session.
    pub(super) fn fill(&self, template: &str, args: &[(&str, &str)]) -> String {
        if self.quiet {
            return String::new();
        }
        phrases::fill(template, args)
    }

    pub(super) fn pick_phrase(&mut self, phrase: Phrase, args: &[(&str, &str)]) -> String {
        let t = self.pick(phrases::variants(self.scenario.language, phrase));
        self.fill(&t, args)
    }

    /// The scenario's own lines when it has some, else the phrasebook's.
    pub(super) fn client_line(
        &mut self,
        own: &[String],
        fallback: Phrase,
        args: &[(&str, &str)],
    ) -> String {
        if own.is_empty() {
            self.pick_phrase(fallback, args)
        } else {
            let t = self.pick(own);
            self.fill(&t, args)
        }
    }

    pub(super) fn seller(&mut self, ctx: &mut Turn, phrase: Phrase, args: &[(&str, &str)]) {
        let text = self.pick_phrase(phrase, args);
        ctx.say(&mut self.transcript, Speaker::Seller, text);
    }

    pub(super) fn stock(&mut self, ctx: &mut Turn, phrase: Phrase, args: &[(&str, &str)]) {
        let text = self.pick_phrase(phrase, args);
        ctx.say(&mut self.transcript, Speaker::Client, text);
    }

    pub(super) fn narrate(&mut self, ctx: &mut Turn, phrase: Phrase, args: &[(&str, &str)]) {
        let text = self.pick_phrase(phrase, args);
        ctx.say(&mut self.transcript, Speaker::Narrator, text);
    }
}

/// `12500 EUR` with thin grouping: `12 500 EUR`.
pub fn format_money(amount: u64, currency: &str) -> String {
    let digits = amount.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    if currency.is_empty() {
        out
    } else {
        format!("{out} {currency}")
    }
}

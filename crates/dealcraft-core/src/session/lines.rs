//! The words: picking a line variant by the seed, filling it in, and saying it.

use rand::Rng;

use crate::phrases::{self, Phrase};
use crate::scenario::Subject;

use super::events::Speaker;
use super::{Session, Turn};

/// What a line is about: the need, objection or terms that may have lines of their own, and the
/// price `{price}` and `{term}` name.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct About<'a> {
    pub(super) need: Option<usize>,
    pub(super) objection: Option<usize>,
    /// A price and the option index of every term: an offer, a counter-offer.
    pub(super) price: Option<(u64, &'a [usize])>,
    /// `{price}` and `{term}` name the price on the table: the last one named, or the list
    /// price at the default terms.
    pub(super) on_table: bool,
    /// The seller states an offer: `{price}` names its terms in brackets unless the line says
    /// `{term}` itself.
    pub(super) offer: bool,
}

impl About<'_> {
    pub(super) fn need(i: usize) -> Self {
        About {
            need: Some(i),
            ..About::default()
        }
    }

    /// An objection, with the price on the table.
    pub(super) fn objection(i: usize) -> Self {
        About {
            objection: Some(i),
            on_table: true,
            ..About::default()
        }
    }

    pub(super) fn price(price: u64, terms: &[usize]) -> About<'_> {
        About {
            price: Some((price, terms)),
            ..About::default()
        }
    }

    /// The seller's offer of a price and terms.
    pub(super) fn offer(price: u64, terms: &[usize]) -> About<'_> {
        About {
            offer: true,
            ..About::price(price, terms)
        }
    }
}

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
        self.fill_about(template, args, About::default())
    }

    /// A line's placeholders filled, `{price}` and `{term}` from what it is about; nothing for
    /// a quiet session. In the seller's offer `{price}` names the terms away from their
    /// defaults in brackets, unless the line says `{term}` itself.
    pub(super) fn fill_about(&self, template: &str, args: &[(&str, &str)], about: About) -> String {
        if self.quiet {
            return String::new();
        }
        let out = phrases::fill(template, args);
        let (has_price, has_term) = (out.contains("{price}"), out.contains("{term}"));
        if !(has_price || has_term) {
            return out;
        }
        let table;
        let (price, terms) = match (about.price, about.on_table) {
            (Some(p), _) => p,
            (None, true) => {
                table = self.price_on_table();
                (table.0, table.1.as_slice())
            }
            (None, false) => return out,
        };
        let money = if about.offer && !has_term {
            self.price_with_terms(price, terms)
        } else {
            self.money(price)
        };
        out.replace("{price}", &money)
            .replace("{term}", &self.terms_text(terms))
    }

    /// The price the client has in mind: the last one named, or the list price.
    fn price_on_table(&self) -> (u64, Vec<usize>) {
        match &self.client.negotiation.last_named {
            Some((price, terms)) => (*price, terms.clone()),
            None => (self.scenario.product.list_price, self.default_terms()),
        }
    }

    /// The terms away from their defaults, "payment: 60 days, contract: 3 years"; all of them
    /// when none is.
    fn terms_text(&self, terms: &[usize]) -> String {
        let all = &self.scenario.product.terms;
        let changed = all.iter().zip(terms).any(|(t, &i)| i != t.default);
        all.iter()
            .zip(terms)
            .filter(|(t, i)| !changed || **i != t.default)
            .filter_map(|(t, &i)| t.options.get(i).map(|o| format!("{}: {}", t.name, o.label)))
            .collect::<Vec<_>>()
            .join(", ")
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
        self.client_line_about(own, fallback, args, About::default())
    }

    /// The same, with `{price}` and `{term}` from what the line is about.
    pub(super) fn client_line_about(
        &mut self,
        own: &[String],
        fallback: Phrase,
        args: &[(&str, &str)],
        about: About,
    ) -> String {
        let t = if own.is_empty() {
            self.pick(phrases::variants(self.scenario.language, fallback))
        } else {
            self.pick(own)
        };
        self.fill_about(&t, args, about)
    }

    pub(super) fn seller(&mut self, ctx: &mut Turn, phrase: Phrase, args: &[(&str, &str)]) {
        self.seller_about(ctx, phrase, About::default(), args);
    }

    /// The seller's words: the scenario's own lines for the move (those of its need, objection
    /// or term first), else the phrasebook's.
    pub(super) fn seller_about(
        &mut self,
        ctx: &mut Turn,
        phrase: Phrase,
        about: About,
        args: &[(&str, &str)],
    ) {
        let subject = Subject {
            need: about.need,
            objection: about.objection,
            terms: about.price.map(|(_, terms)| terms),
        };
        let own = self.scenario.seller_lines(phrase, subject);
        let stock = phrases::variants(self.scenario.language, phrase);
        let count = if own.is_empty() {
            stock.len()
        } else {
            own.len()
        };
        // Drawn in a quiet session too, so it plays the same as a speaking one.
        let i = self.rng.random_range(0..count);
        let text = if self.quiet {
            String::new()
        } else if own.is_empty() {
            self.fill_about(stock[i], args, about)
        } else {
            self.fill_about(&own[i], args, about)
        };
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

//! The seller's own words a scenario may set: one list of variants per move kind, looked up
//! before the phrasebook's neutral stock lines.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::moves::{AfterSale, CloseTechnique, ContactStyle, DebtAction, QuestionKind, Technique};
use crate::phrases::Phrase;

use super::Scenario;

/// The seller's words for each kind of move, in this scenario's trade. A list left empty (the
/// default) leaves the move to the phrasebook. Needs, objections, terms and features can have
/// their own lines, which come first (`Need::seller`, `Objection::seller`, `Term::seller`,
/// `Feature::pitch`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SellerLines {
    /// Greetings, by contact style.
    #[serde(default)]
    pub greet: BTreeMap<ContactStyle, Vec<String>>,
    #[serde(default)]
    pub set_agenda: Vec<String>,
    #[serde(default)]
    pub small_talk: Vec<String>,
    /// Open questions, by kind.
    #[serde(default)]
    pub ask: BTreeMap<QuestionKind, Vec<String>>,
    /// Questions about a known topic (`{topic}`), by kind.
    #[serde(default)]
    pub ask_about: BTreeMap<QuestionKind, Vec<String>>,
    /// Summing up the needs heard (`{topic}`: the topics, comma-separated).
    #[serde(default)]
    pub summarize: Vec<String>,
    /// Presenting a feature that has no `pitch` of its own (`{feature}`, `{topic}`).
    #[serde(default)]
    pub present: Vec<String>,
    /// Answers to an objection, by technique (`{objection}`, `{price}`, `{term}`).
    #[serde(default)]
    pub handle: BTreeMap<Technique, Vec<String>>,
    /// Offers (`{price}`, `{term}`).
    #[serde(default)]
    pub offer: Vec<String>,
    /// Accepting the client's counter-offer (`{price}`, `{term}`).
    #[serde(default)]
    pub accept_counter: Vec<String>,
    #[serde(default)]
    pub walk_away: Vec<String>,
    /// Asking for the commitment, by technique (`{topic}`: the needs made explicit).
    #[serde(default)]
    pub close: BTreeMap<CloseTechnique, Vec<String>>,
    #[serde(default)]
    pub next_steps: Vec<String>,
    /// After-sale actions.
    #[serde(default)]
    pub follow_up: BTreeMap<AfterSale, Vec<String>>,
    /// Debt-collection actions (`{amount}`: what is owed).
    #[serde(default)]
    pub collect: BTreeMap<DebtAction, Vec<String>>,
    /// Ending the meeting.
    #[serde(default)]
    pub end: Vec<String>,
}

/// What a seller's line is about, for the lines of one need, objection or term.
#[derive(Debug, Clone, Copy, Default)]
pub struct Subject<'a> {
    pub need: Option<usize>,
    pub objection: Option<usize>,
    /// The option index of every term in an offer, in scenario order.
    pub terms: Option<&'a [usize]>,
}

impl Scenario {
    /// The scenario's own lines for the seller's words at `phrase`: those of the need,
    /// objection or term the move is about first, then those for the move kind. Empty when the
    /// phrasebook speaks.
    pub fn seller_lines(&self, phrase: Phrase, about: Subject<'_>) -> &[String] {
        let s = &self.seller;
        let need = |k: QuestionKind| {
            about
                .need
                .and_then(|i| self.needs.get(i))
                .and_then(|n| n.seller.get(&k))
        };
        let objection = |t: Technique| {
            about
                .objection
                .and_then(|i| self.objections.get(i))
                .and_then(|o| o.seller.get(&t))
        };
        let candidates: [Option<&Vec<String>>; 2] = match phrase {
            Phrase::Greet(c) => [s.greet.get(&c), None],
            Phrase::SetAgenda => [Some(&s.set_agenda), None],
            Phrase::SmallTalk => [Some(&s.small_talk), None],
            Phrase::AskOpen(k) => [s.ask.get(&k), None],
            Phrase::AskAbout(k) => [need(k), s.ask_about.get(&k)],
            Phrase::Summarize => [Some(&s.summarize), None],
            Phrase::Present => [Some(&s.present), None],
            Phrase::Handle(t) => [objection(t), s.handle.get(&t)],
            Phrase::Offer => [self.term_lines(about.terms), Some(&s.offer)],
            Phrase::AcceptCounter => [Some(&s.accept_counter), None],
            Phrase::WalkAway => [Some(&s.walk_away), None],
            Phrase::Close(c) => [s.close.get(&c), None],
            Phrase::NextSteps => [Some(&s.next_steps), None],
            Phrase::FollowUp(a) => [s.follow_up.get(&a), None],
            Phrase::Collect(d) => [s.collect.get(&d), None],
            Phrase::End => [Some(&s.end), None],
            _ => [None, None],
        };
        candidates
            .into_iter()
            .flatten()
            .find(|lines| !lines.is_empty())
            .map_or(&[], Vec::as_slice)
    }

    /// The lines of the first term (in scenario order) that an offer sets away from its
    /// default and that has lines of its own.
    fn term_lines(&self, terms: Option<&[usize]>) -> Option<&Vec<String>> {
        let terms = terms?;
        self.product
            .terms
            .iter()
            .zip(terms)
            .find(|(t, i)| **i != t.default && !t.seller.is_empty())
            .map(|(t, _)| &t.seller)
    }
}

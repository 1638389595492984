//! The scenario format: one virtual client, what they need, what they object to and how they buy.
//!
//! A scenario is a RON file (`*.ron`). Every struct denies unknown fields so a typo is an error,
//! and most fields have defaults so a small scenario stays small. `docs/scenario-format.md`
//! documents every field for trainers.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::moves::{AfterSale, ContactStyle, QuestionKind, Stage, Technique};
use crate::scoring::PassMark;

mod seller;
pub use seller::{SellerLines, Subject};

/// The language a scenario's text is written in; the seller's lines follow it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Ru,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

/// Merrill–Reid social styles: they decide which contact style, pace and evidence work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SocialStyle {
    Driver,
    Expressive,
    Amiable,
    Analytical,
}

impl SocialStyle {
    pub const ALL: [SocialStyle; 4] = [
        SocialStyle::Driver,
        SocialStyle::Expressive,
        SocialStyle::Amiable,
        SocialStyle::Analytical,
    ];

    /// The contact style this person warms to.
    pub fn preferred_contact(self) -> ContactStyle {
        match self {
            SocialStyle::Driver => ContactStyle::Direct,
            SocialStyle::Expressive => ContactStyle::Enthusiastic,
            SocialStyle::Amiable => ContactStyle::Warm,
            SocialStyle::Analytical => ContactStyle::Precise,
        }
    }

    /// Styles that share an axis with this one (assertiveness or responsiveness): a near miss.
    pub fn is_adjacent(self, other: SocialStyle) -> bool {
        use SocialStyle::*;
        matches!(
            (self, other),
            (Driver, Expressive)
                | (Expressive, Driver)
                | (Driver, Analytical)
                | (Analytical, Driver)
                | (Amiable, Expressive)
                | (Expressive, Amiable)
                | (Amiable, Analytical)
                | (Analytical, Amiable)
        )
    }

    /// Whether rapport talk before business pleases (people-oriented) or costs patience.
    pub fn likes_small_talk(self) -> bool {
        matches!(self, SocialStyle::Expressive | SocialStyle::Amiable)
    }

    /// Whether this person wants the meeting structured up front.
    pub fn likes_agenda(self) -> bool {
        matches!(self, SocialStyle::Driver | SocialStyle::Analytical)
    }
}

/// How far a need has come out into the open.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub enum Knowledge {
    /// Nobody has mentioned it.
    #[default]
    Hidden,
    /// The topic came up; the trainee can ask about it.
    Hinted,
    /// The client admitted a problem (an implied need).
    Implied,
    /// The client said out loud that they need it solved (an explicit need).
    Explicit,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Short stable identifier, used on the command line and in logs (`a-z`, `0-9`, `-`).
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub language: Lang,
    pub difficulty: Difficulty,
    pub industry: String,
    /// One paragraph for the library card.
    #[serde(default)]
    pub summary: String,
    pub client: Client,
    pub product: Product,
    pub needs: Vec<Need>,
    pub objections: Vec<Objection>,
    pub negotiation: Negotiation,
    #[serde(default)]
    pub follow_up: FollowUp,
    /// Present for credit sales: after the deal the trainee collects the money.
    #[serde(default)]
    pub debt: Option<Debt>,
    /// The client's own words for moments every scenario has; phrasebook lines fill the gaps.
    #[serde(default)]
    pub lines: ClientLines,
    /// What an attempt must score to pass, unless the rubric sets its own.
    #[serde(default)]
    pub pass: Option<PassMark>,
    /// Example phrases per move kind, added to the interpreter's phrase bank: how a trainee
    /// might say a move in this scenario's trade (`Ask(Problem): ["..."]`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub phrases: BTreeMap<crate::interpret::Kind, Vec<String>>,
    /// The seller's words for each kind of move, in this scenario's trade; the phrasebook's
    /// neutral lines fill the gaps.
    #[serde(default)]
    pub seller: SellerLines,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Client {
    pub name: String,
    pub role: String,
    pub company: String,
    pub style: SocialStyle,
    /// Turns of conversation the client will sit through before leaving; irritation uses it faster.
    #[serde(default = "default_patience")]
    pub patience: u32,
    /// 0–1: how much claims without evidence are discounted and how easily doubts arise.
    #[serde(default = "default_scepticism")]
    pub scepticism: f64,
    /// 0–1: trust at the start of the meeting.
    #[serde(default = "default_trust")]
    pub trust: f64,
    /// 0–1: interest in the product at the start of the meeting.
    #[serde(default = "default_interest")]
    pub interest: f64,
    /// What the salesperson may know before the meeting (shown on the preparation screen).
    #[serde(default)]
    pub dossier: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    pub name: String,
    #[serde(default = "default_currency")]
    pub currency: String,
    /// The price the seller asks for.
    pub list_price: u64,
    /// The lowest price the seller's company accepts.
    pub floor_price: u64,
    pub features: Vec<Feature>,
    /// Terms beyond price that can be traded.
    #[serde(default)]
    pub terms: Vec<Term>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Feature {
    pub id: String,
    pub name: String,
    /// Ids of the needs this feature answers.
    #[serde(default)]
    pub addresses: Vec<String>,
    /// Backed by proof (a case study, figures, a demo): sceptics discount it less.
    #[serde(default)]
    pub evidence: bool,
    /// The seller's words when presenting it (`{feature}`, `{topic}`); variants are picked by
    /// the seed.
    #[serde(default)]
    pub pitch: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub id: String,
    pub name: String,
    pub options: Vec<TermOption>,
    /// Index of the option that applies when an offer does not name this term.
    #[serde(default)]
    pub default: usize,
    /// The seller's words for an offer that sets this term away from its default (`{price}`,
    /// `{term}`).
    #[serde(default)]
    pub seller: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermOption {
    pub label: String,
    /// What this option is worth to the client, in money, compared with paying more.
    #[serde(default)]
    pub client_value: i64,
    /// What this option is worth to the seller, in money (negative: it costs the seller).
    #[serde(default)]
    pub seller_value: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Need {
    pub id: String,
    /// How the trainee refers to it once it has come up ("downtime", "сроки поставки").
    pub topic: String,
    /// 1 (nice to have) to 5 (the reason they would buy).
    pub importance: u8,
    /// How much the salesperson knows at the start (a dossier may hint at a topic).
    #[serde(default)]
    pub known: Knowledge,
    /// Open question kinds that bring the topic up: `Situation` (it comes up in general
    /// talk) and/or `Problem` (only when asked about difficulties; it comes up as implied).
    #[serde(default = "default_revealed_by")]
    pub revealed_by: Vec<QuestionKind>,
    /// The client is happy with how this works today: it comes up in talk, but a problem
    /// question gets a "no" (its `problem` lines), and pitching to it after that tells the
    /// client you did not listen. It counts for nothing in discovery.
    #[serde(default)]
    pub satisfied: bool,
    #[serde(default)]
    pub lines: NeedLines,
    /// The seller's questions about this topic, by kind (`{topic}`).
    #[serde(default)]
    pub seller: BTreeMap<QuestionKind, Vec<String>>,
}

/// The client's words as the need comes out, one list of variants per step.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NeedLines {
    /// The topic comes up in answer to a situation question.
    #[serde(default)]
    pub situation: Vec<String>,
    /// The client admits the problem.
    #[serde(default)]
    pub problem: Vec<String>,
    /// The client feels what the problem costs and says the need out loud.
    #[serde(default)]
    pub implication: Vec<String>,
    /// The client says what solving it would be worth.
    #[serde(default)]
    pub need_payoff: Vec<String>,
    /// The client's reaction to a feature presented against this need.
    #[serde(default)]
    pub present: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objection {
    pub id: String,
    /// Short label for the move palette ("Too expensive").
    pub topic: String,
    pub trigger: Trigger,
    /// Resolution points needed: a resolving technique removes 2, a weakening one 1.
    #[serde(default = "default_strength")]
    pub strength: u8,
    pub resolves: Vec<Technique>,
    #[serde(default)]
    pub weakens: Vec<Technique>,
    #[serde(default)]
    pub backfires: Vec<Technique>,
    /// Once resolved, it may come back as a doubt when the trainee asks for the commitment.
    #[serde(default)]
    pub returns: bool,
    #[serde(default)]
    pub lines: ObjectionLines,
    /// The seller's answers to this objection, by technique (`{objection}`, `{price}`,
    /// `{term}`).
    #[serde(default)]
    pub seller: BTreeMap<Technique, Vec<String>>,
}

/// The client's words about an objection. Every list may name `{objection}` (its topic),
/// `{price}` and `{term}` (the price on the table: the last one named, or the list price).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectionLines {
    /// The client raises it.
    #[serde(default)]
    pub raise: Vec<String>,
    /// The real reason behind it, said when the trainee asks a clarifying question.
    #[serde(default)]
    pub clarify: Vec<String>,
    #[serde(default)]
    pub weakened: Vec<String>,
    #[serde(default)]
    pub resolved: Vec<String>,
    /// The client's words when a particular technique resolves it; `resolved` for the others.
    #[serde(default)]
    pub resolved_by: BTreeMap<Technique, Vec<String>>,
    #[serde(default)]
    pub backfire: Vec<String>,
    /// It comes back as a doubt at the close.
    #[serde(default)]
    pub doubt: Vec<String>,
}

/// When a latent objection is raised. At most one objection is raised per turn.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Trigger {
    /// The first time a price is named (an offer or a close).
    PriceMention,
    /// The first time the conversation enters this stage.
    Stage(Stage),
    /// Once trust falls below this level (0–1) after the greeting.
    LowTrust(f64),
    /// Each turn after the greeting with this probability (0–1).
    Random(f64),
    /// From this turn on.
    AfterTurn(u32),
    /// The first time the trainee asks for the commitment.
    Close,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Negotiation {
    /// The client's first counter-offer.
    pub opening: u64,
    /// The most the client will pay: `(with no interest, with full interest)`; the real
    /// reservation price lies between, by the interest the trainee built.
    pub reservation: (u64, u64),
    /// Concession shape: below 1 concedes late (Boulware), above 1 early (Conceder).
    #[serde(default = "default_beta")]
    pub beta: f64,
    /// Share of the way from opening to reservation conceded at once (0–1).
    #[serde(default)]
    pub kappa: f64,
    /// Counter-offers the client makes before walking away.
    #[serde(default = "default_deadline")]
    pub deadline: u32,
    /// Set when no zone of agreement exists on purpose: walking away is the lesson.
    #[serde(default)]
    pub walk_away_is_the_lesson: bool,
    /// What the client says with each counter-offer (`{price}`: the counter-offer, `{term}`: the
    /// terms it is for).
    #[serde(default)]
    pub counter_lines: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    /// After-sale actions this client values.
    #[serde(default)]
    pub expects: Vec<AfterSale>,
    /// After-sale actions that annoy this client.
    #[serde(default)]
    pub dislikes: Vec<AfterSale>,
    /// The client's reaction to each action.
    #[serde(default)]
    pub lines: BTreeMap<AfterSale, Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Debt {
    /// Share of the price sold on credit (0–1).
    #[serde(default = "default_credit_share")]
    pub share: f64,
    /// The week the payment is due; each collection move is one week.
    pub due_week: u32,
    /// Weeks the collection phase lasts before what is unpaid is written off.
    pub weeks: u32,
    /// 0–1: how readily this client pays on time without being chased.
    pub reliability: f64,
    #[serde(default)]
    pub lines: DebtLines,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DebtLines {
    #[serde(default)]
    pub pays: Vec<String>,
    #[serde(default)]
    pub stalls: Vec<String>,
    #[serde(default)]
    pub offended: Vec<String>,
}

/// The client's own lines for moments every scenario has.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientLines {
    #[serde(default)]
    pub greeting: Vec<String>,
    #[serde(default)]
    pub small_talk: Vec<String>,
    #[serde(default)]
    pub deal: Vec<String>,
    #[serde(default)]
    pub leaves: Vec<String>,
}

impl Scenario {
    pub fn need(&self, id: &str) -> Option<(usize, &Need)> {
        self.needs.iter().enumerate().find(|(_, n)| n.id == id)
    }

    pub fn feature(&self, id: &str) -> Option<(usize, &Feature)> {
        self.product
            .features
            .iter()
            .enumerate()
            .find(|(_, f)| f.id == id)
    }

    pub fn objection(&self, id: &str) -> Option<(usize, &Objection)> {
        self.objections.iter().enumerate().find(|(_, o)| o.id == id)
    }

    pub fn term(&self, id: &str) -> Option<(usize, &Term)> {
        self.product
            .terms
            .iter()
            .enumerate()
            .find(|(_, t)| t.id == id)
    }

    /// The best price the seller could reach: the list price, or less where the client can
    /// never pay that much. The scale for "how good was the price".
    pub fn best_price(&self) -> u64 {
        self.product.list_price.min(self.negotiation.reservation.1)
    }

    /// Where a deal worth `value` to the seller (price plus the terms' `seller_value`) sits in
    /// the zone of agreement: 0 at the floor price, 1 at the best price; below 0 under the floor.
    /// `None` when there is no zone to measure against.
    pub fn zone_share(&self, value: i64) -> Option<f64> {
        let floor = self.product.floor_price as f64;
        let span = self.best_price() as f64 - floor;
        (span > 0.0).then(|| (value as f64 - floor) / span)
    }

    /// Whether any price satisfies both sides (with full interest).
    pub fn has_zone_of_agreement(&self) -> bool {
        self.negotiation.reservation.1 >= self.product.floor_price
    }

    /// The importance of every real need (`satisfied` ones are not needs).
    pub fn total_importance(&self) -> u32 {
        self.needs
            .iter()
            .filter(|n| !n.satisfied)
            .map(|n| u32::from(n.importance))
            .sum()
    }

    pub fn stages(&self) -> Vec<Stage> {
        Stage::ALL
            .into_iter()
            .filter(|s| *s != Stage::Debt || self.debt.is_some())
            .collect()
    }
}

fn default_patience() -> u32 {
    20
}
fn default_scepticism() -> f64 {
    0.3
}
fn default_trust() -> f64 {
    0.3
}
fn default_interest() -> f64 {
    0.1
}
fn default_currency() -> String {
    "EUR".into()
}
fn default_revealed_by() -> Vec<QuestionKind> {
    vec![QuestionKind::Situation, QuestionKind::Problem]
}
fn default_strength() -> u8 {
    2
}
fn default_beta() -> f64 {
    1.0
}
fn default_deadline() -> u32 {
    6
}
fn default_credit_share() -> f64 {
    1.0
}

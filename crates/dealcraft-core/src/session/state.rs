//! The client's hidden state and the record of every turn: what scoring and coach mode read.

use serde::Serialize;

use crate::moves::{CloseTechnique, Move, QuestionKind};
use crate::scenario::{Knowledge, Scenario};

use super::events::{Effect, QuestionResult};

/// Where the session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Nothing has happened yet; a plan may be set.
    Preparing,
    Meeting,
    /// The deal is closed; follow-up and collection remain.
    AfterSale,
    Over,
}

/// How the meeting ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Outcome {
    Deal {
        price: u64,
        terms: Vec<usize>,
        turn: u32,
    },
    ClientLeft {
        turn: u32,
    },
    WalkedAway {
        turn: u32,
    },
    Deadline {
        turn: u32,
    },
    NoDeal {
        turn: u32,
    },
}

impl Outcome {
    pub fn key(&self) -> &'static str {
        match self {
            Outcome::Deal { .. } => "deal",
            Outcome::ClientLeft { .. } => "client_left",
            Outcome::WalkedAway { .. } => "walked_away",
            Outcome::Deadline { .. } => "deadline",
            Outcome::NoDeal { .. } => "no_deal",
        }
    }
}

/// The client's visible mood, derived from hidden trust, interest and patience.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mood {
    Hostile,
    Impatient,
    Guarded,
    Neutral,
    Engaged,
    Keen,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectionStatus {
    Latent,
    Raised,
    Resolved,
}

/// One accepted move and what it did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TurnRecord {
    pub turn: u32,
    #[serde(rename = "move")]
    pub mv: Move,
    pub effect: Effect,
    /// The objection the client raised after this move, if any.
    pub raised: Option<usize>,
    /// Raised objections still open when the move was made.
    pub open_objections: usize,
    /// Needs explicit when the move was made.
    pub explicit_needs: usize,
    pub trust: f64,
    pub interest: f64,
    pub patience: f64,
}

/// What a player asks of the talk so far on every turn, kept as it goes: bots read it without
/// scanning every turn each time. (Small talk and the agenda the session keeps for its own
/// rules: [`Session::small_talk_count`](super::Session::small_talk_count) and
/// [`Session::agenda_set`](super::Session::agenda_set).)
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TalkSoFar {
    pub trial_close: bool,
    /// An open question of this kind brought nothing new.
    pub situation_exhausted: bool,
    pub problem_exhausted: bool,
    pub useful_summary: bool,
}

impl TalkSoFar {
    /// Takes in one more turn.
    pub(super) fn note(&mut self, mv: &Move, effect: &Effect) {
        if matches!(mv, Move::Close(CloseTechnique::Trial)) {
            self.trial_close = true;
        }
        match effect {
            Effect::Question {
                kind,
                need: None,
                result: QuestionResult::Nothing | QuestionResult::Repeat,
            } => match kind {
                QuestionKind::Situation => self.situation_exhausted = true,
                QuestionKind::Problem => self.problem_exhausted = true,
                _ => {}
            },
            Effect::Summary { useful: true } => self.useful_summary = true,
            _ => {}
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NeedState {
    pub level: Knowledge,
    pub payoff: bool,
    /// A feature that answers it was presented against it.
    pub presented: bool,
    /// The client said it is not a problem for them (a `satisfied` need, asked about).
    pub denied: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ObjectionState {
    pub status: ObjectionStatus,
    pub strength: i32,
    pub acknowledged: bool,
    pub clarified: bool,
    /// It already came back once as a doubt.
    pub returned: bool,
    pub raised_turn: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    pub price: u64,
    pub terms: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct NegotiationState {
    /// Counter-offers the client has made.
    pub round: u32,
    /// The client's counter-offers as stated, for the terms of the seller's offer they answer.
    pub client_offers: Vec<u64>,
    /// The same counter-offers valued with the default terms: these never go down.
    pub client_effective: Vec<u64>,
    pub seller_offers: Vec<(u64, Vec<usize>)>,
    pub agreed: Option<Agreement>,
    pub price_mentioned: bool,
    /// The lowest price the seller has named, as the client values it with its terms: the
    /// client will never pay more than this.
    pub anchor: Option<i64>,
    /// The lowest price the seller has named, whatever its terms.
    pub lowest_quote: Option<u64>,
    /// The price and terms the seller named last (an offer, or asking for the order).
    pub last_named: Option<(u64, Vec<usize>)>,
    /// Steps the client has conceded: it holds when the seller repeats or raises an offer.
    pub concession_time: u32,
    /// Concessions the seller gave without anything in return (a big step counts twice):
    /// each makes the client push harder.
    pub free_concessions: u32,
    /// The client's interest when a price was first named: its budget was fixed then.
    pub interest_at_price: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DebtState {
    pub total: u64,
    pub paid: u64,
    pub week: u32,
    pub schedule_agreed: bool,
    pub reminders: u32,
    pub installments: bool,
    pub offended: bool,
    pub last_contact_week: Option<u32>,
    pub closed: bool,
}

/// The client's hidden state (coach mode shows the meters).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClientState {
    pub trust: f64,
    pub interest: f64,
    pub patience: f64,
    pub patience_max: f64,
    /// Multiplies the reservation price: a small per-seed variation.
    pub reservation_jitter: f64,
    pub needs: Vec<NeedState>,
    pub objections: Vec<ObjectionState>,
    pub negotiation: NegotiationState,
    pub debt: Option<DebtState>,
}

impl ClientState {
    /// The client as the meeting starts: nothing discovered, nothing raised.
    pub(super) fn new(
        scenario: &Scenario,
        trust: f64,
        patience_max: f64,
        reservation_jitter: f64,
    ) -> ClientState {
        let needs = scenario
            .needs
            .iter()
            .map(|n| NeedState {
                level: n.known,
                payoff: false,
                presented: false,
                denied: false,
            })
            .collect();
        let objections = scenario
            .objections
            .iter()
            .map(|o| ObjectionState {
                status: ObjectionStatus::Latent,
                strength: i32::from(o.strength.max(1)),
                acknowledged: false,
                clarified: false,
                returned: false,
                raised_turn: None,
            })
            .collect();
        ClientState {
            trust,
            interest: super::clamp01(scenario.client.interest),
            patience: patience_max,
            patience_max,
            reservation_jitter,
            needs,
            objections,
            negotiation: NegotiationState::default(),
            debt: None,
        }
    }
}

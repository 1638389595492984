//! What the engine tells its callers: transcript lines, events, refusals and each move's effect.

use serde::Serialize;
use thiserror::Error;

use crate::moves::{AfterSale, CloseTechnique, DebtAction, QuestionKind, Stage, Technique};
use crate::scenario::Knowledge;

use super::state::{Mood, ObjectionStatus, Outcome};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Speaker {
    Seller,
    Client,
    Narrator,
}

/// One line of the transcript.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    pub turn: u32,
    pub speaker: Speaker,
    pub text: String,
}

/// What the engine returns from a move: what the caller shows or reacts to.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "event")]
pub enum Event {
    /// A transcript line to show.
    Said {
        speaker: Speaker,
        text: String,
    },
    /// The conversation moved to a stage; `returned` when it had been there before.
    StageEntered {
        stage: Stage,
        returned: bool,
    },
    NeedChanged {
        need: String,
        level: Knowledge,
    },
    ObjectionRaised {
        objection: String,
        doubt: bool,
    },
    ObjectionChanged {
        objection: String,
        status: ObjectionStatus,
        strength: i32,
    },
    ClientOffer {
        price: u64,
    },
    PriceAgreed {
        price: u64,
    },
    DealClosed {
        price: u64,
    },
    MoodChanged {
        mood: Mood,
    },
    Paid {
        amount: u64,
        remaining: u64,
    },
    Ended {
        outcome: Outcome,
    },
}

/// Why a move was refused; the session is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MoveError {
    #[error("the session is over")]
    Over,
    #[error("preparation happens before the meeting: `Prepare` must be the first move")]
    PrepareNotFirst,
    #[error("the meeting is over; after the deal only follow-up{credit} moves, `NextSteps` and `End` remain", credit = if *.0 { ", collection" } else { "" })]
    MeetingOver(bool),
    #[error("there is no deal yet: follow-up and collection come after the close")]
    NoDealYet,
    #[error("this is not a credit sale: there is no debt to collect")]
    NoCredit,
    #[error("the debt is already settled or written off")]
    DebtClosed,
    #[error("unknown need `{0}`")]
    UnknownNeed(String),
    #[error("the client has not mentioned `{0}` yet")]
    NeedNotKnown(String),
    #[error("unknown feature `{0}`")]
    UnknownFeature(String),
    #[error("unknown objection `{0}`")]
    UnknownObjection(String),
    #[error("the client has not raised `{0}`")]
    ObjectionNotRaised(String),
    #[error("unknown term `{0}`")]
    UnknownTerm(String),
    #[error("term `{term}` has no option {option}")]
    UnknownTermOption { term: String, option: usize },
    #[error("a price must be above zero")]
    ZeroPrice,
    #[error("{0} is not a price anyone would consider (over 100 times the list price)")]
    PriceOutOfRange(u64),
    #[error("the price is already agreed")]
    AlreadyAgreed,
    #[error("the client has not made a counter-offer yet")]
    NoCounter,
}

/// How the greeting fitted the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fit {
    Match,
    Adjacent,
    Mismatch,
}

/// What a move achieved, in the terms scoring needs. One per accepted move.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "effect")]
pub enum Effect {
    Prepared,
    Greeted {
        fit: Fit,
        repeat: bool,
    },
    Agenda {
        liked: bool,
        repeat: bool,
    },
    SmallTalk {
        liked: bool,
        excessive: bool,
    },
    Question {
        kind: QuestionKind,
        need: Option<usize>,
        result: QuestionResult,
    },
    Summary {
        useful: bool,
    },
    Presented {
        feature: usize,
        need: Option<usize>,
        fit: PresentFit,
    },
    Handled {
        objection: usize,
        technique: Technique,
        result: HandleResult,
    },
    Offered {
        price: u64,
        accepted: bool,
        counter: Option<u64>,
        /// How far the price came down from the price named before it (the list price for
        /// the first offer).
        concession: i64,
        traded: bool,
        /// A step above `BIG_CONCESSION_SHARE` of the list price.
        big: bool,
        /// A concession with nothing asked in return.
        free: bool,
        /// The same price and terms as the price named before, or a token step from it.
        repeat: bool,
        /// Dearer for the client than a price the seller already quoted.
        raised: bool,
        /// The lowest price the seller had named before this offer.
        lowest_before: Option<u64>,
    },
    AcceptedCounter {
        price: u64,
    },
    WalkedAway,
    CloseAttempt {
        technique: CloseTechnique,
        result: CloseResult,
    },
    NextSteps {
        after_deal: bool,
    },
    FollowedUp {
        action: AfterSale,
        reaction: Reaction,
    },
    Collected {
        action: DebtAction,
        week: u32,
        paid: u64,
        overdue: bool,
        offended: bool,
    },
    Ended,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "result")]
pub enum QuestionResult {
    /// A need moved from one level to another.
    Revealed {
        need: usize,
        from: Knowledge,
        to: Knowledge,
    },
    /// The client stated what solving the need is worth.
    Payoff { need: usize },
    /// Nothing new came out.
    Nothing,
    /// Asked again what was already answered.
    Repeat,
    /// The question skipped a step (an implication about a topic that is not a problem yet).
    TooEarly,
    /// The client said the topic is not a problem for them.
    Denied { need: usize },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PresentFit {
    /// Tied to an explicit need whose value the client stated.
    Payoff,
    Explicit,
    Implied,
    /// Tied to a need that is only hinted at, or to no need.
    Unanchored,
    /// The feature does not answer the need it was tied to.
    Irrelevant,
    /// Tied to a need the client said it does not have.
    Denied,
    Repeat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HandleResult {
    Resolved,
    Weakened,
    Backfired,
    /// Acknowledging or clarifying: no answer yet, but it shows respect.
    Prepared,
    NoEffect,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CloseResult {
    Deal,
    TrialPositive,
    TrialHesitant,
    ObjectionOpen,
    DoubtReturned,
    NotConvinced,
    PriceRejected,
    /// Asked again at the price the client had just refused: it holds.
    PriceRepeated,
    /// The client had no patience left to sign anything.
    OutOfPatience,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reaction {
    Good,
    Neutral,
    Annoyed,
}

//! The engine: one trainee, one virtual client, one sales cycle, driven move by move.
//!
//! `Session::apply` takes a move, updates the client's hidden state and returns what happened as
//! events. Everything random comes from a ChaCha generator seeded at the start, drawn in an order
//! fixed by the moves, so the same scenario, seed and moves give the same session everywhere.

use std::collections::BTreeSet;
use std::sync::Arc;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use thiserror::Error;

use crate::moves::{
    AfterSale, CloseTechnique, ContactStyle, DebtAction, Move, Plan, QuestionKind, Stage, Technique,
};
use crate::negotiation;
use crate::phrases::{self, Phrase};
use crate::rubric::Rubric;
use crate::scenario::{Knowledge, Lang, Scenario, Trigger};

/// A session ends by itself after this many moves, whatever happens.
pub const MAX_TURNS: u32 = 200;
/// The client commits only once interest has reached this level.
pub const MIN_INTEREST_TO_BUY: f64 = 0.45;

/// Patience each meeting turn costs just by taking time.
const TURN_COST: f64 = 0.3;
/// Extra patience an unproductive move costs.
const WASTE_COST: f64 = 1.0;
/// Extra patience an irritating move costs.
const IRRITATION_COST: f64 = 2.0;

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
        concession: i64,
        traded: bool,
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reaction {
    Good,
    Neutral,
    Annoyed,
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

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NeedState {
    pub level: Knowledge,
    pub payoff: bool,
    /// A feature that answers it was presented against it.
    pub presented: bool,
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

/// A session of one trainee with one client.
#[derive(Debug, Clone)]
pub struct Session {
    scenario: Arc<Scenario>,
    rubric: Rubric,
    seed: u64,
    rng: ChaCha8Rng,
    plan: Option<Plan>,
    moves: Vec<Move>,
    turns: Vec<TurnRecord>,
    transcript: Vec<Line>,
    client: ClientState,
    phase: Phase,
    outcome: Option<Outcome>,
    path: Vec<Stage>,
    greeted: bool,
    agenda: bool,
    small_talk: u32,
    close_attempted: bool,
    asked: BTreeSet<(QuestionKind, Option<usize>)>,
    presented: BTreeSet<(usize, Option<usize>)>,
    known_at_last_summary: usize,
    mood: Mood,
}

impl Session {
    /// Starts a session. The scenario should have passed validation; the engine still never
    /// panics on odd numbers, it clamps them.
    pub fn new(scenario: Arc<Scenario>, rubric: Rubric, seed: u64) -> Session {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let c = &scenario.client;
        // Small per-seed variation so replays of one scenario differ a little.
        let patience_max =
            f64::from(c.patience.clamp(1, 1000)) + f64::from(rng.random_range(-1i32..=1));
        let reservation_jitter = 0.98 + 0.04 * rng.random::<f64>();
        let trust = clamp01(c.trust + 0.04 * (rng.random::<f64>() - 0.5));
        let needs = scenario
            .needs
            .iter()
            .map(|n| NeedState {
                level: n.known,
                payoff: false,
                presented: false,
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
        let client = ClientState {
            trust,
            interest: clamp01(c.interest),
            patience: patience_max,
            patience_max,
            reservation_jitter,
            needs,
            objections,
            negotiation: NegotiationState::default(),
            debt: None,
        };
        let mut session = Session {
            scenario,
            rubric,
            seed,
            rng,
            plan: None,
            moves: Vec::new(),
            turns: Vec::new(),
            transcript: Vec::new(),
            client,
            phase: Phase::Preparing,
            outcome: None,
            path: Vec::new(),
            greeted: false,
            agenda: false,
            small_talk: 0,
            close_attempted: false,
            asked: BTreeSet::new(),
            presented: BTreeSet::new(),
            known_at_last_summary: 0,
            mood: Mood::Neutral,
        };
        session.mood = session.compute_mood();
        session
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }
    pub fn scenario_arc(&self) -> &Arc<Scenario> {
        &self.scenario
    }
    pub fn rubric(&self) -> &Rubric {
        &self.rubric
    }
    pub fn seed(&self) -> u64 {
        self.seed
    }
    pub fn plan(&self) -> Option<&Plan> {
        self.plan.as_ref()
    }
    pub fn moves(&self) -> &[Move] {
        &self.moves
    }
    pub fn turns(&self) -> &[TurnRecord] {
        &self.turns
    }
    pub fn transcript(&self) -> &[Line] {
        &self.transcript
    }
    pub fn client(&self) -> &ClientState {
        &self.client
    }
    pub fn phase(&self) -> Phase {
        self.phase
    }
    pub fn outcome(&self) -> Option<&Outcome> {
        self.outcome.as_ref()
    }
    pub fn is_over(&self) -> bool {
        self.phase == Phase::Over
    }
    /// The stages the conversation went through, in order, returns included.
    pub fn path(&self) -> &[Stage] {
        &self.path
    }
    pub fn mood(&self) -> Mood {
        self.mood
    }
    /// The number of the next turn (1-based).
    pub fn next_turn(&self) -> u32 {
        self.moves.len() as u32 + 1
    }
    pub fn greeted(&self) -> bool {
        self.greeted
    }

    /// Needs the trainee knows about: id, topic and how far each has come out.
    pub fn known_needs(&self) -> Vec<(&str, &str, Knowledge)> {
        self.scenario
            .needs
            .iter()
            .zip(&self.client.needs)
            .filter(|(_, s)| s.level > Knowledge::Hidden)
            .map(|(n, s)| (n.id.as_str(), n.topic.as_str(), s.level))
            .collect()
    }

    /// Objections the client has raised and not yet dropped: id and topic.
    pub fn open_objections(&self) -> Vec<(&str, &str)> {
        self.scenario
            .objections
            .iter()
            .zip(&self.client.objections)
            .filter(|(_, s)| s.status == ObjectionStatus::Raised)
            .map(|(o, _)| (o.id.as_str(), o.topic.as_str()))
            .collect()
    }

    /// The client's current reservation price (hidden; coach mode and analysis only).
    pub fn reservation_price(&self) -> u64 {
        let base = negotiation::reservation_for(&self.scenario.negotiation, self.client.interest);
        let exact = (base as f64 * self.client.reservation_jitter).round() as u64;
        negotiation::round_down(exact, self.scenario.product.list_price)
    }

    /// Default option index of every term, in scenario order.
    pub fn default_terms(&self) -> Vec<usize> {
        self.scenario
            .product
            .terms
            .iter()
            .map(|t| t.default)
            .collect()
    }

    /// Every move that is legal now. `Prepare` and `Offer` appear once each as templates with
    /// suggested values; callers choose their own numbers.
    pub fn legal_moves(&self) -> Vec<Move> {
        let mut out = Vec::new();
        match self.phase {
            Phase::Over => return out,
            Phase::AfterSale => {
                out.push(Move::NextSteps);
                out.extend(AfterSale::ALL.into_iter().map(Move::FollowUp));
                if self.client.debt.as_ref().is_some_and(|d| !d.closed) {
                    out.extend(DebtAction::ALL.into_iter().map(Move::Collect));
                }
                out.push(Move::End);
                return out;
            }
            Phase::Preparing => {
                let p = &self.scenario.product;
                out.push(Move::Prepare(Plan {
                    target_price: p.list_price,
                    walk_away_price: p.floor_price,
                    style: crate::scenario::SocialStyle::Driver,
                    must_have: Vec::new(),
                }));
            }
            Phase::Meeting => {}
        }
        out.extend(ContactStyle::ALL.into_iter().map(Move::Greet));
        out.push(Move::SetAgenda);
        out.push(Move::SmallTalk);
        for kind in QuestionKind::ALL {
            out.push(Move::Ask { kind, need: None });
        }
        let known: Vec<&str> = self
            .known_needs()
            .into_iter()
            .map(|(id, _, _)| id)
            .collect();
        for id in &known {
            for kind in QuestionKind::ALL {
                out.push(Move::Ask {
                    kind,
                    need: Some((*id).to_owned()),
                });
            }
        }
        out.push(Move::Summarize);
        for f in &self.scenario.product.features {
            out.push(Move::Present {
                feature: f.id.clone(),
                need: None,
            });
            for id in &known {
                out.push(Move::Present {
                    feature: f.id.clone(),
                    need: Some((*id).to_owned()),
                });
            }
        }
        for (id, _) in self.open_objections() {
            for technique in Technique::ALL {
                out.push(Move::Handle {
                    objection: id.to_owned(),
                    technique,
                });
            }
        }
        let neg = &self.client.negotiation;
        if neg.agreed.is_none() {
            let price = neg
                .seller_offers
                .last()
                .map_or(self.scenario.product.list_price, |(p, _)| *p);
            out.push(Move::Offer {
                price,
                terms: Default::default(),
            });
            if !neg.client_offers.is_empty() {
                out.push(Move::AcceptCounter);
            }
        }
        out.push(Move::WalkAway);
        out.extend(CloseTechnique::ALL.into_iter().map(Move::Close));
        out.push(Move::NextSteps);
        out.push(Move::End);
        out
    }

    /// Plays one move. On error nothing changes and nothing is logged.
    pub fn apply(&mut self, mv: Move) -> Result<Vec<Event>, MoveError> {
        self.check(&mv)?;
        let turn = self.next_turn();
        let mut ctx = Turn {
            turn,
            events: Vec::new(),
            cost: 0.0,
        };
        let open_before = self.open_objections().len();
        let explicit_before = self.explicit_needs();

        if let Some(stage) = mv.stage()
            && stage != Stage::Preparation
            && self.path.last() != Some(&stage)
        {
            let returned = self.path.contains(&stage);
            self.path.push(stage);
            ctx.events.push(Event::StageEntered { stage, returned });
        }
        let in_meeting = !matches!(mv, Move::Prepare(_))
            && matches!(self.phase, Phase::Preparing | Phase::Meeting);
        if self.phase == Phase::Preparing {
            // The plan is made once; whatever comes first, the meeting starts after it.
            self.phase = Phase::Meeting;
        }

        let effect = self.play(&mv, &mut ctx);

        let mut raised = None;
        if self.phase == Phase::Meeting {
            raised = self.check_triggers(&mv, &mut ctx);
            if open_before > 0 && !matches!(mv, Move::Handle { .. }) {
                // Ignoring a concern the client voiced wears them down.
                ctx.cost += 0.5;
            }
        }
        if in_meeting {
            self.client.patience -= TURN_COST + ctx.cost;
            if self.phase == Phase::Meeting && self.client.patience <= 0.0 {
                self.client.patience = 0.0;
                let text =
                    self.client_line(&self.scenario.lines.leaves.clone(), Phrase::Leaves, &[]);
                ctx.say(&mut self.transcript, Speaker::Client, text);
                self.finish(Outcome::ClientLeft { turn }, &mut ctx);
            }
        }
        self.moves.push(mv.clone());
        self.turns.push(TurnRecord {
            turn,
            mv,
            effect,
            raised,
            open_objections: open_before,
            explicit_needs: explicit_before,
            trust: self.client.trust,
            interest: self.client.interest,
            patience: self.client.patience,
        });
        if self.phase != Phase::Over && turn >= MAX_TURNS {
            self.end_now(&mut ctx);
        }
        let mood = self.compute_mood();
        if mood != self.mood {
            self.mood = mood;
            ctx.events.push(Event::MoodChanged { mood });
        }
        Ok(ctx.events)
    }

    fn check(&self, mv: &Move) -> Result<(), MoveError> {
        let s = &self.scenario;
        match self.phase {
            Phase::Over => return Err(MoveError::Over),
            Phase::AfterSale => {
                let ok = matches!(
                    mv,
                    Move::NextSteps | Move::FollowUp(_) | Move::Collect(_) | Move::End
                );
                if !ok {
                    return Err(MoveError::MeetingOver(s.debt.is_some()));
                }
            }
            Phase::Preparing | Phase::Meeting => {
                if matches!(mv, Move::FollowUp(_) | Move::Collect(_)) {
                    return Err(MoveError::NoDealYet);
                }
            }
        }
        match mv {
            Move::Prepare(plan) => {
                if self.phase != Phase::Preparing {
                    return Err(MoveError::PrepareNotFirst);
                }
                for id in &plan.must_have {
                    s.term(id)
                        .ok_or_else(|| MoveError::UnknownTerm(id.clone()))?;
                }
            }
            Move::Ask { need: Some(id), .. } => {
                self.known_need(id)?;
            }
            Move::Present { feature, need } => {
                s.feature(feature)
                    .ok_or_else(|| MoveError::UnknownFeature(feature.clone()))?;
                if let Some(id) = need {
                    self.known_need(id)?;
                }
            }
            Move::Handle { objection, .. } => {
                let (i, _) = s
                    .objection(objection)
                    .ok_or_else(|| MoveError::UnknownObjection(objection.clone()))?;
                if self.client.objections[i].status != ObjectionStatus::Raised {
                    return Err(MoveError::ObjectionNotRaised(objection.clone()));
                }
            }
            Move::Offer { price, terms } => {
                if *price == 0 {
                    return Err(MoveError::ZeroPrice);
                }
                if *price > self.scenario.product.list_price.saturating_mul(100) {
                    return Err(MoveError::PriceOutOfRange(*price));
                }
                if self.client.negotiation.agreed.is_some() {
                    return Err(MoveError::AlreadyAgreed);
                }
                for (id, &option) in terms {
                    let (_, term) = s
                        .term(id)
                        .ok_or_else(|| MoveError::UnknownTerm(id.clone()))?;
                    if option >= term.options.len() {
                        return Err(MoveError::UnknownTermOption {
                            term: id.clone(),
                            option,
                        });
                    }
                }
            }
            Move::AcceptCounter => {
                if self.client.negotiation.agreed.is_some() {
                    return Err(MoveError::AlreadyAgreed);
                }
                if self.client.negotiation.client_offers.is_empty() {
                    return Err(MoveError::NoCounter);
                }
            }
            Move::Collect(_) => match &self.client.debt {
                None => return Err(MoveError::NoCredit),
                Some(d) if d.closed => return Err(MoveError::DebtClosed),
                Some(_) => {}
            },
            _ => {}
        }
        Ok(())
    }

    fn known_need(&self, id: &str) -> Result<usize, MoveError> {
        let (i, _) = self
            .scenario
            .need(id)
            .ok_or_else(|| MoveError::UnknownNeed(id.to_owned()))?;
        if self.client.needs[i].level == Knowledge::Hidden {
            return Err(MoveError::NeedNotKnown(id.to_owned()));
        }
        Ok(i)
    }

    fn explicit_needs(&self) -> usize {
        self.client
            .needs
            .iter()
            .filter(|n| n.level == Knowledge::Explicit)
            .count()
    }

    fn play(&mut self, mv: &Move, ctx: &mut Turn) -> Effect {
        match mv {
            Move::Prepare(plan) => {
                self.plan = Some(plan.clone());
                let (target, walk) = (
                    self.money(plan.target_price),
                    self.money(plan.walk_away_price),
                );
                let style = phrases::style_name(self.scenario.language, plan.style);
                let text = match self.scenario.language {
                    Lang::En => format!(
                        "(Your plan: aim for {target}, walk away below {walk}; the client reads as {style}.)"
                    ),
                    Lang::Ru => format!(
                        "(Ваш план: цель {target}, ниже {walk} — отказ; стиль клиента — {style}.)"
                    ),
                };
                ctx.say(&mut self.transcript, Speaker::Narrator, text);
                Effect::Prepared
            }
            Move::Greet(style) => self.greet(*style, ctx),
            Move::SetAgenda => {
                let repeat = self.agenda;
                self.agenda = true;
                let liked = self.scenario.client.style.likes_agenda();
                self.seller(ctx, Phrase::SetAgenda, &[]);
                if repeat {
                    ctx.cost += WASTE_COST;
                    self.stock(ctx, Phrase::NothingNew, &[]);
                } else {
                    self.client.trust =
                        clamp01(self.client.trust + if liked { 0.08 } else { 0.02 });
                    self.stock(
                        ctx,
                        if liked {
                            Phrase::AgendaLiked
                        } else {
                            Phrase::AgendaNeutral
                        },
                        &[],
                    );
                }
                Effect::Agenda { liked, repeat }
            }
            Move::SmallTalk => {
                self.small_talk += 1;
                let style = self.scenario.client.style;
                let liked = style.likes_small_talk() && self.small_talk <= 2;
                let excessive = self.small_talk > 2;
                self.seller(ctx, Phrase::SmallTalk, &[]);
                if liked {
                    self.client.trust = clamp01(self.client.trust + 0.07);
                    let lines = self.scenario.lines.small_talk.clone();
                    let text = self.client_line(&lines, Phrase::SmallTalkLiked, &[]);
                    ctx.say(&mut self.transcript, Speaker::Client, text);
                } else {
                    self.client.trust =
                        clamp01(self.client.trust - if excessive { 0.02 } else { 0.04 });
                    ctx.cost += if style.likes_small_talk() {
                        WASTE_COST
                    } else {
                        IRRITATION_COST
                    };
                    self.stock(ctx, Phrase::SmallTalkImpatient, &[]);
                }
                Effect::SmallTalk { liked, excessive }
            }
            Move::Ask { kind, need } => {
                let need = need
                    .as_deref()
                    .and_then(|id| self.scenario.need(id).map(|(i, _)| i));
                self.ask(*kind, need, ctx)
            }
            Move::Summarize => self.summarize(ctx),
            Move::Present { feature, need } => {
                let f = self.scenario.feature(feature).map_or(0, |(i, _)| i);
                let need = need
                    .as_deref()
                    .and_then(|id| self.scenario.need(id).map(|(i, _)| i));
                self.present(f, need, ctx)
            }
            Move::Handle {
                objection,
                technique,
            } => {
                let o = self.scenario.objection(objection).map_or(0, |(i, _)| i);
                self.handle(o, *technique, ctx)
            }
            Move::Offer { price, terms } => {
                let terms = self.term_vector(terms);
                self.offer(*price, terms, ctx)
            }
            Move::AcceptCounter => {
                let price = self
                    .client
                    .negotiation
                    .client_offers
                    .last()
                    .copied()
                    .unwrap_or(0);
                let terms = self
                    .client
                    .negotiation
                    .seller_offers
                    .last()
                    .map_or_else(|| self.default_terms(), |(_, t)| t.clone());
                let agreed = self.price_with_terms(price, &terms);
                self.seller(ctx, Phrase::AcceptCounter, &[("price", &agreed)]);
                self.agree(price, terms, ctx);
                Effect::AcceptedCounter { price }
            }
            Move::WalkAway => {
                self.seller(ctx, Phrase::WalkAway, &[]);
                self.stock(ctx, Phrase::WalkAwayReply, &[]);
                self.finish(Outcome::WalkedAway { turn: ctx.turn }, ctx);
                Effect::WalkedAway
            }
            Move::Close(technique) => self.close(*technique, ctx),
            Move::NextSteps => {
                let after_deal = self.phase == Phase::AfterSale;
                self.seller(ctx, Phrase::NextSteps, &[]);
                self.stock(ctx, Phrase::NextStepsAck, &[]);
                if !after_deal {
                    ctx.cost += WASTE_COST;
                }
                Effect::NextSteps { after_deal }
            }
            Move::FollowUp(action) => self.follow_up(*action, ctx),
            Move::Collect(action) => self.collect(*action, ctx),
            Move::End => {
                self.seller(ctx, Phrase::End, &[]);
                self.end_now(ctx);
                Effect::Ended
            }
        }
    }

    fn greet(&mut self, style: ContactStyle, ctx: &mut Turn) -> Effect {
        let client_style = self.scenario.client.style;
        let fit = if style.suits() == client_style {
            Fit::Match
        } else if style.suits().is_adjacent(client_style) {
            Fit::Adjacent
        } else {
            Fit::Mismatch
        };
        let repeat = self.greeted;
        self.greeted = true;
        self.seller(ctx, Phrase::Greet(style), &[]);
        if repeat {
            ctx.cost += WASTE_COST;
            self.stock(ctx, Phrase::GreetAgain, &[]);
        } else {
            let (delta, phrase) = match fit {
                Fit::Match => (0.15, Phrase::GreetGood),
                Fit::Adjacent => (0.05, Phrase::GreetNeutral),
                Fit::Mismatch => (-0.05, Phrase::GreetBad),
            };
            self.client.trust = clamp01(self.client.trust + delta);
            if fit == Fit::Mismatch {
                ctx.cost += WASTE_COST;
            }
            let lines = if fit == Fit::Mismatch {
                Vec::new()
            } else {
                self.scenario.lines.greeting.clone()
            };
            let text = self.client_line(&lines, phrase, &[]);
            ctx.say(&mut self.transcript, Speaker::Client, text);
        }
        Effect::Greeted { fit, repeat }
    }

    fn ask(&mut self, kind: QuestionKind, need: Option<usize>, ctx: &mut Turn) -> Effect {
        let topic = need.map(|i| self.scenario.needs[i].topic.clone());
        match &topic {
            Some(t) => self.seller(ctx, Phrase::AskAbout(kind), &[("topic", t)]),
            None => self.seller(ctx, Phrase::AskOpen(kind), &[]),
        }
        let repeat = !self.asked.insert((kind, need));
        let situations = self
            .asked
            .iter()
            .filter(|(k, _)| *k == QuestionKind::Situation)
            .count();
        if kind == QuestionKind::Situation && situations > 4 {
            // Too many fact-finding questions bore buyers (Rackham).
            ctx.cost += 0.5;
        }
        let result = match need {
            None => self.open_question(kind),
            Some(i) => self.topic_question(kind, i),
        };
        // "Anything else?" is a fair question; asking the same thing about a topic is not.
        let result = match result {
            QuestionResult::Nothing if repeat && need.is_some() => QuestionResult::Repeat,
            r => r,
        };
        let args_topic = topic.unwrap_or_default();
        match result {
            QuestionResult::Revealed { need, to, .. } => {
                let n = &self.scenario.needs[need];
                let (lines, gain) = match to {
                    Knowledge::Hinted => (n.lines.situation.clone(), 0.0),
                    Knowledge::Implied => (n.lines.problem.clone(), 0.05),
                    _ => (n.lines.implication.clone(), 0.15),
                };
                let id = n.id.clone();
                let topic = n.topic.clone();
                let share = self.share(need);
                self.client.interest = clamp01(self.client.interest + gain * share);
                self.client.trust = clamp01(self.client.trust + 0.02);
                let phrase = if to == Knowledge::Hinted {
                    Phrase::NothingNew
                } else {
                    Phrase::PresentGood
                };
                let text = self.client_line(&lines, phrase, &[("topic", &topic)]);
                ctx.say(&mut self.transcript, Speaker::Client, text);
                ctx.events.push(Event::NeedChanged {
                    need: id,
                    level: to,
                });
            }
            QuestionResult::Payoff { need } => {
                let n = &self.scenario.needs[need];
                let lines = n.lines.need_payoff.clone();
                let topic = n.topic.clone();
                let share = self.share(need);
                self.client.interest = clamp01(self.client.interest + 0.1 * share);
                self.client.trust = clamp01(self.client.trust + 0.02);
                let text = self.client_line(&lines, Phrase::PresentGood, &[("topic", &topic)]);
                ctx.say(&mut self.transcript, Speaker::Client, text);
            }
            QuestionResult::Nothing => {
                ctx.cost += WASTE_COST;
                let phrase = if need.is_some() && kind == QuestionKind::Problem {
                    Phrase::NoPain
                } else {
                    Phrase::NothingNew
                };
                self.stock(ctx, phrase, &[("topic", &args_topic)]);
            }
            QuestionResult::Repeat => {
                ctx.cost += IRRITATION_COST;
                self.stock(ctx, Phrase::AlreadySaid, &[("topic", &args_topic)]);
            }
            QuestionResult::TooEarly => {
                ctx.cost += WASTE_COST;
                self.stock(ctx, Phrase::NotAProblemYet, &[("topic", &args_topic)]);
            }
        }
        Effect::Question { kind, need, result }
    }

    /// An open question brings up the first hidden need that this kind of question reveals.
    fn open_question(&mut self, kind: QuestionKind) -> QuestionResult {
        if !matches!(kind, QuestionKind::Situation | QuestionKind::Problem) {
            return QuestionResult::Nothing;
        }
        let found = self
            .scenario
            .needs
            .iter()
            .zip(&self.client.needs)
            .position(|(n, s)| s.level == Knowledge::Hidden && n.revealed_by.contains(&kind));
        match found {
            Some(i) => {
                let to = if kind == QuestionKind::Problem {
                    Knowledge::Implied
                } else {
                    Knowledge::Hinted
                };
                self.raise_need(i, to)
            }
            None => QuestionResult::Nothing,
        }
    }

    /// A question about a known topic moves its need one step along SPIN.
    fn topic_question(&mut self, kind: QuestionKind, i: usize) -> QuestionResult {
        let level = self.client.needs[i].level;
        match (kind, level) {
            (QuestionKind::Situation, _) => QuestionResult::Nothing,
            (QuestionKind::Problem, Knowledge::Hinted) => self.raise_need(i, Knowledge::Implied),
            (QuestionKind::Problem, _) => QuestionResult::Nothing,
            (
                QuestionKind::Implication | QuestionKind::NeedPayoff,
                Knowledge::Hinted | Knowledge::Hidden,
            ) => QuestionResult::TooEarly,
            (QuestionKind::Implication, Knowledge::Implied)
            | (QuestionKind::NeedPayoff, Knowledge::Implied) => {
                self.raise_need(i, Knowledge::Explicit)
            }
            (QuestionKind::Implication, Knowledge::Explicit) => QuestionResult::Nothing,
            (QuestionKind::NeedPayoff, Knowledge::Explicit) => {
                if self.client.needs[i].payoff {
                    QuestionResult::Nothing
                } else {
                    self.client.needs[i].payoff = true;
                    QuestionResult::Payoff { need: i }
                }
            }
        }
    }

    fn raise_need(&mut self, i: usize, to: Knowledge) -> QuestionResult {
        let from = self.client.needs[i].level;
        self.client.needs[i].level = to;
        QuestionResult::Revealed { need: i, from, to }
    }

    fn summarize(&mut self, ctx: &mut Turn) -> Effect {
        let known: Vec<usize> = (0..self.scenario.needs.len())
            .filter(|&i| self.client.needs[i].level >= Knowledge::Implied)
            .collect();
        let topics = known
            .iter()
            .map(|&i| self.scenario.needs[i].topic.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        self.seller(ctx, Phrase::Summarize, &[("topic", &topics)]);
        let useful = known.len() > self.known_at_last_summary;
        if useful {
            self.known_at_last_summary = known.len();
            self.client.trust = clamp01(self.client.trust + 0.08);
            self.client.interest = clamp01(self.client.interest + 0.02);
            self.stock(ctx, Phrase::SummaryGood, &[]);
        } else {
            ctx.cost += WASTE_COST;
            self.stock(ctx, Phrase::SummaryEmpty, &[]);
        }
        Effect::Summary { useful }
    }

    fn present(&mut self, f: usize, need: Option<usize>, ctx: &mut Turn) -> Effect {
        let feature = self.scenario.product.features[f].clone();
        let topic = need
            .map(|i| self.scenario.needs[i].topic.clone())
            .unwrap_or_default();
        let pitch = if feature.pitch.is_empty() {
            let t = self.pick(phrases::variants(self.scenario.language, Phrase::Present));
            phrases::fill(&t, &[("feature", &feature.name), ("topic", &topic)])
        } else {
            self.pick(&feature.pitch)
        };
        ctx.say(&mut self.transcript, Speaker::Seller, pitch);
        let args = [
            ("feature", feature.name.as_str()),
            ("topic", topic.as_str()),
        ];
        let repeat = !self.presented.insert((f, need));
        let answers = need.is_some_and(|i| feature.addresses.contains(&self.scenario.needs[i].id));
        let fit = if repeat {
            PresentFit::Repeat
        } else if need.is_some() && !answers {
            PresentFit::Irrelevant
        } else {
            match need.map(|i| (i, &self.client.needs[i])) {
                Some((_, s)) if s.level == Knowledge::Explicit && s.payoff => PresentFit::Payoff,
                Some((_, s)) if s.level == Knowledge::Explicit => PresentFit::Explicit,
                Some((_, s)) if s.level == Knowledge::Implied => PresentFit::Implied,
                _ => PresentFit::Unanchored,
            }
        };
        let weight = match fit {
            PresentFit::Payoff => 1.2,
            PresentFit::Explicit => 1.0,
            PresentFit::Implied => 0.5,
            PresentFit::Unanchored => 0.15,
            PresentFit::Irrelevant | PresentFit::Repeat => 0.0,
        };
        match fit {
            PresentFit::Repeat => {
                ctx.cost += WASTE_COST;
                self.stock(ctx, Phrase::PresentAgain, &args);
            }
            PresentFit::Irrelevant => {
                ctx.cost += IRRITATION_COST;
                self.client.interest = clamp01(self.client.interest - 0.02);
                self.stock(ctx, Phrase::PresentIrrelevant, &args);
            }
            _ => {
                // Value only counts once per need: the first feature that answers it.
                let share = match need {
                    Some(i) if !self.client.needs[i].presented => {
                        self.client.needs[i].presented = true;
                        self.share(i)
                    }
                    Some(_) => 0.1 * self.share_avg(),
                    // An unanchored pitch lands on whichever needs the feature happens to answer.
                    None => feature
                        .addresses
                        .iter()
                        .filter_map(|id| self.scenario.need(id).map(|(i, _)| self.share(i)))
                        .sum::<f64>()
                        .min(1.0),
                };
                let scepticism = self.scenario.client.scepticism.clamp(0.0, 1.0);
                let doubt = if feature.evidence { 0.2 } else { 0.6 };
                let belief = 1.0 - doubt * scepticism * (1.0 - self.client.trust);
                self.client.interest =
                    clamp01(self.client.interest + 0.55 * weight * share * belief);
                if fit == PresentFit::Unanchored {
                    ctx.cost += WASTE_COST;
                }
                let lines = need
                    .map(|i| self.scenario.needs[i].lines.present.clone())
                    .unwrap_or_default();
                let phrase = if weight >= 0.5 {
                    Phrase::PresentGood
                } else {
                    Phrase::PresentVague
                };
                let text = if weight >= 0.5 {
                    self.client_line(&lines, phrase, &args)
                } else {
                    let t = self.pick(phrases::variants(self.scenario.language, phrase));
                    phrases::fill(&t, &args)
                };
                ctx.say(&mut self.transcript, Speaker::Client, text);
                if weight >= 0.5 {
                    self.client.trust = clamp01(self.client.trust + 0.02);
                }
            }
        }
        Effect::Presented {
            feature: f,
            need,
            fit,
        }
    }

    fn handle(&mut self, o: usize, technique: Technique, ctx: &mut Turn) -> Effect {
        let objection = self.scenario.objections[o].clone();
        self.seller(
            ctx,
            Phrase::Handle(technique),
            &[("objection", &objection.topic)],
        );
        let state = &mut self.client.objections[o];
        let was_clarified = state.clarified;
        let result = if objection.backfires.contains(&technique) {
            state.strength = (state.strength + 1).min(5);
            HandleResult::Backfired
        } else if objection.resolves.contains(&technique) {
            state.strength -= 2;
            if state.strength <= 0 {
                HandleResult::Resolved
            } else {
                HandleResult::Weakened
            }
        } else if objection.weakens.contains(&technique) {
            state.strength -= 1;
            if state.strength <= 0 {
                HandleResult::Resolved
            } else {
                HandleResult::Weakened
            }
        } else if (technique == Technique::Acknowledge && !state.acknowledged)
            || (technique == Technique::Clarify && !state.clarified)
        {
            HandleResult::Prepared
        } else {
            HandleResult::NoEffect
        };
        // A backfire earns no credit for listening.
        if result != HandleResult::Backfired {
            match technique {
                Technique::Acknowledge if !state.acknowledged => {
                    state.acknowledged = true;
                    self.client.trust = clamp01(self.client.trust + 0.04);
                }
                Technique::Clarify if !state.clarified => {
                    state.clarified = true;
                    self.client.trust = clamp01(self.client.trust + 0.03);
                }
                _ => {}
            }
        }
        let args = [("objection", objection.topic.as_str())];
        // Asked what lies behind it, the client first gives the real reason.
        let reason_given = technique == Technique::Clarify
            && !was_clarified
            && !objection.lines.clarify.is_empty()
            && matches!(result, HandleResult::Resolved | HandleResult::Weakened);
        if reason_given {
            let text = self.client_line(&objection.lines.clarify, Phrase::Clarified, &args);
            ctx.say(&mut self.transcript, Speaker::Client, text);
        }
        let state = &mut self.client.objections[o];
        let strength = state.strength;
        match result {
            HandleResult::Backfired => {
                self.client.trust = clamp01(self.client.trust - 0.1);
                self.client.interest = clamp01(self.client.interest - 0.03);
                ctx.cost += WASTE_COST;
                let text = self.client_line(&objection.lines.backfire, Phrase::Backfire, &args);
                ctx.say(&mut self.transcript, Speaker::Client, text);
            }
            HandleResult::Weakened if reason_given => {}
            HandleResult::Resolved => {
                state.status = ObjectionStatus::Resolved;
                self.client.trust = clamp01(self.client.trust + 0.05);
                self.client.interest = clamp01(self.client.interest + 0.03);
                let text = self.client_line(&objection.lines.resolved, Phrase::Resolved, &args);
                ctx.say(&mut self.transcript, Speaker::Client, text);
            }
            HandleResult::Weakened => {
                let text = self.client_line(&objection.lines.weakened, Phrase::Weakened, &args);
                ctx.say(&mut self.transcript, Speaker::Client, text);
            }
            HandleResult::Prepared => {
                let text = if technique == Technique::Clarify {
                    self.client_line(&objection.lines.clarify, Phrase::Clarified, &args)
                } else {
                    self.pick_phrase(Phrase::Acknowledged, &args)
                };
                ctx.say(&mut self.transcript, Speaker::Client, text);
            }
            HandleResult::NoEffect => {
                ctx.cost += WASTE_COST;
                self.stock(ctx, Phrase::NoEffect, &args);
            }
        }
        let status = self.client.objections[o].status;
        ctx.events.push(Event::ObjectionChanged {
            objection: objection.id.clone(),
            status,
            strength,
        });
        Effect::Handled {
            objection: o,
            technique,
            result,
        }
    }

    fn term_vector(&self, chosen: &std::collections::BTreeMap<String, usize>) -> Vec<usize> {
        self.scenario
            .product
            .terms
            .iter()
            .map(|t| chosen.get(&t.id).copied().unwrap_or(t.default))
            .collect()
    }

    /// The client's next counter-offer: never below one it already made.
    fn next_client_offer(&self) -> u64 {
        let n = &self.scenario.negotiation;
        let reservation = self.reservation_price().max(n.opening);
        let exact = negotiation::client_offer(
            n.opening,
            reservation,
            self.client.negotiation.round + 1,
            n.deadline.max(1),
            n.beta,
            n.kappa,
        );
        // People name round numbers.
        let next = negotiation::round_down(exact, self.scenario.product.list_price).max(n.opening);
        next.max(
            self.client
                .negotiation
                .client_effective
                .last()
                .copied()
                .unwrap_or(0),
        )
    }

    /// A price with the terms that differ from the defaults: "45 000 EUR (contract: 3 years)".
    fn price_with_terms(&self, price: u64, terms: &[usize]) -> String {
        let named: Vec<String> = self
            .scenario
            .product
            .terms
            .iter()
            .zip(terms)
            .filter(|(t, i)| **i != t.default)
            .filter_map(|(t, &i)| t.options.get(i).map(|o| format!("{}: {}", t.name, o.label)))
            .collect();
        let money = self.money(price);
        if named.is_empty() {
            money
        } else {
            format!("{money} ({})", named.join(", "))
        }
    }

    fn offer(&mut self, price: u64, terms: Vec<usize>, ctx: &mut Turn) -> Effect {
        let money = self.money(price);
        let offered = self.price_with_terms(price, &terms);
        self.seller(ctx, Phrase::Offer, &[("price", &offered)]);
        let neg = &self.client.negotiation;
        let previous = neg.seller_offers.last().cloned();
        let concession = previous.as_ref().map_or(0, |(p, _)| {
            (i128::from(*p) - i128::from(price)).clamp(i128::from(i64::MIN), i128::from(i64::MAX))
                as i64
        });
        // A trade: the price comes down while a term moves the seller's way.
        let traded = concession > 0
            && previous.as_ref().is_some_and(|(_, old)| {
                negotiation::seller_value(&self.scenario, 0, &terms)
                    > negotiation::seller_value(&self.scenario, 0, old)
            });
        self.client.negotiation.price_mentioned = true;
        self.client
            .negotiation
            .seller_offers
            .push((price, terms.clone()));
        let next = self.next_client_offer();
        let effective = negotiation::effective_price(&self.scenario, price, &terms);
        if effective <= next as i64 {
            self.stock(ctx, Phrase::AcceptOffer, &[("price", &money)]);
            self.agree(price, terms, ctx);
            return Effect::Offered {
                price,
                accepted: true,
                counter: None,
                concession,
                traded,
            };
        }
        let counter = self.client_counter(&terms, ctx);
        Effect::Offered {
            price,
            accepted: false,
            counter,
            concession,
            traded,
        }
    }

    /// The client counters, or walks away once past its deadline.
    fn client_counter(&mut self, terms: &[usize], ctx: &mut Turn) -> Option<u64> {
        let effective = self.next_client_offer();
        // The counter is for the terms on the table: what costs the client comes off the price.
        let bonus =
            effective as i64 - negotiation::effective_price(&self.scenario, effective, terms);
        let next = (effective as i64 + bonus).max(1) as u64;
        let deadline = self.scenario.negotiation.deadline.max(1);
        if self.client.negotiation.round >= deadline {
            self.stock(ctx, Phrase::Deadline, &[]);
            self.finish(Outcome::Deadline { turn: ctx.turn }, ctx);
            return None;
        }
        self.client.negotiation.round += 1;
        self.client.negotiation.client_offers.push(next);
        self.client.negotiation.client_effective.push(effective);
        let money = self.money(next);
        let lines = self.scenario.negotiation.counter_lines.clone();
        let text = self.client_line(&lines, Phrase::Counter, &[("price", &money)]);
        ctx.say(&mut self.transcript, Speaker::Client, text);
        ctx.events.push(Event::ClientOffer { price: next });
        Some(next)
    }

    fn agree(&mut self, price: u64, terms: Vec<usize>, ctx: &mut Turn) {
        self.client.negotiation.agreed = Some(Agreement { price, terms });
        ctx.events.push(Event::PriceAgreed { price });
    }

    fn close(&mut self, technique: CloseTechnique, ctx: &mut Turn) -> Effect {
        let topic = self
            .scenario
            .needs
            .iter()
            .zip(&self.client.needs)
            .filter(|(_, s)| s.level == Knowledge::Explicit)
            .map(|(n, _)| n.topic.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let topic = if topic.is_empty() {
            match self.scenario.language {
                Lang::En => "what we discussed".to_owned(),
                Lang::Ru => "то, что мы обсудили".to_owned(),
            }
        } else {
            topic
        };
        self.seller(ctx, Phrase::Close(technique), &[("topic", &topic)]);
        self.close_attempted = true;
        let trial = technique == CloseTechnique::Trial;
        let style = self.scenario.client.style;

        // A concern the client has not voiced yet surfaces when the commitment comes up.
        if let Some(o) = self.latent_with(|t| matches!(t, Trigger::Close)) {
            self.raise_objection(o, false, ctx);
            if !trial {
                self.failed_close(ctx);
            }
            return self.close_effect(
                technique,
                if trial {
                    CloseResult::TrialHesitant
                } else {
                    CloseResult::ObjectionOpen
                },
            );
        }
        if let Some((id, topic)) = self
            .open_objections()
            .first()
            .map(|(i, t)| (i.to_string(), t.to_string()))
        {
            let _ = id;
            if trial {
                self.stock(ctx, Phrase::TrialHesitant, &[]);
                return self.close_effect(technique, CloseResult::TrialHesitant);
            }
            self.stock(ctx, Phrase::CloseObjectionOpen, &[("objection", &topic)]);
            self.failed_close(ctx);
            return self.close_effect(technique, CloseResult::ObjectionOpen);
        }
        if self.client.interest < MIN_INTEREST_TO_BUY {
            self.stock(
                ctx,
                if trial {
                    Phrase::TrialHesitant
                } else {
                    Phrase::CloseNotConvinced
                },
                &[],
            );
            if trial {
                return self.close_effect(technique, CloseResult::TrialHesitant);
            }
            self.failed_close(ctx);
            return self.close_effect(technique, CloseResult::NotConvinced);
        }
        if trial {
            self.stock(ctx, Phrase::TrialPositive, &[]);
            return self.close_effect(technique, CloseResult::TrialPositive);
        }
        // Old doubts may come back: the less trust, the likelier.
        let doubt = (0..self.scenario.objections.len()).find(|&i| {
            let (o, s) = (&self.scenario.objections[i], &self.client.objections[i]);
            o.returns && s.status == ObjectionStatus::Resolved && !s.returned
        });
        if let Some(i) = doubt {
            let draw: f64 = self.rng.random();
            if draw > self.client.trust {
                self.client.objections[i].returned = true;
                self.client.objections[i].strength = 1;
                self.raise_objection(i, true, ctx);
                self.failed_close(ctx);
                return self.close_effect(technique, CloseResult::DoubtReturned);
            }
        }
        let agreement = match self.client.negotiation.agreed.clone() {
            Some(a) => a,
            None => {
                // Asking for the order names a price: the last one offered, or the list price.
                self.client.negotiation.price_mentioned = true;
                let (price, terms) = self
                    .client
                    .negotiation
                    .seller_offers
                    .last()
                    .cloned()
                    .unwrap_or_else(|| (self.scenario.product.list_price, self.default_terms()));
                let effective = negotiation::effective_price(&self.scenario, price, &terms);
                if effective > self.next_client_offer() as i64 {
                    let money = self.money(price);
                    self.stock(ctx, Phrase::ClosePriceNo, &[("price", &money)]);
                    ctx.cost += WASTE_COST;
                    self.client_counter(&terms, ctx);
                    return self.close_effect(technique, CloseResult::PriceRejected);
                }
                self.agree(price, terms.clone(), ctx);
                Agreement { price, terms }
            }
        };
        if technique.suits(style) {
            self.client.trust = clamp01(self.client.trust + 0.03);
        }
        let lines = self.scenario.lines.deal.clone();
        let text = self.client_line(&lines, Phrase::Deal, &[]);
        ctx.say(&mut self.transcript, Speaker::Client, text);
        ctx.events.push(Event::DealClosed {
            price: agreement.price,
        });
        self.outcome = Some(Outcome::Deal {
            price: agreement.price,
            terms: agreement.terms.clone(),
            turn: ctx.turn,
        });
        self.phase = Phase::AfterSale;
        if let Some(debt) = &self.scenario.debt {
            let total = (agreement.price as f64 * debt.share.clamp(0.0, 1.0)).round() as u64;
            self.client.debt = Some(DebtState {
                total,
                paid: 0,
                week: 0,
                schedule_agreed: false,
                reminders: 0,
                installments: false,
                offended: false,
                last_contact_week: None,
                closed: total == 0,
            });
        }
        self.close_effect(technique, CloseResult::Deal)
    }

    fn close_effect(&self, technique: CloseTechnique, result: CloseResult) -> Effect {
        Effect::CloseAttempt { technique, result }
    }

    fn failed_close(&mut self, ctx: &mut Turn) {
        ctx.cost += IRRITATION_COST;
        let presumptuous = self.client.trust < 0.5;
        self.client.trust = clamp01(self.client.trust - if presumptuous { 0.08 } else { 0.04 });
    }

    fn follow_up(&mut self, action: AfterSale, ctx: &mut Turn) -> Effect {
        self.seller(ctx, Phrase::FollowUp(action), &[]);
        let repeat = self
            .turns
            .iter()
            .any(|t| matches!(t.mv, Move::FollowUp(a) if a == action));
        let fu = &self.scenario.follow_up;
        let reaction = if fu.dislikes.contains(&action) {
            Reaction::Annoyed
        } else if repeat {
            Reaction::Neutral
        } else if fu.expects.contains(&action) {
            Reaction::Good
        } else {
            Reaction::Neutral
        };
        match reaction {
            Reaction::Good => self.client.trust = clamp01(self.client.trust + 0.05),
            Reaction::Annoyed => self.client.trust = clamp01(self.client.trust - 0.08),
            Reaction::Neutral => {}
        }
        let own = if reaction == Reaction::Neutral && repeat {
            Vec::new()
        } else {
            fu.lines.get(&action).cloned().unwrap_or_default()
        };
        let phrase = match reaction {
            Reaction::Good => Phrase::FollowUpGood,
            Reaction::Neutral => Phrase::FollowUpNeutral,
            Reaction::Annoyed => Phrase::FollowUpAnnoyed,
        };
        let text = self.client_line(&own, phrase, &[]);
        ctx.say(&mut self.transcript, Speaker::Client, text);
        Effect::FollowedUp { action, reaction }
    }

    fn collect(&mut self, action: DebtAction, ctx: &mut Turn) -> Effect {
        let Some(rules) = self.scenario.debt.clone() else {
            return Effect::Ended;
        };
        let Some(mut debt) = self.client.debt.clone() else {
            return Effect::Ended;
        };
        debt.week += 1;
        let week = debt.week;
        let remaining = debt.total - debt.paid;
        let overdue = week > rules.due_week;
        let amount = self.money(remaining);
        self.seller(ctx, Phrase::Collect(action), &[("amount", &amount)]);
        let mut offended = false;
        let mut firm = false;
        match action {
            DebtAction::AgreeSchedule => {
                if !debt.schedule_agreed {
                    debt.schedule_agreed = true;
                    self.stock(ctx, Phrase::DebtScheduleAgreed, &[]);
                }
            }
            DebtAction::Remind | DebtAction::Call => {
                debt.reminders += 1;
                if action == DebtAction::Call {
                    self.client.trust = clamp01(self.client.trust + 0.02);
                }
            }
            DebtAction::Installments => debt.installments = true,
            DebtAction::Escalate => {
                if overdue && debt.reminders >= 2 {
                    firm = true;
                } else {
                    offended = true;
                    debt.offended = true;
                    self.client.trust = clamp01(self.client.trust - 0.15);
                    let lines = rules.lines.offended.clone();
                    let text = self.client_line(&lines, Phrase::DebtOffended, &[]);
                    ctx.say(&mut self.transcript, Speaker::Client, text);
                }
            }
            DebtAction::Wait => {}
        }
        if action != DebtAction::Wait {
            debt.last_contact_week = Some(week);
        }
        let mut paid = 0;
        if week >= rules.due_week {
            let recent = debt.last_contact_week.is_some_and(|w| week - w <= 1);
            let mut p = rules.reliability.clamp(0.0, 1.0) + 0.25 * self.client.trust - 0.15;
            if debt.schedule_agreed {
                p += 0.15;
            }
            if recent {
                p += 0.15;
            } else if debt.last_contact_week.is_none_or(|w| week - w > 2) {
                // Out of sight, out of mind: a creditor who never calls is paid last.
                p -= 0.1;
            }
            if debt.installments {
                p += 0.2;
            }
            if firm {
                p += 0.25;
            }
            if debt.offended {
                // A client threatened before being reminded pays others first.
                p -= 0.6;
            }
            let draw: f64 = self.rng.random();
            if draw < p {
                paid = if debt.installments {
                    remaining.min(debt.total.div_ceil(3))
                } else {
                    remaining
                };
            }
        }
        debt.paid += paid;
        let left = debt.total - debt.paid;
        if paid > 0 {
            let m = self.money(paid);
            let lines = rules.lines.pays.clone();
            let text = self.client_line(&lines, Phrase::DebtPays, &[("amount", &m)]);
            ctx.say(&mut self.transcript, Speaker::Client, text);
            ctx.events.push(Event::Paid {
                amount: paid,
                remaining: left,
            });
        } else if overdue && !offended {
            let lines = rules.lines.stalls.clone();
            let text = self.client_line(&lines, Phrase::DebtStalls, &[]);
            ctx.say(&mut self.transcript, Speaker::Client, text);
        } else if matches!(
            action,
            DebtAction::Remind | DebtAction::Call | DebtAction::Installments
        ) {
            self.stock(ctx, Phrase::DebtNoted, &[]);
        }
        if left == 0 {
            debt.closed = true;
            self.narrate(ctx, Phrase::DebtSettled, &[]);
        } else if week >= rules.weeks {
            debt.closed = true;
            let m = self.money(left);
            self.narrate(ctx, Phrase::DebtWrittenOff, &[("amount", &m)]);
        }
        self.client.debt = Some(debt);
        Effect::Collected {
            action,
            week,
            paid,
            overdue,
            offended,
        }
    }

    /// `End`: leaves the meeting without a deal, or closes the account after one.
    fn end_now(&mut self, ctx: &mut Turn) {
        match self.phase {
            Phase::Over => {}
            Phase::AfterSale => {
                if let Some(debt) = &mut self.client.debt
                    && !debt.closed
                {
                    debt.closed = true;
                    let left = debt.total - debt.paid;
                    let m = self.money(left);
                    self.narrate(ctx, Phrase::DebtWrittenOff, &[("amount", &m)]);
                }
                self.phase = Phase::Over;
                if let Some(outcome) = self.outcome.clone() {
                    ctx.events.push(Event::Ended { outcome });
                }
            }
            Phase::Preparing | Phase::Meeting => {
                self.stock(ctx, Phrase::EndNoDeal, &[]);
                self.finish(Outcome::NoDeal { turn: ctx.turn }, ctx);
            }
        }
    }

    fn finish(&mut self, outcome: Outcome, ctx: &mut Turn) {
        self.outcome = Some(outcome.clone());
        self.phase = Phase::Over;
        ctx.events.push(Event::Ended { outcome });
    }

    /// After each meeting move: raise at most one latent objection whose trigger fires.
    fn check_triggers(&mut self, mv: &Move, ctx: &mut Turn) -> Option<usize> {
        if !self.greeted {
            return None;
        }
        // Draw for every random trigger each turn, so the sequence of draws depends on the
        // moves alone and not on which objection happened to fire.
        let draws: Vec<(usize, bool)> = (0..self.scenario.objections.len())
            .filter_map(|i| match self.scenario.objections[i].trigger {
                Trigger::Random(p)
                    if self.client.objections[i].status == ObjectionStatus::Latent =>
                {
                    let draw: f64 = self.rng.random();
                    Some((i, draw < p))
                }
                _ => None,
            })
            .collect();
        let turn = ctx.turn;
        let found = (0..self.scenario.objections.len()).find(|&i| {
            if self.client.objections[i].status != ObjectionStatus::Latent {
                return false;
            }
            match self.scenario.objections[i].trigger {
                Trigger::PriceMention => self.client.negotiation.price_mentioned,
                Trigger::Stage(s) => self.path.contains(&s) || mv.stage() == Some(s),
                Trigger::LowTrust(x) => self.client.trust < x,
                Trigger::Random(_) => draws.iter().any(|&(j, fire)| j == i && fire),
                Trigger::AfterTurn(n) => turn >= n,
                Trigger::Close => false,
            }
        })?;
        self.raise_objection(found, false, ctx);
        Some(found)
    }

    fn latent_with(&self, pred: impl Fn(&Trigger) -> bool) -> Option<usize> {
        (0..self.scenario.objections.len()).find(|&i| {
            self.client.objections[i].status == ObjectionStatus::Latent
                && pred(&self.scenario.objections[i].trigger)
        })
    }

    fn raise_objection(&mut self, i: usize, doubt: bool, ctx: &mut Turn) {
        let o = self.scenario.objections[i].clone();
        let s = &mut self.client.objections[i];
        s.status = ObjectionStatus::Raised;
        s.raised_turn = Some(ctx.turn);
        let lines = if doubt && !o.lines.doubt.is_empty() {
            o.lines.doubt.clone()
        } else {
            o.lines.raise.clone()
        };
        let text = self.client_line(
            &lines,
            Phrase::CloseObjectionOpen,
            &[("objection", &o.topic)],
        );
        ctx.say(&mut self.transcript, Speaker::Client, text);
        ctx.events.push(Event::ObjectionRaised {
            objection: o.id,
            doubt,
        });
    }

    fn compute_mood(&self) -> Mood {
        let c = &self.client;
        let patience = if c.patience_max > 0.0 {
            c.patience / c.patience_max
        } else {
            0.0
        };
        if c.trust < 0.15 {
            Mood::Hostile
        } else if patience < 0.25 {
            Mood::Impatient
        } else if c.trust < 0.3 {
            Mood::Guarded
        } else if c.interest >= 0.7 && c.trust >= 0.5 {
            Mood::Keen
        } else if c.interest >= 0.4 {
            Mood::Engaged
        } else {
            Mood::Neutral
        }
    }

    /// A need's share of the total importance.
    fn share(&self, i: usize) -> f64 {
        let total = self.scenario.total_importance().max(1);
        f64::from(self.scenario.needs[i].importance) / f64::from(total)
    }

    fn share_avg(&self) -> f64 {
        1.0 / self.scenario.needs.len().max(1) as f64
    }

    fn money(&self, amount: u64) -> String {
        format_money(amount, &self.scenario.product.currency)
    }

    fn pick<S: AsRef<str>>(&mut self, lines: &[S]) -> String {
        if lines.is_empty() {
            return String::new();
        }
        let i = self.rng.random_range(0..lines.len());
        lines[i].as_ref().to_owned()
    }

    fn pick_phrase(&mut self, phrase: Phrase, args: &[(&str, &str)]) -> String {
        let t = self.pick(phrases::variants(self.scenario.language, phrase));
        phrases::fill(&t, args)
    }

    /// The scenario's own lines when it has some, else the phrasebook's.
    fn client_line(&mut self, own: &[String], fallback: Phrase, args: &[(&str, &str)]) -> String {
        if own.is_empty() {
            self.pick_phrase(fallback, args)
        } else {
            let t = self.pick(own);
            phrases::fill(&t, args)
        }
    }

    fn seller(&mut self, ctx: &mut Turn, phrase: Phrase, args: &[(&str, &str)]) {
        let text = self.pick_phrase(phrase, args);
        ctx.say(&mut self.transcript, Speaker::Seller, text);
    }

    fn stock(&mut self, ctx: &mut Turn, phrase: Phrase, args: &[(&str, &str)]) {
        let text = self.pick_phrase(phrase, args);
        ctx.say(&mut self.transcript, Speaker::Client, text);
    }

    fn narrate(&mut self, ctx: &mut Turn, phrase: Phrase, args: &[(&str, &str)]) {
        let text = self.pick_phrase(phrase, args);
        ctx.say(&mut self.transcript, Speaker::Narrator, text);
    }
}

/// What one move is accumulating.
struct Turn {
    turn: u32,
    events: Vec<Event>,
    /// Extra patience this move costs.
    cost: f64,
}

impl Turn {
    fn say(&mut self, transcript: &mut Vec<Line>, speaker: Speaker, text: String) {
        transcript.push(Line {
            turn: self.turn,
            speaker,
            text: text.clone(),
        });
        self.events.push(Event::Said { speaker, text });
    }
}

fn clamp01(x: f64) -> f64 {
    if x.is_nan() { 0.0 } else { x.clamp(0.0, 1.0) }
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

//! The engine: one trainee, one virtual client, one sales cycle, driven move by move.
//!
//! `Session::apply` takes a move, updates the client's hidden state and returns what happened as
//! events. Everything random comes from a ChaCha generator seeded at the start, drawn in an order
//! fixed by the moves, so the same scenario, seed and moves give the same session everywhere.
//!
//! Each kind of move lives in its own file (`contact`, `needs`, `presentation`, `objections`,
//! `negotiation`, `close`, `follow_up`, `debt`); `legal` says what may be played now, and
//! `tuning` names every number of the client model.

mod close;
mod contact;
mod debt;
mod events;
mod follow_up;
mod legal;
mod lines;
mod needs;
mod negotiation;
mod objections;
mod presentation;
mod state;
pub(crate) mod tuning;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

pub use events::{
    CloseResult, Effect, Event, Fit, HandleResult, Line, MoveError, PresentFit, QuestionResult,
    Reaction, Speaker,
};
pub use lines::format_money;
pub use state::{
    Agreement, ClientState, DebtState, Mood, NeedState, NegotiationState, ObjectionState,
    ObjectionStatus, Outcome, Phase, TalkSoFar, TurnRecord,
};
pub use tuning::{BIG_CONCESSION_SHARE, MAX_PRICE_FACTOR, MAX_TURNS, MIN_INTEREST_TO_BUY};

use crate::moves::{Move, Plan, QuestionKind, Stage};
use crate::phrases::Phrase;
use crate::rubric::Rubric;
use crate::scenario::{Knowledge, Lang, Scenario};
use crate::vocab;
use tuning::*;

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
    talk: TalkSoFar,
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
    /// What the trainee typed, by turn: said instead of the stock seller line.
    said: BTreeMap<u32, String>,
    /// Plays without building any text: no transcript, no events (`quietly`).
    quiet: bool,
}

/// A typed line is kept up to this many characters.
pub const MAX_SAID: usize = 500;

impl Session {
    /// Starts a session. The scenario should have passed validation; the engine still never
    /// panics on odd numbers, it clamps them.
    pub fn new(scenario: Arc<Scenario>, rubric: Rubric, seed: u64) -> Session {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let c = &scenario.client;
        let (low, high) = PATIENCE_RANGE;
        let patience_max = f64::from(c.patience.clamp(low, high))
            + f64::from(rng.random_range(-PATIENCE_JITTER..=PATIENCE_JITTER));
        let reservation_jitter =
            RESERVATION_JITTER_LOW + RESERVATION_JITTER_SPAN * rng.random::<f64>();
        let trust = clamp01(c.trust + TRUST_JITTER * (rng.random::<f64>() - 0.5));
        let client = ClientState::new(&scenario, trust, patience_max, reservation_jitter);
        let mut session = Session {
            scenario,
            rubric,
            seed,
            rng,
            plan: None,
            // Room for a typical session, so the hot loop of bots and search rarely reallocates.
            moves: Vec::with_capacity(TYPICAL_TURNS),
            turns: Vec::with_capacity(TYPICAL_TURNS),
            talk: TalkSoFar::default(),
            transcript: Vec::new(),
            client,
            phase: Phase::Preparing,
            outcome: None,
            // Room for the stages of a typical talk, returns included: no regrowth mid-play.
            path: Vec::with_capacity(16),
            greeted: false,
            agenda: false,
            small_talk: 0,
            close_attempted: false,
            asked: BTreeSet::new(),
            presented: BTreeSet::new(),
            known_at_last_summary: 0,
            mood: Mood::Neutral,
            said: BTreeMap::new(),
            quiet: false,
        };
        session.mood = session.compute_mood();
        session
    }

    /// The same session without words: it plays, draws and scores exactly as a speaking one,
    /// but builds no transcript and returns no events. For bots, the analyzer and the exploit
    /// search, which never show the dialogue.
    pub fn quietly(mut self) -> Session {
        self.quiet = true;
        self
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
    /// What the turns so far add up to, for players that ask every turn.
    pub fn talk(&self) -> &TalkSoFar {
        &self.talk
    }
    /// Whether a move `Present { feature, need }` was played, by scenario ids: the ids are
    /// looked up as playing it looks them up.
    pub fn presented(&self, feature: &str, need: Option<&str>) -> bool {
        let Some((f, _)) = self.scenario.feature(feature) else {
            return false;
        };
        let need = match need {
            Some(id) => match self.need_index(id) {
                Some(i) => Some(i),
                None => return false,
            },
            None => None,
        };
        self.presented.contains(&(f, need))
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
    /// Whether the seller has set the agenda.
    pub fn agenda_set(&self) -> bool {
        self.agenda
    }
    /// How many times the seller has made small talk.
    pub fn small_talk_count(&self) -> u32 {
        self.small_talk
    }
    /// What the trainee typed, by turn (see [`Session::apply_said`]).
    pub fn said(&self) -> &BTreeMap<u32, String> {
        &self.said
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

    fn count_open_objections(&self) -> usize {
        self.client
            .objections
            .iter()
            .filter(|s| s.status == ObjectionStatus::Raised)
            .count()
    }

    /// Objections the client has raised and not yet dropped: id and topic.
    pub fn open_objections(&self) -> Vec<(&str, &str)> {
        self.each_open_objection().collect()
    }

    /// The first of [`open_objections`](Self::open_objections), without building the list:
    /// bots ask on every turn.
    pub fn first_open_objection(&self) -> Option<(&str, &str)> {
        self.each_open_objection().next()
    }

    fn each_open_objection(&self) -> impl Iterator<Item = (&str, &str)> {
        self.scenario
            .objections
            .iter()
            .zip(&self.client.objections)
            .filter(|(_, s)| s.status == ObjectionStatus::Raised)
            .map(|(o, _)| (o.id.as_str(), o.topic.as_str()))
    }

    /// Plays one move. On error nothing changes and nothing is logged.
    pub fn apply(&mut self, mv: Move) -> Result<Vec<Event>, MoveError> {
        self.play_turn(mv, None)
    }

    /// Plays a move the trainee typed in their own words: `text` is the seller's line in the
    /// transcript, in place of the stock one, and is kept in the log. The move plays exactly as
    /// [`Session::apply`] plays it.
    pub fn apply_said(&mut self, mv: Move, text: &str) -> Result<Vec<Event>, MoveError> {
        let text: String = text.trim().chars().take(MAX_SAID).collect();
        self.play_turn(mv, Some(text).filter(|t| !t.is_empty()))
    }

    fn play_turn(&mut self, mv: Move, typed: Option<String>) -> Result<Vec<Event>, MoveError> {
        self.check_move(&mv)?;
        let turn = self.next_turn();
        if let Some(text) = &typed {
            self.said.insert(turn, text.clone());
        }
        let mut ctx = Turn {
            turn,
            events: Vec::new(),
            cost: 0.0,
            quiet: self.quiet,
            typed,
            typed_said: false,
        };
        let first_line = self.transcript.len();
        let open_before = self.count_open_objections();
        let explicit_before = self.explicit_needs();
        self.enter_stage(&mv, &mut ctx);
        let in_meeting = !matches!(mv, Move::Prepare(_))
            && matches!(self.phase, Phase::Preparing | Phase::Meeting);
        if self.phase == Phase::Preparing {
            // The plan is made once; whatever comes first, the meeting starts after it.
            self.phase = Phase::Meeting;
        }

        let effect = self.play(&mv, &mut ctx);
        // A move with no seller line of its own still shows what was typed, first in its turn.
        if let Some(text) = ctx.typed.take()
            && !self.quiet
        {
            let speaker = Speaker::Seller;
            self.transcript.insert(
                first_line,
                Line {
                    turn,
                    speaker,
                    text: text.clone(),
                },
            );
            ctx.events.insert(0, Event::Said { speaker, text });
        }

        let mut raised = None;
        if self.phase == Phase::Meeting {
            raised = self.check_triggers(&mv, &mut ctx);
            if open_before > 0 && !matches!(mv, Move::Handle { .. }) {
                // Ignoring a concern the client voiced wears them down.
                ctx.cost += IGNORED_OBJECTION_COST;
            }
        }
        if in_meeting {
            self.spend_patience(&mut ctx);
        }
        self.moves.push(mv.clone());
        self.talk.note(&mv, &effect);
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
            ctx.event(|| Event::MoodChanged { mood });
        }
        Ok(ctx.events)
    }

    /// Records the move's stage on the path, marking a return to a stage seen before.
    fn enter_stage(&mut self, mv: &Move, ctx: &mut Turn) {
        if let Some(stage) = mv.stage()
            && stage != Stage::Preparation
            && self.path.last() != Some(&stage)
        {
            let returned = self.path.contains(&stage);
            self.path.push(stage);
            ctx.event(|| Event::StageEntered { stage, returned });
        }
    }

    /// Takes the turn's patience; a client out of patience leaves the meeting.
    fn spend_patience(&mut self, ctx: &mut Turn) {
        self.client.patience -= TURN_COST + ctx.cost;
        if self.phase == Phase::Meeting && self.client.patience <= 0.0 {
            self.client.patience = 0.0;
            let sc = Arc::clone(&self.scenario);
            let text = self.client_line(&sc.lines.leaves, Phrase::Leaves, &[]);
            ctx.say(&mut self.transcript, Speaker::Client, text);
            self.finish(Outcome::ClientLeft { turn: ctx.turn }, ctx);
        }
    }

    fn play(&mut self, mv: &Move, ctx: &mut Turn) -> Effect {
        match mv {
            Move::Prepare(plan) => self.prepare(plan, ctx),
            Move::Greet(style) => self.greet(*style, ctx),
            Move::SetAgenda => self.set_agenda(ctx),
            Move::SmallTalk => self.small_talk(ctx),
            Move::Ask { kind, need } => {
                let need = need.as_deref().and_then(|id| self.need_index(id));
                self.ask(*kind, need, ctx)
            }
            Move::Summarize => self.summarize(ctx),
            Move::Present { feature, need } => {
                let f = self.scenario.feature(feature).map_or(0, |(i, _)| i);
                let need = need.as_deref().and_then(|id| self.need_index(id));
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
            Move::AcceptCounter => self.accept_counter(ctx),
            Move::WalkAway => self.walk_away(ctx),
            Move::Close(technique) => self.close(*technique, ctx),
            Move::NextSteps => self.next_steps(ctx),
            Move::FollowUp(action) => self.follow_up(*action, ctx),
            Move::Collect(action) => self.collect(*action, ctx),
            Move::End => {
                self.seller(ctx, Phrase::End, &[]);
                self.end_now(ctx);
                Effect::Ended
            }
        }
    }

    fn need_index(&self, id: &str) -> Option<usize> {
        self.scenario.need(id).map(|(i, _)| i)
    }

    fn prepare(&mut self, plan: &Plan, ctx: &mut Turn) -> Effect {
        self.plan = Some(plan.clone());
        if self.quiet {
            return Effect::Prepared;
        }
        let (target, walk) = (
            self.money(plan.target_price),
            self.money(plan.walk_away_price),
        );
        let text = match self.scenario.language {
            Lang::En => format!(
                "(Your plan: aim for {target}, walk away below {walk}; the client reads as {}.)",
                vocab::en::style_person(plan.style)
            ),
            Lang::Ru => format!(
                "(Ваш план: цель {target}, ниже {walk} — отказ; стиль клиента — {}.)",
                vocab::ru::style_word(plan.style)
            ),
        };
        ctx.say(&mut self.transcript, Speaker::Narrator, text);
        Effect::Prepared
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
                    ctx.event(|| Event::Ended { outcome });
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
        ctx.event(|| Event::Ended { outcome });
    }

    fn explicit_needs(&self) -> usize {
        self.client
            .needs
            .iter()
            .filter(|n| n.level == Knowledge::Explicit)
            .count()
    }

    fn compute_mood(&self) -> Mood {
        let c = &self.client;
        let patience = if c.patience_max > 0.0 {
            c.patience / c.patience_max
        } else {
            0.0
        };
        if c.trust < HOSTILE_TRUST {
            Mood::Hostile
        } else if patience < IMPATIENT_PATIENCE {
            Mood::Impatient
        } else if c.trust < GUARDED_TRUST {
            Mood::Guarded
        } else if c.interest >= KEEN_INTEREST && c.trust >= KEEN_TRUST {
            Mood::Keen
        } else if c.interest >= ENGAGED_INTEREST {
            Mood::Engaged
        } else {
            Mood::Neutral
        }
    }

    /// A need's share of the total importance.
    fn share(&self, i: usize) -> f64 {
        let need = &self.scenario.needs[i];
        if need.satisfied {
            return 0.0;
        }
        let total = self.scenario.total_importance().max(1);
        f64::from(need.importance) / f64::from(total)
    }

    fn share_avg(&self) -> f64 {
        1.0 / self.scenario.needs.len().max(1) as f64
    }

    /// Moves trust by `delta`, within 0–1.
    fn add_trust(&mut self, delta: f64) {
        self.client.trust = clamp01(self.client.trust + delta);
    }

    /// Moves interest by `delta`, within 0–1.
    fn add_interest(&mut self, delta: f64) {
        self.client.interest = clamp01(self.client.interest + delta);
    }
}

/// What one move is accumulating.
struct Turn {
    turn: u32,
    events: Vec<Event>,
    /// Extra patience this move costs.
    cost: f64,
    /// The session keeps no transcript.
    quiet: bool,
    /// What the trainee typed: the seller's line of this turn.
    typed: Option<String>,
    /// The typed line was said: the stock seller lines of the turn are not.
    typed_said: bool,
}

impl Turn {
    /// Records an event; a quiet session keeps none, so none is built.
    fn event(&mut self, make: impl FnOnce() -> Event) {
        if !self.quiet {
            self.events.push(make());
        }
    }

    fn say(&mut self, transcript: &mut Vec<Line>, speaker: Speaker, text: String) {
        if self.quiet {
            return;
        }
        let text = match speaker {
            Speaker::Seller if self.typed_said => return,
            Speaker::Seller => match self.typed.take() {
                Some(typed) => {
                    self.typed_said = true;
                    typed
                }
                None => text,
            },
            _ => text,
        };
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

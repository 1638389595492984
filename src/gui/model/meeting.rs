//! The session's course: starting the meeting, playing moves, retrying from a turn, scoring
//! the end and sending the result where it goes.

use std::sync::Arc;

use dealcraft_core::moves::{Move, Plan};
use dealcraft_core::{Session, bundled, score};
use dealcraft_server::Client;
use dealcraft_store::NewAttempt;

use super::super::Screen;
use super::super::files;
use super::background::Reopened;
use super::jobs;
use super::state::{Context, PrepUi, Submission};
use super::world::Model;

impl Model<'_> {
    /// Starts the meeting with the plan made in preparation, under the workshop's seed and
    /// rubric if there is one.
    pub(super) fn start(&mut self, plan: Option<Plan>) {
        let Some(loaded) = self.play.scenario.clone() else {
            return;
        };
        let (seed, rubric) = self.play.context.fixed().unwrap_or_else(|| {
            (
                self.play.fixed_seed.unwrap_or_else(crate::fresh_seed),
                bundled::default_rubric(),
            )
        });
        let mut session = Session::new(Arc::new(loaded.scenario.clone()), rubric, seed);
        if let Some(plan) = plan
            && let Err(e) = session.apply(Move::Prepare(plan))
        {
            self.say(Some(e.to_string()));
        }
        self.play.seed = seed;
        self.play.begin(Some(session), false);
        self.play.recorded = None;
        self.play.rank = None;
        self.focus.0 = None;
        self.open(Screen::Conversation);
    }

    /// Plays `mv`; a typed turn's words (`said`) replace the stock seller line.
    pub(super) fn play_move(&mut self, mv: Move, said: Option<&str>) {
        let Some(session) = self.play.session.as_mut() else {
            return;
        };
        let was_over = session.is_over();
        let played = match said {
            Some(text) => session.apply_said(mv, text),
            None => session.apply(mv),
        };
        let refused = played.err().map(|e| e.to_string());
        let now_over = session.is_over();
        self.say(refused);
        // Only the move that ended the meeting finishes it: a refused move after the end must
        // not record or submit it again.
        if !was_over && now_over {
            self.finish();
            self.record();
            // A session rewound with "retry from here" is practice: never submitted.
            if matches!(self.play.context, Context::Server { .. }) && !self.play.retried {
                self.submit();
            }
            self.open(Screen::Debrief);
        }
    }

    /// Replays the session up to (not including) `turn` and goes on from there; turn 1 is the
    /// plan, redone in preparation with the old plan filled in.
    pub(super) fn retry_from(&mut self, turn: u32) {
        let (Some(session), Some(loaded)) =
            (self.play.session.as_ref(), self.play.scenario.as_ref())
        else {
            return;
        };
        if turn <= 1 {
            if let Some(plan) = session.plan() {
                *self.prep = PrepUi::from_plan(plan);
                self.prep.keep = true;
            }
            self.play.session = None;
            self.play.card = None;
            self.open(Screen::Preparation);
            return;
        }
        let log = session.log(&loaded.hash);
        let keep = (turn - 1) as usize;
        match log.replay_prefix(session.scenario_arc().clone(), &loaded.hash, keep) {
            Ok(again) => {
                // Practice: the original's server verdict is not the rewound session's.
                self.play.begin(Some(again), true);
                self.focus.0 = None;
                self.say(None);
                self.open(Screen::Conversation);
            }
            Err(e) => self.say(Some(e.to_string())),
        }
    }

    /// Scores the finished session and records a new best score.
    fn finish(&mut self) {
        let Some(session) = self.play.session.as_ref() else {
            return;
        };
        let card = score(session);
        let id = session.scenario().id.clone();
        // A draft from the editor is not in the library: no best score, not even a 0.
        if !self.play.context.is_draft() {
            let best = self.library.best.entry(id).or_insert(0);
            // A session rebuilt from a later turn is practice, not a result.
            if !self.play.retried && card.overall > *best {
                *best = card.overall;
                if let Some(dir) = self.data.as_deref().map(|d| d.0.clone()) {
                    let best = self.library.best.clone();
                    self.background.disk(None, move || {
                        files::save_best(&dir, &best);
                        None
                    });
                }
            }
        }
        self.play.card = Some(card);
    }

    /// Writes the finished session to the database, under the workshop player's name or the
    /// settings' player name.
    fn record(&mut self) {
        let play = &self.play;
        // A retried session is practice, as for best scores; a draft is not a scenario yet.
        if play.retried || play.context.is_draft() {
            return;
        }
        let (Ok(db), Some(session), Some(loaded), Some(card)) =
            (self.db.handle(), &play.session, &play.scenario, &play.card)
        else {
            return;
        };
        let player = play
            .context
            .player()
            .map(str::to_owned)
            .unwrap_or_else(|| self.settings.player_name());
        let workshop = match &play.context {
            Context::Workshop { id, .. } => Some(*id),
            _ => None,
        };
        // Coach mode is for practice: a workshop session is always played without it.
        let coached = (play.coached || self.settings.coach) && play.context.allows_coach();
        let attempt = NewAttempt::scored(&player, session, &loaded.hash, workshop, card.clone())
            .coached(coached);
        let number = play.number;
        self.background.disk(self.waker(), move || {
            Some(jobs::record(db, attempt, workshop, number))
        });
    }

    /// Sends the finished session to the workshop server; the answer comes back as
    /// `Done::Submitted`.
    pub(super) fn submit(&mut self) {
        let play = &self.play;
        let (
            Context::Server {
                address,
                code,
                player,
                ..
            },
            Some(session),
            Some(loaded),
            Some(card),
        ) = (&play.context, &play.session, &play.scenario, &play.card)
        else {
            return;
        };
        let client = Client::new(address, code);
        let (player, log, claimed) = (player.clone(), session.log(&loaded.hash), card.overall);
        let number = play.number;
        self.play.submission = Submission::Pending;
        self.background.spawn(self.waker(), move || {
            jobs::submit(client, player, log, claimed, number)
        });
    }

    pub(super) fn save_log(&mut self) {
        let (Some(session), Some(loaded)) = (&self.play.session, &self.play.scenario) else {
            return;
        };
        let Some(dir) = self.data.as_deref().map(|d| d.0.clone()) else {
            self.say(Some("no data folder to save to".to_owned()));
            return;
        };
        let log = session.log(&loaded.hash);
        self.background
            .disk(self.waker(), move || Some(jobs::save_log(dir, log)));
    }

    /// Asks for a recorded attempt; its debrief opens when it has been replayed.
    pub(super) fn open_attempt(&mut self, id: i64) {
        let db = match self.db.handle() {
            Ok(db) => db,
            Err(e) => return self.say(Some(e)),
        };
        let library = self
            .library
            .entries
            .iter()
            .filter_map(|e| e.loaded.clone())
            .collect();
        let chosen = self.settings.lang_chosen.then(|| self.settings.lang.core());
        self.background.disk(self.waker(), move || {
            Some(jobs::reopen(db, id, library, chosen))
        });
    }

    /// Shows a replayed attempt's debrief.
    pub(super) fn reopened(&mut self, id: i64, result: Result<Box<Reopened>, String>) {
        let reopened = match result {
            Ok(r) => *r,
            Err(e) => return self.say(Some(e)),
        };
        let card = score(&reopened.session);
        self.play.seed = reopened.session.seed();
        self.play.scenario = Some(reopened.loaded);
        // Already recorded: its "play again" and retries are practice.
        self.play.begin(Some(reopened.session), true);
        self.play.rescored = reopened.rescored;
        self.play.card = Some(card);
        self.play.recorded = Some(id);
        self.play.rank = None;
        self.play.context = Context::Solo;
        self.focus.0 = None;
        self.say(None);
        self.open(Screen::Debrief);
    }
}

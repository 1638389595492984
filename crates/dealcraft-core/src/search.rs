//! Exploit search: the highest-scoring plays that break each named good practice, found by an
//! evolutionary search over move sequences, to compare with textbook play.
//!
//! A candidate is a list of moves. It is played on a fresh session, refused moves skipped, and
//! the textbook bot finishes whatever is left, so every candidate is a whole session and the
//! moves actually played are a script anyone can replay. Each rule the session breaks (every
//! critical error and bad habit, [`targets`]) keeps its best play in an archive; new candidates
//! come from mutating archived plays (replace, insert, delete, swap, duplicate, cut, price
//! tweaks) and from crossing two of them, with restarts from the bots' plays when a rule's
//! search stalls. The search is deterministic: the same options give the same report.
//!
//! ```
//! use std::sync::Arc;
//! use dealcraft_core::{bundled, search, Rubric};
//!
//! let sc = Arc::new(bundled::load("clinic-scheduling").unwrap().scenario);
//! let opts = search::Options { budget: 60, ..search::Options::default() };
//! let report = search::search(sc, Rubric::default(), &opts, &|_, _| {});
//! assert!(report.exploits.iter().all(|e| e.overall.is_none_or(|o| o + 5 <= report.textbook)));
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::bots::{self, Bot, BotKind};
use crate::moves::{Id, Move, Terms};
use crate::rubric::Rubric;
use crate::scenario::Scenario;
use crate::scoring::{Rule, RuleKind, Scorecard, score_quietly};
use crate::session::{MAX_TURNS, Session};

/// A bad play within this many points of textbook play is an exploit to fix.
pub const EXPLOIT_MARGIN: u32 = 5;

/// How hard to search.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Sessions to play in all (each candidate is one session, plus the replays mutation needs).
    pub budget: usize,
    /// The session seed: the client every candidate meets.
    pub seed: u64,
    /// The search's own seed, for its choices.
    pub search_seed: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            budget: 3000,
            seed: 1,
            search_seed: 0x5EA2C4,
        }
    }
}

/// The best play found that breaks one rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Exploit {
    pub rule: Rule,
    /// Its overall score; `None` when no play found breaks the rule.
    pub overall: Option<u32>,
    /// The moves to replay it (`dealcraft play SCENARIO --seed SEED --script FILE`).
    pub moves: Vec<Move>,
}

impl Exploit {
    /// Whether it comes within [`EXPLOIT_MARGIN`] of `textbook`.
    pub fn is_near(&self, textbook: u32) -> bool {
        self.overall.is_some_and(|o| o + EXPLOIT_MARGIN > textbook)
    }
}

/// What the search found on one scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub scenario: String,
    pub seed: u64,
    /// The textbook bot's overall score on the same client.
    pub textbook: u32,
    /// The best score of any play found that breaks none of the targets, and its moves.
    pub best_clean: u32,
    pub best_clean_moves: Vec<Move>,
    /// One per target rule, in [`targets`] order.
    pub exploits: Vec<Exploit>,
    /// Sessions played.
    pub sessions: usize,
}

impl Report {
    /// The exploits within [`EXPLOIT_MARGIN`] of textbook play.
    pub fn near(&self) -> impl Iterator<Item = &Exploit> {
        self.exploits.iter().filter(|e| e.is_near(self.textbook))
    }
}

/// The good practices the search tries to break: every critical error and bad habit.
pub fn targets() -> Vec<Rule> {
    Rule::of_kind(RuleKind::Critical)
        .chain(Rule::of_kind(RuleKind::Habit))
        .collect()
}

/// Searches one scenario. `progress(done, total)` is called as sessions are played.
pub fn search(
    scenario: Arc<Scenario>,
    rubric: Rubric,
    opts: &Options,
    progress: &dyn Fn(usize, usize),
) -> Report {
    let mut s = Searcher::new(scenario.clone(), rubric, opts);
    s.seed_population();
    while s.sessions < opts.budget {
        s.step();
        progress(s.sessions.min(opts.budget), opts.budget);
    }
    s.report(&scenario.id)
}

/// Searches several scenarios on up to `threads` threads; reports in scenario order, the same
/// whatever the thread count. `progress(done, total)` counts sessions over all of them.
pub fn search_many(
    scenarios: &[Arc<Scenario>],
    rubric: &Rubric,
    opts: &Options,
    threads: usize,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Vec<Report> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let total = opts.budget * scenarios.len();
    let done = AtomicUsize::new(0);
    crate::parallel::map_indexed(scenarios.len(), threads, &|i| {
        let last = AtomicUsize::new(0);
        search(scenarios[i].clone(), rubric.clone(), opts, &|d, _| {
            let step = d - last.swap(d, Ordering::Relaxed);
            progress(done.fetch_add(step, Ordering::Relaxed) + step, total);
        })
    })
}

/// One evaluated play.
#[derive(Clone)]
struct Play {
    moves: Vec<Move>,
    overall: u32,
    broken: BTreeSet<Rule>,
}

struct Searcher {
    scenario: Arc<Scenario>,
    rubric: Rubric,
    seed: u64,
    rng: ChaCha8Rng,
    targets: Vec<Rule>,
    /// The best play for each target broken so far.
    best: BTreeMap<Rule, Play>,
    /// The best plays that break nothing: parents for reaching new rules.
    clean: Vec<Play>,
    /// Plays of the bots: where restarts begin.
    seeds: Vec<Play>,
    /// Steps since each target's best last improved.
    stalled: BTreeMap<Rule, usize>,
    textbook: u32,
    sessions: usize,
    turn: usize,
}

/// Steps without improvement after which a target restarts from the bots' plays.
const STALL: usize = 40;
/// Clean plays kept as parents.
const CLEAN_KEPT: usize = 8;

impl Searcher {
    fn new(scenario: Arc<Scenario>, rubric: Rubric, opts: &Options) -> Searcher {
        Searcher {
            scenario,
            rubric,
            seed: opts.seed,
            rng: ChaCha8Rng::seed_from_u64(opts.search_seed ^ opts.seed),
            targets: targets(),
            best: BTreeMap::new(),
            clean: Vec::new(),
            seeds: Vec::new(),
            stalled: BTreeMap::new(),
            textbook: 0,
            sessions: 0,
            turn: 0,
        }
    }

    /// Plays `moves` (refused ones skipped), lets the textbook bot finish, and scores it.
    fn evaluate(&mut self, moves: &[Move]) -> Play {
        let mut s = self.session();
        for mv in moves {
            if s.is_over() || s.moves().len() >= MAX_TURNS as usize {
                break;
            }
            let _ = s.apply(mv.clone());
        }
        let mut bot = Bot::new(BotKind::Textbook, self.seed);
        while !s.is_over() {
            let mv = bot.next_move(&s);
            if s.apply(mv).is_err() {
                let _ = s.apply(Move::End);
            }
        }
        self.sessions += 1;
        let card = score_quietly(&s);
        Play {
            moves: s.moves().to_vec(),
            overall: card.overall,
            broken: broken(&card, &self.targets),
        }
    }

    fn session(&self) -> Session {
        Session::new(self.scenario.clone(), self.rubric.clone(), self.seed).quietly()
    }

    /// The session after the first `n` moves of a play.
    fn replay(&mut self, moves: &[Move], n: usize) -> Session {
        let mut s = self.session();
        for mv in moves.iter().take(n) {
            let _ = s.apply(mv.clone());
        }
        self.sessions += 1;
        s
    }

    fn seed_population(&mut self) {
        for kind in BotKind::ALL {
            let session =
                bots::play_quietly(kind, self.scenario.clone(), self.rubric.clone(), self.seed);
            let play = self.evaluate(session.moves());
            if kind == BotKind::Textbook {
                self.textbook = play.overall;
            }
            self.seeds.push(play.clone());
            self.keep(play);
        }
    }

    /// Files a play under every target it breaks, or among the clean plays.
    fn keep(&mut self, play: Play) {
        if play.broken.is_empty() {
            if !self.clean.iter().any(|p| p.moves == play.moves) {
                self.clean.push(play);
                self.clean.sort_by_key(|p| std::cmp::Reverse(p.overall));
                self.clean.truncate(CLEAN_KEPT);
            }
            return;
        }
        for &rule in &play.broken {
            let better = self.best.get(&rule).is_none_or(|b| {
                play.overall > b.overall
                    || (play.overall == b.overall && play.moves.len() < b.moves.len())
            });
            if better {
                self.best.insert(rule, play.clone());
                self.stalled.insert(rule, 0);
            }
        }
    }

    /// One candidate for the next target in turn.
    fn step(&mut self) {
        let target = self.targets[self.turn % self.targets.len()];
        self.turn += 1;
        let stalled = self.stalled.entry(target).or_insert(0);
        *stalled += 1;
        let restart = *stalled > STALL;
        if restart {
            *stalled = 0;
        }
        let parent = match self.best.get(&target) {
            Some(p) if !restart => p.moves.clone(),
            // Not broken yet, or stuck: start from a clean play or a bot's.
            _ => self.pick_start(),
        };
        let child = if self.rng.random::<f64>() < 0.15 {
            let other = self.pick_any();
            self.crossover(&parent, &other)
        } else {
            self.mutate(&parent)
        };
        let play = self.evaluate(&child);
        self.keep(play);
    }

    fn pick_start(&mut self) -> Vec<Move> {
        let pool: Vec<&Play> = self.clean.iter().chain(&self.seeds).collect();
        let i = self.rng.random_range(0..pool.len());
        pool[i].moves.clone()
    }

    fn pick_any(&mut self) -> Vec<Move> {
        let pool: Vec<&Play> = self
            .best
            .values()
            .chain(&self.clean)
            .chain(&self.seeds)
            .collect();
        let i = self.rng.random_range(0..pool.len());
        pool[i].moves.clone()
    }

    fn crossover(&mut self, a: &[Move], b: &[Move]) -> Vec<Move> {
        let i = self.rng.random_range(0..=a.len());
        let j = self.rng.random_range(0..=b.len());
        a[..i].iter().chain(&b[j..]).cloned().collect()
    }

    fn mutate(&mut self, parent: &[Move]) -> Vec<Move> {
        let mut moves = parent.to_vec();
        if moves.is_empty() {
            return moves;
        }
        let i = self.rng.random_range(0..moves.len());
        match self.rng.random_range(0..8) {
            // Replace or insert a random legal move where the play stands at `i`.
            0 | 1 => {
                let s = self.replay(&moves, i);
                let mv = bots::random_move(&s, &mut self.rng, false);
                moves.insert(i, mv);
                if self.rng.random::<bool>() && i + 1 < moves.len() {
                    moves.remove(i + 1);
                }
            }
            2 => {
                moves.remove(i);
            }
            3 => {
                let j = self.rng.random_range(0..moves.len());
                moves.swap(i, j);
            }
            4 => {
                let mv = moves[i].clone();
                let times = self.rng.random_range(1..=3);
                for _ in 0..times {
                    moves.insert(i, mv.clone());
                }
            }
            // Cut: the textbook bot takes over from here.
            5 => moves.truncate(i.max(1)),
            _ => self.tweak_price(&mut moves, i),
        }
        moves
    }

    /// Moves a price: an offer's, or the plan's.
    fn tweak_price(&mut self, moves: &mut [Move], from: usize) {
        let n = moves.len();
        let Some(k) = (0..n)
            .map(|d| (from + d) % n)
            .find(|&k| matches!(moves[k], Move::Offer { .. } | Move::Prepare(_)))
        else {
            return;
        };
        let p = &self.scenario.product;
        let (floor, list) = (p.floor_price, p.list_price);
        const FACTORS: [f64; 8] = [0.5, 0.8, 0.9, 0.95, 0.98, 1.02, 1.05, 1.1];
        let factor = FACTORS[self.rng.random_range(0..FACTORS.len())];
        let pick = self.rng.random_range(0..5);
        let moved = |price: u64| -> u64 {
            match pick {
                0 => floor,
                1 => floor.saturating_sub(1).max(1),
                2 => list,
                _ => ((price as f64 * factor).round() as u64).max(1),
            }
        };
        match &mut moves[k] {
            Move::Offer { price, terms } => {
                *price = moved(*price);
                if self.rng.random_range(0..4) == 0 {
                    self.tweak_terms(terms);
                }
            }
            Move::Prepare(plan) => {
                plan.target_price = moved(plan.target_price);
                plan.walk_away_price = plan.walk_away_price.min(plan.target_price);
            }
            _ => {}
        }
    }

    fn tweak_terms(&mut self, terms: &mut Terms) {
        let options = &self.scenario.product.terms;
        if options.is_empty() {
            return;
        }
        let t = &options[self.rng.random_range(0..options.len())];
        let option = self.rng.random_range(0..t.options.len().max(1));
        terms.insert(Id::new(&t.id), option);
    }

    fn report(&self, id: &str) -> Report {
        let exploits = self
            .targets
            .iter()
            .map(|&rule| match self.best.get(&rule) {
                Some(p) => Exploit {
                    rule,
                    overall: Some(p.overall),
                    moves: p.moves.clone(),
                },
                None => Exploit {
                    rule,
                    overall: None,
                    moves: Vec::new(),
                },
            })
            .collect();
        Report {
            scenario: id.to_owned(),
            seed: self.seed,
            textbook: self.textbook,
            best_clean: self.clean.first().map_or(0, |p| p.overall),
            best_clean_moves: self
                .clean
                .first()
                .map_or_else(Vec::new, |p| p.moves.clone()),
            exploits,
            sessions: self.sessions,
        }
    }
}

fn broken(card: &Scorecard, targets: &[Rule]) -> BTreeSet<Rule> {
    targets
        .iter()
        .copied()
        .filter(|&r| card.breaks(r))
        .collect()
}

//! A board kept up to date in memory: each player's best attempt, the ranking and the funnel
//! change by one attempt at a time, so a workshop server never reads every attempt again.
//!
//! [`Board::from_attempts`] is this board fed every attempt at once; the store's tests check
//! that feeding them one by one, as a server does, gives the board the store reads back.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use dealcraft_core::Stage;

use crate::{
    AttemptSummary, Board, BoardRow, CopyOf, Funnel, NewAttempt, StageResult, moves_hash, names,
};

/// Board state that takes attempts one by one, oldest first.
#[derive(Debug, Default)]
pub struct LiveBoard {
    /// One per player, in the order of their first attempt (that order breaks ties).
    players: Vec<Player>,
    /// Player key (the name in ASCII lower case, as the board compares them) → `players` index.
    index: HashMap<String, usize>,
    /// Best first: (best overall, reversed) then first-attempt order.
    order: BTreeSet<(Reverse<u32>, usize)>,
    /// How many players have each best overall score: a rank without walking the board.
    by_score: BTreeMap<u32, usize>,
    /// Every stage any attempt scores (the columns), with how many attempts reached it.
    reached: BTreeMap<Stage, usize>,
    attempts: usize,
    deals: usize,
    /// The first attempt of each play (moves hash → attempt): what a later copy is marked with.
    originals: HashMap<String, Original>,
    /// Bumped on every change.
    version: u64,
}

#[derive(Debug, Clone)]
struct Original {
    id: i64,
    player: String,
    recorded_at: i64,
}

#[derive(Debug)]
struct Player {
    best: Arc<AttemptSummary>,
    attempts: usize,
}

/// The board at one version: cheap to take under a lock, turned into a [`Board`] outside it.
#[derive(Debug, Clone)]
pub struct LiveSnapshot {
    pub version: u64,
    stages: Vec<Stage>,
    funnel: Funnel,
    /// Best first, with each player's attempt count and the play it copies.
    best: Vec<(Arc<AttemptSummary>, usize, Option<CopyOf>)>,
}

impl LiveBoard {
    /// A board of `attempts` in recording order; coached ones are left off, as on every board.
    pub fn from_attempts(attempts: impl IntoIterator<Item = AttemptSummary>) -> LiveBoard {
        let mut board = LiveBoard::default();
        for a in attempts {
            board.add(a);
        }
        board
    }

    /// Takes one more attempt, newer than all before it.
    pub fn add(&mut self, a: AttemptSummary) {
        if a.coached {
            return;
        }
        self.version += 1;
        self.count(&a);
        if let Some(hash) = &a.moves_hash {
            self.originals
                .entry(hash.clone())
                .or_insert_with(|| Original {
                    id: a.id,
                    player: a.player.clone(),
                    recorded_at: a.recorded_at,
                });
        }
        let key = key(&a.player);
        let Some(&i) = self.index.get(&key) else {
            let i = self.players.len();
            self.index.insert(key, i);
            self.place(i, a.overall);
            self.players.push(Player {
                best: Arc::new(a),
                attempts: 1,
            });
            return;
        };
        self.players[i].attempts += 1;
        let was = self.players[i].best.overall;
        // Only a strictly better attempt replaces the best: the earlier one keeps a tie.
        if a.overall > was {
            self.order.remove(&(Reverse(was), i));
            self.unscore(was);
            self.place(i, a.overall);
            self.players[i].best = Arc::new(a);
        }
    }

    /// The funnel's counts.
    fn count(&mut self, a: &AttemptSummary) {
        self.attempts += 1;
        if a.outcome == "deal" {
            self.deals += 1;
        }
        for s in &a.stages {
            *self.reached.entry(s.stage).or_default() += usize::from(s.reached);
        }
    }

    fn place(&mut self, i: usize, overall: u32) {
        self.order.insert((Reverse(overall), i));
        *self.by_score.entry(overall).or_default() += 1;
    }

    fn unscore(&mut self, overall: u32) {
        if let Some(n) = self.by_score.get_mut(&overall) {
            *n -= 1;
            if *n == 0 {
                self.by_score.remove(&overall);
            }
        }
    }

    /// Changes with every attempt taken: a board's ETag.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// The player's place: one more than the players whose best is higher.
    pub fn rank(&self, player: &str) -> Option<usize> {
        let i = *self.index.get(&key(player))?;
        let mine = self.players[i].best.overall;
        let above: usize = self.by_score.range(mine + 1..).map(|(_, n)| n).sum();
        Some(above + 1)
    }

    pub fn snapshot(&self) -> LiveSnapshot {
        let stages: Vec<Stage> = self.reached.keys().copied().collect();
        LiveSnapshot {
            version: self.version,
            funnel: Funnel {
                attempts: self.attempts,
                reached: self.reached.values().copied().collect(),
                deals: self.deals,
            },
            stages,
            best: self
                .order
                .iter()
                .map(|&(_, i)| {
                    let p = &self.players[i];
                    (p.best.clone(), p.attempts, self.copy_of(&p.best))
                })
                .collect(),
        }
    }

    pub fn board(&self) -> Board {
        self.snapshot().board()
    }

    /// The earlier attempt `a` copies: the first with its moves, when another player made it.
    fn copy_of(&self, a: &AttemptSummary) -> Option<CopyOf> {
        let first = self.originals.get(a.moves_hash.as_deref()?)?;
        let other = first.id != a.id && !names::same_player(&first.player, &a.player);
        other.then(|| CopyOf {
            player: first.player.clone(),
            recorded_at: first.recorded_at,
        })
    }
}

/// Names that are one player on a board: the same after normalising, in any ASCII case.
fn key(name: &str) -> String {
    names::normalize(name).to_ascii_lowercase()
}

impl LiveSnapshot {
    /// The board as [`Board::from_attempts`] shows it.
    pub fn board(&self) -> Board {
        self.top(self.best.len())
    }

    /// The board with its first `n` rows only; the funnel still counts every attempt.
    pub fn top(&self, n: usize) -> Board {
        let mut rows: Vec<BoardRow> = Vec::with_capacity(n.min(self.best.len()));
        for (i, (a, count, copy)) in self.best.iter().take(n).enumerate() {
            // Equal scores share a rank ("1, 2, 2, 4").
            let rank = match rows.last() {
                Some(prev) if prev.overall == a.overall => prev.rank,
                _ => i + 1,
            };
            rows.push(row(a, rank, *count, copy.clone(), &self.stages));
        }
        Board {
            stages: self.stages.clone(),
            rows,
            funnel: self.funnel.clone(),
        }
    }
}

/// One board row: where anything a row shows about its attempt gets added.
fn row(
    a: &AttemptSummary,
    rank: usize,
    attempts: usize,
    copy_of: Option<CopyOf>,
    columns: &[Stage],
) -> BoardRow {
    let cell = |st: Stage| a.stages.iter().find(|s| s.stage == st);
    BoardRow {
        rank,
        player: a.player.clone(),
        attempt: a.id,
        overall: a.overall,
        stages: columns
            .iter()
            .map(|&st| cell(st).map(|s| s.score))
            .collect(),
        reached: columns
            .iter()
            .map(|&st| cell(st).is_none_or(|s| s.reached))
            .collect(),
        scoring_version: a.scoring_version,
        outcome: a.outcome.clone(),
        price: a.price,
        turns: a.turns,
        attempts,
        passed: a.passed,
        pass_mark: a.pass_mark,
        recorded_at: a.recorded_at,
        copy_of,
    }
}

impl NewAttempt {
    /// The summary of this attempt as stored under `id` for `player` (the stored spelling) at
    /// `recorded_at`: what a live board takes without reading it back.
    pub fn summary(&self, id: i64, player: &str, recorded_at: i64) -> AttemptSummary {
        let mut stages: Vec<StageResult> = self
            .card
            .stages
            .iter()
            .map(|s| StageResult {
                stage: s.stage,
                score: s.score,
                weight: s.weight,
                reached: s.reached,
            })
            .collect();
        // In cycle order, as the store reads them back.
        stages.sort_by_key(|s| s.stage);
        AttemptSummary {
            id,
            player: player.to_owned(),
            workshop: self.workshop,
            scenario: self.log.scenario.clone(),
            scenario_hash: self.log.scenario_hash.clone(),
            rubric: self.log.rubric.name.clone(),
            seed: self.log.seed,
            outcome: self.outcome.clone(),
            price: self.price,
            turns: self.turns,
            overall: self.card.overall,
            stages,
            recorded_at,
            scoring_version: self.card.version,
            coached: self.log.coached,
            previous_overall: None,
            moves_hash: Some(moves_hash(&self.log)),
            passed: Some(self.card.pass.passed),
            pass_mark: Some(self.card.pass.mark.overall),
            critical: self
                .card
                .critical
                .iter()
                .map(|f| f.rule.key().to_owned())
                .collect(),
            duration_ms: self.duration_ms,
        }
    }
}

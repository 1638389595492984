//! A board kept up to date in memory: each player's best attempt, the ranking and the funnel
//! change by one attempt at a time, so a workshop server never reads every attempt again.
//!
//! It builds exactly the [`Board`] that [`Board::from_attempts`] builds from the same attempts
//! in recording order (the store's tests compare the two).

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use dealcraft_core::Stage;

use crate::{AttemptSummary, Board, BoardRow, Funnel, NewAttempt, StageResult};

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
    /// Bumped on every change.
    version: u64,
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
    /// Best first, with each player's attempt count.
    best: Vec<(Arc<AttemptSummary>, usize)>,
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
        let key = a.player.to_ascii_lowercase();
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
        let i = *self.index.get(&player.trim().to_ascii_lowercase())?;
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
                .map(|&(_, i)| (self.players[i].best.clone(), self.players[i].attempts))
                .collect(),
        }
    }

    pub fn board(&self) -> Board {
        self.snapshot().board()
    }
}

impl LiveSnapshot {
    /// The board as [`Board::from_attempts`] shows it.
    pub fn board(&self) -> Board {
        self.top(self.best.len())
    }

    /// The board with its first `n` rows only; the funnel still counts every attempt.
    pub fn top(&self, n: usize) -> Board {
        let mut rows: Vec<BoardRow> = Vec::with_capacity(n.min(self.best.len()));
        for (i, (a, count)) in self.best.iter().take(n).enumerate() {
            // Equal scores share a rank ("1, 2, 2, 4").
            let rank = match rows.last() {
                Some(prev) if prev.overall == a.overall => prev.rank,
                _ => i + 1,
            };
            rows.push(row(a, rank, *count, &self.stages));
        }
        Board {
            stages: self.stages.clone(),
            rows,
            funnel: self.funnel.clone(),
        }
    }
}

/// One board row: where anything a row shows about its attempt gets added.
fn row(a: &AttemptSummary, rank: usize, attempts: usize, columns: &[Stage]) -> BoardRow {
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
        recorded_at: a.recorded_at,
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
        }
    }
}

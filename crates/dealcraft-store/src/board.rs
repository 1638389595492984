//! The scoreboard: each player's best attempt with one column per stage, and the funnel of how
//! many attempts reached each stage. Shared by the CLI, the desktop app and the server page.

use std::borrow::Cow;

use dealcraft_core::Stage;
use serde::Serialize;
use unicode_width::UnicodeWidthChar;

use crate::AttemptSummary;
use crate::LiveBoard;
use crate::copies::CopyOf;

/// How many terminal columns `text` takes: two for wide (CJK) characters, none for marks.
pub fn display_width(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// `name` cut to at most `columns` terminal columns, ending in "…" when it was cut: one long
/// name must not push a board's other columns away. Wide (CJK) characters count two columns.
pub fn ellipsize(name: &str, columns: usize) -> Cow<'_, str> {
    let width = |c: char| c.width().unwrap_or(0);
    if display_width(name) <= columns {
        return Cow::Borrowed(name);
    }
    let mut used = 0;
    let mut cut: String = name
        .chars()
        .take_while(|&c| {
            used += width(c);
            used < columns
        })
        .collect();
    cut.push('…');
    Cow::Owned(cut)
}

/// A name as a spreadsheet cell: one starting with `=`, `+`, `-` or `@` would be read as a
/// formula by Excel or LibreOffice, so it gets a leading apostrophe.
fn cell(name: &str) -> String {
    if name.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{name}")
    } else {
        name.to_owned()
    }
}

/// Unix seconds as UTC, RFC 3339.
fn utc(secs: i64) -> String {
    jiff::Timestamp::from_second(secs).map_or_else(|_| secs.to_string(), |t| t.to_string())
}

/// The stages any of `attempts` scores, in cycle order: the columns of a board or a chart.
pub fn stages_of<'a>(attempts: impl IntoIterator<Item = &'a AttemptSummary>) -> Vec<Stage> {
    let mut stages: Vec<Stage> = attempts
        .into_iter()
        .flat_map(|a| a.stages.iter().map(|s| s.stage))
        .collect();
    stages.sort();
    stages.dedup();
    stages
}

/// Attempts as CSV, one row each: id, time (UTC, RFC 3339), player, workshop, scenario, seed,
/// overall, outcome, pass mark, result (passed or failed), then one column per stage any of them
/// scores.
pub fn attempts_csv(attempts: &[AttemptSummary]) -> String {
    let stages = stages_of(attempts);
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "id",
        "recorded_at",
        "player",
        "workshop",
        "scenario",
        "seed",
        "overall",
        "outcome",
        "pass_mark",
        "result",
    ]
    .map(String::from)
    .to_vec();
    header.extend(stages.iter().map(|s| s.key().to_owned()));
    // Writing to a Vec cannot fail.
    let _ = w.write_record(&header);
    for a in attempts {
        let mut rec = vec![
            a.id.to_string(),
            utc(a.recorded_at),
            cell(&a.player),
            a.workshop.map_or(String::new(), |w| w.to_string()),
            a.scenario.clone(),
            a.seed.to_string(),
            a.overall.to_string(),
            a.outcome.clone(),
            a.pass_mark.map_or(String::new(), |m| m.to_string()),
            result(a.passed).to_owned(),
        ];
        rec.extend(
            stages
                .iter()
                .map(|st| Cell::of(a.stages.iter().find(|x| x.stage == *st)).csv()),
        );
        let _ = w.write_record(&rec);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// "passed", "failed", or empty where the attempt has no verdict.
pub fn result(passed: Option<bool>) -> &'static str {
    match passed {
        Some(true) => "passed",
        Some(false) => "failed",
        None => "",
    }
}

/// What a board cell says for a stage the attempt never reached.
pub const NOT_REACHED: &str = "not reached";

/// One stage cell of a board row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    Score(u32),
    /// The attempt never reached the stage: 0 by rule, shown as not reached.
    NotReached,
    /// The attempt's scenario has no such stage.
    Absent,
}

impl Cell {
    fn of(stage: Option<&crate::StageResult>) -> Cell {
        match stage {
            None => Cell::Absent,
            Some(s) if !s.reached => Cell::NotReached,
            Some(s) => Cell::Score(s.score),
        }
    }

    /// The cell as CSV writes it: the score, "not reached", or empty.
    pub fn csv(self) -> String {
        match self {
            Cell::Score(v) => v.to_string(),
            Cell::NotReached => NOT_REACHED.to_owned(),
            Cell::Absent => String::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Board {
    /// The stage columns, in cycle order: every stage any attempt on the board scores.
    pub stages: Vec<Stage>,
    /// Best first.
    pub rows: Vec<BoardRow>,
    pub funnel: Funnel,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoardRow {
    /// 1 for the best; equal scores share a rank ("1, 2, 2, 4").
    pub rank: usize,
    pub player: String,
    /// The attempt shown: the player's best.
    pub attempt: i64,
    pub overall: u32,
    /// One cell per column of [`Board::stages`]; `None` where that attempt's scenario has no such
    /// stage.
    pub stages: Vec<Option<u32>>,
    /// One per column: false where the attempt never reached the stage (its score is 0 by rule,
    /// and boards show "not reached" instead).
    pub reached: Vec<bool>,
    /// The scoring version the shown score was given under: older ones could not be re-scored.
    pub scoring_version: u32,
    pub outcome: String,
    pub price: Option<u64>,
    pub turns: u32,
    /// How many attempts the player made.
    pub attempts: usize,
    /// Whether the attempt shown passed its pass mark (`None`: no verdict, its log is damaged).
    pub passed: Option<bool>,
    /// The overall score it needed to pass.
    pub pass_mark: Option<u32>,
    pub recorded_at: i64,
    /// The earlier attempt by another player that this one repeats move for move (same
    /// scenario, seed, rubric and moves), if any: "same moves as Baseline, 12:04".
    pub copy_of: Option<CopyOf>,
}

/// How far all attempts (not only the best) got.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Funnel {
    pub attempts: usize,
    /// For each board column: how many attempts reached that stage.
    pub reached: Vec<usize>,
    pub deals: usize,
}

impl BoardRow {
    /// The stage cells, one per column of the board.
    pub fn cells(&self) -> Vec<Cell> {
        self.stages
            .iter()
            .zip(&self.reached)
            .map(|(score, reached)| match (score, reached) {
                (None, _) => Cell::Absent,
                (Some(_), false) => Cell::NotReached,
                (Some(v), true) => Cell::Score(*v),
            })
            .collect()
    }
}

impl Board {
    /// Builds the board from attempts in recording order (ties go to who got there first);
    /// attempts played in coach mode are left off.
    pub fn from_attempts(attempts: Vec<AttemptSummary>) -> Board {
        LiveBoard::from_attempts(attempts).board()
    }

    /// The board as CSV with a header row: rank, player, overall, one column per stage, outcome,
    /// price, turns, attempts, the pass mark and the result (passed or failed), and for a copy
    /// the player it copies and when they played (`copy_of`, `copy_of_recorded_at`, UTC, RFC
    /// 3339).
    pub fn to_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut header = vec!["rank".to_owned(), "player".into(), "overall".into()];
        header.extend(self.stages.iter().map(|s| s.key().to_owned()));
        header.extend(
            [
                "outcome",
                "price",
                "turns",
                "attempts",
                "pass_mark",
                "result",
                "copy_of",
                "copy_of_recorded_at",
            ]
            .map(String::from),
        );
        // Writing to a Vec cannot fail.
        let _ = w.write_record(&header);
        for row in &self.rows {
            let mut rec = vec![
                row.rank.to_string(),
                cell(&row.player),
                row.overall.to_string(),
            ];
            rec.extend(row.cells().into_iter().map(Cell::csv));
            rec.push(row.outcome.clone());
            rec.push(row.price.map_or(String::new(), |p| p.to_string()));
            rec.push(row.turns.to_string());
            rec.push(row.attempts.to_string());
            rec.push(row.pass_mark.map_or(String::new(), |m| m.to_string()));
            rec.push(result(row.passed).to_owned());
            rec.push(
                row.copy_of
                    .as_ref()
                    .map_or(String::new(), |c| cell(&c.player)),
            );
            rec.push(
                row.copy_of
                    .as_ref()
                    .map_or(String::new(), |c| utc(c.recorded_at)),
            );
            let _ = w.write_record(&rec);
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}

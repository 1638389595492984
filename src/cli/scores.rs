//! `dealcraft scores`: the board (each player's best, one column per stage, and the funnel) or
//! every attempt, as a table, CSV or JSON.

use std::path::Path;
use std::process::ExitCode;

use dealcraft_core::bundled;
use dealcraft_core::scoring::SCORING_VERSION;
use dealcraft_store::{Board, Cell, Filter, Store, display_width, ellipsize};
use serde_json::json;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

pub struct Options<'a> {
    pub db: &'a Path,
    pub filter: Filter,
    pub attempts: bool,
    pub format: Format,
}

pub fn run(opts: Options) -> Result<ExitCode, String> {
    if !opts.db.exists() {
        return Err(format!(
            "no database at {}; play with `--player NAME` to record attempts",
            opts.db.display()
        ));
    }
    let store = Store::open(opts.db).map_err(|e| e.to_string())?;
    rescore(&store)?;
    if opts.attempts {
        let attempts = store.attempts(&opts.filter).map_err(|e| e.to_string())?;
        match opts.format {
            Format::Json => println!("{}", json!({ "attempts": attempts })),
            Format::Csv => print!("{}", dealcraft_store::attempts_csv(&attempts)),
            Format::Table => print_attempts(&attempts),
        }
        return Ok(ExitCode::SUCCESS);
    }
    // A board compares players on one client: without a workshop or scenario, one per scenario.
    let mut scenarios: Vec<String> = store
        .attempts(&opts.filter)
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|a| a.scenario)
        .collect();
    scenarios.sort();
    scenarios.dedup();
    if scenarios.len() > 1 && opts.format != Format::Table {
        return Err(format!(
            "the attempts are on {} scenarios ({}); pick one with --scenario or --workshop, \
             or list them all with --attempts",
            scenarios.len(),
            scenarios.join(", ")
        ));
    }
    if scenarios.len() <= 1 {
        let board = store.board(&opts.filter).map_err(|e| e.to_string())?;
        match opts.format {
            Format::Json => println!("{}", json!({ "board": board })),
            Format::Csv => print!("{}", board.to_csv()),
            Format::Table => print_board(&board),
        }
        return Ok(ExitCode::SUCCESS);
    }
    for (i, scenario) in scenarios.into_iter().enumerate() {
        let filter = Filter {
            scenario: Some(scenario.clone()),
            ..opts.filter.clone()
        };
        let board = store.board(&filter).map_err(|e| e.to_string())?;
        println!("{}{scenario}", if i > 0 { "\n" } else { "" });
        print_board(&board);
    }
    Ok(ExitCode::SUCCESS)
}

/// Re-scores attempts recorded under older rules, so the board compares like with like; says so
/// on stderr, where it does not spoil CSV or JSON.
fn rescore(store: &Store) -> Result<(), String> {
    let done = store.rescore(&bundled::find).map_err(|e| e.to_string())?;
    if done.attempts > 0 {
        eprintln!(
            "Re-scored {} attempt(s) under scoring v{SCORING_VERSION}; their earlier scores are kept.",
            done.attempts
        );
    }
    if done.left > 0 {
        eprintln!(
            "{} attempt(s) keep scores from older rules (marked v1): their scenario files are not \
             here to replay them.",
            done.left
        );
    }
    Ok(())
}

/// The widest a player's name is shown in a table, in terminal columns; longer names end in "…".
pub const NAME_COLUMNS: usize = 24;

/// `name` shortened to `columns` and padded to exactly that width, wide characters counted.
fn name_cell(name: &str, columns: usize) -> String {
    let shown = ellipsize(name, columns);
    let pad = columns.saturating_sub(display_width(&shown));
    format!("{shown}{}", " ".repeat(pad))
}

/// What a board row says about the attempt it copies: "same moves as Baseline, 12:04".
pub fn copy_note(copy: &dealcraft_store::CopyOf) -> String {
    format!(
        "same moves as {}, {}",
        ellipsize(&copy.player, NAME_COLUMNS),
        crate::local_clock(copy.recorded_at)
    )
}

/// Short stage headings so nine stage columns fit a terminal.
pub fn short(stage: dealcraft_core::Stage) -> &'static str {
    use dealcraft_core::Stage::*;
    match stage {
        Preparation => "prep",
        Contact => "contact",
        Needs => "needs",
        Presentation => "present",
        Objections => "object",
        Negotiation => "negot",
        Close => "close",
        FollowUp => "follow",
        Debt => "debt",
    }
}

fn print_board(board: &Board) {
    if board.rows.is_empty() {
        println!("No attempts yet.");
        return;
    }
    let name_w = board
        .rows
        .iter()
        .map(|r| display_width(&r.player))
        .max()
        .unwrap_or(6)
        .clamp(6, NAME_COLUMNS);
    let mut head = format!(
        "{:>3}  {:<name_w$}  {:>7}  {:<6}",
        "#", "player", "overall", "pass"
    );
    for s in &board.stages {
        head += &format!("  {:>7}", short(*s));
    }
    head += "  result       tries";
    println!("{head}");
    for r in &board.rows {
        // A score no build here could re-score is shown with the rules it was given under.
        let overall = if r.scoring_version < SCORING_VERSION {
            format!("{} (v{})", r.overall, r.scoring_version)
        } else {
            r.overall.to_string()
        };
        let name = name_cell(&r.player, name_w);
        let pass = dealcraft_store::result(r.passed);
        let mut line = format!("{:>3}  {name}  {overall:>7}  {pass:<6}", r.rank);
        for cell in r.cells() {
            let shown = match cell {
                Cell::Absent => "-".to_owned(),
                Cell::NotReached => "n/r".to_owned(),
                Cell::Score(v) => v.to_string(),
            };
            line += &format!("  {shown:>7}");
        }
        line += &format!("  {:<11}  {:>5}", r.outcome, r.attempts);
        if let Some(copy) = &r.copy_of {
            line += &format!("  {}", copy_note(copy));
        }
        println!("{}", line.trim_end());
    }
    let f = &board.funnel;
    let steps: Vec<String> = board
        .stages
        .iter()
        .zip(&f.reached)
        .map(|(s, n)| format!("{} {n}", short(*s)))
        .chain(std::iter::once(format!("deal {}", f.deals)))
        .collect();
    println!(
        "Funnel of {} attempts, how many reached each stage: {}",
        f.attempts,
        steps.join(" → ")
    );
    if board.rows.iter().any(|r| r.reached.contains(&false)) {
        println!("n/r: not reached; the stage scores 0 and the debrief says why");
    }
    if board.rows.iter().any(|r| r.copy_of.is_some()) {
        println!(
            "same moves as: the attempt repeats, move for move, one another player recorded first"
        );
    }
}

fn print_attempts(attempts: &[dealcraft_store::AttemptSummary]) {
    if attempts.is_empty() {
        println!("No attempts yet.");
        return;
    }
    println!(
        "{:>5}  {:<16}  {:<16}  {:<22}  {:>7}  {:<11}  stages",
        "id", "when", "player", "scenario", "overall", "result"
    );
    for a in attempts {
        let stages: Vec<String> = a
            .stages
            .iter()
            .map(|s| {
                if s.reached {
                    format!("{} {}", short(s.stage), s.score)
                } else {
                    format!("{} n/r", short(s.stage))
                }
            })
            .collect();
        println!(
            "{:>5}  {:<16}  {}  {:<22}  {:>7}  {:<11}  {}",
            a.id,
            crate::local_time(a.recorded_at),
            name_cell(&a.player, 16),
            a.scenario,
            a.overall,
            a.outcome,
            stages.join(", ")
        );
    }
}

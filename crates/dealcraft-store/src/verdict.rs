//! Reading an attempt's verdict back from what was stored: its stage scores and which of its
//! findings are critical errors, for attempts recorded before verdicts were kept.

use dealcraft_core::scoring::{Rule, RuleKind, company_rule};
use dealcraft_core::{Rubric, Stage};
use rusqlite::Connection;

use crate::Result;

/// The rule keys of attempt `id`'s critical errors: the built-in ones (`critical.*`), and the
/// company rules its rubric marks critical (stored as their 0-point critical finding).
pub(crate) fn critical_of(conn: &Connection, id: i64, rubric: &Rubric) -> Result<Vec<String>> {
    let company: Vec<&str> = rubric
        .rules
        .iter()
        .filter(|r| r.is_critical())
        .map(|r| company_rule(r).key())
        .collect();
    let mut stmt = conn
        .prepare_cached("SELECT rule, points FROM findings WHERE attempt_id = ?1 ORDER BY seq")?;
    let mut out: Vec<String> = Vec::new();
    let rows = stmt.query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i32>(1)?)))?;
    for row in rows {
        let (rule, points) = row?;
        let builtin = Rule::from_key(&rule).is_some_and(|r| r.kind() == RuleKind::Critical);
        let theirs = points == 0 && company.contains(&rule.as_str());
        if (builtin || theirs) && !out.contains(&rule) {
            out.push(rule);
        }
    }
    Ok(out)
}

/// Attempt `id`'s stage scores.
pub(crate) fn stages_of(conn: &Connection, id: i64) -> Result<Vec<(Stage, u32)>> {
    let mut stmt =
        conn.prepare_cached("SELECT stage, score FROM attempt_stages WHERE attempt_id = ?1")?;
    let rows = stmt.query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (key, score) = row?;
        if let Some(stage) = Stage::from_key(&key) {
            out.push((stage, score));
        }
    }
    Ok(out)
}

impl crate::AttemptSummary {
    /// The attempt as a certification track reads it.
    pub fn for_track(&self) -> dealcraft_core::track::TrackAttempt {
        dealcraft_core::track::TrackAttempt {
            scenario: self.scenario.clone(),
            recorded_at: self.recorded_at,
            overall: self.overall,
            stages: self.stages.iter().map(|s| (s.stage, s.score)).collect(),
            critical: self.critical.clone(),
            passed: self.passed.unwrap_or(false),
            coached: self.coached,
        }
    }
}
